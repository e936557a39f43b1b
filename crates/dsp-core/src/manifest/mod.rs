//! Manifests: multi-document YAML in, defaulted and validated Kubernetes objects out, with a
//! line and column for every diagnostic.
//!
//! Pipeline for each document: split the text on `---` lines the way kubectl's YAML reader does
//! (so positions and document numbers agree with what users see), parse the chunk with
//! `serde_yaml` (behind `yaml.rs`), read `apiVersion`/`kind`, fix the legacy shorthand
//! (`legacy.rs`), check the value against the schema (`dsp_schema`: Go's type errors, strict
//! decoding's unknown fields) and read what Go keeps of it into the typed model (`crate::k8s`,
//! generated from k8s-openapi; see `decode_typed`), then default (`defaults.rs`).
//! Positions of field paths come from a separate event-level parse (`positions.rs`).
//! Validation (`validate.rs`) and printing (`emit.rs`) are independent of parsing.
//!
//! Accepted kinds: `apps/v1` DaemonSet, `v1` Node, and the removed `extensions/v1beta1` and
//! `apps/v1beta2` DaemonSets (converted to apps/v1 with that version's defaults and a warning).

mod defaults;
mod emit;
mod gofmt;
mod legacy;
mod positions;
mod validate;
mod yaml;

use crate::k8s::apps::DaemonSet;
use crate::k8s::core::Node;
use crate::DaemonSetSpecOf;
use serde_json::Value;

pub(crate) use defaults::object_at;
pub use defaults::{
    default_daemonset, default_pod_template_value, default_workload, pull_policy_for,
    DEFAULT_NAMESPACE,
};
pub use emit::to_yaml;
pub use gofmt::{go_label_selector, go_quote, go_string_map};
pub use legacy::convert_to_apps_v1;
pub use validate::{
    invalid_message, validate_daemonset, validate_daemonset_with, validate_metadata_annotations,
    validate_metadata_labels, validate_node, validate_object, validate_taints, FieldError,
    FieldErrorKind, ValidateOptions,
};

use positions::PosNode;

/// Everything `parse_manifests` found.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseResult {
    /// One entry per non-empty document, in order (documents that are empty or only comments are
    /// skipped, as kubectl does).
    pub documents: Vec<ParsedDocument>,
    /// Errors and warnings of all documents, each with a position in the whole text.
    pub diagnostics: Vec<Diagnostic>,
}

impl ParseResult {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Whether any document is legacy input that `convert_to_apps_v1` rewrites.
    pub fn is_legacy(&self) -> bool {
        self.documents.iter().any(|d| d.legacy)
    }
}

/// One YAML document of the input.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedDocument {
    /// 0-based among non-empty documents; `Diagnostic::document` and `position_of` use it too.
    pub index: usize,
    /// 1-based line where the document's text starts.
    pub start_line: u32,
    /// `apiVersion` and `kind` as written (legacy versions are reported here, not in `object`).
    pub api_version: Option<String>,
    pub kind: Option<String>,
    /// The decoded object; `None` when the document had an error.
    pub object: Option<Manifest>,
    /// Full `Warning: ...` lines as kubectl prints them.
    pub warnings: Vec<String>,
    /// A DaemonSet in a removed API version (`extensions/v1beta1`, `apps/v1beta2`) or written
    /// with the article's shorthand (`updateStrategy: RollingUpdate`, `maxUnavailable` under
    /// `spec`): what `convert_to_apps_v1` rewrites.
    pub legacy: bool,
    /// An apps/v1 DaemonSet as written (JSON, before defaulting): what `kubectl apply` keeps
    /// as `last-applied-configuration`. `None` for other documents and legacy input.
    pub written: Option<Value>,
    /// Fields the object's types do not have, as strict decoding names them
    /// (`spec.template.spec.nodeSelecter`): kubectl's `--validate` refuses the object
    /// (strict, the default), warns (warn) or says nothing (ignore). Not in `warnings`.
    pub unknown_fields: Vec<String>,
    /// The document as JSON when its kind is not a built-in one (`no matches for kind`): the
    /// cluster may know it from a CustomResourceDefinition.
    pub unrecognized: Option<Value>,
    /// A `kind: List` document's items, each an object of its own (kubectl reads them so); their
    /// diagnostics are the document's, at `items[i]`.
    pub list_items: Vec<Value>,
}

