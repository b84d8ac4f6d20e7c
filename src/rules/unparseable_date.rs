use super::prelude::*;
use crate::document::DateProblem;

declare_rule! {
    /// ## What it does
    /// Reports an `Interview Date` entry whose date cannot be read: no date
    /// at all, a year that belongs to neither calendar, or a day-first date
    /// (`21/07/2025`).
    ///
    /// ## Why is this bad?
    /// The entry cannot be placed on the timeline: durations and the
    /// per-month chart leave the write-up out.
    ///
    /// ## Example
    /// ```markdown
    /// - **HR Call** <br />next week
    /// - **Technical Interview** <br />21/07/2025
    /// ```
    /// Use instead:
    /// ```markdown
    /// - **HR Call** <br />Date not set
    /// - **Technical Interview** <br />2025/07/21
    /// ```
    ///
    /// ## Fix
    /// Write the date year first: `1402.08.02` (Solar Hijri) or
    /// `2025/07/21` (Gregorian). When the date is unknown, write a
    /// placeholder (`IDK`, `Date not set`, `Ghosting`, `Not Sent`).
    pub struct UnparseableDate {
        code: "JM301",
        name: "unparseable-date",
        severity: Error,
        summary: "A stage date cannot be read",
        fixable: false,
    }
}

impl UnparseableDate {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        for entry in &doc.dated {
            if entry.dates.is_empty() && entry.placeholder.is_none() {
                let message = if entry.value.is_empty() {
                    if entry.label.is_empty() {
                        "an entry without a label has no date".to_string()
                    } else {
                        format!("`{}` has no date", entry.label)
                    }
                } else {
                    format!(
                        "`{}` has no date: `{}` is neither a date nor a known placeholder",
                        entry.label, entry.value
                    )
                };
                ctx.report(&Self::META, entry.span.clone(), message)
                    .help("write the date as `1402.08.02` (Solar Hijri) or `2025/07/21` (Gregorian), or `IDK` when unknown");
            }
            for date in &entry.dates {
                let (message, help) = match &date.day {
                    Err(DateProblem::UnknownYear) => (
                        format!("`{}`: year {} is neither Solar Hijri (13xx-14xx) nor Gregorian (19xx-20xx)", date.raw, date.year),
                        "check the year",
                    ),
                    Err(DateProblem::DayFirst) => (
                        format!("`{}` is written day first; dates are written year first", date.raw),
                        "write it as YYYY/MM/DD (Gregorian) or YYYY.MM.DD (Solar Hijri)",
                    ),
                    _ => continue,
                };
                ctx.report(&Self::META, date.span.clone(), message)
                    .help(help);
            }
        }
    }
}
