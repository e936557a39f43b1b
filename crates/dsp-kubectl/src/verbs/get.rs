//! `kubectl get`: tables, `-o wide|name|yaml|json|jsonpath=|custom-columns=`,
//! label and field selectors, `--show-labels`, `-L`, namespaces.

use crate::args::Args;
use crate::format::{age, json_pretty, labels as fmt_labels};
use crate::kinds::Kind;
use crate::objects;
use crate::resources::{field_value, find, list, namespace, supported_fields, Item, Request};
use crate::selector::{FieldSelector, Selector};
use crate::tabwriter;
use crate::watch::{run_watch, watch_timeout, WatchPrinter};
use crate::Ctx;
use dsp_core::model::Event;
use dsp_core::Simulation;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub(crate) enum Format {
    Table {
        wide: bool,
    },
    Name,
    Json,
    Yaml,
    JsonPath(String),
    CustomColumns(Vec<(String, String)>),
    /// `go-template=`/`go-template-file=` (also `template`/`templatefile`): the template as
    /// given and parsed.
    GoTemplate(String, Box<crate::gotemplate::Template>),
}

/// The go-template printer's formats, from `-o go-template=T` or `-o go-template-file=F`
/// (`--template` gives the text when `-o` names the format alone).
fn go_template(
    ctx: &mut Ctx<'_>,
    args: &Args,
    name: &str,
    arg: Option<&str>,
) -> Result<Format, String> {
    let from_flag = args.value("template");
    let raw = match (name, arg.or(from_flag)) {
        (_, None) | (_, Some("")) => {
            return Err("error: template format specified but no template given".to_string())
        }
        ("go-template-file" | "templatefile", Some(path)) => ctx
            .read_file(path)
            .map_err(|e| format!("error: error reading --template {path}, {e}"))?,
        (_, Some(t)) => t.to_string(),
    };
    let template = crate::gotemplate::Template::parse(&raw)
        .map_err(|e| format!("error: error parsing template {raw}, {}", e.0))?;
    Ok(Format::GoTemplate(raw, Box::new(template)))
}

pub(crate) fn output_format(ctx: &mut Ctx<'_>, args: &Args) -> Result<Format, String> {
    let Some(o) = args.value("output") else {
        return Ok(Format::Table { wide: false });
    };
    let (name, arg) = match o.split_once('=') {
        Some((n, a)) => (n, Some(a)),
        None => (o, None),
    };
    Ok(match (name, arg) {
        ("wide", None) => Format::Table { wide: true },
        ("name", None) => Format::Name,
        ("json", None) => Format::Json,
        ("yaml", None) => Format::Yaml,
        ("jsonpath", Some(t)) => Format::JsonPath(t.to_string()),
        ("jsonpath", None) => {
            return Err("error: template format specified but no template given".to_string())
        }
        ("go-template" | "go-template-file" | "template" | "templatefile", arg) => {
            return go_template(ctx, args, name, arg)
        }
        ("custom-columns", Some(spec)) => {
            let mut cols = Vec::new();
            for part in spec.split(',') {
                let (h, p) = part.split_once(':').ok_or_else(|| {
                    format!("error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>")
                })?;
                let p = p.trim();
                let expr = if p.starts_with('{') {
                    p.to_string()
                } else if p.starts_with('.') {
                    format!("{{{p}}}")
                } else {
                    format!("{{.{p}}}")
                };
                cols.push((h.to_string(), expr));
            }
            Format::CustomColumns(cols)
        }
        _ => {
            return Err(format!("error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: custom-columns,go-template,go-template-file,json,jsonpath,name,template,templatefile,wide,yaml"))
        }
    })
}

/// `kubectl get`.
pub(crate) fn get(ctx: &mut Ctx<'_>, args: &Args) {
    if let Err(e) = get_inner(ctx, args) {
        ctx.fail(&e);
    }
}

