//! A line diff printed in GNU `diff -u` form, for `kubectl diff`.
//!
//! [`hunks`] compares two texts line by line and returns the hunks `diff -u` prints after a
//! file pair's `---` / `+++` header: `@@ -a,b +c,d @@` lines, then each line of the hunk with
//! ` ` (context), `-` (only in the old text) or `+` (only in the new text) in front, three lines
//! of context around each change, and changes at most six unchanged lines apart in one hunk.
//! A range of one line is written without its `,1`; an empty range names the line before it
//! (`-0,0` for an empty old text). A last line without a newline is followed by
//! `\ No newline at end of file`, as GNU prints it.
//!
//! The edit script is a shortest one (Myers' O(ND) algorithm, "An O(ND) Difference Algorithm
//! and Its Variations", 1986, in its linear-space form: find the middle snake of the path, then
//! solve both halves). Of several shortest scripts, the one printed is chosen as GNU diff
//! chooses by default: each run of changed lines is slid as far down as equal lines allow,
//! merging with runs it meets, then back up to the last place where it sits beside a change in
//! the other text, so a changed line prints as `-old` right above `+new`.
//!
//! The work is bounded: the search counts its steps, and past [`WORK_CAP`] every part of the
//! texts not yet solved is printed as all its old lines removed and all its new lines added,
//! a correct though longer diff; the sliding counts its own steps and past the same cap leaves
//! the remaining runs where they are. Memory is linear in the texts' lengths.
//!
//! Set against GNU diff 3.8 on thousands of random pairs, the hunks are the same except where a
//! line occurs many times in the other text next to lines it lacks: GNU then also sets such
//! lines aside before its search (a speed heuristic not reproduced here), and the two may
//! print different, equally short scripts.

use std::collections::HashMap;

/// Lines of context around each change (`diff -u`'s default).
pub(crate) const CONTEXT: usize = 3;

/// Steps the middle-snake search may take over one comparison (each diagonal it looks at and
/// each pair of equal lines it follows is one): a few tens of milliseconds natively. Texts that
/// differ little, as an object and its applied self do, never come near it.
pub(crate) const WORK_CAP: u64 = 4_000_000;

/// The hunks of `diff -u OLD NEW`, or an empty string when the texts are equal.
pub(crate) fn hunks(old: &str, new: &str) -> String {
    hunks_with_cap(old, new, WORK_CAP)
}

fn hunks_with_cap(old: &str, new: &str, cap: u64) -> String {
    let a_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let b_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let (a, b) = intern(&a_lines, &b_lines);
    let (changed_a, changed_b) = edit_script(&a, &b, cap);
    let (mut changed_a, mut changed_b) = (changed_a, changed_b);
    compact(&a, &mut changed_a, &changed_b, cap);
    compact(&b, &mut changed_b, &changed_a, cap);
    render(&a_lines, &b_lines, &chunks(&changed_a, &changed_b))
}

/// Each line as a number, equal lines equal numbers (a last line without its newline differs
/// from the same line with one, as in GNU diff).
fn intern<'t>(a: &[&'t str], b: &[&'t str]) -> (Vec<u32>, Vec<u32>) {
    let mut ids: HashMap<&'t str, u32> = HashMap::new();
    let mut number = |lines: &[&'t str]| -> Vec<u32> {
        lines
            .iter()
            .map(|&line| {
                let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
                *ids.entry(line).or_insert(next)
            })
            .collect()
    };
    let out_a = number(a);
    let out_b = number(b);
    (out_a, out_b)
}

