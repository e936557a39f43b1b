//! In-browser checks of the editor (headless Chromium): editing keys through execCommand with
//! native undo, Ctrl+Enter, the Escape-then-Tab exit, diagnostics marks and caret moves, and
//! that the overlay, textarea and gutter share their metrics with web/editor.css loaded.
//! Run with `cargo test -p dsp-web --target wasm32-unknown-unknown --lib editor`.
use super::{EditorDiagnostic, ManifestEditor, Severity};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

thread_local! { static APPLIED: Cell<u32> = const { Cell::new(0) }; }

#[derive(Properties, PartialEq)]
struct HostProps {
    initial: AttrValue,
    diags: Rc<Vec<EditorDiagnostic>>,
}

#[function_component(Host)]
fn host(p: &HostProps) -> Html {
    let text = use_state(|| p.initial.clone());
    let on_change = {
        let text = text.clone();
        Callback::from(move |s: String| text.set(AttrValue::from(s)))
    };
    let on_apply = Callback::from(|_| APPLIED.with(|a| a.set(a.get() + 1)));
    html! { <div style="height:300px;display:flex"><ManifestEditor value={(*text).clone()} diagnostics={p.diags.clone()} {on_change} {on_apply} label="YAML" /></div> }
}

async fn mount(initial: &str, diags: Vec<EditorDiagnostic>) -> (Element, HtmlTextAreaElement) {
    let document = web_sys::window().unwrap().document().unwrap();
    // The body is not cleared: wasm-bindgen-test-runner reads its results from it.
    let style = document.create_element("style").unwrap();
    style.set_text_content(Some(include_str!("../../../../web/editor.css")));
    document.head().unwrap().append_child(&style).unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Host>::with_root_and_props(
        root.clone(),
        HostProps {
            initial: AttrValue::from(initial.to_string()),
            diags: Rc::new(diags),
        },
    )
    .render();
    yew::scheduler::flush().await;
    let ta = root
        .query_selector("[data-testid=manifest-editor]")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlTextAreaElement>()
        .unwrap();
    (root, ta)
}

fn key(ta: &HtmlTextAreaElement, k: &str, shift: bool, ctrl: bool) -> bool {
    let init = KeyboardEventInit::new();
    init.set_key(k);
    init.set_shift_key(shift);
    init.set_ctrl_key(ctrl);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let e = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    ta.dispatch_event(&e).unwrap()
}

#[wasm_bindgen_test]
async fn mounts() {
    let (root, _ta) = mount("spec:", vec![]).await;
    assert!(root.query_selector(".tok-key").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn enter_tab_undo_apply_escape() {
    let (root, ta) = mount("spec:", vec![]).await;
    ta.focus().unwrap();
    ta.set_selection_range(5, 5).unwrap();
    assert!(!key(&ta, "Enter", false, false));
    yew::scheduler::flush().await;
    assert_eq!(ta.value(), "spec:\n  ");
    assert_eq!(ta.selection_start().unwrap(), Some(8));
    assert!(!key(&ta, "Tab", false, false));
    yew::scheduler::flush().await;
    assert_eq!(ta.value(), "spec:\n    ");
    assert!(!key(&ta, "Tab", true, false));
    yew::scheduler::flush().await;
    assert_eq!(ta.value(), "spec:\n  ");
    // Native undo: the Shift-Tab, then the Tab, then the Enter.
    let doc = web_sys::window().unwrap().document().unwrap();
    let exec = js_sys::Reflect::get(&doc, &"execCommand".into())
        .unwrap()
        .dyn_into::<js_sys::Function>()
        .unwrap();
    exec.call1(&doc, &"undo".into()).unwrap();
    yew::scheduler::flush().await;
    assert_eq!(ta.value(), "spec:\n    ", "undo 1");
    exec.call1(&doc, &"undo".into()).unwrap();
    exec.call1(&doc, &"undo".into()).unwrap();
    yew::scheduler::flush().await;
    assert_eq!(ta.value(), "spec:", "undo 3");
    // The overlay follows the state.
    let overlay = root.query_selector(".editor-overlay").unwrap().unwrap();
    assert_eq!(overlay.text_content().unwrap().trim_end(), "spec:");
    assert_eq!(
        root.query_selector(".tok-key")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "spec"
    );
    assert!(!key(&ta, "Enter", false, true));
    assert_eq!(APPLIED.with(|a| a.get()), 1);
    assert!(key(&ta, "Escape", false, false));
    assert!(key(&ta, "Shift", true, false));
    assert!(
        key(&ta, "Tab", true, false),
        "Escape, then Shift+Tab leaves the textarea"
    );
    assert!(!key(&ta, "Tab", false, false), "and only once");
}

#[wasm_bindgen_test]
async fn diagnostics_render_and_move_the_caret() {
    let text = "a: 1\nkéy: 🚀x\n";
    let d = EditorDiagnostic {
        line: 2,
        column: 6,
        severity: Severity::Error,
        message: "bad value".into(),
    };
    let (root, ta) = mount(text, vec![d]).await;
    let list = root
        .query_selector("[data-testid=diagnostics]")
        .unwrap()
        .unwrap();
    assert!(list.text_content().unwrap().contains("bad value"));
    let gutter = root
        .query_selector(".gutter-line.diag-error")
        .unwrap()
        .unwrap();
    assert_eq!(gutter.text_content().unwrap(), "2");
    assert_eq!(gutter.get_attribute("title").unwrap(), "Error: bad value");
    let marked = root
        .query_selector(".editor-overlay .diag-error")
        .unwrap()
        .unwrap();
    assert_eq!(marked.text_content().unwrap(), "🚀x");
    assert_eq!(ta.get_attribute("aria-invalid").as_deref(), Some("true"));
    let button = list
        .query_selector("button")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap();
    button.click();
    let doc = web_sys::window().unwrap().document().unwrap();
    assert_eq!(
        doc.active_element().unwrap(),
        ta.clone().unchecked_into::<Element>()
    );
    // Line 2 col 6 = after "kéy: " (5 UTF-16 units) on a line starting at unit 5.
    assert_eq!(ta.selection_start().unwrap(), Some(10));
    // Font metrics of overlay and textarea agree.
    let w = web_sys::window().unwrap();
    let code = root
        .query_selector(".editor-overlay code")
        .unwrap()
        .unwrap();
    let pre = root.query_selector(".editor-overlay").unwrap().unwrap();
    for prop in [
        "font-family",
        "font-size",
        "line-height",
        "padding-top",
        "padding-left",
        "letter-spacing",
        "white-space",
    ] {
        let a = w
            .get_computed_style(&ta)
            .unwrap()
            .unwrap()
            .get_property_value(prop)
            .unwrap();
        let b = w
            .get_computed_style(&pre)
            .unwrap()
            .unwrap()
            .get_property_value(prop)
            .unwrap();
        assert_eq!(a, b, "{prop}");
    }
    let c = w
        .get_computed_style(&code)
        .unwrap()
        .unwrap()
        .get_property_value("font-size")
        .unwrap();
    assert_eq!(c, "13px");
    let ta_rect = ta.get_bounding_client_rect();
    let code_rect = code.get_bounding_client_rect();
    assert_eq!(
        (ta_rect.top() + 8.0, ta_rect.left() + 12.0),
        (code_rect.top(), code_rect.left())
    );
    let first_gutter = root
        .query_selector(".gutter-line")
        .unwrap()
        .unwrap()
        .get_bounding_client_rect();
    assert_eq!(first_gutter.top(), code_rect.top());
    assert_eq!(first_gutter.height(), 20.0);
}
