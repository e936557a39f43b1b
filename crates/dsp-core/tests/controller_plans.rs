//! Plan-level behaviours of the DaemonSet controller, ported from Kubernetes'
//! pkg/controller/daemon/daemon_controller_test.go (cited per test). Each test builds a world,
//! reconciles once (or a few times through a fake pod control) and asserts the plan.

mod common;

use common::*;
use dsp_core::manage::{Backoff, DeleteReason};
use dsp_core::DaemonSetSpecOf;
use dsp_core::*;
use serde_json::json;

fn taint(key: &str, value: Option<&str>, effect: TaintEffect) -> Taint {
    Taint::new(key, value, effect)
}

// TestSimpleDaemonSetLaunchesPods
#[test]
fn daemonset_without_selector_launches_a_pod_on_every_node() {
    let mut w = World::new();
    w.add_nodes(0, 5, &Labels::new());
    let plan = w.plan(&new_ds("foo"));
    assert_eq!(counts(&plan), (5, 0));
    let mut nodes: Vec<&str> = plan.creates.iter().map(|c| c.node.as_str()).collect();
    nodes.sort();
    assert_eq!(nodes, ["node-0", "node-1", "node-2", "node-3", "node-4"]);
}

// TestSimpleDaemonSetScheduleDaemonSetPodsLaunchesPods: the pod is aimed at its node through
// matchFields affinity, not spec.nodeName.
#[test]
fn created_pods_target_their_node_through_affinity_not_node_name() {
    let mut sim = Simulation::new(3);
    sim.add_node(NodeSpec::named("node-0")).expect("node");
    sim.create_daemonset(k8s_ds("foo")).expect("create");
    let pod = sim.pods().next().expect("one pod");
    assert_eq!(pod.target_node.as_deref(), Some("node-0"));
    assert_eq!(pod.node_name, None, "bound later by the scheduler");
    assert_eq!(pod.kubectl_status(), "Pending");
    assert_eq!(
        pod.owner.as_ref().map(|o| o.kind.as_str()),
        Some("DaemonSet")
    );
    assert!(pod.owner.as_ref().is_some_and(|o| o.controller));
}

// TestNoNodesDoesNothing
#[test]
fn no_nodes_means_no_pods() {
    let w = World::new();
    assert_eq!(counts(&w.plan(&new_ds("foo"))), (0, 0));
}

// TestOneNodeDaemonLaunchesPod
#[test]
fn one_node_gets_one_pod() {
    let mut w = World::new();
    w.add_node(Node::new("only-node", SimTime(0)));
    assert_eq!(counts(&w.plan(&new_ds("foo"))), (1, 0));
}

// TestNotReadyNodeDaemonLaunchesPod (only the NoExecute not-ready taint is set)
#[test]
fn node_with_not_ready_no_execute_taint_still_gets_a_pod() {
    let mut w = World::new();
    let mut n = Node::new("not-ready", SimTime(0));
    n.taints.push(taint(
        "node.kubernetes.io/not-ready",
        None,
        TaintEffect::NoExecute,
    ));
    w.add_node(n);
    assert_eq!(counts(&w.plan(&new_ds("foo"))), (1, 0));
}

// TestUnreachableNodeDaemonLaunchesPod
#[test]
fn node_with_unreachable_no_execute_taint_still_gets_a_pod() {
    let mut w = World::new();
    let mut n = Node::new("left-node", SimTime(0));
    n.taints.push(taint(
        "node.kubernetes.io/unreachable",
        None,
        TaintEffect::NoExecute,
    ));
    w.add_node(n);
    assert_eq!(counts(&w.plan(&new_ds("foo"))), (1, 0));
}

// TestNotReadyNodeDaemonDoesLaunchPod (Ready=False condition, no taints)
#[test]
fn not_ready_condition_alone_does_not_stop_a_pod() {
    let mut w = World::new();
    let mut n = Node::new("not-ready", SimTime(0));
    n.ready = NodeReady::False;
    w.add_node(n);
    assert_eq!(counts(&w.plan(&new_ds("foo"))), (1, 0));
}

