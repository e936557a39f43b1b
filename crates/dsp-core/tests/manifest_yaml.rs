//! `to_yaml` (kubectl -o yaml style) and `convert_to_apps_v1`.

// Wrapped in `manifest` so that `cargo test -p dsp-core manifest` selects these tests.
mod manifest {
    use dsp_core::manifest::{
        convert_to_apps_v1, parse_manifests, to_yaml, yaml_to_json, Manifest,
    };
    use proptest::prelude::*;
    use serde_json::{json, Value};

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

    fn parsed_daemonset(text: &str) -> (Value, Vec<String>) {
        let result = parse_manifests(text);
        assert!(!result.has_errors(), "{:?}", result.diagnostics);
        let doc = &result.documents[0];
        match &doc.object {
            Some(Manifest::DaemonSet(ds)) => {
                (serde_json::to_value(ds).unwrap(), doc.warnings.clone())
            }
            other => panic!("expected a DaemonSet, got {other:?}"),
        }
    }

    #[test]
    fn to_yaml_prints_block_style_with_unindented_lists() {
        let value = json!({
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": {"name": "frontend", "labels": {"app": "web"}, "annotations": {}},
            "spec": {
                "template": {"spec": {
                    "containers": [{"name": "web", "image": "nginx:1.25", "ports": [{"containerPort": 80}], "args": []}],
                    "nodeSelector": {"app": "frontend-node"}
                }},
                "revisionHistoryLimit": 10,
                "paused": false,
                "nothing": null
            }
        });
        assert_eq!(
            to_yaml(&value),
            "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  annotations: {}
  labels:
    app: web
  name: frontend
spec:
  nothing: null
  paused: false
  revisionHistoryLimit: 10
  template:
    spec:
      containers:
      - args: []
        image: nginx:1.25
        name: web
        ports:
        - containerPort: 80
      nodeSelector:
        app: frontend-node
"
        );
    }

    #[test]
    fn to_yaml_quotes_strings_only_when_yaml_requires_it() {
        // Keys too: go-yaml v2 reads a plain `y`/`n` as a YAML 1.1 boolean, so kubectl quotes them.
        let value = json!({
            "a": "1", "b": "true", "c": "", "d": "*", "e": "a: b", "f": "2024-05-01T10:00:00Z",
            "g": "yes", "h": "- x", "i": "it's #1", "j": "tab\there", "k": "plain text", "l": "10.0.10.5",
            "m": "1.5", "n": "0x1F", "o": "null", "p": "~", "q": "#comment", "r": "http://x:80/y",
            "s": "key:", "t": " lead", "u": "{}", "v": "@at", "w": "café", "x": "1:30", "y": "25%",
            "z": "a\"b"
        });
        assert_eq!(
            to_yaml(&value),
            "\
a: \"1\"
b: \"true\"
c: \"\"
d: '*'
e: 'a: b'
f: \"2024-05-01T10:00:00Z\"
g: \"yes\"
h: '- x'
i: 'it''s #1'
j: \"tab\\there\"
k: plain text
l: 10.0.10.5
m: \"1.5\"
\"n\": \"0x1F\"
o: \"null\"
p: \"~\"
q: '#comment'
r: http://x:80/y
s: 'key:'
t: ' lead'
u: '{}'
v: '@at'
w: café
x: \"1:30\"
\"y\": 25%
z: a\"b
"
        );
    }