/// The lines removed from `a` and added in `b`. A line the other text does not have is a
/// change whatever else holds, so it is marked at once and the search runs on the other lines
/// only, as GNU diff does; which of several shortest scripts the search finds depends on that.
fn edit_script(a: &[u32], b: &[u32], cap: u64) -> (Vec<bool>, Vec<bool>) {
    let ids = a
        .iter()
        .chain(b)
        .map(|&id| id as usize + 1)
        .max()
        .unwrap_or(0);
    let mut in_a = vec![false; ids];
    let mut in_b = vec![false; ids];
    for &id in a {
        in_a[id as usize] = true;
    }
    for &id in b {
        in_b[id as usize] = true;
    }
    let kept_a: Vec<usize> = (0..a.len()).filter(|&i| in_b[a[i] as usize]).collect();
    let kept_b: Vec<usize> = (0..b.len()).filter(|&j| in_a[b[j] as usize]).collect();
    let short_a: Vec<u32> = kept_a.iter().map(|&i| a[i]).collect();
    let short_b: Vec<u32> = kept_b.iter().map(|&j| b[j]).collect();
    let mut short_changed_a = vec![false; short_a.len()];
    let mut short_changed_b = vec![false; short_b.len()];
    let mut budget = cap;
    solve(
        &short_a,
        &short_b,
        &mut short_changed_a,
        &mut short_changed_b,
        &mut budget,
    );
    let mut changed_a = vec![true; a.len()];
    let mut changed_b = vec![true; b.len()];
    for (&i, &changed) in kept_a.iter().zip(&short_changed_a) {
        changed_a[i] = changed;
    }
    for (&j, &changed) in kept_b.iter().zip(&short_changed_b) {
        changed_b[j] = changed;
    }
    (changed_a, changed_b)
}

/// Marks the lines of a shortest edit script from `a` to `b`: `changed_a[i]` when line `i` of
/// `a` is removed, `changed_b[j]` when line `j` of `b` is added. Ranges wait on an explicit
/// stack, so deep splits cannot overflow the call stack.
fn solve(a: &[u32], b: &[u32], changed_a: &mut [bool], changed_b: &mut [bool], budget: &mut u64) {
    let mut stack = vec![(0, a.len(), 0, b.len())];
    while let Some((mut a_lo, mut a_hi, mut b_lo, mut b_hi)) = stack.pop() {
        while a_lo < a_hi && b_lo < b_hi && a[a_lo] == b[b_lo] {
            a_lo += 1;
            b_lo += 1;
        }
        while a_lo < a_hi && b_lo < b_hi && a[a_hi - 1] == b[b_hi - 1] {
            a_hi -= 1;
            b_hi -= 1;
        }
        if a_lo == a_hi || b_lo == b_hi {
            mark(changed_a, a_lo, a_hi);
            mark(changed_b, b_lo, b_hi);
            continue;
        }
        let split = middle_snake(&a[a_lo..a_hi], &b[b_lo..b_hi], budget);
        match split {
            // A split strictly inside the range: both halves are smaller problems.
            Some((x, y)) if (x, y) != (0, 0) && (x, y) != (a_hi - a_lo, b_hi - b_lo) => {
                stack.push((a_lo + x, a_hi, b_lo + y, b_hi));
                stack.push((a_lo, a_lo + x, b_lo, b_lo + y));
            }
            // Out of budget (or no usable split): the coarse answer for this range.
            _ => {
                mark(changed_a, a_lo, a_hi);
                mark(changed_b, b_lo, b_hi);
            }
        }
    }
}

fn mark(flags: &mut [bool], lo: usize, hi: usize) {
    if let Some(range) = flags.get_mut(lo..hi) {
        range.fill(true);
    }
}

