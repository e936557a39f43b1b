//! The tutorial side panel: the current step's goal pinned at the top with a live checklist of
//! its conditions (what the step's completion is made of, so the two cannot disagree), then the
//! list of steps with their done marks, the current step opened up (explanation, a hint with
//! its commands to paste or copy, "Show me", "Reset to this step"), and Previous/Next.
//!
//! The panel owns no state: the page passes the current step, the done flags and the checklist
//! in, and hears about every click through callbacks, so saved progress and the checks stay in
//! the store.

use std::rc::Rc;

use yew::prelude::*;

use super::{done_count, inline_code, is_command, steps, Step};

#[derive(Properties, PartialEq, Clone)]
pub struct TutorialPanelProps {
    /// Index of the opened step (clamped to the last step).
    pub current: usize,
    /// Done flag per step; missing entries count as not done.
    pub done: Rc<Vec<bool>>,
    /// The current step's conditions and whether each holds now.
    #[prop_or_default]
    pub checklist: Rc<Vec<(&'static str, bool)>>,
    /// The current step's expectations the cluster does not meet.
    #[prop_or_default]
    pub mismatches: Rc<Vec<&'static str>>,
    /// Where the cluster came from when it is not the tutorial's own ("the scenario …").
    #[prop_or_default]
    pub origin: Option<AttrValue>,
    /// Put a command into the terminal's input (the learner presses Enter).
    #[prop_or_default]
    pub on_fill: Callback<String>,
    /// Copy a command to the clipboard.
    #[prop_or_default]
    pub on_copy: Callback<String>,
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
            if let Some(origin) = &props.origin {
                <p class="tutorial-origin" data-testid="tutorial-origin">
                    { format!("This cluster comes from {origin}, not from the tutorial. The tutorial leaves it as it is: \
                        each step checks what your cluster holds and says when it differs from what the step expects. \
                        \"Reset to this step\" rebuilds the article's cluster for a step and keeps this session aside \
                        in this browser, with a button to come back to it.") }
                </p>
            }
            { goal_now(props, current, finished == n) }
            <ol class="tutorial-steps">
                { for all.iter().enumerate().map(|(i, step)| step_item(props, i, step, i == current)) }
            </ol>
        </aside>
    }
}

