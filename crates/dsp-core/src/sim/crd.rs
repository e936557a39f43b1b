//! CustomResourceDefinitions: a stored CRD registers its kinds (names, plural, short names,
//! categories, scope, one resource per served version) and its custom resources are checked
//! against the version's structural `openAPIV3Schema` the way apiextensions-apiserver does:
//! unknown fields pruned (and reported, for kubectl's `--validate`), types, required fields,
//! enums, bounds and lengths checked, with the API server's wording.

use super::Simulation;
use crate::manifest::{go_quote, FieldError};
use dsp_schema::Resource;
use serde_json::{json, Map, Value};
use std::sync::Mutex;

const CRD_RESOURCE: &str = "customresourcedefinitions.apiextensions.k8s.io";

/// Resources registered by CRDs live as long as the page: each distinct one is made once and
/// shared (the simulation is cloned for dry runs and what-ifs, and `Kind` holds `&'static`).
fn intern(resource: Resource) -> &'static Resource {
    static INTERNED: Mutex<Vec<&'static Resource>> = Mutex::new(Vec::new());
    let mut all = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(r) = all.iter().find(|r| ***r == resource) {
        return r;
    }
    let leaked: &'static Resource = Box::leak(Box::new(resource));
    all.push(leaked);
    leaked
}

