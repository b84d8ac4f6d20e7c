use super::prelude::*;
use crate::calendar::Day;

declare_rule! {
    /// ## What it does
    /// Reports `Interview Date` entries out of chronological order: a stage
    /// dated before the stage listed above it (`Sent Resume` after
    /// `HR Call`), or a task sent back before it was received. Dates of both
    /// calendars are compared on one timeline.
    ///
    /// ## Why is this bad?
    /// Either a date is mistyped or the entries are in the wrong order;
    /// both make the stage durations negative.
    ///
    /// ## Example
    /// ```markdown
    /// - **Sent Resume** <br />1402.08.12
    /// - **HR Call** <br />1402.08.09
    /// ```
    ///
    /// ## Fix
    /// Correct the date or reorder the entries.
    pub struct Chronology {
        code: "JM305",
        name: "chronology",
        severity: Error,
        summary: "Stage dates are out of chronological order",
        fixable: false,
    }
}

fn show(day: Day, calendar: Option<crate::calendar::CalendarKind>) -> String {
    let calendar = calendar.unwrap_or(crate::calendar::CalendarKind::Gregorian);
    let (y, m, d) = day.ymd(calendar);
    match calendar {
        crate::calendar::CalendarKind::Jalali => format!("{y:04}.{m:02}.{d:02}"),
        crate::calendar::CalendarKind::Gregorian => format!("{y:04}/{m:02}/{d:02}"),
    }
}

impl Chronology {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let mut latest: Option<(Day, &str, Option<crate::calendar::CalendarKind>)> = None;
        for entry in &doc.dated {
            let valid: Vec<_> = entry
                .dates
                .iter()
                .filter_map(|d| d.day.as_ref().ok().map(|day| (*day, d)))
                .collect();
            // Within one entry (a task received, then sent back).
            for pair in valid.windows(2) {
                let ((earlier, first), (later, second)) = (pair[0], pair[1]);
                if later < earlier {
                    ctx.report(
                        &Self::META,
                        second.span.clone(),
                        format!(
                            "`{}` in `{}` comes before `{}` above it",
                            second.raw, entry.label, first.raw
                        ),
                    )
                    .help("correct the dates or swap them");
                }
            }
            let Some(&(first_day, first_token)) = valid.first() else {
                continue;
            };
            if let Some((previous_day, previous_label, previous_calendar)) = latest {
                if first_day < previous_day {
                    ctx.report(
                        &Self::META,
                        first_token.span.clone(),
                        format!(
                            "`{}` is dated {}, before `{previous_label}` ({}) listed above it",
                            entry.label,
                            first_token.raw,
                            show(previous_day, previous_calendar.or(first_token.calendar))
                        ),
                    )
                    .help("correct the date or move the entry to its place in time");
                }
            }
            if latest.is_none_or(|(d, _, _)| first_day >= d) {
                latest = Some((first_day, entry.label.as_str(), first_token.calendar));
            }
        }
    }
}
