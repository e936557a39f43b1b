//! Plan-level rolling-update behaviours ported from Kubernetes'
//! pkg/controller/daemon/update_test.go (cited per test), plus revision bookkeeping.

mod common;

use common::*;
use dsp_core::history::{self, HistoryAction};
use dsp_core::manage::DeleteReason;
use dsp_core::DaemonSetSpecOf;
use dsp_core::*;

/// A world of `n` nodes with one Ready pod of `ds`'s current template each.
fn settled(n: usize, ds: &DaemonSet) -> World {
    let mut w = World::new();
    w.add_nodes(0, n, &Labels::new());
    for i in 0..n {
        w.add_new_pod(&format!("node-{i}"), ds);
    }
    w
}

// TestDaemonSetUpdatesPods: 5 nodes, maxUnavailable 2 → waves of 2, 2, 1.
#[test]
fn rolling_update_replaces_pods_in_waves_of_max_unavailable() {
    let ds0 = set_strategy(&new_ds("foo"), "2", "0");
    let mut w = settled(5, &ds0);
    let mut ds = set_image(&ds0, "foo2/bar2");
    let expect = [(0, 2), (2, 0), (0, 2), (2, 0), (0, 1), (1, 0)];
    for (i, want) in expect.iter().enumerate() {
        let plan = w.sync(&mut ds);
        assert_eq!(counts(&plan), *want, "step {i}");
        if plan.creates.is_empty() && !plan.deletes.is_empty() {
            assert!(plan
                .deletes
                .iter()
                .all(|d| d.reason == DeleteReason::RollingUpdate));
        } else {
            w.mark_pods_ready();
        }
    }
    assert_eq!(counts(&w.sync(&mut ds)), (0, 0));
}

// TestDaemonSetUpdatesPodsWithMaxSurge: 5 nodes, maxSurge 2.
#[test]
fn surge_update_creates_before_deleting() {
    let ds0 = set_strategy(&new_ds("foo"), "0", "2");
    let mut w = settled(5, &ds0);
    let mut ds = set_image(&ds0, "foo2/bar2");
    assert_eq!(counts(&w.sync(&mut ds)), (2, 0));
    w.mark_pods_ready();
    assert_eq!(counts(&w.sync(&mut ds)), (2, 2));
    w.mark_pods_ready();
    assert_eq!(counts(&w.sync(&mut ds)), (1, 2));
    w.mark_pods_ready();
    assert_eq!(counts(&w.sync(&mut ds)), (0, 1));
    assert_eq!(counts(&w.sync(&mut ds)), (0, 0));
}

// TestDaemonSetUpdatesWhenNewPodIsNotReady: unavailable new pods block the next wave.
#[test]
fn unready_new_pods_block_the_next_wave() {
    let ds0 = set_strategy(&new_ds("foo"), "3", "0");
    let mut w = settled(5, &ds0);
    let mut ds = set_image(&ds0, "foo2/bar2");
    assert_eq!(counts(&w.sync(&mut ds)), (0, 3));
    assert_eq!(counts(&w.sync(&mut ds)), (3, 0));
    // New pods never become ready: nothing more is deleted.
    assert_eq!(counts(&w.sync(&mut ds)), (0, 0));
}

// TestDaemonSetUpdatesAllOldPodsNotReady
#[test]
fn all_unready_old_pods_are_replaced_at_once() {
    let ds0 = set_strategy(&new_ds("foo"), "3", "0");
    let mut w = settled(5, &ds0);
    for p in &mut w.pods {
        p.ready = false;
    }
    let mut ds = set_image(&ds0, "foo2/bar2");
    assert_eq!(counts(&w.sync(&mut ds)), (0, 5));
    assert_eq!(counts(&w.sync(&mut ds)), (5, 0));
}

// TestDaemonSetUpdatesSomeOldPodsNotReady: unready old pods go first; they use up budget.
#[test]
fn unready_old_pods_are_replaced_first_and_count_against_budget() {
    let ds0 = set_strategy(&new_ds("foo"), "3", "0");
    let mut w = settled(5, &ds0);
    let unready: Vec<String> = w.pods.iter().take(2).map(|p| p.name.clone()).collect();
    for name in &unready {
        w.pod_mut(name).ready = false;
    }
    let mut ds = set_image(&ds0, "foo2/bar2");
    let plan = w.sync(&mut ds);
    assert_eq!(counts(&plan), (0, 3));
    for name in &unready {
        assert!(plan.deletes.iter().any(|d| &d.pod == name), "{name} first");
    }
}

