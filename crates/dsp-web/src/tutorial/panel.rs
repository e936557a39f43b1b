//! The tutorial side panel: the list of steps with their done marks, the current step opened
//! up (goal, explanation, how-to, "Show me", "Reset to this step"), and Previous/Next.
//!
//! The panel owns no state: the page passes the current step and the done flags in, and hears
//! about every click through callbacks, so saved progress and the checks stay in the store.

use std::rc::Rc;

use yew::prelude::*;

use super::{done_count, inline_code, is_command, steps, Step};

#[derive(Properties, PartialEq, Clone)]
pub struct TutorialPanelProps {
    /// Index of the opened step (clamped to the last step).
    pub current: usize,
    /// Done flag per step; missing entries count as not done.
    pub done: Rc<Vec<bool>>,
    /// Open another step (list click, Previous, Next).
    pub on_select: Callback<usize>,
    /// Run the step's show-me lines in the terminal.
    pub on_show_me: Callback<usize>,
    /// Rebuild the cluster as it should be at the start of this step.
    pub on_reset: Callback<usize>,
    pub on_close: Callback<()>,
}

#[function_component(TutorialPanel)]
pub fn tutorial_panel(props: &TutorialPanelProps) -> Html {
    let all = steps();
    let n = all.len();
    let current = props.current.min(n.saturating_sub(1));
    let finished = done_count(&props.done);
    let on_close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <aside class="tutorial" aria-labelledby="tutorial-title" data-testid="tutorial">
            <header class="tutorial-head">
                <h2 id="tutorial-title">{ "Tutorial" }</h2>
                <p class="tutorial-progress" data-testid="tutorial-progress" aria-live="polite">
                    { format!("{finished} of {n} done") }
                </p>
                <button class="icon tutorial-close" onclick={on_close} aria-label="Close the tutorial"
                    title="Close the tutorial">{ "×" }</button>
            </header>
            <progress class="tutorial-bar" max={n.to_string()} value={finished.to_string()}
                aria-label="Tutorial progress"></progress>
            <ol class="tutorial-steps">
                { for all.iter().enumerate().map(|(i, step)| step_item(props, i, step, i == current)) }
            </ol>
        </aside>
    }
}

/// One entry of the list; the current one is opened up.
fn step_item(props: &TutorialPanelProps, index: usize, step: &'static Step, open: bool) -> Html {
    let done = props.done.get(index).copied().unwrap_or(false);
    let select = {
        let cb = props.on_select.clone();
        Callback::from(move |_: MouseEvent| cb.emit(index))
    };
    let body_id = format!("tutorial-step-{index}");
    html! {
        <li key={step.id} class={classes!("tutorial-step", open.then_some("open"), done.then_some("done"))}
            data-testid="tutorial-step" data-step={index.to_string()} data-id={step.id}
            data-done={if done { "true" } else { "false" }}
            aria-current={open.then_some("step")}>
            <h3 class="tutorial-step-heading">
                <button class="tutorial-step-title" onclick={select} aria-expanded={open.to_string()}
                    aria-controls={open.then(|| body_id.clone())}>
                    <span class="tutorial-mark" aria-hidden="true">
                        { if done { "✓".to_string() } else { (index + 1).to_string() } }
                    </span>
                    <span class="tutorial-step-name">{ step.title }</span>
                    <span class="sr-only">{ if done { ", done" } else { ", not done yet" } }</span>
                </button>
            </h3>
            if open {
                { step_body(props, index, step, done, body_id) }
            }
        </li>
    }
}

fn step_body(
    props: &TutorialPanelProps,
    index: usize,
    step: &'static Step,
    done: bool,
    body_id: String,
) -> Html {
    let n = steps().len();
    let emit = |cb: &Callback<usize>, i: usize| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(i))
    };
    let previous = index.checked_sub(1);
    let next = (index + 1 < n).then_some(index + 1);
    html! {
        <div class="tutorial-body" id={body_id}>
            <p class="tutorial-goal">
                <strong>{ "Goal: " }</strong>{ step.goal }
                if done {
                    <span class="badge ok tutorial-done-badge">{ "done" }</span>
                }
            </p>
            { for step.explain.split("\n\n").map(paragraph) }
            <h4 class="tutorial-how-title">{ "How" }</h4>
            <ul class="tutorial-how">
                { for step.how.iter().map(|entry| how_entry(entry)) }
            </ul>
            <div class="tutorial-actions">
                <button class="primary" data-testid="tutorial-show-me" onclick={emit(&props.on_show_me, index)}
                    aria-label="Show me: run this step's commands in the terminal"
                    title="Run this step's commands in the terminal">{ "Show me" }</button>
                <button data-testid="tutorial-reset" onclick={emit(&props.on_reset, index)}
                    aria-label="Reset to this step: rebuild the cluster as it is when this step begins"
                    title="Start over from a fresh cluster and replay the steps before this one">{ "Reset to this step" }</button>
            </div>
            <nav class="tutorial-nav" aria-label="Tutorial steps">
                <button data-testid="tutorial-prev" disabled={previous.is_none()}
                    onclick={emit(&props.on_select, previous.unwrap_or(index))}>{ "← Previous" }</button>
                <span class="tutorial-position">{ format!("Step {} of {n}", index + 1) }</span>
                <button data-testid="tutorial-next" disabled={next.is_none()}
                    onclick={emit(&props.on_select, next.unwrap_or(index))}>{ "Next →" }</button>
            </nav>
        </div>
    }
}

