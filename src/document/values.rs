//! Reading section bodies line by line: list items, values joined by the
//! pack's separators, the first line with content, and text with its HTML
//! tags removed. Raw HTML blocks (`<p dir="rtl">`) can swallow Markdown, so
//! these read the text, not pulldown-cmark's events.

use super::scanner::{lines, FenceTracker};
use super::Span;

/// Blank lines and one-line HTML comments (suppression directives) carry
/// no content.
pub(super) fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || (t.starts_with("<!--") && t.ends_with("-->"))
}

pub(super) fn next_line_start(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// The first line of `body` with visible content.
pub(super) fn first_content_line(text: &str, body: &Span) -> Option<Span> {
    lines(text, body.clone())
        .find(|line| !is_blank_or_comment(line.content))
        .map(|line| line.visible())
}

/// Bullet items of a section body, as byte ranges (bullet marker excluded,
/// trailing blank lines excluded). An item runs until the next bullet line,
/// a blank line followed by a non-indented non-bullet line, or the end.
pub fn list_items(text: &str, body: &Span) -> Vec<Span> {
    let mut items: Vec<Span> = Vec::new();
    let mut current: Option<Span> = None;
    for line in lines(text, body.clone()) {
        let trimmed = line.trimmed();
        let visible = line.visible();
        if let Some(after_marker) = bullet_content(trimmed) {
            if let Some(item) = current.take() {
                items.push(item);
            }
            let start = line.start + line.indent() + (trimmed.len() - after_marker.len());
            // An empty item (`- ` with its trailing space trimmed) is empty,
            // not reversed.
            current = Some(start..visible.end.max(start));
        } else if let Some(item) = current.as_mut() {
            if !trimmed.is_empty() && !trimmed.starts_with("<!--") {
                item.end = visible.end;
            }
        }
    }
    items.extend(current);
    items
}

/// The text after a list marker (`- `, `* `, `+ `, `1. `), if `line` is an item.
fn bullet_content(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        if rest.starts_with([' ', '\t']) {
            return Some(rest.trim_start());
        }
        return None;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(['.', ')']) {
            if rest.starts_with([' ', '\t']) {
                return Some(rest.trim_start());
            }
        }
    }
    None
}

/// Remove HTML tags (`<br />`, `<p dir="rtl">`) from a value, keeping text.
///
/// Linear: the position of the next `>` is remembered, not searched again
/// for every `<` (text full of unclosed `<` was quadratic).
pub fn strip_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    // Absolute offset of the first `>` at or after the last search start;
    // `None` once there is no `>` left at all.
    let mut next_close: Option<usize> = text.find('>');
    while let Some(found) = text[cursor..].find('<') {
        let open = cursor + found;
        out.push_str(&text[cursor..open]);
        if next_close.is_some_and(|close| close < open) {
            next_close = text[open..].find('>').map(|i| open + i);
        }
        match next_close {
            Some(close) if looks_like_tag(&text[open + 1..close]) => {
                out.push(' ');
                cursor = close + 1;
            }
            _ => {
                out.push('<');
                cursor = open + 1;
            }
        }
    }
    out.push_str(&text[cursor..]);
    out
}

fn looks_like_tag(inner: &str) -> bool {
    let inner = inner.trim_start_matches('/');
    inner.starts_with(|c: char| c.is_ascii_alphabetic()) || inner.starts_with("!--")
}

/// Values of a one-line-per-value or `a & b` section, with spans, split at
/// the pack's value `separators` (longest first, ASCII case ignored).
/// Bullet markers, HTML tags and Markdown emphasis are not part of a value.
pub(super) fn split_values(text: &str, body: &Span, separators: &[String]) -> Vec<(String, Span)> {
    let mut separators: Vec<&[u8]> = separators
        .iter()
        .map(|s| s.as_bytes())
        .filter(|s| !s.is_empty())
        .collect();
    separators.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut values = Vec::new();
    let mut fences = FenceTracker::default();
    for line in lines(text, body.clone()) {
        let (content, line_start) = (line.content, line.start);
        let trimmed = line.trimmed();
        if fences.is_code(content)
            || trimmed.is_empty()
            || trimmed.starts_with("<!--")
            || trimmed.starts_with('#')
        {
            continue;
        }
        let item_start = match bullet_content(trimmed) {
            Some(after) => content.len() - after.len(),
            None => content.len() - trimmed.len(),
        };
        let mut piece_start = item_start;
        let bytes = content.as_bytes();
        let mut i = item_start;
        let mut push = |from: usize, to: usize| {
            let raw = &content[from..to];
            let lead = raw.len() - raw.trim_start().len();
            let visible = raw.trim();
            let stripped = strip_html(visible);
            let cleaned = stripped.trim().trim_matches(['*', '_', '`']).trim();
            if !cleaned.is_empty() && cleaned.chars().any(char::is_alphanumeric) {
                let start = line_start + from + lead;
                values.push((cleaned.to_string(), start..start + visible.len()));
            }
        };
        while i < content.len() {
            let separator_len = separators
                .iter()
                .find(|sep| {
                    bytes.len() >= i + sep.len()
                        && bytes[i..i + sep.len()].eq_ignore_ascii_case(sep)
                })
                .map_or(0, |sep| sep.len());
            if separator_len > 0 {
                push(piece_start, i);
                i += separator_len;
                piece_start = i;
            } else {
                i += content[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
        push(piece_start, content.len());
    }
    values
}
