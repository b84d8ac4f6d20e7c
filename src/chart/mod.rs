//! SVG charts for `jobmark stats`, drawn with plotters from a [`Stats`]
//! value only, so every chart shows exactly the numbers in `stats.json`.
//!
//! Invariants:
//! - Every `render_*` returns a complete SVG document; an empty data set
//!   gives a chart that says "no data", never an error or a panic.
//! - User text (company, channel, platform names) is passed to plotters raw:
//!   its SVG backend escapes it (see [`draw`]); control characters are
//!   replaced first because XML cannot hold them.
//! - Canvases grow with the number of rows or bars, and long labels are cut
//!   with an ellipsis, so labels do not overlap at 1 or 500 write-ups.

pub mod draw;
pub mod history;
pub mod sankey;

use std::io;
use std::path::{Path, PathBuf};

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::calendar::CalendarKind;
use crate::stats::Stats;
use crate::wording::plural;
use draw::*;

/// File names written by [`write_all`], in the order the page shows them.
pub const SVG_FILES: [&str; 7] = [
    "sankey.svg",
    "outcomes.svg",
    "durations.svg",
    "per-month.svg",
    "channels.svg",
    "platforms.svg",
    "scores.svg",
];

/// Most companies drawn as rows of the outcomes chart; the rest are summed
/// into one line of text so the chart stays readable with hundreds of
/// companies.
pub const MAX_COMPANY_ROWS: usize = 60;

/// Every chart as (file name, SVG text), in [`SVG_FILES`] order, then
/// (with `stats.history`) the [`history::HISTORY_SVG_FILES`]. With history,
/// the per-month and duration charts mark dates recorded from history.
pub fn render_all(stats: &Stats) -> io::Result<Vec<(&'static str, String)>> {
    let per_month = match &stats.history {
        Some(h) => history::render_per_month(stats, h)?,
        None => render_per_month(stats)?,
    };
    let mut charts = vec![
        (SVG_FILES[0], sankey::render_sankey(stats)?),
        (SVG_FILES[1], render_outcomes(stats)?),
        (SVG_FILES[2], render_durations(stats)?),
        (SVG_FILES[3], per_month),
        (SVG_FILES[4], render_channels(stats)?),
        (SVG_FILES[5], render_platforms(stats)?),
        (SVG_FILES[6], render_scores(stats)?),
    ];
    if let Some(h) = &stats.history {
        charts.push((
            history::HISTORY_SVG_FILES[0],
            history::render_pipeline(stats, h)?,
        ));
        charts.push((
            history::HISTORY_SVG_FILES[1],
            history::render_stages_recorded(stats, h)?,
        ));
    }
    Ok(charts)
}

/// Write every chart, `stats.json` and `README.md` into `out_dir` (created
/// if missing). Returns the paths written.
pub fn write_all(stats: &Stats, out_dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir)?;
    let mut written = Vec::new();
    let mut files: Vec<(&str, String)> = render_all(stats)?;
    files.push(("stats.json", stats.to_json()));
    files.push(("README.md", crate::stats::page::render_readme(stats)));
    for (name, content) in files {
        let path = out_dir.join(name);
        std::fs::write(&path, content)?;
        written.push(path);
    }
    Ok(written)
}

/// "in 1403 (Solar Hijri)" or "" — appended to subtitles.
fn scope(stats: &Stats) -> String {
    let cal = match stats.calendar {
        CalendarKind::Jalali => "Solar Hijri",
        CalendarKind::Gregorian => "Gregorian",
    };
    match stats.year {
        Some(y) => format!(" in {y} ({cal})"),
        None => String::new(),
    }
}

/// One row of a horizontal bar chart: a label and stacked segments.
struct HRow {
    label: String,
    segments: Vec<(usize, RGBColor)>,
}

