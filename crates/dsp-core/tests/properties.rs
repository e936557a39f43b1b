//! Property tests: convergence, rollout budgets, idempotency and determinism over random
//! clusters and random sequences of user actions.

use dsp_core::placement::node_should_run;
use dsp_core::DaemonSetSpecOf;
use dsp_core::*;
use proptest::prelude::*;
use serde_json::{json, Value};

#[derive(Debug, Clone)]
struct NodeGen {
    zone: Option<&'static str>,
    ssd: bool,
    taint: Option<TaintEffect>,
    cordoned: bool,
}

fn node_gen() -> impl Strategy<Value = NodeGen> {
    (
        prop::option::of(prop::sample::select(vec!["a", "b"])),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec![
            TaintEffect::NoSchedule,
            TaintEffect::NoExecute,
            TaintEffect::PreferNoSchedule,
        ])),
        any::<bool>(),
    )
        .prop_map(|(zone, ssd, taint, cordoned)| NodeGen {
            zone,
            ssd,
            taint,
            cordoned,
        })
}

#[derive(Debug, Clone)]
enum Op {
    Relabel {
        node: usize,
        zone: Option<&'static str>,
    },
    Taint {
        node: usize,
        effect: Option<TaintEffect>,
    },
    DeletePod {
        index: usize,
    },
    Image(&'static str),
    Advance(i64),
}

fn op_gen() -> impl Strategy<Value = Op> {
    prop_oneof![
        (
            0..16usize,
            prop::option::of(prop::sample::select(vec!["a", "b"]))
        )
            .prop_map(|(node, zone)| Op::Relabel { node, zone }),
        (
            0..16usize,
            prop::option::of(prop::sample::select(vec![
                TaintEffect::NoSchedule,
                TaintEffect::NoExecute
            ]))
        )
            .prop_map(|(node, effect)| Op::Taint { node, effect }),
        (0..32usize).prop_map(|index| Op::DeletePod { index }),
        prop::sample::select(vec!["nginx", "httpd", "nginx:1.27"]).prop_map(Op::Image),
        (0..5_000i64).prop_map(Op::Advance),
    ]
}

fn daemonset(
    image: &str,
    selector: Option<(&str, &str)>,
    tolerate: bool,
    strategy: Value,
) -> dsp_core::k8s::apps::DaemonSet {
    let mut spec = json!({"containers": [{"name": "agent", "image": image}]});
    if let Some((k, v)) = selector {
        spec["nodeSelector"] = json!({ k: v });
    }
    if tolerate {
        spec["tolerations"] = json!([{"key": "dedicated", "operator": "Exists"}]);
    }
    serde_json::from_value(json!({
        "metadata": {"name": "agent"},
        "spec": {
            "selector": {"matchLabels": {"app": "agent"}},
            "updateStrategy": strategy,
            "template": {"metadata": {"labels": {"app": "agent"}}, "spec": spec}
        }
    }))
    .expect("valid DaemonSet")
}

fn build(seed: u64, nodes: &[NodeGen]) -> Simulation {
    let mut sim = Simulation::new(seed);
    for (i, g) in nodes.iter().enumerate() {
        let mut labels = Labels::new();
        if let Some(z) = g.zone {
            labels.insert("zone".into(), z.into());
        }
        if g.ssd {
            labels.insert("disk".into(), "ssd".into());
        }
        sim.add_node(NodeSpec {
            name: format!("node-{i:02}"),
            labels,
            taints: g
                .taint
                .map(|e| vec![Taint::new("dedicated", Some("x"), e)])
                .unwrap_or_default(),
            unschedulable: g.cordoned,
            ..Default::default()
        })
        .expect("node");
    }
    sim
}

fn apply(sim: &mut Simulation, op: &Op, selector: Option<(&str, &str)>, tolerate: bool) {
    let names: Vec<String> = sim.nodes().map(|n| n.name.clone()).collect();
    match op {
        Op::Relabel { node, zone } => {
            if let Some(name) = names.get(node % names.len().max(1)) {
                let mut l = sim.node(name).expect("node").labels.clone();
                match zone {
                    Some(z) => l.insert("zone".into(), z.to_string()),
                    None => l.remove("zone"),
                };
                sim.set_node_labels(name, l).expect("relabel");
            }
        }
        Op::Taint { node, effect } => {
            if let Some(name) = names.get(node % names.len().max(1)) {
                let taints = effect
                    .map(|e| vec![Taint::new("dedicated", Some("x"), e)])
                    .unwrap_or_default();
                sim.set_node_taints(name, taints).expect("taint");
            }
        }
        Op::DeletePod { index } => {
            let pods: Vec<String> = sim.pods().map(|p| p.name.clone()).collect();
            if !pods.is_empty() {
                let name = &pods[index % pods.len()];
                sim.delete_pod(name, None).expect("delete");
            }
        }
        Op::Image(image) => {
            let strategy = json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}});
            sim.replace_daemonset(daemonset(image, selector, tolerate, strategy))
                .expect("replace");
        }
        Op::Advance(ms) => sim.advance_by(SimDuration::from_millis(*ms)),
    }
}

