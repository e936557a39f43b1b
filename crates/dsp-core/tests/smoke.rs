//! End-to-end smoke checks of the Simulation API on the article's two-node cluster.

use dsp_core::*;
use serde_json::json;

fn frontend(image: &str) -> dsp_core::k8s::apps::DaemonSet {
    serde_json::from_value(json!({
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": "frontend"},
        "spec": {
            "selector": {"matchLabels": {"app": "frontend"}},
            "template": {
                "metadata": {"labels": {"app": "frontend"}},
                "spec": {"containers": [{"name": "webserver", "image": image}]}
            }
        }
    }))
    .expect("valid DaemonSet JSON")
}

#[test]
fn article_daemonset_runs_one_pod_per_node() {
    let mut sim = Simulation::with_article_nodes(1);
    sim.create_daemonset(frontend("nginx")).expect("create");
    sim.run_until_idle();
    let pods: Vec<&Pod> = sim.pods().collect();
    assert_eq!(pods.len(), 2);
    for p in &pods {
        assert_eq!(p.kubectl_status(), "Running");
        assert!(p.name.starts_with("frontend-"));
    }
    let ds = sim.daemonset("frontend").expect("ds");
    assert_eq!(ds.status.desired_number_scheduled, 2);
    assert_eq!(ds.status.number_available, 2);
    assert_eq!(sim.revisions_of("frontend").len(), 1);
    let plan = sim.plan_for("frontend").expect("plan");
    assert!(plan.is_empty_for(&ds.status), "{plan:?}");
}
