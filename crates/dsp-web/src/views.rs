//! View models: plain, comparable snapshots of what the page shows, built from the simulation.
//!
//! Components take these (not core types) as props, so Yew can skip every card whose snapshot
//! did not change, and the UI never re-derives Kubernetes semantics: every string here comes
//! from the core or the kubectl interpreter.

use std::rc::Rc;

/// One pod tile.
#[derive(Clone, Debug, PartialEq)]
pub struct PodView {
    pub uid: String,
    pub name: String,
    pub node: String,
    /// kubectl's STATUS column (`Running`, `ContainerCreating`, `Terminating`, …).
    pub status: String,
    /// The pod's `controller-revision-hash`.
    pub revision_hash: String,
    /// The revision number of that hash, when the revision still exists.
    pub revision: Option<i64>,
    pub owner: String,
    pub ready: bool,
    pub restarts: u32,
    pub image: String,
    /// The owning DaemonSet's mark (its letter and hue on tiles, panel and legend).
    pub mark: DsMark,
    pub phase: PhaseKind,
}

/// A DaemonSet's identity on the board: a letter and one of `DS_HUES` hues, the same on its
/// pod tiles, in the cluster panel and in the legend.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DsMark {
    pub letter: char,
    pub hue: usize,
}

/// How many hues DaemonSets cycle through (`--ds-0` … in the style sheet).
pub const DS_HUES: usize = 6;

/// Marks for DaemonSets in name order: each takes the first letter or digit of its name not
/// taken by an earlier one (so `fluentd` and `frontend` read F and R), and the next hue.
pub fn ds_marks<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<(String, DsMark)> {
    let mut taken: Vec<char> = Vec::new();
    let mut out = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        let letter = name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .chain('A'..='Z')
            .find(|c| !taken.contains(c))
            .unwrap_or('•');
        taken.push(letter);
        out.push((
            name.to_string(),
            DsMark {
                letter,
                hue: i % DS_HUES,
            },
        ));
    }
    out
}

/// A pod's phase as the board draws it: each kind has its own shape and motion, so it reads
/// without colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PhaseKind {
    /// Not yet bound or not yet pulling: an outline.
    Pending,
    /// Pulling or starting: pulsing.
    Creating,
    /// Running and Ready: solid.
    #[default]
    Running,
    /// Running but not Ready: solid with a hollow centre.
    NotReady,
    /// Being stopped: fading and shrinking.
    Terminating,
    /// ErrImagePull, ImagePullBackOff, CrashLoopBackOff, Error, Failed: hatched and marked `!`.
    Error,
    /// Completed or Succeeded: a tick.
    Done,
}

impl PhaseKind {
    /// The kind of a pod from kubectl's STATUS column and its readiness.
    pub fn of(status: &str, ready: bool) -> PhaseKind {
        match status {
            "Running" if ready => PhaseKind::Running,
            "Running" => PhaseKind::NotReady,
            "Pending" => PhaseKind::Pending,
            "ContainerCreating" | "PodInitializing" => PhaseKind::Creating,
            "Terminating" => PhaseKind::Terminating,
            "Completed" | "Succeeded" => PhaseKind::Done,
            _ if status.starts_with("Init:") => PhaseKind::Creating,
            _ => PhaseKind::Error,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            PhaseKind::Pending => "st-pending",
            PhaseKind::Creating => "st-creating",
            PhaseKind::Running => "st-running",
            PhaseKind::NotReady => "st-not-ready",
            PhaseKind::Terminating => "st-terminating",
            PhaseKind::Error => "st-error",
            PhaseKind::Done => "st-done",
        }
    }

    /// The legend's word for this kind.
    pub fn legend(self) -> &'static str {
        match self {
            PhaseKind::Pending => "Pending",
            PhaseKind::Creating => "Creating",
            PhaseKind::Running => "Running",
            PhaseKind::NotReady => "Not ready",
            PhaseKind::Terminating => "Terminating",
            PhaseKind::Error => "Error",
            PhaseKind::Done => "Completed",
        }
    }

    /// What the kind means and how it is drawn (the legend's tooltip).
    pub fn describe(self) -> &'static str {
        match self {
            PhaseKind::Pending => "Pending: not yet scheduled or started (an outline)",
            PhaseKind::Creating => "ContainerCreating: pulling the image, starting (pulsing)",
            PhaseKind::Running => "Running and Ready (solid)",
            PhaseKind::NotReady => "Running but not Ready (hollow centre)",
            PhaseKind::Terminating => "Terminating: being stopped (faded, shrunk, struck through)",
            PhaseKind::Error => {
                "ErrImagePull, ImagePullBackOff, CrashLoopBackOff, Error (hatched, marked !)"
            }
            PhaseKind::Done => "Completed (marked ✓)",
        }
    }

    /// Every kind, in the legend's order.
    pub const ALL: [PhaseKind; 7] = [
        PhaseKind::Pending,
        PhaseKind::Creating,
        PhaseKind::Running,
        PhaseKind::NotReady,
        PhaseKind::Terminating,
        PhaseKind::Error,
        PhaseKind::Done,
    ];

    /// The pod is on its way in or out, or failing: its node is "changing now".
    pub fn is_changing(self) -> bool {
        !matches!(self, PhaseKind::Running | PhaseKind::Done)
    }
}

