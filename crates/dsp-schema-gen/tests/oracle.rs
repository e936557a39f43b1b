//! k8s-openapi is the source of truth for the API, and these tests hold dsp-schema to it:
//! the data files are what the generator writes now, and on a corpus (the project's own
//! manifests, random valid objects of every resource made from the schema, and mutations of
//! them: an unknown field added, a value of the wrong kind, a fraction where an integer goes)
//! dsp-schema's decoder and k8s-openapi's decoding agree on accept or reject and on the list of
//! unknown fields. The differences that are Go's behaviour and not k8s-openapi's are named in
//! [`known_difference`] (and in ARCHITECTURE.md); any other disagreement fails the test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use dsp_schema::{Schema, TypeDef, TypeRef};
use serde_json::{json, Map, Value};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn the_data_files_are_what_the_generator_writes() {
    for (file, fresh) in dsp_schema_gen::generate_files().expect("generates") {
        let kept = std::fs::read_to_string(root().join(file)).unwrap_or_default();
        assert!(
            kept == fresh,
            "{file} is stale: run `cargo run -p dsp-schema-gen` and commit the result"
        );
    }
}

/// xorshift64*: the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A random value of type `t` that Go and k8s-openapi both accept: every required field, some
/// optional ones, short lists and maps, nesting cut off by depth.
fn random(schema: &Schema, t: &TypeRef, rng: &mut Rng, depth: usize) -> Value {
    match t {
        TypeRef::String => json!(["a", "frontend", "", "x-1"][rng.below(4)]),
        TypeRef::DateTime => json!("2024-05-01T10:00:00Z"),
        TypeRef::Int32 => json!(rng.below(1000)),
        TypeRef::Int64 => json!(rng.next() >> 12),
        TypeRef::Double => json!([0.5, 2.0, 7.25][rng.below(3)]),
        TypeRef::Boolean => json!(rng.chance(50)),
        TypeRef::Byte => json!(["aGk=", "", "AAECAw=="][rng.below(3)]),
        TypeRef::IntOrString => [json!(1), json!("25%"), json!("http")][rng.below(3)].clone(),
        TypeRef::Quantity => [json!("100m"), json!("1Gi"), json!(2)][rng.below(3)].clone(),
        TypeRef::Any => [json!({"a": [1, "b"]}), json!("s"), json!(3)][rng.below(3)].clone(),
        TypeRef::Object => json!({"f:metadata": {}}),
        TypeRef::List(inner) => {
            let n = if depth > 6 { 0 } else { rng.below(3) };
            Value::Array(
                (0..n)
                    .map(|_| random(schema, inner, rng, depth + 1))
                    .collect(),
            )
        }
        TypeRef::Map(inner) => {
            let n = if depth > 6 { 0 } else { rng.below(3) };
            Value::Object(
                (0..n)
                    .map(|i| (format!("key{i}"), random(schema, inner, rng, depth + 1)))
                    .collect(),
            )
        }
        TypeRef::Named(name) => match schema.type_def(name) {
            Some(TypeDef::Alias(inner)) => random(schema, &inner.clone(), rng, depth),
            Some(TypeDef::Struct { fields, required }) => {
                let mut map = Map::new();
                for (field, ft) in fields {
                    // Wide types (PodSpec has 40 fields) make the object grow fast with depth.
                    let percent = [60, 40, 20, 10, 6, 4, 2, 0][depth.min(7)];
                    let wanted = required.contains(field) || rng.chance(percent);
                    if wanted {
                        map.insert(field.clone(), random(schema, ft, rng, depth + 1));
                    }
                }
                Value::Object(map)
            }
            None => json!({}),
        },
    }
}

/// Every place in a value, as a path of keys and indices.
fn places(value: &Value, at: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                at.push(json!(k));
                places(v, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                at.push(json!(i));
                places(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn at_mut<'a>(value: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(value, |v, step| match step {
        Value::String(k) => &mut v[k.as_str()],
        Value::Number(i) => &mut v[i.as_u64().unwrap_or(0) as usize],
        _ => v,
    })
}

/// Mutations of a valid object: an unknown field in an object, a value of another kind, a
/// fraction for a number.
fn mutations(value: &Value, rng: &mut Rng) -> Vec<Value> {
    let mut all = Vec::new();
    places(value, &mut Vec::new(), &mut all);
    let mut out = Vec::new();
    for _ in 0..4 {
        let path = &all[rng.below(all.len())];
        let mut changed = value.clone();
        let target = at_mut(&mut changed, path);
        let replacement = match target {
            Value::Object(map) => {
                map.insert(format!("unknownField{}", rng.below(9)), json!("x"));
                None
            }
            Value::String(_) => {
                Some([json!(5), json!(true), json!({"a": 1})][rng.below(3)].clone())
            }
            Value::Number(_) => Some([json!("5"), json!(1.5), json!([1])][rng.below(3)].clone()),
            Value::Bool(_) => Some([json!("true"), json!(1)][rng.below(2)].clone()),
            Value::Array(_) => Some([json!({"a": 1}), json!("list")][rng.below(2)].clone()),
            Value::Null => None,
        };
        if let Some(r) = replacement {
            *target = r;
        }
        out.push(changed);
    }
    out
}