    #[test]
    fn to_yaml_writes_multi_line_strings_as_literal_blocks() {
        let value = json!({"metadata": {"annotations": {
        "kubectl.kubernetes.io/last-applied-configuration": "{\"kind\":\"DaemonSet\"}\n",
        "two": "line one\nline two",
        "keep": "x\n\n"
    }}, "items": ["a\nb\n"]});
        assert_eq!(
            to_yaml(&value),
            "\
items:
- |
  a
  b
metadata:
  annotations:
    keep: |+
      x

    kubectl.kubernetes.io/last-applied-configuration: |
      {\"kind\":\"DaemonSet\"}
    two: |-
      line one
      line two
"
        );
    }

    #[test]
    fn to_yaml_handles_top_level_scalars_nested_lists_and_empty_objects() {
        assert_eq!(to_yaml(&json!({})), "{}\n");
        assert_eq!(to_yaml(&json!("x")), "x\n");
        assert_eq!(to_yaml(&json!([[1, 2], []])), "- - 1\n  - 2\n- []\n");
    }

    #[test]
    fn defaulted_article_daemonset_prints_like_kubectl_get_o_yaml() {
        // The article's shorthand is refused as written; its conversion is what gets applied.
        let (value, _) = parsed_daemonset(&convert_to_apps_v1(ARTICLE_DS_ROLLING).unwrap());
        let yaml = to_yaml(&value);
        assert!(yaml.starts_with("apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  labels:\n    app: frontend-webserver\n  name: frontend\n  namespace: default\nspec:\n  minReadySeconds: 0\n  revisionHistoryLimit: 10\n  selector:\n    matchLabels:\n      app: frontend-webserver\n"), "{yaml}");
        assert!(yaml.contains("      containers:\n      - image: nginx\n        imagePullPolicy: Always\n        name: webserver\n        ports:\n        - containerPort: 80\n          protocol: TCP\n        resources: {}\n        terminationMessagePath: /dev/termination-log\n        terminationMessagePolicy: File\n"), "{yaml}");
        assert!(yaml.ends_with("  updateStrategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 1\n    type: RollingUpdate\n"), "{yaml}");
        assert_eq!(
            yaml_to_json(&yaml).unwrap(),
            value,
            "the printed YAML reads back to the same object"
        );
    }

    #[test]
    fn convert_rewrites_the_article_as_modern_apps_v1() {
        let converted = convert_to_apps_v1(ARTICLE_DS_ROLLING).unwrap();
        assert_eq!(
            converted,
            "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  labels:
    app: frontend-webserver
  name: frontend
spec:
  minReadySeconds: 0
  selector:
    matchLabels:
      app: frontend-webserver
  template:
    metadata:
      labels:
        app: frontend-webserver
    spec:
      containers:
      - image: nginx
        name: webserver
        ports:
        - containerPort: 80
      nodeSelector:
        app: frontend-node
  updateStrategy:
    rollingUpdate:
      maxUnavailable: 1
    type: RollingUpdate
"
        );
    }

    #[test]
    fn converted_manifest_parses_without_warnings_to_the_same_object() {
        let first_article = ARTICLE_DS_ROLLING.replace(
            "  updateStrategy: RollingUpdate\n  maxUnavailable: 1\n  minReadySeconds: 0\n",
            "",
        );
        // The second article manifest's string strategy is refused; its conversion parses clean.
        assert!(parse_manifests(ARTICLE_DS_ROLLING).has_errors());
        let (_, warnings) = parsed_daemonset(&convert_to_apps_v1(ARTICLE_DS_ROLLING).unwrap());
        assert!(warnings.is_empty(), "{warnings:?}");
        // `maxUnavailable` under `spec` alone is still rewritten, with a warning.
        let spec_level = ARTICLE_DS_ROLLING.replace("  updateStrategy: RollingUpdate\n", "");
        for legacy in [first_article, spec_level] {
            let converted = convert_to_apps_v1(&legacy).unwrap();
            let (modern, warnings) = parsed_daemonset(&converted);
            assert!(warnings.is_empty(), "{warnings:?}");
            let (original, legacy_warnings) = parsed_daemonset(&legacy);
            assert!(!legacy_warnings.is_empty());
            assert_eq!(modern, original);
            assert_eq!(
                convert_to_apps_v1(&converted).unwrap(),
                converted,
                "converting twice changes nothing"
            );
        }
    }

    #[test]
    fn convert_keeps_other_documents_and_reports_unknown_kinds() {
        let text =
            format!("apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n---\n{ARTICLE_DS_ROLLING}");
        let converted = convert_to_apps_v1(&text).unwrap();
        assert!(converted.starts_with(
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n---\napiVersion: apps/v1\n"
        ));
        let with_separators = format!("---\n# leading comment\n---\n{text}---\n");
        assert_eq!(convert_to_apps_v1(&with_separators).unwrap(), converted);
        let errors = convert_to_apps_v1("apiVersion: batch/v1\nkind: Job\n").unwrap_err();
        assert_eq!(
            errors[0].message,
            "no matches for kind \"Job\" in version \"batch/v1\""
        );
        let errors = convert_to_apps_v1("a: [\n").unwrap_err();
        assert!(errors[0]
            .message
            .starts_with("error converting YAML to JSON: yaml: line "));
    }

    /// JSON values with strings drawn from characters that matter to YAML quoting.
    fn json_value() -> impl Strategy<Value = Value> {
        let text = "[a-zA-Z0-9 :#'\"\\-*&!|>%@`{}\\[\\],.?~\n\té]{0,12}";
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            text.prop_map(Value::String),
            prop_oneof![
                Just("yes"),
                Just("1.0"),
                Just("0x10"),
                Just("2020-01-01"),
                Just("-"),
                Just("---"),
                Just("..."),
                Just("<<")
            ]
            .prop_map(|s| Value::String(s.to_string())),
        ];
        leaf.prop_recursive(4, 48, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(text, inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn to_yaml_output_reads_back_as_the_same_value(value in json_value()) {
            let yaml = to_yaml(&value);
            let back = yaml_to_json(&yaml);
            prop_assert_eq!(back.as_ref(), Ok(&value), "yaml was:\n{}", yaml);
        }
    }
}
