//! `kubectl explain RESOURCE[.FIELD…] [--recursive]` in kubectl ≥ 1.27's plaintext form
//! (pkg/explain/v2): the GROUP/KIND/VERSION header, DESCRIPTION, FIELD and FIELDS, wrapped at
//! 76 columns by go-wordwrap's rules. The built-in kinds are explained from dsp-schema's types
//! and the field descriptions, custom resources from their CRD's `openAPIV3Schema`. Both are
//! seen as OpenAPI v3 schemas (`$ref`, `allOf`, `items`, `additionalProperties`), so one
//! renderer follows the template's rules for all of them.

use crate::args::Args;
use crate::Ctx;
use dsp_schema::{Descriptions, Schema, TypeDef, TypeRef};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// Where a `$ref` points: a built-in type by its schema name.
struct Types<'a> {
    schema: &'a Schema,
    descriptions: &'a Descriptions,
}

impl Types<'_> {
    /// The OpenAPI v3 form of a named type (`components.schemas[name]`).
    fn resolve(&self, name: &str) -> Option<Value> {
        let desc = self.descriptions.of_type(name);
        let mut out = match self.schema.type_def(name)? {
            TypeDef::Struct { fields, required } => {
                let mut props = Map::new();
                for (field, t) in fields {
                    let mut s = self.field(t);
                    if let (Some(d), Some(m)) =
                        (self.descriptions.of_field(name, field), s.as_object_mut())
                    {
                        m.insert("description".into(), json!(d));
                    }
                    props.insert(field.clone(), s);
                }
                // k8s-openapi makes an object's `metadata` required (it is not optional there);
                // the published schema does not.
                let required: Vec<&String> = required
                    .iter()
                    .filter(|r| !(r.as_str() == "metadata" && props.contains_key("apiVersion")))
                    .collect();
                json!({"type": "object", "properties": props, "required": required})
            }
            TypeDef::Alias(t) => match t {
                TypeRef::IntOrString => json!({"format": "int-or-string"}),
                TypeRef::Quantity => json!({}),
                TypeRef::Any => json!({}),
                other => self.inline(other),
            },
        };
        if let (Some(d), Some(m)) = (desc, out.as_object_mut()) {
            m.insert("description".into(), json!(d));
        }
        Some(out)
    }

    /// A field of a type: a reference gets `allOf` (so its own description can sit beside it,
    /// as in the published schema).
    fn field(&self, t: &TypeRef) -> Value {
        match t {
            TypeRef::Named(n) => json!({"allOf": [{"$ref": n}]}),
            other => self.inline(other),
        }
    }

    fn inline(&self, t: &TypeRef) -> Value {
        match t {
            TypeRef::String | TypeRef::Byte => json!({"type": "string"}),
            TypeRef::DateTime => json!({"type": "string", "format": "date-time"}),
            TypeRef::Int32 | TypeRef::Int64 => json!({"type": "integer"}),
            TypeRef::Double => json!({"type": "number"}),
            TypeRef::Boolean => json!({"type": "boolean"}),
            TypeRef::IntOrString => {
                json!({"$ref": "io.k8s.apimachinery.pkg.util.intstr.IntOrString"})
            }
            TypeRef::Quantity => json!({"$ref": "io.k8s.apimachinery.pkg.api.resource.Quantity"}),
            TypeRef::Any | TypeRef::Object => json!({"type": "object"}),
            TypeRef::List(inner) => json!({"type": "array", "items": self.item(inner)}),
            TypeRef::Map(inner) => {
                json!({"type": "object", "additionalProperties": self.item(inner)})
            }
            TypeRef::Named(n) => json!({"$ref": n}),
        }
    }

    fn item(&self, t: &TypeRef) -> Value {
        match t {
            TypeRef::Named(n) => json!({"$ref": n}),
            other => self.inline(other),
        }
    }
}

/// The renderer: resolves `$ref`s through the built-in types (a CRD's schema has none).
struct Render<'a> {
    types: Option<Types<'a>>,
    recursive: bool,
}

