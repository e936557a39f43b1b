//! Export: the playground's state in forms a real cluster accepts.
//!
//! [`manifests_yaml`] gives every DaemonSet as clean `apps/v1` YAML (what a user would keep in
//! a repository: no status, no server-set metadata). [`kubectl_script`] turns a session's
//! command log into a bash script that rebuilds the session on a real cluster such as kind or
//! minikube: simulated nodes are mapped onto whatever nodes exist, the session's kubectl
//! commands are replayed in order with node names substituted, and the final node labels,
//! taints and DaemonSets are applied so the cluster ends where the playground did.
//!
//! Everything that reaches the script from the session (node names, labels, command words,
//! manifests) is untrusted — a shared link can hold anything — so words are single-quoted,
//! heredocs use a quoted delimiter that no body line matches, and non-kubectl lines only ever
//! become comments, one `#` per line.

use dsp_core::model::{DaemonSet, LAST_APPLIED_ANNOTATION, TEMPLATE_GENERATION_ANNOTATION};
use dsp_core::Simulation;
use serde_json::Value;

use crate::shell::{self, Input};
use crate::words::{heredoc_delimiter, quote, split};

/// Every DaemonSet as `apps/v1` YAML documents separated by `---`, ready for `kubectl apply -f`.
/// Empty when there is none.
pub fn manifests_yaml(sim: &Simulation) -> String {
    sim.daemonsets()
        .filter(|ds| ds.deletion_timestamp.is_none())
        .map(|ds| dsp_core::manifest::to_yaml(&clean_daemonset(ds)))
        .collect::<Vec<_>>()
        .join("---\n")
}

/// A bash script that rebuilds the session on a real cluster. `log` is the session's command
/// history in order, each line with its standard input (a host turns a read of its editor
/// file into `-f -` with the text as standard input); `sim` is the state it led to.
pub fn kubectl_script(log: &[Input], sim: &Simulation) -> String {
    // A name bash cannot use as an array key (only a crafted link could hold one) is left out.
    let nodes: Vec<&dsp_core::Node> = sim.nodes().filter(|n| !n.name.is_empty()).collect();
    let names: Vec<&str> = nodes.iter().map(|n| n.name.as_str()).collect();
    let mut out = String::from(PREAMBLE);

    out.push_str(
        "\n# ---- 1. Nodes ---------------------------------------------------------------------\n\
         # The playground's nodes are mapped onto the cluster's real ones: simulated node i runs on\n\
         # real node (i mod the number of real nodes), so several may share one real node.\n\
         mapfile -t NODES < <(kubectl get nodes -o name | sed 's#node/##')\n\
         if [ \"${#NODES[@]}\" -eq 0 ]; then\n  \
           echo 'No nodes found: is kubectl pointing at a running cluster?' >&2\n  \
           exit 1\n\
         fi\n\
         declare -A NODE\n\
         map_node() { NODE[\"$1\"]=\"${NODES[$(( $2 % ${#NODES[@]} ))]}\"; }\n\
         # real_node NAME: the real node behind simulated node NAME (NAME itself if unmapped).\n\
         real_node() { printf '%s' \"${NODE[$1]-$1}\"; }\n\
         # owns I: simulated node I is the first one on its real node (its final state is used).\n\
         owns() { [ \"$1\" -lt \"${#NODES[@]}\" ]; }\n",
    );
    for (i, name) in names.iter().enumerate() {
        out.push_str(&format!("map_node {} {i}\n", quote(name)));
    }

    out.push_str(
        "\n# ---- 2. The session's commands, in order ---------------------------------------------\n\
         # Pod names and timing differ on a real cluster, so a command may fail here where it\n\
         # worked in the playground (or the other way round): step reports it and carries on.\n",
    );
    for entry in log {
        out.push_str(&replay_entry(entry, &names));
    }

    out.push_str(
        "\n# ---- 3. The final state -----------------------------------------------------------\n\
         # Labels, taints and cordons of the playground's nodes when it was exported, then its\n\
         # DaemonSets as they were (kubectl apply creates or updates them).\n",
    );
    for (i, node) in nodes.iter().enumerate() {
        let target = node_ref(&node.name);
        let labels: Vec<String> = node
            .labels
            .iter()
            .filter(|(k, _)| !is_kubelet_label(k))
            .map(|(k, v)| quote(&format!("{k}={v}")))
            .collect();
        if !labels.is_empty() {
            out.push_str(&format!(
                "owns {i} && step kubectl label node {target} --overwrite {}\n",
                labels.join(" ")
            ));
        }
        let taints: Vec<String> = node
            .taints
            .iter()
            .filter(|t| !t.key.starts_with("node.kubernetes.io/"))
            .map(|t| quote(&t.to_string()))
            .collect();
        if !taints.is_empty() {
            out.push_str(&format!(
                "owns {i} && step kubectl taint node {target} --overwrite {}\n",
                taints.join(" ")
            ));
        }
        if node.unschedulable {
            out.push_str(&format!("owns {i} && step kubectl cordon {target}\n"));
        }
        if node.ready != dsp_core::NodeReady::True {
            out.push_str(&format!(
                "{}\n",
                comment(&format!(
                    "{} was NotReady in the playground; kubectl cannot make a real node NotReady.",
                    node.name
                ))
            ));
        }
    }
    let manifests = manifests_yaml(sim);
    if !manifests.is_empty() {
        out.push_str(&heredoc("step kubectl apply -f -", &manifests));
    }
    out.push_str("echo 'Done: the session has been rebuilt.' >&2\n");
    out
}

