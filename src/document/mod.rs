//! The document model: one write-up, parsed once.
//!
//! pulldown-cmark finds the block structure (headings, links, fenced code)
//! with byte offsets; the bodies of the data sections (dates, channels,
//! platforms, score) are then read line by line inside their byte range,
//! because raw HTML blocks (`<p dir="rtl">`, `<details>`) can swallow
//! Markdown and real write-ups still mean their bullet lists there.
//!
//! Invariants: every span is a byte range into `Document::text` on char
//! boundaries; nothing here reports problems (that is the rules' job), it
//! only records what is written and what it means under the pack.

pub mod dates;
pub mod encoding;
pub mod score;
pub mod status;

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::pack::{NameMatch, Pack, SectionKind, StageId};

pub use dates::{DateProblem, DateToken, DatedEntry};
pub use encoding::{Decoded, Mojibake};
pub use score::ScoreTag;
pub use status::{StatusGlyph, StatusLine};

pub type Span = Range<usize>;

/// A heading as written.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// The whole heading line, without its line ending.
    pub span: Span,
    /// Text content (inline markup removed), trimmed.
    pub text: String,
    /// Range of the heading's text after the `#` marks (ATX) or the whole
    /// first line (setext); replacing it renames the heading.
    pub text_span: Span,
    /// Link inside the heading: (link text, destination, span of the
    /// destination in the source, when it can be located).
    pub link: Option<HeadingLink>,
    /// `#` count when ATX (`### Score`); None for setext headings.
    pub atx_marks: Option<Span>,
    /// Written as a heading but inside a raw HTML block (no blank line
    /// after `<p dir="rtl">...</p>` or `<details>`), so renderers show it
    /// as text. Kept as a heading: it is what the author meant.
    pub in_html_block: bool,
}

#[derive(Debug, Clone)]
pub struct HeadingLink {
    pub text: String,
    pub url: String,
    pub url_span: Option<Span>,
}

/// A heading that starts a section, with what it resolved to.
#[derive(Debug, Clone)]
pub struct Section {
    /// Index into `Document::headings`.
    pub heading: usize,
    /// Index into `Pack::sections` when the heading names a known section.
    pub spec: Option<usize>,
    /// How the heading matched the known name.
    pub name_match: Option<NameMatch>,
    pub kind: SectionKind,
    /// From the end of the heading line to the next section heading.
    pub body: Span,
}

/// One value of a list-like section (`Apply Way`, `Interview Platform`).
#[derive(Debug, Clone)]
pub struct Value {
    pub text: String,
    pub span: Span,
    /// Index into the pack vocabulary, when known.
    pub known: Option<NameMatch>,
}

/// A bullet under `Interview Duration`.
#[derive(Debug, Clone)]
pub struct DurationEntry {
    pub label: String,
    pub label_span: Span,
    pub label_match: Option<NameMatch>,
    pub value: String,
}

/// The mermaid block of the process section.
#[derive(Debug, Clone)]
pub struct MermaidBlock {
    pub span: Span,
    pub body: String,
}

/// A parsed write-up.
#[derive(Debug)]
pub struct Document {
    pub decoded: Decoded,
    pub headings: Vec<Heading>,
    pub sections: Vec<Section>,
    /// Index into `headings` of the heading that holds the status line, so
    /// it is not mistaken for a section.
    pub status: Option<StatusLine>,
    pub dated: Vec<DatedEntry>,
    pub durations: Vec<DurationEntry>,
    pub channels: Vec<Value>,
    pub platforms: Vec<Value>,
    pub score: Option<ScoreTag>,
    pub mermaid: Vec<MermaidBlock>,
    /// Text (not only whitespace) before the first H1, or blank lines.
    pub before_first_h1: Option<Span>,
    pub mojibake: Option<Mojibake>,
    /// Inline suppressions: (line index 0-based the comment applies to, codes; empty = all).
    pub suppress_lines: Vec<(usize, Vec<String>)>,
    pub suppress_file: Vec<String>,
}

impl Document {
    pub fn text(&self) -> &str {
        &self.decoded.text
    }

