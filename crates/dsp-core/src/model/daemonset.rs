//! The DaemonSet as the simulator sees it: a compact model converted from the defaulted API
//! object (`crate::k8s`, `DaemonSet::from_k8s`), which is kept alongside in `applied`.

use super::{
    Container, ContainerPort, LabelSelector, LabelSelectorRequirement, Labels, SelectorOperator,
    TaintEffect, Toleration, TolerationOperator,
};
use crate::k8s::apps;
use crate::k8s::core;
use crate::k8s::IntOrString;
use crate::time::SimTime;

/// Annotation carrying the template generation on apps/v1 DaemonSets.
pub const TEMPLATE_GENERATION_ANNOTATION: &str = "deprecated.daemonset.template.generation";
/// kubectl apply's annotation.
pub const LAST_APPLIED_ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// An int-or-percent budget (`maxUnavailable`, `maxSurge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntOrPercent {
    Int(i32),
    Percent(i32),
}

impl IntOrPercent {
    /// Resolves against `desired` (desiredNumberScheduled), rounding percentages UP.
    pub fn resolve(self, desired: i32) -> i32 {
        match self {
            IntOrPercent::Int(n) => n.max(0),
            IntOrPercent::Percent(p) => {
                let p = i64::from(p.max(0));
                let d = i64::from(desired.max(0));
                // At most i32::MAX × i32::MAX + 99: fits in i64; the result is clamped (a
                // percentage over 100 is refused by validation, but the budget stays in range).
                ((p * d + 99) / 100).min(i64::from(i32::MAX)) as i32
            }
        }
    }

    /// Parses `3` or `"30%"`.
    pub fn from_k8s(v: &IntOrString) -> Option<Self> {
        match v {
            IntOrString::Int(n) => Some(IntOrPercent::Int(*n)),
            IntOrString::String(s) => {
                if let Some(p) = s.strip_suffix('%') {
                    p.parse().ok().map(IntOrPercent::Percent)
                } else {
                    s.parse().ok().map(IntOrPercent::Int)
                }
            }
        }
    }
}

impl std::fmt::Display for IntOrPercent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrPercent::Int(n) => write!(f, "{n}"),
            IntOrPercent::Percent(p) => write!(f, "{p}%"),
        }
    }
}

/// `spec.updateStrategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UpdateStrategy {
    RollingUpdate {
        max_unavailable: IntOrPercent,
        max_surge: IntOrPercent,
    },
    OnDelete,
}

impl UpdateStrategy {
    /// `spec.updateStrategy.type` as manifests write it.
    pub fn type_name(&self) -> &'static str {
        match self {
            UpdateStrategy::RollingUpdate { .. } => "RollingUpdate",
            UpdateStrategy::OnDelete => "OnDelete",
        }
    }

    /// `AllowsSurge` (Kubernetes' `pkg/controller/daemon/util`): RollingUpdate whose maxSurge
    /// against one node is positive.
    pub fn allows_surge(&self) -> bool {
        match self {
            UpdateStrategy::RollingUpdate { max_surge, .. } => max_surge.resolve(1) > 0,
            UpdateStrategy::OnDelete => false,
        }
    }

    /// (maxSurge, maxUnavailable) resolved against desiredNumberScheduled with the
    /// both-zero fallback to maxUnavailable = 1.
    pub fn budgets(&self, desired: i32) -> (i32, i32) {
        match self {
            UpdateStrategy::RollingUpdate {
                max_unavailable,
                max_surge,
            } => {
                let surge = max_surge.resolve(desired);
                let mut unavailable = max_unavailable.resolve(desired);
                if surge == 0 && unavailable == 0 && desired > 0 {
                    unavailable = 1;
                }
                (surge, unavailable)
            }
            UpdateStrategy::OnDelete => (0, 0),
        }
    }
}

/// Node selector operators for required node affinity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeSelectorOperator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
    Gt,
    Lt,
}

impl NodeSelectorOperator {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "In" => Some(Self::In),
            "NotIn" => Some(Self::NotIn),
            "Exists" => Some(Self::Exists),
            "DoesNotExist" => Some(Self::DoesNotExist),
            "Gt" => Some(Self::Gt),
            "Lt" => Some(Self::Lt),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::In => "In",
            Self::NotIn => "NotIn",
            Self::Exists => "Exists",
            Self::DoesNotExist => "DoesNotExist",
            Self::Gt => "Gt",
            Self::Lt => "Lt",
        }
    }
}

/// One node selector requirement. An operator the API does not know is kept as `None` so the
/// term fails to match, as the controller does for parse errors.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NodeSelectorRequirement {
    pub key: String,
    pub operator: Option<NodeSelectorOperator>,
    pub values: Vec<String>,
}

