//! The pod panel: what `kubectl describe pod` says first — phase and conditions, node, image,
//! revision, restarts, age — the pod's events, and its actions (each echoed in the terminal).

use yew::prelude::*;

use crate::actions::UiAction;
use crate::state::{AppState, Msg};
use crate::views::{clock_text, ds_marks, revision_slot, DsMark, PhaseKind};

/// A pod's events in the panel: the newest this many.
pub const POD_EVENTS_SHOWN: usize = 8;

#[derive(Clone, Debug, PartialEq)]
pub struct PodEvent {
    pub time: String,
    pub warning: bool,
    pub reason: String,
    pub message: String,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodPanelView {
    pub name: String,
    pub ds: String,
    pub mark: DsMark,
    pub node: String,
    /// kubectl's STATUS column.
    pub status: String,
    pub phase: PhaseKind,
    /// `status.phase` (Pending, Running, Succeeded, Failed).
    pub pod_phase: String,
    pub conditions: Vec<(&'static str, bool)>,
    pub image: String,
    pub revision: Option<i64>,
    pub restarts: u32,
    pub age: String,
    pub ip: String,
    pub terminating: bool,
    pub events: Vec<PodEvent>,
}

/// The panel's snapshot of a pod, if it still exists. Pure.
pub fn pod_panel_view(state: &AppState, name: &str) -> Option<PodPanelView> {
    let sim = &state.sim;
    let p = sim.pod(name)?;
    let ds = p.owner.as_ref().map(|o| o.name.clone()).unwrap_or_default();
    let mark = ds_marks(sim.daemonsets().map(|d| d.name.as_str()))
        .into_iter()
        .find(|(n, _)| *n == ds)
        .map(|(_, m)| m)
        .unwrap_or_default();
    let revision = p.revision_hash().and_then(|hash| {
        sim.revisions_of(&ds)
            .into_iter()
            .find(|r| r.hash == hash)
            .map(|r| r.revision)
    });
    let status = p.kubectl_status();
    let mut events: Vec<&dsp_core::model::Event> = sim
        .events()
        .iter()
        .filter(|e| e.object_kind == "Pod" && e.object_name == name)
        .collect();
    events.sort_by_key(|e| (e.last_seen, e.uid_seq));
    let skip = events.len().saturating_sub(POD_EVENTS_SHOWN);
    Some(PodPanelView {
        name: p.name.clone(),
        mark,
        node: p.assigned_node().unwrap_or("<none>").to_string(),
        phase: PhaseKind::of(&status, p.ready),
        status,
        pod_phase: p.phase.as_str().to_string(),
        conditions: p.conditions(),
        image: p
            .containers
            .iter()
            .map(|c| c.image.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        revision,
        restarts: p.restarts(),
        age: dsp_core::time::human_age(sim.now() - p.created),
        ip: p.pod_ip.clone().unwrap_or_else(|| "<none>".to_string()),
        terminating: p.is_terminating(),
        events: events
            .into_iter()
            .skip(skip)
            .map(|e| PodEvent {
                time: clock_text(e.last_seen.0),
                warning: matches!(e.event_type, dsp_core::model::EventType::Warning),
                reason: e.reason.clone(),
                message: e.message.clone(),
                count: e.count,
            })
            .collect(),
        ds,
    })
}

#[derive(Properties, PartialEq)]
pub struct PodPanelProps {
    pub view: PodPanelView,
    pub on_msg: Callback<Msg>,
}

#[function_component(PodPanel)]
pub fn pod_panel(props: &PodPanelProps) -> Html {
    let v = &props.view;
    let act = |a: UiAction| {
        let on_msg = props.on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(Msg::Action(a.clone())))
    };
    let open_node = {
        let (on_msg, node) = (props.on_msg.clone(), v.node.clone());
        Callback::from(move |_: MouseEvent| on_msg.emit(Msg::SelectNode(Some(node.clone()))))
    };
    let revision = v
        .revision
        .map_or_else(|| "unknown".to_string(), |r| format!("#{r}"));
    html! {
        <div class="pod-panel" data-testid="pod-panel" data-pod={v.name.clone()}>
            <p class="pod-panel-status">
                <span class={classes!("pod", "pod-sample", v.phase.class(), format!("rev-{}", revision_slot(v.revision)), format!("ds-{}", v.mark.hue))} aria-hidden="true">
                    <span class="pod-letter">{ v.mark.letter }</span>
                </span>
                <strong data-testid="pod-status">{ v.status.clone() }</strong>
                <span class="muted">{ format!("phase {}", v.pod_phase) }</span>
            </p>
            <dl class="facts">
                <dt>{ "DaemonSet" }</dt><dd>{ format!("ds/{}", v.ds) }</dd>
                <dt>{ "Node" }</dt>
                <dd><button class="link" onclick={open_node} title="Open this node's inspector">{ v.node.clone() }</button></dd>
                <dt>{ "Image" }</dt><dd><code>{ v.image.clone() }</code></dd>
                <dt>{ "Revision" }</dt>
                <dd><span class={classes!("swatch", format!("rev-{}", revision_slot(v.revision)))} aria-hidden="true"></span>{ revision }</dd>
                <dt>{ "Restarts" }</dt><dd>{ v.restarts }</dd>
                <dt>{ "Age" }</dt><dd>{ v.age.clone() }</dd>
                <dt>{ "IP" }</dt><dd><code>{ v.ip.clone() }</code></dd>
            </dl>
            <h3>{ "Conditions" }</h3>
            <ul class="conditions">
                { for v.conditions.iter().map(|(kind, ok)| html! {
                    <li class={if *ok { "cond-true" } else { "cond-false" }}>
                        <span aria-hidden="true">{ if *ok { "✓" } else { "✗" } }</span>
                        { format!(" {kind} {}", if *ok { "True" } else { "False" }) }
                    </li>
                }) }
            </ul>
            <div class="inspector-actions">
                <button onclick={act(UiAction::DescribePod { pod: v.name.clone() })}
                    title="Print the whole description in the terminal">{ "kubectl describe" }</button>
                <button class="danger" disabled={v.terminating} onclick={act(UiAction::DeletePod { pod: v.name.clone() })}
                    data-testid="delete-pod" title="kubectl delete pod: the DaemonSet controller creates a replacement">
                    { if v.terminating { "Terminating…" } else { "Delete pod" } }
                </button>
            </div>
            <h3>{ "Events" }</h3>
            if v.events.is_empty() {
                <p class="muted small">{ "No events for this pod." }</p>
            } else {
                <ol class="events">
                    { for v.events.iter().rev().map(|e| html! {
                        <li class={classes!(e.warning.then_some("warn"))}>
                            <time>{ e.time.clone() }</time>
                            <span class="ev-reason">{ e.reason.clone() }</span>
                            <span class="ev-msg">{ if e.count > 1 { format!("{} (x{})", e.message, e.count) } else { e.message.clone() } }</span>
                        </li>
                    }) }
                </ol>
            }
        </div>
    }
}
