//! Go's `text/tabwriter` column alignment, as kubectl uses it.
//!
//! Cells are terminated by `\t`; the text after the last tab of a line is not aligned. Columns
//! are aligned within *blocks* of consecutive lines that have a cell in that column, which is why
//! `kubectl describe` lines without a tab break the alignment of the lines around them. Widths
//! are counted in characters.

/// kubectl's table printer: min width 6, padding 3 (`kubectl get`).
pub fn table(text: &str) -> String {
    align(text, 6, 3)
}

/// kubectl's describe and rollout-history writer: min width 0, padding 2.
pub fn describe(text: &str) -> String {
    align(text, 0, 2)
}

/// Rows of cells as a `kubectl get` table.
pub fn rows(rows: &[Vec<String>]) -> String {
    let mut text = String::new();
    for row in rows {
        text.push_str(&row.join("\t"));
        text.push('\n');
    }
    table(&text)
}

/// Rows for a `kubectl get --watch` stream: kubectl's writer has the `RememberWidths` flag
/// (`github.com/liggitt/tabwriter`), so every flush pads each column to at least the widest
/// it has been so far; `remembered` carries those widths from one flush to the next.
pub fn rows_remembering(rows: &[Vec<String>], remembered: &mut Vec<usize>) -> String {
    let mut text = String::new();
    for row in rows {
        text.push_str(&row.join("\t"));
        text.push('\n');
    }
    align_with(&text, 6, 3, Some(remembered))
}

/// Align tab-separated `text` with Go tabwriter semantics (pad char space, no flags).
pub fn align(text: &str, min_width: usize, padding: usize) -> String {
    align_with(text, min_width, padding, None)
}

fn align_with(
    text: &str,
    min_width: usize,
    padding: usize,
    mut remembered: Option<&mut Vec<usize>>,
) -> String {
    let ends_with_newline = text.ends_with('\n');
    let body = text.strip_suffix('\n').unwrap_or(text);
    let lines: Vec<Vec<&str>> = body.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut out = String::with_capacity(text.len() + lines.len() * 8);
    let mut widths = Vec::new();
    format_block(
        &lines,
        0,
        lines.len(),
        &mut widths,
        (min_width, padding),
        &mut remembered,
        &mut out,
    );
    if !ends_with_newline {
        out.pop();
    }
    out
}

/// The recursive column-block pass of Go's tabwriter (`format`), writing finished lines to `out`.
fn format_block(
    lines: &[Vec<&str>],
    mut line0: usize,
    line1: usize,
    widths: &mut Vec<usize>,
    (min_width, padding): (usize, usize),
    remembered: &mut Option<&mut Vec<usize>>,
    out: &mut String,
) {
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        // A cell exists in this column: lines before it are finished.
        write_lines(lines, line0, this, widths, out);
        line0 = this;
        let mut width = min_width;
        while this < line1 && column + 1 < lines[this].len() {
            width = width.max(lines[this][column].chars().count() + padding);
            this += 1;
        }
        if let Some(r) = remembered.as_deref_mut() {
            if r.len() <= column {
                r.resize(column + 1, 0);
            }
            width = width.max(r[column]);
            r[column] = width;
        }
        widths.push(width);
        format_block(
            lines,
            line0,
            this,
            widths,
            (min_width, padding),
            remembered,
            out,
        );
        widths.pop();
        line0 = this;
    }
    write_lines(lines, line0, line1, widths, out);
}

fn write_lines(lines: &[Vec<&str>], from: usize, to: usize, widths: &[usize], out: &mut String) {
    for line in &lines[from..to] {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j + 1 < line.len() {
                if let Some(w) = widths.get(j) {
                    let n = w.saturating_sub(cell.chars().count());
                    out.extend(std::iter::repeat_n(' ', n));
                }
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_widest_cell_plus_three() {
        let t = table("NAME\tDESIRED\tAGE\nfrontend\t3\t2m3s\n");
        assert_eq!(t, "NAME       DESIRED   AGE\nfrontend   3         2m3s\n");
    }

    #[test]
    fn narrow_columns_get_the_minimum_width_of_six() {
        let t = table("A\tB\nx\ty\n");
        assert_eq!(t, "A     B\nx     y\n");
    }

    #[test]
    fn last_column_is_not_padded() {
        let t = table("NAME\tAGE\nverylongname\t1s\n");
        assert!(t.lines().all(|l| !l.ends_with(' ')), "{t:?}");
    }

    #[test]
    fn a_line_without_tabs_breaks_the_column_block() {
        let t =
            describe("Name:\tx\nA much longer line without tab\nLabels:\tapp=a\nSelector:\tb\n");
        assert_eq!(
            t,
            "Name:  x\nA much longer line without tab\nLabels:    app=a\nSelector:  b\n"
        );
    }

    #[test]
    fn nested_columns_align_only_where_cells_exist() {
        let t = describe("a:\tb\tc\nlonger:\td\n");
        assert_eq!(t, "a:       b  c\nlonger:  d\n");
    }

    #[test]
    fn widths_count_characters_not_bytes() {
        let t = table("é\tx\nab\ty\n");
        assert_eq!(t, "é     x\nab    y\n");
    }

    #[test]
    fn a_watch_keeps_columns_at_least_as_wide_as_before() {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let mut widths = Vec::new();
        let first = rows_remembering(
            &[
                row(&["NAME", "STATUS", "AGE"]),
                row(&["web-abcde", "Pending", "0s"]),
            ],
            &mut widths,
        );
        assert_eq!(
            first,
            "NAME        STATUS    AGE\nweb-abcde   Pending   0s\n"
        );
        // A wider cell widens its column from here on; a narrower one keeps the width.
        let second = rows_remembering(
            &[row(&["web-abcde", "ContainerCreating", "1s"])],
            &mut widths,
        );
        assert_eq!(second, "web-abcde   ContainerCreating   1s\n");
        let third = rows_remembering(&[row(&["web-x", "Running", "3s"])], &mut widths);
        assert_eq!(third, "web-x       Running             3s\n");
    }
}