fn get_inner(ctx: &mut Ctx<'_>, args: &Args) -> Result<(), String> {
    let reqs = crate::resources::requests_in(Some(ctx.sim), &args.positional)?;
    if reqs.is_empty() {
        return Err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples".to_string());
    }
    let format = output_format(ctx, args)?;
    let ns = namespace(args)?;
    let selector = match args.value("selector") {
        Some(s) => Some(Selector::parse(s).map_err(|e| format!("error: {e}"))?),
        None => None,
    };
    let by_name = reqs.iter().any(|r| !r.names.is_empty());
    if selector.is_some() && by_name {
        return Err("error: name cannot be provided when a selector is specified".to_string());
    }
    let multi_kind = reqs.len() > 1;
    if args.bool("watch")? || args.bool("watch-only")? {
        return watch(ctx, args, &reqs, &format, &ns, &selector);
    }
    let sim: &Simulation = ctx.sim;
    let now = sim.now();
    let (groups, errors) = collect(sim, &reqs, args, &ns, &selector)?;

    let no_headers = args.bool("no-headers")?;
    let mut out = String::new();
    match &format {
        Format::Table { wide } => {
            let mut first = true;
            for (kind, items) in &groups {
                if items.is_empty() {
                    continue;
                }
                // get.go separates resource groups with a blank line only when they have
                // headers.
                if !first && !no_headers {
                    out.push('\n');
                }
                first = false;
                let mut rows = table(
                    sim,
                    *kind,
                    items,
                    *wide,
                    args,
                    ns.is_none(),
                    multi_kind,
                    now,
                );
                if no_headers && !rows.is_empty() {
                    rows.remove(0);
                }
                out.push_str(&tabwriter::rows(&rows));
            }
        }
        Format::Name => {
            for (kind, items) in &groups {
                for i in items {
                    out.push_str(&format!("{}/{}\n", kind.singular(), i.name()));
                }
            }
        }
        Format::Json | Format::Yaml | Format::JsonPath(_) | Format::GoTemplate(..) => {
            let all: Vec<Value> = groups
                .iter()
                .flat_map(|(_, items)| items.iter().map(|i| i.json(sim)))
                .collect();
            let single = by_name && !multi_kind && reqs[0].names.len() == 1;
            let value = if single {
                match all.into_iter().next() {
                    Some(v) => v,
                    None => Value::Null,
                }
            } else {
                objects::list(all)
            };
            if !value.is_null() {
                match &format {
                    Format::Json => {
                        out.push_str(&json_pretty(&value));
                        out.push('\n');
                    }
                    Format::Yaml => out.push_str(&dsp_core::manifest::to_yaml(&value)),
                    Format::JsonPath(t) => {
                        let text = crate::jsonpath::render(t, &value)
                            .map_err(|e| format!("error: error parsing jsonpath {t}, {e}"))?;
                        out.push_str(&text);
                    }
                    Format::GoTemplate(raw, t) => match crate::gotemplate::render(t, raw, &value) {
                        Ok(text) => out.push_str(&text),
                        Err((shown, error)) => {
                            out.push_str(&shown);
                            ctx.print(&out);
                            return Err(error);
                        }
                    },
                    _ => {}
                }
            }
        }
        Format::CustomColumns(cols) => {
            let mut rows = vec![cols.iter().map(|(h, _)| h.clone()).collect::<Vec<_>>()];
            for (_, items) in &groups {
                for i in items {
                    let v = i.json(sim);
                    let mut row = Vec::new();
                    for (_, expr) in cols {
                        let cell =
                            crate::jsonpath::render(expr, &v).map_err(|e| format!("error: {e}"))?;
                        row.push(if cell.is_empty() {
                            "<none>".to_string()
                        } else {
                            cell
                        });
                    }
                    rows.push(row);
                }
            }
            if rows.len() > 1 {
                if no_headers {
                    rows.remove(0);
                }
                out.push_str(&tabwriter::rows(&rows));
            }
        }
    }
    let total: usize = groups.iter().map(|(_, i)| i.len()).sum();
    ctx.print(&out);
    for e in &errors {
        ctx.fail(e);
    }
    if total == 0 && errors.is_empty() && !matches!(format, Format::Json | Format::Yaml) {
        let namespaced = reqs.iter().any(|r| r.kind.namespaced());
        match (&ns, namespaced) {
            (Some(ns), true) => ctx.warn(&format!("No resources found in {ns} namespace.")),
            _ => ctx.warn("No resources found"),
        }
    }
    Ok(())
}

/// The items of one request kind.
type Group<'a> = (Kind, Vec<Item<'a>>);