impl ParsedDocument {
    /// Validation options for this document's API version (selector changes were allowed
    /// through extensions/v1beta1).
    pub fn validate_options(&self) -> ValidateOptions {
        ValidateOptions {
            allow_selector_change: self.api_version.as_deref() == Some(legacy::EXTENSIONS_V1BETA1),
        }
    }
}

/// A decoded object. DaemonSets are always apps/v1 and already defaulted.
#[derive(Clone, Debug, PartialEq)]
pub enum Manifest {
    DaemonSet(Box<DaemonSet>),
    Node(Box<Node>),
    /// An object of any other kind the API server stores (`Simulation::create_object`),
    /// checked against the schema, as written.
    Object {
        resource: &'static dsp_schema::Resource,
        value: Box<Value>,
    },
}

impl Manifest {
    /// `metadata.name`.
    pub fn name(&self) -> String {
        match self {
            Manifest::DaemonSet(d) => d.metadata.name.clone().unwrap_or_default(),
            Manifest::Node(n) => n.metadata.name.clone().unwrap_or_default(),
            Manifest::Object { value, .. } => value
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A message placed in the source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// 1-based line in the whole (multi-document) text.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// Field path such as `spec.template.spec.nodeSelecter`, when the message is about a field.
    pub path: Option<String>,
    /// The message without a `Warning: ` / `error: ` prefix.
    pub message: String,
    /// Index of the document (see `ParsedDocument::index`).
    pub document: usize,
}

/// Parses a multi-document manifest. Never panics; every problem becomes a diagnostic.
pub fn parse_manifests(text: &str) -> ParseResult {
    parse_with_positions(text).0
}

/// Whether the text holds legacy input (see `ParsedDocument::legacy`): when the editor offers
/// "Convert to apps/v1". `check_manifests(text).parsed.is_legacy()` answers it from a parse
/// already made.
pub fn is_legacy(text: &str) -> bool {
    parse_manifests(text).is_legacy()
}

/// Line and column (1-based) of a field path in document `document`, e.g.
/// `spec.template.spec.containers[0].image`. Exact match only: `None` when the field is not
/// written in the text (or the document does not exist).
pub fn position_of(text: &str, document: usize, path: &str) -> Option<(u32, u32)> {
    let docs = documents(text);
    let (chunk, _) = docs.get(document)?;
    let root = positions::build(chunk.text, chunk.first_line.saturating_sub(1))?;
    positions::lookup(&root, path)
}

/// One parse of a manifest text and every diagnostic about it: what the editor needs on each
/// keystroke.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedManifests {
    /// The documents as `parse_manifests` returns them.
    pub parsed: ParseResult,
    /// The parse diagnostics and every validation error, sorted by position (see
    /// `validation_diagnostics`).
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses the text once and validates every object: the parse result and all diagnostics.
pub fn check_manifests(text: &str) -> CheckedManifests {
    let (parsed, roots) = parse_with_positions(text);
    let diagnostics = validate_parsed(&parsed, &roots);
    CheckedManifests {
        parsed,
        diagnostics,
    }
}

/// Parses and validates every object (as a create), placing each validation error at its
/// field — or, for a field that is not written (defaulted or missing), at its closest written
/// ancestor. Includes the parse diagnostics; sorted by position.
pub fn validation_diagnostics(text: &str) -> Vec<Diagnostic> {
    check_manifests(text).diagnostics
}

fn validate_parsed(result: &ParseResult, roots: &[Option<PosNode>]) -> Vec<Diagnostic> {
    let mut out = result.diagnostics.clone();
    for doc in &result.documents {
        let errors = match &doc.object {
            Some(Manifest::DaemonSet(ds)) => {
                validate_daemonset_with(ds, None, doc.validate_options())
            }
            Some(Manifest::Node(node)) => validate_node(node),
            Some(Manifest::Object { resource, value }) => validate_object(resource, value),
            None => continue,
        };
        let root = roots.get(doc.index).and_then(Option::as_ref);
        for err in errors {
            let (line, column) = match root {
                Some(root) => field_position(root, &err.field),
                None => (doc.start_line, 1),
            };
            out.push(Diagnostic {
                severity: Severity::Error,
                line,
                column,
                path: Some(err.field.clone()),
                message: err.to_string(),
                document: doc.index,
            });
        }
    }
    crate::sort::sort_by_key(&mut out, |d| (d.line, d.column));
    out
}

/// Parses a single YAML (or JSON) document into JSON, e.g. a `kubectl patch -p` body. The error
/// is worded like kubectl's YAML errors.
pub fn yaml_to_json(text: &str) -> Result<Value, String> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(too_large_message(text.len()));
    }
    yaml::parse_document(text, &yaml::ExpansionBudget::for_text(text))
        .map_err(|e| yaml_error_message(&e))
}

