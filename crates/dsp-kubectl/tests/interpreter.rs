//! Behaviour of the interpreter through its public API: no input panics, completion, effects.

use dsp_core::Simulation;
use dsp_kubectl::{complete, shell, Effect, Input, Io, NoIo, Output};
use proptest::prelude::*;

const MANIFEST: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: frontend
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: webserver
        image: nginx
";

/// The host: `ds.yaml` on its disk, and an editor (as the web page has) when `.0`.
struct Host(bool);

impl Io for Host {
    fn read_file(&mut self, path: &str) -> Result<String, String> {
        if path == "ds.yaml" {
            Ok(MANIFEST.to_string())
        } else {
            Err(format!("the path \"{path}\" does not exist"))
        }
    }
    fn editor_file(&self) -> Option<&str> {
        self.0.then_some("manifest.yaml")
    }
}

/// One line through the shell, with the host's standard input as its heredoc.
fn run(sim: &mut Simulation, line: &str, io: &mut dyn Io) -> Output {
    run_with(sim, line, None, io)
}

fn run_with(sim: &mut Simulation, line: &str, stdin: Option<String>, io: &mut dyn Io) -> Output {
    let input = Input {
        line: line.to_string(),
        stdin,
    };
    shell::run(sim, &input, io)
}

fn cluster() -> Simulation {
    let mut sim = Simulation::with_article_nodes(7);
    let out = run(&mut sim, "kubectl create -f ds.yaml", &mut Host(false));
    assert_eq!(
        out.stdout(),
        "daemonset.apps/frontend created\n",
        "{}",
        out.stderr()
    );
    sim
}

#[test]
fn leading_kubectl_is_optional() {
    let mut sim = cluster();
    let a = run(&mut sim, "kubectl get nodes -o name", &mut NoIo);
    let b = run(&mut sim, "get nodes -o name", &mut NoIo);
    assert_eq!(a, b);
    assert_eq!(a.stdout(), "node/10.0.10.5\nnode/10.0.10.7\n");
}

#[test]
fn missing_object_is_not_found_with_exit_code_one() {
    let mut sim = cluster();
    let out = run(&mut sim, "kubectl get ds nope", &mut NoIo);
    assert_eq!(out.exit_code, 1);
    assert_eq!(
        out.stderr(),
        "Error from server (NotFound): daemonsets.apps \"nope\" not found\n"
    );
    assert_eq!(out.text(), out.stderr());
}

#[test]
fn edit_opens_the_editor_when_the_host_can() {
    let mut sim = cluster();
    let out = run(&mut sim, "kubectl edit ds/frontend", &mut Host(true));
    assert_eq!(out.exit_code, 0);
    match out.effects.as_slice() {
        [Effect::OpenEditor { yaml, name }] => {
            assert_eq!(name, "frontend");
            assert!(yaml.contains("name: webserver"), "{yaml}");
            assert!(!yaml.contains("status:"), "{yaml}");
        }
        other => panic!("unexpected effects {other:?}"),
    }
}

#[test]
fn create_from_stdin_reads_the_heredoc() {
    let mut sim = Simulation::with_article_nodes(1);
    let out = run_with(
        &mut sim,
        "kubectl apply -f -",
        Some(MANIFEST.to_string()),
        &mut Host(false),
    );
    assert_eq!(out.stdout(), "daemonset.apps/frontend created\n");
    let again = run_with(
        &mut sim,
        "kubectl apply -f -",
        Some(MANIFEST.to_string()),
        &mut Host(false),
    );
    assert_eq!(again.stdout(), "daemonset.apps/frontend unchanged\n");
}

