//! No input may panic the manifest module: arbitrary text and YAML-ish token soups go through
//! parsing, validation, positions, conversion and printing.

// Wrapped in `manifest` so that `cargo test -p dsp-core manifest` selects these tests.
mod manifest {
    use dsp_core::manifest::{
        convert_to_apps_v1, parse_manifests, position_of, to_yaml, validate_daemonset,
        validate_node, validation_diagnostics, Manifest,
    };
    use proptest::prelude::*;

    const TOKENS: &[&str] = &[
        "apiVersion: ",
        "apps/v1",
        "extensions/v1beta1",
        "apps/v1beta2",
        "v1",
        "kind: ",
        "DaemonSet",
        "Node",
        "metadata:",
        "name: ",
        "labels:",
        "spec:",
        "selector:",
        "matchLabels:",
        "matchExpressions:",
        "operator: ",
        "In",
        "values:",
        "template:",
        "containers:",
        "- ",
        "image: ",
        "updateStrategy:",
        "updateStrategy: ",
        "RollingUpdate",
        "OnDelete",
        "rollingUpdate:",
        "maxUnavailable: ",
        "maxSurge: ",
        "minReadySeconds: ",
        "revisionHistoryLimit: ",
        "taints:",
        "effect: ",
        "1",
        "-1",
        "0",
        "150%",
        "25%",
        "x",
        "nginx",
        "null",
        "~",
        "true",
        "\n",
        "\n  ",
        "\n    ",
        "\n      ",
        "  ",
        "\t",
        "---\n",
        "--- x\n",
        "...\n",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        ": ",
        "&a ",
        "*a",
        "!!str ",
        "!!binary ",
        "|",
        ">-",
        "'",
        "\"",
        "#",
        "? ",
        "%YAML 1.2\n",
        "<<: ",
        "é",
        "\u{feff}",
        "\r\n",
        "\\",
        "spec.template",
        "99999999999999999999",
    ];

    fn soup() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(TOKENS), 0..80).prop_map(|t| t.concat())
    }

    /// Runs every entry point on `text`; the assertions only check internal consistency.
    fn exercise(text: &str) {
        let result = parse_manifests(text);
        for d in &result.diagnostics {
            assert!(d.line >= 1 && d.column >= 1, "{d:?}");
            assert!(d.document < result.documents.len().max(1), "{d:?}");
        }
        for doc in &result.documents {
            match &doc.object {
                Some(Manifest::DaemonSet(ds)) => {
                    let _ = validate_daemonset(ds, Some(ds));
                    let _ = to_yaml(&serde_json::to_value(ds).unwrap_or_default());
                }
                Some(Manifest::Node(node)) => {
                    let _ = validate_node(node);
                }
                Some(Manifest::Object { resource, value }) => {
                    let _ = dsp_core::manifest::validate_object(resource, value);
                    let _ = to_yaml(value);
                }
                None => {}
            }
            for path in [
                "spec.template.spec.containers[0].image",
                "metadata.labels.a.b",
                "[",
                "a[99999999999999999999]",
                "",
                ".",
            ] {
                let _ = position_of(text, doc.index, path);
            }
        }
        let _ = validation_diagnostics(text);
        let _ = convert_to_apps_v1(text);
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in ".{0,300}") {
            exercise(&text);
        }

        #[test]
        fn yaml_token_soup_never_panics(text in soup()) {
            exercise(&text);
        }

        #[test]
        fn manifests_with_random_values_never_panic(
            version in prop::sample::select(vec!["apps/v1", "extensions/v1beta1", "apps/v1beta2"]),
            strategy in "[A-Za-z]{0,14}",
            max_unavailable in "-?[0-9]{1,3}%?|[a-z]{1,3}",
            max_surge in "-?[0-9]{1,3}%?",
            name in "[a-zA-Z0-9._/-]{0,70}",
            label in "[a-zA-Z0-9._/ -]{0,70}",
        ) {
            let text = format!(
                "apiVersion: {version}\nkind: DaemonSet\nmetadata:\n  name: \"{name}\"\nspec:\n  updateStrategy:\n    type: \"{strategy}\"\n    rollingUpdate:\n      maxUnavailable: {max_unavailable}\n      maxSurge: {max_surge}\n  template:\n    metadata:\n      labels:\n        \"{label}\": \"{label}\"\n    spec:\n      containers:\n      - name: \"{name}\"\n        image: \"{label}\"\n"
            );
            exercise(&text);
        }
    }

    #[test]
    fn deeply_nested_input_does_not_overflow() {
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        exercise(&deep);
        let deep_map = (0..400)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect::<String>();
        exercise(&deep_map);
        let aliases = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
        exercise(aliases);
    }
}
