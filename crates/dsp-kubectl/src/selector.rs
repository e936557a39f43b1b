//! Label selectors as typed after `kubectl -l` and field selectors after `--field-selector`.
//!
//! The grammar follows apimachinery's `labels.Parse`: comma-separated requirements, each one of
//! `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k` (exists) or `!k` (does not exist).
//! Requirements are ANDed.

use std::collections::BTreeMap;

/// One parsed requirement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Requirement {
    /// `k=v`, `k==v`, `k in (v…)`
    In(String, Vec<String>),
    /// `k!=v`, `k notin (v…)`: also true when the key is absent.
    NotIn(String, Vec<String>),
    /// `k`
    Exists(String),
    /// `!k`
    DoesNotExist(String),
}

/// A parsed `-l` selector; the empty selector matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector {
    pub requirements: Vec<Requirement>,
}

impl Selector {
    /// Parse kubectl's selector text.
    pub fn parse(text: &str) -> Result<Selector, String> {
        let mut requirements = Vec::new();
        for part in split_top_level(text)? {
            let part = part.trim();
            if part.is_empty() {
                if text.trim().is_empty() {
                    continue;
                }
                return Err(format!(
                    "unable to parse requirement: found '', expected: identifier in {text:?}"
                ));
            }
            requirements.push(parse_requirement(part)?);
        }
        Ok(Selector { requirements })
    }

    /// Whether `labels` satisfies every requirement.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.requirements.iter().all(|r| match r {
            Requirement::In(k, vs) => labels.get(k).is_some_and(|v| vs.contains(v)),
            Requirement::NotIn(k, vs) => labels.get(k).is_none_or(|v| !vs.contains(v)),
            Requirement::Exists(k) => labels.contains_key(k),
            Requirement::DoesNotExist(k) => !labels.contains_key(k),
        })
    }
}

/// Split on commas that are not inside `( … )`.
fn split_top_level(text: &str) -> Result<Vec<String>, String> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                current.push(c);
            }
            ')' => {
                depth = depth.checked_sub(1).ok_or_else(|| {
                    format!("unable to parse requirement: unexpected ')' in {text:?}")
                })?;
                current.push(c);
            }
            ',' if depth == 0 => parts.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    if depth != 0 {
        return Err(format!(
            "unable to parse requirement: found '', expected: ')' in {text:?}"
        ));
    }
    parts.push(current);
    Ok(parts)
}

fn parse_requirement(part: &str) -> Result<Requirement, String> {
    if let Some(key) = part.strip_prefix('!') {
        let key = key.trim();
        check_key(key)?;
        return Ok(Requirement::DoesNotExist(key.to_string()));
    }
    if let Some((k, v)) = part.split_once("!=") {
        let (k, v) = (k.trim(), v.trim());
        check_key(k)?;
        check_value(v)?;
        return Ok(Requirement::NotIn(k.to_string(), vec![v.to_string()]));
    }
    if let Some((k, v)) = part.split_once('=') {
        let v = v.strip_prefix('=').unwrap_or(v);
        let (k, v) = (k.trim(), v.trim());
        check_key(k)?;
        check_value(v)?;
        return Ok(Requirement::In(k.to_string(), vec![v.to_string()]));
    }
    if let Some(open) = part.find('(') {
        let head = part[..open].trim();
        let rest = part[open + 1..].trim();
        let inner = rest.strip_suffix(')').ok_or_else(|| {
            format!("unable to parse requirement: expected ')' at the end of {part:?}")
        })?;
        let mut words = head.split_whitespace();
        let key = words.next().unwrap_or("");
        let op = words.next().unwrap_or("");
        if words.next().is_some() {
            return Err(format!(
                "unable to parse requirement: unexpected words in {part:?}"
            ));
        }
        check_key(key)?;
        let values: Vec<String> = inner
            .split(',')
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        for v in &values {
            check_value(v)?;
        }
        return match op {
            "in" => {
                if values.is_empty() {
                    Err("unable to parse requirement: for 'in', 'notin' operators, values set can't be empty".to_string())
                } else {
                    Ok(Requirement::In(key.to_string(), values))
                }
            }
            "notin" => {
                if values.is_empty() {
                    Err("unable to parse requirement: for 'in', 'notin' operators, values set can't be empty".to_string())
                } else {
                    Ok(Requirement::NotIn(key.to_string(), values))
                }
            }
            other => Err(format!(
                "unable to parse requirement: found '{other}', expected: in, notin, =, ==, !="
            )),
        };
    }
    let key = part.trim();
    if key.split_whitespace().count() > 1 {
        return Err(format!(
            "unable to parse requirement: found '{}', expected: in, notin, =, ==, !=",
            key.split_whitespace().nth(1).unwrap_or("")
        ));
    }
    check_key(key)?;
    Ok(Requirement::Exists(key.to_string()))
}

