//! The three `kubectl patch --type` forms over `serde_json::Value`.
//!
//! - `merge`: RFC 7386 JSON merge patch (objects merge, `null` deletes, lists replace);
//! - `strategic`: like merge, but lists Kubernetes declares with a patch merge key (containers by
//!   `name`, ports by `containerPort`, …) merge element-wise, and `$patch: replace|delete`
//!   directives are honoured;
//! - `json`: RFC 6902 operations (`add`, `remove`, `replace`, `move`, `copy`, `test`).
//!
//! And `kubectl apply`'s three-way merge (`three_way_merge`).

use serde_json::{Map, Value};

/// The deepest a patch body may nest. The objects it patches are at most a dozen levels deep,
/// and each level of a merge copies the target below it, so a deeper body is only work: one
/// nested a few hundred levels took about a second.
pub const MAX_PATCH_DEPTH: usize = 64;

/// Refuses a patch body nested deeper than [`MAX_PATCH_DEPTH`] (iteratively: no recursion on
/// the body before it is known to be shallow).
pub fn check_depth(body: &Value) -> Result<(), String> {
    let mut stack = vec![(body, 1usize)];
    while let Some((v, depth)) = stack.pop() {
        if depth > MAX_PATCH_DEPTH {
            return Err(format!(
                "Error from server (BadRequest): the patch is nested deeper than {MAX_PATCH_DEPTH} levels"
            ));
        }
        match v {
            Value::Object(map) => stack.extend(map.values().map(|c| (c, depth + 1))),
            Value::Array(items) => stack.extend(items.iter().map(|c| (c, depth + 1))),
            _ => {}
        }
    }
    Ok(())
}

