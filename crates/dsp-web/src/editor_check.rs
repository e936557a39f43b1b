//! Between the editor and the core: diagnostics for the text, the notice that tells the
//! learner what applying the text will do to running pods, and whether to offer "Convert to
//! apps/v1". The decisions are the pure crates' (`manifest::check_manifests`,
//! `dsp_kubectl::apply_preview`, `ParseResult::is_legacy`); this file only words them.

use dsp_core::manifest::{self, Diagnostic, Severity as CoreSeverity};
use dsp_core::model::UpdateStrategy;
use dsp_core::Simulation;
use dsp_kubectl::ApplyPreview;

use crate::editor::{EditorDiagnostic, Severity};

pub struct EditorCheck {
    pub diagnostics: Vec<EditorDiagnostic>,
    pub notice: Option<String>,
    /// The text is legacy YAML that "Convert to apps/v1" rewrites (`ParseResult::is_legacy`).
    pub legacy: bool,
}

pub fn to_editor(d: &Diagnostic) -> EditorDiagnostic {
    EditorDiagnostic {
        line: d.line.max(1),
        column: d.column.max(1),
        severity: match d.severity {
            CoreSeverity::Error => Severity::Error,
            CoreSeverity::Warning => Severity::Warning,
        },
        message: d.message.clone(),
    }
}

/// Parses and validates the editor text once; says what applying it does to running pods
/// (`dsp_kubectl::apply_preview`) and whether it is legacy YAML.
pub fn check(sim: &Simulation, text: &str) -> EditorCheck {
    let checked = manifest::check_manifests(text);
    let notices: Vec<String> = dsp_kubectl::apply_preview(sim, &checked.parsed)
        .iter()
        .filter_map(notice)
        .collect();
    let diagnostics = custom_kinds(sim, text, &checked.parsed, checked.diagnostics.clone());
    EditorCheck {
        diagnostics: diagnostics.iter().map(to_editor).collect(),
        notice: if notices.is_empty() {
            None
        } else {
            Some(notices.join(" "))
        },
        legacy: checked.parsed.is_legacy(),
    }
}

/// Documents whose kind is not built in, as `kubectl apply` will see them: a kind a CRD in the
/// cluster defines is checked against that CRD's schema (its errors at their fields); a kind
/// a CRD in this text defines is a warning (kubectl maps every document before it writes, so
/// that document fails on the first apply and is created by the second); others stay errors.
fn custom_kinds(
    sim: &Simulation,
    text: &str,
    parsed: &manifest::ParseResult,
    mut diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let defined_here: Vec<(String, String)> = parsed
        .documents
        .iter()
        .filter_map(|d| match &d.object {
            Some(manifest::Manifest::Object { resource, value })
                if resource.kind == "CustomResourceDefinition" =>
            {
                let group = value.pointer("/spec/group")?.as_str()?;
                let kind = value.pointer("/spec/names/kind")?.as_str()?;
                Some((group.to_string(), kind.to_string()))
            }
            _ => None,
        })
        .flat_map(|(group, kind)| {
            parsed.documents.iter().filter_map(move |d| {
                let api = d.api_version.as_deref()?;
                (api.split('/').next() == Some(group.as_str())
                    && d.kind.as_deref() == Some(kind.as_str()))
                .then(|| (api.to_string(), kind.clone()))
            })
        })
        .collect();
    for doc in &parsed.documents {
        let Some(raw) = &doc.unrecognized else {
            continue;
        };
        let api = doc.api_version.clone().unwrap_or_default();
        let kind = doc.kind.clone().unwrap_or_default();
        let unmapped = |d: &Diagnostic| {
            d.document == doc.index && d.message.starts_with("no matches for kind")
        };
        if let Some(resource) = sim.custom_resource(&api, &kind) {
            let at = diagnostics
                .iter()
                .find(|d| unmapped(d))
                .map(|d| (d.line, d.column));
            diagnostics.retain(|d| !unmapped(d));
            let check = sim.check_custom(resource, raw);
            let place = |path: &str| {
                manifest::position_of(text, doc.index, path)
                    .or(at)
                    .unwrap_or((doc.start_line, 1))
            };
            for e in &check.errors {
                let (line, column) = place(&e.field);
                diagnostics.push(Diagnostic {
                    severity: CoreSeverity::Error,
                    line,
                    column,
                    path: Some(e.field.clone()),
                    message: e.to_string(),
                    document: doc.index,
                });
            }
            for path in &check.unknown_fields {
                let (line, column) = place(path);
                diagnostics.push(Diagnostic {
                    severity: CoreSeverity::Warning,
                    line,
                    column,
                    path: Some(path.clone()),
                    message: format!("unknown field {}", manifest::go_quote(path)),
                    document: doc.index,
                });
            }
        } else if defined_here.contains(&(api.clone(), kind.clone())) {
            for d in diagnostics.iter_mut().filter(|d| unmapped(d)) {
                d.severity = CoreSeverity::Warning;
                d.message = format!(
                    "{}: its CustomResourceDefinition is in this text, but kubectl maps every document before it writes: this one fails on the first apply and is created when you apply again",
                    d.message
                );
            }
        }
    }
    dsp_core::sort::sort_by_key(&mut diagnostics, |d| (d.line, d.column));
    diagnostics
}