/// Horizontal (stacked) bars, one row per label, count axis at the bottom.
/// `footer`, if given, is one more line under the last row (text only, so it
/// does not set the scale).
fn hbar_chart(
    title: &str,
    subtitle: &str,
    axis: &str,
    rows: &[HRow],
    legend: &[(&str, RGBColor)],
    footer: Option<&str>,
) -> io::Result<String> {
    const W: f64 = 960.0;
    const ROW_H: f64 = 24.0;
    const BAR_H: f64 = 16.0;
    let labels: Vec<String> = rows.iter().map(|r| clean(&r.label)).collect();
    let widest = labels
        .iter()
        .map(|l| text_width(l, LABEL_PX))
        .fold(40.0, f64::max);
    let label_w = widest.min(280.0);
    let left = 20.0 + label_w + 10.0;
    let right = W - 60.0;
    let legend_h = if legend.is_empty() { 0.0 } else { 26.0 };
    let top = HEADING_H + legend_h + 8.0;
    let footer_h = if footer.is_some() { ROW_H } else { 0.0 };
    let height = top + rows.len() as f64 * ROW_H + footer_h + 60.0;
    let max = rows
        .iter()
        .map(|r| r.segments.iter().map(|s| s.0).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let step = nice_step(max, ((right - left) / 90.0).max(1.0) as usize, 1.0);
    let axis_max = (max / step).ceil() * step;
    let x_of = |v: f64| left + (right - left) * v / axis_max;

    svg(W as u32, height.ceil() as u32, |area| {
        heading(area, title, subtitle, W - 40.0)?;
        draw_legend(area, legend)?;
        let bottom = top + rows.len() as f64 * ROW_H + footer_h;
        if let Some(footer) = footer {
            let style = anchored(font(LABEL_PX, MUTED), HPos::Left, VPos::Center);
            text(
                area,
                &truncate(&clean(footer), LABEL_PX, W - 40.0),
                20.0,
                bottom - ROW_H / 2.0,
                &style,
            )?;
        }
        // Grid and count axis.
        let mut v = 0.0;
        while v <= axis_max + 1e-9 {
            let x = x_of(v);
            line(area, x, top, x, bottom - footer_h, GRID, 1)?;
            let tick = anchored(font(SMALL_PX, MUTED), HPos::Center, VPos::Top);
            text(area, &format!("{v}"), x, bottom + 6.0, &tick)?;
            v += step;
        }
        line(area, left, top, left, bottom - footer_h, AXIS, 1)?;
        text(
            area,
            axis,
            (left + right) / 2.0,
            bottom + 26.0,
            &anchored(font(LABEL_PX, TEXT), HPos::Center, VPos::Top),
        )?;

        for (i, (row, label)) in rows.iter().zip(&labels).enumerate() {
            let cy = top + i as f64 * ROW_H + ROW_H / 2.0;
            let shown = truncate(label, LABEL_PX, label_w);
            text(
                area,
                &shown,
                left - 8.0,
                cy,
                &anchored(font(LABEL_PX, TEXT), HPos::Right, VPos::Center),
            )?;
            let mut acc = 0usize;
            for (count, color) in &row.segments {
                if *count == 0 {
                    continue;
                }
                let (x0, x1) = (x_of(acc as f64), x_of((acc + count) as f64));
                rect(
                    area,
                    x0,
                    cy - BAR_H / 2.0,
                    x1,
                    cy + BAR_H / 2.0,
                    color.filled(),
                )?;
                let label = count.to_string();
                // Segment counts only where they fit inside the segment.
                if row.segments.iter().filter(|s| s.0 > 0).count() > 1
                    && x1 - x0 >= text_width(&label, SMALL_PX) + 6.0
                {
                    let style =
                        anchored(font(SMALL_PX, text_on(*color)), HPos::Center, VPos::Center);
                    text(area, &label, (x0 + x1) / 2.0, cy, &style)?;
                }
                acc += count;
            }
            let total = anchored(font(SMALL_PX, TEXT), HPos::Left, VPos::Center);
            text(area, &acc.to_string(), x_of(acc as f64) + 5.0, cy, &total)?;
        }
        Ok(())
    })
}

/// Outcomes per company as horizontal stacked bars, the most-applied-to
/// companies first; beyond [`MAX_COMPANY_ROWS`] the rest are summed in a
/// line of text.
pub fn render_outcomes(stats: &Stats) -> io::Result<String> {
    let title = "Outcomes by company";
    if stats.companies.is_empty() {
        return no_data(title, "no write-ups");
    }
    let legend = &stats.legend;
    let subtitle = format!(
        "{} at {}{}: {}",
        plural(stats.documents, "write-up", "write-ups"),
        plural(stats.companies.len(), "company", "companies"),
        scope(stats),
        stats.outcomes.summary(legend)
    );
    let segments = |c: &crate::stats::OutcomeCounts| {
        c.iter()
            .map(|(key, n)| (n, ending_color(legend, key)))
            .collect()
    };
    let mut rows: Vec<HRow> = Vec::new();
    let shown = stats.companies.len().min(MAX_COMPANY_ROWS);
    for company in &stats.companies[..shown] {
        rows.push(HRow {
            label: company.name.clone(),
            segments: segments(&company.outcomes),
        });
    }
    let rest = &stats.companies[shown..];
    // The rest is summed in words, not drawn: one bar of 100+ write-ups
    // would squash every company bar to a sliver.
    let footer = (!rest.is_empty()).then(|| {
        let mut sum = crate::stats::OutcomeCounts::new(legend);
        for c in rest {
            sum.add_all(&c.outcomes);
        }
        format!(
            "… and {} more with {}: {} (all in stats.json)",
            plural(rest.len(), "company", "companies"),
            plural(sum.total(), "write-up", "write-ups"),
            sum.summary(legend)
        )
    });
    let legend: Vec<(&str, RGBColor)> = legend
        .endings()
        .map(|(key, label)| (label, ending_color(legend, key)))
        .collect();
    hbar_chart(
        title,
        &subtitle,
        "write-ups",
        &rows,
        &legend,
        footer.as_deref(),
    )
}

fn render_names(
    title: &str,
    what: &str,
    counts: &crate::stats::OrderedMap<usize>,
    stats: &Stats,
) -> io::Result<String> {
    if counts.is_empty() {
        return no_data(title, &format!("no write-up names {what}"));
    }
    let subtitle = format!(
        "{} in {}{} (a write-up may name several)",
        plural(counts.len(), "name", "names"),
        plural(stats.documents, "write-up", "write-ups"),
        scope(stats)
    );
    let rows: Vec<HRow> = counts
        .iter()
        .map(|(name, n)| HRow {
            label: name.clone(),
            segments: vec![(*n, BAR)],
        })
        .collect();
    hbar_chart(title, &subtitle, "write-ups", &rows, &[], None)
}

/// Apply channels, most used first.
pub fn render_channels(stats: &Stats) -> io::Result<String> {
    render_names("Apply channels", "an apply channel", &stats.channels, stats)
}

/// Interview platforms, most used first.
pub fn render_platforms(stats: &Stats) -> io::Result<String> {
    render_names(
        "Interview platforms",
        "an interview platform",
        &stats.platforms,
        stats,
    )
}

/// One bar of a vertical bar chart. `group` is a second label line drawn
/// only where it changes (the year under month names).
struct VBar {
    label: String,
    group: Option<String>,
    count: usize,
    color: RGBColor,
}

fn vbar_chart(
    title: &str,
    subtitle: &str,
    x_axis: &str,
    bars: &[VBar],
    legend: &[(&str, RGBColor)],
) -> io::Result<String> {
    const LEFT: f64 = 64.0;
    const PLOT_H: f64 = 300.0;
    let widest = bars
        .iter()
        .map(|b| text_width(&b.label, LABEL_PX))
        .fold(0.0, f64::max);
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1) as f64;
    let count_w = text_width(&(max as usize).to_string(), SMALL_PX);
    // Slots wide enough for the count above each bar; horizontal labels
    // when they fit, otherwise rotated ones with a taller label area.
    let mut slot = (count_w + 8.0).max(18.0);
    if widest + 8.0 <= 64.0 {
        slot = slot.max(widest + 8.0);
    }
    let min_width = 720.0;
    let plot_w = (bars.len() as f64 * slot).max(min_width - LEFT - 30.0);
    let slot = plot_w / bars.len().max(1) as f64;
    let rotate = widest + 6.0 > slot;
    let label_h = if rotate { widest + 10.0 } else { 22.0 };
    let group_h = if bars.iter().any(|b| b.group.is_some()) {
        20.0
    } else {
        0.0
    };
    let legend_h = if legend.is_empty() { 0.0 } else { 26.0 };
    let top = HEADING_H + legend_h + 16.0;
    let width = LEFT + plot_w + 30.0;
    let height = top + PLOT_H + label_h + group_h + 40.0;
    let step = nice_step(max, 6, 1.0);
    let axis_max = (max / step).ceil() * step;
    let bottom = top + PLOT_H;
    let y_of = |v: f64| bottom - PLOT_H * v / axis_max;

    svg(width.ceil() as u32, height.ceil() as u32, |area| {
        heading(area, title, subtitle, width - 40.0)?;
        draw_legend(area, legend)?;
        value_axis(area, LEFT, top, plot_w, PLOT_H, axis_max, step, "write-ups")?;

        let mut last_group: Option<&str> = None;
        for (i, bar) in bars.iter().enumerate() {
            let x0 = LEFT + i as f64 * slot;
            let cx = x0 + slot / 2.0;
            // A lone bar on a wide canvas stays a bar, not a wall.
            let bw = (slot * 0.7).clamp(2.0, 48.0);
            if bar.count > 0 {
                rect(
                    area,
                    cx - bw / 2.0,
                    y_of(bar.count as f64),
                    cx + bw / 2.0,
                    bottom,
                    bar.color.filled(),
                )?;
                let style = anchored(font(SMALL_PX, TEXT), HPos::Center, VPos::Bottom);
                text(
                    area,
                    &bar.count.to_string(),
                    cx,
                    y_of(bar.count as f64) - 2.0,
                    &style,
                )?;
            }
            if rotate {
                let style = anchored(font(LABEL_PX, TEXT), HPos::Right, VPos::Center)
                    .transform(FontTransform::Rotate270);
                text(area, &bar.label, cx, bottom + 6.0, &style)?;
            } else {
                let style = anchored(font(LABEL_PX, TEXT), HPos::Center, VPos::Top);
                text(area, &bar.label, cx, bottom + 6.0, &style)?;
            }
            if let Some(group) = &bar.group {
                if last_group != Some(group.as_str()) {
                    let gy = bottom + label_h + 4.0;
                    line(area, x0, bottom, x0, gy + 14.0, AXIS, 1)?;
                    let style = anchored(bold(LABEL_PX, TEXT), HPos::Left, VPos::Top);
                    text(area, group, x0 + 4.0, gy, &style)?;
                    last_group = Some(group.as_str());
                }
            }
        }
        let axis_style = anchored(font(LABEL_PX, TEXT), HPos::Center, VPos::Top);
        text(
            area,
            x_axis,
            LEFT + plot_w / 2.0,
            bottom + label_h + group_h + 12.0,
            &axis_style,
        )
    })
}

