//! ControllerRevisions and the event log record.

use super::{Labels, PodTemplate};
use crate::time::SimTime;

/// A ControllerRevision owned by a DaemonSet.
#[derive(Debug, Clone, PartialEq)]
pub struct ControllerRevision {
    pub name: String,
    pub namespace: String,
    pub uid: String,
    /// Name of the owning DaemonSet.
    pub owner_ds: String,
    pub revision: i64,
    pub hash: String,
    pub template: PodTemplate,
    /// `{"spec":{"template":{...,"$patch":"replace"}}}`
    pub data: serde_json::Value,
    pub labels: Labels,
    pub annotations: Labels,
    pub created: SimTime,
}

/// Event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

/// One entry of the event log (Kubernetes wording, simulated timestamps).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub uid_seq: u64,
    pub first_seen: SimTime,
    pub last_seen: SimTime,
    pub count: u32,
    pub event_type: EventType,
    pub reason: String,
    pub message: String,
    /// DaemonSet | Pod | Node
    pub object_kind: String,
    pub object_name: String,
    /// daemonset-controller | kubelet | default-scheduler | node-controller
    pub source: String,
}
