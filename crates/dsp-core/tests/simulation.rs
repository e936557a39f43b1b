//! Behaviour of the whole simulation: controller + kubelet + API, in simulated time.

use dsp_core::DaemonSetSpecOf;
use dsp_core::*;
use serde_json::{json, Value};

fn ds_json(image: &str, extra_spec: Value) -> dsp_core::k8s::apps::DaemonSet {
    let mut v = json!({
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
    });
    if let (Some(spec), Value::Object(extra)) = (v["spec"].as_object_mut(), extra_spec) {
        for (k, val) in extra {
            spec.insert(k, val);
        }
    }
    serde_json::from_value(v).expect("valid DaemonSet JSON")
}

fn frontend(image: &str) -> dsp_core::k8s::apps::DaemonSet {
    ds_json(image, json!({}))
}

fn with_selector(image: &str) -> dsp_core::k8s::apps::DaemonSet {
    let mut ds = frontend(image);
    ds.ds_spec_mut()
        .template
        .spec
        .as_mut()
        .expect("spec")
        .node_selector = Some([("disk".to_string(), "ssd".to_string())].into());
    ds
}

fn live_pods_on<'a>(sim: &'a Simulation, node: &str) -> Vec<&'a Pod> {
    sim.pods()
        .filter(|p| p.assigned_node() == Some(node) && !p.is_terminating())
        .collect()
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn node_labels_plus(sim: &Simulation, node: &str, k: &str, v: &str) -> Labels {
    let mut l = sim.node(node).expect("node").labels.clone();
    l.insert(k.to_string(), v.to_string());
    l
}

#[test]
fn pod_goes_pending_container_creating_running() {
    let mut sim = Simulation::with_article_nodes(1);
    sim.create_daemonset(frontend("nginx")).expect("create");
    let name = sim.pods().next().expect("pod").name.clone();
    assert_eq!(sim.pod(&name).expect("pod").kubectl_status(), "Pending");
    sim.advance_by(SimDuration::from_millis(500));
    let p = sim.pod(&name).expect("pod");
    assert_eq!(p.kubectl_status(), "ContainerCreating");
    assert!(p.node_name.is_some());
    sim.advance_by(SimDuration::from_secs(3));
    let p = sim.pod(&name).expect("pod");
    assert_eq!(p.kubectl_status(), "Running");
    assert_eq!(p.ready_count(), (1, 1));
}

#[test]
fn relabel_node_out_of_selector_deletes_pod_and_back_in_creates_one() {
    let mut sim = Simulation::with_article_nodes(2);
    let l = node_labels_plus(&sim, "10.0.10.5", "disk", "ssd");
    sim.set_node_labels("10.0.10.5", l).expect("label");
    sim.create_daemonset(with_selector("nginx"))
        .expect("create");
    sim.run_until_idle();
    assert_eq!(live_pods_on(&sim, "10.0.10.5").len(), 1);
    assert_eq!(live_pods_on(&sim, "10.0.10.7").len(), 0);
    let mut l = sim.node("10.0.10.5").expect("node").labels.clone();
    l.remove("disk");
    sim.set_node_labels("10.0.10.5", l).expect("unlabel");
    let terminating: Vec<&Pod> = sim.pods().filter(|p| p.is_terminating()).collect();
    assert_eq!(terminating.len(), 1);
    assert_eq!(terminating[0].kubectl_status(), "Terminating");
    sim.run_until_idle();
    assert_eq!(sim.pods().count(), 0);
    let l = node_labels_plus(&sim, "10.0.10.7", "disk", "ssd");
    sim.set_node_labels("10.0.10.7", l).expect("label");
    assert_eq!(live_pods_on(&sim, "10.0.10.7").len(), 1);
    assert_eq!(
        sim.daemonset("frontend")
            .expect("ds")
            .status
            .desired_number_scheduled,
        1
    );
}

#[test]
fn deleted_pod_is_replaced_only_after_it_terminates() {
    let mut sim = Simulation::with_article_nodes(3);
    sim.create_daemonset(frontend("nginx")).expect("create");
    sim.run_until_idle();
    let victim = live_pods_on(&sim, "10.0.10.5")[0].name.clone();
    sim.delete_pod(&victim, None).expect("delete");
    assert!(sim.pod(&victim).expect("still there").is_terminating());
    assert_eq!(sim.pods().count(), 2, "no replacement while terminating");
    sim.advance_by(SimDuration::from_secs(2));
    assert!(sim.pod(&victim).is_none());
    let fresh = live_pods_on(&sim, "10.0.10.5");
    assert_eq!(fresh.len(), 1);
    assert_ne!(fresh[0].name, victim);
}

