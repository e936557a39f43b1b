//! Writes dsp-core's typed model of the API objects the simulator reads and writes
//! (`crates/dsp-core/src/k8s/types.rs`): the types in [`TYPED`], with every field the schema
//! gives them, named as k8s-openapi names them. A field whose type is not in the list is kept as
//! a JSON value, so the objects round-trip whole while the page carries decoding code for a few
//! dozen types instead of k8s-openapi's hundreds.

use std::fmt::Write as _;

use serde_json::{Map, Value};

/// Where the generated module lives, relative to the workspace root.
pub const TYPES_FILE: &str = "crates/dsp-core/src/k8s/types.rs";

/// The types given Rust structs, by schema name, grouped by the module they go to. A resource
/// (it has `apiVersion` and `kind`) writes them from its module's API version.
pub const TYPED: &[(&str, &str, &[&str])] = &[
    (
        "apps",
        "apps/v1",
        &[
            "ControllerRevision",
            "DaemonSet",
            "DaemonSetSpec",
            "DaemonSetStatus",
            "DaemonSetUpdateStrategy",
            "RollingUpdateDaemonSet",
        ],
    ),
    (
        "core",
        "v1",
        &[
            "Affinity",
            "ConfigMapEnvSource",
            "ConfigMapKeySelector",
            "ConfigMapProjection",
            "ConfigMapVolumeSource",
            "Container",
            "ContainerPort",
            "ContainerState",
            "ContainerStateRunning",
            "ContainerStateTerminated",
            "ContainerStateWaiting",
            "ContainerStatus",
            "CSIVolumeSource",
            "DownwardAPIProjection",
            "DownwardAPIVolumeFile",
            "DownwardAPIVolumeSource",
            "EmptyDirVolumeSource",
            "EnvFromSource",
            "EnvVar",
            "EnvVarSource",
            "Event",
            "EventSource",
            "ExecAction",
            "GitRepoVolumeSource",
            "GRPCAction",
            "HostPathVolumeSource",
            "HTTPGetAction",
            "HTTPHeader",
            "ImageVolumeSource",
            "KeyToPath",
            "Node",
            "NodeAddress",
            "NodeAffinity",
            "NodeCondition",
            "NodeSelector",
            "NodeSelectorRequirement",
            "NodeSelectorTerm",
            "NodeSpec",
            "NodeStatus",
            "NodeSystemInfo",
            "NFSVolumeSource",
            "ObjectFieldSelector",
            "ObjectReference",
            "PersistentVolumeClaimVolumeSource",
            "Pod",
            "PodCondition",
            "PodIP",
            "PodSecurityContext",
            "PodSpec",
            "PodStatus",
            "PodTemplateSpec",
            "Probe",
            "ProjectedVolumeSource",
            "ResourceFieldSelector",
            "ResourceRequirements",
            "SecretEnvSource",
            "SecretKeySelector",
            "SecretProjection",
            "SecretVolumeSource",
            "SeccompProfile",
            "SecurityContext",
            "ServiceAccountTokenProjection",
            "Taint",
            "TCPSocketAction",
            "Toleration",
            "TopologySpreadConstraint",
            "Volume",
            "VolumeDevice",
            "VolumeMount",
            "VolumeProjection",
        ],
    ),
    (
        "meta",
        "v1",
        &[
            "LabelSelector",
            "LabelSelectorRequirement",
            "ObjectMeta",
            "OwnerReference",
        ],
    ),
];

/// Schema-name prefixes of the modules.
fn prefix(module: &str) -> &'static str {
    match module {
        "apps" => "io.k8s.api.apps.v1.",
        "core" => "io.k8s.api.core.v1.",
        _ => "io.k8s.apimachinery.pkg.apis.meta.v1.",
    }
}

/// Scalar types written by hand in dsp-core's `k8s` module.
const HAND_WRITTEN: &[(&str, &str)] = &[
    ("io.k8s.apimachinery.pkg.apis.meta.v1.Time", "super::Time"),
    (
        "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
        "super::MicroTime",
    ),
    (
        "io.k8s.apimachinery.pkg.api.resource.Quantity",
        "super::Quantity",
    ),
    (
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
        "super::IntOrString",
    ),
];

/// k8s-openapi's field names: snake case, acronyms kept whole (`hostIPC` → `host_ipc`,
/// `podIPs` → `pod_ips`), keywords suffixed with `_`.
pub fn rust_field(json: &str) -> String {
    let json = json
        .replace("IPs", "Ips")
        .replace("CIDRs", "Cidrs")
        .replace("URLs", "Urls")
        .replace("WWNs", "Wwns");
    let chars: Vec<char> = json.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                None => false,
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    match out.as_str() {
        "type" | "ref" | "continue" | "as" | "match" | "override" => out + "_",
        _ => out,
    }
}

fn is_typed(name: &str) -> Option<(&'static str, &'static str)> {
    for (module, _, types) in TYPED {
        if let Some(short) = name.strip_prefix(prefix(module)) {
            if let Some(t) = types.iter().find(|t| **t == short) {
                return Some((module, t));
            }
        }
    }
    None
}

