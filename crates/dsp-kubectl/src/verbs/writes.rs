//! The mutating commands: create/apply/replace/delete, label, taint, cordon/uncordon, drain,
//! set image, patch and edit. Each ends in one of the simulation's write calls, so validation
//! and generation bookkeeping stay in dsp-core.

use crate::args::Args;
use crate::kinds::Kind;
use crate::labels::{self, TaintSpec};
use crate::objects;
use crate::resources::{self, ds_name, find, list, Request};
use crate::selector::Selector;
use crate::Ctx;
use dsp_core::k8s::apps;
use dsp_core::k8s::core;
use dsp_core::manifest::{self, Manifest, Severity};
use dsp_core::model::{Labels, Taint, TaintEffect, LAST_APPLIED_ANNOTATION};
use dsp_core::DaemonSetSpecOf;
use dsp_core::{ApiError, ApiErrorReason, SimDuration};
use serde_json::Value;

/// The files named by `-f` (`-` is standard input), as (source name, text).
pub(crate) fn read_sources(
    ctx: &mut Ctx<'_>,
    args: &Args,
) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for path in args.values("filename") {
        if path == "-" {
            let text = ctx.read_stdin();
            out.push(("STDIN".to_string(), text));
        } else if crate::examples::is_url(&path) {
            let text = crate::examples::fetch(&path)?;
            out.push((path, text.to_string()));
        } else if let Some(files) = dir_files(ctx, &path, args.bool("recursive").unwrap_or(false)) {
            if files.is_empty() {
                return Err(format!(
                    "error: error reading [{path}]: recognized file extensions are [.json .yaml .yml]"
                ));
            }
            for file in files {
                let text = ctx.read_file(&file).map_err(|e| format!("error: {e}"))?;
                out.push((file, text));
            }
        } else {
            let text = ctx.read_file(&path).map_err(|e| format!("error: {e}"))?;
            out.push((path, text));
        }
    }
    Ok(out)
}

/// `-f DIR`: the manifest files in a folder (`.json`, `.yaml`, `.yml`, by name), and with
/// `-R` those of its subfolders; `None` when `path` is not a folder.
fn dir_files(ctx: &mut Ctx<'_>, path: &str, recursive: bool) -> Option<Vec<String>> {
    let entries = ctx.io.list_dir(path)?;
    let base = path.trim_end_matches('/');
    let mut out = Vec::new();
    for e in entries {
        if let Some(sub) = e.strip_suffix('/') {
            if recursive {
                out.extend(dir_files(ctx, &format!("{base}/{sub}"), true).unwrap_or_default());
            }
        } else if [".json", ".yaml", ".yml"].iter().any(|x| e.ends_with(x)) {
            out.push(format!("{base}/{e}"));
        }
    }
    Some(out)
}

/// A decoded manifest document with where it came from.
pub(crate) struct Doc {
    pub source: String,
    pub object: Manifest,
    /// The document as written (for `last-applied-configuration`), when it is apps/v1.
    pub written: Option<Value>,
    /// `apiVersion` as written (`apps/v1`, `extensions/v1beta1`).
    pub api_version: String,
    /// Fields its types do not have (`ParsedDocument::unknown_fields`), for `--validate`.
    pub unknown_fields: Vec<String>,
}

/// kubectl's `--validate` (`GetValidationDirective`): what the API server is asked to do with
/// unknown fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Validation {
    /// Refuse the object (the default, and `--validate` alone).
    Strict,
    /// Accept it, with a warning per field.
    Warn,
    /// Accept it silently.
    Ignore,
}

/// `--validate`: Go's `strconv.ParseBool` first (true → strict, false → ignore), then the
/// three names; case-sensitive.
pub(crate) fn validation(args: &Args) -> Result<Validation, String> {
    match args.value("validate") {
        None | Some("strict") => Ok(Validation::Strict),
        Some("1" | "t" | "T" | "TRUE" | "true" | "True") => Ok(Validation::Strict),
        Some("0" | "f" | "F" | "FALSE" | "false" | "False" | "ignore") => Ok(Validation::Ignore),
        Some("warn") => Ok(Validation::Warn),
        Some(other) => Err(format!(
            "error: invalid - validate option {}; must be one of: strict (or true), warn, ignore (or false)",
            manifest::go_quote(other)
        )),
    }
}

/// The API server's strict decoding error for a document's unknown fields, in the order its
/// decoder meets them (kubectl sends JSON with sorted keys), joined as `runtime`'s
/// `strictDecodingError` joins them.
fn strict_decoding_error(fields: &[String], sorted_as_text: bool) -> String {
    let mut fields: Vec<&String> = fields.iter().collect();
    if sorted_as_text {
        fields.sort();
    } else {
        fields.sort_by(|a, b| a.split('.').cmp(b.split('.')));
    }
    fields.dedup();
    let list: Vec<String> = fields
        .iter()
        .map(|f| format!("unknown field {}", manifest::go_quote(f)))
        .collect();
    format!("strict decoding error: {}", list.join(", "))
}

/// Parse every source; print warnings and per-document errors; return the good objects and
/// whether any document failed.
pub(crate) fn decode(
    ctx: &mut Ctx<'_>,
    sources: &[(String, String)],
    verb: &str,
) -> (Vec<Doc>, bool) {
    let mut docs = Vec::new();
    let mut failed = false;
    // A `kind: List` document's items are read as documents of their own (in JSON, which is
    // YAML), after the other documents of their file.
    let mut queue: Vec<(String, String)> = sources.to_vec();
    let mut i = 0;
    while i < queue.len() {
        let (source, text) = queue[i].clone();
        i += 1;
        let parsed = manifest::parse_manifests(&text);
        let items: Vec<(String, String)> = parsed
            .documents
            .iter()
            .flat_map(|d| d.list_items.iter())
            .map(|item| (source.clone(), item.to_string()))
            .collect();
        queue.splice(i..i, items);
        let source = &source;
        for d in &parsed.documents {
            for w in &d.warnings {
                ctx.warn(w);
            }
            let errors: Vec<&manifest::Diagnostic> = parsed
                .diagnostics
                .iter()
                .filter(|x| x.document == d.index && x.severity == Severity::Error)
                .collect();
            if let Some(e) = errors.first() {
                failed = true;
                if let Some(raw) = &d.unrecognized {
                    let api_version = d.api_version.clone().unwrap_or_default();
                    let kind = d.kind.clone().unwrap_or_default();
                    if let Some(resource) = ctx.sim.custom_resource(&api_version, &kind) {
                        // A kind a CRD in the cluster defines: checked against its schema.
                        failed = false;
                        let check = ctx.sim.check_custom(resource, raw);
                        docs.push(Doc {
                            source: source.clone(),
                            object: Manifest::Object {
                                resource,
                                value: Box::new(raw.clone()),
                            },
                            written: None,
                            api_version,
                            unknown_fields: check.unknown_fields,
                        });
                        continue;
                    }
                    let name = raw
                        .pointer("/metadata/name")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    let namespace = raw
                        .pointer("/metadata/namespace")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    ctx.mapping_errors.push(format!(
                        "error: resource mapping not found for name: {} namespace: {} from {}: {}\nensure CRDs are installed first",
                        manifest::go_quote(name),
                        manifest::go_quote(namespace),
                        manifest::go_quote(source),
                        e.message
                    ));
                    continue;
                }
                ctx.fail(&decode_error(source, &e.message, verb));
                continue;
            }
            if let Some(obj) = &d.object {
                docs.push(Doc {
                    source: source.clone(),
                    object: obj.clone(),
                    written: d.written.clone(),
                    api_version: d.api_version.clone().unwrap_or_default(),
                    unknown_fields: d.unknown_fields.clone(),
                });
            }
        }
        // Errors that belong to no listed document (e.g. the whole text is not YAML).
        for e in &parsed.diagnostics {
            if e.severity == Severity::Error
                && !parsed.documents.iter().any(|d| d.index == e.document)
            {
                failed = true;
                ctx.fail(&decode_error(source, &e.message, verb));
            }
        }
    }
    (docs, failed)
}

fn decode_error(source: &str, message: &str, verb: &str) -> String {
    if message.starts_with("error converting YAML") || message.starts_with("invalid Yaml") {
        format!("error: error parsing {source}: {message}")
    } else if message.starts_with("Object 'Kind'") || message.starts_with("Object 'apiVersion'") {
        format!("error: unable to decode \"{source}\": {message}")
    } else if message.starts_with("no matches for kind") {
        format!("error: unable to recognize \"{source}\": {message}")
    } else if message.starts_with("the playground") {
        format!("error: {source}: {message}")
    } else if message.starts_with("the server does not allow this method") {
        format!("Error from server (MethodNotAllowed): error when creating \"{source}\": {message}")
    } else {
        let action = match verb {
            "apply" => "error when retrieving current configuration of",
            _ => "error when creating",
        };
        format!("Error from server (BadRequest): {action} \"{source}\": {message}")
    }
}

pub(crate) fn doc_name(obj: &Manifest) -> (Kind, String) {
    let kind = match obj {
        Manifest::DaemonSet(_) => Kind::DaemonSet,
        Manifest::Node(_) => Kind::Node,
        Manifest::Object { resource, .. } => Kind::Object(resource),
    };
    (kind, obj.name())
}