/// A point `(x, y)` on a shortest edit path from `(0, 0)` to `(a.len(), b.len())` about half
/// way along it, or `None` when the budget runs out first. Neither `a` nor `b` is empty and they
/// share no first and no last line (the caller trims those), so the point lies strictly inside.
///
/// Diagonal `k` holds the points with `x - y = k`. Round by round, the forward search keeps per
/// diagonal the furthest `x` reached from the start, the backward search the least `x` reached
/// from the end, each over the diagonals the grid has that its round can reach, from the
/// highest down. They meet on a diagonal after about `D / 2` rounds each; the point returned
/// is the end of the forward path's last run of equal lines when the forward search meets
/// (`D` odd), else the start of the backward path's.
fn middle_snake(a: &[u32], b: &[u32], budget: &mut u64) -> Option<(usize, usize)> {
    const UNREACHED_FWD: i64 = i64::MIN / 4;
    const UNREACHED_BWD: i64 = i64::MAX / 4;
    let n = i64::try_from(a.len()).ok()?;
    let m = i64::try_from(b.len()).ok()?;
    let delta = n - m;
    let odd = delta.rem_euclid(2) == 1;
    // Round c costs at least 2c steps, so the budget bounds the rounds, and with them the
    // diagonals that need room: each search's diagonals stay within c + 1 of where it began.
    let budget_rounds = i64::try_from(budget.isqrt()).unwrap_or(i64::MAX);
    let rounds = ((n + m + 1) / 2 + 1).min(budget_rounds.saturating_add(1));
    let width = usize::try_from(2 * rounds + 3).ok()?;
    let mut fwd = vec![UNREACHED_FWD; width];
    let mut bwd = vec![UNREACHED_BWD; width];
    let f_at = |k: i64| usize::try_from(k + rounds + 1).ok().filter(|&i| i < width);
    let b_at = |k: i64| {
        usize::try_from(k - delta + rounds + 1)
            .ok()
            .filter(|&i| i < width)
    };
    let eq = |x: i64, y: i64| {
        let line_a = usize::try_from(x).ok().and_then(|i| a.get(i));
        let line_b = usize::try_from(y).ok().and_then(|i| b.get(i));
        line_a.is_some() && line_a == line_b
    };
    *fwd.get_mut(f_at(0)?)? = 0;
    *bwd.get_mut(b_at(delta)?)? = n;
    let (mut f_lo, mut f_hi, mut b_lo, mut b_hi) = (0, 0, delta, delta);
    for round in 1..=rounds {
        let cost = 2 * u64::try_from(round).unwrap_or(u64::MAX);
        *budget = budget.checked_sub(cost)?;
        // Each range grows by one diagonal at each end, or where it meets the grid's edge
        // (diagonals -m and n) shrinks by one there, so it holds the diagonals of one parity.
        if f_lo > -m {
            f_lo -= 1;
            *fwd.get_mut(f_at(f_lo - 1)?)? = UNREACHED_FWD;
        } else {
            f_lo += 1;
        }
        if f_hi < n {
            f_hi += 1;
            *fwd.get_mut(f_at(f_hi + 1)?)? = UNREACHED_FWD;
        } else {
            f_hi -= 1;
        }
        let mut k = f_hi;
        while k >= f_lo {
            let from_below = *fwd.get(f_at(k - 1)?)?;
            let from_above = *fwd.get(f_at(k + 1)?)?;
            let mut x = if from_below < from_above {
                from_above
            } else {
                from_below + 1
            };
            let mut y = x - k;
            // A step off the grid's edge is no path: the diagonal keeps what it had.
            if (0..=n).contains(&x) && (0..=m).contains(&y) {
                while x < n && y < m && eq(x, y) {
                    x += 1;
                    y += 1;
                    *budget = budget.checked_sub(1)?;
                }
                *fwd.get_mut(f_at(k)?)? = x;
                if odd && (b_lo..=b_hi).contains(&k) && *bwd.get(b_at(k)?)? <= x {
                    return Some((usize::try_from(x).ok()?, usize::try_from(y).ok()?));
                }
            }
            k -= 2;
        }
        if b_lo > -m {
            b_lo -= 1;
            *bwd.get_mut(b_at(b_lo - 1)?)? = UNREACHED_BWD;
        } else {
            b_lo += 1;
        }
        if b_hi < n {
            b_hi += 1;
            *bwd.get_mut(b_at(b_hi + 1)?)? = UNREACHED_BWD;
        } else {
            b_hi -= 1;
        }
        let mut k = b_hi;
        while k >= b_lo {
            let from_below = *bwd.get(b_at(k - 1)?)?;
            let from_above = *bwd.get(b_at(k + 1)?)?;
            let mut x = if from_below < from_above {
                from_below
            } else {
                from_above - 1
            };
            let mut y = x - k;
            if (0..=n).contains(&x) && (0..=m).contains(&y) {
                while x > 0 && y > 0 && eq(x - 1, y - 1) {
                    x -= 1;
                    y -= 1;
                    *budget = budget.checked_sub(1)?;
                }
                *bwd.get_mut(b_at(k)?)? = x;
                if !odd && (f_lo..=f_hi).contains(&k) && x <= *fwd.get(f_at(k)?)? {
                    return Some((usize::try_from(x).ok()?, usize::try_from(y).ok()?));
                }
            }
            k -= 2;
        }
    }
    None
}