    /// Whether fixes may be written back: the text is exactly the file.
    pub fn is_lossless(&self) -> bool {
        self.decoded.invalid_utf8_at.is_none()
    }

    pub fn sections_of(&self, kind: SectionKind) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(move |s| s.kind == kind)
    }

    pub fn section_with_spec(&self, spec: usize) -> Option<&Section> {
        self.sections.iter().find(|s| s.spec == Some(spec))
    }

    pub fn heading_of(&self, section: &Section) -> &Heading {
        &self.headings[section.heading]
    }

    pub fn h1s(&self) -> impl Iterator<Item = &Heading> {
        self.headings.iter().filter(|h| h.level == 1)
    }

    /// Every stage label under `Interview Date` and `Interview Duration`:
    /// (label, its span, how it matched the vocabulary).
    pub fn stage_labels(&self) -> impl Iterator<Item = (&str, &Span, Option<NameMatch>)> {
        let dated = self
            .dated
            .iter()
            .map(|e| (e.label.as_str(), &e.label_span, e.label_match));
        let durations = self
            .durations
            .iter()
            .map(|e| (e.label.as_str(), &e.label_span, e.label_match));
        dated.chain(durations)
    }

    /// Stages the status line names, in order.
    pub fn status_stages(&self) -> Vec<StageId> {
        self.status
            .as_ref()
            .map(|s| s.glyphs.iter().filter_map(|g| g.stage).collect())
            .unwrap_or_default()
    }

    /// Whether the status line names a stage the pack counts as an
    /// interview.
    pub fn interviewed(&self, pack: &Pack) -> bool {
        self.status_stages()
            .iter()
            .any(|s| pack.stage(*s).interview)
    }
}

