//! The kubectl terminal: output, a prompt with history (Up/Down) and Tab completion.

use std::rc::Rc;

use gloo_render::{request_animation_frame, AnimationFrame};
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::host::{LineKind, TermLine};
use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub lines: Rc<Vec<TermLine>>,
    /// The session-wide number of `lines[0]` (see `UiState::terminal_first`).
    pub first: u64,
    pub input: AttrValue,
    pub completions: Rc<Vec<String>>,
    pub on_msg: Callback<Msg>,
    pub input_ref: NodeRef,
}

#[function_component(Terminal)]
pub fn terminal(props: &TerminalProps) -> Html {
    let on_msg = props.on_msg.clone();
    let output = use_node_ref();
    // The pending "back to the end" frame; dropped (cancelled) with the component.
    let to_end = use_mut_ref(|| None::<AnimationFrame>);
    let oninput = {
        let on_msg = on_msg.clone();
        Callback::from(move |e: InputEvent| {
            on_msg.emit(Msg::TerminalInput(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ));
        })
    };
    let output_ref = output.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
        "Enter" => {
            e.prevent_default();
            on_msg.emit(Msg::TerminalSubmit);
            // A typed command's output must be seen, even by a reader who scrolled up: back to
            // the end (0 in a column-reverse scroller), where new lines then stay in view. At
            // the next frame, when the layout is computed anyway, rather than forcing one now.
            let output_ref = output_ref.clone();
            *to_end.borrow_mut() = Some(request_animation_frame(move |_| {
                if let Some(out) = output_ref.cast::<web_sys::Element>() {
                    out.set_scroll_top(0);
                }
            }));
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
            // A column-reverse scroller starts at its end and stays there as lines arrive, unless
            // the reader scrolled up: no script reads the layout after each command.
            <div class="term-output" ref={output} data-testid="terminal-output" role="log" aria-live="off" tabindex="0">
                <div class="term-lines">
                    { for props.lines.iter().enumerate().map(|(i, l)| line_html(props.first + i as u64, l)) }
                </div>
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

/// One line, keyed by its session-wide number so that lines dropped at the top (the cap,
/// `clear`) remove DOM nodes instead of rewriting every line below them.
fn line_html(n: u64, line: &TermLine) -> Html {
    match line.kind {
        LineKind::Command => {
            html! { <div key={n} class="tl tl-cmd"><span class="tl-prompt">{ "$ " }</span>{ line.text.clone() }</div> }
        }
        LineKind::Stdout => html! { <div key={n} class="tl">{ line.text.clone() }</div> },
        LineKind::Stderr => html! { <div key={n} class="tl tl-err">{ line.text.clone() }</div> },
        LineKind::Note => html! { <div key={n} class="tl tl-note">{ line.text.clone() }</div> },
    }
}
