//! The node board: nodes grouped in lanes by one label key; drag a card (or a fleet cell) to
//! relabel it. Small clusters are drawn as cards; past `FLEET_AUTO_NODES` nodes (or on request)
//! every node is a cell of the fleet view, coloured by one DaemonSet's pod on it, with the
//! nodes changing now as cards above the lanes.

use std::rc::Rc;

use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::fleet::Fleet;
use super::node_card::NodeCard;
use super::pointer::drag_handlers;
use crate::drag::{DragItem, DragState, DropTarget};
use crate::state::{effective_lane_key, lane_values, AppState, BoardMode, Msg, Theme};
use crate::views::{
    revision_slot, ClusterView, DsMark, FleetCell, HiddenNodes, Layout, NodeView, PhaseKind,
};

/// A lane shows at most this many cards; the rest are summarised, so 5,000 nodes stay light.
pub const LANE_CARD_CAP: usize = 120;

#[derive(Clone, Debug, PartialEq)]
pub struct LaneView {
    pub key: String,
    pub value: Option<String>,
    /// A DaemonSet's nodeSelector selects this lane's label.
    pub selected_by: Vec<String>,
    pub nodes: Vec<Rc<NodeView>>,
    /// The lane's nodes beyond the card cap, summed up.
    pub hidden: HiddenNodes,
    /// The fleet view's cells.
    pub cells: Rc<Vec<FleetCell>>,
}

/// A DaemonSet as the legend and the fleet's colour picker name it.
#[derive(Clone, Debug, PartialEq)]
pub struct DsLegend {
    pub name: String,
    pub mark: DsMark,
    /// Its revisions, oldest first.
    pub revisions: Vec<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BoardView {
    pub key: String,
    pub key_is_auto: bool,
    pub keys: Vec<String>,
    pub lanes: Vec<LaneView>,
    pub palette: Vec<(String, String)>,
    pub selected: Option<String>,
    pub selected_pod: Option<String>,
    pub dragging: Option<DragItem>,
    pub drag_offset: (f64, f64),
    pub over: Option<DropTarget>,
    pub node_count: usize,
    pub mode: BoardMode,
    pub fleet: bool,
    pub daemonsets: Vec<DsLegend>,
    pub colour_by: Option<String>,
    pub changing: Vec<Rc<NodeView>>,
    pub changing_total: usize,
    pub filter: String,
    pub matches: usize,
    /// The chosen theme (the fleet's canvas draws in its colours).
    pub theme: Theme,
}

/// The layout the views are built for: lane key, board order, selected node, lane cap, the
/// fleet view and its DaemonSet, the search.
pub fn layout(state: &AppState) -> Layout {
    Layout {
        key: effective_lane_key(state),
        order: state.ui.node_order.clone(),
        selected: state.ui.selected_node.clone(),
        lane_cap: LANE_CARD_CAP,
        fleet: state.ui.board_mode.is_fleet(state.sim.node_count()),
        colour_by: state.ui.fleet_ds.clone(),
        filter: state.ui.node_filter.clone(),
    }
}

/// Builds the board from the state and the cluster snapshot (built for `layout(state)`). Pure.
pub fn board_view(state: &AppState, cluster: &ClusterView) -> BoardView {
    let key = effective_lane_key(state);
    let mut keys = cluster.label_keys.clone();
    if !keys.contains(&key) {
        keys.push(key.clone());
        keys.sort();
    }
    let fleet = state.ui.board_mode.is_fleet(cluster.node_count);
    // The views were built for this key (`layout`), so their lanes are the board's (an empty
    // list: views not built yet).
    let values = if cluster.lane_values.is_empty() {
        lane_values(state, &key)
    } else {
        cluster.lane_values.clone()
    };
    let mut lanes: Vec<LaneView> = values
        .into_iter()
        .map(|value| {
            let selected_by = cluster
                .daemonsets
                .iter()
                .filter(|ds| match &value {
                    Some(v) => ds
                        .node_selector_pairs
                        .iter()
                        .any(|(k, sv)| *k == key && sv == v),
                    None => false,
                })
                .map(|ds| ds.name.clone())
                .collect();
            let hidden = cluster
                .hidden
                .iter()
                .find(|(v, _)| *v == value)
                .map(|(_, h)| h.clone())
                .unwrap_or_default();
            let cells = cluster
                .fleet
                .iter()
                .find(|(v, _)| *v == value)
                .map(|(_, c)| c.clone())
                .unwrap_or_default();
            LaneView {
                key: key.clone(),
                value,
                selected_by,
                nodes: Vec::new(),
                hidden,
                cells,
            }
        })
        .collect();
    if !fleet {
        for node in &cluster.nodes {
            let value = node
                .labels
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone());
            if let Some(lane) = lanes.iter_mut().find(|l| l.value == value) {
                lane.nodes.push(node.clone());
            }
        }
    }
    let mut palette: Vec<(String, String)> = cluster
        .daemonsets
        .iter()
        .flat_map(|ds| ds.node_selector_pairs.iter().cloned())
        .collect();
    palette.sort();
    palette.dedup();
    let (dragging, over) = match &state.ui.drag {
        DragState::Dragging { item, over, .. } => (Some(item.clone()), over.clone()),
        _ => (None, None),
    };
    BoardView {
        key,
        key_is_auto: state.ui.lane_key.is_none(),
        keys,
        lanes,
        palette,
        selected: state.ui.selected_node.clone(),
        selected_pod: state.ui.selected_pod.clone(),
        dragging,
        drag_offset: state.ui.drag.offset(),
        over,
        node_count: cluster.node_count,
        mode: state.ui.board_mode,
        fleet,
        daemonsets: cluster
            .daemonsets
            .iter()
            .map(|d| DsLegend {
                name: d.name.clone(),
                mark: d.mark,
                revisions: d.revisions.iter().map(|r| r.revision).collect(),
            })
            .collect(),
        colour_by: cluster.colour_by.clone(),
        changing: if fleet {
            cluster.changing.clone()
        } else {
            Vec::new()
        },
        changing_total: cluster.changing_total,
        filter: state.ui.node_filter.clone(),
        matches: cluster.matches,
        theme: state.ui.theme,
    }
}

