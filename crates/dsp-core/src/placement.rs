//! Node eligibility: Kubernetes' `NodeShouldRunDaemonPod`. For a (node, DaemonSet) pair it
//! answers two questions: should a daemon pod be *created* here (`should_run`), and may an
//! existing one *stay* (`should_continue_running`). Only the template's nodeName, nodeSelector,
//! required node affinity and NoSchedule/NoExecute taints matter; readiness, cordon, resources
//! and PreferNoSchedule taints do not. Evaluation allocates nothing.

use crate::model::{
    Node, NodeAffinity, NodeSelectorOperator, NodeSelectorRequirement, NodeSelectorTerm,
    PodTemplate, Taint, TaintEffect, Toleration,
};

/// The two answers of `NodeShouldRunDaemonPod`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Placement {
    pub should_run: bool,
    pub should_continue_running: bool,
}

impl Placement {
    pub const RUN: Placement = Placement {
        should_run: true,
        should_continue_running: true,
    };
    pub const NEVER: Placement = Placement {
        should_run: false,
        should_continue_running: false,
    };
    pub const KEEP_ONLY: Placement = Placement {
        should_run: false,
        should_continue_running: true,
    };
}

/// Default tolerations every daemon pod gets, in the order Kubernetes appends them.
/// The last one (network-unavailable) only applies with `hostNetwork: true`.
pub const DEFAULT_TOLERATIONS: [(&str, TaintEffect); 7] = [
    ("node.kubernetes.io/not-ready", TaintEffect::NoExecute),
    ("node.kubernetes.io/unreachable", TaintEffect::NoExecute),
    ("node.kubernetes.io/disk-pressure", TaintEffect::NoSchedule),
    (
        "node.kubernetes.io/memory-pressure",
        TaintEffect::NoSchedule,
    ),
    ("node.kubernetes.io/pid-pressure", TaintEffect::NoSchedule),
    ("node.kubernetes.io/unschedulable", TaintEffect::NoSchedule),
    (
        "node.kubernetes.io/network-unavailable",
        TaintEffect::NoSchedule,
    ),
];

/// `NodeShouldRunDaemonPod` for a template and a node.
pub fn node_should_run(template: &PodTemplate, node: &Node) -> Placement {
    if let Some(name) = &template.node_name {
        if name != &node.name {
            return Placement::NEVER;
        }
    }
    if !required_affinity_matches(template, node) {
        return Placement::NEVER;
    }
    let mut blocked = false;
    for taint in &node.taints {
        if taint.effect == TaintEffect::PreferNoSchedule || tolerated(template, taint) {
            continue;
        }
        if taint.effect == TaintEffect::NoExecute {
            return Placement::NEVER;
        }
        blocked = true;
    }
    if blocked {
        Placement::KEEP_ONLY
    } else {
        Placement::RUN
    }
}

/// The taint that keeps this template's pod off a node its nodeName, nodeSelector and
/// required affinity pick: the first NoSchedule or NoExecute taint the template does not
/// tolerate. `None` when the node is not picked at all, or nothing keeps the pod off it.
pub fn excluding_taint<'a>(template: &PodTemplate, node: &'a Node) -> Option<&'a Taint> {
    if template.node_name.as_ref().is_some_and(|n| n != &node.name)
        || !required_affinity_matches(template, node)
    {
        return None;
    }
    node.taints
        .iter()
        .find(|t| t.effect != TaintEffect::PreferNoSchedule && !tolerated(template, t))
}

/// The tolerations a created daemon pod carries: the template's, then the defaults. A user
/// toleration identical to a default (key/operator/value/effect) is replaced in place.
pub fn pod_tolerations(template: &PodTemplate) -> Vec<Toleration> {
    let mut out = template.tolerations.clone();
    for (key, effect) in default_tolerations(template.host_network) {
        let def = Toleration::exists(key, effect);
        match out.iter_mut().find(|t| {
            t.key == def.key
                && t.operator == def.operator
                && t.value.as_deref().unwrap_or("").is_empty()
                && t.effect == def.effect
        }) {
            Some(existing) => *existing = def,
            None => out.push(def),
        }
    }
    out
}

/// The default tolerations that apply to a template.
pub fn default_tolerations(
    host_network: bool,
) -> impl Iterator<Item = (&'static str, TaintEffect)> {
    let n = if host_network { 7 } else { 6 };
    DEFAULT_TOLERATIONS.iter().take(n).copied()
}

/// Whether the template's tolerations, or a default daemon toleration, tolerate the taint.
pub fn tolerated(template: &PodTemplate, taint: &Taint) -> bool {
    template.tolerations.iter().any(|t| t.tolerates(taint))
        || default_tolerations(template.host_network)
            .any(|(k, e)| k == taint.key && e == taint.effect)
}

/// nodeSelector AND required node affinity.
pub fn required_affinity_matches(template: &PodTemplate, node: &Node) -> bool {
    template
        .node_selector
        .iter()
        .all(|(k, v)| node.labels.get(k) == Some(v))
        && template
            .affinity
            .as_ref()
            .is_none_or(|a| affinity_matches(a, node))
}

