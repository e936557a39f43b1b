//! The simulator's model as Kubernetes API objects (`-o yaml|json|jsonpath`, `edit`, `patch`).
//!
//! Each core type is converted into its API type (`dsp_core::k8s`, generated from k8s-openapi)
//! or written field by field, and serialized to `serde_json::Value`, so field names and shapes
//! are the API's. The DaemonSet starts from the object core stores
//! (`DaemonSet.applied`) with server-set metadata and status laid over it.

use dsp_core::k8s::apps;
use dsp_core::k8s::core;
use dsp_core::k8s::meta::{ObjectMeta, OwnerReference, Time};
use dsp_core::model::{
    ContainerState, ControllerRevision, DaemonSet, Event, Labels, Node, Pod, Taint, Toleration,
    TolerationOperator,
};
use dsp_core::time::SimTime;
use serde_json::Value;
use std::collections::BTreeMap;

/// A simulated instant as an API timestamp.
pub fn time(t: SimTime) -> Option<Time> {
    let secs = t.unix_seconds();
    // Years -9999 to 9999, the range RFC 3339 writes.
    (-377_705_116_800..=253_402_300_799)
        .contains(&secs)
        .then(|| Time::from_unix_seconds(secs))
}

/// `2026-01-01T00:00:05Z`
pub fn rfc3339(t: SimTime) -> String {
    time_value(t)
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn opt_map(m: &Labels) -> Option<BTreeMap<String, String>> {
    (!m.is_empty()).then(|| m.clone())
}

fn to_value<T: serde::Serialize>(obj: &T) -> Value {
    serde_json::to_value(obj).unwrap_or(Value::Null)
}

/// A simulated instant as the JSON string a `Time` serializes to.
fn time_value(t: SimTime) -> Option<Value> {
    time(t).and_then(|t| serde_json::to_value(t).ok())
}

/// A JSON object built field by field, for objects whose typed serializers only kubectl output
/// would need (they would add to the wasm build). `Value` maps keep keys sorted, which is the
/// order the typed model writes fields in, and `opt` leaves `None` out as its `Option` fields
/// do; the tests below hold the two to the same output.
struct Obj(serde_json::Map<String, Value>);

impl Obj {
    fn new() -> Self {
        Obj(serde_json::Map::new())
    }

    fn set(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.0.insert(key.to_string(), value.into());
        self
    }

    fn opt(self, key: &str, value: Option<impl Into<Value>>) -> Self {
        match value {
            Some(v) => self.set(key, v),
            None => self,
        }
    }

    fn done(self) -> Value {
        Value::Object(self.0)
    }
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
    let mut v = to_value(&node_object(n, None));
    set_type(&mut v, "v1", "Node");
    v
}

/// The node as the API holds it; `now` is the kubelet's last heartbeat while it runs (`None`
/// keeps the heartbeat at the Ready condition's transition, for outputs that must not change
/// with every tick).
pub(crate) fn node_object(n: &Node, now: Option<SimTime>) -> core::Node {
    use crate::node_status;
    let quantities = |list: &[(&str, &str)]| {
        list.iter()
            .map(|(k, v)| (k.to_string(), dsp_core::k8s::Quantity(v.to_string())))
            .collect::<BTreeMap<_, _>>()
    };
    let conditions = node_status::conditions(n, now.unwrap_or(n.ready_transition))
        .into_iter()
        .map(|c| core::NodeCondition {
            last_heartbeat_time: time(c.heartbeat),
            last_transition_time: time(c.transition),
            message: Some(c.message.into()),
            reason: Some(c.reason.into()),
            status: c.status.into(),
            type_: c.type_.into(),
        })
        .collect();
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
    core::Node {
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
            allocatable: Some(quantities(node_status::ALLOCATABLE)),
            capacity: Some(quantities(node_status::CAPACITY)),
            conditions: Some(conditions),
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
                machine_id: node_status::machine_id(n),
                system_uuid: node_status::system_uuid(n),
                boot_id: node_status::boot_id(n),
                ..Default::default()
            }),
            ..Default::default()
        }),
    }
}