const PREAMBLE: &str = "#!/usr/bin/env bash
# Rebuilds a DaemonSet Playground session on a real Kubernetes cluster (kind, minikube, ...).
#
# Run it with kubectl pointing at a disposable test cluster: it labels, taints and may cordon
# the cluster's nodes, and creates DaemonSets in the current namespace. Needs bash 4.4 or newer.
#
#   1. Nodes: each simulated node is mapped onto one of the cluster's real nodes.
#   2. The session's kubectl commands are replayed in order, with node names substituted.
#      Lines only the simulator understands (sim ..., sleep ...) are kept as comments; a sleep
#      waits for the DaemonSets' rollouts instead.
#   3. The final node labels and taints and the final DaemonSets are applied, so the cluster
#      ends in the state the playground showed.
set -euo pipefail

# step CMD...: print a command, run it, and carry on with a warning if it fails.
step() {
  printf '+ %s\\n' \"$*\" >&2
  \"$@\" || printf 'warning: exit code %s from: %s\\n' \"$?\" \"$*\" >&2
}

# wait_rollouts TIMEOUT: what a simulated sleep becomes; waits for every DaemonSet's rollout
# (OnDelete DaemonSets and stalled rollouts just end the wait).
wait_rollouts() {
  local ds
  local dss=()
  mapfile -t dss < <(kubectl get daemonsets -o name)
  for ds in \"${dss[@]}\"; do
    kubectl rollout status \"$ds\" --timeout=\"$1\" >&2 || true
  done
}
";

/// The DaemonSet without status and server-set metadata.
fn clean_daemonset(ds: &DaemonSet) -> Value {
    let mut v = crate::objects::daemonset_for_edit(ds);
    if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        for key in [
            "uid",
            "resourceVersion",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generation",
            "managedFields",
            "selfLink",
            // The replayed commands run in the current namespace; so do the manifests.
            "namespace",
        ] {
            meta.remove(key);
        }
        let now_empty = match meta.get_mut("annotations").and_then(Value::as_object_mut) {
            Some(a) => {
                a.remove(TEMPLATE_GENERATION_ANNOTATION);
                a.remove(LAST_APPLIED_ANNOTATION);
                a.is_empty()
            }
            None => false,
        };
        if now_empty {
            meta.remove("annotations");
        }
    }
    if let Some(m) = v.as_object_mut() {
        m.remove("status");
    }
    v
}

/// Labels the kubelet sets on every node; a real node has its own.
fn is_kubelet_label(key: &str) -> bool {
    [
        "kubernetes.io/",
        "beta.kubernetes.io/",
        "node.kubernetes.io/",
    ]
    .iter()
    .any(|p| key.starts_with(p))
}

