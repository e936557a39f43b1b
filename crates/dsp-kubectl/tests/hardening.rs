//! Regression tests for issue #15 ("Hardening"): every input the fuzz run found that panicked,
//! wrapped, hung or ran away gets a clear error or a bounded, correct result, fast.
//!
//! Each test runs its input through `shell::run`, as the page, the tutorial and `dsplay` do,
//! and checks both the answer and the wall time it took (`quick`).

use std::time::{Duration, Instant};

use dsp_core::Simulation;
use dsp_kubectl::{shell, Input, Io, NoIo, Output};

/// What one input may take natively. The issue asks for under 100 ms; the assertion leaves
/// room for a loaded test machine (two cores shared with builds) and debug builds, while still
/// catching the seconds-to-minutes the findings took.
const QUICK: Duration = Duration::from_millis(2_000);

/// Files the tests' host serves: `ds.yaml` is what the test puts there.
struct Files(Vec<(String, String)>);

impl Io for Files {
    fn read_file(&mut self, path: &str) -> Result<String, String> {
        self.0
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, text)| text.clone())
            .ok_or_else(|| format!("the path \"{path}\" does not exist"))
    }
}

fn run(sim: &mut Simulation, line: &str) -> Output {
    shell::run(sim, &Input::new(line), &mut NoIo)
}

fn run_stdin(sim: &mut Simulation, line: &str, stdin: &str) -> Output {
    let input = Input {
        line: line.to_string(),
        stdin: Some(stdin.to_string()),
    };
    shell::run(sim, &input, &mut NoIo)
}

/// Runs `f`, fails if it took longer than [`QUICK`].
fn quick<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    eprintln!("{what}: {took:?}");
    assert!(took < QUICK, "{what} took {took:?}");
    out
}

fn daemonset(extra_pod_spec: &str) -> String {
    format!(
        "apiVersion: apps/v1
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
{extra_pod_spec}      containers:
      - name: webserver
        image: nginx
"
    )
}

// ---------------------------------------------------------------------------------------------
// 1. Integer overflow on user data

#[test]
fn sleep_with_int64_max_seconds_is_refused_as_too_long() {
    let mut sim = Simulation::with_article_nodes(1);
    for arg in ["9223372036854775807", "18446744073709552", "2562047h47m16s"] {
        let out = quick(arg, || run(&mut sim, &format!("sleep {arg}")));
        assert_eq!(out.exit_code, 1, "{arg}");
        assert!(
            out.stderr()
                .contains("longer than the playground sleeps at once"),
            "{arg}: {}",
            out.stderr()
        );
    }
    // Past int64 nanoseconds Go's ParseDuration fails, and so does sleep (as Go words it).
    let out = run(&mut sim, "sleep 2562047788015215h");
    assert_eq!(
        out.stderr(),
        "sleep: time: invalid duration \"2562047788015215h\"\n"
    );
    let out = run(&mut sim, "sleep 99999999999999999999");
    assert_eq!(out.exit_code, 1);
    assert_eq!(sim.now().0, 0, "no sleep moved the clock");
}

#[test]
fn termination_grace_period_of_int64_max_is_accepted_and_deletes_bounded() {
    let mut sim = Simulation::with_article_nodes(2);
    let manifest = daemonset("      terminationGracePeriodSeconds: 9223372036854775807\n");
    let out = quick("create", || {
        run_stdin(&mut sim, "kubectl create -f -", &manifest)
    });
    assert_eq!(
        out.stdout(),
        "daemonset.apps/frontend created\n",
        "{}",
        out.stderr()
    );
    sim.run_until_idle();
    let out = quick("delete", || run(&mut sim, "kubectl delete pods --all"));
    assert_eq!(out.exit_code, 0, "{}", out.stderr());
    // The kubelet stops containers in its own 2 s, well within the (huge) grace period.
    assert!(sim.now().0 < 60_000, "{:?}", sim.now());
}

#[test]
fn grace_period_flag_of_int64_max_deletes_without_overflow() {
    let mut sim = Simulation::with_article_nodes(2);
    run_stdin(&mut sim, "kubectl create -f -", &daemonset(""));
    sim.run_until_idle();
    let out = quick("delete", || {
        run(
            &mut sim,
            "kubectl delete pod --all --grace-period=9223372036854775807",
        )
    });
    assert_eq!(out.exit_code, 0, "{}", out.stderr());
    assert!(out.stdout().contains("deleted"), "{}", out.stdout());
    // Past int64 it is kubectl's flag parse error.
    let out = run(
        &mut sim,
        "kubectl delete pod --all --grace-period=9223372036854775808",
    );
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr()
            .contains("invalid argument \"9223372036854775808\" for \"--grace-period\""),
        "{}",
        out.stderr()
    );
}

