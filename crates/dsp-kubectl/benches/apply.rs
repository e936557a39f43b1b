//! `cargo bench -p dsp-kubectl --bench apply`: `kubectl apply -f` of a 202-object file (20
//! namespaces, each with two ServiceAccounts, two ConfigMaps, a Role, a RoleBinding, a
//! Service, a Secret and a Deployment, plus a CRD and a DaemonSet) into a 50-node cluster:
//! create, then the unchanged re-apply (the three-way merge of every object).

use dsp_core::{NodeSpec, Simulation};
use dsp_kubectl::{shell, Input, NoIo};

fn main() {
    divan::main();
}

const NAMESPACES: usize = 20;

fn manifest() -> String {
    let mut docs = vec![
        "apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: probes.bench.example.org
spec:
  group: bench.example.org
  scope: Namespaced
  names: {kind: Probe, plural: probes}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              interval: {type: integer, minimum: 1}
"
        .to_string(),
        "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: kube-system
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: agent:v1
"
        .to_string(),
    ];
    for i in 0..NAMESPACES {
        let ns = format!("team-{i:02}");
        docs.push(format!(
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n"
        ));
        docs.push(format!(
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: {ns}\n"
        ));
        docs.push(format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: {ns}\ndata:\n  level: info\n  region: eu-{i}\n"));
        docs.push(format!("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n  namespace: {ns}\nrules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: [get, list]\n"));
        docs.push(format!("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: reader\n  namespace: {ns}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}}\nsubjects:\n- {{kind: ServiceAccount, name: app, namespace: {ns}}}\n"));
        docs.push(format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: {ns}\nspec:\n  selector: {{app: web}}\n  ports:\n  - port: 80\n"));
        docs.push(format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\n  namespace: {ns}\nstringData:\n  token: t{i}\n"));
        docs.push(format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: {ns}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n"));
        docs.push(format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: {ns}\ndata:\n  a: \"1\"\n"));
        docs.push(format!(
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\n  namespace: {ns}\n"
        ));
    }
    docs.join("---\n")
}

fn cluster() -> Simulation {
    let mut sim = Simulation::new(3);
    for i in 0..50 {
        sim.add_node(NodeSpec {
            name: format!("node-{i:02}"),
            ..Default::default()
        })
        .expect("unique node");
    }
    sim
}

fn apply(sim: &mut Simulation, text: &str) -> String {
    let input = Input {
        line: "kubectl apply -f -".to_string(),
        stdin: Some(text.to_string()),
    };
    let out = shell::run(sim, &input, &mut NoIo);
    assert_eq!(out.exit_code, 0, "{}", out.stderr());
    out.stdout()
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn apply_200_objects_create(bencher: divan::Bencher) {
    let text = manifest();
    assert_eq!(text.matches("\nkind: ").count(), 202);
    let base = cluster();
    bencher
        .with_inputs(|| base.clone())
        .bench_local_values(|mut sim| apply(&mut sim, &text));
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn apply_200_objects_unchanged(bencher: divan::Bencher) {
    let text = manifest();
    let mut base = cluster();
    apply(&mut base, &text);
    bencher
        .with_inputs(|| base.clone())
        .bench_local_values(|mut sim| apply(&mut sim, &text));
}
