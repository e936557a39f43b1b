//! A node card: name, status, labels and taints as chips, and its pod tiles.

use std::rc::Rc;

use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::pod_tile::PodTile;
use super::pointer::drag_handlers;
use crate::actions::UiAction;
use crate::drag::DragItem;
use crate::state::Msg;
use crate::views::NodeView;

#[derive(Properties, PartialEq)]
pub struct NodeCardProps {
    pub node: Rc<NodeView>,
    pub lane_key: AttrValue,
    pub lane_value: Option<String>,
    pub selected: bool,
    /// The pod whose panel is open, when it is on this node.
    #[prop_or_default]
    pub selected_pod: Option<String>,
    /// While this card is dragged: how far it has moved.
    pub offset: Option<(f64, f64)>,
    /// Another card is dragged over this one: it would land before (true) or after (false).
    pub drop_before: Option<bool>,
    pub on_msg: Callback<Msg>,
}

#[function_component(NodeCard)]
pub fn node_card(props: &NodeCardProps) -> Html {
    let n = &props.node;
    let on_msg = props.on_msg.clone();
    let (down, moved, up) = drag_handlers(
        DragItem::node(
            n.name.clone(),
            props.lane_key.to_string(),
            props.lane_value.as_deref(),
        ),
        on_msg.clone(),
    );
    let onkeydown = {
        let on_msg = on_msg.clone();
        let name = n.name.clone();
        let selected = props.selected;
        Callback::from(move |e: KeyboardEvent| {
            // Keys on a control inside the card (a pod tile, a chip's ×) are that control's.
            let on_control = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|t| t.closest("button, input, select").ok().flatten())
                .is_some();
            if on_control {
                return;
            }
            match e.key().as_str() {
                "Enter" | " " => {
                    e.prevent_default();
                    on_msg.emit(Msg::SelectNode(if selected {
                        None
                    } else {
                        Some(name.clone())
                    }));
                }
                "ArrowLeft" | "ArrowRight" => {
                    e.prevent_default();
                    let direction = if e.key() == "ArrowLeft" { -1 } else { 1 };
                    on_msg.emit(Msg::MoveNode(name.clone(), direction));
                }
                "Escape" => on_msg.emit(Msg::CloseDrawer),
                _ => {}
            }
        })
    };
    let style = props
        .offset
        .map(|(x, y)| format!("transform: translate({x}px, {y}px)"));
    let class = classes!(
        "node-card",
        props.selected.then_some("selected"),
        props.offset.is_some().then_some("dragging"),
        (!n.ready).then_some("not-ready"),
        n.unschedulable.then_some("cordoned"),
        match props.drop_before {
            Some(true) => Some("drop-before"),
            Some(false) => Some("drop-after"),
            None => None,
        }
    );
    let status_class = if n.ready { "badge ok" } else { "badge bad" };
    html! {
        <article {class} {style} data-testid="node-card" data-node={n.name.clone()} data-drop="node" data-drag="node"
            tabindex="0" role="group" aria-current={props.selected.then_some("true")}
            aria-label={format!("Node {}, {}, {} pods. Enter opens the inspector, arrow keys move it between lanes.", n.name, n.status, n.pods.len())}
            onpointerdown={down} onpointermove={moved} onpointerup={up}
            {onkeydown}>
            <header class="node-head">
                <span class="node-name">{ n.name.clone() }</span>
                <span class={status_class}>{ n.status.clone() }</span>
            </header>
            <div class="chips">
                { for n.labels.iter().filter(|(k, _)| !kubelet_label(k)).map(|(k, v)| label_chip(&n.name, k, v, &props.lane_key, &on_msg)) }
                { for n.taints.iter().map(|t| html! { <span class="chip chip-taint" title="taint">{ t.clone() }</span> }) }
            </div>
            { for n.excluded.iter().map(|(ds, taint)| html! {
                <p class="excluded" data-testid="excluded" data-ds={ds.clone()}
                    title={format!("ds/{ds}'s selector picks this node, but its pods do not tolerate the taint {taint}")}>
                    <span aria-hidden="true">{ "⊘ " }</span>{ format!("Excluded from ds/{ds} by taint {taint}") }
                </p>
            }) }
            <div class="pods" aria-label="pods">
                { for n.pods.iter().map(|p| html! {
                    <PodTile key={p.uid.clone()} pod={p.clone()} on_msg={on_msg.clone()}
                        selected={props.selected_pod.as_deref() == Some(p.name.as_str())} />
                }) }
            </div>
        </article>
    }
}

/// The labels every kubelet sets (hostname, os, arch, and their beta twins): the inspector
/// lists them; a card shows only the labels people set.
fn kubelet_label(key: &str) -> bool {
    key.starts_with("kubernetes.io/") || key.starts_with("beta.kubernetes.io/")
}

fn label_chip(node: &str, key: &str, value: &str, lane_key: &str, on_msg: &Callback<Msg>) -> Html {
    let item = DragItem::LabelChip {
        key: key.to_string(),
        value: value.to_string(),
        from_node: Some(node.to_string()),
    };
    let (down, moved, up) = drag_handlers(item, on_msg.clone());
    let remove = {
        let on_msg = on_msg.clone();
        let (node, key) = (node.to_string(), key.to_string());
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            on_msg.emit(Msg::Action(UiAction::RemoveLabel {
                node: node.clone(),
                key: key.clone(),
            }));
        })
    };
    html! {
        <span class={classes!("chip", (key == lane_key).then_some("chip-lane"))} data-drag="chip"
            onpointerdown={down} onpointermove={moved} onpointerup={up}
            title="Drag off the node to remove this label">
            { format!("{key}={value}") }
            <button class="chip-x" onclick={remove} aria-label={format!("Remove label {key} from {node}")}>{ "×" }</button>
        </span>
    }
}