#[test]
fn toleration_seconds_of_int64_max_schedules_an_eviction_that_never_comes() {
    let mut sim = Simulation::with_article_nodes(2);
    let manifest = daemonset(
        "      tolerations:
      - key: gone
        operator: Exists
        effect: NoExecute
        tolerationSeconds: 9223372036854775807
",
    );
    let out = run_stdin(&mut sim, "kubectl create -f -", &manifest);
    assert_eq!(out.exit_code, 0, "{}", out.stderr());
    sim.run_until_idle();
    let out = quick("taint", || {
        run(&mut sim, "kubectl taint nodes --all gone=yes:NoExecute")
    });
    assert_eq!(out.exit_code, 0, "{}", out.stderr());
    let out = quick("sleep", || run(&mut sim, "sleep 24h"));
    assert_eq!(out.exit_code, 0, "{}", out.stderr());
    assert_eq!(
        sim.pods().count(),
        2,
        "tolerated for ~292 million years: still there"
    );
    assert!(sim.pods().all(|p| !p.is_terminating()));
}

#[test]
fn add_nodes_from_the_largest_ordinal_is_refused_not_wrapped() {
    let mut sim = Simulation::new(1);
    let out = quick("add-nodes", || {
        run(&mut sim, "sim add-nodes 2 --from 18446744073709551615")
    });
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr().contains("runs past the largest node number"),
        "{}",
        out.stderr()
    );
    assert_eq!(sim.nodes().count(), 0);
    // The last ordinal itself is fine with one node.
    let out = run(&mut sim, "sim add-nodes 1 --from 18446744073709551615");
    assert_eq!(out.stdout(), "added 1 node: node-18446744073709551615\n");
}

#[test]
fn int_or_percent_extremes_validate_or_resolve_in_range() {
    let mut sim = Simulation::with_article_nodes(2);
    let manifest = daemonset("").replace(
        "spec:\n  selector:",
        "spec:\n  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 2147483647\n      maxSurge: 0\n  selector:",
    );
    let out = run_stdin(&mut sim, "kubectl apply -f -", &manifest);
    assert_eq!(out.exit_code, 0, "{}", out.stderr());
    let out = quick("set image", || {
        run(&mut sim, "kubectl set image ds/frontend webserver=nginx:2")
    });
    assert_eq!(out.exit_code, 0, "{}", out.stderr());
    let out = quick("rollout", || {
        run(&mut sim, "kubectl rollout status ds/frontend")
    });
    assert!(
        out.stdout().contains("successfully rolled out"),
        "{}",
        out.text()
    );
    // A percentage past int64 is Go's Atoi failing: read as 0, then refused as kubectl does.
    let huge = daemonset("").replace(
        "spec:\n  selector:",
        "spec:\n  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: \"99999999999999999999%\"\n  selector:",
    );
    let out = quick("huge percent", || {
        run_stdin(&mut sim, "kubectl apply -f -", &huge)
    });
    assert_eq!(out.exit_code, 1, "{}", out.text());
}

#[test]
fn revision_numbers_past_int64_are_flag_errors() {
    let mut sim = Simulation::with_article_nodes(1);
    run_stdin(&mut sim, "kubectl create -f -", &daemonset(""));
    for line in [
        "kubectl rollout history ds/frontend --revision=9223372036854775808",
        "kubectl rollout undo ds/frontend --to-revision=9223372036854775808",
    ] {
        let out = quick(line, || run(&mut sim, line));
        assert_eq!(out.exit_code, 1, "{line}");
        assert!(
            out.stderr().contains("invalid argument"),
            "{}",
            out.stderr()
        );
    }
    let out = run(
        &mut sim,
        "kubectl rollout history ds/frontend --revision=9223372036854775807",
    );
    assert_eq!(
        out.stderr(),
        "error: unable to find the specified revision\n"
    );
}

#[test]
fn jsonpath_indexes_at_the_int64_edges_do_not_overflow() {
    let mut sim = Simulation::with_article_nodes(2);
    for index in [
        "-9223372036854775808",
        "9223372036854775807",
        "-9223372036854775808:9223372036854775807",
        "9223372036854775807:-9223372036854775808",
    ] {
        let line = format!("kubectl get nodes -o jsonpath={{.items[{index}].metadata.name}}");
        let out = quick(&line, || run(&mut sim, &line));
        assert!(out.exit_code <= 1, "{line}: {}", out.text());
    }
}

#[test]
fn durations_with_huge_fractions_do_not_overflow() {
    let mut sim = Simulation::with_article_nodes(1);
    run_stdin(&mut sim, "kubectl create -f -", &daemonset(""));
    for flag in [
        "--timeout=9223372036.854775807s",
        "--timeout=2562047h47m16.854775807s",
        "--timeout=0.99999999999999999999h",
    ] {
        let line = format!("kubectl rollout status ds/frontend {flag}");
        let out = quick(&line, || run(&mut sim, &line));
        assert!(out.exit_code <= 1, "{line}: {}", out.text());
    }
}