/// The namespace a document's object goes to: its own, else `-n`, else `default`; `""` for
/// cluster-scoped kinds. A document naming another namespace than `-n` is kubectl's error.
pub(crate) fn doc_namespace(doc: &Doc, args: &Args) -> Result<String, String> {
    let obj = &doc.object;
    let (kind, _) = doc_name(obj);
    if !kind.namespaced() {
        return Ok(String::new());
    }
    let written = match obj {
        // The decoded DaemonSet carries the defaulted namespace; what counts is the written one.
        Manifest::DaemonSet(d) => match &doc.written {
            Some(w) => w
                .pointer("/metadata/namespace")
                .and_then(Value::as_str)
                .map(str::to_string),
            None => d.metadata.namespace.clone(),
        },
        Manifest::Node(_) => None,
        Manifest::Object { value, .. } => value
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .map(str::to_string),
    }
    .filter(|n| !n.is_empty());
    let flag = args.value("namespace");
    match (written, flag) {
        (Some(w), Some(f)) if w != f => Err(format!(
            "error: the namespace from the provided object \"{w}\" does not match the namespace \"{f}\". You must pass '--namespace={w}' to perform this operation."
        )),
        (Some(w), _) => Ok(w),
        (None, Some(f)) => Ok(f.to_string()),
        (None, None) => Ok(args.default_namespace().to_string()),
    }
}

fn dry_run(args: &Args) -> Result<Option<&'static str>, String> {
    match args.value("dry-run") {
        None | Some("none") => Ok(None),
        Some("client") => Ok(Some(" (dry run)")),
        Some("server") => Ok(Some(" (server dry run)")),
        Some(other) => Err(format!(
            "error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
        )),
    }
}

/// `kubectl create -f` and `kubectl apply -f`.
pub(crate) fn create_or_apply(ctx: &mut Ctx<'_>, args: &Args, apply: bool) {
    let verb = if apply { "apply" } else { "create" };
    // kubectl collects the errors of a file and prints them after what it wrote.
    ctx.defer_failures = true;
    if !apply
        && !args.has("filename")
        && args
            .positional
            .first()
            .is_some_and(|w| w == "namespace" || w == "ns")
    {
        return create_namespace(ctx, args);
    }
    if !args.has("filename") {
        if let Some(what) = args.positional.first() {
            ctx.fail(&format!(
                "error: \"kubectl {verb} {what}\" is not available in the playground; write a manifest and use \"kubectl {verb} -f FILE\" (or -f - with a heredoc)"
            ));
        } else {
            ctx.fail(&format!("error: must specify one of -f and -k\n\nSee 'kubectl {verb} -h' for help and examples"));
        }
        return;
    }
    let dry = match dry_run(args) {
        Ok(d) => d,
        Err(e) => return ctx.fail(&e),
    };
    let validate = match validation(args) {
        Ok(v) => v,
        Err(e) => return ctx.fail(&e),
    };
    let printer = match write_printer(ctx, args) {
        Ok(p) => p,
        Err(e) => return ctx.fail(&e),
    };
    let mut printed = 0usize;
    let sources = match read_sources(ctx, args) {
        Ok(s) => s,
        Err(e) => return ctx.fail(&e),
    };
    let (docs, failed) = decode(ctx, &sources, verb);
    if docs.is_empty() && !failed {
        ctx.fail(&format!("error: no objects passed to {verb}"));
        return;
    }
    for doc in docs {
        let (kind, name) = doc_name(&doc.object);
        let ns = match doc_namespace(&doc, args) {
            Ok(ns) => ns,
            Err(e) => {
                ctx.fail(&e);
                continue;
            }
        };
        let exists = find(ctx.sim, kind, &ns, &name).is_some();
        // Field validation is the server's: a client-side dry run sends nothing.
        if !doc.unknown_fields.is_empty() && dry != Some(" (dry run)") {
            match validate {
                Validation::Strict => {
                    let error = if apply && exists {
                        strict_patch_error(ctx, &doc, kind, &ns, &name)
                    } else {
                        let k = kind.kind_name();
                        let version = doc.api_version.rsplit('/').next().unwrap_or("v1");
                        format!(
                            "Error from server (BadRequest): error when creating \"{}\": {k} in version {} cannot be handled as a {k}: {}",
                            doc.source,
                            manifest::go_quote(version),
                            strict_decoding_error(&doc.unknown_fields, false)
                        )
                    };
                    ctx.fail(&error);
                    continue;
                }
                Validation::Warn => {
                    let mut seen = std::collections::BTreeSet::new();
                    for f in &doc.unknown_fields {
                        if seen.insert(f.clone()) {
                            ctx.warn(&format!("Warning: unknown field {}", manifest::go_quote(f)));
                        }
                    }
                }
                Validation::Ignore => {}
            }
        }
        if let Some(suffix) = dry {
            if !apply && exists {
                ctx.fail(&format!(
                    "Error from server (AlreadyExists): error when creating \"{}\": {} \"{name}\" already exists",
                    doc.source,
                    kind.resource()
                ));
            } else if let Some(format) = &printer {
                let value = sent_object(&doc, apply, &ns);
                if let Err(e) = print_written(ctx, format, kind, &value, &mut printed) {
                    return ctx.fail(&e);
                }
            } else {
                let op = if apply && exists {
                    "configured"
                } else {
                    "created"
                };
                ctx.line(&format!("{}/{name} {op}{suffix}", kind.singular()));
            }
            continue;
        }
        match write_doc(ctx, doc, apply, exists, &ns).map_err(|f| (f.text, f.several)) {
            Ok(Some(line)) => match &printer {
                Some(format) => {
                    let stored = find(ctx.sim, kind, &ns, &name).map(|i| i.json(ctx.sim));
                    if let Some(value) = stored {
                        if let Err(e) = print_written(ctx, format, kind, &value, &mut printed) {
                            return ctx.fail(&e);
                        }
                    }
                }
                None => ctx.line(&line),
            },
            Ok(None) => {}
            Err((text, several)) => ctx.fail_or_several(&text, several),
        }
    }
}

/// `-o` of create/apply: the object printers only (`kubectl apply -o name|yaml|json|
/// jsonpath|go-template`), `None` for the usual `created`/`configured` lines.
fn write_printer(ctx: &mut Ctx<'_>, args: &Args) -> Result<Option<super::get::Format>, String> {
    use super::get::Format;
    if args.value("output").is_none() {
        return Ok(None);
    }
    match super::get::output_format(ctx, args)? {
        Format::Table { .. } | Format::CustomColumns(_) => Err(format!(
            "error: unable to match a printer suitable for the output format \"{}\", allowed formats are: go-template,go-template-file,json,jsonpath,name,template,templatefile,yaml",
            args.value("output").unwrap_or("")
        )),
        f => Ok(Some(f)),
    }
}

/// What a client dry run prints: the object as kubectl would send it (its namespace set and,
/// for apply, the last-applied configuration recorded).
fn sent_object(doc: &Doc, apply: bool, namespace: &str) -> Value {
    let mut value = match &doc.object {
        Manifest::Object { value, .. } => (**value).clone(),
        Manifest::DaemonSet(d) => doc
            .written
            .clone()
            .unwrap_or_else(|| serde_json::to_value(&**d).unwrap_or(Value::Null)),
        Manifest::Node(n) => serde_json::to_value(&**n).unwrap_or(Value::Null),
    };
    if !namespace.is_empty() {
        if let Some(m) = value.get_mut("metadata").and_then(Value::as_object_mut) {
            m.insert("namespace".into(), Value::String(namespace.to_string()));
        }
    }
    if apply {
        let last = object_last_applied(&value);
        set_annotation(&mut value, LAST_APPLIED_ANNOTATION, &last);
    }
    value
}

/// One object through an `-o` printer of a write command (YAML documents separated by `---`).
fn print_written(
    ctx: &mut Ctx<'_>,
    format: &super::get::Format,
    kind: Kind,
    value: &Value,
    printed: &mut usize,
) -> Result<(), String> {
    use super::get::Format;
    let text = match format {
        Format::Name => {
            let name = value
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            format!("{}/{name}\n", kind.singular())
        }
        Format::Json => format!("{}\n", crate::format::json_pretty(value)),
        Format::Yaml => {
            let sep = if *printed > 0 { "---\n" } else { "" };
            format!("{sep}{}", manifest::to_yaml(value))
        }
        Format::JsonPath(t) => crate::jsonpath::render(t, value)
            .map_err(|e| format!("error: error parsing jsonpath {t}, {e}"))?,
        Format::GoTemplate(raw, t) => match crate::gotemplate::render(t, raw, value) {
            Ok(text) => text,
            Err((shown, error)) => {
                ctx.print(&shown);
                return Err(error);
            }
        },
        Format::Table { .. } | Format::CustomColumns(_) => String::new(),
    };
    *printed += 1;
    ctx.print(&text);
    Ok(())
}

