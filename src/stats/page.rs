//! The `README.md` page of `jobmark stats`: every chart with a one-line
//! reading computed from the numbers, and the key numbers as Markdown
//! tables, ready to drop into an mdbook next to the SVG files.
//!
//! Invariant: every piece of user text (company, channel, platform names,
//! paths, reasons) goes through [`escape_md`], so a company named
//! `<script>` or `A | B` shows as text and cannot break a table or inject
//! HTML.

use std::fmt::Write;

use super::{median_sorted, Stats, CONTACT_TO_OUTCOME};
use crate::calendar::CalendarKind;
use crate::wording::plural;

/// `text` safe in Markdown running text and table cells: HTML-special
/// characters become entities (the page is rendered as HTML), Markdown
/// punctuation gets a backslash, line breaks become spaces.
pub fn escape_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '*' | '_' | '[' | ']' | '`' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn calendar_name(c: CalendarKind) -> &'static str {
    match c {
        CalendarKind::Jalali => "Solar Hijri",
        CalendarKind::Gregorian => "Gregorian",
    }
}

fn percent(n: usize, of: usize) -> String {
    if of == 0 {
        "0%".to_string()
    } else {
        format!("{}%", (n as f64 * 100.0 / of as f64).round())
    }
}

/// "Mehr 1402" for a `YYYY-MM` key.
fn month_label(key: &str, calendar: CalendarKind) -> String {
    let parsed = key
        .split_once('-')
        .and_then(|(y, m)| Some((y.to_string(), m.parse::<usize>().ok()?)));
    match parsed {
        Some((y, m)) if (1..=12).contains(&m) => format!("{} {y}", calendar.month_names()[m - 1]),
        _ => key.to_string(),
    }
}

