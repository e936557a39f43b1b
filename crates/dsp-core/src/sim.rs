//! The simulation: one store of nodes, pods, DaemonSets and revisions, a seeded PRNG, simulated
//! time with a timer queue, the kubelet model (`kubelet.rs`) and the DaemonSet controller
//! (`controller.rs`). Every write happens at `now()` and the controller runs to quiescence at
//! that same instant before the call returns; `advance_to` fires timers in (time, sequence)
//! order and settles the controller after each instant.
//!
//! Scale: pods are indexed by (DaemonSet, node slot); every change marks only the affected
//! (DaemonSet, node) pairs dirty, and each DaemonSet keeps an incremental `DsCache`, so a
//! label change on one node re-evaluates one node.

use crate::api::{ApiError, Changed, RollbackOutcome};
use crate::controller::{self, ClusterRead, DirtyNodes, DsCache, Plan};
use crate::history::{self, HistoryAction};
use crate::kubelet::{ImageBehavior, ImageOutcome, KubeletDefaults};
use crate::manage::Backoff;
use crate::manifest;
use crate::model::*;
use crate::placement;
use crate::rng::Rng;
use crate::store::{FxBuild, PodStore};
use crate::time::{SimDuration, SimTime};
use crate::update;
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::core::v1 as core;
use serde_json::Value;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};

/// The event log keeps at least this many of the newest events; it is trimmed back to this
/// size whenever it doubles, so it never holds more than twice as many.
pub const EVENT_LOG_LIMIT: usize = 5_000;
/// `run_until_idle` stops after this many timer instants (crash loops never end).
pub const RUN_UNTIL_IDLE_CAP: usize = 200_000;

/// Identifies a pod incarnation for timers (a re-created pod with the same name is another).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PodKey {
    pub id: u32,
    pub inc: u64,
}

/// Pending work in simulated time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Timer {
    Bind(PodKey),
    PullDone(PodKey),
    EnterImageBackOff(PodKey),
    RetryPull(PodKey),
    Crash(PodKey),
    Restart(PodKey),
    TerminationDone(PodKey),
    /// Re-evaluate the pod's node (minReadySeconds elapsed).
    Recheck(PodKey),
    /// Re-sync a DaemonSet (failed-pod back-off elapsed).
    SyncDaemonSet(String),
    /// Re-sync a DaemonSet after pod creates failed (e.g. quota).
    RetryCreates(String),
    /// The taint eviction controller's deadline for a pod (`taint_eviction.rs`).
    TaintEviction(PodKey),
}

impl Timer {
    /// Back-off retries of pods that already failed once, and taint evictions (a DaemonSet
    /// re-creates an evicted pod, which is evicted again): they loop forever, so
    /// `run_until_idle` does not wait for them.
    fn is_retry_loop(&self) -> bool {
        matches!(
            self,
            Timer::RetryPull(_)
                | Timer::Restart(_)
                | Timer::RetryCreates(_)
                | Timer::TaintEviction(_)
        )
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct PodRuntime {
    pub pull_failures: u32,
    pub crashes: u32,
}

/// Where a pod sits in the (DaemonSet, node slot) index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PodLoc {
    ds: u32,
    slot: u32,
}

#[derive(Clone)]
struct DsEntry {
    ds: DaemonSet,
    id: u32,
    hash: String,
    data: Value,
    cache: DsCache,
    dirty: DirtyNodes,
}

/// Plain-English view of one (node, DaemonSet) pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub should_run: bool,
    pub should_continue_running: bool,
    pub lines: Vec<String>,
    /// What the rolling update waits for on this node, if anything.
    pub rollout: Option<String>,
}

/// Rollout numbers for the UI and `kubectl rollout status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolloutProgress {
    pub desired: i32,
    pub updated: i32,
    pub available: i32,
    pub unavailable: i32,
    pub max_unavailable: i32,
    pub max_surge: i32,
    /// Nodes with more than one live daemon pod.
    pub surging: i32,
    /// Live pods of older revisions.
    pub old_pods: i32,
    /// kubectl rollout status's line for the current state.
    pub waiting_for: String,
    /// What holds the rollout back, in plain words: up to three new pods that are not available
    /// yet (`frontend-x on node-1 is ImagePullBackOff`), or the old pods still to replace.
    pub blocked_by: Vec<String>,
}

/// How many not-yet-available new pods `RolloutProgress::blocked_by` names.
const BLOCKED_BY_SHOWN: usize = 3;

/// The simulated cluster. `Clone` gives an independent copy (what-if experiments, benches).
#[derive(Clone)]
pub struct Simulation {
    seed: u64,
    rng: Rng,
    now: SimTime,
    counter: u64,
    uid_seq: u64,
    ip_seq: u32,
    pub(crate) kubelet: KubeletDefaults,
    images: BTreeMap<String, ImageBehavior>,
    /// Namespace pod quota (None = unlimited); creates beyond it fail with FailedCreate.
    pod_quota: Option<usize>,
    node_slab: Vec<Option<Node>>,
    node_slots: BTreeMap<String, u32>,
    ghost_slots: BTreeSet<u32>,
    pods: PodStore,
    pod_loc: HashMap<u32, PodLoc, FxBuild>,
    /// Pod names by the node they are bound to (`spec.nodeName`).
    bound: HashMap<String, BTreeSet<String>>,
    index: HashMap<(u32, u32), Vec<u32>, FxBuild>,
    daemonsets: BTreeMap<String, DsEntry>,
    ds_by_uid: HashMap<String, String>,
    ds_by_id: HashMap<u32, String>,
    next_ds_id: u32,
    revisions: BTreeMap<String, ControllerRevision>,
    backoff: BTreeMap<(String, String), Backoff>,
    timers: BinaryHeap<Reverse<(SimTime, u64, Timer)>>,
    timer_seq: u64,
    /// Pending timers that are not back-off retry loops (what `run_until_idle` waits for).
    pending_work: usize,
    events: Vec<Event>,
    event_seq: u64,
    correlator: crate::events::Correlator,
    churn: PodChurn,
    /// Evictions the taint eviction controller has scheduled: pod → when.
    pub(crate) taint_evictions: HashMap<PodKey, SimTime, FxBuild>,
    pub(crate) runtime: HashMap<PodKey, PodRuntime, FxBuild>,
}

impl Simulation {
    /// An empty cluster at time zero.
    pub fn new(seed: u64) -> Simulation {
        Simulation {
            seed,
            rng: Rng::new(seed),
            now: SimTime(0),
            counter: 0,
            uid_seq: 0,
            ip_seq: 0,
            kubelet: KubeletDefaults::default(),
            images: BTreeMap::new(),
            pod_quota: None,
            node_slab: Vec::new(),
            node_slots: BTreeMap::new(),
            ghost_slots: BTreeSet::new(),
            pods: PodStore::default(),
            pod_loc: HashMap::default(),
            bound: HashMap::new(),
            index: HashMap::default(),
            daemonsets: BTreeMap::new(),
            ds_by_uid: HashMap::new(),
            ds_by_id: HashMap::new(),
            next_ds_id: 0,
            revisions: BTreeMap::new(),
            backoff: BTreeMap::new(),
            timers: BinaryHeap::new(),
            timer_seq: 0,
            pending_work: 0,
            events: Vec::new(),
            event_seq: 0,
            correlator: Default::default(),
            churn: PodChurn::default(),
            taint_evictions: HashMap::default(),
            runtime: HashMap::default(),
        }
    }

