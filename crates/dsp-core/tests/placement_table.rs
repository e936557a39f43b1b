//! The eligibility truth table of `NodeShouldRunDaemonPod`, one row per rule, ported from
//! TestNodeShouldRunDaemonPod and TestNodeAffinityDaemonLaunchesPods in daemon_controller_test.go.

use dsp_core::placement::{node_should_run, pod_tolerations, Placement};
use dsp_core::*;

fn node(labels: &[(&str, &str)], taints: &[(&str, TaintEffect)]) -> Node {
    let mut n = Node::new("node-1", SimTime(0));
    for (k, v) in labels {
        n.labels.insert(k.to_string(), v.to_string());
    }
    for (k, e) in taints {
        n.taints.push(Taint::new(k, None, *e));
    }
    n
}

fn req(key: &str, op: &str, values: &[&str]) -> NodeSelectorRequirement {
    NodeSelectorRequirement {
        key: key.to_string(),
        operator: NodeSelectorOperator::parse(op),
        values: values.iter().map(|v| v.to_string()).collect(),
    }
}

fn affinity(
    exprs: Vec<NodeSelectorRequirement>,
    fields: Vec<NodeSelectorRequirement>,
) -> PodTemplate {
    PodTemplate {
        affinity: Some(NodeAffinity {
            required_terms: vec![NodeSelectorTerm {
                match_expressions: exprs,
                match_fields: fields,
            }],
        }),
        ..Default::default()
    }
}

const RUN: Placement = Placement::RUN;
const KEEP: Placement = Placement::KEEP_ONLY;
const NEVER: Placement = Placement::NEVER;