#[test]
fn termination_grace_period_caps_the_stop_time() {
    let mut sim = Simulation::with_article_nodes(3);
    let mut ds = frontend("nginx");
    ds.ds_spec_mut()
        .template
        .spec
        .as_mut()
        .expect("spec")
        .termination_grace_period_seconds = Some(1);
    sim.create_daemonset(ds).expect("create");
    sim.run_until_idle();
    let victim = live_pods_on(&sim, "10.0.10.5")[0].name.clone();
    sim.delete_pod(&victim, None).expect("delete");
    sim.advance_by(SimDuration::from_millis(1000));
    assert!(sim.pod(&victim).is_none());
}

#[test]
fn not_ready_node_keeps_its_pod_but_gets_no_new_one() {
    let mut sim = Simulation::with_article_nodes(4);
    sim.create_daemonset(frontend("nginx")).expect("create");
    sim.run_until_idle();
    sim.set_node_ready("10.0.10.7", NodeReady::False)
        .expect("node");
    let node = sim.node("10.0.10.7").expect("node");
    assert_eq!(node.kubectl_status(), "NotReady");
    assert_eq!(node.taints.len(), 2);
    assert_eq!(live_pods_on(&sim, "10.0.10.7").len(), 1, "pod kept");
    let mut other = frontend("nginx");
    other.metadata.name = Some("logger".into());
    sim.create_daemonset(other).expect("second ds");
    sim.run_until_idle();
    let logger_pods: Vec<&Pod> = sim
        .pods()
        .filter(|p| p.name.starts_with("logger-"))
        .collect();
    assert_eq!(logger_pods.len(), 1);
    assert_eq!(logger_pods[0].assigned_node(), Some("10.0.10.5"));
    let s = sim.daemonset("frontend").expect("ds").status;
    assert_eq!((s.desired_number_scheduled, s.number_misscheduled), (1, 1));
    sim.set_node_ready("10.0.10.7", NodeReady::True)
        .expect("node");
    sim.run_until_idle();
    assert_eq!(
        sim.pods().filter(|p| p.name.starts_with("logger-")).count(),
        2
    );
}

#[test]
fn cordoned_node_keeps_and_gets_daemon_pods() {
    let mut sim = Simulation::with_article_nodes(5);
    sim.set_node_unschedulable("10.0.10.5", true)
        .expect("cordon");
    assert_eq!(
        sim.node("10.0.10.5").expect("node").kubectl_status(),
        "Ready,SchedulingDisabled"
    );
    sim.create_daemonset(frontend("nginx")).expect("create");
    sim.run_until_idle();
    assert_eq!(live_pods_on(&sim, "10.0.10.5").len(), 1);
}

#[test]
fn no_execute_taint_evicts_the_daemon_pod() {
    let mut sim = Simulation::with_article_nodes(6);
    sim.create_daemonset(frontend("nginx")).expect("create");
    sim.run_until_idle();
    sim.set_node_taints(
        "10.0.10.5",
        vec![Taint::new("dedicated", Some("db"), TaintEffect::NoExecute)],
    )
    .expect("taint");
    sim.run_until_idle();
    assert!(live_pods_on(&sim, "10.0.10.5").is_empty());
    let e = sim.explain("10.0.10.5", "frontend").expect("explain");
    assert!(!e.should_run && !e.should_continue_running);
    assert!(
        e.lines.iter().any(|l| l.contains("dedicated=db:NoExecute")),
        "{:?}",
        e.lines
    );
}