/// The Rust type of a data-file type reference (`[T]`, `{T}`, a scalar or a type name).
fn rust_type(r: &str) -> String {
    if let Some(inner) = r.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        return format!("Vec<{}>", rust_type(inner));
    }
    if let Some(inner) = r.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        return format!("BTreeMap<String, {}>", rust_type(inner));
    }
    match r {
        "string" | "byte" => "String".into(),
        "date-time" => "super::Time".into(),
        "int32" => "i32".into(),
        "int64" => "i64".into(),
        "double" => "f64".into(),
        "boolean" => "bool".into(),
        "int-or-string" => "super::IntOrString".into(),
        "any" | "object" => "Value".into(),
        name => {
            if let Some((_, t)) = HAND_WRITTEN.iter().find(|(n, _)| *n == name) {
                return t.to_string();
            }
            match is_typed(name) {
                Some((module, t)) => format!("super::{module}::{t}"),
                None => "Value".into(),
            }
        }
    }
}

/// The generated module's text, from the schema's definitions (as `crate::generate` builds
/// them: `properties` with `$ref`s, `required`).
pub fn generate_types(definitions: &Map<String, Value>) -> Result<String, String> {
    let mut out = String::new();
    out.push_str(
        "//! The API objects the simulator reads and writes, with every field of the v1.33 schema.\n\
         //! Generated by `cargo run -p dsp-schema-gen` from k8s-openapi: do not edit by hand.\n\
         //! Field names are k8s-openapi's; fields of types not listed in the generator are kept as\n\
         //! JSON values.\n\n\
         #![allow(clippy::all)]\n\n\
         use super::{IntOrString, MicroTime, Quantity, Time};\n\
         use serde::{Deserialize, Serialize};\n\
         use serde_json::Value;\n\
         use std::collections::BTreeMap;\n",
    );
    for (module, api_version, types) in TYPED {
        let _ = write!(out, "\npub mod {module} {{\n    use super::*;\n");
        for short in *types {
            let name = format!("{}{short}", prefix(module));
            let schema = definitions
                .get(&name)
                .ok_or_else(|| format!("no definition {name}"))?;
            let props = schema
                .get("properties")
                .and_then(Value::as_object)
                .ok_or_else(|| format!("{name} has no properties"))?;
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let resource = props.contains_key("apiVersion")
                && props.contains_key("kind")
                && props.contains_key("metadata");
            let serialize = if resource { "" } else { ", Serialize" };
            let _ = write!(
                out,
                "\n    #[derive(Clone, Debug, Default, PartialEq, Deserialize{serialize})]\n    pub struct {short} {{\n"
            );
            let mut fields = Vec::new();
            for (json, sub) in props {
                if resource && (json == "apiVersion" || json == "kind") {
                    continue;
                }
                let r = crate::type_ref(sub).map_err(|e| format!("{name}.{json}: {e}"))?;
                let ident = rust_field(json);
                let ty = rust_type(&r);
                // k8s-openapi holds a resource's metadata whole, never absent.
                let is_required =
                    required.contains(&json.as_str()) || (resource && json == "metadata");
                let mut attrs = Vec::new();
                if ident.trim_end_matches('_') != json || ident.ends_with('_') {
                    attrs.push(format!("rename = \"{json}\""));
                }
                if is_required {
                    attrs.push("default".to_string());
                } else {
                    attrs.push("skip_serializing_if = \"Option::is_none\"".to_string());
                }
                let _ = writeln!(out, "        #[serde({})]", attrs.join(", "));
                let ty = if is_required {
                    ty
                } else {
                    format!("Option<{ty}>")
                };
                let _ = writeln!(out, "        pub {ident}: {ty},");
                fields.push((json.clone(), ident, is_required));
            }
            out.push_str("    }\n");
            if resource {
                let _ = write!(
                    out,
                    "\n    impl {short} {{\n        pub const API_VERSION: &'static str = \"{api_version}\";\n        pub const KIND: &'static str = \"{short}\";\n    }}\n\n    impl Serialize for {short} {{\n        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {{\n            use serde::ser::SerializeStruct;\n            let mut st = s.serialize_struct(\"{short}\", {})?;\n            st.serialize_field(\"apiVersion\", Self::API_VERSION)?;\n            st.serialize_field(\"kind\", Self::KIND)?;\n",
                    fields.len() + 2
                );
                for (json, ident, is_required) in &fields {
                    if *is_required {
                        let _ = writeln!(
                            out,
                            "            st.serialize_field(\"{json}\", &self.{ident})?;"
                        );
                    } else {
                        let _ = writeln!(
                            out,
                            "            if let Some(v) = &self.{ident} {{\n                st.serialize_field(\"{json}\", v)?;\n            }}"
                        );
                    }
                }
                out.push_str("            st.end()\n        }\n    }\n");
            }
        }
        out.push_str("}\n");
    }
    Ok(out)
}
