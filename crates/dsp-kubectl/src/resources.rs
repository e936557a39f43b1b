//! The objects kubectl commands name and read: [`Item`] (one object of any served kind),
//! [`list`] and [`find`], the `TYPE[/NAME]` [`Request`]s of a command line, the namespace
//! flags, field values for `--field-selector`, and [`ds_name`] for the verbs that take one
//! DaemonSet. Every verb reads the cluster through here.

use crate::args::Args;
use crate::kinds::Kind;
use crate::objects;
use dsp_core::model::{ControllerRevision, DaemonSet, Event, Labels, Node, Pod};
use dsp_core::sim::StoredObject;
use dsp_core::Simulation;
use serde_json::Value;
use std::borrow::Cow;

/// One object of any served kind.
#[derive(Clone, Copy)]
pub(crate) enum Item<'a> {
    Pod(&'a Pod),
    DaemonSet(&'a DaemonSet),
    Node(&'a Node),
    Revision(&'a ControllerRevision),
    Event(&'a Event),
    Object(&'a StoredObject),
}

static EMPTY: std::sync::LazyLock<Labels> = std::sync::LazyLock::new(Labels::new);

impl<'a> Item<'a> {
    pub fn name(&self) -> String {
        match self {
            Item::Pod(p) => p.name.clone(),
            Item::DaemonSet(d) => d.name.clone(),
            Item::Node(n) => n.name.clone(),
            Item::Revision(r) => r.name.clone(),
            Item::Event(e) => objects::event_name(e),
            Item::Object(o) => o.name().to_string(),
        }
    }

    pub fn namespace(&self) -> &str {
        match self {
            Item::Pod(p) => &p.namespace,
            Item::DaemonSet(d) => &d.namespace,
            Item::Node(_) => "",
            Item::Revision(r) => &r.namespace,
            Item::Event(_) => "default",
            Item::Object(o) => o.namespace(),
        }
    }

    /// When the object was created, for AGE (events: when last seen, as their LAST SEEN column).
    pub fn created(&self) -> dsp_core::time::SimTime {
        match self {
            Item::Pod(p) => p.created,
            Item::DaemonSet(d) => d.created,
            Item::Node(n) => n.created,
            Item::Revision(r) => r.created,
            Item::Event(e) => e.last_seen,
            Item::Object(o) => o.created,
        }
    }

    pub fn labels(&self) -> Cow<'a, Labels> {
        match self {
            Item::Pod(p) => Cow::Borrowed(&p.labels),
            Item::DaemonSet(d) => Cow::Borrowed(&d.labels),
            Item::Node(n) => Cow::Borrowed(&n.labels),
            Item::Revision(r) => Cow::Borrowed(&r.labels),
            Item::Event(_) => Cow::Borrowed(&EMPTY),
            Item::Object(o) => Cow::Owned(o.labels()),
        }
    }

    pub fn annotations(&self) -> Labels {
        match self {
            Item::Pod(p) => p.annotations.clone(),
            Item::DaemonSet(d) => d.annotations.clone(),
            Item::Node(n) => n.annotations.clone(),
            Item::Object(o) => o.annotations(),
            Item::Revision(_) | Item::Event(_) => Labels::new(),
        }
    }

    pub fn json(&self, sim: &Simulation) -> Value {
        match self {
            Item::Pod(p) => objects::pod(p),
            Item::DaemonSet(d) => objects::daemonset(d),
            Item::Node(n) => objects::node(n),
            Item::Revision(r) => {
                let uid = sim
                    .daemonset(&r.owner_ds)
                    .map(|d| d.uid.clone())
                    .unwrap_or_default();
                objects::revision(r, &uid)
            }
            Item::Event(e) => objects::event(e, "default"),
            Item::Object(o) => o.value.clone(),
        }
    }
}

/// All objects of a kind, in API list order (by name).
pub(crate) fn list(sim: &Simulation, kind: Kind) -> Vec<Item<'_>> {
    match kind {
        Kind::Pod => sim.pods().map(Item::Pod).collect(),
        Kind::DaemonSet => sim.daemonsets().map(Item::DaemonSet).collect(),
        Kind::Node => sim.nodes().map(Item::Node).collect(),
        Kind::ControllerRevision => {
            let mut v: Vec<Item<'_>> = sim.revisions().map(Item::Revision).collect();
            dsp_core::sort::sort_by_key(&mut v, |i| i.name());
            v
        }
        Kind::Event => {
            let mut v: Vec<Item<'_>> = sim.events().iter().map(Item::Event).collect();
            dsp_core::sort::sort_by_key(&mut v, |i| i.name());
            v
        }
        Kind::Object(r) => sim
            .objects(r.qualified_plural())
            .map(Item::Object)
            .collect(),
    }
}

/// One object by name, in `namespace` for the namespaced kinds the API server stores (the
/// simulator's own kinds are named uniquely across namespaces).
pub(crate) fn find<'a>(
    sim: &'a Simulation,
    kind: Kind,
    namespace: &str,
    name: &str,
) -> Option<Item<'a>> {
    match kind {
        Kind::Pod => sim.pod(name).map(Item::Pod),
        Kind::DaemonSet => sim.daemonset(name).map(Item::DaemonSet),
        Kind::Node => sim.node(name).map(Item::Node),
        Kind::Object(r) => {
            let ns = if r.namespaced { namespace } else { "" };
            sim.object(r.qualified_plural(), ns, name).map(Item::Object)
        }
        _ => list(sim, kind).into_iter().find(|i| i.name() == name),
    }
}

/// The resources of the `all` category, in the order discovery lists them (core, then apps,
/// autoscaling, batch; alphabetical within a group).
const ALL_CATEGORY: [&str; 10] = [
    "pods",
    "replicationcontrollers",
    "services",
    "daemonsets.apps",
    "deployments.apps",
    "replicasets.apps",
    "statefulsets.apps",
    "horizontalpodautoscalers.autoscaling",
    "cronjobs.batch",
    "jobs.batch",
];

/// A `TYPE NAME…` / `TYPE/NAME` request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    pub kind: Kind,
    /// Empty = all of that kind.
    pub names: Vec<String>,
}

