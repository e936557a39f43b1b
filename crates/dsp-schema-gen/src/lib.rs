//! Builds dsp-schema's data files from k8s-openapi, the source of truth for the Kubernetes API:
//! every resource the v1.33 API server serves by default (its group, version, kind, plural and
//! scope from k8s-openapi's `Resource` trait; short names, categories and verbs, which
//! k8s-openapi does not carry, from the table below, as `kubectl api-resources -o wide` prints
//! them), and every type those resources reach, reduced to field names and type references
//! (from k8s-openapi's JSON schemas). Field descriptions go to a second file, which the page
//! loads only when `kubectl explain` first needs it.
//!
//! `cargo run -p dsp-schema-gen` rewrites the files; a test fails when they are stale.

use std::collections::BTreeMap;

use k8s_openapi::api::{
    admissionregistration::v1 as admission, apps::v1 as apps, authentication::v1 as authn,
    authorization::v1 as authz, autoscaling::v2 as autoscaling, batch::v1 as batch,
    certificates::v1 as certificates, coordination::v1 as coordination, core::v1 as core,
    discovery::v1 as discovery, events::v1 as events, flowcontrol::v1 as flowcontrol,
    networking::v1 as networking, node::v1 as node, policy::v1 as policy, rbac::v1 as rbac,
    scheduling::v1 as scheduling, storage::v1 as storage,
};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1 as apiextensions;
use k8s_openapi::kube_aggregator::pkg::apis::apiregistration::v1 as apiregistration;
use serde_json::{json, Map, Value};

mod types;
pub use types::{rust_field, TYPED, TYPES_FILE};

/// The Kubernetes minor version the data describes (the one `kubectl version` reports).
pub const KUBERNETES: &str = "1.33";

/// Where the generated files live, relative to the workspace root.
pub const SCHEMA_FILE: &str = "crates/dsp-schema/data/schema.json";
pub const DESCRIPTIONS_FILE: &str = "crates/dsp-schema/data/descriptions.json";

const CRUD: &str = "create,delete,deletecollection,get,list,patch,update,watch";
const NO_COLLECTION: &str = "create,delete,get,list,patch,update,watch";
const CREATE: &str = "create";

/// One served resource: what k8s-openapi knows of it, and what it does not.
struct Entry {
    group: &'static str,
    version: &'static str,
    kind: &'static str,
    plural: &'static str,
    namespaced: bool,
    type_name: String,
    short: &'static str,
    categories: &'static str,
    verbs: &'static str,
}

fn entry<T: k8s_openapi::Resource + schemars::JsonSchema>(
    short: &'static str,
    categories: &'static str,
    verbs: &'static str,
) -> Entry {
    let scope = std::any::type_name::<T::Scope>();
    Entry {
        group: T::GROUP,
        version: T::VERSION,
        kind: T::KIND,
        plural: T::URL_PATH_SEGMENT,
        namespaced: scope.ends_with("NamespaceResourceScope"),
        type_name: T::schema_name().into_owned(),
        short,
        categories,
        verbs,
    }
}

