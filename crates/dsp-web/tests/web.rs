//! Browser tests: the app in headless Chromium, mounted in a node each test creates itself,
//! with the clock paused so simulated time moves only when a test steps it.
//! Run with `wasm-pack test --headless --chrome --mode no-install crates/dsp-web`
//! or `cargo test --target wasm32-unknown-unknown -p dsp-web`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement, PointerEvent, PointerEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

struct Page {
    root: Element,
}

impl Page {
    async fn mount() -> Page {
        let document = web_sys::window().unwrap().document().unwrap();
        // Each test gets its own root; earlier roots are detached so their elements cannot be
        // hit by this test's pointer events (the runner's own output element stays).
        let old = document.query_selector_all(".dsp-test-root").unwrap();
        for i in 0..old.length() {
            if let Some(el) = old.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                el.remove();
            }
        }
        let root = document.create_element("div").unwrap();
        root.set_class_name("dsp-test-root");
        document.body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<dsp_web::App>::with_root_and_props(
            root.clone(),
            dsp_web::AppProps {
                seed: dsp_web::DEFAULT_SEED,
                autoplay: false,
                persist: false,
            },
        )
        .render();
        yew::scheduler::flush().await;
        Page { root }
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
            .collect()
    }

    fn one(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    fn testid(&self, id: &str) -> Element {
        self.one(&format!("[data-testid=\"{id}\"]"))
    }

    async fn click(&self, selector: &str) {
        self.one(selector)
            .dyn_into::<HtmlElement>()
            .unwrap()
            .click();
        yew::scheduler::flush().await;
    }

    async fn command(&self, line: &str) {
        let input: HtmlInputElement = self.testid("terminal-input").dyn_into().unwrap();
        input.set_value(line);
        let ev = web_sys::InputEvent::new("input").unwrap();
        input.dispatch_event(&ev).unwrap();
        yew::scheduler::flush().await;
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Enter");
        init.set_bubbles(true);
        let key =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        input.dispatch_event(&key).unwrap();
        yew::scheduler::flush().await;
    }

    /// Steps the paused clock to each next timer until `done` holds.
    async fn step_until(&self, what: &str, done: impl Fn(&Page) -> bool) {
        for _ in 0..200 {
            if done(self) {
                return;
            }
            self.click("[data-testid=\"clock-step\"]").await;
        }
        panic!("never reached: {what}");
    }

    fn pods(&self, extra: &str) -> Vec<Element> {
        self.all(&format!("[data-testid=\"pod-tile\"]{extra}"))
    }

    fn terminal_text(&self) -> String {
        self.testid("terminal-output")
            .text_content()
            .unwrap_or_default()
    }

    /// A synthetic pointer drag from the centre of `from` to the centre of `to`.
    async fn drag(&self, from: &str, to: &str) {
        self.drag_interrupted(from, to, None).await;
    }

    /// Like [`Page::drag`], but once the drag is over `to`, fires `interrupt` (an event type
    /// and a pointer id) at the dragged element before the release.
    async fn drag_interrupted(&self, from: &str, to: &str, interrupt: Option<(&str, i32)>) {
        let source = self.one(from);
        let target = self.one(to);
        // Lanes sit one above the other in this unstyled page: bring the target's top to the
        // viewport's top, and the source card (just below it) comes along.
        target.scroll_into_view();
        let a = source.get_bounding_client_rect();
        let (ax, ay) = (a.left() + a.width() / 2.0, a.top() + 8.0);
        let fire_as = |pointer_id: i32, el: &Element, kind: &str, x: f64, y: f64| {
            let init = PointerEventInit::new();
            init.set_pointer_id(pointer_id);
            init.set_is_primary(true);
            init.set_button(0);
            init.set_bubbles(true);
            init.set_client_x(x as i32);
            init.set_client_y(y as i32);
            let ev = PointerEvent::new_with_event_init_dict(kind, &init).unwrap();
            el.dispatch_event(&ev).unwrap();
        };
        let fire = |el: &Element, kind: &str, x: f64, y: f64| fire_as(7, el, kind, x, y);
        fire(&source, "pointerdown", ax, ay);
        yew::scheduler::flush().await;
        fire(&source, "pointermove", ax + 10.0, ay + 10.0);
        yew::scheduler::flush().await;
        let b = target.get_bounding_client_rect();
        let (bx, by) = (
            b.left() + b.width() / 2.0,
            b.top() + b.height().min(30.0) / 2.0,
        );
        fire(&source, "pointermove", bx, by);
        yew::scheduler::flush().await;
        if let Some((kind, pointer_id)) = interrupt {
            fire_as(pointer_id, &source, kind, bx, by);
            yew::scheduler::flush().await;
            fire(&source, "pointermove", bx, by + 1.0);
            yew::scheduler::flush().await;
        }
        fire(&source, "pointerup", bx, by);
        yew::scheduler::flush().await;
    }
}

#[wasm_bindgen_test]
async fn the_articles_two_nodes_render() {
    let page = Page::mount().await;
    let names: Vec<String> = page
        .all("[data-testid=\"node-card\"]")
        .iter()
        .filter_map(|e| e.get_attribute("data-node"))
        .collect();
    assert_eq!(
        names,
        vec!["10.0.10.5".to_string(), "10.0.10.7".to_string()]
    );
    assert!(page
        .root
        .text_content()
        .unwrap()
        .contains("DaemonSet Playground"));
}

