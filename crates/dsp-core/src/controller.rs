//! The DaemonSet controller, level-triggered: `reconcile(&ds, &view)` looks at the cluster and
//! returns a `Plan` (pods to create, pods to delete, the new status, revision bookkeeping);
//! `Simulation` is the one place that applies plans. The same `sync` code runs incrementally
//! inside the simulation, where a `DsCache` remembers each node's classification and only
//! dirty nodes are re-evaluated (a label change on one node costs O(1) nodes, not O(cluster)).
//!
//! One sync mirrors `syncDaemonSet`: skip deleting DaemonSets, refuse empty selectors,
//! construct history, `manage` (placement + per-node decisions, burst-limited), then the
//! rolling update (creates/deletes), history cleanup and status.

use crate::history::{self, HistoryAction};
use crate::manage::{self, Backoff, DeleteReason, ManageContext, NodeDecision, BURST_REPLICAS};
use crate::model::{
    ControllerRevision, DaemonSet, DaemonSetStatus, EventType, Node, Pod, PodPhase, UpdateStrategy,
};
use crate::placement::{self, Placement};
use crate::status::{self, StatusContext, StatusCounts};
use crate::time::SimTime;
use crate::update::{self, node_set, RollContext, RollCounts};
use crate::DaemonSetSpecOf;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Create one daemon pod for `node`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Create {
    pub node: String,
    pub hash: String,
    pub template_generation: i64,
}

/// Delete one pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delete {
    pub pod: String,
    pub node: Option<String>,
    pub reason: DeleteReason,
}

/// An event the controller records on the DaemonSet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedEvent {
    pub event_type: EventType,
    pub reason: &'static str,
    pub message: String,
}

/// The outcome of one reconcile.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub creates: Vec<Create>,
    pub deletes: Vec<Delete>,
    /// `None` when the DaemonSet is skipped (being deleted, or selecting everything).
    pub status: Option<DaemonSetStatus>,
    pub events: Vec<PlannedEvent>,
    /// Revision to create or renumber (`None` = the current revision is in place).
    pub history: Option<HistoryAction>,
    /// Name of the current revision after `history` is applied.
    pub current_revision: Option<String>,
    pub revisions_to_delete: Vec<String>,
    /// New failed-pod back-off entries, by node.
    pub backoff_updates: Vec<(String, Backoff)>,
    /// Sync again at this time (a failed pod is waiting out its back-off).
    pub retry_at: Option<SimTime>,
}

impl Plan {
    /// Whether applying this plan to a DaemonSet with status `current` changes anything.
    pub fn is_empty_for(&self, current: &DaemonSetStatus) -> bool {
        self.creates.is_empty()
            && self.deletes.is_empty()
            && self.history.is_none()
            && self.revisions_to_delete.is_empty()
            && self.backoff_updates.is_empty()
            && self.status.as_ref().is_none_or(|s| s == current)
    }
}

/// A read-only view of the cluster for one DaemonSet. Nodes are addressed by stable slots so
/// the incremental cache can index them; `daemon_pods_on` appends this DaemonSet's pods mapped
/// to the node (Terminating included, terminal-and-deleted excluded).
pub trait ClusterRead {
    fn now(&self) -> SimTime;
    /// One past the highest node slot.
    fn node_slots(&self) -> u32;
    fn node(&self, slot: u32) -> Option<&Node>;
    fn daemon_pods_on<'s>(&'s self, slot: u32, out: &mut Vec<&'s Pod>);
    /// This DaemonSet's pods whose assigned node is not a known node.
    fn daemon_pods_elsewhere<'s>(&'s self, out: &mut Vec<&'s Pod>);
    fn revisions(&self) -> Vec<&ControllerRevision>;
    fn backoff(&self, node: &str) -> Option<Backoff>;
    /// Hashes carried by any of this DaemonSet's pods (for history cleanup).
    fn live_hashes(&self) -> BTreeSet<String>;
}

/// A plain snapshot of the cluster, for `reconcile` and the plan-level tests.
#[derive(Debug, Clone, Default)]
pub struct ClusterView<'a> {
    pub now: SimTime,
    pub nodes: Vec<&'a Node>,
    pub pods: Vec<&'a Pod>,
    pub revisions: Vec<&'a ControllerRevision>,
    /// Failed-pod back-off by node name.
    pub failed_pod_backoff: BTreeMap<String, Backoff>,
}