/// kubectl's wording of a YAML error (the line is relative to the document).
fn yaml_error_message(e: &yaml::YamlError) -> String {
    match e.form {
        yaml::ErrorForm::AtLine => format!(
            "error converting YAML to JSON: yaml: line {}: {}",
            e.line, e.message
        ),
        yaml::ErrorForm::NoLine => format!("error converting YAML to JSON: yaml: {}", e.message),
        yaml::ErrorForm::Plain => e.message.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Size limits

pub use yaml::MAX_DEPTH;

/// The most one manifest text may hold (an editor buffer, a file, a heredoc, a patch body). The
/// API server takes up to 3 MiB per object (`MaxRequestBodyBytes`); the playground parses about
/// 1.3 MB a second natively (YAML, positions, typed decode, validation) and less in the page, so
/// it reads at most 1 MiB at once: one editor keystroke or one `apply` stays under a second.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;
/// The most documents one text may hold (a thousand small documents parse in about 0.15 s).
pub const MAX_DOCUMENTS: usize = 1_000;

fn too_large_message(bytes: usize) -> String {
    format!("the text is {bytes} bytes; the playground reads at most {MAX_TEXT_BYTES} bytes of manifests at once")
}

fn limit_error(message: String) -> yaml::YamlError {
    yaml::YamlError {
        line: 1,
        column: 1,
        message,
        form: yaml::ErrorForm::Plain,
    }
}

// ---------------------------------------------------------------------------------------------
// Document splitting

/// A document's text between `---` lines.
#[derive(Clone, Debug)]
pub(crate) struct Chunk<'a> {
    pub text: &'a str,
    /// 1-based line of the chunk's first line in the whole text.
    pub first_line: u32,
    /// A separator line with content after `---` (kubectl rejects those); line and text.
    pub bad_separator: Option<(u32, String)>,
}

impl Chunk<'_> {
    pub(crate) fn separator_error(&self, document: usize) -> Option<Diagnostic> {
        self.bad_separator.as_ref().map(|(line, text)| Diagnostic {
            severity: Severity::Error,
            line: *line,
            column: 1,
            path: None,
            message: format!("invalid Yaml document separator: {text}"),
            document,
        })
    }

    /// A YAML error as kubectl words it; the `line N` in the message is relative to the
    /// document (kubectl parses each document separately), the diagnostic's line is absolute.
    pub(crate) fn yaml_error_diagnostic(&self, document: usize, e: &yaml::YamlError) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            line: self.first_line.saturating_add(e.line - 1),
            column: e.column,
            path: None,
            message: yaml_error_message(e),
            document,
        }
    }
}