// TestNodeShouldRunDaemonPod "ShouldRunDaemonPodOnUnschedulableNode"
#[test]
fn cordoned_node_still_gets_a_pod() {
    let mut w = World::new();
    let mut n = Node::new("cordoned", SimTime(0));
    n.unschedulable = true;
    n.taints.push(taint(
        "node.kubernetes.io/unschedulable",
        None,
        TaintEffect::NoSchedule,
    ));
    w.add_node(n);
    assert_eq!(counts(&w.plan(&new_ds("foo"))), (1, 0));
}

// TestDontDoAnythingIfBeingDeleted
#[test]
fn daemonset_being_deleted_does_nothing() {
    let mut w = World::new();
    w.add_nodes(0, 4, &Labels::new());
    let mut ds = new_ds("foo");
    ds.deletion_timestamp = Some(SimTime(0));
    let plan = w.plan(&ds);
    assert_eq!(counts(&plan), (0, 0));
    assert_eq!(plan.status, None, "not even a status update");
}

// TestPodIsNotDeletedByDaemonsetWithEmptyLabelSelector
#[test]
fn empty_selector_refuses_to_act_and_warns_selecting_all() {
    let mut w = World::new();
    w.add_nodes(0, 1, &Labels::new());
    w.add_pods("node-0", &labels(&[("bang", "boom")]), None, 1);
    let ds = edit(&new_ds("foo"), |o| {
        o.ds_spec_mut().selector = Default::default();
        if let Some(s) = o.ds_spec_mut().template.spec.as_mut() {
            s.node_selector = Some(labels(&[("foo", "bar")]));
        }
    });
    let plan = w.plan(&ds);
    assert_eq!(counts(&plan), (0, 0));
    assert_eq!(plan.events.len(), 1);
    assert_eq!(plan.events[0].reason, "SelectingAll");
    assert_eq!(
        plan.events[0].message,
        "This daemon set is selecting all pods. A non-empty selector is required."
    );
}

// TestDealsWithExistingPods
#[test]
fn existing_pods_are_kept_and_duplicates_pruned() {
    let mut w = World::new();
    let ds = new_ds("foo");
    w.add_nodes(0, 5, &Labels::new());
    w.add_pods("node-1", &simple_ds_label(), Some(&ds), 1);
    w.add_pods("node-2", &simple_ds_label(), Some(&ds), 2);
    w.add_pods("node-3", &simple_ds_label(), Some(&ds), 5);
    w.add_pods("node-4", &simple_ds_label2(), Some(&ds), 2);
    let plan = w.plan(&ds);
    assert_eq!(counts(&plan), (2, 5));
    assert!(plan
        .deletes
        .iter()
        .all(|d| d.reason == DeleteReason::Duplicate));
}

// TestSelectorDaemonLaunchesPods
#[test]
fn node_selector_limits_pods_to_matching_nodes() {
    let mut w = World::new();
    w.add_nodes(0, 4, &Labels::new());
    w.add_nodes(4, 3, &simple_node_label());
    let ds = edit(&new_ds("foo"), |o| {
        o.ds_spec_mut()
            .template
            .spec
            .as_mut()
            .expect("spec")
            .node_selector = Some(simple_node_label());
    });
    let plan = w.plan(&ds);
    assert_eq!(counts(&plan), (3, 0));
    assert!(plan
        .creates
        .iter()
        .all(|c| ["node-4", "node-5", "node-6"].contains(&c.node.as_str())));
}