/// One node card.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    pub name: String,
    /// kubectl's STATUS column (`Ready`, `NotReady`, `Ready,SchedulingDisabled`).
    pub status: String,
    pub labels: Vec<(String, String)>,
    /// Taints as kubectl writes them: `key=value:Effect`.
    pub taints: Vec<String>,
    pub unschedulable: bool,
    pub ready: bool,
    pub pods: Vec<Rc<PodView>>,
    /// DaemonSets whose nodeSelector (and affinity) pick this node but whose pods a taint
    /// keeps off it: (DaemonSet, the taint as kubectl writes it).
    pub excluded: Vec<(String, String)>,
}

/// One DaemonSet in the cluster panel.
#[derive(Clone, Debug, PartialEq)]
pub struct DaemonSetView {
    pub name: String,
    pub desired: i32,
    pub current: i32,
    pub ready: i32,
    pub up_to_date: i32,
    pub available: i32,
    pub node_selector: String,
    /// `spec.updateStrategy.type` (`RollingUpdate`, `OnDelete`).
    pub strategy: &'static str,
    /// The rolling update's budgets and progress; `None` with the OnDelete strategy.
    pub rolling_update: Option<RollingUpdateView>,
    pub revisions: Vec<RevisionView>,
    pub current_revision: i64,
    pub images: String,
    /// Selector key/value pairs, used to highlight matching lanes.
    pub node_selector_pairs: Vec<(String, String)>,
    pub mark: DsMark,
}

/// A RollingUpdate DaemonSet's budgets and where its rollout stands.
#[derive(Clone, Debug, PartialEq)]
pub struct RollingUpdateView {
    pub max_unavailable: i32,
    pub max_surge: i32,
    pub unavailable_now: i32,
    pub surging_now: i32,
    /// `kubectl rollout status`'s line, worded by dsp-kubectl.
    pub status_line: String,
    /// What holds the rollout back (pods not yet available, old pods left), from the core.
    pub blocked_by: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RevisionView {
    pub revision: i64,
    pub hash: String,
    pub images: String,
    pub change_cause: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EventView {
    pub seq: u64,
    /// Simulated time, formatted `HH:MM:SS`.
    pub time: String,
    pub warning: bool,
    pub reason: String,
    pub object: String,
    pub message: String,
    pub count: u32,
}

/// Nodes a lane does not show as cards, summed up.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HiddenNodes {
    pub nodes: usize,
    pub pods: usize,
    pub ready_pods: usize,
}

/// One node in the fleet view: a small cell coloured by the chosen DaemonSet's pod on it.
/// (`Eq`: comparing two `Rc`s of the same cells is then a pointer comparison.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FleetCell {
    pub name: yew::AttrValue,
    /// The chosen DaemonSet's pod here: its phase and revision colour slot.
    pub pod: Option<(PhaseKind, usize)>,
    /// A pod of any DaemonSet on this node is on its way in or out, or failing.
    pub changing: bool,
    /// The board search matches this node (always true without a search).
    pub matched: bool,
    pub ready: bool,
    pub cordoned: bool,
    /// The chosen DaemonSet's selector picks this node, but a taint keeps its pod off.
    pub excluded: bool,
}

/// The "changing now" strip shows at most this many node cards.
pub const CHANGING_SHOWN: usize = 12;

/// How the board is laid out: which nodes get a card is decided while building the views, so
/// a 5,000-node cluster costs a few hundred cards, not 5,000.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub key: String,
    pub order: Vec<String>,
    pub selected: Option<String>,
    pub lane_cap: usize,
    /// Every node as a fleet cell; cards only for the nodes changing now and the selected one.
    pub fleet: bool,
    /// The DaemonSet whose pods colour the fleet cells (`None`: the one rolling out, else the
    /// first).
    pub colour_by: Option<String>,
    /// The board search: nodes whose name, or one of whose `key=value` labels, contains it.
    pub filter: String,
}

/// Everything the page renders about the cluster, rebuilt when the simulation or the layout
/// changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClusterView {
    /// Nodes shown as cards: per lane, the first `lane_cap` in board order (and the selected
    /// one). In the fleet view, only the selected one.
    pub nodes: Vec<Rc<NodeView>>,
    /// Per lane value (`None`: no value), the nodes without a card.
    pub hidden: Vec<(Option<String>, HiddenNodes)>,
    /// The fleet view's cells per lane value, in board order.
    pub fleet: Vec<(Option<String>, Rc<Vec<FleetCell>>)>,
    /// Fleet view: the first `CHANGING_SHOWN` nodes changing now, as cards, and how many change.
    pub changing: Vec<Rc<NodeView>>,
    pub changing_total: usize,
    /// The DaemonSet the fleet cells show.
    pub colour_by: Option<String>,
    /// With a board search: how many nodes match.
    pub matches: usize,
    pub node_count: usize,
    /// Every label key on any node, sorted.
    pub label_keys: Vec<String>,
    /// The board's lanes for the layout's key, in order (`lane_order`).
    pub lane_values: Vec<Option<String>>,
    pub daemonsets: Rc<Vec<DaemonSetView>>,
    pub events: Rc<Vec<EventView>>,
    /// Everything else the API server stores, by kind (the cluster panel's list).
    pub stored: Rc<Vec<StoredGroup>>,
}

