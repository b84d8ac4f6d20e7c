//! The document model: what one parsed write-up holds, as plain data.
//!
//! Built by [`super::parse`]; read by the rules, statistics and history.
//! Invariant: every span is a byte range into `Document::text` on char
//! boundaries; the model records what is written and what it means under
//! the pack, never whether it is right.

use super::{DatedEntry, Decoded, Mojibake, ScoreTag, Span, StatusLine};
use crate::pack::{NameMatch, Pack, SectionKind, StageId};

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
}

impl Document {
    pub fn text(&self) -> &str {
        &self.decoded.text
    }

    /// Whether fixes may be written back: the text is exactly the file.
    pub fn is_lossless(&self) -> bool {
        self.decoded.invalid_utf8_at.is_none() && self.decoded.foreign.is_none()
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