/// The items a `get` names or selects, per request, and the NotFound errors for missing names.
fn collect<'a>(
    sim: &'a Simulation,
    reqs: &[Request],
    args: &Args,
    ns: &Option<String>,
    selector: &Option<Selector>,
) -> Result<(Vec<Group<'a>>, Vec<String>), String> {
    let field_selector = args.value("field-selector");
    // Collect items per request, reporting missing names.
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut errors = Vec::new();
    for req in reqs {
        let mut items = Vec::new();
        if req.names.is_empty() {
            let fs = match field_selector {
                Some(text) => Some(
                    FieldSelector::parse(text, supported_fields(req.kind)).map_err(|e| {
                        format!(
                            "Error from server (BadRequest): Unable to find \"{}\" that match label selector \"{}\", field selector \"{text}\": {e}",
                            resource_gvr(req.kind),
                            args.value("selector").unwrap_or("")
                        )
                    })?,
                ),
                None => None,
            };
            for item in list(sim, req.kind) {
                if req.kind.namespaced() {
                    if let Some(ns) = ns {
                        if item.namespace() != ns {
                            continue;
                        }
                    }
                }
                if let Some(sel) = selector {
                    if !sel.matches(&item.labels()) {
                        continue;
                    }
                }
                if let Some(fs) = &fs {
                    if !fs.matches(|f| field_value(&item, f)) {
                        continue;
                    }
                }
                items.push(item);
            }
        } else {
            let here = ns
                .as_deref()
                .unwrap_or(dsp_core::manifest::DEFAULT_NAMESPACE);
            for name in &req.names {
                let found = find(sim, req.kind, here, name).filter(|i| {
                    !req.kind.namespaced() || ns.as_deref().is_none_or(|ns| i.namespace() == ns)
                });
                match found {
                    Some(i) => items.push(i),
                    None => errors.push(format!(
                        "Error from server (NotFound): {} \"{name}\" not found",
                        req.kind.resource()
                    )),
                }
            }
        }
        groups.push((req.kind, items));
    }

    Ok((groups, errors))
}

/// A watch's rows at one instant, by object name, with when each object was created.
type WatchRows = BTreeMap<String, (Vec<String>, dsp_core::time::SimTime)>;

/// `kubectl get --watch` / `--watch-only` (tables): the list as it is, then one row per change
/// as simulated time runs, each aligned with kubectl's remembered column widths. A row is
/// printed when an object appears, when its row (other than AGE) changes, and once more when it
/// is deleted (its last state), like the ADDED, MODIFIED and DELETED events a real watch prints.
/// A real watch never ends; this one stops when nothing is left to happen, after
/// `--request-timeout`, or after ten minutes of simulated time.
fn watch(
    ctx: &mut Ctx<'_>,
    args: &Args,
    reqs: &[Request],
    format: &Format,
    ns: &Option<String>,
    selector: &Option<Selector>,
) -> Result<(), String> {
    if reqs.len() > 1 {
        return Err("error: watch is only supported on individual resources and resource collections - more than 1 resource was found".to_string());
    }
    let Format::Table { wide } = *format else {
        return Err(
            "error: the playground's --watch prints tables: leave out -o, or use -o wide"
                .to_string(),
        );
    };
    watch_timeout(args)?;
    let no_headers = args.bool("no-headers")?;
    let watch_only = args.bool("watch-only")?;

    // name → row, and the header, at the current instant.
    // A named object missing at the start is an error; one deleted later just leaves the watch.
    let snapshot = |sim: &Simulation, first: bool| -> Result<(Vec<String>, WatchRows), String> {
        let (groups, errors) = collect(sim, reqs, args, ns, selector)?;
        if let Some(e) = errors.first().filter(|_| first) {
            return Err(e.clone());
        }
        let mut rows = BTreeMap::new();
        let mut header = Vec::new();
        for (kind, items) in &groups {
            let mut table_rows = table(
                sim,
                *kind,
                items,
                wide,
                args,
                ns.is_none(),
                false,
                sim.now(),
            )
            .into_iter();
            header = table_rows.next().unwrap_or_default();
            for (item, row) in items.iter().zip(table_rows) {
                rows.insert(item.name(), (row, item.created()));
            }
        }
        Ok((header, rows))
    };
    let (header, mut shown) = snapshot(ctx.sim, true)?;
    // Cells that change with the clock alone, not with the object: AGE, and the "(5s ago)" of
    // RESTARTS.
    let age_column = header.iter().position(|h| h == "AGE");
    let restarts = header.iter().position(|h| h == "RESTARTS");
    let same = |a: &[String], b: &[String]| {
        a.len() == b.len()
            && a.iter().zip(b).enumerate().all(|(i, (x, y))| {
                if Some(i) == age_column {
                    true
                } else if Some(i) == restarts {
                    x.split(" (").next() == y.split(" (").next()
                } else {
                    x == y
                }
            })
    };
    let mut out = WatchPrinter::new(no_headers);
    if !watch_only {
        out.print(
            ctx,
            shown.values().map(|(row, _)| row.clone()).collect(),
            &header,
        );
    }
    let header_for_run = header.clone();
    run_watch(ctx, args, &mut out, &header_for_run, |sim| {
        let (_, now) = snapshot(sim, false)?;
        let mut block: Vec<Vec<String>> = now
            .iter()
            .filter(|(name, (row, _))| shown.get(*name).is_none_or(|(old, _)| !same(old, row)))
            .map(|(_, (row, _))| row.clone())
            .collect();
        // A deleted object's last state, with its AGE as of now.
        let at = sim.now();
        block.extend(
            shown
                .iter()
                .filter(|(name, _)| !now.contains_key(*name))
                .map(|(_, (row, created))| {
                    let mut row = row.clone();
                    if let Some(cell) = age_column.and_then(|i| row.get_mut(i)) {
                        *cell = age(at, *created);
                    }
                    row
                }),
        );
        let looked_at = now.len();
        shown = now;
        Ok((block, looked_at))
    })
}

