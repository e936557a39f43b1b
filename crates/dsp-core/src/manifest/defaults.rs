//! Server-side defaulting of DaemonSets: apps/v1, the pod-template defaults of core/v1
//! that the simulator and `-o yaml` rely on, and the older `extensions/v1beta1` rules.

use crate::DaemonSetSpecOf;
use std::collections::BTreeMap;

use crate::k8s::apps::{DaemonSet, DaemonSetUpdateStrategy, RollingUpdateDaemonSet};
use crate::k8s::core::{
    Container, PodSecurityContext, PodSpec, Probe, ResourceRequirements, Volume,
};
use crate::k8s::IntOrString;

/// Namespace given to objects that name none (what kubectl's default context supplies).
pub const DEFAULT_NAMESPACE: &str = "default";

/// Applies apps/v1 defaults in place; fields already set are kept. Idempotent.
///
/// DaemonSet: `updateStrategy` RollingUpdate with `maxUnavailable: 1`, `maxSurge: 0` (only when the
/// type is RollingUpdate), `revisionHistoryLimit: 10`, `metadata.namespace: default`.
/// Pod template: `restartPolicy: Always`, `terminationGracePeriodSeconds: 30`,
/// `dnsPolicy: ClusterFirst`, `schedulerName: default-scheduler`, `securityContext: {}`.
/// Containers: `imagePullPolicy` (Always for `:latest` or no tag, else IfNotPresent),
/// `terminationMessagePath: /dev/termination-log`, `terminationMessagePolicy: File`,
/// `resources: {}`, port `protocol: TCP`, probe timings, env fieldRef `apiVersion: v1`.
/// Volumes: hostPath `type: ""`, configMap/secret `defaultMode: 420`.
pub fn default_daemonset(ds: &mut DaemonSet) {
    if ds
        .metadata
        .namespace
        .as_deref()
        .unwrap_or_default()
        .is_empty()
    {
        ds.metadata.namespace = Some(DEFAULT_NAMESPACE.to_string());
    }
    let spec = ds.ds_spec_mut();
    let strategy = spec
        .update_strategy
        .get_or_insert_with(DaemonSetUpdateStrategy::default);
    let type_ = strategy
        .type_
        .get_or_insert_with(|| "RollingUpdate".to_string());
    if type_ == "RollingUpdate" {
        let ru = strategy
            .rolling_update
            .get_or_insert_with(RollingUpdateDaemonSet::default);
        ru.max_unavailable.get_or_insert(IntOrString::Int(1));
        ru.max_surge.get_or_insert(IntOrString::Int(0));
    }
    spec.revision_history_limit.get_or_insert(10);
    let pod = spec.template.spec.get_or_insert_with(PodSpec::default);
    default_pod_spec(pod);
}

/// The `extensions/v1beta1` defaults, applied before `default_daemonset`: selector and object
/// labels copied from the template labels when absent, and `updateStrategy.type: OnDelete`.
/// `selector_written` says whether the source named a selector at all (the typed model cannot
/// represent a nil selector).
pub(crate) fn default_extensions_v1beta1(ds: &mut DaemonSet, selector_written: bool) {
    let template_labels: Option<BTreeMap<String, String>> = ds
        .ds_spec()
        .template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.clone());
    if let Some(labels) = template_labels {
        if !selector_written {
            ds.ds_spec_mut().selector.match_labels = Some(labels.clone());
        }
        if ds.metadata.labels.as_ref().is_none_or(BTreeMap::is_empty) {
            ds.metadata.labels = Some(labels);
        }
    }
    let strategy = ds
        .ds_spec_mut()
        .update_strategy
        .get_or_insert_with(DaemonSetUpdateStrategy::default);
    if strategy.type_.as_deref().unwrap_or_default().is_empty() {
        strategy.type_ = Some("OnDelete".to_string());
    }
}

