//! Where each field sits in the source text: a tree of (line, column) built from YAML events.
//!
//! Choice of parser: `serde_yaml` reports a location only for errors, so field positions need an
//! event-level parse. `yaml-rust2` (already in the workspace, pure Rust, no `unsafe` needed on our
//! side, small: no serde, no libyaml) exposes a pull parser whose events carry a `Marker` with
//! line and column. The alternatives were worse: `unsafe-libyaml` (under `serde_yaml`) would force
//! `unsafe` calls into a crate that forbids them, and a hand-written indentation scanner would get
//! flow collections, quoted keys and block scalars wrong. Both parsers read the same chunk; if
//! they ever disagree on a corner of the YAML spec, a lookup simply finds nothing and the caller
//! falls back to the nearest ancestor or the document start.
//!
//! Paths use the Kubernetes field-path syntax: `spec.template.spec.containers[0].image`; map keys
//! that contain dots can be written either inline (`metadata.labels.app.kubernetes.io/name`,
//! resolved by trying the keys that actually exist) or bracketed (`metadata.labels[app.kubernetes.io/name]`).

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

/// Nesting deeper than this is not mapped (the subtree is skipped); it keeps the builder's
/// recursion bounded for hostile input.
const MAX_DEPTH: usize = 200;

/// One node of the position tree. For a mapping entry the position is that of its key (where an
/// editor should point); for a sequence item it is where the item starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PosNode {
    pub line: u32,
    pub column: u32,
    pub children: Children,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Children {
    #[default]
    Leaf,
    Map(Vec<(String, PosNode)>),
    Seq(Vec<PosNode>),
}

/// Builds the position tree of the first document in `chunk`. Lines are shifted by
/// `line_offset` (the number of lines before the chunk in the whole file). Returns `None`
/// when the chunk does not parse.
pub(crate) fn build(chunk: &str, line_offset: u32) -> Option<PosNode> {
    let mut builder = Builder {
        parser: Parser::new_from_str(chunk),
        line_offset,
        // Every event consumes at least one character or is one of a few framing events, so this
        // bound is never reached on real input; it guarantees termination regardless.
        budget: chunk.len().saturating_mul(4).saturating_add(64),
    };
    loop {
        let (event, marker) = builder.next()?;
        match event {
            Event::StreamStart | Event::DocumentStart => continue,
            Event::StreamEnd | Event::DocumentEnd => return None,
            other => return builder.node(other, marker, 0),
        }
    }
}

/// Looks a field path up in the tree; exact match only.
pub(crate) fn lookup(root: &PosNode, path: &str) -> Option<(u32, u32)> {
    let path = path.strip_prefix('.').unwrap_or(path);
    lookup_rec(root, path)
}

/// Like `lookup`, but when the path itself is absent (a defaulted or missing field) walks up to
/// the closest ancestor that is written in the text.
pub(crate) fn lookup_nearest(root: &PosNode, path: &str) -> (u32, u32) {
    let mut current = path.to_string();
    loop {
        if let Some(pos) = lookup(root, &current) {
            return pos;
        }
        match parent_path(&current) {
            Some(parent) => current = parent,
            None => return (root.line, root.column),
        }
    }
}

/// `a.b[0].c` → `a.b[0]` → `a.b` → `a` → (none).
pub(crate) fn parent_path(path: &str) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    if path.ends_with(']') {
        if let Some(i) = path.rfind('[') {
            return Some(path[..i].to_string());
        }
    }
    Some(
        path.rfind('.')
            .map_or(String::new(), |i| path[..i].to_string()),
    )
}

