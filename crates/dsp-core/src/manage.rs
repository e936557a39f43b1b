//! Per-node pod management: Kubernetes' `podsShouldBeOnNode`. Given one node's placement
//! and the DaemonSet's pods mapped to it, decide whether to create a pod there and which pods to
//! delete (ineligible, duplicate, failed, succeeded, or the loser of a surge pair).

use crate::model::{Pod, PodPhase};
use crate::placement::Placement;
use crate::time::{SimDuration, SimTime};
use std::cmp::Ordering;

/// Initial failed-pod back-off.
pub const FAILED_POD_BACKOFF_INITIAL: SimDuration = SimDuration::from_secs(1);
/// Failed-pod back-off cap.
pub const FAILED_POD_BACKOFF_MAX: SimDuration = SimDuration::from_mins(15);
/// At most this many creates and this many deletes per sync.
pub const BURST_REPLICAS: usize = 250;

/// Why the controller deletes a pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeleteReason {
    /// The node no longer allows the pod (shouldContinueRunning = false).
    NotEligible,
    /// More than one daemon pod on the node; the oldest stays.
    Duplicate,
    /// The pod failed; deleted with back-off.
    Failed,
    /// The pod completed (daemons should not).
    Succeeded,
    /// An old-revision pod replaced by the rolling update.
    RollingUpdate,
    /// The old pod of a surge pair, once the new one is available (or the old one is not ready).
    SurgeReplaced,
    /// An unscheduled pod whose target node does not exist.
    NodeMissing,
}

/// Slow start: create batch sizes 1, 2, 4, … (the last one capped) for `n` creates.
/// If any create in a batch fails, the remaining batches are skipped until a later sync.
pub fn slow_start_batches(n: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut size = 1;
    let mut left = n;
    while left > 0 {
        let b = size.min(left);
        out.push(b);
        left -= b;
        size *= 2;
    }
    out
}

/// Per-node failed-pod back-off state (`flowcontrol.Backoff` entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub last_update: SimTime,
    pub delay: SimDuration,
}

impl Backoff {
    /// Still backing off at `now`?
    pub fn in_backoff(&self, now: SimTime) -> bool {
        now - self.last_update < self.delay
    }

    /// The next entry after a deletion at `now` (doubles, capped; resets after 2×max idle).
    pub fn next(prev: Option<Backoff>, now: SimTime) -> Backoff {
        let delay = match prev {
            Some(b) if now - b.last_update <= SimDuration(FAILED_POD_BACKOFF_MAX.0 * 2) => {
                SimDuration((b.delay.0 * 2).min(FAILED_POD_BACKOFF_MAX.0))
            }
            _ => FAILED_POD_BACKOFF_INITIAL,
        };
        Backoff {
            last_update: now,
            delay,
        }
    }
}

/// What manage decided for one node.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct NodeDecision<'p> {
    pub create: bool,
    pub deletes: Vec<(&'p Pod, DeleteReason)>,
    /// A failed pod was deleted: record this back-off entry.
    pub backoff: Option<Backoff>,
    /// A failed pod waits for back-off: sync again at this time.
    pub retry_at: Option<SimTime>,
}

/// Context of one manage decision.
#[derive(Debug, Clone, Copy)]
pub struct ManageContext<'h> {
    pub now: SimTime,
    pub hash: &'h str,
    pub allows_surge: bool,
    pub min_ready_seconds: i32,
}