// TestSelectorDaemonDeletesUnselectedPods
#[test]
fn pods_on_nodes_outside_the_selector_are_deleted() {
    let mut w = World::new();
    let ds = edit(&new_ds("foo"), |o| {
        o.ds_spec_mut()
            .template
            .spec
            .as_mut()
            .expect("spec")
            .node_selector = Some(simple_node_label());
    });
    w.add_nodes(0, 5, &Labels::new());
    w.add_nodes(5, 5, &simple_node_label());
    w.add_pods("node-0", &simple_ds_label2(), Some(&ds), 2);
    w.add_pods("node-1", &simple_ds_label(), Some(&ds), 3);
    w.add_pods("node-1", &simple_ds_label2(), Some(&ds), 1);
    w.add_pods("node-4", &simple_ds_label(), Some(&ds), 1);
    let plan = w.plan(&ds);
    assert_eq!(counts(&plan), (5, 4));
    assert!(plan
        .deletes
        .iter()
        .all(|d| d.reason == DeleteReason::NotEligible));
}

// TestSelectorDaemonDealsWithExistingPods
#[test]
fn selector_daemon_creates_deletes_and_prunes_in_one_sync() {
    let mut w = World::new();
    let ds = edit(&new_ds("foo"), |o| {
        o.ds_spec_mut()
            .template
            .spec
            .as_mut()
            .expect("spec")
            .node_selector = Some(simple_node_label());
    });
    w.add_nodes(0, 5, &Labels::new());
    w.add_nodes(5, 5, &simple_node_label());
    w.add_pods("node-0", &simple_ds_label(), Some(&ds), 1);
    w.add_pods("node-1", &simple_ds_label(), Some(&ds), 3);
    w.add_pods("node-1", &simple_ds_label2(), Some(&ds), 2);
    w.add_pods("node-2", &simple_ds_label(), Some(&ds), 4);
    w.add_pods("node-6", &simple_ds_label(), Some(&ds), 13);
    w.add_pods("node-7", &simple_ds_label2(), Some(&ds), 4);
    w.add_pods("node-9", &simple_ds_label(), Some(&ds), 1);
    w.add_pods("node-9", &simple_ds_label2(), Some(&ds), 1);
    assert_eq!(counts(&w.plan(&ds)), (3, 20));
}

// TestBadSelectorDaemonDoesNothing
#[test]
fn node_selector_matching_no_node_creates_nothing() {
    let mut w = World::new();
    w.add_nodes(0, 4, &Labels::new());
    w.add_nodes(4, 3, &simple_node_label());
    let ds = edit(&new_ds("foo"), |o| {
        o.ds_spec_mut()
            .template
            .spec
            .as_mut()
            .expect("spec")
            .node_selector = Some(labels(&[("color", "red")]));
    });
    assert_eq!(counts(&w.plan(&ds)), (0, 0));
}

// TestNameDaemonSetLaunchesPods
#[test]
fn template_node_name_launches_only_on_that_node() {
    let mut w = World::new();
    w.add_nodes(0, 5, &Labels::new());
    let ds = edit(&new_ds("foo"), |o| {
        o.ds_spec_mut()
            .template
            .spec
            .as_mut()
            .expect("spec")
            .node_name = Some("node-0".into());
    });
    let plan = w.plan(&ds);
    assert_eq!(counts(&plan), (1, 0));
    assert_eq!(plan.creates[0].node, "node-0");
}

// TestBadNameDaemonSetDoesNothing
#[test]
fn template_node_name_of_missing_node_does_nothing() {
    let mut w = World::new();
    w.add_nodes(0, 5, &Labels::new());
    let ds = edit(&new_ds("foo"), |o| {
        o.ds_spec_mut()
            .template
            .spec
            .as_mut()
            .expect("spec")
            .node_name = Some("node-10".into());
    });
    assert_eq!(counts(&w.plan(&ds)), (0, 0));
}

