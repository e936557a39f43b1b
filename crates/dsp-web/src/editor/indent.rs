//! Editing commands as pure functions of (text, selection): Tab / Shift-Tab indent and outdent
//! by two spaces, and Enter with YAML-aware auto-indent. Each returns one [`Edit`] — a single
//! replacement plus the selection afterwards — so the DOM side can apply it with one
//! `insertText` (one native undo step). Offsets are bytes; the caller converts from and to the
//! textarea's UTF-16 offsets (see `text.rs`).

use super::highlight::{highlight_line, TokenKind};
use super::text::{floor_char_boundary, line_bounds, line_end};

/// Indentation unit: YAML forbids tabs, Kubernetes manifests use two spaces.
pub const INDENT: &str = "  ";
const INDENT_WIDTH: usize = INDENT.len();

/// Replace `text[start..end]` with `insert`, then select `sel_start..sel_end` (byte offsets in
/// the text after the replacement).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub insert: String,
    pub sel_start: usize,
    pub sel_end: usize,
}

impl Edit {
    /// The text after this edit (what the textarea holds once it is applied).
    pub fn apply(&self, text: &str) -> String {
        let (start, end) = (
            floor_char_boundary(text, self.start),
            floor_char_boundary(text, self.end),
        );
        let mut out = String::with_capacity(text.len() + self.insert.len());
        out.push_str(&text[..start]);
        out.push_str(&self.insert);
        out.push_str(&text[end.max(start)..]);
        out
    }
}

/// Tab. With no selection: spaces up to the next two-column stop at the caret. With a
/// selection: every line it touches (a last line touched only at its column 0 excepted) gets
/// two more spaces; empty lines are left alone so no trailing whitespace appears.
pub fn indent(text: &str, sel_start: usize, sel_end: usize) -> Edit {
    let (sel_start, sel_end) = ordered(text, sel_start, sel_end);
    if sel_start == sel_end {
        let (line_start, _) = line_bounds(text, sel_start);
        let column = text[line_start..sel_start].chars().count();
        let pad = INDENT_WIDTH - column % INDENT_WIDTH;
        let caret = sel_start + pad;
        return Edit {
            start: sel_start,
            end: sel_start,
            insert: " ".repeat(pad),
            sel_start: caret,
            sel_end: caret,
        };
    }
    let (first, last_end, lines) = touched_lines(text, sel_start, sel_end);
    let mut insert = String::with_capacity(last_end - first + lines.len() * INDENT_WIDTH);
    let (mut new_start, mut new_end) = (sel_start, sel_end);
    for (i, &(ls, le)) in lines.iter().enumerate() {
        if i > 0 {
            insert.push('\n');
        }
        if le > ls {
            insert.push_str(INDENT);
            // A selection starting at column 0 keeps starting there (the whole line stays
            // selected); every position after the line start moves right.
            if sel_start > ls {
                new_start += INDENT_WIDTH;
            }
            if sel_end > ls {
                new_end += INDENT_WIDTH;
            }
        }
        insert.push_str(&text[ls..le]);
    }
    Edit {
        start: first,
        end: last_end,
        insert,
        sel_start: new_start,
        sel_end: new_end,
    }
}

/// Shift-Tab: every line touched by the selection (or the caret's line) loses up to two
/// leading spaces. `None` when no line has any to lose.
pub fn outdent(text: &str, sel_start: usize, sel_end: usize) -> Option<Edit> {
    let (sel_start, sel_end) = ordered(text, sel_start, sel_end);
    let (first, last_end, lines) = touched_lines(text, sel_start, sel_end);
    let mut insert = String::with_capacity(last_end - first);
    let mut removed_total = 0;
    let (mut new_start, mut new_end) = (sel_start, sel_end);
    for (i, &(ls, le)) in lines.iter().enumerate() {
        if i > 0 {
            insert.push('\n');
        }
        let removed = text[ls..le]
            .bytes()
            .take(INDENT_WIDTH)
            .take_while(|&b| b == b' ')
            .count();
        // Positions inside the removed spaces collapse onto the line start.
        let shift = |p: usize| if p <= ls { 0 } else { (p - ls).min(removed) };
        new_start -= shift(sel_start);
        new_end -= shift(sel_end);
        removed_total += removed;
        insert.push_str(&text[ls + removed..le]);
    }
    (removed_total > 0).then_some(Edit {
        start: first,
        end: last_end,
        insert,
        sel_start: new_start,
        sel_end: new_end,
    })
}