// TestDaemonSetUpdatesSaveOldHealthyPods: when new pods fail, healthy old pods are kept.
#[test]
fn healthy_old_pods_survive_a_failing_rollout() {
    let ds0 = set_strategy(&new_ds("foo"), "2", "0");
    let mut w = settled(5, &ds0);
    let mut ds = set_image(&ds0, "foo2/bar2");
    assert_eq!(counts(&w.sync(&mut ds)), (0, 2));
    assert_eq!(counts(&w.sync(&mut ds)), (2, 0));
    for _ in 0..3 {
        assert_eq!(counts(&w.sync(&mut ds)), (0, 0));
    }
    let old_left = w
        .pods
        .iter()
        .filter(|p| p.revision_hash() == Some(hash_of(&ds0).as_str()))
        .count();
    assert_eq!(old_left, 3);
}

// TestDaemonSetUpdatesNoTemplateChanged
#[test]
fn no_template_change_means_no_rollout() {
    let ds0 = set_strategy(&new_ds("foo"), "3", "0");
    let mut w = settled(5, &ds0);
    let mut ds = set_strategy(&ds0, "4", "0");
    assert_eq!(hash_of(&ds), hash_of(&ds0));
    assert_eq!(counts(&w.sync(&mut ds)), (0, 0));
}

// TestGetUnavailableNumbers: percentages against desiredNumberScheduled, rounded up.
#[test]
fn percent_max_unavailable_rounds_up() {
    let ds0 = set_strategy(&new_ds("foo"), "50%", "0");
    let mut w = settled(3, &ds0);
    let mut ds = set_image(&ds0, "foo2/bar2");
    assert_eq!(counts(&w.sync(&mut ds)), (0, 2), "50% of 3 → 2");
}

// TestGetUnavailableNumbers "Two nodes, one node without pods, surge": both zero → 1.
#[test]
fn zero_budgets_fall_back_to_one_unavailable() {
    let ds0 = set_strategy(&new_ds("foo"), "0%", "0%");
    let mut w = settled(4, &ds0);
    let mut ds = set_image(&ds0, "foo2/bar2");
    assert_eq!(counts(&w.sync(&mut ds)), (0, 1));
}

// TestUpdateStrategyOnDelete-style: OnDelete never deletes for a template change.
#[test]
fn on_delete_only_replaces_pods_deleted_by_hand() {
    let ds0 = edit(&new_ds("foo"), |o| {
        o.ds_spec_mut().update_strategy =
            serde_json::from_value(serde_json::json!({"type": "OnDelete"})).ok();
    });
    let mut w = settled(3, &ds0);
    let mut ds = set_image(&ds0, "foo2/bar2");
    assert_eq!(counts(&w.sync(&mut ds)), (0, 0));
    let victim = w.pods[0].name.clone();
    w.pods.retain(|p| p.name != victim);
    let plan = w.sync(&mut ds);
    assert_eq!(counts(&plan), (1, 0));
    assert_eq!(plan.creates[0].hash, hash_of(&ds));
    let s = w.sync(&mut ds).status.expect("status");
    assert_eq!(s.updated_number_scheduled, 1);
}

// TestSurge: an old pod that is not Ready next to a new one is removed at once.
#[test]
fn surge_removes_an_unready_old_pod_next_to_a_new_pod() {
    let ds0 = set_strategy(&new_ds("foo"), "0", "1");
    let mut w = World::new();
    w.add_nodes(0, 1, &Labels::new());
    let old = w.add_new_pod("node-0", &ds0);
    let ds = set_image(&ds0, "foo2/bar2");
    let new = w.add_new_pod("node-0", &ds);
    w.pod_mut(&new).ready = false;
    w.pod_mut(&old).ready = false;
    let plan = w.plan(&ds);
    assert_eq!(plan.deletes.len(), 1);
    assert_eq!(plan.deletes[0].pod, old);
    assert_eq!(plan.deletes[0].reason, DeleteReason::SurgeReplaced);
}

// TestSurge: a Ready old pod stays until the new one is available.
#[test]
fn surge_keeps_a_ready_old_pod_until_the_new_one_is_available() {
    let ds0 = set_strategy(&new_ds("foo"), "0", "1");
    let mut w = World::new();
    w.add_nodes(0, 1, &Labels::new());
    w.add_new_pod("node-0", &ds0);
    let ds = set_image(&ds0, "foo2/bar2");
    let new = w.add_new_pod("node-0", &ds);
    w.pod_mut(&new).ready = false;
    assert_eq!(counts(&w.plan(&ds)), (0, 0));
    w.pod_mut(&new).ready = true;
    assert_eq!(counts(&w.plan(&ds)), (0, 1));
}

// TestSurge: with surge a terminating old pod does not block the replacement.
#[test]
fn surge_creates_a_replacement_while_the_old_pod_terminates() {
    let ds = set_strategy(&new_ds("foo"), "0", "1");
    let mut w = settled(1, &ds);
    w.pods[0].deletion_timestamp = Some(SimTime(0));
    assert_eq!(counts(&w.plan(&ds)), (1, 0));
}

