//! The simulation: one store of nodes, pods, DaemonSets and revisions, a seeded PRNG, simulated
//! time with a timer queue, the kubelet model and the DaemonSet controller (`controller.rs`).
//! Every write happens at `now()` and the controller runs to quiescence at that same instant
//! before the call returns; `advance_to` fires timers in (time, sequence) order and settles the
//! controller after each instant.
//!
//! Scale: pods are indexed by (DaemonSet, node slot); every change marks only the affected
//! (DaemonSet, node) pairs dirty, and each DaemonSet keeps an incremental `DsCache`, so a
//! label change on one node re-evaluates one node.
//!
//! This file holds the `Simulation` type and its reads; its parts have one file each:
//! `writes.rs` (the API-server write path: create/replace/delete DaemonSets, apply/label/taint/
//! cordon nodes, pod labels and deletes, quota and image knobs), `settle.rs` (runs the
//! controller to quiescence and applies its plans), `store.rs` (the pod slab, node slots and
//! the (DaemonSet, node) index), `clock.rs` (timers and the calls that move time),
//! `kubelet.rs` (scheduler binding, image pulls, crash loops, termination),
//! `taint_eviction.rs` (evictions after `tolerationSeconds`), `recorder.rs` (events through
//! client-go's correlator into the bounded log) and `explain.rs` (the plain-English "why is
//! ds/X (not) here" and the rollout numbers).

mod clock;
mod crd;
mod explain;
pub mod kubelet;
mod node_lifecycle;
mod objects;
mod recorder;
mod settle;
mod store;
mod taint_eviction;
mod writes;

pub use crd::{is_custom, validate_crd, CustomCheck};
pub use explain::{Explanation, RolloutProgress};
pub use objects::{strings_at, StoredObject, SYSTEM_NAMESPACES};

pub(crate) use clock::{PodKey, Timer};

use crate::controller::{self, DirtyNodes, DsCache, Plan};
use crate::hash::FxBuild;
use crate::manage::Backoff;
use crate::model::*;
use crate::rng::Rng;
use crate::time::SimTime;
use kubelet::{ImageBehavior, ImageOutcome, KubeletDefaults};
use serde_json::Value;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};
use store::PodStore;

/// The event log keeps at least this many of the newest events; it is trimmed back to this
/// size whenever it doubles, so it never holds more than twice as many.
pub const EVENT_LOG_LIMIT: usize = 5_000;
/// `run_until_idle` stops after this many timer instants (crash loops never end).
pub const RUN_UNTIL_IDLE_CAP: usize = 200_000;
/// When the simulated cluster was set up: 75 days before time zero (its system namespaces,
/// and the article's nodes, date from then).
pub const CLUSTER_BORN: SimTime = SimTime(-75 * 86_400_000);

