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
    /// How kubectl prints it.
    pub form: ErrorForm,
}

/// How a [`YamlError`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorForm {
    /// `error converting YAML to JSON: yaml: line N: MESSAGE`.
    AtLine,
    /// `error converting YAML to JSON: yaml: MESSAGE` (go-yaml's aliasing error has no line).
    NoLine,
    /// The message alone: a limit of the API server or the playground, not of YAML.
    Plain,
}

/// The deepest nesting of collections (flow `[`/`{` plus block indentation levels) a document may
/// have. go-yaml, which kubectl and the API server use, stops at 10,000 (`max_flow_level`,
/// `max_indents`: "exceeded max depth of 10000"); serde_yaml refuses more than 128 levels anyway,
/// but only after libyaml has scanned them, which is quadratic in the flow depth (`a: ` and
/// 40,000 `[` took 5 s). A pre-scan refuses deeper text in one linear pass.
pub const MAX_DEPTH: usize = 1_000;

/// Parses one YAML document into JSON. Never panics: any problem comes back as `YamlError`.
pub(crate) fn parse_document(chunk: &str) -> Result<Value, YamlError> {
    check_depth(chunk)?;
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
        // serde_yaml stops alias expansion after 100 jumps per event; go-yaml's words for it.
        if message.starts_with("repetition limit exceeded") {
            return YamlError {
                line: 1,
                column: 1,
                message: "document contains excessive aliasing".to_string(),
                form: ErrorForm::NoLine,
            };
        }
        YamlError {
            line: line.max(1),
            column: column.max(1),
            message,
            form: ErrorForm::AtLine,
        }
    })
}

/// Refuses text nested deeper than [`MAX_DEPTH`], in one pass: flow collections opened where a
/// value can start (outside quotes and comments), plus the block indentation stack (each deeper
/// indentation or `- ` opens a level). Block scalars (`|`, `>`) are skipped. The count can only
/// over-estimate plain scalars that look like flow openers, far below the limit on real text.
fn check_depth(chunk: &str) -> Result<(), YamlError> {
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    // A block scalar's parent indentation: its lines are text, not structure.
    let mut block_scalar: Option<usize> = None;
    for (line_no, line) in chunk.lines().enumerate() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some(parent) = block_scalar {
            if trimmed.is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if flow == 0 {
            while indents.last().is_some_and(|&i| i >= indent) {
                indents.pop();
            }
            indents.push(indent);
        }
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        let mut column = indent;
        // Still in the line's `- - ` prefix (dashes further on are text: `a: -5`, `x - y`).
        let mut prefix = true;
        for c in trimmed.chars() {
            column += 1;
            prefix = prefix && matches!(c, '-' | ' ');
            match quote {
                Some(q) => {
                    if c == q {
                        quote = None;
                    }
                }
                None => match c {
                    '\'' | '"' if matches!(previous, ' ' | '[' | '{' | ',' | ':') => {
                        quote = Some(c)
                    }
                    '#' if previous == ' ' => break,
                    '[' | '{'
                        if flow > 0
                            || matches!(previous, ' ' | '[' | '{' | ',' | '-' | ':' | '?') =>
                    {
                        flow += 1;
                    }
                    ']' | '}' if flow > 0 => flow -= 1,
                    '-' if flow == 0 && prefix && previous == ' ' => {
                        // `- - - x`: each dash opens a sequence one column further in.
                        indents.push(column);
                    }
                    _ => {}
                },
            }
            if flow + indents.len() > MAX_DEPTH {
                return Err(YamlError {
                    line: u32::try_from(line_no + 1).unwrap_or(u32::MAX),
                    column: u32::try_from(column).unwrap_or(u32::MAX),
                    message: format!("exceeded max depth of {MAX_DEPTH}"),
                    form: ErrorForm::AtLine,
                });
            }
            previous = c;
        }
        let end = trimmed.trim_end();
        if flow == 0
            && quote.is_none()
            && (end.ends_with('|')
                || end.ends_with('>')
                || end.ends_with("|-")
                || end.ends_with(">-")
                || end.ends_with("|+")
                || end.ends_with(">+"))
        {
            block_scalar = Some(indent);
        }
    }
    Ok(())
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
