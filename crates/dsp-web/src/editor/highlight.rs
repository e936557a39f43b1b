//! A small YAML tokenizer for colouring, line by line, that never fails: anything it does not
//! recognise stays plain text. It knows keys, quoted and plain scalars (strings, numbers,
//! booleans, null), comments, `---`/`...` document markers, list dashes, anchors, aliases,
//! tags, flow collections (also across lines) and block scalars (`|`, `>`), whose content
//! lines are coloured as strings.
//!
//! Token boundaries always sit on ASCII bytes or line ends, so slicing a line at them is safe.

use super::Severity;

/// What a piece of a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Plain,
    Key,
    String,
    Number,
    Bool,
    Null,
    Comment,
    DocSeparator,
    ListDash,
    /// `:`, `?`, `,`, `[`, `]`, `{`, `}`.
    Punct,
    /// `&anchor` and `*alias`.
    Anchor,
    /// `!tag`.
    Tag,
    /// `|`, `>-`, `|+2`.
    BlockIndicator,
    /// `%YAML 1.2`.
    Directive,
}

impl TokenKind {
    /// The CSS class of this kind in the overlay (see web/editor.css); `None` for plain text.
    pub fn class(self) -> Option<&'static str> {
        Some(match self {
            TokenKind::Plain => return None,
            TokenKind::Key => "tok-key",
            TokenKind::String => "tok-string",
            TokenKind::Number => "tok-number",
            TokenKind::Bool => "tok-bool",
            TokenKind::Null => "tok-null",
            TokenKind::Comment => "tok-comment",
            TokenKind::DocSeparator => "tok-doc",
            TokenKind::ListDash => "tok-dash",
            TokenKind::Punct => "tok-punct",
            TokenKind::Anchor => "tok-anchor",
            TokenKind::Tag => "tok-tag",
            TokenKind::BlockIndicator => "tok-block",
            TokenKind::Directive => "tok-directive",
        })
    }
}

/// A byte range of one line (no `\n`) and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

/// Tokens for every line of `text` (split on `\n`); each line's tokens cover it completely,
/// in order, without gaps or empty tokens.
pub fn highlight_lines(text: &str) -> Vec<Vec<Token>> {
    let mut state = State::default();
    text.split('\n')
        .map(|line| scan_line(line, &mut state))
        .collect()
}

/// Tokens of one line read on its own (no block scalar or flow context from earlier lines).
pub fn highlight_line(line: &str) -> Vec<Token> {
    scan_line(line, &mut State::default())
}

/// A run of a line with one colour and, when a diagnostic covers it, its severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    pub mark: Option<Severity>,
}

/// Splits `tokens` where the diagnostic ranges `marks` (byte ranges of the line) begin and end,
/// so the overlay can underline exactly the marked text, and joins neighbours of the same
/// colour and mark. Where marks overlap, an error wins.
pub fn line_segments(tokens: &[Token], marks: &[(usize, usize, Severity)]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(tokens.len());
    for t in tokens {
        let mut cuts: Vec<usize> = marks
            .iter()
            .flat_map(|&(s, e, _)| [s, e])
            .filter(|&c| c > t.start && c < t.end)
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut from = t.start;
        for to in cuts.into_iter().chain(std::iter::once(t.end)) {
            let mark = marks
                .iter()
                .filter(|&&(s, e, _)| s <= from && to <= e && s < e)
                .map(|&(_, _, sev)| sev)
                .max_by_key(|sev| matches!(sev, Severity::Error));
            // A run of one colour and mark is one segment (one span on the page): a line of
            // 5,000 `[` is one span, not 5,000.
            match out.last_mut() {
                Some(last) if last.end == from && last.kind == t.kind && last.mark == mark => {
                    last.end = to;
                }
                _ => out.push(Segment {
                    start: from,
                    end: to,
                    kind: t.kind,
                    mark,
                }),
            }
            from = to;
        }
    }
    out
}

