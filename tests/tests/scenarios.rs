//! The scenario gallery (`scenarios/*.dsp`): each file's transcript against
//! `golden/scenario-NAME.out`, headers, determinism, replay of the command log, and agreement
//! with `dsplay run`. Re-bless with `UPDATE_EXPECT=1 cargo test -p dsp-tests --test scenarios`.

use dsp_kubectl::scenario::{self, Scenario};
use dsp_tests::golden_dir;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn named(name: &str) -> Scenario {
    scenario::by_name(name).unwrap_or_else(|| panic!("no scenario {name}"))
}

fn transcript_of(name: &str) -> String {
    scenario::transcript(&named(name)).unwrap_or_else(|e| panic!("{e}"))
}

macro_rules! golden_scenarios {
    ($($test:ident => $name:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                let out = transcript_of($name);
                expect_test::expect_file![golden_dir().join(concat!("scenario-", $name, ".out"))]
                    .assert_eq(&out);
            }
        )*

        const LISTED: &[&str] = &[$($name),*];
    };
}

golden_scenarios! {
    article_scenario_has_the_legacy_daemonset_and_no_pods => "article",
    ten_percent_rollout_on_fifty_nodes_is_changed_mid_way => "rolling-update-10-percent",
    surge_scenario_runs_the_new_pod_beside_the_old_one => "surge",
    on_delete_scenario_updates_only_the_deleted_pod => "on-delete",
    taints_scenario_keeps_plain_pods_off_gpu_nodes => "taints-and-tolerations",
    cordoned_and_not_ready_nodes_keep_their_daemon_pods => "cordon-and-not-ready",
    broken_image_scenario_stalls_after_one_pod => "broken-image",
    toleration_seconds_scenario_evicts_and_recreates => "toleration-seconds",
    thousand_node_scenario_settles_every_pod => "nodes-1000",
}

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scenarios")
}

#[test]
fn every_scenario_file_is_embedded_and_has_a_golden_test() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(scenarios_dir())
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_str()?.strip_suffix(".dsp")?.to_string();
                    Some(name)
                })
                .collect()
        })
        .unwrap_or_default();
    let embedded: BTreeSet<String> = scenario::all().iter().map(|s| s.name.to_string()).collect();
    let listed: BTreeSet<String> = LISTED.iter().map(|s| s.to_string()).collect();
    assert_eq!(on_disk, embedded);
    assert_eq!(listed, embedded);
    assert!(embedded.len() >= 8, "{embedded:?}");
}

#[test]
fn headers_parse_and_names_are_unique() {
    let all = scenario::all();
    let mut names = BTreeSet::new();
    for s in &all {
        let parsed = scenario::parse_header(s.script);
        assert_eq!(
            parsed,
            Ok((s.title.clone(), s.description.clone(), s.seed, s.empty)),
            "{}",
            s.name
        );
        assert!(names.insert(s.name), "duplicate scenario name {}", s.name);
        assert!(
            !s.title.is_empty() && s.description.len() > 40,
            "{}",
            s.name
        );
    }
    assert_eq!(all.first().map(|s| s.name), Some("article"));
}

#[test]
fn each_scenario_gives_the_same_transcript_twice() {
    for s in scenario::all() {
        let first = scenario::transcript(&s);
        assert!(first.is_ok(), "{}: {first:?}", s.name);
        assert_eq!(first, scenario::transcript(&s), "{}", s.name);
    }
}

#[test]
fn dsplay_run_with_the_header_options_prints_the_same_transcript() {
    for s in scenario::all() {
        let opts = dsp_cli::RunOptions {
            seed: s.seed,
            empty: s.empty,
            strict: true,
        };
        let (out, code) = dsp_cli::run_script(s.script, &scenarios_dir(), &opts);
        assert_eq!(code, 0, "{}", s.name);
        assert_eq!(Ok(out), scenario::transcript(&s), "{}", s.name);
    }
}

/// What a replay must reproduce: pod names, nodes, images and the clock.
fn fingerprint(sim: &dsp_core::Simulation) -> Vec<String> {
    let mut v: Vec<String> = sim
        .pods()
        .map(|p| format!("{} {:?} {}", p.name, p.node_name, p.ready))
        .collect();
    v.sort();
    v.push(format!("t={}", sim.now().0));
    v.extend(
        sim.nodes()
            .map(|n| format!("{} {:?} {:?}", n.name, n.labels, n.taints)),
    );
    v
}

#[test]
fn replaying_the_load_log_rebuilds_the_same_cluster() {
    for s in scenario::all() {
        let (loaded, log) = scenario::load(&s).unwrap_or_else(|e| panic!("{e}"));
        let mut replay = scenario::initial_simulation(&s);
        for (at, entry) in &log {
            assert_eq!(replay.now().0, *at, "{}: {}", s.name, entry.line);
            let r = dsp_kubectl::shell::run(&mut replay, entry, &mut dsp_kubectl::NoIo);
            assert_eq!(r.exit_code, 0, "{}: {}: {}", s.name, entry.line, r.text());
        }
        assert_eq!(fingerprint(&replay), fingerprint(&loaded), "{}", s.name);
    }
}
