//! The plain-English views of the simulation: why a DaemonSet does (not) run a pod on a node,
//! and the numbers of a rollout.

use super::Simulation;
use crate::model::*;
use crate::placement;
use crate::update;

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
    /// Where the rollout stands (`kubectl rollout status`; dsp-kubectl words it).
    pub status: RolloutStatus,
    /// What holds the rollout back, in plain words: up to three new pods that are not available
    /// yet (`frontend-x on node-1 is ImagePullBackOff`), or the old pods still to replace.
    pub blocked_by: Vec<String>,
}

/// How many not-yet-available new pods `RolloutProgress::blocked_by` names.
const BLOCKED_BY_SHOWN: usize = 3;

impl Simulation {
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

    /// Rollout numbers: budgets, pods, where the rollout stands and what holds it back.
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
        Some(RolloutProgress {
            desired: s.desired_number_scheduled,
            updated: s.updated_number_scheduled,
            available: s.number_available,
            unavailable: s.number_unavailable,
            max_unavailable,
            max_surge,
            surging,
            old_pods,
            status: d.rollout_status(),
            blocked_by,
        })
    }
}