/// Slides each run of changed lines of one text (`lines`, `changed`) as GNU diff does: up while
/// the line above the run equals its last line, merging with a run above it; then down while
/// the line below equals its first line, merging with runs below; until its length holds. Then
/// back up to the lowest position where the run sits beside a change of the other text
/// (`other`), if it passed one. Every position the run takes is an equally short script.
fn compact(lines: &[u32], changed: &mut [bool], other: &[bool], cap: u64) {
    let n = lines.len().min(changed.len());
    // Every move and every line a merge takes in is a step. Each leaves a valid script, so
    // past the cap the remaining runs simply stay where they are.
    let mut steps = cap;
    // The other text's unchanged lines, in order: the k-th unchanged line of this text is
    // paired with the k-th of these.
    let kept: Vec<usize> = (0..other.len()).filter(|&j| !other[j]).collect();
    // Whether the other text has a change just before the pair of this text's `ordinal`-th
    // unchanged line, i.e. in the same gap between pairs as a run ending there.
    let beside_change = |ordinal: usize| {
        let j = kept.get(ordinal).copied().unwrap_or(other.len());
        j > 0 && other.get(j - 1).copied().unwrap_or(false)
    };
    let mut i = 0;
    // Changed lines above the run being moved.
    let mut changed_above: usize = 0;
    loop {
        while i < n && !changed[i] {
            i += 1;
        }
        if i >= n {
            break;
        }
        let mut start = i;
        let mut end = i;
        while end < n && changed[end] {
            end += 1;
        }
        let mut best;
        loop {
            let len = end - start;
            while start > 0 && lines[start - 1] == lines[end - 1] {
                if !take(&mut steps) {
                    return;
                }
                start -= 1;
                end -= 1;
                changed[start] = true;
                changed[end] = false;
                while start > 0 && changed[start - 1] {
                    if !take(&mut steps) {
                        return;
                    }
                    start -= 1;
                    changed_above = changed_above.saturating_sub(1);
                }
            }
            best = beside_change(start.saturating_sub(changed_above)).then_some(end);
            while end < n && lines[start] == lines[end] {
                if !take(&mut steps) {
                    return;
                }
                changed[start] = false;
                changed[end] = true;
                start += 1;
                end += 1;
                while end < n && changed[end] {
                    if !take(&mut steps) {
                        return;
                    }
                    end += 1;
                }
                if beside_change(start.saturating_sub(changed_above)) {
                    best = Some(end);
                }
            }
            if end - start == len {
                break;
            }
        }
        if let Some(target) = best {
            while end > target {
                if !take(&mut steps) {
                    return;
                }
                start -= 1;
                end -= 1;
                changed[start] = true;
                changed[end] = false;
            }
        }
        changed_above += end - start;
        i = end;
    }
}

/// Takes one step from a budget; false when none is left.
fn take(steps: &mut u64) -> bool {
    match steps.checked_sub(1) {
        Some(left) => {
            *steps = left;
            true
        }
        None => false,
    }
}

/// One change: `a_len` old lines from `a_start` replaced by `b_len` new lines from `b_start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Chunk {
    a_start: usize,
    a_len: usize,
    b_start: usize,
    b_len: usize,
}