#[test]
fn eligibility_truth_table() {
    let zone = &[("zone", "a"), ("cores", "8")][..];
    let rows: Vec<(&str, PodTemplate, Node, Placement)> = vec![
        (
            "no constraints",
            PodTemplate::default(),
            node(&[], &[]),
            RUN,
        ),
        (
            "nodeSelector matches",
            PodTemplate {
                node_selector: [("zone".into(), "a".into())].into(),
                ..Default::default()
            },
            node(zone, &[]),
            RUN,
        ),
        (
            "nodeSelector value differs",
            PodTemplate {
                node_selector: [("zone".into(), "b".into())].into(),
                ..Default::default()
            },
            node(zone, &[]),
            NEVER,
        ),
        (
            "nodeSelector key missing",
            PodTemplate {
                node_selector: [("disk".into(), "ssd".into())].into(),
                ..Default::default()
            },
            node(zone, &[]),
            NEVER,
        ),
        (
            "In matches",
            affinity(vec![req("zone", "In", &["a", "b"])], vec![]),
            node(zone, &[]),
            RUN,
        ),
        (
            "In misses",
            affinity(vec![req("zone", "In", &["c"])], vec![]),
            node(zone, &[]),
            NEVER,
        ),
        (
            "NotIn with key absent matches",
            affinity(vec![req("disk", "NotIn", &["hdd"])], vec![]),
            node(zone, &[]),
            RUN,
        ),
        (
            "NotIn with listed value misses",
            affinity(vec![req("zone", "NotIn", &["a"])], vec![]),
            node(zone, &[]),
            NEVER,
        ),
        (
            "Exists",
            affinity(vec![req("zone", "Exists", &[])], vec![]),
            node(zone, &[]),
            RUN,
        ),
        (
            "Exists with values is malformed",
            affinity(vec![req("zone", "Exists", &["a"])], vec![]),
            node(zone, &[]),
            NEVER,
        ),
        (
            "DoesNotExist",
            affinity(vec![req("gpu", "DoesNotExist", &[])], vec![]),
            node(zone, &[]),
            RUN,
        ),
        (
            "DoesNotExist misses",
            affinity(vec![req("zone", "DoesNotExist", &[])], vec![]),
            node(zone, &[]),
            NEVER,
        ),
        (
            "Gt",
            affinity(vec![req("cores", "Gt", &["4"])], vec![]),
            node(zone, &[]),
            RUN,
        ),
        (
            "Gt equal misses",
            affinity(vec![req("cores", "Gt", &["8"])], vec![]),
            node(zone, &[]),
            NEVER,
        ),
        (
            "Lt",
            affinity(vec![req("cores", "Lt", &["16"])], vec![]),
            node(zone, &[]),
            RUN,
        ),
        (
            "Gt on non-integer label",
            affinity(vec![req("zone", "Gt", &["1"])], vec![]),
            node(zone, &[]),
            NEVER,
        ),
        (
            "Gt with two values is malformed",
            affinity(vec![req("cores", "Gt", &["1", "2"])], vec![]),
            node(zone, &[]),
            NEVER,
        ),
        (
            "unknown operator",
            affinity(vec![req("zone", "Near", &["a"])], vec![]),
            node(zone, &[]),
            NEVER,
        ),
        (
            "matchFields metadata.name In",
            affinity(vec![], vec![req("metadata.name", "In", &["node-1"])]),
            node(&[], &[]),
            RUN,
        ),
        (
            "matchFields other node",
            affinity(vec![], vec![req("metadata.name", "In", &["node-2"])]),
            node(&[], &[]),
            NEVER,
        ),
        (
            "matchFields NotIn",
            affinity(vec![], vec![req("metadata.name", "NotIn", &["node-2"])]),
            node(&[], &[]),
            RUN,
        ),
        (
            "matchFields two values is malformed",
            affinity(vec![], vec![req("metadata.name", "In", &["node-1", "x"])]),
            node(&[], &[]),
            NEVER,
        ),
        (
            "matchFields unknown field",
            affinity(vec![], vec![req("metadata.uid", "In", &["node-1"])]),
            node(&[], &[]),
            NEVER,
        ),
        (
            "empty term matches nothing",
            affinity(vec![], vec![]),
            node(&[], &[]),
            NEVER,
        ),
        (
            "no terms at all matches nothing",
            PodTemplate {
                affinity: Some(NodeAffinity::default()),
                ..Default::default()
            },
            node(&[], &[]),
            NEVER,
        ),
        (
            "NoSchedule taint: keep but do not create",
            PodTemplate::default(),
            node(&[], &[("dedicated", TaintEffect::NoSchedule)]),
            KEEP,
        ),
        (
            "NoExecute taint: evict",
            PodTemplate::default(),
            node(&[], &[("dedicated", TaintEffect::NoExecute)]),
            NEVER,
        ),
        (
            "PreferNoSchedule ignored",
            PodTemplate::default(),
            node(&[], &[("soft", TaintEffect::PreferNoSchedule)]),
            RUN,
        ),
        (
            "not-ready NoExecute tolerated by default",
            PodTemplate::default(),
            node(
                &[],
                &[("node.kubernetes.io/not-ready", TaintEffect::NoExecute)],
            ),
            RUN,
        ),
        (
            "NotReady node (NoSchedule + NoExecute): keep only",
            PodTemplate::default(),
            node(
                &[],
                &[
                    ("node.kubernetes.io/not-ready", TaintEffect::NoSchedule),
                    ("node.kubernetes.io/not-ready", TaintEffect::NoExecute),
                ],
            ),
            KEEP,
        ),
        (
            "unschedulable taint tolerated by default",
            PodTemplate::default(),
            node(
                &[],
                &[("node.kubernetes.io/unschedulable", TaintEffect::NoSchedule)],
            ),
            RUN,
        ),
        (
            "network-unavailable not tolerated without hostNetwork",
            PodTemplate::default(),
            node(
                &[],
                &[(
                    "node.kubernetes.io/network-unavailable",
                    TaintEffect::NoSchedule,
                )],
            ),
            KEEP,
        ),
        (
            "network-unavailable tolerated with hostNetwork",
            PodTemplate {
                host_network: true,
                ..Default::default()
            },
            node(
                &[],
                &[(
                    "node.kubernetes.io/network-unavailable",
                    TaintEffect::NoSchedule,
                )],
            ),
            RUN,
        ),
        (
            "Exists toleration with empty key tolerates everything",
            PodTemplate {
                tolerations: vec![Toleration {
                    key: None,
                    operator: TolerationOperator::Exists,
                    value: None,
                    effect: None,
                    toleration_seconds: None,
                }],
                ..Default::default()
            },
            node(&[], &[("dedicated", TaintEffect::NoExecute)]),
            RUN,
        ),
        (
            "toleration for another effect does not help",
            PodTemplate {
                tolerations: vec![Toleration::exists("dedicated", TaintEffect::NoSchedule)],
                ..Default::default()
            },
            node(&[], &[("dedicated", TaintEffect::NoExecute)]),
            NEVER,
        ),
        (
            "tolerationSeconds is ignored by the controller",
            PodTemplate {
                tolerations: vec![Toleration {
                    toleration_seconds: Some(5),
                    ..Toleration::exists("dedicated", TaintEffect::NoExecute)
                }],
                ..Default::default()
            },
            node(&[], &[("dedicated", TaintEffect::NoExecute)]),
            RUN,
        ),
        (
            "template nodeName elsewhere",
            PodTemplate {
                node_name: Some("node-2".into()),
                ..Default::default()
            },
            node(&[], &[]),
            NEVER,
        ),
        (
            "template nodeName here",
            PodTemplate {
                node_name: Some("node-1".into()),
                ..Default::default()
            },
            node(&[], &[]),
            RUN,
        ),
    ];
    for (what, template, node, want) in rows {
        assert_eq!(node_should_run(&template, &node), want, "{what}");
    }
}