/// The resources one CRD object defines (one per served version).
fn resources_of(crd: &Value) -> Vec<&'static Resource> {
    let text = |p: &str| crd.pointer(p).and_then(Value::as_str).unwrap_or("");
    let list = |p: &str| super::objects::strings_at(crd, p);
    let group = text("/spec/group");
    let kind = text("/spec/names/kind");
    let plural = text("/spec/names/plural");
    let namespaced = text("/spec/scope") != "Cluster";
    let verbs: Vec<String> = [
        "delete",
        "deletecollection",
        "get",
        "list",
        "patch",
        "create",
        "update",
        "watch",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    crd.pointer("/spec/versions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|v| v.get("served").and_then(Value::as_bool).unwrap_or(true))
        .filter_map(|v| v.get("name").and_then(Value::as_str))
        .map(|version| {
            intern(Resource::new(
                group,
                version,
                kind,
                plural,
                namespaced,
                "",
                list("/spec/names/shortNames"),
                list("/spec/names/categories"),
                verbs.clone(),
            ))
        })
        .collect()
}

/// Whether a resource came from a CRD (not from the built-in schema).
pub fn is_custom(resource: &Resource) -> bool {
    resource.type_name.is_empty()
}

impl Simulation {
    /// Every resource the stored CRDs define, by CRD name.
    pub fn custom_resources(&self) -> Vec<&'static Resource> {
        self.objects(CRD_RESOURCE)
            .flat_map(|crd| resources_of(&crd.value))
            .collect()
    }

    /// The custom resource of an `apiVersion` and `kind`.
    pub fn custom_resource(&self, api_version: &str, kind: &str) -> Option<&'static Resource> {
        self.custom_resources()
            .into_iter()
            .find(|r| r.kind == kind && r.api_version() == api_version)
    }

    /// A custom resource by a name a command line uses: plural, singular, kind or short
    /// name, optionally `.group` qualified.
    pub fn custom_resource_named(&self, word: &str) -> Option<&'static Resource> {
        let lower = word.to_ascii_lowercase();
        self.custom_resources().into_iter().find(|r| {
            let names = [
                r.plural.clone(),
                r.kind.to_ascii_lowercase(),
                r.qualified_plural().to_string(),
                r.qualified_singular().to_string(),
            ];
            names.contains(&lower) || r.short_names.contains(&lower)
        })
    }

    /// The CRD object that defines a custom resource.
    fn crd_of(&self, resource: &Resource) -> Option<&Value> {
        let name = format!("{}.{}", resource.plural, resource.group);
        self.object(CRD_RESOURCE, "", &name).map(|o| &o.value)
    }

    /// The `openAPIV3Schema` of a custom resource's version.
    pub fn custom_schema(&self, resource: &Resource) -> Option<&Value> {
        self.crd_of(resource)?
            .pointer("/spec/versions")?
            .as_array()?
            .iter()
            .find(|v| v.get("name").and_then(Value::as_str) == Some(resource.version.as_str()))?
            .pointer("/schema/openAPIV3Schema")
    }

    /// `additionalPrinterColumns` of a custom resource's version.
    pub fn printer_columns(&self, resource: &Resource) -> Vec<Value> {
        self.crd_of(resource)
            .and_then(|c| c.pointer("/spec/versions"))
            .and_then(Value::as_array)
            .and_then(|vs| {
                vs.iter().find(|v| {
                    v.get("name").and_then(Value::as_str) == Some(resource.version.as_str())
                })
            })
            .and_then(|v| v.get("additionalPrinterColumns"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }

    /// A custom resource checked against its CRD: the object as stored (unknown fields
    /// pruned), the unknown fields' paths, and the validation errors.
    pub fn check_custom(&self, resource: &Resource, value: &Value) -> CustomCheck {
        let mut check = CustomCheck {
            pruned: value.clone(),
            unknown_fields: Vec::new(),
            errors: Vec::new(),
        };
        let Some(schema) = self.custom_schema(resource) else {
            return check;
        };
        if let Some(obj) = check.pruned.as_object_mut() {
            let props = schema.get("properties").and_then(Value::as_object);
            apply_defaults(schema, obj, &["apiVersion", "kind", "metadata"]);
            let keys: Vec<String> = obj.keys().cloned().collect();
            for key in keys {
                if matches!(key.as_str(), "apiVersion" | "kind" | "metadata") {
                    continue;
                }
                match props.and_then(|p| p.get(&key)) {
                    Some(sub) => {
                        if let Some(v) = obj.get_mut(&key) {
                            walk(sub, v, &key, &mut check.unknown_fields, &mut check.errors);
                        }
                    }
                    None if preserves(schema) => {}
                    None => {
                        obj.remove(&key);
                        check.unknown_fields.push(key);
                    }
                }
            }
            required(schema, obj, "", &mut check.errors);
        }
        check
    }

    /// After a CRD is stored: its status as the apiextensions controllers leave it (names
    /// accepted, established, the storage version recorded), and its defaults.
    pub(super) fn establish_crd(&mut self, value: &mut Value) {
        let Some(obj) = value.as_object_mut() else {
            return;
        };
        let names = obj
            .get("spec")
            .and_then(|s| s.get("names"))
            .cloned()
            .unwrap_or(json!({}));
        let kind = names
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if let Some(spec) = obj.get_mut("spec").and_then(Value::as_object_mut) {
            if let Some(n) = spec.get_mut("names").and_then(Value::as_object_mut) {
                n.entry("singular")
                    .or_insert(json!(kind.to_ascii_lowercase()));
                n.entry("listKind").or_insert(json!(format!("{kind}List")));
            }
            spec.entry("conversion")
                .or_insert(json!({"strategy": "None"}));
        }
        let accepted = obj
            .get("spec")
            .and_then(|s| s.get("names"))
            .cloned()
            .unwrap_or(json!({}));
        let storage: Vec<Value> = obj
            .get("spec")
            .and_then(|s| s.get("versions"))
            .and_then(Value::as_array)
            .map(|vs| {
                vs.iter()
                    .filter(|v| v.get("storage").and_then(Value::as_bool) == Some(true))
                    .filter_map(|v| v.get("name").cloned())
                    .collect()
            })
            .unwrap_or_default();
        let now = self.now.rfc3339();
        let condition = |kind: &str, reason: &str, message: &str| {
            json!({
                "lastTransitionTime": now,
                "message": message,
                "reason": reason,
                "status": "True",
                "type": kind,
            })
        };
        obj.insert(
            "status".into(),
            json!({
                "acceptedNames": accepted,
                "conditions": [
                    condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                    condition("Established", "InitialNamesAccepted", "the initial names have been accepted"),
                ],
                "storedVersions": storage,
            }),
        );
    }

    /// Deleting a CRD deletes its custom resources (the `customresourcecleanup` finalizer).
    pub(super) fn delete_custom_resources(&mut self, crd: &Value) {
        for r in resources_of(crd) {
            let keys: Vec<super::objects::ObjectKey> = self
                .objects
                .keys()
                .filter(|(res, _, _)| res == r.qualified_plural())
                .cloned()
                .collect();
            for k in keys {
                self.objects.remove(&k);
            }
        }
    }
}

/// What `check_custom` found.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomCheck {
    pub pruned: Value,
    pub unknown_fields: Vec<String>,
    pub errors: Vec<FieldError>,
}