    /// The article's two Ready nodes `10.0.10.5` and `10.0.10.7`, created 75 days before zero.
    pub fn with_article_nodes(seed: u64) -> Simulation {
        let mut sim = Simulation::new(seed);
        let created = SimTime(-75 * 86_400_000);
        for name in ["10.0.10.5", "10.0.10.7"] {
            let _ = sim.add_node(NodeSpec {
                name: name.to_string(),
                created: Some(created),
                internal_ip: Some(name.to_string()),
                ..Default::default()
            });
        }
        sim
    }

    // ----- reads -------------------------------------------------------------------------

    pub fn now(&self) -> SimTime {
        self.now
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// Increases on every change (cheap change detection for the UI).
    pub fn generation_counter(&self) -> u64 {
        self.counter
    }
    pub fn kubelet_defaults(&self) -> &KubeletDefaults {
        &self.kubelet
    }
    pub fn set_kubelet_defaults(&mut self, d: KubeletDefaults) {
        self.kubelet = d;
        self.counter += 1;
    }

    /// Nodes sorted by name.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.node_slots
            .values()
            .filter_map(move |&s| self.node_slab.get(s as usize).and_then(Option::as_ref))
    }
    pub fn node(&self, name: &str) -> Option<&Node> {
        let slot = *self.node_slots.get(name)?;
        self.node_slab.get(slot as usize)?.as_ref()
    }
    /// Pods sorted by name.
    pub fn pods(&self) -> impl Iterator<Item = &Pod> {
        self.pods.values()
    }
    pub fn pod(&self, name: &str) -> Option<&Pod> {
        self.pods.get(name)
    }
    /// Pods bound to the node, sorted by name.
    pub fn pods_on_node(&self, name: &str) -> Vec<&Pod> {
        self.bound
            .get(name)
            .map(|names| names.iter().filter_map(|n| self.pods.get(n)).collect())
            .unwrap_or_default()
    }

    /// Records that a pod is bound to a node (the scheduler's binding).
    pub(crate) fn note_bound(&mut self, pod: &str, node: &str) {
        self.bound
            .entry(node.to_string())
            .or_default()
            .insert(pod.to_string());
    }
    /// DaemonSets sorted by name.
    pub fn daemonsets(&self) -> impl Iterator<Item = &DaemonSet> {
        self.daemonsets.values().map(|e| &e.ds)
    }
    pub fn daemonset(&self, name: &str) -> Option<&DaemonSet> {
        self.daemonsets.get(name).map(|e| &e.ds)
    }
    /// All revisions sorted by name.
    pub fn revisions(&self) -> impl Iterator<Item = &ControllerRevision> {
        self.revisions.values()
    }
    /// Revisions owned by a DaemonSet, sorted by revision number.
    pub fn revisions_of(&self, ds: &str) -> Vec<&ControllerRevision> {
        let mut v: Vec<&ControllerRevision> = self
            .revisions
            .values()
            .filter(|r| r.owner_ds == ds)
            .collect();
        crate::sort::sort_by_key(&mut v, |r| r.revision);
        v
    }
    /// The event log, oldest first (bounded: the newest `EVENT_LOG_LIMIT` to twice that).
    pub fn events(&self) -> &[Event] {
        &self.events
    }
    /// How many pods DaemonSet controllers have created and deleted so far, with the newest
    /// names: what the page announces (the event log aggregates and drops, like a cluster's).
    pub fn pod_churn(&self) -> &PodChurn {
        &self.churn
    }
    /// The current `controller-revision-hash` of a DaemonSet.
    pub fn current_hash(&self, ds: &str) -> Option<&str> {
        self.daemonsets.get(ds).map(|e| e.hash.as_str())
    }
    pub fn image_behavior(&self, image: &str) -> ImageBehavior {
        self.images.get(image).copied().unwrap_or(ImageBehavior {
            pull: self.kubelet.pull,
            outcome: ImageOutcome::Ok,
        })
    }
    pub fn set_image_behavior(&mut self, image: &str, behavior: ImageBehavior) {
        self.images.insert(image.to_string(), behavior);
        self.counter += 1;
    }

    /// Limits the number of pods (a ResourceQuota on `pods`); `None` removes the limit.
    pub fn set_pod_quota(&mut self, quota: Option<usize>) {
        self.pod_quota = quota;
        self.counter += 1;
        let names: Vec<String> = self.daemonsets.keys().cloned().collect();
        for n in names {
            self.mark_ds_all_dirty(&n);
        }
        self.settle();
    }

    /// Marks a running pod Failed, as the kubelet does when it rejects or loses a pod
    /// (`reason` e.g. `OutOfcpu`, `Evicted`); the DaemonSet controller then deletes it with
    /// back-off and replaces it.
    pub fn fail_pod(&mut self, name: &str, reason: &str) -> Result<(), ApiError> {
        let Some(k) = self.key_of(name) else {
            return Err(ApiError::not_found("pods", name));
        };
        let now = self.now;
        self.with_pod(&k, |p| {
            p.phase = PodPhase::Failed;
            p.reason = Some(reason.to_string()).filter(|r| !r.is_empty());
            if p.ready {
                p.ready = false;
                p.ready_transition = Some(now);
            }
            for cs in &mut p.container_statuses {
                cs.ready = false;
                cs.state = ContainerState::Terminated {
                    reason: "Error".to_string(),
                    exit_code: 1,
                };
            }
        });
        self.settle();
        Ok(())
    }