/// Reconciles one DaemonSet against a snapshot: a full, from-scratch sync.
pub fn reconcile(ds: &DaemonSet, view: &ClusterView<'_>) -> Plan {
    let hash = history::template_hash(&ds.applied.ds_spec().template, ds.status.collision_count);
    let data = history::revision_data(&ds.applied.ds_spec().template);
    let adapter = SnapshotView::new(ds, view);
    let mut cache = DsCache::default();
    let mut dirty = DirtyNodes::all();
    sync(ds, &hash, &data, &adapter, &mut cache, &mut dirty)
}

/// Does `pod` belong to `ds` (controlled by it, or an orphan it would adopt)?
pub fn owns(ds: &DaemonSet, pod: &Pod) -> bool {
    if pod.namespace != ds.namespace || !ds.selector.matches(&pod.labels) {
        return false;
    }
    match &pod.owner {
        Some(o) if o.controller => o.uid == ds.uid,
        _ => ds.deletion_timestamp.is_none(),
    }
}

/// Terminal pods that already have a deletion timestamp are invisible to the controller.
pub fn counts_for_controller(pod: &Pod) -> bool {
    !(pod.deletion_timestamp.is_some()
        && matches!(pod.phase, PodPhase::Failed | PodPhase::Succeeded))
}

/// Nodes to re-evaluate on the next sync.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirtyNodes {
    pub all: bool,
    pub nodes: BTreeSet<u32>,
}