/// A nodeSelectorTerm: expressions against labels, fields against `metadata.name`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct NodeSelectorTerm {
    pub match_expressions: Vec<NodeSelectorRequirement>,
    pub match_fields: Vec<NodeSelectorRequirement>,
}

/// Required node affinity (`requiredDuringSchedulingIgnoredDuringExecution`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct NodeAffinity {
    pub required_terms: Vec<NodeSelectorTerm>,
}

/// The parts of a pod template the simulator uses.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct PodTemplate {
    pub labels: Labels,
    pub annotations: Labels,
    pub node_selector: Labels,
    pub affinity: Option<NodeAffinity>,
    pub tolerations: Vec<Toleration>,
    pub containers: Vec<Container>,
    pub termination_grace_period_seconds: i64,
    pub host_network: bool,
    pub node_name: Option<String>,
    pub restart_policy: String,
}

/// Where a DaemonSet's rollout stands (`DaemonSet::rollout_status`): the numbers behind
/// `kubectl rollout status`'s lines, which dsp-kubectl words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RolloutStatus {
    /// The strategy is OnDelete: there is no rollout to follow.
    OnDelete,
    /// The controller has not observed the latest spec yet.
    SpecNotObserved,
    /// `updated` of `desired` nodes run a pod of the current template.
    Updating { updated: i32, desired: i32 },
    /// Every node is updated; `available` of `desired` pods are available.
    WaitingForAvailable { available: i32, desired: i32 },
    /// Every desired pod is updated and available.
    Complete,
}

impl RolloutStatus {
    /// Whether `kubectl rollout status` stops watching (successfully).
    pub fn is_complete(self) -> bool {
        self == RolloutStatus::Complete
    }
}

/// DaemonSet status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DaemonSetStatus {
    pub current_number_scheduled: i32,
    pub number_misscheduled: i32,
    pub desired_number_scheduled: i32,
    pub number_ready: i32,
    pub observed_generation: i64,
    pub updated_number_scheduled: i32,
    pub number_available: i32,
    pub number_unavailable: i32,
    pub collision_count: Option<i32>,
}

/// A DaemonSet in the store.
#[derive(Debug, Clone, PartialEq)]
pub struct DaemonSet {
    pub name: String,
    pub uid: String,
    pub namespace: String,
    pub labels: Labels,
    pub annotations: Labels,
    pub created: SimTime,
    pub generation: i64,
    pub template_generation: i64,
    pub selector: LabelSelector,
    pub template: PodTemplate,
    pub update_strategy: UpdateStrategy,
    pub min_ready_seconds: i32,
    pub revision_history_limit: i32,
    pub status: DaemonSetStatus,
    pub deletion_timestamp: Option<SimTime>,
    /// The defaulted object as stored (metadata/status kept in sync by the simulation).
    pub applied: Box<apps::DaemonSet>,
    /// `kubectl.kubernetes.io/last-applied-configuration`, if applied with `apply`.
    pub last_applied: Option<String>,
}

impl DaemonSet {
    /// Maps a (defaulted) k8s object into the compact model. Bookkeeping fields (uid, created,
    /// generation, templateGeneration, status) are left for the simulation to fill.
    pub fn from_k8s(obj: &apps::DaemonSet) -> DaemonSet {
        let meta = &obj.metadata;
        let spec = obj.ds_spec();
        let annotations: Labels = meta.annotations.clone().unwrap_or_default();
        let template_generation = annotations
            .get(TEMPLATE_GENERATION_ANNOTATION)
            .and_then(|v| v.parse().ok())
            .unwrap_or(1);
        let update_strategy = strategy_from_k8s(spec.update_strategy.as_ref());
        DaemonSet {
            name: meta.name.clone().unwrap_or_default(),
            uid: meta.uid.clone().unwrap_or_default(),
            namespace: meta
                .namespace
                .clone()
                .unwrap_or_else(|| "default".to_string()),
            labels: meta.labels.clone().unwrap_or_default(),
            last_applied: annotations.get(LAST_APPLIED_ANNOTATION).cloned(),
            annotations,
            created: SimTime(0),
            generation: meta.generation.unwrap_or(1),
            template_generation,
            selector: selector_from_k8s(&spec.selector),
            template: PodTemplate::from_k8s(&spec.template),
            update_strategy,
            min_ready_seconds: spec.min_ready_seconds.unwrap_or(0),
            revision_history_limit: spec.revision_history_limit.unwrap_or(10),
            status: DaemonSetStatus::default(),
            deletion_timestamp: None,
            applied: Box::new(obj.clone()),
        }
    }