/// A strict apply to an existing object: the API server merges kubectl's patch into the live
/// object, finds the unknown fields there and answers 422 with the patch as the invalid value
/// (`fmt.Sprintf("%+v", patchMap)`), which kubectl prints as a cause alone.
fn strict_patch_error(ctx: &Ctx<'_>, doc: &Doc, kind: Kind, namespace: &str, name: &str) -> String {
    let (written, live) = match &doc.object {
        Manifest::Object { value, .. } => {
            let mut modified = (**value).clone();
            let last = object_last_applied(&modified);
            set_annotation(&mut modified, LAST_APPLIED_ANNOTATION, &last);
            let live = find(ctx.sim, kind, namespace, name).map(|i| i.json(ctx.sim));
            (modified, live)
        }
        Manifest::DaemonSet(obj) => {
            let mut modified = doc
                .written
                .clone()
                .unwrap_or_else(|| serde_json::to_value(&**obj).unwrap_or(Value::Null));
            if let Some(m) = modified.get_mut("metadata").and_then(Value::as_object_mut) {
                m.entry("namespace")
                    .or_insert_with(|| Value::String(namespace.to_string()));
            }
            let last = match &doc.written {
                Some(w) => written_last_applied(w, obj),
                None => last_applied_json(obj),
            };
            set_annotation(&mut modified, LAST_APPLIED_ANNOTATION, &last);
            let live = ctx.sim.daemonset(name).map(objects::daemonset_for_edit);
            (modified, live)
        }
        Manifest::Node(n) => (
            serde_json::to_value(&**n).unwrap_or(Value::Null),
            ctx.sim.node(name).map(objects::node),
        ),
    };
    let live = live.unwrap_or(Value::Null);
    let original = live
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(LAST_APPLIED_ANNOTATION))
        .and_then(Value::as_str)
        .and_then(|s| serde_json::from_str::<Value>(s).ok())
        .unwrap_or(Value::Null);
    let patch = crate::patch::apply_patch(&original, &written, &live);
    format!(
        "The request is invalid: patch: Invalid value: {}: {}",
        manifest::go_quote(&crate::patch::go_map_text(&patch)),
        strict_decoding_error(&doc.unknown_fields, true)
    )
}

/// `kubectl create` (`apply` false) or `kubectl apply` of one decoded document, after its dry
/// run was ruled out: the line kubectl prints for it (`daemonset.apps/web configured`), or the
/// error. Warnings go to `ctx` as they arise.
pub(crate) fn write_doc(
    ctx: &mut Ctx<'_>,
    doc: Doc,
    apply: bool,
    exists: bool,
    namespace: &str,
) -> Result<Option<String>, Failure> {
    let (_, name) = doc_name(&doc.object);
    match doc.object {
        Manifest::Object { resource, value } => {
            write_object(ctx, resource, *value, apply, exists, namespace, &doc.source)
        }
        Manifest::DaemonSet(obj) => {
            let mut obj = *obj;
            if !namespace.is_empty() {
                obj.metadata.namespace = Some(namespace.to_string());
            }
            if apply {
                record_last_applied(&mut obj, doc.written.as_ref());
            }
            ctx.record(&mut obj);
            if !exists {
                return match ctx.sim.create_daemonset(obj) {
                    Ok(()) => Ok(Some(format!("daemonset.apps/{name} created"))),
                    Err(e) => Err(failure(&e, "creating", &doc.source)),
                };
            }
            if !apply {
                return Err(Failure::from(format!(
                    "Error from server (AlreadyExists): error when creating \"{}\": daemonsets.apps \"{name}\" already exists",
                    doc.source
                )));
            }
            let Some((live, last_applied)) = ctx
                .sim
                .daemonset(&name)
                .map(|d| (objects::daemonset_for_edit(d), d.last_applied.clone()))
            else {
                return Ok(None);
            };
            if last_applied.is_none() {
                ctx.warn(&format!("Warning: resource daemonsets/{name} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically."));
            }
            let mut obj = three_way_apply(live, last_applied.as_deref(), &obj)?;
            ctx.record(&mut obj);
            match ctx.sim.replace_daemonset(obj) {
                Ok(changed) => Ok(Some(format!(
                    "daemonset.apps/{name} {}",
                    if changed.0 { "configured" } else { "unchanged" }
                ))),
                Err(e) => Err(failure(&e, "applying patch to", &doc.source)),
            }
        }
        Manifest::Node(obj) => {
            if exists && !apply {
                return Err(Failure::from(format!(
                    "Error from server (AlreadyExists): error when creating \"{}\": nodes \"{name}\" already exists",
                    doc.source
                )));
            }
            let before = ctx.sim.node(&name).map(objects::node);
            match ctx.sim.apply_node(*obj) {
                Ok(()) => {
                    let after = ctx.sim.node(&name).map(objects::node);
                    let op = if !exists {
                        "created"
                    } else if before == after {
                        "unchanged"
                    } else {
                        "configured"
                    };
                    Ok(Some(format!("node/{name} {op}")))
                }
                Err(e) => Err(e.to_string().into()),
            }
        }
    }
}

/// `kubectl create namespace NAME`.
fn create_namespace(ctx: &mut Ctx<'_>, args: &Args) {
    let dry = match dry_run(args) {
        Ok(d) => d,
        Err(e) => return ctx.fail(&e),
    };
    let name = match args.positional.get(1..) {
        Some([name]) => name.clone(),
        Some([]) | None => {
            return ctx.fail("error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples")
        }
        Some(more) => {
            return ctx.fail(&format!("error: exactly one NAME is required, got {}\nSee 'kubectl create namespace -h' for help and examples", more.len()))
        }
    };
    let Some(resource) = dsp_schema::schema().resource("v1", "Namespace") else {
        return;
    };
    let value = serde_json::json!({
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": name},
    });
    if let Some(suffix) = dry {
        if ctx.sim.namespace_exists(&name) && suffix.contains("server") {
            return ctx.fail(&format!(
                "Error from server (AlreadyExists): namespaces \"{name}\" already exists"
            ));
        }
        return ctx.line(&format!("namespace/{name} created{suffix}"));
    }
    match ctx.sim.create_object(resource, value) {
        Ok(()) => ctx.line(&format!("namespace/{name} created")),
        Err(e) => ctx.fail(&e.to_string()),
    }
}

/// `kubectl create`/`apply` of an object the API server stores as written: created, or on
/// apply a three-way merge with the live object (configured/unchanged).
fn write_object(
    ctx: &mut Ctx<'_>,
    resource: &'static dsp_schema::Resource,
    mut value: Value,
    apply: bool,
    exists: bool,
    namespace: &str,
    source: &str,
) -> Result<Option<String>, Failure> {
    let name = value
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let plural = resource.qualified_plural();
    let singular = resource.qualified_singular();
    if resource.namespaced {
        if let Some(m) = value.get_mut("metadata").and_then(Value::as_object_mut) {
            m.insert("namespace".into(), Value::String(namespace.to_string()));
        }
    }
    if exists && !apply {
        return Err(Failure::from(format!(
            "Error from server (AlreadyExists): error when creating \"{source}\": {plural} \"{name}\" already exists"
        )));
    }
    let last_applied = object_last_applied(&value);
    if apply {
        set_annotation(&mut value, LAST_APPLIED_ANNOTATION, &last_applied);
    }
    if !exists {
        return match ctx.sim.create_object(resource, value) {
            Ok(()) => Ok(Some(format!("{singular}/{name} created"))),
            Err(e) => Err(failure(&e, "creating", source)),
        };
    }
    let Some(live) = ctx.sim.object(
        plural,
        if resource.namespaced { namespace } else { "" },
        &name,
    ) else {
        return Ok(None);
    };
    let live_value = live.value.clone();
    let original = live
        .annotations()
        .get(LAST_APPLIED_ANNOTATION)
        .and_then(|s| serde_json::from_str::<Value>(s).ok());
    if original.is_none() {
        ctx.warn(&format!("Warning: resource {}/{name} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.", resource.plural));
    }
    let original = original.unwrap_or_else(|| Value::Object(Default::default()));
    let merged = crate::patch::three_way_merge(&original, &value, &live_value);
    match ctx.sim.replace_object(merged) {
        Ok(changed) => Ok(Some(format!(
            "{singular}/{name} {}",
            if changed.0 { "configured" } else { "unchanged" }
        ))),
        Err(e) => Err(failure(&e, "applying patch to", source)),
    }
}

/// `last-applied-configuration` of an object as written (`util.GetModifiedConfiguration`):
/// compact JSON with sorted keys, `metadata.annotations` present without the annotation
/// itself.
fn object_last_applied(value: &Value) -> String {
    let mut v = value.clone();
    if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        let ann = meta
            .entry("annotations")
            .or_insert_with(|| Value::Object(Default::default()));
        match ann.as_object_mut() {
            Some(a) => {
                a.remove(LAST_APPLIED_ANNOTATION);
            }
            None => *ann = Value::Object(Default::default()),
        }
    }
    format!("{v}\n")
}

fn set_annotation(value: &mut Value, key: &str, text: &str) {
    let Some(meta) = value.get_mut("metadata").and_then(Value::as_object_mut) else {
        return;
    };
    let ann = meta
        .entry("annotations")
        .or_insert_with(|| Value::Object(Default::default()));
    if !ann.is_object() {
        *ann = Value::Object(Default::default());
    }
    if let Some(a) = ann.as_object_mut() {
        a.insert(key.to_string(), Value::String(text.to_string()));
    }
}