/// The byte range of `line` a diagnostic at 1-based character `column` underlines: the word
/// (up to whitespace or a `: ` separator) starting there, one character when it points at
/// whitespace, and an empty range at the end of the line when it points past it.
pub fn diagnostic_range(line: &str, column: u32) -> (usize, usize) {
    let skip = column.max(1) as usize - 1;
    let Some((start, first)) = line.char_indices().nth(skip) else {
        return (line.len(), line.len());
    };
    if first.is_whitespace() {
        return (start, start + first.len_utf8());
    }
    let bytes = line.as_bytes();
    let mut end = start + first.len_utf8();
    for (i, c) in line[end..].char_indices() {
        let at = end + i;
        let separator = c == ':' && bytes.get(at + 1).is_none_or(|b| b.is_ascii_whitespace());
        if c.is_whitespace() || separator {
            return (start, at);
        }
    }
    end = line.len();
    (start, end)
}

/// Context carried from one line to the next.
#[derive(Default)]
struct State {
    /// Inside a block scalar whose parent node sits at this column (-1: the document root).
    block_scalar: Option<isize>,
    /// Open `[`/`{` brackets.
    flow_depth: usize,
}

fn scan_line(line: &str, state: &mut State) -> Vec<Token> {
    let mut s = Scanner {
        line,
        bytes: line.as_bytes(),
        pos: 0,
        toks: Vec::new(),
    };
    let indent = s.bytes.iter().take_while(|&&b| b == b' ').count();
    if let Some(marker) = doc_marker(line) {
        // A document marker ends any block scalar or unclosed flow collection.
        *state = State::default();
        s.push(marker, TokenKind::DocSeparator);
        s.value(state, -1);
        return s.finish();
    }
    if let Some(parent) = state.block_scalar {
        if line.trim().is_empty() || indent as isize > parent {
            s.push(
                line.len(),
                if line.trim().is_empty() {
                    TokenKind::Plain
                } else {
                    TokenKind::String
                },
            );
            return s.finish();
        }
        state.block_scalar = None;
    }
    if state.flow_depth > 0 {
        s.flow(state);
    } else if line.starts_with('%') {
        s.push(line.len(), TokenKind::Directive);
    } else {
        s.block(state, indent);
    }
    s.finish()
}

/// `---` or `...` at column 0, followed by whitespace or the end of the line.
fn doc_marker(line: &str) -> Option<usize> {
    let rest = line
        .strip_prefix("---")
        .or_else(|| line.strip_prefix("..."))?;
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then_some(3)
}

struct Scanner<'a> {
    line: &'a str,
    bytes: &'a [u8],
    pos: usize,
    toks: Vec<Token>,
}

