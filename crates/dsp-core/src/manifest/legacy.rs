//! Old DaemonSet manifests: `extensions/v1beta1` and `apps/v1beta2`, and the shorthand of the
//! seed article (`updateStrategy: RollingUpdate` as a string, `maxUnavailable` directly under
//! `spec`). They are accepted with Kubernetes-style `Warning:` lines that show the apps/v1 form,
//! and `convert_to_apps_v1` rewrites them as a modern manifest.
//!
//! Note: `spec.minReadySeconds`, also in the article, is a real apps/v1 DaemonSetSpec field, so it
//! is left alone and draws no warning.

use serde_json::{Map, Value};

use super::emit::{scalar_string, to_yaml};
use super::{documents, Diagnostic, Severity};

pub(crate) const EXTENSIONS_V1BETA1: &str = "extensions/v1beta1";
pub(crate) const APPS_V1BETA2: &str = "apps/v1beta2";
pub(crate) const APPS_V1: &str = "apps/v1";

/// A warning about one field; `message` has no `Warning: ` prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldWarning {
    pub path: String,
    pub message: String,
}

/// The API server's deprecation warning for a removed DaemonSet version.
pub(crate) fn deprecation_warning(api_version: &str) -> Option<String> {
    matches!(api_version, EXTENSIONS_V1BETA1 | APPS_V1BETA2).then(|| {
        // The API server's own deprecation warning, then the truth about a current cluster:
        // this version is the playground's one exception, kept for the article.
        format!(
            "{api_version} DaemonSet is deprecated in v1.9+, unavailable in v1.16+; use apps/v1 DaemonSet (a v1.33 cluster refuses it: no matches for kind \"DaemonSet\" in version \"{api_version}\"; the playground takes it as apps/v1 only so that the article's manifests run)"
        )
    })
}

/// Rewrites the shorthand in place and reports what it changed. `legacy` also drops
/// `spec.templateGeneration`, a real field of extensions/v1beta1 that apps/v1 no longer has.
pub(crate) fn rewrite_shorthand(doc: &mut Value, legacy: bool) -> Vec<FieldWarning> {
    let mut warnings = Vec::new();
    let Some(spec) = doc.get_mut("spec").and_then(Value::as_object_mut) else {
        return warnings;
    };
    if let Some(Value::String(type_)) = spec.get("updateStrategy") {
        let type_ = type_.clone();
        warnings.push(FieldWarning {
            path: "spec.updateStrategy".to_string(),
            message: format!(
                "spec.updateStrategy: a string is not a valid update strategy; use \"updateStrategy: {{type: {}}}\" instead",
                scalar_string(&type_)
            ),
        });
        let mut strategy = Map::new();
        strategy.insert("type".to_string(), Value::String(type_));
        spec.insert("updateStrategy".to_string(), Value::Object(strategy));
    }
    for field in ["maxUnavailable", "maxSurge"] {
        let Some(value) = spec.remove(field) else {
            continue;
        };
        warnings.push(FieldWarning {
            path: format!("spec.{field}"),
            message: format!(
                "spec.{field}: not a DaemonSet spec field; use \"updateStrategy: {{rollingUpdate: {{{field}: {}}}}}\" instead",
                flow_scalar(&value)
            ),
        });
        let strategy = spec
            .entry("updateStrategy")
            .or_insert_with(|| Value::Object(Map::new()));
        if !strategy.is_object() {
            *strategy = Value::Object(Map::new());
        }
        if let Some(strategy) = strategy.as_object_mut() {
            let rolling = strategy
                .entry("rollingUpdate")
                .or_insert_with(|| Value::Object(Map::new()));
            if !rolling.is_object() {
                *rolling = Value::Object(Map::new());
            }
            if let Some(rolling) = rolling.as_object_mut() {
                rolling.entry(field).or_insert(value);
            }
        }
    }
    if legacy {
        spec.remove("templateGeneration");
    }
    warnings
}

