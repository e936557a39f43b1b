//! The Kubernetes API objects the simulator models as Rust types (DaemonSets and their pod
//! templates, Nodes, Pods, ControllerRevisions, Events), read from values the schema has
//! already checked (`dsp_schema`). `types.rs` is generated from k8s-openapi by dsp-schema-gen,
//! with the same type and field names, so k8s-openapi stays the source of truth (and the test
//! oracle) without being compiled into the page: every field of these types is there, and a
//! field of a type the simulator never reads is kept as a JSON value.
//!
//! The scalar types below are written by hand: times as the RFC 3339 text the API writes,
//! quantities as their text, and int-or-string.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[rustfmt::skip]
mod types;
pub use types::{apps, core};

/// `meta/v1`: object metadata, label selectors, owner references and times.
pub mod meta {
    pub use super::types::meta::*;
    pub use super::{MicroTime, Time};
}

/// `metav1.Time`: an instant as RFC 3339 text in UTC with seconds (`2026-01-01T00:00:00Z`), as
/// Go writes it whatever offset or fraction it was given (the schema's pruning,
/// `dsp_schema::Schema::prune`, rewrites times so).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub struct Time(pub String);

/// `metav1.MicroTime`: an instant as RFC 3339 text in UTC with microseconds.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub struct MicroTime(pub String);

/// `resource.Quantity` as written (`100m`, `1Gi`). Go also takes a JSON number, which the
/// schema check lets through; it is kept as its text.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Quantity(pub String);

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => Ok(Quantity(s)),
            serde_json::Value::Number(n) => Ok(Quantity(n.to_string())),
            other => Err(serde::de::Error::custom(format!(
                "a quantity is a string or a number, not {other}"
            ))),
        }
    }
}

/// `intstr.IntOrString`: a port or budget written as a number or as text (`3`, `"25%"`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntOrString {
    Int(i32),
    String(String),
}

impl Default for IntOrString {
    fn default() -> Self {
        IntOrString::Int(0)
    }
}

impl Serialize for IntOrString {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            IntOrString::Int(n) => s.serialize_i32(*n),
            IntOrString::String(text) => s.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for IntOrString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => Ok(IntOrString::String(s)),
            serde_json::Value::Number(n) => n
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .map(IntOrString::Int)
                .ok_or_else(|| {
                    serde::de::Error::custom(format!("{n} is not an int32 or a string"))
                }),
            other => Err(serde::de::Error::custom(format!(
                "an int-or-string is a number or a string, not {other}"
            ))),
        }
    }
}

impl Time {
    /// The instant `secs` seconds after the Unix epoch, as the API writes it (UTC, seconds).
    pub fn from_unix_seconds(secs: i64) -> Time {
        Time(dsp_schema::time::format(secs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_as_the_api_writes_them() {
        assert_eq!(Time::from_unix_seconds(0).0, "1970-01-01T00:00:00Z");
        assert_eq!(
            Time::from_unix_seconds(1_767_225_600 + 61).0,
            "2026-01-01T00:01:01Z"
        );
        assert_eq!(
            Time::from_unix_seconds(951_782_400).0,
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(Time::from_unix_seconds(-1).0, "1969-12-31T23:59:59Z");
        assert_eq!(
            Time::from_unix_seconds(4_107_542_399).0,
            "2100-02-28T23:59:59Z"
        );
    }

    #[test]
    fn int_or_string_and_quantity_take_what_go_takes() {
        let v: IntOrString = serde_json::from_value(serde_json::json!(3)).unwrap();
        assert_eq!(v, IntOrString::Int(3));
        let v: IntOrString = serde_json::from_value(serde_json::json!("25%")).unwrap();
        assert_eq!(v, IntOrString::String("25%".into()));
        assert!(
            serde_json::from_value::<IntOrString>(serde_json::json!(3_000_000_000u64)).is_err()
        );
        let q: Quantity = serde_json::from_value(serde_json::json!(2)).unwrap();
        assert_eq!(q.0, "2");
        assert_eq!(
            serde_json::to_value(IntOrString::Int(8080)).unwrap(),
            serde_json::json!(8080)
        );
    }
}
