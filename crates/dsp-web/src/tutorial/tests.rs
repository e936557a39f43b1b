//! Native tests: every step's "Show me" really reaches its goal from the state "Reset to this
//! step" builds, and no check is satisfied before its step's actions.

use dsp_core::Simulation;
use dsp_kubectl::scenario::article_manifest;
use dsp_kubectl::{Input, Output};

use super::*;
use crate::DEFAULT_SEED;

/// One tutorial line as the page runs it: through the shell, the editor file holding the
/// article's manifest.
fn run_line(sim: &mut Simulation, line: &str) -> Output {
    crate::host::run(sim, &Input::new(line), article_manifest())
}

/// Runs lines like the page does, failing the test on any command that errors, then lets
/// simulated time run until nothing but back-off loops remain.
fn run_lines(sim: &mut Simulation, lines: &[&str]) {
    for line in lines {
        let result = run_line(sim, line);
        assert_eq!(
            result.exit_code,
            0,
            "`{line}` failed with output:\n{}",
            result.text()
        );
    }
    sim.run_until_idle();
}

/// [`replay_to_step`] carried out on a bare simulation.
fn replay_on(
    sim: &mut Simulation,
    step: usize,
    run: impl Fn(&mut Simulation, &str) -> Output,
) -> Result<(), String> {
    replay_to_step(step, |setup| match setup {
        Setup::Run(line) => {
            let out = run(sim, line);
            match out.exit_code {
                0 => Ok(()),
                _ => Err(out.text()),
            }
        }
        Setup::Idle => {
            sim.run_until_idle();
            Ok(())
        }
    })
}

/// A fresh article cluster after replaying [`setup_lines`]`(i)` in one go, then idling.
fn reset_flat(i: usize) -> Simulation {
    let mut sim = Simulation::with_article_nodes(DEFAULT_SEED);
    run_lines(&mut sim, &setup_lines(i));
    sim
}

/// A fresh article cluster after [`replay_to_step`]`(i)` (idle after every step).
fn reset_stepwise(i: usize) -> Simulation {
    let mut sim = Simulation::with_article_nodes(DEFAULT_SEED);
    if let Err(e) = replay_on(&mut sim, i, run_line) {
        panic!("replay to step {i} failed: {e}");
    }
    sim
}

#[test]
fn tutorial_has_at_least_twelve_steps_with_unique_ids() {
    let ids: Vec<&str> = steps().iter().map(|s| s.id).collect();
    assert!(ids.len() >= 12, "only {} steps", ids.len());
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "duplicate step ids in {ids:?}");
}

#[test]
fn tutorial_every_step_has_goal_explanation_how_and_show_me() {
    for s in steps() {
        assert!(!s.title.is_empty(), "{}: no title", s.id);
        assert!(!s.goal.is_empty(), "{}: no goal", s.id);
        assert!(!s.explain.is_empty(), "{}: no explanation", s.id);
        assert!(!s.how.is_empty(), "{}: no how-to", s.id);
        assert!(!s.show_me.is_empty(), "{}: no show-me lines", s.id);
        assert!(
            s.show_me.iter().all(|l| is_command(l)),
            "{}: a show-me line is not a command",
            s.id
        );
    }
}

#[test]
fn tutorial_show_me_completes_each_step_after_a_one_go_setup_replay() {
    for (i, step) in steps().iter().enumerate() {
        let mut sim = reset_flat(i);
        if i > 0 {
            assert!(
                !step.check(&sim),
                "step {i} ({}) is already done before its actions",
                step.id
            );
        }
        run_lines(&mut sim, step.show_me);
        assert!(
            step.check(&sim),
            "step {i} ({}) is not done after its show-me lines",
            step.id
        );
    }
}

#[test]
fn tutorial_walkthrough_turns_each_step_done_in_order() {
    // One cluster, every "Show me" in turn with time running until idle in between: what a
    // learner (or the end-to-end test) clicking through the panel does.
    let mut sim = Simulation::with_article_nodes(DEFAULT_SEED);
    for (i, step) in steps().iter().enumerate() {
        if i > 0 {
            assert!(!step.check(&sim), "step {i} ({}) done too early", step.id);
        }
        run_lines(&mut sim, step.show_me);
        assert!(step.check(&sim), "step {i} ({}) not done", step.id);
    }
}