/// The whole page.
pub fn render_readme(stats: &Stats) -> String {
    let mut md = String::new();
    let n = stats.documents;
    let o = &stats.outcomes;
    let scope = match stats.year {
        Some(y) => format!(" in {y}"),
        None => String::new(),
    };
    let _ = writeln!(md, "# Interview statistics{scope}\n");
    let _ = writeln!(
        md,
        "{} counted{}; months and years in the {} calendar.{}\n",
        plural(n, "write-up", "write-ups"),
        match stats.year {
            Some(y) => format!(" from {y}"),
            None => String::new(),
        },
        calendar_name(stats.calendar),
        if stats.other_years > 0 {
            format!(
                " {} from other years not shown.",
                plural(stats.other_years, "write-up", "write-ups")
            )
        } else {
            String::new()
        }
    );

    // Funnel.
    let _ = writeln!(
        md,
        "## From write-up to outcome\n\n![Funnel from write-up to outcome](sankey.svg)\n"
    );
    let legend = &stats.legend;
    // The headline names the notes stage (`needs_notes`) most write-ups
    // reached, the later one on a tie, then counts every ending.
    let headline = legend
        .funnel_stages()
        .filter(|s| s.needs_notes)
        .max_by_key(|s| stats.stages_reached.get(&s.label).copied().unwrap_or(0))
        .or_else(|| legend.funnel_stages().next());
    match headline {
        Some(stage) => {
            let _ = writeln!(
                md,
                "{} of {} reached {}; {}.\n",
                stats.stages_reached.get(&stage.label).copied().unwrap_or(0),
                plural(n, "application", "applications"),
                escape_md(&stage.label),
                o.summary(legend)
            );
        }
        None => {
            let _ = writeln!(
                md,
                "{}: {}.\n",
                plural(n, "application", "applications"),
                o.summary(legend)
            );
        }
    }
    let _ = writeln!(md, "| stage reached | write-ups | share |\n|---|---:|---:|");
    for (label, count) in stats.stages_reached.iter() {
        let _ = writeln!(
            md,
            "| {} | {count} | {} |",
            escape_md(label),
            percent(*count, n)
        );
    }
    let _ = writeln!(md, "\n| outcome | write-ups | share |\n|---|---:|---:|");
    for ((key, label), _) in legend.endings().zip(o.iter()) {
        let k = o.by_key(key);
        let _ = writeln!(md, "| {} | {k} | {} |", escape_md(label), percent(k, n));
    }

    // Outcomes by company.
    let _ = writeln!(
        md,
        "\n## Outcomes by company\n\n![Outcomes by company](outcomes.svg)\n"
    );
    match stats.companies.first() {
        Some(top) => {
            let names: Vec<&str> = stats
                .companies
                .iter()
                .take_while(|c| c.outcomes.total() == top.outcomes.total())
                .map(|c| c.name.as_str())
                .collect();
            let _ = writeln!(
                md,
                "{} at {}{}.\n",
                plural(n, "application", "applications"),
                plural(stats.companies.len(), "company", "companies"),
                match (stats.companies.len(), top.outcomes.total(), names.len()) {
                    (1, _, _) => String::new(),
                    (_, 1, _) => ", one application to each".to_string(),
                    (_, k, 1) => format!("; most applications went to {} ({k})", name_list(&names)),
                    (_, k, _) => format!(
                        "; most applications went to {} ({k} each)",
                        name_list(&names)
                    ),
                }
            );
            let labels: Vec<String> = legend.endings().map(|(_, l)| escape_md(l)).collect();
            let _ = writeln!(
                md,
                "| company | write-ups | {} |\n|---|---:|{}",
                labels.join(" | "),
                "---:|".repeat(labels.len())
            );
            for c in &stats.companies {
                let x = &c.outcomes;
                let counts: Vec<String> = x.iter().map(|(_, k)| k.to_string()).collect();
                let _ = writeln!(
                    md,
                    "| {} | {} | {} |",
                    escape_md(&c.name),
                    x.total(),
                    counts.join(" | ")
                );
            }
        }
        None => {
            let _ = writeln!(md, "No write-ups.");
        }
    }

    // Durations.
    let _ = writeln!(
        md,
        "\n## Days between stages\n\n![Days between stages](durations.svg)\n"
    );
    let medians: Vec<(&String, usize, f64)> = stats
        .durations_days
        .iter()
        .filter_map(|(name, days)| {
            let mut v: Vec<f64> = days.iter().map(|d| *d as f64).collect();
            v.sort_by(f64::total_cmp);
            median_sorted(&v).map(|m| (name, v.len(), m))
        })
        .collect();
    if medians.is_empty() {
        let _ = writeln!(md, "No write-up has two valid dates to measure between.");
    } else {
        let mut reading = Vec::new();
        if let Some((_, k, m)) = medians
            .iter()
            .find(|(name, _, _)| **name == legend.first_response())
        {
            reading.push(format!(
                "the first reply to the {} came after a median of {} days ({k} measured)",
                escape_md(
                    &legend
                        .stages
                        .first()
                        .map_or(String::new(), |s| s.label.to_lowercase())
                ),
                fmt_days(*m)
            ));
        }
        if let Some((_, k, m)) = medians
            .iter()
            .find(|(name, _, _)| name.as_str() == CONTACT_TO_OUTCOME)
        {
            reading.push(format!(
                "a process took a median of {} days from first contact to outcome ({k} measured)",
                fmt_days(*m)
            ));
        }
        if reading.is_empty() {
            if let Some((name, k, m)) = medians.iter().max_by(|a, b| a.2.total_cmp(&b.2)) {
                reading.push(format!(
                    "the slowest step was {} with a median of {} days ({k} measured)",
                    escape_md(name),
                    fmt_days(*m)
                ));
            }
        }
        let mut line = reading.join("; ");
        if let Some(first) = line.get(..1) {
            line = first.to_uppercase() + &line[1..];
        }
        let _ = writeln!(md, "{line}.\n");
        let _ = writeln!(md, "| transition | measured | median days | shortest | longest |\n|---|---:|---:|---:|---:|");
        for (name, days) in stats.durations_days.iter() {
            let mut v: Vec<f64> = days.iter().map(|d| *d as f64).collect();
            v.sort_by(f64::total_cmp);
            if let (Some(m), Some(lo), Some(hi)) = (median_sorted(&v), v.first(), v.last()) {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {lo} | {hi} |",
                    escape_md(name),
                    v.len(),
                    fmt_days(m)
                );
            }
        }
    }

    if let Some(history) = &stats.history {
        history_durations(&mut md, history);
    }

    // Per month.
    let _ = writeln!(
        md,
        "\n## Applications per month\n\n![Applications per month](per-month.svg)\n"
    );
    let dated: usize = stats.per_month.iter().map(|(_, k)| k).sum();
    match stats
        .per_month
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
    {
        Some((key, k)) => {
            let _ = writeln!(
                md,
                "The busiest month was {} with {}; {dated} of {n} write-ups have a valid date.\n",
                month_label(key, stats.calendar),
                plural(*k, "application", "applications")
            );
            let _ = writeln!(md, "| month | write-ups |\n|---|---:|");
            for (key, k) in stats.per_month.iter() {
                let _ = writeln!(md, "| {} ({key}) | {k} |", month_label(key, stats.calendar));
            }
        }
        None => {
            let _ = writeln!(md, "No write-up has a valid date.");
        }
    }

    if let Some(history) = &stats.history {
        history_per_month(&mut md, history, stats.calendar);
        history_sections(&mut md, stats, history);
    }

    for (title, file, what, counts) in [
        (
            "Apply channels",
            "channels.svg",
            "apply channel",
            &stats.channels,
        ),
        (
            "Interview platforms",
            "platforms.svg",
            "interview platform",
            &stats.platforms,
        ),
    ] {
        let _ = writeln!(md, "\n## {title}\n\n![{title}]({file})\n");
        match counts.iter().next() {
            Some((_, k)) => {
                let names: Vec<&str> = counts
                    .iter()
                    .take_while(|(_, c)| c == k)
                    .map(|(name, _)| name.as_str())
                    .collect();
                let (what_s, verb, each) = if names.len() == 1 {
                    (what.to_string(), "was", "")
                } else {
                    (format!("{what}s"), "were", " each")
                };
                let _ = writeln!(
                    md,
                    "The most used {what_s} {verb} {} ({k}{each} of {}).\n",
                    name_list(&names),
                    plural(n, "write-up", "write-ups")
                );
                let _ = writeln!(md, "| {what} | write-ups |\n|---|---:|");
                for (name, k) in counts.iter() {
                    let _ = writeln!(md, "| {} | {k} |", escape_md(name));
                }
            }
            None => {
                let _ = writeln!(md, "No write-up names an {what}.");
            }
        }
    }

    // Scores.
    let _ = writeln!(md, "\n## Scores\n\n![Scores](scores.svg)\n");
    let mut scores = stats.scores.clone();
    scores.sort_by(f64::total_cmp);
    let scale = &legend.score;
    match median_sorted(&scores) {
        Some(m) => {
            // Bands run from their `min` up to the next band's `min`.
            let mut rows = Vec::new();
            for (i, band) in scale.bands.iter().enumerate() {
                let upper = i.checked_sub(1).map(|j| scale.bands[j].min);
                let count = scores
                    .iter()
                    .filter(|s| **s >= band.min && upper.is_none_or(|u| **s < u))
                    .count();
                let range = match upper {
                    None => format!("{} to {}", band.min, scale.max),
                    Some(u) => format!("{} to {}", band.min, u - scale.step),
                };
                rows.push((band, range, count));
            }
            let mut reading = format!(
                "Median score {m}/{} over {}",
                scale.max,
                plural(scores.len(), "scored write-up", "scored write-ups")
            );
            if let (Some(top), Some(bottom)) =
                (rows.first(), rows.last().filter(|_| rows.len() > 1))
            {
                let below = scale.bands[scale.bands.len() - 2].min;
                reading.push_str(&format!(
                    "; {} scored {} or more, {} below {below}",
                    top.2, top.0.min, bottom.2
                ));
            }
            let _ = writeln!(md, "{reading}.\n");
            let _ = writeln!(md, "| band | write-ups |\n|---|---:|");
            for (_, range, count) in &rows {
                let _ = writeln!(md, "| {range} | {count} |");
            }
        }
        None => {
            let _ = writeln!(md, "No write-up has a score.");
        }
    }

    let _ = writeln!(md, "\n## Left out\n");
    if stats.excluded.is_empty() {
        let _ = writeln!(md, "Every write-up is in every chart it has data for.");
    } else {
        let _ = writeln!(
            md,
            "{} could not be placed in some charts; they are still counted everywhere else.\n",
            plural(stats.excluded.len(), "entry", "entries")
        );
        let _ = writeln!(
            md,
            "| write-up | company | missing from | why |\n|---|---|---|---|"
        );
        for e in &stats.excluded {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                escape_md(&e.path),
                escape_md(&e.company),
                escape_md(&e.charts.join(", ")),
                escape_md(&e.reason)
            );
        }
    }
    md
}

