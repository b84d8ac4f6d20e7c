use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a stage date after today.
    ///
    /// ## Why is this bad?
    /// A write-up records what happened. A future date is usually a typo in
    /// the year or month (`1403` for `1402`); a planned interview belongs in
    /// the write-up once it took place.
    ///
    /// ## Example
    /// ```markdown
    /// - **Technical Interview** <br />1499.01.01
    /// ```
    ///
    /// ## Fix
    /// Correct the date.
    pub struct FutureDate {
        code: "JM306",
        name: "future-date",
        severity: Error,
        summary: "A stage date is after today",
        fixable: false,
    }
}

impl FutureDate {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let today = ctx.today;
        for entry in &ctx.doc.dated {
            for date in &entry.dates {
                let Ok(day) = date.day else { continue };
                if day > today {
                    let calendar = date
                        .calendar
                        .unwrap_or(crate::calendar::CalendarKind::Gregorian);
                    ctx.report(
                        &Self::META,
                        date.span.clone(),
                        format!(
                            "`{}` is {} days after today ({})",
                            date.raw,
                            today.days_until(day),
                            today.format(calendar)
                        ),
                    )
                    .help("a write-up records what happened: check the year and month");
                }
            }
        }
    }
}