    /// Where the rollout stands, decided as `kubectl rollout status` decides it
    /// (`DaemonSetStatusViewer`): strategy, then observed generation, then updated, then
    /// available pods. dsp-kubectl words it.
    pub fn rollout_status(&self) -> RolloutStatus {
        let s = &self.status;
        if matches!(self.update_strategy, UpdateStrategy::OnDelete) {
            RolloutStatus::OnDelete
        } else if self.generation > s.observed_generation {
            RolloutStatus::SpecNotObserved
        } else if s.updated_number_scheduled < s.desired_number_scheduled {
            RolloutStatus::Updating {
                updated: s.updated_number_scheduled,
                desired: s.desired_number_scheduled,
            }
        } else if s.number_available < s.desired_number_scheduled {
            RolloutStatus::WaitingForAvailable {
                available: s.number_available,
                desired: s.desired_number_scheduled,
            }
        } else {
            RolloutStatus::Complete
        }
    }

    /// Container images joined by `,` (for `-o wide`).
    pub fn images(&self) -> String {
        self.template
            .containers
            .iter()
            .map(|c| c.image.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

fn strategy_from_k8s(s: Option<&apps::DaemonSetUpdateStrategy>) -> UpdateStrategy {
    let Some(s) = s else {
        return UpdateStrategy::RollingUpdate {
            max_unavailable: IntOrPercent::Int(1),
            max_surge: IntOrPercent::Int(0),
        };
    };
    if s.type_.as_deref() == Some("OnDelete") {
        return UpdateStrategy::OnDelete;
    }
    let ru = s.rolling_update.as_ref();
    let max_unavailable = ru
        .and_then(|r| r.max_unavailable.as_ref())
        .and_then(IntOrPercent::from_k8s)
        .unwrap_or(IntOrPercent::Int(1));
    let max_surge = ru
        .and_then(|r| r.max_surge.as_ref())
        .and_then(IntOrPercent::from_k8s)
        .unwrap_or(IntOrPercent::Int(0));
    UpdateStrategy::RollingUpdate {
        max_unavailable,
        max_surge,
    }
}

/// Converts a metav1.LabelSelector. Unknown operators become `In` with no values (which
/// matches nothing), so a malformed selector never selects pods by accident.
pub fn selector_from_k8s(s: &crate::k8s::meta::LabelSelector) -> LabelSelector {
    LabelSelector {
        match_labels: s.match_labels.clone().unwrap_or_default(),
        match_expressions: s
            .match_expressions
            .iter()
            .flatten()
            .map(|r| LabelSelectorRequirement {
                key: r.key.clone(),
                operator: SelectorOperator::parse(&r.operator).unwrap_or(SelectorOperator::In),
                values: r.values.clone().unwrap_or_default(),
            })
            .collect(),
    }
}

fn node_req_from_k8s(r: &core::NodeSelectorRequirement) -> NodeSelectorRequirement {
    NodeSelectorRequirement {
        key: r.key.clone(),
        operator: NodeSelectorOperator::parse(&r.operator),
        values: r.values.clone().unwrap_or_default(),
    }
}

/// Converts a core/v1 toleration (unknown operator/effect strings make it tolerate nothing:
/// a non-matching key is used).
pub fn toleration_from_k8s(t: &core::Toleration) -> Toleration {
    let operator = match t.operator.as_deref() {
        Some("Exists") => TolerationOperator::Exists,
        _ => TolerationOperator::Equal,
    };
    let effect = match t.effect.as_deref() {
        None | Some("") => None,
        Some(e) => TaintEffect::parse(e),
    };
    Toleration {
        key: t.key.clone().filter(|k| !k.is_empty()),
        operator,
        value: t.value.clone(),
        effect,
        toleration_seconds: t.toleration_seconds,
    }
}

impl PodTemplate {
    /// Maps `spec.template`.
    pub fn from_k8s(t: &core::PodTemplateSpec) -> PodTemplate {
        let meta = t.metadata.as_ref();
        let spec = t.spec.as_ref();
        let affinity = spec
            .and_then(|s| s.affinity.as_ref())
            .and_then(|a| a.node_affinity.as_ref())
            .and_then(|na| {
                na.required_during_scheduling_ignored_during_execution
                    .as_ref()
            })
            .map(|ns| NodeAffinity {
                required_terms: ns
                    .node_selector_terms
                    .iter()
                    .map(|term| NodeSelectorTerm {
                        match_expressions: term
                            .match_expressions
                            .iter()
                            .flatten()
                            .map(node_req_from_k8s)
                            .collect(),
                        match_fields: term
                            .match_fields
                            .iter()
                            .flatten()
                            .map(node_req_from_k8s)
                            .collect(),
                    })
                    .collect(),
            });
        PodTemplate {
            labels: meta.and_then(|m| m.labels.clone()).unwrap_or_default(),
            annotations: meta.and_then(|m| m.annotations.clone()).unwrap_or_default(),
            node_selector: spec
                .and_then(|s| s.node_selector.clone())
                .unwrap_or_default(),
            affinity,
            tolerations: spec
                .and_then(|s| s.tolerations.as_ref())
                .map(|ts| ts.iter().map(toleration_from_k8s).collect())
                .unwrap_or_default(),
            containers: spec
                .map(|s| {
                    s.containers
                        .iter()
                        .map(|c| Container {
                            name: c.name.clone(),
                            image: c.image.clone().unwrap_or_default(),
                            image_pull_policy: c
                                .image_pull_policy
                                .clone()
                                .filter(|p| !p.is_empty())
                                .unwrap_or_else(|| {
                                    crate::manifest::pull_policy_for(
                                        c.image.as_deref().unwrap_or_default(),
                                    )
                                    .to_string()
                                }),
                            ports: c
                                .ports
                                .iter()
                                .flatten()
                                .map(|p| ContainerPort {
                                    container_port: p.container_port,
                                    protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                                    host_port: p.host_port,
                                    name: p.name.clone(),
                                })
                                .collect(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            termination_grace_period_seconds: spec
                .and_then(|s| s.termination_grace_period_seconds)
                .unwrap_or(30),
            host_network: spec.and_then(|s| s.host_network).unwrap_or(false),
            node_name: spec
                .and_then(|s| s.node_name.clone())
                .filter(|n| !n.is_empty()),
            restart_policy: spec
                .and_then(|s| s.restart_policy.clone())
                .unwrap_or_else(|| "Always".into()),
        }
    }
}

/// A DaemonSet's `spec`, which the API (v1.33) leaves optional and defaulting always sets.
pub trait DaemonSetSpecOf {
    /// The spec, or an empty one when it is absent (only before defaulting).
    fn ds_spec(&self) -> &apps::DaemonSetSpec;
    /// The spec, created empty when it is absent.
    fn ds_spec_mut(&mut self) -> &mut apps::DaemonSetSpec;
}

impl DaemonSetSpecOf for apps::DaemonSet {
    fn ds_spec(&self) -> &apps::DaemonSetSpec {
        static EMPTY: std::sync::LazyLock<apps::DaemonSetSpec> =
            std::sync::LazyLock::new(apps::DaemonSetSpec::default);
        self.spec.as_ref().unwrap_or(&EMPTY)
    }

    fn ds_spec_mut(&mut self) -> &mut apps::DaemonSetSpec {
        self.spec.get_or_insert_with(Default::default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_budgets_round_up_against_desired() {
        // TestGetUnavailableNumbers cases: 50% of 3 → 2, 10% of 3 → 1, 100% of 2 → 2.
        assert_eq!(IntOrPercent::Percent(50).resolve(3), 2);
        assert_eq!(IntOrPercent::Percent(10).resolve(3), 1);
        assert_eq!(IntOrPercent::Percent(100).resolve(2), 2);
        assert_eq!(IntOrPercent::Percent(10).resolve(5000), 500);
        assert_eq!(IntOrPercent::Percent(1).resolve(101), 2);
        assert_eq!(IntOrPercent::Percent(0).resolve(7), 0);
        assert_eq!(IntOrPercent::Int(3).resolve(1), 3);
        // Extremes stay in range instead of wrapping.
        assert_eq!(IntOrPercent::Percent(i32::MAX).resolve(i32::MAX), i32::MAX);
        assert_eq!(IntOrPercent::Percent(i32::MIN).resolve(i32::MAX), 0);
        assert_eq!(IntOrPercent::Int(i32::MIN).resolve(5), 0);
    }

    #[test]
    fn both_zero_budgets_fall_back_to_one_unavailable() {
        let s = UpdateStrategy::RollingUpdate {
            max_unavailable: IntOrPercent::Percent(0),
            max_surge: IntOrPercent::Int(0),
        };
        assert_eq!(s.budgets(2), (0, 1));
        assert_eq!(s.budgets(0), (0, 0));
        let surge = UpdateStrategy::RollingUpdate {
            max_unavailable: IntOrPercent::Int(0),
            max_surge: IntOrPercent::Percent(100),
        };
        assert_eq!(surge.budgets(2), (2, 0));
        assert!(surge.allows_surge());
    }
}
