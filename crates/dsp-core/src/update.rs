//! Rolling updates: Kubernetes' `rollingUpdate` in its no-surge and surge forms.
//!
//! Assumptions: every node is classified on its own (`classify_node`) into counters and
//! `node_set` bits; the controller keeps the sums and one ordered set of nodes per bit, so
//! a rolling-update step costs O(actions), not O(nodes).
//!
//! Invariants (no surge): available old pods are only deleted while fewer than
//! `maxUnavailable` nodes are unavailable; old pods that are already unavailable are replaced
//! at once (they count as unavailable but never wait for budget).
//! (Surge): a new pod is created before the old one goes, at most `maxSurge` nodes surge at
//! once, and old pods only go when their replacement is available.

use crate::model::{Pod, TEMPLATE_GENERATION_LABEL};
use crate::placement::Placement;
use crate::time::SimTime;
use std::collections::BTreeSet;

/// `IsPodUpdated` (Kubernetes' `pkg/controller/daemon/util`): hash label equals the current
/// hash, or the template generation label equals the DaemonSet's template generation.
pub fn is_pod_updated(pod: &Pod, hash: &str, template_generation: i64) -> bool {
    (!hash.is_empty() && pod.revision_hash() == Some(hash))
        || pod
            .labels
            .get(TEMPLATE_GENERATION_LABEL)
            .is_some_and(|g| g.parse::<i64>().ok() == Some(template_generation))
}

/// The node sets of a rolling update: each constant names one set of nodes (the pod on it
/// and what the update does with it), is its bit in `classify_node`'s mask and its index in the
/// array of sets the controller keeps per DaemonSet.
pub mod node_set {
    /// No surge: the only pod is old and unavailable → replace now, without budget.
    pub const NS_ALLOWED: usize = 0;
    /// No surge: the only pod is old and available → replace while budget lasts.
    pub const NS_CANDIDATE: usize = 1;
    /// Surge: old unavailable pod on a node that should run → create a new pod now.
    pub const S_CREATE: usize = 2;
    /// Surge: delete the old pod (unavailable and node ineligible, or its new pod is available).
    pub const S_DELETE_OLD: usize = 3;
    /// Surge: old available pod on a node that should run → surge while budget lasts.
    pub const S_CANDIDATE: usize = 4;
    /// Surge: old available pod on a node that should not run → delete if availability allows.
    pub const S_SHOULD_NOT_RUN: usize = 5;
    pub const COUNT: usize = 6;
}

/// Per-node rolling-update counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RollCounts {
    /// No surge: this node counts against maxUnavailable.
    pub unavailable: i32,
    /// Surge: this node counts against maxSurge.
    pub surge: i32,
    /// Surge: this node has an available pod (the old one's availability if there is one).
    pub available: i32,
}

impl RollCounts {
    pub fn add(&mut self, o: &RollCounts) {
        self.unavailable += o.unavailable;
        self.surge += o.surge;
        self.available += o.available;
    }
    pub fn sub(&mut self, o: &RollCounts) {
        self.unavailable -= o.unavailable;
        self.surge -= o.surge;
        self.available -= o.available;
    }
}

/// Parameters shared by every node of one classification.
#[derive(Debug, Clone, Copy)]
pub struct RollContext<'h> {
    pub now: SimTime,
    pub hash: &'h str,
    pub template_generation: i64,
    pub min_ready_seconds: i32,
}

/// Classifies one node of the working map (nodes with pods, plus desired nodes). Returns the
/// counters and a bit mask of its `node_set` memberships. `pods` include Terminating ones.
pub fn classify_node(
    ctx: &RollContext<'_>,
    placement: Placement,
    pods: &[&Pod],
) -> (RollCounts, u8) {
    let mut counts = RollCounts::default();
    if pods.is_empty() && !placement.should_run {
        return (counts, 0); // not in the working map
    }
    // findUpdatedPodsOnNode: at most one new and one old non-terminating pod.
    let mut new: Option<&Pod> = None;
    let mut old: Option<&Pod> = None;
    let mut ok = true;
    for &p in pods {
        if p.is_terminating() {
            continue;
        }
        let slot = if is_pod_updated(p, ctx.hash, ctx.template_generation) {
            &mut new
        } else {
            &mut old
        };
        if slot.is_some() {
            ok = false;
        }
        *slot = Some(p);
    }
    let avail = |p: &Pod| p.is_available(ctx.min_ready_seconds, ctx.now);
    let mut mask = 0u8;
    let mut set = |c: usize| mask |= 1 << c;
    if !ok {
        counts.unavailable = 1;
        counts.surge = 1;
        return (counts, 0);
    }
    // No-surge view.
    match (new, old) {
        (None, None) | (Some(_), Some(_)) => counts.unavailable = 1,
        (Some(n), None) => counts.unavailable = i32::from(!avail(n)),
        (None, Some(o)) => {
            if avail(o) {
                set(node_set::NS_CANDIDATE);
            } else {
                // An "allowed replacement": deleted without waiting for budget, but the node
                // still counts against maxUnavailable.
                set(node_set::NS_ALLOWED);
                counts.unavailable = 1;
            }
        }
    }
    // Surge view.
    if let Some(o) = old {
        counts.available = i32::from(avail(o));
    } else if let Some(n) = new {
        counts.available = i32::from(avail(n));
    }
    match (new, old) {
        (_, None) => {}
        (None, Some(o)) => {
            if !avail(o) {
                if placement.should_run {
                    set(node_set::S_CREATE);
                } else {
                    set(node_set::S_DELETE_OLD);
                }
            } else if placement.should_run {
                set(node_set::S_CANDIDATE);
            } else {
                set(node_set::S_SHOULD_NOT_RUN);
            }
        }
        (Some(n), Some(_)) => {
            if avail(n) {
                set(node_set::S_DELETE_OLD);
            } else {
                counts.surge = 1;
            }
        }
    }
    (counts, mask)
}

/// Nodes the rolling update acts on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RollingDecision {
    /// Delete the (single, non-terminating) old pod on these node slots.
    pub delete_old_on: Vec<u32>,
    /// Create a new pod on these node slots (surge).
    pub create_on: Vec<u32>,
}

/// `rollingUpdate` over precomputed totals and node sets (ordered by node slot).
pub fn rolling_update(
    max_surge: i32,
    max_unavailable: i32,
    desired: i32,
    totals: &RollCounts,
    sets: &[BTreeSet<u32>; node_set::COUNT],
) -> RollingDecision {
    let mut d = RollingDecision::default();
    if max_surge == 0 {
        d.delete_old_on
            .extend(sets[node_set::NS_ALLOWED].iter().copied());
        let remaining = (max_unavailable - totals.unavailable).max(0) as usize;
        d.delete_old_on
            .extend(sets[node_set::NS_CANDIDATE].iter().take(remaining).copied());
        return d;
    }
    d.create_on.extend(sets[node_set::S_CREATE].iter().copied());
    let remaining = (max_surge - totals.surge).max(0) as usize;
    d.create_on
        .extend(sets[node_set::S_CANDIDATE].iter().take(remaining).copied());
    d.delete_old_on
        .extend(sets[node_set::S_DELETE_OLD].iter().copied());
    // Should-not-run nodes only lose their old pod while more nodes are available than
    // desired (the application keeps 100% availability while its placement moves).
    let deletable = (totals.available - desired).max(0) as usize;
    d.delete_old_on.extend(
        sets[node_set::S_SHOULD_NOT_RUN]
            .iter()
            .take(deletable)
            .copied(),
    );
    d
}