/// Months between the first and last month with a write-up, each with its
/// count. Past this many months only months with write-ups are drawn.
pub const MAX_MONTH_BARS: usize = 240;

fn parse_month(key: &str) -> Option<(i32, u8)> {
    let (y, m) = key.split_once('-')?;
    let m: u8 = m.parse().ok()?;
    if (1..=12).contains(&m) {
        Some((y.parse().ok()?, m))
    } else {
        None
    }
}

/// Write-ups per month of their first dated entry, month names in the
/// chosen calendar, empty months included.
pub fn render_per_month(stats: &Stats) -> io::Result<String> {
    let title = "Applications per month";
    let months: Vec<((i32, u8), usize)> = stats
        .per_month
        .iter()
        .filter_map(|(k, n)| Some((parse_month(k)?, *n)))
        .collect();
    if months.is_empty() {
        return no_data(title, "no write-up has a valid date");
    }
    let index = |(y, m): (i32, u8)| i64::from(y) * 12 + i64::from(m) - 1;
    let mut first = index(months[0].0);
    let mut last = index(months[months.len() - 1].0);
    if let Some(year) = stats.year {
        // A year's chart shows the whole year, empty months included.
        first = first.min(i64::from(year) * 12);
        last = last.max(i64::from(year) * 12 + 11);
    }
    let span = (last - first + 1).max(1) as usize;
    let names = stats.calendar.month_names();
    let mut series: Vec<((i32, u8), usize)> = Vec::new();
    let dense = span <= MAX_MONTH_BARS;
    if dense {
        for i in first..=last {
            let ym = (i.div_euclid(12) as i32, (i.rem_euclid(12) + 1) as u8);
            let n = months
                .iter()
                .find(|(k, _)| *k == ym)
                .map(|(_, n)| *n)
                .unwrap_or(0);
            series.push((ym, n));
        }
    } else {
        series = months.clone();
    }
    let bars: Vec<VBar> = series
        .iter()
        .map(|((y, m), n)| VBar {
            label: names[usize::from(*m).clamp(1, 12) - 1].to_string(),
            group: Some(y.to_string()),
            count: *n,
            color: BAR,
        })
        .collect();
    let dated: usize = months.iter().map(|(_, n)| n).sum();
    let cal = match stats.calendar {
        CalendarKind::Jalali => "Solar Hijri",
        CalendarKind::Gregorian => "Gregorian",
    };
    let mut subtitle = format!(
        "{dated} of {}, by the month of their first dated entry{}",
        plural(stats.documents, "write-up", "write-ups"),
        scope(stats)
    );
    if !dense {
        subtitle.push_str(&format!(
            "; dates span {} years, empty months left out",
            span / 12
        ));
    }
    vbar_chart(
        title,
        &subtitle,
        &format!("month ({cal} calendar)"),
        &bars,
        &[],
    )
}