#[derive(Properties, PartialEq)]
pub struct BoardProps {
    pub view: Rc<BoardView>,
    pub on_msg: Callback<Msg>,
}

#[function_component(Board)]
pub fn board(props: &BoardProps) -> Html {
    let v = &props.view;
    let on_msg = props.on_msg.clone();
    let on_key_change = {
        let on_msg = on_msg.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            on_msg.emit(Msg::SetLaneKey(if value.is_empty() {
                None
            } else {
                Some(value)
            }));
        })
    };
    let add = |count: u32| {
        let on_msg = on_msg.clone();
        Callback::from(move |_| on_msg.emit(Msg::AddNodes(count)))
    };
    html! {
        <section class={classes!("board", v.fleet.then_some("fleet-mode"))}
            aria-label="Node board" data-drop="board">
            <div class="board-toolbar">
                <label class="field">
                    <span>{ "Lanes by label" }</span>
                    <select data-testid="lane-key" onchange={on_key_change} aria-label="Group nodes into lanes by this label key">
                        <option value="" selected={v.key_is_auto}>{ format!("auto ({})", v.key) }</option>
                        { for v.keys.iter().map(|k| html! {
                            <option value={k.clone()} selected={!v.key_is_auto && *k == v.key}>{ k.clone() }</option>
                        }) }
                    </select>
                </label>
                { mode_switch(v, &on_msg) }
                { search(v, &on_msg) }
                <div class="add-nodes" role="group" aria-label="Add nodes">
                    <span>{ "Add nodes" }</span>
                    <button onclick={add(1)} data-testid="add-node-1">{ "+1" }</button>
                    <button onclick={add(10)}>{ "+10" }</button>
                    <button onclick={add(100)}>{ "+100" }</button>
                    <button onclick={add(1000)}>{ "+1,000" }</button>
                </div>
                { palette(v, &on_msg) }
                <span class="node-count">{ format!("{} nodes", v.node_count) }</span>
            </div>
            { legend(v, &on_msg) }
            if v.fleet {
                { changing_strip(v, &on_msg) }
            }
            <div class="lanes">
                { for v.lanes.iter().enumerate().map(|(i, lane)| lane_html(v, i, lane, &on_msg)) }
            </div>
        </section>
    }
}