#[test]
fn image_pull_failure_backs_off() {
    let mut sim = Simulation::with_article_nodes(7);
    sim.set_image_behavior(
        "nginx:typo",
        ImageBehavior {
            pull: SimDuration::from_secs(2),
            outcome: ImageOutcome::PullFails,
        },
    );
    sim.create_daemonset(frontend("nginx:typo"))
        .expect("create");
    sim.advance_by(SimDuration::from_millis(2500));
    let p = sim.pods().next().expect("pod");
    assert_eq!(p.kubectl_status(), "ErrImagePull");
    sim.advance_by(SimDuration::from_secs(1));
    let p = sim.pods().next().expect("pod");
    assert_eq!(p.kubectl_status(), "ImagePullBackOff");
    assert!(sim
        .events()
        .iter()
        .any(|e| e.reason == "BackOff" && e.message == "Back-off pulling image \"nginx:typo\""));
    let idle_at = sim.run_until_idle();
    assert!(
        idle_at < SimTime(60_000),
        "retry loops do not keep run_until_idle busy"
    );
}

#[test]
fn crashing_container_loops_with_restarts() {
    let mut sim = Simulation::with_article_nodes(8);
    sim.set_image_behavior(
        "crasher",
        ImageBehavior {
            pull: SimDuration::from_secs(1),
            outcome: ImageOutcome::Crashes,
        },
    );
    sim.create_daemonset(frontend("crasher")).expect("create");
    sim.advance_by(SimDuration::from_millis(2600));
    let p = sim.pods().next().expect("pod");
    assert_eq!(p.kubectl_status(), "CrashLoopBackOff");
    assert_eq!(p.restarts(), 1);
    sim.advance_by(SimDuration::from_secs(60));
    let p = sim.pods().next().expect("pod");
    assert!(p.restarts() >= 3, "{}", p.restarts());
    assert_eq!(p.phase, PodPhase::Running);
}

#[test]
fn events_use_kubernetes_wording() {
    let mut sim = Simulation::with_article_nodes(9);
    sim.create_daemonset(frontend("nginx")).expect("create");
    sim.run_until_idle();
    let pod = sim.pods().next().expect("pod").name.clone();
    let node = sim
        .pod(&pod)
        .and_then(|p| p.node_name.clone())
        .expect("bound");
    fn has(sim: &Simulation, reason: &str, message: &str) -> bool {
        sim.events()
            .iter()
            .any(|e| e.reason == reason && e.message == message)
    }
    assert!(has(
        &sim,
        "SuccessfulCreate",
        &format!("Created pod: {pod}")
    ));
    assert!(has(
        &sim,
        "Scheduled",
        &format!("Successfully assigned default/{pod} to {node}")
    ));
    assert!(has(&sim, "Pulling", "Pulling image \"nginx\""));
    assert!(has(&sim, "Started", "Started container webserver"));
    sim.delete_pod(&pod, None).expect("delete");
    assert!(has(&sim, "Killing", "Stopping container webserver"));
    let times: Vec<SimTime> = sim.events().iter().map(|e| e.first_seen).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "chronological");
}

#[test]
fn api_errors_print_like_kubectl() {
    let mut sim = Simulation::with_article_nodes(10);
    sim.create_daemonset(frontend("nginx")).expect("create");
    let e = sim
        .create_daemonset(frontend("nginx"))
        .expect_err("duplicate");
    assert_eq!(
        e.to_string(),
        "Error from server (AlreadyExists): daemonsets.apps \"frontend\" already exists"
    );
    let mut missing = frontend("nginx");
    missing.metadata.name = Some("nope".into());
    let e = sim.replace_daemonset(missing).expect_err("missing");
    assert_eq!(
        e.to_string(),
        "Error from server (NotFound): daemonsets.apps \"nope\" not found"
    );
    let mut changed = frontend("nginx");
    changed.ds_spec_mut().selector.match_labels = Some(labels(&[("app", "other")]));
    let e = sim.replace_daemonset(changed).expect_err("invalid");
    assert_eq!(e.reason, ApiErrorReason::Invalid);
    assert!(
        e.to_string()
            .starts_with("The DaemonSet \"frontend\" is invalid: "),
        "{e}"
    );
    assert!(sim.delete_pod("ghost", None).is_err());
}

