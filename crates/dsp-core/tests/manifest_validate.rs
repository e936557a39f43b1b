//! Validation with the API server's wording, and editor diagnostics.

// Wrapped in `manifest` so that `cargo test -p dsp-core manifest` selects these tests.
mod manifest {
    use dsp_core::k8s::apps::DaemonSet;
    use dsp_core::k8s::core::Node;
    use dsp_core::manifest::{
        invalid_message, parse_manifests, validate_daemonset, validate_daemonset_with,
        validate_node, validation_diagnostics, FieldErrorKind, Manifest, Severity, ValidateOptions,
    };

    /// A valid apps/v1 DaemonSet; tests edit it with plain string replacement.
    const BASE: &str = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: frontend
spec:
  selector:
    matchLabels:
      app: frontend
  template:
    metadata:
      labels:
        app: frontend
    spec:
      containers:
      - name: webserver
        image: nginx
";

    fn daemonset(text: &str) -> DaemonSet {
        let result = parse_manifests(text);
        assert!(!result.has_errors(), "{:?}", result.diagnostics);
        match &result.documents[0].object {
            Some(Manifest::DaemonSet(ds)) => (**ds).clone(),
            other => panic!("expected a DaemonSet, got {other:?}"),
        }
    }

    /// All validation messages of `text` (as a create).
    fn messages(text: &str) -> Vec<String> {
        validate_daemonset(&daemonset(text), None)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn with_strategy(block: &str) -> String {
        BASE.replace(
            "  template:\n",
            &format!("  updateStrategy:\n{block}  template:\n"),
        )
    }

    #[test]
    fn valid_daemonset_and_article_yaml_have_no_errors() {
        assert_eq!(messages(BASE), Vec::<String>::new());
        let article = BASE
            .replace("apps/v1", "extensions/v1beta1")
            .replace("  selector:\n    matchLabels:\n      app: frontend\n", "");
        assert_eq!(messages(&article), Vec::<String>::new());
    }

    #[test]
    fn selector_must_match_template_labels() {
        let text = BASE.replace(
            "      app: frontend\n  template",
            "      app: web\n  template",
        );
        let errors = validate_daemonset(&daemonset(&text), None);
        assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        vec!["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"frontend\"}: `selector` does not match template `labels`"]
    );
        assert_eq!(
        invalid_message("DaemonSet", "frontend", &errors),
        "The DaemonSet \"frontend\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"frontend\"}: `selector` does not match template `labels`"
    );
    }

    #[test]
    fn missing_selector_in_apps_v1_matches_nothing() {
        let text = BASE.replace("  selector:\n    matchLabels:\n      app: frontend\n", "");
        assert_eq!(
        messages(&text),
        vec!["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"frontend\"}: `selector` does not match template `labels`"]
    );
    }

    #[test]
    fn empty_selector_is_invalid_for_daemonset() {
        let text = BASE.replace(
            "  selector:\n    matchLabels:\n      app: frontend\n",
            "  selector: {}\n",
        );
        assert_eq!(
        messages(&text),
        vec!["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset"]
    );
    }

    #[test]
    fn selector_is_immutable_on_update_and_both_causes_are_listed() {
        let old_text = BASE.replace("frontend", "sysdig-agent");
        let new_text = old_text.replace(
            "    matchLabels:\n      app: sysdig-agent\n",
            "    matchLabels:\n      app: sysdig-agent\n      name: sysdig-agent\n",
        );
        let errors = validate_daemonset(&daemonset(&new_text), Some(&daemonset(&old_text)));
        assert_eq!(
        invalid_message("DaemonSet", "sysdig-agent", &errors),
        "The DaemonSet \"sysdig-agent\" is invalid: \n\
         * spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"sysdig-agent\"}: `selector` does not match template `labels`\n\
         * spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"sysdig-agent\", \"name\":\"sysdig-agent\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"
    );
    }

    #[test]
    fn extensions_v1beta1_allowed_selector_changes() {
        let old = daemonset(BASE);
        let text = BASE.replace("app: frontend", "app: web");
        let new = daemonset(&text);
        let options = ValidateOptions {
            allow_selector_change: true,
        };
        assert!(validate_daemonset_with(&new, Some(&old), options).is_empty());
        assert_eq!(validate_daemonset(&new, Some(&old)).len(), 1);
        let doc = &parse_manifests(&text.replace("apps/v1", "extensions/v1beta1")).documents[0];
        assert_eq!(doc.validate_options(), options);
    }