// TestNameAndSelectorDaemonSetLaunchesPods
#[test]
fn node_name_and_selector_both_matching_launch_one_pod() {
    let mut w = World::new();
    w.add_nodes(0, 4, &Labels::new());
    w.add_nodes(4, 3, &simple_node_label());
    let ds = edit(&new_ds("foo"), |o| {
        let s = o.ds_spec_mut().template.spec.as_mut().expect("spec");
        s.node_selector = Some(simple_node_label());
        s.node_name = Some("node-6".into());
    });
    assert_eq!(counts(&w.plan(&ds)), (1, 0));
}

// TestInconsistentNameSelectorDaemonSetDoesNothing
#[test]
fn node_name_outside_the_selector_does_nothing() {
    let mut w = World::new();
    w.add_nodes(0, 4, &Labels::new());
    w.add_nodes(4, 3, &simple_node_label());
    let ds = edit(&new_ds("foo"), |o| {
        let s = o.ds_spec_mut().template.spec.as_mut().expect("spec");
        s.node_selector = Some(simple_node_label());
        s.node_name = Some("node-0".into());
    });
    assert_eq!(counts(&w.plan(&ds)), (0, 0));
}

// TestNodeAffinityDaemonLaunchesPods
#[test]
fn required_node_affinity_selects_nodes() {
    let mut w = World::new();
    w.add_nodes(0, 4, &Labels::new());
    w.add_nodes(4, 3, &simple_node_label());
    let ds = edit(&new_ds("foo"), |o| {
        o.ds_spec_mut()
            .template
            .spec
            .as_mut()
            .expect("spec")
            .affinity = serde_json::from_value(json!({
            "nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{"matchExpressions": [
                    {"key": "color", "operator": "In", "values": ["blue"]}
                ]}]
            }}
        }))
        .ok();
    });
    assert_eq!(counts(&w.plan(&ds)), (3, 0));
}

// TestSelectorDaemonSetLaunchesPods with affinity and nodeSelector disagreeing (AND)
#[test]
fn node_selector_and_affinity_must_both_match() {
    let mut w = World::new();
    w.add_nodes(0, 2, &labels(&[("color", "blue")]));
    w.add_nodes(2, 2, &labels(&[("color", "blue"), ("speed", "fast")]));
    let ds = edit(&new_ds("foo"), |o| {
        let s = o.ds_spec_mut().template.spec.as_mut().expect("spec");
        s.node_selector = Some(labels(&[("color", "blue")]));
        s.affinity = serde_json::from_value(json!({
            "nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{"matchExpressions": [
                    {"key": "speed", "operator": "Exists"}
                ]}]
            }}
        }))
        .ok();
    });
    let plan = w.plan(&ds);
    assert_eq!(counts(&plan), (2, 0));
}

// TestNoScheduleTaintedDoesntEvicitRunningIntolerantPod
#[test]
fn no_schedule_taint_keeps_a_running_intolerant_pod() {
    let mut w = World::new();
    let ds = new_ds("intolerant");
    let mut n = Node::new("tainted", SimTime(0));
    n.taints
        .push(taint("dedicated", Some("true"), TaintEffect::NoSchedule));
    w.add_node(n);
    w.add_pods("tainted", &simple_ds_label(), Some(&ds), 1);
    let plan = w.plan(&ds);
    assert_eq!(counts(&plan), (0, 0));
    let status = plan.status.expect("status");
    assert_eq!(status.desired_number_scheduled, 0);
    assert_eq!(status.number_misscheduled, 1);
}

// TestNoExecuteTaintedDoesEvicitRunningIntolerantPod
#[test]
fn no_execute_taint_evicts_a_running_intolerant_pod() {
    let mut w = World::new();
    let ds = new_ds("intolerant");
    let mut n = Node::new("tainted", SimTime(0));
    n.taints
        .push(taint("dedicated", Some("true"), TaintEffect::NoExecute));
    w.add_node(n);
    w.add_pods("tainted", &simple_ds_label(), Some(&ds), 1);
    let plan = w.plan(&ds);
    assert_eq!(counts(&plan), (0, 1));
    assert_eq!(plan.deletes[0].reason, DeleteReason::NotEligible);
}

