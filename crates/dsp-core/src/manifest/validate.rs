//! API-server validation of DaemonSets and Nodes, with the server's exact wording.
//!
//! The checks and their order follow `ValidateDaemonSet` / `ValidateDaemonSetSpec` /
//! `ValidateRollingUpdateDaemonSet` in `pkg/apis/apps/validation`, the object-meta and label rules
//! of apimachinery, and the part of pod-template validation a DaemonSet author meets (containers,
//! restartPolicy, dnsPolicy, ports, pull policy, nodeSelector labels). Validation runs on the
//! defaulted object, as on the server.

use crate::DaemonSetSpecOf;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::k8s::apps::{DaemonSet, DaemonSetUpdateStrategy, RollingUpdateDaemonSet};
use crate::k8s::core::{Container, Node, PodSpec};
use crate::k8s::meta::{LabelSelector, ObjectMeta};
use crate::k8s::IntOrString;

use super::gofmt::{go_int_or_string, go_label_selector, go_quote, go_string_map};
use crate::validation::{
    dns1123_label_errors, dns1123_subdomain_errors, label_key_errors, label_value_errors,
    regex_error,
};

/// One validation cause, as the API server reports it in `details.causes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Field path, e.g. `spec.updateStrategy.rollingUpdate.maxSurge`.
    pub field: String,
    pub kind: FieldErrorKind,
    /// The bad value, already rendered as Go prints it (`"OnFailure"`, `1`, `map[string]string{...}`).
    pub value: Option<String>,
    /// Text after the value; for `Unsupported` it is `supported values: "A", "B"`.
    pub detail: String,
}

/// The `field.ErrorType`s this module produces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldErrorKind {
    Required,
    Invalid,
    Forbidden,
    Unsupported { supported: Vec<String> },
    Duplicate,
    TooLong,
}

impl FieldError {
    pub fn required(field: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            kind: FieldErrorKind::Required,
            value: None,
            detail: detail.into(),
        }
    }

    pub fn invalid(field: impl Into<String>, value: String, detail: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            kind: FieldErrorKind::Invalid,
            value: Some(value),
            detail: detail.into(),
        }
    }

    /// `field.TooLong(path, "", max)`: the value is not shown (annotations are too large to).
    pub fn too_long(field: impl Into<String>, max_bytes: usize) -> Self {
        FieldError {
            field: field.into(),
            kind: FieldErrorKind::TooLong,
            value: None,
            detail: format!("may not be more than {max_bytes} bytes"),
        }
    }

    pub fn forbidden(field: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            kind: FieldErrorKind::Forbidden,
            value: None,
            detail: detail.into(),
        }
    }

    pub fn duplicate(field: impl Into<String>, value: String) -> Self {
        FieldError {
            field: field.into(),
            kind: FieldErrorKind::Duplicate,
            value: Some(value),
            detail: String::new(),
        }
    }

    /// `field.NotSupported`: the detail lists the supported values, each Go-quoted.
    pub fn unsupported(field: impl Into<String>, value: String, supported: &[&str]) -> Self {
        let quoted: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
        FieldError {
            field: field.into(),
            kind: FieldErrorKind::Unsupported {
                supported: supported.iter().map(|s| s.to_string()).collect(),
            },
            value: Some(value),
            detail: if quoted.is_empty() {
                String::new()
            } else {
                format!("supported values: {}", quoted.join(", "))
            },
        }
    }

    /// The message without the field, as in `StatusCause.message`: `Invalid value: 1: may not be ...`.
    pub fn body(&self) -> String {
        let value = || self.value.clone().unwrap_or_else(|| "null".to_string());
        let mut s = match &self.kind {
            FieldErrorKind::Required => "Required value".to_string(),
            FieldErrorKind::Forbidden => "Forbidden".to_string(),
            FieldErrorKind::TooLong => "Too long".to_string(),
            FieldErrorKind::Invalid => format!("Invalid value: {}", value()),
            FieldErrorKind::Unsupported { .. } => format!("Unsupported value: {}", value()),
            FieldErrorKind::Duplicate => format!("Duplicate value: {}", value()),
        };
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

/// How kubectl prints an Invalid status: one cause on the same line, several as a
/// `* ` list under a header that keeps its trailing space. No trailing newline; identical causes
/// are shown once (the server aggregates them that way).
pub fn invalid_message(kind: &str, name: &str, errors: &[FieldError]) -> String {
    let header = format!("The {} {} is invalid", kind, go_quote(name));
    let mut seen = BTreeSet::new();
    let causes: Vec<String> = errors
        .iter()
        .map(ToString::to_string)
        .filter(|m| seen.insert(m.clone()))
        .collect();
    match causes.as_slice() {
        [] => header,
        [one] => format!("{header}: {one}"),
        many => {
            let mut out = format!("{header}: ");
            for cause in many {
                out.push_str("\n* ");
                out.push_str(cause);
            }
            out
        }
    }
}

/// Options that depend on the API version a request came through.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ValidateOptions {
    /// `extensions/v1beta1` let updates change the selector; apps/v1 (and apps/v1beta2) do not.
    pub allow_selector_change: bool,
}

