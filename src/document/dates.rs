//! Dated stages: `- **Stage label** <br />DATE [AT TIME]`.
//!
//! A value may hold several dates (`They sent 1402.08.23 <br />I sent
//! 1402.08.29`), a placeholder (`IDK`, `Ghosting`), or nothing. Each date is
//! classified by its year (13xx-14xx Solar Hijri, 19xx-20xx Gregorian; the
//! separator does not tell) and validated by ICU through
//! [`crate::calendar`]. Persian and Arabic-Indic digits are read as digits.

use std::sync::LazyLock;

use regex::Regex;

use super::Span;
use crate::calendar::{day_from_ymd, CalendarKind, Day};
use crate::pack::{NameMatch, Pack};

/// What is wrong with a written date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    /// Year and month but no day (`1401.10.`), or a year alone.
    Partial,
    /// Not a date in its calendar (`1402.12.30`), with ICU's reason.
    NotInCalendar(String),
    /// The year belongs to neither calendar (`1700.01.01`).
    UnknownYear,
    /// Day first (`21/07/2025`): ambiguous, not the format.
    DayFirst,
}

/// One date as written.
#[derive(Debug, Clone)]
pub struct DateToken {
    pub span: Span,
    pub raw: String,
    pub year: i32,
    pub month: Option<u8>,
    pub day_of_month: Option<u8>,
    /// Separators as written (first, second).
    pub separators: (Option<char>, Option<char>),
    pub calendar: Option<CalendarKind>,
    pub day: Result<Day, DateProblem>,
    /// Time of day, `AT 4 PM` -> minutes since midnight.
    pub time: Option<u16>,
}

/// An entry under `Interview Date`.
#[derive(Debug, Clone)]
pub struct DatedEntry {
    /// The whole item (without the bullet).
    pub span: Span,
    pub label: String,
    pub label_span: Span,
    pub label_match: Option<NameMatch>,
    pub dates: Vec<DateToken>,
    /// A placeholder standing for the date (`IDK`), with its span.
    pub placeholder: Option<(String, Span)>,
    /// The value text with HTML removed (for messages).
    pub value: String,
}

impl DatedEntry {
    /// The first valid date of the entry.
    pub fn first_day(&self) -> Option<Day> {
        self.dates.iter().find_map(|d| d.day.as_ref().ok().copied())
    }

    /// The last valid date of the entry (a task is done when it is sent back).
    pub fn last_day(&self) -> Option<Day> {
        self.dates
            .iter()
            .rev()
            .find_map(|d| d.day.as_ref().ok().copied())
    }
}

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<h>\d{1,2})(?::(?P<min>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)(?:\W|$)|\b(?P<h24>\d{1,2}):(?P<m24>\d{2})\b")
        .expect("static regex")
});

/// Whether `text` holds four digits in a row (any of the digit sets
/// [`digit_value`] reads).
fn has_four_digits(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        run = if digit_value(c).is_some() { run + 1 } else { 0 };
        if run == 4 {
            return true;
        }
    }
    false
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        _ => None,
    }
}

fn number(text: &str) -> Option<u32> {
    text.chars()
        .try_fold(0u32, |acc, c| Some(acc.checked_mul(10)? + digit_value(c)?))
}

/// Split a list item into label and value: the first `**bold**` (or
/// `__bold__`) is the label; without bold, the text before `<br` or `:`.
pub fn split_label(text: &str, item: &Span) -> (String, Span, Span) {
    let source = &text[item.clone()];
    for marker in ["**", "__"] {
        if let Some(open) = source.find(marker) {
            if let Some(len) = source[open + 2..].find(marker) {
                let label_span = item.start + open + 2..item.start + open + 2 + len;
                let value_start = label_span.end + 2;
                let label = super::strip_html(&text[label_span.clone()])
                    .trim()
                    .to_string();
                return (label, label_span, value_start..item.end);
            }
        }
    }
    let lower = source.to_ascii_lowercase();
    let cut = [lower.find("<br"), source.find(':')]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(source.len());
    let raw = &source[..cut];
    let lead = raw.len() - raw.trim_start().len();
    let label_span = item.start + lead..item.start + raw.trim_end().len();
    (
        raw.trim().to_string(),
        label_span,
        item.start + cut..item.end,
    )
}