/// `podsShouldBeOnNode`. `pods` are the DaemonSet's pods on this node, Terminating included.
pub fn pods_should_be_on_node<'p>(
    ctx: &ManageContext<'_>,
    placement: Placement,
    pods: &[&'p Pod],
    backoff: Option<Backoff>,
    out: &mut NodeDecision<'p>,
) {
    let exists = !pods.is_empty();
    if placement.should_run && !exists {
        out.create = true;
        return;
    }
    if !exists {
        return;
    }
    // Fast path for the common settled case: one live, non-terminal pod needs nothing.
    if placement.should_continue_running
        && pods.len() == 1
        && !pods[0].is_terminating()
        && !matches!(pods[0].phase, PodPhase::Failed | PodPhase::Succeeded)
    {
        return;
    }
    if !placement.should_continue_running {
        for p in pods.iter().filter(|p| !p.is_terminating()) {
            out.deletes.push((p, DeleteReason::NotEligible));
        }
        return;
    }
    let mut running: Vec<&'p Pod> = Vec::with_capacity(pods.len());
    let mut backoff = backoff;
    for &p in pods {
        if p.is_terminating() {
            continue;
        }
        match p.phase {
            PodPhase::Failed => {
                if let Some(b) = backoff.filter(|b| b.in_backoff(ctx.now)) {
                    let at = b.last_update + b.delay;
                    out.retry_at = Some(out.retry_at.map_or(at, |r: SimTime| r.min(at)));
                    continue;
                }
                let next = Backoff::next(backoff, ctx.now);
                backoff = Some(next);
                out.backoff = Some(next);
                out.deletes.push((p, DeleteReason::Failed));
            }
            PodPhase::Succeeded => out.deletes.push((p, DeleteReason::Succeeded)),
            _ => running.push(p),
        }
    }
    if !ctx.allows_surge {
        if running.len() > 1 {
            crate::sort::sort_by(&mut running, |a, b| oldest_first(a, b));
            for p in &running[1..] {
                out.deletes.push((p, DeleteReason::Duplicate));
            }
        }
        return;
    }
    if running.len() <= 1 {
        if running.is_empty() && placement.should_run {
            out.create = true;
        }
        return;
    }
    crate::sort::sort_by(&mut running, |a, b| oldest_first(a, b));
    let mut oldest_new: Option<&'p Pod> = None;
    let mut oldest_old: Option<&'p Pod> = None;
    for &p in &running {
        let slot = if p.revision_hash() == Some(ctx.hash) {
            &mut oldest_new
        } else {
            &mut oldest_old
        };
        if slot.is_none() {
            *slot = Some(p);
        } else {
            out.deletes.push((p, DeleteReason::Duplicate));
        }
    }
    if let (Some(new), Some(old)) = (oldest_new, oldest_old) {
        if !old.ready || new.is_available(ctx.min_ready_seconds, ctx.now) {
            out.deletes.push((old, DeleteReason::SurgeReplaced));
        }
    }
}

/// `podByCreationTimestampAndPhase`: scheduled pods first, then older, then by name.
pub fn oldest_first(a: &Pod, b: &Pod) -> Ordering {
    match (a.node_name.is_some(), b.node_name.is_some()) {
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        _ => {}
    }
    a.created.cmp(&b.created).then_with(|| a.name.cmp(&b.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slow_start_doubles_batches_and_caps_the_last() {
        assert_eq!(slow_start_batches(0), Vec::<usize>::new());
        assert_eq!(slow_start_batches(1), vec![1]);
        assert_eq!(slow_start_batches(5), vec![1, 2, 2]);
        assert_eq!(slow_start_batches(15), vec![1, 2, 4, 8]);
        assert_eq!(slow_start_batches(250).iter().sum::<usize>(), 250);
    }

    #[test]
    fn backoff_doubles_up_to_fifteen_minutes_and_resets_when_idle() {
        let t = SimTime(0);
        let b1 = Backoff::next(None, t);
        assert_eq!(b1.delay, SimDuration::from_secs(1));
        let mut b = b1;
        for _ in 0..20 {
            b = Backoff::next(Some(b), b.last_update + b.delay);
        }
        assert_eq!(b.delay, FAILED_POD_BACKOFF_MAX);
        let idle = b.last_update + SimDuration(FAILED_POD_BACKOFF_MAX.0 * 2 + 1);
        assert_eq!(
            Backoff::next(Some(b), idle).delay,
            FAILED_POD_BACKOFF_INITIAL
        );
    }
}