impl DirtyNodes {
    pub fn all() -> Self {
        DirtyNodes {
            all: true,
            nodes: BTreeSet::new(),
        }
    }
    pub fn is_clean(&self) -> bool {
        !self.all && self.nodes.is_empty()
    }
    pub fn mark(&mut self, slot: u32) {
        if !self.all {
            self.nodes.insert(slot);
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct NodeSummary {
    placement: Placement,
    status: StatusCounts,
    roll: RollCounts,
    mask: u8,
}

/// Per-DaemonSet incremental state: each node's last classification and the running sums.
#[derive(Debug, Clone, Default)]
pub struct DsCache {
    key: Option<(String, i64, i32)>,
    nodes: Vec<NodeSummary>,
    status: StatusCounts,
    roll: RollCounts,
    sets: [BTreeSet<u32>; node_set::COUNT],
}

impl DsCache {
    /// Cached placement of a node slot (after at least one sync).
    pub fn placement(&self, slot: u32) -> Option<Placement> {
        self.nodes.get(slot as usize).map(|n| n.placement)
    }

    fn reset(&mut self) {
        self.nodes.clear();
        self.status = StatusCounts::default();
        self.roll = RollCounts::default();
        for s in &mut self.sets {
            s.clear();
        }
    }

    fn refresh<'s>(
        &mut self,
        ds: &DaemonSet,
        view: &'s dyn ClusterRead,
        slot: u32,
        hash: &str,
        scratch: &mut Vec<&'s Pod>,
    ) {
        let idx = slot as usize;
        if self.nodes.len() <= idx {
            self.nodes.resize(idx + 1, NodeSummary::default());
        }
        let old = self.nodes[idx];
        self.status.sub(&old.status);
        self.roll.sub(&old.roll);
        for (c, set) in self.sets.iter_mut().enumerate() {
            if old.mask & (1 << c) != 0 {
                set.remove(&slot);
            }
        }
        let new = match view.node(slot) {
            None => NodeSummary::default(),
            Some(node) => {
                scratch.clear();
                view.daemon_pods_on(slot, scratch);
                let placement = placement::node_should_run(&ds.template, node);
                let now = view.now();
                let sctx = StatusContext {
                    now,
                    hash,
                    template_generation: ds.template_generation,
                    min_ready_seconds: ds.min_ready_seconds,
                };
                let rctx = RollContext {
                    now,
                    hash,
                    template_generation: ds.template_generation,
                    min_ready_seconds: ds.min_ready_seconds,
                };
                let (roll, mask) = update::classify_node(&rctx, placement, scratch);
                NodeSummary {
                    placement,
                    status: status::node_status(&sctx, placement, scratch),
                    roll,
                    mask,
                }
            }
        };
        self.status.add(&new.status);
        self.roll.add(&new.roll);
        for (c, set) in self.sets.iter_mut().enumerate() {
            if new.mask & (1 << c) != 0 {
                set.insert(slot);
            }
        }
        self.nodes[idx] = new;
    }
}

/// One sync of one DaemonSet (see the module docs). `dirty` is consumed; nodes left over by
/// the burst limit stay in it.
pub fn sync(
    ds: &DaemonSet,
    hash: &str,
    data: &Value,
    view: &dyn ClusterRead,
    cache: &mut DsCache,
    dirty: &mut DirtyNodes,
) -> Plan {
    let mut plan = Plan::default();
    if ds.deletion_timestamp.is_some() {
        *dirty = DirtyNodes::default();
        return plan;
    }
    if ds.selector.is_empty() {
        plan.events.push(PlannedEvent {
            event_type: EventType::Warning,
            reason: "SelectingAll",
            message: "This daemon set is selecting all pods. A non-empty selector is required."
                .to_string(),
        });
        *dirty = DirtyNodes::default();
        return plan;
    }
    let now = view.now();

    // History first: the hash labels the pods created below.
    let revisions = view.revisions();
    let action = history::construct_history(&ds.name, hash, data, &revisions);
    let current_name = match &action {
        HistoryAction::UpToDate { name }
        | HistoryAction::Create { name, .. }
        | HistoryAction::Renumber { name, .. } => name.clone(),
    };
    let revision_count =
        revisions.len() + usize::from(matches!(action, HistoryAction::Create { .. }));
    if !matches!(action, HistoryAction::UpToDate { .. }) {
        plan.history = Some(action);
    }
    plan.current_revision = Some(current_name.clone());

    // Re-classify dirty nodes (everything if the template, hash or minReadySeconds changed).
    let key = (
        hash.to_string(),
        ds.template_generation,
        ds.min_ready_seconds,
    );
    let full = dirty.all || cache.key.as_ref() != Some(&key);
    let slots: Vec<u32> = if full {
        cache.reset();
        cache.key = Some(key);
        (0..view.node_slots()).collect()
    } else {
        std::mem::take(&mut dirty.nodes).into_iter().collect()
    };
    *dirty = DirtyNodes::default();
    let mut scratch: Vec<&Pod> = Vec::with_capacity(4);
    for &slot in &slots {
        cache.refresh(ds, view, slot, hash, &mut scratch);
    }

    // manage: per-node decisions on the re-evaluated nodes, burst-limited.
    let mctx = ManageContext {
        now,
        hash,
        allows_surge: ds.update_strategy.allows_surge(),
        min_ready_seconds: ds.min_ready_seconds,
    };
    let mut decision = NodeDecision::default();
    for &slot in &slots {
        let Some(node) = view.node(slot) else {
            continue;
        };
        if plan.creates.len() >= BURST_REPLICAS || plan.deletes.len() >= BURST_REPLICAS {
            dirty.mark(slot);
            continue;
        }
        scratch.clear();
        view.daemon_pods_on(slot, &mut scratch);
        decision.create = false;
        decision.deletes.clear();
        decision.backoff = None;
        decision.retry_at = None;
        let placement = cache.nodes[slot as usize].placement;
        manage::pods_should_be_on_node(
            &mctx,
            placement,
            &scratch,
            view.backoff(&node.name),
            &mut decision,
        );
        if decision.create {
            plan.creates.push(Create {
                node: node.name.clone(),
                hash: hash.to_string(),
                template_generation: ds.template_generation,
            });
        }
        for (pod, reason) in decision.deletes.drain(..) {
            match reason {
                DeleteReason::Failed => plan.events.push(PlannedEvent {
                    event_type: EventType::Warning,
                    reason: "FailedDaemonPod",
                    message: format!(
                        "Found failed daemon pod {}/{} on node {}, will try to kill it",
                        pod.namespace, pod.name, node.name
                    ),
                }),
                DeleteReason::Succeeded => plan.events.push(PlannedEvent {
                    event_type: EventType::Normal,
                    reason: "SucceededDaemonPod",
                    message: format!(
                        "Found succeeded daemon pod {}/{} on node {}, will try to delete it",
                        pod.namespace, pod.name, node.name
                    ),
                }),
                _ => {}
            }
            plan.deletes.push(Delete {
                pod: pod.name.clone(),
                node: Some(node.name.clone()),
                reason,
            });
        }
        if let Some(b) = decision.backoff {
            plan.backoff_updates.push((node.name.clone(), b));
        }
        if let Some(t) = decision.retry_at {
            plan.retry_at = Some(plan.retry_at.map_or(t, |r| r.min(t)));
        }
    }
    // Unscheduled pods aimed at nodes that do not exist can never run: delete them.
    scratch.clear();
    view.daemon_pods_elsewhere(&mut scratch);
    for pod in &scratch {
        if pod.node_name.is_none() && !pod.is_terminating() {
            plan.deletes.push(Delete {
                pod: pod.name.clone(),
                node: pod.target_node.clone(),
                reason: DeleteReason::NodeMissing,
            });
        }
    }

    // Rolling update (its own burst budget, as it is a separate syncNodes call).
    if let UpdateStrategy::RollingUpdate { .. } = ds.update_strategy {
        let desired = cache.status.desired;
        let (max_surge, max_unavailable) = ds.update_strategy.budgets(desired);
        let decision = update::rolling_update(
            max_surge,
            max_unavailable,
            desired,
            &cache.roll,
            &cache.sets,
        );
        let already: BTreeSet<String> = plan.deletes.iter().map(|d| d.pod.clone()).collect();
        let mut deletes = 0usize;
        for slot in decision.delete_old_on {
            if deletes >= BURST_REPLICAS {
                break;
            }
            let Some(node) = view.node(slot) else {
                continue;
            };
            scratch.clear();
            view.daemon_pods_on(slot, &mut scratch);
            let old = scratch.iter().find(|p| {
                !p.is_terminating() && !update::is_pod_updated(p, hash, ds.template_generation)
            });
            if let Some(p) = old {
                if !already.contains(&p.name) {
                    plan.deletes.push(Delete {
                        pod: p.name.clone(),
                        node: Some(node.name.clone()),
                        reason: DeleteReason::RollingUpdate,
                    });
                    deletes += 1;
                }
            }
        }
        let mut creates = 0usize;
        for slot in decision.create_on {
            if creates >= BURST_REPLICAS {
                break;
            }
            let Some(node) = view.node(slot) else {
                continue;
            };
            if plan.creates.iter().any(|c| c.node == node.name) {
                continue;
            }
            plan.creates.push(Create {
                node: node.name.clone(),
                hash: hash.to_string(),
                template_generation: ds.template_generation,
            });
            creates += 1;
        }
    }

    // History cleanup (only when over the limit; needs a scan of live hashes).
    let old_count = revision_count.saturating_sub(1);
    if old_count as i64 > i64::from(ds.revision_history_limit.max(0)) {
        let live = view.live_hashes();
        plan.revisions_to_delete = history::revisions_to_clean(
            &current_name,
            &revisions,
            ds.revision_history_limit,
            &live,
        );
    }

    plan.status = Some(
        cache
            .status
            .to_status(ds.generation, ds.status.collision_count),
    );
    plan
}

/// Adapts a `ClusterView` snapshot to `ClusterRead` for one DaemonSet.
pub struct SnapshotView<'a> {
    view: &'a ClusterView<'a>,
    ds: &'a DaemonSet,
    by_slot: HashMap<u32, Vec<&'a Pod>>,
    elsewhere: Vec<&'a Pod>,
}

impl<'a> SnapshotView<'a> {
    pub fn new(ds: &'a DaemonSet, view: &'a ClusterView<'a>) -> Self {
        let index: HashMap<&str, u32> = view
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.name.as_str(), i as u32))
            .collect();
        let mut by_slot: HashMap<u32, Vec<&'a Pod>> = HashMap::new();
        let mut elsewhere = Vec::new();
        for &p in &view.pods {
            if !owns(ds, p) || !counts_for_controller(p) {
                continue;
            }
            let Some(target) = p.assigned_node() else {
                continue;
            };
            match index.get(target) {
                Some(&slot) => by_slot.entry(slot).or_default().push(p),
                None => elsewhere.push(p),
            }
        }
        SnapshotView {
            view,
            ds,
            by_slot,
            elsewhere,
        }
    }
}

