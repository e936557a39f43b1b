//! `nodes_changed_since`, the change set views redraw from: after every write and every step
//! of the clock, each node whose own state or whose pods (bound to it or aimed at it) differ
//! from before is in the change set.

use std::collections::{BTreeMap, BTreeSet};

use dsp_core::model::{NodeReady, NodeSpec, Taint, TaintEffect};
use dsp_core::*;
use serde_json::json;

fn daemonset(
    name: &str,
    image: &str,
    strategy: serde_json::Value,
) -> dsp_core::k8s::apps::DaemonSet {
    serde_json::from_value(json!({
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": name},
        "spec": {
            "selector": {"matchLabels": {"app": name}},
            "updateStrategy": strategy,
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {
                    "nodeSelector": {"pool": "a"},
                    "containers": [{"name": "c", "image": image}]
                }
            }
        }
    }))
    .expect("valid DaemonSet JSON")
}

/// What a view of each node shows: the node, and its pods in name order.
fn snapshot(sim: &Simulation) -> BTreeMap<String, String> {
    let mut pods: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for p in sim.pods() {
        if let Some(node) = p.assigned_node() {
            pods.entry(node).or_default().push(format!("{p:?}"));
        }
    }
    sim.nodes()
        .map(|n| {
            let mut mine = pods.remove(n.name.as_str()).unwrap_or_default();
            mine.sort();
            (n.name.clone(), format!("{n:?} {mine:?}"))
        })
        .collect()
}

/// Runs `op` and checks that every node that looks different afterwards is in the change set.
/// Returns how many nodes changed.
fn check(sim: &mut Simulation, what: &str, op: impl FnOnce(&mut Simulation)) -> usize {
    let (before, rv, nodes) = (
        snapshot(sim),
        sim.resource_version(),
        sim.node_set_version(),
    );
    op(sim);
    let after = snapshot(sim);
    let changed: BTreeSet<&str> = sim
        .nodes_changed_since(rv)
        .map(|n| n.name.as_str())
        .collect();
    if sim.node_set_version() != nodes {
        return after.len(); // nodes came or went: a view starts over
    }
    let differ: Vec<&str> = after
        .iter()
        .filter(|(name, state)| before.get(*name) != Some(*state))
        .map(|(name, _)| name.as_str())
        .filter(|name| !changed.contains(name))
        .collect();
    assert!(
        differ.is_empty(),
        "{what}: changed but not in the change set: {differ:?}"
    );
    changed.len()
}

/// The name of a pod bound to this node.
fn pod_on(sim: &Simulation, node: &str) -> String {
    let pods = sim.pods_on_node(node);
    pods.first()
        .map(|p| p.name.clone())
        .unwrap_or_else(|| panic!("no pod on {node}"))
}

/// Steps the clock by `step_ms` until idle, checking each step.
fn run(sim: &mut Simulation, what: &str, step_ms: i64) {
    for i in 0..2_000 {
        if sim.next_timer().is_none() {
            return;
        }
        check(sim, &format!("{what}, step {i}"), |s| {
            s.advance_by(SimDuration::from_millis(step_ms))
        });
    }
}