impl Scanner<'_> {
    /// A block-context line: dashes, `? `, a key and its value, or a bare value.
    fn block(&mut self, state: &mut State, indent: usize) {
        let mut parent = indent as isize - 1;
        loop {
            self.skip_ws();
            let Some(c) = self.peek() else { return };
            match c {
                b'#' => return self.comment(),
                b'-' | b'?' if self.ws_or_end_at(self.pos + 1) => {
                    parent = self.pos as isize;
                    self.push(
                        self.pos + 1,
                        if c == b'-' {
                            TokenKind::ListDash
                        } else {
                            TokenKind::Punct
                        },
                    );
                }
                b':' if self.ws_or_end_at(self.pos + 1) => {
                    self.push(self.pos + 1, TokenKind::Punct);
                    return self.value(state, parent);
                }
                b'&' | b'!' | b'*' => self.property(),
                _ => {
                    if let Some(key_end) = self.key_end() {
                        let key_col = self.pos as isize;
                        self.push(key_end, TokenKind::Key);
                        self.skip_ws();
                        self.push(self.pos + 1, TokenKind::Punct);
                        return self.value(state, key_col);
                    }
                    return self.value(state, parent);
                }
            }
        }
    }

    /// The value after `key:`, a dash or a document marker. `parent` is the column a block
    /// scalar's content must be indented beyond.
    fn value(&mut self, state: &mut State, parent: isize) {
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'&' | b'!' | b'*') => self.property(),
                _ => break,
            }
        }
        let Some(c) = self.peek() else { return };
        match c {
            b'#' => self.comment(),
            b'|' | b'>' => {
                let end = self.scan_while(self.pos + 1, |b| matches!(b, b'-' | b'+' | b'0'..=b'9'));
                self.push(end, TokenKind::BlockIndicator);
                state.block_scalar = Some(parent);
                self.rest_plain_or_comment();
            }
            b'"' | b'\'' => {
                let end = self.quoted_end(self.pos);
                self.push(end, TokenKind::String);
                self.rest_plain_or_comment();
            }
            b'[' | b'{' => self.flow(state),
            _ => {
                let end = self.plain_end(self.pos, false);
                let kind = classify_plain(&self.line[self.pos..end]);
                self.push(end, kind);
                self.rest_plain_or_comment();
            }
        }
    }

    /// Inside `[...]` / `{...}`, possibly continued from an earlier line.
    fn flow(&mut self, state: &mut State) {
        loop {
            self.skip_ws();
            let Some(c) = self.peek() else { return };
            match c {
                b'#' => return self.comment(),
                b'[' | b'{' => {
                    state.flow_depth += 1;
                    self.push(self.pos + 1, TokenKind::Punct);
                }
                b']' | b'}' => {
                    state.flow_depth = state.flow_depth.saturating_sub(1);
                    self.push(self.pos + 1, TokenKind::Punct);
                }
                b',' | b':' => self.push(self.pos + 1, TokenKind::Punct),
                b'&' | b'!' | b'*' => self.property(),
                b'"' | b'\'' => {
                    let end = self.quoted_end(self.pos);
                    let kind = if self.followed_by_colon(end) {
                        TokenKind::Key
                    } else {
                        TokenKind::String
                    };
                    self.push(end, kind);
                }
                _ => {
                    let end = self.plain_end(self.pos, true);
                    let kind = if self.followed_by_colon(end) {
                        TokenKind::Key
                    } else {
                        classify_plain(&self.line[self.pos..end])
                    };
                    // Always advance, to the next char boundary at least.
                    let end = if end > self.pos {
                        end
                    } else {
                        next_char_boundary(self.line, self.pos)
                    };
                    self.push(end, kind);
                }
            }
        }
    }

    /// If a key starts here (`key:` / `"key":` followed by whitespace or the end), its end.
    fn key_end(&self) -> Option<usize> {
        let c = self.peek()?;
        if matches!(c, b'[' | b'{' | b'|' | b'>' | b'#' | b'%' | b'@' | b'`') {
            return None;
        }
        let end = if matches!(c, b'"' | b'\'') {
            self.quoted_end(self.pos)
        } else {
            self.plain_end(self.pos, false)
        };
        let after = self.scan_while(end, |b| b == b' ' || b == b'\t');
        (self.bytes.get(after) == Some(&b':') && self.ws_or_end_at(after + 1) && end > self.pos)
            .then_some(end)
    }

    /// End of a plain scalar starting at `from`: before ` #`, before `: ` (or `:` at the end),
    /// before flow indicators in flow context; trailing whitespace excluded.
    fn plain_end(&self, from: usize, in_flow: bool) -> usize {
        let mut i = from;
        let mut end = from;
        while let Some(&b) = self.bytes.get(i) {
            let stop = match b {
                b'#' => i > from && self.bytes[i - 1].is_ascii_whitespace(),
                b':' => {
                    self.ws_or_end_at(i + 1)
                        || (in_flow && matches!(self.bytes.get(i + 1), Some(b',' | b']' | b'}')))
                }
                b',' | b'[' | b']' | b'{' | b'}' => in_flow,
                _ => false,
            };
            if stop {
                break;
            }
            i += 1;
            if !b.is_ascii_whitespace() {
                end = i;
            }
        }
        // `end` is just past an ASCII byte or a UTF-8 continuation byte ending a char: move to
        // the char boundary (a multi-byte char is never cut because the scan only stops on ASCII).
        while !self.line.is_char_boundary(end) {
            end += 1;
        }
        end
    }

    /// End (exclusive) of a quoted scalar starting at `from`; the line end if unterminated.
    fn quoted_end(&self, from: usize) -> usize {
        let quote = self.bytes[from];
        let mut i = from + 1;
        while let Some(&b) = self.bytes.get(i) {
            if quote == b'"' && b == b'\\' {
                i += 2;
                continue;
            }
            if b == quote {
                if quote == b'\'' && self.bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i += 1;
        }
        self.line.len()
    }

    /// `&anchor`, `*alias` or `!tag` up to the next whitespace.
    fn property(&mut self) {
        let kind = if self.bytes[self.pos] == b'!' {
            TokenKind::Tag
        } else {
            TokenKind::Anchor
        };
        let end = self.scan_while(self.pos + 1, |b| {
            !b.is_ascii_whitespace() && !matches!(b, b',' | b']' | b'}')
        });
        self.push(end, kind);
    }

    /// After a complete value: a comment, or leftover text shown plain.
    fn rest_plain_or_comment(&mut self) {
        self.skip_ws();
        match self.peek() {
            Some(b'#') => self.comment(),
            Some(_) => match self.line[self.pos..].find(" #") {
                Some(i) => {
                    self.push(self.pos + i, TokenKind::Plain);
                    self.skip_ws();
                    self.comment();
                }
                None => self.push(self.line.len(), TokenKind::Plain),
            },
            None => {}
        }
    }

    fn comment(&mut self) {
        self.push(self.line.len(), TokenKind::Comment);
    }

    fn followed_by_colon(&self, end: usize) -> bool {
        let after = self.scan_while(end, |b| b == b' ' || b == b'\t');
        self.bytes.get(after) == Some(&b':')
            && (self.ws_or_end_at(after + 1)
                || matches!(self.bytes.get(after + 1), Some(b',' | b']' | b'}')))
    }

    fn skip_ws(&mut self) {
        let end = self.scan_while(self.pos, |b| b == b' ' || b == b'\t');
        self.push(end, TokenKind::Plain);
    }

    fn scan_while(&self, from: usize, keep: impl Fn(u8) -> bool) -> usize {
        let mut i = from;
        while self.bytes.get(i).is_some_and(|&b| keep(b)) {
            i += 1;
        }
        i.min(self.line.len())
    }

    fn ws_or_end_at(&self, i: usize) -> bool {
        self.bytes.get(i).is_none_or(|b| b.is_ascii_whitespace())
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Emits `pos..end` as `kind` (merging plain runs) and moves to `end`.
    fn push(&mut self, end: usize, kind: TokenKind) {
        let end = end.min(self.line.len());
        if end <= self.pos {
            return;
        }
        match self.toks.last_mut() {
            Some(last) if last.kind == TokenKind::Plain && kind == TokenKind::Plain => {
                last.end = end
            }
            _ => self.toks.push(Token {
                start: self.pos,
                end,
                kind,
            }),
        }
        self.pos = end;
    }

    fn finish(mut self) -> Vec<Token> {
        // Whatever is left (only possible on malformed input) stays plain.
        self.push(self.line.len(), TokenKind::Plain);
        self.toks
    }
}

fn next_char_boundary(line: &str, from: usize) -> usize {
    let mut i = (from + 1).min(line.len());
    while !line.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The type a plain scalar resolves to under the YAML 1.2 core schema (what the parser uses).
fn classify_plain(s: &str) -> TokenKind {
    match s {
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => TokenKind::Bool,
        "null" | "Null" | "NULL" | "~" => TokenKind::Null,
        _ if is_number(s) => TokenKind::Number,
        _ => TokenKind::String,
    }
}

fn is_number(s: &str) -> bool {
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    if let Some(hex) = s.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if let Some(oct) = s.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|b| matches!(b, b'0'..=b'7'));
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(int)
        && frac.is_none_or(digits)
        && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders a line's tokens as `[kind:text]`, plain text as is, for readable assertions.
    fn show(line: &str, tokens: &[Token]) -> String {
        tokens
            .iter()
            .map(|t| {
                let text = &line[t.start..t.end];
                match t.kind {
                    TokenKind::Plain => text.to_string(),
                    k => format!("[{}:{}]", format!("{k:?}").to_lowercase(), text),
                }
            })
            .collect()
    }

    fn show_all(text: &str) -> Vec<String> {
        text.split('\n')
            .zip(highlight_lines(text))
            .map(|(l, t)| show(l, &t))
            .collect()
    }

    fn one(line: &str) -> String {
        show(line, &highlight_line(line))
    }

    #[test]
    fn keys_and_scalar_values_get_their_kinds() {
        assert_eq!(
            one("apiVersion: apps/v1"),
            "[key:apiVersion][punct::] [string:apps/v1]"
        );
        assert_eq!(one("  replicas: 3"), "  [key:replicas][punct::] [number:3]");
        assert_eq!(
            one("hostNetwork: true"),
            "[key:hostNetwork][punct::] [bool:true]"
        );
        assert_eq!(one("x: ~"), "[key:x][punct::] [null:~]");
        assert_eq!(one("ratio: -1.5e3"), "[key:ratio][punct::] [number:-1.5e3]");
        assert_eq!(
            one("image: nginx:1.7.9"),
            "[key:image][punct::] [string:nginx:1.7.9]"
        );
    }

    #[test]
    fn quoted_strings_and_quoted_keys() {
        assert_eq!(
            one(r#"name: "a \" # b""#),
            r#"[key:name][punct::] [string:"a \" # b"]"#
        );
        assert_eq!(one("'it''s': 'x'"), "[key:'it''s'][punct::] [string:'x']");
        assert_eq!(
            one("maxUnavailable: \"10%\""),
            "[key:maxUnavailable][punct::] [string:\"10%\"]"
        );
    }

    #[test]
    fn comments_only_after_whitespace() {
        assert_eq!(one("# whole line"), "[comment:# whole line]");
        assert_eq!(
            one("app: web # the lane"),
            "[key:app][punct::] [string:web] [comment:# the lane]"
        );
        assert_eq!(one("url: a#b"), "[key:url][punct::] [string:a#b]");
    }

    #[test]
    fn document_markers_and_list_dashes() {
        assert_eq!(one("---"), "[docseparator:---]");
        assert_eq!(one("--- # second"), "[docseparator:---] [comment:# second]");
        assert_eq!(
            one("- name: nginx"),
            "[listdash:-] [key:name][punct::] [string:nginx]"
        );
        assert_eq!(one("  - - 1"), "  [listdash:-] [listdash:-] [number:1]");
        assert_eq!(one("-1"), "[number:-1]");
        assert_eq!(one("----"), "[string:----]");
    }

    #[test]
    fn anchors_aliases_and_tags() {
        assert_eq!(
            one("base: &b !!map"),
            "[key:base][punct::] [anchor:&b] [tag:!!map]"
        );
        assert_eq!(one("<<: *b"), "[key:<<][punct::] [anchor:*b]");
    }

    #[test]
    fn flow_collections_on_one_line() {
        assert_eq!(
            one("args: [a, \"b\", 3]"),
            "[key:args][punct::] [punct:[][string:a][punct:,] [string:\"b\"][punct:,] [number:3][punct:]]"
        );
        assert_eq!(
            one("labels: {app: web, tier: 1}"),
            "[key:labels][punct::] [punct:{][key:app][punct::] [string:web][punct:,] [key:tier][punct::] [number:1][punct:}]"
        );
    }

    #[test]
    fn flow_collections_continue_across_lines() {
        let lines = show_all("args: [\n  \"--v\", 2,\n]\nnext: x");
        assert_eq!(lines[1], "  [string:\"--v\"][punct:,] [number:2][punct:,]");
        assert_eq!(lines[2], "[punct:]]");
        assert_eq!(lines[3], "[key:next][punct::] [string:x]");
    }

    #[test]
    fn block_scalar_content_is_a_string_until_the_indent_drops() {
        let text = "  script: |-\n    echo: hi # not a comment\n\n    done\n  next: 1";
        let lines = show_all(text);
        assert_eq!(lines[0], "  [key:script][punct::] [blockindicator:|-]");
        assert_eq!(lines[1], "[string:    echo: hi # not a comment]");
        assert_eq!(lines[2], "");
        assert_eq!(lines[4], "  [key:next][punct::] [number:1]");
    }

    #[test]
    fn block_scalar_under_a_list_item_key_uses_the_key_column() {
        let lines = show_all("- run: >\n    a: b\n  other: 1");
        assert_eq!(lines[1], "[string:    a: b]");
        // Column 2 is the mapping inside the item, not deeper than `run`: back to YAML.
        assert_eq!(lines[2], "  [key:other][punct::] [number:1]");
    }

    #[test]
    fn a_document_marker_ends_a_block_scalar() {
        let lines = show_all("--- |\nbody\n---\nkind: Node");
        assert_eq!(lines[1], "[string:body]");
        assert_eq!(lines[2], "[docseparator:---]");
        assert_eq!(lines[3], "[key:kind][punct::] [string:Node]");
    }

    #[test]
    fn tokens_cover_every_line_exactly_even_for_garbage() {
        let text =
            "a: \"unterminated\n: : :\n\t- [}{,]\n?\n%YAML 1.2\nkéy: välue # ünïcode 🚀\n{{{\n";
        for (line, tokens) in text.split('\n').zip(highlight_lines(text)) {
            let mut at = 0;
            for t in &tokens {
                assert_eq!(t.start, at, "gap in {line:?}: {tokens:?}");
                assert!(t.end > t.start, "empty token in {line:?}");
                assert!(line.is_char_boundary(t.end));
                at = t.end;
            }
            assert_eq!(at, line.len(), "{line:?} not covered: {tokens:?}");
        }
    }

    #[test]
    fn unicode_keys_and_values() {
        assert_eq!(
            one("kéy: välue # ünï"),
            "[key:kéy][punct::] [string:välue] [comment:# ünï]"
        );
    }

    #[test]
    fn numbers_follow_the_core_schema() {
        for n in [
            "0", "-12", "+3", "1.5", ".5", "1e9", "1.0E-3", "0x1F", "0o17", ".inf", "-.Inf", ".nan",
        ] {
            assert!(is_number(n), "{n}");
        }
        for s in ["1.2.3", "e5", "0x", "1e", "-", ".", "10%", "1_000", "v1"] {
            assert!(!is_number(s), "{s}");
        }
    }

    #[test]
    fn diagnostic_range_covers_the_word_at_the_column() {
        let line = "  nodeSelecter: {}";
        assert_eq!(diagnostic_range(line, 3), (2, 14));
        assert_eq!(&line[2..14], "nodeSelecter");
        // Pointing at whitespace: one character. Past the end: empty, at the end.
        assert_eq!(diagnostic_range(line, 1), (0, 1));
        assert_eq!(diagnostic_range(line, 40), (line.len(), line.len()));
        assert_eq!(diagnostic_range("image: nginx:1.7", 8), (7, 16));
        assert_eq!(diagnostic_range("é🚀x y", 2), (2, 7));
    }

    #[test]
    fn segments_split_tokens_at_diagnostic_edges() {
        let line = "app: frontend";
        let tokens = highlight_line(line);
        let segs = line_segments(
            &tokens,
            &[(5, 9, Severity::Warning), (7, 13, Severity::Error)],
        );
        let shown: Vec<String> = segs
            .iter()
            .map(|s| format!("{}{:?}", &line[s.start..s.end], s.mark))
            .collect();
        assert_eq!(
            shown,
            [
                "appNone",
                ":None",
                " None",
                "frSome(Warning)",
                "ontendSome(Error)"
            ]
        );
    }

    #[test]
    fn a_run_of_one_colour_is_one_segment() {
        let line = format!("a: {}", "[".repeat(5_000));
        let segs = line_segments(&highlight_line(&line), &[]);
        assert!(segs.len() <= 4, "{} segments", segs.len());
        assert_eq!(segs.last().map(|s| (s.start, s.end)), Some((3, line.len())));
    }

    #[test]
    fn segments_without_marks_are_the_tokens() {
        let tokens = highlight_line("a: 1 # c");
        let segs = line_segments(&tokens, &[]);
        assert_eq!(segs.len(), tokens.len());
        assert!(segs.iter().zip(&tokens).all(|(s, t)| s.start == t.start
            && s.end == t.end
            && s.kind == t.kind
            && s.mark.is_none()));
    }
}
