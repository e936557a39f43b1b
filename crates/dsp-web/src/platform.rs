//! The browser side of effects: localStorage, the URL, the clipboard, downloads.
//! Every function tolerates a missing API (private mode, an iframe without storage access,
//! headless tests) and reports failure instead of panicking.

use wasm_bindgen::JsCast;

/// localStorage key of the autosaved session.
pub const SESSION_KEY: &str = "dsp.session";
/// Where a saved session that could not be read is kept, so it is never silently lost.
pub const UNREADABLE_KEY: &str = "dsp.session.unreadable";

/// localStorage as web-sys gives it. Not gloo-storage: its `LocalStorage` throws where storage is
/// refused (an embed in a third-party iframe with storage blocked), and it stores JSON values
/// where these keys hold text as it is (an unreadable session is kept byte for byte).
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

/// Offers `content` as a file download (through gloo-file: the object URL is revoked when it
/// goes out of scope, once the click has started the download).
pub fn download(name: &str, mime: &str, content: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let url = gloo_file::ObjectUrl::from(gloo_file::Blob::new_with_options(content, Some(mime)));
    if let Some(a) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
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
