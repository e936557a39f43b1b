//! The browser side of effects: localStorage, the URL, the clipboard, downloads, dialogs.
//! Every function tolerates a missing API (private mode, an iframe without storage access,
//! headless tests) and reports failure instead of panicking.

use wasm_bindgen::JsCast;

/// localStorage key of the autosaved session.
pub const SESSION_KEY: &str = "dsp.session";
/// Where a saved session that could not be read is kept, so it is never silently lost.
pub const UNREADABLE_KEY: &str = "dsp.session.unreadable";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn save(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// `location.search` and `location.hash`.
pub fn location() -> (String, String) {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return (String::new(), String::new());
    };
    (
        loc.search().unwrap_or_default(),
        loc.hash().unwrap_or_default(),
    )
}

/// Puts `#s=<data>` in the address bar (no navigation) and copies the full URL. Returns the URL.
pub fn share(fragment: &str) -> Option<String> {
    let window = web_sys::window()?;
    let loc = window.location();
    let base = format!(
        "{}{}{}",
        loc.origin().ok()?,
        loc.pathname().ok()?,
        loc.search().ok()?
    );
    let url = format!("{base}#s={fragment}");
    let _ =
        window
            .history()
            .ok()?
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    let _ = window.navigator().clipboard().write_text(&url);
    Some(url)
}

/// Removes the fragment from the address bar (after a shared session was opened or refused).
pub fn clear_fragment() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let loc = window.location();
    if let (Ok(path), Ok(search)) = (loc.pathname(), loc.search()) {
        if let Ok(h) = window.history() {
            let _ = h.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{path}{search}")),
            );
        }
    }
}

/// Offers `content` as a file download.
pub fn download(name: &str, mime: &str, content: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// A window event listener, removed when dropped.
pub struct Listener {
    event: &'static str,
    callback: wasm_bindgen::closure::Closure<dyn Fn()>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback(
                self.event,
                self.callback.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Calls `f` on every `event` of the window until the returned listener is dropped.
pub fn listen(event: &'static str, f: impl Fn() + 'static) -> Option<Listener> {
    let window = web_sys::window()?;
    let callback = wasm_bindgen::closure::Closure::<dyn Fn()>::new(f);
    window
        .add_event_listener_with_callback(event, callback.as_ref().unchecked_ref())
        .ok()?;
    Some(Listener { event, callback })
}

/// Calls `f` with the key of every `keydown` on the window until the listener is dropped.
pub fn listen_keys(f: impl Fn(String) + 'static) -> Option<KeyListener> {
    let window = web_sys::window()?;
    let callback = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(
        move |e: web_sys::KeyboardEvent| f(e.key()),
    );
    window
        .add_event_listener_with_callback("keydown", callback.as_ref().unchecked_ref())
        .ok()?;
    Some(KeyListener { callback })
}

/// A window `keydown` listener, removed when dropped.
pub struct KeyListener {
    callback: wasm_bindgen::closure::Closure<dyn Fn(web_sys::KeyboardEvent)>,
}

impl Drop for KeyListener {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback(
                "keydown",
                self.callback.as_ref().unchecked_ref(),
            );
        }
    }
}

/// `window.confirm`; `false` when there is no window.
pub fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// The value of `key` in a query string like `?scenario=surge&embed`; `Some("")` for a bare key.
pub fn query_param(search: &str, key: &str) -> Option<String> {
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == key).then(|| v.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::query_param;

    #[test]
    fn query_params_are_found_with_and_without_values() {
        assert_eq!(
            query_param("?scenario=surge&embed", "scenario").as_deref(),
            Some("surge")
        );
        assert_eq!(
            query_param("?scenario=surge&embed", "embed").as_deref(),
            Some("")
        );
        assert_eq!(query_param("", "embed"), None);
    }
}
