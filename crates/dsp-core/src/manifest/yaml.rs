//! The only place that touches `serde_yaml`: it turns one YAML document (a chunk of the
//! multi-document text, already split on `---` lines) into a `serde_json::Value`.
//!
//! `serde_yaml` 0.9 is deprecated upstream; keeping it behind this one function means a fork
//! (`serde_norway`, `serde_yaml_ng`, both drop-in for `from_str`) can replace it by editing
//! this file only. Everything else in the manifest module works on `serde_json::Value`.

use serde_json::Value;

/// A YAML syntax or structure error inside one document chunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct YamlError {
    /// 1-based line inside the chunk (not the whole file).
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The parser's message without its " at line N column M" tail.
    pub message: String,
}

/// Parses one YAML document into JSON. Never panics: any problem comes back as `YamlError`.
pub(crate) fn parse_document(chunk: &str) -> Result<Value, YamlError> {
    serde_yaml::from_str::<Value>(chunk).map_err(|err| {
        let (line, column) = err
            .location()
            .map(|loc| (to_u32(loc.line()), to_u32(loc.column())))
            .unwrap_or((1, 1));
        let full = err.to_string();
        // serde_yaml appends the location to its message; the caller places the
        // diagnostic itself, so the bare message reads better.
        let message = err
            .location()
            .and_then(|loc| {
                let tail = format!(" at line {} column {}", loc.line(), loc.column());
                full.strip_suffix(tail.as_str()).map(str::to_string)
            })
            .unwrap_or(full);
        YamlError {
            line: line.max(1),
            column: column.max(1),
            message,
        }
    })
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