pub fn parse_entry(text: &str, item: Span, pack: &Pack) -> DatedEntry {
    let (label, label_span, value_span) = split_label(text, &item);
    let value_source = &text[value_span.clone()];
    let dates = find_dates(value_source, value_span.start, pack);
    let value = super::strip_html(value_source)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let placeholder = if dates.is_empty() {
        pack.placeholder(&value).map(|p| {
            let at = value_source
                .to_lowercase()
                .find(&p.to_lowercase())
                .unwrap_or(0);
            let start = value_span.start + at;
            // Lowercasing can change byte lengths; fall back to the value.
            let end = if text.is_char_boundary(start + p.len()) {
                start + p.len()
            } else {
                value_span.end
            };
            (p.to_string(), start..end.min(value_span.end).max(start))
        })
    } else {
        None
    };
    DatedEntry {
        span: item,
        label_match: pack.find_label(&label),
        label,
        label_span,
        dates,
        placeholder,
        value,
    }
}

fn find_dates(value: &str, offset: usize, pack: &Pack) -> Vec<DateToken> {
    let mut tokens = Vec::new();
    // Both date shapes hold a four-digit year: without a run of four
    // digits there is no date, and the regexes need not run (most values
    // of a write-up are placeholders, words or short numbers).
    if !has_four_digits(value) {
        return tokens;
    }
    let mut taken: Vec<Span> = Vec::new();
    let separators = &pack.date_syntax.separators;
    let boundary_ok = |start: usize, end: usize| {
        let before = value[..start].chars().next_back();
        let after = value[end..].chars().next();
        !before.is_some_and(|c| digit_value(c).is_some() || separators.contains(&c))
            && after.is_none_or(|c| digit_value(c).is_none())
    };
    for caps in pack.date_syntax.day_first.captures_iter(value) {
        let whole = caps.get(0).expect("group 0");
        if !boundary_ok(whole.start(), whole.end()) {
            continue;
        }
        let year = number(&caps["y"]).unwrap_or(0) as i32;
        taken.push(whole.range());
        tokens.push(DateToken {
            span: offset + whole.start()..offset + whole.end(),
            raw: whole.as_str().to_string(),
            year,
            month: number(&caps["m"]).and_then(|m| u8::try_from(m).ok()),
            day_of_month: number(&caps["d"]).and_then(|d| u8::try_from(d).ok()),
            separators: (caps["s1"].chars().next(), caps["s1"].chars().next()),
            calendar: calendar_of(year, pack),
            day: Err(DateProblem::DayFirst),
            time: None,
        });
    }
    for caps in pack.date_syntax.year_first.captures_iter(value) {
        let whole = caps.get(0).expect("group 0");
        if taken
            .iter()
            .any(|t| t.start < whole.end() && whole.start() < t.end)
        {
            continue;
        }
        // A bare four-digit number (`2 hours`, `1000 requests`) is no date.
        if caps.name("s1").is_none() {
            continue;
        }
        let before = value[..whole.start()].chars().next_back();
        if before.is_some_and(|c| digit_value(c).is_some()) {
            continue;
        }
        let year = number(&caps["y"]).unwrap_or(0) as i32;
        let month = caps
            .name("m")
            .and_then(|m| number(m.as_str()))
            .and_then(|m| u8::try_from(m).ok());
        let day_of_month = caps
            .name("d")
            .and_then(|d| number(d.as_str()))
            .and_then(|d| u8::try_from(d).ok());
        let calendar = calendar_of(year, pack);
        let day = match (calendar, month, day_of_month) {
            (None, _, _) => Err(DateProblem::UnknownYear),
            (Some(_), None, _) | (Some(_), Some(_), None) => Err(DateProblem::Partial),
            (Some(cal), Some(m), Some(d)) => {
                day_from_ymd(cal, year, m, d).map_err(|e| DateProblem::NotInCalendar(e.reason))
            }
        };
        // A trailing separator with no day (`1401.10.`) belongs to the date.
        let end = whole.end();
        let time = TIME.captures(&value[end..]).and_then(|t| {
            let whole_time = t.get(0)?;
            // Only a time written right after the date (`AT 4 PM`, `16:00`).
            let gap = &value[end..end + whole_time.start()];
            if gap.trim().len() > 3 && !gap.trim().eq_ignore_ascii_case("at") {
                return None;
            }
            parse_time(&t)
        });
        tokens.push(DateToken {
            span: offset + whole.start()..offset + end,
            raw: whole.as_str().to_string(),
            year,
            month,
            day_of_month,
            separators: (
                caps.name("s1").and_then(|s| s.as_str().chars().next()),
                caps.name("s2").and_then(|s| s.as_str().chars().next()),
            ),
            calendar,
            day,
            time,
        });
    }
    tokens.sort_by_key(|t| t.span.start);
    tokens
}

