//! The header: clock controls, simulated time, scenarios, tutorial, share, export, reset, theme.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::{Msg, Theme, SPEEDS};

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub playing: bool,
    pub speed: f64,
    pub time: AttrValue,
    pub has_next: bool,
    pub theme: Theme,
    /// (name, title) of every scenario, for the picker.
    pub scenarios: Rc<Vec<(String, String)>>,
    /// The session has commands a scenario or reset would replace.
    pub has_work: bool,
    pub tutorial_open: bool,
    pub embed: bool,
    /// Undo has a command to take back, Redo one to bring back (both off while rewound).
    #[prop_or_default]
    pub can_undo: bool,
    #[prop_or_default]
    pub can_redo: bool,
    #[prop_or_default]
    pub timeline_open: bool,
    pub on_msg: Callback<Msg>,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let on_msg = props.on_msg.clone();
    let export_menu = use_node_ref();
    // A menu item closes its menu (the download starts; the menu has done its job) and gives
    // the focus back to the menu's button.
    let export = |m: Msg| {
        let on_msg = on_msg.clone();
        let menu = export_menu.clone();
        Callback::from(move |_: MouseEvent| {
            on_msg.emit(m.clone());
            if let Some(menu) = menu.cast::<web_sys::Element>() {
                let _ = menu.remove_attribute("open");
                if let Some(summary) = menu
                    .query_selector("summary")
                    .ok()
                    .flatten()
                    .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = summary.focus();
                }
            }
        })
    };
    let on_export_key = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Escape" {
            if let Some(menu) = e
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                if menu.has_attribute("open") {
                    e.stop_propagation();
                    let _ = menu.remove_attribute("open");
                }
            }
        }
    });
    let send = |m: Msg| {
        let on_msg = on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(m.clone()))
    };
    let on_speed = {
        let on_msg = on_msg.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            if let Ok(speed) = v.parse::<f64>() {
                on_msg.emit(Msg::SetSpeed(speed));
            }
        })
    };
    let on_scenario = {
        let (on_msg, has_work) = (on_msg.clone(), props.has_work);
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            let name = select.value();
            select.set_value("");
            if name.is_empty() {
                return;
            }
            if has_work && !gloo_dialogs::confirm("Open the scenario? It replaces the current session (share or export it first to keep it).") {
                return;
            }
            on_msg.emit(Msg::OpenScenario(name));
        })
    };
    let on_reset = {
        let on_msg = on_msg.clone();
        Callback::from(move |_: MouseEvent| {
            if gloo_dialogs::confirm("Start over? This clears the cluster, the editor, the terminal and the tutorial progress.") {
                on_msg.emit(Msg::Reset);
            }
        })
    };
    let next_theme = match props.theme {
        Theme::System => Theme::Dark,
        Theme::Dark => Theme::Light,
        Theme::Light => Theme::System,
    };
    let theme_label = match props.theme {
        Theme::System => "Theme: follows the system (switch to dark)",
        Theme::Dark => "Theme: dark (switch to light)",
        Theme::Light => "Theme: light (switch to follow the system)",
    };
    let clock = html! {
        <div class="clock" role="group" aria-label="Simulated clock">
            <button data-testid="clock-play" onclick={send(Msg::TogglePlay)} aria-pressed={props.playing.to_string()}
                aria-label={if props.playing { "Pause the clock" } else { "Start the clock" }}>
                { if props.playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <label class="field">
                <span class="sr-only">{ "Speed" }</span>
                <select data-testid="clock-speed" onchange={on_speed} aria-label="Clock speed">
                    { for SPEEDS.iter().map(|s| html! {
                        <option value={s.to_string()} selected={(*s - props.speed).abs() < 1e-9}>{ format!("{s}×") }</option>
                    }) }
                </select>
            </label>
            <button data-testid="clock-step" onclick={send(Msg::StepToNextEvent)} disabled={!props.has_next}
                title="Jump to the next thing the cluster is waiting for">{ "Next event ⇥" }</button>
            <time data-testid="clock-time" aria-label="Simulated time" aria-live="off">{ props.time.clone() }</time>
            if !props.playing {
                // Never paused without a word: a paused clock is why nothing moves.
                <span class="badge clock-paused" data-testid="clock-paused" title="Simulated time stands still until you press Play (or Next event)">{ "paused" }</span>
            }
        </div>
    };
    if props.embed {
        return html! {
            <header class="app-header">
                <h1><span class="logo" aria-hidden="true"></span>{ "DaemonSet Playground" }</h1>
                { clock }
            </header>
        };
    }
    html! {
        <header class="app-header">
            <h1><span class="logo" aria-hidden="true"></span>{ "DaemonSet Playground" }</h1>
            { clock }
            <div class="history" role="group" aria-label="History">
                <button data-testid="undo" onclick={send(Msg::Undo)} disabled={!props.can_undo}
                    title="Undo the last command (Ctrl+Z outside the editor and the terminal)">{ "↶ Undo" }</button>
                <button data-testid="redo" onclick={send(Msg::Redo)} disabled={!props.can_redo}
                    title="Redo the last undone command (Ctrl+Shift+Z)">{ "↷ Redo" }</button>
                <button data-testid="timeline-toggle" onclick={send(Msg::ToggleTimeline)}
                    aria-pressed={props.timeline_open.to_string()} aria-controls="timeline"
                    title="Every command of this session; choose one to see the cluster just after it">{ "Timeline" }</button>
            </div>
            <nav class="header-actions" aria-label="Session">
                <button data-testid="tutorial-toggle" onclick={send(Msg::ToggleTutorial)} aria-pressed={props.tutorial_open.to_string()}>
                    { "Tutorial" }
                </button>
                <select data-testid="scenario-picker" onchange={on_scenario} aria-label="Open a scenario">
                    <option value="" selected=true>{ "Scenarios…" }</option>
                    { for props.scenarios.iter().map(|(name, title)| html! { <option value={name.clone()}>{ title.clone() }</option> }) }
                </select>
                <button data-testid="share" onclick={send(Msg::Share)} title="Copy a link that reopens this exact session">{ "Share" }</button>
                <details class="menu" data-testid="export" ref={export_menu.clone()} onkeydown={on_export_key}>
                    <summary>{ "Export" }</summary>
                    <div class="menu-items">
                        <button data-testid="export-yaml" onclick={export(Msg::ExportManifests)}>{ "Manifests (YAML)" }</button>
                        <button data-testid="export-script" onclick={export(Msg::ExportScript)}>{ "kubectl script (bash)" }</button>
                    </div>
                </details>
                <button data-testid="reset" onclick={on_reset}>{ "Reset" }</button>
                <button class="theme" onclick={send(Msg::SetTheme(next_theme))} aria-label={theme_label} title={theme_label}>
                    { match props.theme { Theme::System => "◐", Theme::Dark => "☾", Theme::Light => "☀" } }
                </button>
            </nav>
        </header>
    }
}