/// Whether `text` has a heading whose text is `marker` (any level, any
/// case): the test for "this Markdown file is a write-up". Cheap: it runs
/// on every Markdown file of a repository.
pub fn is_document(text: &str, marker: &str) -> bool {
    let marker = marker.to_lowercase();
    let mut in_fence = false;
    let mut previous = "";
    for line in text.lines() {
        let line = line.trim_start_matches('\u{FEFF}');
        // A setext heading: `Status` underlined with `===` or `---`.
        let underline = line.trim();
        if !in_fence
            && !underline.is_empty()
            && (underline.bytes().all(|b| b == b'=') || underline.bytes().all(|b| b == b'-'))
            && crate::pack::normalise_name(previous).to_lowercase() == marker
        {
            return true;
        }
        previous = line;
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || line.len() - trimmed.len() > 3 {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('#') {
            let rest = rest.trim_start_matches('#');
            if (rest.is_empty() || rest.starts_with([' ', '\t']))
                && crate::pack::normalise_name(rest.trim().trim_end_matches('#')).to_lowercase()
                    == marker
            {
                return true;
            }
        }
    }
    false
}

/// Parse decoded text under `pack`.
pub fn parse(decoded: Decoded, pack: &Pack) -> Document {
    let text = decoded.text.as_str();
    let body_start = decoded.bom_len;
    let (headings, mermaid) = scan_blocks(text, body_start);

    let mut status_heading: Option<usize> = None;
    let mut sections = Vec::new();
    let mut title_seen = false;
    for (index, heading) in headings.iter().enumerate() {
        // The line right after the Status heading is the status line; when
        // written as a heading (`#### 📜📞`) it is content, not a section.
        if let Some(prev) = index.checked_sub(1) {
            let previous_is_status = sections
                .last()
                .is_some_and(|s: &Section| s.heading == prev && s.kind == SectionKind::Status);
            if previous_is_status
                && pack.find_section(&heading.text).is_none()
                && status_heading.is_none()
            {
                let gap = &text[headings[prev].span.end..heading.span.start];
                if gap.lines().all(is_blank_or_comment) {
                    status_heading = Some(index);
                    continue;
                }
            }
        }
        let found = pack.find_section(&heading.text);
        let (spec, kind) = match found {
            Some(m) => (Some(pack.section_index(m)), pack.section(m).kind),
            None if heading.level == 1 => (
                pack.section_of_kind(SectionKind::Company).map(|(i, _)| i),
                SectionKind::Company,
            ),
            None if heading.level == 2 && !title_seen => (
                pack.section_of_kind(SectionKind::Title).map(|(i, _)| i),
                SectionKind::Title,
            ),
            None if heading.level <= 3 => (None, SectionKind::Free),
            // Deeper unknown headings are structure inside a section.
            None => continue,
        };
        if kind == SectionKind::Title {
            title_seen = true;
        }
        // The company heading is recognised by level, never by its text.
        let name_match = if kind == SectionKind::Company {
            None
        } else {
            found
        };
        sections.push(Section {
            heading: index,
            spec,
            name_match,
            kind,
            body: heading.span.end..heading.span.end,
        });
    }
    // A section's body runs to the next section heading of its level or above
    // (or any level <= 3), so sub-headings stay inside it.
    for i in 0..sections.len() {
        let level = headings[sections[i].heading].level;
        let start = next_line_start(text, headings[sections[i].heading].span.end);
        let end = sections[i + 1..]
            .iter()
            .map(|s| &headings[s.heading])
            .find(|h| h.level <= level.max(3))
            .map_or(text.len(), |h| h.span.start);
        sections[i].body = start..end.max(start);
    }

    let status = sections
        .iter()
        .find(|s| s.kind == SectionKind::Status)
        .and_then(|s| {
            let line_span = match status_heading {
                Some(h) => headings[h].text_span.clone(),
                None => first_content_line(text, &s.body)?,
            };
            Some(status::parse_status_line(text, line_span, pack))
        });

    let mut dated = Vec::new();
    for section in sections.iter().filter(|s| s.kind == SectionKind::Dates) {
        for item in list_items(text, &section.body) {
            dated.push(dates::parse_entry(text, item, pack));
        }
    }
    let mut durations = Vec::new();
    for section in sections.iter().filter(|s| s.kind == SectionKind::Durations) {
        for item in list_items(text, &section.body) {
            let (label, label_span, value_span) = dates::split_label(text, &item);
            let label_match = pack.find_label(&label);
            let value = strip_html(&text[value_span]).trim().to_string();
            durations.push(DurationEntry {
                label,
                label_span,
                label_match,
                value,
            });
        }
    }
    // Values of a vocabulary section, each matched against its vocabulary.
    let values_of = |kind: SectionKind, find: &dyn Fn(&str) -> Option<NameMatch>| -> Vec<Value> {
        sections
            .iter()
            .filter(|s| s.kind == kind)
            .flat_map(|s| split_values(text, &s.body, &pack.values.separators))
            .map(|(text, span)| Value {
                known: find(&text),
                text,
                span,
            })
            .collect()
    };
    let channels = values_of(SectionKind::Channels, &|name| pack.channels.find(name));
    let platforms = values_of(SectionKind::Platforms, &|name| pack.platforms.find(name));
    let score = sections
        .iter()
        .find(|s| s.kind == SectionKind::Score)
        .and_then(|s| score::parse_score(text, &s.body));

    let before_first_h1 = headings.iter().find(|h| h.level == 1).and_then(|h| {
        let before = body_start..h.span.start;
        (!before.is_empty()).then_some(before)
    });
    let mojibake = encoding::detect_mojibake(text);
    let (suppress_lines, suppress_file) = collect_suppressions(text);

    Document {
        headings,
        sections,
        status,
        dated,
        durations,
        channels,
        platforms,
        score,
        mermaid,
        before_first_h1,
        mojibake,
        suppress_lines,
        suppress_file,
        decoded,
    }
}

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
fn scan_blocks(text: &str, body_start: usize) -> (Vec<Heading>, Vec<MermaidBlock>) {
    let body = &text[body_start..];
    let mut headings = Vec::new();
    let mut mermaid = Vec::new();
    let mut current: Option<(u8, Span, String, Option<HeadingLink>)> = None;
    let mut link: Option<(String, String, Span)> = None;
    let mut code: Option<(Span, String)> = None;
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
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
    let mut offset = block.start;
    let mut in_comment = false;
    for line in text[block.clone()].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        // Skip lines inside `<!-- ... -->` spanning several lines.
        let was_in_comment = in_comment;
        if let Some(open) = content.rfind("<!--") {
            in_comment = !content[open..].contains("-->");
        } else if in_comment && content.contains("-->") {
            in_comment = false;
        }
        if was_in_comment {
            offset += line.len();
            continue;
        }
        let trimmed = content.trim_start();
        let indent = content.len() - trimmed.len();
        let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
        let after = &trimmed[hashes..];
        if indent <= 3
            && (1..=6).contains(&hashes)
            && (after.starts_with([' ', '\t']) || after.is_empty())
        {
            let visible = after.trim().trim_end_matches('#').trim();
            let plain: String = visible
                .chars()
                .filter(|c| !matches!(c, '*' | '_' | '`'))
                .collect();
            let range = offset + indent..offset + content.len();
            let level = u8::try_from(hashes).unwrap_or(6);
            let mut heading = make_heading(text, level, range, plain, None);
            heading.in_html_block = true;
            found.push(heading);
        }
        offset += line.len();
    }
    found
}

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
    let line = &text[range.start..line_end];
    let line_trimmed_end = range.start + line.trim_end().len();
    let leading_spaces = line.len() - line.trim_start().len();
    let hashes = line.trim_start().bytes().take_while(|&b| b == b'#').count();
    let (atx_marks, text_span) = if hashes > 0 {
        let marks = range.start + leading_spaces..range.start + leading_spaces + hashes;
        let after = &text[marks.end..line_trimmed_end];
        let content_start = marks.end + (after.len() - after.trim_start().len());
        // A closing sequence of `#` is decoration, not text.
        let closing = text[content_start..line_trimmed_end].trim_end_matches('#');
        let closing_len = if closing.ends_with([' ', '\t']) || closing.is_empty() {
            text[content_start..line_trimmed_end].len() - closing.trim_end().len()
        } else {
            0
        };
        (
            Some(marks),
            content_start..(line_trimmed_end - closing_len).max(content_start),
        )
    } else {
        (None, range.start + leading_spaces..line_trimmed_end)
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

/// Blank lines and one-line HTML comments (suppression directives) carry
/// no content.
fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || (t.starts_with("<!--") && t.ends_with("-->"))
}