#[derive(Debug, Clone, Default)]
pub(crate) struct PodRuntime {
    pub pull_failures: u32,
    pub crashes: u32,
    /// The container the kubelet is starting (it pulls and starts them one after another).
    pub next_container: usize,
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

/// The simulated cluster. `Clone` gives an independent copy (what-if experiments, benches).
#[derive(Clone)]
pub struct Simulation {
    seed: u64,
    rng: Rng,
    now: SimTime,
    /// Bumped on every change, like the API server's resourceVersion.
    resource_version: u64,
    uid_seq: u64,
    ip_seq: u32,
    pub(crate) kubelet: KubeletDefaults,
    images: BTreeMap<String, ImageBehavior>,
    /// Namespace pod quota (None = unlimited); creates beyond it fail with FailedCreate.
    pod_quota: Option<usize>,
    node_slab: Vec<Option<Node>>,
    /// Per node slot: a resource version after the last change to the node or to a pod bound
    /// to it or aimed at it (`nodes_changed_since`: what a view must draw again).
    node_touched: Vec<u64>,
    /// Bumped when a node is added or removed.
    node_set_version: u64,
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
    /// Timers fired since time zero: the simulation's measure of work done (`timers_fired`).
    timers_fired: u64,
    /// Pending timers that are not back-off retry loops (what `run_until_idle` waits for).
    pending_work: usize,
    events: Vec<Event>,
    event_seq: u64,
    correlator: crate::events::Correlator,
    churn: PodChurn,
    /// Every object of a kind the simulator does not model (`objects.rs`).
    objects: BTreeMap<objects::ObjectKey, StoredObject>,
    /// Cluster IPs handed out to Services.
    service_ip_seq: u32,
    /// The namespace of kubectl's kubeconfig context (`kubectl config set-context --current
    /// --namespace=…`): client state, kept here because it belongs to the session.
    client_namespace: String,
    /// Evictions the taint eviction controller has scheduled: pod → when.
    pub(crate) taint_evictions: HashMap<PodKey, SimTime, FxBuild>,
    pub(crate) runtime: HashMap<PodKey, PodRuntime, FxBuild>,
}

impl Simulation {
    /// An empty cluster at time zero.
    pub fn new(seed: u64) -> Simulation {
        let mut sim = Simulation {
            seed,
            rng: Rng::new(seed),
            now: SimTime(0),
            resource_version: 0,
            uid_seq: 0,
            ip_seq: 0,
            kubelet: KubeletDefaults::default(),
            images: BTreeMap::new(),
            pod_quota: None,
            node_slab: Vec::new(),
            node_touched: Vec::new(),
            node_set_version: 0,
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
            timers_fired: 0,
            pending_work: 0,
            events: Vec::new(),
            event_seq: 0,
            correlator: Default::default(),
            churn: PodChurn::default(),
            taint_evictions: HashMap::default(),
            runtime: HashMap::default(),
            objects: BTreeMap::new(),
            service_ip_seq: 0,
            client_namespace: "default".to_string(),
        };
        sim.seed_system_objects();
        sim
    }

    /// The article's two Ready nodes `10.0.10.5` and `10.0.10.7`, created 75 days before zero.
    pub fn with_article_nodes(seed: u64) -> Simulation {
        let mut sim = Simulation::new(seed);
        let created = CLUSTER_BORN;
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
    /// kubectl's context namespace (`default` until `kubectl config set-context` changes it).
    pub fn client_namespace(&self) -> &str {
        &self.client_namespace
    }

    pub fn set_client_namespace(&mut self, namespace: &str) {
        self.client_namespace = namespace.to_string();
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// The cluster's resource version: increases on every change of any object (cheap change
    /// detection for the UI).
    pub fn resource_version(&self) -> u64 {
        self.resource_version
    }
    pub fn kubelet_defaults(&self) -> &KubeletDefaults {
        &self.kubelet
    }

    /// Nodes sorted by name.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.node_slots
            .values()
            .filter_map(move |&s| self.node_slab.get(s as usize).and_then(Option::as_ref))
    }
    /// How many nodes the cluster has.
    /// The change set for views: the nodes that changed, or whose pods (bound to them, or
    /// Pending and aimed at them) changed, after `resource_version` was `rv`. A view built
    /// when `resource_version()` was `rv` needs to draw only these again, as long as
    /// `node_set_version()` is unchanged too.
    pub fn nodes_changed_since(&self, rv: u64) -> impl Iterator<Item = &Node> {
        self.node_touched
            .iter()
            .enumerate()
            .filter(move |(_, &t)| t > rv)
            .filter_map(|(slot, _)| self.node_slab.get(slot).and_then(Option::as_ref))
    }

    /// Bumped whenever a node is added or removed (then a view starts over).
    pub fn node_set_version(&self) -> u64 {
        self.node_set_version
    }

    pub fn node_count(&self) -> usize {
        self.node_slots.len()
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
}

/// Running totals of the pods DaemonSet controllers created and deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodChurn {
    pub created: u64,
    pub deleted: u64,
    pub last_created: String,
    pub last_deleted: String,
}

/// A k8s `Time` for a simulated instant.
pub fn k8s_time(t: SimTime) -> crate::k8s::meta::Time {
    crate::k8s::meta::Time::from_unix_seconds(t.unix_seconds())
}
