//! Where each field sits in the source text: a tree of (line, column) built from YAML events.
//!
//! Choice of parser: `serde_yaml` reports a location only for errors, so field positions need an
//! event-level parse. `yaml-rust2` (already in the workspace, pure Rust, no `unsafe` needed on our
//! side, small: no serde, no libyaml) exposes a pull parser whose events carry a `Marker` with
//! line and column. The alternatives were worse: `unsafe-libyaml` (under `serde_yaml`) would force
//! `unsafe` calls into a crate that forbids them, and a hand-written indentation scanner would get
//! flow collections, quoted keys and block scalars wrong. Both parsers read the same chunk; if
//! they ever disagree on a corner of the YAML spec, a lookup simply finds nothing and the caller
//! falls back to the nearest ancestor or the document start.
//!
//! Paths use the Kubernetes field-path syntax: `spec.template.spec.containers[0].image`; map keys
//! that contain dots can be written either inline (`metadata.labels.app.kubernetes.io/name`,
//! resolved by trying the keys that actually exist) or bracketed (`metadata.labels[app.kubernetes.io/name]`).

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Nesting deeper than this is not mapped (the subtree is skipped); it keeps the builder's
/// recursion bounded for hostile input.
const MAX_DEPTH: usize = 200;

/// One node of the position tree. For a mapping entry the position is that of its key (where an
/// editor should point); for a sequence item it is where the item starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PosNode {
    pub line: u32,
    pub column: u32,
    pub children: Children,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Children {
    #[default]
    Leaf,
    /// A plain (unquoted, untagged) scalar, as written: what YAML 1.1 resolution reads.
    Plain(String),
    Map(Vec<(String, PosNode)>),
    Seq(Vec<PosNode>),
}

/// Builds the position tree of the first document in `chunk`. Lines are shifted by
/// `line_offset` (the number of lines before the chunk in the whole file). Returns `None`
/// when the chunk does not parse.
pub(crate) fn build(chunk: &str, line_offset: u32) -> Option<PosNode> {
    let mut builder = Builder {
        parser: Parser::new_from_str(chunk),
        line_offset,
        // Every event consumes at least one character or is one of a few framing events, so this
        // bound is never reached on real input; it guarantees termination regardless.
        budget: chunk.len().saturating_mul(4).saturating_add(64),
    };
    loop {
        let (event, marker) = builder.next()?;
        match event {
            Event::StreamStart | Event::DocumentStart => continue,
            Event::StreamEnd | Event::DocumentEnd => return None,
            other => return builder.node(other, marker, 0),
        }
    }
}

/// The `items[i]` node of a `kind: List` document's tree.
pub(crate) fn list_item(root: &PosNode, index: usize) -> Option<&PosNode> {
    let Children::Map(entries) = &root.children else {
        return None;
    };
    let (_, items) = entries.iter().find(|(k, _)| k == "items")?;
    match &items.children {
        Children::Seq(list) => list.get(index),
        _ => None,
    }
}

/// Looks a field path up in the tree; exact match only.
pub(crate) fn lookup(root: &PosNode, path: &str) -> Option<(u32, u32)> {
    let path = path.strip_prefix('.').unwrap_or(path);
    lookup_rec(root, path)
}

/// Like `lookup`, but when the path itself is absent (a defaulted or missing field) walks up to
/// the closest ancestor that is written in the text.
pub(crate) fn lookup_nearest(root: &PosNode, path: &str) -> (u32, u32) {
    let mut current = path.to_string();
    loop {
        if let Some(pos) = lookup(root, &current) {
            return pos;
        }
        match parent_path(&current) {
            Some(parent) => current = parent,
            None => return (root.line, root.column),
        }
    }
}

/// `a.b[0].c` → `a.b[0]` → `a.b` → `a` → (none).
pub(crate) fn parent_path(path: &str) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    if path.ends_with(']') {
        if let Some(i) = path.rfind('[') {
            return Some(path[..i].to_string());
        }
    }
    Some(
        path.rfind('.')
            .map_or(String::new(), |i| path[..i].to_string()),
    )
}

