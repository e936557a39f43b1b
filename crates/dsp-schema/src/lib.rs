//! The Kubernetes API schema as data, and decoding against it.
//!
//! `data/schema.json` is generated from k8s-openapi by `dsp-schema-gen` (a test there fails
//! when it is stale): the resources the API server serves (group, version, kind, plural,
//! scope, short names, categories, verbs) and every type they reach, reduced to field names and
//! type references. This crate carries no k8s-openapi code: the page gets the API as ~30 KB of
//! data instead of typed decoders.
//!
//! [`Schema::decode`] checks a JSON value the way the API server's decoder does
//! (sigs.k8s.io/json, Go's encoding/json with strict-field reporting): the first type mismatch
//! is an error in Go's wording (`json: cannot unmarshal string into Go struct field
//! DaemonSetSpec.spec.updateStrategy of type v1.DaemonSetUpdateStrategy`), and every field
//! the type does not have is listed as strict decoding names it (`spec.template.spec.
//! containers[0].imagee`). dsp-schema-gen's oracle test holds it to k8s-openapi's own decoding.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde_json::Value;

const SCHEMA: &str = include_str!("../data/schema.json");

/// A resource the API server serves.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Resource {
    /// `""` for the core group.
    pub group: String,
    pub version: String,
    pub kind: String,
    /// Lower-case plural, as in URLs and `kubectl get PLURAL`.
    pub plural: String,
    pub namespaced: bool,
    /// The schema type of its objects.
    pub type_name: String,
    pub short_names: Vec<String>,
    pub categories: Vec<String>,
    pub verbs: Vec<String>,
    names: Names,
}

/// The names derived from group, version, kind and plural, made once.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Names {
    api_version: String,
    qualified_plural: String,
    qualified_singular: String,
}

impl Resource {
    /// A resource from its parts (the derived names are made here).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        group: &str,
        version: &str,
        kind: &str,
        plural: &str,
        namespaced: bool,
        type_name: &str,
        short_names: Vec<String>,
        categories: Vec<String>,
        verbs: Vec<String>,
    ) -> Resource {
        let qualify = |base: &str| match group {
            "" => base.to_string(),
            g => format!("{base}.{g}"),
        };
        let names = Names {
            api_version: match group {
                "" => version.to_string(),
                g => format!("{g}/{version}"),
            },
            qualified_plural: qualify(plural),
            qualified_singular: qualify(&kind.to_ascii_lowercase()),
        };
        Resource {
            group: group.to_string(),
            version: version.to_string(),
            kind: kind.to_string(),
            plural: plural.to_string(),
            namespaced,
            type_name: type_name.to_string(),
            short_names,
            categories,
            verbs,
            names,
        }
    }

    /// `apiVersion` as objects write it: `v1`, `apps/v1`.
    pub fn api_version(&self) -> &str {
        &self.names.api_version
    }

    /// `daemonsets.apps`, `pods`: how API errors name the resource.
    pub fn qualified_plural(&self) -> &str {
        &self.names.qualified_plural
    }

    /// `daemonset.apps`, `configmap`: how kubectl's name printer prefixes an object.
    pub fn qualified_singular(&self) -> &str {
        &self.names.qualified_singular
    }
}

/// What a field holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRef {
    String,
    Int32,
    Int64,
    Double,
    Boolean,
    /// A base64 string (`[]byte` in Go).
    Byte,
    /// An RFC 3339 time (`metav1.Time`).
    DateTime,
    /// A number or a string (`intstr.IntOrString`).
    IntOrString,
    /// A number or a string in quantity syntax (`resource.Quantity`).
    Quantity,
    /// Any JSON value.
    Any,
    /// Any JSON object (`runtime.RawExtension`, `FieldsV1`).
    Object,
    List(Box<TypeRef>),
    Map(Box<TypeRef>),
    Named(String),
}

impl TypeRef {
    fn parse(text: &str) -> TypeRef {
        if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            return TypeRef::List(Box::new(TypeRef::parse(inner)));
        }
        if let Some(inner) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            return TypeRef::Map(Box::new(TypeRef::parse(inner)));
        }
        match text {
            "string" => TypeRef::String,
            "int32" => TypeRef::Int32,
            "int64" => TypeRef::Int64,
            "double" => TypeRef::Double,
            "boolean" => TypeRef::Boolean,
            "byte" => TypeRef::Byte,
            "date-time" => TypeRef::DateTime,
            "int-or-string" => TypeRef::IntOrString,
            "quantity" => TypeRef::Quantity,
            "any" => TypeRef::Any,
            "object" => TypeRef::Object,
            name => TypeRef::Named(name.to_string()),
        }
    }
}