/// The fleet's cell size class: large cells for tens of nodes, small ones for thousands, so a
/// whole fleet fits the board.
fn fleet_density(nodes: usize) -> usize {
    match nodes {
        0..=60 => 0,
        61..=400 => 1,
        401..=1500 => 2,
        1501..=3000 => 3,
        _ => 4,
    }
}

fn mode_switch(v: &BoardView, on_msg: &Callback<Msg>) -> Html {
    let button = |mode: BoardMode, label: &str, title: &str| {
        let on_msg = on_msg.clone();
        html! {
            <button aria-pressed={(v.mode == mode).to_string()} title={title.to_string()}
                data-testid={format!("board-mode-{}", label.to_ascii_lowercase())}
                onclick={Callback::from(move |_| on_msg.emit(Msg::SetBoardMode(mode)))}>{ label }</button>
        }
    };
    html! {
        <div class="segmented" role="group" aria-label="Draw nodes as">
            { button(BoardMode::Auto, "Auto", "Cards for small clusters, the fleet view past 24 nodes") }
            { button(BoardMode::Cards, "Cards", "A card per node with its labels, taints and pods") }
            { button(BoardMode::Fleet, "Fleet", "Every node as a cell coloured by one DaemonSet's pod") }
        </div>
    }
}

fn search(v: &BoardView, on_msg: &Callback<Msg>) -> Html {
    let oninput = {
        let on_msg = on_msg.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            on_msg.emit(Msg::SetNodeFilter(value));
        })
    };
    let onkeydown = {
        let on_msg = on_msg.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                on_msg.emit(Msg::OpenFirstMatch);
            }
            "Escape" => {
                if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                    if !input.value().is_empty() {
                        e.stop_propagation();
                        input.set_value("");
                        on_msg.emit(Msg::SetNodeFilter(String::new()));
                    }
                }
            }
            _ => {}
        })
    };
    let searching = !v.filter.trim().is_empty();
    html! {
        <label class="field search">
            <span>{ "Find" }</span>
            <input type="search" data-testid="node-search" value={v.filter.clone()} {oninput} {onkeydown}
                placeholder="node or key=value" aria-label="Find nodes by name or label; Enter opens the first" />
            if searching {
                <span class="muted small" role="status" data-testid="search-count">
                    { match v.matches { 0 => "no match".to_string(), 1 => "1 match".to_string(), n => format!("{n} matches") } }
                </span>
            }
        </label>
    }
}

