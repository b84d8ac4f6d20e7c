//! Cutting a large Markdown body into pieces pulldown-cmark can parse one
//! at a time, so memory stays proportional to a piece, not to the file.
//!
//! pulldown-cmark builds a tree of the whole input before it yields the
//! first event: about 150 bytes per list item, so a list-heavy file took
//! 15-30 times its size in memory. A body larger than [`CHUNKED_ABOVE`] is
//! therefore parsed in pieces of about [`PIECE`] bytes.
//!
//! Invariant: a piece starts only on a line where CommonMark starts a new
//! block whatever came before, so the blocks (headings, links in them,
//! fenced code, HTML blocks) and their byte ranges are the ones a
//! whole-document parse finds:
//! - the line starts at column 0 with an ATX heading (`# `) or a non-empty
//!   bullet item (`- x`, `* x`, `+ x`): both interrupt a paragraph, and a
//!   line at column 0 closes every list item, block quote and indented code
//!   block (lazy continuation applies to paragraph text only);
//! - it is not inside a fenced code block opened at the top level, nor
//!   inside an HTML block (a line starting with `<` opens one, conservatively:
//!   until its end marker for comments and `pre`/`script`/`style`/
//!   `textarea`, else until a blank line).
//!
//! Link reference definitions apply to the whole document: [`references`]
//! collects them so every piece can resolve a `[text][label]` link defined
//! in another one. Bodies up to `CHUNKED_ABOVE` (every real write-up) are
//! parsed whole, exactly as before.

use std::collections::HashMap;
use std::ops::Range;

use super::scanner::{atx_heading, Fence};

/// Bodies larger than this are parsed in pieces.
pub const CHUNKED_ABOVE: usize = 256 * 1024;

/// Target size of one piece.
const PIECE: usize = 64 * 1024;

/// HTML blocks that end at a marker, not at a blank line (CommonMark types
/// 1-5), as (lower-case opening, closing marker).
const RAW_HTML: [(&str, &str); 8] = [
    ("<!--", "-->"),
    ("<pre", "</pre>"),
    ("<script", "</script>"),
    ("<style", "</style>"),
    ("<textarea", "</textarea>"),
    ("<?", "?>"),
    ("<![cdata[", "]]>"),
    ("<!", ">"),
];

/// Where a line scanner stands.
enum State {
    Normal,
    /// Inside a top-level fence.
    Fence(Fence),
    /// Inside an HTML block that ends at this marker.
    RawHtml(&'static str),
    /// Inside an HTML block that ends at a blank line.
    Html,
}

/// The byte ranges of `body` to parse one after another: the whole body
/// when it is small.
pub fn pieces(body: &str) -> Vec<Range<usize>> {
    if body.len() <= CHUNKED_ABOVE {
        return std::iter::once(0..body.len()).collect();
    }
    let mut pieces = Vec::new();
    let mut piece_start = 0;
    let mut state = State::Normal;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let trimmed = &content[indent..];
        state = match state {
            State::Fence(fence) => {
                if fence.closed_by(content) {
                    State::Normal
                } else {
                    State::Fence(fence)
                }
            }
            State::RawHtml(end) => {
                if content.to_ascii_lowercase().contains(end) {
                    State::Normal
                } else {
                    State::RawHtml(end)
                }
            }
            State::Html if content.trim().is_empty() => State::Normal,
            State::Html => State::Html,
            State::Normal => {
                if start - piece_start >= PIECE && indent == 0 && starts_block(trimmed) {
                    pieces.push(piece_start..start);
                    piece_start = start;
                }
                opened_by(content, indent, trimmed)
            }
        };
    }
    pieces.push(piece_start..body.len());
    pieces
}

/// A line at column 0 that starts a block in any context.
fn starts_block(line: &str) -> bool {
    if line.starts_with('#') {
        return atx_heading(line).is_some();
    }
    let bytes = line.as_bytes();
    matches!(
        bytes,
        [b'-' | b'*' | b'+', b' ' | b'\t', ..]
            if line[2..]
                .trim_start()
                .starts_with(|c: char| !matches!(c, '-' | '*' | '+'))
    )
}

/// The state a line in `Normal` leaves the scanner in.
fn opened_by(content: &str, indent: usize, trimmed: &str) -> State {
    if indent > 3 {
        return State::Normal;
    }
    if let Some(fence) = Fence::opening(content) {
        return State::Fence(fence);
    }
    if trimmed.starts_with('<') {
        let lower = trimmed.to_ascii_lowercase();
        for (open, end) in RAW_HTML {
            if let Some(rest) = lower.strip_prefix(open) {
                // The end marker may close the block on its opening line.
                return if rest.contains(end) {
                    State::Normal
                } else {
                    State::RawHtml(end)
                };
            }
        }
        return State::Html;
    }
    State::Normal
}

/// Link reference definitions (`[label]: url`) of a chunked body, by
/// normalised label, for links whose definition is in another piece.
/// Empty for a body parsed whole (pulldown-cmark resolves those itself).
pub fn references(body: &str) -> HashMap<String, String> {
    let mut found = HashMap::new();
    if body.len() <= CHUNKED_ABOVE {
        return found;
    }
    for line in body.lines() {
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() > 3 {
            continue;
        }
        let Some(rest) = trimmed.strip_prefix('[') else {
            continue;
        };
        let Some((label, rest)) = rest.split_once("]:") else {
            continue;
        };
        let url = rest.split_whitespace().next().unwrap_or("");
        let url = url.trim_start_matches('<').trim_end_matches('>');
        if !label.is_empty() && !url.is_empty() {
            found
                .entry(normalise_label(label))
                .or_insert_with(|| url.to_string());
        }
    }
    found
}

/// CommonMark label matching: case-insensitive, inner whitespace collapsed.
pub fn normalise_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_bodies_are_one_piece() {
        let whole = pieces("# a\n- b\n");
        assert_eq!((whole.len(), whole[0].clone()), (1, 0..8));
    }

    #[test]
    fn large_bodies_split_only_where_a_block_starts() {
        let mut body = String::from("```\n");
        body.push_str(&"- inside a fence\n".repeat(20_000));
        body.push_str("```\n<!--\n");
        body.push_str(&"- inside a comment\n".repeat(20_000));
        body.push_str("-->\n");
        let fenced_end = body.len();
        body.push_str(&"- item\n".repeat(100_000));
        let parts = pieces(&body);
        assert!(parts.len() > 3, "{}", parts.len());
        assert_eq!(parts[0].start, 0);
        assert!(
            parts[0].end >= fenced_end,
            "no cut inside the fence or comment"
        );
        for pair in parts.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert!(body[pair[1].clone()].starts_with("- item\n"));
        }
        assert_eq!(parts.last().unwrap().end, body.len());
    }
}