fn trace(sim: &Simulation) -> Vec<String> {
    sim.events()
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {} {}",
                e.first_seen.0, e.object_kind, e.object_name, e.reason, e.message
            )
        })
        .collect()
}

/// Desired nodes with no available, non-terminating pod of the DaemonSet.
fn unavailable_desired(sim: &Simulation) -> (i32, i32, i32) {
    let ds = sim.daemonset("agent").expect("ds");
    let (mut desired, mut unavailable, mut surging) = (0, 0, 0);
    for node in sim.nodes() {
        let live: Vec<&Pod> = sim
            .pods()
            .filter(|p| p.assigned_node() == Some(node.name.as_str()) && !p.is_terminating())
            .collect();
        if live.len() > 1 {
            surging += 1;
        }
        if !node_should_run(&ds.template, node).should_run {
            continue;
        }
        desired += 1;
        if !live
            .iter()
            .any(|p| p.is_available(ds.min_ready_seconds, sim.now()))
        {
            unavailable += 1;
        }
    }
    (desired, unavailable, surging)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn settling_leaves_one_available_pod_per_eligible_node_and_none_elsewhere(
        seed in any::<u64>(),
        nodes in prop::collection::vec(node_gen(), 1..12),
        selector in prop::option::of(prop::sample::select(vec![("zone", "a"), ("disk", "ssd")])),
        tolerate in any::<bool>(),
        ops in prop::collection::vec(op_gen(), 0..8),
    ) {
        let mut sim = build(seed, &nodes);
        let strategy = json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}});
        sim.create_daemonset(daemonset("nginx", selector, tolerate, strategy)).expect("create");
        for op in &ops {
            apply(&mut sim, op, selector, tolerate);
        }
        sim.run_until_idle();
        let ds = sim.daemonset("agent").expect("ds").clone();
        let hash = sim.current_hash("agent").expect("hash").to_string();
        for node in sim.nodes() {
            let pods: Vec<&Pod> = sim.pods().filter(|p| p.assigned_node() == Some(node.name.as_str())).collect();
            let placement = node_should_run(&ds.template, node);
            if placement.should_run {
                prop_assert_eq!(pods.len(), 1, "node {}", node.name);
                prop_assert!(pods[0].is_available(ds.min_ready_seconds, sim.now()));
                prop_assert_eq!(pods[0].revision_hash(), Some(hash.as_str()));
            } else if !placement.should_continue_running {
                prop_assert_eq!(pods.len(), 0, "node {}", node.name);
            } else {
                prop_assert!(pods.len() <= 1, "node {}", node.name);
            }
        }
        // Level-triggered and idempotent: a from-scratch reconcile of the settled state is empty.
        let plan = sim.plan_for("agent").expect("plan");
        prop_assert!(plan.is_empty_for(&ds.status), "{:?}", plan);
    }

    #[test]
    fn rollout_without_surge_never_exceeds_max_unavailable(
        seed in any::<u64>(),
        n in 1usize..16,
        budget in prop_oneof![(1i32..4).prop_map(|v| json!(v)), (10i32..70).prop_map(|p| json!(format!("{p}%")))],
        min_ready in prop_oneof![Just(0i32), Just(5)],
    ) {
        let nodes: Vec<NodeGen> = (0..n).map(|_| NodeGen { zone: None, ssd: false, taint: None, cordoned: false }).collect();
        let mut sim = build(seed, &nodes);
        let strategy = json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": budget, "maxSurge": 0}});
        let mut obj = daemonset("nginx", None, false, strategy.clone());
        obj.ds_spec_mut().min_ready_seconds = Some(min_ready);
        sim.create_daemonset(obj).expect("create");
        sim.run_until_idle();
        sim.advance_by(SimDuration::from_secs(10));
        let mut obj = daemonset("httpd", None, false, strategy);
        obj.ds_spec_mut().min_ready_seconds = Some(min_ready);
        sim.replace_daemonset(obj).expect("update");
        let max_unavailable = sim.rollout_progress("agent").expect("progress").max_unavailable;
        let mut steps = 0;
        loop {
            let (desired, unavailable, surging) = unavailable_desired(&sim);
            prop_assert_eq!(desired, n as i32);
            prop_assert!(unavailable <= max_unavailable, "{} unavailable > {}", unavailable, max_unavailable);
            prop_assert_eq!(surging, 0);
            let Some(t) = sim.next_timer() else { break };
            sim.advance_to(t);
            steps += 1;
            prop_assert!(steps < 10_000);
        }
        prop_assert!(sim.pods().all(|p| p.containers[0].image == "httpd"));
        prop_assert_eq!(sim.pods().count(), n);
    }

    #[test]
    fn rollout_with_surge_never_drops_below_desired_available(
        seed in any::<u64>(),
        n in 1usize..16,
        surge in prop_oneof![(1i32..4).prop_map(|v| json!(v)), (10i32..100).prop_map(|p| json!(format!("{p}%")))],
    ) {
        let nodes: Vec<NodeGen> = (0..n).map(|_| NodeGen { zone: None, ssd: false, taint: None, cordoned: false }).collect();
        let mut sim = build(seed, &nodes);
        let strategy = json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": surge}});
        sim.create_daemonset(daemonset("nginx", None, false, strategy.clone())).expect("create");
        sim.run_until_idle();
        sim.replace_daemonset(daemonset("httpd", None, false, strategy)).expect("update");
        let max_surge = sim.rollout_progress("agent").expect("progress").max_surge;
        loop {
            let (desired, unavailable, surging) = unavailable_desired(&sim);
            prop_assert_eq!(desired, n as i32);
            prop_assert_eq!(unavailable, 0);
            prop_assert!(surging <= max_surge, "{} surging > {}", surging, max_surge);
            let Some(t) = sim.next_timer() else { break };
            sim.advance_to(t);
        }
        prop_assert!(sim.pods().all(|p| p.containers[0].image == "httpd"));
        prop_assert_eq!(sim.pods().count(), n);
    }

    #[test]
    fn same_seed_and_inputs_give_an_identical_trace(
        seed in any::<u64>(),
        nodes in prop::collection::vec(node_gen(), 1..8),
        ops in prop::collection::vec(op_gen(), 0..10),
    ) {
        let run = || {
            let mut sim = build(seed, &nodes);
            let strategy = json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}});
            sim.create_daemonset(daemonset("nginx", None, true, strategy)).expect("create");
            for op in &ops {
                apply(&mut sim, op, None, true);
            }
            sim.run_until_idle();
            (trace(&sim), sim.pods().map(|p| p.name.clone()).collect::<Vec<_>>())
        };
        prop_assert_eq!(run(), run());
    }
}