fn legend(v: &BoardView, on_msg: &Callback<Msg>) -> Html {
    let on_colour = {
        let on_msg = on_msg.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            on_msg.emit(Msg::SetFleetDs((!value.is_empty()).then_some(value)));
        })
    };
    let shown = v
        .daemonsets
        .iter()
        .find(|d| Some(&d.name) == v.colour_by.as_ref());
    html! {
        <details class="legend" data-testid="legend" open={true}>
            <summary>{ "Legend" }</summary>
            <div class="legend-body">
                <div class="legend-group" aria-label="DaemonSets">
                    if v.daemonsets.is_empty() {
                        <span class="muted small">{ "No DaemonSets: apply one to see pods." }</span>
                    }
                    { for v.daemonsets.iter().map(|d| html! {
                        <span class="legend-item">
                            <span class={classes!("mark", format!("ds-{}", d.mark.hue))} aria-hidden="true">{ d.mark.letter }</span>
                            { format!("ds/{}", d.name) }
                        </span>
                    }) }
                </div>
                <div class="legend-group" aria-label="Pod phases">
                    { for PhaseKind::ALL.iter().map(|k| html! {
                        <span class="legend-item" title={k.describe()}>
                            <span class={classes!("pod", "pod-sample", k.class(), "rev-0")} aria-hidden="true"></span>
                            { k.legend() }
                            <span class="sr-only">{ format!(": {}", k.describe()) }</span>
                        </span>
                    }) }
                    if v.fleet {
                        <span class="legend-item" title="The DaemonSet's selector picks the node, but a taint keeps its pod off (a cross)">
                            <span class="excluded-sample" aria-hidden="true">{ "×" }</span>
                            { "Excluded by a taint" }
                        </span>
                    }
                </div>
                if let Some(d) = shown {
                    <div class="legend-group" aria-label="Revisions">
                        if v.fleet && v.daemonsets.len() > 1 {
                            <label class="field">
                                <span>{ "Cells show" }</span>
                                <select onchange={on_colour} data-testid="fleet-ds" aria-label="The DaemonSet whose pods colour the cells">
                                    { for v.daemonsets.iter().map(|o| html! {
                                        <option value={o.name.clone()} selected={o.name == d.name}>{ format!("ds/{}", o.name) }</option>
                                    }) }
                                </select>
                            </label>
                        } else {
                            <span class="muted small">{ format!("ds/{} revisions:", d.name) }</span>
                        }
                        { for d.revisions.iter().map(|r| html! {
                            <span class="legend-item">
                                <span class={classes!("swatch", format!("rev-{}", revision_slot(Some(*r))))} aria-hidden="true"></span>
                                { format!("#{r}") }
                            </span>
                        }) }
                    </div>
                }
            </div>
        </details>
    }
}

fn changing_strip(v: &BoardView, on_msg: &Callback<Msg>) -> Html {
    let title = match v.changing_total {
        0 => "Nothing is changing now".to_string(),
        n if n > v.changing.len() => format!(
            "Changing now: {n} nodes (the first {} in board order)",
            v.changing.len()
        ),
        n => format!("Changing now: {n} node{}", if n == 1 { "" } else { "s" }),
    };
    html! {
        <section class={classes!("changing-now", v.changing.is_empty().then_some("quiet"))} data-testid="changing-now" aria-label="Nodes changing now">
            <h3 class="changing-title">{ title }</h3>
            <div class="changing-cards">
                { for v.changing.iter().map(|n| {
                    let value = n.labels.iter().find(|(k, _)| *k == v.key).map(|(_, val)| val.clone());
                    html! {
                        <NodeCard key={n.name.clone()} node={n.clone()} lane_key={v.key.clone()} lane_value={value}
                            selected={v.selected.as_deref() == Some(n.name.as_str())}
                            selected_pod={pod_on(v, n)}
                            offset={None::<(f64, f64)>} drop_before={None::<bool>}
                            on_msg={on_msg.clone()} />
                    }
                }) }
            </div>
        </section>
    }
}

/// The selected pod, if it is on this node (so only that card's props change).
fn pod_on(v: &BoardView, n: &NodeView) -> Option<String> {
    v.selected_pod
        .clone()
        .filter(|p| n.pods.iter().any(|x| x.name == *p))
}

fn palette(v: &BoardView, on_msg: &Callback<Msg>) -> Html {
    if v.palette.is_empty() {
        return html! {};
    }
    html! {
        <div class="palette" data-drop="palette" aria-label="Label palette: drag a label onto a node">
            <span>{ "Labels" }</span>
            { for v.palette.iter().map(|(k, val)| {
                let item = DragItem::LabelChip { key: k.clone(), value: val.clone(), from_node: None };
                let (down, moved, up) = drag_handlers(item.clone(), on_msg.clone());
                let dragging = v.dragging.as_ref() == Some(&item);
                let style = dragging.then(|| format!("transform: translate({}px, {}px)", v.drag_offset.0, v.drag_offset.1));
                html! {
                    <span class={classes!("chip", "chip-palette", dragging.then_some("dragging"))} {style} data-drag="chip"
                        onpointerdown={down} onpointermove={moved} onpointerup={up}
                        title="Drag onto a node to add this label">
                        { format!("{k}={val}") }
                    </span>
                }
            }) }
        </div>
    }
}

