//! The charts of `stats --history`: the pipeline over time (open
//! applications at each month end, stacked by furthest stage), the stages
//! as first recorded in the repository per month, and applications per
//! month with dates recorded from history told apart from written ones.
//!
//! Invariants:
//! - Drawn from [`HistoryStats`] only: every bar is a number of
//!   `stats.json`.
//! - Dates recorded from history are never drawn like written ones: they
//!   have their own colour and the legend entry [`RECORDED_LABEL`].
//! - Months are the keys `compute` made with icu_calendar; nothing here
//!   does calendar arithmetic beyond naming a month.
//! - Wide histories grow the canvas (a fixed slot per month) and thin the
//!   month labels, so labels never overlap.

use std::io;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::*;
use crate::calendar::CalendarKind;
use crate::stats::history::{HistoryStats, NO_STAGE_LABEL};
use crate::stats::{Legend, Stats};

/// Legend text of everything dated from history rather than written.
pub const RECORDED_LABEL: &str = "recorded from history";
/// Colour of dates recorded from history: orange, apart from the blues of
/// written dates and stages.
pub const RECORDED: RGBColor = RGBColor(239, 108, 0);
/// Colour of open applications with no stage on their status line yet.
const NO_STAGE: RGBColor = RGBColor(189, 189, 189);

/// File names of the history charts, in the order the page shows them.
pub const HISTORY_SVG_FILES: [&str; 2] = ["pipeline.svg", "stages-recorded.svg"];

/// Stage colours for packs of up to six stages: cool hues, alternating
/// light and dark so neighbours in a stack stay apart, and none near the
/// outcome colours (green, red, orange).
const STAGE_COLORS: [RGBColor; 6] = [
    RGBColor(158, 202, 225),
    RGBColor(49, 130, 189),
    RGBColor(158, 154, 200),
    RGBColor(8, 48, 107),
    RGBColor(84, 39, 143),
    RGBColor(0, 109, 119),
];

/// Colour of the `i`-th of `n` stages: [`STAGE_COLORS`], or for a larger
/// pack a ramp from light to dark blue, so "further" reads as "darker".
pub fn stage_color(i: usize, n: usize) -> RGBColor {
    if n <= STAGE_COLORS.len() {
        return STAGE_COLORS[i.min(STAGE_COLORS.len() - 1)];
    }
    let t = if n <= 1 {
        1.0
    } else {
        i as f64 / (n - 1) as f64
    };
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    RGBColor(mix(144, 13), mix(202, 71), mix(249, 161))
}

/// (label, colour) of the open series: no stage yet, then every stage.
fn open_series(legend: &Legend) -> Vec<(String, RGBColor)> {
    let n = legend.stages.len();
    std::iter::once((NO_STAGE_LABEL.to_string(), NO_STAGE))
        .chain(
            legend
                .stages
                .iter()
                .enumerate()
                .map(|(i, s)| (s.label.clone(), stage_color(i, n))),
        )
        .collect()
}

/// "Mehr" and "1402" of a `YYYY-MM` key.
fn month_parts(key: &str, calendar: CalendarKind) -> (String, String) {
    let parsed = key
        .rsplit_once('-')
        .and_then(|(y, m)| Some((y.to_string(), m.parse::<usize>().ok()?)));
    match parsed {
        Some((y, m)) if (1..=12).contains(&m) => (calendar.month_names()[m - 1].to_string(), y),
        _ => (key.to_string(), String::new()),
    }
}

fn calendar_name(calendar: CalendarKind) -> &'static str {
    match calendar {
        CalendarKind::Jalali => "Solar Hijri",
        CalendarKind::Gregorian => "Gregorian",
    }
}

/// One bar per month, its segments stacked bottom-up in `series` order,
/// the total above it.
struct MonthChart<'a> {
    title: &'a str,
    subtitle: String,
    y_axis: &'a str,
    calendar: CalendarKind,
    series: Vec<(String, RGBColor)>,
    /// (`YYYY-MM`, count per series).
    months: Vec<(String, Vec<usize>)>,
}

/// Legend swatches wrapped into rows that fit `width`; returns the height.
fn legend_rows(series: &[(String, RGBColor)], width: f64) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut x = 20.0;
    for (i, (name, _)) in series.iter().enumerate() {
        let w = 20.0 + text_width(name, LABEL_PX) + 24.0;
        if x + w > width - 20.0 && !rows.last().is_some_and(Vec::is_empty) {
            rows.push(Vec::new());
            x = 20.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push(i);
        }
        x += w;
    }
    rows
}