#[test]
fn unschedulable_and_not_ready_flags_alone_do_not_matter() {
    let mut n = node(&[], &[]);
    n.unschedulable = true;
    n.ready = NodeReady::Unknown;
    assert_eq!(node_should_run(&PodTemplate::default(), &n), RUN);
}

#[test]
fn default_tolerations_are_appended_after_user_tolerations() {
    let t = PodTemplate {
        tolerations: vec![Toleration::exists("dedicated", TaintEffect::NoSchedule)],
        ..Default::default()
    };
    let tols = pod_tolerations(&t);
    let keys: Vec<&str> = tols.iter().filter_map(|t| t.key.as_deref()).collect();
    assert_eq!(
        keys,
        [
            "dedicated",
            "node.kubernetes.io/not-ready",
            "node.kubernetes.io/unreachable",
            "node.kubernetes.io/disk-pressure",
            "node.kubernetes.io/memory-pressure",
            "node.kubernetes.io/pid-pressure",
            "node.kubernetes.io/unschedulable",
        ]
    );
    let host = PodTemplate {
        host_network: true,
        ..Default::default()
    };
    assert_eq!(pod_tolerations(&host).len(), 7);
}

#[test]
fn the_excluding_taint_is_the_first_one_not_tolerated_on_a_node_the_selector_picks() {
    use dsp_core::placement::excluding_taint;
    let selects_a = PodTemplate {
        node_selector: [("zone".to_string(), "a".to_string())].into(),
        ..Default::default()
    };
    let tainted = node(
        &[("zone", "a")],
        &[
            ("soft", TaintEffect::PreferNoSchedule),
            ("gpu", TaintEffect::NoSchedule),
            ("evict", TaintEffect::NoExecute),
        ],
    );
    let key = |t: Option<&Taint>| t.map(|t| t.key.clone());
    assert_eq!(
        key(excluding_taint(&selects_a, &tainted)),
        Some("gpu".into())
    );
    // Tolerating it moves on to the next; PreferNoSchedule never excludes.
    let mut tolerant = selects_a.clone();
    tolerant.tolerations = vec![Toleration::exists("gpu", TaintEffect::NoSchedule)];
    assert_eq!(
        key(excluding_taint(&tolerant, &tainted)),
        Some("evict".into())
    );
    tolerant
        .tolerations
        .push(Toleration::exists("evict", TaintEffect::NoExecute));
    assert_eq!(key(excluding_taint(&tolerant, &tainted)), None);
    // A node the selector does not pick is not "excluded": it was never chosen.
    let other = node(&[("zone", "b")], &[("gpu", TaintEffect::NoSchedule)]);
    assert_eq!(key(excluding_taint(&selects_a, &other)), None);
    let elsewhere = PodTemplate {
        node_name: Some("node-2".into()),
        ..Default::default()
    };
    assert_eq!(key(excluding_taint(&elsewhere, &tainted)), None);
}