#[test]
fn files_are_served_by_the_host() {
    // The Files host works (used by the size tests below).
    let mut sim = Simulation::with_article_nodes(1);
    let mut io = Files(vec![("ds.yaml".into(), daemonset(""))]);
    let out = shell::run(&mut sim, &Input::new("kubectl apply -f ds.yaml"), &mut io);
    assert_eq!(out.stdout(), "daemonset.apps/frontend created\n");
}

// ---------------------------------------------------------------------------------------------
// 2. Bounded nesting and size

#[test]
fn a_range_nested_twenty_thousand_deep_is_refused_without_recursion() {
    let mut sim = Simulation::with_article_nodes(1);
    // 6,000 deep fits the shell's line limit (jsonpath's unit tests take 20,000).
    let template = format!(
        "{}x{}",
        "{range .items}".repeat(6_000),
        "{end}".repeat(6_000)
    );
    let line = format!("kubectl get nodes -o jsonpath='{template}'");
    let out = quick("deep range", || run(&mut sim, &line));
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr()
            .contains("the template nests deeper than 100 levels"),
        "{}",
        &out.stderr()[out.stderr().len().saturating_sub(200)..]
    );
}

#[test]
fn filters_nested_three_thousand_deep_are_refused_in_linear_time() {
    let mut sim = Simulation::with_article_nodes(1);
    for depth in [3_000, 9_000] {
        let template = format!("{{.items{}{}}}", "[?(@.a".repeat(depth), ")]".repeat(depth));
        let line = format!("kubectl get nodes -o jsonpath='{template}'");
        let out = quick("deep filters", || run(&mut sim, &line));
        assert_eq!(out.exit_code, 1);
        assert!(
            out.stderr().contains("nests deeper than"),
            "{}",
            &out.stderr()[..200]
        );
    }
    // Within the limit, nested filters still work.
    let out = run(
        &mut sim,
        "kubectl get nodes -o jsonpath={.items[?(@.status.conditions[?(@.status)])].metadata.name}",
    );
    assert_eq!(out.stdout(), "10.0.10.5 10.0.10.7");
}

#[test]
fn nested_recursive_ranges_stop_at_the_work_or_output_cap() {
    let mut sim = Simulation::with_article_nodes(1);
    run_stdin(&mut sim, "kubectl create -f -", &daemonset(""));
    let template = format!("{}{{.}}{}", "{range $..type}".repeat(9), "{end}".repeat(9));
    let line = format!("kubectl get pods,nodes -o jsonpath='{template}'");
    let out = quick("range $..type ×9", || run(&mut sim, &line));
    assert_eq!(
        out.exit_code,
        1,
        "{}",
        &out.stdout()[..out.stdout().len().min(200)]
    );
    assert!(
        out.stderr().contains("the playground stops it"),
        "{}",
        out.stderr()
    );
    assert!(out.stdout().len() <= dsp_kubectl::jsonpath::MAX_OUTPUT_BYTES);
}

#[test]
fn a_deeply_nested_patch_is_refused() {
    let mut sim = Simulation::with_article_nodes(1);
    run_stdin(&mut sim, "kubectl create -f -", &daemonset(""));
    let body = format!("{}1{}", "{\"a\":".repeat(120), "}".repeat(120));
    for kind in ["strategic", "merge"] {
        let line = format!("kubectl patch ds frontend --type {kind} -p '{body}'");
        let out = quick("deep patch", || run(&mut sim, &line));
        assert_eq!(out.exit_code, 1, "{kind}");
        assert!(
            out.stderr().contains("nested deeper than 64 levels"),
            "{kind}: {}",
            out.stderr()
        );
    }
    let body = format!("{}1{}", "{\"a\":".repeat(40), "}".repeat(40));
    let out = quick("patch", || {
        run(
            &mut sim,
            &format!("kubectl patch ds frontend --type merge -p '{body}'"),
        )
    });
    assert!(out.exit_code <= 1, "{}", out.stderr());
}

#[test]
fn an_overlong_command_line_is_refused_before_it_is_split() {
    let mut sim = Simulation::with_article_nodes(1);
    let line = format!("kubectl get pods {}", "x ".repeat(200_000));
    let out = quick("long line", || run(&mut sim, &line));
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr().contains("at most 131072 bytes"),
        "{}",
        out.stderr()
    );
}