fn lookup_rec(node: &PosNode, rest: &str) -> Option<(u32, u32)> {
    if rest.is_empty() {
        return Some((node.line, node.column));
    }
    if let Some(after_open) = rest.strip_prefix('[') {
        let close = after_open.find(']')?;
        let inner = &after_open[..close];
        let tail = &after_open[close + 1..];
        let tail = tail.strip_prefix('.').unwrap_or(tail);
        return match &node.children {
            Children::Seq(items) => {
                let index: usize = inner.parse().ok()?;
                lookup_rec(items.get(index)?, tail)
            }
            Children::Map(entries) => entries
                .iter()
                .filter(|(k, _)| k == inner)
                .find_map(|(_, child)| lookup_rec(child, tail)),
            Children::Leaf | Children::Plain(_) => None,
        };
    }
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let Children::Map(entries) = &node.children else {
        return None;
    };
    // Try every key that is a prefix ending at a segment boundary, so dotted keys such as
    // `app.kubernetes.io/name` resolve without escaping.
    entries.iter().find_map(|(key, child)| {
        let tail = rest.strip_prefix(key.as_str())?;
        if tail.is_empty() || tail.starts_with('.') || tail.starts_with('[') {
            lookup_rec(child, tail)
        } else {
            None
        }
    })
}

struct Builder<'a> {
    parser: Parser<core::str::Chars<'a>>,
    line_offset: u32,
    budget: usize,
}

impl Builder<'_> {
    fn next(&mut self) -> Option<(Event, Marker)> {
        if self.budget == 0 {
            return None;
        }
        self.budget -= 1;
        self.parser.next_token().ok()
    }

    fn position(&self, marker: &Marker) -> (u32, u32) {
        let line = u32::try_from(marker.line()).unwrap_or(u32::MAX);
        let column = u32::try_from(marker.col()).unwrap_or(u32::MAX);
        // yaml-rust2 markers: line is 1-based, column is 0-based (counted in characters).
        (
            line.max(1).saturating_add(self.line_offset),
            column.saturating_add(1),
        )
    }

    /// Reads the node that starts with `event` (already consumed).
    fn node(&mut self, event: Event, marker: Marker, depth: usize) -> Option<PosNode> {
        let (mut line, mut column) = self.position(&marker);
        let children = match event {
            Event::MappingStart(..) if depth >= MAX_DEPTH => {
                self.skip_nested()?;
                Children::Leaf
            }
            Event::SequenceStart(..) if depth >= MAX_DEPTH => {
                self.skip_nested()?;
                Children::Leaf
            }
            Event::MappingStart(..) => {
                let entries = self.mapping(depth)?;
                // A block mapping's start event is marked at its first `:`, not at its first
                // key; the key is where the mapping visibly starts.
                if let Some((_, first)) = entries.first() {
                    if (first.line, first.column) < (line, column) {
                        (line, column) = (first.line, first.column);
                    }
                }
                Children::Map(entries)
            }
            Event::SequenceStart(..) => Children::Seq(self.sequence(depth)?),
            Event::Scalar(text, TScalarStyle::Plain, _, None) => Children::Plain(text),
            Event::Scalar(..) | Event::Alias(..) => Children::Leaf,
            // Framing events cannot start a node in a well-formed stream.
            _ => return None,
        };
        Some(PosNode {
            line,
            column,
            children,
        })
    }

    fn mapping(&mut self, depth: usize) -> Option<Vec<(String, PosNode)>> {
        let mut entries = Vec::new();
        loop {
            let (event, marker) = self.next()?;
            let key = match event {
                Event::MappingEnd => return Some(entries),
                Event::Scalar(text, ..) => Some(text),
                Event::Alias(..) => None,
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    // A complex key (a collection used as a key): no path can name it.
                    self.skip_nested()?;
                    None
                }
                _ => return None,
            };
            let (key_line, key_column) = self.position(&marker);
            let (value_event, value_marker) = self.next()?;
            let mut value = self.node(value_event, value_marker, depth + 1)?;
            if let Some(key) = key {
                value.line = key_line;
                value.column = key_column;
                entries.push((key, value));
            }
        }
    }

    fn sequence(&mut self, depth: usize) -> Option<Vec<PosNode>> {
        let mut items = Vec::new();
        loop {
            let (event, marker) = self.next()?;
            if event == Event::SequenceEnd {
                return Some(items);
            }
            items.push(self.node(event, marker, depth + 1)?);
        }
    }

    /// Skips the rest of a collection whose start event was already consumed, without recursion.
    fn skip_nested(&mut self) -> Option<()> {
        let mut open = 1usize;
        while open > 0 {
            match self.next()?.0 {
                Event::MappingStart(..) | Event::SequenceStart(..) => open += 1,
                Event::MappingEnd | Event::SequenceEnd => open -= 1,
                Event::StreamEnd => return None,
                _ => {}
            }
        }
        Some(())
    }
}