/// A named type: a struct with fields, or another name for a field type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeDef {
    Struct {
        fields: Vec<(String, TypeRef)>,
        required: Vec<String>,
    },
    Alias(TypeRef),
}

/// The whole API.
#[derive(Debug)]
pub struct Schema {
    /// The Kubernetes minor version it describes ("1.33").
    pub kubernetes: String,
    pub resources: Vec<Resource>,
    types: HashMap<String, TypeDef>,
}

/// The schema of the data file, read once.
pub fn schema() -> &'static Schema {
    static PARSED: OnceLock<Schema> = OnceLock::new();
    PARSED.get_or_init(|| Schema::from_json(SCHEMA).expect("the generated schema reads"))
}

impl Schema {
    /// Reads a data file written by dsp-schema-gen.
    pub fn from_json(text: &str) -> Result<Schema, String> {
        let root: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let kubernetes = root["kubernetes"].as_str().unwrap_or_default().to_string();
        let list = |v: &Value| -> Vec<String> {
            v.as_str()
                .unwrap_or_default()
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        let mut resources = Vec::new();
        for r in root["resources"].as_array().ok_or("no resources")? {
            let s = |i: usize| r[i].as_str().unwrap_or_default().to_string();
            resources.push(Resource::new(
                &s(0),
                &s(1),
                &s(2),
                &s(3),
                r[4].as_bool().unwrap_or(false),
                &s(5),
                list(&r[6]),
                list(&r[7]),
                list(&r[8]),
            ));
        }
        let mut types = HashMap::new();
        for (name, def) in root["types"].as_object().ok_or("no types")? {
            let def = match def {
                Value::String(t) => TypeDef::Alias(TypeRef::parse(t)),
                Value::Object(fields) => TypeDef::Struct {
                    fields: fields
                        .iter()
                        .filter(|(k, _)| *k != "!required")
                        .map(|(k, v)| (k.clone(), TypeRef::parse(v.as_str().unwrap_or("any"))))
                        .collect(),
                    required: fields
                        .get("!required")
                        .and_then(Value::as_array)
                        .map(|r| {
                            r.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default(),
                },
                _ => return Err(format!("type {name} is neither a struct nor a name")),
            };
            types.insert(name.clone(), def);
        }
        Ok(Schema {
            kubernetes,
            resources,
            types,
        })
    }

    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.get(name)
    }

    /// The resource of an `apiVersion` and `kind`.
    pub fn resource(&self, api_version: &str, kind: &str) -> Option<&Resource> {
        self.resources
            .iter()
            .find(|r| r.kind == kind && r.api_version() == api_version)
    }

    /// The resource a command line names: plural, singular (the kind in lower case), short
    /// name or kind, optionally `.group` qualified (`daemonsets.apps`, `ds`, `DaemonSet`).
    pub fn resource_named(&self, name: &str) -> Option<&Resource> {
        let (base, group) = match name.split_once('.') {
            Some((b, g)) => (b, Some(g)),
            None => (name, None),
        };
        let lower = base.to_ascii_lowercase();
        self.resources.iter().find(|r| {
            group.is_none_or(|g| r.group == g)
                && (r.plural == lower
                    || r.kind.to_ascii_lowercase() == lower
                    || r.short_names.contains(&lower))
        })
    }

    /// Decodes `value` as the named type the way the API server does.
    pub fn decode(&self, type_name: &str, value: &Value) -> Decoded {
        let mut walk = Walk {
            schema: self,
            path: Vec::new(),
            fields: Vec::new(),
            structs: Vec::new(),
            out: Decoded::default(),
        };
        walk.value(&TypeRef::Named(type_name.to_string()), value);
        walk.out
    }
}

/// `metav1.MicroTime`, which Go writes with microseconds (the schema calls it a date-time).
const MICRO_TIME: &str = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";

impl Schema {
    /// What the API server keeps of a decoded object: fields the type does not have are dropped
    /// (strict decoding has already reported them), and a `null` becomes what Go's decoder
    /// leaves: an absent field in a struct, the zero value in a list or map; times are written
    /// in UTC as Go writes them. Call it on a value [`Schema::decode`] accepted.
    pub fn prune(&self, type_name: &str, value: &mut Value) {
        self.prune_at(&TypeRef::Named(type_name.to_string()), value);
    }

    fn prune_at(&self, t: &TypeRef, value: &mut Value) {
        match (t, value) {
            (TypeRef::List(inner), Value::Array(items)) => {
                for item in items {
                    self.zero_if_null(inner, item);
                    self.prune_at(inner, item);
                }
            }
            (TypeRef::Map(inner), Value::Object(map)) => {
                for item in map.values_mut() {
                    self.zero_if_null(inner, item);
                    self.prune_at(inner, item);
                }
            }
            // Go writes a quantity as a string; a number written for one is kept as its text
            // (Go would also canonicalize it: `1.5` → `1500m`).
            (TypeRef::Quantity, value @ Value::Number(_)) => {
                *value = Value::String(value.to_string())
            }
            (TypeRef::DateTime, Value::String(text)) => {
                // The schema checks only that a time is a string; one that does not parse is
                // kept as written (ARCHITECTURE.md, "Where the playground differs").
                if let Some(utc) = time::normalize(text) {
                    *text = utc;
                }
            }
            (TypeRef::Named(name), Value::String(text)) if name == MICRO_TIME => {
                if let Some(utc) = time::normalize_micro(text) {
                    *text = utc;
                }
            }
            (TypeRef::Named(name), value) => match self.type_def(name) {
                Some(TypeDef::Alias(inner)) => self.prune_at(inner, value),
                Some(TypeDef::Struct { fields, .. }) => {
                    if let Value::Object(map) = value {
                        map.retain(|key, item| {
                            !item.is_null() && fields.iter().any(|(n, _)| n == key)
                        });
                        for (key, item) in map.iter_mut() {
                            if let Some((_, ft)) = fields.iter().find(|(n, _)| n == key) {
                                self.prune_at(ft, item);
                            }
                        }
                    }
                }
                None => {}
            },
            _ => {}
        }
    }

    /// Go's zero value for a `null` list item or map value.
    fn zero_if_null(&self, t: &TypeRef, value: &mut Value) {
        if !value.is_null() {
            return;
        }
        *value = match t {
            TypeRef::String | TypeRef::Byte => Value::from(""),
            TypeRef::Int32 | TypeRef::Int64 | TypeRef::IntOrString => Value::from(0),
            TypeRef::Double => Value::from(0.0),
            TypeRef::Boolean => Value::from(false),
            TypeRef::Quantity => Value::from("0"),
            TypeRef::List(_) => Value::Array(Vec::new()),
            TypeRef::Map(_) => Value::Object(serde_json::Map::new()),
            TypeRef::Named(name) => match self.type_def(name) {
                Some(TypeDef::Alias(inner)) => return self.zero_if_null(&inner.clone(), value),
                Some(TypeDef::Struct { .. }) => Value::Object(serde_json::Map::new()),
                None => Value::Null,
            },
            TypeRef::DateTime | TypeRef::Any | TypeRef::Object => Value::Null,
        };
    }
}

/// Field descriptions for `kubectl explain` (`data/descriptions.json`): per type, its own
/// description (key `""`) and each field's.
#[derive(Debug, Default)]
pub struct Descriptions {
    types: HashMap<String, HashMap<String, String>>,
}

impl Descriptions {
    pub fn from_json(text: &str) -> Result<Descriptions, String> {
        let root: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut types = HashMap::new();
        for (name, fields) in root.as_object().ok_or("descriptions are not an object")? {
            let fields = fields
                .as_object()
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| v.as_str().map(|d| (k.clone(), d.to_string())))
                        .collect()
                })
                .unwrap_or_default();
            types.insert(name.clone(), fields);
        }
        Ok(Descriptions { types })
    }

    /// A type's own description.
    pub fn of_type(&self, type_name: &str) -> Option<&str> {
        self.of_field(type_name, "")
    }

    /// A field's description.
    pub fn of_field(&self, type_name: &str, field: &str) -> Option<&str> {
        self.types
            .get(type_name)?
            .get(field)
            .map(String::as_str)
            .filter(|d| !d.is_empty())
    }
}