/// A paragraph of explanation, `backticked` parts as code.
fn paragraph(text: &'static str) -> Html {
    html! {
        <p class="tutorial-explain">
            { for inline_code(text).into_iter().map(|(piece, code)| if code {
                html! { <code>{ piece }</code> }
            } else {
                html! { { piece } }
            }) }
        </p>
    }
}

/// A how-to entry: command lines as code, gestures as text.
fn how_entry(entry: &'static str) -> Html {
    if is_command(entry) {
        html! { <li><code class="tutorial-cmd">{ entry }</code></li> }
    } else {
        html! { <li class="tutorial-gesture">{ entry }</li> }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;
    use web_sys::{Element, HtmlElement};
    use yew::Callback;

    use super::{TutorialPanel, TutorialPanelProps};
    use crate::tutorial::steps;

    wasm_bindgen_test_configure!(run_in_browser);

    /// Mounts the panel on its own root and records every callback as "name:index".
    fn mount(current: usize, done: Vec<bool>) -> (Element, Rc<RefCell<Vec<String>>>) {
        let document = web_sys::window().unwrap().document().unwrap();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        let log = Rc::new(RefCell::new(Vec::new()));
        let record = |name: &'static str| {
            let log = log.clone();
            Callback::from(move |i: usize| log.borrow_mut().push(format!("{name}:{i}")))
        };
        let closed = log.clone();
        let props = TutorialPanelProps {
            current,
            done: Rc::new(done),
            on_select: record("select"),
            on_show_me: record("show"),
            on_reset: record("reset"),
            on_close: Callback::from(move |_| closed.borrow_mut().push("close".into())),
        };
        yew::Renderer::<TutorialPanel>::with_root_and_props(root.clone(), props).render();
        (root, log)
    }

    fn all(root: &Element, selector: &str) -> Vec<Element> {
        let list = root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
            .collect()
    }

    fn click(root: &Element, selector: &str) {
        root.query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no {selector}"))
            .dyn_into::<HtmlElement>()
            .unwrap()
            .click();
    }

    #[wasm_bindgen_test]
    async fn panel_lists_steps_with_done_flags_and_opens_the_current_one() {
        let (root, _) = mount(3, vec![true, true, true]);
        yew::scheduler::flush().await;
        let items = all(&root, "[data-testid=tutorial-step]");
        assert_eq!(items.len(), steps().len());
        for (i, item) in items.iter().enumerate() {
            assert_eq!(item.get_attribute("data-step").unwrap(), i.to_string());
            let done = if i < 3 { "true" } else { "false" };
            assert_eq!(item.get_attribute("data-done").unwrap(), done, "step {i}");
            let current = item.get_attribute("aria-current");
            assert_eq!(current.as_deref(), (i == 3).then_some("step"), "step {i}");
        }
        assert_eq!(all(&root, "[data-testid=tutorial-show-me]").len(), 1);
        assert_eq!(
            all(&root, ".tutorial-cmd").len(),
            steps()[3]
                .how
                .iter()
                .filter(|h| super::is_command(h))
                .count()
        );
        let progress = root
            .query_selector("[data-testid=tutorial-progress]")
            .unwrap()
            .unwrap();
        assert_eq!(
            progress.text_content().unwrap(),
            format!("3 of {} done", steps().len())
        );
        root.remove();
    }

    #[wasm_bindgen_test]
    async fn panel_buttons_report_the_step_they_belong_to() {
        let (root, log) = mount(0, vec![]);
        yew::scheduler::flush().await;
        let prev = root
            .query_selector("[data-testid=tutorial-prev]")
            .unwrap()
            .unwrap();
        assert!(prev.has_attribute("disabled"), "no step before the first");
        click(&root, "[data-testid=tutorial-show-me]");
        click(&root, "[data-testid=tutorial-reset]");
        click(&root, "[data-testid=tutorial-next]");
        click(&root, "[data-step=\"5\"] .tutorial-step-title");
        click(&root, ".tutorial-close");
        assert_eq!(
            *log.borrow(),
            vec!["show:0", "reset:0", "select:1", "select:5", "close"]
        );
        root.remove();
    }
}