/// One log entry as script text (ending with a newline).
fn replay_entry(entry: &Input, nodes: &[&str]) -> String {
    // A line holds one command; a line break in one (only a crafted link has it) is not run.
    if entry.line.contains(['\n', '\r']) {
        return format!("{}\n", comment(&format!("not replayed: {}", entry.line)));
    }
    let command = entry.command();
    let Ok(words) = split(&command) else {
        return format!("{}\n", comment(&format!("not replayed: {}", entry.line)));
    };
    match words.first().map(String::as_str) {
        None => String::new(),
        Some("sim" | "help" | "clear") => {
            format!("{}\n", comment(&format!("playground only: {command}")))
        }
        Some("sleep") => {
            let arg = words.get(1).map(String::as_str).unwrap_or("");
            let mut text = format!("{}\n", comment(&format!("simulated: {command}")));
            if let Ok(d) = shell::parse_sleep(arg) {
                // A real rollout takes real time: wait for it rather than for the clock.
                let secs = (d.0 / 1000).clamp(10, 300);
                text.push_str(&format!("wait_rollouts {secs}s\n"));
            }
            text
        }
        Some(_) => {
            let args: &[String] = match words.first().map(String::as_str) {
                Some("kubectl" | "k") => &words[1..],
                _ => &words,
            };
            kubectl_line(args, entry.stdin.as_deref(), nodes, &entry.line)
        }
    }
}

/// One kubectl command: run through `step`, or a comment when it must not run on a real
/// cluster as is.
fn kubectl_line(args: &[String], stdin: Option<&str>, nodes: &[&str], shown: &str) -> String {
    let verb = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(String::as_str);
    let not_replayed =
        |why: &str| format!("{}\n", comment(&format!("not replayed ({why}): {shown}")));
    let deletes_node = verb == Some("delete")
        && args.iter().any(|a| {
            matches!(a.as_str(), "node" | "nodes" | "no")
                || a.starts_with("node/")
                || a.starts_with("nodes/")
        });
    if deletes_node {
        return not_replayed("it would remove a real node");
    }
    if verb == Some("edit") {
        return not_replayed("interactive; the edited DaemonSets are applied at the end");
    }
    let reads_file = args.iter().enumerate().any(|(i, a)| {
        let file_flag = matches!(a.as_str(), "-f" | "--filename" | "--patch-file");
        let value = if file_flag {
            args.get(i + 1).map(String::as_str)
        } else {
            a.strip_prefix("--filename=")
                .or_else(|| a.strip_prefix("--patch-file="))
                .or_else(|| a.strip_prefix("-f="))
        };
        value.is_some_and(|v| v != "-")
    });
    if reads_file {
        return not_replayed("reads a playground file; its DaemonSets are applied at the end");
    }
    let watches = matches!(verb, Some("get" | "events"))
        && args.iter().any(|a| {
            matches!(
                a.as_str(),
                "-w" | "--watch" | "--watch=true" | "--watch-only" | "--watch-only=true"
            )
        });
    if watches {
        return not_replayed("a watch never ends");
    }
    let mut words: Vec<String> = vec!["step".into(), "kubectl".into()];
    words.extend(args.iter().map(|a| node_word(a, nodes)));
    // `rollout status` waits forever by default; a stalled real rollout must not hang the script.
    let is_rollout_status = verb == Some("rollout")
        && args.iter().any(|a| a == "status")
        && !args.iter().any(|a| {
            a.starts_with("--timeout") || matches!(a.as_str(), "--watch=false" | "-w=false")
        });
    if is_rollout_status {
        words.push("--timeout=5m".into());
    }
    let line = words.join(" ");
    match stdin {
        Some(body) if body.contains("extensions/v1beta1") => {
            // Clusters since 1.16 no longer serve the legacy group; replay the same objects as
            // apps/v1 (the conversion keeps their behaviour, OnDelete included).
            match dsp_core::manifest::convert_to_apps_v1(body) {
                Ok(converted) => format!(
                    "{}\n{}",
                    comment("extensions/v1beta1 manifest converted to apps/v1 for a real cluster"),
                    heredoc(&line, &converted)
                ),
                Err(_) => heredoc(&line, body),
            }
        }
        Some(body) => heredoc(&line, body),
        None => format!("{line}\n"),
    }
}