/// Enter: replaces the selection with a line break and the indentation the next line wants.
/// - keep the current line's indentation;
/// - two more after a line that opens a block: ends in `:`, a block scalar indicator (`|`,
///   `>-`), or an open `[` / `{` (comments ignored);
/// - in a list: after `- item` a new `- ` at the same place; after `- key: value` the next key
///   of that item, aligned under `key`; on an empty `- ` the dash is removed (ends the list);
/// - spaces right after the caret are dropped, so splitting `a: b` does not indent `b` twice.
pub fn newline(text: &str, sel_start: usize, sel_end: usize) -> Edit {
    let (sel_start, sel_end) = ordered(text, sel_start, sel_end);
    let (ls, _) = line_bounds(text, sel_start);
    let before = &text[ls..sel_start];
    let rest_start = sel_end;
    let rest_end = line_end(text, floor_char_boundary(text, rest_start));
    let spaces_after = text[rest_start..rest_end]
        .bytes()
        .take_while(|&b| b == b' ')
        .count();
    let rest_is_blank = text[rest_start..rest_end].trim().is_empty();

    let shape = LineShape::of(before);
    if shape.dashes > 0 && shape.body_empty && rest_is_blank {
        // Enter on an empty list item: drop the dash instead of starting another one.
        let keep = ls + shape.last_dash_col;
        return Edit {
            start: keep,
            end: rest_end,
            insert: String::new(),
            sel_start: keep,
            sel_end: keep,
        };
    }
    let (indent, dash) = if shape.opens_block {
        (shape.body_col + INDENT_WIDTH, false)
    } else if shape.dashes > 0 && !shape.body_empty {
        if shape.body_is_mapping {
            (shape.body_col, false)
        } else {
            (shape.last_dash_col, true)
        }
    } else {
        (shape.lead, false)
    };
    let mut insert = String::with_capacity(indent + 3);
    insert.push('\n');
    insert.push_str(&" ".repeat(indent));
    if dash {
        insert.push_str("- ");
    }
    let caret = sel_start + insert.len();
    Edit {
        start: sel_start,
        end: sel_end + spaces_after,
        insert,
        sel_start: caret,
        sel_end: caret,
    }
}

/// What Enter needs to know about the text before the caret on its line.
struct LineShape {
    /// Leading spaces.
    lead: usize,
    /// How many `- ` list markers follow the indentation, and the column of the last one.
    dashes: usize,
    last_dash_col: usize,
    /// Column where the content after the dashes starts.
    body_col: usize,
    /// Nothing but whitespace or a comment after the dashes.
    body_empty: bool,
    /// The content after the dashes starts with `key:`.
    body_is_mapping: bool,
    /// Ends (comments aside) with `:`, a block scalar indicator, `[` or `{`.
    opens_block: bool,
}

impl LineShape {
    fn of(before: &str) -> LineShape {
        let tokens = highlight_line(before);
        // Whitespace and comments say nothing about the structure.
        let significant: Vec<_> = tokens
            .iter()
            .filter(|t| match t.kind {
                TokenKind::Comment => false,
                TokenKind::Plain => !before[t.start..t.end].trim().is_empty(),
                _ => true,
            })
            .collect();
        let dashes = significant
            .iter()
            .take_while(|t| t.kind == TokenKind::ListDash)
            .count();
        let last_dash_col = if dashes > 0 {
            significant[dashes - 1].start
        } else {
            0
        };
        let body = &significant[dashes..];
        let lead = before.bytes().take_while(|&b| b == b' ').count();
        let body_col = match body.first() {
            Some(t) => t.start,
            None => before.len(),
        };
        let opens_block = body.last().is_some_and(|t| {
            let s = &before[t.start..t.end];
            match t.kind {
                TokenKind::BlockIndicator => true,
                TokenKind::Punct => s == ":" || s == "[" || s == "{",
                _ => false,
            }
        });
        LineShape {
            lead,
            dashes,
            last_dash_col,
            body_col,
            body_empty: body.is_empty(),
            body_is_mapping: body.first().is_some_and(|t| t.kind == TokenKind::Key),
            opens_block,
        }
    }
}

