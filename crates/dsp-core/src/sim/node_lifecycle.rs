//! What happens to a node's pods when its Ready condition changes, as the kubelet and the node
//! lifecycle controller do it (`pkg/controller/nodelifecycle`, `pkg/controller/util/node`):
//!
//! - The kubelet posts `NodeNotReady` / `NodeReady` events when it reports its own Ready
//!   condition False or True (`Node X status is now: NodeNotReady`).
//! - When the kubelet stops posting, the controller turns the node `Unknown` once the
//!   node-monitor grace period has run out (the playground's `sim node X unknown` is that
//!   instant), records `NodeNotReady` on the node and `MarkPodsNotReady`: the Ready condition of
//!   every pod on the node becomes False (a Warning `NodeNotReady`, `Node is not ready`, on
//!   each). Only the condition: the container statuses keep `ready: true`, so `kubectl get pods`
//!   still counts `1/1`, while the DaemonSet's READY and AVAILABLE drop. The controller does this
//!   only for a True → not-True change it makes itself, not for a node whose kubelet reports
//!   False.
//! - When the kubelet posts again, its status manager derives Ready from the containers once
//!   more, so the pods come back Ready.

use super::Simulation;
use crate::model::{EventType, NodeReady, PodPhase};

impl Simulation {
    /// The events and pod updates of a Ready-condition change from `was` to `now_ready`.
    pub(crate) fn node_ready_changed(&mut self, node: &str, was: NodeReady, now_ready: NodeReady) {
        if was == now_ready {
            return;
        }
        let message = |status: &str| format!("Node {node} status is now: {status}");
        match now_ready {
            NodeReady::False => self.record_event(
                "Node",
                node,
                EventType::Normal,
                "NodeNotReady",
                message("NodeNotReady"),
                "kubelet",
            ),
            NodeReady::True => {
                self.record_event(
                    "Node",
                    node,
                    EventType::Normal,
                    "NodeReady",
                    message("NodeReady"),
                    "kubelet",
                );
                self.restore_pod_readiness(node);
            }
            NodeReady::Unknown => {
                if was == NodeReady::True {
                    self.record_event(
                        "Node",
                        node,
                        EventType::Normal,
                        "NodeNotReady",
                        message("NodeNotReady"),
                        "node-controller",
                    );
                    self.mark_pods_not_ready(node);
                }
            }
        }
    }

    /// `MarkPodsNotReady`: the Ready condition of each pod bound to the node turns False.
    fn mark_pods_not_ready(&mut self, node: &str) {
        let keys: Vec<_> = self
            .pods_on_node(node)
            .into_iter()
            .filter(|p| p.ready && !matches!(p.phase, PodPhase::Succeeded | PodPhase::Failed))
            .filter_map(|p| self.key_of(&p.name))
            .collect();
        let now = self.now();
        for k in keys {
            self.with_pod(&k, |p| {
                p.ready = false;
                p.ready_transition = Some(now);
            });
            self.pod_event(
                &k,
                EventType::Warning,
                "NodeNotReady",
                "Node is not ready".to_string(),
                "node-controller",
            );
        }
    }

    /// The kubelet is back: pods whose containers are all ready are Ready again.
    fn restore_pod_readiness(&mut self, node: &str) {
        let keys: Vec<_> = self
            .pods_on_node(node)
            .into_iter()
            .filter(|p| {
                !p.ready
                    && !p.is_terminating()
                    && !p.container_statuses.is_empty()
                    && p.container_statuses.iter().all(|c| c.ready)
            })
            .filter_map(|p| self.key_of(&p.name))
            .collect();
        for k in keys {
            self.update_pod_readiness(&k);
        }
    }
}
