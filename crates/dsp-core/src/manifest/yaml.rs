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
/// `budget` is shared by every document of one text ([`ExpansionBudget::for_text`]), so many
/// small alias bombs cost no more than one.
pub(crate) fn parse_document(chunk: &str, budget: &ExpansionBudget) -> Result<Value, YamlError> {
    check_depth(chunk)?;
    let budget = &budget.0;
    let result = serde::de::DeserializeSeed::deserialize(
        Bounded(budget),
        serde_yaml::Deserializer::from_str(chunk),
    );
    result.map_err(|err| {
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
        // serde_yaml stops alias expansion after 100 jumps per event, and `Bounded` when the
        // expansion grows too large; go-yaml's words for both.
        if message.starts_with("repetition limit exceeded") || message.contains(EXCESSIVE) {
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

/// The most values one text may expand to, aliases included (at most one per byte of the text,
/// plus 100,000: a text without aliases holds fewer values than bytes). Four per byte, up to
/// 2,000,000, let a 555 KB text of alias bombs under the limit take a second and 190 MB to
/// parse once, and the editor and apply parse a text more than once.
const MAX_EXPANDED_NODES: usize = 1_000_000;
/// The most bytes of strings (keys and values) one text may expand to (at most two per byte of
/// the text, plus 1 MiB): aliases to a long string copy it each time (300 KB referenced tens of
/// thousands of times took 4 GB).
const MAX_EXPANDED_BYTES: usize = 8 * 1024 * 1024;
const EXCESSIVE: &str = "document contains excessive aliasing";

#[derive(Clone, Copy)]
struct Budget {
    nodes: usize,
    bytes: usize,
}

/// What the documents of one text may expand to, together.
pub(crate) struct ExpansionBudget(std::cell::Cell<Budget>);

impl ExpansionBudget {
    /// Without aliases a text holds fewer values and string bytes than it has bytes; aliases may
    /// add a little to that (100,000 values, 1 MiB), as go-yaml allows mostly-literal documents.
    pub(crate) fn for_text(text: &str) -> ExpansionBudget {
        ExpansionBudget(std::cell::Cell::new(Budget {
            nodes: text.len().saturating_add(100_000).min(MAX_EXPANDED_NODES),
            bytes: text
                .len()
                .saturating_mul(2)
                .saturating_add(1 << 20)
                .min(MAX_EXPANDED_BYTES),
        }))
    }
}

/// Builds a `serde_json::Value` like its own `Deserialize`, counting every value and string
/// byte against a [`Budget`] shared by the whole document, and failing once it runs out.
#[derive(Clone, Copy)]
struct Bounded<'b>(&'b std::cell::Cell<Budget>);

impl Bounded<'_> {
    fn spend<E: serde::de::Error>(&self, bytes: usize) -> Result<(), E> {
        let mut b = self.0.get();
        if b.nodes == 0 || b.bytes < bytes {
            return Err(E::custom(EXCESSIVE));
        }
        b.nodes -= 1;
        b.bytes -= bytes;
        self.0.set(b);
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Bounded<'_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Bounded<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // serde_json's own words, so error messages read as before.
        f.write_str("any valid JSON value")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
        self.spend(0)?;
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
        self.spend(0)?;
        Ok(Value::from(v))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        self.spend(0)?;
        Ok(Value::from(v))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        self.spend(0)?;
        // Like serde_json's own Value: a non-finite float becomes null.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        self.spend(v.len())?;
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        self.spend(v.len())?;
        Ok(Value::String(v))
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        self.spend(0)?;
        Ok(Value::Null)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.spend(0)?;
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.spend(0)?;
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(self)? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.spend(0)?;
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key_seed(KeySeed(self))? {
            let value = map.next_value_seed(self)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// A mapping key, read as serde_json's Value reads one (a `String`), and counted.
struct KeySeed<'b>(Bounded<'b>);

impl<'de> serde::de::DeserializeSeed<'de> for KeySeed<'_> {
    type Value = String;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        let key = <String as serde::Deserialize>::deserialize(d)?;
        self.0.spend(key.len())?;
        Ok(key)
    }
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
