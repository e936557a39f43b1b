//! The manifest editor: a plain `<textarea>` with a syntax-coloured overlay behind it, a
//! line-number gutter, inline diagnostics and a clickable list of them. No JavaScript editor
//! library: the browser keeps doing what it does well (caret, selection, IME, native undo,
//! accessibility), and we draw colours and marks underneath.
//!
//! Start at [`ManifestEditor`]. The text logic is pure and tested natively: [`highlight`]
//! (YAML tokenizer and diagnostic marks), [`indent`] (Tab, Shift-Tab, Enter) and [`text`]
//! (byte / UTF-16 / line-column conversions). The DOM glue lives in `dom.rs`.
//!
//! How it fits together: the textarea's text is transparent (its caret and selection are not);
//! the `<pre aria-hidden>` overlay shows the same text with identical font metrics and follows
//! the textarea's scroll through a `transform`. Editing keys become one [`indent::Edit`],
//! applied with `document.execCommand("insertText")` so the browser's undo stack keeps it.

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;
mod dom;
pub(crate) mod highlight;
pub(crate) mod indent;
pub(crate) mod text;

use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use highlight::{diagnostic_range, highlight_lines, line_segments, Token};

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    fn word(self) -> &'static str {
        match self {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Severity::Error => "diag-error",
            Severity::Warning => "diag-warning",
        }
    }
}

/// A message about the text at a 1-based line and 1-based column (counted in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorDiagnostic {
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub message: String,
}

#[derive(Properties, PartialEq)]
pub struct ManifestEditorProps {
    /// The text. `\r\n` is shown (and reported back) as `\n`, like any textarea.
    pub value: AttrValue,
    #[prop_or_default]
    pub diagnostics: Rc<Vec<EditorDiagnostic>>,
    /// Every change of the text, typed or from an editing key.
    pub on_change: Callback<String>,
    /// Ctrl+Enter / Cmd+Enter.
    #[prop_or_default]
    pub on_apply: Callback<()>,
    #[prop_or_default]
    pub readonly: bool,
    /// Accessible name of the textarea ("Manifest YAML" when empty).
    #[prop_or_default]
    pub label: AttrValue,
}

/// The keyboard help, referenced by the textarea's `aria-describedby`.
pub const KEYBOARD_HINT: &str = "Tab indents and Shift+Tab outdents by two spaces; Enter keeps the indentation. \
     Ctrl+Enter (Cmd+Enter on a Mac) applies. To leave the editor with the keyboard, press Escape, then Tab.";