/// Validates a (defaulted) DaemonSet for create (`old == None`) or update, as apps/v1 does.
pub fn validate_daemonset(new: &DaemonSet, old: Option<&DaemonSet>) -> Vec<FieldError> {
    validate_daemonset_with(new, old, ValidateOptions::default())
}

/// `validate_daemonset` with version-dependent options (see `ValidateOptions`).
pub fn validate_daemonset_with(
    new: &DaemonSet,
    old: Option<&DaemonSet>,
    options: ValidateOptions,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta(&new.metadata, true, &mut errs);
    validate_daemonset_spec(new, &mut errs);
    if let Some(old) = old {
        if !options.allow_selector_change
            && !selectors_equal(&new.ds_spec().selector, &old.ds_spec().selector)
        {
            errs.push(FieldError::invalid(
                "spec.selector",
                go_label_selector(&new.ds_spec().selector),
                "field is immutable",
            ));
        }
    }
    dedup(errs)
}

/// Minimal Node validation: name, labels, taints (key syntax, effect).
pub fn validate_node(node: &Node) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta(&node.metadata, false, &mut errs);
    let taints = node
        .spec
        .as_ref()
        .and_then(|s| s.taints.as_deref())
        .unwrap_or_default();
    errs.extend(validate_taints(
        taints
            .iter()
            .map(|t| (t.key.as_str(), t.value.as_deref(), t.effect.as_str())),
    ));
    dedup(errs)
}

/// `ValidateObjectMeta` for a stored kind (`Simulation::create_object`): the name by the
/// kind's rule (namespaces: DNS-1123 label; Services: DNS-1035 label; RBAC: path segment;
/// the rest: DNS-1123 subdomain), then labels and annotations.
pub fn validate_object(
    resource: &dsp_schema::Resource,
    value: &serde_json::Value,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let meta = value.get("metadata");
    let text = |k: &str| {
        meta.and_then(|m| m.get(k))
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
    };
    let name = text("name");
    if name.is_empty() {
        errs.push(FieldError::required(
            "metadata.name",
            "name or generateName is required",
        ));
    } else {
        let rule: fn(&str) -> Vec<String> = match (resource.group.as_str(), resource.kind.as_str())
        {
            ("", "Namespace") => crate::validation::dns1123_label_errors,
            ("", "Service") => crate::validation::dns1035_label_errors,
            ("apps", "StatefulSet") => crate::validation::dns1123_label_errors,
            ("rbac.authorization.k8s.io", _) => crate::validation::path_segment_errors,
            _ => dns1123_subdomain_errors,
        };
        for msg in rule(name) {
            errs.push(FieldError::invalid("metadata.name", go_quote(name), msg));
        }
    }
    let namespace = text("namespace");
    if resource.namespaced && !namespace.is_empty() {
        for msg in dns1123_label_errors(namespace) {
            errs.push(FieldError::invalid(
                "metadata.namespace",
                go_quote(namespace),
                msg,
            ));
        }
    }
    let map = |k: &str| -> BTreeMap<String, String> {
        meta.and_then(|m| m.get(k))
            .and_then(serde_json::Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                    .collect()
            })
            .unwrap_or_default()
    };
    validate_labels(&map("labels"), "metadata.labels", &mut errs);
    validate_annotations(&map("annotations"), "metadata.annotations", &mut errs);
    if let ("apps", kind @ ("Deployment" | "ReplicaSet" | "StatefulSet")) =
        (resource.group.as_str(), resource.kind.as_str())
    {
        validate_workload(kind, value, &mut errs);
    }
    dedup(errs)
}

/// An object's `metadata.annotations`, as the API server validates them (keys as qualified
/// names, 256 KiB in all).
pub fn validate_metadata_annotations(annotations: &BTreeMap<String, String>) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_annotations(annotations, "metadata.annotations", &mut errs);
    errs
}

/// An object's `metadata.labels`, as the API server validates them on every write that sets
/// labels (keys with `IsLabelKey`, values with `IsValidLabelValue`).
pub fn validate_metadata_labels(labels: &BTreeMap<String, String>) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_labels(labels, "metadata.labels", &mut errs);
    errs
}

