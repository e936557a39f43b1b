//! Parsing manifests: the seed article's legacy YAML, unknown fields, kinds, positions, errors.

// Wrapped in `manifest` so that `cargo test -p dsp-core manifest` selects these tests.
mod manifest {
    use dsp_core::k8s::apps::DaemonSet;
    use dsp_core::k8s::IntOrString;
    use dsp_core::manifest::{parse_manifests, position_of, Manifest, Severity};
    use dsp_core::DaemonSetSpecOf;

    /// The article's first DaemonSet, as people paste it (the article prints it on one line).
    const ARTICLE_DS: &str = "\
apiVersion: extensions/v1beta1
kind: DaemonSet
metadata:
  name: frontend
spec:
  template:
    metadata:
      labels:
        app: frontend-webserver
    spec:
      nodeSelector:
        app: frontend-node
      containers:
        - name: webserver
          image: nginx
          ports:
          - containerPort: 80
";

    /// The article's second DaemonSet, with its `updateStrategy: RollingUpdate` shorthand.
    const ARTICLE_DS_ROLLING: &str = "\
apiVersion: extensions/v1beta1
kind: DaemonSet
metadata:
  name: frontend
spec:
  updateStrategy: RollingUpdate
  maxUnavailable: 1
  minReadySeconds: 0
  template:
    metadata:
      labels:
        app: frontend-webserver
    spec:
      nodeSelector:
        app: frontend-node
      containers:
        - name: webserver
          image: nginx
          ports:
          - containerPort: 80
";

    fn only_daemonset(text: &str) -> (DaemonSet, Vec<String>) {
        let result = parse_manifests(text);
        assert!(!result.has_errors(), "{:?}", result.diagnostics);
        assert_eq!(result.documents.len(), 1);
        let doc = &result.documents[0];
        match &doc.object {
            Some(Manifest::DaemonSet(ds)) => ((**ds).clone(), doc.warnings.clone()),
            other => panic!("expected a DaemonSet, got {other:?}"),
        }
    }

    #[test]
    fn article_first_daemonset_gets_extensions_defaults_and_deprecation_warning() {
        let (ds, warnings) = only_daemonset(ARTICLE_DS);
        assert_eq!(
        warnings[0],
        "Warning: extensions/v1beta1 DaemonSet is deprecated in v1.9+, unavailable in v1.16+; use apps/v1 DaemonSet (a v1.33 cluster refuses it: no matches for kind \"DaemonSet\" in version \"extensions/v1beta1\"; the playground takes it as apps/v1 only so that the article's manifests run)"
    );
        assert!(warnings.iter().any(|w| w
            .starts_with("Warning: spec.selector: defaulted to the template labels")
            && w.contains("\"selector: {matchLabels: {app: frontend-webserver}}\"")));
        assert!(warnings
            .iter()
            .any(|w| w.starts_with("Warning: spec.updateStrategy: defaulted to OnDelete")));
        assert_eq!(warnings.len(), 3, "{warnings:?}");

        assert_eq!(ds.metadata.name.as_deref(), Some("frontend"));
        assert_eq!(ds.metadata.namespace.as_deref(), Some("default"));
        let labels = ds
            .ds_spec()
            .selector
            .match_labels
            .clone()
            .unwrap_or_default();
        assert_eq!(
            labels.get("app").map(String::as_str),
            Some("frontend-webserver")
        );
        assert_eq!(
            ds.metadata.labels,
            ds.ds_spec().selector.match_labels,
            "object labels defaulted from the template"
        );
        let strategy = ds.ds_spec().update_strategy.clone().unwrap_or_default();
        assert_eq!(strategy.type_.as_deref(), Some("OnDelete"));
        assert_eq!(strategy.rolling_update, None);
        assert_eq!(ds.ds_spec().revision_history_limit, Some(10));

        let pod = ds.ds_spec().template.spec.clone().unwrap_or_default();
        assert_eq!(pod.restart_policy.as_deref(), Some("Always"));
        assert_eq!(pod.termination_grace_period_seconds, Some(30));
        assert_eq!(pod.dns_policy.as_deref(), Some("ClusterFirst"));
        assert_eq!(pod.scheduler_name.as_deref(), Some("default-scheduler"));
        let c = &pod.containers[0];
        assert_eq!(
            c.image_pull_policy.as_deref(),
            Some("Always"),
            "nginx has no tag"
        );
        assert_eq!(
            c.termination_message_path.as_deref(),
            Some("/dev/termination-log")
        );
        assert_eq!(c.termination_message_policy.as_deref(), Some("File"));
        let port = &c.ports.as_ref().unwrap()[0];
        assert_eq!(port.container_port, 80);
        assert_eq!(port.protocol.as_deref(), Some("TCP"));
        assert_eq!(
            pod.node_selector
                .unwrap_or_default()
                .get("app")
                .map(String::as_str),
            Some("frontend-node")
        );
    }