/// The objects of one kind the API server stores without simulating them.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredGroup {
    /// `Namespaces`, `ConfigMaps`, `MeshPolicies (mesh.example.org)`.
    pub title: String,
    pub count: usize,
    /// The first names (`namespace/name` for namespaced kinds), at most [`STORED_NAMES_SHOWN`].
    pub names: Vec<String>,
    /// For workload kinds no controller runs here.
    pub note: Option<String>,
}

/// Names listed per kind in the cluster panel; the rest are counted.
pub const STORED_NAMES_SHOWN: usize = 8;

/// The stored objects by kind: namespaces first, then by kind name.
pub fn stored_groups(sim: &dsp_core::Simulation) -> Rc<Vec<StoredGroup>> {
    let mut groups: Vec<(String, StoredGroup)> = Vec::new();
    for o in sim.all_objects() {
        let r = o.resource;
        let key = r.qualified_plural().to_string();
        let pos = match groups.iter().position(|(k, _)| *k == key) {
            Some(p) => p,
            None => {
                let mut title = plural_title(&r.kind);
                if dsp_core::sim::is_custom(r) {
                    title = format!("{title} ({})", r.group);
                }
                let note = matches!(
                    r.kind.as_str(),
                    "Deployment"
                        | "ReplicaSet"
                        | "StatefulSet"
                        | "Job"
                        | "CronJob"
                        | "ReplicationController"
                )
                .then(|| "stored only: no controller runs them here".to_string());
                groups.push((
                    key,
                    StoredGroup {
                        title,
                        count: 0,
                        names: Vec::new(),
                        note,
                    },
                ));
                groups.len() - 1
            }
        };
        let g = &mut groups[pos].1;
        g.count += 1;
        if g.names.len() < STORED_NAMES_SHOWN {
            let mut name = if o.namespace().is_empty() {
                o.name().to_string()
            } else {
                format!("{}/{}", o.namespace(), o.name())
            };
            if o.terminating() {
                name.push_str(" (terminating)");
            }
            g.names.push(name);
        }
    }
    groups.sort_by(|(ka, a), (kb, b)| {
        (ka != "namespaces", &a.title).cmp(&(kb != "namespaces", &b.title))
    });
    Rc::new(groups.into_iter().map(|(_, g)| g).collect())
}

/// `ConfigMap` → `ConfigMaps`, `NetworkPolicy` → `NetworkPolicies`, `Endpoints` as is.
fn plural_title(kind: &str) -> String {
    if kind.ends_with('s') {
        kind.to_string()
    } else if let Some(stem) = kind.strip_suffix('y') {
        format!("{stem}ies")
    } else {
        format!("{kind}s")
    }
}

impl ClusterView {
    /// The card of this node, if one was built (a lane card, a changing-now card or the
    /// selected node's).
    pub fn node(&self, name: &str) -> Option<&Rc<NodeView>> {
        self.nodes
            .iter()
            .chain(&self.changing)
            .find(|n| n.name == name)
    }
}

/// The board search matches a node by name or by a `key=value` label, ignoring case.
pub fn node_matches(node: &dsp_core::model::Node, filter: &str) -> bool {
    let needle = filter.trim().to_ascii_lowercase();
    if needle.is_empty() {
        return true;
    }
    let has = |text: &str| text.to_ascii_lowercase().contains(&needle);
    has(&node.name) || node.labels.iter().any(|(k, v)| has(&format!("{k}={v}")))
}

/// Formats simulated milliseconds as a wall-clock-like `HH:MM:SS` (days are added as `Nd `).
pub fn clock_text(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    let total = ms.unsigned_abs() / 1000;
    let (d, h, m, s) = (
        total / 86_400,
        total / 3600 % 24,
        total / 60 % 60,
        total % 60,
    );
    if d > 0 {
        format!("{sign}{d}d {h:02}:{m:02}:{s:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{s:02}")
    }
}

/// Orders names the way people count: `node-2` before `node-10`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    while !x.is_empty() && !y.is_empty() {
        if x[0].is_ascii_digit() && y[0].is_ascii_digit() {
            let dx = x.iter().take_while(|c| c.is_ascii_digit()).count();
            let dy = y.iter().take_while(|c| c.is_ascii_digit()).count();
            let (nx, ny) = (&x[..dx], &y[..dy]);
            let significant =
                |d: &[u8]| d.iter().position(|c| *c != b'0').map_or(0, |i| d.len() - i);
            let (sx, sy) = (significant(nx), significant(ny));
            let ord = sx
                .cmp(&sy)
                .then_with(|| nx[nx.len() - sx..].cmp(&ny[ny.len() - sy..]));
            if ord != std::cmp::Ordering::Equal {
                return ord;
            }
            (x, y) = (&x[dx..], &y[dy..]);
        } else {
            if x[0] != y[0] {
                return x[0].cmp(&y[0]);
            }
            (x, y) = (&x[1..], &y[1..]);
        }
    }
    x.len().cmp(&y.len()).then_with(|| a.cmp(b))
}