/// Splits on lines that start with `---` (kubectl's YAML reader rule; anything but a comment
/// after the dashes is an error there). Chunks with no content are kept here and dropped later.
pub(crate) fn split_documents(text: &str) -> Vec<Chunk<'_>> {
    let mut chunks = Vec::new();
    let mut start = 0usize;
    let mut first_line = 1u32;
    let mut line_no = 1u32;
    let mut offset = 0usize;
    let mut pending_bad: Option<(u32, String)> = None;
    for line in text.split_inclusive('\n') {
        let line_end = offset + line.len();
        if let Some(after) = line.strip_prefix("---") {
            let rest = after.trim();
            chunks.push(Chunk {
                text: &text[start..offset],
                first_line,
                bad_separator: pending_bad.take(),
            });
            if !rest.is_empty() && !rest.starts_with('#') {
                pending_bad = Some((line_no, line.trim_end().to_string()));
            }
            start = line_end;
            first_line = line_no.saturating_add(1);
        }
        offset = line_end;
        line_no = line_no.saturating_add(1);
    }
    chunks.push(Chunk {
        text: &text[start..],
        first_line,
        bad_separator: pending_bad,
    });
    chunks
}

/// The non-empty documents with their parse results. A document is empty when it parses to
/// null (blank, only comments); kubectl skips those.
///
/// Bounded: a text over [`MAX_TEXT_BYTES`] is one error, and after [`MAX_DOCUMENTS`] documents
/// the rest is one error.
pub(crate) fn documents(text: &str) -> Vec<(Chunk<'_>, Result<Value, yaml::YamlError>)> {
    if text.len() > MAX_TEXT_BYTES {
        let chunk = Chunk {
            text: "",
            first_line: 1,
            bad_separator: None,
        };
        return vec![(chunk, Err(limit_error(too_large_message(text.len()))))];
    }
    let mut out = Vec::new();
    let budget = yaml::ExpansionBudget::for_text(text);
    for chunk in split_documents(text) {
        if chunk.text.trim().is_empty() && chunk.bad_separator.is_none() {
            continue;
        }
        if out.len() == MAX_DOCUMENTS {
            let message = format!("more than {MAX_DOCUMENTS} documents; the playground reads at most {MAX_DOCUMENTS} at once");
            out.push((chunk, Err(limit_error(message))));
            break;
        }
        let parsed = yaml::parse_document(chunk.text, &budget);
        if matches!(parsed, Ok(Value::Null)) && chunk.bad_separator.is_none() {
            continue;
        }
        out.push((chunk, parsed));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Parsing pipeline

fn parse_with_positions(text: &str) -> (ParseResult, Vec<Option<PosNode>>) {
    let mut result = ParseResult {
        documents: Vec::new(),
        diagnostics: Vec::new(),
    };
    let mut roots = Vec::new();
    for (index, (chunk, parsed)) in documents(text).into_iter().enumerate() {
        if let Some(diag) = chunk.separator_error(index) {
            result.diagnostics.push(diag);
        }
        // Positions serve only documents that parsed (and are skipped for refused ones).
        let root = parsed
            .is_ok()
            .then(|| positions::build(chunk.text, chunk.first_line.saturating_sub(1)))
            .flatten();
        let mut ctx = DocContext {
            index,
            chunk: &chunk,
            root: root.as_ref(),
            warnings: Vec::new(),
            diagnostics: Vec::new(),
            legacy: false,
            unknown_fields: Vec::new(),
        };
        let mut doc = ParsedDocument {
            index,
            start_line: chunk.first_line,
            api_version: None,
            kind: None,
            object: None,
            warnings: Vec::new(),
            legacy: false,
            written: None,
            unknown_fields: Vec::new(),
            unrecognized: None,
            list_items: Vec::new(),
        };
        match parsed {
            Err(e) => ctx.diagnostics.push(chunk.yaml_error_diagnostic(index, &e)),
            Ok(mut value) => {
                if let Some(root) = &root {
                    positions::apply_yaml11(&mut value, root);
                }
                doc.api_version = value
                    .get("apiVersion")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                doc.kind = value
                    .get("kind")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let written = (doc.api_version.as_deref() == Some(legacy::APPS_V1)
                    && doc.kind.as_deref() == Some("DaemonSet"))
                .then(|| value.clone());
                let copy = (dsp_schema::schema()
                    .resource(
                        doc.api_version.as_deref().unwrap_or(""),
                        doc.kind.as_deref().unwrap_or(""),
                    )
                    .is_none())
                .then(|| value.clone());
                if doc.api_version.as_deref() == Some("v1") && doc.kind.as_deref() == Some("List") {
                    doc.list_items = decode_list(&value, &mut ctx);
                } else {
                    doc.object = decode_object(value, &mut ctx);
                }
                if doc.object.is_none()
                    && ctx
                        .diagnostics
                        .iter()
                        .any(|d| d.message.starts_with("no matches for kind"))
                {
                    doc.unrecognized = copy;
                }
                doc.written = written.filter(|_| !ctx.legacy && doc.object.is_some());
            }
        }
        doc.warnings = ctx.warnings;
        doc.legacy = ctx.legacy;
        doc.unknown_fields = ctx.unknown_fields;
        result.diagnostics.extend(ctx.diagnostics);
        result.documents.push(doc);
        roots.push(root);
    }
    (result, roots)
}

struct DocContext<'a, 'b> {
    index: usize,
    chunk: &'a Chunk<'b>,
    root: Option<&'a PosNode>,
    warnings: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    /// Set when the document is legacy input (`ParsedDocument::legacy`).
    legacy: bool,
    unknown_fields: Vec<String>,
}

impl DocContext<'_, '_> {
    fn position(&self, path: &str) -> (u32, u32) {
        match self.root {
            Some(root) => field_position(root, path),
            None => (self.chunk.first_line, 1),
        }
    }

    fn warn(&mut self, path: &str, message: String) {
        let (line, column) = self.position(path);
        self.warnings.push(format!("Warning: {message}"));
        self.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            line,
            column,
            path: Some(path.to_string()),
            message,
            document: self.index,
        });
    }

    /// A field the type does not have: a warning diagnostic in the editor, and for kubectl
    /// what `--validate` decides on (`ParsedDocument::unknown_fields`).
    fn unknown_field(&mut self, path: &str) {
        let (line, column) = self.position(path);
        self.unknown_fields.push(path.to_string());
        self.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            line,
            column,
            path: Some(path.to_string()),
            message: format!("unknown field {}", go_quote(path)),
            document: self.index,
        });
    }

    fn error(&mut self, path: &str, message: String) {
        let (line, column) = self.position(path);
        self.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            line,
            column,
            path: (!path.is_empty()).then(|| path.to_string()),
            message,
            document: self.index,
        });
    }
}