/// "A", "A and B", "A, B and C", or "A, B, C and 4 more", escaped.
fn name_list(names: &[&str]) -> String {
    let shown: Vec<String> = names.iter().take(3).map(|n| escape_md(n)).collect();
    match (names.len(), shown.as_slice()) {
        (0, _) => String::new(),
        (1, [a]) => a.clone(),
        (2, [a, b]) => format!("{a} and {b}"),
        (3, [a, b, c]) => format!("{a}, {b} and {c}"),
        (k, [a, b, c]) => format!("{a}, {b}, {c} and {} more", k - 3),
        _ => shown.join(", "),
    }
}

fn fmt_days(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round())
    } else {
        format!("{v:.1}")
    }
}

/// Marked as recorded wherever a recorded date is used.
const RECORDED: &str = "recorded from history";

/// With `--history`: durations measured with recorded dates standing in,
/// apart from the written ones.
fn history_durations(md: &mut String, history: &super::history::HistoryStats) {
    let recorded: usize = history
        .durations_days
        .iter()
        .map(|(_, d)| d.recorded.len())
        .sum();
    if recorded == 0 {
        let _ = writeln!(md, "\nNo duration uses a date {RECORDED}.");
        return;
    }
    let _ = writeln!(
        md,
        "\nWith the date a stage first appeared in the repository standing in where `Interview Date` never dates it, {} more measured (hollow orange dots in the chart, *{RECORDED}*; a recorded date is when the change was committed, so usually later than the event):\n",
        plural(recorded, "duration is", "durations are")
    );
    let _ = writeln!(
        md,
        "| transition | written | {RECORDED} | median days, both |\n|---|---:|---:|---:|"
    );
    for (name, split) in history.durations_days.iter() {
        let mut all: Vec<f64> = split
            .written
            .iter()
            .chain(&split.recorded)
            .map(|d| *d as f64)
            .collect();
        all.sort_by(f64::total_cmp);
        if let Some(m) = median_sorted(&all) {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                escape_md(name),
                split.written.len(),
                split.recorded.len(),
                fmt_days(m)
            );
        }
    }
}