// TestTaintedNodeDaemonDoesNotLaunchIntolerantPod
#[test]
fn tainted_node_gets_no_intolerant_pod() {
    let mut w = World::new();
    let mut n = Node::new("tainted", SimTime(0));
    n.taints
        .push(taint("dedicated", Some("true"), TaintEffect::NoSchedule));
    w.add_node(n);
    assert_eq!(counts(&w.plan(&new_ds("intolerant"))), (0, 0));
}

// TestTaintedNodeDaemonLaunchesToleratePod
#[test]
fn tainted_node_gets_a_tolerating_pod() {
    let mut w = World::new();
    let mut n = Node::new("tainted", SimTime(0));
    n.taints
        .push(taint("dedicated", Some("true"), TaintEffect::NoSchedule));
    w.add_node(n);
    let ds = edit(&new_ds("tolerate"), |o| {
        o.ds_spec_mut()
            .template
            .spec
            .as_mut()
            .expect("spec")
            .tolerations = serde_json::from_value(json!([
            {"key": "dedicated", "operator": "Equal", "value": "true", "effect": "NoSchedule"}
        ]))
        .ok();
    });
    assert_eq!(counts(&w.plan(&ds)), (1, 0));
}

// TestTaintPressureNodeDaemonLaunchesPod
#[test]
fn pressure_taints_are_tolerated_by_default() {
    let mut w = World::new();
    let mut n = Node::new("pressured", SimTime(0));
    for key in [
        "node.kubernetes.io/disk-pressure",
        "node.kubernetes.io/memory-pressure",
        "node.kubernetes.io/pid-pressure",
    ] {
        n.taints.push(taint(key, None, TaintEffect::NoSchedule));
    }
    w.add_node(n);
    assert_eq!(counts(&w.plan(&new_ds("critical"))), (1, 0));
}

// TestNodeShouldRunDaemonPod: PreferNoSchedule is ignored
#[test]
fn prefer_no_schedule_taint_is_ignored() {
    let mut w = World::new();
    let mut n = Node::new("soft", SimTime(0));
    n.taints
        .push(taint("soft", None, TaintEffect::PreferNoSchedule));
    w.add_node(n);
    assert_eq!(counts(&w.plan(&new_ds("foo"))), (1, 0));
}

// TestDaemonSetRespectsTermination
#[test]
fn terminating_pod_blocks_the_replacement() {
    let mut w = World::new();
    let ds = new_ds("foo");
    w.add_nodes(0, 1, &simple_node_label());
    w.add_pods("node-0", &simple_ds_label(), Some(&ds), 1);
    w.pods[0].deletion_timestamp = Some(SimTime(0));
    assert_eq!(counts(&w.plan(&ds)), (0, 0));
}

// TestDaemonKillFailedPods
#[test]
fn failed_pods_are_killed_and_replaced_on_a_later_sync() {
    // (failed, normal) → (creates, deletes), per the Go table.
    for (failed, normal, expect) in [
        (0, 1, (0, 0)),
        (0, 0, (1, 0)),
        (1, 0, (0, 1)),
        (1, 3, (0, 3)),
    ] {
        let mut w = World::new();
        let ds = new_ds("foo");
        w.add_nodes(0, 1, &Labels::new());
        w.add_pods("node-0", &simple_ds_label(), Some(&ds), failed);
        for p in &mut w.pods {
            p.phase = PodPhase::Failed;
        }
        w.add_pods("node-0", &simple_ds_label(), Some(&ds), normal);
        let plan = w.plan(&ds);
        assert_eq!(counts(&plan), expect, "failed={failed} normal={normal}");
        assert_eq!(plan.events.len(), failed);
        for e in &plan.events {
            assert_eq!(e.reason, "FailedDaemonPod");
            assert!(e
                .message
                .starts_with("Found failed daemon pod default/pod-node-0-"));
            assert!(e.message.ends_with(" on node node-0, will try to kill it"));
        }
    }
}