// TestDaemonSetUpdatesPods with minReadySeconds: a new pod must be Ready long enough.
#[test]
fn min_ready_seconds_delays_the_next_wave() {
    let ds0 = edit(&set_strategy(&new_ds("foo"), "1", "0"), |o| {
        o.ds_spec_mut().min_ready_seconds = Some(30)
    });
    let mut w = settled(2, &ds0);
    w.now = SimTime(60_000); // the old pods have been Ready for a minute: available
    let mut ds = set_image(&ds0, "foo2/bar2");
    assert_eq!(counts(&w.sync(&mut ds)), (0, 1));
    assert_eq!(counts(&w.sync(&mut ds)), (1, 0));
    w.mark_pods_ready();
    w.now = SimTime(89_000);
    assert_eq!(counts(&w.sync(&mut ds)), (0, 0));
    w.now = SimTime(90_000);
    assert_eq!(counts(&w.sync(&mut ds)), (0, 1));
}

// constructHistory: first revision is 1, a template change creates revision 2.
#[test]
fn revisions_are_numbered_from_one_and_increase() {
    let ds = new_ds("foo");
    let w = World::new();
    match w.plan(&ds).history {
        Some(HistoryAction::Create { name, revision }) => {
            assert_eq!(revision, 1);
            assert_eq!(name, format!("foo-{}", hash_of(&ds)));
        }
        other => panic!("expected a create, got {other:?}"),
    }
}

// constructHistory: rolling back re-uses the old revision and renumbers it to max+1.
#[test]
fn rollback_reuses_and_renumbers_the_old_revision() {
    let mut sim = Simulation::with_article_nodes(5);
    sim.create_daemonset(k8s_ds("foo")).expect("create");
    let mut v2 = k8s_ds("foo");
    v2.ds_spec_mut()
        .template
        .spec
        .as_mut()
        .expect("spec")
        .containers[0]
        .image = Some("foo/v2".into());
    sim.replace_daemonset(v2).expect("replace");
    let before: Vec<(i64, String)> = sim
        .revisions_of("foo")
        .iter()
        .map(|r| (r.revision, r.name.clone()))
        .collect();
    assert_eq!(before.len(), 2);
    assert_eq!(sim.rollback("foo", 0), Ok(RollbackOutcome::RolledBack));
    let after: Vec<(i64, String)> = sim
        .revisions_of("foo")
        .iter()
        .map(|r| (r.revision, r.name.clone()))
        .collect();
    assert_eq!(
        after,
        vec![(2, before[1].1.clone()), (3, before[0].1.clone())]
    );
    assert_eq!(sim.rollback("foo", 2), Ok(RollbackOutcome::RolledBack));
    assert_eq!(sim.rollback("foo", 4), Ok(RollbackOutcome::Skipped(4)));
    let err = sim.rollback("foo", 9).expect_err("missing revision");
    assert_eq!(
        err.to_string(),
        "error: unable to find specified revision 9 in history"
    );
}

// cleanupHistory: trims the oldest unused revisions beyond revisionHistoryLimit.
#[test]
fn history_cleanup_keeps_the_limit_and_revisions_of_live_pods() {
    let mk = |n: i64, hash: &str| ControllerRevision {
        name: format!("foo-{hash}"),
        namespace: "default".into(),
        uid: String::new(),
        owner_ds: "foo".into(),
        revision: n,
        hash: hash.into(),
        template: PodTemplate::default(),
        data: serde_json::Value::Null,
        labels: labels(&[("controller-revision-hash", hash)]),
        annotations: Labels::new(),
        created: SimTime(0),
    };
    let revs = [mk(1, "a"), mk(2, "b"), mk(3, "c"), mk(4, "d")];
    let refs: Vec<&ControllerRevision> = revs.iter().collect();
    let live: std::collections::BTreeSet<String> = ["a".to_string()].into_iter().collect();
    let gone = history::revisions_to_clean("foo-d", &refs, 1, &live);
    assert_eq!(gone, vec!["foo-b".to_string(), "foo-c".to_string()]);
    let none = history::revisions_to_clean("foo-d", &refs, 3, &live);
    assert!(none.is_empty());
}

// ComputeHash + SafeEncodeString: hashes use only the digit-mapped alphabet.
#[test]
fn template_hash_uses_the_safe_encoding_alphabet_and_collision_count() {
    let ds = new_ds("foo");
    let h = history::template_hash(&ds.applied.ds_spec().template, None);
    assert!(!h.is_empty() && h.len() <= 10);
    assert!(h.chars().all(|c| "456789bcdf".contains(c)), "{h}");
    let h1 = history::template_hash(&ds.applied.ds_spec().template, Some(1));
    assert_ne!(h, h1);
    assert_eq!(
        h,
        history::template_hash(&ds.applied.ds_spec().template, None)
    );
}