fn lane_html(v: &BoardView, index: usize, lane: &LaneView, on_msg: &Callback<Msg>) -> Html {
    let over = matches!(&v.over, Some(DropTarget::Lane { key, value }) if *key == lane.key && *value == lane.value);
    let title = match &lane.value {
        Some(val) => format!("{}={}", lane.key, val),
        None => format!("no {} label", lane.key),
    };
    let class = classes!(
        "lane",
        (!lane.selected_by.is_empty()).then_some("selected-lane"),
        over.then_some("drop-over"),
        lane.value.is_none().then_some("lane-none")
    );
    let count = if v.fleet {
        lane.cells.len()
    } else {
        lane.nodes.len() + lane.hidden.nodes
    };
    // Fleet lanes share the width by their node count, so a big lane gets the room.
    let style = v.fleet.then(|| format!("flex-grow: {}", count.max(1)));
    html! {
        <div {class} {style} data-testid="lane" data-drop="lane" data-lane-key={lane.key.clone()}
            data-lane-value={lane.value.clone().unwrap_or_default()}
            data-lane-none={lane.value.is_none().then_some("true")}
            role="group" aria-label={format!("Lane {title}, {count} nodes")}>
            <header class="lane-head">
                <span class="lane-title" title={title.clone()}>{ title.clone() }</span>
                <span class="lane-count">{ count }</span>
                { for lane.selected_by.iter().map(|ds| html! { <span class="lane-ds" title={format!("ds/{ds} selects this label")}>{ format!("ds/{ds}") }</span> }) }
            </header>
            if v.fleet {
                { fleet_html(v, index, lane, &title, on_msg) }
            } else {
                <div class="cards">
                    { for lane.nodes.iter().map(|n| {
                        let dragging = v.dragging.as_ref().and_then(DragItem::node_name) == Some(n.name.as_str());
                        let drop_before = match &v.over { Some(DropTarget::NodeCard { name, before, .. }) if *name == n.name => Some(*before), _ => None };
                        html! {
                            <NodeCard key={n.name.clone()} node={n.clone()} lane_key={lane.key.clone()} lane_value={lane.value.clone()}
                                selected={v.selected.as_deref() == Some(n.name.as_str())}
                                selected_pod={pod_on(v, n)}
                                offset={dragging.then_some(v.drag_offset)} {drop_before}
                                on_msg={on_msg.clone()} />
                        }
                    }) }
                    if lane.nodes.is_empty() && lane.hidden.nodes == 0 {
                        <p class="lane-empty">{ "Drop a node here" }</p>
                    }
                    if lane.hidden.nodes > 0 {
                        <p class="lane-more" aria-live="off">
                            { format!("+{} more nodes · {} pods, {} ready · the fleet view or Find shows them", lane.hidden.nodes, lane.hidden.pods, lane.hidden.ready_pods) }
                        </p>
                    }
                </div>
            }
        </div>
    }
}

/// A lane's fleet cells (`components::fleet`): the selected and the dragged node only reach the
/// lane that holds them, so the other lanes are not drawn again.
fn fleet_html(
    v: &BoardView,
    index: usize,
    lane: &LaneView,
    title: &str,
    on_msg: &Callback<Msg>,
) -> Html {
    let has = |name: Option<&str>| {
        name.filter(|n| lane.cells.iter().any(|c| c.name.as_str() == *n))
            .map(|n| AttrValue::from(n.to_string()))
    };
    let dragged = v.dragging.as_ref().and_then(DragItem::node_name);
    html! {
        <Fleet cells={lane.cells.clone()} lane={index} lane_key={lane.key.clone()} lane_value={lane.value.clone()}
            title={AttrValue::from(title.to_string())} density={fleet_density(v.node_count)}
            selected={has(v.selected.as_deref())}
            dragging={has(dragged).map(|n| (n, v.drag_offset))}
            theme={v.theme} on_msg={on_msg.clone()} />
    }
}
