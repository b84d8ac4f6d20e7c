use super::prelude::*;
use crate::document::{Document, Section, Span};
use crate::pack::Pack;

declare_rule! {
    /// ## What it does
    /// Notes a section whose whole content is one of the pack's
    /// placeholders (`TBD`, `Unknown`, `?`, ...): a part of the write-up
    /// still to be written. `jobmark new` writes every section this way,
    /// so a fresh write-up lists what is left to fill in.
    ///
    /// A placeholder section is a to-do, not a mistake: the rules that
    /// would otherwise reject it (an unknown platform or channel `TBD`, a
    /// score section without a score, a process section without a
    /// flowchart) leave it to this note.
    ///
    /// ## Why is this bad?
    /// It is not, yet: the note keeps the open parts of a write-up in
    /// view until they are written.
    ///
    /// ## Example
    /// ```markdown
    /// ### Interview Platform
    /// TBD
    /// ```
    ///
    /// ## Fix
    /// Replace the placeholder with what happened, or ignore the rule
    /// (`ignore = ["todo-section"]`) to keep placeholders quietly.
    pub struct TodoSection {
        code: "JM112",
        name: "todo-section",
        severity: Info,
        summary: "A section holds only a placeholder: still to be written",
        fixable: false,
    }
}

impl TodoSection {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let (doc, pack) = (ctx.doc, ctx.pack);
        for section in &doc.sections {
            if let Some(placeholder) = placeholder_body(doc, pack, section) {
                let heading = doc.heading_of(section);
                ctx.report(
                    &Self::META,
                    heading.span.clone(),
                    format!(
                        "to do: section `{}` holds only the placeholder `{placeholder}`",
                        heading.text
                    ),
                )
                .help("replace the placeholder with what happened");
            }
        }
    }
}

/// The placeholder a section's body consists of, when it is nothing else
/// (comments and HTML tags aside). The company, status and title sections
/// live in their headings and never hold a placeholder body.
pub(super) fn placeholder_body<'p>(
    doc: &Document,
    pack: &'p Pack,
    section: &Section,
) -> Option<&'p str> {
    if matches!(
        section.kind,
        SectionKind::Company | SectionKind::Status | SectionKind::Title
    ) {
        return None;
    }
    let body = &doc.text()[section.body.clone()];
    let visible = crate::document::strip_html(body);
    let mut lines = visible
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("<!--"));
    let only = lines.next()?;
    if lines.next().is_some() {
        return None;
    }
    pack.placeholder(only)
}

/// Whether `span` lies in a section that is only a placeholder.
pub(super) fn in_placeholder_section(doc: &Document, pack: &Pack, span: &Span) -> bool {
    doc.sections.iter().any(|section| {
        section.body.start <= span.start
            && span.end <= section.body.end
            && placeholder_body(doc, pack, section).is_some()
    })
}
