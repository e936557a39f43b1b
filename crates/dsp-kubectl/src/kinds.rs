//! Resource kinds the interpreter serves, with kubectl's names for them.

/// A resource type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Pod,
    DaemonSet,
    Node,
    ControllerRevision,
    Event,
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
            _ => None,
        }
    }

    /// Plural resource name with group, as in API errors (`daemonsets.apps "x" not found`).
    pub fn resource(self) -> &'static str {
        match self {
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
            Kind::Pod => "Pod",
            Kind::DaemonSet => "DaemonSet",
            Kind::Node => "Node",
            Kind::ControllerRevision => "ControllerRevision",
            Kind::Event => "Event",
        }
    }

    pub fn namespaced(self) -> bool {
        !matches!(self, Kind::Node)
    }

    /// Short names for `api-resources`.
    pub fn short_names(self) -> &'static str {
        match self {
            Kind::Pod => "po",
            Kind::DaemonSet => "ds",
            Kind::Node => "no",
            Kind::ControllerRevision => "",
            Kind::Event => "ev",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            Kind::Pod => "pods",
            Kind::DaemonSet => "daemonsets",
            Kind::Node => "nodes",
            Kind::ControllerRevision => "controllerrevisions",
            Kind::Event => "events",
        }
    }

    pub fn api_version(self) -> &'static str {
        match self {
            Kind::DaemonSet | Kind::ControllerRevision => "apps/v1",
            _ => "v1",
        }
    }
}

/// The error for a resource type the playground does not serve, naming the ones it does.
pub fn unknown_type(word: &str) -> String {
    format!(
        "error: the server doesn't have a resource type \"{word}\"\n(the playground serves pods (po), daemonsets (ds), nodes (no), controllerrevisions and events (ev))"
    )
}