#[function_component(ManifestEditor)]
pub fn manifest_editor(props: &ManifestEditorProps) -> Html {
    let textarea = use_node_ref();
    let overlay = use_node_ref();
    let gutter = use_node_ref();
    let instance = *use_memo((), |_| NEXT_INSTANCE.fetch_add(1, Ordering::Relaxed));
    // Set by Escape: the next Tab is left to the browser, so keyboard users are never trapped.
    let tab_leaves = use_mut_ref(|| false);
    let text = use_memo(props.value.clone(), |v| match text::normalize_newlines(v) {
        std::borrow::Cow::Borrowed(_) => v.clone(),
        std::borrow::Cow::Owned(s) => AttrValue::from(s),
    });
    let tokens = use_memo(text.clone(), |t| highlight_lines(t));

    {
        // Content changes can move the scroll position without a scroll event reaching us
        // first. Only then: reading `scrollTop` forces a layout, and the page re-renders on every
        // frame while the clock runs.
        let (textarea, overlay, gutter) = (textarea.clone(), overlay.clone(), gutter.clone());
        use_effect_with(text.clone(), move |_| {
            dom::sync_scroll(&textarea, &overlay, &gutter)
        });
    }

    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(ta) = e.target_dyn_into::<HtmlTextAreaElement>() {
                on_change.emit(ta.value());
            }
        })
    };
    let onkeydown = {
        let on_change = props.on_change.clone();
        let on_apply = props.on_apply.clone();
        let readonly = props.readonly;
        let tab_leaves = tab_leaves.clone();
        Callback::from(move |e: KeyboardEvent| {
            on_key(&e, readonly, &tab_leaves, &on_change, &on_apply)
        })
    };
    let onscroll = {
        let (textarea, overlay, gutter) = (textarea.clone(), overlay.clone(), gutter.clone());
        Callback::from(move |_: Event| dom::sync_scroll(&textarea, &overlay, &gutter))
    };
    let onfocus = {
        let tab_leaves = tab_leaves.clone();
        Callback::from(move |_: FocusEvent| *tab_leaves.borrow_mut() = false)
    };

    let lines: Vec<&str> = text.split('\n').collect();
    let by_line = diagnostics_by_line(lines.len(), &props.diagnostics);
    let hint_id = format!("manifest-editor-{instance}-hint");
    let list_id = format!("manifest-editor-{instance}-diagnostics");
    let has_error = props
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    let label = if props.label.is_empty() {
        AttrValue::from("Manifest YAML")
    } else {
        props.label.clone()
    };

    html! {
        <div class={classes!("manifest-editor", props.readonly.then_some("readonly"))}>
            <div class="editor-frame">
                <div class="editor-gutter" aria-hidden="true">
                    <div class="editor-gutter-inner" ref={gutter}>
                        { for (0..lines.len()).map(|i| gutter_line(i, by_line.get(&i))) }
                    </div>
                </div>
                <div class="editor-code">
                    <pre class="editor-overlay" aria-hidden="true"><code ref={overlay}>
                        { for lines.iter().zip(tokens.iter()).enumerate().map(|(i, (line, toks))| {
                            overlay_line(line, toks, by_line.get(&i), i + 1 == lines.len())
                        }) }
                    </code></pre>
                    <textarea ref={textarea.clone()} class="editor-input" data-testid="manifest-editor"
                        value={(*text).clone()} aria-label={label}
                        aria-describedby={format!("{hint_id} {list_id}")}
                        aria-invalid={has_error.then_some("true")}
                        spellcheck="false" autocapitalize="off" autocomplete="off" autocorrect="off"
                        wrap="off" readonly={props.readonly}
                        {oninput} {onkeydown} {onscroll} {onfocus} />
                </div>
            </div>
            <p class="editor-hint" id={hint_id}>{ KEYBOARD_HINT }</p>
            <div class="editor-diagnostics" id={list_id} data-testid="diagnostics"
                data-count={props.diagnostics.len().to_string()}>
                if props.diagnostics.is_empty() {
                    <p class="diag-none">{ "No problems found." }</p>
                } else {
                    <ul>
                        { for props.diagnostics.iter().map(|d| diagnostic_item(d, &textarea)) }
                    </ul>
                }
            </div>
        </div>
    }
}

/// Diagnostics grouped by 0-based line index; lines out of range are clamped to the text, so a
/// diagnostic "at the end of the file" still shows up on the last line.
pub fn diagnostics_by_line(
    line_count: usize,
    diagnostics: &[EditorDiagnostic],
) -> BTreeMap<usize, Vec<&EditorDiagnostic>> {
    let mut map: BTreeMap<usize, Vec<&EditorDiagnostic>> = BTreeMap::new();
    let last = line_count.max(1) - 1;
    for d in diagnostics {
        let index = (d.line.max(1) as usize - 1).min(last);
        map.entry(index).or_default().push(d);
    }
    map
}

/// The worst severity among some diagnostics.
fn worst(diags: &[&EditorDiagnostic]) -> Option<Severity> {
    diags
        .iter()
        .map(|d| d.severity)
        .max_by_key(|s| matches!(s, Severity::Error))
}

static NEXT_INSTANCE: AtomicU32 = AtomicU32::new(0);

fn on_key(
    e: &KeyboardEvent,
    readonly: bool,
    tab_leaves: &Rc<std::cell::RefCell<bool>>,
    on_change: &Callback<String>,
    on_apply: &Callback<()>,
) {
    let key = e.key();
    if matches!(key.as_str(), "Shift" | "Control" | "Alt" | "Meta") || e.is_composing() {
        // Modifiers alone keep "Escape, then Shift+Tab" working; IME composition owns its keys.
        return;
    }
    let escaped = std::mem::replace(&mut *tab_leaves.borrow_mut(), false);
    let command = e.ctrl_key() || e.meta_key();
    let Some(ta) = e.target_dyn_into::<HtmlTextAreaElement>() else {
        return;
    };
    match key.as_str() {
        "Escape" => *tab_leaves.borrow_mut() = true,
        "Enter" if command => {
            e.prevent_default();
            if !readonly {
                on_apply.emit(());
            }
        }
        "Tab" if escaped || readonly || command || e.alt_key() => {}
        "Tab" => {
            e.prevent_default();
            if e.shift_key() {
                dom::run_edit(&ta, on_change, indent::outdent);
            } else {
                dom::run_edit(&ta, on_change, |t, s, e| Some(indent::indent(t, s, e)));
            }
        }
        "Enter" if !readonly && !e.alt_key() => {
            e.prevent_default();
            dom::run_edit(&ta, on_change, |t, s, e| Some(indent::newline(t, s, e)));
        }
        _ => {}
    }
}