/// RFC 7386 JSON merge patch.
pub fn merge_patch(target: &Value, patch: &Value) -> Value {
    match patch {
        Value::Object(p) => {
            let mut out = match target {
                Value::Object(t) => t.clone(),
                _ => Map::new(),
            };
            for (k, v) in p {
                if v.is_null() {
                    out.remove(k);
                } else {
                    let merged = merge_patch(out.get(k).unwrap_or(&Value::Null), v);
                    out.insert(k.clone(), merged);
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// The patch merge key for a list field, by the field's name (Kubernetes' struct tags for the
/// lists a DaemonSet can contain).
fn merge_key(field: &str) -> Option<&'static str> {
    match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "env"
        | "volumes"
        | "imagePullSecrets"
        | "resourceClaims" => Some("name"),
        "ports" => Some("containerPort"),
        "volumeMounts" => Some("mountPath"),
        "volumeDevices" => Some("devicePath"),
        "hostAliases" => Some("ip"),
        "topologySpreadConstraints" => Some("topologyKey"),
        _ => None,
    }
}

/// Strategic merge patch (the subset Kubernetes uses for pod templates).
pub fn strategic_merge_patch(target: &Value, patch: &Value) -> Result<Value, String> {
    smp(target, patch, "")
}

fn smp(target: &Value, patch: &Value, field: &str) -> Result<Value, String> {
    match (target, patch) {
        (_, Value::Object(p)) => {
            if let Some(directive) = p.get("$patch") {
                match directive.as_str() {
                    Some("replace") => {
                        let mut clean = p.clone();
                        clean.remove("$patch");
                        return Ok(Value::Object(clean));
                    }
                    Some("delete") => return Ok(Value::Null),
                    other => {
                        return Err(format!("unknown patch type: {}", other.unwrap_or("?")));
                    }
                }
            }
            let mut out = match target {
                Value::Object(t) => t.clone(),
                _ => Map::new(),
            };
            for (k, v) in p {
                if k.starts_with("$setElementOrder/") || k == "$retainKeys" {
                    continue;
                }
                if v.is_null() {
                    out.remove(k);
                    continue;
                }
                let merged = smp(out.get(k).unwrap_or(&Value::Null), v, k)?;
                if merged.is_null() {
                    out.remove(k);
                } else {
                    out.insert(k.clone(), merged);
                }
            }
            Ok(Value::Object(out))
        }
        (Value::Array(t), Value::Array(p)) => match merge_key(field) {
            Some(key) => merge_list(t, p, key),
            None => Ok(Value::Array(p.clone())),
        },
        (_, other) => Ok(other.clone()),
    }
}

fn merge_list(target: &[Value], patch: &[Value], key: &str) -> Result<Value, String> {
    let mut out: Vec<Value> = target.to_vec();
    for item in patch {
        if item.get("$patch").and_then(Value::as_str) == Some("replace") {
            // `[{"$patch":"replace"}, …]` replaces the whole list with the other items.
            let rest: Vec<Value> = patch
                .iter()
                .filter(|i| i.get("$patch").is_none())
                .cloned()
                .collect();
            return Ok(Value::Array(rest));
        }
    }
    for item in patch {
        let Some(id) = item.get(key) else {
            return Err(format!(
                "map: {item} does not contain declared merge key: {key}"
            ));
        };
        let pos = out.iter().position(|o| o.get(key) == Some(id));
        let delete = item.get("$patch").and_then(Value::as_str) == Some("delete");
        match (pos, delete) {
            (Some(i), true) => {
                out.remove(i);
            }
            (None, true) => {}
            (Some(i), false) => {
                let merged = smp(&out[i], item, "")?;
                out[i] = merged;
            }
            (None, false) => out.push(smp(&Value::Null, item, "")?),
        }
    }
    Ok(Value::Array(out))
}

/// What `kubectl apply` leaves on the server: a strategic three-way merge of the configuration
/// applied last time (`original`, the last-applied annotation), the one applied now
/// (`modified`) and the live object (`current`), as apimachinery's `CreateThreeWayMergePatch`
/// computes it: every field the manifest sets takes the manifest's value (so `kubectl set
/// image` is undone if the manifest names an image); fields it dropped since the last apply are
/// removed; fields it never set (a `kubectl patch`, `kubectl rollout restart`'s annotation,
/// server defaults) keep their live values.
pub fn three_way_merge(original: &Value, modified: &Value, current: &Value) -> Value {
    merge3(original, modified, current, "")
}

fn merge3(original: &Value, modified: &Value, current: &Value, field: &str) -> Value {
    match (modified, current) {
        (Value::Object(m), Value::Object(c)) => {
            let o = original.as_object();
            let mut out = Map::new();
            for (k, cv) in c {
                if !m.contains_key(k) && !o.is_some_and(|o| o.contains_key(k)) {
                    out.insert(k.clone(), cv.clone());
                }
            }
            for (k, mv) in m {
                let ov = o.and_then(|o| o.get(k)).unwrap_or(&Value::Null);
                let merged = match c.get(k) {
                    Some(cv) => merge3(ov, mv, cv, k),
                    None => mv.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        (Value::Array(m), Value::Array(c)) => match merge_key(field) {
            Some(key) => {
                let o = original.as_array().map(Vec::as_slice).unwrap_or(&[]);
                let id = |v: &Value| v.get(key).cloned();
                let find = |list: &[Value], want: &Option<Value>| {
                    list.iter()
                        .find(|v| want.is_some() && id(v) == *want)
                        .cloned()
                };
                let mut out: Vec<Value> = m
                    .iter()
                    .map(|mv| match find(c, &id(mv)) {
                        Some(cv) => {
                            let ov = find(o, &id(mv)).unwrap_or(Value::Null);
                            merge3(&ov, mv, &cv, "")
                        }
                        None => mv.clone(),
                    })
                    .collect();
                // Items someone else added stay; items the last apply had are gone. An item
                // without the key (a list of another type under the same field name, such as
                // a Service's `ports`) is the manifest's to say.
                out.extend(
                    c.iter()
                        .filter(|cv| {
                            let k = id(cv);
                            k.is_some() && find(m, &k).is_none() && find(o, &k).is_none()
                        })
                        .cloned(),
                );
                Value::Array(out)
            }
            None => modified.clone(),
        },
        _ => modified.clone(),
    }
}

/// The patch `kubectl apply` sends for an existing object (`CreateThreeWayMergePatch`, in
/// outline): every field of `modified` that differs from `current` (maps compared field by
/// field, lists and scalars whole), and `null` for each field the last apply (`original`) set
/// and `modified` no longer does.
pub fn apply_patch(original: &Value, modified: &Value, current: &Value) -> Value {
    let mut out = Map::new();
    // A keyed list whose items the manifest leaves as they are live (their other fields are
    // server defaults) is no part of the patch.
    let same_keyed_list = |field: &str, ov: &Value, mv: &Value, cv: &Value| -> bool {
        let (Some(key), Some(m), Some(c)) = (merge_key(field), mv.as_array(), cv.as_array()) else {
            return false;
        };
        let keys = |l: &[Value]| l.iter().map(|v| v.get(key).cloned()).collect::<Vec<_>>();
        if m.len() != c.len() || keys(m) != keys(c) || keys(m).iter().any(Option::is_none) {
            return false;
        }
        let o = ov.as_array().map(Vec::as_slice).unwrap_or(&[]);
        m.iter().zip(c).all(|(mi, ci)| {
            let oi = o
                .iter()
                .find(|x| x.get(key) == mi.get(key))
                .unwrap_or(&Value::Null);
            apply_patch(oi, mi, ci)
                .as_object()
                .is_some_and(Map::is_empty)
        })
    };
    let (Some(m), c) = (modified.as_object(), current.as_object()) else {
        return modified.clone();
    };
    for (k, mv) in m {
        match c.and_then(|c| c.get(k)) {
            Some(cv) if cv == mv => {}
            Some(cv) if same_keyed_list(k, original.get(k).unwrap_or(&Value::Null), mv, cv) => {}
            Some(cv) if cv.is_object() && mv.is_object() => {
                let ov = original.get(k).unwrap_or(&Value::Null);
                let sub = apply_patch(ov, mv, cv);
                if sub.as_object().is_some_and(|s| !s.is_empty()) {
                    out.insert(k.clone(), sub);
                }
            }
            _ => {
                out.insert(k.clone(), mv.clone());
            }
        }
    }
    if let Some(o) = original.as_object() {
        for k in o.keys() {
            if !m.contains_key(k) && c.is_some_and(|c| c.contains_key(k)) {
                out.insert(k.clone(), Value::Null);
            }
        }
    }
    Value::Object(out)
}

/// Go's `fmt.Sprintf("%+v", v)` of a decoded JSON value: `map[k:v k2:[a b]]` with sorted keys,
/// strings bare, `<nil>` for null.
pub fn go_map_text(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{k}:{}", go_map_text(v)))
                .collect();
            format!("map[{}]", parts.join(" "))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(go_map_text).collect();
            format!("[{}]", parts.join(" "))
        }
        Value::String(s) => s.clone(),
        Value::Null => "<nil>".to_string(),
        other => other.to_string(),
    }
}

/// RFC 6902 JSON patch.
pub fn json_patch(target: &Value, ops: &Value) -> Result<Value, String> {
    let Value::Array(ops) = ops else {
        return Err(
            "json: cannot unmarshal object into Go value of type jsonpatch.Patch".to_string(),
        );
    };
    let mut doc = target.clone();
    for op in ops {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("missing path in operation {op}"))?;
        match kind {
            "add" => {
                let value = op.get("value").ok_or("missing value")?.clone();
                add(&mut doc, path, value)?;
            }
            "remove" => {
                remove(&mut doc, path)?;
            }
            "replace" => {
                let value = op.get("value").ok_or("missing value")?.clone();
                remove(&mut doc, path)?;
                add(&mut doc, path, value)?;
            }
            "move" => {
                let from = op
                    .get("from")
                    .and_then(Value::as_str)
                    .ok_or("missing from")?;
                let v = remove(&mut doc, from)?;
                add(&mut doc, path, v)?;
            }
            "copy" => {
                let from = op
                    .get("from")
                    .and_then(Value::as_str)
                    .ok_or("missing from")?;
                let v = doc.pointer(from).cloned().ok_or_else(|| {
                    format!("copy operation does not apply: doc is missing from path: {from}")
                })?;
                add(&mut doc, path, v)?;
            }
            "test" => {
                let want = op.get("value").unwrap_or(&Value::Null);
                if doc.pointer(path) != Some(want) {
                    return Err(format!("testing value {path} failed: test failed"));
                }
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(doc)
}

fn split_pointer(path: &str) -> Result<(String, String), String> {
    if path.is_empty() {
        return Err("cannot patch the document root".to_string());
    }
    if !path.starts_with('/') {
        return Err(format!("invalid JSON pointer: {path}"));
    }
    let (parent, last) = path.rsplit_once('/').unwrap_or(("", path));
    let last = last.replace("~1", "/").replace("~0", "~");
    Ok((parent.to_string(), last))
}

fn add(doc: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let (parent, last) = split_pointer(path)?;
    let missing =
        || format!("add operation does not apply: doc is missing path: \"{path}\": missing value");
    match doc.pointer_mut(&parent).ok_or_else(missing)? {
        Value::Object(map) => {
            map.insert(last, value);
            Ok(())
        }
        Value::Array(items) => {
            if last == "-" {
                items.push(value);
                return Ok(());
            }
            let i: usize = last.parse().map_err(|_| missing())?;
            if i > items.len() {
                return Err(format!("add operation does not apply: doc is missing path: \"{path}\": index out of range"));
            }
            items.insert(i, value);
            Ok(())
        }
        _ => Err(missing()),
    }
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, String> {
    let (parent, last) = split_pointer(path)?;
    let missing = || {
        format!("remove operation does not apply: doc is missing path: \"{path}\": missing value")
    };
    match doc.pointer_mut(&parent).ok_or_else(missing)? {
        Value::Object(map) => map.remove(&last).ok_or_else(missing),
        Value::Array(items) => {
            let i: usize = last.parse().map_err(|_| missing())?;
            if i < items.len() {
                Ok(items.remove(i))
            } else {
                Err(missing())
            }
        }
        _ => Err(missing()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ds() -> Value {
        json!({"spec": {"template": {"spec": {"containers": [
            {"name": "webserver", "image": "nginx", "ports": [{"containerPort": 80}]},
            {"name": "sidecar", "image": "busybox"}
        ]}}}})
    }

    #[test]
    fn strategic_patch_merges_containers_by_name() {
        let p = json!({"spec":{"template":{"spec":{"containers":[{"name":"webserver","image":"httpd"}]}}}});
        let out = strategic_merge_patch(&ds(), &p).unwrap_or_default();
        let cs = &out["spec"]["template"]["spec"]["containers"];
        assert_eq!(cs[0]["image"], "httpd");
        assert_eq!(cs[0]["ports"][0]["containerPort"], 80);
        assert_eq!(cs[1]["name"], "sidecar");
    }

    #[test]
    fn strategic_patch_can_delete_a_container_by_directive() {
        let p = json!({"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}});
        let out = strategic_merge_patch(&ds(), &p).unwrap_or_default();
        assert_eq!(
            out["spec"]["template"]["spec"]["containers"]
                .as_array()
                .map(Vec::len),
            Some(1)
        );
    }

    #[test]
    fn strategic_list_item_without_merge_key_is_an_error() {
        let p = json!({"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}});
        assert!(strategic_merge_patch(&ds(), &p).is_err());
    }

    #[test]
    fn merge_patch_replaces_lists_and_null_deletes() {
        let p = json!({"spec":{"template":{"spec":{"containers":[{"name":"webserver","image":"httpd"}]}}}});
        let out = merge_patch(&ds(), &p);
        let cs = &out["spec"]["template"]["spec"]["containers"];
        assert_eq!(cs.as_array().map(Vec::len), Some(1));
        assert!(cs[0].get("ports").is_none());
        let out = merge_patch(&json!({"a":1,"b":2}), &json!({"a":null}));
        assert_eq!(out, json!({"b":2}));
    }

    #[test]
    fn json_patch_applies_operations_in_order() {
        let ops = json!([
            {"op":"replace","path":"/spec/template/spec/containers/0/image","value":"httpd"},
            {"op":"add","path":"/spec/minReadySeconds","value":5},
            {"op":"remove","path":"/spec/template/spec/containers/1"},
            {"op":"test","path":"/spec/minReadySeconds","value":5}
        ]);
        let out = json_patch(&ds(), &ops).unwrap_or_default();
        assert_eq!(
            out["spec"]["template"]["spec"]["containers"][0]["image"],
            "httpd"
        );
        assert_eq!(out["spec"]["minReadySeconds"], 5);
        assert_eq!(
            out["spec"]["template"]["spec"]["containers"]
                .as_array()
                .map(Vec::len),
            Some(1)
        );
    }

    #[test]
    fn json_patch_on_a_missing_path_is_an_error() {
        let ops = json!([{"op":"replace","path":"/spec/nope/x","value":1}]);
        assert!(json_patch(&ds(), &ops).is_err());
        assert!(json_patch(&ds(), &json!({"op":"add"})).is_err());
        let ops = json!([{"op":"test","path":"/spec","value":1}]);
        assert!(json_patch(&ds(), &ops).is_err());
    }

    #[test]
    fn apply_sets_what_the_manifest_sets_and_keeps_what_it_never_set() {
        let last = json!({"spec": {"minReadySeconds": 5, "template": {"spec": {"containers": [
            {"name": "web", "image": "nginx"}]}}}});
        let new = json!({"spec": {"template": {"spec": {"containers": [
            {"name": "web", "image": "nginx"}]}}}});
        // Live: an image set by `kubectl set image`, a restart annotation, a default.
        let live = json!({"spec": {"minReadySeconds": 5, "revisionHistoryLimit": 10, "template": {
            "metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": "t"}},
            "spec": {"containers": [{"name": "web", "image": "httpd", "imagePullPolicy": "Always"}]}}}});
        assert_eq!(
            three_way_merge(&last, &new, &live),
            json!({"spec": {"revisionHistoryLimit": 10, "template": {
                "metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": "t"}},
                "spec": {"containers": [{"name": "web", "image": "nginx", "imagePullPolicy": "Always"}]}}}})
        );
    }

    #[test]
    fn apply_merges_containers_by_name() {
        let last =
            json!({"containers": [{"name": "a", "image": "x:1"}, {"name": "b", "image": "y"}]});
        let new =
            json!({"containers": [{"name": "a", "image": "x:2"}, {"name": "c", "image": "z"}]});
        let live = json!({"containers": [{"name": "a", "image": "x:1", "imagePullPolicy": "IfNotPresent"},
            {"name": "b", "image": "y"}, {"name": "injected", "image": "proxy"}]});
        assert_eq!(
            three_way_merge(&last, &new, &live),
            json!({"containers": [{"name": "a", "image": "x:2", "imagePullPolicy": "IfNotPresent"},
                {"name": "c", "image": "z"}, {"name": "injected", "image": "proxy"}]})
        );
    }

    #[test]
    fn apply_replaces_a_list_without_merge_key() {
        let t = |v: &str| json!({"tolerations": [{"key": v, "operator": "Exists"}]});
        assert_eq!(three_way_merge(&t("a"), &t("a"), &t("live")), t("a"));
        assert_eq!(
            three_way_merge(&json!({}), &json!({}), &t("live")),
            t("live")
        );
    }
}
