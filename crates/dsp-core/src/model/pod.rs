//! Pods and their containers, with the kubectl-visible derived values (STATUS, READY, RESTARTS).

use super::{Labels, Toleration};
use crate::time::{SimDuration, SimTime};

/// Label the DaemonSet controller puts on its pods and revisions.
pub const REVISION_HASH_LABEL: &str = "controller-revision-hash";
/// Label with the DaemonSet template generation a pod was created from.
pub const TEMPLATE_GENERATION_LABEL: &str = "pod-template-generation";

/// Pod phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PodPhase {
    Pending,
    Running,
    Succeeded,
    Failed,
    Unknown,
}

impl PodPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
            PodPhase::Unknown => "Unknown",
        }
    }
}

/// Container state as the kubelet reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerState {
    /// reason: ContainerCreating | ErrImagePull | ImagePullBackOff | CrashLoopBackOff
    Waiting {
        reason: String,
    },
    Running {
        started: SimTime,
    },
    Terminated {
        reason: String,
        exit_code: i32,
    },
}

/// A container port.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContainerPort {
    pub container_port: i32,
    pub protocol: String,
    pub host_port: Option<i32>,
    pub name: Option<String>,
}

/// A container of a pod template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Container {
    pub name: String,
    pub image: String,
    pub ports: Vec<ContainerPort>,
    /// `imagePullPolicy` as defaulted: `Always`, `IfNotPresent` or `Never`.
    pub image_pull_policy: String,
}

/// A container status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerStatus {
    pub name: String,
    pub image: String,
    pub state: ContainerState,
    pub ready: bool,
    pub restart_count: u32,
    pub last_termination: Option<SimTime>,
}

/// A controller owner reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OwnerRef {
    pub kind: String,
    pub name: String,
    pub uid: String,
    pub controller: bool,
}

/// A pod.
#[derive(Debug, Clone, PartialEq)]
pub struct Pod {
    pub name: String,
    pub uid: String,
    pub namespace: String,
    pub labels: Labels,
    pub annotations: Labels,
    pub owner: Option<OwnerRef>,
    /// Set when the scheduler binds the pod (or from the template's nodeName).
    pub node_name: Option<String>,
    /// The node of the `matchFields metadata.name In [node]` affinity the DS sets.
    pub target_node: Option<String>,
    pub created: SimTime,
    pub deletion_timestamp: Option<SimTime>,
    pub deletion_grace_seconds: Option<i64>,
    pub phase: PodPhase,
    pub reason: Option<String>,
    pub containers: Vec<Container>,
    pub container_statuses: Vec<ContainerStatus>,
    pub ready: bool,
    pub ready_transition: Option<SimTime>,
    pub pod_ip: Option<String>,
    pub host_network: bool,
    pub tolerations: Vec<Toleration>,
    pub node_selector: Labels,
    pub termination_grace_period_seconds: i64,
}

impl Pod {
    /// The `controller-revision-hash` label.
    pub fn revision_hash(&self) -> Option<&str> {
        self.labels.get(REVISION_HASH_LABEL).map(String::as_str)
    }

    /// The `pod-template-generation` label as a number.
    pub fn template_generation(&self) -> Option<i64> {
        self.labels
            .get(TEMPLATE_GENERATION_LABEL)
            .and_then(|v| v.parse().ok())
    }

    /// The node this pod is (or will be) on: `nodeName`, else the affinity target.
    pub fn assigned_node(&self) -> Option<&str> {
        self.node_name.as_deref().or(self.target_node.as_deref())
    }

    pub fn is_terminating(&self) -> bool {
        self.deletion_timestamp.is_some()
    }

    /// Ready and ready for at least `min_ready_seconds` (`IsPodAvailable`).
    pub fn is_available(&self, min_ready_seconds: i32, now: SimTime) -> bool {
        if !self.ready {
            return false;
        }
        if min_ready_seconds <= 0 {
            return true;
        }
        match self.ready_transition {
            Some(t) => t + SimDuration::from_secs(i64::from(min_ready_seconds)) <= now,
            None => false,
        }
    }

    /// The pod's conditions in the order the kubelet reports them (v1.33's
    /// `generateAPIPodStatus`: `PodReadyToStartContainers`, `Initialized`, `Ready`,
    /// `ContainersReady`, `PodScheduled`; only `PodScheduled` before the pod is bound), each
    /// with its status. The sandbox is ready once the pod is bound and until it has finished.
    pub fn conditions(&self) -> Vec<(&'static str, bool)> {
        if self.node_name.is_none() {
            return vec![("PodScheduled", false)];
        }
        let sandbox = !matches!(self.phase, PodPhase::Succeeded | PodPhase::Failed);
        // ContainersReady follows the containers; Ready can also be turned False by the node
        // lifecycle controller (MarkPodsNotReady) while the containers stay ready.
        let containers_ready =
            !self.container_statuses.is_empty() && self.container_statuses.iter().all(|c| c.ready);
        vec![
            ("PodReadyToStartContainers", sandbox),
            ("Initialized", true),
            ("Ready", self.ready),
            ("ContainersReady", containers_ready),
            ("PodScheduled", true),
        ]
    }

    /// `kubectl get pods` STATUS.
    pub fn kubectl_status(&self) -> String {
        let mut status = self
            .reason
            .clone()
            .unwrap_or_else(|| self.phase.as_str().to_string());
        let mut saw_running = false;
        let mut reason_from_containers = None;
        for cs in self.container_statuses.iter().rev() {
            match &cs.state {
                ContainerState::Waiting { reason } if !reason.is_empty() => {
                    reason_from_containers = Some(reason.clone());
                }
                ContainerState::Terminated { reason, exit_code } => {
                    reason_from_containers = Some(if !reason.is_empty() {
                        reason.clone()
                    } else {
                        format!("ExitCode:{exit_code}")
                    });
                }
                ContainerState::Running { .. } => saw_running = true,
                _ => {}
            }
        }
        if let Some(r) = reason_from_containers {
            status = r;
        }
        if status == "Completed" && saw_running {
            status = if self.ready { "Running" } else { "NotReady" }.to_string();
        }
        if self.deletion_timestamp.is_some()
            && !matches!(self.phase, PodPhase::Succeeded | PodPhase::Failed)
        {
            status = if self.reason.as_deref() == Some("NodeLost") {
                "Unknown".to_string()
            } else {
                "Terminating".to_string()
            };
        }
        status
    }

    /// READY column: (ready and running containers, containers).
    pub fn ready_count(&self) -> (usize, usize) {
        let ready = self
            .container_statuses
            .iter()
            .filter(|c| c.ready && matches!(c.state, ContainerState::Running { .. }))
            .count();
        (ready, self.containers.len())
    }

    /// Sum of container restart counts.
    pub fn restarts(&self) -> u32 {
        self.container_statuses
            .iter()
            .map(|c| c.restart_count)
            .sum()
    }

    /// Latest container termination time, for `RESTARTS` as `1 (5m2s ago)`.
    pub fn last_restart(&self) -> Option<SimTime> {
        self.container_statuses
            .iter()
            .filter_map(|c| c.last_termination)
            .max()
    }
}
