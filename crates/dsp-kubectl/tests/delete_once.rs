//! Issue #14: a DaemonSet controller deletes a pod once (its expectations stop a second
//! delete; terminating pods are skipped). Random relabels, taints, image changes, rollbacks,
//! pod deletes and relabels, drains and node readiness changes, run through the shell as the
//! page runs them, never leave two `Deleted pod: X` events for one pod. (Past ten similar
//! events in ten minutes client-go's correlator combines them into one `(combined from similar
//! events)` event whose count grows: that `(xN)` is not a second delete.)

use dsp_kubectl::{shell, Input, NoIo};

const DS: &str = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  updateStrategy:\n    rollingUpdate:\n      maxSurge: SURGE\n      maxUnavailable: UNAV\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      nodeSelector:\n        pool: a\n      containers:\n      - name: c\n        image: nginx:1.26\n";

#[test]
fn no_pod_is_deleted_twice() {
    let mut seed = 1u64;
    let mut rnd = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for round in 0..150 {
        let mut sim = dsp_core::Simulation::with_article_nodes(round);
        let surge = if round % 2 == 0 { "0" } else { "1" };
        let unav = if round % 2 == 0 { "1" } else { "0" };
        let ds = DS.replace("SURGE", surge).replace("UNAV", unav);
        let mut log = Vec::new();
        let run = |sim: &mut dsp_core::Simulation, line: &str, stdin: Option<&str>| {
            let mut input = Input::new(line);
            if let Some(s) = stdin {
                input.stdin = Some(s.to_string());
            }
            shell::run(sim, &input, &mut NoIo);
        };
        run(&mut sim, "sim add-nodes 3 --prefix n-", None);
        run(&mut sim, "kubectl apply -f -", Some(&ds));
        log.push("apply".to_string());
        for _ in 0..40 {
            let nodes = ["10.0.10.5", "10.0.10.7", "n-0", "n-1", "n-2"];
            let node = nodes[rnd(5) as usize];
            let pods: Vec<String> = sim.pods().map(|p| p.name.clone()).collect();
            let pod = if pods.is_empty() {
                "none".to_string()
            } else {
                pods[rnd(pods.len() as u64) as usize].clone()
            };
            let line = match rnd(16) {
                9 => format!("kubectl delete pod {pod} --wait=false"),
                10 => format!("kubectl label pod {pod} app=other --overwrite"),
                11 => format!("kubectl label pod {pod} app=web --overwrite"),
                12 => format!("kubectl drain {node} --ignore-daemonsets"),
                13 => format!("sim node {node} not-ready"),
                14 => format!("sim node {node} ready"),
                15 => "sim image nginx:1.23 fail".to_string(),
                0 => format!("kubectl label node {node} pool=a --overwrite"),
                1 => format!("kubectl label node {node} pool-"),
                2 => format!("kubectl label node {node} pool=b --overwrite"),
                3 => format!("kubectl set image ds/web c=nginx:1.{}", 20 + rnd(5)),
                4 => "kubectl rollout undo ds/web".to_string(),
                5 => format!("sleep {}ms", rnd(4000)),
                6 => format!("kubectl taint node {node} k=v:NoExecute"),
                7 => format!("kubectl taint node {node} k:NoExecute-"),
                _ => format!("sleep {}s", rnd(20)),
            };
            run(&mut sim, &line, None);
            log.push(line);
            let mut seen = std::collections::BTreeSet::new();
            for e in sim.events() {
                if e.reason == "SuccessfulDelete"
                    && !e.message.starts_with("(combined")
                    && !seen.insert(e.message.clone())
                {
                    panic!("round {round}: twice {}\n{}", e.message, log.join("\n"));
                }
                if e.reason == "SuccessfulDelete"
                    && e.count > 1
                    && !e.message.starts_with("(combined")
                {
                    panic!(
                        "round {round}: {} x{}\n{}",
                        e.message,
                        e.count,
                        log.join("\n")
                    );
                }
            }
        }
    }
}