/// apiextensions' own checks of a CRD on create and update.
pub fn validate_crd(value: &Value) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let text = |p: &str| value.pointer(p).and_then(Value::as_str).unwrap_or("");
    let name = text("/metadata/name");
    let group = text("/spec/group");
    let plural = text("/spec/names/plural");
    if group.is_empty() {
        errs.push(FieldError::required("spec.group", ""));
    }
    if plural.is_empty() {
        errs.push(FieldError::required("spec.names.plural", ""));
    }
    if text("/spec/names/kind").is_empty() {
        errs.push(FieldError::required("spec.names.kind", ""));
    }
    if !group.is_empty() && !plural.is_empty() && name != format!("{plural}.{group}") {
        errs.push(FieldError::invalid(
            "metadata.name",
            go_quote(name),
            "must be spec.names.plural+\".\"+spec.group",
        ));
    }
    match text("/spec/scope") {
        "Namespaced" | "Cluster" => {}
        "" => errs.push(FieldError::required("spec.scope", "")),
        other => errs.push(FieldError::unsupported(
            "spec.scope",
            go_quote(other),
            &["Cluster", "Namespaced"],
        )),
    }
    let versions = value
        .pointer("/spec/versions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if versions.is_empty() {
        errs.push(FieldError::invalid(
            "spec.versions",
            "[]apiextensions.CustomResourceDefinitionVersion(nil)".into(),
            "must have exactly one version marked as storage version",
        ));
    } else {
        let storage = versions
            .iter()
            .filter(|v| v.get("storage").and_then(Value::as_bool) == Some(true))
            .count();
        if storage != 1 {
            errs.push(FieldError::invalid(
                "spec.versions",
                format!(
                    "[]apiextensions.CustomResourceDefinitionVersion{{...{} versions}}",
                    versions.len()
                ),
                "must have exactly one version marked as storage version",
            ));
        }
        for (i, v) in versions.iter().enumerate() {
            if v.pointer("/schema/openAPIV3Schema").is_none() {
                errs.push(FieldError::required(
                    format!("spec.versions[{i}].schema.openAPIV3Schema"),
                    "schemas are required",
                ));
            }
        }
    }
    errs
}

fn preserves(schema: &Value) -> bool {
    schema
        .get("x-kubernetes-preserve-unknown-fields")
        .and_then(Value::as_bool)
        == Some(true)
}

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The bad value as the error shows it (Go's `%#v`-ish rendering of JSON values).
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => go_quote(s),
        Value::Object(_) => "\"object\"".to_string(),
        Value::Array(_) => "\"array\"".to_string(),
        other => other.to_string(),
    }
}