    /// A snapshot view of the whole cluster (for `controller::reconcile`).
    pub fn cluster_view(&self) -> controller::ClusterView<'_> {
        controller::ClusterView {
            now: self.now,
            nodes: self.nodes().collect(),
            pods: self.pods.values().collect(),
            revisions: self.revisions.values().collect(),
            failed_pod_backoff: BTreeMap::new(),
        }
    }

    /// What a from-scratch reconcile of this DaemonSet would do now (empty once settled).
    pub fn plan_for(&self, ds: &str) -> Option<Plan> {
        let entry = self.daemonsets.get(ds)?;
        let mut view = self.cluster_view();
        view.failed_pod_backoff = self
            .backoff
            .iter()
            .filter(|((d, _), _)| d == ds)
            .map(|((_, n), b)| (n.clone(), *b))
            .collect();
        Some(controller::reconcile(&entry.ds, &view))
    }

    // ----- time ----------------------------------------------------------------------------

    /// Time of the next pending timer.
    pub fn next_timer(&self) -> Option<SimTime> {
        self.timers.peek().map(|Reverse((t, _, _))| *t)
    }

    /// Fires every timer up to and including `t`, settling the controller after each instant.
    pub fn advance_to(&mut self, t: SimTime) {
        while let Some(at) = self.next_timer() {
            if at > t {
                break;
            }
            self.run_instant(at);
        }
        if t > self.now {
            self.now = t;
        }
    }

    pub fn advance_by(&mut self, d: SimDuration) {
        let t = self.now + d;
        self.advance_to(t);
    }

    /// Advances until nothing but back-off retry loops is scheduled (or a cap is reached);
    /// returns the new time.
    pub fn run_until_idle(&mut self) -> SimTime {
        for _ in 0..RUN_UNTIL_IDLE_CAP {
            if self.pending_work == 0 {
                break;
            }
            let Some(at) = self.next_timer() else { break };
            self.run_instant(at);
        }
        self.now
    }

    fn run_instant(&mut self, at: SimTime) {
        if at > self.now {
            self.now = at;
        }
        while let Some(Reverse((t, _, _))) = self.timers.peek() {
            if *t > at {
                break;
            }
            let Some(Reverse((_, _, timer))) = self.timers.pop() else {
                break;
            };
            if !timer.is_retry_loop() {
                self.pending_work -= 1;
            }
            self.fire_timer(timer);
        }
        self.settle();
    }

    pub(crate) fn schedule(&mut self, at: SimTime, timer: Timer) {
        self.timer_seq += 1;
        if !timer.is_retry_loop() {
            self.pending_work += 1;
        }
        self.timers.push(Reverse((at, self.timer_seq, timer)));
    }

    // ----- DaemonSet writes --------------------------------------------------------------------

    /// `kubectl create`: default, validate, store, and let the controller act.
    pub fn create_daemonset(&mut self, obj: apps::DaemonSet) -> Result<(), ApiError> {
        let mut obj = obj;
        manifest::default_daemonset(&mut obj);
        let name = obj.metadata.name.clone().unwrap_or_default();
        if self.daemonsets.contains_key(&name) {
            return Err(ApiError::already_exists("daemonsets.apps", &name));
        }
        let errs = manifest::validate_daemonset(&obj, None);
        if !errs.is_empty() {
            return Err(ApiError::invalid(
                "daemonsets.apps",
                &name,
                manifest::invalid_message("DaemonSet", &name, &errs),
            ));
        }
        let uid = self.new_uid();
        obj.metadata.uid = Some(uid.clone());
        obj.metadata.generation = Some(1);
        obj.metadata.creation_timestamp = Some(k8s_time(self.now));
        obj.metadata.resource_version = None;
        obj.status = None;
        obj.metadata
            .annotations
            .get_or_insert_with(Default::default)
            .insert(TEMPLATE_GENERATION_ANNOTATION.to_string(), "1".to_string());
        let mut ds = DaemonSet::from_k8s(&obj);
        ds.uid = uid.clone();
        ds.created = self.now;
        ds.generation = 1;
        ds.template_generation = 1;
        let id = self.next_ds_id;
        self.next_ds_id += 1;
        let hash = history::template_hash(&obj.spec.template, None);
        let data = history::revision_data(&obj.spec.template);
        self.ds_by_uid.insert(uid, name.clone());
        self.ds_by_id.insert(id, name.clone());
        self.daemonsets.insert(
            name.clone(),
            DsEntry {
                ds,
                id,
                hash,
                data,
                cache: DsCache::default(),
                dirty: DirtyNodes::all(),
            },
        );
        self.adopt_orphans(&name);
        self.counter += 1;
        self.settle();
        Ok(())
    }

    /// `kubectl replace`/`apply`/`edit`/`patch` result: the server-side update path with
    /// generation bookkeeping (§5.3). Returns whether anything changed.
    pub fn replace_daemonset(&mut self, obj: apps::DaemonSet) -> Result<Changed, ApiError> {
        let mut obj = obj;
        manifest::default_daemonset(&mut obj);
        let name = obj.metadata.name.clone().unwrap_or_default();
        let Some(entry) = self.daemonsets.get(&name) else {
            return Err(ApiError::not_found("daemonsets.apps", &name));
        };
        let old = entry.ds.applied.as_ref().clone();
        let errs = manifest::validate_daemonset(&obj, Some(&old));
        if !errs.is_empty() {
            return Err(ApiError::invalid(
                "daemonsets.apps",
                &name,
                manifest::invalid_message("DaemonSet", &name, &errs),
            ));
        }
        let template_changed = to_json(&obj.spec.template) != to_json(&old.spec.template);
        let spec_changed = to_json(&obj.spec) != to_json(&old.spec);
        let mut generation = old.metadata.generation.unwrap_or(1);
        let mut tgen = entry.ds.template_generation;
        if spec_changed {
            generation += 1;
        }
        if template_changed {
            tgen += 1;
        }
        // Server-managed metadata is kept; status is not writable through this path.
        obj.metadata.uid = old.metadata.uid.clone();
        obj.metadata.creation_timestamp = old.metadata.creation_timestamp.clone();
        obj.metadata.generation = Some(generation);
        obj.metadata.namespace = old.metadata.namespace.clone();
        obj.metadata
            .annotations
            .get_or_insert_with(Default::default)
            .insert(TEMPLATE_GENERATION_ANNOTATION.to_string(), tgen.to_string());
        obj.status = old.status.clone();
        let meta_changed = obj.metadata.labels != old.metadata.labels
            || obj.metadata.annotations != old.metadata.annotations;
        if !spec_changed && !meta_changed {
            return Ok(Changed(false));
        }
        let prev = &entry.ds;
        let mut ds = DaemonSet::from_k8s(&obj);
        ds.uid = prev.uid.clone();
        ds.created = prev.created;
        ds.generation = generation;
        ds.template_generation = tgen;
        ds.status = prev.status;
        let hash = history::template_hash(&obj.spec.template, ds.status.collision_count);
        let data = history::revision_data(&obj.spec.template);
        if let Some(entry) = self.daemonsets.get_mut(&name) {
            entry.ds = ds;
            entry.hash = hash;
            entry.data = data;
            entry.dirty = DirtyNodes::all();
        }
        self.counter += 1;
        self.settle();
        Ok(Changed(true))
    }

    /// `kubectl delete ds`: background cascade deletes pods and revisions; orphan keeps them.
    pub fn delete_daemonset(&mut self, name: &str, cascade: bool) -> Result<(), ApiError> {
        let Some(entry) = self.daemonsets.remove(name) else {
            return Err(ApiError::not_found("daemonsets.apps", name));
        };
        self.ds_by_uid.remove(&entry.ds.uid);
        self.ds_by_id.remove(&entry.id);
        let owned: Vec<String> = self
            .pods
            .values()
            .filter(|p| p.owner.as_ref().is_some_and(|o| o.uid == entry.ds.uid))
            .map(|p| p.name.clone())
            .collect();
        for pod in owned {
            if cascade {
                self.delete_pod_internal(&pod, None);
            } else {
                if let Some(p) = self.pods.get_mut(&pod) {
                    p.owner = None;
                }
                self.reindex_pod(&pod);
            }
        }
        let revs: Vec<String> = self
            .revisions
            .values()
            .filter(|r| r.owner_ds == name)
            .map(|r| r.name.clone())
            .collect();
        for r in revs {
            if cascade {
                self.revisions.remove(&r);
            } else if let Some(rev) = self.revisions.get_mut(&r) {
                rev.owner_ds.clear();
            }
        }
        self.backoff.retain(|(d, _), _| d != name);
        self.counter += 1;
        self.settle();
        Ok(())
    }

    /// `kubectl rollout undo` (§5.6): `to_revision` 0 = the previous revision.
    pub fn rollback(&mut self, ds: &str, to_revision: i64) -> Result<RollbackOutcome, ApiError> {
        let Some(entry) = self.daemonsets.get(ds) else {
            return Err(ApiError::not_found("daemonsets.apps", ds));
        };
        let revs = self.revisions_of(ds);
        let target = if to_revision == 0 {
            if revs.len() <= 1 {
                return Err(ApiError::bad_request(
                    "daemonsets.apps",
                    ds,
                    "no last revision to roll back to".to_string(),
                ));
            }
            revs[revs.len() - 2]
        } else {
            match revs.iter().find(|r| r.revision == to_revision) {
                Some(r) => *r,
                None => {
                    return Err(ApiError::bad_request(
                        "daemonsets.apps",
                        ds,
                        format!("unable to find specified revision {to_revision} in history"),
                    ))
                }
            }
        };
        if target.data == entry.data {
            return Ok(RollbackOutcome::Skipped(target.revision));
        }
        let Some(template) = history::template_from_data(&target.data) else {
            return Err(ApiError::bad_request(
                "daemonsets.apps",
                ds,
                "revision data is not a pod template".to_string(),
            ));
        };
        let mut obj = entry.ds.applied.as_ref().clone();
        obj.spec.template = template;
        self.replace_daemonset(obj)?;
        Ok(RollbackOutcome::RolledBack)
    }

    /// `kubectl rollout restart`: stamps `kubectl.kubernetes.io/restartedAt` on the template.
    pub fn restart(&mut self, ds: &str) -> Result<(), ApiError> {
        let Some(entry) = self.daemonsets.get(ds) else {
            return Err(ApiError::not_found("daemonsets.apps", ds));
        };
        let mut obj = entry.ds.applied.as_ref().clone();
        obj.spec
            .template
            .metadata
            .get_or_insert_with(Default::default)
            .annotations
            .get_or_insert_with(Default::default)
            .insert(
                "kubectl.kubernetes.io/restartedAt".to_string(),
                self.now.rfc3339(),
            );
        self.replace_daemonset(obj).map(|_| ())
    }

    // ----- node writes ---------------------------------------------------------------------------

    /// Adds a Ready node with the standard labels plus `spec.labels`.
    pub fn add_node(&mut self, spec: NodeSpec) -> Result<(), ApiError> {
        if self.node(&spec.name).is_some() {
            return Err(ApiError::already_exists("nodes", &spec.name));
        }
        let created = spec.created.unwrap_or(self.now);
        let mut node = Node::new(&spec.name, created);
        node.labels.extend(spec.labels);
        node.taints = spec.taints;
        node.unschedulable = spec.unschedulable;
        node.uid = self.new_uid();
        node.internal_ip = spec.internal_ip.unwrap_or_else(|| {
            self.ip_seq += 1;
            format!("10.0.{}.{}", 20 + self.ip_seq / 250, 1 + self.ip_seq % 250)
        });
        self.insert_node(node);
        Ok(())
    }

    /// Creates or updates a node from a k8s object (labels, taints, unschedulable, Ready).
    pub fn apply_node(&mut self, obj: core::Node) -> Result<(), ApiError> {
        let name = obj.metadata.name.clone().unwrap_or_default();
        if name.is_empty() {
            return Err(ApiError::invalid(
                "nodes",
                "",
                "Node \"\" is invalid: metadata.name: Required value: name or generateName is required"
                    .to_string(),
            ));
        }
        let spec = obj.spec.clone().unwrap_or_default();
        let taints: Vec<Taint> = spec
            .taints
            .iter()
            .flatten()
            .filter_map(|t| {
                Some(Taint {
                    key: t.key.clone(),
                    value: t.value.clone().filter(|v| !v.is_empty()),
                    effect: TaintEffect::parse(&t.effect)?,
                    time_added: None,
                })
            })
            .collect();
        let ready = obj
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_ref())
            .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
            .map(|c| match c.status.as_str() {
                "True" => NodeReady::True,
                "False" => NodeReady::False,
                _ => NodeReady::Unknown,
            })
            .unwrap_or(NodeReady::True);
        if self.node(&name).is_none() {
            let mut labels = obj.metadata.labels.clone().unwrap_or_default();
            labels
                .entry("kubernetes.io/hostname".to_string())
                .or_insert_with(|| name.clone());
            self.add_node(NodeSpec {
                name: name.clone(),
                labels,
                taints: Vec::new(),
                unschedulable: spec.unschedulable.unwrap_or(false),
                created: None,
                internal_ip: None,
            })?;
        } else if let Some(labels) = obj.metadata.labels.clone() {
            self.set_node_labels(&name, labels)?;
        }
        self.set_node_taints(&name, taints)?;
        self.set_node_unschedulable(&name, spec.unschedulable.unwrap_or(false))?;
        self.set_node_ready(&name, ready)?;
        if let Some(ann) = obj.metadata.annotations {
            self.mutate_node(&name, |n| n.annotations = ann)?;
        }
        Ok(())
    }

    /// Removes a node; pods bound to it are garbage-collected at once.
    pub fn delete_node(&mut self, name: &str) -> Result<(), ApiError> {
        let Some(&slot) = self.node_slots.get(name) else {
            return Err(ApiError::not_found("nodes", name));
        };
        if self
            .node_slab
            .get(slot as usize)
            .is_none_or(Option::is_none)
        {
            return Err(ApiError::not_found("nodes", name));
        }
        if let Some(s) = self.node_slab.get_mut(slot as usize) {
            *s = None;
        }
        self.ghost_slots.insert(slot);
        let bound: Vec<String> = self
            .pods_on_node(name)
            .into_iter()
            .map(|p| p.name.clone())
            .collect();
        for p in bound {
            self.remove_pod(&p);
        }
        self.mark_node_dirty(slot);
        self.counter += 1;
        self.settle();
        Ok(())
    }

    /// Replaces the node's labels.
    pub fn set_node_labels(&mut self, name: &str, labels: Labels) -> Result<(), ApiError> {
        self.mutate_node(name, |n| n.labels = labels)
    }

    /// Replaces the node's taints.
    pub fn set_node_taints(&mut self, name: &str, taints: Vec<Taint>) -> Result<(), ApiError> {
        let now = self.now;
        self.mutate_node(name, |n| {
            n.taints = taints
                .into_iter()
                .map(|mut t| {
                    if t.effect == TaintEffect::NoExecute && t.time_added.is_none() {
                        t.time_added = Some(now);
                    }
                    t
                })
                .collect()
        })
    }

    /// Cordon/uncordon; the node lifecycle controller's unschedulable taint follows.
    pub fn set_node_unschedulable(&mut self, name: &str, value: bool) -> Result<(), ApiError> {
        self.mutate_node(name, |n| {
            n.unschedulable = value;
            let key = "node.kubernetes.io/unschedulable";
            n.taints.retain(|t| t.key != key);
            if value {
                n.taints
                    .push(Taint::new(key, None, TaintEffect::NoSchedule));
            }
        })
    }

    /// Ready/NotReady/Unknown; NotReady adds the not-ready (Unknown: unreachable) NoSchedule and
    /// NoExecute taints like the node lifecycle controller (§1.5), Ready removes them.
    pub fn set_node_ready(&mut self, name: &str, ready: NodeReady) -> Result<(), ApiError> {
        let now = self.now;
        let was = self.node(name).map(|n| n.ready);
        self.mutate_node(name, |n| {
            if n.ready != ready {
                n.ready_transition = now;
            }
            n.ready = ready;
            n.taints.retain(|t| {
                t.key != "node.kubernetes.io/not-ready" && t.key != "node.kubernetes.io/unreachable"
            });
            let key = match ready {
                NodeReady::True => None,
                NodeReady::False => Some("node.kubernetes.io/not-ready"),
                NodeReady::Unknown => Some("node.kubernetes.io/unreachable"),
            };
            if let Some(key) = key {
                n.taints
                    .push(Taint::new(key, None, TaintEffect::NoSchedule));
                let mut t = Taint::new(key, None, TaintEffect::NoExecute);
                t.time_added = Some(now);
                n.taints.push(t);
            }
        })?;
        if ready == NodeReady::True && was.is_some_and(|w| w != NodeReady::True) {
            self.resume_node(name);
            self.settle();
        }
        Ok(())
    }

    // ----- pod writes ---------------------------------------------------------------------------

    /// `kubectl delete pod` with an optional grace period (0 = immediate).
    pub fn delete_pod(&mut self, name: &str, grace: Option<i64>) -> Result<(), ApiError> {
        if !self.pods.contains_key(name) {
            return Err(ApiError::not_found("pods", name));
        }
        self.delete_pod_internal(name, grace);
        self.counter += 1;
        self.settle();
        Ok(())
    }

    /// Replaces a pod's labels; the pod is released by / adopted into DaemonSets accordingly.
    pub fn set_pod_labels(&mut self, name: &str, labels: Labels) -> Result<(), ApiError> {
        let Some(pod) = self.pods.get_mut(name) else {
            return Err(ApiError::not_found("pods", name));
        };
        pod.labels = labels;
        // Release: the controller drops its ownerReference when the selector stops matching.
        let release = pod.owner.as_ref().is_some_and(|o| {
            self.ds_by_uid
                .get(&o.uid)
                .and_then(|n| self.daemonsets.get(n))
                .is_some_and(|e| !e.ds.selector.matches(&pod.labels))
        });
        if release {
            pod.owner = None;
        }
        if pod.owner.is_none() {
            let adopter = self
                .daemonsets
                .values()
                .find(|e| {
                    e.ds.namespace == pod.namespace
                        && !e.ds.selector.is_empty()
                        && e.ds.selector.matches(&pod.labels)
                })
                .map(|e| owner_ref(&e.ds));
            pod.owner = adopter;
        }
        self.reindex_pod(name);
        self.counter += 1;
        self.settle();
        Ok(())
    }

    // ----- explanations ---------------------------------------------------------------------------

    /// Why a DaemonSet does (not) run on a node, in plain English.
    pub fn explain(&self, node: &str, ds: &str) -> Option<Explanation> {
        let n = self.node(node)?;
        let entry = self.daemonsets.get(ds)?;
        let d = &entry.ds;
        let p = placement::node_should_run(&d.template, n);
        let mut lines = placement::explain_placement(&d.template, n);
        lines.push(match (p.should_run, p.should_continue_running) {
            (true, _) => format!("So ds/{ds} should run a pod on {node}."),
            (false, true) => format!(
                "So ds/{ds} creates no new pod on {node}, but an existing one may keep running."
            ),
            (false, false) => {
                format!("So no pod of ds/{ds} belongs on {node}; any existing one is deleted.")
            }
        });
        let pods: Vec<&Pod> = self
            .daemon_pods_of(entry, node)
            .into_iter()
            .filter(|p| !p.is_terminating())
            .collect();
        let rollout = match d.update_strategy {
            UpdateStrategy::OnDelete => pods
                .iter()
                .find(|p| !update::is_pod_updated(p, &entry.hash, d.template_generation))
                .map(|p| {
                    format!(
                        "Pod {} runs an old template; with OnDelete it is replaced only when you delete it.",
                        p.name
                    )
                }),
            UpdateStrategy::RollingUpdate { .. } => {
                let (surge, unavail) = d.update_strategy.budgets(d.status.desired_number_scheduled);
                let old = pods
                    .iter()
                    .find(|p| !update::is_pod_updated(p, &entry.hash, d.template_generation));
                let new = pods
                    .iter()
                    .find(|p| update::is_pod_updated(p, &entry.hash, d.template_generation));
                match (old, new) {
                    (Some(o), None) if surge > 0 => Some(format!(
                        "Pod {} runs an old template; a new pod is started next to it when fewer than maxSurge={surge} nodes are surging.",
                        o.name
                    )),
                    (Some(o), None) => Some(format!(
                        "Pod {} runs an old template; it is deleted when fewer than maxUnavailable={unavail} nodes are unavailable ({} now).",
                        o.name, d.status.number_unavailable
                    )),
                    (Some(o), Some(n)) => Some(format!(
                        "New pod {} is starting; old pod {} goes once the new one is available{}.",
                        n.name,
                        o.name,
                        if d.min_ready_seconds > 0 {
                            format!(" (Ready for minReadySeconds={})", d.min_ready_seconds)
                        } else {
                            String::new()
                        }
                    )),
                    (None, Some(n)) if !n.is_available(d.min_ready_seconds, self.now) => Some(format!(
                        "New pod {} is up to date and waiting to become available.",
                        n.name
                    )),
                    _ => None,
                }
            }
        };
        Some(Explanation {
            should_run: p.should_run,
            should_continue_running: p.should_continue_running,
            lines,
            rollout,
        })
    }

    /// Rollout numbers and kubectl's rollout-status line.
    pub fn rollout_progress(&self, ds: &str) -> Option<RolloutProgress> {
        let entry = self.daemonsets.get(ds)?;
        let d = &entry.ds;
        let s = &d.status;
        let (max_surge, max_unavailable) = d.update_strategy.budgets(s.desired_number_scheduled);
        let mut surging = 0;
        let mut old_pods = 0;
        let mut unready_new: Vec<&Pod> = Vec::new();
        let mut unready_new_count = 0usize;
        for (slot, _) in self.live_slots() {
            let Some(ids) = self.index.get(&(entry.id, slot)) else {
                continue;
            };
            let mut live = 0;
            for pod in ids
                .iter()
                .filter_map(|&id| self.pods.by_id(id))
                .filter(|p| !p.is_terminating())
            {
                live += 1;
                if !update::is_pod_updated(pod, &entry.hash, d.template_generation) {
                    old_pods += 1;
                } else if !pod.is_available(d.min_ready_seconds, self.now) {
                    unready_new_count += 1;
                    if unready_new.len() < BLOCKED_BY_SHOWN {
                        unready_new.push(pod);
                    }
                }
            }
            if live > 1 {
                surging += 1;
            }
        }
        let mut blocked_by: Vec<String> = unready_new
            .iter()
            .map(|p| {
                let node = p.assigned_node().unwrap_or("an unscheduled node");
                let status = p.kubectl_status();
                if status == "Running" && p.ready {
                    format!(
                        "{} on {node} is Ready but not yet available (minReadySeconds {})",
                        p.name, d.min_ready_seconds
                    )
                } else {
                    format!("{} on {node} is {status}", p.name)
                }
            })
            .collect();
        if unready_new_count > unready_new.len() {
            blocked_by.push(format!(
                "and {} more new pods not yet available",
                unready_new_count - unready_new.len()
            ));
        }
        if old_pods > 0 && matches!(d.update_strategy, UpdateStrategy::RollingUpdate { .. }) {
            blocked_by.push(format!(
                "{old_pods} old pod(s) still to replace, at most {} unavailable and {} surging at a time",
                max_unavailable, max_surge
            ));
        }
        let waiting_for = if matches!(d.update_strategy, UpdateStrategy::OnDelete) {
            "rollout status is only available for RollingUpdate strategy type".to_string()
        } else if d.generation > s.observed_generation {
            "Waiting for daemon set spec update to be observed...".to_string()
        } else if s.updated_number_scheduled < s.desired_number_scheduled {
            format!(
                "Waiting for daemon set \"{ds}\" rollout to finish: {} out of {} new pods have been updated...",
                s.updated_number_scheduled, s.desired_number_scheduled
            )
        } else if s.number_available < s.desired_number_scheduled {
            format!(
                "Waiting for daemon set \"{ds}\" rollout to finish: {} of {} updated pods are available...",
                s.number_available, s.desired_number_scheduled
            )
        } else {
            format!("daemon set \"{ds}\" successfully rolled out")
        };
        Some(RolloutProgress {
            desired: s.desired_number_scheduled,
            updated: s.updated_number_scheduled,
            available: s.number_available,
            unavailable: s.number_unavailable,
            max_unavailable,
            max_surge,
            surging,
            old_pods,
            waiting_for,
            blocked_by,
        })
    }

    // ----- internals: store ---------------------------------------------------------------------

    fn new_uid(&mut self) -> String {
        self.uid_seq += 1;
        let a = self.rng.next_u64();
        let b = self.rng.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            (a >> 32) as u32,
            (a >> 16) as u16,
            (a & 0xfff) as u16,
            (b >> 52) as u16 & 0xfff,
            b & 0xffff_ffff_ffff
        )
    }

    fn live_slots(&self) -> impl Iterator<Item = (u32, &Node)> {
        self.node_slab
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.as_ref().map(|n| (i as u32, n)))
    }

    fn slot_for(&mut self, name: &str) -> u32 {
        if let Some(&s) = self.node_slots.get(name) {
            return s;
        }
        let s = self.node_slab.len() as u32;
        self.node_slab.push(None);
        self.node_slots.insert(name.to_string(), s);
        self.ghost_slots.insert(s);
        s
    }

    fn insert_node(&mut self, node: Node) {
        let slot = self.slot_for(&node.name);
        if let Some(s) = self.node_slab.get_mut(slot as usize) {
            *s = Some(node);
        }
        self.ghost_slots.remove(&slot);
        self.mark_node_dirty(slot);
        self.counter += 1;
        self.settle();
    }

    fn mutate_node(&mut self, name: &str, f: impl FnOnce(&mut Node)) -> Result<(), ApiError> {
        let slot = match self.node_slots.get(name) {
            Some(&s) if self.node_slab.get(s as usize).is_some_and(Option::is_some) => s,
            _ => return Err(ApiError::not_found("nodes", name)),
        };
        let no_execute = |n: &Node| -> Vec<(String, Option<String>)> {
            n.taints
                .iter()
                .filter(|t| t.effect == TaintEffect::NoExecute)
                .map(|t| (t.key.clone(), t.value.clone()))
                .collect()
        };
        let mut taints_changed = false;
        if let Some(Some(n)) = self.node_slab.get_mut(slot as usize) {
            let before = no_execute(n);
            f(n);
            taints_changed = no_execute(n) != before;
        }
        self.mark_node_dirty(slot);
        self.counter += 1;
        self.settle();
        if taints_changed {
            self.process_taint_evictions_on(name);
        }
        Ok(())
    }

    fn mark_node_dirty(&mut self, slot: u32) {
        for e in self.daemonsets.values_mut() {
            e.dirty.mark(slot);
        }
    }

    pub(crate) fn mark_ds_all_dirty(&mut self, name: &str) {
        if let Some(e) = self.daemonsets.get_mut(name) {
            e.dirty = DirtyNodes::all();
        }
    }

    fn mark_loc_dirty(&mut self, loc: PodLoc) {
        if let Some(name) = self.ds_by_id.get(&loc.ds) {
            if let Some(e) = self.daemonsets.get_mut(name) {
                e.dirty.mark(loc.slot);
            }
        }
    }

    pub(crate) fn mark_pod_dirty_by_key(&mut self, k: &PodKey) {
        if self.live_pod(k).is_none() {
            return;
        }
        if let Some(&loc) = self.pod_loc.get(&k.id) {
            self.mark_loc_dirty(loc);
        }
    }

    /// The timer key of a stored pod.
    pub(crate) fn key_of(&self, name: &str) -> Option<PodKey> {
        self.pods.key(name).map(|(id, inc)| PodKey { id, inc })
    }

    pub(crate) fn live_pod(&self, k: &PodKey) -> Option<&Pod> {
        self.pods.by_key(k.id, k.inc)
    }

    /// Mutates a pod (if this incarnation still exists) and marks its node dirty.
    pub(crate) fn with_pod(&mut self, k: &PodKey, f: impl FnOnce(&mut Pod)) {
        let Some(p) = self.pods.by_key_mut(k.id, k.inc) else {
            return;
        };
        f(p);
        self.counter += 1;
        self.mark_pod_dirty_by_key(k);
    }

    pub(crate) fn min_ready_for_pod(&self, k: &PodKey) -> Option<i32> {
        self.live_pod(k)?;
        let loc = self.pod_loc.get(&k.id)?;
        let name = self.ds_by_id.get(&loc.ds)?;
        self.daemonsets.get(name).map(|e| e.ds.min_ready_seconds)
    }

    fn loc_of(&mut self, pod_name: &str) -> Option<PodLoc> {
        let pod = self.pods.get(pod_name)?;
        let owner_uid = pod.owner.as_ref().filter(|o| o.controller)?.uid.clone();
        let node = pod.assigned_node()?.to_string();
        let ds_name = self.ds_by_uid.get(&owner_uid)?;
        let ds = self.daemonsets.get(ds_name)?.id;
        let slot = self.slot_for(&node);
        Some(PodLoc { ds, slot })
    }

    fn unindex(&mut self, pod_name: &str) {
        let Some(id) = self.pods.id(pod_name) else {
            return;
        };
        if let Some(loc) = self.pod_loc.remove(&id) {
            if let Some(v) = self.index.get_mut(&(loc.ds, loc.slot)) {
                v.retain(|&p| p != id);
                if v.is_empty() {
                    self.index.remove(&(loc.ds, loc.slot));
                }
            }
            self.mark_loc_dirty(loc);
        }
    }

    fn reindex_pod(&mut self, pod_name: &str) {
        self.unindex(pod_name);
        let Some(id) = self.pods.id(pod_name) else {
            return;
        };
        if let Some(loc) = self.loc_of(pod_name) {
            self.index.entry((loc.ds, loc.slot)).or_default().push(id);
            self.pod_loc.insert(id, loc);
            self.mark_loc_dirty(loc);
        }
    }

    fn adopt_orphans(&mut self, ds_name: &str) {
        let Some(entry) = self.daemonsets.get(ds_name) else {
            return;
        };
        if entry.ds.selector.is_empty() {
            return;
        }
        let owner = owner_ref(&entry.ds);
        let ns = entry.ds.namespace.clone();
        let sel = entry.ds.selector.clone();
        let orphans: Vec<String> = self
            .pods
            .values()
            .filter(|p| p.owner.is_none() && p.namespace == ns && sel.matches(&p.labels))
            .map(|p| p.name.clone())
            .collect();
        for name in orphans {
            if let Some(p) = self.pods.get_mut(&name) {
                p.owner = Some(owner.clone());
            }
            self.reindex_pod(&name);
        }
        for r in self.revisions.values_mut() {
            if r.owner_ds.is_empty() && r.namespace == ns && sel.matches(&r.labels) {
                r.owner_ds = ds_name.to_string();
            }
        }
    }

    fn daemon_pods_of(&self, entry: &DsEntry, node: &str) -> Vec<&Pod> {
        let Some(&slot) = self.node_slots.get(node) else {
            return Vec::new();
        };
        self.index
            .get(&(entry.id, slot))
            .map(|v| v.iter().filter_map(|&id| self.pods.by_id(id)).collect())
            .unwrap_or_default()
    }

    pub(crate) fn remove_pod(&mut self, name: &str) {
        if let Some(k) = self.key_of(name) {
            self.cancel_taint_eviction(&k);
        }
        self.unindex(name);
        if let Some(k) = self.key_of(name) {
            self.runtime.remove(&k);
        }
        if let Some(p) = self.pods.remove(name) {
            if let Some(node) = &p.node_name {
                if let Some(set) = self.bound.get_mut(node) {
                    set.remove(name);
                    if set.is_empty() {
                        self.bound.remove(node);
                    }
                }
            }
        }
        self.counter += 1;
    }

    pub(crate) fn delete_pod_internal(&mut self, name: &str, grace: Option<i64>) {
        let now = self.now;
        let Some(pod) = self.pods.get_mut(name) else {
            return;
        };
        let grace = grace.unwrap_or(pod.termination_grace_period_seconds).max(0);
        if pod.is_terminating() {
            if grace == 0 {
                self.remove_pod(name);
            }
            return;
        }
        if pod.node_name.is_none() || grace == 0 {
            self.remove_pod(name);
            return;
        }
        // READY stays as it is until the containers have stopped (§9 step 5).
        pod.deletion_timestamp = Some(now);
        pod.deletion_grace_seconds = Some(grace);
        let Some(key) = self.key_of(name) else {
            return;
        };
        self.counter += 1;
        self.mark_pod_dirty_by_key(&key);
        self.begin_termination(&key, grace);
    }

    fn generate_pod_name(&mut self, ds_name: &str) -> String {
        let prefix: String = format!("{ds_name}-").chars().take(58).collect();
        loop {
            let name = format!("{prefix}{}", self.rng.name_suffix());
            if !self.pods.contains_key(&name) {
                return name;
            }
        }
    }

    fn create_daemon_pod(&mut self, ds_name: &str, c: &controller::Create) -> Option<String> {
        let name = self.generate_pod_name(ds_name);
        let uid = self.new_uid();
        let entry = self.daemonsets.get(ds_name)?;
        let ds = &entry.ds;
        let t = &ds.template;
        let mut labels = t.labels.clone();
        labels.insert(REVISION_HASH_LABEL.to_string(), c.hash.clone());
        labels.insert(
            TEMPLATE_GENERATION_LABEL.to_string(),
            c.template_generation.to_string(),
        );
        let pod = Pod {
            name: name.clone(),
            uid,
            namespace: ds.namespace.clone(),
            labels,
            annotations: t.annotations.clone(),
            owner: Some(owner_ref(ds)),
            node_name: t.node_name.clone(),
            target_node: if t.node_name.is_some() {
                None
            } else {
                Some(c.node.clone())
            },
            created: self.now,
            deletion_timestamp: None,
            deletion_grace_seconds: None,
            phase: PodPhase::Pending,
            reason: None,
            containers: t.containers.clone(),
            container_statuses: Vec::new(),
            ready: false,
            ready_transition: None,
            pod_ip: None,
            host_network: t.host_network,
            tolerations: placement::pod_tolerations(t),
            node_selector: t.node_selector.clone(),
            termination_grace_period_seconds: t.termination_grace_period_seconds,
        };
        let host_ip = if t.host_network {
            self.node(&c.node).map(|n| n.internal_ip.clone())
        } else {
            None
        };
        let (id, inc) = self.pods.insert(pod);
        let key = PodKey { id, inc };
        self.ip_seq += 1;
        let ip = host_ip.unwrap_or_else(|| {
            format!(
                "10.244.{}.{}",
                (self.ip_seq / 250) % 250,
                2 + self.ip_seq % 250
            )
        });
        if let Some(p) = self.pods.get_mut(&name) {
            p.pod_ip = Some(ip);
        }
        self.reindex_pod(&name);
        self.counter += 1;
        if let Some(node) = self.pods.get(&name).and_then(|p| p.node_name.clone()) {
            self.note_bound(&name, &node);
            self.start_pull(&key); // spec.nodeName bypasses the scheduler
        } else {
            let at = self.after(self.kubelet.schedule_delay);
            self.schedule(at, Timer::Bind(key));
        }
        Some(name)
    }

    /// Records an event on a pod identified by its timer key (no-op if the pod is gone).
    pub(crate) fn pod_event(
        &mut self,
        k: &PodKey,
        event_type: EventType,
        reason: &str,
        message: String,
        source: &str,
    ) {
        if let Some(name) = self.live_pod(k).map(|p| p.name.clone()) {
            self.record_event("Pod", &name, event_type, reason, message, source);
        }
    }

    /// Records an event as a component's recorder would: through client-go's correlator
    /// (aggregation, counting, spam filter; `events.rs`), then into the log.
    pub(crate) fn record_event(
        &mut self,
        kind: &str,
        name: &str,
        event_type: EventType,
        reason: &str,
        message: String,
        source: &str,
    ) {
        let now = self.now;
        let w = self.correlator.correlate(
            crate::events::Emitted {
                source,
                kind,
                name,
                event_type: event_type.as_str(),
                reason,
                message,
            },
            now,
            self.event_seq + 1,
        );
        if w.fresh {
            self.event_seq = w.seq;
        }
        if w.dropped {
            return;
        }
        if !w.fresh {
            // Events are kept in number order, so the one to update is found by bisection.
            if let Ok(i) = self.events.binary_search_by_key(&w.seq, |e| e.uid_seq) {
                let e = &mut self.events[i];
                e.count = w.count;
                e.last_seen = now;
                e.message = w.message;
                return;
            }
        }
        // A new event, or one whose update finds it gone (trimmed, or dropped when new): as
        // client-go does after a failed patch, it is created, carrying the count.
        let mut seq = w.seq;
        if self.events.last().is_some_and(|e| e.uid_seq >= seq) {
            self.event_seq += 1;
            self.correlator.renumber(seq, self.event_seq);
            seq = self.event_seq;
        }
        self.events.push(Event {
            uid_seq: seq,
            first_seen: w.first_seen,
            last_seen: now,
            count: w.count,
            event_type,
            reason: reason.to_string(),
            message: w.message,
            object_kind: kind.to_string(),
            object_name: name.to_string(),
            source: source.to_string(),
        });
        if self.events.len() >= 2 * EVENT_LOG_LIMIT {
            let excess = self.events.len() - EVENT_LOG_LIMIT;
            self.events.drain(..excess);
        }
    }

    // ----- internals: controller ------------------------------------------------------------

    /// Runs the controller until no DaemonSet has dirty nodes (same instant).
    pub(crate) fn settle(&mut self) {
        for _ in 0..10_000 {
            let pending: Vec<String> = self
                .daemonsets
                .iter()
                .filter(|(_, e)| !e.dirty.is_clean())
                .map(|(n, _)| n.clone())
                .collect();
            if pending.is_empty() {
                return;
            }
            for name in pending {
                let Some(entry) = self.daemonsets.get_mut(&name) else {
                    continue;
                };
                let mut cache = std::mem::take(&mut entry.cache);
                let mut dirty = std::mem::take(&mut entry.dirty);
                let plan = match self.daemonsets.get(&name) {
                    Some(entry) => {
                        let view = SimView {
                            sim: self,
                            id: entry.id,
                            ds: &entry.ds,
                        };
                        controller::sync(
                            &entry.ds,
                            &entry.hash,
                            &entry.data,
                            &view,
                            &mut cache,
                            &mut dirty,
                        )
                    }
                    None => continue,
                };
                if let Some(entry) = self.daemonsets.get_mut(&name) {
                    entry.cache = cache;
                    entry.dirty = dirty;
                }
                self.apply_plan(&name, plan);
            }
        }
    }

    /// The one place where controller plans change the cluster.
    fn apply_plan(&mut self, ds_name: &str, plan: Plan) {
        for ev in plan.events {
            self.record_event(
                "DaemonSet",
                ds_name,
                ev.event_type,
                ev.reason,
                ev.message,
                "daemonset-controller",
            );
        }
        if let Some(action) = plan.history {
            if !self.apply_history(ds_name, action) {
                return; // name collision: collisionCount was bumped, the DaemonSet re-syncs
            }
        }
        for r in plan.revisions_to_delete {
            self.revisions.remove(&r);
            self.counter += 1;
        }
        for (node, b) in plan.backoff_updates {
            self.backoff.insert((ds_name.to_string(), node), b);
        }
        if let Some(t) = plan.retry_at {
            self.schedule(t, Timer::SyncDaemonSet(ds_name.to_string()));
        }
        // Creates go out in slow-start batches; a failed batch stops the rest (§2.4).
        let mut next = 0;
        'batches: for size in crate::manage::slow_start_batches(plan.creates.len()) {
            let batch = &plan.creates[next..next + size];
            next += size;
            let mut failed = false;
            for c in batch {
                if self.pod_quota.is_some_and(|q| self.pods.len() >= q) {
                    failed = true;
                    let q = self.pod_quota.unwrap_or(0);
                    self.record_event(
                        "DaemonSet",
                        ds_name,
                        EventType::Warning,
                        "FailedCreate",
                        format!(
                            "Error creating: pods \"{ds_name}-\" is forbidden: exceeded quota: pods, requested: pods=1, used: pods={q}, limited: pods={q}"
                        ),
                        "daemonset-controller",
                    );
                    continue;
                }
                if let Some(pod) = self.create_daemon_pod(ds_name, c) {
                    self.churn.created += 1;
                    self.churn.last_created.clone_from(&pod);
                    self.record_event(
                        "DaemonSet",
                        ds_name,
                        EventType::Normal,
                        "SuccessfulCreate",
                        format!("Created pod: {pod}"),
                        "daemonset-controller",
                    );
                }
            }
            if failed {
                // The controller re-queues itself; retry the whole DaemonSet a bit later.
                let at = self.now + SimDuration::from_secs(5);
                self.schedule(at, Timer::RetryCreates(ds_name.to_string()));
                break 'batches;
            }
        }
        for d in &plan.deletes {
            if self.pods.contains_key(&d.pod) {
                self.churn.deleted += 1;
                self.churn.last_deleted.clone_from(&d.pod);
                self.record_event(
                    "DaemonSet",
                    ds_name,
                    EventType::Normal,
                    "SuccessfulDelete",
                    format!("Deleted pod: {}", d.pod),
                    "daemonset-controller",
                );
                self.delete_pod_internal(&d.pod, None);
            }
        }
        if let Some(status) = plan.status {
            if let Some(entry) = self.daemonsets.get_mut(ds_name) {
                if entry.ds.status != status {
                    entry.ds.status = status;
                    entry.ds.applied.status = Some(k8s_status(&status));
                    self.counter += 1;
                }
            }
        }
    }

    /// Applies a revision change; false if it hit a hash collision.
    fn apply_history(&mut self, ds_name: &str, action: HistoryAction) -> bool {
        let Some(entry) = self.daemonsets.get(ds_name) else {
            return false;
        };
        match action {
            HistoryAction::UpToDate { .. } => {}
            HistoryAction::Renumber { name, revision } => {
                if let Some(r) = self.revisions.get_mut(&name) {
                    r.revision = revision;
                }
            }
            HistoryAction::Create { name, revision } => {
                if self
                    .revisions
                    .get(&name)
                    .is_some_and(|r| r.data != entry.data)
                {
                    // A different template already owns this name: bump collisionCount so the
                    // hash changes, and let the next sync create the revision (§5.1).
                    self.bump_collision_count(ds_name);
                    return false;
                }
                let rev = ControllerRevision {
                    name: name.clone(),
                    namespace: entry.ds.namespace.clone(),
                    uid: String::new(),
                    owner_ds: ds_name.to_string(),
                    revision,
                    hash: entry.hash.clone(),
                    template: entry.ds.template.clone(),
                    data: entry.data.clone(),
                    labels: history::revision_labels(&entry.ds.template.labels, &entry.hash),
                    annotations: entry.ds.annotations.clone(),
                    created: self.now,
                };
                let uid = self.new_uid();
                self.revisions
                    .insert(name, ControllerRevision { uid, ..rev });
            }
        }
        self.counter += 1;
        true
    }
}

