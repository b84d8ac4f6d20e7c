use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a placeholder where a date should be: `IDK`, `Date not set`,
    /// `Ghosting`, `Not Sent`.
    ///
    /// ## Why is this bad?
    /// It is honest, which is good, but the entry is left out of durations
    /// and the per-month chart. A warning keeps the gap visible.
    ///
    /// ## Example
    /// ```markdown
    /// - **Rejection Email** <br />Ghosting
    /// ```
    ///
    /// ## Fix
    /// Replace the placeholder with the date once it is known, or silence
    /// the rule for the line with `<!-- jobmark-disable-next-line JM304 -->`.
    pub struct DatePlaceholder {
        code: "JM304",
        name: "date-placeholder",
        severity: Warning,
        summary: "A placeholder stands where a date should be",
        fixable: false,
    }
}

impl DatePlaceholder {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        for entry in &ctx.doc.dated {
            let Some((word, span)) = &entry.placeholder else {
                continue;
            };
            ctx.report(
                &Self::META,
                span.clone(),
                format!(
                    "`{}` has the placeholder `{word}` instead of a date",
                    entry.label
                ),
            )
            .help("write the date once it is known");
        }
    }
}
