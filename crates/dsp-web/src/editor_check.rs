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
    EditorCheck {
        diagnostics: checked.diagnostics.iter().map(to_editor).collect(),
        notice: if notices.is_empty() {
            None
        } else {
            Some(notices.join(" "))
        },
        legacy: checked.parsed.is_legacy(),
    }
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
}
