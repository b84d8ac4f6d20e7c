use super::prelude::*;
use crate::document::DateProblem;

declare_rule! {
    /// ## What it does
    /// Reports a date that does not exist in its calendar: `1402.03.00`,
    /// `1402.07.31` (Mehr has 30 days), `1402.12.30` (1402 is not a leap
    /// year), `2025/02/29`. The calendar is told by the year (13xx-14xx
    /// Solar Hijri, 19xx-20xx Gregorian) and checked by ICU4X.
    ///
    /// ## Why is this bad?
    /// A date that does not exist was mistyped: the real one is unknown, and
    /// every duration computed from it is wrong.
    ///
    /// ## Example
    /// ```markdown
    /// - **HR Call** <br />1402.07.31
    /// ```
    ///
    /// ## Fix
    /// Look the date up (email, calendar) and correct it.
    pub struct InvalidDate {
        code: "JM302",
        name: "invalid-date",
        severity: Error,
        summary: "A date does not exist in its calendar",
        fixable: false,
    }
}

impl InvalidDate {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        for entry in &ctx.doc.dated {
            for date in &entry.dates {
                let Err(DateProblem::NotInCalendar(reason)) = &date.day else {
                    continue;
                };
                ctx.report(
                    &Self::META,
                    date.span.clone(),
                    format!("`{}` is not a real date: {reason}", date.raw),
                )
                .help("correct the date");
            }
        }
    }
}