/// The current step's goal and its checklist, pinned where the learner works (the top of the
/// panel; the bottom of the screen on a phone), with Next once it is done and a closing word
/// after the last step.
fn goal_now(props: &TutorialPanelProps, current: usize, all_done: bool) -> Html {
    let all = steps();
    let n = all.len();
    let step = &all[current];
    let done = props.done.get(current).copied().unwrap_or(false);
    let next = {
        let cb = props.on_select.clone();
        Callback::from(move |_: MouseEvent| cb.emit((current + 1).min(n - 1)))
    };
    html! {
        <section class={classes!("tutorial-now", done.then_some("done"))} data-testid="tutorial-goal"
            aria-label="The current step's goal" aria-live="polite">
            <p class="tutorial-now-step">{ format!("Step {} of {n} · {}", current + 1, step.title) }</p>
            <p class="tutorial-now-goal">{ step.goal }</p>
            <ul class="tutorial-checklist" data-testid="tutorial-checklist">
                { for props.checklist.iter().map(|(text, holds)| html! {
                    <li class={classes!(holds.then_some("holds"))} data-holds={holds.to_string()}>
                        <span class="tutorial-check" aria-hidden="true">{ if *holds { "✓" } else { "✗" } }</span>
                        { *text }
                        <span class="sr-only">{ if *holds { ": yes" } else { ": not yet" } }</span>
                    </li>
                }) }
            </ul>
            if all_done {
                <p class="tutorial-finished" data-testid="tutorial-finished">
                    { "You have finished the tutorial. The scenarios (in the header) show more situations \
                        to try, and Share makes a link to exactly what you built." }
                </p>
            } else if done && current + 1 < n {
                <p class="tutorial-now-next">
                    <span>{ "Done." }</span>
                    <button class="primary" data-testid="tutorial-goal-next" onclick={next}>{ "Next step →" }</button>
                </p>
            }
        </section>
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
            if done {
                <p class="tutorial-goal"><span class="badge ok tutorial-done-badge">{ "done" }</span></p>
            } else if !props.mismatches.is_empty() {
                <div class="tutorial-mismatch" role="status" data-testid="tutorial-mismatch">
                    <p>{ "This step starts from a cluster where:" }</p>
                    <ul>
                        { for props.mismatches.iter().map(|text| html! {
                            <li><span class="tutorial-check" aria-hidden="true">{ "✗" }</span>{ *text }</li>
                        }) }
                    </ul>
                    <p>
                        { "Yours does not look like that, so the step may not work as written. " }
                        <button data-testid="tutorial-mismatch-reset" onclick={emit(&props.on_reset, index)}>{ "Reset to this step" }</button>
                        { " rebuilds the article's cluster as the step expects it; your session is kept aside in this browser, and the banner offers it back." }
                    </p>
                </div>
            }
            { for step.explain.split("\n\n").map(paragraph) }
            <details class="tutorial-hint" data-testid="tutorial-hint">
                <summary>{ "Hint: how to do it" }</summary>
                <ul class="tutorial-how">
                    { for step.how.iter().map(|entry| how_entry(props, entry)) }
                </ul>
            </details>
            <div class="tutorial-actions">
                <button class="primary" data-testid="tutorial-show-me" onclick={emit(&props.on_show_me, index)}
                    aria-label="Show me: put this step's commands into the terminal, one at a time"
                    title="Put this step's first command into the terminal; press Enter to run it">{ "Show me" }</button>
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

/// A how-to entry: a command line as code with "Paste" (into the terminal's input) and "Copy",
/// a gesture as text.
fn how_entry(props: &TutorialPanelProps, entry: &'static str) -> Html {
    if is_command(entry) {
        let send = |cb: &Callback<String>| {
            let cb = cb.clone();
            Callback::from(move |_: MouseEvent| cb.emit(entry.to_string()))
        };
        html! {
            <li class="tutorial-how-cmd">
                <code class="tutorial-cmd">{ entry }</code>
                <span class="tutorial-cmd-actions">
                    <button data-testid="tutorial-fill" onclick={send(&props.on_fill)}
                        aria-label={format!("Paste into the terminal: {entry}")}>{ "Paste" }</button>
                    <button data-testid="tutorial-copy" onclick={send(&props.on_copy)}
                        aria-label={format!("Copy: {entry}")}>{ "Copy" }</button>
                </span>
            </li>
        }
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
            checklist: Rc::new(vec![
                ("A node is Ready", true),
                ("ds/frontend exists", false),
            ]),
            on_fill: {
                let log = log.clone();
                Callback::from(move |line: String| log.borrow_mut().push(format!("fill:{line}")))
            },
            on_copy: Callback::noop(),
            mismatches: Rc::new(Vec::new()),
            origin: None,
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
        // The pinned goal: the current step's, with a mark per condition.
        let goal = root
            .query_selector("[data-testid=tutorial-goal]")
            .unwrap()
            .unwrap();
        assert!(goal.text_content().unwrap().contains(steps()[3].goal));
        let marks: Vec<String> = all(&root, "[data-testid=tutorial-checklist] li")
            .iter()
            .map(|li| li.get_attribute("data-holds").unwrap())
            .collect();
        assert_eq!(marks, ["true", "false"]);
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
        click(&root, "[data-testid=tutorial-fill]");
        click(&root, "[data-testid=tutorial-next]");
        click(&root, "[data-step=\"5\"] .tutorial-step-title");
        click(&root, ".tutorial-close");
        assert_eq!(
            *log.borrow(),
            vec![
                "show:0".to_string(),
                "reset:0".into(),
                format!("fill:{}", steps()[0].how[0]),
                "select:1".into(),
                "select:5".into(),
                "close".into()
            ]
        );
        root.remove();
    }
}