fn parse_time(caps: &regex::Captures<'_>) -> Option<u16> {
    if let Some(h) = caps.name("h") {
        let hour: u16 = h.as_str().parse().ok()?;
        let minute: u16 = caps
            .name("min")
            .map_or(Some(0), |m| m.as_str().parse().ok())?;
        if !(1..=12).contains(&hour) || minute > 59 {
            return None;
        }
        let pm = caps
            .name("ampm")?
            .as_str()
            .to_ascii_lowercase()
            .starts_with('p');
        let hour = (hour % 12) + if pm { 12 } else { 0 };
        return Some(hour * 60 + minute);
    }
    let hour: u16 = caps.name("h24")?.as_str().parse().ok()?;
    let minute: u16 = caps.name("m24")?.as_str().parse().ok()?;
    (hour < 24 && minute < 60).then_some(hour * 60 + minute)
}

fn calendar_of(year: i32, pack: &Pack) -> Option<CalendarKind> {
    let [jl, jh] = pack.dates.jalali_years;
    let [gl, gh] = pack.dates.gregorian_years;
    if (jl..=jh).contains(&year) {
        Some(CalendarKind::Jalali)
    } else if (gl..=gh).contains(&year) {
        Some(CalendarKind::Gregorian)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(item: &str) -> DatedEntry {
        parse_entry(item, 0..item.len(), &Pack::builtin())
    }

    #[test]
    fn reads_label_date_and_time() {
        let e = entry("**Technical Interview** <br>1402.08.15 AT 4 PM");
        assert_eq!(e.label, "Technical Interview");
        assert_eq!(e.dates.len(), 1);
        assert_eq!(e.dates[0].calendar, Some(CalendarKind::Jalali));
        assert_eq!(e.dates[0].time, Some(16 * 60));
        assert_eq!(
            e.first_day().unwrap().format(CalendarKind::Gregorian),
            "2023-11-06"
        );
    }

    #[test]
    fn reads_two_dates() {
        let e = entry("**Task** <br />They sent 1402.08.23 <br />I sent 1402.08.29");
        assert_eq!(e.dates.len(), 2);
        assert!(e.first_day() < e.last_day());
    }

    #[test]
    fn classifies_problems() {
        assert_eq!(
            entry("**A** <br />1402.03.00").dates[0].day,
            Err(DateProblem::NotInCalendar(
                "day 0 does not exist (days start at 1)".into()
            ))
        );
        assert_eq!(
            entry("**A** <br />1401.10.").dates[0].day,
            Err(DateProblem::Partial)
        );
        assert_eq!(
            entry("**A** <br />21/07/2025").dates[0].day,
            Err(DateProblem::DayFirst)
        );
        assert!(entry("**A** <br />2025/07/21").dates[0].day.is_ok());
        assert!(entry("**A** <br />1404/07/01").dates[0].calendar == Some(CalendarKind::Jalali));
        assert!(entry("**A** <br />۱۴۰۲/۰۸/۰۲").dates[0].day.is_ok());
    }

    #[test]
    fn a_date_needs_four_digits_in_a_row_in_any_digit_set() {
        assert!(entry("**A** <br />2 hours, 15.3 and 123").dates.is_empty());
        assert_eq!(entry("**A** <br />۱۴۰۲/۰۳/۰۱").dates[0].year, 1402);
        assert_eq!(entry("**A** <br />٠١/٠٣/١٤٠٢").dates[0].year, 1402);
        assert_eq!(entry("**A** <br />at 1402.3.1").dates[0].year, 1402);
    }

    #[test]
    fn placeholders_and_empty() {
        let e = entry("**HR Call** <br />IDK");
        assert!(e.dates.is_empty());
        assert_eq!(e.placeholder.as_ref().unwrap().0, "IDK");
        let e = entry("**HR Call** <br />");
        assert!(e.dates.is_empty() && e.placeholder.is_none());
    }

    #[test]
    fn numbers_are_not_dates() {
        assert!(entry("**Task** <br />1 week, 1000 lines").dates.is_empty());
    }
}
