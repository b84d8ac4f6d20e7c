use super::prelude::*;
use crate::calendar::CalendarKind;

declare_rule! {
    /// ## What it does
    /// Reports a valid date not written in its calendar's canonical form:
    /// Solar Hijri as `1402.08.02`, Gregorian as `2025/07/21`, with
    /// two-digit month and day and ASCII digits. `1404/07/01` is a Solar
    /// Hijri date written with Gregorian punctuation.
    ///
    /// ## Why is this bad?
    /// The punctuation is how a reader tells the calendars apart at a
    /// glance; `1404/07/01` reads as Gregorian to anyone who does not know
    /// the year ranges.
    ///
    /// ## Example
    /// ```markdown
    /// - **HR Call** <br />1404/7/1
    /// ```
    /// Use instead:
    /// ```markdown
    /// - **HR Call** <br />1404.07.01
    /// ```
    ///
    /// ## Fix
    /// Safe: the date is rewritten in canonical form (same day).
    pub struct DatePunctuation {
        code: "JM308",
        name: "date-punctuation",
        severity: Warning,
        summary: "A date is not written in its calendar's canonical form",
        fixable: true,
    }
}

impl DatePunctuation {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let pack = ctx.pack;
        let lossless = doc.is_lossless();
        for entry in &doc.dated {
            for date in &entry.dates {
                let (Ok(_), Some(calendar), Some(month), Some(day)) =
                    (&date.day, date.calendar, date.month, date.day_of_month)
                else {
                    continue;
                };
                let separator = match calendar {
                    CalendarKind::Jalali => &pack.dates.jalali_separator,
                    CalendarKind::Gregorian => &pack.dates.gregorian_separator,
                };
                let canonical = format!("{:04}{separator}{month:02}{separator}{day:02}", date.year);
                if date.raw == canonical {
                    continue;
                }
                let name = match calendar {
                    CalendarKind::Jalali => "Solar Hijri",
                    CalendarKind::Gregorian => "Gregorian",
                };
                let finding = ctx.report(
                    &Self::META,
                    date.span.clone(),
                    format!("{name} date `{}` is written `{canonical}`", date.raw),
                );
                if lossless {
                    finding.fix(Fix::replace(
                        format!("Write `{canonical}`"),
                        Applicability::Safe,
                        date.span.clone(),
                        canonical,
                    ));
                } else {
                    finding.help(format!("write `{canonical}`"));
                }
            }
        }
    }
}