/// A stable colour slot (0..8) for a revision number, so a rolling update reads as a wave.
pub fn revision_slot(revision: Option<i64>) -> usize {
    match revision {
        Some(r) if r > 0 => ((r - 1) % 8) as usize,
        _ => 8,
    }
}

/// Which of a DaemonSet's pods on one node its fleet cell shows: the most telling.
fn cell_priority(kind: PhaseKind) -> u8 {
    match kind {
        PhaseKind::Error => 6,
        PhaseKind::Creating => 5,
        PhaseKind::Pending => 4,
        PhaseKind::NotReady => 3,
        PhaseKind::Running => 2,
        PhaseKind::Terminating => 1,
        PhaseKind::Done => 0,
    }
}

/// The event stream shows the newest this many events (`kubectl get events` has them all). A
/// rollout wave of 500 pods brings more new events than this at once, so each row added here
/// is DOM work in that frame: 60 rows keep a 5,000-node rollout at 60× from dropping frames.
pub const EVENTS_SHOWN: usize = 60;

/// Builds the page's snapshot of the cluster from scratch (what a fresh `ViewCache` does): the
/// reference the kept views are tested against.
#[cfg(test)]
pub fn build(
    sim: &dsp_core::Simulation,
    layout: &Layout,
    events: Option<Rc<Vec<EventView>>>,
) -> ClusterView {
    ViewCache::default().update(sim, layout, events)
}

/// What a cache's views were built for: when any of it changes, the cache starts over.
#[derive(Clone, Debug, PartialEq)]
struct Basis {
    key: String,
    order: Vec<String>,
    lane_cap: usize,
    fleet: bool,
    filter: String,
    colour_by: Option<String>,
    node_set: u64,
    /// Every revision as (DaemonSet, hash, number), and the DaemonSets (their marks follow
    /// their names): a rollback renumbers a revision, and every pod of it is drawn again.
    revisions: Vec<(String, String, i64)>,
    daemonsets: Vec<String>,
}

/// One node as the cache keeps it.
#[derive(Clone, Debug)]
struct NodeEntry {
    lane: Option<String>,
    label_keys: Vec<String>,
    cell: FleetCell,
    /// Its pods (bound to it, or Pending and aimed at it), by name.
    pods: Vec<String>,
    ready_pods: usize,
    /// Its card, built the first time it is shown after a change.
    card: Option<Rc<NodeView>>,
}

/// The page's view models, kept between updates. The first update builds every node; after
/// that only the nodes in the simulation's change set (`Simulation::nodes_changed_since`) are
/// built again, a moved node is re-sorted into its new lane alone, and only the lanes whose
/// nodes changed get new cells. What the whole board depends on (the layout, the set of
/// nodes, the revisions) is the `Basis`: a change there starts over.
#[derive(Default)]
pub struct ViewCache {
    basis: Option<Basis>,
    synced: u64,
    nodes: HashMap<String, NodeEntry>,
    /// Per lane value, its nodes in board order.
    lanes: BTreeMap<Option<String>, Vec<String>>,
    cells: BTreeMap<Option<String>, Rc<Vec<FleetCell>>>,
    /// How many nodes carry each label key.
    label_keys: BTreeMap<String, usize>,
    revision_of: HashMap<(String, String), i64>,
    marks: HashMap<String, DsMark>,
}

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use dsp_core::placement::excluding_taint;

impl ViewCache {
    /// The views of `sim` for `layout`, rebuilding only what changed since the last update.
    /// `events`: an event stream to keep instead of building it again (the page redraws the
    /// stream less often than the board while the clock runs).
    pub fn update(
        &mut self,
        sim: &dsp_core::Simulation,
        layout: &Layout,
        events: Option<Rc<Vec<EventView>>>,
    ) -> ClusterView {
        let basis = Basis {
            key: layout.key.clone(),
            order: layout.order.clone(),
            lane_cap: layout.lane_cap,
            fleet: layout.fleet,
            filter: layout.filter.clone(),
            colour_by: colour_by(sim, layout),
            node_set: sim.node_set_version(),
            revisions: sim
                .revisions()
                .map(|r| (r.owner_ds.clone(), r.hash.clone(), r.revision))
                .collect(),
            daemonsets: sim.daemonsets().map(|d| d.name.clone()).collect(),
        };
        let changed: Vec<&dsp_core::model::Node> = if self.basis.as_ref() == Some(&basis) {
            sim.nodes_changed_since(self.synced).collect()
        } else {
            self.start_over(&basis);
            sim.nodes().collect()
        };
        self.synced = sim.resource_version();
        if !changed.is_empty() {
            self.rebuild_nodes(sim, &basis, &changed);
        }
        let view = self.assemble(sim, &basis, layout, events);
        self.basis = Some(basis);
        view
    }

    fn start_over(&mut self, basis: &Basis) {
        self.nodes.clear();
        self.lanes.clear();
        self.cells.clear();
        self.label_keys.clear();
        self.revision_of = basis
            .revisions
            .iter()
            .map(|(ds, hash, n)| ((ds.clone(), hash.clone()), *n))
            .collect();
        self.marks = ds_marks(basis.daemonsets.iter().map(String::as_str))
            .into_iter()
            .collect();
    }