    #[test]
    fn article_rolling_update_shorthand_is_refused_as_the_api_server_refuses_it() {
        let result = parse_manifests(ARTICLE_DS_ROLLING);
        let errors: Vec<_> = result
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{:?}", result.diagnostics);
        assert_eq!(
            errors[0].message,
            "DaemonSet in version \"v1beta1\" cannot be handled as a DaemonSet: json: cannot unmarshal string into Go struct field DaemonSetSpec.spec.updateStrategy of type v1beta1.DaemonSetUpdateStrategy"
        );
        assert_eq!(errors[0].path.as_deref(), Some("spec.updateStrategy"));
        assert_eq!((errors[0].line, errors[0].column), (6, 3));
        assert!(result.documents[0].object.is_none());
        // The editor offers its conversion, which writes the structure the API takes.
        assert!(result.is_legacy());
        let converted =
            dsp_core::manifest::convert_to_apps_v1(ARTICLE_DS_ROLLING).expect("converts");
        let (ds, warnings) = only_daemonset(&converted);
        assert!(warnings.is_empty(), "{warnings:?}");
        let strategy = ds.ds_spec().update_strategy.clone().unwrap_or_default();
        assert_eq!(strategy.type_.as_deref(), Some("RollingUpdate"));
        let ru = strategy.rolling_update.unwrap_or_default();
        assert_eq!(ru.max_unavailable, Some(IntOrString::Int(1)));
        assert_eq!(ds.ds_spec().min_ready_seconds, Some(0));
    }

    #[test]
    fn shorthand_warnings_point_at_the_shorthand_lines() {
        // `maxUnavailable` under `spec` alone is rewritten with a warning at its line.
        let text = ARTICLE_DS_ROLLING.replace("  updateStrategy: RollingUpdate\n", "");
        let result = parse_manifests(&text);
        let at = |path: &str| {
            result
                .diagnostics
                .iter()
                .find(|d| d.path.as_deref() == Some(path))
                .map(|d| (d.severity, d.line, d.column))
        };
        assert_eq!(at("apiVersion"), Some((Severity::Warning, 1, 1)));
        assert_eq!(at("spec.maxUnavailable"), Some((Severity::Warning, 6, 3)));
    }

    #[test]
    fn apps_v1_daemonset_gets_rolling_update_defaults_and_no_warnings() {
        let text = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: web
  namespace: kube-system
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
      - name: web
        image: nginx:1.25
";
        let (ds, warnings) = only_daemonset(text);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(ds.metadata.namespace.as_deref(), Some("kube-system"));
        let strategy = ds.ds_spec().update_strategy.clone().unwrap_or_default();
        assert_eq!(strategy.type_.as_deref(), Some("RollingUpdate"));
        let ru = strategy.rolling_update.unwrap_or_default();
        assert_eq!(ru.max_unavailable, Some(IntOrString::Int(1)));
        assert_eq!(ru.max_surge, Some(IntOrString::Int(0)));
        assert_eq!(
            ds.metadata.labels, None,
            "apps/v1 does not copy template labels"
        );
        let pod = ds.ds_spec().template.spec.clone().unwrap_or_default();
        assert_eq!(
            pod.containers[0].image_pull_policy.as_deref(),
            Some("IfNotPresent")
        );
    }

    #[test]
    fn apps_v1beta2_daemonset_warns_and_defaults_like_apps_v1() {
        let text = ARTICLE_DS.replace("extensions/v1beta1", "apps/v1beta2");
        let result = parse_manifests(&text);
        let doc = &result.documents[0];
        assert_eq!(
        doc.warnings,
        vec!["Warning: apps/v1beta2 DaemonSet is deprecated in v1.9+, unavailable in v1.16+; use apps/v1 DaemonSet (a v1.33 cluster refuses it: no matches for kind \"DaemonSet\" in version \"apps/v1beta2\"; the playground takes it as apps/v1 only so that the article's manifests run)".to_string()]
    );
        assert_eq!(doc.api_version.as_deref(), Some("apps/v1beta2"));
        let Some(Manifest::DaemonSet(ds)) = &doc.object else {
            panic!("no DaemonSet")
        };
        assert_eq!(
            ds.ds_spec()
                .update_strategy
                .as_ref()
                .and_then(|s| s.type_.as_deref()),
            Some("RollingUpdate")
        );
        assert_eq!(
            ds.ds_spec().selector.match_labels,
            None,
            "apps/v1beta2 does not default the selector"
        );
    }