/// Calls `$m!` with every resource of `kubectl api-resources` on a v1.33 cluster with its
/// default API groups, each at its preferred version, in that command's order (core group
/// first, then by group), as `Type => (short names, categories, verbs)`.
macro_rules! resources {
    ($m:ident) => {
        $m![
            core::Binding => ("", "", CREATE),
            core::ComponentStatus => ("cs", "", "get,list"),
            core::ConfigMap => ("cm", "", CRUD),
            core::Endpoints => ("ep", "", CRUD),
            core::Event => ("ev", "", CRUD),
            core::LimitRange => ("limits", "", CRUD),
            core::Namespace => ("ns", "", NO_COLLECTION),
            core::Node => ("no", "", CRUD),
            core::PersistentVolumeClaim => ("pvc", "", CRUD),
            core::PersistentVolume => ("pv", "", CRUD),
            core::Pod => ("po", "all", CRUD),
            core::PodTemplate => ("", "", CRUD),
            core::ReplicationController => ("rc", "all", CRUD),
            core::ResourceQuota => ("quota", "", CRUD),
            core::Secret => ("", "", CRUD),
            core::ServiceAccount => ("sa", "", CRUD),
            core::Service => ("svc", "all", CRUD),
            admission::MutatingWebhookConfiguration => ("", "api-extensions", CRUD),
            admission::ValidatingAdmissionPolicy => ("", "api-extensions", CRUD),
            admission::ValidatingAdmissionPolicyBinding => ("", "api-extensions", CRUD),
            admission::ValidatingWebhookConfiguration => ("", "api-extensions", CRUD),
            apiextensions::CustomResourceDefinition => ("crd,crds", "api-extensions", CRUD),
            apiregistration::APIService => ("", "api-extensions", CRUD),
            apps::ControllerRevision => ("", "", CRUD),
            apps::DaemonSet => ("ds", "all", CRUD),
            apps::Deployment => ("deploy", "all", CRUD),
            apps::ReplicaSet => ("rs", "all", CRUD),
            apps::StatefulSet => ("sts", "all", CRUD),
            authn::SelfSubjectReview => ("", "", CREATE),
            authn::TokenReview => ("", "", CREATE),
            authz::LocalSubjectAccessReview => ("", "", CREATE),
            authz::SelfSubjectAccessReview => ("", "", CREATE),
            authz::SelfSubjectRulesReview => ("", "", CREATE),
            authz::SubjectAccessReview => ("", "", CREATE),
            autoscaling::HorizontalPodAutoscaler => ("hpa", "all", CRUD),
            batch::CronJob => ("cj", "all", CRUD),
            batch::Job => ("", "all", CRUD),
            certificates::CertificateSigningRequest => ("csr", "", CRUD),
            coordination::Lease => ("", "", CRUD),
            discovery::EndpointSlice => ("", "", CRUD),
            events::Event => ("ev", "", CRUD),
            flowcontrol::FlowSchema => ("", "", CRUD),
            flowcontrol::PriorityLevelConfiguration => ("", "", CRUD),
            networking::IngressClass => ("", "", CRUD),
            networking::Ingress => ("ing", "", CRUD),
            networking::IPAddress => ("ip", "", CRUD),
            networking::NetworkPolicy => ("netpol", "", CRUD),
            networking::ServiceCIDR => ("", "", CRUD),
            node::RuntimeClass => ("", "", CRUD),
            policy::PodDisruptionBudget => ("pdb", "", CRUD),
            rbac::ClusterRoleBinding => ("", "", CRUD),
            rbac::ClusterRole => ("", "", CRUD),
            rbac::RoleBinding => ("", "", CRUD),
            rbac::Role => ("", "", CRUD),
            scheduling::PriorityClass => ("pc", "", CRUD),
            storage::CSIDriver => ("", "", CRUD),
            storage::CSINode => ("", "", CRUD),
            storage::CSIStorageCapacity => ("", "", CRUD),
            storage::StorageClass => ("sc", "", CRUD),
            storage::VolumeAttachment => ("", "", CRUD),
        ]
    };
}

fn entries(generator: &mut schemars::SchemaGenerator) -> Vec<Entry> {
    macro_rules! list {
        ($( $t:ty => ($short:expr, $cat:expr, $verbs:expr) ),* $(,)?) => {{
            let mut v = Vec::new();
            $(
                generator.subschema_for::<$t>();
                v.push(entry::<$t>($short, $cat, $verbs));
            )*
            v
        }};
    }
    resources!(list)
}

/// Decodes a value with k8s-openapi's own types (serde), returning the unknown fields it
/// skipped (paths as serde_ignored writes them) or its error.
pub type TypedDecoder = fn(&Value) -> Result<Vec<String>, String>;

/// k8s-openapi's decoder for every resource type, by schema type name: the test oracle.
pub fn typed_decoders() -> Vec<(String, TypedDecoder)> {
    fn decode<T: serde::de::DeserializeOwned>(value: &Value) -> Result<Vec<String>, String> {
        let mut unknown = Vec::new();
        let decoded: Result<T, _> =
            serde_ignored::deserialize(value.clone(), |path| unknown.push(path.to_string()));
        decoded.map(|_| unknown).map_err(|e| e.to_string())
    }
    macro_rules! list {
        ($( $t:ty => ($short:expr, $cat:expr, $verbs:expr) ),* $(,)?) => {
            vec![$( (<$t as schemars::JsonSchema>::schema_name().into_owned(), decode::<$t> as TypedDecoder) ),*]
        };
    }
    resources!(list)
}

/// What k8s-openapi's own types keep of a value: decoded (unknown fields skipped) and written
/// again, or its error.
pub type TypedRoundTrip = fn(&Value) -> Result<Value, String>;

/// k8s-openapi's decode-and-encode for every resource type, by schema type name: the oracle
/// for what the API server stores of an object (`dsp_schema::Schema::prune`).
pub fn typed_round_trips() -> Vec<(String, TypedRoundTrip)> {
    fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
        value: &Value,
    ) -> Result<Value, String> {
        let typed: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
        serde_json::to_value(typed).map_err(|e| e.to_string())
    }
    macro_rules! list {
        ($( $t:ty => ($short:expr, $cat:expr, $verbs:expr) ),* $(,)?) => {
            vec![$( (<$t as schemars::JsonSchema>::schema_name().into_owned(), round_trip::<$t> as TypedRoundTrip) ),*]
        };
    }
    resources!(list)
}

/// Types whose Go decoding takes any JSON value (k8s-openapi's schemas say "object").
const ANY_VALUE: &[&str] = &[
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray",
];

