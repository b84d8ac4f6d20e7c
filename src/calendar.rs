//! The two calendars of the write-ups, on one timeline.
//!
//! All calendar arithmetic is ICU4X's (`icu_calendar`): it validates Solar
//! Hijri dates (1402.12.30 is not a date, 1403.12.30 is) and converts both
//! calendars to a day number (rata die). Nothing here re-implements a
//! calendar; this module only names things and picks the calendar from the
//! year, because the separator does not tell it (`1404/07/01` is Jalali).

use icu_calendar::cal::{Gregorian, Persian};
use icu_calendar::types::RataDie;
use icu_calendar::Date;
use serde::{Deserialize, Serialize};

/// Which calendar a date is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CalendarKind {
    /// Solar Hijri (Persian), e.g. `1402.08.02`.
    Jalali,
    Gregorian,
}

impl CalendarKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CalendarKind::Jalali => "jalali",
            CalendarKind::Gregorian => "gregorian",
        }
    }

    /// The calendar a four-digit year belongs to: 13xx-14xx are Solar Hijri,
    /// 19xx-20xx Gregorian. Other years are not plausible for a write-up.
    pub fn from_year(year: i32) -> Option<CalendarKind> {
        match year {
            1300..=1499 => Some(CalendarKind::Jalali),
            1900..=2099 => Some(CalendarKind::Gregorian),
            _ => None,
        }
    }

    /// Month names, 1-based index minus one.
    pub fn month_names(self) -> &'static [&'static str; 12] {
        match self {
            CalendarKind::Jalali => &[
                "Farvardin",
                "Ordibehesht",
                "Khordad",
                "Tir",
                "Mordad",
                "Shahrivar",
                "Mehr",
                "Aban",
                "Azar",
                "Dey",
                "Bahman",
                "Esfand",
            ],
            CalendarKind::Gregorian => &[
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ],
        }
    }
}

/// A day on the common timeline (days since the rata die epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Day(pub i64);

impl Day {
    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Day) -> i64 {
        later.0 - self.0
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Day {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        // 1970-01-01 is rata die 719163.
        Day(719_163 + secs.div_euclid(86_400))
    }

    /// Year, month, day of this day in `calendar`.
    pub fn ymd(self, calendar: CalendarKind) -> (i32, u8, u8) {
        let rd = RataDie::new(self.0);
        match calendar {
            CalendarKind::Jalali => {
                let date = Date::from_rata_die(rd, Persian);
                (
                    date.year().extended_year(),
                    date.month().number(),
                    date.day_of_month().0,
                )
            }
            CalendarKind::Gregorian => {
                let date = Date::from_rata_die(rd, Gregorian);
                (
                    date.year().extended_year(),
                    date.month().number(),
                    date.day_of_month().0,
                )
            }
        }
    }

    /// `YYYY-MM-DD` in `calendar`.
    pub fn format(self, calendar: CalendarKind) -> String {
        let (y, m, d) = self.ymd(calendar);
        format!("{y:04}-{m:02}-{d:02}")
    }
}

/// Why year/month/day is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidDate {
    pub reason: String,
}

/// The day of `year.month.day` in `calendar`, or why it does not exist.
pub fn day_from_ymd(
    calendar: CalendarKind,
    year: i32,
    month: u8,
    day: u8,
) -> Result<Day, InvalidDate> {
    let result = match calendar {
        CalendarKind::Jalali => Date::try_new_persian(year, month, day).map(|d| d.to_rata_die()),
        CalendarKind::Gregorian => {
            Date::try_new_gregorian(year, month, day).map(|d| d.to_rata_die())
        }
    };
    match result {
        Ok(rd) => Ok(Day(rd.to_i64_date())),
        Err(_) => Err(InvalidDate {
            reason: explain_invalid(calendar, year, month, day),
        }),
    }
}

/// A date typed on the command line: `YYYY<sep>MM<sep>DD` with ASCII
/// digits and one separator (`.`, `/` or `-`) used twice. The calendar
/// comes from the year, as in documents (`1402/08/02` is Solar Hijri);
/// anything else (a sign, a missing part, a year no write-up could have)
/// is refused with a reason rather than guessed at.
pub fn parse_ymd(text: &str) -> Result<(CalendarKind, i32, u8, u8, Day), String> {
    let trimmed = text.trim();
    let separator = trimmed
        .chars()
        .find(|c| matches!(c, '.' | '/' | '-'))
        .ok_or_else(|| format!("`{trimmed}` is not YYYY.MM.DD or YYYY/MM/DD"))?;
    let parts: Vec<&str> = trimmed.split(separator).collect();
    let all_digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let [y, m, d] = parts.as_slice() else {
        return Err(format!("`{trimmed}` is not YYYY.MM.DD or YYYY/MM/DD"));
    };
    if !(all_digits(y, 4..=4) && all_digits(m, 1..=2) && all_digits(d, 1..=2)) {
        return Err(format!("`{trimmed}` is not YYYY.MM.DD or YYYY/MM/DD"));
    }
    // The digit checks above make these parses infallible.
    let (year, month, day): (i32, u8, u8) = (
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    );
    let calendar = CalendarKind::from_year(year).ok_or_else(|| {
        format!("year {year} is neither Solar Hijri (1300-1499) nor Gregorian (1900-2099)")
    })?;
    let parsed = day_from_ymd(calendar, year, month, day).map_err(|e| e.reason)?;
    Ok((calendar, year, month, day, parsed))
}