/// Position of a field for a diagnostic: exact, else where the legacy shorthand wrote it, else
/// the nearest written ancestor.
fn field_position(root: &PosNode, path: &str) -> (u32, u32) {
    if let Some(pos) = positions::lookup(root, path) {
        return pos;
    }
    // ValidatePodTemplateSpec names the template's labels and annotations without `metadata`.
    for part in ["labels", "annotations"] {
        let short = format!("spec.template.{part}");
        if let Some(rest) = path.strip_prefix(&short) {
            let long = format!("spec.template.metadata.{part}{rest}");
            if let Some(pos) = positions::lookup(root, &long) {
                return pos;
            }
        }
    }
    if let Some(field) = path.strip_prefix("spec.updateStrategy.rollingUpdate.") {
        if let Some(pos) = positions::lookup(root, &format!("spec.{field}")) {
            return pos;
        }
    }
    positions::lookup_nearest(root, path)
}

pub(crate) fn unrecognized_message(api_version: &str, kind: &str) -> String {
    format!(
        "no matches for kind {} in version {}",
        go_quote(kind),
        go_quote(api_version)
    )
}

/// A `v1` `List`: each item is checked as an object of its own, its diagnostics placed under
/// `items[i]`; the items are returned for kubectl to read one by one.
fn decode_list(value: &Value, ctx: &mut DocContext<'_, '_>) -> Vec<Value> {
    let Some(items) = value.get("items").and_then(Value::as_array) else {
        return Vec::new();
    };
    for (i, item) in items.iter().enumerate() {
        let sub_root = ctx.root.and_then(|r| positions::list_item(r, i));
        let mut sub = DocContext {
            index: ctx.index,
            chunk: ctx.chunk,
            root: sub_root.or(ctx.root),
            warnings: Vec::new(),
            diagnostics: Vec::new(),
            legacy: false,
            unknown_fields: Vec::new(),
        };
        // Only the diagnostics matter here: kubectl decodes each item again on its own.
        let _ = decode_object(item.clone(), &mut sub);
        ctx.diagnostics.extend(sub.diagnostics);
    }
    items.clone()
}