impl Simulation {
    fn bump_collision_count(&mut self, ds_name: &str) {
        if let Some(entry) = self.daemonsets.get_mut(ds_name) {
            let c = entry.ds.status.collision_count.unwrap_or(0) + 1;
            entry.ds.status.collision_count = Some(c);
            entry.hash = history::template_hash(&entry.ds.applied.spec.template, Some(c));
            entry.ds.applied.status = Some(k8s_status(&entry.ds.status));
            entry.dirty = DirtyNodes::all();
            self.counter += 1;
        }
    }
}

fn owner_ref(ds: &DaemonSet) -> OwnerRef {
    OwnerRef {
        kind: "DaemonSet".to_string(),
        name: ds.name.clone(),
        uid: ds.uid.clone(),
        controller: true,
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// A k8s `Time` for a simulated instant.
pub fn k8s_time(t: SimTime) -> k8s_openapi::apimachinery::pkg::apis::meta::v1::Time {
    let ms = crate::time::EPOCH_UNIX_SECONDS * 1000 + t.0;
    k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(
        k8s_openapi::jiff::Timestamp::from_millisecond(ms).unwrap_or_default(),
    )
}

fn k8s_status(s: &DaemonSetStatus) -> apps::DaemonSetStatus {
    let nz = |v: i32| Some(v).filter(|&v| v != 0);
    apps::DaemonSetStatus {
        collision_count: s.collision_count,
        conditions: None,
        current_number_scheduled: s.current_number_scheduled,
        desired_number_scheduled: s.desired_number_scheduled,
        number_available: nz(s.number_available),
        number_misscheduled: s.number_misscheduled,
        number_ready: s.number_ready,
        number_unavailable: nz(s.number_unavailable),
        observed_generation: Some(s.observed_generation).filter(|&g| g != 0),
        updated_number_scheduled: nz(s.updated_number_scheduled),
    }
}

/// Running totals of the pods DaemonSet controllers created and deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodChurn {
    pub created: u64,
    pub deleted: u64,
    pub last_created: String,
    pub last_deleted: String,
}

/// The simulation seen by one DaemonSet's sync.
struct SimView<'a> {
    sim: &'a Simulation,
    id: u32,
    ds: &'a DaemonSet,
}