fn text<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

/// A usable `additionalProperties` (a schema, not `true`/`false`).
fn additional(v: &Value) -> Option<&Value> {
    v.get("additionalProperties").filter(|a| a.is_object())
}

impl Render<'_> {
    fn resolve(&self, schema: &Value) -> Option<Value> {
        let r = text(schema, "$ref")?;
        self.types.as_ref()?.resolve(r)
    }

    fn resolved(&self, schema: &Value) -> Value {
        self.resolve(schema).unwrap_or_else(|| schema.clone())
    }

    /// The template's "output" for the remaining field path.
    fn output(&self, schema: &Value, path: &[String], history: &BTreeSet<String>) -> String {
        let r = text(schema, "$ref").unwrap_or("").to_string();
        let mut next = history.clone();
        next.insert(r.clone());
        let resolved = self.resolved(schema);
        if path.is_empty() {
            let mut out = String::from("DESCRIPTION:\n");
            let d = self.description(&resolved);
            let d = if d.is_empty() {
                "<empty>".to_string()
            } else {
                d
            };
            out.push_str(&indent(4, &wrap(&d, 76)));
            out.push('\n');
            let fields = self.field_list(&resolved, 1, &BTreeSet::new());
            if !fields.is_empty() {
                out.push_str("FIELDS:\n");
                out.push_str(&fields);
            }
            return out;
        }
        if !r.is_empty() && history.contains(&r) {
            return String::new();
        }
        if let Some(sub) = resolved.get("properties").and_then(|p| p.get(&path[0])) {
            let mut out = String::new();
            if path.len() == 1 {
                out.push_str(&format!("FIELD: {} <{}>\n", path[0], self.type_guess(sub)));
                out.push_str(&self.enum_text(sub, true, 0));
                out.push_str("\n\n");
            }
            out.push_str(&self.output(sub, &path[1..], &BTreeSet::new()));
            return out;
        }
        if let Some(items) = resolved.get("items") {
            return self.output(items, path, &next);
        }
        if let Some(ap) = additional(&resolved) {
            return self.output(ap, path, &next);
        }
        for sub in resolved
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let out = self.output(sub, path, &next);
            if !out.is_empty() {
                return out;
            }
        }
        String::new()
    }

    fn field_list(&self, schema: &Value, level: usize, history: &BTreeSet<String>) -> String {
        let r = text(schema, "$ref").unwrap_or("").to_string();
        if !r.is_empty() && history.contains(&r) {
            return String::new();
        }
        let mut next = history.clone();
        next.insert(r);
        let resolved = self.resolved(schema);
        let mut out = String::new();
        if let Some(props) = resolved.get("properties").and_then(Value::as_object) {
            // Go ranges over a map in key order.
            let mut keys: Vec<&String> = props.keys().collect();
            keys.sort();
            for k in keys {
                out.push_str(&self.field_detail(k, &resolved, level));
                if self.recursive {
                    out.push_str(&self.field_list(&props[k], level + 1, &next));
                }
            }
        }
        for sub in resolved
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.push_str(&self.field_list(sub, level, &next));
        }
        if let Some(items) = resolved.get("items") {
            out.push_str(&self.field_list(items, level, &next));
        }
        if let Some(ap) = additional(&resolved) {
            out.push_str(&self.field_list(ap, level, &next));
        }
        out
    }

    fn field_detail(&self, name: &str, parent: &Value, level: usize) -> String {
        let ind = level * 2;
        let field = &parent["properties"][name];
        let mut out = format!("{}\t<{}>", indent(ind, name), self.type_guess(field));
        let required = parent
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| r.iter().any(|x| x.as_str() == Some(name)));
        if required {
            out.push_str(" -required-");
        }
        out.push_str(&self.enum_text(field, false, ind));
        out.push('\n');
        if !self.recursive {
            let d = text(field, "description").unwrap_or("<no description>");
            out.push_str(&indent(ind + 2, &wrap(d, 78 - ind)));
            out.push_str("\n\n");
        }
        out
    }

    fn description(&self, schema: &Value) -> String {
        let r = self.resolved(schema);
        let mut out = String::new();
        if let Some(d) = text(&r, "description").filter(|d| !d.is_empty()) {
            out.push_str(d);
            out.push('\n');
        }
        for sub in r
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.push_str(&self.description(sub));
        }
        if let Some(items) = r.get("items") {
            out.push_str(&self.description(items));
        }
        if let Some(ap) = additional(&r) {
            out.push_str(&self.description(ap));
        }
        out
    }

    fn type_guess(&self, schema: &Value) -> String {
        if let Some(items) = schema.get("items") {
            return format!("[]{}", self.type_guess(items));
        }
        if let Some(ap) = additional(schema) {
            return format!("map[string]{}", self.type_guess(ap));
        }
        if let Some([only]) = schema
            .get("allOf")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            if schema.get("properties").is_none() {
                return self.type_guess(only);
            }
        }
        if let Some(r) = text(schema, "$ref") {
            let target = self.resolve(schema);
            let kind = target.as_ref().and_then(|t| text(t, "type"));
            return match kind {
                None | Some("object") => {
                    let name = r.rsplit('/').next().unwrap_or(r);
                    let last = name.rsplit('.').next().unwrap_or(name);
                    if last.is_empty() {
                        "Object".to_string()
                    } else {
                        last.to_string()
                    }
                }
                Some(t) => t.to_string(),
            };
        }
        match text(schema, "type") {
            Some("object") | None => "Object".to_string(),
            Some(t) => t.to_string(),
        }
    }

    fn enum_text(&self, schema: &Value, long: bool, ind: usize) -> String {
        let Some(values) = schema.get("enum").and_then(Value::as_array) else {
            return String::new();
        };
        if values.is_empty() {
            return String::new();
        }
        let show = |v: &Value| match v {
            Value::String(s) if s.is_empty() => "\"\"".to_string(),
            Value::String(s) => s.clone(),
            other => crate::gotemplate::go_float(other.as_f64().unwrap_or(0.0)),
        };
        if long {
            let mut out = String::from("ENUM:");
            for v in values {
                out.push_str("\n    ");
                out.push_str(&show(v));
            }
            out
        } else {
            let mut out = format!("\n{}enum: ", " ".repeat(ind));
            for (i, v) in values.iter().enumerate() {
                if i >= 4 {
                    out.push_str(", ....");
                    break;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&show(v));
            }
            out
        }
    }
}

