//! DaemonSet status: per-node contributions that the controller sums. Only the oldest pod
//! on a desired node is inspected for ready/available/updated, exactly like
//! `updateDaemonSetStatus`, so during a surge a node keeps reporting its old pod.

use crate::manage::oldest_first;
use crate::model::{DaemonSetStatus, Pod};
use crate::placement::Placement;
use crate::time::SimTime;
use crate::update::is_pod_updated;

/// One node's contribution to the status counters (each 0 or 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatusCounts {
    pub desired: i32,
    pub current: i32,
    pub misscheduled: i32,
    pub ready: i32,
    pub available: i32,
    pub updated: i32,
}

impl StatusCounts {
    pub fn add(&mut self, o: &StatusCounts) {
        self.desired += o.desired;
        self.current += o.current;
        self.misscheduled += o.misscheduled;
        self.ready += o.ready;
        self.available += o.available;
        self.updated += o.updated;
    }
    pub fn sub(&mut self, o: &StatusCounts) {
        self.desired -= o.desired;
        self.current -= o.current;
        self.misscheduled -= o.misscheduled;
        self.ready -= o.ready;
        self.available -= o.available;
        self.updated -= o.updated;
    }

    /// The status object for these totals.
    pub fn to_status(
        self,
        observed_generation: i64,
        collision_count: Option<i32>,
    ) -> DaemonSetStatus {
        DaemonSetStatus {
            current_number_scheduled: self.current,
            number_misscheduled: self.misscheduled,
            desired_number_scheduled: self.desired,
            number_ready: self.ready,
            observed_generation,
            updated_number_scheduled: self.updated,
            number_available: self.available,
            number_unavailable: self.desired - self.available,
            collision_count,
        }
    }
}

/// Parameters shared by every node of one status computation.
#[derive(Debug, Clone, Copy)]
pub struct StatusContext<'h> {
    pub now: SimTime,
    pub hash: &'h str,
    pub template_generation: i64,
    pub min_ready_seconds: i32,
}

/// One existing node's contribution. `pods` are the DaemonSet's pods on it, Terminating included.
pub fn node_status(ctx: &StatusContext<'_>, placement: Placement, pods: &[&Pod]) -> StatusCounts {
    let mut c = StatusCounts::default();
    let scheduled = !pods.is_empty();
    if !placement.should_run {
        c.misscheduled = i32::from(scheduled);
        return c;
    }
    c.desired = 1;
    let Some(oldest) = pods.iter().copied().min_by(|a, b| oldest_first(a, b)) else {
        return c;
    };
    c.current = 1;
    if oldest.ready {
        c.ready = 1;
        c.available = i32::from(oldest.is_available(ctx.min_ready_seconds, ctx.now));
    }
    c.updated = i32::from(is_pod_updated(oldest, ctx.hash, ctx.template_generation));
    c
}