/// The changes, in order, between runs of unchanged lines paired in order.
fn chunks(changed_a: &[bool], changed_b: &[bool]) -> Vec<Chunk> {
    let (n, m) = (changed_a.len(), changed_b.len());
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && !changed_a[i] && !changed_b[j] {
            i += 1;
            j += 1;
            continue;
        }
        let (a_start, b_start) = (i, j);
        while i < n && changed_a[i] {
            i += 1;
        }
        while j < m && changed_b[j] {
            j += 1;
        }
        if (i, j) == (a_start, b_start) {
            // One text ran out of lines while the other has unchanged ones left: the marks
            // disagree, which the search never produces; the rest is then one change.
            (i, j) = (n, m);
        }
        out.push(Chunk {
            a_start,
            a_len: i - a_start,
            b_start,
            b_len: j - b_start,
        });
    }
    out
}

/// `@@ -a,b +c,d @@` and the hunk's lines, for every group of changes.
fn render(a: &[&str], b: &[&str], chunks: &[Chunk]) -> String {
    let mut out = String::new();
    let mut g = 0;
    while g < chunks.len() {
        // Changes at most 2 * CONTEXT unchanged lines apart share a hunk.
        let mut last = g;
        while let Some(next) = chunks.get(last + 1) {
            let end = chunks[last].a_start + chunks[last].a_len;
            if next.a_start - end > 2 * CONTEXT {
                break;
            }
            last += 1;
        }
        let first = chunks[g];
        let end = chunks[last];
        let lead = CONTEXT.min(first.a_start).min(first.b_start);
        let a_from = first.a_start - lead;
        let b_from = first.b_start - lead;
        let a_to = (end.a_start + end.a_len + CONTEXT).min(a.len());
        let b_to = (end.b_start + end.b_len + CONTEXT).min(b.len());
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(a_from, a_to - a_from),
            range(b_from, b_to - b_from)
        ));
        let mut i = a_from;
        for c in &chunks[g..=last] {
            for line in &a[i..c.a_start] {
                push_line(&mut out, ' ', line);
            }
            for line in &a[c.a_start..c.a_start + c.a_len] {
                push_line(&mut out, '-', line);
            }
            for line in &b[c.b_start..c.b_start + c.b_len] {
                push_line(&mut out, '+', line);
            }
            i = c.a_start + c.a_len;
        }
        for line in &a[i..a_to] {
            push_line(&mut out, ' ', line);
        }
        g = last + 1;
    }
    out
}

/// A hunk's range of `len` lines from 0-based `start`, as GNU numbers it.
fn range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{len}", start + 1),
    }
}