#[test]
fn every_node_that_looks_different_is_in_the_change_set() {
    let mut sim = Simulation::with_article_nodes(3);
    for i in 0..12 {
        let mut spec = NodeSpec::named(&format!("node-{i}"));
        spec.labels
            .insert("pool".into(), if i % 3 == 0 { "b" } else { "a" }.into());
        check(&mut sim, "add a node", |s| {
            s.add_node(spec).expect("add node")
        });
    }
    let rolling = json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 2}});
    let surge =
        json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}});
    check(&mut sim, "create", |s| {
        s.create_daemonset(daemonset("agent", "nginx", rolling.clone()))
            .expect("create");
    });
    check(&mut sim, "create a second", |s| {
        s.create_daemonset(daemonset("logs", "busybox", json!({"type": "OnDelete"})))
            .expect("create");
    });
    run(&mut sim, "first pods", 400);

    // A quiet cluster changes nothing.
    assert_eq!(check(&mut sim, "nothing", |_| {}), 0);

    // Node writes: only the node written (and, through the controller, its pods) change.
    let n = check(&mut sim, "label into the selector", |s| {
        let mut labels = s.node("node-0").expect("node").labels.clone();
        labels.insert("pool".into(), "a".into());
        s.set_node_labels("node-0", labels).expect("label");
    });
    assert_eq!(n, 1, "a label touches its node only");
    run(&mut sim, "pod on node-0", 300);
    check(&mut sim, "label out of the selector", |s| {
        let mut labels = s.node("node-1").expect("node").labels.clone();
        labels.insert("pool".into(), "b".into());
        s.set_node_labels("node-1", labels).expect("label");
    });
    run(&mut sim, "pod leaves node-1", 300);
    check(&mut sim, "cordon", |s| {
        s.set_node_unschedulable("node-2", true).expect("cordon")
    });
    check(&mut sim, "taint", |s| {
        s.set_node_taints(
            "node-4",
            vec![Taint::new("gpu", Some("yes"), TaintEffect::NoExecute)],
        )
        .expect("taint");
    });
    run(&mut sim, "eviction", 300);
    check(&mut sim, "NotReady", |s| {
        s.set_node_ready("node-5", NodeReady::False).expect("ready")
    });
    run(&mut sim, "NotReady node", 1_000);
    check(&mut sim, "Ready again", |s| {
        s.set_node_ready("node-5", NodeReady::True).expect("ready")
    });
    run(&mut sim, "back", 500);

    // Pod writes.
    let pod = pod_on(&sim, "node-7");
    assert_eq!(
        check(&mut sim, "delete a pod", |s| s
            .delete_pod(&pod, None)
            .expect("delete")),
        1
    );
    run(&mut sim, "its replacement", 250);
    let pod = pod_on(&sim, "node-8");
    check(&mut sim, "orphan a pod by its labels", |s| {
        s.set_pod_labels(&pod, [("app".to_string(), "none".to_string())].into())
            .expect("labels");
    });
    run(&mut sim, "its replacement", 250);
    let pod = pod_on(&sim, "node-10");
    check(&mut sim, "fail a pod", |s| {
        s.fail_pod(&pod, "Error").expect("fail")
    });
    run(&mut sim, "back-off", 2_000);

    // Rollouts, a broken image, a rollback, a surge.
    check(&mut sim, "new image", |s| {
        s.replace_daemonset(daemonset("agent", "httpd", rolling.clone()))
            .expect("replace");
    });
    run(&mut sim, "rolling update", 200);
    sim.set_image_behavior(
        "broken:1",
        ImageBehavior {
            pull: SimDuration::from_secs(1),
            outcome: ImageOutcome::PullFails,
        },
    );
    check(&mut sim, "broken image", |s| {
        s.replace_daemonset(daemonset("agent", "broken:1", surge.clone()))
            .expect("replace");
    });
    for i in 0..40 {
        check(&mut sim, &format!("pull errors, step {i}"), |s| {
            s.advance_by(SimDuration::from_millis(500))
        });
    }
    check(&mut sim, "rollback", |s| {
        s.rollback("agent", 0).expect("rollback");
    });
    run(&mut sim, "rolled back", 300);

    // Deleting DaemonSets: orphaning keeps the pods, cascading removes them.
    check(&mut sim, "delete, orphaning", |s| {
        s.delete_daemonset("logs", false).expect("delete")
    });
    run(&mut sim, "orphans", 300);
    check(&mut sim, "delete, cascading", |s| {
        s.delete_daemonset("agent", true).expect("delete")
    });
    run(&mut sim, "pods terminate", 300);

    // A node removed: the set changes, and a view starts over.
    let version = sim.node_set_version();
    check(&mut sim, "delete a node", |s| {
        s.delete_node("node-11").expect("delete")
    });
    assert_ne!(sim.node_set_version(), version);
}
