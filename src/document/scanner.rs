//! The line-level block scanner every part of the parser shares: one line
//! cursor ([`lines`]), one fence tracker ([`FenceTracker`]) and one ATX
//! heading reader ([`atx_heading`]).
//!
//! pulldown-cmark finds the block structure of a whole document; these
//! small pieces answer the same questions line by line where a full parse
//! is not wanted (is this file a write-up at all?) or not possible (the
//! bullet lists and headings inside raw HTML blocks, a large body cut into
//! pieces). Keeping one implementation of each keeps their answers equal.
//!
//! Invariants: every offset is a byte offset into the text given, on a char
//! boundary; the rules follow CommonMark (fences and ATX headings indented
//! by at most three spaces; a fence closes with the same character, at
//! least as many times, and nothing else on the line).

use std::ops::Range;

/// One line: where it starts and its content without the line ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    pub start: usize,
    pub content: &'a str,
}

impl<'a> Line<'a> {
    /// Byte offset just after the content (before the line ending).
    pub fn end(&self) -> usize {
        self.start + self.content.len()
    }

    /// Leading spaces and tabs.
    pub fn indent(&self) -> usize {
        self.content.len() - self.content.trim_start().len()
    }

    /// The content without leading whitespace.
    pub fn trimmed(&self) -> &'a str {
        self.content.trim_start()
    }

    /// Byte range of the visible content (surrounding whitespace removed).
    pub fn visible(&self) -> Range<usize> {
        let start = self.start + self.indent();
        start..(self.start + self.content.trim_end().len()).max(start)
    }
}

/// The lines of `text[span]`, with offsets into `text`. Line endings
/// (`\n`, `\r\n`) are not part of the content.
pub fn lines(text: &str, span: Range<usize>) -> impl Iterator<Item = Line<'_>> {
    let mut offset = span.start;
    text[span].split_inclusive('\n').map(move |raw| {
        let line = Line {
            start: offset,
            content: raw.trim_end_matches(['\n', '\r']),
        };
        offset += raw.len();
        line
    })
}

/// An open code fence: its character and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fence {
    mark: u8,
    length: usize,
}

/// Spaces before a line's first character (CommonMark counts spaces).
fn space_indent(content: &str) -> usize {
    content.len() - content.trim_start_matches(' ').len()
}

impl Fence {
    /// The fence `content` opens, if it is an opening fence line.
    pub fn opening(content: &str) -> Option<Fence> {
        let indent = space_indent(content);
        if indent > 3 {
            return None;
        }
        let trimmed = &content[indent..];
        [b'`', b'~'].into_iter().find_map(|mark| {
            let length = trimmed.bytes().take_while(|&b| b == mark).count();
            (length >= 3).then_some(Fence { mark, length })
        })
    }

    /// Whether `content` closes this fence.
    pub fn closed_by(&self, content: &str) -> bool {
        let indent = space_indent(content);
        let trimmed = &content[indent..];
        let run = trimmed.bytes().take_while(|&b| b == self.mark).count();
        indent <= 3 && run >= self.length && trimmed[run..].trim().is_empty()
    }
}

/// Follows code fences line by line.
#[derive(Debug, Default)]
pub struct FenceTracker {
    open: Option<Fence>,
}

impl FenceTracker {
    /// Feed the next line; true when it is code (a fence line or inside a
    /// fence), false for an ordinary line.
    pub fn is_code(&mut self, content: &str) -> bool {
        match self.open {
            Some(fence) => {
                if fence.closed_by(content) {
                    self.open = None;
                }
                true
            }
            None => {
                self.open = Fence::opening(content);
                self.open.is_some()
            }
        }
    }

    /// Whether the last line fed left a fence open.
    pub fn inside(&self) -> bool {
        self.open.is_some()
    }
}

/// An ATX heading line (`### Score ##`), ranges relative to the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtxHeading {
    pub level: u8,
    /// The opening `#` marks.
    pub marks: Range<usize>,
    /// The heading text, surrounding whitespace and a closing `#` sequence
    /// removed (may be empty).
    pub text: Range<usize>,
}

/// Read `content` (one line, no line ending) as an ATX heading.
pub fn atx_heading(content: &str) -> Option<AtxHeading> {
    let indent = space_indent(content);
    if indent > 3 {
        return None;
    }
    let hashes = content[indent..].bytes().take_while(|&b| b == b'#').count();
    let after = &content[indent + hashes..];
    if !(1..=6).contains(&hashes) || !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let marks = indent..indent + hashes;
    let text_start = marks.end + (after.len() - after.trim_start().len());
    let mut text_end = marks.end + after.trim_end().len();
    // A closing sequence of `#` is decoration when a space precedes it (or
    // it is all there is).
    let inner = &content[text_start..text_end.max(text_start)];
    let without_closing = inner.trim_end_matches('#');
    if without_closing.is_empty() || without_closing.ends_with([' ', '\t']) {
        text_end = text_start + without_closing.trim_end().len();
    }
    Some(AtxHeading {
        level: u8::try_from(hashes).unwrap_or(6),
        marks,
        text: text_start..text_end.max(text_start),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_carry_offsets_without_line_endings() {
        let text = "ab\r\ncd\nef";
        let found: Vec<(usize, &str)> = lines(text, 0..text.len())
            .map(|l| (l.start, l.content))
            .collect();
        assert_eq!(found, [(0, "ab"), (4, "cd"), (7, "ef")]);
    }

    #[test]
    fn fences_close_with_the_same_mark_and_length() {
        let mut fences = FenceTracker::default();
        let code: Vec<bool> = ["a", "````rust", "```", "~~~", "````", "b", "    ```", "c"]
            .iter()
            .map(|l| fences.is_code(l))
            .collect();
        assert_eq!(code, [false, true, true, true, true, false, false, false]);
        assert!(!fences.inside());
    }

    #[test]
    fn atx_headings_follow_commonmark() {
        let read = |line: &str| atx_heading(line).map(|h| (h.level, line[h.text].to_string()));
        assert_eq!(read("### Score"), Some((3, "Score".into())));
        assert_eq!(read("  ## Status ##  "), Some((2, "Status".into())));
        assert_eq!(read("# C#"), Some((1, "C#".into())));
        assert_eq!(read("#"), Some((1, String::new())));
        assert_eq!(read("#hashtag"), None);
        assert_eq!(read("####### seven"), None);
        assert_eq!(read("    # code"), None);
    }
}