/// apps/v1 `SetDefaults_Deployment` (one replica, a RollingUpdate strategy of 25% / 25%,
/// revisionHistoryLimit 10, progressDeadlineSeconds 600), `SetDefaults_ReplicaSet` (one
/// replica) or `SetDefaults_StatefulSet`, then the pod template's core/v1 defaults. `value` is
/// the object, checked against the schema.
pub fn default_workload(kind: &str, value: &mut serde_json::Value) {
    use serde_json::json;
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    default_at(obj, &["spec", "replicas"], json!(1));
    if kind == "StatefulSet" {
        default_statefulset(obj);
    }
    if kind == "Deployment" {
        let strategy = obj
            .get("spec")
            .and_then(|s| s.pointer("/strategy/type"))
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .to_string();
        if strategy.is_empty() {
            default_at(obj, &["spec", "strategy", "type"], json!("RollingUpdate"));
        }
        if strategy.is_empty() || strategy == "RollingUpdate" {
            for budget in ["maxUnavailable", "maxSurge"] {
                default_at(
                    obj,
                    &["spec", "strategy", "rollingUpdate", budget],
                    json!("25%"),
                );
            }
        }
        default_at(obj, &["spec", "revisionHistoryLimit"], json!(10));
        default_at(obj, &["spec", "progressDeadlineSeconds"], json!(600));
    }
    // Go's template is a struct, not a pointer: it is defaulted even when left out (and then
    // refused by validation for its missing containers).
    default_at(obj, &["spec", "template"], json!({}));
    if let Some(template) = obj.get_mut("spec").and_then(|s| s.get_mut("template")) {
        default_pod_template_value(template);
    }
}

/// apps/v1 `SetDefaults_StatefulSet` with v1.33's default feature gates (StatefulSetAutoDeletePVC
/// on, MaxUnavailableStatefulSet off), and core/v1's defaults of each volume claim template.
fn default_statefulset(obj: &mut serde_json::Map<String, serde_json::Value>) {
    use serde_json::json;
    default_at(obj, &["spec", "podManagementPolicy"], json!("OrderedReady"));
    let strategy = |obj: &serde_json::Map<String, serde_json::Value>| {
        obj.get("spec")
            .and_then(|s| s.pointer("/updateStrategy/type"))
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    if strategy(obj).is_empty() {
        default_at(
            obj,
            &["spec", "updateStrategy", "type"],
            json!("RollingUpdate"),
        );
        default_at(obj, &["spec", "updateStrategy", "rollingUpdate"], json!({}));
    }
    let rolling = obj
        .get("spec")
        .and_then(|s| s.pointer("/updateStrategy/rollingUpdate"))
        .is_some_and(serde_json::Value::is_object);
    if strategy(obj) == "RollingUpdate" && rolling {
        default_at(
            obj,
            &["spec", "updateStrategy", "rollingUpdate", "partition"],
            json!(0),
        );
    }
    for when in ["whenDeleted", "whenScaled"] {
        default_at(
            obj,
            &["spec", "persistentVolumeClaimRetentionPolicy", when],
            json!("Retain"),
        );
    }
    default_at(obj, &["spec", "revisionHistoryLimit"], json!(10));
    let claims = obj
        .get_mut("spec")
        .and_then(|s| s.get_mut("volumeClaimTemplates"))
        .and_then(serde_json::Value::as_array_mut);
    for claim in claims.into_iter().flatten() {
        if let Some(claim) = claim.as_object_mut() {
            // The claims are embedded objects: conversion writes their kind, and
            // SetDefaults_PersistentVolumeClaim(Spec) their volume mode and phase.
            default_at(claim, &["apiVersion"], json!("v1"));
            default_at(claim, &["kind"], json!("PersistentVolumeClaim"));
            default_at(claim, &["spec", "volumeMode"], json!("Filesystem"));
            default_at(claim, &["status", "phase"], json!("Pending"));
        }
    }
}

/// Sets `path` to `value` where it is absent or `null`, making the objects on the way.
fn default_at(
    obj: &mut serde_json::Map<String, serde_json::Value>,
    path: &[&str],
    value: serde_json::Value,
) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let parent = object_at(obj, parents);
    if parent.get(*last).is_none_or(serde_json::Value::is_null) {
        parent.insert(last.to_string(), value);
    }
}