/// Parse resource arguments: `pods`, `pods,ds`, `ds frontend other`, `ds/frontend pod/x`,
/// `all` (pods and daemonsets).
pub(crate) fn requests(pos: &[String]) -> Result<Vec<Request>, String> {
    requests_in(None, pos)
}

/// `requests`, also resolving the kinds the cluster's CRDs define.
pub(crate) fn requests_in(
    sim: Option<&Simulation>,
    pos: &[String],
) -> Result<Vec<Request>, String> {
    let parse = |t: &str| match sim {
        Some(sim) => Kind::parse_in(sim, t),
        None => Kind::parse(t),
    };
    let Some(first) = pos.first() else {
        return Ok(Vec::new());
    };
    if pos.iter().all(|p| p.contains('/')) {
        let mut out: Vec<Request> = Vec::new();
        for p in pos {
            let (t, n) = p.split_once('/').unwrap_or((p, ""));
            let kind = parse(t).ok_or_else(|| crate::kinds::unknown_type(t))?;
            if n.is_empty() {
                return Err(
                    "error: arguments in resource/name form must have a single resource and name"
                        .to_string(),
                );
            }
            match out.last_mut() {
                Some(r) if r.kind == kind => r.names.push(n.to_string()),
                _ => out.push(Request {
                    kind,
                    names: vec![n.to_string()],
                }),
            }
        }
        return Ok(out);
    }
    if pos.iter().any(|p| p.contains('/')) {
        return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".to_string());
    }
    let mut kinds = Vec::new();
    for t in first.split(',') {
        if t == "all" {
            kinds.extend(ALL_CATEGORY.iter().filter_map(|r| Kind::parse(r)));
            continue;
        }
        kinds.push(parse(t).ok_or_else(|| crate::kinds::unknown_type(t))?);
    }
    // `TYPE1,TYPE2 NAME…` means TYPE1/NAME… TYPE2/NAME… (cli-runtime's
    // `normalizeMultipleResourcesArgs`).
    let names: Vec<String> = pos[1..].to_vec();
    Ok(kinds
        .into_iter()
        .map(|kind| Request {
            kind,
            names: names.clone(),
        })
        .collect())
}