    /// Builds the entries of these nodes again and puts each in its lane.
    fn rebuild_nodes(
        &mut self,
        sim: &dsp_core::Simulation,
        basis: &Basis,
        changed: &[&dsp_core::model::Node],
    ) {
        // One pass over the pods, keeping those of the changed nodes.
        let wanted: HashSet<&str> = changed.iter().map(|n| n.name.as_str()).collect();
        let mut by_node: HashMap<&str, Vec<&dsp_core::model::Pod>> = HashMap::new();
        for p in sim.pods() {
            if let Some(node) = p.assigned_node().filter(|n| wanted.contains(n)) {
                by_node.entry(node).or_default().push(p);
            }
        }
        let position: HashMap<&str, usize> = basis
            .order
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let board_cmp = |a: &str, b: &str| {
            let pos = |n: &str| position.get(n).copied().unwrap_or(usize::MAX);
            pos(a).cmp(&pos(b)).then_with(|| natural_cmp(a, b))
        };
        let starting = self.nodes.is_empty();
        let mut dirty: BTreeSet<Option<String>> = BTreeSet::new();
        for n in changed {
            let pods = by_node.remove(n.name.as_str()).unwrap_or_default();
            let entry = self.entry(sim, n, &pods, basis);
            let old = self.nodes.remove(&n.name);
            if let Some(old) = &old {
                for k in &old.label_keys {
                    if let Some(c) = self.label_keys.get_mut(k) {
                        *c -= 1;
                        if *c == 0 {
                            self.label_keys.remove(k);
                        }
                    }
                }
            }
            for k in &entry.label_keys {
                *self.label_keys.entry(k.clone()).or_default() += 1;
            }
            dirty.insert(entry.lane.clone());
            match old.map(|o| o.lane) {
                Some(lane) if lane == entry.lane => {}
                previous => {
                    if let Some(lane) = previous {
                        if let Some(members) = self.lanes.get_mut(&lane) {
                            members.retain(|m| *m != n.name);
                        }
                        dirty.insert(lane);
                    }
                    let members = self.lanes.entry(entry.lane.clone()).or_default();
                    if starting {
                        members.push(n.name.clone());
                    } else {
                        let at = members.partition_point(|m| board_cmp(m, &n.name).is_lt());
                        members.insert(at, n.name.clone());
                    }
                }
            }
            self.nodes.insert(n.name.clone(), entry);
        }
        if starting {
            for members in self.lanes.values_mut() {
                members.sort_by(|a, b| board_cmp(a, b));
            }
        }
        self.lanes.retain(|_, members| !members.is_empty());
        for lane in dirty {
            match self.lanes.get(&lane) {
                Some(members) => {
                    let cells = members
                        .iter()
                        .filter_map(|m| self.nodes.get(m).map(|e| e.cell.clone()))
                        .collect();
                    self.cells.insert(lane, Rc::new(cells));
                }
                None => {
                    self.cells.remove(&lane);
                }
            }
        }
    }

    /// A node's entry: its lane, its fleet cell (the chosen DaemonSet's most telling pod), and
    /// its pods.
    fn entry(
        &self,
        sim: &dsp_core::Simulation,
        n: &dsp_core::model::Node,
        pods: &[&dsp_core::model::Pod],
        basis: &Basis,
    ) -> NodeEntry {
        let mut changing = false;
        let mut shown: Option<(&dsp_core::model::Pod, PhaseKind)> = None;
        for p in pods {
            // Each pod's STATUS once: it is the costly part of building a node.
            let kind = PhaseKind::of(&p.kubectl_status(), p.ready);
            changing |= kind.is_changing();
            // The chosen DaemonSet's pod that says most about the node: a failing or a new one
            // over the old one it replaces.
            let ours = p.owner.as_ref().map(|o| &o.name) == basis.colour_by.as_ref();
            if ours && shown.is_none_or(|(_, k)| cell_priority(kind) > cell_priority(k)) {
                shown = Some((p, kind));
            }
        }
        let pod = shown.map(|(p, k)| (k, revision_slot(self.revision(p))));
        let searching = !basis.filter.trim().is_empty();
        NodeEntry {
            lane: n.labels.get(&basis.key).cloned(),
            label_keys: n.labels.keys().cloned().collect(),
            cell: FleetCell {
                name: n.name.clone().into(),
                pod,
                changing,
                matched: !searching || node_matches(n, &basis.filter),
                ready: matches!(n.ready, dsp_core::model::NodeReady::True),
                cordoned: n.unschedulable,
                excluded: basis
                    .colour_by
                    .as_deref()
                    .and_then(|d| sim.daemonset(d))
                    .is_some_and(|d| excluding_taint(&d.template, n).is_some()),
            },
            pods: pods.iter().map(|p| p.name.clone()).collect(),
            ready_pods: pods.iter().filter(|p| p.ready).count(),
            card: None,
        }
    }

    fn revision(&self, p: &dsp_core::model::Pod) -> Option<i64> {
        let owner = p.owner.as_ref()?.name.clone();
        let hash = p.revision_hash()?.to_string();
        self.revision_of.get(&(owner, hash)).copied()
    }