/// `kubectl apply` to an existing DaemonSet: a three-way merge (`patch::three_way_merge`).
/// Without the annotation (`kubectl create`), nothing is removed.
pub(crate) fn three_way_apply(
    live: Value,
    last_applied: Option<&str>,
    obj: &apps::DaemonSet,
) -> Result<apps::DaemonSet, String> {
    let original = last_applied
        .and_then(|s| serde_json::from_str::<Value>(s).ok())
        .unwrap_or_else(|| Value::Object(Default::default()));
    let modified = serde_json::to_value(obj).unwrap_or(Value::Null);
    decode_patched(
        crate::patch::three_way_merge(&original, &modified, &live),
        "DaemonSet",
    )
}

/// Stores the annotation `kubectl apply` adds to what it sends.
pub(crate) fn record_last_applied(obj: &mut apps::DaemonSet, written: Option<&Value>) {
    let last = match written {
        Some(w) => written_last_applied(w, obj),
        None => last_applied_json(obj),
    };
    obj.metadata
        .annotations
        .get_or_insert_with(Default::default)
        .insert(LAST_APPLIED_ANNOTATION.to_string(), last);
}

/// The annotation kubectl apply stores (`util.GetModifiedConfiguration`): the object as
/// written, with the namespace the builder sets and `metadata.annotations` present (kubectl
/// adds the annotation to it and takes it out again, which leaves `{}`), as compact JSON with
/// sorted keys.
fn written_last_applied(written: &Value, obj: &apps::DaemonSet) -> String {
    let mut v = written.clone();
    if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        if !meta.contains_key("namespace") {
            let ns = obj.metadata.namespace.clone().unwrap_or_default();
            meta.insert("namespace".into(), Value::String(ns));
        }
        let ann = meta
            .entry("annotations")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(a) = ann.as_object_mut() {
            a.remove(LAST_APPLIED_ANNOTATION);
        } else {
            *ann = Value::Object(Default::default());
        }
    }
    format!("{v}\n")
}

/// The annotation for an object kubectl did not read from a file as written: the object as
/// compact JSON.
fn last_applied_json(obj: &apps::DaemonSet) -> String {
    let mut v = serde_json::to_value(obj).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.remove("status");
        m.insert("apiVersion".into(), Value::String("apps/v1".into()));
        m.insert("kind".into(), Value::String("DaemonSet".into()));
    }
    format!("{v}\n")
}

/// A write's error: kubectl's line, and the one it prints instead among several errors.
pub(crate) struct Failure {
    pub text: String,
    pub several: Option<String>,
}

impl From<String> for Failure {
    fn from(text: String) -> Failure {
        Failure {
            text,
            several: None,
        }
    }
}

impl From<Failure> for String {
    fn from(f: Failure) -> String {
        f.text
    }
}

fn failure(e: &ApiError, action: &str, source: &str) -> Failure {
    Failure {
        text: api_error_from(e, action, source),
        several: several_form(e, action, source),
    }
}

/// How kubectl prints an Invalid error among several (`MultipleErrors`: the Status message
/// after `AddSourceToErr`'s prefix), when it has one.
pub(crate) fn several_form(e: &ApiError, action: &str, source: &str) -> Option<String> {
    e.status.as_ref().map(|status| {
        format!("Error from server (Invalid): error when {action} \"{source}\": {status}")
    })
}

/// An API error as kubectl prints it for a file-based command.
fn api_error_from(e: &ApiError, action: &str, source: &str) -> String {
    match e.reason {
        ApiErrorReason::Invalid | ApiErrorReason::BadRequest => e.to_string(),
        r => format!(
            "Error from server ({}): error when {action} \"{source}\": {}",
            r.as_str(),
            e.message
        ),
    }
}

/// `kubectl replace -f` (what the web editor runs after `kubectl edit`).
pub(crate) fn replace(ctx: &mut Ctx<'_>, args: &Args) {
    if !args.has("filename") {
        ctx.fail("error: must specify --filename to replace");
        return;
    }
    let sources = match read_sources(ctx, args) {
        Ok(s) => s,
        Err(e) => return ctx.fail(&e),
    };
    let validate = match validation(args) {
        Ok(v) => v,
        Err(e) => return ctx.fail(&e),
    };
    let (docs, _) = decode(ctx, &sources, "replace");
    for doc in docs {
        let (kind, name) = doc_name(&doc.object);
        if !doc.unknown_fields.is_empty() {
            match validate {
                Validation::Strict => {
                    let k = kind.kind_name();
                    let version = doc.api_version.rsplit('/').next().unwrap_or("v1");
                    ctx.fail(&format!(
                        "Error from server (BadRequest): error when replacing \"{}\": {k} in version {} cannot be handled as a {k}: {}",
                        doc.source,
                        manifest::go_quote(version),
                        strict_decoding_error(&doc.unknown_fields, false)
                    ));
                    continue;
                }
                Validation::Warn => {
                    for f in &doc.unknown_fields {
                        ctx.warn(&format!("Warning: unknown field {}", manifest::go_quote(f)));
                    }
                }
                Validation::Ignore => {}
            }
        }
        match doc.object {
            Manifest::DaemonSet(mut obj) => {
                ctx.record(&mut obj);
                match ctx.sim.replace_daemonset(*obj) {
                    Ok(_) => ctx.line(&format!("daemonset.apps/{name} replaced")),
                    Err(e) => ctx.fail(&api_error_from(&e, "replacing", &doc.source)),
                }
            }
            Manifest::Node(obj) => match ctx.sim.apply_node(*obj) {
                Ok(()) => ctx.line(&format!("node/{name} replaced")),
                Err(e) => ctx.fail(&e.to_string()),
            },
            Manifest::Object { resource, value } => match ctx.sim.replace_object(*value) {
                Ok(_) => ctx.line(&format!(
                    "{}/{name} replaced",
                    resource.qualified_singular()
                )),
                Err(e) => ctx.fail(&api_error_from(&e, "replacing", &doc.source)),
            },
        }
    }
}

/// One object a command acts on.
pub(crate) struct Target {
    pub kind: Kind,
    /// `""` for cluster-scoped objects.
    pub namespace: String,
    pub name: String,
}

