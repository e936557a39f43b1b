//! Between the editor and the core: diagnostics for the text, and the notice that tells the
//! learner what applying the text will do to running pods.

use dsp_core::manifest::{self, Diagnostic, Manifest, Severity as CoreSeverity};
use dsp_core::model::UpdateStrategy;
use dsp_core::Simulation;

use crate::editor::{EditorDiagnostic, Severity};

pub struct EditorCheck {
    pub diagnostics: Vec<EditorDiagnostic>,
    pub notice: Option<String>,
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

/// Parses and validates the editor text; says whether applying it changes a running template.
pub fn check(sim: &Simulation, text: &str) -> EditorCheck {
    let diagnostics = manifest::validation_diagnostics(text)
        .iter()
        .map(to_editor)
        .collect();
    let parsed = manifest::parse_manifests(text);
    let mut notices = Vec::new();
    for doc in &parsed.documents {
        let Some(Manifest::DaemonSet(new)) = &doc.object else {
            continue;
        };
        let Some(name) = new.metadata.name.as_deref() else {
            continue;
        };
        let Some(current) = sim.daemonset(name) else {
            continue;
        };
        // What `kubectl apply` would leave: its three-way merge, restricted to the template
        // (a `kubectl rollout restart` annotation the text lacks, for instance, stays).
        let to_value = |t| serde_json::to_value(t).unwrap_or(serde_json::Value::Null);
        let live = to_value(&current.applied.spec.template);
        let last = current
            .last_applied
            .as_deref()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .and_then(|v| v.pointer("/spec/template").cloned())
            .unwrap_or_else(|| serde_json::Value::Object(Default::default()));
        let merged =
            dsp_kubectl::patch::three_way_merge(&last, &to_value(&new.spec.template), &live);
        if merged == live {
            continue;
        }
        let pods = current.status.current_number_scheduled;
        notices.push(match &current.update_strategy {
            UpdateStrategy::OnDelete => format!(
                "Applying changes the pod template of ds/{name}. Its strategy is OnDelete: the {pods} running pod(s) keep the old template until you delete them."
            ),
            UpdateStrategy::RollingUpdate { .. } => format!(
                "Applying changes the pod template of ds/{name}: this will start a rolling update of its {pods} pod(s)."
            ),
        });
    }
    EditorCheck {
        diagnostics,
        notice: if notices.is_empty() {
            None
        } else {
            Some(notices.join(" "))
        },
    }
}
