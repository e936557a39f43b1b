//! Resource kinds the interpreter serves, with kubectl's names for them: the five the
//! simulator models, and every other kind of the schema the API server stores
//! ([`Kind::Object`]).

use dsp_schema::Resource;

/// A resource type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Pod,
    DaemonSet,
    Node,
    ControllerRevision,
    Event,
    /// A kind the API server stores as written (`Simulation::create_object`).
    Object(&'static Resource),
}

impl Kind {
    /// All kinds, in the order `api-resources` lists them.
    pub const ALL: [Kind; 5] = [
        Kind::Event,
        Kind::Node,
        Kind::Pod,
        Kind::ControllerRevision,
        Kind::DaemonSet,
    ];

    /// Resolve a resource type as typed (`po`, `pods`, `ds`, `daemonsets.apps`, …).
    pub fn parse(word: &str) -> Option<Kind> {
        match word.to_ascii_lowercase().as_str() {
            "po" | "pod" | "pods" => Some(Kind::Pod),
            "ds" | "daemonset" | "daemonsets" | "daemonset.apps" | "daemonsets.apps" => {
                Some(Kind::DaemonSet)
            }
            "no" | "node" | "nodes" => Some(Kind::Node),
            "controllerrevision"
            | "controllerrevisions"
            | "controllerrevision.apps"
            | "controllerrevisions.apps" => Some(Kind::ControllerRevision),
            "ev" | "event" | "events" => Some(Kind::Event),
            _ => Kind::stored(word),
        }
    }

    /// `parse`, then the kinds the cluster's CRDs define.
    pub fn parse_in(sim: &dsp_core::Simulation, word: &str) -> Option<Kind> {
        Kind::parse(word).or_else(|| sim.custom_resource_named(word).map(Kind::Object))
    }

    /// A kind of the schema the API server stores, by any of its names.
    fn stored(word: &str) -> Option<Kind> {
        let resource = dsp_schema::schema().resource_named(word)?;
        match resource.kind.as_str() {
            "Event" => Some(Kind::Event),
            _ if dsp_core::manifest::not_stored(resource).is_some() => None,
            _ => Some(Kind::Object(resource)),
        }
    }

    /// Plural resource name with group, as in API errors (`daemonsets.apps "x" not found`).
    pub fn resource(self) -> &'static str {
        match self {
            Kind::Object(r) => r.qualified_plural(),
            Kind::Pod => "pods",
            Kind::DaemonSet => "daemonsets.apps",
            Kind::Node => "nodes",
            Kind::ControllerRevision => "controllerrevisions.apps",
            Kind::Event => "events",
        }
    }

    /// Name-printer prefix (`daemonset.apps/frontend`, `pod/x`).
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Object(r) => r.qualified_singular(),
            Kind::Pod => "pod",
            Kind::DaemonSet => "daemonset.apps",
            Kind::Node => "node",
            Kind::ControllerRevision => "controllerrevision.apps",
            Kind::Event => "event",
        }
    }

    /// The Kind field (`DaemonSet`).
    pub fn kind_name(self) -> &'static str {
        match self {
            Kind::Object(r) => &r.kind,
            Kind::Pod => "Pod",
            Kind::DaemonSet => "DaemonSet",
            Kind::Node => "Node",
            Kind::ControllerRevision => "ControllerRevision",
            Kind::Event => "Event",
        }
    }

    pub fn namespaced(self) -> bool {
        match self {
            Kind::Node => false,
            Kind::Object(r) => r.namespaced,
            _ => true,
        }
    }

    /// Short names for `api-resources`.
    pub fn short_names(self) -> String {
        if let Kind::Object(r) = self {
            return r.short_names.join(",");
        }
        let short = match self {
            Kind::Pod => "po",
            Kind::DaemonSet => "ds",
            Kind::Node => "no",
            Kind::ControllerRevision => "",
            Kind::Event => "ev",
            Kind::Object(_) => "",
        };
        short.to_string()
    }

    pub fn plural(self) -> &'static str {
        match self {
            Kind::Object(r) => &r.plural,
            Kind::Pod => "pods",
            Kind::DaemonSet => "daemonsets",
            Kind::Node => "nodes",
            Kind::ControllerRevision => "controllerrevisions",
            Kind::Event => "events",
        }
    }

    pub fn api_version(self) -> &'static str {
        match self {
            Kind::Object(r) => r.api_version(),
            Kind::DaemonSet | Kind::ControllerRevision => "apps/v1",
            _ => "v1",
        }
    }
}

/// The error for a resource type the playground does not serve, naming the ones it does.
pub fn unknown_type(word: &str) -> String {
    format!(
        "error: the server doesn't have a resource type \"{word}\"\n(kubectl api-resources lists the types the playground serves)"
    )
}
