//! The controller loop inside the simulation: `settle` runs every DaemonSet with dirty nodes
//! until none is left (same instant), and `apply_plan` is the one place where a controller
//! plan changes the cluster (events, revisions, back-off, pod creates in slow-start batches,
//! deletes, status).

use super::writes::owner_ref;
use super::{PodKey, Simulation, Timer};
use crate::controller::{self, ClusterRead, DirtyNodes, Plan};
use crate::history::{self, HistoryAction};
use crate::k8s::apps;
use crate::manage::Backoff;
use crate::model::*;
use crate::placement;
use crate::time::{SimDuration, SimTime};
use crate::DaemonSetSpecOf;
use std::collections::BTreeSet;

impl Simulation {
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
            self.resource_version += 1;
        }
        for (node, b) in plan.backoff_updates {
            self.backoff.insert((ds_name.to_string(), node), b);
        }
        if let Some(t) = plan.retry_at {
            self.schedule(t, Timer::SyncDaemonSet(ds_name.to_string()));
        }
        // Creates go out in slow-start batches; a failed batch stops the rest.
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
                    self.resource_version += 1;
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
                    // hash changes, and let the next sync create the revision.
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
        self.resource_version += 1;
        true
    }

    fn bump_collision_count(&mut self, ds_name: &str) {
        if let Some(entry) = self.daemonsets.get_mut(ds_name) {
            let c = entry
                .ds
                .status
                .collision_count
                .unwrap_or(0)
                .saturating_add(1);
            entry.ds.status.collision_count = Some(c);
            entry.hash = history::template_hash(&entry.ds.applied.ds_spec().template, Some(c));
            entry.ds.applied.status = Some(k8s_status(&entry.ds.status));
            entry.dirty = DirtyNodes::all();
            self.resource_version += 1;
        }
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
        let (id, incarnation) = self.pods.insert(pod);
        let key = PodKey { id, incarnation };
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
        self.resource_version += 1;
        if let Some(node) = self.pods.get(&name).and_then(|p| p.node_name.clone()) {
            self.note_bound(&name, &node);
            self.start_pull(&key); // spec.nodeName bypasses the scheduler
        } else {
            let at = self.after(self.kubelet.schedule_delay);
            self.schedule(at, Timer::Bind(key));
        }
        Some(name)
    }
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
