use super::prelude::*;
use crate::document::DateProblem;

declare_rule! {
    /// ## What it does
    /// Reports a date with its day or month missing: `1401.10.`, `1401.10`.
    ///
    /// ## Why is this bad?
    /// A partial date cannot be placed on the timeline, so durations
    /// around it are lost.
    ///
    /// ## Example
    /// ```markdown
    /// - **Sent Resume** <br />1401.10.
    /// ```
    ///
    /// ## Fix
    /// Complete the date; if the day is unknown, the first of the month is
    /// a better guess than nothing, or write `IDK`.
    pub struct PartialDate {
        code: "JM303",
        name: "partial-date",
        severity: Error,
        summary: "A date lacks its day or month",
        fixable: false,
    }
}

impl PartialDate {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        for entry in &ctx.doc.dated {
            for date in &entry.dates {
                if date.day != Err(DateProblem::Partial) {
                    continue;
                }
                let missing = if date.month.is_none() {
                    "month and day"
                } else {
                    "day"
                };
                ctx.report(
                    &Self::META,
                    date.span.clone(),
                    format!("`{}` is a partial date: the {missing} is missing", date.raw),
                )
                .help("complete the date, or write `IDK` when it is unknown");
            }
        }
    }
}
