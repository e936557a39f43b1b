//! Labels and label selectors (apimachinery `labels` semantics): `matches` for ownership and
//! `Display` as kubectl prints a selector (`app=frontend,tier in (a,b),!k`).

use std::collections::BTreeMap;
use std::fmt;

/// Label or annotation map; a BTreeMap so iteration order (and thus output) is stable.
pub type Labels = BTreeMap<String, String>;

/// Operator of a label-selector requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SelectorOperator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

impl SelectorOperator {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "In" => Some(Self::In),
            "NotIn" => Some(Self::NotIn),
            "Exists" => Some(Self::Exists),
            "DoesNotExist" => Some(Self::DoesNotExist),
            _ => None,
        }
    }
}

/// One `matchExpressions` entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: SelectorOperator,
    pub values: Vec<String>,
}

impl LabelSelectorRequirement {
    pub fn matches(&self, labels: &Labels) -> bool {
        let v = labels.get(&self.key);
        match self.operator {
            SelectorOperator::In => v.is_some_and(|v| self.values.iter().any(|x| x == v)),
            SelectorOperator::NotIn => v.is_none_or(|v| !self.values.iter().any(|x| x == v)),
            SelectorOperator::Exists => v.is_some(),
            SelectorOperator::DoesNotExist => v.is_none(),
        }
    }
}

/// A metav1.LabelSelector. An empty selector matches everything (as `LabelSelectorAsSelector`
/// does); the DaemonSet controller refuses to act on one (`SelectingAll`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct LabelSelector {
    pub match_labels: Labels,
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

impl LabelSelector {
    pub fn from_labels(labels: Labels) -> Self {
        LabelSelector {
            match_labels: labels,
            match_expressions: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|r| r.matches(labels))
    }
}

impl fmt::Display for LabelSelector {
    /// Requirements sorted by key, values sorted, like `labels.Selector.String()`; empty → `<none>`
    /// is the caller's business (this prints an empty string).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<(String, String)> = Vec::new();
        for (k, v) in &self.match_labels {
            parts.push((k.clone(), format!("{k}={v}")));
        }
        for r in &self.match_expressions {
            let mut vals = r.values.clone();
            crate::sort::sort(&mut vals);
            let text = match r.operator {
                SelectorOperator::In => format!("{} in ({})", r.key, vals.join(",")),
                SelectorOperator::NotIn => format!("{} notin ({})", r.key, vals.join(",")),
                SelectorOperator::Exists => r.key.clone(),
                SelectorOperator::DoesNotExist => format!("!{}", r.key),
            };
            parts.push((r.key.clone(), text));
        }
        crate::sort::sort_by(&mut parts, |a, b| a.0.cmp(&b.0));
        let joined: Vec<String> = parts.into_iter().map(|p| p.1).collect();
        f.write_str(&joined.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn selector_matches_labels_and_expressions() {
        let sel = LabelSelector {
            match_labels: labels(&[("app", "frontend")]),
            match_expressions: vec![LabelSelectorRequirement {
                key: "tier".into(),
                operator: SelectorOperator::NotIn,
                values: vec!["db".into()],
            }],
        };
        assert!(sel.matches(&labels(&[("app", "frontend")])));
        assert!(sel.matches(&labels(&[("app", "frontend"), ("tier", "web")])));
        assert!(!sel.matches(&labels(&[("app", "frontend"), ("tier", "db")])));
        assert!(!sel.matches(&labels(&[("app", "backend")])));
    }

    #[test]
    fn selector_prints_like_kubectl() {
        let sel = LabelSelector {
            match_labels: labels(&[("app", "frontend")]),
            match_expressions: vec![
                LabelSelectorRequirement {
                    key: "tier".into(),
                    operator: SelectorOperator::In,
                    values: vec!["b".into(), "a".into()],
                },
                LabelSelectorRequirement {
                    key: "canary".into(),
                    operator: SelectorOperator::DoesNotExist,
                    values: vec![],
                },
            ],
        };
        assert_eq!(sel.to_string(), "app=frontend,!canary,tier in (a,b)");
    }
}
