use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `Status` section with no status line after it, or a status
    /// line with no emoji of the legend at all.
    ///
    /// ## Why is this bad?
    /// The status line is the one place that says how far the application
    /// went and how it ended; the funnel chart is built from it.
    ///
    /// ## Example
    /// ```markdown
    /// ### Status
    /// ## Python Engineer
    /// ```
    /// Use instead:
    /// ```markdown
    /// ### Status
    /// #### 📜📞🔧❌
    /// ## Python Engineer
    /// ```
    ///
    /// ## Fix
    /// Add a level-4 heading of status emojis right after `### Status`.
    pub struct MissingStatusLine {
        code: "JM201",
        name: "missing-status-line",
        severity: Error,
        summary: "The Status section has no status line",
        fixable: false,
    }
}

impl MissingStatusLine {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let legend: String = ctx.pack.legend.iter().map(|e| e.emoji.as_str()).collect();
        let Some(section) = doc.sections_of(SectionKind::Status).next() else {
            return;
        };
        match &doc.status {
            None => {
                ctx.report(
                    &Self::META,
                    super::heading_span(doc, section),
                    "the Status section has no status line",
                )
                .help(format!(
                    "add a level-4 heading of status emojis after the heading, from the legend {legend}"
                ));
            }
            Some(line) if line.glyphs.is_empty() => {
                ctx.report(&Self::META, line.span.clone(), "the status line is empty")
                    .help(format!("use the legend {legend}"));
            }
            Some(_) => {}
        }
    }
}