/// A command word with simulated node names replaced by lookups of the real node.
fn node_word(word: &str, nodes: &[&str]) -> String {
    if nodes.contains(&word) {
        return node_ref(word);
    }
    for prefix in ["node/", "nodes/"] {
        if let Some(name) = word.strip_prefix(prefix).filter(|n| nodes.contains(n)) {
            return format!("{prefix}{}", node_ref(name));
        }
    }
    // Field and label selectors that pin one node.
    for key in ["spec.nodeName=", "kubernetes.io/hostname="] {
        if let Some(at) = word.rfind(key) {
            let (head, name) = word.split_at(at + key.len());
            if nodes.contains(&name) {
                return format!("{}{}", quote(head), node_ref(name));
            }
        }
    }
    quote(word)
}

/// The shell expression for the real node behind a simulated one.
fn node_ref(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if plain {
        format!("\"${{NODE[{name}]}}\"")
    } else {
        format!("\"$(real_node {})\"", quote(name))
    }
}

/// `line <<'EOF'`, the body, and a delimiter that no body line equals.
fn heredoc(line: &str, body: &str) -> String {
    let word = heredoc_delimiter(body);
    let mut text = format!("{line} <<'{word}'\n{body}");
    if !body.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&word);
    text.push('\n');
    text
}

