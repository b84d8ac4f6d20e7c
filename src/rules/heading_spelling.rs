use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a section heading written differently from its canonical
    /// spelling: another letter case (`Interview date`, `Apply way`) or a
    /// known alias (`Interview Dates`, `Platform`).
    ///
    /// ## Why is this bad?
    /// Readers and tools search for the canonical heading; drift makes the
    /// repository look careless and breaks cross-file searches.
    ///
    /// ## Example
    /// ```markdown
    /// ### Interview date
    /// ```
    /// Use instead:
    /// ```markdown
    /// ### Interview Date
    /// ```
    ///
    /// ## Fix
    /// Safe: the heading text is replaced by the canonical spelling.
    pub struct HeadingSpelling {
        code: "JM108",
        name: "heading-spelling",
        severity: Warning,
        summary: "A section heading is not spelled canonically",
        fixable: true,
    }
}

impl HeadingSpelling {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let pack = ctx.pack;
        let lossless = doc.is_lossless();
        for section in &doc.sections {
            let Some(found) = section.name_match.filter(|m| m.is_drift()) else {
                continue;
            };
            let heading = doc.heading_of(section);
            let canonical = &pack.section(found).heading;
            let written = &doc.text()[heading.text_span.clone()];
            let finding = ctx.report(
                &Self::META,
                heading.text_span.clone(),
                format!("heading `{}` should be spelled `{canonical}`", heading.text),
            );
            // Only plain headings are rewritten: inline markup would be lost.
            if lossless && written.trim() == heading.text {
                finding.fix(Fix::replace(
                    format!("Rename the heading to `{canonical}`"),
                    Applicability::Safe,
                    heading.text_span.clone(),
                    canonical.clone(),
                ));
            } else {
                finding.help(format!("rename the heading to `{canonical}`"));
            }
        }
    }
}
