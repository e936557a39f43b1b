//! The header: clock controls, simulated time and the theme switch.

use yew::prelude::*;

use crate::state::{Msg, Theme, SPEEDS};

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub playing: bool,
    pub speed: f64,
    pub time: AttrValue,
    pub has_next: bool,
    pub theme: Theme,
    pub on_msg: Callback<Msg>,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let on_msg = props.on_msg.clone();
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
    let next_theme = match props.theme {
        Theme::System => Theme::Dark,
        Theme::Dark => Theme::Light,
        Theme::Light => Theme::System,
    };
    let theme_label = match props.theme {
        Theme::System => "Theme: system",
        Theme::Dark => "Theme: dark",
        Theme::Light => "Theme: light",
    };
    html! {
        <header class="app-header">
            <h1><span class="logo" aria-hidden="true"></span>{ "DaemonSet Playground" }</h1>
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
            </div>
            <button class="theme" onclick={send(Msg::SetTheme(next_theme))} aria-label={theme_label} title={theme_label}>
                { match props.theme { Theme::System => "◐", Theme::Dark => "☾", Theme::Light => "☀" } }
            </button>
        </header>
    }
}