// TestDaemonKillFailedPodsBackoff
#[test]
fn failed_pod_deletion_backs_off_per_node() {
    let mut w = World::new();
    let mut ds = new_ds("foo");
    w.add_nodes(0, 1, &Labels::new());
    w.add_pods("node-0", &simple_ds_label(), Some(&ds), 1);
    w.pods[0].phase = PodPhase::Failed;
    let plan = w.sync(&mut ds);
    assert_eq!(counts(&plan), (0, 1));
    let first = w.backoff.get("node-0").copied().expect("backoff recorded");
    assert_eq!(first.delay, SimDuration::from_secs(1));
    // Another failed pod right away waits for the back-off.
    w.add_pods("node-0", &simple_ds_label(), Some(&ds), 1);
    w.pods.last_mut().expect("pod").phase = PodPhase::Failed;
    let plan = w.plan(&ds);
    assert_eq!(counts(&plan), (0, 0), "{plan:?}");
    assert_eq!(plan.retry_at, Some(SimTime(1000)));
    // After the delay it is deleted and the back-off doubles.
    w.now = SimTime(1000);
    let plan = w.sync(&mut ds);
    assert_eq!(counts(&plan), (0, 1));
    assert_eq!(
        w.backoff.get("node-0").copied(),
        Some(Backoff {
            last_update: SimTime(1000),
            delay: SimDuration::from_secs(2)
        })
    );
}

// TestDaemonKillFailedPods: succeeded daemon pods are deleted without back-off
#[test]
fn succeeded_pods_are_deleted_with_an_event() {
    let mut w = World::new();
    let ds = new_ds("foo");
    w.add_nodes(0, 1, &Labels::new());
    w.add_pods("node-0", &simple_ds_label(), Some(&ds), 1);
    w.pods[0].phase = PodPhase::Succeeded;
    let plan = w.plan(&ds);
    assert_eq!(counts(&plan), (0, 1));
    assert_eq!(plan.deletes[0].reason, DeleteReason::Succeeded);
    assert_eq!(plan.events[0].reason, "SucceededDaemonPod");
}

// TestDeleteUnscheduledPodForNotExistingNode
#[test]
fn unscheduled_pod_for_missing_node_is_deleted() {
    let mut w = World::new();
    let ds = new_ds("foo");
    w.add_nodes(0, 1, &Labels::new());
    w.add_pods("node-0", &simple_ds_label(), Some(&ds), 1);
    w.add_pods("node-gone", &simple_ds_label(), Some(&ds), 1);
    let last = w.pods.last_mut().expect("pod");
    last.node_name = None;
    let plan = w.plan(&ds);
    assert_eq!(counts(&plan), (0, 1));
    assert_eq!(plan.deletes[0].reason, DeleteReason::NodeMissing);
}

// TestGetNodesToDaemonPods: pods of other controllers are ignored, orphans are adopted
#[test]
fn pods_of_other_controllers_are_ignored_and_orphans_count() {
    let mut w = World::new();
    let ds = new_ds("foo");
    let other = new_ds("bar");
    w.add_nodes(0, 3, &Labels::new());
    w.add_pods("node-0", &simple_ds_label(), Some(&other), 1); // someone else's
    w.add_pods("node-1", &simple_ds_label(), None, 1); // orphan, adopted
    w.add_pods("node-2", &simple_ds_label(), Some(&ds), 1);
    let plan = w.plan(&ds);
    assert_eq!(counts(&plan), (1, 0));
    assert_eq!(plan.creates[0].node, "node-0");
}