fn month_chart(chart: &MonthChart) -> io::Result<String> {
    // Series names come from the pack: XML cannot hold control characters.
    let series: Vec<(String, RGBColor)> = chart
        .series
        .iter()
        .map(|(name, color)| (clean(name), *color))
        .collect();
    const LEFT: f64 = 64.0;
    const PLOT_H: f64 = 300.0;
    const SLOT_MIN: f64 = 20.0;
    let totals: Vec<usize> = chart.months.iter().map(|(_, v)| v.iter().sum()).collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1) as f64;
    let count_w = text_width(&(max as usize).to_string(), SMALL_PX);
    let names: Vec<(String, String)> = chart
        .months
        .iter()
        .map(|(k, _)| month_parts(k, chart.calendar))
        .collect();
    let widest = names
        .iter()
        .map(|(m, _)| text_width(m, LABEL_PX))
        .fold(0.0, f64::max);
    let slot = (count_w + 8.0).max(SLOT_MIN);
    let plot_w = (chart.months.len() as f64 * slot).max(720.0 - LEFT - 30.0);
    let slot = plot_w / chart.months.len().max(1) as f64;
    let width = LEFT + plot_w + 30.0;
    // Month names across when they fit the slot; otherwise rotated, and
    // every k-th only when the slots are too narrow for the text's height.
    let rotate = widest + 6.0 > slot;
    let every = ((LABEL_PX + 4.0) / slot).ceil().max(1.0) as usize;
    let label_h = if rotate { widest + 10.0 } else { 22.0 };
    let group_h = 20.0;
    let rows = legend_rows(&series, width);
    let legend_h = rows.len() as f64 * 22.0 + 4.0;
    let top = HEADING_H + legend_h + 16.0;
    let height = top + PLOT_H + label_h + group_h + 40.0;
    let step = nice_step(max, 6, 1.0);
    let axis_max = (max / step).ceil() * step;
    let bottom = top + PLOT_H;
    let y_of = |v: f64| bottom - PLOT_H * v / axis_max;

    svg(width.ceil() as u32, height.ceil() as u32, |area| {
        heading(area, chart.title, &chart.subtitle, width - 40.0)?;
        for (r, row) in rows.iter().enumerate() {
            let y = HEADING_H + 4.0 + r as f64 * 22.0;
            let mut x = 20.0;
            for &i in row {
                let (name, color) = &series[i];
                rect(area, x, y, x + 14.0, y + 14.0, color.filled())?;
                text(
                    area,
                    name,
                    x + 20.0,
                    y + 7.0,
                    &anchored(font(LABEL_PX, TEXT), HPos::Left, VPos::Center),
                )?;
                x += 20.0 + text_width(name, LABEL_PX) + 24.0;
            }
        }
        value_axis(
            area,
            LEFT,
            top,
            plot_w,
            PLOT_H,
            axis_max,
            step,
            chart.y_axis,
        )?;

        let mut last_year: Option<&str> = None;
        for (i, ((_, counts), (month, year))) in chart.months.iter().zip(&names).enumerate() {
            let x0 = LEFT + i as f64 * slot;
            let cx = x0 + slot / 2.0;
            let bw = (slot * 0.7).clamp(2.0, 48.0);
            let mut base = 0usize;
            for (n, (_, color)) in counts.iter().zip(&series) {
                if *n == 0 {
                    continue;
                }
                rect(
                    area,
                    cx - bw / 2.0,
                    y_of((base + n) as f64),
                    cx + bw / 2.0,
                    y_of(base as f64),
                    color.filled(),
                )?;
                base += n;
            }
            if base > 0 {
                text(
                    area,
                    &base.to_string(),
                    cx,
                    y_of(base as f64) - 2.0,
                    &anchored(font(SMALL_PX, TEXT), HPos::Center, VPos::Bottom),
                )?;
            }
            if !rotate {
                let style = anchored(font(LABEL_PX, TEXT), HPos::Center, VPos::Top);
                text(area, month, cx, bottom + 6.0, &style)?;
            } else if i % every == 0 {
                let style = anchored(font(LABEL_PX, TEXT), HPos::Right, VPos::Center)
                    .transform(FontTransform::Rotate270);
                text(area, month, cx, bottom + 6.0, &style)?;
            }
            if last_year != Some(year.as_str()) {
                let gy = bottom + label_h + 4.0;
                line(area, x0, bottom, x0, gy + 14.0, AXIS, 1)?;
                let style = anchored(bold(LABEL_PX, TEXT), HPos::Left, VPos::Top);
                text(area, year, x0 + 4.0, gy, &style)?;
                last_year = Some(year.as_str());
            }
        }
        text(
            area,
            &format!("month ({} calendar)", calendar_name(chart.calendar)),
            LEFT + plot_w / 2.0,
            bottom + label_h + group_h + 12.0,
            &anchored(font(LABEL_PX, TEXT), HPos::Center, VPos::Top),
        )
    })
}

