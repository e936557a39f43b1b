//! The browser side of effects: localStorage, the URL, the clipboard, downloads.
//! Every function tolerates a missing API (private mode, an iframe without storage access,
//! headless tests) and reports failure instead of panicking.

use wasm_bindgen::JsCast;

/// localStorage key of the autosaved session.
pub const SESSION_KEY: &str = "dsp.session";
/// Where a saved session that could not be read is kept, so it is never silently lost.
pub const UNREADABLE_KEY: &str = "dsp.session.unreadable";

/// Set once a visitor answered the first-visit invitation to the tutorial.
pub const INVITED_KEY: &str = "dsp.tutorial-invited";

/// Embedded pages (`?embed`) keep their sessions under keys of their own that start with this,
/// one per scenario, so a blog's iframe never touches the reader's own session or tutorial.
pub const EMBED_KEY_PREFIX: &str = "dsp.embed";

/// The localStorage key this page keeps its session under, from its query string.
pub fn session_key(search: &str) -> String {
    if query_param(search, "embed").is_none() {
        return SESSION_KEY.to_string();
    }
    match query_param(search, "scenario").filter(|s| !s.is_empty()) {
        Some(name) => format!("{EMBED_KEY_PREFIX}.{name}"),
        None => EMBED_KEY_PREFIX.to_string(),
    }
}

/// Where a session that could not be read is kept, for the session kept under `key`.
pub fn unreadable_key(key: &str) -> String {
    if key == SESSION_KEY {
        UNREADABLE_KEY.to_string()
    } else {
        format!("{key}.unreadable")
    }
}

/// Where the session that a shared link or a scenario replaced is kept ("Back to my own
/// session"), for the session kept under `key`.
pub fn before_key(key: &str) -> String {
    format!("{key}.before")
}

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

/// Puts `text` on the clipboard (asynchronously; refused silently where the page may not).
pub fn copy(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
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

/// Takes `key=…` out of the address bar's query string (a scenario, once it is loaded: a reload
/// then restores the saved session instead of running the scenario over the work).
pub fn drop_query_param(key: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let loc = window.location();
    if let (Ok(path), Ok(search), Ok(hash)) = (loc.pathname(), loc.search(), loc.hash()) {
        if let Ok(h) = window.history() {
            let url = format!("{path}{}{hash}", without_param(&search, key));
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

/// `search` without `key` (and `?` when nothing is left).
pub fn without_param(search: &str, key: &str) -> String {
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(key))
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
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
    use super::*;

    #[test]
    fn embeds_keep_their_sessions_apart_from_the_main_page_and_each_other() {
        assert_eq!(session_key(""), SESSION_KEY);
        assert_eq!(session_key("?scenario=surge"), SESSION_KEY);
        assert_eq!(session_key("?embed&scenario=surge"), "dsp.embed.surge");
        assert_eq!(session_key("?scenario=article&embed"), "dsp.embed.article");
        assert_eq!(session_key("?embed"), "dsp.embed");
        assert_eq!(unreadable_key(SESSION_KEY), UNREADABLE_KEY);
        assert_eq!(
            unreadable_key("dsp.embed.surge"),
            "dsp.embed.surge.unreadable"
        );
        assert_eq!(before_key(SESSION_KEY), "dsp.session.before");
    }

    #[test]
    fn a_param_is_dropped_and_the_rest_kept() {
        assert_eq!(without_param("?scenario=surge", "scenario"), "");
        assert_eq!(without_param("?embed&scenario=surge", "scenario"), "?embed");
        assert_eq!(without_param("?a=1&scenario=x&b", "scenario"), "?a=1&b");
        assert_eq!(without_param("", "scenario"), "");
        assert_eq!(without_param("?scenarios=1", "scenario"), "?scenarios=1");
    }

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