/// `# text`, one `#` per line, so nothing in `text` can end the comment.
fn comment(text: &str) -> String {
    let lines: Vec<String> = text.lines().map(|l| format!("# {l}")).collect();
    if lines.is_empty() {
        "#".to_string()
    } else {
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoIo;

    fn inputs(lines: &[&str]) -> Vec<Input> {
        lines
            .iter()
            .map(|l| Input::from_script(l).unwrap_or_else(|e| panic!("{l}: {e}")))
            .collect()
    }

    fn session(lines: &[&str]) -> (Simulation, Vec<Input>) {
        let mut sim = Simulation::with_article_nodes(3);
        let log = inputs(lines);
        for input in &log {
            let r = shell::run(&mut sim, input, &mut NoIo);
            assert_eq!(r.exit_code, 0, "{}: {}", input.line, r.text());
        }
        (sim, log)
    }

    const DS: &str = "kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: web
  annotations:
    team: edge
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
        - name: nginx
          image: nginx:1.26
EOF";

    #[test]
    fn manifests_have_no_status_or_server_metadata() {
        let (sim, _) = session(&[DS, "sleep 10s"]);
        let yaml = manifests_yaml(&sim);
        assert!(
            yaml.starts_with("apiVersion: apps/v1\nkind: DaemonSet\n"),
            "{yaml}"
        );
        for gone in [
            "status:",
            "uid:",
            "resourceVersion",
            "creationTimestamp",
            "generation:",
            "namespace:",
            "last-applied-configuration",
            "deprecated.daemonset.template.generation",
        ] {
            assert!(!yaml.contains(gone), "{gone} in\n{yaml}");
        }
        assert!(yaml.contains("team: edge"), "{yaml}");
        assert!(yaml.contains("image: nginx:1.26"), "{yaml}");
    }

    #[test]
    fn exported_manifests_apply_again_to_an_empty_cluster() {
        let (sim, _) = session(&[DS, &DS.replace("name: web", "name: web2")]);
        let yaml = manifests_yaml(&sim);
        assert_eq!(yaml.matches("---\n").count(), 1);
        let mut fresh = Simulation::with_article_nodes(3);
        let out = shell::run(
            &mut fresh,
            &Input::new("kubectl apply -f manifests.yaml"),
            &mut FileIo(&yaml),
        );
        assert_eq!(out.exit_code, 0, "{}", out.text());
        assert_eq!(
            out.stdout(),
            "daemonset.apps/web created\ndaemonset.apps/web2 created\n"
        );
    }

    struct FileIo<'a>(&'a str);
    impl crate::Io for FileIo<'_> {
        fn read_file(&mut self, _: &str) -> Result<String, String> {
            Ok(self.0.to_string())
        }
    }

    #[test]
    fn script_replays_commands_with_node_names_substituted() {
        let (sim, log) = session(&[
            DS,
            "kubectl label node 10.0.10.5 tier=web",
            "kubectl set image ds/web nginx=nginx:1.27",
            "sleep 30s",
            "sim add-nodes 1",
            "kubectl taint nodes node-0 dedicated=gpu:NoSchedule",
        ]);
        let script = kubectl_script(&log, &sim);
        assert!(script.starts_with("#!/usr/bin/env bash\n"));
        assert!(script.contains("\nset -euo pipefail\n"));
        assert!(script.contains("map_node 10.0.10.5 0\nmap_node 10.0.10.7 1\nmap_node node-0 2\n"));
        assert!(script.contains("step kubectl apply -f - <<'EOF'\napiVersion: apps/v1\n"));
        assert!(script.contains("\nstep kubectl label node \"${NODE[10.0.10.5]}\" tier=web\n"));
        assert!(script.contains("\nstep kubectl set image ds/web nginx=nginx:1.27\n"));
        assert!(script.contains("\n# simulated: sleep 30s\nwait_rollouts 30s\n"));
        assert!(script.contains("\n# playground only: sim add-nodes 1\n"));
        assert!(script
            .contains("\nstep kubectl taint nodes \"${NODE[node-0]}\" dedicated=gpu:NoSchedule\n"));
        // The final state: labels, taints, and the DaemonSet as it ended.
        assert!(script.contains(
            "owns 0 && step kubectl label node \"${NODE[10.0.10.5]}\" --overwrite tier=web\n"
        ));
        assert!(script.contains("owns 2 && step kubectl taint node \"${NODE[node-0]}\" --overwrite dedicated=gpu:NoSchedule\n"));
        assert!(script.contains("image: nginx:1.27\n"));
    }

    #[test]
    fn dangerous_or_unreplayable_commands_become_comments() {
        let log = inputs(&[
            "kubectl delete node 10.0.10.7",
            "kubectl edit ds/web",
            "kubectl apply -f manifest.yaml",
            "kubectl get pods -w",
            "kubectl get ds --watch-only",
            "kubectl events -w",
            "kubectl get pods 'unterminated",
        ]);
        let script = kubectl_script(&log, &Simulation::with_article_nodes(1));
        let replay = script
            .split("---- 2.")
            .nth(1)
            .and_then(|s| s.split("---- 3.").next())
            .unwrap_or("");
        assert!(!replay.contains("\nstep "), "{replay}");
        assert_eq!(replay.matches("# not replayed").count(), 7, "{replay}");
    }

    #[test]
    fn hostile_words_are_single_quoted_and_comments_stay_comments() {
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("$(reboot)"), "'$(reboot)'");
        assert_eq!(quote("*"), "'*'");
        assert_eq!(quote(""), "''");
        assert_eq!(comment("x\nrm -rf /"), "# x\n# rm -rf /");
        assert_eq!(
            node_ref("n'; reboot; '"),
            r#""$(real_node 'n'\''; reboot; '\''')""#
        );
    }

    #[test]
    fn heredoc_delimiter_never_matches_a_body_line() {
        let text = heredoc("cat", "a\nEOF\nEOF_1\n");
        assert!(text.ends_with("\nEOF_2\n"), "{text}");
        assert!(text.starts_with("cat <<'EOF_2'\n"));
    }

    #[test]
    fn legacy_manifests_are_replayed_as_apps_v1() {
        let Some(article) = crate::scenario::by_name("article") else {
            panic!("no article scenario");
        };
        let (sim, log) = crate::scenario::load(&article).unwrap_or_else(|e| panic!("{e}"));
        let log: Vec<Input> = log.into_iter().map(|(_, l)| l).collect();
        let script = kubectl_script(&log, &sim);
        assert!(!script.contains("extensions/v1beta1\n"), "{script}");
        assert!(script.contains(
            "# extensions/v1beta1 manifest converted to apps/v1 for a real cluster\n\
             step kubectl create -f - <<'EOF'\napiVersion: apps/v1\n"
        ));
        assert!(script.contains("type: OnDelete"), "{script}");
    }

    #[test]
    fn rollout_status_gets_a_timeout() {
        let log = inputs(&["kubectl rollout status ds/web"]);
        let script = kubectl_script(&log, &Simulation::new(1));
        assert!(script.contains("\nstep kubectl rollout status ds/web --timeout=5m\n"));
    }
}
