//! The simulator's model as Kubernetes API objects (`-o yaml|json|jsonpath`, `edit`, `patch`).
//!
//! Each core type is converted into its k8s-openapi type and serialized to `serde_json::Value`,
//! so field names and shapes are the API's. The DaemonSet starts from the object core stores
//! (`DaemonSet.applied`) with server-set metadata and status laid over it.

use dsp_core::model::{
    ContainerState, ControllerRevision, DaemonSet, Event, Labels, Node, NodeReady, Pod, Taint,
    Toleration, TolerationOperator,
};
use dsp_core::time::SimTime;
use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference, Time};
use k8s_openapi::apimachinery::pkg::runtime::RawExtension;
use serde_json::Value;
use std::collections::BTreeMap;

/// Unix seconds of simulated time zero, 2026-01-01T00:00:00Z: the one place kubectl output
/// turns simulated milliseconds into calendar timestamps.
pub const SIM_EPOCH_UNIX_SECONDS: i64 = 1_767_225_600;

/// A simulated instant as an API timestamp.
pub fn time(t: SimTime) -> Option<Time> {
    let secs = SIM_EPOCH_UNIX_SECONDS.saturating_add(t.0.div_euclid(1000));
    k8s_openapi::jiff::Timestamp::from_second(secs)
        .ok()
        .map(Time)
}

