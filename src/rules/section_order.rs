use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a section that comes after one that should follow it. The
    /// order is: company, `Status`, job title, `Interview Process`,
    /// `Apply Way`, `Interview Date`, `Interview Duration`,
    /// `Interview Platform`, the stage and free sections, `Score`.
    ///
    /// ## Why is this bad?
    /// Readers of a repository of write-ups rely on finding the same thing
    /// in the same place in every file.
    ///
    /// ## Example
    /// ```markdown
    /// ### Score
    /// ...
    /// ### Technical Interview
    /// ```
    ///
    /// ## Fix
    /// Move the section to its place.
    pub struct SectionOrder {
        code: "JM102",
        name: "section-order",
        severity: Error,
        summary: "A section is out of the canonical order",
        fixable: false,
    }
}

/// The slot of a section in the canonical order; stage and free sections
/// share the slot of the first stage section.
fn slot(ctx: &Context<'_>, section: &crate::document::Section) -> Option<usize> {
    let pack = ctx.pack;
    let shared = pack
        .sections
        .iter()
        .position(|s| matches!(s.kind, SectionKind::Stage | SectionKind::Free));
    match section.kind {
        SectionKind::Stage | SectionKind::Free => shared,
        _ => section.spec,
    }
}

impl SectionOrder {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let mut furthest: Option<(usize, &crate::document::Section)> = None;
        let mut findings = Vec::new();
        for section in &doc.sections {
            let Some(here) = slot(ctx, section) else {
                continue;
            };
            match furthest {
                Some((seen, before)) if here < seen => {
                    findings.push((section, before));
                }
                Some((seen, _)) if here == seen => {}
                _ => furthest = Some((here, section)),
            }
        }
        for (section, before) in findings {
            let name = &doc.heading_of(section).text;
            let other = &doc.heading_of(before).text;
            ctx.report(
                &Self::META,
                super::heading_span(doc, section),
                format!("section `{name}` comes after `{other}`; it belongs before it"),
            )
            .help(format!("move `{name}` above `{other}`"));
        }
    }
}