/// Warnings that explain how extensions/v1beta1 defaulting differs from apps/v1. `doc` is the
/// source document (before defaulting).
pub(crate) fn extensions_default_warnings(doc: &Value) -> Vec<FieldWarning> {
    let mut warnings = Vec::new();
    let spec = doc.get("spec");
    let template_labels = spec
        .and_then(|s| s.pointer("/template/metadata/labels"))
        .and_then(Value::as_object);
    if spec.and_then(|s| s.get("selector")).is_none() {
        if let Some(labels) = template_labels {
            warnings.push(FieldWarning {
                path: "spec.selector".to_string(),
                message: format!(
                    "spec.selector: defaulted to the template labels by extensions/v1beta1; apps/v1 requires it: \"selector: {{matchLabels: {}}}\"",
                    flow_map(labels)
                ),
            });
        }
    }
    let has_type = spec
        .and_then(|s| s.get("updateStrategy"))
        .and_then(|u| u.get("type"))
        .is_some();
    if !has_type {
        warnings.push(FieldWarning {
            path: "spec.updateStrategy".to_string(),
            message: "spec.updateStrategy: defaulted to OnDelete by extensions/v1beta1 (apps/v1 defaults to RollingUpdate); use \"updateStrategy: {type: RollingUpdate}\" to roll out template changes".to_string(),
        });
    }
    warnings
}

/// Rewrites every DaemonSet in a (multi-document) manifest as apps/v1: shorthand fixed, explicit
/// selector, explicit `updateStrategy` (`OnDelete` where extensions/v1beta1 defaulted to it, so
/// behaviour is unchanged), object labels where extensions/v1beta1 copied them from the
/// template, `templateGeneration` dropped. The result parses to the same defaulted object. Other documents are re-emitted as they
/// are. Errors (YAML syntax, unknown kinds) come back as diagnostics.
pub fn convert_to_apps_v1(text: &str) -> Result<String, Vec<Diagnostic>> {
    let mut outputs = Vec::new();
    let mut errors = Vec::new();
    for (index, (chunk, parsed)) in documents(text).into_iter().enumerate() {
        if let Some(diag) = chunk.separator_error(index) {
            errors.push(diag);
        }
        let mut doc = match parsed {
            Ok(doc) => doc,
            Err(e) => {
                errors.push(chunk.yaml_error_diagnostic(index, &e));
                continue;
            }
        };
        let api_version = doc
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let kind = doc
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        match (api_version.as_str(), kind.as_str()) {
            (APPS_V1 | APPS_V1BETA2 | EXTENSIONS_V1BETA1, "DaemonSet") => {
                let legacy = api_version != APPS_V1;
                rewrite_shorthand(&mut doc, legacy);
                if api_version == EXTENSIONS_V1BETA1 {
                    make_extensions_defaults_explicit(&mut doc);
                }
                if let Some(obj) = doc.as_object_mut() {
                    obj.insert("apiVersion".to_string(), Value::String(APPS_V1.to_string()));
                }
                outputs.push(to_yaml(&doc));
            }
            ("v1", "Node") => outputs.push(to_yaml(&doc)),
            _ => errors.push(Diagnostic {
                severity: Severity::Error,
                line: chunk.first_line,
                column: 1,
                path: Some("kind".to_string()),
                message: super::unrecognized_message(&api_version, &kind),
                document: index,
            }),
        }
    }
    if errors.is_empty() {
        Ok(outputs.join("---\n"))
    } else {
        Err(errors)
    }
}

fn make_extensions_defaults_explicit(doc: &mut Value) {
    let template_labels = doc
        .pointer("/spec/template/metadata/labels")
        .filter(|l| l.is_object())
        .cloned();
    // extensions/v1beta1 also copied the template labels onto an unlabeled DaemonSet.
    if let (Some(labels), Some(obj)) = (&template_labels, doc.as_object_mut()) {
        let metadata = obj
            .entry("metadata")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(metadata) = metadata.as_object_mut() {
            let unlabeled = metadata
                .get("labels")
                .is_none_or(|l| l.as_object().is_none_or(Map::is_empty));
            if unlabeled {
                metadata.insert("labels".to_string(), labels.clone());
            }
        }
    }
    let Some(spec) = doc.get_mut("spec").and_then(Value::as_object_mut) else {
        return;
    };
    if !spec.contains_key("selector") {
        if let Some(labels) = template_labels {
            let mut selector = Map::new();
            selector.insert("matchLabels".to_string(), labels);
            spec.insert("selector".to_string(), Value::Object(selector));
        }
    }
    let strategy = spec
        .entry("updateStrategy")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(strategy) = strategy.as_object_mut() {
        strategy
            .entry("type")
            .or_insert_with(|| Value::String("OnDelete".to_string()));
    }
}

/// A scalar as it would appear inside a YAML flow mapping in a warning.
fn flow_scalar(value: &Value) -> String {
    match value {
        Value::String(s) => scalar_string(s),
        other => other.to_string(),
    }
}

fn flow_map(map: &Map<String, Value>) -> String {
    let entries: Vec<String> = map
        .iter()
        .map(|(k, v)| format!("{}: {}", scalar_string(k), flow_scalar(v)))
        .collect();
    format!("{{{}}}", entries.join(", "))
}