fn decode_object(value: Value, ctx: &mut DocContext<'_, '_>) -> Option<Manifest> {
    let Some(obj) = value.as_object() else {
        ctx.error("", format!("Object 'Kind' is missing in '{value}'"));
        return None;
    };
    let kind = obj
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let api_version = obj
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if kind.is_empty() {
        ctx.error("", format!("Object 'Kind' is missing in '{value}'"));
        return None;
    }
    if api_version.is_empty() {
        ctx.error(
            "kind",
            format!("Object 'apiVersion' is missing in '{value}'"),
        );
        return None;
    }
    match (api_version.as_str(), kind.as_str()) {
        (legacy::APPS_V1 | legacy::APPS_V1BETA2 | legacy::EXTENSIONS_V1BETA1, "DaemonSet") => {
            decode_daemonset(value, &api_version, ctx).map(|ds| Manifest::DaemonSet(Box::new(ds)))
        }
        ("v1", "Node") => {
            decode_typed::<Node>(value, "Node", "v1", ctx).map(|n| Manifest::Node(Box::new(n)))
        }
        _ => match dsp_schema::schema().resource(&api_version, &kind) {
            Some(resource) => match not_stored(resource) {
                Some(message) => {
                    ctx.error("kind", message);
                    None
                }
                None => decode_stored(value, resource, ctx),
            },
            None => {
                ctx.error("apiVersion", unrecognized_message(&api_version, &kind));
                None
            }
        },
    }
}

/// Why the playground's API server does not take objects of a resource it knows: the kinds the
/// simulator makes itself, and the request-only kinds (reviews, bindings).
pub fn not_stored(resource: &dsp_schema::Resource) -> Option<String> {
    let has = |verb: &str| resource.verbs.iter().any(|v| v == verb);
    match resource.kind.as_str() {
        "Pod" => Some("the playground runs pods only for DaemonSets: a Pod of its own is not simulated (write a DaemonSet, or run the pod's containers in one)".to_string()),
        "ControllerRevision" | "Event" => Some(format!(
            "the playground's controllers write {} objects; they cannot be created by hand here",
            resource.kind
        )),
        _ if !has("create") => Some("the server does not allow this method on the requested resource".to_string()),
        _ if !has("get") => Some(format!(
            "the playground does not answer {} requests",
            resource.kind
        )),
        _ => None,
    }
}

/// An object of a stored kind: Go's type errors, strict decoding's unknown fields.
fn decode_stored(
    value: Value,
    resource: &'static dsp_schema::Resource,
    ctx: &mut DocContext<'_, '_>,
) -> Option<Manifest> {
    let kind = &resource.kind;
    let checked = dsp_schema::schema().decode(&resource.type_name, &value);
    if let Some(e) = checked.error {
        ctx.error(
            &e.path,
            format!(
                "{kind} in version {} cannot be handled as a {kind}: {}",
                go_quote(&resource.version),
                e.message
            ),
        );
        return None;
    }
    for path in checked.unknown_fields {
        ctx.unknown_field(&path);
    }
    let mut value = value;
    dsp_schema::schema().prune(&resource.type_name, &mut value);
    Some(Manifest::Object {
        resource,
        value: Box::new(value),
    })
}