/// The pack's band colour of a score.
fn score_color(scale: &crate::pack::ScoreScale, score: f64) -> RGBColor {
    scale.band_for(score).map_or(BAR, |b| rgb(b.rgb))
}

/// Scores in bins of the pack's step, from 0 to the scale's maximum.
pub fn render_scores(stats: &Stats) -> io::Result<String> {
    let title = "Scores";
    if stats.scores.is_empty() {
        return no_data(title, "no write-up has a score");
    }
    let scale = &stats.legend.score;
    let mut bins = vec![0usize; scale.steps() + 1];
    for s in &stats.scores {
        // Scores are finite and inside the scale (checked in `compute`);
        // off-grid values go to the nearest step.
        bins[scale.nearest_step(*s)] += 1;
    }
    let bars: Vec<VBar> = bins
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let v = scale.value_at(i);
            VBar {
                label: format!("{v}"),
                group: None,
                count: *n,
                color: score_color(scale, v),
            }
        })
        .collect();
    let mut sorted = stats.scores.clone();
    sorted.sort_by(f64::total_cmp);
    let median = crate::stats::median_sorted(&sorted).unwrap_or(0.0);
    let subtitle = format!(
        "{}{}, median {median}/{}",
        plural(stats.scores.len(), "scored write-up", "scored write-ups"),
        scope(stats),
        scale.max
    );
    let bands = scale.band_legend();
    let legend: Vec<(&str, RGBColor)> = bands
        .iter()
        .map(|(text, colour)| (text.as_str(), rgb(*colour)))
        .collect();
    vbar_chart(
        title,
        &subtitle,
        &format!("score out of {}", scale.max),
        &bars,
        &legend,
    )
}