#[test]
fn generation_and_template_generation_follow_spec_changes() {
    let mut sim = Simulation::with_article_nodes(11);
    sim.create_daemonset(frontend("nginx")).expect("create");
    let g = |sim: &Simulation| {
        let d = sim.daemonset("frontend").expect("ds");
        (
            d.generation,
            d.template_generation,
            d.status.observed_generation,
        )
    };
    assert_eq!(g(&sim), (1, 1, 1));
    assert_eq!(sim.replace_daemonset(frontend("nginx")), Ok(Changed(false)));
    assert_eq!(sim.replace_daemonset(frontend("httpd")), Ok(Changed(true)));
    assert_eq!(g(&sim), (2, 2, 2));
    let strategy = ds_json("httpd", json!({"minReadySeconds": 5}));
    assert_eq!(sim.replace_daemonset(strategy), Ok(Changed(true)));
    assert_eq!(g(&sim), (3, 2, 3));
    let pod = sim.pods().find(|p| !p.is_terminating()).expect("pod");
    assert!(pod.template_generation().is_some());
}

#[test]
fn restart_stamps_restarted_at_and_rolls_every_pod() {
    let mut sim = Simulation::with_article_nodes(12);
    sim.create_daemonset(frontend("nginx")).expect("create");
    sim.run_until_idle();
    let before: Vec<String> = sim.pods().map(|p| p.name.clone()).collect();
    sim.restart("frontend").expect("restart");
    let ds = sim.daemonset("frontend").expect("ds");
    assert!(ds
        .template
        .annotations
        .contains_key("kubectl.kubernetes.io/restartedAt"));
    let p = sim.rollout_progress("frontend").expect("progress");
    assert_eq!(
        p.status,
        RolloutStatus::Updating {
            updated: 0,
            desired: 2
        }
    );
    sim.run_until_idle();
    assert!(sim.pods().all(|p| !before.contains(&p.name)));
    assert_eq!(
        sim.rollout_progress("frontend").expect("progress").status,
        RolloutStatus::Complete
    );
}

#[test]
fn cascade_delete_removes_pods_and_orphan_delete_keeps_them_for_adoption() {
    let mut sim = Simulation::with_article_nodes(13);
    sim.create_daemonset(frontend("nginx")).expect("create");
    sim.run_until_idle();
    sim.delete_daemonset("frontend", false)
        .expect("orphan delete");
    assert_eq!(sim.pods().count(), 2);
    assert!(sim.pods().all(|p| p.owner.is_none()));
    sim.create_daemonset(frontend("nginx")).expect("re-create");
    sim.run_until_idle();
    assert_eq!(sim.pods().count(), 2, "orphans adopted, none created");
    assert!(sim.pods().all(|p| p.owner.is_some()));
    sim.delete_daemonset("frontend", true).expect("cascade");
    assert!(sim.pods().all(|p| p.is_terminating()));
    sim.run_until_idle();
    assert_eq!(sim.pods().count(), 0);
    assert_eq!(sim.revisions().count(), 0);
}

#[test]
fn relabelled_pod_is_orphaned_and_replaced() {
    let mut sim = Simulation::with_article_nodes(14);
    sim.create_daemonset(frontend("nginx")).expect("create");
    sim.run_until_idle();
    let pod = live_pods_on(&sim, "10.0.10.5")[0].name.clone();
    sim.set_pod_labels(&pod, labels(&[("app", "debug")]))
        .expect("relabel");
    let p = sim.pod(&pod).expect("kept running");
    assert!(p.owner.is_none());
    assert_eq!(live_pods_on(&sim, "10.0.10.5").len(), 2);
}

#[test]
fn deleting_a_node_removes_its_pods() {
    let mut sim = Simulation::with_article_nodes(15);
    sim.create_daemonset(frontend("nginx")).expect("create");
    sim.run_until_idle();
    sim.delete_node("10.0.10.7").expect("delete node");
    assert_eq!(sim.pods().count(), 1);
    assert_eq!(
        sim.daemonset("frontend")
            .expect("ds")
            .status
            .desired_number_scheduled,
        1
    );
    sim.add_node(NodeSpec::named("10.0.10.9"))
        .expect("add node");
    assert_eq!(sim.pods().count(), 2);
}