/// The object at `path` under `obj`, made (replacing a non-object on the way) where missing.
pub(crate) fn object_at<'m>(
    obj: &'m mut serde_json::Map<String, serde_json::Value>,
    path: &[&str],
) -> &'m mut serde_json::Map<String, serde_json::Value> {
    let mut cur = obj;
    for key in path {
        let next = cur
            .entry(key.to_string())
            .or_insert_with(|| serde_json::Value::Object(Default::default()));
        if !next.is_object() {
            *next = serde_json::Value::Object(Default::default());
        }
        cur = match next {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("made an object above"),
        };
    }
    cur
}

/// core/v1's defaults of a pod template held by a workload the simulator only stores
/// (Deployment, ReplicaSet): what `SetObjectDefaults_Deployment` sets under `spec.template`.
/// A template the typed model cannot read is left as it is.
pub fn default_pod_template_value(template: &mut serde_json::Value) {
    let Ok(mut typed) =
        serde_json::from_value::<crate::k8s::core::PodTemplateSpec>(template.clone())
    else {
        return;
    };
    default_pod_spec(typed.spec.get_or_insert_with(PodSpec::default));
    if let Ok(v) = serde_json::to_value(&typed) {
        *template = v;
    }
}

fn default_pod_spec(pod: &mut PodSpec) {
    pod.restart_policy
        .get_or_insert_with(|| "Always".to_string());
    pod.termination_grace_period_seconds.get_or_insert(30);
    pod.dns_policy
        .get_or_insert_with(|| "ClusterFirst".to_string());
    pod.scheduler_name
        .get_or_insert_with(|| "default-scheduler".to_string());
    pod.security_context
        .get_or_insert_with(PodSecurityContext::default);
    for c in &mut pod.containers {
        default_container(c);
    }
    for c in pod.init_containers.iter_mut().flatten() {
        default_container(c);
    }
    for v in pod.volumes.iter_mut().flatten() {
        default_volume(v);
    }
}

fn default_container(c: &mut Container) {
    if c.image_pull_policy
        .as_deref()
        .unwrap_or_default()
        .is_empty()
    {
        c.image_pull_policy =
            Some(pull_policy_for(c.image.as_deref().unwrap_or_default()).to_string());
    }
    c.termination_message_path
        .get_or_insert_with(|| "/dev/termination-log".to_string());
    c.termination_message_policy
        .get_or_insert_with(|| "File".to_string());
    c.resources
        .get_or_insert_with(ResourceRequirements::default);
    for port in c.ports.iter_mut().flatten() {
        port.protocol.get_or_insert_with(|| "TCP".to_string());
    }
    for probe in [
        &mut c.liveness_probe,
        &mut c.readiness_probe,
        &mut c.startup_probe,
    ]
    .into_iter()
    .flatten()
    {
        default_probe(probe);
    }
    for env in c.env.iter_mut().flatten() {
        if let Some(field_ref) = env.value_from.as_mut().and_then(|v| v.field_ref.as_mut()) {
            field_ref
                .api_version
                .get_or_insert_with(|| "v1".to_string());
        }
    }
}

fn default_probe(p: &mut Probe) {
    p.timeout_seconds.get_or_insert(1);
    p.period_seconds.get_or_insert(10);
    p.success_threshold.get_or_insert(1);
    p.failure_threshold.get_or_insert(3);
    if let Some(http) = p.http_get.as_mut() {
        http.scheme.get_or_insert_with(|| "HTTP".to_string());
    }
}

fn default_volume(v: &mut Volume) {
    if let Some(host_path) = v.host_path.as_mut() {
        host_path.type_.get_or_insert_with(String::new);
    }
    if let Some(cm) = v.config_map.as_mut() {
        cm.default_mode.get_or_insert(0o644);
    }
    if let Some(secret) = v.secret.as_mut() {
        secret.default_mode.get_or_insert(0o644);
    }
}

/// core/v1 `SetDefaults_Container`: `Always` when the reference's tag is `latest` or missing
/// (and there is no digest), otherwise `IfNotPresent`.
pub fn pull_policy_for(image: &str) -> &'static str {
    if image.is_empty() || image.contains('@') {
        return "IfNotPresent";
    }
    // The tag is after the last ':' that follows the last '/' (a ':' before it is a registry port).
    let last_component = image.rsplit('/').next().unwrap_or(image);
    match last_component.rsplit_once(':') {
        None => "Always",
        Some((_, "latest")) => "Always",
        Some(_) => "IfNotPresent",
    }
}