#[test]
fn completion_offers_verbs_kinds_names_and_flags() {
    let sim = cluster();
    assert_eq!(complete(&sim, "kubectl ro"), ["rollout"]);
    assert_eq!(complete(&sim, "get d"), ["daemonsets", "deployments", "ds"]);
    assert_eq!(complete(&sim, "get n"), ["namespaces", "nodes"]);
    assert_eq!(
        complete(&sim, "get ns "),
        ["default", "kube-node-lease", "kube-public", "kube-system"]
    );
    assert_eq!(complete(&sim, "kubectl get ds "), ["frontend"]);
    assert_eq!(
        complete(&sim, "label node 10.0.10."),
        ["10.0.10.5", "10.0.10.7"]
    );
    assert_eq!(complete(&sim, "rollout status "), ["ds/frontend"]);
    assert_eq!(complete(&sim, "get pods --sho"), ["--show-labels"]);
    assert_eq!(complete(&sim, "set image ds/frontend "), ["webserver="]);
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "kubectl",
            "get",
            "describe",
            "create",
            "apply",
            "delete",
            "label",
            "taint",
            "cordon",
            "uncordon",
            "drain",
            "set",
            "image",
            "patch",
            "edit",
            "rollout",
            "status",
            "history",
            "undo",
            "restart",
            "version",
            "api-resources",
            "help",
            "replace",
            "pods",
            "po",
            "ds",
            "ds/frontend",
            "daemonset/frontend",
            "nodes",
            "no",
            "node/10.0.10.5",
            "10.0.10.5",
            "10.0.10.7",
            "frontend",
            "events",
            "controllerrevisions",
            "all",
            "-o",
            "yaml",
            "json",
            "wide",
            "name",
            "jsonpath={.items[*].metadata.name}",
            "jsonpath={range .items[*]}{end}",
            "jsonpath={",
            "custom-columns=A:.x",
            "-l",
            "app=web",
            "app in (web)",
            "!app",
            "-A",
            "-n",
            "--all",
            "--overwrite",
            "app-",
            "app=x",
            "k=v:NoSchedule",
            "k:NoExecute-",
            "k-",
            "--ignore-daemonsets",
            "--force",
            "--grace-period=0",
            "webserver=httpd",
            "*=nginx",
            "-p",
            "{\"spec\":{}}",
            "[{\"op\":\"remove\",\"path\":\"/spec\"}]",
            "--type",
            "merge",
            "--type=json",
            "--revision=1",
            "--to-revision=1",
            "--timeout=10s",
            "--watch=false",
            "-f",
            "-",
            "ds.yaml",
            "--cascade=orphan",
            "--field-selector",
            "spec.nodeName=10.0.10.5",
            "--show-labels",
            "-L",
            "app",
            "--help",
            "--dry-run",
            "'",
            "\"",
            "\\",
            "=",
            "/",
            ":",
        ])
        .prop_map(str::to_string),
        "[ -~]{0,12}",
        "\\PC{0,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn no_command_line_panics(words in prop::collection::vec(word(), 0..7), stdin in "\\PC{0,40}") {
        let mut sim = cluster();
        let line = words.join(" ");
        let out = run_with(&mut sim, &line, Some(stdin), &mut Host(false));
        prop_assert!(out.exit_code == 0 || out.exit_code == 1);
        prop_assert_eq!(out.text().len(), out.stdout().len() + out.stderr().len());
        let _ = complete(&sim, &line);
    }
}

#[test]
fn label_errors_come_from_the_api_server_and_stop_the_command() {
    let mut sim = cluster();
    let out = run(&mut sim, "kubectl label nodes --all 'bad key=x'", &mut NoIo);
    assert_eq!(out.exit_code, 1);
    assert_eq!(out.stdout(), "");
    assert_eq!(
        out.stderr(),
        "The Node \"10.0.10.5\" is invalid: metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n"
    );
    let out = run(&mut sim, "kubectl label ds frontend 'bad key=x'", &mut NoIo);
    assert!(
        out.stderr().starts_with(
            "The DaemonSet \"frontend\" is invalid: metadata.labels: Invalid value: \"bad key\": name part must consist"
        ),
        "{}",
        out.stderr()
    );
}

#[test]
fn label_values_are_measured_in_bytes() {
    let mut sim = cluster();
    // 33 characters, 64 bytes.
    let value = format!("a{}a", "é".repeat(31));
    let out = run(
        &mut sim,
        &format!("kubectl label node 10.0.10.5 disk={value}"),
        &mut NoIo,
    );
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr().starts_with(&format!(
            "error: invalid label value: \"disk={value}\": must be no more than 63 characters; a valid label must be"
        )),
        "{}",
        out.stderr()
    );
}