#[test]
fn tutorial_stepwise_reset_matches_the_walkthrough_pod_names() {
    let last = steps().len();
    let mut walked = Simulation::with_article_nodes(DEFAULT_SEED);
    for step in steps() {
        run_lines(&mut walked, step.show_me);
    }
    let reset = reset_stepwise(last);
    let names = |sim: &Simulation| sim.pods().map(|p| p.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&reset), names(&walked));
    assert_eq!(reset.now(), walked.now());
}

#[test]
fn tutorial_replay_reports_a_failing_line() {
    // Without the editor file the DaemonSet cannot be created, and the replay says where.
    let mut sim = Simulation::with_article_nodes(DEFAULT_SEED);
    let no_editor = |sim: &mut Simulation, line: &str| {
        dsp_kubectl::shell::run(sim, &Input::new(line), &mut dsp_kubectl::NoIo)
    };
    let err = replay_on(&mut sim, 3, no_editor).unwrap_err();
    assert!(err.contains("kubectl apply -f manifest.yaml"), "{err}");
    assert!(err.starts_with("step 2 "), "{err}");
}

#[test]
fn tutorial_fresh_cluster_has_only_the_first_step_done() {
    let sim = Simulation::with_article_nodes(DEFAULT_SEED);
    let done: Vec<bool> = steps().iter().map(|s| s.check(&sim)).collect();
    assert!(
        done[0],
        "looking at the nodes should be done from the start"
    );
    for (i, d) in done.iter().enumerate().skip(1) {
        assert!(
            !d,
            "step {i} ({}) is done on a fresh cluster",
            steps()[i].id
        );
    }
}

#[test]
fn tutorial_setup_lines_replay_the_earlier_steps_in_order() {
    assert!(setup_lines(0).is_empty());
    assert_eq!(setup_lines(1), steps()[0].show_me.to_vec());
    let mut expected: Vec<&str> = Vec::new();
    for s in &steps()[..3] {
        expected.extend_from_slice(s.show_me);
    }
    assert_eq!(setup_lines(3), expected);
    let all: usize = steps().iter().map(|s| s.show_me.len()).sum();
    assert_eq!(setup_lines(steps().len() + 5).len(), all);
}

#[test]
fn tutorial_empty_daemonset_is_not_done_before_ten_seconds_pass() {
    let mut sim = reset_stepwise(2);
    run_lines(&mut sim, &["sleep 9s"]);
    assert!(!steps()[2].check(&sim));
    run_lines(&mut sim, &["sleep 1s"]);
    assert!(steps()[2].check(&sim));
}

#[test]
fn tutorial_on_delete_step_counts_only_while_an_old_pod_survives() {
    let idx = steps().iter().position(|s| s.id == "on-delete").unwrap();
    let mut sim = reset_stepwise(idx + 1);
    assert!(steps()[idx].check(&sim));
    // Deleting every pod brings replacements on the new template: nothing stale is left.
    run_lines(&mut sim, &["kubectl delete pods -l app=frontend-webserver"]);
    assert!(!steps()[idx].check(&sim));
}

#[test]
fn tutorial_broken_image_stalls_only_while_the_bad_image_is_rolled_out() {
    let idx = steps().iter().position(|s| s.id == "broken-image").unwrap();
    let mut sim = reset_stepwise(idx + 1);
    assert!(steps()[idx].check(&sim));
    assert!(!steps()[idx + 1].check(&sim), "undo is not done yet");
    // Fixing the image instead of undoing also ends the stall, and counts as recovered.
    run_lines(&mut sim, &["kubectl set image ds/frontend webserver=httpd"]);
    assert!(!steps()[idx].check(&sim));
    assert!(steps()[idx + 1].check(&sim));
}

#[test]
fn tutorial_image_repository_ignores_registry_tag_and_digest() {
    assert_eq!(image_repository("httpd"), "httpd");
    assert_eq!(image_repository("httpd:2.4"), "httpd");
    assert_eq!(
        image_repository("docker.io/library/httpd@sha256:abc"),
        "httpd"
    );
    assert_eq!(image_repository("registry:5000/team/httpd:1"), "httpd");
    assert_eq!(image_repository("nginx:1.27"), "nginx");
}