    #[test]
    fn real_fields_of_the_pod_spec_are_accepted_without_warnings() {
        let text = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  labels: {tier: node}
  annotations:
    note: hello
spec:
  selector: {matchLabels: {app: agent}}
  revisionHistoryLimit: 3
  template:
    metadata:
      labels: {app: agent}
    spec:
      priorityClassName: system-node-critical
      hostNetwork: true
      serviceAccountName: agent
      tolerations:
      - operator: Exists
        effect: NoSchedule
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: kubernetes.io/os, operator: In, values: [linux]}
      volumes:
      - name: varlog
        hostPath: {path: /var/log}
      - name: cfg
        configMap: {name: agent-config}
      containers:
      - name: agent
        image: fluentd:v1.16
        env:
        - name: NODE
          valueFrom:
            fieldRef: {fieldPath: spec.nodeName}
        resources:
          limits: {memory: 200Mi}
          requests: {cpu: 100m, memory: 1}
        livenessProbe:
          httpGet: {path: /healthz, port: 8080}
        readinessProbe:
          tcpSocket: {port: http}
        volumeMounts:
        - {name: varlog, mountPath: /var/log, readOnly: true}
        securityContext:
          privileged: true
";
        let (ds, warnings) = only_daemonset(text);
        assert!(warnings.is_empty(), "{warnings:?}");
        let pod = ds.ds_spec().template.spec.clone().unwrap_or_default();
        assert_eq!(
            pod.priority_class_name.as_deref(),
            Some("system-node-critical")
        );
        let c = &pod.containers[0];
        let probe = c.liveness_probe.clone().unwrap_or_default();
        assert_eq!(
            (
                probe.timeout_seconds,
                probe.period_seconds,
                probe.failure_threshold
            ),
            (Some(1), Some(10), Some(3))
        );
        assert_eq!(
            probe.http_get.and_then(|h| h.scheme).as_deref(),
            Some("HTTP")
        );
        let env_ref = c.env.as_ref().unwrap()[0]
            .value_from
            .clone()
            .unwrap()
            .field_ref
            .unwrap();
        assert_eq!(env_ref.api_version.as_deref(), Some("v1"));
        let volumes = pod.volumes.unwrap_or_default();
        assert_eq!(
            volumes[0]
                .host_path
                .as_ref()
                .and_then(|h| h.type_.as_deref()),
            Some("")
        );
        assert_eq!(
            volumes[1].config_map.as_ref().and_then(|c| c.default_mode),
            Some(420)
        );
    }

    #[test]
    fn unknown_fields_are_warned_with_their_path_and_position() {
        let text = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      nodeSelecter:
        disk: ssd
      containers:
      - name: web
        image: nginx
        imagePullPolicyy: Always
";
        let result = parse_manifests(text);
        assert!(!result.has_errors());
        // kubectl's --validate decides what they become; they are not warnings by themselves.
        assert!(result.documents[0].warnings.is_empty());
        assert_eq!(
            result.documents[0].unknown_fields,
            [
                "spec.template.spec.containers[0].imagePullPolicyy",
                "spec.template.spec.nodeSelecter",
            ]
        );
        let diag = |path: &str| {
            result
                .diagnostics
                .iter()
                .find(|d| d.path.as_deref() == Some(path))
                .cloned()
                .unwrap()
        };
        let d = diag("spec.template.spec.nodeSelecter");
        assert_eq!((d.severity, d.line, d.column), (Severity::Warning, 12, 7));
        assert_eq!(
            d.message,
            "unknown field \"spec.template.spec.nodeSelecter\""
        );
        let d = diag("spec.template.spec.containers[0].imagePullPolicyy");
        assert_eq!((d.line, d.column), (17, 9));
    }

    #[test]
    fn unknown_api_version_is_an_error_worded_like_kubectl() {
        let text = "apiVersion: foo/v1\nkind: DaemonSet\nmetadata:\n  name: x\n";
        let result = parse_manifests(text);
        assert!(result.documents[0].object.is_none());
        let d = &result.diagnostics[0];
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(
            d.message,
            "no matches for kind \"DaemonSet\" in version \"foo/v1\""
        );
        assert_eq!((d.line, d.column), (1, 1));
    }

    #[test]
    fn unknown_kind_and_missing_kind_are_errors() {
        let result = parse_manifests("apiVersion: v1\nkind: Widget\n---\nfoo: bar\n");
        let messages: Vec<&str> = result
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages[0],
            "no matches for kind \"Widget\" in version \"v1\""
        );
        assert_eq!(
            messages[1],
            "Object 'Kind' is missing in '{\"foo\":\"bar\"}'"
        );
        assert_eq!(result.diagnostics[1].line, 4);
        assert_eq!(result.diagnostics[1].document, 1);
    }

    #[test]
    fn every_stored_kind_decodes_and_the_simulated_ones_are_refused_by_hand() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: system:x\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n";
        let result = parse_manifests(text);
        assert!(matches!(
            &result.documents[0].object,
            Some(Manifest::Object { resource, .. }) if resource.kind == "ConfigMap"
        ));
        assert!(matches!(
            &result.documents[1].object,
            Some(Manifest::Object { resource, .. }) if resource.qualified_plural() == "clusterroles.rbac.authorization.k8s.io"
        ));
        assert!(result.documents[2].object.is_none());
        let errors: Vec<&str> = result
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("the playground runs pods only for DaemonSets"),
            "{errors:?}"
        );
        // A type error in a stored kind is Go's, placed at its field.
        let bad = parse_manifests(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: 1\n",
        );
        assert_eq!(
            bad.diagnostics[0].message,
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string"
        );
        assert_eq!((bad.diagnostics[0].line, bad.diagnostics[0].column), (6, 3));
    }

    #[test]
    fn a_list_is_read_item_by_item_with_diagnostics_at_their_items() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n  data:\n    n: 1\n";
        let result = parse_manifests(text);
        assert_eq!(result.documents.len(), 1);
        assert_eq!(result.documents[0].list_items.len(), 2);
        assert_eq!(result.diagnostics.len(), 1, "{:?}", result.diagnostics);
        let d = &result.diagnostics[0];
        assert!(
            d.message.contains(
                "cannot unmarshal number into Go struct field ConfigMap.data of type string"
            ),
            "{}",
            d.message
        );
        assert_eq!(d.line, 11);
    }

    #[test]
    fn nodes_parse_alongside_daemonsets() {
        let text = "\
apiVersion: v1
kind: Node
metadata:
  name: 10.0.10.5
  labels:
    app: frontend-node
spec:
  taints:
  - key: dedicated
    value: gpu
    effect: NoSchedule
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: a}
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}}
    spec: {containers: [{name: a, image: busybox}]}
