//! ControllerRevision history: the template hash, the revision data, finding or creating the
//! current revision (re-using and renumbering on rollback) and trimming old revisions while
//! keeping any still used by a live pod.

use crate::k8s::core::PodTemplateSpec;
use crate::model::{ControllerRevision, Labels, REVISION_HASH_LABEL};
use serde_json::Value;

/// FNV-1a 32-bit over the canonical JSON of the template, then the collision count (8 bytes
/// little-endian) if set, rendered as decimal digits mapped through the rand alphabet.
///
/// The template goes through `serde_json::Value` first: the typed model writes fields in
/// sorted order and `Value` maps are sorted too, so the text is the same, and the wasm build
/// keeps only the `Value` instance of the `Serialize` impls (not a second one for the string
/// writer).
pub fn template_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let canonical = serde_json::to_value(template)
        .map(|v| v.to_string())
        .unwrap_or_default();
    let mut h: u32 = 0x811c_9dc5;
    let mut feed = |b: u8| {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    };
    for b in canonical.bytes() {
        feed(b);
    }
    if let Some(c) = collision_count {
        for b in (i64::from(c) as u64).to_le_bytes() {
            feed(b);
        }
    }
    safe_encode(&h.to_string())
}

/// `rand.SafeEncodeString`: each character mapped to the alphabet by its ASCII code mod 27.
pub fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| crate::rng::NAME_ALPHABET[(b as usize) % 27] as char)
        .collect()
}

/// The revision data `{"spec":{"template":{...,"$patch":"replace"}}}`.
pub fn revision_data(template: &PodTemplateSpec) -> Value {
    let mut t = serde_json::to_value(template).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut t {
        map.insert("$patch".to_string(), Value::String("replace".to_string()));
    }
    serde_json::json!({ "spec": { "template": t } })
}

/// The template stored in revision data, without the `$patch` marker.
pub fn template_from_data(data: &Value) -> Option<PodTemplateSpec> {
    let mut t = data.get("spec")?.get("template")?.clone();
    if let Value::Object(map) = &mut t {
        map.remove("$patch");
    }
    serde_json::from_value(t).ok()
}

/// What `constructHistory` decides for a DaemonSet.
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryAction {
    /// The current revision exists with the highest number.
    UpToDate { name: String },
    /// Create `<ds>-<hash>` with this revision number.
    Create { name: String, revision: i64 },
    /// Re-use an existing matching revision, renumbered to max+1 (rollback).
    Renumber { name: String, revision: i64 },
}

/// Finds the revision matching `data` among the DS's revisions. Several matches keep
/// the highest-numbered one (the others are left for cleanup: they cannot be current).
pub fn construct_history(
    ds_name: &str,
    hash: &str,
    data: &Value,
    revisions: &[&ControllerRevision],
) -> HistoryAction {
    let mut current: Option<&ControllerRevision> = None;
    let mut max_old = 0;
    for r in revisions {
        if &r.data == data {
            if current.is_none_or(|c| r.revision >= c.revision) {
                current = Some(r);
            }
        } else {
            max_old = max_old.max(r.revision);
        }
    }
    let next = max_old.saturating_add(1);
    match current {
        None => HistoryAction::Create {
            name: format!("{ds_name}-{hash}"),
            revision: next,
        },
        Some(c) if c.revision < next => HistoryAction::Renumber {
            name: c.name.clone(),
            revision: next,
        },
        Some(c) => HistoryAction::UpToDate {
            name: c.name.clone(),
        },
    }
}

/// Which old revisions to delete: lowest numbers first, skipping revisions whose hash a
/// live pod still carries, until at most `limit` old revisions remain.
pub fn revisions_to_clean(
    current_name: &str,
    revisions: &[&ControllerRevision],
    limit: i32,
    live_hashes: &std::collections::BTreeSet<String>,
) -> Vec<String> {
    let mut old: Vec<&&ControllerRevision> = revisions
        .iter()
        .filter(|r| r.name != current_name)
        .collect();
    let mut to_kill = old.len() as i64 - i64::from(limit.max(0));
    if to_kill <= 0 {
        return Vec::new();
    }
    crate::sort::sort_by_key(&mut old, |r| (r.revision, r.name.clone()));
    let mut out = Vec::new();
    for r in old {
        if to_kill <= 0 {
            break;
        }
        let hash = r
            .labels
            .get(REVISION_HASH_LABEL)
            .map(String::as_str)
            .unwrap_or(&r.name);
        if live_hashes.contains(hash) {
            continue;
        }
        out.push(r.name.clone());
        to_kill -= 1;
    }
    out
}

/// Labels of a new revision: template labels plus the hash label.
pub fn revision_labels(template_labels: &Labels, hash: &str) -> Labels {
    let mut l = template_labels.clone();
    l.insert(REVISION_HASH_LABEL.to_string(), hash.to_string());
    l
}