/// The notice for a template change; nothing for the other outcomes.
fn notice(preview: &ApplyPreview) -> Option<String> {
    let ApplyPreview::TemplateChange {
        name,
        strategy,
        pods,
    } = preview
    else {
        return None;
    };
    Some(match strategy {
        UpdateStrategy::OnDelete => format!(
            "Applying changes the pod template of ds/{name}. Its strategy is OnDelete: the {pods} running pod(s) keep the old template until you delete them."
        ),
        UpdateStrategy::RollingUpdate { .. } => format!(
            "Applying changes the pod template of ds/{name}: this will start a rolling update of its {pods} pod(s)."
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEGACY: &str = "apiVersion: extensions/v1beta1
kind: DaemonSet
metadata:
  name: frontend
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: webserver
          image: nginx
";

    #[test]
    fn legacy_yaml_is_offered_for_conversion_and_the_converted_text_is_not() {
        let sim = Simulation::with_article_nodes(1);
        let check_text = |text: &str| check(&sim, text);
        let legacy = check_text(LEGACY);
        assert!(legacy.legacy);
        assert_eq!(legacy.notice, None, "a create starts no rollout");
        let converted = manifest::convert_to_apps_v1(LEGACY).expect("converts");
        assert!(!check_text(&converted).legacy);
        assert!(!check_text(&format!("# extensions/v1beta1 was removed\n{converted}")).legacy);
    }

    #[test]
    fn the_notice_words_the_template_change_for_each_strategy() {
        let mut sim = Simulation::with_article_nodes(2);
        let converted = manifest::convert_to_apps_v1(LEGACY).expect("converts");
        for (text, words) in [
            (LEGACY.to_string(), "Its strategy is OnDelete: the 2 running pod(s) keep the old template until you delete them."),
            (
                converted.replace("type: OnDelete", "type: RollingUpdate"),
                "this will start a rolling update of its 2 pod(s).",
            ),
        ] {
            let input = dsp_kubectl::Input {
                line: "kubectl apply -f -".into(),
                stdin: Some(text.clone()),
            };
            let out = dsp_kubectl::shell::run(&mut sim, &input, &mut dsp_kubectl::NoIo);
            assert_eq!(out.exit_code, 0, "{}", out.text());
            sim.run_until_idle();
            let notice = check(&sim, &text.replace("image: nginx", "image: httpd")).notice;
            let notice = notice.unwrap_or_default();
            assert!(notice.starts_with("Applying changes the pod template of ds/frontend"), "{notice}");
            assert!(notice.ends_with(words), "{notice}");
            assert_eq!(check(&sim, &text).notice, None);
        }
    }

    #[test]
    fn custom_resources_are_checked_against_the_clusters_crds() {
        let crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.org\nspec:\n  group: example.org\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets}\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          spec:\n            type: object\n            properties:\n              size: {type: integer}\n";
        let widget =
            "apiVersion: example.org/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n";
        let mut sim = Simulation::new(1);
        // The CRD in the same text: a warning that the first apply leaves the widget out.
        let both = format!("{crd}---\n{widget}");
        let check = super::check(&sim, &both);
        let warn: Vec<&str> = check
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert!(
            check
                .diagnostics
                .iter()
                .all(|d| d.severity == Severity::Warning),
            "{warn:?}"
        );
        assert!(warn.iter().any(|m| m.contains("apply again")), "{warn:?}");
        // The CRD in the cluster: the widget's schema error at its field.
        let out = dsp_kubectl::shell::run(
            &mut sim,
            &dsp_kubectl::Input {
                line: "kubectl apply -f -".into(),
                stdin: Some(crd.into()),
            },
            &mut dsp_kubectl::NoIo,
        );
        assert_eq!(out.exit_code, 0, "{}", out.stderr());
        let check = super::check(&sim, widget);
        assert_eq!(check.diagnostics.len(), 1);
        assert_eq!(check.diagnostics[0].severity, Severity::Error);
        assert_eq!(
            (check.diagnostics[0].line, check.diagnostics[0].column),
            (6, 3)
        );
        assert!(check.diagnostics[0].message.starts_with(
            "spec.size: Invalid value: \"string\": spec.size in body must be of type integer"
        ));
    }
}