/// The namespace the command looks at (`None` = all namespaces).
pub(crate) fn namespace(args: &Args) -> Result<Option<String>, String> {
    if args.bool("all-namespaces")? {
        return Ok(None);
    }
    Ok(Some(
        args.value("namespace")
            .unwrap_or(args.default_namespace())
            .to_string(),
    ))
}

/// The fields `--field-selector` accepts for a kind.
pub(crate) fn supported_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Pod => &[
            "metadata.name",
            "metadata.namespace",
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.nominatedNodeName",
        ],
        Kind::Node => &["metadata.name", "spec.unschedulable"],
        Kind::Event => &[
            "metadata.name",
            "metadata.namespace",
            "involvedObject.kind",
            "involvedObject.name",
            "involvedObject.namespace",
            "reason",
            "type",
            "source",
        ],
        _ => &["metadata.name", "metadata.namespace"],
    }
}

/// A field's value for `--field-selector`.
pub(crate) fn field_value(item: &Item<'_>, field: &str) -> String {
    match (item, field) {
        (_, "metadata.name") => item.name(),
        (_, "metadata.namespace") => item.namespace().to_string(),
        (Item::Pod(p), "spec.nodeName") => p.node_name.clone().unwrap_or_default(),
        (Item::Pod(_), "spec.restartPolicy") => "Always".to_string(),
        (Item::Pod(_), "spec.schedulerName") => "default-scheduler".to_string(),
        (Item::Pod(_), "spec.serviceAccountName") => "default".to_string(),
        (Item::Pod(p), "spec.hostNetwork") => p.host_network.to_string(),
        (Item::Pod(p), "status.phase") => p.phase.as_str().to_string(),
        (Item::Pod(p), "status.podIP") => p.pod_ip.clone().unwrap_or_default(),
        (Item::Node(n), "spec.unschedulable") => n.unschedulable.to_string(),
        (Item::Event(e), "involvedObject.kind") => e.object_kind.clone(),
        (Item::Event(e), "involvedObject.name") => e.object_name.clone(),
        (Item::Event(e), "involvedObject.namespace") => {
            if e.object_kind == "Node" {
                String::new()
            } else {
                "default".to_string()
            }
        }
        (Item::Event(e), "reason") => e.reason.clone(),
        (Item::Event(e), "type") => e.event_type.as_str().to_string(),
        (Item::Event(e), "source") => e.source.clone(),
        _ => String::new(),
    }
}

/// A DaemonSet named as `ds/NAME`, `daemonset/NAME` or `ds NAME`.
pub(crate) fn ds_name(pos: &[String], verb: &str) -> Result<String, String> {
    let reqs = requests(pos)?;
    match reqs.as_slice() {
        [Request { kind: Kind::DaemonSet, names }] if names.len() == 1 => Ok(names[0].clone()),
        [Request { kind: Kind::DaemonSet, names }] if names.is_empty() => Err(format!(
            "error: required resource name not specified\nSee 'kubectl {verb} -h' for help and examples"
        )),
        [] => Err(format!(
            "error: required resource not specified\nSee 'kubectl {verb} -h' for help and examples"
        )),
        [Request { kind, .. }] if *kind != Kind::DaemonSet => Err(format!(
            "error: \"kubectl {verb}\" works on daemonsets in the playground (e.g. ds/frontend), not {}",
            kind.plural()
        )),
        _ => Err("error: specify exactly one daemonset, e.g. ds/frontend".to_string()),
    }
}
