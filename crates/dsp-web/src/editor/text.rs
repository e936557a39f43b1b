//! Positions in the editor text: byte offsets (Rust strings), UTF-16 code units (what a
//! textarea's `selectionStart` counts) and 1-based line/column (what diagnostics carry, the
//! column counted in characters). Every conversion clamps instead of panicking, and never
//! returns a byte offset that is not a char boundary.

use std::borrow::Cow;

/// The text as a textarea holds it: its `value` turns `\r\n` and lone `\r` into `\n`. Showing
/// the same text in the overlay keeps offsets, lines and the overlay in step.
pub fn normalize_newlines(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The byte offset of UTF-16 offset `utf16`. An offset past the end clamps to the end; one that
/// falls between the halves of a surrogate pair snaps to the start of that character.
pub fn utf16_to_byte(text: &str, utf16: u32) -> usize {
    let target = utf16 as usize;
    let mut units = 0usize;
    for (byte, c) in text.char_indices() {
        let next = units + c.len_utf16();
        if next > target {
            return byte;
        }
        units = next;
    }
    text.len()
}

/// The UTF-16 offset of byte offset `byte` (clamped to the text, rounded down to a char start).
pub fn byte_to_utf16(text: &str, byte: usize) -> u32 {
    let end = floor_char_boundary(text, byte);
    let units: usize = text[..end].chars().map(char::len_utf16).sum();
    u32::try_from(units).unwrap_or(u32::MAX)
}

/// Number of lines (a text ending in `\n` has an empty last line, as the editor shows it).
pub fn line_count(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count() + 1
}

/// Byte offset of 1-based line `line` and 1-based character column `column`. Line 0 counts as
/// line 1; a line past the end means the end of the text; a column past the end of its line
/// means the end of that line.
pub fn line_col_to_byte(text: &str, line: u32, column: u32) -> usize {
    let wanted = line.max(1) as usize;
    let Some(start) = line_start(text, wanted) else {
        return text.len();
    };
    let end = line_end(text, start);
    let skip = column.max(1) as usize - 1;
    match text[start..end].char_indices().nth(skip) {
        Some((offset, _)) => start + offset,
        None => end,
    }
}

/// Byte offset where 1-based line `line` starts, if the text has that line.
pub fn line_start(text: &str, line: usize) -> Option<usize> {
    if line <= 1 {
        return Some(0);
    }
    text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)
}

/// The start and end (before its `\n`) of the line holding byte offset `byte`.
pub fn line_bounds(text: &str, byte: usize) -> (usize, usize) {
    let byte = floor_char_boundary(text, byte);
    let start = text[..byte].rfind('\n').map_or(0, |i| i + 1);
    (start, line_end(text, start))
}

/// End of the line starting at `start` (the offset of its `\n`, or the end of the text).
pub fn line_end(text: &str, start: usize) -> usize {
    text[start..].find('\n').map_or(text.len(), |i| start + i)
}

/// `byte` clamped to the text and moved back to the nearest char boundary.
pub fn floor_char_boundary(text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_lone_cr_become_lf_and_plain_text_is_borrowed() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
        assert!(matches!(normalize_newlines("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs_as_two_units() {
        // "é" is 2 bytes / 1 unit, "🚀" is 4 bytes / 2 units.
        let text = "aé🚀b";
        assert_eq!(utf16_to_byte(text, 0), 0);
        assert_eq!(utf16_to_byte(text, 1), 1);
        assert_eq!(utf16_to_byte(text, 2), 3);
        assert_eq!(utf16_to_byte(text, 4), 7);
        assert_eq!(utf16_to_byte(text, 5), 8);
        assert_eq!(byte_to_utf16(text, 3), 2);
        assert_eq!(byte_to_utf16(text, 7), 4);
        assert_eq!(byte_to_utf16(text, 8), 5);
    }

    #[test]
    fn utf16_offset_inside_a_surrogate_pair_snaps_to_the_character_start() {
        assert_eq!(utf16_to_byte("a🚀", 2), 1);
    }

    #[test]
    fn out_of_range_offsets_clamp_to_the_end() {
        assert_eq!(utf16_to_byte("abc", 99), 3);
        assert_eq!(byte_to_utf16("abc", 99), 3);
        // Byte 2 is inside "é": rounds down to its start.
        assert_eq!(byte_to_utf16("aé", 2), 1);
    }

    #[test]
    fn utf16_round_trips_every_char_boundary() {
        let text = "kind: Daemon🚀Set\n  name: café\n";
        for (byte, _) in text.char_indices() {
            assert_eq!(utf16_to_byte(text, byte_to_utf16(text, byte)), byte);
        }
    }

    #[test]
    fn line_and_character_column_map_to_bytes() {
        let text = "a: 1\nnamé: x\n";
        assert_eq!(line_col_to_byte(text, 1, 1), 0);
        assert_eq!(line_col_to_byte(text, 2, 1), 5);
        // Column 5 of line 2 is the ':' after the two-byte "é".
        assert_eq!(line_col_to_byte(text, 2, 5), 10);
        assert_eq!(&text[10..11], ":");
    }

    #[test]
    fn line_and_column_past_the_end_clamp() {
        let text = "ab\ncd";
        assert_eq!(line_col_to_byte(text, 1, 50), 2);
        assert_eq!(line_col_to_byte(text, 9, 1), 5);
        assert_eq!(line_col_to_byte(text, 0, 0), 0);
    }

    #[test]
    fn a_trailing_newline_adds_an_empty_last_line() {
        assert_eq!(line_count("a\nb\n"), 3);
        assert_eq!(line_count(""), 1);
        assert_eq!(line_col_to_byte("a\nb\n", 3, 1), 4);
    }

    #[test]
    fn line_bounds_exclude_the_newline() {
        let text = "one\ntwo\n";
        assert_eq!(line_bounds(text, 5), (4, 7));
        assert_eq!(line_bounds(text, 3), (0, 3));
        assert_eq!(line_bounds(text, 8), (8, 8));
        assert_eq!(line_start(text, 2), Some(4));
        assert_eq!(line_start(text, 4), None);
    }
}