#[test]
fn surge_rollout_keeps_every_node_available() {
    let mut sim = Simulation::with_article_nodes(16);
    let surge = json!({"updateStrategy": {"type": "RollingUpdate",
        "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}}});
    sim.create_daemonset(ds_json("nginx", surge.clone()))
        .expect("create");
    sim.run_until_idle();
    sim.replace_daemonset(ds_json("httpd", surge))
        .expect("update");
    let p = sim.rollout_progress("frontend").expect("progress");
    assert_eq!((p.max_surge, p.max_unavailable, p.surging), (1, 0, 1));
    while let Some(t) = sim.next_timer() {
        sim.advance_to(t);
        assert_eq!(
            sim.daemonset("frontend")
                .expect("ds")
                .status
                .number_available,
            2
        );
    }
    assert!(sim.pods().all(|p| p.containers[0].image == "httpd"));
}

#[test]
fn event_log_stays_bounded() {
    let mut sim = Simulation::new(17);
    for i in 0..1800 {
        sim.add_node(NodeSpec::named(&format!("n{i:04}")))
            .expect("node");
    }
    sim.create_daemonset(frontend("nginx")).expect("create");
    sim.run_until_idle();
    assert!(sim.events().len() < 2 * sim::EVENT_LOG_LIMIT);
    assert!(sim.events().len() >= sim::EVENT_LOG_LIMIT);
}

#[test]
fn same_seed_same_trace_different_seed_different_names() {
    let run = |seed: u64| {
        let mut sim = Simulation::with_article_nodes(seed);
        sim.create_daemonset(frontend("nginx")).expect("create");
        sim.run_until_idle();
        sim.replace_daemonset(frontend("httpd")).expect("update");
        sim.run_until_idle();
        sim.events()
            .iter()
            .map(|e| {
                format!(
                    "{} {} {} {}",
                    e.first_seen.0, e.object_name, e.reason, e.message
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(run(42), run(42));
    assert_ne!(run(42), run(43));
}

#[test]
fn large_cluster_settles_with_every_pod_running_despite_the_burst_limit() {
    let mut sim = Simulation::new(18);
    for i in 0..600 {
        sim.add_node(NodeSpec::named(&format!("n{i:04}")))
            .expect("node");
    }
    sim.create_daemonset(frontend("nginx")).expect("create");
    assert_eq!(sim.pods().count(), 600, "250 per sync, synced until done");
    sim.run_until_idle();
    assert!(sim.pods().all(|p| p.kubectl_status() == "Running"));
    assert_eq!(sim.pods_on_node("n0042").len(), 1);
    let s = sim.daemonset("frontend").expect("ds").status;
    assert_eq!((s.desired_number_scheduled, s.number_available), (600, 600));
    let plan = sim.plan_for("frontend").expect("plan");
    assert!(plan.is_empty_for(&s));
}

// TestSimpleDaemonSetPodCreateErrors: 100 nodes, quota 10 → 10 pods, slow start stops early.
#[test]
fn pod_quota_stops_slow_start_and_creates_resume_when_lifted() {
    let mut sim = Simulation::new(19);
    for i in 0..100 {
        sim.add_node(NodeSpec::named(&format!("n{i:03}")))
            .expect("node");
    }
    sim.set_pod_quota(Some(10));
    sim.create_daemonset(frontend("nginx")).expect("create");
    assert_eq!(sim.pods().count(), 10);
    let attempts: u32 = sim
        .events()
        .iter()
        .filter(|e| e.reason == "SuccessfulCreate" || e.reason == "FailedCreate")
        .map(|e| e.count)
        .sum();
    assert!(attempts <= 15, "batches 1+2+4+8 at most, got {attempts}");
    assert!(sim.events().iter().any(|e| e.reason == "FailedCreate"
        && e.message
            .starts_with("Error creating: pods \"frontend-\" is forbidden: exceeded quota")));
    sim.set_pod_quota(None);
    sim.advance_by(SimDuration::from_secs(5));
    assert_eq!(sim.pods().count(), 100);
}

// TestDaemonKillFailedPodsBackoff, end to end: failed pods are deleted with back-off.
#[test]
fn failed_pod_is_deleted_with_backoff_and_replaced() {
    let mut sim = Simulation::with_article_nodes(20);
    sim.create_daemonset(frontend("nginx")).expect("create");
    sim.run_until_idle();
    let first = live_pods_on(&sim, "10.0.10.5")[0].name.clone();
    sim.fail_pod(&first, "OutOfcpu").expect("fail");
    let failed_events = |sim: &Simulation| {
        sim.events()
            .iter()
            .filter(|e| e.reason == "FailedDaemonPod")
            .map(|e| e.count)
            .sum::<u32>()
    };
    assert_eq!(failed_events(&sim), 1);
    assert!(sim.pod(&first).is_none_or(|p| p.is_terminating()));
    sim.advance_by(SimDuration::from_millis(500));
    let second = live_pods_on(&sim, "10.0.10.5")[0].name.clone();
    assert_ne!(second, first);
    sim.fail_pod(&second, "OutOfcpu").expect("fail");
    assert_eq!(
        failed_events(&sim),
        1,
        "within the 1 s back-off the failed pod waits"
    );
    let kept = sim.pod(&second).expect("kept");
    assert_eq!(kept.phase, PodPhase::Failed);
    assert_eq!(kept.kubectl_status(), "Error");
    sim.advance_by(SimDuration::from_millis(600));
    assert_eq!(failed_events(&sim), 2);
}

#[test]
fn rollout_progress_names_the_new_pod_that_holds_a_stalled_rollout() {
    let mut sim = Simulation::with_article_nodes(7);
    for n in ["10.0.10.5", "10.0.10.7"] {
        let mut labels = sim.node(n).expect("node").labels.clone();
        labels.insert("app".into(), "web".into());
        sim.set_node_labels(n, labels).expect("label");
    }
    let yaml = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      nodeSelector: {app: web}\n      containers:\n        - name: c\n          image: nginx\n";
    let parsed = dsp_core::manifest::parse_manifests(yaml);
    let Some(dsp_core::manifest::Manifest::DaemonSet(ds)) = parsed.documents[0].object.clone()
    else {
        panic!("{:?}", parsed.diagnostics)
    };
    sim.create_daemonset(*ds.clone()).expect("create");
    sim.run_until_idle();
    let mut broken = *ds;
    if let Some(spec) = broken.ds_spec_mut().template.spec.as_mut() {
        spec.containers[0].image = Some("nginx:typo".into());
    }
    let mut b = sim.image_behavior("nginx:typo");
    b.outcome = dsp_core::ImageOutcome::PullFails;
    sim.set_image_behavior("nginx:typo", b);
    sim.replace_daemonset(broken).expect("replace");
    let until = dsp_core::SimTime(sim.now().0 + 60_000);
    sim.advance_to(until);
    let p = sim.rollout_progress("web").expect("progress");
    assert_eq!(p.old_pods, 1, "{p:?}");
    assert!(
        p.blocked_by.iter().any(|l| l.starts_with("web-")
            && (l.ends_with("ImagePullBackOff") || l.ends_with("ErrImagePull"))),
        "{:?}",
        p.blocked_by
    );
    assert!(
        p.blocked_by
            .iter()
            .any(|l| l.contains("1 old pod(s) still to replace")),
        "{:?}",
        p.blocked_by
    );
}

const NAME_PART_PATTERN: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

#[test]
fn label_writes_are_validated_by_the_api_server_and_change_nothing_when_invalid() {
    let mut sim = Simulation::with_article_nodes(21);
    sim.create_daemonset(frontend("nginx")).expect("create");
    sim.run_until_idle();
    let version = sim.resource_version();
    let before = sim.node("10.0.10.5").expect("node").labels.clone();

    let bad = node_labels_plus(&sim, "10.0.10.5", "bad key", "x");
    let err = sim
        .set_node_labels("10.0.10.5", bad)
        .expect_err("invalid key");
    assert_eq!(err.reason, ApiErrorReason::Invalid);
    assert_eq!(
        err.to_string(),
        format!("The Node \"10.0.10.5\" is invalid: metadata.labels: Invalid value: \"bad key\": {NAME_PART_PATTERN}")
    );
    // A value of 64 bytes (33 characters): too long, and not of the pattern.
    let long = format!("a{}a", "é".repeat(31));
    let bad = node_labels_plus(&sim, "10.0.10.5", "disk", &long);
    let err = sim
        .set_node_labels("10.0.10.5", bad)
        .expect_err("invalid value");
    let text = err.to_string();
    assert!(
        text.starts_with(
            "The Node \"10.0.10.5\" is invalid: \n* metadata.labels: Invalid value: \"a"
        ),
        "{text}"
    );
    assert!(
        text.contains("\": must be no more than 63 characters\n* "),
        "{text}"
    );
    assert_eq!(sim.node("10.0.10.5").expect("node").labels, before);

    let pod = live_pods_on(&sim, "10.0.10.5")[0].name.clone();
    let err = sim
        .set_pod_labels(&pod, labels(&[("app", "-front")]))
        .expect_err("invalid pod label");
    assert!(
        err.to_string().starts_with(&format!(
            "The Pod \"{pod}\" is invalid: metadata.labels: Invalid value: \"-front\": a valid label must be"
        )),
        "{err}"
    );
    assert_eq!(
        sim.pod(&pod)
            .expect("pod")
            .labels
            .get("app")
            .map(String::as_str),
        Some("frontend")
    );

    let err = sim
        .set_node_taints(
            "10.0.10.5",
            vec![Taint::new("a/b/c", None, TaintEffect::NoSchedule)],
        )
        .expect_err("invalid taint key");
    assert!(
        err.to_string().starts_with(
            "The Node \"10.0.10.5\" is invalid: spec.taints[0].key: Invalid value: \"a/b/c\": a valid label key"
        ),
        "{err}"
    );
    let mut spec = NodeSpec::named("10.0.10.9");
    spec.labels = labels(&[("zone", "bad value")]);
    assert_eq!(
        sim.add_node(spec).expect_err("invalid label").reason,
        ApiErrorReason::Invalid
    );
    assert!(sim.node("10.0.10.9").is_none());
    assert_eq!(sim.resource_version(), version, "nothing was written");
    // A missing object is NotFound before its labels are looked at.
    assert_eq!(
        sim.set_node_labels("nope", labels(&[("bad key", "x")]))
            .expect_err("missing")
            .reason,
        ApiErrorReason::NotFound
    );
}

#[test]
fn a_node_manifest_with_an_invalid_label_is_rejected() {
    let mut sim = Simulation::with_article_nodes(22);
    let node: dsp_core::k8s::core::Node = serde_json::from_value(json!({
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": "10.0.10.5", "labels": {"disk": "ssd", "bad key": "x"}}
    }))
    .expect("node JSON");
    let err = sim.apply_node(node).expect_err("invalid");
    assert_eq!(
        err.to_string(),
        format!("The Node \"10.0.10.5\" is invalid: metadata.labels: Invalid value: \"bad key\": {NAME_PART_PATTERN}")
    );
    assert!(!sim
        .node("10.0.10.5")
        .expect("node")
        .labels
        .contains_key("disk"));
}

fn node_manifest(value: Value) -> dsp_core::k8s::core::Node {
    serde_json::from_value(value).expect("node JSON")
}

#[test]
fn a_node_manifest_is_one_write_the_controller_never_sees_half_applied() {
    let mut sim = Simulation::with_article_nodes(23);
    sim.create_daemonset(with_selector("nginx"))
        .expect("create");
    sim.run_until_idle();
    assert_eq!(sim.pods().count(), 0);
    let churn = sim.pod_churn().clone();
    let events = sim.events().len();
    // The label the DaemonSet selects and a NoSchedule taint it does not tolerate, together:
    // applied one field at a time, the label alone would start a pod that the taint then
    // lets keep running.
    let mut labels = sim.node("10.0.10.5").expect("node").labels.clone();
    labels.insert("disk".into(), "ssd".into());
    sim.apply_node(node_manifest(json!({
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": "10.0.10.5", "labels": labels},
        "spec": {"taints": [{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]}
    })))
    .expect("apply");
    sim.run_until_idle();
    assert_eq!(sim.pod_churn(), &churn, "no pod was created or deleted");
    assert!(
        !sim.events()[events..]
            .iter()
            .any(|e| e.reason == "SuccessfulCreate"),
        "{:?}",
        &sim.events()[events..]
    );
    let node = sim.node("10.0.10.5").expect("node");
    assert_eq!(node.labels.get("disk").map(String::as_str), Some("ssd"));
    assert_eq!(node.taints.len(), 1);

    // The same for a node the manifest creates.
    sim.apply_node(node_manifest(json!({
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": "10.0.10.9", "labels": {"disk": "ssd"}},
        "spec": {"taints": [{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]}
    })))
    .expect("apply new node");
    sim.run_until_idle();
    assert_eq!(sim.pod_churn(), &churn, "no pod on the new node either");
    let node = sim.node("10.0.10.9").expect("new node");
    assert_eq!(
        node.labels
            .get("kubernetes.io/hostname")
            .map(String::as_str),
        Some("10.0.10.9")
    );
    assert_eq!(node.taints.len(), 1);
}

#[test]
fn a_node_manifest_bumps_the_resource_version_once() {
    let mut sim = Simulation::with_article_nodes(24);
    let version = sim.resource_version();
    sim.apply_node(node_manifest(json!({
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": "10.0.10.5", "labels": {"disk": "ssd"}, "annotations": {"a": "b"}},
        "spec": {"unschedulable": true, "taints": [{"key": "k", "effect": "NoExecute"}]},
        "status": {"conditions": [{"type": "Ready", "status": "False"}]}
    })))
    .expect("apply");
    assert_eq!(sim.resource_version(), version + 1);
    let node = sim.node("10.0.10.5").expect("node");
    assert_eq!(node.ready, NodeReady::False);
    assert!(node.unschedulable);
    let keys: Vec<&str> = node.taints.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "k",
            "node.kubernetes.io/unschedulable",
            "node.kubernetes.io/not-ready",
            "node.kubernetes.io/not-ready"
        ]
    );
    assert_eq!(node.annotations.get("a").map(String::as_str), Some("b"));
}

#[test]
fn rollout_status_follows_generation_then_updated_then_available() {
    let mut sim = Simulation::with_article_nodes(25);
    sim.create_daemonset(ds_json("nginx", json!({"minReadySeconds": 10})))
        .expect("create");
    sim.run_until_idle();
    let status = |sim: &Simulation| sim.daemonset("frontend").expect("ds").rollout_status();
    assert_eq!(status(&sim), RolloutStatus::Complete);
    sim.replace_daemonset(ds_json("httpd", json!({"minReadySeconds": 10})))
        .expect("update");
    let mut seen = vec![status(&sim)];
    while let Some(t) = sim.next_timer() {
        sim.advance_to(t);
        if seen.last() != Some(&status(&sim)) {
            seen.push(status(&sim));
        }
    }
    assert_eq!(
        seen.first(),
        Some(&RolloutStatus::Updating {
            updated: 0,
            desired: 2
        })
    );
    assert!(
        seen.contains(&RolloutStatus::WaitingForAvailable {
            available: 1,
            desired: 2
        }),
        "{seen:?}"
    );
    assert_eq!(seen.last(), Some(&RolloutStatus::Complete));
    // A spec the controller has not seen yet comes first.
    let mut ds = sim.daemonset("frontend").expect("ds").clone();
    ds.generation += 1;
    assert_eq!(ds.rollout_status(), RolloutStatus::SpecNotObserved);
    ds.update_strategy = UpdateStrategy::OnDelete;
    assert_eq!(ds.rollout_status(), RolloutStatus::OnDelete);
}

#[test]
fn advance_to_within_stops_after_the_instant_that_reaches_the_timer_cap() {
    let crash_loop = || {
        let mut sim = Simulation::with_article_nodes(8);
        sim.set_image_behavior(
            "crasher",
            ImageBehavior {
                pull: SimDuration::from_secs(1),
                outcome: ImageOutcome::Crashes,
            },
        );
        sim.create_daemonset(frontend("crasher")).expect("create");
        sim
    };
    let mut sim = crash_loop();
    let start = sim.timers_fired();
    let day = SimTime(24 * 3600 * 1000);
    assert!(!sim.advance_to_within(day, 50));
    let fired = sim.timers_fired() - start;
    // The instant that crossed the cap finished (a few timers can share one instant).
    assert!((50..60).contains(&fired), "{fired}");
    assert!(sim.now() < day);
    // With room to spare it reaches the target like advance_to, with the same trace.
    let mut a = crash_loop();
    let mut b = crash_loop();
    assert!(a.advance_to_within(SimTime(600_000), u64::MAX));
    b.advance_to(SimTime(600_000));
    assert_eq!(a.now(), b.now());
    assert_eq!(a.timers_fired(), b.timers_fired());
    let names = |s: &Simulation| {
        s.pods()
            .map(|p| (p.name.clone(), p.restarts()))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&a), names(&b));
}
