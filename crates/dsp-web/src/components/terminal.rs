//! The kubectl terminal: output, a prompt with history (Up/Down) and Tab completion.

use std::rc::Rc;

use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::state::Msg;
use crate::terminal_io::{LineKind, TermLine};

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub lines: Rc<Vec<TermLine>>,
    pub input: AttrValue,
    pub completions: Rc<Vec<String>>,
    pub on_msg: Callback<Msg>,
    pub input_ref: NodeRef,
    pub output_ref: NodeRef,
}

#[function_component(Terminal)]
pub fn terminal(props: &TerminalProps) -> Html {
    let on_msg = props.on_msg.clone();
    let oninput = {
        let on_msg = on_msg.clone();
        Callback::from(move |e: InputEvent| {
            on_msg.emit(Msg::TerminalInput(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ));
        })
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
        "Enter" => {
            e.prevent_default();
            on_msg.emit(Msg::TerminalSubmit);
        }
        "ArrowUp" => {
            e.prevent_default();
            on_msg.emit(Msg::HistoryPrev);
        }
        "ArrowDown" => {
            e.prevent_default();
            on_msg.emit(Msg::HistoryNext);
        }
        "Tab" if !e.shift_key() => {
            e.prevent_default();
            on_msg.emit(Msg::Complete);
        }
        "l" if e.ctrl_key() => {
            e.prevent_default();
            on_msg.emit(Msg::TerminalInput(String::new()));
        }
        _ => {}
    });
    {
        // New output scrolls into view. Only when the lines change: reading `scrollHeight` forces
        // a layout, and while the clock runs the page re-renders every frame (a user scrolled up
        // to read older output must also stay there).
        let output_ref = props.output_ref.clone();
        use_effect_with(
            (props.lines.clone(), props.completions.clone()),
            move |_| {
                if let Some(out) = output_ref.cast::<web_sys::HtmlElement>() {
                    out.set_scroll_top(out.scroll_height());
                }
            },
        );
    }
    let focus_input = {
        let input_ref = props.input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            // Selecting text in the output must still work: only focus on a plain click.
            let selected = web_sys::window()
                .and_then(|w| w.get_selection().ok().flatten())
                .map(|s| !s.is_collapsed())
                .unwrap_or(false);
            if !selected {
                if let Some(el) = input_ref.cast::<HtmlInputElement>() {
                    let _ = el.focus();
                }
            }
        })
    };
    html! {
        <section class="terminal" aria-label="kubectl terminal" onclick={focus_input}>
            <div class="term-output" ref={props.output_ref.clone()} data-testid="terminal-output" role="log" aria-live="off" tabindex="0">
                { for props.lines.iter().map(line_html) }
            </div>
            if !props.completions.is_empty() {
                <div class="term-completions" aria-live="polite">{ props.completions.join("  ") }</div>
            }
            <div class="term-prompt">
                <span aria-hidden="true">{ "$" }</span>
                <input ref={props.input_ref.clone()} data-testid="terminal-input" value={props.input.clone()}
                    {oninput} {onkeydown} aria-label="kubectl command" autocomplete="off" autocapitalize="off"
                    spellcheck="false" placeholder="kubectl get pods" />
            </div>
        </section>
    }
}

fn line_html(line: &TermLine) -> Html {
    match line.kind {
        LineKind::Command => {
            html! { <div class="tl tl-cmd"><span class="tl-prompt">{ "$ " }</span>{ line.text.clone() }</div> }
        }
        LineKind::Stdout => html! { <div class="tl">{ line.text.clone() }</div> },
        LineKind::Stderr => html! { <div class="tl tl-err">{ line.text.clone() }</div> },
        LineKind::Note => html! { <div class="tl tl-note">{ line.text.clone() }</div> },
    }
}
