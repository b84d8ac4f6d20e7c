//! The block structure of a write-up: headings (with their links) and
//! mermaid blocks, from one pulldown-cmark pass over the body, plus the
//! headings raw HTML blocks swallow, read with the shared line scanner.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::scanner::{atx_heading, lines, Line};
use super::{chunks, Heading, HeadingLink, MermaidBlock, Span};

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// One pulldown-cmark pass: headings (with links) and mermaid blocks.
pub(super) fn scan_blocks(text: &str, body_start: usize) -> (Vec<Heading>, Vec<MermaidBlock>) {
    let body = &text[body_start..];
    let mut headings = Vec::new();
    let mut mermaid = Vec::new();
    let mut current: Option<(u8, Span, String, Option<HeadingLink>)> = None;
    let mut link: Option<(String, String, Span)> = None;
    let mut code: Option<(Span, String)> = None;
    // A large body is parsed piece by piece to bound pulldown-cmark's
    // memory (chunks.rs says why the result is the same).
    let references = chunks::references(body);
    let events = chunks::pieces(body).into_iter().flat_map(|piece| {
        let offset = body_start + piece.start;
        let resolve = |link: pulldown_cmark::BrokenLink<'_>| {
            references
                .get(&chunks::normalise_label(&link.reference))
                .map(|url| (url.clone().into(), "".into()))
        };
        Parser::new_with_broken_link_callback(&body[piece], Options::empty(), Some(resolve))
            .into_offset_iter()
            .map(move |(event, range)| (event, range.start + offset..range.end + offset))
    });
    for (event, range) in events {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((heading_level(level), range, String::new(), None))
            }
            Event::Start(Tag::Link { dest_url, .. }) if current.is_some() => {
                link = Some((String::new(), dest_url.to_string(), range));
            }
            Event::End(TagEnd::Link) => {
                if let (Some((_, _, _, slot)), Some((link_text, url, link_range))) =
                    (current.as_mut(), link.take())
                {
                    if slot.is_none() {
                        let url_span = locate_url(text, &link_range, &url);
                        *slot = Some(HeadingLink {
                            text: link_text.trim().to_string(),
                            url,
                            url_span,
                        });
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, content, _)) = current.as_mut() {
                    content.push_str(&t);
                }
                if let Some((link_text, _, _)) = link.as_mut() {
                    link_text.push_str(&t);
                }
                if let Some((_, content)) = code.as_mut() {
                    content.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, range, content, heading_link)) = current.take() {
                    headings.push(make_heading(text, level, range, content, heading_link));
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| w.eq_ignore_ascii_case("mermaid")) =>
            {
                code = Some((range, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((span, body)) = code.take() {
                    mermaid.push(MermaidBlock { span, body });
                }
            }
            Event::Start(Tag::HtmlBlock) => headings.extend(headings_in_html(text, &range)),
            _ => {}
        }
    }
    headings.sort_by_key(|h| h.span.start);
    (headings, mermaid)
}

/// ATX headings inside a raw HTML block: lines that start with `#` marks.
/// Comments and verbatim blocks (`<pre>`, `<script>`, ...) hide what they
/// hold on purpose (a commented-out section is not a section).
fn headings_in_html(text: &str, block: &Span) -> Vec<Heading> {
    let mut found = Vec::new();
    let opening = text[block.clone()].trim_start().to_ascii_lowercase();
    if ["<!--", "<pre", "<script", "<style", "<textarea"]
        .iter()
        .any(|tag| opening.starts_with(tag))
    {
        return found;
    }
    let mut in_comment = false;
    for line in lines(text, block.clone()) {
        let content = line.content;
        // Skip lines inside `<!-- ... -->` spanning several lines.
        let was_in_comment = in_comment;
        if let Some(open) = content.rfind("<!--") {
            in_comment = !content[open..].contains("-->");
        } else if in_comment && content.contains("-->") {
            in_comment = false;
        }
        if was_in_comment {
            continue;
        }
        let Some(atx) = atx_heading(content) else {
            continue;
        };
        let plain: String = content[atx.text.clone()]
            .chars()
            .filter(|c| !matches!(c, '*' | '_' | '`'))
            .collect();
        let range = line.start + atx.marks.start..line.end();
        let mut heading = make_heading(text, atx.level, range, plain, None);
        heading.in_html_block = true;
        found.push(heading);
    }
    found
}

/// A heading from the range pulldown-cmark (or the HTML scan) gave it:
/// the spans of its line, its `#` marks and its text.
fn make_heading(
    text: &str,
    level: u8,
    range: Span,
    content: String,
    link: Option<HeadingLink>,
) -> Heading {
    let line_end = text[range.start..]
        .find('\n')
        .map_or(text.len(), |i| range.start + i);
    let span_end = range.end.min(line_end.max(range.start));
    let line = Line {
        start: range.start,
        content: &text[range.start..line_end],
    };
    let line_trimmed_end = range.start + line.content.trim_end().len();
    let (atx_marks, text_span) = match atx_heading(line.content) {
        Some(atx) => (
            Some(range.start + atx.marks.start..range.start + atx.marks.end),
            range.start + atx.text.start..range.start + atx.text.end,
        ),
        // Setext: the whole first line is the text.
        None => (None, line.visible()),
    };
    Heading {
        level,
        span: range.start..span_end.max(line_trimmed_end.min(range.end)),
        text: content.trim().to_string(),
        text_span,
        link,
        atx_marks,
        in_html_block: false,
    }
}

/// Find `](url)` in the source of a link so a fix can replace the URL.
fn locate_url(text: &str, link_range: &Span, url: &str) -> Option<Span> {
    let source = &text[link_range.clone()];
    let open = source.rfind("](")? + 2;
    let found = source[open..].find(url)?;
    let start = link_range.start + open + found;
    Some(start..start + url.len())
}
