//! `cargo bench -p dsp-schema`: reading the data file (once per page load) and decoding a
//! DaemonSet against it (once per manifest document parsed).

use serde_json::json;

fn main() {
    divan::main();
}

#[divan::bench]
fn read_the_schema() -> dsp_schema::Schema {
    dsp_schema::Schema::from_json(divan::black_box(include_str!("../data/schema.json")))
        .expect("reads")
}

#[divan::bench]
fn decode_a_daemonset(bencher: divan::Bencher) {
    let schema = dsp_schema::schema();
    let ds = json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "frontend", "labels": {"app": "frontend"}},
        "spec": {"selector": {"matchLabels": {"app": "frontend-webserver"}},
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
            "template": {"metadata": {"labels": {"app": "frontend-webserver"}},
                "spec": {"nodeSelector": {"app": "frontend-node"},
                    "containers": [{"name": "webserver", "image": "nginx",
                        "ports": [{"containerPort": 80}],
                        "resources": {"limits": {"cpu": "100m", "memory": "128Mi"}}}]}}}});
    bencher.bench(|| schema.decode("io.k8s.api.apps.v1.DaemonSet", divan::black_box(&ds)));
}
