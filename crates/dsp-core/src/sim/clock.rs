//! Simulated time: the timer queue and the calls that move time forward. Every timer fires at
//! its instant in (time, sequence) order, and the controller settles after each instant.

use super::{Simulation, RUN_UNTIL_IDLE_CAP};
use crate::time::{SimDuration, SimTime};
use std::cmp::Reverse;

/// Identifies a pod incarnation for timers (a re-created pod with the same name is another).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PodKey {
    pub id: u32,
    pub incarnation: u64,
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
    /// The namespace controller looks at a terminating namespace again (`objects.rs`).
    NamespaceCleanup(String),
    /// A deleted CRD's custom resources are deleted, then the CRD (`objects.rs`).
    CrdCleanup(String),
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

impl Simulation {
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

    /// Like [`Simulation::advance_to`], but stops after the instant in which the
    /// `max_timers`-th timer fired (counted from the call): returns `true` when time reached `t`,
    /// `false` when it stopped early (time is then the last instant that ran). What bounds the
    /// work of one command whatever the cluster does (a crash loop on 10,000 nodes fires
    /// millions of timers a simulated day).
    pub fn advance_to_within(&mut self, t: SimTime, max_timers: u64) -> bool {
        let start = self.timers_fired;
        while let Some(at) = self.next_timer() {
            if at > t {
                break;
            }
            if self.timers_fired - start >= max_timers {
                return false;
            }
            self.run_instant(at);
        }
        if t > self.now {
            self.now = t;
        }
        true
    }

    /// Timers fired since time zero. Only grows; it changes in every call that moves time
    /// (`advance_*`, `run_until_idle`) and in no other. Callers bound their work by its
    /// difference.
    pub fn timers_fired(&self) -> u64 {
        self.timers_fired
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
            self.timers_fired += 1;
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

    /// The instant `d` from now.
    pub(crate) fn after(&self, d: SimDuration) -> SimTime {
        self.now + d
    }
}
