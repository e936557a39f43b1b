//! The cluster panel: each DaemonSet's `kubectl get ds` numbers, the rollout budget, the
//! revision history with rollback buttons, and the event stream.

use std::rc::Rc;

use yew::prelude::*;

use crate::actions::UiAction;
use crate::state::Msg;
use crate::views::{revision_slot, DaemonSetView, EventView, StoredGroup};

#[derive(Properties, PartialEq)]
pub struct ClusterPanelProps {
    pub daemonsets: Rc<Vec<DaemonSetView>>,
    pub events: Rc<Vec<EventView>>,
    pub stored: Rc<Vec<StoredGroup>>,
    pub on_msg: Callback<Msg>,
}

#[function_component(ClusterPanel)]
pub fn cluster_panel(props: &ClusterPanelProps) -> Html {
    html! {
        <section class="cluster" aria-label="Cluster">
            <h2>{ "DaemonSets" }</h2>
            if props.daemonsets.is_empty() {
                <p class="muted">{ "No DaemonSets yet. Apply the manifest in the editor to create one." }</p>
            }
            { for props.daemonsets.iter().map(|ds| ds_html(ds, &props.on_msg)) }
            <h2>{ "Stored objects" }</h2>
            <p class="muted stored-intro">{ "Everything else the API server keeps. Only DaemonSets, their pods and the nodes are simulated." }</p>
            <dl class="stored" data-testid="stored-objects">
                { for props.stored.iter().map(stored_html) }
            </dl>
            <h2>{ "Events" }</h2>
            <ol class="events" data-testid="event-log" aria-label="Events, newest first">
                { for props.events.iter().rev().map(|e| html! {
                    <li key={e.seq.to_string()} class={classes!(e.warning.then_some("warn"))}>
                        <time>{ e.time.clone() }</time>
                        <span class="ev-reason">{ e.reason.clone() }</span>
                        <span class="ev-object">{ e.object.clone() }</span>
                        <span class="ev-msg">{ if e.count > 1 { format!("{} (x{})", e.message, e.count) } else { e.message.clone() } }</span>
                    </li>
                }) }
            </ol>
        </section>
    }
}

fn stored_html(g: &StoredGroup) -> Html {
    let more = g.count.saturating_sub(g.names.len());
    html! {
        <div class="stored-kind" key={g.title.clone()}>
            <dt>
                { g.title.clone() }
                <span class="stored-count">{ g.count }</span>
                if let Some(note) = &g.note {
                    <span class="stored-note">{ note.clone() }</span>
                }
            </dt>
            <dd>
                { g.names.join(", ") }
                if more > 0 {
                    <span class="muted">{ format!(" and {more} more") }</span>
                }
            </dd>
        </div>
    }
}

fn ds_html(ds: &DaemonSetView, on_msg: &Callback<Msg>) -> Html {
    let act = |a: UiAction| {
        let on_msg = on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(Msg::Action(a.clone())))
    };
    let desired = ds.desired.max(1) as f64;
    let pct = |n: i32| format!("{:.1}%", (n.max(0) as f64 / desired * 100.0).min(100.0));
    let budget = match &ds.rolling_update {
        Some(r) => format!(
            "maxUnavailable {} · in use {} | maxSurge {} · in use {}",
            r.max_unavailable, r.unavailable_now, r.max_surge, r.surging_now
        ),
        None => "OnDelete: pods change only when you delete them".to_string(),
    };
    html! {
        <article class="ds" data-testid="ds-status" data-ds={ds.name.clone()}
            data-desired={ds.desired.to_string()} data-current={ds.current.to_string()} data-ready={ds.ready.to_string()}
            data-updated={ds.up_to_date.to_string()} data-available={ds.available.to_string()}>
            <header class="panel-head">
                <h3>
                    <span class={classes!("mark", format!("ds-{}", ds.mark.hue))} aria-hidden="true">{ ds.mark.letter }</span>
                    { format!("ds/{}", ds.name) }
                </h3>
                <span class="muted">{ format!("{} · {}", ds.strategy, ds.images) }</span>
            </header>
            <table class="ds-numbers">
                <thead><tr><th>{ "DESIRED" }</th><th>{ "CURRENT" }</th><th>{ "READY" }</th><th>{ "UP-TO-DATE" }</th><th>{ "AVAILABLE" }</th></tr></thead>
                <tbody><tr>
                    <td>{ ds.desired }</td><td>{ ds.current }</td><td>{ ds.ready }</td><td>{ ds.up_to_date }</td><td>{ ds.available }</td>
                </tr></tbody>
            </table>
            <p class="muted small">{ format!("NODE SELECTOR {}", ds.node_selector) }</p>
            <div class="progress" role="progressbar" aria-label={format!("ds/{} rollout", ds.name)}
                aria-valuemin="0" aria-valuemax={ds.desired.to_string()} aria-valuenow={ds.up_to_date.to_string()}>
                <span class="bar-updated" style={format!("transform: scaleX({})", ds.up_to_date.max(0) as f64 / desired)}></span>
                <span class="bar-available" style={format!("transform: scaleX({})", ds.available.max(0) as f64 / desired)}></span>
            </div>
            <p class="small">{ format!("{} updated, {} available", pct(ds.up_to_date), pct(ds.available)) }</p>
            <p class="small">{ budget }</p>
            if let Some(r) = &ds.rolling_update {
                <p class="small waiting" data-testid="rollout-waiting">{ r.status_line.clone() }</p>
                if !r.blocked_by.is_empty() {
                    <ul class="small blocked-by" aria-label="What the rollout waits for">
                        { for r.blocked_by.iter().map(|b| html! { <li>{ b.clone() }</li> }) }
                    </ul>
                }
            }
            <details class="history" open={ds.revisions.len() > 1}>
                <summary>{ format!("Revisions ({})", ds.revisions.len()) }</summary>
                <ul>
                    { for ds.revisions.iter().rev().map(|r| html! {
                        <li>
                            <span class={classes!("swatch", format!("rev-{}", revision_slot(Some(r.revision))))} aria-hidden="true"></span>
                            <span>{ format!("#{} {}", r.revision, r.images) }</span>
                            if r.revision == ds.current_revision {
                                <span class="badge ok">{ "current" }</span>
                            } else {
                                <button onclick={act(UiAction::Rollback { ds: ds.name.clone(), revision: r.revision })}
                                    aria-label={format!("Roll ds/{} back to revision {}", ds.name, r.revision)}>{ "Roll back" }</button>
                            }
                        </li>
                    }) }
                </ul>
            </details>
            <div class="ds-actions">
                <button onclick={act(UiAction::RolloutRestart { ds: ds.name.clone() })}>{ "Restart" }</button>
                <button class="danger" onclick={act(UiAction::DeleteDaemonSet { ds: ds.name.clone() })}>{ "Delete" }</button>
            </div>
        </article>
    }
}