// TestDealsWithExistingPods ordering: scheduled and oldest pod survives
#[test]
fn duplicate_pruning_keeps_the_oldest_scheduled_pod() {
    let mut w = World::new();
    let ds = new_ds("foo");
    w.add_nodes(0, 1, &Labels::new());
    w.now = SimTime(5_000);
    let unscheduled_old = {
        w.add_pods("node-0", &simple_ds_label(), Some(&ds), 1);
        let p = w.pods.last_mut().expect("pod");
        p.node_name = None;
        p.created = SimTime(0);
        p.name.clone()
    };
    w.add_pods("node-0", &simple_ds_label(), Some(&ds), 1);
    let keeper = w.pods.last().expect("pod").name.clone();
    w.now = SimTime(9_000);
    w.add_pods("node-0", &simple_ds_label(), Some(&ds), 1);
    let plan = w.plan(&ds);
    let deleted: Vec<&str> = plan.deletes.iter().map(|d| d.pod.as_str()).collect();
    assert_eq!(deleted.len(), 2);
    assert!(deleted.contains(&unscheduled_old.as_str()));
    assert!(!deleted.contains(&keeper.as_str()));
}

// TestBurstReplicas-style: at most 250 creates per sync
#[test]
fn creates_are_limited_to_the_burst_per_sync() {
    let mut w = World::new();
    w.add_nodes(0, 300, &Labels::new());
    let mut ds = new_ds("foo");
    assert_eq!(w.sync(&mut ds).creates.len(), 250);
    assert_eq!(w.sync(&mut ds).creates.len(), 50);
    assert_eq!(w.sync(&mut ds).creates.len(), 0);
}

// TestUpdateDaemonSetStatus-style: status counts oldest pod per node
#[test]
fn status_counts_desired_current_ready_available_and_updated() {
    let mut w = World::new();
    let ds = new_ds("foo");
    w.add_nodes(0, 4, &Labels::new());
    w.add_new_pod("node-0", &ds);
    let p = w.add_new_pod("node-1", &ds);
    w.pod_mut(&p).ready = false;
    w.add_old_pod("node-2", &ds);
    let status = w.plan(&ds).status.expect("status");
    assert_eq!(status.desired_number_scheduled, 4);
    assert_eq!(status.current_number_scheduled, 3);
    assert_eq!(status.number_ready, 2);
    assert_eq!(status.number_available, 2);
    assert_eq!(status.updated_number_scheduled, 2);
    assert_eq!(status.number_unavailable, 2);
    assert_eq!(status.number_misscheduled, 0);
    assert_eq!(status.observed_generation, ds.generation);
}

// TestNumberReadyStatus with minReadySeconds (available waits)
#[test]
fn available_waits_for_min_ready_seconds() {
    let mut w = World::new();
    let ds = edit(&new_ds("foo"), |o| {
        o.ds_spec_mut().min_ready_seconds = Some(10)
    });
    w.add_nodes(0, 1, &Labels::new());
    w.add_new_pod("node-0", &ds);
    w.now = SimTime(9_000);
    let s = w.plan(&ds).status.expect("status");
    assert_eq!((s.number_ready, s.number_available), (1, 0));
    w.now = SimTime(10_000);
    let s = w.plan(&ds).status.expect("status");
    assert_eq!((s.number_ready, s.number_available), (1, 1));
}

// A settled world reconciles to an empty plan (idempotency).
#[test]
fn second_reconcile_after_applying_is_empty() {
    let mut w = World::new();
    w.add_nodes(0, 3, &Labels::new());
    let mut ds = new_ds("foo");
    w.sync(&mut ds);
    w.mark_pods_ready();
    w.sync(&mut ds);
    w.revisions.push(ControllerRevision {
        name: format!("foo-{}", hash_of(&ds)),
        namespace: "default".into(),
        uid: "r1".into(),
        owner_ds: "foo".into(),
        revision: 1,
        hash: hash_of(&ds),
        template: ds.template.clone(),
        data: history::revision_data(&ds.applied.ds_spec().template),
        labels: Labels::new(),
        annotations: Labels::new(),
        created: SimTime(0),
    });
    let plan = w.plan(&ds);
    assert!(plan.is_empty_for(&ds.status), "{plan:?}");
}
