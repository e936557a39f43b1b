//! The node inspector: labels, taints, cordon, readiness, deletion, and the core's
//! explanation of why each DaemonSet does or does not run a pod on this node.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::actions::UiAction;
use crate::state::{effective_lane_key, lane_values, AppState, Msg};
use crate::views::NodeView;

#[derive(Clone, Debug, PartialEq)]
pub struct Why {
    pub ds: String,
    pub should_run: bool,
    pub lines: Vec<String>,
    pub rollout: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InspectorView {
    pub node: Rc<NodeView>,
    pub why: Vec<Why>,
    pub lane_key: String,
    pub lanes: Vec<Option<String>>,
}

/// The inspector's snapshot for the selected node, if any. Pure.
pub fn inspector_view(state: &AppState, node: Rc<NodeView>) -> InspectorView {
    let why = state
        .sim
        .daemonsets()
        .filter_map(|ds| {
            let e = state.sim.explain(&node.name, &ds.name)?;
            Some(Why {
                ds: ds.name.clone(),
                should_run: e.should_run,
                lines: e.lines,
                rollout: e.rollout,
            })
        })
        .collect();
    let lane_key = effective_lane_key(state);
    let lanes = lane_values(state, &lane_key);
    InspectorView {
        node,
        why,
        lane_key,
        lanes,
    }
}

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub view: Rc<InspectorView>,
    pub on_msg: Callback<Msg>,
}

#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let v = &props.view;
    let n = &v.node;
    let on_msg = props.on_msg.clone();
    let act = |a: UiAction| {
        let on_msg = on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(Msg::Action(a.clone())))
    };
    let open_pod = |pod: String| {
        let on_msg = on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(Msg::SelectPod(Some(pod.clone()))))
    };
    let label_input = use_node_ref();
    let taint_input = use_node_ref();
    let add_label = {
        let (on_msg, input, node) = (on_msg.clone(), label_input.clone(), n.name.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let spec = el.value().trim().to_string();
            if !spec.is_empty() {
                // kubectl parses the spec and explains a bad one, as it would for a typed command.
                on_msg.emit(Msg::Action(UiAction::LabelSpec {
                    node: node.clone(),
                    spec,
                }));
                el.set_value("");
            }
        })
    };
    let add_taint = {
        let (on_msg, input, node) = (on_msg.clone(), taint_input.clone(), n.name.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let text = el.value().trim().to_string();
            if !text.is_empty() {
                on_msg.emit(Msg::Action(UiAction::AddTaint {
                    node: node.clone(),
                    taint: text,
                }));
                el.set_value("");
            }
        })
    };
    let move_to_lane = {
        let (on_msg, node, key, lanes) = (
            on_msg.clone(),
            n.name.clone(),
            v.lane_key.clone(),
            v.lanes.clone(),
        );
        Callback::from(move |e: Event| {
            let idx: usize = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value()
                .parse()
                .unwrap_or(usize::MAX);
            if let Some(value) = lanes.get(idx) {
                on_msg.emit(Msg::Action(UiAction::MoveNodeToLane {
                    node: node.clone(),
                    key: key.clone(),
                    value: value.clone(),
                }));
            }
        })
    };
    let current_lane = n
        .labels
        .iter()
        .find(|(k, _)| *k == v.lane_key)
        .map(|(_, val)| val.clone());
    html! {
        <div class="inspector" data-testid="inspector" data-node={n.name.clone()}>
            <p class="pod-panel-status">
                <span class={if n.ready { "badge ok" } else { "badge bad" }}>{ n.status.clone() }</span>
            </p>
            <div class="inspector-actions">
                if n.unschedulable {
                    <button onclick={act(UiAction::Uncordon { node: n.name.clone() })}>{ "Uncordon" }</button>
                } else {
                    <button onclick={act(UiAction::Cordon { node: n.name.clone() })}>{ "Cordon" }</button>
                }
                if n.ready {
                    <button onclick={act(UiAction::SetReady { node: n.name.clone(), ready: false })}>{ "Make NotReady" }</button>
                } else {
                    <button onclick={act(UiAction::SetReady { node: n.name.clone(), ready: true })}>{ "Make Ready" }</button>
                }
                <button class="danger" onclick={act(UiAction::DeleteNode { node: n.name.clone() })}>{ "Delete node" }</button>
                <label class="field">
                    <span>{ format!("Move to lane ({})", v.lane_key) }</span>
                    <select onchange={move_to_lane} data-testid="move-to-lane">
                        { for v.lanes.iter().enumerate().map(|(i, lane)| html! {
                            <option value={i.to_string()} selected={*lane == current_lane}>
                                { lane.clone().map(|l| format!("{}={l}", v.lane_key)).unwrap_or_else(|| format!("no {} label", v.lane_key)) }
                            </option>
                        }) }
                    </select>
                </label>
            </div>
            <h3>{ "Labels" }</h3>
            <ul class="kv">
                { for n.labels.iter().map(|(k, val)| html! {
                    <li><code>{ format!("{k}={val}") }</code>
                        <button class="icon" aria-label={format!("Remove label {k}")} onclick={act(UiAction::RemoveLabel { node: n.name.clone(), key: k.clone() })}>{ "×" }</button></li>
                }) }
            </ul>
            <form class="inline-form" onsubmit={add_label}>
                <input ref={label_input} placeholder="key=value" aria-label="New label, key=value" />
                <button type="submit">{ "Add label" }</button>
            </form>
            <h3>{ "Taints" }</h3>
            <ul class="kv">
                { for n.taints.iter().map(|t| html! {
                    <li><code>{ t.clone() }</code>
                        <button class="icon" aria-label={format!("Remove taint {t}")} onclick={act(UiAction::RemoveTaint { node: n.name.clone(), taint: t.clone() })}>{ "×" }</button></li>
                }) }
                if n.taints.is_empty() { <li class="muted">{ "none" }</li> }
            </ul>
            <form class="inline-form" onsubmit={add_taint}>
                <input ref={taint_input} placeholder="key=value:NoSchedule" aria-label="New taint, key=value:Effect" />
                <button type="submit">{ "Add taint" }</button>
            </form>
            <h3>{ "Pods" }</h3>
            <ul class="kv">
                { for n.pods.iter().map(|p| html! {
                    <li><button class="link" onclick={open_pod(p.name.clone())} title="Open the pod's panel"><code>{ p.name.clone() }</code></button>
                        <span class="muted">{ format!(" {}", p.status) }</span>
                        <button class="icon" aria-label={format!("Delete pod {}", p.name)} onclick={act(UiAction::DeletePod { pod: p.name.clone() })}>{ "×" }</button></li>
                }) }
                if n.pods.is_empty() { <li class="muted">{ "none" }</li> }
            </ul>
            { for v.why.iter().map(|w| html! {
                <div class={classes!("why", if w.should_run { "why-yes" } else { "why-no" })} data-testid="why">
                    <h3>{ format!("Why {} ds/{} running here?", if w.should_run { "is" } else { "isn't" }, w.ds) }</h3>
                    <ul>{ for w.lines.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                    if let Some(r) = &w.rollout { <p class="muted">{ r.clone() }</p> }
                </div>
            }) }
        </div>
    }
}