    #[test]
    fn restart_policy_must_be_always() {
        let text = BASE.replace(
            "      containers:",
            "      restartPolicy: OnFailure\n      containers:",
        );
        assert_eq!(
        messages(&text),
        vec!["spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""]
    );
        let text = BASE.replace(
            "      containers:",
            "      restartPolicy: Sometimes\n      containers:",
        );
        assert_eq!(
        messages(&text),
        vec![
            "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
            "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\"",
        ]
    );
    }

    #[test]
    fn active_deadline_seconds_is_forbidden() {
        let text = BASE.replace(
            "      containers:",
            "      activeDeadlineSeconds: 60\n      containers:",
        );
        assert_eq!(
        messages(&text),
        vec!["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported"]
    );
    }

    #[test]
    fn min_ready_seconds_and_revision_history_limit_must_not_be_negative() {
        let text = BASE.replace(
            "  template:\n",
            "  minReadySeconds: -1\n  revisionHistoryLimit: -2\n  template:\n",
        );
        assert_eq!(
            messages(&text),
            vec![
                "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
                "spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0",
            ]
        );
        let zero = BASE.replace("  template:\n", "  revisionHistoryLimit: 0\n  template:\n");
        assert!(
            messages(&zero).is_empty(),
            "zero is a valid revisionHistoryLimit"
        );
    }

    #[test]
    fn update_strategy_type_must_be_supported() {
        let errors = validate_daemonset(&daemonset(&with_strategy("    type: Recreate\n")), None);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].kind,
            FieldErrorKind::Unsupported {
                supported: vec!["RollingUpdate".to_string(), "OnDelete".to_string()]
            }
        );
        assert_eq!(
        errors[0].to_string(),
        "spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:\"Recreate\", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: \"RollingUpdate\", \"OnDelete\""
    );
        assert!(messages(&with_strategy("    type: OnDelete\n")).is_empty());
    }

    #[test]
    fn max_surge_alone_is_rejected_because_max_unavailable_defaults_to_one() {
        let text = with_strategy("    rollingUpdate:\n      maxSurge: 1\n");
        assert_eq!(
        messages(&text),
        vec!["spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero"]
    );
        let ok =
            with_strategy("    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 0\n");
        assert!(messages(&ok).is_empty());
    }

    #[test]
    fn max_unavailable_cannot_be_zero_when_max_surge_is_zero() {
        let text =
            with_strategy("    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 0\n");
        let errors = validate_daemonset(&daemonset(&text), None);
        assert_eq!(errors[0].kind, FieldErrorKind::Required);
        assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        vec!["spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"]
    );
        let percent = with_strategy("    rollingUpdate:\n      maxUnavailable: 0%\n");
        assert_eq!(messages(&percent).len(), 1);
    }

    #[test]
    fn max_unavailable_must_be_a_non_negative_int_or_a_percent_up_to_100() {
        assert_eq!(
        messages(&with_strategy("    rollingUpdate:\n      maxUnavailable: 150%\n")),
        vec!["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%"]
    );
        assert_eq!(
        messages(&with_strategy("    rollingUpdate:\n      maxUnavailable: -1\n")),
        vec!["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0"]
    );
        assert_eq!(
        messages(&with_strategy("    rollingUpdate:\n      maxUnavailable: ten\n")),
        vec![
            "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: ten: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
            "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
        ]
    );
        assert!(messages(&with_strategy(
            "    rollingUpdate:\n      maxUnavailable: 100%\n"
        ))
        .is_empty());
    }

    #[test]
    fn containers_are_required_and_need_a_name_and_an_image() {
        let text = BASE.replace(
            "      containers:\n      - name: webserver\n        image: nginx\n",
            "      containers: []\n",
        );
        assert_eq!(
            messages(&text),
            vec!["spec.template.spec.containers: Required value"]
        );

        let text = BASE.replace(
            "      - name: webserver\n        image: nginx\n",
            "      - name: \"\"\n      - name: webserver\n        image: \"\"\n",
        );
        assert_eq!(
            messages(&text),
            vec![
                "spec.template.spec.containers[0].name: Required value",
                "spec.template.spec.containers[0].image: Required value",
                "spec.template.spec.containers[1].image: Required value",
            ]
        );
    }

    #[test]
    fn container_names_are_dns_labels_and_unique() {
        let text = BASE.replace(
        "      - name: webserver\n        image: nginx\n",
        "      - name: Web_1\n        image: nginx\n      - name: Web_1\n        image: nginx\n",
    );
        let dns = "Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
        assert_eq!(
            messages(&text),
            vec![
                format!("spec.template.spec.containers[0].name: {dns}"),
                format!("spec.template.spec.containers[1].name: {dns}"),
                "spec.template.spec.containers[1].name: Duplicate value: \"Web_1\"".to_string(),
            ]
        );
    }

    #[test]
    fn metadata_name_must_be_a_dns_subdomain() {
        let text = BASE.replace("  name: frontend", "  name: Frontend");
        assert_eq!(
        messages(&text),
        vec!["metadata.name: Invalid value: \"Frontend\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]
    );
        let text = BASE.replace("  name: frontend\n", "  labels: {a: b}\n");
        assert_eq!(
            messages(&text),
            vec!["metadata.name: Required value: name or generateName is required"]
        );
    }

    #[test]
    fn label_keys_and_values_follow_the_label_syntax() {
        let text = BASE.replace(
            "  name: frontend\n",
            "  name: frontend\n  labels:\n    bad key: ok\n    tier: -front\n",
        );
        assert_eq!(
        messages(&text),
        vec![
            "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            "metadata.labels: Invalid value: \"-front\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ]
    );
        let text = BASE.replace(
            "  name: frontend\n",
            "  name: frontend\n  labels:\n    example.com/a/b: x\n    /x: \"y\"\n",
        );
        let got = messages(&text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0]
            .starts_with("metadata.labels: Invalid value: \"/x\": prefix part must be non-empty"));
        assert!(got[1].starts_with(
        "metadata.labels: Invalid value: \"example.com/a/b\": a valid label key must consist of"
    ));
    }

    #[test]
    fn selector_expressions_are_checked_and_matched() {
        let text = BASE.replace(
        "    matchLabels:\n      app: frontend\n",
        "    matchExpressions:\n    - {key: app, operator: In, values: [frontend, web]}\n    - {key: tier, operator: DoesNotExist}\n",
    );
        assert!(messages(&text).is_empty());
        let text = BASE.replace(
        "    matchLabels:\n      app: frontend\n",
        "    matchExpressions:\n    - {key: app, operator: In}\n    - {key: tier, operator: Near, values: [x]}\n",
    );
        assert_eq!(
        messages(&text),
        vec![
            "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
            "spec.selector.matchExpressions[1].operator: Invalid value: \"Near\": not a valid selector operator",
        ]
    );
    }

    #[test]
    fn invalid_message_with_no_causes_is_just_the_header() {
        assert_eq!(
            invalid_message("DaemonSet", "x", &[]),
            "The DaemonSet \"x\" is invalid"
        );
    }

    #[test]
    fn node_validation_checks_name_and_taint_effects() {
        let text = "apiVersion: v1\nkind: Node\nmetadata:\n  labels: {a: b}\nspec:\n  taints:\n  - {key: dedicated, effect: NoRun}\n  - {key: gpu}\n  - {key: ok, value: \"yes\", effect: NoExecute}\n";
        let result = parse_manifests(text);
        let Some(Manifest::Node(node)) = &result.documents[0].object else {
            panic!("no Node")
        };
        let node: &Node = node;
        assert_eq!(
        validate_node(node).iter().map(ToString::to_string).collect::<Vec<_>>(),
        vec![
            "metadata.name: Required value: name or generateName is required",
            "spec.taints[0].effect: Unsupported value: \"NoRun\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
            "spec.taints[1].effect: Required value",
        ]
    );
    }

    #[test]
    fn validation_diagnostics_place_errors_in_a_multi_document_file() {
        let second = BASE
            .replace(
                "      app: frontend\n  template",
                "      app: web\n  template",
            )
            .replace(
                "      containers:",
                "      restartPolicy: Never\n      containers:",
            );
        let text = format!(
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n---\n{}",
            second
        );
        let diags = validation_diagnostics(&text);
        let errors: Vec<_> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 2, "{diags:?}");
        // Document 1 starts on line 6; template labels are on its line 11, restartPolicy on 14.
        assert_eq!(
            (errors[0].document, errors[0].line, errors[0].column),
            (1, 16, 7)
        );
        assert_eq!(
            errors[0].path.as_deref(),
            Some("spec.template.metadata.labels")
        );
        assert!(errors[0].message.starts_with(
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"frontend\"}"
        ));
        assert_eq!((errors[1].line, errors[1].column), (19, 7));
        assert_eq!(
        errors[1].message,
        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""
    );
    }

    #[test]
    fn validation_diagnostics_fall_back_to_the_nearest_written_field() {
        // maxSurge written at spec level (article style) is placed where it was written.
        let text = BASE.replace("  template:\n", "  maxSurge: 1\n  template:\n");
        let diags = validation_diagnostics(&text);
        let error = diags
            .iter()
            .find(|d| d.severity == Severity::Error)
            .unwrap();
        assert_eq!(
            error.path.as_deref(),
            Some("spec.updateStrategy.rollingUpdate.maxSurge")
        );
        assert_eq!((error.line, error.column), (9, 3));
        // A missing selector is reported on the template labels, which are written.
        let text = BASE.replace("  name: frontend\n", "");
        let diags = validation_diagnostics(&text);
        assert_eq!((diags[0].line, diags[0].column), (3, 1), "{diags:?}");
    }
}