#[wasm_bindgen_test]
async fn dragging_a_node_into_the_selector_lane_starts_its_pod_and_dragging_it_out_stops_it() {
    let page = Page::mount().await;
    page.click("[data-testid=\"apply\"]").await;
    assert!(page
        .terminal_text()
        .contains("daemonset.apps/frontend created"));
    assert!(page.pods("").is_empty());

    let card = "[data-testid=\"node-card\"][data-node=\"10.0.10.5\"]";
    page.drag(
        card,
        "[data-testid=\"lane\"][data-lane-value=\"frontend-node\"]",
    )
    .await;
    assert!(page
        .terminal_text()
        .contains("kubectl label node 10.0.10.5 app=frontend-node --overwrite"));
    page.step_until("a Running pod on 10.0.10.5", |p| {
        p.pods("[data-node=\"10.0.10.5\"][data-phase=\"Running\"]")
            .len()
            == 1
    })
    .await;

    page.drag(card, "[data-testid=\"lane\"][data-lane-value=\"\"]")
        .await;
    assert!(page
        .terminal_text()
        .contains("kubectl label node 10.0.10.5 app-"));
    page.step_until("the pod on 10.0.10.5 is gone", |p| {
        p.pods("[data-node=\"10.0.10.5\"]").is_empty()
    })
    .await;
}

#[wasm_bindgen_test]
async fn set_image_under_rolling_update_replaces_tiles_one_node_at_a_time() {
    let page = Page::mount().await;
    page.command("kubectl apply -f manifest.yaml").await;
    page.command("kubectl label node 10.0.10.5 10.0.10.7 app=frontend-node")
        .await;
    page.step_until("two Running pods", |p| {
        p.pods("[data-phase=\"Running\"]").len() == 2
    })
    .await;
    page.command(r#"kubectl patch ds frontend -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1}}}}'"#).await;
    page.command("kubectl set image ds/frontend webserver=httpd")
        .await;
    assert!(page
        .terminal_text()
        .contains("daemonset.apps/frontend image updated"));
    // With maxUnavailable 1, never both nodes without an available pod at the same time.
    for _ in 0..200 {
        let old_running = page
            .pods("[data-revision=\"1\"][data-phase=\"Running\"]")
            .len();
        let new_running = page
            .pods("[data-revision=\"2\"][data-phase=\"Running\"]")
            .len();
        assert!(
            old_running + new_running >= 1,
            "both nodes were down at once"
        );
        if new_running == 2 {
            return;
        }
        page.click("[data-testid=\"clock-step\"]").await;
    }
    panic!("the rollout never finished");
}

#[wasm_bindgen_test]
async fn a_yaml_error_is_shown_at_its_line() {
    let page = Page::mount().await;
    let editor: HtmlTextAreaElement = page.testid("manifest-editor").dyn_into().unwrap();
    editor.set_value("apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: x\nspec:\n  selector: [unclosed\n");
    let ev = web_sys::InputEvent::new("input").unwrap();
    editor.dispatch_event(&ev).unwrap();
    // The text is checked once typing pauses (180 ms): wait for it, up to two seconds.
    let mut diagnostics = String::new();
    for _ in 0..40 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
        yew::scheduler::flush().await;
        diagnostics = page
            .testid("diagnostics")
            .text_content()
            .unwrap_or_default();
        if diagnostics.contains("line 6") {
            break;
        }
    }
    assert!(
        diagnostics.contains("6:") || diagnostics.contains("line 6"),
        "diagnostics: {diagnostics}"
    );
}

/// The node card `name` sits in the lane of label value `value` ("" for the no-value lane).
fn card_in_lane(page: &Page, name: &str, value: &str) -> bool {
    page.all(&format!(
        "[data-testid=\"lane\"][data-lane-value=\"{value}\"] [data-testid=\"node-card\"][data-node=\"{name}\"]"
    ))
    .len()
        == 1
}

/// Drags 10.0.10.5 towards the frontend-node lane, interrupted by `interrupt` before the
/// release; returns whether the node was relabelled.
async fn interrupted_drag_relabels(interrupt: (&str, i32)) -> bool {
    let page = Page::mount().await;
    page.click("[data-testid=\"apply\"]").await;
    assert!(card_in_lane(&page, "10.0.10.5", ""));
    page.drag_interrupted(
        "[data-testid=\"node-card\"][data-node=\"10.0.10.5\"]",
        "[data-testid=\"lane\"][data-lane-value=\"frontend-node\"]",
        Some(interrupt),
    )
    .await;
    assert!(
        page.all(".dragging").is_empty(),
        "the card still follows the pointer"
    );
    let relabelled = page
        .terminal_text()
        .contains("kubectl label node 10.0.10.5 app=frontend-node");
    assert_eq!(
        card_in_lane(&page, "10.0.10.5", "frontend-node"),
        relabelled
    );
    assert_eq!(card_in_lane(&page, "10.0.10.5", ""), !relabelled);
    relabelled
}

#[wasm_bindgen_test]
async fn a_pointercancel_mid_drag_ends_it_without_relabelling() {
    assert!(!interrupted_drag_relabels(("pointercancel", 7)).await);
}

#[wasm_bindgen_test]
async fn a_lost_pointer_capture_mid_drag_ends_it_without_relabelling() {
    assert!(!interrupted_drag_relabels(("lostpointercapture", 7)).await);
}

#[wasm_bindgen_test]
async fn another_pointers_cancel_leaves_the_drag_to_drop() {
    assert!(interrupted_drag_relabels(("pointercancel", 8)).await);
}
