//! `to_yaml`: prints a JSON value the way `kubectl get -o yaml` does (sigs.k8s.io/yaml over
//! go-yaml v2): block style, 2-space indentation, sequence items at the same indentation as their
//! key, `{}`/`[]` for empty collections, multi-line strings as literal blocks, and strings quoted
//! only when a plain scalar would read back as something else.
//!
//! Keys come out in the order the `Value` holds them. Without serde_json's `preserve_order`
//! feature (not enabled by this crate) that is sorted order — which is also what kubectl prints,
//! because it round-trips through a Go map.

use serde_json::{Map, Value};

/// Renders `value` as a YAML document (no leading `---`), ending with a newline.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => emit_map(&mut out, map, 0, false),
        Value::Array(items) if !items.is_empty() => emit_seq(&mut out, items, 0, false),
        // A document that is a lone scalar: a literal block would need its text at column 0,
        // which YAML parsers read differently, so strings stay on one line here.
        Value::String(text) => {
            out.push_str(&scalar_string(text));
            out.push('\n');
        }
        other => {
            out.push_str(&inline_scalar(other, 0));
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// `first_inline`: the first entry continues a line already started (after `- `).
fn emit_map(out: &mut String, map: &Map<String, Value>, indent: usize, first_inline: bool) {
    for (i, (key, value)) in map.iter().enumerate() {
        if i > 0 || !first_inline {
            pad(out, indent);
        }
        out.push_str(&scalar_string(key));
        out.push(':');
        match value {
            Value::Object(inner) if !inner.is_empty() => {
                out.push('\n');
                emit_map(out, inner, indent + 2, false);
            }
            Value::Array(items) if !items.is_empty() => {
                out.push('\n');
                emit_seq(out, items, indent, false);
            }
            other => {
                out.push(' ');
                out.push_str(&inline_scalar(other, indent + 2));
                out.push('\n');
            }
        }
    }
}

fn emit_seq(out: &mut String, items: &[Value], indent: usize, first_inline: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !first_inline {
            pad(out, indent);
        }
        out.push_str("- ");
        match item {
            Value::Object(inner) if !inner.is_empty() => emit_map(out, inner, indent + 2, true),
            Value::Array(inner) if !inner.is_empty() => emit_seq(out, inner, indent + 2, true),
            other => {
                out.push_str(&inline_scalar(other, indent + 2));
                out.push('\n');
            }
        }
    }
}

/// A scalar (or empty collection) written after `key: ` or `- `. A multi-line string becomes a
/// literal block whose lines are indented by `block_indent`.
fn inline_scalar(value: &Value, block_indent: usize) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            if s.contains('\n') && literal_allowed(s) {
                literal_block(s, block_indent)
            } else {
                scalar_string(s)
            }
        }
        Value::Array(_) => "[]".to_string(),
        Value::Object(_) => "{}".to_string(),
    }
}

/// A string as a single-line scalar: plain when safe, `"..."` when the plain form would resolve
/// to another type (go-yaml forces double quotes there), `'...'` when only YAML syntax is in the
/// way, `"..."` with escapes when the text has characters single quotes cannot carry.
pub(crate) fn scalar_string(s: &str) -> String {
    if needs_escapes(s) {
        return double_quoted(s);
    }
    if resolves_to_non_string(s) {
        return double_quoted(s);
    }
    if plain_allowed(s) {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "''"))
}

fn needs_escapes(s: &str) -> bool {
    s.chars()
        .any(|c| c == '\n' || c == '\t' || c == '\r' || c.is_control() || c == '\u{feff}')
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() || c == '\u{feff}' => {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02X}"));
                } else {
                    out.push_str(&format!("\\u{n:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Literal blocks are not allowed for text with trailing spaces on a line, leading spaces
/// (they would need an indentation indicator) or characters that need escapes.
fn literal_allowed(s: &str) -> bool {
    !s.starts_with(' ')
        && !s.starts_with('\n')
        && !s.contains(" \n")
        && !s.ends_with(' ')
        && !s
            .chars()
            .any(|c| c != '\n' && (c.is_control() || c == '\u{feff}'))
}

fn literal_block(s: &str, indent: usize) -> String {
    let trailing = s.len() - s.trim_end_matches('\n').len();
    let (indicator, body) = match trailing {
        0 => ("|-", s),
        1 => ("|", &s[..s.len() - 1]),
        _ => ("|+", &s[..s.len() - 1]),
    };
    let mut out = String::from(indicator);
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            pad(&mut out, indent);
            out.push_str(line);
        }
    }
    out
}

/// libyaml's rules for a plain scalar in block context.
fn plain_allowed(s: &str) -> bool {
    if s.is_empty() || s.starts_with(' ') || s.ends_with(' ') {
        return false;
    }
    if s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    let chars: Vec<char> = s.chars().collect();
    let followed_by_space = |i: usize| chars.get(i + 1).is_none_or(|c| *c == ' ');
    let first = chars[0];
    if "#,[]{}&*!|>'\"%@`".contains(first) {
        return false;
    }
    if matches!(first, '?' | ':' | '-') && followed_by_space(0) {
        return false;
    }
    for i in 1..chars.len() {
        match chars[i] {
            ':' if followed_by_space(i) => return false,
            '#' if chars[i - 1] == ' ' => return false,
            _ => {}
        }
    }
    true
}

/// go-yaml v2 resolves plain scalars with YAML 1.1 rules; such strings are double-quoted.
fn resolves_to_non_string(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf", "+.Inf", "+.INF", ".nan",
        ".NaN", ".NAN", "<<",
    ];
    s.is_empty() || WORDS.contains(&s) || is_yaml_int(s) || is_yaml_float(s) || is_timestamp(s)
}

fn is_yaml_int(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let all = |t: &str, f: fn(char) -> bool| !t.is_empty() && t.chars().all(|c| c == '_' || f(c));
    if let Some(bin) = body.strip_prefix("0b") {
        return all(bin, |c| c == '0' || c == '1');
    }
    if let Some(hex) = body.strip_prefix("0x") {
        return all(hex, |c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = body.strip_prefix("0o") {
        return all(oct, |c| ('0'..='7').contains(&c));
    }
    if body.starts_with(|c: char| c.is_ascii_digit()) && all(body, |c| c.is_ascii_digit()) {
        return true;
    }
    // Sexagesimal (base 60) integers such as 1:30.
    let mut parts = body.split(':');
    let head_ok = parts.next().is_some_and(|h| {
        h.starts_with(|c: char| c.is_ascii_digit()) && all(h, |c| c.is_ascii_digit())
    });
    let rest: Vec<&str> = parts.collect();
    head_ok
        && !rest.is_empty()
        && rest
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
}

fn is_yaml_float(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit() || c == '_');
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => (!int.is_empty() || !frac.is_empty()) && digits(int) && digits(frac),
        None => !mantissa.is_empty() && digits(mantissa),
    } && mantissa.chars().any(|c| c.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

/// `YYYY-M-D...`: go-yaml resolves these to timestamps, so kubectl quotes them.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    if b.len() < 8 || !digits(0..4) || b[4] != b'-' {
        return false;
    }
    let month_len = if b.get(6) == Some(&b'-') { 1 } else { 2 };
    if !digits(5..5 + month_len) || b.get(5 + month_len) != Some(&b'-') {
        return false;
    }
    let day_start = 6 + month_len;
    digits(day_start..day_start + 1)
}