impl SimView<'_> {
    fn push_pods<'s>(&'s self, slot: u32, out: &mut Vec<&'s Pod>) {
        if let Some(ids) = self.sim.index.get(&(self.id, slot)) {
            for &id in ids {
                if let Some(p) = self.sim.pods.by_id(id) {
                    if controller::counts_for_controller(p) {
                        out.push(p);
                    }
                }
            }
        }
    }
}

impl ClusterRead for SimView<'_> {
    fn now(&self) -> SimTime {
        self.sim.now
    }
    fn node_slots(&self) -> u32 {
        self.sim.node_slab.len() as u32
    }
    fn node(&self, slot: u32) -> Option<&Node> {
        self.sim.node_slab.get(slot as usize)?.as_ref()
    }
    fn daemon_pods_on<'s>(&'s self, slot: u32, out: &mut Vec<&'s Pod>) {
        if self.node(slot).is_some() {
            self.push_pods(slot, out);
        }
    }
    fn daemon_pods_elsewhere<'s>(&'s self, out: &mut Vec<&'s Pod>) {
        for &slot in &self.sim.ghost_slots {
            self.push_pods(slot, out);
        }
    }
    fn revisions(&self) -> Vec<&ControllerRevision> {
        self.sim
            .revisions
            .values()
            .filter(|r| r.owner_ds == self.ds.name)
            .collect()
    }
    fn backoff(&self, node: &str) -> Option<Backoff> {
        self.sim
            .backoff
            .get(&(self.ds.name.clone(), node.to_string()))
            .copied()
    }
    fn live_hashes(&self) -> BTreeSet<String> {
        self.sim
            .pod_loc
            .iter()
            .filter(|(_, l)| l.ds == self.id)
            .filter_map(|(&id, _)| self.sim.pods.by_id(id))
            .filter_map(|p| p.revision_hash().map(str::to_string))
            .collect()
    }
}
