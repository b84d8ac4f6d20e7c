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
//!
//! The parser is split by concern: [`model`] (the types), [`blocks`]
//! (headings and mermaid blocks), [`scanner`] (the one line cursor, fence
//! tracker and ATX heading reader), [`values`] (section bodies), and the
//! readers of one kind of value each ([`dates`], [`score`], [`status`]).

mod blocks;
mod chunks;
pub mod dates;
pub mod encoding;
pub mod model;
pub mod scanner;
pub mod score;
pub mod status;
pub mod values;

use std::ops::Range;

use crate::pack::{NameMatch, Pack, SectionKind};
use blocks::scan_blocks;
use scanner::{atx_heading, lines, FenceTracker};
use values::{first_content_line, is_blank_or_comment, next_line_start, split_values};

pub use dates::{DateProblem, DateToken, DatedEntry};
pub use encoding::{Decoded, Mojibake};
pub use model::{Document, DurationEntry, Heading, HeadingLink, MermaidBlock, Section, Value};
pub use score::ScoreTag;
pub use status::{StatusGlyph, StatusLine};
pub use values::{list_items, strip_html};

pub type Span = Range<usize>;

/// Whether `text` has a heading whose text is `marker` (any level, any
/// case): the test for "this Markdown file is a write-up". Cheap: it runs
/// on every Markdown file of a repository.
pub fn is_document(text: &str, marker: &str) -> bool {
    let marker = marker.to_lowercase();
    let names_marker =
        |heading: &str| crate::pack::normalise_name(heading).to_lowercase() == marker;
    let mut fences = FenceTracker::default();
    let mut previous = "";
    for line in lines(text, 0..text.len()) {
        let content = line.content.trim_start_matches('\u{FEFF}');
        // A setext heading: `Status` underlined with `===` or `---`.
        let underline = content.trim();
        if !fences.inside()
            && !underline.is_empty()
            && (underline.bytes().all(|b| b == b'=') || underline.bytes().all(|b| b == b'-'))
            && names_marker(previous)
        {
            return true;
        }
        previous = content;
        if fences.is_code(content) {
            continue;
        }
        if atx_heading(content).is_some_and(|h| names_marker(&content[h.text])) {
            return true;
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
        decoded,
    }
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