fn check_key(key: &str) -> Result<(), String> {
    crate::labels::validate_key(key)
        .map_err(|e| format!("unable to parse requirement: invalid label key \"{key}\": {e}"))
}

fn check_value(value: &str) -> Result<(), String> {
    crate::labels::validate_value(value).map_err(|e| {
        format!("unable to parse requirement: invalid label value: \"{value}\": at key: {e}")
    })
}

/// A parsed `--field-selector`: `field=value`, `field==value` or `field!=value`, comma-separated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSelector {
    /// (field, value, equal)
    pub terms: Vec<(String, String, bool)>,
}

impl FieldSelector {
    /// Parse `--field-selector` text; `supported` lists the field names the kind allows.
    pub fn parse(text: &str, supported: &[&str]) -> Result<FieldSelector, String> {
        let mut terms = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (field, value, equal) = if let Some((f, v)) = part.split_once("!=") {
                (f, v, false)
            } else if let Some((f, v)) = part.split_once("==") {
                (f, v, true)
            } else if let Some((f, v)) = part.split_once('=') {
                (f, v, true)
            } else {
                return Err(format!(
                    "invalid selector: '{part}'; can't understand '{part}'"
                ));
            };
            let field = field.trim();
            if !supported.contains(&field) {
                return Err(format!("field label not supported: {field}"));
            }
            terms.push((field.to_string(), value.trim().to_string(), equal));
        }
        Ok(FieldSelector { terms })
    }

    /// Whether the object's field values (looked up by `get`) satisfy every term.
    pub fn matches(&self, get: impl Fn(&str) -> String) -> bool {
        self.terms
            .iter()
            .all(|(f, v, equal)| (get(f) == *v) == *equal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn sel(text: &str) -> Selector {
        Selector::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn equality_selectors_match_exact_values() {
        let l = labels(&[("app", "frontend"), ("tier", "web")]);
        assert!(sel("app=frontend").matches(&l));
        assert!(sel("app==frontend,tier=web").matches(&l));
        assert!(!sel("app=backend").matches(&l));
        assert!(sel("app!=backend").matches(&l));
        assert!(sel("missing!=x").matches(&l));
    }

    #[test]
    fn set_based_selectors_match_membership_and_existence() {
        let l = labels(&[("app", "frontend")]);
        assert!(sel("app in (backend, frontend)").matches(&l));
        assert!(!sel("app notin (frontend)").matches(&l));
        assert!(sel("app").matches(&l));
        assert!(!sel("!app").matches(&l));
        assert!(sel("!tier,app in (frontend)").matches(&l));
    }

    #[test]
    fn empty_selector_matches_everything() {
        assert!(sel("").matches(&labels(&[])));
    }

    #[test]
    fn malformed_selectors_are_errors() {
        for bad in [
            "app in frontend",
            "app in ()",
            "a,,b",
            "app in (a",
            "a b c",
            "x=y)",
            "-bad=1",
        ] {
            assert!(Selector::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn field_selector_checks_supported_fields() {
        let fs = FieldSelector::parse("spec.nodeName=n1", &["spec.nodeName"]).unwrap_or_default();
        assert!(fs.matches(|_| "n1".to_string()));
        assert!(!fs.matches(|_| "n2".to_string()));
        let err = FieldSelector::parse("spec.foo=1", &["spec.nodeName"]);
        assert_eq!(err, Err("field label not supported: spec.foo".to_string()));
    }
}