/// A node's `spec.taints`, each as (key, value, effect): key and value follow the label rules,
/// the effect is one of the three.
pub fn validate_taints<'t>(
    taints: impl IntoIterator<Item = (&'t str, Option<&'t str>, &'t str)>,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, (key, value, effect)) in taints.into_iter().enumerate() {
        let path = format!("spec.taints[{i}]");
        validate_label_name(key, &format!("{path}.key"), &mut errs);
        if let Some(value) = value {
            for msg in label_value_errors(value) {
                errs.push(FieldError::invalid(
                    format!("{path}.value"),
                    go_quote(value),
                    msg,
                ));
            }
        }
        match effect {
            "NoSchedule" | "PreferNoSchedule" | "NoExecute" => {}
            "" => errs.push(FieldError::required(format!("{path}.effect"), "")),
            other => errs.push(FieldError::unsupported(
                format!("{path}.effect"),
                go_quote(other),
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            )),
        }
    }
    errs
}

// ---------------------------------------------------------------------------------------------
// DaemonSet spec

fn validate_daemonset_spec(ds: &DaemonSet, errs: &mut Vec<FieldError>) {
    let spec = ds.ds_spec();
    let selector = &spec.selector;
    // The typed model has no nil selector; `decode` keeps an explicit `selector: {}` distinguishable
    // by storing it with an empty matchExpressions list, so "both absent" means "not written".
    let selector_written = selector.match_labels.is_some() || selector.match_expressions.is_some();

    if selector_written {
        validate_label_selector(selector, "spec.selector", errs);
    }
    let template_labels = spec
        .template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.as_ref());
    // A nil selector matches nothing; one that fails to convert is reported above and skipped here.
    let matches = if selector_written {
        selector_convertible(selector).then(|| selector_matches(selector, template_labels))
    } else {
        Some(false)
    };
    if matches == Some(false) {
        errs.push(FieldError::invalid(
            "spec.template.metadata.labels",
            go_string_map(template_labels),
            "`selector` does not match template `labels`",
        ));
    }
    let selector_size = selector.match_labels.as_ref().map_or(0, BTreeMap::len)
        + selector.match_expressions.as_ref().map_or(0, Vec::len);
    if selector_written && selector_size == 0 {
        errs.push(FieldError::invalid(
            "spec.selector",
            go_label_selector(selector),
            "empty selector is invalid for daemonset",
        ));
    }

    validate_pod_template(&spec.template, "DaemonSet", errs);
    nonnegative(
        i64::from(spec.min_ready_seconds.unwrap_or(0)),
        "spec.minReadySeconds",
        errs,
    );
    validate_update_strategy(spec.update_strategy.as_ref(), errs);
    if let Some(limit) = spec.revision_history_limit {
        nonnegative(i64::from(limit), "spec.revisionHistoryLimit", errs);
    }
}

/// `ValidatePodTemplateSpec` (labels and annotations named `spec.template.labels` and
/// `spec.template.annotations`, as Go's field paths do), then what a controller's template
/// needs: `restartPolicy: Always` and no `activeDeadlineSeconds` (`owner` words the error).
fn validate_pod_template(
    template: &crate::k8s::core::PodTemplateSpec,
    owner: &str,
    errs: &mut Vec<FieldError>,
) {
    validate_template_metadata(template, errs);
    let default_spec = PodSpec::default();
    let pod = template.spec.as_ref().unwrap_or(&default_spec);
    validate_pod_spec(pod, "spec.template.spec", errs);
    validate_controller_restart(pod, owner, errs);
}

/// The template's labels and annotations, at the paths Go names them.
fn validate_template_metadata(
    template: &crate::k8s::core::PodTemplateSpec,
    errs: &mut Vec<FieldError>,
) {
    let meta = template.metadata.as_ref();
    if let Some(labels) = meta.and_then(|m| m.labels.as_ref()) {
        validate_labels(labels, "spec.template.labels", errs);
    }
    if let Some(annotations) = meta.and_then(|m| m.annotations.as_ref()) {
        validate_annotations(annotations, "spec.template.annotations", errs);
    }
}

/// What a controller's pods need: `restartPolicy: Always` and no `activeDeadlineSeconds`.
fn validate_controller_restart(pod: &PodSpec, owner: &str, errs: &mut Vec<FieldError>) {
    let restart = pod.restart_policy.as_deref().unwrap_or_default();
    if restart != "Always" {
        errs.push(FieldError::unsupported(
            "spec.template.spec.restartPolicy",
            go_quote(restart),
            &["Always"],
        ));
    }
    if pod.active_deadline_seconds.is_some() {
        errs.push(FieldError::forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            format!("activeDeadlineSeconds in {owner} is not Supported"),
        ));
    }
}