/// The descriptions compiled into this build (feature `bundled-descriptions`), read once.
#[cfg(feature = "bundled-descriptions")]
pub fn bundled_descriptions() -> &'static Descriptions {
    static PARSED: OnceLock<Descriptions> = OnceLock::new();
    PARSED.get_or_init(|| {
        Descriptions::from_json(include_str!("../data/descriptions.json"))
            .expect("the generated descriptions parse")
    })
}

/// What decoding found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decoded {
    /// The first value Go cannot decode (Go reports only the first).
    pub error: Option<DecodeError>,
    /// Fields the types do not have, in document order, as strict decoding names them.
    pub unknown_fields: Vec<String>,
}

/// A value the API server's decoder refuses, with its message in Go's wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// `json: cannot unmarshal string into Go struct field DaemonSetSpec.spec.updateStrategy of
    /// type v1.DaemonSetUpdateStrategy`, `quantities must match …`, `illegal base64 data …`.
    pub message: String,
    /// Where it is, as a path with list indices (`spec.template.spec.containers[0].ports`).
    pub path: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// apimachinery's `resource.Quantity` syntax, which its UnmarshalJSON checks.
const QUANTITY_ERROR: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// Whether `text` is a quantity (`resource.ParseQuantity`): a signed decimal number and a suffix
/// that is a binary or decimal SI unit or an exponent.
fn is_quantity(text: &str) -> bool {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let digits = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    let (number, suffix) = body.split_at(digits);
    let dots = number.matches('.').count();
    if number.is_empty() || number == "." || dots > 1 {
        return false;
    }
    const UNITS: &[&str] = &[
        "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E",
    ];
    if UNITS.contains(&suffix) {
        return true;
    }
    match suffix.strip_prefix(['e', 'E']) {
        Some(exp) => {
            let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
            !exp.is_empty() && exp.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// RFC 3339 times as the API server writes them: `metav1.Time` in UTC with seconds,
/// `metav1.MicroTime` in UTC with microseconds, whatever offset or precision they were given.
pub mod time {
    /// `2026-01-01T00:00:00Z` for `secs` seconds after the Unix epoch.
    pub fn format(secs: i64) -> String {
        let of_day = secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            of_day / 3_600,
            of_day % 3_600 / 60,
            of_day % 60
        )
    }

    /// A `metav1.Time` as Go writes it, or `None` when the text is not RFC 3339.
    pub fn normalize(text: &str) -> Option<String> {
        parse(text).map(|(secs, _)| format(secs))
    }

    /// A `metav1.MicroTime` as Go writes it (`2026-01-01T00:00:00.000000Z`).
    pub fn normalize_micro(text: &str) -> Option<String> {
        let (secs, nanos) = parse(text)?;
        let seconds = format(secs);
        let stem = seconds.trim_end_matches('Z');
        Some(format!("{stem}.{:06}Z", nanos / 1_000))
    }

    /// The civil date (year, month, day; proleptic Gregorian) `days` after 1970-01-01, after
    /// Howard Hinnant's `civil_from_days`.
    pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        (yoe + era * 400 + i64::from(month <= 2), month, day)
    }

    /// Days from 1970-01-01 to a civil date (Howard Hinnant's `days_from_civil`).
    fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// RFC 3339 (`2024-05-01T10:00:00.5+02:00`) as Unix seconds and nanoseconds, in UTC.
    pub fn parse(text: &str) -> Option<(i64, u32)> {
        let b = text.as_bytes();
        let num = |from: usize, len: usize| -> Option<i64> {
            let part = text.get(from..from + len)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't')
            || b[13] != b':'
            || b[16] != b':'
        {
            return None;
        }
        let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
        let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let month_days = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        if !(1..=12).contains(&month)
            || day < 1
            || day > month_days[(month - 1) as usize]
            || hour > 23
            || minute > 59
            || second > 59
        {
            return None;
        }
        let mut at = 19;
        let mut nanos = 0u32;
        if b.get(at) == Some(&b'.') {
            let digits = b[at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits == 0 {
                return None;
            }
            let frac = &text[at + 1..at + 1 + digits.min(9)];
            nanos = format!("{frac:0<9}").parse().ok()?;
            at += 1 + digits;
        }
        let offset = match &text[at..] {
            "Z" | "z" => 0,
            zone if zone.len() == 6 && matches!(zone.as_bytes()[0], b'+' | b'-') => {
                if zone.as_bytes()[3] != b':' {
                    return None;
                }
                let (h, m) = (num(at + 1, 2)?, num(at + 4, 2)?);
                if h > 23 || m > 59 {
                    return None;
                }
                if zone.starts_with('-') {
                    -(h * 60 + m)
                } else {
                    h * 60 + m
                }
            }
            _ => return None,
        };
        let days = days_from_civil(year, month, day);
        Some((
            days * 86_400 + hour * 3_600 + minute * 60 + second - offset * 60,
            nanos,
        ))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn times_are_written_as_go_writes_them() {
            assert_eq!(format(0), "1970-01-01T00:00:00Z");
            assert_eq!(format(1_767_225_661), "2026-01-01T00:01:01Z");
            assert_eq!(format(951_782_400), "2000-02-29T00:00:00Z");
            assert_eq!(format(-1), "1969-12-31T23:59:59Z");
            assert_eq!(
                normalize("2024-05-01T10:00:00.75+02:00").unwrap(),
                "2024-05-01T08:00:00Z"
            );
            assert_eq!(
                normalize("2024-03-01T00:30:00+01:00").unwrap(),
                "2024-02-29T23:30:00Z"
            );
            assert_eq!(normalize("yesterday"), None);
            assert_eq!(normalize("2023-02-29T00:00:00Z"), None);
            assert_eq!(
                normalize_micro("2024-05-01T10:00:00Z").unwrap(),
                "2024-05-01T10:00:00.000000Z"
            );
            assert_eq!(
                normalize_micro("2024-05-01T10:00:00.1234567Z").unwrap(),
                "2024-05-01T10:00:00.123456Z"
            );
            for secs in [-86_401, 0, 951_782_400, 1_767_225_661, 4_107_542_399] {
                assert_eq!(parse(&format(secs)), Some((secs, 0)), "{}", format(secs));
            }
        }
    }
}

/// Go's standard, padded base64 (`encoding/base64.StdEncoding`), which `[]byte` fields use:
/// one implementation for the decoder's check, Secrets' `stringData` and kubectl's
/// `base64decode`.
pub mod base64 {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// Padded standard encoding.
    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(TABLE[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// The decoded bytes, or the byte offset where Go's decoder fails (`illegal base64 data
    /// at input byte N`). Line breaks are skipped, as Go skips them.
    pub fn decode(text: &str) -> Result<Vec<u8>, usize> {
        if let Some(at) = super::base64_error_at(text) {
            return Err(at);
        }
        let mut out = Vec::with_capacity(text.len() / 4 * 3);
        let (mut buf, mut bits) = (0u32, 0);
        for c in text.bytes().filter(|b| !matches!(b, b'\n' | b'\r' | b'=')) {
            let v = TABLE.iter().position(|t| *t == c).unwrap_or(0) as u32;
            buf = (buf << 6) | v;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((buf >> bits) as u8);
            }
        }
        Ok(out)
    }

    #[cfg(test)]
    mod tests {
        use super::{decode, encode};

        #[test]
        fn round_trips_and_fails_where_go_does() {
            for text in ["", "a", "t1", "abc", "s3cr3t"] {
                assert_eq!(
                    decode(&encode(text.as_bytes())),
                    Ok(text.as_bytes().to_vec())
                );
            }
            assert_eq!(encode(b"t1"), "dDE=");
            assert_eq!(decode("YQ=="), Ok(b"a".to_vec()));
            assert_eq!(decode("YQ"), Err(0));
            assert_eq!(decode("YW!j"), Err(2));
        }
    }
}

/// Where Go's base64 decoder (padded, standard alphabet) first fails, if it does.
fn base64_error_at(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let alphabet = |b: u8| b.is_ascii_alphanumeric() || b == b'+' || b == b'/';
    // Go skips new lines; positions count every byte.
    let chars: Vec<(usize, u8)> = bytes
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, b)| *b != b'\n' && *b != b'\r')
        .collect();
    for (quantum, chunk) in chars.chunks(4).enumerate() {
        let start = chunk.first().map_or(0, |c| c.0);
        let last = (quantum + 1) * 4 >= chars.len();
        for (j, (at, b)) in chunk.iter().enumerate() {
            if *b == b'=' {
                // Padding only ends the input, after at least two symbols.
                let rest_is_padding = chunk[j..].iter().all(|(_, b)| *b == b'=');
                if j < 2 || !last || !rest_is_padding || chunk.len() != 4 {
                    return Some(*at);
                }
                return None;
            }
            if !alphabet(*b) {
                return Some(*at);
            }
        }
        if chunk.len() < 4 {
            return Some(start);
        }
    }
    None
}

struct Walk<'a> {
    schema: &'a Schema,
    /// Path with list indices, for unknown fields.
    path: Vec<String>,
    /// Field names only, for Go's type errors.
    fields: Vec<String>,
    /// The Go struct names being decoded, innermost last.
    structs: Vec<String>,
    out: Decoded,
}