fn container_state(s: &ContainerState) -> Value {
    let (key, state) = match s {
        ContainerState::Waiting { reason } => {
            ("waiting", Obj::new().set("reason", reason.as_str()))
        }
        ContainerState::Running { started } => {
            ("running", Obj::new().opt("startedAt", time_value(*started)))
        }
        ContainerState::Terminated { reason, exit_code } => (
            "terminated",
            Obj::new()
                .set("exitCode", *exit_code)
                .set("reason", reason.as_str()),
        ),
    };
    Obj::new().set(key, state.done()).done()
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
    let cond = |type_: &str, ok: bool, at: Option<SimTime>| {
        Obj::new()
            .opt("lastTransitionTime", at.and_then(time_value))
            .set("status", if ok { "True" } else { "False" })
            .set("type", type_)
            .done()
    };
    let scheduled = p.node_name.is_some();
    // The kubelet's order (generateAPIPodStatus), the one describe prints.
    let conditions: Vec<Value> = p
        .conditions()
        .into_iter()
        .map(|(type_, ok)| {
            let at = match type_ {
                "Ready" | "ContainersReady" => p.ready_transition.or(Some(p.created)),
                _ => Some(p.created),
            };
            cond(type_, ok, at)
        })
        .collect();
    let statuses: Vec<Value> = p
        .container_statuses
        .iter()
        .map(|cs| {
            Obj::new()
                .set("image", cs.image.as_str())
                .set("imageID", "")
                .set("name", cs.name.as_str())
                .set("ready", cs.ready)
                .set(
                    "restartCount",
                    i32::try_from(cs.restart_count).unwrap_or(i32::MAX),
                )
                .set(
                    "started",
                    matches!(cs.state, ContainerState::Running { .. }),
                )
                .set("state", container_state(&cs.state))
                .done()
        })
        .collect();
    let metadata = ObjectMeta {
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
    };
    let spec = core::PodSpec {
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
    };
    let status = Obj::new()
        .set("conditions", conditions)
        .opt(
            "containerStatuses",
            (!statuses.is_empty()).then_some(statuses),
        )
        .set("phase", p.phase.as_str())
        .opt("podIP", visible_ip(p))
        .opt(
            "podIPs",
            visible_ip(p).map(|ip| vec![Obj::new().set("ip", ip).done()]),
        )
        .set("qosClass", "BestEffort")
        .opt("reason", p.reason.clone())
        .opt(
            "startTime",
            scheduled.then(|| time_value(p.created)).flatten(),
        );
    // Metadata and spec go through the typed model (their `Serialize` impls are in the build for
    // DaemonSets anyway); the status is written out here so the build carries no
    // `Pod`/`PodStatus`/`ContainerStatus` serializers.
    Obj::new()
        .set("apiVersion", "v1")
        .set("kind", "Pod")
        .set("metadata", to_value(&metadata))
        .set("spec", to_value(&spec))
        .set("status", status.done())
        .done()
}

/// A ControllerRevision object.
pub fn revision(r: &ControllerRevision, owner_uid: &str) -> Value {
    let metadata = ObjectMeta {
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
    };
    Obj::new()
        .set("apiVersion", "apps/v1")
        .set("data", r.data.clone())
        .set("kind", "ControllerRevision")
        .set("metadata", to_value(&metadata))
        .set("revision", r.revision)
        .done()
}

/// An Event object (written out field by field: only kubectl output needs `core::Event`).
pub fn event(e: &Event, namespace: &str) -> Value {
    let api_version = if e.object_kind == "DaemonSet" {
        "apps/v1"
    } else {
        "v1"
    };
    let metadata = ObjectMeta {
        name: Some(event_name(e)),
        namespace: Some(namespace.to_string()),
        creation_timestamp: time(e.first_seen),
        ..Default::default()
    };
    let involved_object = Obj::new()
        .set("apiVersion", api_version)
        .set("kind", e.object_kind.as_str())
        .set("name", e.object_name.as_str())
        .opt("namespace", (e.object_kind != "Node").then_some(namespace))
        .done();
    Obj::new()
        .set("apiVersion", "v1")
        .set("count", i32::try_from(e.count).unwrap_or(i32::MAX))
        .opt("firstTimestamp", time_value(e.first_seen))
        .set("involvedObject", involved_object)
        .set("kind", "Event")
        .opt("lastTimestamp", time_value(e.last_seen))
        .set("message", e.message.as_str())
        .set("metadata", to_value(&metadata))
        .set("reason", e.reason.as_str())
        .set("reportingComponent", e.source.as_str())
        .set(
            "source",
            Obj::new().set("component", e.source.as_str()).done(),
        )
        .set("type", e.event_type.as_str())
        .done()
}