/// Durations in days per transition: every value as a dot, the box from
/// the first to the third quartile, the median as a thick line and number.
pub fn render_durations(stats: &Stats) -> io::Result<String> {
    let title = "Days between stages";
    // With history, durations with a date recorded from history at either
    // end are drawn apart (hollow, orange) and counted in the label.
    let marked: Vec<(&String, Vec<(i64, bool)>)> = match &stats.history {
        None => stats
            .durations_days
            .iter()
            .map(|(name, days)| (name, days.iter().map(|d| (*d, false)).collect()))
            .collect(),
        Some(h) => h
            .durations_days
            .iter()
            .map(|(name, split)| {
                let written = split.written.iter().map(|d| (*d, false));
                (
                    name,
                    written
                        .chain(split.recorded.iter().map(|d| (*d, true)))
                        .collect(),
                )
            })
            .collect(),
    };
    let rows: Vec<(&String, Vec<f64>, Vec<bool>)> = marked
        .into_iter()
        .filter(|(_, d)| !d.is_empty())
        .map(|(name, mut days)| {
            days.sort_by_key(|(d, recorded)| (*d, *recorded));
            let v: Vec<f64> = days.iter().map(|(d, _)| *d as f64).collect();
            let flags = days.iter().map(|(_, r)| *r).collect();
            (name, v, flags)
        })
        .collect();
    let any_recorded = rows.iter().any(|(_, _, f)| f.contains(&true));
    if rows.is_empty() {
        return no_data(title, "no write-up has two valid dates to measure between");
    }
    const W: f64 = 960.0;
    const ROW_H: f64 = 46.0;
    let label_w = rows
        .iter()
        .map(|(n, _, _)| text_width(n, LABEL_PX))
        .fold(60.0, f64::max)
        .min(290.0);
    let left = 20.0 + label_w + 16.0;
    let right = W - 120.0;
    let legend_h = if any_recorded { 26.0 } else { 0.0 };
    let top = HEADING_H + 12.0 + legend_h;
    let height = top + rows.len() as f64 * ROW_H + 60.0;
    let lo = rows.iter().map(|(_, v, _)| v[0]).fold(0.0, f64::min);
    let hi = rows
        .iter()
        .map(|(_, v, _)| v[v.len() - 1])
        .fold(1.0, f64::max);
    let step = nice_step(hi - lo, 8, 1.0);
    let axis_lo = (lo / step).floor() * step;
    let axis_hi = (hi / step).ceil() * step;
    let x_of = |v: f64| left + (right - left) * (v - axis_lo) / (axis_hi - axis_lo).max(1.0);
    let subtitle = format!(
        "each dot is one write-up; box = middle half; thick line and number = median{}",
        scope(stats)
    );

    svg(W as u32, height.ceil() as u32, |area| {
        heading(area, title, &subtitle, W - 40.0)?;
        if any_recorded {
            draw_legend(
                area,
                &[
                    ("written dates", BAR),
                    ("recorded from history (hollow dots)", history::RECORDED),
                ],
            )?;
        }
        let bottom = top + rows.len() as f64 * ROW_H;
        let mut v = axis_lo;
        while v <= axis_hi + 1e-9 {
            let x = x_of(v);
            line(area, x, top, x, bottom, GRID, 1)?;
            text(
                area,
                &format!("{v}"),
                x,
                bottom + 6.0,
                &anchored(font(SMALL_PX, MUTED), HPos::Center, VPos::Top),
            )?;
            v += step;
        }
        text(
            area,
            "days",
            (left + right) / 2.0,
            bottom + 26.0,
            &anchored(font(LABEL_PX, TEXT), HPos::Center, VPos::Top),
        )?;
        text(
            area,
            "median",
            right + 16.0,
            top - 4.0,
            &anchored(font(SMALL_PX, MUTED), HPos::Left, VPos::Bottom),
        )?;
        for (i, (name, values, flags)) in rows.iter().enumerate() {
            let cy = top + i as f64 * ROW_H + ROW_H / 2.0;
            if i > 0 {
                line(
                    area,
                    20.0,
                    cy - ROW_H / 2.0,
                    W - 20.0,
                    cy - ROW_H / 2.0,
                    GRID,
                    1,
                )?;
            }
            let label = truncate(name, LABEL_PX, label_w);
            text(
                area,
                &label,
                left - 10.0,
                cy - 7.0,
                &anchored(font(LABEL_PX, TEXT), HPos::Right, VPos::Center),
            )?;
            let recorded = flags.iter().filter(|r| **r).count();
            let n = if recorded > 0 {
                format!("n = {} ({recorded} recorded)", values.len())
            } else {
                format!("n = {}", values.len())
            };
            text(
                area,
                &n,
                left - 10.0,
                cy + 9.0,
                &anchored(font(SMALL_PX, MUTED), HPos::Right, VPos::Center),
            )?;
            let q1 = crate::stats::quantile_sorted(values, 0.25).unwrap_or(0.0);
            let q3 = crate::stats::quantile_sorted(values, 0.75).unwrap_or(0.0);
            let med = crate::stats::median_sorted(values).unwrap_or(0.0);
            rect(
                area,
                x_of(q1),
                cy - 12.0,
                x_of(q3).max(x_of(q1) + 1.0),
                cy + 12.0,
                RGBColor(187, 222, 251).filled(),
            )?;
            // Deterministic vertical jitter so equal values stay visible.
            for (j, (d, recorded)) in values.iter().zip(flags).enumerate() {
                let dy = ((j * 7919) % 17) as f64 - 8.0;
                let centre = (x_of(*d).round() as i32, (cy + dy).round() as i32);
                if *recorded {
                    area.draw(&Circle::new(centre, 4, history::RECORDED.stroke_width(2)))?;
                } else {
                    area.draw(&Circle::new(centre, 3, BAR.mix(0.55).filled()))?;
                }
            }
            line(area, x_of(med), cy - 15.0, x_of(med), cy + 15.0, TEXT, 3)?;
            let med_text = format!("{} d", format_days(med));
            text(
                area,
                &med_text,
                right + 16.0,
                cy,
                &anchored(font(LABEL_PX, TEXT), HPos::Left, VPos::Center),
            )?;
        }
        Ok(())
    })
}

/// Days as an integer, or with one decimal for a half-day median.
pub fn format_days(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round())
    } else {
        format!("{v:.1}")
    }
}