fn push_line(out: &mut String, tag: char, line: &str) {
    out.push(tag);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lines(list: &[&str]) -> String {
        list.iter().map(|l| format!("{l}\n")).collect()
    }

    #[test]
    fn equal_texts_have_no_hunks() {
        assert_eq!(hunks("", ""), "");
        assert_eq!(hunks("a\nb\n", "a\nb\n"), "");
    }

    // Expected outputs below are GNU diffutils 3.8's `diff -u` on the same files, header lines
    // left out.

    #[test]
    fn a_new_file_is_all_additions_from_line_zero() {
        assert_eq!(
            hunks("", "apiVersion: v1\nkind: Node\n"),
            "@@ -0,0 +1,2 @@\n+apiVersion: v1\n+kind: Node\n"
        );
        assert_eq!(hunks("a\n", ""), "@@ -1 +0,0 @@\n-a\n");
    }

    #[test]
    fn one_changed_line_has_three_lines_of_context() {
        let old = lines(&["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
        let new = lines(&["1", "2", "3", "4", "X", "6", "7", "8", "9"]);
        assert_eq!(
            hunks(&old, &new),
            "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn changes_six_lines_apart_share_a_hunk_seven_apart_do_not() {
        let old: Vec<String> = (1..=20).map(|i| i.to_string()).collect();
        let old_refs: Vec<&str> = old.iter().map(String::as_str).collect();
        let mut six = old_refs.clone();
        six[4] = "X";
        six[11] = "Y";
        assert_eq!(
            hunks(&lines(&old_refs), &lines(&six)),
            "@@ -2,14 +2,14 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n 9\n 10\n 11\n-12\n+Y\n 13\n 14\n 15\n"
        );
        let mut seven = old_refs.clone();
        seven[4] = "X";
        seven[12] = "Y";
        assert_eq!(
            hunks(&lines(&old_refs), &lines(&seven)),
            "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n@@ -10,7 +10,7 @@\n 10\n 11\n 12\n-13\n+Y\n 14\n 15\n 16\n"
        );
    }

    #[test]
    fn a_one_line_range_omits_its_count() {
        assert_eq!(hunks("a\n", "b\n"), "@@ -1 +1 @@\n-a\n+b\n");
        assert_eq!(hunks("a\n", "a\nb\n"), "@@ -1 +1,2 @@\n a\n+b\n");
    }

    #[test]
    fn a_missing_last_newline_is_marked() {
        assert_eq!(
            hunks("a\nb", "a\nc"),
            "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
        );
        assert_eq!(
            hunks("a\nb", "a\nb\n"),
            "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"
        );
    }

    #[test]
    fn an_added_list_item_slides_down_as_gnu_prints_it() {
        // A second container with the same port: the inserted block could start at either
        // `- containerPort: 80`; GNU (and this module) prints the lowest placement.
        let old = lines(&[
            "      containers:",
            "      - image: nginx",
            "        name: a",
            "        ports:",
            "        - containerPort: 80",
            "          protocol: TCP",
            "      dnsPolicy: ClusterFirst",
        ]);
        let new = lines(&[
            "      containers:",
            "      - image: nginx",
            "        name: a",
            "        ports:",
            "        - containerPort: 80",
            "          protocol: TCP",
            "      - image: nginx",
            "        name: b",
            "        ports:",
            "        - containerPort: 80",
            "          protocol: TCP",
            "      dnsPolicy: ClusterFirst",
        ]);
        assert_eq!(
            hunks(&old, &new),
            "@@ -4,4 +4,9 @@\n         ports:\n         - containerPort: 80\n           protocol: TCP\n+      - image: nginx\n+        name: b\n+        ports:\n+        - containerPort: 80\n+          protocol: TCP\n       dnsPolicy: ClusterFirst\n"
        );
    }

    #[test]
    fn a_removal_beside_an_addition_prints_as_one_change() {
        // old: a b c a b ; new: a b X a b — `c` becomes `X`, not a shifted pair.
        assert_eq!(
            hunks("a\nb\nc\na\nb\n", "a\nb\nX\na\nb\n"),
            "@@ -1,5 +1,5 @@\n a\n b\n-c\n+X\n a\n b\n"
        );
        // GNU: `diff -u` of "x a a y" and "x a y" removes the second `a`.
        assert_eq!(
            hunks("x\na\na\ny\n", "x\na\ny\n"),
            "@@ -1,4 +1,3 @@\n x\n a\n-a\n y\n"
        );
    }

    #[test]
    fn interleaved_changes_match_gnu() {
        // `diff -u` of "a b c d e f g" and "b X c e Y g Z".
        let old = lines(&["a", "b", "c", "d", "e", "f", "g"]);
        let new = lines(&["b", "X", "c", "e", "Y", "g", "Z"]);
        assert_eq!(
            hunks(&old, &new),
            "@@ -1,7 +1,7 @@\n-a\n b\n+X\n c\n-d\n e\n-f\n+Y\n g\n+Z\n"
        );
    }

    #[test]
    fn past_the_work_cap_the_diff_is_coarse_but_correct() {
        let old = lines(&["a", "b", "c", "d"]);
        let new = lines(&["b", "a", "d", "c"]);
        assert_eq!(
            hunks_with_cap(&old, &new, 0),
            "@@ -1,4 +1,4 @@\n-a\n-b\n-c\n-d\n+b\n+a\n+d\n+c\n"
        );
        assert_eq!(
            hunks(&old, &new),
            "@@ -1,4 +1,4 @@\n-a\n b\n-c\n+a\n d\n+c\n"
        );
    }

    #[test]
    fn a_large_unlike_pair_stays_within_the_cap() {
        // 200,000 lines against 200,000 others: no line in common, so a plain search would
        // take 10^10 steps; lines the other text lacks are marked changed before the search,
        // which then has nothing left to do, and the answer is everything replaced.
        let old: String = (0..200_000).map(|i| format!("a{i}\n")).collect();
        let new: String = (0..200_000).map(|i| format!("b{i}\n")).collect();
        let out = hunks(&old, &new);
        assert!(out.starts_with("@@ -1,200000 +1,200000 @@\n-a0\n"));
        assert_eq!(out.lines().count(), 400_001);
    }

    #[test]
    fn sliding_runs_stays_within_the_cap() {
        // Every other line of 400,000 equal lines marked: the runs slide into each other.
        let lines = vec![7u32; 400_000];
        let mut changed: Vec<bool> = (0..lines.len()).map(|i| i % 2 == 1).collect();
        let other = vec![false; 200_000];
        compact(&lines, &mut changed, &other, WORK_CAP);
        assert_eq!(changed.iter().filter(|&&c| c).count(), 200_000);
        // With no budget nothing moves.
        let mut unmoved: Vec<bool> = (0..8).map(|i| i % 2 == 1).collect();
        let before = unmoved.clone();
        compact(&[1; 8], &mut unmoved, &[false; 4], 0);
        assert_eq!(unmoved, before);
    }

    /// Applies the hunks to `old`: the result must be `new`.
    fn patch(old: &str, diff: &str) -> String {
        let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
        let mut out = String::new();
        let mut at = 0;
        let mut last_tag = ' ';
        for line in diff.split_inclusive('\n') {
            if line == "\\ No newline at end of file\n" {
                if last_tag == '+' {
                    out.pop();
                }
                continue;
            }
            if let Some(header) = line.strip_prefix("@@ -") {
                let old_range = header.split(' ').next().unwrap_or("");
                let (start, len) = match old_range.split_once(',') {
                    Some((s, l)) => (s.parse().unwrap_or(0), l.parse().unwrap_or(0)),
                    None => (old_range.parse().unwrap_or(0), 1),
                };
                // A range's first line, or for an empty range the line before it.
                let first: usize = if len == 0 { start } else { start - 1 };
                while at < first {
                    out.push_str(old_lines[at]);
                    at += 1;
                }
                continue;
            }
            last_tag = line.chars().next().unwrap_or(' ');
            match last_tag {
                ' ' => {
                    out.push_str(old_lines[at]);
                    at += 1;
                }
                '-' => at += 1,
                _ => out.push_str(&line[1..]),
            }
        }
        for line in old_lines.iter().skip(at) {
            out.push_str(line);
        }
        out
    }

    proptest! {
        #[test]
        fn hunks_turn_old_into_new_by_a_shortest_script(
            old in proptest::collection::vec(0u8..4, 0..40),
            new in proptest::collection::vec(0u8..4, 0..40),
            newline in any::<bool>(),
        ) {
            let text = |v: &[u8]| {
                let mut s: String = v.iter().map(|c| format!("{}\n", (b'a' + c) as char)).collect();
                if !newline {
                    s.pop();
                }
                s
            };
            let (old, new) = (text(&old), text(&new));
            let diff = hunks(&old, &new);
            prop_assert_eq!(diff.is_empty(), old == new);
            prop_assert_eq!(patch(&old, &diff), new.clone());
            // A shortest script: it keeps a longest common subsequence of the lines.
            let a: Vec<&str> = old.split_inclusive('\n').collect();
            let b: Vec<&str> = new.split_inclusive('\n').collect();
            let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
            for i in (0..a.len()).rev() {
                for j in (0..b.len()).rev() {
                    lcs[i][j] = if a[i] == b[j] {
                        lcs[i + 1][j + 1] + 1
                    } else {
                        lcs[i + 1][j].max(lcs[i][j + 1])
                    };
                }
            }
            let edits = diff
                .lines()
                .filter(|l| l.starts_with(['-', '+']))
                .count();
            prop_assert_eq!(edits, a.len() + b.len() - 2 * lcs[0][0]);
        }
    }
}