fn walk(
    schema: &Value,
    v: &mut Value,
    path: &str,
    unknown: &mut Vec<String>,
    errs: &mut Vec<FieldError>,
) {
    let int_or_string = schema
        .get("x-kubernetes-int-or-string")
        .and_then(Value::as_bool)
        == Some(true);
    if let Some(want) = schema.get("type").and_then(Value::as_str) {
        let got = type_of(v);
        let ok = match want {
            "number" => matches!(got, "number" | "integer"),
            w => w == got,
        } || (int_or_string && matches!(got, "integer" | "string"))
            || (v.is_null() && schema.get("nullable").and_then(Value::as_bool) == Some(true));
        if !ok {
            errs.push(FieldError::invalid(
                path,
                go_quote(got),
                format!("{path} in body must be of type {want}: {}", go_quote(got)),
            ));
            return;
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        if !options.contains(v) {
            let supported: Vec<String> = options
                .iter()
                .map(|o| {
                    o.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| o.to_string())
                })
                .collect();
            let refs: Vec<&str> = supported.iter().map(String::as_str).collect();
            errs.push(FieldError::unsupported(path, shown(v), &refs));
        }
    }
    if let Some(n) = v.as_f64() {
        if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
            if n < min {
                errs.push(FieldError::invalid(
                    path,
                    shown(v),
                    format!(
                        "{path} in body should be greater than or equal to {}",
                        num(min)
                    ),
                ));
            }
        }
        if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
            if n > max {
                errs.push(FieldError::invalid(
                    path,
                    shown(v),
                    format!(
                        "{path} in body should be less than or equal to {}",
                        num(max)
                    ),
                ));
            }
        }
    }
    if let Some(s) = v.as_str() {
        let len = s.chars().count() as u64;
        if let Some(min) = schema.get("minLength").and_then(Value::as_u64) {
            if len < min {
                errs.push(FieldError::invalid(
                    path,
                    shown(v),
                    format!("{path} in body should be at least {min} chars long"),
                ));
            }
        }
        if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
            if len > max {
                errs.push(FieldError {
                    field: path.to_string(),
                    kind: crate::manifest::FieldErrorKind::TooLong,
                    value: None,
                    detail: format!("may not be more than {max} bytes"),
                });
            }
        }
    }
    match v {
        Value::Object(obj) => {
            if preserves(schema) && schema.get("properties").is_none() {
                return;
            }
            let props = schema.get("properties").and_then(Value::as_object);
            let additional = schema.get("additionalProperties");
            apply_defaults(schema, obj, &[]);
            let keys: Vec<String> = obj.keys().cloned().collect();
            for key in keys {
                let child_path = format!("{path}.{key}");
                let sub = props
                    .and_then(|p| p.get(&key))
                    .or_else(|| additional.filter(|a| a.is_object()));
                match sub {
                    Some(sub) => {
                        if let Some(child) = obj.get_mut(&key) {
                            walk(sub, child, &child_path, unknown, errs);
                        }
                    }
                    None if preserves(schema)
                        || additional.and_then(Value::as_bool) == Some(true) => {}
                    None => {
                        obj.remove(&key);
                        unknown.push(child_path);
                    }
                }
            }
            required(schema, obj, path, errs);
        }
        Value::Array(items) => {
            if let Some(sub) = schema.get("items") {
                for (i, item) in items.iter_mut().enumerate() {
                    walk(sub, item, &format!("{path}[{i}]"), unknown, errs);
                }
            }
        }
        _ => {}
    }
}

/// Structural defaulting (apiextensions' `structuraldefaulting.Default`): each property with a
/// `default` that the object leaves out (or sets to `null` where the schema is not nullable)
/// gets a copy of it; the walk then goes on into it, so defaults inside a default apply too.
fn apply_defaults(schema: &Value, obj: &mut Map<String, Value>, skip: &[&str]) {
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (key, sub) in props {
        if skip.contains(&key.as_str()) {
            continue;
        }
        let Some(default) = sub.get("default") else {
            continue;
        };
        let nullable = sub.get("nullable").and_then(Value::as_bool) == Some(true);
        let absent = match obj.get(key) {
            None => true,
            Some(Value::Null) => !nullable,
            Some(_) => false,
        };
        if absent {
            obj.insert(key.clone(), default.clone());
        }
    }
}

fn required(schema: &Value, obj: &Map<String, Value>, path: &str, errs: &mut Vec<FieldError>) {
    for r in schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !obj.contains_key(r) {
            let field = if path.is_empty() {
                r.to_string()
            } else {
                format!("{path}.{r}")
            };
            errs.push(FieldError::required(field, ""));
        }
    }
}

fn num(f: f64) -> String {
    if f.fract() == 0.0 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}