/// With `--history`: the per-month counts split by the kind of date.
fn history_per_month(
    md: &mut String,
    history: &super::history::HistoryStats,
    calendar: CalendarKind,
) {
    let recorded: usize = history.per_month.iter().map(|(_, m)| m.recorded).sum();
    if recorded == 0 {
        let _ = writeln!(md, "\nNo write-up is dated only by a date {RECORDED}.");
        return;
    }
    let _ = writeln!(
        md,
        "\nThe chart also places {} by a date *{RECORDED}* (orange): the first commit whose status line shows a stage `Interview Date` never dates, when that is its earliest date.\n",
        plural(recorded, "write-up", "write-ups")
    );
    let _ = writeln!(md, "| month | written date | {RECORDED} |\n|---|---:|---:|");
    for (key, m) in history.per_month.iter() {
        let _ = writeln!(
            md,
            "| {} ({key}) | {} | {} |",
            month_label(key, calendar),
            m.written,
            m.recorded
        );
    }
}

/// Most stand-in rows listed on the page; `stats.json` has them all.
const MAX_STAND_IN_ROWS: usize = 100;

/// With `--history`: the pipeline over time and the recorded stages.
fn history_sections(md: &mut String, stats: &Stats, history: &super::history::HistoryStats) {
    let calendar = stats.calendar;
    let legend = &stats.legend;
    let _ = writeln!(
        md,
        "\n## Pipeline over time\n\n![Open applications at each month end](pipeline.svg)\n"
    );
    let _ = writeln!(
        md,
        "Read from {} of `{}`: an application is open at a month end when its write-up exists then and its status line (as last committed by then) has no outcome. Months end in the {} calendar; a commit counts on the UTC day of its author time (when the change was written).\n",
        plural(history.commits, "commit", "commits"),
        escape_md(&history.revision),
        calendar_name(calendar)
    );
    match (
        history.open_per_month.iter().last(),
        history
            .open_per_month
            .iter()
            .max_by(|a, b| a.1.open.cmp(&b.1.open).then_with(|| b.0.cmp(&a.0))),
    ) {
        (Some((last_key, last)), Some((peak_key, peak))) => {
            let _ = writeln!(
                md,
                "At the end of {}, {} open; the most at a month end was {} ({}).\n",
                month_label(last_key, calendar),
                plural(last.open, "application was", "applications were"),
                peak.open,
                month_label(peak_key, calendar)
            );
            let labels: Vec<String> = std::iter::once(super::history::NO_STAGE_LABEL.to_string())
                .chain(legend.stages.iter().map(|s| escape_md(&s.label)))
                .collect();
            let _ = writeln!(
                md,
                "| month end | open | {} |\n|---|---:|{}",
                labels.join(" | "),
                "---:|".repeat(labels.len())
            );
            for (key, month) in history.open_per_month.iter() {
                let counts: Vec<String> = month
                    .by_furthest_stage
                    .iter()
                    .map(|(_, n)| n.to_string())
                    .collect();
                let _ = writeln!(
                    md,
                    "| {} ({key}) | {} | {} |",
                    month_label(key, calendar),
                    month.open,
                    counts.join(" | ")
                );
            }
        }
        _ => {
            let _ = writeln!(md, "No write-up in the history.");
        }
    }

    let _ = writeln!(
        md,
        "\n## Stages as recorded in history\n\n![Stages by the month they first appeared](stages-recorded.svg)\n"
    );
    let label_of = |key: &str| {
        legend
            .stages
            .iter()
            .find(|s| s.key == key)
            .map(|s| s.label.as_str())
            .or_else(|| {
                legend
                    .outcomes
                    .iter()
                    .find(|o| o.key == key)
                    .map(|o| o.label.as_str())
            })
            .unwrap_or(key)
            .to_string()
    };
    let stand_ins: Vec<(&str, &str, &super::history::StageDates)> = history
        .applications
        .iter()
        .flat_map(|a| {
            a.stages
                .iter()
                .filter(|(_, d)| d.stand_in)
                .map(move |(k, d)| (a.path.as_str(), k.as_str(), d))
        })
        .collect();
    let _ = writeln!(
        md,
        "The *recorded* date of a stage is the day of the first commit whose status line shows it, over {}. {}\n",
        plural(history.documents, "write-up", "write-ups"),
        if stand_ins.is_empty() {
            "Every stage the current status lines show is dated under `Interview Date`, so no recorded date stands in.".to_string()
        } else {
            format!(
                "{} on a current status line but never dated under `Interview Date` {} the recorded date instead, marked *{RECORDED}* in the per-month and duration charts above:",
                plural(stand_ins.len(), "stage", "stages"),
                if stand_ins.len() == 1 { "uses" } else { "use" }
            )
        }
    );
    if !stand_ins.is_empty() {
        let _ = writeln!(
            md,
            "| write-up | stage | written | {RECORDED} | commit |\n|---|---|---|---|---|"
        );
        for (path, key, dates) in stand_ins.iter().take(MAX_STAND_IN_ROWS) {
            let _ = writeln!(
                md,
                "| {} | {} | (none) | {} | {} |",
                escape_md(path),
                escape_md(&label_of(key)),
                dates.recorded.as_deref().unwrap_or(""),
                escape_md(
                    dates
                        .commit
                        .as_deref()
                        .map_or("", |c| &c[..c.len().min(10)])
                )
            );
        }
        if stand_ins.len() > MAX_STAND_IN_ROWS {
            let _ = writeln!(
                md,
                "\n{} more in `stats.json` (`history.applications`).",
                stand_ins.len() - MAX_STAND_IN_ROWS
            );
        }
    }
    if !history.notes.is_empty() || !history.excluded.is_empty() {
        let _ = writeln!(md, "\nNotes on the history:\n");
        for note in &history.notes {
            let _ = writeln!(md, "- {}", escape_md(note));
        }
        for e in &history.excluded {
            let _ = writeln!(
                md,
                "- {} left out of {} with recorded dates: {}",
                escape_md(&e.path),
                escape_md(&e.charts.join(", ")),
                escape_md(&e.reason)
            );
        }
    }
}
