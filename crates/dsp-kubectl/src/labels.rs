//! Parsing of `kubectl label` and `kubectl taint` arguments, with kubectl's client-side checks.
//!
//! The checks themselves are apimachinery's (`dsp_core::validation`, the validator the API
//! server's side of the playground uses too); this module only words kubectl's errors around
//! them, joining several causes with `; `.

use dsp_core::validation::{label_key_errors, label_value_errors};

/// A parsed `kubectl label` argument list: keys to set and keys to remove.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelChanges {
    pub set: Vec<(String, String)>,
    pub remove: Vec<String>,
}

/// Whether a `kubectl label` argument is a label spec rather than a resource name.
pub fn is_label_spec(arg: &str) -> bool {
    arg.contains('=') || arg.ends_with('-')
}

/// Parse `k=v` and `k-` arguments (kubectl's `parseLabels`).
pub fn parse_label_specs(specs: &[String]) -> Result<LabelChanges, String> {
    let mut changes = LabelChanges::default();
    for spec in specs {
        if spec.contains('=') {
            let parts: Vec<&str> = spec.split('=').collect();
            if parts.len() != 2 {
                return Err(format!("invalid label spec: {spec}"));
            }
            if let Err(e) = validate_value(parts[1]) {
                return Err(format!("invalid label value: {spec:?}: {e}"));
            }
            changes
                .set
                .push((parts[0].to_string(), parts[1].to_string()));
        } else if let Some(key) = spec.strip_suffix('-') {
            changes.remove.push(key.to_string());
        } else {
            return Err(format!("unknown label spec: {spec}"));
        }
    }
    for key in &changes.remove {
        if changes.set.iter().any(|(k, _)| k == key) {
            return Err("can not both modify and remove a label in the same command".to_string());
        }
    }
    Ok(changes)
}

/// apimachinery `IsQualifiedName` (a label key), as kubectl joins its errors.
pub fn validate_key(key: &str) -> Result<(), String> {
    joined(label_key_errors(key))
}

/// apimachinery `IsValidLabelValue`, as kubectl joins its errors.
pub fn validate_value(value: &str) -> Result<(), String> {
    joined(label_value_errors(value))
}

fn joined(errs: Vec<String>) -> Result<(), String> {
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("; "))
    }
}

/// One `kubectl taint` argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaintSpec {
    pub key: String,
    pub value: Option<String>,
    /// `None` only for removals written `key-` (all effects).
    pub effect: Option<String>,
}

impl std::fmt::Display for TaintSpec {
    /// kubectl's taint text: `key=value:effect`, `key:effect` or `key`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.key)?;
        if let Some(v) = &self.value {
            write!(f, "={v}")?;
        }
        if let Some(e) = &self.effect {
            write!(f, ":{e}")?;
        }
        Ok(())
    }
}

/// Taints to add and taints to remove.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaintChanges {
    pub add: Vec<TaintSpec>,
    pub remove: Vec<TaintSpec>,
}

/// Whether a `kubectl taint` argument is a taint spec rather than a node name.
pub fn is_taint_spec(arg: &str) -> bool {
    arg.contains('=') || arg.contains(':') || arg.ends_with('-')
}

/// Parse taint specs (kubectl's `parseTaints`).
pub fn parse_taint_specs(specs: &[String]) -> Result<TaintChanges, String> {
    let mut changes = TaintChanges::default();
    for spec in specs {
        if let Some(body) = spec.strip_suffix('-') {
            let t = parse_taint(body)?;
            changes.remove.push(TaintSpec { value: None, ..t });
        } else {
            let t = parse_taint(spec)?;
            if t.effect.is_none() {
                return Err(format!("unknown taint spec: {spec}"));
            }
            if changes
                .add
                .iter()
                .any(|o| o.key == t.key && o.effect == t.effect)
            {
                return Err(format!(
                    "duplicated taints with the same key and effect: {t}"
                ));
            }
            changes.add.push(t);
        }
    }
    Ok(changes)
}

