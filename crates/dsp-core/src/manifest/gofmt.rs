//! Renders values the way the API server's field errors print them: Go's `%q` for
//! strings, bare numbers, and `%#v` Go syntax for maps and label selectors.
//!
//! The server's `field.Error.ErrorBody` prints a bad value with `String()` when the value's type
//! (or a pointer to it) has one — which is why an `IntOrString` shows as `1` or `50%` — and with
//! `%#v` otherwise: `map[string]string{"app":"web"}`. Label selectors are rendered in the `%#v`
//! form quoted by the behaviour spec (`v1.LabelSelector{MatchLabels:..., MatchExpressions:...}`).

use std::collections::BTreeMap;

use crate::k8s::meta::LabelSelector;
use crate::k8s::IntOrString;

/// Go's `%q` / `strconv.Quote`: double quotes, printable Unicode kept, the rest escaped.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() => {
                let n = c as u32;
                if n <= 0xffff {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `map[string]string{"a":"1", "b":"2"}`; `None` is Go's nil map.
pub fn go_string_map(map: Option<&BTreeMap<String, String>>) -> String {
    match map {
        None => "map[string]string(nil)".to_string(),
        Some(map) => {
            let body: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v)))
                .collect();
            format!("map[string]string{{{}}}", body.join(", "))
        }
    }
}

/// `%#v` of a `metav1.LabelSelector`.
pub fn go_label_selector(selector: &LabelSelector) -> String {
    let expressions = match selector.match_expressions.as_deref() {
        // An explicitly empty list is shown as nil: `selector: {}` is stored that way (see
        // `decode`), and the server shows `(nil)` for it.
        None | Some([]) => "[]v1.LabelSelectorRequirement(nil)".to_string(),
        Some(list) => {
            let items: Vec<String> = list
                .iter()
                .map(|r| {
                    let values = match r.values.as_deref() {
                        None => "[]string(nil)".to_string(),
                        Some(values) => {
                            let quoted: Vec<String> = values.iter().map(|v| go_quote(v)).collect();
                            format!("[]string{{{}}}", quoted.join(", "))
                        }
                    };
                    format!(
                        "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:{}}}",
                        go_quote(&r.key),
                        go_quote(&r.operator),
                        values
                    )
                })
                .collect();
            format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
        }
    };
    format!(
        "v1.LabelSelector{{MatchLabels:{}, MatchExpressions:{}}}",
        go_string_map(selector.match_labels.as_ref()),
        expressions
    )
}

/// `IntOrString.String()`: the number, or the string unquoted.
pub fn go_int_or_string(value: &IntOrString) -> String {
    match value {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}