/// kubectl explain's `indent`: `n` spaces before the text and after every newline.
fn indent(n: usize, s: &str) -> String {
    let pad = " ".repeat(n);
    format!("{pad}{}", s.replace('\n', &format!("\n{pad}")))
}

/// go-wordwrap's `WrapString`: greedy, at whitespace only, existing newlines kept, a word
/// longer than the limit left whole on its own line, no spaces left at a break.
fn wrap(s: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut current = 0usize;
    let mut word = String::new();
    let mut space = String::new();
    let len = |t: &str| t.chars().count();
    for c in s.chars() {
        if c == '\n' {
            if word.is_empty() {
                if current + len(&space) <= limit {
                    out.push_str(&space);
                }
                space.clear();
            } else {
                out.push_str(&space);
                out.push_str(&word);
                space.clear();
                word.clear();
            }
            out.push('\n');
            current = 0;
        } else if c.is_whitespace() && c != '\u{a0}' {
            if space.is_empty() || !word.is_empty() {
                current += len(&space) + len(&word);
                out.push_str(&space);
                out.push_str(&word);
                space.clear();
                word.clear();
            }
            space.push(c);
        } else {
            word.push(c);
            if current + len(&space) + len(&word) > limit && len(&word) < limit {
                out.push('\n');
                current = 0;
                space.clear();
            }
        }
    }
    if word.is_empty() {
        if current + len(&space) <= limit {
            out.push_str(&space);
        }
    } else {
        out.push_str(&space);
        out.push_str(&word);
    }
    out
}

