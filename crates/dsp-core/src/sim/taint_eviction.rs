//! The taint eviction controller (`pkg/controller/tainteviction/taint_eviction.go`), for the one
//! case the DaemonSet controller leaves to it: a pod that tolerates every `NoExecute` taint of
//! its node, but some only for `tolerationSeconds`. The DaemonSet controller ignores the seconds
//! and keeps the pod; this controller deletes it when the shortest of those tolerations runs
//! out, counted from when it noticed the taint or the pod, with a `TaintManagerEviction` event.
//! The DaemonSet then creates a new pod, which is evicted in turn: the create/evict loop of a
//! DaemonSet that tolerates a taint only for a while. Pods that do not tolerate a `NoExecute`
//! taint are deleted by the DaemonSet controller itself, so they are not handled here twice.

use super::{PodKey, Simulation, Timer};
use crate::model::{EventType, TaintEffect};
use crate::time::SimDuration;

/// The controller's name, which its events carry as their source.
const SOURCE: &str = "taint-eviction-controller";

impl Simulation {
    /// Looks at one pod after it was bound or its node's `NoExecute` taints changed: schedules
    /// its eviction, keeps one already scheduled, or cancels it.
    pub(crate) fn process_taint_eviction(&mut self, k: &PodKey) {
        let Some(pod) = self.live_pod(k) else {
            return;
        };
        let node = pod.node_name.as_deref().and_then(|n| self.node(n));
        let taints: Vec<_> = node
            .map(|n| {
                n.taints
                    .iter()
                    .filter(|t| t.effect == TaintEffect::NoExecute)
                    .collect()
            })
            .unwrap_or_default();
        // For each taint the first toleration that matches (`GetMatchingTolerations`); the
        // shortest `tolerationSeconds` among them, if any has one.
        let mut all_tolerated = true;
        let mut shortest: Option<i64> = None;
        for taint in &taints {
            match pod.tolerations.iter().find(|t| t.tolerates(taint)) {
                None => all_tolerated = false,
                Some(t) => {
                    if let Some(s) = t.toleration_seconds {
                        shortest = Some(shortest.map_or(s, |m| m.min(s)));
                    }
                }
            }
        }
        let seconds = match shortest {
            Some(s) if all_tolerated && !taints.is_empty() => s.max(0),
            // No NoExecute taint, tolerated forever, or not tolerated (the DaemonSet
            // controller deletes the pod itself).
            _ => return self.cancel_taint_eviction(k),
        };
        if self.taint_evictions.contains_key(k) {
            return; // counted from when it was first noticed
        }
        let at = self.now() + SimDuration::from_secs(seconds);
        self.taint_evictions.insert(k.clone(), at);
        self.schedule(at, Timer::TaintEviction(k.clone()));
    }

    /// Every pod bound to the node, after its `NoExecute` taints changed.
    pub(crate) fn process_taint_evictions_on(&mut self, node: &str) {
        let keys: Vec<PodKey> = self
            .pods_on_node(node)
            .iter()
            .filter_map(|p| self.key_of(&p.name))
            .collect();
        for k in keys {
            self.process_taint_eviction(&k);
        }
    }

    /// Drops a scheduled eviction, with the event the real controller records for it.
    pub(crate) fn cancel_taint_eviction(&mut self, k: &PodKey) {
        if self.taint_evictions.remove(k).is_none() {
            return;
        }
        if let Some(name) = self.live_pod(k).map(|p| p.name.clone()) {
            self.record_event(
                "Pod",
                &name,
                EventType::Normal,
                "TaintManagerEviction",
                format!("Cancelling deletion of Pod default/{name}"),
                SOURCE,
            );
        }
    }

    /// The timer of a scheduled eviction fired: the pod is marked for deletion and deleted.
    pub(crate) fn taint_evict(&mut self, k: &PodKey) {
        if self.taint_evictions.get(k) != Some(&self.now()) {
            return; // cancelled, or rescheduled
        }
        self.taint_evictions.remove(k);
        let Some(name) = self.live_pod(k).map(|p| p.name.clone()) else {
            return;
        };
        self.record_event(
            "Pod",
            &name,
            EventType::Normal,
            "TaintManagerEviction",
            format!("Marking for deletion Pod default/{name}"),
            SOURCE,
        );
        self.delete_pod_internal(&name, None);
    }
}