/// Open applications at each month end, stacked by furthest stage.
pub fn render_pipeline(stats: &Stats, history: &HistoryStats) -> io::Result<String> {
    let title = "Pipeline over time";
    if history.open_per_month.is_empty() {
        return no_data(title, "no write-up in the history");
    }
    let months: Vec<(String, Vec<usize>)> = history
        .open_per_month
        .iter()
        .map(|(k, m)| {
            (
                k.clone(),
                m.by_furthest_stage.iter().map(|(_, n)| *n).collect(),
            )
        })
        .collect();
    let peak = history
        .open_per_month
        .iter()
        .max_by(|a, b| a.1.open.cmp(&b.1.open).then_with(|| b.0.cmp(&a.0)));
    let subtitle = format!(
        "open (no outcome yet) at each month end, by furthest stage; {} commits, author time{}",
        history.commits,
        peak.filter(|(_, m)| m.open > 0)
            .map(|(k, m)| {
                let (month, year) = month_parts(k, stats.calendar);
                format!("; peak {} ({month} {year})", m.open)
            })
            .unwrap_or_default()
    );
    month_chart(&MonthChart {
        title,
        subtitle,
        y_axis: "open applications",
        calendar: stats.calendar,
        series: open_series(&stats.legend),
        months,
    })
}

/// Stages and outcomes by the month they first appeared on a status line.
pub fn render_stages_recorded(stats: &Stats, history: &HistoryStats) -> io::Result<String> {
    let title = "Stages as first recorded in the repository";
    if history.first_recorded_per_month.is_empty() {
        return no_data(title, "no status line in the history names a stage");
    }
    let legend = &stats.legend;
    let n = legend.stages.len();
    let series: Vec<(String, RGBColor)> = legend
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.label.clone(), stage_color(i, n)))
        .chain(
            legend
                .outcomes
                .iter()
                .map(|o| (o.label.clone(), rgb(o.colour))),
        )
        .collect();
    let months: Vec<(String, Vec<usize>)> = history
        .first_recorded_per_month
        .iter()
        .map(|(k, row)| (k.clone(), row.iter().map(|(_, n)| *n).collect()))
        .collect();
    let total: usize = months.iter().flat_map(|(_, v)| v).sum();
    month_chart(&MonthChart {
        title,
        subtitle: format!(
            "{total} first appearances on the status lines of {}, by month of commit (author time)",
            if history.documents == 1 {
                "1 write-up".to_string()
            } else {
                format!("{} write-ups", history.documents)
            }
        ),
        y_axis: "stages first recorded",
        calendar: stats.calendar,
        series,
        months,
    })
}

/// Applications per month of their earliest date, written dates and dates
/// recorded from history (standing in for unwritten ones) stacked apart.
pub fn render_per_month(stats: &Stats, history: &HistoryStats) -> io::Result<String> {
    let title = "Applications per month";
    if history.per_month.is_empty() {
        return no_data(title, "no write-up has a written or recorded date");
    }
    let months: Vec<(String, Vec<usize>)> = history
        .per_month
        .iter()
        .map(|(k, wr)| (k.clone(), vec![wr.written, wr.recorded]))
        .collect();
    let recorded: usize = history.per_month.iter().map(|(_, wr)| wr.recorded).sum();
    let written: usize = history.per_month.iter().map(|(_, wr)| wr.written).sum();
    // Without a year, months between the first and last are drawn too, so
    // gaps show (bounded: the keys come from trusted times and dates).
    // The recorded series is in the legend only when it has a bar.
    let mut series = vec![("written date".to_string(), BAR)];
    if recorded > 0 {
        series.push((RECORDED_LABEL.to_string(), RECORDED));
    }
    let months = if stats.year.is_none() {
        fill_months(months, 2)
    } else {
        months
    };
    month_chart(&MonthChart {
        title,
        subtitle: format!(
            "{} of {} by the month of their first date: {written} written, {recorded} {RECORDED_LABEL}",
            written + recorded,
            if stats.documents == 1 {
                "1 write-up".to_string()
            } else {
                format!("{} write-ups", stats.documents)
            }
        ),
        y_axis: "write-ups",
        calendar: stats.calendar,
        series,
        months,
    })
}

/// Insert empty months between the given ones (sorted `YYYY-MM` keys) when
/// the whole span is at most [`super::MAX_MONTH_BARS`] months.
fn fill_months(months: Vec<(String, Vec<usize>)>, width: usize) -> Vec<(String, Vec<usize>)> {
    let index = |key: &str| {
        let (y, m) = key.rsplit_once('-')?;
        let (y, m): (i64, i64) = (y.parse().ok()?, m.parse().ok()?);
        Some(y * 12 + m - 1)
    };
    let (Some(first), Some(last)) = (
        months.first().and_then(|(k, _)| index(k)),
        months.last().and_then(|(k, _)| index(k)),
    ) else {
        return months;
    };
    if last < first || last - first >= super::MAX_MONTH_BARS as i64 {
        return months;
    }
    (first..=last)
        .map(|i| {
            let key = format!("{:04}-{:02}", i.div_euclid(12), i.rem_euclid(12) + 1);
            let counts = months
                .iter()
                .find(|(k, _)| *k == key)
                .map_or_else(|| vec![0; width], |(_, v)| v.clone());
            (key, counts)
        })
        .collect()
}