/// Resolve `TYPE NAME…`, `TYPE/NAME`, `--all` and `-l` into concrete objects
/// (kind, name); missing names are reported as NotFound and skipped.
fn targets(
    ctx: &mut Ctx<'_>,
    args: &Args,
    positional: &[String],
    verb: &str,
) -> Result<Vec<Target>, String> {
    let reqs: Vec<Request> = resources::requests_in(Some(ctx.sim), positional)?;
    if reqs.is_empty() {
        return Err(format!(
            "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n\nSee 'kubectl {verb} -h' for help and examples"
        ));
    }
    let all = args.bool("all")?;
    let selector = match args.value("selector") {
        Some(s) => Some(Selector::parse(s).map_err(|e| format!("error: {e}"))?),
        None => None,
    };
    let ns = resources::namespace(args)?;
    let field_selector = match args.value("field-selector") {
        Some(text) => Some(
            crate::selector::FieldSelector::parse(
                text,
                &["metadata.name", "spec.nodeName", "status.phase"],
            )
            .map_err(|e| format!("Error from server (BadRequest): {e}"))?,
        ),
        None => None,
    };
    let mut out = Vec::new();
    for req in reqs {
        if req.names.is_empty() {
            if !all && selector.is_none() && field_selector.is_none() {
                return Err(
                    "error: resource(s) were provided, but no name was specified".to_string(),
                );
            }
            for item in list(ctx.sim, req.kind) {
                if req.kind.namespaced() && ns.as_deref().is_some_and(|n| n != item.namespace()) {
                    continue;
                }
                if selector
                    .as_ref()
                    .is_some_and(|s| !s.matches(&item.labels()))
                {
                    continue;
                }
                if field_selector
                    .as_ref()
                    .is_some_and(|fs| !fs.matches(|f| resources::field_value(&item, f)))
                {
                    continue;
                }
                out.push(Target {
                    kind: req.kind,
                    namespace: item.namespace().to_string(),
                    name: item.name(),
                });
            }
        } else {
            if selector.is_some() {
                return Err(
                    "error: name cannot be provided when a selector is specified".to_string(),
                );
            }
            let here = ns
                .clone()
                .unwrap_or_else(|| manifest::DEFAULT_NAMESPACE.to_string());
            for name in req.names {
                if let Some(item) = find(ctx.sim, req.kind, &here, &name) {
                    out.push(Target {
                        kind: req.kind,
                        namespace: item.namespace().to_string(),
                        name,
                    });
                } else {
                    ctx.fail(&format!(
                        "Error from server (NotFound): {} \"{name}\" not found",
                        req.kind.resource()
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// `kubectl delete`.
pub(crate) fn delete(ctx: &mut Ctx<'_>, args: &Args) {
    if let Err(e) = delete_inner(ctx, args) {
        ctx.fail(&e);
    }
}

fn delete_inner(ctx: &mut Ctx<'_>, args: &Args) -> Result<(), String> {
    let dry = dry_run(args)?;
    let cascade = match args.value("cascade") {
        None | Some("background") | Some("foreground") | Some("true") => true,
        Some("orphan") | Some("false") => false,
        Some(other) => {
            return Err(format!(
                "error: invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\"."
            ))
        }
    };
    let force = args.bool("force")?;
    let grace: Option<i64> = match args.value("grace-period") {
        Some(g) => Some(g.parse().map_err(|_| {
            format!("error: invalid argument \"{g}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{g}\": invalid syntax")
        })?),
        None if args.bool("now")? => Some(1),
        None => None,
    };
    let grace = if force && grace.is_none() {
        Some(0)
    } else {
        grace
    };
    let wait = args.value("wait").is_none_or(|w| w != "false");
    let mut targets_list: Vec<Target> = Vec::new();
    if args.has("filename") {
        let sources = read_sources(ctx, args)?;
        let (docs, _) = decode(ctx, &sources, "delete");
        for doc in docs {
            let (kind, name) = doc_name(&doc.object);
            let namespace = doc_namespace(&doc, args)?;
            if find(ctx.sim, kind, &namespace, &name).is_some() {
                targets_list.push(Target {
                    kind,
                    namespace,
                    name,
                });
            } else {
                ctx.fail(&format!(
                    "Error from server (NotFound): error when deleting \"{}\": {} \"{name}\" not found",
                    doc.source,
                    kind.resource()
                ));
            }
        }
    } else {
        let positional = args.positional.clone();
        targets_list = targets(ctx, args, &positional, "delete")?;
        if targets_list.is_empty() && ctx.out.exit_code == 0 {
            let ns = resources::namespace(args)?;
            match ns {
                Some(ns) => ctx.warn(&format!("No resources found in {ns} namespace.")),
                None => ctx.warn("No resources found"),
            }
            return Ok(());
        }
    }
    if force && grace == Some(0) && dry.is_none() {
        ctx.warn("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.");
    }
    let mut deleted_pods = Vec::new();
    let mut deleted_namespaces = Vec::new();
    for Target {
        kind,
        namespace,
        name,
    } in targets_list
    {
        let resource = kind.singular();
        if let Some(suffix) = dry {
            ctx.line(&format!("{resource} \"{name}\" deleted{suffix}"));
            continue;
        }
        let result = match kind {
            Kind::DaemonSet => ctx.sim.delete_daemonset(&name, cascade),
            Kind::Pod => {
                deleted_pods.push(name.clone());
                ctx.sim.delete_pod(&name, grace)
            }
            Kind::Node => ctx.sim.delete_node(&name),
            Kind::Object(r) => {
                // Namespaces and CRDs finish deleting later; kubectl waits for them.
                if r.kind == "Namespace" || r.kind == "CustomResourceDefinition" {
                    deleted_namespaces.push((
                        r.qualified_plural(),
                        namespace.clone(),
                        name.clone(),
                    ));
                }
                ctx.sim
                    .delete_object(r.qualified_plural(), &namespace, &name)
            }
            Kind::ControllerRevision | Kind::Event => {
                return Err(format!(
                    "error: deleting {} is not available in the playground (delete pods, daemonsets or nodes)",
                    kind.plural()
                ));
            }
        };
        match result {
            Ok(()) => {
                let verb = if force && grace == Some(0) {
                    "force deleted"
                } else {
                    "deleted"
                };
                ctx.line(&format!("{resource} \"{name}\" {verb}"));
            }
            Err(e) => ctx.fail(&e.to_string()),
        }
    }
    // kubectl waits until deleted pods are gone; in the simulation that means letting the
    // simulated clock run through their termination.
    if wait && !deleted_pods.is_empty() {
        wait_for_pods_gone(ctx, &deleted_pods);
    }
    if wait && !deleted_namespaces.is_empty() {
        wait_for_namespaces_gone(ctx, &deleted_namespaces);
    }
    Ok(())
}

/// kubectl waits for a deleted object to be gone: the simulated clock runs until the
/// namespace controller has emptied a namespace (its pods terminated) or a CRD's custom
/// resources are deleted, at most 30 simulated minutes.
fn wait_for_namespaces_gone(ctx: &mut Ctx<'_>, names: &[(&str, String, String)]) {
    let limit = ctx.sim.now() + SimDuration::from_secs(30 * 60);
    let mut meter = crate::watch::WorkMeter::new(ctx.sim);
    while names
        .iter()
        .any(|(r, ns, n)| ctx.sim.object(r, ns, n).is_some())
    {
        if let Some(note) = meter.exhausted(ctx.sim, ctx.io) {
            return ctx.note(&note);
        }
        match ctx.sim.next_timer() {
            Some(t) if t <= limit => ctx.sim.advance_to(t),
            _ => return,
        }
    }
}

/// Advance simulated time until none of `names` exists any more (a terminating pod with the same
/// name counts as existing), at most two minutes past the longest grace period.
fn wait_for_pods_gone(ctx: &mut Ctx<'_>, names: &[String]) {
    let start = ctx.sim.now();
    let limit = start + SimDuration::from_secs(30 * 60);
    let mut meter = crate::watch::WorkMeter::new(ctx.sim);
    loop {
        let pending = names
            .iter()
            .any(|n| ctx.sim.pod(n).is_some_and(|p| p.is_terminating()));
        if !pending {
            return;
        }
        if let Some(note) = meter.exhausted(ctx.sim, ctx.io) {
            return ctx.note(&note);
        }
        match ctx.sim.next_timer() {
            Some(t) if t <= limit => ctx.sim.advance_to(t),
            _ => return,
        }
    }
}

/// Split positional arguments into resource words and `k=v`/`k-` specs.
fn split_specs(pos: &[String], is_spec: fn(&str) -> bool) -> (Vec<String>, Vec<String>) {
    let mut res = Vec::new();
    let mut specs = Vec::new();
    for (i, p) in pos.iter().enumerate() {
        // The first word is always the resource type (or type/name).
        if i > 0 && is_spec(p) {
            specs.push(p.clone());
        } else {
            res.push(p.clone());
        }
    }
    (res, specs)
}

/// `kubectl label`.
pub(crate) fn label(ctx: &mut Ctx<'_>, args: &Args) {
    if let Err(e) = label_inner(ctx, args) {
        ctx.fail(&e);
    }
}

/// `kubectl annotate`.
pub(crate) fn annotate(ctx: &mut Ctx<'_>, args: &Args) {
    if let Err(e) = annotate_inner(ctx, args) {
        ctx.fail(&e);
    }
}

/// `kubectl annotate TYPE NAME k=v… k-…`: like `label`, with annotate's parsing (any value,
/// split at the first `=`), its overwrite error and its one word, `annotated`.
fn annotate_inner(ctx: &mut Ctx<'_>, args: &Args) -> Result<(), String> {
    let (res, specs) = split_specs(&args.positional, labels::is_label_spec);
    if specs.is_empty() {
        return Err("error: at least one annotation update is required".to_string());
    }
    let mut set: Vec<(String, String)> = Vec::new();
    let mut remove: Vec<String> = Vec::new();
    for spec in &specs {
        if let Some((k, v)) = spec.split_once('=') {
            if k.is_empty() {
                return Err(format!("error: invalid annotation format: {spec}"));
            }
            set.push((k.to_string(), v.to_string()));
        } else if let Some(k) = spec.strip_suffix('-') {
            remove.push(k.to_string());
        }
    }
    if let Some((k, _)) = set.iter().find(|(k, _)| remove.contains(k)) {
        return Err(format!(
            "error: can not both modify and remove an annotation in the same command: {k}"
        ));
    }
    let overwrite = args.bool("overwrite")?;
    let dry = dry_run(args)?;
    let objs = targets(ctx, args, &res, "annotate")?;
    for Target {
        kind,
        namespace,
        name,
    } in objs
    {
        let Some(item) = find(ctx.sim, kind, &namespace, &name) else {
            continue;
        };
        let old = item.annotations();
        if !overwrite {
            let clashes: Vec<String> = set
                .iter()
                .filter(|(k, _)| k != crate::ctx::CHANGE_CAUSE)
                .filter_map(|(k, v)| {
                    old.get(k)
                        .filter(|cur| *cur != v)
                        .map(|cur| format!("'{k}' already has a value ({cur})"))
                })
                .collect();
            if !clashes.is_empty() {
                return Err(format!(
                    "error: --overwrite is false but found the following declared annotation(s): {}",
                    clashes.join("; ")
                ));
            }
        }
        let mut new = old.clone();
        for (k, v) in &set {
            new.insert(k.clone(), v.clone());
        }
        for k in &remove {
            new.remove(k);
        }
        if new != old
            && dry.is_none()
            && !write_meta(ctx, kind, &namespace, &name, Meta::Annotations, new)?
        {
            continue;
        }
        ctx.line(&format!(
            "{}/{name} annotated{}",
            kind.singular(),
            dry.unwrap_or("")
        ));
    }
    Ok(())
}

/// Which map of `metadata` `label`/`annotate` write.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Meta {
    Labels,
    Annotations,
}

/// Writes an object's labels or annotations through the simulation's write path. `Ok(false)`:
/// this object failed (reported) and the command goes on; an Invalid error ends the command
/// (the API server's validation; like kubectl, the first invalid object stops it).
fn write_meta(
    ctx: &mut Ctx<'_>,
    kind: Kind,
    namespace: &str,
    name: &str,
    meta: Meta,
    new: Labels,
) -> Result<bool, String> {
    let labels = meta == Meta::Labels;
    let result = match kind {
        Kind::Node if labels => ctx.sim.set_node_labels(name, new),
        Kind::Node => ctx.sim.set_node_annotations(name, new),
        Kind::Pod if labels => ctx.sim.set_pod_labels(name, new),
        Kind::Pod => ctx.sim.set_pod_annotations(name, new),
        Kind::DaemonSet if labels => relabel_daemonset(ctx, name, new),
        Kind::DaemonSet => reannotate_daemonset(ctx, name, new),
        Kind::Object(r) => {
            let field = if labels { "labels" } else { "annotations" };
            set_object_meta(ctx, r, namespace, name, field, new)
        }
        _ => {
            return Err(format!(
                "error: {} {} is not available in the playground",
                if labels { "labeling" } else { "annotating" },
                kind.plural()
            ))
        }
    };
    match result {
        Err(e) if e.reason == ApiErrorReason::Invalid => Err(e.to_string()),
        Err(e) => {
            ctx.fail(&e.to_string());
            Ok(false)
        }
        Ok(()) => Ok(true),
    }
}

fn reannotate_daemonset(
    ctx: &mut Ctx<'_>,
    name: &str,
    annotations: Labels,
) -> Result<(), ApiError> {
    let Some(ds) = ctx.sim.daemonset(name) else {
        return Err(ApiError::not_found("daemonsets.apps", name));
    };
    let mut obj = (*ds.applied).clone();
    obj.metadata.annotations = Some(annotations);
    ctx.sim.replace_daemonset(obj).map(|_| ())
}

fn label_inner(ctx: &mut Ctx<'_>, args: &Args) -> Result<(), String> {
    let (res, specs) = split_specs(&args.positional, labels::is_label_spec);
    if specs.is_empty() {
        return Err("error: at least one label update is required".to_string());
    }
    let changes = labels::parse_label_specs(&specs).map_err(|e| format!("error: {e}"))?;
    let overwrite = args.bool("overwrite")?;
    let dry = dry_run(args)?;
    let objs = targets(ctx, args, &res, "label")?;
    for Target {
        kind,
        namespace,
        name,
    } in objs
    {
        let Some(item) = find(ctx.sim, kind, &namespace, &name) else {
            continue;
        };
        let old: Labels = item.labels().into_owned();
        let mut errors = Vec::new();
        let mut new = old.clone();
        for (k, v) in &changes.set {
            if let Some(cur) = old.get(k) {
                if cur != v && !overwrite {
                    errors.push(format!(
                        "'{k}' already has a value ({cur}), and --overwrite is false"
                    ));
                    continue;
                }
            }
            new.insert(k.clone(), v.clone());
        }
        match errors.len() {
            0 => {}
            1 => return Err(format!("error: {}", errors[0])),
            _ => return Err(format!("error: [{}]", errors.join(", "))),
        }
        for k in &changes.remove {
            if new.remove(k).is_none() {
                ctx.line(&format!("label {k:?} not found."));
            }
        }
        let message = if new == old {
            "not labeled"
        } else {
            // Through `Value` (same JSON text) so no second `Serialize` instance is built.
            let len = |l: &Labels| {
                serde_json::to_value(l)
                    .map(|v| v.to_string().len())
                    .unwrap_or(0)
            };
            if !overwrite && len(&new) < len(&old) {
                "unlabeled"
            } else {
                "labeled"
            }
        };
        if new != old
            && dry.is_none()
            && !write_meta(ctx, kind, &namespace, &name, Meta::Labels, new)?
        {
            continue;
        }
        ctx.line(&format!(
            "{}/{name} {message}{}",
            kind.singular(),
            dry.unwrap_or("")
        ));
    }
    Ok(())
}

/// A stored object's `metadata.labels` or `metadata.annotations` replaced (checked by the API
/// server's rules for them).
fn set_object_meta(
    ctx: &mut Ctx<'_>,
    resource: &dsp_schema::Resource,
    namespace: &str,
    name: &str,
    field: &str,
    labels: Labels,
) -> Result<(), ApiError> {
    let plural = resource.qualified_plural();
    let Some(obj) = ctx.sim.object(plural, namespace, name) else {
        return Err(ApiError::not_found(plural, name));
    };
    let mut value = obj.value.clone();
    let errs = if field == "labels" {
        manifest::validate_metadata_labels(&labels)
    } else {
        manifest::validate_metadata_annotations(&labels)
    };
    if !errs.is_empty() {
        return Err(ApiError::invalid(
            plural,
            name,
            manifest::invalid_message(&resource.kind, name, &errs),
        ));
    }
    if let Some(m) = value.get_mut("metadata").and_then(Value::as_object_mut) {
        if labels.is_empty() {
            m.remove(field);
        } else {
            m.insert(
                field.into(),
                serde_json::to_value(&labels).unwrap_or(Value::Null),
            );
        }
    }
    ctx.sim.replace_object(value).map(|_| ())
}

fn relabel_daemonset(ctx: &mut Ctx<'_>, name: &str, labels: Labels) -> Result<(), ApiError> {
    let Some(ds) = ctx.sim.daemonset(name) else {
        return Err(ApiError::not_found("daemonsets.apps", name));
    };
    let mut obj = (*ds.applied).clone();
    obj.metadata.labels = Some(labels);
    ctx.record(&mut obj);
    ctx.sim.replace_daemonset(obj).map(|_| ())
}

/// `kubectl taint nodes NAME key[=value]:Effect[-]`.
pub(crate) fn taint(ctx: &mut Ctx<'_>, args: &Args) {
    if let Err(e) = taint_inner(ctx, args) {
        ctx.fail(&e);
    }
}

fn taint_inner(ctx: &mut Ctx<'_>, args: &Args) -> Result<(), String> {
    let (res, specs) = split_specs(&args.positional, labels::is_taint_spec);
    if let Some(first) = res.first() {
        let t = first.split('/').next().unwrap_or(first);
        if Kind::parse(t) != Some(Kind::Node) {
            return Err(format!(
                "error: invalid resource type {t}, only node types are supported"
            ));
        }
    }
    if specs.is_empty() {
        return Err("error: at least one taint update is required".to_string());
    }
    let changes = labels::parse_taint_specs(&specs).map_err(|e| format!("error: {e}"))?;
    let overwrite = args.bool("overwrite")?;
    let nodes = targets(ctx, args, &res, "taint")?;
    for Target { name, .. } in nodes {
        let Some(node) = ctx.sim.node(&name) else {
            continue;
        };
        let mut taints = node.taints.clone();
        let mut removed_any = false;
        for r in &changes.remove {
            let before = taints.len();
            taints.retain(|t| {
                !(t.key == r.key && r.effect.as_deref().is_none_or(|e| e == t.effect.as_str()))
            });
            if taints.len() == before {
                return Err(format!("error: taint {:?} not found", r.to_string()));
            }
            removed_any = true;
        }
        let mut replaced_any = false;
        for a in &changes.add {
            let effect = a
                .effect
                .as_deref()
                .and_then(TaintEffect::parse)
                .ok_or_else(|| format!("error: unknown taint spec: {a}"))?;
            if let Some(existing) = taints
                .iter_mut()
                .find(|t| t.key == a.key && t.effect == effect)
            {
                if !overwrite {
                    return Err(format!(
                        "error: node {name} already has {} taint(s) with same effect(s) and --overwrite is false",
                        a.key
                    ));
                }
                existing.value = a.value.clone();
                replaced_any = true;
            } else {
                taints.push(core_taint(a, effect));
            }
        }
        let op = if replaced_any || (removed_any && !changes.add.is_empty()) {
            "modified"
        } else if removed_any {
            "untainted"
        } else {
            "tainted"
        };
        if let Err(e) = ctx.sim.set_node_taints(&name, taints) {
            ctx.fail(&e.to_string());
            continue;
        }
        ctx.line(&format!("node/{name} {op}"));
    }
    Ok(())
}

fn core_taint(t: &TaintSpec, effect: TaintEffect) -> Taint {
    Taint::new(&t.key, t.value.as_deref(), effect)
}

/// Node names from `NAME…`, `node/NAME` or `-l`.
fn node_targets(ctx: &mut Ctx<'_>, args: &Args) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    if let Some(sel) = args.value("selector") {
        let sel = Selector::parse(sel).map_err(|e| format!("error: {e}"))?;
        names.extend(
            ctx.sim
                .nodes()
                .filter(|n| sel.matches(&n.labels))
                .map(|n| n.name.clone()),
        );
    }
    for p in &args.positional {
        let name = match p.split_once('/') {
            Some((t, n)) if Kind::parse(t) == Some(Kind::Node) => n.to_string(),
            Some((t, _)) => {
                return Err(format!(
                    "error: invalid resource type {t}, only node types are supported"
                ))
            }
            None => p.clone(),
        };
        if ctx.sim.node(&name).is_some() {
            names.push(name);
        } else {
            ctx.fail(&format!(
                "Error from server (NotFound): nodes \"{name}\" not found"
            ));
        }
    }
    if names.is_empty() && args.positional.is_empty() && !args.has("selector") {
        return Err(
            "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples"
                .to_string(),
        );
    }
    Ok(names)
}

/// `kubectl cordon` / `uncordon`.
pub(crate) fn cordon(ctx: &mut Ctx<'_>, args: &Args, on: bool) {
    let names = match node_targets(ctx, args) {
        Ok(n) => n,
        Err(e) => {
            let e = if on {
                e
            } else {
                e.replace("cordon NODE", "uncordon NODE")
                    .replace("kubectl cordon", "kubectl uncordon")
            };
            return ctx.fail(&e);
        }
    };
    let dry = match dry_run(args) {
        Ok(d) => d,
        Err(e) => return ctx.fail(&e),
    };
    for name in names {
        set_cordon_dry(ctx, &name, on, dry);
    }
}

/// RunCordonOrUncordon for one node; a dry run changes nothing and says so.
fn set_cordon_dry(ctx: &mut Ctx<'_>, name: &str, on: bool, dry: Option<&str>) {
    let already = ctx.sim.node(name).is_some_and(|n| n.unschedulable == on);
    let word = if on { "cordoned" } else { "uncordoned" };
    let suffix = dry.unwrap_or("");
    if already {
        ctx.line(&format!("node/{name} already {word}{suffix}"));
        return;
    }
    if dry.is_some() {
        ctx.line(&format!("node/{name} {word}{suffix}"));
        return;
    }
    match ctx.sim.set_node_unschedulable(name, on) {
        Ok(()) => ctx.line(&format!("node/{name} {word}")),
        Err(e) => ctx.fail(&e.to_string()),
    }
}

/// `kubectl drain NODE… [--ignore-daemonsets] [--force] [--dry-run=client|server]`, as
/// `pkg/cmd/drain` runs it: every node is cordoned first, then each is drained in turn; a node
/// whose pods cannot all go is reported and the others are still drained; the nodes left are
/// listed together at the end, followed by their errors.
pub(crate) fn drain(ctx: &mut Ctx<'_>, args: &Args) {
    let names = match node_targets(ctx, args) {
        Ok(n) => n,
        Err(e) => {
            return ctx.fail(
                &e.replace("cordon NODE", "drain NODE")
                    .replace("kubectl cordon", "kubectl drain"),
            )
        }
    };
    let dry = match dry_run(args) {
        Ok(d) => d,
        Err(e) => return ctx.fail(&e),
    };
    let flags = (|| -> Result<(bool, bool, bool), String> {
        Ok((
            args.bool("ignore-daemonsets")?,
            args.bool("force")?,
            args.bool("disable-eviction")?,
        ))
    })();
    let (ignore_ds, force, disable_eviction) = match flags {
        Ok(f) => f,
        Err(e) => return ctx.fail(&format!("error: {e}")),
    };
    let pod_selector = match args.value("pod-selector").map(Selector::parse) {
        None => None,
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => return ctx.fail(&format!("error: {e}")),
    };
    let suffix = dry.unwrap_or("");
    for name in &names {
        set_cordon_dry(ctx, name, true, dry);
    }
    let mut remaining: Vec<String> = Vec::new();
    let mut fatal: Vec<Vec<String>> = Vec::new();
    for name in &names {
        let plan = drain_plan(ctx, name, ignore_ds, force, pod_selector.as_ref());
        if !plan.errors.is_empty() {
            ctx.warn(&format!(
                "error: unable to drain node \"{name}\" due to error: {}, continuing command...",
                aggregate(&plan.errors)
            ));
            remaining.push(name.clone());
            fatal.push(plan.errors);
            continue;
        }
        if !plan.warnings.is_empty() {
            ctx.warn(&format!("Warning: {}", plan.warnings.join("; ")));
        }
        match dry {
            Some(d) => {
                for pod in &plan.delete {
                    ctx.line(&format!("evicting pod default/{pod}{d}"));
                }
            }
            None => {
                let mut gone = Vec::new();
                for pod in &plan.delete {
                    if !disable_eviction {
                        ctx.line(&format!("evicting pod default/{pod}"));
                    }
                    if ctx.sim.delete_pod(pod, None).is_ok() {
                        gone.push(pod.clone());
                    }
                }
                wait_for_pods_gone(ctx, &gone);
                let verb = if disable_eviction {
                    "deleted"
                } else {
                    "evicted"
                };
                for pod in &gone {
                    ctx.line(&format!("pod/{pod} {verb}"));
                }
            }
        }
        ctx.line(&format!("node/{name} drained{suffix}"));
    }
    if !remaining.is_empty() {
        ctx.warn("There are pending nodes to be drained:");
        for name in &remaining {
            ctx.warn(&format!(" {name}"));
        }
        // cmdutil.CheckErr on the aggregate: one node's errors one per line; several nodes'
        // one line each.
        if fatal.len() == 1 {
            for e in &fatal[0] {
                ctx.fail(e);
            }
        } else {
            for errs in &fatal {
                ctx.fail(&aggregate(errs));
            }
        }
    }
}

/// utilerrors.Aggregate's `Error()`: one message as it is, several in brackets.
fn aggregate(errs: &[String]) -> String {
    match errs {
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    }
}

/// What drain does on one node (pkg/drain's filters over the node's pods): the pods to evict,
/// the warnings, and the errors that stop this node's drain.
struct DrainPlan {
    delete: Vec<String>,
    warnings: Vec<String>,
    errors: Vec<String>,
}

fn drain_plan(
    ctx: &Ctx<'_>,
    node: &str,
    ignore_ds: bool,
    force: bool,
    pod_selector: Option<&Selector>,
) -> DrainPlan {
    use dsp_core::model::PodPhase;
    // Message → pods, in the order the filters run (Go iterates a map; a fixed order keeps
    // the playground deterministic).
    let mut warned: Vec<(String, Vec<String>)> = Vec::new();
    let mut failed: Vec<(String, Vec<String>)> = Vec::new();
    let add = |list: &mut Vec<(String, Vec<String>)>, msg: String, pod: String| match list
        .iter_mut()
        .find(|(m, _)| *m == msg)
    {
        Some((_, pods)) => pods.push(pod),
        None => list.push((msg, vec![pod])),
    };
    let mut delete = Vec::new();
    for p in ctx.sim.pods_on_node(node) {
        if pod_selector.is_some_and(|s| !s.matches(&p.labels)) {
            continue;
        }
        let full = format!("{}/{}", p.namespace, p.name);
        let finished = matches!(p.phase, PodPhase::Succeeded | PodPhase::Failed);
        let controller = p.owner.as_ref().filter(|o| o.controller);
        // daemonSetFilter
        if let Some(o) = controller.filter(|o| o.kind == "DaemonSet" && !finished) {
            if ctx.sim.daemonset(&o.name).is_none() {
                let msg = format!("daemonsets.apps \"{}\" not found", o.name);
                if force {
                    add(&mut warned, msg, full);
                    delete.push(p.name.clone());
                } else {
                    add(&mut failed, msg, full);
                }
            } else if ignore_ds {
                add(
                    &mut warned,
                    "ignoring DaemonSet-managed Pods".to_string(),
                    full,
                );
            } else {
                add(
                    &mut failed,
                    "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)".to_string(),
                    full,
                );
            }
            continue;
        }
        // unreplicatedFilter
        if controller.is_none() && !finished {
            if force {
                add(
                    &mut warned,
                    "deleting Pods that declare no controller".to_string(),
                    full,
                );
            } else {
                // v1.33's constant already starts with "cannot delete", and errors() adds it
                // again (pkg/drain/filters.go).
                add(
                    &mut failed,
                    "cannot delete Pods that declare no controller (use --force to override)"
                        .to_string(),
                    full,
                );
                continue;
            }
        }
        delete.push(p.name.clone());
    }
    DrainPlan {
        delete,
        warnings: warned
            .into_iter()
            .map(|(m, pods)| format!("{m}: {}", pods.join(", ")))
            .collect(),
        errors: failed
            .into_iter()
            .map(|(m, pods)| format!("cannot delete {m}: {}", pods.join(", ")))
            .collect(),
    }
}

/// `kubectl set image ds/NAME CONTAINER=IMAGE…`.
pub(crate) fn set(ctx: &mut Ctx<'_>, args: &Args) {
    if let Err(e) = set_inner(ctx, args) {
        ctx.fail(&e);
    }
}

fn set_inner(ctx: &mut Ctx<'_>, args: &Args) -> Result<(), String> {
    let Some(sub) = args.positional.first() else {
        return Err("error: specify what to set; the playground supports \"kubectl set image ds/NAME CONTAINER=IMAGE\"".to_string());
    };
    if sub != "image" {
        return Err(format!(
            "error: unknown command \"{sub}\" for \"kubectl set\"; the playground supports \"kubectl set image\""
        ));
    }
    let rest = &args.positional[1..];
    let (res, specs): (Vec<String>, Vec<String>) =
        rest.iter().cloned().partition(|p| !p.contains('='));
    if specs.is_empty() {
        return Err("error: at least one image update is required".to_string());
    }
    let name = ds_name(&res, "set image")?;
    let Some(ds) = ctx.sim.daemonset(&name) else {
        return Err(format!(
            "Error from server (NotFound): daemonsets.apps \"{name}\" not found"
        ));
    };
    let mut obj = (*ds.applied).clone();
    let mut pairs = Vec::new();
    for spec in &specs {
        let (c, img) = spec.split_once('=').unwrap_or((spec, ""));
        if img.is_empty() {
            return Err(format!("error: invalid image spec {spec:?}: missing image"));
        }
        pairs.push((c.to_string(), img.to_string()));
    }
    let Some(pod_spec) = obj.ds_spec_mut().template.spec.as_mut() else {
        return Err("error: the daemonset has no pod spec".to_string());
    };
    for (c, img) in &pairs {
        let mut found = false;
        for container in pod_spec
            .containers
            .iter_mut()
            .chain(pod_spec.init_containers.iter_mut().flatten())
        {
            if c == "*" || &container.name == c {
                container.image = Some(img.clone());
                found = true;
            }
        }
        if !found {
            return Err(format!("error: unable to find container named \"{c}\""));
        }
    }
    ctx.record(&mut obj);
    if serde_json::to_value(&obj.spec).ok() == serde_json::to_value(&ds.applied.spec).ok()
        && obj.metadata.annotations == ds.applied.metadata.annotations
    {
        // kubectl computes an empty patch and prints nothing.
        return Ok(());
    }
    match ctx.sim.replace_daemonset(obj) {
        Ok(_) => ctx.line(&format!("daemonset.apps/{name} image updated")),
        Err(e) => ctx.fail(&e.to_string()),
    }
    Ok(())
}

/// `kubectl patch ds|node NAME -p PATCH [--type strategic|merge|json] [--patch-file FILE]`.
pub(crate) fn patch(ctx: &mut Ctx<'_>, args: &Args) {
    if let Err(e) = patch_inner(ctx, args) {
        ctx.fail(&e);
    }
}

fn patch_inner(ctx: &mut Ctx<'_>, args: &Args) -> Result<(), String> {
    let reqs = resources::requests_in(Some(ctx.sim), &args.positional)?;
    let dry = dry_run(args)?;
    let namespace =
        resources::namespace(args)?.unwrap_or_else(|| manifest::DEFAULT_NAMESPACE.to_string());
    let (kind, name) = match reqs.as_slice() {
        [Request { kind, names }] if names.len() == 1 => (*kind, names[0].clone()),
        [] => {
            return Err(
                "error: You must provide one or more resources by argument or filename."
                    .to_string(),
            )
        }
        _ => {
            return Err(
                "error: specify exactly one resource to patch, e.g. ds/frontend".to_string(),
            )
        }
    };
    let text =
        match (args.value("patch"), args.value("patch-file")) {
            (Some(_), Some(_)) => {
                return Err("error: cannot specify --patch and --patch-file together".to_string())
            }
            (Some(p), None) => p.to_string(),
            (None, Some(f)) => ctx
                .io
                .read_file(f)
                .map_err(|e| format!("error: unable to read patch file: {e}"))?,
            (None, None) => return Err(
                "error: must specify --patch or --patch-file containing the contents of the patch"
                    .to_string(),
            ),
        };
    let patch_type = args.value("type").unwrap_or("strategic");
    if !matches!(patch_type, "strategic" | "merge" | "json") {
        return Err(format!(
            "error: --type must be one of [json merge strategic], not {patch_type:?}"
        ));
    }
    let body = manifest::yaml_to_json(&text)
        .map_err(|e| format!("error: unable to parse {text:?}: {e}"))?;
    let current = match kind {
        Kind::DaemonSet => ctx.sim.daemonset(&name).map(objects::daemonset_for_edit),
        Kind::Node => ctx.sim.node(&name).map(objects::node),
        Kind::Object(r) => {
            if patch_type == "strategic" && dsp_core::sim::is_custom(r) {
                return Err("Error from server (UnsupportedMediaType): the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml".to_string());
            }
            find(ctx.sim, kind, &namespace, &name).map(|i| i.json(ctx.sim))
        }
        other => {
            return Err(format!(
                "error: patching {} is not available in the playground (patch daemonsets or nodes)",
                other.plural()
            ))
        }
    };
    let Some(current) = current else {
        return Err(format!(
            "Error from server (NotFound): {} \"{name}\" not found",
            kind.resource()
        ));
    };
    if patch_type != "json" && !body.is_object() {
        return Err(format!(
            "Error from server (BadRequest): json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            json_type(&body)
        ));
    }
    crate::patch::check_depth(&body)?;
    let patched = match patch_type {
        "merge" => crate::patch::merge_patch(&current, &body),
        "json" => crate::patch::json_patch(&current, &body)
            .map_err(|e| format!("Error from server (BadRequest): {e}"))?,
        _ => crate::patch::strategic_merge_patch(&current, &body)
            .map_err(|e| format!("Error from server (BadRequest): {e}"))?,
    };
    let singular = kind.singular();
    if patched == current {
        ctx.line(&format!("{singular}/{name} patched (no change)"));
        return Ok(());
    }
    if let Some(suffix) = dry {
        ctx.line(&format!("{singular}/{name} patched{suffix}"));
        return Ok(());
    }
    match kind {
        Kind::Object(r) => {
            if !dsp_core::sim::is_custom(r) {
                let checked = dsp_schema::schema().decode(&r.type_name, &patched);
                if let Some(e) = checked.error {
                    return Err(format!(
                        "Error from server (BadRequest): {} in version {} cannot be handled as a {}: {}",
                        r.kind,
                        manifest::go_quote(&r.version),
                        r.kind,
                        e.message
                    ));
                }
            }
            match ctx.sim.replace_object(patched) {
                Ok(changed) => ctx.line(&format!(
                    "{singular}/{name} patched{}",
                    if changed.0 { "" } else { " (no change)" }
                )),
                Err(e) => ctx.fail(&e.to_string()),
            }
        }
        Kind::DaemonSet => {
            let mut obj: apps::DaemonSet = decode_patched(patched, "DaemonSet")?;
            ctx.record(&mut obj);
            if obj.metadata.name.as_deref() != Some(name.as_str()) {
                return Err(format!("Error from server (BadRequest): the name of the object ({}) does not match the name on the URL ({name})", obj.metadata.name.unwrap_or_default()));
            }
            match ctx.sim.replace_daemonset(obj) {
                Ok(changed) => ctx.line(&format!(
                    "{singular}/{name} patched{}",
                    if changed.0 { "" } else { " (no change)" }
                )),
                Err(e) => ctx.fail(&e.to_string()),
            }
        }
        _ => {
            let obj: core::Node = decode_patched(patched, "Node")?;
            match ctx.sim.apply_node(obj) {
                Ok(()) => ctx.line(&format!("{singular}/{name} patched")),
                Err(e) => ctx.fail(&e.to_string()),
            }
        }
    }
    Ok(())
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        Value::Array(_) => "array",
        Value::Null => "null",
        Value::Object(_) => "object",
    }
}

/// A patched object decoded as the API server would: Go's type error (from the schema), then
/// what Go keeps of it (unknown fields dropped, `null`s zeroed) read into the typed model.
fn decode_patched<T: serde::de::DeserializeOwned>(mut v: Value, kind: &str) -> Result<T, String> {
    let refuse = |e: &dyn std::fmt::Display| {
        format!("Error from server (BadRequest): {kind} in version \"v1\" cannot be handled as a {kind}: {e}")
    };
    let type_name = dsp_core::manifest::schema_type(kind);
    if let Some(e) = dsp_schema::schema().decode(type_name, &v).error {
        return Err(refuse(&e));
    }
    dsp_schema::schema().prune(type_name, &mut v);
    serde_json::from_value(v).map_err(|e| refuse(&e))
}

/// `kubectl edit ds/NAME`.
pub(crate) fn edit(ctx: &mut Ctx<'_>, args: &Args) {
    let name = match ds_name(&args.positional, "edit") {
        Ok(n) => n,
        Err(e) => return ctx.fail(&e),
    };
    let Some(ds) = ctx.sim.daemonset(&name) else {
        return ctx.fail(&format!(
            "Error from server (NotFound): daemonsets.apps \"{name}\" not found"
        ));
    };
    let yaml = manifest::to_yaml(&objects::daemonset_for_edit(ds));
    if ctx.io.editor_file().is_some() {
        let note = format!("Opened {name} in the editor: change it and press Apply.");
        ctx.note(&note);
        ctx.out
            .effects
            .push(crate::Effect::OpenEditor { yaml, name });
    } else {
        ctx.fail(&format!(
            "error: kubectl edit needs an interactive editor, which dsplay does not open; change the DaemonSet with \"kubectl patch ds/{name} -p '{{...}}'\", \"kubectl set image ds/{name} CONTAINER=IMAGE\" or \"kubectl apply -f FILE\" instead (\"kubectl get ds/{name} -o yaml\" prints the current object)"
        ));
    }
}