fn gutter_line(index: usize, diags: Option<&Vec<&EditorDiagnostic>>) -> Html {
    let severity = diags.and_then(|d| worst(d));
    let title = diags.map(|d| {
        d.iter()
            .map(|d| format!("{}: {}", d.severity.word(), d.message))
            .collect::<Vec<_>>()
            .join("\n")
    });
    html! {
        <div class={classes!("gutter-line", severity.map(|s| s.class()))} {title}>{ index + 1 }</div>
    }
}

fn overlay_line(
    line: &str,
    tokens: &[Token],
    diags: Option<&Vec<&EditorDiagnostic>>,
    last: bool,
) -> Html {
    let marks: Vec<(usize, usize, Severity)> = diags
        .map(|ds| {
            ds.iter()
                .map(|d| {
                    let (s, e) = diagnostic_range(line, d.column);
                    (s, e, d.severity)
                })
                .collect()
        })
        .unwrap_or_default();
    let eol_mark = worst(
        &diags
            .map(|ds| {
                ds.iter()
                    .copied()
                    .filter(|d| diagnostic_range(line, d.column).0 == line.len())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    let segments = line_segments(tokens, &marks);
    html! {
        <>
            { for segments.iter().map(|s| {
                let piece = line.get(s.start..s.end).unwrap_or_default().to_string();
                match (s.kind.class(), s.mark) {
                    (None, None) => html! { { piece } },
                    (kind, mark) => html! {
                        <span class={classes!(kind, mark.map(|m| classes!("diag", m.class())))}>{ piece }</span>
                    },
                }
            }) }
            if let Some(sev) = eol_mark {
                <span class={classes!("diag", "diag-eol", sev.class())}>{ " " }</span>
            }
            // A trailing newline needs a character after it to take up its line's height.
            { if last { " " } else { "\n" } }
        </>
    }
}

fn diagnostic_item(d: &EditorDiagnostic, textarea: &NodeRef) -> Html {
    let onclick = {
        let textarea = textarea.clone();
        let (line, column) = (d.line, d.column);
        Callback::from(move |_: MouseEvent| dom::reveal(&textarea, line, column))
    };
    html! {
        <li class={classes!("diag-item", d.severity.class())} data-line={d.line.to_string()} data-column={d.column.to_string()}>
            <button type="button" {onclick}>
                <span class="diag-sev">{ d.severity.word() }</span>
                <span class="diag-pos">{ format!(" line {}, column {}: ", d.line, d.column) }</span>
                <span class="diag-msg">{ d.message.clone() }</span>
            </button>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(line: u32, severity: Severity) -> EditorDiagnostic {
        EditorDiagnostic {
            line,
            column: 1,
            severity,
            message: format!("at {line}"),
        }
    }

    #[test]
    fn diagnostics_group_by_line_and_clamp_to_the_text() {
        let ds = vec![
            diag(2, Severity::Warning),
            diag(0, Severity::Error),
            diag(9, Severity::Error),
            diag(2, Severity::Error),
        ];
        let map = diagnostics_by_line(3, &ds);
        let shown: Vec<(usize, Vec<&str>)> = map
            .iter()
            .map(|(i, v)| (*i, v.iter().map(|d| d.message.as_str()).collect()))
            .collect();
        assert_eq!(
            shown,
            vec![
                (0, vec!["at 0"]),
                (1, vec!["at 2", "at 2"]),
                (2, vec!["at 9"])
            ]
        );
        assert_eq!(worst(&map[&1]), Some(Severity::Error));
        assert_eq!(worst(&[&ds[0]]), Some(Severity::Warning));
        assert_eq!(worst(&[]), None);
    }
}