/// Reads plain scalars as kubectl does. kubectl and the API server read YAML through
/// sigs.k8s.io/yaml, which resolves plain scalars by go-yaml v2's YAML 1.1 rules, where
/// `serde_yaml` follows YAML 1.2: `yes`/`no`/`on`/`off`/`y`/`n` (any of their three casings)
/// are booleans, `0400` is octal (256), `0b101` binary and `1_000` a thousand. Each plain
/// scalar `serde_yaml` read as a string and YAML 1.1 reads otherwise is replaced in `value`.
pub(crate) fn apply_yaml11(value: &mut serde_json::Value, node: &PosNode) {
    use serde_json::Value;
    match (&node.children, value) {
        (Children::Plain(text), v @ Value::String(_)) => {
            if let Some(resolved) = yaml11_scalar(text) {
                *v = resolved;
            }
        }
        (Children::Map(entries), Value::Object(map)) => {
            for (key, child) in entries {
                if let Some(v) = map.get_mut(key) {
                    apply_yaml11(v, child);
                }
            }
        }
        (Children::Seq(items), Value::Array(values)) => {
            for (child, v) in items.iter().zip(values.iter_mut()) {
                apply_yaml11(v, child);
            }
        }
        _ => {}
    }
}

/// go-yaml v2's `resolve` for a plain scalar that is not a string there: booleans of its
/// table, then `strconv.ParseInt(s, 0, 64)` (base prefixes, a leading `0` for octal,
/// underscores), `ParseUint`, `-0b`/`0b` binary, then floats of YAML's float pattern.
fn yaml11_scalar(text: &str) -> Option<serde_json::Value> {
    use serde_json::Value;
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return Some(Value::Bool(true))
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return Some(Value::Bool(false))
        }
        _ => {}
    }
    let first = text.chars().next()?;
    if !("+-.0123456789".contains(first)) {
        return None;
    }
    if let Some(n) = go_parse_int(text) {
        if let Ok(i) = i64::try_from(n) {
            return Some(Value::from(i));
        }
        if let Ok(u) = u64::try_from(n) {
            return Some(Value::from(u));
        }
    }
    if let Some(bits) = text.strip_prefix("0b") {
        return i64::from_str_radix(bits, 2).ok().map(Value::from);
    }
    if let Some(bits) = text.strip_prefix("-0b") {
        return i64::from_str_radix(bits, 2).ok().map(|n| Value::from(-n));
    }
    if is_yaml_float(text) {
        return text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(|n| {
                // encoding/json writes a whole float64 without a fraction.
                match n.as_f64() {
                    Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
                    _ => Value::Number(n),
                }
            });
    }
    None
}

/// `strconv.ParseInt(s, 0, 64)`: optional sign, then `0x`/`0o`/`0b` or a leading `0` (octal)
/// or decimal; underscores only between digits and only with base prefix or leading zero rules
/// of Go's syntax (`1_000` is fine in base 0).
fn go_parse_int(text: &str) -> Option<i128> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if body.is_empty() {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d.to_string())
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d.to_string())
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d.to_string())
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string())
    } else {
        (10, lower.clone())
    };
    if digits.is_empty() || digits.starts_with('_') && radix == 10 {
        return None;
    }
    // Underscores: each must sit between digits (a base prefix counts as a digit).
    let bytes = digits.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_' {
            let before_ok = i > 0 && bytes[i - 1] != b'_' || i == 0 && radix != 10;
            let after_ok = i + 1 < bytes.len() && bytes[i + 1] != b'_';
            if !before_ok || !after_ok {
                return None;
            }
        }
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    let magnitude = i128::from_str_radix(&clean, radix).ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// go-yaml v2's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod yaml11_tests {
    use super::yaml11_scalar;
    use serde_json::json;

    #[test]
    fn plain_scalars_resolve_as_go_yaml_v2() {
        assert_eq!(yaml11_scalar("0400"), Some(json!(256)));
        assert_eq!(yaml11_scalar("0644"), Some(json!(420)));
        assert_eq!(yaml11_scalar("yes"), Some(json!(true)));
        assert_eq!(yaml11_scalar("Off"), Some(json!(false)));
        assert_eq!(yaml11_scalar("1_000"), Some(json!(1000)));
        assert_eq!(yaml11_scalar("0b101"), Some(json!(5)));
        assert_eq!(yaml11_scalar("0x1F"), Some(json!(31)));
        assert_eq!(yaml11_scalar("08"), Some(json!(8)));
        assert_eq!(yaml11_scalar("1.5"), Some(json!(1.5)));
        assert_eq!(yaml11_scalar("yEs"), None);
        assert_eq!(yaml11_scalar("nginx"), None);
        assert_eq!(yaml11_scalar("1.2.3"), None);
        assert_eq!(yaml11_scalar("_1"), None);
        assert_eq!(yaml11_scalar("18446744073709551615"), Some(json!(u64::MAX)));
        assert_eq!(yaml11_scalar("99999999999999999999"), Some(json!(1e20)));
    }
}
