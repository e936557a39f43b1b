//! The editor's DOM glue: applying an [`Edit`] to the textarea so native undo keeps it,
//! keeping the overlay and gutter aligned with the textarea's scroll, and moving the caret to a
//! diagnostic. Everything here is thin; the decisions are in the pure modules.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, HtmlElement, HtmlTextAreaElement};
use yew::{Callback, NodeRef};

use super::indent::Edit;
use super::text::{byte_to_utf16, line_col_to_byte, line_count, utf16_to_byte};

/// Runs an editing command on the textarea's current text and selection and applies its edit.
pub(super) fn run_edit(
    ta: &HtmlTextAreaElement,
    on_change: &Callback<String>,
    command: impl FnOnce(&str, usize, usize) -> Option<Edit>,
) {
    let text = ta.value();
    let start16 = ta.selection_start().ok().flatten().unwrap_or(0);
    let end16 = ta.selection_end().ok().flatten().unwrap_or(start16);
    let Some(edit) = command(
        &text,
        utf16_to_byte(&text, start16),
        utf16_to_byte(&text, end16),
    ) else {
        return;
    };
    let after = edit.apply(&text);
    let _ = ta.set_selection_range(
        byte_to_utf16(&text, edit.start),
        byte_to_utf16(&text, edit.end),
    );
    // `insertText` goes through the browser's editing pipeline: it fires `input` (which reports
    // the change) and lands on the undo stack. An empty insertion over a range is a delete.
    let executed = match (edit.insert.is_empty(), edit.start == edit.end) {
        (true, true) => true,
        (true, false) => exec_command("delete", ""),
        (false, _) => exec_command("insertText", &edit.insert),
    };
    if !executed || ta.value() != after {
        // No execCommand (or it did something else): set the value. Correct text, but this one
        // step is missing from native undo.
        ta.set_value(&after);
        on_change.emit(after.clone());
    }
    let _ = ta.set_selection_range(
        byte_to_utf16(&after, edit.sel_start),
        byte_to_utf16(&after, edit.sel_end),
    );
}

/// Moves the overlay and the gutter to the textarea's scroll position.
pub(super) fn sync_scroll(textarea: &NodeRef, overlay: &NodeRef, gutter: &NodeRef) {
    let Some(ta) = textarea.cast::<HtmlTextAreaElement>() else {
        return;
    };
    let (top, left) = (ta.scroll_top(), ta.scroll_left());
    if let Some(code) = overlay.cast::<HtmlElement>() {
        let _ = code
            .style()
            .set_property("transform", &format!("translate({}px, {}px)", -left, -top));
    }
    if let Some(g) = gutter.cast::<HtmlElement>() {
        let _ = g
            .style()
            .set_property("transform", &format!("translateY({}px)", -top));
    }
}

/// Focuses the textarea with the caret at `line`:`column` (1-based, characters) and scrolls
/// that line into view.
pub(super) fn reveal(textarea: &NodeRef, line: u32, column: u32) {
    let Some(ta) = textarea.cast::<HtmlTextAreaElement>() else {
        return;
    };
    let text = ta.value();
    let at = byte_to_utf16(&text, line_col_to_byte(&text, line, column));
    let _ = ta.focus();
    let _ = ta.set_selection_range(at, at);
    // Browsers do not reliably scroll a textarea to a caret set from script: estimate the
    // line's position from the scroll height (lines never wrap, so they are all one height).
    let lines = line_count(&text).max(1) as f64;
    let line_px = f64::from(ta.scroll_height()) / lines;
    let y = line_px * (f64::from(line.max(1)) - 1.0);
    let (top, height) = (f64::from(ta.scroll_top()), f64::from(ta.client_height()));
    if y < top || y + line_px > top + height {
        ta.set_scroll_top((y - height / 3.0).max(0.0) as i32);
    }
}

/// `document.execCommand(name, false, value)`, looked up dynamically: it is deprecated and
/// absent from some engines, and web-sys only offers it on `HtmlDocument`.
fn exec_command(name: &str, value: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    call_exec_command(&document, name, value).unwrap_or(false)
}

fn call_exec_command(document: &Document, name: &str, value: &str) -> Option<bool> {
    let f = Reflect::get(document, &JsValue::from_str("execCommand"))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let result = f
        .call3(
            document,
            &JsValue::from_str(name),
            &JsValue::FALSE,
            &JsValue::from_str(value),
        )
        .ok()?;
    result.as_bool()
}