/// `<object>.<hex UnixNano>`, the name client-go's recorder gives an event (`makeEvent`:
/// `fmt.Sprintf("%v.%x", ref.Name, t.UnixNano())`), from the moment it was first recorded. The
/// simulation counts milliseconds, so the nanoseconds carry the recording order within one
/// millisecond: names sort as the API lists events, by object, then oldest first.
pub fn event_name(e: &Event) -> String {
    let ms = dsp_core::time::EPOCH_UNIX_SECONDS
        .saturating_mul(1000)
        .saturating_add(e.first_seen.0);
    let nanos = ms
        .saturating_mul(1_000_000)
        .saturating_add(i64::try_from(e.uid_seq % 1_000_000).unwrap_or(0));
    format!("{}.{:x}", e.object_name, nanos.max(0))
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

    use dsp_core::model::{Container, ContainerStatus, EventType, OwnerRef, PodPhase};

    /// The status as the typed `PodStatus` (generated from k8s-openapi) serializes it.
    fn k8s_pod_status(p: &Pod) -> Value {
        let cond = |type_: &str, ok: bool, at: Option<SimTime>| core::PodCondition {
            type_: type_.into(),
            status: if ok { "True" } else { "False" }.into(),
            last_transition_time: at.and_then(time),
            ..Default::default()
        };
        let scheduled = p.node_name.is_some();
        let mut conditions = Vec::new();
        if scheduled {
            let ready_at = p.ready_transition.or(Some(p.created));
            let containers_ready =
                !p.container_statuses.is_empty() && p.container_statuses.iter().all(|c| c.ready);
            conditions.push(cond("PodReadyToStartContainers", true, Some(p.created)));
            conditions.push(cond("Initialized", true, Some(p.created)));
            conditions.push(cond("Ready", p.ready, ready_at));
            conditions.push(cond("ContainersReady", containers_ready, ready_at));
        }
        conditions.push(cond("PodScheduled", scheduled, Some(p.created)));
        let state = |s: &ContainerState| match s {
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
        };
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
                state: Some(state(&cs.state)),
                ..Default::default()
            })
            .collect();
        to_value(&core::PodStatus {
            conditions: Some(conditions),
            container_statuses: (!statuses.is_empty()).then_some(statuses),
            phase: Some(p.phase.as_str().to_string()),
            reason: p.reason.clone(),
            pod_ip: visible_ip(p),
            pod_ips: visible_ip(p).map(|ip| vec![core::PodIP { ip }]),
            qos_class: Some("BestEffort".into()),
            start_time: scheduled.then(|| time(p.created)).flatten(),
            ..Default::default()
        })
    }

    fn fixture_pod(node: Option<&str>, states: Vec<ContainerState>) -> Pod {
        Pod {
            name: "frontend-abcde".into(),
            uid: "uid-1".into(),
            namespace: "default".into(),
            labels: [("app".to_string(), "web".to_string())]
                .into_iter()
                .collect(),
            annotations: Labels::new(),
            owner: Some(OwnerRef {
                kind: "DaemonSet".into(),
                name: "frontend".into(),
                uid: "ds-uid".into(),
                controller: true,
            }),
            node_name: node.map(str::to_string),
            target_node: Some("10.0.10.5".into()),
            created: SimTime(-3_000),
            deletion_timestamp: None,
            deletion_grace_seconds: None,
            phase: if node.is_some() {
                PodPhase::Running
            } else {
                PodPhase::Pending
            },
            reason: None,
            containers: vec![Container {
                name: "web".into(),
                image: "httpd".into(),
                ports: Vec::new(),
                image_pull_policy: "Always".into(),
            }],
            container_statuses: states
                .into_iter()
                .enumerate()
                .map(|(i, state)| ContainerStatus {
                    name: format!("c{i}"),
                    image: "httpd:2.4".into(),
                    ready: matches!(state, ContainerState::Running { .. }),
                    state,
                    restart_count: 3,
                    last_termination: None,
                })
                .collect(),
            ready: true,
            ready_transition: Some(SimTime(7_500)),
            pod_ip: Some("10.244.1.4".into()),
            host_network: false,
            tolerations: Vec::new(),
            node_selector: Labels::new(),
            termination_grace_period_seconds: 30,
        }
    }

    #[test]
    fn pod_status_is_written_as_the_typed_model_serializes_it() {
        let pods = [
            fixture_pod(None, Vec::new()),
            fixture_pod(
                Some("10.0.10.5"),
                vec![
                    ContainerState::Running {
                        started: SimTime(2_000),
                    },
                    ContainerState::Waiting {
                        reason: "CrashLoopBackOff".into(),
                    },
                    ContainerState::Terminated {
                        reason: "Error".into(),
                        exit_code: 1,
                    },
                    ContainerState::Running {
                        started: SimTime(i64::MAX),
                    },
                ],
            ),
        ];
        for p in &pods {
            let v = pod(p);
            assert_eq!(v["status"], k8s_pod_status(p));
            assert_eq!(
                (v["apiVersion"].as_str(), v["kind"].as_str()),
                (Some("v1"), Some("Pod"))
            );
        }
        let mut deleting = pods[1].clone();
        deleting.deletion_timestamp = Some(SimTime(9_000));
        deleting.reason = Some("NodeLost".into());
        deleting.ready = false;
        assert_eq!(pod(&deleting)["status"], k8s_pod_status(&deleting));
        assert_eq!(
            pod(&deleting)["metadata"]["deletionTimestamp"],
            "2026-01-01T00:00:09Z"
        );
    }

    #[test]
    fn event_and_revision_are_written_as_the_typed_model_serializes_them() {
        for (kind, event_type) in [("Pod", EventType::Normal), ("Node", EventType::Warning)] {
            let e = Event {
                uid_seq: 42,
                first_seen: SimTime(1_000),
                last_seen: SimTime(61_000),
                count: 3,
                event_type,
                reason: "Pulled".into(),
                message: "Successfully pulled image".into(),
                object_kind: kind.into(),
                object_name: "frontend-abcde".into(),
                source: "kubelet".into(),
            };
            let mut expected = to_value(&core::Event {
                count: Some(3),
                first_timestamp: time(e.first_seen),
                last_timestamp: time(e.last_seen),
                involved_object: core::ObjectReference {
                    api_version: Some("v1".into()),
                    kind: Some(kind.into()),
                    name: Some(e.object_name.clone()),
                    namespace: (kind != "Node").then(|| "default".to_string()),
                    ..Default::default()
                },
                message: Some(e.message.clone()),
                metadata: ObjectMeta {
                    name: Some(event_name(&e)),
                    namespace: Some("default".into()),
                    creation_timestamp: time(e.first_seen),
                    ..Default::default()
                },
                reason: Some(e.reason.clone()),
                reporting_component: Some("kubelet".into()),
                source: Some(core::EventSource {
                    component: Some("kubelet".into()),
                    host: None,
                }),
                type_: Some(e.event_type.as_str().to_string()),
                ..Default::default()
            });
            set_type(&mut expected, "v1", "Event");
            assert_eq!(event(&e, "default"), expected);
        }
        let r = ControllerRevision {
            name: "frontend-6d4b".into(),
            namespace: "default".into(),
            uid: "rev-uid".into(),
            labels: [("app".to_string(), "web".to_string())]
                .into_iter()
                .collect(),
            annotations: Labels::new(),
            owner_ds: "frontend".into(),
            created: SimTime(0),
            revision: 2,
            data: serde_json::json!({"spec": {"template": {"$patch": "replace"}}}),
            hash: "6d4b".into(),
            template: dsp_core::model::PodTemplate::default(),
        };
        let mut expected = to_value(&apps::ControllerRevision {
            data: Some(r.data.clone()),
            metadata: ObjectMeta {
                name: Some(r.name.clone()),
                namespace: Some(r.namespace.clone()),
                uid: Some(r.uid.clone()),
                labels: opt_map(&r.labels),
                annotations: None,
                creation_timestamp: time(r.created),
                owner_references: Some(vec![OwnerReference {
                    api_version: "apps/v1".into(),
                    block_owner_deletion: Some(true),
                    controller: Some(true),
                    kind: "DaemonSet".into(),
                    name: "frontend".into(),
                    uid: "ds-uid".into(),
                }]),
                ..Default::default()
            },
            revision: 2,
        });
        set_type(&mut expected, "apps/v1", "ControllerRevision");
        assert_eq!(revision(&r, "ds-uid"), expected);
    }

    #[test]
    fn simulated_time_zero_is_new_year_2026() {
        assert_eq!(rfc3339(SimTime(0)), "2026-01-01T00:00:00Z");
        assert_eq!(rfc3339(SimTime(61_500)), "2026-01-01T00:01:01Z");
        assert_eq!(rfc3339(SimTime(-75 * 86_400_000)), "2025-10-18T00:00:00Z");
    }
}
