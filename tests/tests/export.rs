//! The exported kubectl script on a real bash: it parses (`bash -n`) for every scenario, and run
//! against a stand-in `kubectl` (a small script that records its arguments) it issues the
//! session's commands with node names mapped onto the stand-in cluster's nodes — and no hostile
//! node name or label ever escapes its quotes.

use dsp_kubectl::export::{kubectl_script, manifests_yaml};
use dsp_kubectl::{scenario, shell, Input};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh scratch folder in the temporary directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dsp-export-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn log_of(s: &scenario::Scenario) -> (dsp_core::Simulation, Vec<Input>) {
    let (sim, log) = scenario::load(s).unwrap_or_else(|e| panic!("{e}"));
    (sim, log.into_iter().map(|(_, line)| line).collect())
}

#[test]
fn every_scenario_exports_a_script_bash_accepts() {
    let dir = scratch("syntax");
    for s in scenario::all() {
        let (sim, log) = log_of(&s);
        let path = dir.join(format!("{}.sh", s.name));
        write(&path, &kubectl_script(&log, &sim));
        let out = Command::new("bash")
            .arg("-n")
            .arg(&path)
            .output()
            .unwrap_or_else(|e| panic!("bash: {e}"));
        assert!(
            out.status.success(),
            "{}: {}",
            s.name,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A stand-in kubectl: two nodes, no DaemonSets; every other call is recorded one argument per
/// line (`[arg]`), followed by its standard input when it reads `-f -`.
const FAKE_KUBECTL: &str = r#"#!/usr/bin/env bash
if [ "$*" = "get nodes -o name" ]; then
  printf 'node/kind-control-plane\nnode/kind-worker\n'
  exit 0
fi
if [ "$*" = "get daemonsets -o name" ]; then exit 0; fi
{
  echo "CALL"
  for a in "$@"; do printf '[%s]\n' "$a"; done
  for a in "$@"; do if [ "$a" = "-" ]; then cat; fi; done
} >> "$KUBECTL_LOG"
"#;

/// Run an exported script against the stand-in; returns what kubectl was called with.
fn run_against_fake(dir: &Path, script: &str) -> String {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap_or_else(|e| panic!("{e}"));
    let kubectl = bin.join("kubectl");
    write(&kubectl, FAKE_KUBECTL);
    let chmod = Command::new("chmod").arg("+x").arg(&kubectl).status();
    assert!(chmod.is_ok_and(|s| s.success()));
    let path = dir.join("session.sh");
    write(&path, script);
    let log = dir.join("calls.log");
    let out = Command::new("bash")
        .arg(&path)
        .current_dir(dir)
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("KUBECTL_LOG", &log)
        .output()
        .unwrap_or_else(|e| panic!("bash: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(&log).unwrap_or_default()
}

#[test]
fn script_contains_and_runs_the_commands_of_the_session() {
    let s = scenario::by_name("taints-and-tolerations").unwrap_or_else(|| panic!("missing"));
    let (mut sim, mut log) = log_of(&s);
    for line in [
        "kubectl label node 10.0.10.5 tier=web",
        "kubectl set image ds/node-exporter exporter=prom/node-exporter:v1.9.0",
        "kubectl rollout status ds/node-exporter",
    ] {
        let input = Input::new(line);
        let r = shell::run(&mut sim, &input, &mut dsp_kubectl::NoIo);
        assert_eq!(r.exit_code, 0, "{line}: {}", r.text());
        log.push(input);
    }
    let script = kubectl_script(&log, &sim);
    for expected in [
        "step kubectl taint nodes \"${NODE[gpu-0]}\" \"${NODE[gpu-1]}\" dedicated=gpu:NoSchedule\n",
        "step kubectl apply -f - <<'EOF'\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: node-exporter\n",
        "step kubectl label node \"${NODE[10.0.10.5]}\" tier=web\n",
        "step kubectl set image ds/node-exporter exporter=prom/node-exporter:v1.9.0\n",
        "step kubectl rollout status ds/node-exporter --timeout=5m\n",
        "# playground only: sim add-nodes 2 --prefix gpu- --label accelerator=nvidia\n",
    ] {
        assert!(script.contains(expected), "missing {expected:?} in\n{script}");
    }

    let dir = scratch("run");
    let calls = run_against_fake(&dir, &script);
    let _ = std::fs::remove_dir_all(&dir);
    // Simulated nodes 10.0.10.5, 10.0.10.7, gpu-0, gpu-1 land on the two real nodes in turn.
    assert!(calls.contains("CALL\n[taint]\n[nodes]\n[kind-control-plane]\n[kind-worker]\n[dedicated=gpu:NoSchedule]\n"), "{calls}");
    assert!(
        calls.contains("CALL\n[label]\n[node]\n[kind-control-plane]\n[tier=web]\n"),
        "{calls}"
    );
    assert!(
        calls.contains(
            "CALL\n[set]\n[image]\n[ds/node-exporter]\n[exporter=prom/node-exporter:v1.9.0]\n"
        ),
        "{calls}"
    );
    // The manifests go in through standard input, byte for byte.
    assert!(calls.contains(&manifests_yaml(&sim)), "{calls}");
    // Only the first simulated node on each real node sets its final labels.
    assert!(
        calls.contains("CALL\n[label]\n[node]\n[kind-control-plane]\n[--overwrite]\n[tier=web]\n"),
        "{calls}"
    );
    assert!(!calls.contains("[accelerator=nvidia]"), "{calls}");
}

#[test]
fn hostile_node_names_and_labels_stay_literal() {
    let mut sim = dsp_core::Simulation::new(5);
    let mut io = dsp_kubectl::NoIo;
    let hostile = "n'$(touch pwned-1)\"`touch pwned-2`;touch pwned-3;'";
    // A label value cannot carry shell text: the API server's validation refuses it.
    let refused = format!(
        "sim add-nodes 1 --prefix {} --label 'team=$(touch pwned-4)'",
        dsp_kubectl::shell::quote(hostile)
    );
    let r = shell::run(&mut sim, &Input::new(refused), &mut io);
    assert_ne!(r.exit_code, 0, "{}", r.text());
    assert!(
        r.text().contains("is invalid: metadata.labels"),
        "{}",
        r.text()
    );
    assert_eq!(sim.nodes().count(), 0);
    let lines = [
        format!(
            "sim add-nodes 1 --prefix {} --label team=blue",
            dsp_kubectl::shell::quote(hostile)
        ),
        format!(
            "kubectl label node {} 'x=y'",
            dsp_kubectl::shell::quote(&format!("{hostile}0"))
        ),
    ];
    let mut log = Vec::new();
    for line in &lines {
        let input = Input::new(line.as_str());
        let r = shell::run(&mut sim, &input, &mut io);
        assert_eq!(r.exit_code, 0, "{line}: {}", r.text());
        log.push(input);
    }
    // A shared link can carry any state, including a node name with line breaks in it.
    let spec = dsp_core::NodeSpec {
        name: "x\ntouch pwned-5\n".to_string(),
        ..Default::default()
    };
    assert!(sim.add_node(spec).is_ok());
    log.push(Input::new("kubectl get pods\ntouch pwned-6"));
    let script = kubectl_script(&log, &sim);
    let dir = scratch("hostile");
    let calls = run_against_fake(&dir, &script);
    for n in 1..=6 {
        assert!(
            !dir.join(format!("pwned-{n}")).exists(),
            "pwned-{n}\n{script}"
        );
    }
    assert!(script.contains("# not replayed: kubectl get pods\n# touch pwned-6\n"));
    // The label command reached kubectl with the real node in place of the hostile name.
    assert!(
        calls.contains("CALL\n[label]\n[node]\n[kind-control-plane]\n[x=y]\n"),
        "{calls}\n{script}"
    );
    assert!(calls.contains("[team=blue]"), "{calls}");
    let _ = std::fs::remove_dir_all(&dir);
}
