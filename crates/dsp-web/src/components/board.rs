//! The node board: nodes grouped in lanes by one label key; drag a card to relabel it.

use std::rc::Rc;

use yew::prelude::*;

use super::node_card::NodeCard;
use super::pointer::drag_handlers;
use crate::drag::{DragItem, DragState, DropTarget};
use crate::state::{effective_lane_key, lane_values, AppState, Msg};
use crate::views::{ClusterView, HiddenNodes, Layout, NodeView};

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
}

#[derive(Clone, Debug, PartialEq)]
pub struct BoardView {
    pub key: String,
    pub key_is_auto: bool,
    pub keys: Vec<String>,
    pub lanes: Vec<LaneView>,
    pub palette: Vec<(String, String)>,
    pub selected: Option<String>,
    pub dragging: Option<DragItem>,
    pub drag_offset: (f64, f64),
    pub over: Option<DropTarget>,
    pub node_count: usize,
}

/// The layout the views are built for: lane key, board order, selected node, lane cap.
pub fn layout(state: &AppState) -> Layout {
    Layout {
        key: effective_lane_key(state),
        order: state.ui.node_order.clone(),
        selected: state.ui.selected_node.clone(),
        lane_cap: LANE_CARD_CAP,
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
    let mut lanes: Vec<LaneView> = lane_values(state, &key)
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
            LaneView {
                key: key.clone(),
                value,
                selected_by,
                nodes: Vec::new(),
                hidden,
            }
        })
        .collect();
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
        dragging,
        drag_offset: state.ui.drag.offset(),
        over,
        node_count: cluster.node_count,
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
        <section class="board" aria-label="Node board" data-drop="board">
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
            <div class="lanes">
                { for v.lanes.iter().map(|lane| lane_html(v, lane, &on_msg)) }
            </div>
        </section>
    }
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

fn lane_html(v: &BoardView, lane: &LaneView, on_msg: &Callback<Msg>) -> Html {
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
    let count = lane.nodes.len() + lane.hidden.nodes;
    html! {
        <div {class} data-testid="lane" data-drop="lane" data-lane-key={lane.key.clone()}
            data-lane-value={lane.value.clone().unwrap_or_default()}
            data-lane-none={lane.value.is_none().then_some("true")}
            role="group" aria-label={format!("Lane {title}, {count} nodes")}>
            <header class="lane-head">
                <span class="lane-title">{ title }</span>
                <span class="lane-count">{ count }</span>
                { for lane.selected_by.iter().map(|ds| html! { <span class="lane-ds" title={format!("ds/{ds} selects this label")}>{ format!("ds/{ds}") }</span> }) }
            </header>
            <div class="cards">
                { for lane.nodes.iter().map(|n| {
                    let dragging = v.dragging.as_ref().and_then(DragItem::node_name) == Some(n.name.as_str());
                    let drop_before = match &v.over { Some(DropTarget::NodeCard { name, before, .. }) if *name == n.name => Some(*before), _ => None };
                    html! {
                        <NodeCard key={n.name.clone()} node={n.clone()} lane_key={lane.key.clone()} lane_value={lane.value.clone()}
                            selected={v.selected.as_deref() == Some(n.name.as_str())}
                            offset={dragging.then_some(v.drag_offset)} {drop_before}
                            on_msg={on_msg.clone()} />
                    }
                }) }
                if lane.nodes.is_empty() && lane.hidden.nodes == 0 {
                    <p class="lane-empty">{ "Drop a node here" }</p>
                }
                if lane.hidden.nodes > 0 {
                    <p class="lane-more" aria-live="off">
                        { format!("+{} more nodes · {} pods, {} ready", lane.hidden.nodes, lane.hidden.pods, lane.hidden.ready_pods) }
                    </p>
                }
            </div>
        </div>
    }
}