fn decode_daemonset(
    mut value: Value,
    api_version: &str,
    ctx: &mut DocContext<'_, '_>,
) -> Option<DaemonSet> {
    let legacy_version = api_version != legacy::APPS_V1;
    if let Some(message) = legacy::deprecation_warning(api_version) {
        ctx.warn("apiVersion", message);
    }
    // The article's second manifest writes the strategy as a string: no API server ever took
    // that shape, so it is refused with the decoder's error for the version it names (the
    // editor's "Convert to apps/v1" rewrites it), where `maxUnavailable` beside it is only
    // rewritten with a warning.
    if value
        .pointer("/spec/updateStrategy")
        .is_some_and(Value::is_string)
    {
        ctx.legacy = true;
        let version = api_version.rsplit('/').next().unwrap_or(api_version);
        ctx.error(
            "spec.updateStrategy",
            format!(
                "DaemonSet in version {} cannot be handled as a DaemonSet: json: cannot unmarshal string into Go struct field DaemonSetSpec.spec.updateStrategy of type {version}.DaemonSetUpdateStrategy",
                go_quote(version)
            ),
        );
        return None;
    }
    let shorthand = legacy::rewrite_shorthand(&mut value, legacy_version);
    ctx.legacy = legacy_version || !shorthand.is_empty();
    for w in shorthand {
        ctx.warn(&w.path, w.message);
    }
    if api_version == legacy::EXTENSIONS_V1BETA1 {
        for w in legacy::extensions_default_warnings(&value) {
            ctx.warn(&w.path, w.message);
        }
    }
    let selector = value.pointer("/spec/selector").filter(|s| !s.is_null());
    let selector_written = selector.is_some();
    let selector_empty = selector.is_some_and(|s| {
        s.get("matchLabels").is_none_or(Value::is_null)
            && s.get("matchExpressions").is_none_or(Value::is_null)
    });
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "apiVersion".to_string(),
            Value::String(legacy::APPS_V1.to_string()),
        );
    }
    let version = api_version.rsplit('/').next().unwrap_or(api_version);
    let mut ds = decode_typed::<DaemonSet>(value, "DaemonSet", version, ctx)?;
    if selector_empty {
        // The typed model cannot hold a nil selector, so `selector: {}` would look unset; an empty
        // expression list keeps "written but empty" visible to validation.
        ds.ds_spec_mut().selector.match_expressions = Some(Vec::new());
    }
    if api_version == legacy::EXTENSIONS_V1BETA1 {
        defaults::default_extensions_v1beta1(&mut ds, selector_written);
    }
    default_daemonset(&mut ds);
    Some(ds)
}

/// The schema type of the kinds the simulator decodes (`DaemonSet`, `Node`).
pub fn schema_type(kind: &str) -> &'static str {
    match kind {
        "Node" => "io.k8s.api.core.v1.Node",
        _ => "io.k8s.api.apps.v1.DaemonSet",
    }
}

/// Decodes into the typed model (`crate::k8s`) the way the API server would: first against the
/// schema (`dsp_schema`), which gives Go's type errors in Go's wording and strict decoding's
/// unknown fields, placed at their field; then what Go keeps of the value (unknown fields
/// dropped, `null`s zeroed) is read into the type. A required field left out defaults to
/// empty, as in Go, for validation to refuse.
fn decode_typed<T: serde::de::DeserializeOwned + serde::Serialize>(
    value: Value,
    kind: &str,
    version: &str,
    ctx: &mut DocContext<'_, '_>,
) -> Option<T> {
    let prefix = format!(
        "{kind} in version {} cannot be handled as a {kind}",
        go_quote(version)
    );
    let checked = dsp_schema::schema().decode(schema_type(kind), &value);
    if let Some(e) = checked.error {
        ctx.error(&e.path, format!("{prefix}: {}", e.message));
        return None;
    }
    for path in checked.unknown_fields {
        ctx.unknown_field(&path);
    }
    let mut value = value;
    dsp_schema::schema().prune(schema_type(kind), &mut value);
    // The schema check above admits only values the typed model reads (its fields are the
    // schema's, required ones default), so this error is not expected; it is still reported.
    match serde_json::from_value::<T>(value) {
        Ok(object) => Some(object),
        Err(err) => {
            ctx.error("", format!("{prefix}: {err}"));
            None
        }
    }
}