/// `--today YYYY-MM-DD` (Gregorian), or the system clock when absent.
pub fn parse_today(text: Option<&str>) -> Result<Day, String> {
    let Some(text) = text else {
        return Ok(Day::today());
    };
    match parse_ymd(text) {
        Ok((CalendarKind::Gregorian, .., day)) => Ok(day),
        Ok(_) => Err(format!("--today `{text}` is not a Gregorian YYYY-MM-DD")),
        Err(reason) => Err(format!("--today `{text}`: {reason}")),
    }
}

/// A human reason, using ICU for the month length so the text agrees with
/// the validation.
fn explain_invalid(calendar: CalendarKind, year: i32, month: u8, day: u8) -> String {
    let name = match calendar {
        CalendarKind::Jalali => "Solar Hijri",
        CalendarKind::Gregorian => "Gregorian",
    };
    if !(1..=12).contains(&month) {
        return format!("month {month} does not exist (months run 1-12)");
    }
    if day == 0 {
        return "day 0 does not exist (days start at 1)".to_string();
    }
    let days_in_month = match calendar {
        CalendarKind::Jalali => Date::try_new_persian(year, month, 1)
            .map(|d| d.days_in_month())
            .ok(),
        CalendarKind::Gregorian => Date::try_new_gregorian(year, month, 1)
            .map(|d| d.days_in_month())
            .ok(),
    };
    match days_in_month {
        Some(n) => format!(
            "{} {year} has {n} days in the {name} calendar",
            calendar.month_names()[usize::from(month) - 1]
        ),
        None => format!("not a valid {name} date"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jalali_converts_to_gregorian() {
        let day = day_from_ymd(CalendarKind::Jalali, 1402, 8, 2).unwrap();
        assert_eq!(day.format(CalendarKind::Gregorian), "2023-10-24");
        assert_eq!(day.ymd(CalendarKind::Jalali), (1402, 8, 2));
    }

    #[test]
    fn jalali_validation_follows_month_lengths_and_leap_years() {
        assert!(day_from_ymd(CalendarKind::Jalali, 1402, 3, 0).is_err());
        assert!(day_from_ymd(CalendarKind::Jalali, 1402, 7, 31).is_err());
        assert!(day_from_ymd(CalendarKind::Jalali, 1402, 12, 30).is_err());
        assert!(day_from_ymd(CalendarKind::Jalali, 1403, 12, 30).is_ok());
        assert!(day_from_ymd(CalendarKind::Jalali, 1402, 6, 31).is_ok());
        let reason = day_from_ymd(CalendarKind::Jalali, 1402, 7, 31)
            .unwrap_err()
            .reason;
        assert!(reason.contains("Mehr 1402 has 30 days"), "{reason}");
    }

    #[test]
    fn gregorian_validation() {
        assert!(day_from_ymd(CalendarKind::Gregorian, 2025, 2, 29).is_err());
        assert!(day_from_ymd(CalendarKind::Gregorian, 2024, 2, 29).is_ok());
        let d = day_from_ymd(CalendarKind::Gregorian, 1970, 1, 1).unwrap();
        assert_eq!(d, Day(719_163));
    }

    #[test]
    fn command_line_dates_are_strict() {
        let (calendar, y, m, d, _) = parse_ymd("1402/08/02").unwrap();
        assert_eq!((calendar, y, m, d), (CalendarKind::Jalali, 1402, 8, 2));
        assert!(parse_ymd("-2023/01/01").is_err());
        assert!(parse_ymd("2023/01").is_err());
        assert!(parse_ymd("2023.01/01").is_err());
        assert!(parse_ymd("1402.12.30").is_err());
        assert!(parse_today(Some("2026-11-25")).is_ok());
        assert!(parse_today(Some("1404-09-04")).is_err());
        assert!(parse_today(Some("2026-02-30")).is_err());
    }

    #[test]
    fn year_picks_calendar() {
        assert_eq!(CalendarKind::from_year(1404), Some(CalendarKind::Jalali));
        assert_eq!(CalendarKind::from_year(2025), Some(CalendarKind::Gregorian));
        assert_eq!(CalendarKind::from_year(1700), None);
    }
}