fn parse_taint(spec: &str) -> Result<TaintSpec, String> {
    let parts: Vec<&str> = spec.split(':').collect();
    let (key, value, effect) = match parts.as_slice() {
        [key] => (key.to_string(), None, None),
        [kv, effect] => {
            if !matches!(*effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
                return Err(format!(
                    "invalid taint effect: {effect}, unsupported taint effect"
                ));
            }
            let kv: Vec<&str> = kv.split('=').collect();
            match kv.as_slice() {
                [k] => (k.to_string(), None, Some(effect.to_string())),
                [k, v] => {
                    if let Err(e) = validate_value(v) {
                        return Err(format!("invalid taint spec: {spec}, {e}"));
                    }
                    (k.to_string(), Some(v.to_string()), Some(effect.to_string()))
                }
                _ => return Err(format!("invalid taint spec: {spec}")),
            }
        }
        _ => return Err(format!("invalid taint spec: {spec}")),
    };
    if let Err(e) = validate_key(&key) {
        return Err(format!("invalid taint spec: {spec}, {e}"));
    }
    Ok(TaintSpec { key, value, effect })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn label_specs_split_into_sets_and_removals() {
        let c = parse_label_specs(&strings(&["app=frontend-node", "disk-", "empty="]));
        assert_eq!(
            c,
            Ok(LabelChanges {
                set: vec![
                    ("app".into(), "frontend-node".into()),
                    ("empty".into(), String::new())
                ],
                remove: vec!["disk".into()],
            })
        );
    }

    #[test]
    fn label_spec_without_equals_or_dash_is_unknown() {
        assert_eq!(
            parse_label_specs(&strings(&["app"])),
            Err("unknown label spec: app".to_string())
        );
    }

    #[test]
    fn label_value_with_bad_characters_is_rejected_with_apimachinery_text() {
        let err = parse_label_specs(&strings(&["app=bad value"]))
            .err()
            .unwrap_or_default();
        assert!(
            err.starts_with("invalid label value: \"app=bad value\": a valid label must be"),
            "{err}"
        );
    }

    #[test]
    fn modifying_and_removing_the_same_key_is_an_error() {
        assert!(parse_label_specs(&strings(&["a=b", "a-"])).is_err());
    }

    #[test]
    fn label_keys_may_have_a_dns_prefix() {
        assert!(validate_key("kubernetes.io/hostname").is_ok());
        assert!(validate_key("node-role.kubernetes.io/control-plane").is_ok());
        assert!(validate_key("Bad_Prefix/x").is_err());
        assert!(validate_key("-x").is_err());
        assert!(validate_key("a/b/c").is_err());
        assert!(validate_key(&"x".repeat(64)).is_err());
    }

    #[test]
    fn taint_specs_parse_key_value_and_effect() {
        let c = parse_taint_specs(&strings(&[
            "dedicated=infra:NoSchedule",
            "gpu:NoExecute",
            "old-",
            "x:PreferNoSchedule-",
        ]))
        .unwrap_or_default();
        assert_eq!(c.add.len(), 2);
        assert_eq!(c.add[0].to_string(), "dedicated=infra:NoSchedule");
        assert_eq!(c.add[1].to_string(), "gpu:NoExecute");
        assert_eq!(c.remove[0].to_string(), "old");
        assert_eq!(c.remove[1].to_string(), "x:PreferNoSchedule");
    }

    #[test]
    fn taint_without_effect_or_with_bad_effect_is_rejected() {
        assert_eq!(
            parse_taint_specs(&strings(&["dedicated"])),
            Err("unknown taint spec: dedicated".to_string())
        );
        // Without a colon the whole text is the key, which `=` makes invalid (as in kubectl).
        let err = parse_taint_specs(&strings(&["a=b"]))
            .err()
            .unwrap_or_default();
        assert!(
            err.starts_with("invalid taint spec: a=b, name part must consist"),
            "{err}"
        );
        assert_eq!(
            parse_taint_specs(&strings(&["a=b:Sometimes"])),
            Err("invalid taint effect: Sometimes, unsupported taint effect".to_string())
        );
        assert!(parse_taint_specs(&strings(&["a:b:c"])).is_err());
    }
}
