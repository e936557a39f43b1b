//! The last line of defence. No input should panic the page (RELIABILITY.md, the fuzz harness),
//! and arithmetic on user data is checked (`overflow-checks` in the release profile), so a panic
//! means a bug. With `panic = "abort"` the module stops for good; instead of a page that
//! silently stops answering, the panic hook replaces it with what happened and the two ways on:
//! reload (the autosaved session comes back), or start fresh with the saved session kept aside
//! (should replaying it be what panics).

use wasm_bindgen::JsCast;

/// Shows [`show`] on any panic, then lets the module abort. `key` is where the page keeps its
/// session, `aside` where "Start fresh" moves it.
pub(crate) fn install(aside: String, key: String) {
    std::panic::set_hook(Box::new(move |info| show(&info.to_string(), &key, &aside)));
}

/// The page's content becomes the crash notice with `message`.
pub(crate) fn show(message: &str, key: &str, aside: &str) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        show_in(&body, message, key, aside);
    }
}

/// [`show`] into `root` (the body; a test's own element, which leaves the test runner's page).
fn show_in(root: &web_sys::Element, message: &str, key: &str, aside: &str) {
    // The buttons' handlers are plain JavaScript: the wasm module is gone once this returns.
    let keep_aside = format!(
        "try{{var s=localStorage.getItem('{key}');if(s!==null){{localStorage.setItem('{aside}',s);localStorage.removeItem('{key}');}}}}catch(e){{}}location.replace(location.pathname);",
    );
    root.set_inner_html(&format!(
        "<main class=\"crash\" role=\"alert\" data-testid=\"crash\">\
<h1>The playground stopped</h1>\
<p>Something inside it went wrong, and it cannot go on in this tab. This is a bug in the playground, not in what you did.</p>\
<pre class=\"crash-message\"></pre>\
<p>Your work up to the last autosave is kept in this browser. Reload to continue from there; if the problem comes back, start fresh: the saved session is then kept aside under \"{aside}\".</p>\
<p><button class=\"primary\" onclick=\"location.reload()\">Reload</button> \
<button onclick=\"{keep_aside}\">Start fresh</button></p></main>"
    ));
    if let Some(pre) = root
        .query_selector(".crash-message")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        pre.set_text_content(Some(message));
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn a_crash_replaces_the_page_with_its_message_as_text() {
        let page = web_sys::window().unwrap().document().unwrap();
        let document = page.create_element("div").unwrap();
        page.body().unwrap().append_child(&document).unwrap();
        super::show_in(
            &document,
            "panicked at <b>attempt to add with overflow</b>",
            "dsp.test",
            "dsp.test.aside",
        );
        let notice = document
            .query_selector("[data-testid=\"crash\"]")
            .unwrap()
            .expect("the notice is shown");
        assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
        let message = document.query_selector(".crash-message").unwrap().unwrap();
        // The message is text, never markup.
        assert_eq!(
            message.text_content().as_deref(),
            Some("panicked at <b>attempt to add with overflow</b>")
        );
        assert!(document
            .query_selector(".crash-message b")
            .unwrap()
            .is_none());
        assert_eq!(document.query_selector_all("button").unwrap().length(), 2);
        document.remove();
    }
}