/// A workload's `spec.selector` as ValidateDeploymentSpec, ValidateReplicaSetSpec and
/// ValidateStatefulSetSpec check it: required, valid, not empty ("empty selector is invalid
/// for {owner}"), and, where it converts to a selector, matching the template's labels (a nil
/// selector selects nothing, an empty one everything). Returns the template, read into the
/// typed model, when the selector converts (`unconvertible` is the detail Go gives otherwise).
fn validate_workload_selector(
    spec: &serde_json::Value,
    owner: &str,
    unconvertible: &str,
    errs: &mut Vec<FieldError>,
) -> Option<crate::k8s::core::PodTemplateSpec> {
    let selector: Option<LabelSelector> = spec
        .get("selector")
        .filter(|s| !s.is_null())
        .and_then(|s| serde_json::from_value(s.clone()).ok());
    match &selector {
        None => errs.push(FieldError::required("spec.selector", "")),
        Some(sel) => {
            validate_label_selector(sel, "spec.selector", errs);
            if selector_is_empty(sel) {
                errs.push(FieldError::invalid(
                    "spec.selector",
                    go_label_selector(sel),
                    format!("empty selector is invalid for {owner}"),
                ));
            }
        }
    }
    if let Some(sel) = selector.as_ref().filter(|s| !selector_convertible(s)) {
        errs.push(FieldError::invalid(
            "spec.selector",
            go_label_selector(sel),
            unconvertible,
        ));
        return None;
    }
    let template: crate::k8s::core::PodTemplateSpec = spec
        .get("template")
        .and_then(|t| serde_json::from_value(t.clone()).ok())
        .unwrap_or_default();
    let labels = template.metadata.as_ref().and_then(|m| m.labels.as_ref());
    let everything = selector.as_ref().is_some_and(selector_is_empty);
    let matches = selector
        .as_ref()
        .is_some_and(|s| selector_matches(s, labels));
    if !everything && !matches {
        errs.push(FieldError::invalid(
            "spec.template.metadata.labels",
            go_string_map(labels),
            "`selector` does not match template `labels`",
        ));
    }
    Some(template)
}

