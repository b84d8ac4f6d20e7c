use super::prelude::*;
use crate::calendar::CalendarKind;

declare_rule! {
    /// ## What it does
    /// Reports a write-up whose dates mix the Solar Hijri and the Gregorian
    /// calendar. Points at the first date of the calendar used less.
    ///
    /// ## Why is this bad?
    /// jobmark converts both to one timeline, so nothing is computed wrong;
    /// but a reader comparing `1402.08.02` with `2023/11/06` has to convert
    /// in their head, and a mix is often a date typed in the wrong calendar.
    ///
    /// ## Example
    /// ```markdown
    /// - **Sent Resume** <br />1402.08.02
    /// - **HR Call** <br />2023/11/01
    /// ```
    ///
    /// ## Fix
    /// Write every date of the file in one calendar.
    pub struct MixedCalendars {
        code: "JM307",
        name: "mixed-calendars",
        severity: Warning,
        summary: "Dates of one write-up mix the Solar Hijri and Gregorian calendars",
        fixable: false,
    }
}

impl MixedCalendars {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let dates: Vec<_> = ctx
            .doc
            .dated
            .iter()
            .flat_map(|e| &e.dates)
            .filter(|d| d.day.is_ok())
            .collect();
        let jalali = dates
            .iter()
            .filter(|d| d.calendar == Some(CalendarKind::Jalali))
            .count();
        let gregorian = dates
            .iter()
            .filter(|d| d.calendar == Some(CalendarKind::Gregorian))
            .count();
        if jalali == 0 || gregorian == 0 {
            return;
        }
        let minority = if gregorian <= jalali {
            CalendarKind::Gregorian
        } else {
            CalendarKind::Jalali
        };
        let Some(first) = dates.iter().find(|d| d.calendar == Some(minority)) else {
            return;
        };
        ctx.report(
            &Self::META,
            first.span.clone(),
            format!(
                "dates mix calendars: {jalali} Solar Hijri and {gregorian} Gregorian; `{}` is {}",
                first.raw,
                match minority {
                    CalendarKind::Jalali => "Solar Hijri",
                    CalendarKind::Gregorian => "Gregorian",
                }
            ),
        )
        .help("write every date of the file in one calendar");
    }
}
