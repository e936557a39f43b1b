//! Browser tests: the app in headless Chromium, mounted in a node each test creates itself.
//! Run with `wasm-pack test --headless --chrome --mode no-install crates/dsp-web`
//! or `cargo test --target wasm32-unknown-unknown -p dsp-web`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<dsp_web::App>::with_root(root.clone()).render();
    root
}

fn by_testid(root: &Element, id: &str) -> Element {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={id}"))
}

#[wasm_bindgen_test]
async fn app_mounts_and_renders_the_title() {
    let root = mount();
    yew::scheduler::flush().await;
    assert!(root.text_content().unwrap().contains("DaemonSet Playground"));
}

#[wasm_bindgen_test]
async fn clicking_apply_changes_the_dom() {
    let root = mount();
    yew::scheduler::flush().await;
    assert_eq!(by_testid(&root, "clicks").text_content().unwrap(), "0");
    let button: HtmlElement = by_testid(&root, "apply").dyn_into().unwrap();
    button.click();
    yew::scheduler::flush().await;
    assert_eq!(by_testid(&root, "clicks").text_content().unwrap(), "1");
}