/// Terms are ORed; empty terms are dropped; zero usable terms match nothing.
pub fn affinity_matches(affinity: &NodeAffinity, node: &Node) -> bool {
    affinity
        .required_terms
        .iter()
        .any(|term| term_matches(term, node))
}

/// One nodeSelectorTerm: all expressions and all fields must hold; an empty term never matches.
pub fn term_matches(term: &NodeSelectorTerm, node: &Node) -> bool {
    if term.match_expressions.is_empty() && term.match_fields.is_empty() {
        return false;
    }
    term.match_expressions
        .iter()
        .all(|r| expression_matches(r, node))
        && term.match_fields.iter().all(|r| field_matches(r, node))
}

/// A matchExpressions requirement against node labels; malformed requirements never match.
pub fn expression_matches(r: &NodeSelectorRequirement, node: &Node) -> bool {
    let Some(op) = r.operator else { return false };
    let value = node.labels.get(&r.key);
    match op {
        NodeSelectorOperator::In => {
            !r.values.is_empty() && value.is_some_and(|v| r.values.contains(v))
        }
        NodeSelectorOperator::NotIn => {
            !r.values.is_empty() && value.is_none_or(|v| !r.values.contains(v))
        }
        NodeSelectorOperator::Exists => r.values.is_empty() && value.is_some(),
        NodeSelectorOperator::DoesNotExist => r.values.is_empty() && value.is_none(),
        NodeSelectorOperator::Gt | NodeSelectorOperator::Lt => {
            let [bound] = r.values.as_slice() else {
                return false;
            };
            let Ok(bound) = bound.parse::<i64>() else {
                return false;
            };
            let Some(Ok(actual)) = value.map(|v| v.parse::<i64>()) else {
                return false;
            };
            if op == NodeSelectorOperator::Gt {
                actual > bound
            } else {
                actual < bound
            }
        }
    }
}

/// A matchFields requirement: only `metadata.name` with In/NotIn and exactly one value.
pub fn field_matches(r: &NodeSelectorRequirement, node: &Node) -> bool {
    if r.key != "metadata.name" || r.values.len() != 1 {
        return false;
    }
    match r.operator {
        Some(NodeSelectorOperator::In) => r.values[0] == node.name,
        Some(NodeSelectorOperator::NotIn) => r.values[0] != node.name,
        _ => false,
    }
}

/// Plain-English reasons behind `node_should_run`, for `explain` and the UI.
pub fn explain_placement(template: &PodTemplate, node: &Node) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(name) = &template.node_name {
        if name == &node.name {
            lines.push(format!(
                "The pod template pins spec.nodeName to {name}, which is this node."
            ));
        } else {
            lines.push(format!(
                "The pod template pins spec.nodeName to {name}, so no pod belongs on {}.",
                node.name
            ));
            return lines;
        }
    }
    if template.node_selector.is_empty() {
        lines.push("No nodeSelector: every node's labels are acceptable.".to_string());
    } else {
        for (k, v) in &template.node_selector {
            match node.labels.get(k) {
                Some(actual) if actual == v => {
                    lines.push(format!("nodeSelector {k}={v} matches the node's label."))
                }
                Some(actual) => lines.push(format!(
                    "nodeSelector {k}={v} does not match: the node has {k}={actual}."
                )),
                None => lines.push(format!(
                    "nodeSelector {k}={v} does not match: the node has no label {k}."
                )),
            }
        }
    }
    if let Some(aff) = &template.affinity {
        if affinity_matches(aff, node) {
            lines.push("Required node affinity matches this node.".to_string());
        } else {
            lines.push(
                "Required node affinity does not match this node (no nodeSelectorTerm is satisfied)."
                    .to_string(),
            );
        }
    }
    if node.taints.is_empty() {
        lines.push("The node has no taints.".to_string());
    }
    for taint in &node.taints {
        if taint.effect == TaintEffect::PreferNoSchedule {
            lines.push(format!(
                "Taint {taint} is only a preference; the DaemonSet controller ignores it."
            ));
        } else if let Some(t) = template.tolerations.iter().find(|t| t.tolerates(taint)) {
            match t.toleration_seconds {
                Some(s) if taint.effect == TaintEffect::NoExecute => lines.push(format!(
                    "Taint {taint} is tolerated by the pod template for only {s}s: the taint eviction controller then evicts the pod, and the DaemonSet creates a new one."
                )),
                _ => lines.push(format!("Taint {taint} is tolerated by the pod template.")),
            }
        } else if tolerated(template, taint) {
            lines.push(format!(
                "Taint {taint} is tolerated by a default toleration every DaemonSet pod gets."
            ));
        } else if taint.effect == TaintEffect::NoExecute {
            lines.push(format!(
                "Taint {taint} is not tolerated and evicts: existing daemon pods are deleted."
            ));
        } else {
            lines.push(format!(
                "Taint {taint} is not tolerated: no new pod, but an existing pod may stay."
            ));
        }
    }
    if node.unschedulable {
        lines.push(
            "The node is cordoned, which DaemonSets ignore (their pods tolerate unschedulable)."
                .to_string(),
        );
    }
    lines
}
