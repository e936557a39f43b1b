//! Scale benchmarks (`cargo bench -p dsp-core`): a 5,000-node cluster.
//! (a) create a DaemonSet and run until every pod is Running;
//! (b) one node label change in the settled cluster, until idle;
//! (c) a full rolling update of the 5,000 pods with maxUnavailable 10%.

use dsp_core::{Labels, NodeSpec, Simulation};
use serde_json::json;

const NODES: usize = 5_000;

fn main() {
    divan::main();
}

fn daemonset(image: &str, max_unavailable: &str) -> dsp_core::k8s::apps::DaemonSet {
    serde_json::from_value(json!({
        "metadata": {"name": "agent"},
        "spec": {
            "selector": {"matchLabels": {"app": "agent"}},
            "updateStrategy": {"type": "RollingUpdate",
                "rollingUpdate": {"maxUnavailable": max_unavailable, "maxSurge": 0}},
            "template": {
                "metadata": {"labels": {"app": "agent"}},
                "spec": {
                    "nodeSelector": {"pool": "general"},
                    "containers": [{"name": "agent", "image": image}]
                }
            }
        }
    }))
    .expect("valid DaemonSet")
}

fn cluster() -> Simulation {
    let mut sim = Simulation::new(7);
    for i in 0..NODES {
        let mut labels = Labels::new();
        labels.insert("pool".into(), "general".into());
        sim.add_node(NodeSpec {
            name: format!("node-{i:05}"),
            labels,
            ..Default::default()
        })
        .expect("unique node");
    }
    sim
}

fn settled() -> Simulation {
    let mut sim = cluster();
    sim.create_daemonset(daemonset("agent:v1", "10%"))
        .expect("create");
    sim.run_until_idle();
    sim
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn a_create_daemonset_until_all_running(bencher: divan::Bencher) {
    let base = cluster();
    bencher
        .with_inputs(|| base.clone())
        .bench_local_values(|mut sim| {
            sim.create_daemonset(daemonset("agent:v1", "10%"))
                .expect("create");
            sim.run_until_idle();
            sim
        });
}

#[divan::bench(sample_count = 50, sample_size = 1)]
fn b_one_node_label_change_until_idle(bencher: divan::Bencher) {
    let base = settled();
    bencher
        .with_inputs(|| base.clone())
        .bench_local_values(|mut sim| {
            let mut labels = Labels::new();
            labels.insert("pool".into(), "gpu".into());
            sim.set_node_labels("node-02500", labels)
                .expect("node exists");
            sim.run_until_idle();
            sim
        });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn c_rolling_update_max_unavailable_10_percent(bencher: divan::Bencher) {
    let base = settled();
    bencher
        .with_inputs(|| base.clone())
        .bench_local_values(|mut sim| {
            sim.replace_daemonset(daemonset("agent:v2", "10%"))
                .expect("replace");
            sim.run_until_idle();
            sim
        });
}