impl ClusterRead for SnapshotView<'_> {
    fn now(&self) -> SimTime {
        self.view.now
    }
    fn node_slots(&self) -> u32 {
        self.view.nodes.len() as u32
    }
    fn node(&self, slot: u32) -> Option<&Node> {
        self.view.nodes.get(slot as usize).copied()
    }
    fn daemon_pods_on<'s>(&'s self, slot: u32, out: &mut Vec<&'s Pod>) {
        if let Some(v) = self.by_slot.get(&slot) {
            out.extend(v.iter().copied());
        }
    }
    fn daemon_pods_elsewhere<'s>(&'s self, out: &mut Vec<&'s Pod>) {
        out.extend(self.elsewhere.iter().copied());
    }
    fn revisions(&self) -> Vec<&ControllerRevision> {
        self.view
            .revisions
            .iter()
            .copied()
            .filter(|r| r.owner_ds == self.ds.name && r.namespace == self.ds.namespace)
            .collect()
    }
    fn backoff(&self, node: &str) -> Option<Backoff> {
        self.view.failed_pod_backoff.get(node).copied()
    }
    fn live_hashes(&self) -> BTreeSet<String> {
        self.by_slot
            .values()
            .flatten()
            .chain(self.elsewhere.iter())
            .filter_map(|p| p.revision_hash().map(str::to_string))
            .collect()
    }
}