fn resource_gvr(kind: Kind) -> String {
    match kind {
        Kind::DaemonSet | Kind::ControllerRevision => {
            format!("apps/v1, Resource={}", kind.plural())
        }
        _ => format!("/v1, Resource={}", kind.plural()),
    }
}

/// Header and rows for one kind.
#[allow(clippy::too_many_arguments)]
fn table(
    sim: &Simulation,
    kind: Kind,
    items: &[Item<'_>],
    wide: bool,
    args: &Args,
    all_namespaces: bool,
    prefix_kind: bool,
    now: dsp_core::time::SimTime,
) -> Vec<Vec<String>> {
    let label_columns: Vec<String> = args
        .values("label-columns")
        .iter()
        .flat_map(|v| v.split(',').map(str::to_string).collect::<Vec<_>>())
        .filter(|k| !k.is_empty())
        .collect();
    let show_labels = args.bool("show-labels").unwrap_or(false);
    let mut header: Vec<String> = match kind {
        Kind::DaemonSet => vec![
            "NAME",
            "DESIRED",
            "CURRENT",
            "READY",
            "UP-TO-DATE",
            "AVAILABLE",
            "NODE SELECTOR",
            "AGE",
        ],
        Kind::Pod => vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
        Kind::Node => vec!["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
        Kind::ControllerRevision => vec!["NAME", "CONTROLLER", "REVISION", "AGE"],
        Kind::Event => vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
        Kind::Object(r) if dsp_core::sim::is_custom(r) => Vec::new(),
        Kind::Object(r) => crate::columns::header(&r.kind, &r.group, wide),
    }
    .into_iter()
    .map(str::to_string)
    .collect();
    if let Kind::Object(r) = kind {
        if dsp_core::sim::is_custom(r) {
            header = crate::columns::custom_header(sim, r, wide);
        }
    }
    if wide {
        let extra: &[&str] = match kind {
            Kind::DaemonSet => &["CONTAINERS", "IMAGES", "SELECTOR"],
            Kind::Pod => &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
            Kind::Node => &[
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ],
            Kind::Event => &[
                "SUBOBJECT",
                "SOURCE",
                "MESSAGE",
                "FIRST SEEN",
                "COUNT",
                "NAME",
            ],
            Kind::ControllerRevision | Kind::Object(_) => &[],
        };
        if kind == Kind::Event {
            // Wide events re-order the columns like kubectl does.
            header = vec![
                "LAST SEEN",
                "TYPE",
                "REASON",
                "OBJECT",
                "SUBOBJECT",
                "SOURCE",
                "MESSAGE",
                "FIRST SEEN",
                "COUNT",
                "NAME",
            ]
            .into_iter()
            .map(str::to_string)
            .collect();
        } else {
            header.extend(extra.iter().map(|s| s.to_string()));
        }
    }
    for k in &label_columns {
        let base = k.rsplit('/').next().unwrap_or(k);
        header.push(base.to_uppercase());
    }
    if show_labels {
        header.push("LABELS".to_string());
    }
    if all_namespaces && kind.namespaced() {
        header.insert(0, "NAMESPACE".to_string());
    }
    let mut rows = vec![header];
    for item in items {
        let name = if prefix_kind {
            format!("{}/{}", kind.singular(), item.name())
        } else {
            item.name()
        };
        let mut row: Vec<String> = match item {
            Item::DaemonSet(d) => {
                let s = &d.status;
                let mut r = vec![
                    name,
                    s.desired_number_scheduled.to_string(),
                    s.current_number_scheduled.to_string(),
                    s.number_ready.to_string(),
                    s.updated_number_scheduled.to_string(),
                    s.number_available.to_string(),
                    fmt_labels(&d.template.node_selector),
                    age(now, d.created),
                ];
                if wide {
                    r.push(
                        d.template
                            .containers
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(","),
                    );
                    r.push(d.images());
                    let sel = d.selector.to_string();
                    r.push(if sel.is_empty() {
                        "<none>".to_string()
                    } else {
                        sel
                    });
                }
                r
            }
            Item::Pod(p) => {
                let (ready, total) = p.ready_count();
                let restarts = match (p.restarts(), p.last_restart()) {
                    (0, _) => "0".to_string(),
                    (n, Some(t)) => format!("{n} ({} ago)", age(now, t)),
                    (n, None) => n.to_string(),
                };
                let mut r = vec![
                    name,
                    format!("{ready}/{total}"),
                    p.kubectl_status(),
                    restarts,
                    age(now, p.created),
                ];
                if wide {
                    r.push(crate::objects::visible_ip(p).unwrap_or_else(|| "<none>".to_string()));
                    r.push(p.node_name.clone().unwrap_or_else(|| "<none>".to_string()));
                    r.push("<none>".to_string());
                    r.push("<none>".to_string());
                }
                r
            }
            Item::Node(n) => {
                let mut r = vec![
                    name,
                    n.kubectl_status(),
                    n.roles(),
                    age(now, n.created),
                    n.kubelet_version.clone(),
                ];
                if wide {
                    r.push(if n.internal_ip.is_empty() {
                        "<none>".to_string()
                    } else {
                        n.internal_ip.clone()
                    });
                    r.push("<none>".to_string());
                    r.push(n.os_image.clone());
                    r.push(n.kernel_version.clone());
                    r.push(n.container_runtime.clone());
                }
                r
            }
            Item::Object(o) if dsp_core::sim::is_custom(o.resource) => {
                crate::columns::custom_row(sim, o, name, now, wide)
            }
            Item::Object(o) => crate::columns::row(o, name, now, wide),
            Item::Revision(rev) => vec![
                name,
                format!("daemonset.apps/{}", rev.owner_ds),
                rev.revision.to_string(),
                age(now, rev.created),
            ],
            Item::Event(e) => {
                let object = format!("{}/{}", e.object_kind.to_lowercase(), e.object_name);
                if wide {
                    vec![
                        age(now, e.last_seen),
                        e.event_type.as_str().to_string(),
                        e.reason.clone(),
                        object,
                        String::new(),
                        source_text(sim, e),
                        e.message.clone(),
                        age(now, e.first_seen),
                        e.count.to_string(),
                        name,
                    ]
                } else {
                    vec![
                        age(now, e.last_seen),
                        e.event_type.as_str().to_string(),
                        e.reason.clone(),
                        object,
                        e.message.clone(),
                    ]
                }
            }
        };
        for k in &label_columns {
            row.push(item.labels().get(k).cloned().unwrap_or_default());
        }
        if show_labels {
            row.push(fmt_labels(&item.labels()));
        }
        if all_namespaces && kind.namespaced() {
            row.insert(0, item.namespace().to_string());
        }
        rows.push(row);
    }
    rows
}

fn source_text(_sim: &Simulation, e: &Event) -> String {
    e.source.clone()
}