/// A type reference as the data file writes it: a scalar name, `[T]` (list), `{T}` (map with
/// string keys) or a type's name.
fn type_ref(schema: &Value) -> Result<String, String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return Ok(r.rsplit('/').next().unwrap_or(r).to_string());
    }
    if schema.get("x-kubernetes-int-or-string") == Some(&Value::Bool(true)) {
        return Ok("int-or-string".into());
    }
    if schema.get("oneOf").is_some() {
        return Ok("any".into());
    }
    let format = schema.get("format").and_then(Value::as_str);
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => Ok(match format {
            Some("byte") => "byte",
            Some("date-time") => "date-time",
            _ => "string",
        }
        .into()),
        Some("integer") => Ok(match format {
            Some("int32") => "int32",
            _ => "int64",
        }
        .into()),
        Some("number") => Ok("double".into()),
        Some("boolean") => Ok("boolean".into()),
        Some("array") => {
            let items = schema.get("items").ok_or("an array without items")?;
            Ok(format!("[{}]", type_ref(items)?))
        }
        Some("object") => match schema.get("additionalProperties") {
            Some(Value::Bool(true)) | None if schema.get("properties").is_none() => {
                Ok(match schema.get("additionalProperties") {
                    None => "object",
                    _ => "{any}",
                }
                .into())
            }
            Some(extra) if extra.is_object() => Ok(format!("{{{}}}", type_ref(extra)?)),
            _ => Err(format!("an inline object with properties: {schema}")),
        },
        None => Ok("any".into()),
        Some(other) => Err(format!("type {other}")),
    }
}

/// Every generated file, as (path from the workspace root, contents): the schema, the field
/// descriptions and dsp-core's typed model.
pub fn generate_files() -> Result<Vec<(&'static str, String)>, String> {
    let mut generator = schemars::SchemaGenerator::default();
    let resources = entries(&mut generator);
    let definitions = generator.take_definitions(true);
    let (schema, descriptions) = data_files(&resources, &definitions)?;
    Ok(vec![
        (SCHEMA_FILE, schema),
        (DESCRIPTIONS_FILE, descriptions),
        (TYPES_FILE, types::generate_types(&definitions)?),
    ])
}

/// The two data files' contents: the schema (kinds and types) and the field descriptions.
fn data_files(
    resources: &[Entry],
    definitions: &Map<String, Value>,
) -> Result<(String, String), String> {
    let mut types = BTreeMap::new();
    let mut descriptions = BTreeMap::new();
    for (name, schema) in definitions {
        let mut about = Map::new();
        if let Some(d) = schema.get("description").and_then(Value::as_str) {
            about.insert(String::new(), Value::from(d));
        }
        let entry = if ANY_VALUE.contains(&name.as_str()) {
            Value::from("any")
        } else if name == "io.k8s.apimachinery.pkg.api.resource.Quantity" {
            Value::from("quantity")
        } else if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            let mut fields = Map::new();
            for (field, sub) in props {
                let r = type_ref(sub).map_err(|e| format!("{name}.{field}: {e}"))?;
                fields.insert(field.clone(), Value::from(r));
                if let Some(d) = sub.get("description").and_then(Value::as_str) {
                    about.insert(field.clone(), Value::from(d));
                }
            }
            let required: Vec<Value> = schema
                .get("required")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if !required.is_empty() {
                fields.insert("!required".into(), Value::Array(required));
            }
            Value::Object(fields)
        } else {
            Value::from(type_ref(schema).map_err(|e| format!("{name}: {e}"))?)
        };
        types.insert(name.clone(), entry);
        descriptions.insert(name.clone(), Value::Object(about));
    }

    let resources: Vec<Value> = resources
        .iter()
        .map(|e| {
            json!([
                e.group,
                e.version,
                e.kind,
                e.plural,
                e.namespaced,
                e.type_name,
                e.short,
                e.categories,
                e.verbs
            ])
        })
        .collect();
    // One line per resource and per type, so a change to the API reads as a small diff.
    let mut schema = format!("{{\"kubernetes\":\"{KUBERNETES}\",\n\"resources\":[\n");
    push_lines(&mut schema, resources.iter().map(Value::to_string));
    schema.push_str("],\n\"types\":{\n");
    push_lines(
        &mut schema,
        types
            .iter()
            .map(|(k, v)| format!("{}:{v}", Value::from(k.as_str()))),
    );
    schema.push_str("}}\n");
    let mut about = String::from("{\n");
    push_lines(
        &mut about,
        descriptions
            .iter()
            .map(|(k, v)| format!("{}:{v}", Value::from(k.as_str()))),
    );
    about.push_str("}\n");
    Ok((schema, about))
}

fn push_lines(out: &mut String, lines: impl Iterator<Item = String>) {
    let mut first = true;
    for line in lines {
        if !first {
            out.push_str(",\n");
        }
        first = false;
        out.push_str(&line);
    }
    out.push('\n');
}