/// The selection as (start, end) on char boundaries, start first.
fn ordered(text: &str, a: usize, b: usize) -> (usize, usize) {
    let (a, b) = (floor_char_boundary(text, a), floor_char_boundary(text, b));
    (a.min(b), a.max(b))
}

/// The lines a selection touches: (start of the first, end of the last, each line's bounds).
/// A multi-line selection ending at column 0 does not touch that last line.
fn touched_lines(
    text: &str,
    sel_start: usize,
    sel_end: usize,
) -> (usize, usize, Vec<(usize, usize)>) {
    let (first, _) = line_bounds(text, sel_start);
    let (mut last_start, mut last_end) = line_bounds(text, sel_end);
    if sel_end > sel_start && last_start == sel_end && last_start > first {
        (last_start, last_end) = line_bounds(text, sel_end - 1);
    }
    let mut lines = Vec::new();
    let mut ls = first;
    loop {
        let le = line_end(text, ls);
        lines.push((ls, le));
        if ls >= last_start || le >= text.len() {
            break;
        }
        ls = le + 1;
    }
    (first, last_end, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `f` on a text where `^` marks the caret, or `[` and `]` the selection, and returns
    /// the text after the edit with the new caret or selection marked the same way.
    fn run(marked: &str, f: impl Fn(&str, usize, usize) -> Option<Edit>) -> String {
        let (text, start, end) = unmark(marked);
        match f(&text, start, end) {
            Some(edit) => mark(&edit.apply(&text), edit.sel_start, edit.sel_end),
            None => "(no edit)".into(),
        }
    }

    fn unmark(marked: &str) -> (String, usize, usize) {
        if let Some(caret) = marked.find('^') {
            return (marked.replacen('^', "", 1), caret, caret);
        }
        let start = marked.find('[').expect("selection start");
        let text = marked.replacen('[', "", 1);
        let end = text.find(']').expect("selection end");
        (text.replacen(']', "", 1), start, end)
    }

    fn mark(text: &str, start: usize, end: usize) -> String {
        if start == end {
            format!("{}^{}", &text[..start], &text[start..])
        } else {
            format!("{}[{}]{}", &text[..start], &text[start..end], &text[end..])
        }
    }

    fn tab(m: &str) -> String {
        run(m, |t, s, e| Some(indent(t, s, e)))
    }
    fn shift_tab(m: &str) -> String {
        run(m, outdent)
    }
    fn enter(m: &str) -> String {
        run(m, |t, s, e| Some(newline(t, s, e)))
    }

    #[test]
    fn tab_at_a_caret_inserts_spaces_to_the_next_two_column_stop() {
        assert_eq!(tab("ab:^"), "ab: ^");
        assert_eq!(tab("a:^"), "a:  ^");
        assert_eq!(tab("^a"), "  ^a");
        assert_eq!(tab("  x^"), "  x ^");
        assert_eq!(tab("  xy^"), "  xy  ^");
        assert_eq!(tab("é^"), "é ^");
    }

    #[test]
    fn tab_with_a_selection_indents_every_touched_line() {
        assert_eq!(
            tab("a: 1\nb[: 2\nc: ]3\nd: 4"),
            "a: 1\n  b[: 2\n  c: ]3\nd: 4"
        );
    }

    #[test]
    fn tab_on_whole_lines_keeps_them_selected_and_skips_the_line_after() {
        assert_eq!(tab("[a\nb\n]c"), "[  a\n  b\n]c");
    }

    #[test]
    fn tab_leaves_empty_lines_alone() {
        assert_eq!(tab("[a\n\nb]"), "[  a\n\n  b]");
    }

    #[test]
    fn tab_with_a_selection_inside_one_line_indents_that_line() {
        assert_eq!(tab("x: [abc]"), "  x: [abc]");
    }

    #[test]
    fn shift_tab_removes_up_to_two_spaces_per_line() {
        assert_eq!(shift_tab("[    a\n b\nc]"), "[  a\nb\nc]");
    }

    #[test]
    fn shift_tab_at_a_caret_outdents_its_line_and_keeps_the_caret_on_the_text() {
        assert_eq!(shift_tab("    na^me: x"), "  na^me: x");
        // A caret inside the removed spaces lands on the line start.
        assert_eq!(shift_tab("  ^ a"), "^ a");
    }

    #[test]
    fn shift_tab_with_nothing_to_remove_is_no_edit() {
        assert_eq!(shift_tab("[a\nb]"), "(no edit)");
    }

    #[test]
    fn tab_then_shift_tab_restores_text_and_selection() {
        let original = "spec:\n  [template:\n    metadata:\n]  spec: {}";
        let (text, s, e) = unmark(original);
        let once = indent(&text, s, e);
        let indented = once.apply(&text);
        let back = outdent(&indented, once.sel_start, once.sel_end).expect("edit");
        assert_eq!(
            mark(&back.apply(&indented), back.sel_start, back.sel_end),
            original
        );
    }

    #[test]
    fn enter_keeps_the_indentation() {
        assert_eq!(enter("    image: nginx^"), "    image: nginx\n    ^");
        assert_eq!(enter("^"), "\n^");
    }

    #[test]
    fn enter_after_a_colon_indents_two_more() {
        assert_eq!(enter("spec:^"), "spec:\n  ^");
        assert_eq!(
            enter("  template: # the pods^"),
            "  template: # the pods\n    ^"
        );
        assert_eq!(enter("  script: |-^"), "  script: |-\n    ^");
        assert_eq!(enter("args: [^"), "args: [\n  ^");
    }

    #[test]
    fn enter_after_a_list_item_key_indents_under_the_key() {
        assert_eq!(enter("  - name: web^"), "  - name: web\n    ^");
        assert_eq!(enter("  - ports:^"), "  - ports:\n      ^");
    }

    #[test]
    fn enter_after_a_scalar_list_item_starts_the_next_item() {
        assert_eq!(enter("  - --v=2^"), "  - --v=2\n  - ^");
        assert_eq!(enter("- - a^"), "- - a\n  - ^");
    }

    #[test]
    fn enter_on_an_empty_list_item_ends_the_list() {
        assert_eq!(enter("  - a\n  - ^"), "  - a\n  ^");
        assert_eq!(enter("  -^"), "  ^");
    }

    #[test]
    fn enter_splitting_a_line_drops_the_spaces_after_the_caret() {
        assert_eq!(enter("  a:^  b"), "  a:\n    ^b");
    }

    #[test]
    fn enter_replaces_a_selection() {
        assert_eq!(enter("  a: [xyz]\nb"), "  a: \n    ^\nb");
    }

    #[test]
    fn enter_on_an_indented_line_caret_in_the_indentation() {
        assert_eq!(enter("  ^  a: 1"), "  \n  ^a: 1");
    }

    #[test]
    fn edits_tolerate_offsets_off_char_boundaries_and_past_the_end() {
        let text = "é: 🚀";
        for (s, e) in [(1, 1), (0, 99), (99, 0), (5, 6)] {
            let edit = indent(text, s, e);
            assert!(edit.apply(text).contains("🚀"));
            let edit = newline(text, s, e);
            let after = edit.apply(text);
            assert!(after.is_char_boundary(edit.sel_start.min(after.len())));
            let _ = outdent(text, s, e);
        }
    }
}