/// `v1.DaemonSetSpec` from `io.k8s.api.apps.v1.DaemonSetSpec`.
fn go_name(type_name: &str) -> String {
    let mut parts = type_name.rsplitn(3, '.');
    let name = parts.next().unwrap_or(type_name);
    match parts.next() {
        Some(package) => format!("{package}.{name}"),
        None => name.to_string(),
    }
}

impl Walk<'_> {
    fn go_type(&self, t: &TypeRef) -> String {
        match t {
            TypeRef::String | TypeRef::DateTime => "string".into(),
            TypeRef::Int32 => "int32".into(),
            TypeRef::Int64 => "int64".into(),
            TypeRef::Double => "float64".into(),
            TypeRef::Boolean => "bool".into(),
            TypeRef::Byte => "[]uint8".into(),
            // IntOrString's UnmarshalJSON decodes a non-string into its int32, and Go gives
            // that error the outer field's context.
            TypeRef::IntOrString => "int32".into(),
            TypeRef::Quantity => "resource.Quantity".into(),
            TypeRef::Any | TypeRef::Object => "interface {}".into(),
            TypeRef::List(inner) => format!("[]{}", self.go_type(inner)),
            TypeRef::Map(inner) => format!("map[string]{}", self.go_type(inner)),
            TypeRef::Named(name) => match self.schema.type_def(name) {
                Some(TypeDef::Alias(inner)) => self.go_type(inner),
                _ => go_name(name),
            },
        }
    }

    fn fail(&mut self, message: String) {
        if self.out.error.is_none() {
            self.out.error = Some(DecodeError {
                message,
                path: self.path.join(""),
            });
        }
    }

    /// Go's `UnmarshalTypeError`: the field path from the top and its innermost struct.
    fn mismatch(&mut self, t: &TypeRef, value: &Value) {
        if self.out.error.is_some() {
            return;
        }
        let what = match value {
            Value::String(_) => "string".to_string(),
            Value::Number(n) => format!("number {n}"),
            Value::Bool(_) => "bool".into(),
            Value::Array(_) => "array".into(),
            Value::Object(_) => "object".into(),
            Value::Null => "null".into(),
        };
        let what = match (value, t) {
            // Go names the number only when its value is the problem (a fraction, too big).
            (Value::Number(_), TypeRef::Int32 | TypeRef::Int64 | TypeRef::Double) => what,
            (Value::Number(_), _) => "number".to_string(),
            _ => what,
        };
        let go_type = self.go_type(t);
        let message = if self.fields.is_empty() {
            format!("json: cannot unmarshal {what} into Go value of type {go_type}")
        } else {
            format!(
                "json: cannot unmarshal {what} into Go struct field {}.{} of type {go_type}",
                self.structs.last().map_or("", String::as_str),
                self.fields.join(".")
            )
        };
        self.fail(message);
    }

    fn value(&mut self, t: &TypeRef, value: &Value) {
        // `null` leaves a Go field at its zero value, whatever its type.
        if value.is_null() {
            return;
        }
        match t {
            TypeRef::Any => {}
            TypeRef::Object => {
                if !value.is_object() {
                    self.mismatch(t, value)
                }
            }
            TypeRef::String | TypeRef::DateTime => {
                if !value.is_string() {
                    self.mismatch(t, value)
                }
            }
            TypeRef::Byte => match value.as_str() {
                Some(text) => {
                    if let Some(at) = base64_error_at(text) {
                        self.fail(format!("illegal base64 data at input byte {at}"));
                    }
                }
                None => self.mismatch(t, value),
            },
            TypeRef::Boolean => {
                if !value.is_boolean() {
                    self.mismatch(t, value)
                }
            }
            TypeRef::Int32 | TypeRef::Int64 => {
                let fits = match t {
                    TypeRef::Int32 => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                    _ => value.as_i64().is_some(),
                };
                if !fits {
                    self.mismatch(t, value)
                }
            }
            TypeRef::Double => {
                if !value.is_number() {
                    self.mismatch(t, value)
                }
            }
            TypeRef::IntOrString => {
                if !value.is_string() {
                    self.value(&TypeRef::Int32, value);
                }
            }
            TypeRef::Quantity => match value {
                Value::String(text) if is_quantity(text) => {}
                Value::Number(_) => {}
                _ => self.fail(QUANTITY_ERROR.to_string()),
            },
            TypeRef::List(inner) => match value.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.path.push(format!("[{i}]"));
                        self.value(inner, item);
                        self.path.pop();
                    }
                }
                None => self.mismatch(t, value),
            },
            TypeRef::Map(inner) => match value.as_object() {
                Some(map) => {
                    for (key, item) in map {
                        self.path.push(format!(".{key}"));
                        self.value(inner, item);
                        self.path.pop();
                    }
                }
                None => self.mismatch(t, value),
            },
            TypeRef::Named(name) => match self.schema.type_def(name) {
                Some(TypeDef::Alias(inner)) => {
                    let inner = inner.clone();
                    self.value(&inner, value);
                }
                Some(TypeDef::Struct { fields, .. }) => match value.as_object() {
                    Some(map) => {
                        self.structs
                            .push(go_name(name).rsplit('.').next().unwrap_or(name).to_string());
                        for (key, item) in map {
                            let field = fields
                                .iter()
                                .find(|(n, _)| n == key)
                                .map(|(_, t)| t.clone());
                            let dot = if self.path.is_empty() { "" } else { "." };
                            self.path.push(format!("{dot}{key}"));
                            match field {
                                Some(ft) => {
                                    self.fields.push(key.clone());
                                    self.value(&ft, item);
                                    self.fields.pop();
                                }
                                None => self.out.unknown_fields.push(self.path.join("")),
                            }
                            self.path.pop();
                        }
                        self.structs.pop();
                    }
                    None => self.mismatch(t, value),
                },
                None => {}
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DS: &str = "io.k8s.api.apps.v1.DaemonSet";

    #[test]
    fn pruning_keeps_what_go_decodes() {
        let mut v = json!({
            "apiVersion": "apps/v1", "kind": "DaemonSet", "bogus": 1,
            "metadata": {"name": "a", "labels": {"k": null}, "namespace": null},
            "spec": {"template": {"spec": {
                "nodeName": null,
                "containers": [{"name": "c", "securityContext": {"capabilities": {"add": ["X"], "nope": 2}}}],
                "tolerations": [null],
            }}},
        });
        schema().prune(DS, &mut v);
        assert_eq!(
            v,
            json!({
                "apiVersion": "apps/v1", "kind": "DaemonSet",
                "metadata": {"name": "a", "labels": {"k": ""}},
                "spec": {"template": {"spec": {
                    "containers": [{"name": "c", "securityContext": {"capabilities": {"add": ["X"]}}}],
                    "tolerations": [{}],
                }}},
            })
        );
    }

    #[test]
    fn the_data_file_names_every_resource_type_it_uses() {
        let s = schema();
        assert_eq!(s.kubernetes, "1.33");
        assert!(s.resources.len() >= 55, "{} resources", s.resources.len());
        for r in &s.resources {
            assert!(s.type_def(&r.type_name).is_some(), "{}", r.type_name);
        }
        let ds = s.resource_named("ds").expect("ds");
        assert_eq!(
            (ds.api_version(), ds.plural.as_str()),
            ("apps/v1", "daemonsets")
        );
        assert!(ds.namespaced);
        assert!(!s.resource_named("namespaces").expect("ns").namespaced);
        assert_eq!(
            s.resource_named("crd").map(|r| r.qualified_plural()),
            Some("customresourcedefinitions.apiextensions.k8s.io")
        );
        assert!(s.resource_named("pods.apps").is_none());
    }

    fn error(value: Value) -> Option<String> {
        schema().decode(DS, &value).error.map(|e| e.message)
    }

    #[test]
    fn a_string_update_strategy_is_go_type_error() {
        let ds = json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "x"},
            "spec": {"updateStrategy": "RollingUpdate", "maxUnavailable": 1}});
        let d = schema().decode(DS, &ds);
        assert_eq!(
            d.error.expect("error").message,
            "json: cannot unmarshal string into Go struct field DaemonSetSpec.spec.updateStrategy of type v1.DaemonSetUpdateStrategy"
        );
        assert_eq!(d.unknown_fields, ["spec.maxUnavailable"]);
        assert_eq!(
            error(json!("x")).as_deref(),
            Some("json: cannot unmarshal string into Go value of type v1.DaemonSet")
        );
    }

    #[test]
    fn unknown_fields_carry_list_indices_and_type_errors_do_not() {
        let ds = json!({"spec": {"replicas": 2, "template": {"spec": {"containers": [
            {"name": "a", "image": "x", "imagee": "y", "ports": [{"containerPort": "80"}]}]}}}});
        let d = schema().decode(DS, &ds);
        assert_eq!(
            d.unknown_fields,
            ["spec.replicas", "spec.template.spec.containers[0].imagee"]
        );
        let e = d.error.expect("error");
        assert_eq!(
            e.message,
            "json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32"
        );
        assert_eq!(
            e.path,
            "spec.template.spec.containers[0].ports[0].containerPort"
        );
    }

    #[test]
    fn numbers_are_named_when_their_value_does_not_fit() {
        let d = |v: Value| error(json!({"spec": {"minReadySeconds": v}}));
        let named = |n: &str| {
            Some(format!("json: cannot unmarshal number {n} into Go struct field DaemonSetSpec.spec.minReadySeconds of type int32"))
        };
        assert_eq!(d(json!(1.5)), named("1.5"));
        assert_eq!(d(json!(3_000_000_000_i64)), named("3000000000"));
        assert_eq!(d(json!(10)), None);
        assert_eq!(d(json!(null)), None);
        assert_eq!(
            error(json!({"metadata": {"labels": {"a": 1}}})).as_deref(),
            Some("json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string")
        );
    }

    #[test]
    fn int_or_string_quantities_bytes_and_raw_objects() {
        let ok = json!({"spec": {"updateStrategy": {"rollingUpdate": {"maxUnavailable": "10%", "maxSurge": 1}},
            "template": {"spec": {"containers": [{"name": "a", "resources": {"limits": {"cpu": 1, "memory": "1.5Gi", "x": "2e3"}}}]}}},
            "metadata": {"creationTimestamp": "2024-01-01T00:00:00Z", "managedFields": [{"fieldsV1": {"f:x": {}}}]}});
        assert_eq!(schema().decode(DS, &ok), Decoded::default());
        // IntOrString decodes a non-string as its int32, under the field's name.
        assert_eq!(
            error(json!({"spec": {"updateStrategy": {"rollingUpdate": {"maxUnavailable": true}}}})).as_deref(),
            Some("json: cannot unmarshal bool into Go struct field RollingUpdateDaemonSet.spec.updateStrategy.rollingUpdate.maxUnavailable of type int32")
        );
        let limits = |v: Value| {
            error(
                json!({"spec": {"template": {"spec": {"containers": [{"resources": {"limits": {"cpu": v}}}]}}}}),
            )
        };
        assert_eq!(limits(json!("1Gx")).as_deref(), Some(QUANTITY_ERROR));
        assert_eq!(limits(json!(true)).as_deref(), Some(QUANTITY_ERROR));
        assert_eq!(limits(json!("500m")), None);
        assert_eq!(
            error(json!({"metadata": {"creationTimestamp": 5}})).as_deref(),
            Some("json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string")
        );
        let secret = |v: &str| {
            schema()
                .decode("io.k8s.api.core.v1.Secret", &json!({"data": {"k": v}}))
                .error
                .map(|e| e.message)
        };
        assert_eq!(secret("aGk="), None);
        assert_eq!(
            secret("aGk").as_deref(),
            Some("illegal base64 data at input byte 0")
        );
        assert_eq!(
            secret("aG!=").as_deref(),
            Some("illegal base64 data at input byte 2")
        );
    }
}