#[test]
fn nested_brackets_through_replace_from_stdin_are_a_yaml_error() {
    let mut sim = Simulation::with_article_nodes(1);
    run_stdin(&mut sim, "kubectl create -f -", &daemonset(""));
    let deep = daemonset(&format!("      nodeSelector: {}\n", "{a: ".repeat(1_000)));
    let out = quick("replace", || {
        run_stdin(&mut sim, "kubectl replace -f -", &deep)
    });
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr().contains("exceeded max depth of 1000"),
        "{}",
        out.stderr()
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Bounded work per command

/// A DaemonSet whose pods crash forever on the article's two nodes (plus `extra` nodes).
fn crash_loop(extra: usize) -> Simulation {
    let mut sim = Simulation::with_article_nodes(3);
    if extra > 0 {
        run(&mut sim, &format!("sim add-nodes {extra}"));
    }
    run(&mut sim, "sim image nginx crash");
    // Pods crash after a second, so with minReadySeconds they never count as available.
    let manifest = daemonset("").replace(
        "spec:\n  selector:",
        "spec:\n  minReadySeconds: 10\n  selector:",
    );
    let out = run_stdin(&mut sim, "kubectl create -f -", &manifest);
    assert_eq!(out.exit_code, 0, "{}", out.stderr());
    sim
}

#[test]
fn rollout_status_with_a_huge_timeout_stops_at_the_work_cap() {
    let mut sim = crash_loop(0);
    let out = quick("rollout status", || {
        run(
            &mut sim,
            "kubectl rollout status ds/frontend --timeout=2562047h",
        )
    });
    assert_eq!(out.exit_code, 1, "{}", out.text());
    assert!(
        out.stderr().contains("timed out waiting for the condition"),
        "{}",
        out.stderr()
    );
    assert!(
        out.text().contains("the playground stops watching at"),
        "{}",
        out.text()
    );
}

#[test]
fn a_watch_that_prints_nothing_still_stops_at_the_work_cap() {
    let mut sim = crash_loop(0);
    let out = quick("get -w", || {
        run(
            &mut sim,
            "kubectl get pods -w -l app=nothing --request-timeout=2562047h",
        )
    });
    assert!(
        out.text().contains("the playground stops watching at"),
        "{}",
        out.text()
    );
    let out = quick("events -w", || {
        run(&mut sim, "kubectl events -w --request-timeout=2562047h")
    });
    assert!(
        out.text().contains("the playground stops"),
        "{}",
        &out.text()[out.text().len().saturating_sub(300)..]
    );
}

/// A host whose budget allows a command `allowed` instants of waiting (the page and the prompt
/// count wall time instead).
struct Budget {
    allowed: u64,
    asked: u64,
}

impl Io for Budget {
    fn read_file(&mut self, path: &str) -> Result<String, String> {
        NoIo.read_file(path)
    }
    fn keep_waiting(&mut self) -> bool {
        self.asked += 1;
        self.asked <= self.allowed
    }
}

#[test]
fn the_host_can_stop_every_command_that_waits() {
    for line in [
        "kubectl get pods -w --request-timeout=2562047h",
        "kubectl events -w --request-timeout=2562047h",
        "kubectl rollout status ds/frontend --timeout=2562047h",
    ] {
        let mut sim = crash_loop(0);
        let start = sim.now();
        let mut host = Budget {
            allowed: 25,
            asked: 0,
        };
        let out = shell::run(&mut sim, &Input::new(line), &mut host);
        assert!(
            out.text()
                .contains("the command has run for as long as it may in real time"),
            "{line}: {}",
            out.text()
        );
        // Asked once per instant, and once more for the instant it stopped before.
        assert_eq!(host.asked, 26, "{line}");
        assert!(sim.now() > start, "{line}");
        assert!(
            sim.now() < start + dsp_core::SimDuration::from_mins(30),
            "{line}: {:?}",
            sim.now()
        );
    }
    // A delete waiting for its pods to terminate.
    let mut sim = crash_loop(0);
    run(&mut sim, "sleep 5s");
    let mut host = Budget {
        allowed: 0,
        asked: 0,
    };
    let out = shell::run(
        &mut sim,
        &Input::new("kubectl delete pods --all"),
        &mut host,
    );
    assert!(
        out.text()
            .contains("the command has run for as long as it may in real time"),
        "{}",
        out.text()
    );
}

#[test]
fn sleep_over_a_crash_loop_is_bounded_by_the_timer_cap() {
    // 100 crash-looping nodes fire tens of thousands of timers a simulated day: under the cap
    // (dsp-core's `advance_to_within` tests show the stop itself).
    let mut sim = crash_loop(100);
    let before = sim.timers_fired();
    let out = run(&mut sim, "sleep 24h");
    assert_eq!(out.exit_code, 0, "{}", out.stderr());
    let fired = sim.timers_fired() - before;
    assert!(
        fired > 10_000 && fired <= dsp_kubectl::COMMAND_TIMER_CAP,
        "{fired}"
    );
}
