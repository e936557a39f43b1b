//! Nodes, taints and tolerations (the parts of core/v1 the DaemonSet controller reads).

use super::Labels;
use crate::time::SimTime;

/// Effect of a taint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaintEffect {
    NoSchedule,
    PreferNoSchedule,
    NoExecute,
}

impl TaintEffect {
    pub fn as_str(self) -> &'static str {
        match self {
            TaintEffect::NoSchedule => "NoSchedule",
            TaintEffect::PreferNoSchedule => "PreferNoSchedule",
            TaintEffect::NoExecute => "NoExecute",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "NoSchedule" => Some(Self::NoSchedule),
            "PreferNoSchedule" => Some(Self::PreferNoSchedule),
            "NoExecute" => Some(Self::NoExecute),
            _ => None,
        }
    }
}

/// A node taint.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Taint {
    pub key: String,
    pub value: Option<String>,
    pub effect: TaintEffect,
    pub time_added: Option<SimTime>,
}

impl Taint {
    pub fn new(key: &str, value: Option<&str>, effect: TaintEffect) -> Self {
        Taint {
            key: key.to_string(),
            value: value.map(str::to_string),
            effect,
            time_added: None,
        }
    }
}

impl std::fmt::Display for Taint {
    /// `key=value:Effect` or `key:Effect`, as `kubectl describe node` and the taint command print.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.value {
            Some(v) if !v.is_empty() => write!(f, "{}={}:{}", self.key, v, self.effect.as_str()),
            _ => write!(f, "{}:{}", self.key, self.effect.as_str()),
        }
    }
}

/// Toleration operator (`Equal` is the API default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TolerationOperator {
    Exists,
    Equal,
}

/// A pod toleration.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Toleration {
    pub key: Option<String>,
    pub operator: TolerationOperator,
    pub value: Option<String>,
    pub effect: Option<TaintEffect>,
    pub toleration_seconds: Option<i64>,
}

impl Toleration {
    /// An `Exists` toleration for one key and effect (the shape of the default DS tolerations).
    pub fn exists(key: &str, effect: TaintEffect) -> Self {
        Toleration {
            key: Some(key.to_string()),
            operator: TolerationOperator::Exists,
            value: None,
            effect: Some(effect),
            toleration_seconds: None,
        }
    }

    /// `ToleratesTaint` (`k8s.io/api/core/v1/toleration.go`): effect empty or equal; key empty
    /// or equal; Exists, or Equal with equal values (a missing value equals the empty string).
    pub fn tolerates(&self, taint: &Taint) -> bool {
        if let Some(e) = self.effect {
            if e != taint.effect {
                return false;
            }
        }
        let key = self.key.as_deref().unwrap_or("");
        if !key.is_empty() && key != taint.key {
            return false;
        }
        match self.operator {
            TolerationOperator::Exists => true,
            TolerationOperator::Equal => {
                self.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or("")
            }
        }
    }
}

impl std::fmt::Display for Toleration {
    /// kubectl describe style: `node.kubernetes.io/not-ready:NoExecute op=Exists`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let key = self.key.as_deref().unwrap_or("");
        let mut s = key.to_string();
        if let Some(v) = self.value.as_deref().filter(|v| !v.is_empty()) {
            s.push('=');
            s.push_str(v);
        }
        if let Some(e) = self.effect {
            s.push(':');
            s.push_str(e.as_str());
        }
        if self.operator == TolerationOperator::Exists {
            s.push_str(" op=Exists");
        }
        if let Some(secs) = self.toleration_seconds {
            s.push_str(&format!(" for {secs}s"));
        }
        f.write_str(&s)
    }
}

/// Status of the node's Ready condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeReady {
    True,
    False,
    Unknown,
}

/// A cluster node.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub name: String,
    pub uid: String,
    pub labels: Labels,
    pub annotations: Labels,
    pub taints: Vec<Taint>,
    pub unschedulable: bool,
    pub ready: NodeReady,
    pub ready_transition: SimTime,
    pub created: SimTime,
    pub kubelet_version: String,
    pub internal_ip: String,
    pub os_image: String,
    pub kernel_version: String,
    pub container_runtime: String,
    /// The images the node's runtime holds (`status.images`): what an `IfNotPresent` pull
    /// finds already present.
    pub images: std::collections::BTreeSet<String>,
}

impl Node {
    /// A Ready node with the standard `kubernetes.io/{hostname,os,arch}` and
    /// `beta.kubernetes.io/{os,arch}` labels.
    pub fn new(name: &str, created: SimTime) -> Self {
        let mut labels = Labels::new();
        // The kubelet still sets the beta labels next to the GA ones (core/v1
        // well_known_labels.go; the node lifecycle controller's reconcileNodeLabels keeps
        // them equal), and old manifests select on them.
        labels.insert("beta.kubernetes.io/arch".into(), "amd64".into());
        labels.insert("beta.kubernetes.io/os".into(), "linux".into());
        labels.insert("kubernetes.io/arch".into(), "amd64".into());
        labels.insert("kubernetes.io/hostname".into(), name.into());
        labels.insert("kubernetes.io/os".into(), "linux".into());
        Node {
            name: name.to_string(),
            uid: String::new(),
            labels,
            annotations: Labels::new(),
            taints: Vec::new(),
            unschedulable: false,
            ready: NodeReady::True,
            ready_transition: created,
            created,
            kubelet_version: crate::KUBELET_VERSION.to_string(),
            internal_ip: String::new(),
            os_image: "Debian GNU/Linux 12 (bookworm)".into(),
            kernel_version: "6.1.0-18-amd64".into(),
            container_runtime: "containerd://1.7.13".into(),
            images: Default::default(),
        }
    }

    /// `kubectl get nodes` STATUS.
    pub fn kubectl_status(&self) -> String {
        let mut s = match self.ready {
            NodeReady::True => "Ready".to_string(),
            _ => "NotReady".to_string(),
        };
        if self.unschedulable {
            s.push_str(",SchedulingDisabled");
        }
        s
    }

    /// ROLES column: `node-role.kubernetes.io/<role>` and `kubernetes.io/role`, sorted; `<none>`.
    pub fn roles(&self) -> String {
        let mut roles = std::collections::BTreeSet::new();
        for (k, v) in &self.labels {
            if let Some(r) = k.strip_prefix("node-role.kubernetes.io/") {
                if !r.is_empty() {
                    roles.insert(r.to_string());
                }
            } else if k == "kubernetes.io/role" && !v.is_empty() {
                roles.insert(v.clone());
            }
        }
        if roles.is_empty() {
            "<none>".to_string()
        } else {
            roles.into_iter().collect::<Vec<_>>().join(",")
        }
    }
}

/// Input for `Simulation::add_node`.
#[derive(Debug, Clone, Default)]
pub struct NodeSpec {
    pub name: String,
    /// Extra labels on top of the standard hostname/os/arch labels.
    pub labels: Labels,
    pub taints: Vec<Taint>,
    pub unschedulable: bool,
    /// Creation time; `None` = now.
    pub created: Option<SimTime>,
    pub internal_ip: Option<String>,
}

impl NodeSpec {
    pub fn named(name: &str) -> Self {
        NodeSpec {
            name: name.to_string(),
            ..Default::default()
        }
    }
}