/// serde_ignored's `spec.template.spec.containers.0.imagee` as strict decoding writes it,
/// `spec.template.spec.containers[0].imagee`, following the value to tell indices from keys.
fn strict_path(ignored: &str, value: &Value) -> String {
    let mut out = String::new();
    let mut at = Some(value);
    // serde_ignored writes `?` for each Option it went through.
    for segment in ignored.split('.').filter(|s| *s != "?") {
        match at {
            Some(Value::Array(items)) => {
                out.push_str(&format!("[{segment}]"));
                at = segment.parse::<usize>().ok().and_then(|i| items.get(i));
            }
            other => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(segment);
                at = other.and_then(|v| v.get(segment));
            }
        }
    }
    out
}

/// The project's own manifests: the YAML files of the golden tests and every document the
/// scenarios and golden scripts pass to `kubectl apply -f - <<EOF`.
fn project_manifests() -> Vec<Value> {
    let mut texts = Vec::new();
    for dir in ["tests/golden", "tests/golden/manifests", "scenarios"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            match path.extension().and_then(|e| e.to_str()) {
                Some("yaml") => texts.push(text),
                Some("dsp") => {
                    let mut body: Option<String> = None;
                    for line in text.lines() {
                        match &mut body {
                            Some(b) if line == "EOF" => texts.push(std::mem::take(b)),
                            Some(b) => {
                                b.push_str(line);
                                b.push('\n');
                            }
                            None => {}
                        }
                        if line == "EOF" {
                            body = None;
                        } else if line.ends_with("<<EOF") {
                            body = Some(String::new());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for text in texts {
        for doc in serde_yaml::Deserializer::from_str(&text) {
            // After a syntax error serde_yaml's iterator repeats it forever.
            match <Value as serde::Deserialize>::deserialize(doc) {
                Ok(v) if v.is_object() => out.push(v),
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
    out
}

/// A disagreement that is Go's decoding and not k8s-openapi's, by design (ARCHITECTURE.md,
/// "Differences from k8s-openapi's decoding").
fn known_difference(schema_error: Option<&str>, typed_error: Option<&str>) -> Option<&'static str> {
    match (schema_error, typed_error) {
        // Go's Quantity.UnmarshalJSON parses the quantity (`1Gx` is refused); k8s-openapi keeps
        // it as the string it was given.
        (Some(e), None) if e.starts_with("quantities must match") => Some("quantity syntax"),
        _ => None,
    }
}

/// Fails with the first `shown` disagreements, if there are any.
fn assert_agreement(disagreements: &[String], shown: usize) {
    assert!(
        disagreements.is_empty(),
        "{} disagreements, the first:\n{}",
        disagreements.len(),
        disagreements[..shown.min(disagreements.len())].join("\n")
    );
}

/// The corpus: the project's own manifests of a served kind, then 40 random valid objects of
/// every resource, each with its four mutations. Returns it with the number of own manifests.
fn corpus() -> (Vec<(String, Value)>, usize) {
    let schema = dsp_schema::schema();
    let mut corpus: Vec<(String, Value)> = Vec::new();
    for value in project_manifests() {
        let (Some(v), Some(k)) = (value["apiVersion"].as_str(), value["kind"].as_str()) else {
            continue;
        };
        if let Some(r) = schema.resource(v, k) {
            corpus.push((r.type_name.clone(), value.clone()));
        }
    }
    let own = corpus.len();
    assert!(own >= 20, "only {own} of the project's manifests found");
    let mut rng = Rng(0x5eed_0133);
    for r in &schema.resources {
        for _ in 0..40 {
            let t = TypeRef::Named(r.type_name.clone());
            let mut value = random(schema, &t, &mut rng, 0);
            value["apiVersion"] = json!(r.api_version());
            value["kind"] = json!(r.kind);
            // The generator makes valid objects, so what the mutations change is all there is.
            assert_eq!(
                schema.decode(&r.type_name, &value),
                Default::default(),
                "{value}"
            );
            for m in mutations(&value, &mut rng) {
                corpus.push((r.type_name.clone(), m));
            }
            corpus.push((r.type_name.clone(), value));
        }
    }
    (corpus, own)
}

#[test]
fn the_schema_decoder_agrees_with_k8s_openapi() {
    let schema = dsp_schema::schema();
    let typed: BTreeMap<String, dsp_schema_gen::TypedDecoder> =
        dsp_schema_gen::typed_decoders().into_iter().collect();
    let (corpus, own) = corpus();

    let mut agreed = 0usize;
    let mut known: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rejected = 0usize;
    let mut with_unknown = 0usize;
    let mut disagreements = Vec::new();
    for (type_name, value) in &corpus {
        let ours = schema.decode(type_name, value);
        let theirs = typed[type_name](value);
        let ours_error = ours.error.as_ref().map(|e| e.message.as_str());
        let theirs_error = theirs.as_ref().err().map(String::as_str);
        rejected += usize::from(ours_error.is_some());
        with_unknown += usize::from(!ours.unknown_fields.is_empty());
        let same = match &theirs {
            Ok(unknown) => {
                let theirs: BTreeSet<String> =
                    unknown.iter().map(|p| strict_path(p, value)).collect();
                let ours: BTreeSet<String> = ours.unknown_fields.iter().cloned().collect();
                ours_error.is_none() && ours == theirs
            }
            Err(_) => ours_error.is_some(),
        };
        if same {
            agreed += 1;
        } else if let Some(why) = known_difference(ours_error, theirs_error) {
            *known.entry(why).or_default() += 1;
        } else {
            disagreements.push(format!(
                "{type_name}: ours {:?} / {:?}, k8s-openapi {theirs:?}\n  {value}",
                ours_error, ours.unknown_fields
            ));
        }
    }
    let total = corpus.len();
    println!(
        "oracle: {total} objects ({own} of the project's), {agreed} agree ({:.2} %), known differences {known:?}; {rejected} rejected, {with_unknown} with unknown fields",
        100.0 * agreed as f64 / total as f64
    );
    assert!(
        rejected > total / 20 && with_unknown > total / 20,
        "the mutations did not bite"
    );
    assert_agreement(&disagreements, 8);
}

/// What a value becomes through k8s-openapi's type `A` (decoded, then written), and through
/// dsp-core's typed model `B` after the schema's pruning; `None` when k8s-openapi refuses it.
fn both_ways<A, B>(type_name: &str, value: &Value) -> Option<(Value, Value)>
where
    A: serde::de::DeserializeOwned + serde::Serialize,
    B: serde::de::DeserializeOwned + serde::Serialize,
{
    let theirs: A = serde_json::from_value(value.clone()).ok()?;
    let mut pruned = value.clone();
    dsp_schema::schema().prune(type_name, &mut pruned);
    let ours: B = match serde_json::from_value(pruned) {
        Ok(b) => b,
        Err(e) => return Some((serde_json::to_value(theirs).ok()?, json!(e.to_string()))),
    };
    Some((
        serde_json::to_value(theirs).ok()?,
        serde_json::to_value(ours).ok()?,
    ))
}

/// dsp-core's typed model (generated by dsp-schema-gen, so the page carries no k8s-openapi)
/// reads and writes the simulator's kinds as k8s-openapi does: on every object of the corpus
/// both accept, the schema's pruning and the model give the object k8s-openapi gives.
#[test]
fn the_typed_model_writes_what_k8s_openapi_writes() {
    use dsp_core::k8s;
    use k8s_openapi::api::{apps::v1 as apps, core::v1 as core};
    type Way = fn(&str, &Value) -> Option<(Value, Value)>;
    let ways: BTreeMap<&str, Way> = [
        (
            "io.k8s.api.apps.v1.DaemonSet",
            both_ways::<apps::DaemonSet, k8s::apps::DaemonSet> as Way,
        ),
        (
            "io.k8s.api.apps.v1.ControllerRevision",
            both_ways::<apps::ControllerRevision, k8s::apps::ControllerRevision>,
        ),
        (
            "io.k8s.api.core.v1.Node",
            both_ways::<core::Node, k8s::core::Node>,
        ),
        (
            "io.k8s.api.core.v1.Pod",
            both_ways::<core::Pod, k8s::core::Pod>,
        ),
        (
            "io.k8s.api.core.v1.Event",
            both_ways::<core::Event, k8s::core::Event>,
        ),
    ]
    .into_iter()
    .collect();
    let schema = dsp_schema::schema();
    let (corpus, _) = corpus();
    let mut compared = 0usize;
    let mut disagreements = Vec::new();
    for (type_name, value) in &corpus {
        let Some(way) = ways.get(type_name.as_str()) else {
            continue;
        };
        if schema.decode(type_name, value).error.is_some() {
            continue;
        }
        let Some((theirs, ours)) = way(type_name, value) else {
            continue;
        };
        compared += 1;
        if theirs != ours {
            disagreements.push(format!(
                "{type_name}:\n  k8s-openapi {theirs}\n  ours        {ours}"
            ));
        }
    }
    println!(
        "typed model: {compared} objects compared, {} differ",
        disagreements.len()
    );
    assert!(compared >= 5 * 30, "only {compared} objects compared");
    assert_agreement(&disagreements, 3);
}

/// What the store keeps of every kind: on every object of the corpus that both accept,
/// `Schema::prune` gives the JSON k8s-openapi's decode-and-encode gives (unknown fields dropped,
/// `null`s gone, times in UTC), for all 60 resources.
#[test]
fn pruning_keeps_what_k8s_openapi_keeps_for_every_kind() {
    let schema = dsp_schema::schema();
    let ways: BTreeMap<String, dsp_schema_gen::TypedRoundTrip> =
        dsp_schema_gen::typed_round_trips().into_iter().collect();
    let (corpus, _) = corpus();
    let mut compared = 0usize;
    let mut known: BTreeMap<&str, usize> = BTreeMap::new();
    let mut kinds = BTreeSet::new();
    let mut disagreements = Vec::new();
    for (type_name, value) in &corpus {
        if schema.decode(type_name, value).error.is_some() {
            continue;
        }
        let Ok(theirs) = ways[type_name](value) else {
            continue;
        };
        let mut ours = value.clone();
        schema.prune(type_name, &mut ours);
        compared += 1;
        kinds.insert(type_name.clone());
        let mut why = BTreeSet::new();
        if !same_but_known(&theirs, &ours, &mut why) {
            if std::env::var("ORACLE_DIFFS").is_ok() {
                eprintln!("DIFF {}", first_difference(&theirs, &ours, ""));
            }
            disagreements.push(format!(
                "{type_name}:\n  k8s-openapi {theirs}\n  pruned      {ours}"
            ));
        } else {
            for w in why {
                *known.entry(w).or_default() += 1;
            }
        }
    }
    println!(
        "pruning: {compared} objects of {} kinds compared, {} differ; known differences {known:?}",
        kinds.len(),
        disagreements.len()
    );
    assert!(kinds.len() >= 55, "only {} kinds compared", kinds.len());
    assert_agreement(&disagreements, 3);
}

/// Where two values first differ, and how (for reading a failure).
fn first_difference(theirs: &Value, ours: &Value, at: &str) -> String {
    match (theirs, ours) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    None => return format!("{at}.{k}: only k8s-openapi's ({v})"),
                    Some(w) if v != w => return first_difference(v, w, &format!("{at}.{k}")),
                    _ => {}
                }
            }
            for (k, w) in b {
                if !a.contains_key(k) {
                    return format!("{at}.{k}: only ours ({w})");
                }
            }
            format!("{at}: same")
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                if v != w {
                    return first_difference(v, w, &format!("{at}[{i}]"));
                }
            }
            format!("{at}: same")
        }
        _ => format!("{at}: k8s-openapi {theirs}, ours {ours}"),
    }
}

/// Whether k8s-openapi's output and the pruned value are the same object but for what
/// k8s-openapi writes and Go does not (ARCHITECTURE.md, "Differences from k8s-openapi's
/// decoding"), each named in `why`: a required field left out, which k8s-openapi writes empty
/// (the API server refuses such an object, or Go writes `null`); the `apiVersion` and `kind`
/// of an embedded object (a StatefulSet's claim templates), which k8s-openapi always writes
/// (the StatefulSet defaults add them, as the API server's output has them); a double written
/// with a fraction (`10.0`, where Go writes `10`).
fn same_but_known(theirs: &Value, ours: &Value, why: &mut BTreeSet<&'static str>) -> bool {
    match (theirs, ours) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    Some(w) => {
                        if !same_but_known(v, w, why) {
                            return false;
                        }
                    }
                    None if k == "apiVersion" || k == "kind" => {
                        why.insert("embedded apiVersion/kind");
                    }
                    None if v == &json!({}) || v == &json!([]) || v == &json!("") => {
                        why.insert("required field written empty");
                    }
                    None => return false,
                }
            }
            b.keys().all(|k| a.contains_key(k))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| same_but_known(v, w, why))
        }
        (Value::Number(x), Value::Number(y)) if x != y => {
            let same = x.is_f64() && y.as_f64() == x.as_f64();
            if same {
                why.insert("double with a fraction");
            }
            same
        }
        _ => theirs == ours,
    }
}