#[test]
fn tutorial_inline_code_splits_at_backticks() {
    assert_eq!(
        inline_code("run `kubectl get pods` now"),
        vec![("run ", false), ("kubectl get pods", true), (" now", false)]
    );
    assert_eq!(inline_code("`a`"), vec![("a", true)]);
    assert_eq!(inline_code("plain"), vec![("plain", false)]);
}

#[test]
fn tutorial_how_entries_tell_commands_from_gestures() {
    assert!(is_command("kubectl get pods"));
    assert!(is_command("sim image x fail"));
    assert!(is_command("sleep 10s"));
    assert!(!is_command("Press Apply above the editor"));
    assert!(!is_command(""));
}

#[test]
fn tutorial_done_count_ignores_entries_past_the_steps() {
    let mut done = vec![true; steps().len() + 3];
    done[1] = false;
    assert_eq!(done_count(&done), steps().len() - 1);
    assert_eq!(done_count(&[]), 0);
}

#[test]
fn the_surge_step_is_not_done_by_the_patch_alone() {
    let i = steps()
        .iter()
        .position(|s| s.id == "max-surge")
        .expect("step");
    let step = &steps()[i];
    let mut sim = reset_stepwise(i);
    // The patch alone: the strategy allows a surge, and every pod is up to date, but nothing
    // has rolled out with it yet.
    run_lines(&mut sim, &step.show_me[..1]);
    assert!(!step.check(&sim), "done after the patch alone");
    // The new image rolls out with two pods on a node for a while.
    run_lines(&mut sim, &step.show_me[1..]);
    assert!(step.check(&sim));
}

#[test]
fn every_step_starts_from_what_it_expects_and_a_wrong_start_is_flagged() {
    for (i, step) in steps().iter().enumerate() {
        let sim = reset_stepwise(i);
        assert_eq!(
            step.mismatches(&sim),
            Vec::<&str>::new(),
            "step {} ({})",
            i + 1,
            step.id
        );
    }
    // Step 8 on a fresh cluster: there is no ds/frontend.
    let fresh = Simulation::with_article_nodes(DEFAULT_SEED);
    let i = steps()
        .iter()
        .position(|s| s.id == "rolling-update")
        .expect("step");
    assert!(steps()[i]
        .mismatches(&fresh)
        .contains(&"ds/frontend exists"));
    // Step 2 on a scenario's cluster, which holds another DaemonSet already.
    let scenario = dsp_kubectl::scenario::by_name("taints-and-tolerations").expect("scenario");
    let opened = crate::state::AppState::from_scenario(&scenario).expect("opens");
    assert_eq!(
        steps()[1].mismatches(&opened.sim),
        vec!["No DaemonSet exists yet"]
    );
}

#[test]
fn every_condition_of_every_step_holds_once_its_show_me_ran_and_not_all_before() {
    for (i, step) in steps().iter().enumerate() {
        let mut sim = reset_stepwise(i);
        let before = step.checklist(&sim);
        run_lines(&mut sim, step.show_me);
        let after = step.checklist(&sim);
        assert!(
            after.iter().all(|(_, holds)| *holds),
            "step {} ({}): {after:?}",
            i + 1,
            step.id
        );
        if i > 0 {
            assert!(
                before.iter().any(|(_, holds)| !holds),
                "step {} ({}) starts done: {before:?}",
                i + 1,
                step.id
            );
        }
    }
}

#[test]
fn every_command_in_every_step_runs_in_the_interpreter() {
    // The how-to commands in order, and the show-me lines in order, each on the cluster its
    // step starts from, as a learner would type them: none fails (a typo in a step would
    // print "unknown command" or a flag error).
    for (i, step) in steps().iter().enumerate() {
        for lines in [step.how, step.show_me] {
            let mut sim = reset_stepwise(i);
            for line in lines.iter().filter(|l| is_command(l)) {
                let out = run_line(&mut sim, line);
                assert_eq!(
                    out.exit_code,
                    0,
                    "step {} ({}): `{line}`: {}",
                    i + 1,
                    step.id,
                    out.text()
                );
            }
        }
    }
}