/// `kubectl explain`.
pub(crate) fn explain(ctx: &mut Ctx<'_>, args: &Args) {
    let target = match args.positional.as_slice() {
        [] => {
            return ctx.fail("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.")
        }
        [one] => one.trim_end_matches('.').to_string(),
        _ => return ctx.fail("error: We accept only this format: explain RESOURCE"),
    };
    let recursive = match args.bool("recursive") {
        Ok(r) => r,
        Err(e) => return ctx.fail(&format!("error: {e}")),
    };
    if let Some(o) = args.value("output") {
        if o != "plaintext" {
            return ctx.fail(&format!("error: unrecognized format: {o}"));
        }
    }
    let parts: Vec<String> = target.split('.').map(str::to_string).collect();
    // The resource is the longest prefix that names one (`daemonsets.apps.spec` works too).
    let mut found = None;
    for i in (1..=parts.len()).rev() {
        let word = parts[..i].join(".");
        let resource = dsp_schema::schema()
            .resource_named(&word)
            .or_else(|| ctx.sim.custom_resource_named(&word));
        if let Some(r) = resource {
            found = Some((r, parts[i..].to_vec()));
            break;
        }
    }
    let Some((resource, path)) = found else {
        let word = parts.first().cloned().unwrap_or_default();
        return ctx.fail(&format!(
            "the server doesn't have a resource type {}",
            dsp_core::manifest::go_quote(&word)
        ));
    };
    let mut header = String::new();
    if !resource.group.is_empty() {
        header.push_str(&format!("GROUP:      {}\n", resource.group));
    }
    header.push_str(&format!(
        "KIND:       {}\nVERSION:    {}\n\n",
        resource.kind, resource.version
    ));
    let body = if dsp_core::sim::is_custom(resource) {
        let Some(schema) = ctx.sim.custom_schema(resource).cloned() else {
            return ctx.fail(&format!(
                "error: GVK {}/{}, Kind={} not found in OpenAPI schema",
                resource.group, resource.version, resource.kind
            ));
        };
        let render = Render {
            types: None,
            recursive,
        };
        render.output(&schema, &path, &BTreeSet::new())
    } else {
        let Some(descriptions) = ctx.io.descriptions() else {
            ctx.out.effects.push(crate::Effect::LoadDescriptions);
            ctx.note("Loading the field descriptions (they are not part of the first page load); the command runs again when they arrive.");
            return;
        };
        let render = Render {
            types: Some(Types {
                schema: dsp_schema::schema(),
                descriptions,
            }),
            recursive,
        };
        let root = render
            .types
            .as_ref()
            .and_then(|t| t.resolve(&resource.type_name))
            .unwrap_or(Value::Null);
        render.output(&root, &path, &BTreeSet::new())
    };
    ctx.print(&header);
    if body.is_empty() {
        let last = path.last().cloned().unwrap_or_default();
        return ctx.fail(&format!(
            "error: field {} does not exist",
            dsp_core::manifest::go_quote(&last)
        ));
    }
    ctx.print(&body);
    ctx.print("\n");
}

#[cfg(test)]
mod tests {
    use super::{indent, wrap};

    #[test]
    fn wraps_as_go_wordwrap() {
        assert_eq!(wrap("aaa bbb ccc", 7), "aaa bbb\nccc");
        assert_eq!(wrap("a  b", 10), "a  b");
        assert_eq!(wrap("one\n\ntwo", 10), "one\n\ntwo");
        assert_eq!(
            wrap("x https://very.long/url/that/does/not/fit y", 10),
            "x\nhttps://very.long/url/that/does/not/fit\ny"
        );
        assert_eq!(indent(4, "a\nb\n"), "    a\n    b\n    ");
    }
}