/// `2026-01-01T00:00:05Z`
pub fn rfc3339(t: SimTime) -> String {
    time(t)
        .and_then(|t| serde_json::to_value(t).ok())
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn opt_map(m: &Labels) -> Option<BTreeMap<String, String>> {
    (!m.is_empty()).then(|| m.clone())
}

fn to_value<T: serde::Serialize>(obj: &T) -> Value {
    serde_json::to_value(obj).unwrap_or(Value::Null)
}

/// The DaemonSet as `kubectl get ds x -o json` shows it.
pub fn daemonset(ds: &DaemonSet) -> Value {
    let mut obj: apps::DaemonSet = (*ds.applied).clone();
    let meta = &mut obj.metadata;
    meta.name = Some(ds.name.clone());
    meta.namespace = Some(ds.namespace.clone());
    meta.uid = Some(ds.uid.clone());
    meta.generation = Some(ds.generation);
    meta.creation_timestamp = time(ds.created);
    meta.deletion_timestamp = ds.deletion_timestamp.and_then(time);
    meta.resource_version = None;
    meta.labels = opt_map(&ds.labels);
    let mut annotations = ds.annotations.clone();
    annotations.insert(
        dsp_core::model::TEMPLATE_GENERATION_ANNOTATION.to_string(),
        ds.template_generation.to_string(),
    );
    if let Some(last) = &ds.last_applied {
        annotations.insert(
            dsp_core::model::LAST_APPLIED_ANNOTATION.to_string(),
            last.clone(),
        );
    }
    meta.annotations = Some(annotations);
    let s = &ds.status;
    obj.status = Some(apps::DaemonSetStatus {
        collision_count: s.collision_count,
        conditions: None,
        current_number_scheduled: s.current_number_scheduled,
        desired_number_scheduled: s.desired_number_scheduled,
        number_available: (s.number_available != 0).then_some(s.number_available),
        number_misscheduled: s.number_misscheduled,
        number_ready: s.number_ready,
        number_unavailable: (s.number_unavailable != 0).then_some(s.number_unavailable),
        observed_generation: (s.observed_generation != 0).then_some(s.observed_generation),
        updated_number_scheduled: (s.updated_number_scheduled != 0)
            .then_some(s.updated_number_scheduled),
    });
    let mut v = to_value(&obj);
    set_type(&mut v, "apps/v1", "DaemonSet");
    v
}

/// The DaemonSet with only what a user edits (no status), for `kubectl edit` and patches.
pub fn daemonset_for_edit(ds: &DaemonSet) -> Value {
    let mut v = daemonset(ds);
    if let Value::Object(m) = &mut v {
        m.remove("status");
    }
    v
}

fn set_type(v: &mut Value, api_version: &str, kind: &str) {
    if let Value::Object(m) = v {
        m.insert("apiVersion".into(), Value::String(api_version.into()));
        m.insert("kind".into(), Value::String(kind.into()));
    }
}

fn taint(t: &Taint) -> core::Taint {
    core::Taint {
        effect: t.effect.as_str().to_string(),
        key: t.key.clone(),
        time_added: t.time_added.and_then(time),
        value: t.value.clone(),
    }
}

fn toleration(t: &Toleration) -> core::Toleration {
    core::Toleration {
        effect: t.effect.map(|e| e.as_str().to_string()),
        key: t.key.clone(),
        operator: Some(
            match t.operator {
                TolerationOperator::Exists => "Exists",
                TolerationOperator::Equal => "Equal",
            }
            .to_string(),
        ),
        toleration_seconds: t.toleration_seconds,
        value: t.value.clone(),
    }
}

/// A Node object.
pub fn node(n: &Node) -> Value {
    let ready_status = match n.ready {
        NodeReady::True => "True",
        NodeReady::False => "False",
        NodeReady::Unknown => "Unknown",
    };
    let (reason, message) = match n.ready {
        NodeReady::True => ("KubeletReady", "kubelet is posting ready status"),
        NodeReady::False => ("KubeletNotReady", "container runtime network not ready"),
        NodeReady::Unknown => ("NodeStatusUnknown", "Kubelet stopped posting node status."),
    };
    let mut addresses = Vec::new();
    if !n.internal_ip.is_empty() {
        addresses.push(core::NodeAddress {
            address: n.internal_ip.clone(),
            type_: "InternalIP".into(),
        });
    }
    addresses.push(core::NodeAddress {
        address: n.name.clone(),
        type_: "Hostname".into(),
    });
    let obj = core::Node {
        metadata: ObjectMeta {
            name: Some(n.name.clone()),
            uid: Some(n.uid.clone()),
            labels: opt_map(&n.labels),
            annotations: opt_map(&n.annotations),
            creation_timestamp: time(n.created),
            ..Default::default()
        },
        spec: Some(core::NodeSpec {
            taints: (!n.taints.is_empty()).then(|| n.taints.iter().map(taint).collect()),
            unschedulable: n.unschedulable.then_some(true),
            ..Default::default()
        }),
        status: Some(core::NodeStatus {
            addresses: Some(addresses),
            conditions: Some(vec![core::NodeCondition {
                last_heartbeat_time: time(n.ready_transition),
                last_transition_time: time(n.ready_transition),
                message: Some(message.into()),
                reason: Some(reason.into()),
                status: ready_status.into(),
                type_: "Ready".into(),
            }]),
            node_info: Some(core::NodeSystemInfo {
                architecture: n
                    .labels
                    .get("kubernetes.io/arch")
                    .cloned()
                    .unwrap_or_else(|| "amd64".into()),
                container_runtime_version: n.container_runtime.clone(),
                kernel_version: n.kernel_version.clone(),
                kubelet_version: n.kubelet_version.clone(),
                operating_system: n
                    .labels
                    .get("kubernetes.io/os")
                    .cloned()
                    .unwrap_or_else(|| "linux".into()),
                os_image: n.os_image.clone(),
                ..Default::default()
            }),
            ..Default::default()
        }),
    };
    let mut v = to_value(&obj);
    set_type(&mut v, "v1", "Node");
    v
}

fn container_state(s: &ContainerState) -> core::ContainerState {
    match s {
        ContainerState::Waiting { reason } => core::ContainerState {
            waiting: Some(core::ContainerStateWaiting {
                reason: Some(reason.clone()),
                message: None,
            }),
            ..Default::default()
        },
        ContainerState::Running { started } => core::ContainerState {
            running: Some(core::ContainerStateRunning {
                started_at: time(*started),
            }),
            ..Default::default()
        },
        ContainerState::Terminated { reason, exit_code } => core::ContainerState {
            terminated: Some(core::ContainerStateTerminated {
                exit_code: *exit_code,
                reason: Some(reason.clone()),
                ..Default::default()
            }),
            ..Default::default()
        },
    }
}

/// The pod IP as the API shows it: only once the pod is bound to a node (the sandbox exists).
pub fn visible_ip(p: &Pod) -> Option<String> {
    p.node_name.as_ref().and(p.pod_ip.clone())
}

/// A Pod object.
pub fn pod(p: &Pod) -> Value {
    let owner_references = p.owner.as_ref().map(|o| {
        vec![OwnerReference {
            api_version: "apps/v1".into(),
            block_owner_deletion: Some(true),
            controller: Some(o.controller),
            kind: o.kind.clone(),
            name: o.name.clone(),
            uid: o.uid.clone(),
        }]
    });
    let affinity = p.target_node.as_ref().map(|n| core::Affinity {
        node_affinity: Some(core::NodeAffinity {
            required_during_scheduling_ignored_during_execution: Some(core::NodeSelector {
                node_selector_terms: vec![core::NodeSelectorTerm {
                    match_fields: Some(vec![core::NodeSelectorRequirement {
                        key: "metadata.name".into(),
                        operator: "In".into(),
                        values: Some(vec![n.clone()]),
                    }]),
                    match_expressions: None,
                }],
            }),
            preferred_during_scheduling_ignored_during_execution: None,
        }),
        ..Default::default()
    });
    let containers = p
        .containers
        .iter()
        .map(|c| core::Container {
            name: c.name.clone(),
            image: Some(c.image.clone()),
            image_pull_policy: Some(dsp_core::manifest::pull_policy_for(&c.image).to_string()),
            ports: (!c.ports.is_empty()).then(|| {
                c.ports
                    .iter()
                    .map(|port| core::ContainerPort {
                        container_port: port.container_port,
                        host_port: port.host_port,
                        name: port.name.clone(),
                        protocol: Some(port.protocol.clone()),
                        ..Default::default()
                    })
                    .collect()
            }),
            termination_message_path: Some("/dev/termination-log".into()),
            termination_message_policy: Some("File".into()),
            ..Default::default()
        })
        .collect();
    let cond = |type_: &str, ok: bool, at: Option<SimTime>| core::PodCondition {
        type_: type_.into(),
        status: if ok { "True" } else { "False" }.into(),
        last_transition_time: at.and_then(time),
        ..Default::default()
    };
    let scheduled = p.node_name.is_some();
    let mut conditions = vec![cond("PodScheduled", scheduled, Some(p.created))];
    if scheduled {
        conditions.push(cond("Initialized", true, Some(p.created)));
        conditions.push(cond(
            "ContainersReady",
            p.ready,
            p.ready_transition.or(Some(p.created)),
        ));
        conditions.push(cond(
            "Ready",
            p.ready,
            p.ready_transition.or(Some(p.created)),
        ));
    }
    let statuses: Vec<core::ContainerStatus> = p
        .container_statuses
        .iter()
        .map(|cs| core::ContainerStatus {
            name: cs.name.clone(),
            image: cs.image.clone(),
            image_id: String::new(),
            ready: cs.ready,
            restart_count: i32::try_from(cs.restart_count).unwrap_or(i32::MAX),
            started: Some(matches!(cs.state, ContainerState::Running { .. })),
            state: Some(container_state(&cs.state)),
            ..Default::default()
        })
        .collect();
    let obj = core::Pod {
        metadata: ObjectMeta {
            name: Some(p.name.clone()),
            generate_name: p.owner.as_ref().map(|o| format!("{}-", o.name)),
            namespace: Some(p.namespace.clone()),
            uid: Some(p.uid.clone()),
            labels: opt_map(&p.labels),
            annotations: opt_map(&p.annotations),
            creation_timestamp: time(p.created),
            deletion_timestamp: p.deletion_timestamp.and_then(time),
            deletion_grace_period_seconds: p.deletion_grace_seconds,
            owner_references,
            ..Default::default()
        },
        spec: Some(core::PodSpec {
            affinity,
            containers,
            dns_policy: Some("ClusterFirst".into()),
            enable_service_links: Some(true),
            host_network: p.host_network.then_some(true),
            node_name: p.node_name.clone(),
            node_selector: opt_map(&p.node_selector),
            restart_policy: Some("Always".into()),
            scheduler_name: Some("default-scheduler".into()),
            termination_grace_period_seconds: Some(p.termination_grace_period_seconds),
            tolerations: (!p.tolerations.is_empty())
                .then(|| p.tolerations.iter().map(toleration).collect()),
            ..Default::default()
        }),
        status: Some(core::PodStatus {
            conditions: Some(conditions),
            container_statuses: (!statuses.is_empty()).then_some(statuses),
            phase: Some(p.phase.as_str().to_string()),
            reason: p.reason.clone(),
            pod_ip: visible_ip(p),
            pod_ips: visible_ip(p).map(|ip| vec![core::PodIP { ip }]),
            qos_class: Some("BestEffort".into()),
            start_time: scheduled.then(|| time(p.created)).flatten(),
            ..Default::default()
        }),
    };
    let mut v = to_value(&obj);
    set_type(&mut v, "v1", "Pod");
    v
}

/// A ControllerRevision object.
pub fn revision(r: &ControllerRevision, owner_uid: &str) -> Value {
    let obj = apps::ControllerRevision {
        data: RawExtension(r.data.clone()),
        metadata: ObjectMeta {
            name: Some(r.name.clone()),
            namespace: Some(r.namespace.clone()),
            uid: Some(r.uid.clone()),
            labels: opt_map(&r.labels),
            annotations: opt_map(&r.annotations),
            creation_timestamp: time(r.created),
            owner_references: Some(vec![OwnerReference {
                api_version: "apps/v1".into(),
                block_owner_deletion: Some(true),
                controller: Some(true),
                kind: "DaemonSet".into(),
                name: r.owner_ds.clone(),
                uid: owner_uid.to_string(),
            }]),
            ..Default::default()
        },
        revision: Some(r.revision),
    };
    let mut v = to_value(&obj);
    set_type(&mut v, "apps/v1", "ControllerRevision");
    v
}

/// An Event object.
pub fn event(e: &Event, namespace: &str) -> Value {
    let api_version = if e.object_kind == "DaemonSet" {
        "apps/v1"
    } else {
        "v1"
    };
    let obj = core::Event {
        count: Some(i32::try_from(e.count).unwrap_or(i32::MAX)),
        first_timestamp: time(e.first_seen),
        last_timestamp: time(e.last_seen),
        involved_object: core::ObjectReference {
            api_version: Some(api_version.into()),
            kind: Some(e.object_kind.clone()),
            name: Some(e.object_name.clone()),
            namespace: (e.object_kind != "Node").then(|| namespace.to_string()),
            ..Default::default()
        },
        message: Some(e.message.clone()),
        metadata: ObjectMeta {
            name: Some(event_name(e)),
            namespace: Some(namespace.to_string()),
            creation_timestamp: time(e.first_seen),
            ..Default::default()
        },
        reason: Some(e.reason.clone()),
        reporting_component: Some(e.source.clone()),
        source: Some(core::EventSource {
            component: Some(e.source.clone()),
            host: None,
        }),
        type_: Some(e.event_type.as_str().to_string()),
        ..Default::default()
    };
    let mut v = to_value(&obj);
    set_type(&mut v, "v1", "Event");
    v
}

/// `<object>.<16 hex digits>` like the event recorder's names; derived from the sequence number.
pub fn event_name(e: &Event) -> String {
    let h = e
        .uid_seq
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(0x1800_0000_0000_0000);
    format!("{}.{h:016x}", e.object_name)
}

/// A `kind: List` wrapper, as kubectl prints several objects.
pub fn list(items: Vec<Value>) -> Value {
    serde_json::json!({
        "apiVersion": "v1",
        "items": items,
        "kind": "List",
        "metadata": {"resourceVersion": ""}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simulated_time_zero_is_new_year_2026() {
        assert_eq!(rfc3339(SimTime(0)), "2026-01-01T00:00:00Z");
        assert_eq!(rfc3339(SimTime(61_500)), "2026-01-01T00:01:01Z");
        assert_eq!(rfc3339(SimTime(-75 * 86_400_000)), "2025-10-18T00:00:00Z");
    }
}
