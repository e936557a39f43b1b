//! Golden transcripts: every `golden/*.dsp` script against its `golden/*.out` transcript.
//! Re-bless with `UPDATE_EXPECT=1 cargo test -p dsp-tests --test golden`.

use dsp_tests::{golden_dir, transcript};

macro_rules! golden {
    ($($test:ident => $name:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                let out = transcript($name);
                expect_test::expect_file![golden_dir().join(concat!($name, ".out"))].assert_eq(&out);
            }
        )*

        const SCRIPTS: &[&str] = &[$($name),*];
    };
}

golden! {
    article_walkthrough_matches_the_article => "article",
    rolling_update_with_integer_max_unavailable => "rolling-update-int",
    rolling_update_with_percent_max_unavailable => "rolling-update-percent",
    surge_starts_new_pod_beside_old_one => "surge",
    on_delete_waits_for_manual_pod_deletion => "ondelete",
    rollback_and_history => "rollback-history",
    taints_and_tolerations_decide_placement => "taints-tolerations",
    cordon_and_drain_leave_daemon_pods_alone => "cordon-drain",
    not_ready_node_keeps_tolerating_daemon_pods => "notready-node",
    broken_image_stalls_the_rollout_until_undo => "broken-image",
    crashing_container_enters_crash_loop_back_off => "crashloop",
    validation_errors_are_worded_like_the_api_server => "validation-errors",
    label_errors_follow_kubectl => "label-errors",
    get_output_formats_and_selectors => "output-formats",
    describe_shows_kubectl_layout_and_why => "describe",
    delete_forms_and_replacement_pods => "delete",
    patch_forms_strategic_merge_and_json => "patch-forms",
    apply_states_and_set_image => "apply-and-set-image",
    apply_merges_three_ways => "apply-three-way",
    get_watch_prints_a_row_per_change => "watch",
    toleration_seconds_evict_and_recreate => "toleration-seconds",
    events_command_lists_and_watches => "events",
    misc_commands_and_unsupported_errors => "misc-commands",
    scale_out_follows_node_selector => "scale-out",
    describe_prints_the_whole_pod_template => "describe-template",
    record_writes_change_cause_into_history => "record-history",
    unknown_node_marks_pods_not_ready_and_back => "node-lifecycle",
    kubelet_pulls_by_image_pull_policy => "image-pulls",
    drain_several_nodes_and_dry_runs => "drain-nodes",
    no_headers_conditions_last_applied_and_pipes => "small-parity",
    diff_shows_what_apply_would_change => "diff",
    every_kind_is_stored_listed_described_and_deleted => "all-kinds",
    namespaces_are_real => "namespaces",
    validate_strict_warn_ignore => "validate-modes",
    workload_validation => "workload-validation",
    yaml_1_1_scalars_as_kubectl_reads_them => "yaml11",
    kubernetes_io_rolling_update_page_runs_verbatim => "k8s-io-rolling-update",
    explain_prints_kubectls_plaintext_form => "explain",
    dry_runs_change_nothing_and_annotate_and_patch => "dry-runs",
}

#[test]
fn every_script_in_the_golden_folder_has_a_test() {
    let mut found: Vec<String> = std::fs::read_dir(golden_dir())
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| {
                    e.file_name()
                        .to_str()
                        .and_then(|n| n.strip_suffix(".dsp"))
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    let mut listed: Vec<String> = SCRIPTS.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(found, listed);
}

#[test]
fn transcripts_are_deterministic() {
    assert_eq!(transcript("surge"), transcript("surge"));
}