/// `ValidateStatefulSetSpec`: the management policy, the update strategy, the claim retention
/// policy, replicas, the selector, then the template's labels and annotations (the pod spec
/// itself is not validated for StatefulSets) with `restartPolicy: Always`.
fn validate_statefulset(spec: &serde_json::Value, errs: &mut Vec<FieldError>) {
    let text = |p: &str| {
        spec.pointer(p)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let int = |p: &str| spec.pointer(p).and_then(serde_json::Value::as_i64);
    match text("/podManagementPolicy").as_str() {
        "" => errs.push(FieldError::required("spec.podManagementPolicy", "")),
        "OrderedReady" | "Parallel" => {}
        other => errs.push(FieldError::invalid(
            "spec.podManagementPolicy",
            go_quote(other),
            "must be 'OrderedReady' or 'Parallel'",
        )),
    }
    let rolling = spec
        .pointer("/updateStrategy/rollingUpdate")
        .filter(|r| r.is_object());
    // A set pointer prints as an address in %#v; a fixed one keeps the output deterministic.
    let pointer = |set: bool, ty: &str| {
        if set {
            format!("(*{ty})(0xc000000000)")
        } else {
            format!("(*{ty})(nil)")
        }
    };
    match text("/updateStrategy/type").as_str() {
        "" => errs.push(FieldError::required("spec.updateStrategy", "")),
        "OnDelete" => {
            if let Some(r) = rolling {
                errs.push(FieldError::invalid(
                    "spec.updateStrategy.rollingUpdate",
                    format!(
                        "apps.RollingUpdateStatefulSetStrategy{{Partition:{}, MaxUnavailable:{}}}",
                        pointer(r.get("partition").is_some(), "int32"),
                        pointer(r.get("maxUnavailable").is_some(), "intstr.IntOrString")
                    ),
                    "only allowed for updateStrategy 'RollingUpdate'",
                ));
            }
        }
        "RollingUpdate" => {
            if let Some(partition) = int("/updateStrategy/rollingUpdate/partition") {
                nonnegative(
                    partition,
                    "spec.updateStrategy.rollingUpdate.partition",
                    errs,
                );
            }
        }
        other => errs.push(FieldError::invalid(
            "spec.updateStrategy",
            format!(
                "apps.StatefulSetUpdateStrategy{{Type:{}, RollingUpdate:{}}}",
                go_quote(other),
                pointer(rolling.is_some(), "apps.RollingUpdateStatefulSetStrategy")
            ),
            "must be 'RollingUpdate' or 'OnDelete'",
        )),
    }
    for when in ["whenDeleted", "whenScaled"] {
        let policy = text(&format!("/persistentVolumeClaimRetentionPolicy/{when}"));
        if !matches!(policy.as_str(), "Retain" | "Delete") {
            errs.push(FieldError::unsupported(
                format!("spec.persistentVolumeClaimRetentionPolicy.{when}"),
                go_quote(&policy),
                &["Retain", "Delete"],
            ));
        }
    }
    nonnegative(int("/replicas").unwrap_or(0), "spec.replicas", errs);
    nonnegative(
        int("/minReadySeconds").unwrap_or(0),
        "spec.minReadySeconds",
        errs,
    );
    if let Some(start) = int("/ordinals/start") {
        nonnegative(start, "spec.ordinals.start", errs);
    }
    // The pod spec itself is not validated for StatefulSets, but the restart rules are, even
    // when the selector does not convert.
    let template = validate_workload_selector(spec, "statefulset", "", errs);
    if let Some(t) = &template {
        validate_template_metadata(t, errs);
    }
    let template_spec = spec
        .get("template")
        .and_then(|t| t.get("spec"))
        .and_then(|t| serde_json::from_value::<PodSpec>(t.clone()).ok())
        .unwrap_or_default();
    validate_controller_restart(&template_spec, "StatefulSet", errs);
}

/// A selector with no labels and no expressions (it selects everything).
fn selector_is_empty(s: &LabelSelector) -> bool {
    s.match_labels.as_ref().is_none_or(BTreeMap::is_empty)
        && s.match_expressions.as_ref().is_none_or(Vec::is_empty)
}

/// `ValidateDeploymentSpec` / `ValidateReplicaSetSpec` (pkg/apis/apps/validation) on the
/// defaulted object (`value` is defaulted here first, as the server validates after
/// defaulting): replicas, the selector (required, valid, not empty, matching the template's
/// labels), the template, and a Deployment's strategy and limits.
fn validate_workload(kind: &str, value: &serde_json::Value, errs: &mut Vec<FieldError>) {
    let mut value = value.clone();
    super::defaults::default_workload(kind, &mut value);
    let spec = value
        .get("spec")
        .cloned()
        .unwrap_or(serde_json::Value::Null);
    if kind == "StatefulSet" {
        return validate_statefulset(&spec, errs);
    }
    let int = |key: &str| spec.get(key).and_then(serde_json::Value::as_i64);
    nonnegative(int("replicas").unwrap_or(0), "spec.replicas", errs);
    if kind == "ReplicaSet" {
        nonnegative(
            int("minReadySeconds").unwrap_or(0),
            "spec.minReadySeconds",
            errs,
        );
    }
    if let Some(template) =
        validate_workload_selector(&spec, "deployment", "invalid label selector", errs)
    {
        validate_pod_template(&template, "ReplicaSet", errs);
    }
    if kind != "Deployment" {
        return;
    }
    let strategy = spec.get("strategy");
    let text = |v: Option<&serde_json::Value>, key: &str| {
        v.and_then(|v| v.get(key))
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let rolling = strategy
        .and_then(|s| s.get("rollingUpdate"))
        .filter(|r| r.is_object());
    match text(strategy, "type").as_str() {
        "Recreate" => {
            if rolling.is_some() {
                errs.push(FieldError::forbidden(
                    "spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                ));
            }
        }
        "RollingUpdate" => {
            let budget = |key: &str| -> IntOrString {
                rolling
                    .and_then(|r| r.get(key))
                    .and_then(|v| serde_json::from_value(v.clone()).ok())
                    .unwrap_or(IntOrString::Int(0))
            };
            let (unavailable, surge) = (budget("maxUnavailable"), budget("maxSurge"));
            let mu_path = "spec.strategy.rollingUpdate.maxUnavailable";
            positive_int_or_percent(&unavailable, mu_path, errs);
            positive_int_or_percent(&surge, "spec.strategy.rollingUpdate.maxSurge", errs);
            if int_or_percent_value(&unavailable) == 0 && int_or_percent_value(&surge) == 0 {
                errs.push(FieldError::invalid(
                    mu_path,
                    go_int_or_string(&unavailable),
                    "may not be 0 when `maxSurge` is 0",
                ));
            }
            not_more_than_100_percent(&unavailable, mu_path, errs);
        }
        other => {
            // The internal strategy struct, printed with %#v (a set pointer as a fixed address).
            let ru = if rolling.is_some() {
                "(*apps.RollingUpdateDeployment)(0xc000000000)"
            } else {
                "(*apps.RollingUpdateDeployment)(nil)"
            };
            errs.push(FieldError::unsupported(
                "spec.strategy",
                format!(
                    "apps.DeploymentStrategy{{Type:{}, RollingUpdate:{ru}}}",
                    go_quote(other)
                ),
                &["Recreate", "RollingUpdate"],
            ));
        }
    }
    let min_ready = int("minReadySeconds").unwrap_or(0);
    nonnegative(min_ready, "spec.minReadySeconds", errs);
    if let Some(limit) = int("revisionHistoryLimit") {
        nonnegative(limit, "spec.revisionHistoryLimit", errs);
    }
    if let Some(deadline) = int("progressDeadlineSeconds") {
        nonnegative(deadline, "spec.progressDeadlineSeconds", errs);
        if deadline <= min_ready {
            errs.push(FieldError::invalid(
                "spec.progressDeadlineSeconds",
                deadline.to_string(),
                "must be greater than minReadySeconds",
            ));
        }
    }
}

fn validate_update_strategy(
    strategy: Option<&DaemonSetUpdateStrategy>,
    errs: &mut Vec<FieldError>,
) {
    let path = "spec.updateStrategy";
    let type_ = strategy
        .and_then(|s| s.type_.as_deref())
        .unwrap_or_default();
    match type_ {
        "OnDelete" => {}
        "RollingUpdate" => match strategy.and_then(|s| s.rolling_update.as_ref()) {
            None => errs.push(FieldError::required(format!("{path}.rollingUpdate"), "")),
            Some(ru) => validate_rolling_update(ru, errs),
        },
        other => {
            // The server passes the whole internal strategy struct, printed with %#v. A non-nil
            // pointer prints as an address; a fixed one keeps output deterministic.
            let ru = if strategy.is_some_and(|s| s.rolling_update.is_some()) {
                "(*apps.RollingUpdateDaemonSet)(0xc000000000)"
            } else {
                "(*apps.RollingUpdateDaemonSet)(nil)"
            };
            errs.push(FieldError::unsupported(
                path,
                format!(
                    "apps.DaemonSetUpdateStrategy{{Type:{}, RollingUpdate:{}}}",
                    go_quote(other),
                    ru
                ),
                &["RollingUpdate", "OnDelete"],
            ));
        }
    }
}

fn validate_rolling_update(ru: &RollingUpdateDaemonSet, errs: &mut Vec<FieldError>) {
    let base = "spec.updateStrategy.rollingUpdate";
    let zero = IntOrString::Int(0);
    let max_unavailable = ru.max_unavailable.as_ref().unwrap_or(&zero);
    let max_surge = ru.max_surge.as_ref().unwrap_or(&zero);
    let mu_path = format!("{base}.maxUnavailable");
    let ms_path = format!("{base}.maxSurge");
    positive_int_or_percent(max_unavailable, &mu_path, errs);
    positive_int_or_percent(max_surge, &ms_path, errs);
    not_more_than_100_percent(max_unavailable, &mu_path, errs);
    not_more_than_100_percent(max_surge, &ms_path, errs);
    let has_unavailable = int_or_percent_value(max_unavailable) != 0;
    let has_surge = int_or_percent_value(max_surge) != 0;
    if has_unavailable && has_surge {
        errs.push(FieldError::invalid(
            ms_path,
            go_int_or_string(max_surge),
            "may not be set when maxUnavailable is non-zero",
        ));
    } else if !has_unavailable && !has_surge {
        errs.push(FieldError::required(
            mu_path,
            "cannot be 0 when maxSurge is 0",
        ));
    }
}

fn positive_int_or_percent(value: &IntOrString, path: &str, errs: &mut Vec<FieldError>) {
    match value {
        IntOrString::String(s) => {
            if !is_percent(s) {
                errs.push(FieldError::invalid(
                    path,
                    go_int_or_string(value),
                    regex_error(
                        "a valid percent string must be a numeric string followed by an ending '%'",
                        "[0-9]+%",
                        &["1%", "93%"],
                    ),
                ));
            }
        }
        IntOrString::Int(i) => nonnegative(i64::from(*i), path, errs),
    }
}

fn not_more_than_100_percent(value: &IntOrString, path: &str, errs: &mut Vec<FieldError>) {
    if let Some(percent) = percent_value(value) {
        if percent > 100 {
            errs.push(FieldError::invalid(
                path,
                go_int_or_string(value),
                "must not be greater than 100%",
            ));
        }
    }
}

fn is_percent(s: &str) -> bool {
    s.strip_suffix('%')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// `getPercentValue`: the number of a valid percent string (Go's Atoi; overflow reads as 0).
fn percent_value(value: &IntOrString) -> Option<i64> {
    match value {
        IntOrString::String(s) if is_percent(s) => {
            Some(s.trim_end_matches('%').parse::<i64>().unwrap_or(0))
        }
        _ => None,
    }
}

/// `getIntOrPercentValue`: percent number, int value, or Atoi of any other string (0 on failure).
fn int_or_percent_value(value: &IntOrString) -> i64 {
    match value {
        IntOrString::Int(i) => i64::from(*i),
        IntOrString::String(s) => {
            percent_value(value).unwrap_or_else(|| s.parse::<i64>().unwrap_or(0))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Pod template

fn validate_pod_spec(pod: &PodSpec, path: &str, errs: &mut Vec<FieldError>) {
    if pod.containers.is_empty() {
        errs.push(FieldError::required(format!("{path}.containers"), ""));
    }
    let mut names = BTreeSet::new();
    validate_containers(
        &pod.containers,
        &format!("{path}.containers"),
        &mut names,
        errs,
    );
    if let Some(init) = &pod.init_containers {
        validate_containers(init, &format!("{path}.initContainers"), &mut names, errs);
    }
    match pod.restart_policy.as_deref().unwrap_or_default() {
        "Always" | "OnFailure" | "Never" => {}
        "" => errs.push(FieldError::required(format!("{path}.restartPolicy"), "")),
        other => errs.push(FieldError::unsupported(
            format!("{path}.restartPolicy"),
            go_quote(other),
            &["Always", "OnFailure", "Never"],
        )),
    }
    match pod.dns_policy.as_deref().unwrap_or_default() {
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None" | "" => {}
        other => errs.push(FieldError::unsupported(
            format!("{path}.dnsPolicy"),
            go_quote(other),
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        )),
    }
    if let Some(selector) = &pod.node_selector {
        validate_labels(selector, &format!("{path}.nodeSelector"), errs);
    }
    if let Some(grace) = pod.termination_grace_period_seconds {
        nonnegative(
            grace,
            &format!("{path}.terminationGracePeriodSeconds"),
            errs,
        );
    }
}

fn validate_containers(
    containers: &[Container],
    path: &str,
    names: &mut BTreeSet<String>,
    errs: &mut Vec<FieldError>,
) {
    for (i, c) in containers.iter().enumerate() {
        let item = format!("{path}[{i}]");
        let name_path = format!("{item}.name");
        if c.name.is_empty() {
            errs.push(FieldError::required(&name_path, ""));
        } else {
            for msg in dns1123_label_errors(&c.name) {
                errs.push(FieldError::invalid(&name_path, go_quote(&c.name), msg));
            }
        }
        if !names.insert(c.name.clone()) {
            errs.push(FieldError::duplicate(&name_path, go_quote(&c.name)));
        }
        if c.image.as_deref().unwrap_or_default().is_empty() {
            errs.push(FieldError::required(format!("{item}.image"), ""));
        }
        for (j, port) in c.ports.as_deref().unwrap_or_default().iter().enumerate() {
            let port_path = format!("{item}.ports[{j}]");
            if !(1..=65535).contains(&port.container_port) {
                errs.push(FieldError::invalid(
                    format!("{port_path}.containerPort"),
                    port.container_port.to_string(),
                    "must be between 1 and 65535, inclusive",
                ));
            }
            if let Some(host_port) = port.host_port {
                if host_port != 0 && !(1..=65535).contains(&host_port) {
                    errs.push(FieldError::invalid(
                        format!("{port_path}.hostPort"),
                        host_port.to_string(),
                        "must be between 1 and 65535, inclusive",
                    ));
                }
            }
            match port.protocol.as_deref().unwrap_or_default() {
                "TCP" | "UDP" | "SCTP" => {}
                "" => errs.push(FieldError::required(format!("{port_path}.protocol"), "")),
                other => errs.push(FieldError::unsupported(
                    format!("{port_path}.protocol"),
                    go_quote(other),
                    &["SCTP", "TCP", "UDP"],
                )),
            }
        }
        match c.image_pull_policy.as_deref().unwrap_or_default() {
            "Always" | "IfNotPresent" | "Never" => {}
            "" => errs.push(FieldError::required(format!("{item}.imagePullPolicy"), "")),
            other => errs.push(FieldError::unsupported(
                format!("{item}.imagePullPolicy"),
                go_quote(other),
                &["Always", "IfNotPresent", "Never"],
            )),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Object meta, labels, selectors

fn validate_object_meta(meta: &ObjectMeta, namespaced: bool, errs: &mut Vec<FieldError>) {
    let name = meta.name.as_deref().unwrap_or_default();
    if name.is_empty() {
        errs.push(FieldError::required(
            "metadata.name",
            "name or generateName is required",
        ));
    } else {
        for msg in dns1123_subdomain_errors(name) {
            errs.push(FieldError::invalid("metadata.name", go_quote(name), msg));
        }
    }
    if namespaced {
        let namespace = meta.namespace.as_deref().unwrap_or_default();
        if namespace.is_empty() {
            errs.push(FieldError::required("metadata.namespace", ""));
        } else {
            for msg in dns1123_label_errors(namespace) {
                errs.push(FieldError::invalid(
                    "metadata.namespace",
                    go_quote(namespace),
                    msg,
                ));
            }
        }
    }
    if let Some(labels) = &meta.labels {
        validate_labels(labels, "metadata.labels", errs);
    }
    if let Some(annotations) = &meta.annotations {
        validate_annotations(annotations, "metadata.annotations", errs);
    }
}

/// apimachinery's `TotalAnnotationSizeLimitB`: keys and values of all annotations together.
pub const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES: usize = 256 * 1024;

/// `ValidateAnnotations`: each key is a qualified name (compared in lower case), and keys plus
/// values are at most 256 KiB in total (`ValidateAnnotationsSize`).
fn validate_annotations(
    annotations: &BTreeMap<String, String>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let mut total = 0usize;
    for (key, value) in annotations {
        for msg in label_key_errors(&key.to_lowercase()) {
            errs.push(FieldError::invalid(path, go_quote(key), msg));
        }
        total = total.saturating_add(key.len()).saturating_add(value.len());
    }
    if total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES {
        errs.push(FieldError::too_long(
            path,
            TOTAL_ANNOTATION_SIZE_LIMIT_BYTES,
        ));
    }
}

fn validate_labels(labels: &BTreeMap<String, String>, path: &str, errs: &mut Vec<FieldError>) {
    for (key, value) in labels {
        validate_label_name(key, path, errs);
        for msg in label_value_errors(value) {
            errs.push(FieldError::invalid(path, go_quote(value), msg));
        }
    }
}

fn validate_label_name(key: &str, path: &str, errs: &mut Vec<FieldError>) {
    for msg in label_key_errors(key) {
        errs.push(FieldError::invalid(path, go_quote(key), msg));
    }
}

fn validate_label_selector(selector: &LabelSelector, path: &str, errs: &mut Vec<FieldError>) {
    if let Some(labels) = &selector.match_labels {
        validate_labels(labels, &format!("{path}.matchLabels"), errs);
    }
    for (i, req) in selector
        .match_expressions
        .as_deref()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let req_path = format!("{path}.matchExpressions[{i}]");
        let values = req.values.as_deref().unwrap_or_default();
        match req.operator.as_str() {
            "In" | "NotIn" => {
                if values.is_empty() {
                    errs.push(FieldError::required(
                        format!("{req_path}.values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    ));
                }
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    errs.push(FieldError::forbidden(
                        format!("{req_path}.values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    ));
                }
            }
            other => errs.push(FieldError::invalid(
                format!("{req_path}.operator"),
                go_quote(other),
                "not a valid selector operator",
            )),
        }
        validate_label_name(&req.key, &format!("{req_path}.key"), errs);
        for (j, value) in values.iter().enumerate() {
            for msg in label_value_errors(value) {
                errs.push(FieldError::invalid(
                    format!("{req_path}.values[{j}]"),
                    go_quote(value),
                    msg,
                ));
            }
        }
    }
}

/// Whether `LabelSelectorAsSelector` would succeed (valid keys, values and operators).
fn selector_convertible(selector: &LabelSelector) -> bool {
    let labels_ok = selector
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| label_key_errors(k).is_empty() && label_value_errors(v).is_empty());
    let exprs_ok = selector.match_expressions.iter().flatten().all(|r| {
        let values = r.values.as_deref().unwrap_or_default();
        let operator_ok = match r.operator.as_str() {
            "In" | "NotIn" => !values.is_empty(),
            "Exists" | "DoesNotExist" => values.is_empty(),
            _ => false,
        };
        operator_ok
            && label_key_errors(&r.key).is_empty()
            && values.iter().all(|v| label_value_errors(v).is_empty())
    });
    labels_ok && exprs_ok
}

/// Label-selector semantics (matchLabels AND every expression).
pub(crate) fn selector_matches(
    selector: &LabelSelector,
    labels: Option<&BTreeMap<String, String>>,
) -> bool {
    let empty = BTreeMap::new();
    let labels = labels.unwrap_or(&empty);
    let labels_ok = selector
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| labels.get(k) == Some(v));
    let exprs_ok = selector.match_expressions.iter().flatten().all(|r| {
        let values = r.values.as_deref().unwrap_or_default();
        let actual = labels.get(&r.key);
        match r.operator.as_str() {
            "In" => actual.is_some_and(|a| values.contains(a)),
            "NotIn" => actual.is_none_or(|a| !values.contains(a)),
            "Exists" => actual.is_some(),
            "DoesNotExist" => actual.is_none(),
            _ => false,
        }
    });
    labels_ok && exprs_ok
}

/// Semantic equality: nil and empty collections are the same (apimachinery `Semantic.DeepEqual`).
fn selectors_equal(a: &LabelSelector, b: &LabelSelector) -> bool {
    let labels = |s: &LabelSelector| s.match_labels.clone().unwrap_or_default();
    let exprs = |s: &LabelSelector| {
        s.match_expressions
            .iter()
            .flatten()
            .map(|r| {
                (
                    r.key.clone(),
                    r.operator.clone(),
                    r.values.clone().unwrap_or_default(),
                )
            })
            .collect::<Vec<_>>()
    };
    labels(a) == labels(b) && exprs(a) == exprs(b)
}

fn nonnegative(value: i64, path: &str, errs: &mut Vec<FieldError>) {
    if value < 0 {
        errs.push(FieldError::invalid(
            path,
            value.to_string(),
            "must be greater than or equal to 0",
        ));
    }
}

fn dedup(errs: Vec<FieldError>) -> Vec<FieldError> {
    let mut seen = BTreeSet::new();
    errs.into_iter()
        .filter(|e| seen.insert(e.to_string()))
        .collect()
}