    /// The card of a node, built when missing.
    fn card(&mut self, sim: &dsp_core::Simulation, name: &str) -> Option<Rc<NodeView>> {
        let entry = self.nodes.get(name)?;
        if let Some(card) = &entry.card {
            return Some(card.clone());
        }
        let n = sim.node(name)?;
        let pods = entry
            .pods
            .iter()
            .filter_map(|p| sim.pod(p))
            .map(|p| Rc::new(self.pod_view(p, name)))
            .collect();
        let card = Rc::new(NodeView {
            name: n.name.clone(),
            status: n.kubectl_status(),
            labels: n
                .labels
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            taints: n.taints.iter().map(|t| t.to_string()).collect(),
            unschedulable: n.unschedulable,
            ready: matches!(n.ready, dsp_core::model::NodeReady::True),
            pods,
            excluded: sim
                .daemonsets()
                .filter_map(|d| {
                    Some((d.name.clone(), excluding_taint(&d.template, n)?.to_string()))
                })
                .collect(),
        });
        if let Some(entry) = self.nodes.get_mut(name) {
            entry.card = Some(card.clone());
        }
        Some(card)
    }

    fn pod_view(&self, p: &dsp_core::model::Pod, node: &str) -> PodView {
        let owner = p.owner.as_ref().map_or(String::new(), |o| o.name.clone());
        let status = p.kubectl_status();
        PodView {
            uid: p.uid.clone(),
            name: p.name.clone(),
            node: node.to_string(),
            phase: PhaseKind::of(&status, p.ready),
            status,
            revision: self.revision(p),
            revision_hash: p.revision_hash().unwrap_or_default().to_string(),
            mark: self.marks.get(&owner).copied().unwrap_or_default(),
            owner,
            ready: p.ready,
            restarts: p.restarts(),
            image: p
                .containers
                .iter()
                .map(|c| c.image.as_str())
                .collect::<Vec<_>>()
                .join(","),
        }
    }

    /// The snapshot from the entries: cards, lane summaries, cells, the changing-now strip.
    fn assemble(
        &mut self,
        sim: &dsp_core::Simulation,
        basis: &Basis,
        layout: &Layout,
        events: Option<Rc<Vec<EventView>>>,
    ) -> ClusterView {
        let searching = !basis.filter.trim().is_empty();
        let mut cards: Vec<String> = Vec::new();
        let mut hidden = Vec::new();
        let mut fleet = Vec::new();
        let mut changing: Vec<String> = Vec::new();
        let mut changing_total = 0;
        let mut matches = 0;
        for (value, members) in &self.lanes {
            let mut summary = HiddenNodes::default();
            let mut shown_here = 0;
            for name in members {
                let Some(e) = self.nodes.get(name) else {
                    continue;
                };
                let matched = e.cell.matched;
                if searching && matched {
                    matches += 1;
                }
                let selected = layout.selected.as_deref() == Some(name.as_str());
                if basis.fleet {
                    if e.cell.changing {
                        changing_total += 1;
                        if changing.len() < CHANGING_SHOWN {
                            changing.push(name.clone());
                        }
                    }
                    if selected {
                        cards.push(name.clone());
                    }
                } else if selected || (matched && shown_here < basis.lane_cap) {
                    shown_here += usize::from(!selected);
                    cards.push(name.clone());
                } else {
                    summary.nodes += 1;
                    summary.pods += e.pods.len();
                    summary.ready_pods += e.ready_pods;
                }
            }
            if summary.nodes > 0 {
                hidden.push((value.clone(), summary));
            }
            if basis.fleet {
                let cells = self.cells.get(value).cloned().unwrap_or_default();
                fleet.push((value.clone(), cells));
            }
        }
        let nodes = cards.iter().filter_map(|n| self.card(sim, n)).collect();
        let changing = changing.iter().filter_map(|n| self.card(sim, n)).collect();
        ClusterView {
            nodes,
            hidden,
            fleet,
            changing,
            changing_total,
            colour_by: basis.colour_by.clone(),
            matches,
            node_count: sim.node_count(),
            label_keys: self.label_keys.keys().cloned().collect(),
            lane_values: lane_order(
                sim,
                &basis.key,
                self.lanes.keys().filter_map(|v| v.as_deref()),
            ),
            daemonsets: Rc::new(daemonset_views(sim, &self.marks)),
            events: events.unwrap_or_else(|| self::events(sim)),
            stored: stored_groups(sim),
        }
    }
}

/// The board's lanes for a label key, in order: the values DaemonSets select on, then the
/// other values nodes carry (`on_nodes`, sorted), then `None` (no value).
pub fn lane_order<'a>(
    sim: &dsp_core::Simulation,
    key: &str,
    on_nodes: impl IntoIterator<Item = &'a str>,
) -> Vec<Option<String>> {
    let mut values: Vec<String> = Vec::new();
    for ds in sim.daemonsets() {
        if let Some(v) = ds.template.node_selector.get(key) {
            if !values.contains(v) {
                values.push(v.clone());
            }
        }
    }
    for v in on_nodes {
        if !values.iter().any(|x| x == v) {
            values.push(v.to_string());
        }
    }
    let mut out: Vec<Option<String>> = values.into_iter().map(Some).collect();
    out.push(None);
    out
}