fn next_line_start(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// The first line of `body` with visible content.
fn first_content_line(text: &str, body: &Span) -> Option<Span> {
    let mut offset = body.start;
    for line in text[body.clone()].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if !is_blank_or_comment(content) {
            let lead = content.len() - content.trim_start().len();
            return Some(offset + lead..offset + content.trim_end().len());
        }
        offset += line.len();
    }
    None
}

/// Bullet items of a section body, as byte ranges (bullet marker excluded,
/// trailing blank lines excluded). An item runs until the next bullet line,
/// a blank line followed by a non-indented non-bullet line, or the end.
pub fn list_items(text: &str, body: &Span) -> Vec<Span> {
    let mut items: Vec<Span> = Vec::new();
    let mut current: Option<Span> = None;
    let mut offset = body.start;
    for line in text[body.clone()].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        let indent = content.len() - trimmed.len();
        if let Some(after_marker) = bullet_content(trimmed) {
            if let Some(item) = current.take() {
                items.push(item);
            }
            let start = offset + indent + (trimmed.len() - after_marker.len());
            // An empty item (`- ` with its trailing space trimmed) is empty,
            // not reversed.
            current = Some(start..(offset + content.trim_end().len()).max(start));
        } else if let Some(item) = current.as_mut() {
            if !trimmed.is_empty() && !trimmed.starts_with("<!--") {
                item.end = offset + content.trim_end().len();
            }
        }
        offset += line.len();
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
pub fn strip_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close) if looks_like_tag(&rest[open + 1..open + close]) => {
                out.push(' ');
                rest = &rest[open + close + 1..];
            }
            _ => {
                out.push('<');
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn looks_like_tag(inner: &str) -> bool {
    let inner = inner.trim_start_matches('/');
    inner.starts_with(|c: char| c.is_ascii_alphabetic()) || inner.starts_with("!--")
}

/// Values of a one-line-per-value or `a & b` section, with spans, split at
/// the pack's value `separators` (longest first, ASCII case ignored).
/// Bullet markers, HTML tags and Markdown emphasis are not part of a value.
fn split_values(text: &str, body: &Span, separators: &[String]) -> Vec<(String, Span)> {
    let mut separators: Vec<&[u8]> = separators
        .iter()
        .map(|s| s.as_bytes())
        .filter(|s| !s.is_empty())
        .collect();
    separators.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut values = Vec::new();
    let mut offset = body.start;
    let mut in_fence = false;
    for line in text[body.clone()].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let line_start = offset;
        offset += line.len();
        let trimmed = content.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || trimmed.is_empty() || trimmed.starts_with("<!--") || trimmed.starts_with('#')
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

/// `<!-- jobmark-disable-next-line CODE... -->` and
/// `<!-- jobmark-disable-file CODE... -->`; no code means every rule.
fn collect_suppressions(text: &str) -> (Vec<(usize, Vec<String>)>, Vec<String>) {
    let mut lines = Vec::new();
    let mut file = Vec::new();
    if !text.contains("jobmark-disable") {
        return (lines, file);
    }
    for (index, line) in text.lines().enumerate() {
        let Some(start) = line.find("<!--") else {
            continue;
        };
        let Some(end) = line[start..].find("-->") else {
            continue;
        };
        let inner = line[start + 4..start + end].trim();
        let mut words = inner
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty());
        let directive = words.next();
        let codes: Vec<String> = words.map(str::to_string).collect();
        match directive {
            Some("jobmark-disable-next-line") => lines.push((index + 1, codes)),
            Some("jobmark-disable-file") => {
                if codes.is_empty() {
                    file.push(String::new());
                } else {
                    file.extend(codes);
                }
            }
            _ => {}
        }
    }
    (lines, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Document {
        parse(encoding::decode(text.as_bytes()), &Pack::builtin())
    }

    #[test]
    fn recognises_write_ups_by_status_heading() {
        assert!(is_document("# A\n### Status\n", "Status"));
        assert!(is_document("## status:\n", "Status"));
        assert!(is_document("Status\n------\n", "Status"));
        assert!(!is_document("# Readme\n```\n# Status\n```\n", "Status"));
        assert!(!is_document("# Statistics\n", "Status"));
    }

    #[test]
    fn splits_channels() {
        let doc = parse_str(
            "# [A](https://a.ir)\n### Status\n#### 📜\n### Apply Way\njobinja & site, LinkedIn\n",
        );
        let names: Vec<_> = doc.channels.iter().map(|v| v.text.as_str()).collect();
        assert_eq!(names, ["jobinja", "site", "LinkedIn"]);
        assert_eq!(&doc.text()[doc.channels[1].span.clone()], "site");
    }

    #[test]
    fn status_heading_is_not_a_section() {
        let doc = parse_str("# [A](https://a.ir)\n### Status\n#### 📜📞\n## Engineer\n");
        let kinds: Vec<_> = doc.sections.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SectionKind::Company,
                SectionKind::Status,
                SectionKind::Title
            ]
        );
        assert_eq!(doc.status.unwrap().glyphs.len(), 2);
    }

    #[test]
    fn headings_swallowed_by_html_blocks_are_kept() {
        let text = "# [A](https://a.ir)\n### Status\n#### 📜\n<p dir=\"rtl\">\nمتن\n</p>\n### Task\nnotes\n<!--\n### Score\n-->\n";
        let doc = parse_str(text);
        let task = doc
            .headings
            .iter()
            .find(|h| h.text == "Task")
            .expect("Task heading");
        assert!(task.in_html_block);
        assert_eq!(&text[task.span.clone()], "### Task");
        assert!(
            doc.headings.iter().all(|h| h.text != "Score"),
            "commented out"
        );
        assert!(doc.sections.iter().any(|s| s.kind == SectionKind::Stage));
    }

    #[test]
    fn list_items_skip_blank_lines() {
        let text = "- **A** <br />1\n\n- **B**<br>2\n  more\n";
        let items = list_items(text, &(0..text.len()));
        assert_eq!(items.len(), 2);
        assert_eq!(&text[items[1].clone()], "**B**<br>2\n  more");
    }
}