";
        let result = parse_manifests(text);
        assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
        assert_eq!(result.documents.len(), 2);
        let Some(Manifest::Node(node)) = &result.documents[0].object else {
            panic!("no Node")
        };
        assert_eq!(node.metadata.name.as_deref(), Some("10.0.10.5"));
        assert_eq!(
            node.spec.as_ref().unwrap().taints.as_ref().unwrap()[0].effect,
            "NoSchedule"
        );
        assert_eq!(result.documents[1].start_line, 13);
        assert!(matches!(
            result.documents[1].object,
            Some(Manifest::DaemonSet(_))
        ));
    }

    #[test]
    fn yaml_syntax_error_in_second_document_is_placed_in_the_whole_text() {
        let text = "\
apiVersion: v1
kind: Node
metadata:
  name: a
---
apiVersion: v1
kind: Node
metadata:
  name: b
   bad: indentation
";
        let result = parse_manifests(text);
        assert_eq!(result.documents.len(), 2);
        assert!(result.documents[0].object.is_some());
        assert!(result.documents[1].object.is_none());
        let d = &result.diagnostics[0];
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.document, 1);
        assert_eq!(d.line, 10, "{d:?}");
        assert!(
            d.message
                .starts_with("error converting YAML to JSON: yaml: line 5: "),
            "{}",
            d.message
        );
    }

    #[test]
    fn type_errors_name_the_field_and_its_position() {
        let text = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - containerPort: eighty
";
        let result = parse_manifests(text);
        let d = &result.diagnostics[0];
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(
            d.path.as_deref(),
            Some("spec.template.spec.containers[0].ports[0].containerPort")
        );
        // The API server's words: Go's UnmarshalTypeError, field path without indices.
        assert_eq!(d.message, "DaemonSet in version \"v1\" cannot be handled as a DaemonSet: json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32");
        assert_eq!((d.line, d.column), (14, 11));
    }

    #[test]
    fn empty_and_comment_only_documents_are_skipped() {
        let text =
        "---\n# just a comment\n---\n\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n}\n---\n";
        let result = parse_manifests(text);
        assert_eq!(result.documents.len(), 1);
        assert_eq!(result.documents[0].index, 0);
        assert_eq!(result.documents[0].start_line, 6);
        assert_eq!(position_of(text, 0, "metadata.name"), Some((8, 12)));
    }

    #[test]
    fn separator_with_content_is_rejected_like_kubectl() {
        let result = parse_manifests("apiVersion: v1\nkind: Node\nmetadata: {name: a}\n--- junk\napiVersion: v1\nkind: Node\nmetadata: {name: b}\n");
        let d = result
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .unwrap();
        assert_eq!(d.message, "invalid Yaml document separator: --- junk");
        assert_eq!(d.line, 4);
    }

    #[test]
    fn position_of_finds_list_items_dotted_keys_and_flow_style() {
        let text = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  template:
    spec:
      containers:
      - name: sidecar
        image: busybox
      - name: web
        image: \"nginx:1.25\"
        ports: [{containerPort: 80}]
";
        assert_eq!(
            position_of(text, 0, "spec.template.spec.containers[1].image"),
            Some((14, 9))
        );
        assert_eq!(
            position_of(text, 0, "spec.template.spec.containers[1]"),
            Some((13, 9))
        );
        assert_eq!(
            position_of(text, 0, "spec.template.spec.containers[0].name"),
            Some((11, 9))
        );
        assert_eq!(
            position_of(text, 0, "metadata.labels.app.kubernetes.io/name"),
            Some((6, 5))
        );
        assert_eq!(
            position_of(text, 0, "metadata.labels[app.kubernetes.io/name]"),
            Some((6, 5))
        );
        assert_eq!(
            position_of(
                text,
                0,
                "spec.template.spec.containers[1].ports[0].containerPort"
            ),
            Some((15, 18))
        );
        assert_eq!(position_of(text, 0, "spec.selector"), None);
        assert_eq!(
            position_of(text, 0, "spec.template.spec.containers[2]"),
            None
        );
        assert_eq!(position_of(text, 1, "kind"), None);
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let text =
            "apiVersion: v1\nkind: Node\nmetadata:\n  annotations: {é: \"ü\", x: 1}\n  name: n\n";
        assert_eq!(
            position_of(text, 0, "metadata.annotations.x"),
            Some((4, 25))
        );
    }

    #[test]
    fn legacy_input_is_what_convert_to_apps_v1_rewrites() {
        use dsp_core::manifest::{convert_to_apps_v1, is_legacy};
        assert!(is_legacy(ARTICLE_DS));
        assert!(is_legacy(ARTICLE_DS_ROLLING));
        assert!(is_legacy(
            &ARTICLE_DS.replace("extensions/v1beta1", "apps/v1beta2")
        ));
        let shorthand_only = ARTICLE_DS_ROLLING.replace("extensions/v1beta1", "apps/v1");
        assert!(is_legacy(&shorthand_only), "the shorthand alone is legacy");
        let converted = convert_to_apps_v1(ARTICLE_DS_ROLLING).expect("converts");
        assert!(!is_legacy(&converted), "{converted}");
        // Mentioning the old version in a comment does not make a manifest legacy.
        assert!(!is_legacy(&format!(
            "# was extensions/v1beta1\n{converted}"
        )));
        assert!(!is_legacy(
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: n\n"
        ));
        // One legacy document among modern ones is enough.
        assert!(is_legacy(&format!("{converted}---\n{ARTICLE_DS}")));
    }

    #[test]
    fn one_check_gives_the_parse_and_every_diagnostic() {
        use dsp_core::manifest::{check_manifests, validation_diagnostics};
        let text =
            format!("{ARTICLE_DS}---\napiVersion: v1\nkind: Node\nmetadata:\n  name: Bad_Name\n");
        let checked = check_manifests(&text);
        assert_eq!(checked.parsed, parse_manifests(&text));
        assert_eq!(checked.diagnostics, validation_diagnostics(&text));
        assert!(checked.parsed.is_legacy());
        assert!(
            checked
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error && d.document == 1),
            "{:?}",
            checked.diagnostics
        );
        assert!(checked.diagnostics.len() > checked.parsed.diagnostics.len());
    }
}