/// The DaemonSet the fleet cells show: the chosen one, else the one rolling out, else the first.
fn colour_by(sim: &dsp_core::Simulation, layout: &Layout) -> Option<String> {
    layout
        .colour_by
        .as_deref()
        .filter(|name| sim.daemonset(name).is_some())
        .map(str::to_string)
        .or_else(|| {
            sim.daemonsets()
                .find(|d| d.status.updated_number_scheduled < d.status.desired_number_scheduled)
                .or_else(|| sim.daemonsets().next())
                .map(|d| d.name.clone())
        })
}

/// The cluster panel's DaemonSets.
fn daemonset_views(
    sim: &dsp_core::Simulation,
    marks: &HashMap<String, DsMark>,
) -> Vec<DaemonSetView> {
    use dsp_core::model::UpdateStrategy;
    sim.daemonsets()
        .map(|ds| {
            let s = &ds.status;
            let progress = sim.rollout_progress(&ds.name);
            let (max_surge, max_unavailable) =
                ds.update_strategy.budgets(s.desired_number_scheduled);
            let revisions: Vec<RevisionView> = sim
                .revisions_of(&ds.name)
                .into_iter()
                .map(|r| RevisionView {
                    revision: r.revision,
                    hash: r.hash.clone(),
                    images: r
                        .template
                        .containers
                        .iter()
                        .map(|c| c.image.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                    change_cause: r
                        .annotations
                        .get("kubernetes.io/change-cause")
                        .cloned()
                        .unwrap_or_default(),
                })
                .collect();
            DaemonSetView {
                name: ds.name.clone(),
                desired: s.desired_number_scheduled,
                current: s.current_number_scheduled,
                ready: s.number_ready,
                up_to_date: s.updated_number_scheduled,
                available: s.number_available,
                node_selector: if ds.template.node_selector.is_empty() {
                    "<none>".to_string()
                } else {
                    ds.template
                        .node_selector
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(",")
                },
                strategy: ds.update_strategy.type_name(),
                rolling_update: match ds.update_strategy {
                    UpdateStrategy::OnDelete => None,
                    UpdateStrategy::RollingUpdate { .. } => Some(RollingUpdateView {
                        max_unavailable,
                        max_surge,
                        unavailable_now: progress.as_ref().map_or(0, |p| p.unavailable),
                        surging_now: progress.as_ref().map_or(0, |p| p.surging),
                        status_line: dsp_kubectl::format::rollout_status_line(
                            &ds.name,
                            ds.rollout_status(),
                        ),
                        blocked_by: progress.map(|p| p.blocked_by).unwrap_or_default(),
                    }),
                },
                current_revision: revisions.iter().map(|r| r.revision).max().unwrap_or(0),
                revisions,
                images: ds.images(),
                node_selector_pairs: ds
                    .template
                    .node_selector
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                mark: marks.get(&ds.name).copied().unwrap_or_default(),
            }
        })
        .collect()
}

/// The event stream: the newest `EVENTS_SHOWN` events, oldest first.
pub fn events(sim: &dsp_core::Simulation) -> Rc<Vec<EventView>> {
    // The newest by last occurrence: an event that counts again (a crash loop's back-off, the
    // combined event of a large rollout) comes back to the top. One pass keeping the best few
    // in order; almost every event is turned away by one comparison with the oldest kept.
    let newest = |e: &dsp_core::model::Event| (e.last_seen, e.uid_seq);
    let mut events: Vec<&dsp_core::model::Event> = Vec::with_capacity(EVENTS_SHOWN + 1);
    for e in sim.events() {
        if events.len() == EVENTS_SHOWN && events.first().is_some_and(|o| newest(o) > newest(e)) {
            continue;
        }
        let at = events.partition_point(|o| newest(o) < newest(e));
        events.insert(at, e);
        if events.len() > EVENTS_SHOWN {
            events.remove(0);
        }
    }
    let events = events
        .into_iter()
        .map(|e| EventView {
            seq: e.uid_seq,
            time: clock_text(e.last_seen.0),
            warning: matches!(e.event_type, dsp_core::model::EventType::Warning),
            reason: e.reason.clone(),
            object: format!("{}/{}", e.object_kind.to_lowercase(), e.object_name),
            message: e.message.clone(),
            count: e.count,
        })
        .collect();
    Rc::new(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_text_pads_hours_minutes_and_seconds() {
        assert_eq!(clock_text(0), "00:00:00");
        assert_eq!(clock_text(61_500), "00:01:01");
        assert_eq!(clock_text(3_600_000 * 26 + 5_000), "1d 02:00:05");
        assert_eq!(clock_text(-2_000), "-00:00:02");
    }

    #[test]
    fn names_sort_the_way_people_count() {
        let mut names = vec![
            "node-10",
            "node-2",
            "node-1",
            "edge-100",
            "edge-9",
            "10.0.10.7",
            "10.0.10.5",
            "a01",
            "a1",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "10.0.10.5",
                "10.0.10.7",
                "a01",
                "a1",
                "edge-9",
                "edge-100",
                "node-1",
                "node-2",
                "node-10"
            ]
        );
    }

    #[test]
    fn each_daemonset_gets_its_own_letter_and_the_next_hue() {
        let marks = ds_marks(["fluentd", "frontend", "f", "node-exporter"]);
        let letters: Vec<char> = marks.iter().map(|(_, m)| m.letter).collect();
        assert_eq!(letters, ['F', 'R', 'A', 'N']);
        let hues: Vec<usize> = marks.iter().map(|(_, m)| m.hue).collect();
        assert_eq!(hues, [0, 1, 2, 3]);
        let many = ds_marks((0..8).map(|i| ["a", "b"][i % 2]));
        assert_eq!(many[6].1.hue, 0, "hues cycle past DS_HUES");
    }

    #[test]
    fn a_phase_kind_for_every_kubectl_status() {
        for (status, ready, kind) in [
            ("Running", true, PhaseKind::Running),
            ("Running", false, PhaseKind::NotReady),
            ("Pending", false, PhaseKind::Pending),
            ("ContainerCreating", false, PhaseKind::Creating),
            ("Init:0/1", false, PhaseKind::Creating),
            ("Terminating", true, PhaseKind::Terminating),
            ("CrashLoopBackOff", false, PhaseKind::Error),
            ("ImagePullBackOff", false, PhaseKind::Error),
            ("ErrImagePull", false, PhaseKind::Error),
            ("Error", false, PhaseKind::Error),
            ("Completed", false, PhaseKind::Done),
        ] {
            assert_eq!(PhaseKind::of(status, ready), kind, "{status}");
        }
        let classes: std::collections::BTreeSet<_> =
            PhaseKind::ALL.iter().map(|k| k.class()).collect();
        assert_eq!(classes.len(), PhaseKind::ALL.len(), "one look per kind");
    }

    #[test]
    fn revision_slots_cycle_and_unknown_gets_its_own() {
        assert_eq!(revision_slot(Some(1)), 0);
        assert_eq!(revision_slot(Some(9)), 0);
        assert_eq!(revision_slot(Some(3)), 2);
        assert_eq!(revision_slot(None), 8);
    }

    #[test]
    fn the_event_stream_shows_an_event_that_counts_again_as_newest() {
        use crate::state::{update, AppState, Msg};
        let mut s = AppState::new(3);
        s.ui.playing = false;
        let type_line = |s: &mut AppState, line: &str| {
            update(s, Msg::TerminalInput(line.into()));
            update(s, Msg::TerminalSubmit);
        };
        // Twelve pods in one sync: nine single events, then one combined event counting three.
        type_line(
            &mut s,
            "sim add-nodes 12 --prefix w- --label app=frontend-node",
        );
        update(&mut s, Msg::Apply);
        type_line(&mut s, "sleep 1m");
        // A later creation counts on the combined event, after the kubelets' events.
        type_line(&mut s, "kubectl label node 10.0.10.5 app=frontend-node");
        let layout = Layout {
            key: "app".into(),
            order: Vec::new(),
            selected: None,
            lane_cap: 120,
            ..Layout::default()
        };
        let view = build(&s.sim, &layout, None);
        let newest = view.events.last().expect("events");
        assert!(
            newest
                .message
                .starts_with("(combined from similar events): Created pod: "),
            "{newest:?}"
        );
        assert_eq!(newest.count, 4);
        // Exactly the newest EVENTS_SHOWN, oldest first, as a full sort would pick them.
        let mut all: Vec<(dsp_core::time::SimTime, u64)> = s
            .sim
            .events()
            .iter()
            .map(|e| (e.last_seen, e.uid_seq))
            .collect();
        all.sort();
        assert!(all.len() > EVENTS_SHOWN, "{} events", all.len());
        let expected: Vec<u64> = all[all.len() - EVENTS_SHOWN..]
            .iter()
            .map(|k| k.1)
            .collect();
        let shown: Vec<u64> = view.events.iter().map(|e| e.seq).collect();
        assert_eq!(shown, expected);
    }

    #[test]
    fn stored_objects_are_grouped_by_kind_with_namespaces_first() {
        let mut sim = dsp_core::Simulation::new(1);
        let schema = dsp_schema::schema();
        let ns = schema.resource("v1", "Namespace").expect("namespaces");
        sim.create_object(
            ns,
            serde_json::json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a"}}),
        )
        .expect("namespace");
        let deploy = schema
            .resource("apps/v1", "Deployment")
            .expect("deployments");
        sim.create_object(
            deploy,
            serde_json::json!({
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": "web", "namespace": "team-a"},
                "spec": {
                    "selector": {"matchLabels": {"app": "web"}},
                    "template": {
                        "metadata": {"labels": {"app": "web"}},
                        "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]},
                    },
                },
            }),
        )
        .expect("deployment");
        let groups = stored_groups(&sim);
        let titles: Vec<&str> = groups.iter().map(|g| g.title.as_str()).collect();
        assert_eq!(titles, ["Namespaces", "Deployments", "Services"]);
        assert_eq!(groups[0].count, 5);
        assert_eq!(groups[0].names[4], "team-a");
        assert_eq!(groups[1].names, ["team-a/web"]);
        assert!(groups[1].note.is_some());
        assert_eq!(groups[2].names, ["default/kubernetes"]);
        sim.delete_object("namespaces", "", "team-a")
            .expect("delete");
        let groups = stored_groups(&sim);
        assert_eq!(groups[0].names[4], "team-a (terminating)");
    }
}
