//! UI actions and the kubectl (or `sim`) command line each one stands for.
//!
//! This is invariant 5 of ARCHITECTURE.md: a drag, a chip's ×, the cordon button — each becomes
//! exactly the command a learner could type, run through dsp-kubectl and echoed in the terminal.

use dsp_kubectl::shell::quote;

/// Something the user did on the board, the inspector or the cluster panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UiAction {
    /// Dropping a node card on a lane: set (or remove, for the "no value" lane) the lane's key.
    MoveNodeToLane {
        node: String,
        key: String,
        value: Option<String>,
    },
    AddLabel {
        node: String,
        key: String,
        value: String,
    },
    /// A label spec typed in the inspector (`key=value` or `key-`), passed to kubectl as typed.
    LabelSpec {
        node: String,
        spec: String,
    },
    RemoveLabel {
        node: String,
        key: String,
    },
    AddTaint {
        node: String,
        taint: String,
    },
    RemoveTaint {
        node: String,
        taint: String,
    },
    Cordon {
        node: String,
    },
    Uncordon {
        node: String,
    },
    SetReady {
        node: String,
        ready: bool,
    },
    DeleteNode {
        node: String,
    },
    DeletePod {
        pod: String,
    },
    /// The pod panel's "kubectl describe": the whole description, in the terminal.
    DescribePod {
        pod: String,
    },
    /// `sim add-nodes`: `from` is the first free index, so names never collide.
    AddNodes {
        count: u32,
        from: u32,
    },
    Rollback {
        ds: String,
        revision: i64,
    },
    RolloutRestart {
        ds: String,
    },
    DeleteDaemonSet {
        ds: String,
    },
}

impl UiAction {
    /// The command line this action stands for, exactly as a learner would type it.
    pub fn command(&self) -> String {
        match self {
            UiAction::MoveNodeToLane {
                node,
                key,
                value: Some(v),
            } => {
                format!(
                    "kubectl label node {} {}={} --overwrite",
                    quote(node),
                    quote(key),
                    quote(v)
                )
            }
            UiAction::MoveNodeToLane {
                node,
                key,
                value: None,
            }
            | UiAction::RemoveLabel { node, key } => {
                format!("kubectl label node {} {}-", quote(node), quote(key))
            }
            UiAction::AddLabel { node, key, value } => {
                format!(
                    "kubectl label node {} {}={} --overwrite",
                    quote(node),
                    quote(key),
                    quote(value)
                )
            }
            UiAction::LabelSpec { node, spec } => format!(
                "kubectl label node {} {} --overwrite",
                quote(node),
                quote(spec)
            ),
            UiAction::AddTaint { node, taint } => {
                format!("kubectl taint nodes {} {}", quote(node), quote(taint))
            }
            UiAction::RemoveTaint { node, taint } => {
                format!("kubectl taint nodes {} {}-", quote(node), quote(taint))
            }
            UiAction::Cordon { node } => format!("kubectl cordon {}", quote(node)),
            UiAction::Uncordon { node } => format!("kubectl uncordon {}", quote(node)),
            UiAction::SetReady { node, ready } => {
                format!(
                    "sim node {} {}",
                    quote(node),
                    if *ready { "ready" } else { "not-ready" }
                )
            }
            UiAction::DeleteNode { node } => format!("kubectl delete node {}", quote(node)),
            UiAction::DeletePod { pod } => format!("kubectl delete pod {}", quote(pod)),
            UiAction::DescribePod { pod } => format!("kubectl describe pod {}", quote(pod)),
            UiAction::AddNodes { count, from: 0 } => format!("sim add-nodes {count}"),
            UiAction::AddNodes { count, from } => format!("sim add-nodes {count} --from {from}"),
            UiAction::Rollback { ds, revision } => {
                format!(
                    "kubectl rollout undo ds/{} --to-revision={revision}",
                    quote(ds)
                )
            }
            UiAction::RolloutRestart { ds } => format!("kubectl rollout restart ds/{}", quote(ds)),
            UiAction::DeleteDaemonSet { ds } => format!("kubectl delete ds {}", quote(ds)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropping_a_node_on_a_lane_labels_it_with_overwrite() {
        let a = UiAction::MoveNodeToLane {
            node: "10.0.10.5".into(),
            key: "app".into(),
            value: Some("frontend-node".into()),
        };
        assert_eq!(
            a.command(),
            "kubectl label node 10.0.10.5 app=frontend-node --overwrite"
        );
    }

    #[test]
    fn dropping_a_node_on_the_no_value_lane_removes_the_label() {
        let a = UiAction::MoveNodeToLane {
            node: "n1".into(),
            key: "app".into(),
            value: None,
        };
        assert_eq!(a.command(), "kubectl label node n1 app-");
    }

    #[test]
    fn odd_words_are_quoted_so_the_interpreter_reads_them_back() {
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote(""), "''");
        assert_eq!(
            quote("node.kubernetes.io/x=y:NoSchedule"),
            "node.kubernetes.io/x=y:NoSchedule"
        );
    }

    #[test]
    fn rollback_and_taint_commands_read_like_kubectl() {
        assert_eq!(
            UiAction::Rollback {
                ds: "frontend".into(),
                revision: 2
            }
            .command(),
            "kubectl rollout undo ds/frontend --to-revision=2"
        );
        assert_eq!(
            UiAction::RemoveTaint {
                node: "n".into(),
                taint: "dedicated=x:NoSchedule".into()
            }
            .command(),
            "kubectl taint nodes n dedicated=x:NoSchedule-"
        );
        assert_eq!(
            UiAction::SetReady {
                node: "n".into(),
                ready: false
            }
            .command(),
            "sim node n not-ready"
        );
    }
}