fn lookup_rec(node: &PosNode, rest: &str) -> Option<(u32, u32)> {
    if rest.is_empty() {
        return Some((node.line, node.column));
    }
    if let Some(after_open) = rest.strip_prefix('[') {
        let close = after_open.find(']')?;
        let inner = &after_open[..close];
        let tail = &after_open[close + 1..];
        let tail = tail.strip_prefix('.').unwrap_or(tail);
        return match &node.children {
            Children::Seq(items) => {
                let index: usize = inner.parse().ok()?;
                lookup_rec(items.get(index)?, tail)
            }
            Children::Map(entries) => entries
                .iter()
                .filter(|(k, _)| k == inner)
                .find_map(|(_, child)| lookup_rec(child, tail)),
            Children::Leaf => None,
        };
    }
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let Children::Map(entries) = &node.children else {
        return None;
    };
    // Try every key that is a prefix ending at a segment boundary, so dotted keys such as
    // `app.kubernetes.io/name` resolve without escaping.
    entries.iter().find_map(|(key, child)| {
        let tail = rest.strip_prefix(key.as_str())?;
        if tail.is_empty() || tail.starts_with('.') || tail.starts_with('[') {
            lookup_rec(child, tail)
        } else {
            None
        }
    })
}

struct Builder<'a> {
    parser: Parser<core::str::Chars<'a>>,
    line_offset: u32,
    budget: usize,
}

impl Builder<'_> {
    fn next(&mut self) -> Option<(Event, Marker)> {
        if self.budget == 0 {
            return None;
        }
        self.budget -= 1;
        self.parser.next_token().ok()
    }

    fn position(&self, marker: &Marker) -> (u32, u32) {
        let line = u32::try_from(marker.line()).unwrap_or(u32::MAX);
        let column = u32::try_from(marker.col()).unwrap_or(u32::MAX);
        // yaml-rust2 markers: line is 1-based, column is 0-based (counted in characters).
        (
            line.max(1).saturating_add(self.line_offset),
            column.saturating_add(1),
        )
    }

    /// Reads the node that starts with `event` (already consumed).
    fn node(&mut self, event: Event, marker: Marker, depth: usize) -> Option<PosNode> {
        let (mut line, mut column) = self.position(&marker);
        let children = match event {
            Event::MappingStart(..) if depth >= MAX_DEPTH => {
                self.skip_nested()?;
                Children::Leaf
            }
            Event::SequenceStart(..) if depth >= MAX_DEPTH => {
                self.skip_nested()?;
                Children::Leaf
            }
            Event::MappingStart(..) => {
                let entries = self.mapping(depth)?;
                // A block mapping's start event is marked at its first `:`, not at its first
                // key; the key is where the mapping visibly starts.
                if let Some((_, first)) = entries.first() {
                    if (first.line, first.column) < (line, column) {
                        (line, column) = (first.line, first.column);
                    }
                }
                Children::Map(entries)
            }
            Event::SequenceStart(..) => Children::Seq(self.sequence(depth)?),
            Event::Scalar(..) | Event::Alias(..) => Children::Leaf,
            // Framing events cannot start a node in a well-formed stream.
            _ => return None,
        };
        Some(PosNode {
            line,
            column,
            children,
        })
    }

    fn mapping(&mut self, depth: usize) -> Option<Vec<(String, PosNode)>> {
        let mut entries = Vec::new();
        loop {
            let (event, marker) = self.next()?;
            let key = match event {
                Event::MappingEnd => return Some(entries),
                Event::Scalar(text, ..) => Some(text),
                Event::Alias(..) => None,
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    // A complex key (a collection used as a key): no path can name it.
                    self.skip_nested()?;
                    None
                }
                _ => return None,
            };
            let (key_line, key_column) = self.position(&marker);
            let (value_event, value_marker) = self.next()?;
            let mut value = self.node(value_event, value_marker, depth + 1)?;
            if let Some(key) = key {
                value.line = key_line;
                value.column = key_column;
                entries.push((key, value));
            }
        }
    }

    fn sequence(&mut self, depth: usize) -> Option<Vec<PosNode>> {
        let mut items = Vec::new();
        loop {
            let (event, marker) = self.next()?;
            if event == Event::SequenceEnd {
                return Some(items);
            }
            items.push(self.node(event, marker, depth + 1)?);
        }
    }

    /// Skips the rest of a collection whose start event was already consumed, without recursion.
    fn skip_nested(&mut self) -> Option<()> {
        let mut open = 1usize;
        while open > 0 {
            match self.next()?.0 {
                Event::MappingStart(..) | Event::SequenceStart(..) => open += 1,
                Event::MappingEnd | Event::SequenceEnd => open -= 1,
                Event::StreamEnd => return None,
                _ => {}
            }
        }
        Some(())
    }
}
