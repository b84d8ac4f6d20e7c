//! Statistics over write-ups: pure numbers, no drawing.
//!
//! [`compute`] turns hand-made or parsed [`Application`] records into a
//! [`Stats`] value that holds every number behind every chart (the charts in
//! `crate::chart` and the page in [`page`] read nothing else), and that is
//! written as `stats.json`.
//!
//! Invariants:
//! - No document is dropped silently. A document that cannot be placed in a
//!   chart (no date, an invalid date, dates out of order, a score that is not
//!   a number from 0 to 10, an unknown year under a year filter) gets an
//!   [`Excluded`] entry naming the charts it is missing from and why; it is
//!   still counted everywhere else it can be.
//! - A write-up's month and year are those of its earliest dated entry, in
//!   the chosen calendar.
//! - Case variants of channel, platform and company names are merged; a
//!   mixed-case spelling is preferred for display, then the most frequent.
//! - Nothing here panics on odd input: NaN scores, empty sets and zero
//!   counts are ordinary cases.
//! - Stage and outcome names, the funnel columns and the score scale come
//!   from the pack ([`Legend`]); no stage is named in this module.

pub mod application;
pub mod history;
pub mod page;

use std::collections::{BTreeMap, HashMap};

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::calendar::{CalendarKind, Day};
use crate::pack::{OutcomeId, Pack, ScoreScale, StageId, OPEN_KEY};
use application::{Application, DatedEvent};

/// What the user asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsOptions {
    /// Only write-ups whose first dated entry falls in this year of the
    /// chosen calendar.
    pub year: Option<i32>,
    /// Calendar for months and years; `None` picks the calendar most
    /// write-ups are dated in.
    pub calendar: Option<CalendarKind>,
}

/// A map that keeps its insertion order when serialized (serde_json writes
/// map entries in the order given), so `stats.json` lists channels by count
/// and transitions in process order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrderedMap<V>(pub Vec<(String, V)>);

impl<V> OrderedMap<V> {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &(String, V)> {
        self.0.iter()
    }
}

impl<V: Serialize> Serialize for OrderedMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// What statistics, charts and the page need from the pack: the stages
/// and outcomes (keys, labels, colours) and the score scale. Carried by
/// [`Stats`] so that every renderer reads the same names; not part of
/// `stats.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    pub stages: Vec<crate::pack::Stage>,
    pub outcomes: Vec<crate::pack::Outcome>,
    pub score: ScoreScale,
}

impl Legend {
    pub fn from_pack(pack: &Pack) -> Legend {
        Legend {
            stages: pack.stages.clone(),
            outcomes: pack.outcomes.clone(),
            score: pack.score.clone(),
        }
    }

    /// The stages drawn as funnel columns, in process order.
    pub fn funnel_stages(&self) -> impl Iterator<Item = &crate::pack::Stage> {
        self.stages.iter().filter(|s| s.funnel)
    }

    /// Every ending as (key, label): the pack's outcomes, then open.
    pub fn endings(&self) -> impl Iterator<Item = (&str, &str)> {
        self.outcomes
            .iter()
            .map(|o| (o.key.as_str(), o.label.as_str()))
            .chain(std::iter::once((OPEN_KEY, OPEN_KEY)))
    }

    /// Colour of an ending by key; `None` for open (drawn neutral).
    pub fn ending_colour(&self, key: &str) -> Option<crate::pack::Rgb> {
        self.outcomes
            .iter()
            .find(|o| o.key == key)
            .map(|o| o.colour)
    }

    /// Name of the duration from the first stage (the application itself)
    /// to the first reply: `<first stage label> → first response`.
    pub fn first_response(&self) -> String {
        let first = self.stages.first().map_or("", |s| s.label.as_str());
        format!("{first} → first response")
    }

    /// The stage `id` names; `None` for an id of another pack (records
    /// are plain data and may be built by hand).
    fn stage(&self, id: StageId) -> Option<&crate::pack::Stage> {
        self.stages.get(id.index())
    }
}

/// How many write-ups ended each way: one count per outcome of the pack,
/// in pack order, then `open`. Serialized as `{"accepted": 2, ..., "open": 1}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeCounts {
    keys: Vec<String>,
    counts: Vec<usize>,
}

impl OutcomeCounts {
    /// All zero, one count per ending of `legend`.
    pub fn new(legend: &Legend) -> OutcomeCounts {
        let keys: Vec<String> = legend.endings().map(|(k, _)| k.to_string()).collect();
        OutcomeCounts {
            counts: vec![0; keys.len()],
            keys,
        }
    }

    fn slot(&self, outcome: Option<OutcomeId>) -> usize {
        // Open is the last slot; an id outside the table (records built for
        // another pack) is counted as open rather than panicking.
        outcome
            .map(OutcomeId::index)
            .filter(|i| *i + 1 < self.counts.len())
            .unwrap_or(self.counts.len().saturating_sub(1))
    }

    /// Write-ups that ended with `outcome` (`None`: still open).
    pub fn get(&self, outcome: Option<OutcomeId>) -> usize {
        self.counts.get(self.slot(outcome)).copied().unwrap_or(0)
    }

    /// Write-ups that ended with the outcome keyed `key` (or `open`).
    pub fn by_key(&self, key: &str) -> usize {
        self.keys
            .iter()
            .position(|k| k == key)
            .map_or(0, |i| self.counts[i])
    }

    /// (key, count) per ending, open last.
    pub fn iter(&self) -> impl Iterator<Item = (&str, usize)> {
        self.keys
            .iter()
            .map(String::as_str)
            .zip(self.counts.iter().copied())
    }

    fn add(&mut self, outcome: Option<OutcomeId>) {
        let slot = self.slot(outcome);
        if let Some(count) = self.counts.get_mut(slot) {
            *count += 1;
        }
    }

    /// Add every count of `other` (same legend).
    pub fn add_all(&mut self, other: &OutcomeCounts) {
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            *mine += theirs;
        }
    }

    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// `2 accepted, 3 rejected, 0 declined, 1 open`.
    pub fn summary(&self, legend: &Legend) -> String {
        legend
            .endings()
            .zip(&self.counts)
            .map(|((_, label), n)| format!("{n} {label}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Serialize for OutcomeCounts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.keys.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, &v)?;
        }
        map.end()
    }
}

/// Outcomes of the write-ups of one company.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CompanyOutcomes {
    pub name: String,
    pub outcomes: OutcomeCounts,
}

/// A node of the funnel: the write-ups, a stage, or an outcome.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FunnelNode {
    /// Stable identifier: `write_ups`, a stage key or an outcome key (or
    /// `open`).
    pub id: String,
    pub label: String,
    /// 0 for the write-ups, 1..=k for the k funnel stages in process order,
    /// k + 1 for the outcomes.
    pub column: usize,
    pub count: usize,
}

/// Write-ups that went from one node straight to another (no stage of the
/// funnel in between).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FunnelLink {
    /// Index into [`Funnel::nodes`].
    pub from: usize,
    pub to: usize,
    pub count: usize,
}

/// The write-ups → stages → outcome funnel behind the Sankey chart. Every
/// write-up follows one path: the write-ups node, each funnel stage its
/// status line names (once, in process order), then its outcome. So each
/// node's incoming and outgoing link counts both equal its count.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Funnel {
    pub nodes: Vec<FunnelNode>,
    pub links: Vec<FunnelLink>,
}

impl Funnel {
    /// Column of the outcome nodes: one past the last stage column.
    pub fn outcome_column(&self) -> usize {
        self.nodes.iter().map(|n| n.column).max().unwrap_or(0)
    }
}

/// A document left out of one or more charts, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Excluded {
    pub path: String,
    pub company: String,
    /// Which charts miss it: `per-month`, `durations`, `scores`, or `all`
    /// (an unknown year under a year filter).
    pub charts: Vec<String>,
    pub reason: String,
}

/// Name of the duration transition from first contact to the outcome (not
/// a stage pair).
pub const CONTACT_TO_OUTCOME: &str = "First contact → outcome";

/// Every number behind every chart.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Stats {
    /// The year filter, if any, in `calendar`.
    pub year: Option<i32>,
    pub calendar: CalendarKind,
    /// Write-ups counted (after the year filter).
    pub documents: usize,
    /// Write-ups given to [`compute`], before the year filter.
    pub documents_total: usize,
    /// Write-ups of other years that the year filter left out (not an
    /// exclusion: the user asked for it).
    pub other_years: usize,
    pub outcomes: OutcomeCounts,
    /// Write-ups whose status line names each funnel stage at least once.
    pub stages_reached: OrderedMap<usize>,
    pub funnel: Funnel,
    /// Per company (case variants merged), most write-ups first.
    pub companies: Vec<CompanyOutcomes>,
    /// `YYYY-MM` in `calendar` → write-ups whose first dated entry falls in
    /// that month, in chronological order.
    pub per_month: OrderedMap<usize>,
    /// Apply channels → write-ups naming them, most used first.
    pub channels: OrderedMap<usize>,
    /// Interview platforms → write-ups naming them, most used first.
    pub platforms: OrderedMap<usize>,
    /// Valid scores (0-10), in input order.
    pub scores: Vec<f64>,
    /// Transition → durations in days, in process order.
    pub durations_days: OrderedMap<Vec<i64>>,
    pub excluded: Vec<Excluded>,
    /// What the git history adds (`stats --history` only; absent from
    /// `stats.json` otherwise): see [`history`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<history::HistoryStats>,
    /// The pack's names, colours and score scale, for the renderers.
    #[serde(skip)]
    pub legend: Legend,
}

/// The calendar most write-ups are dated in: each write-up votes for the
/// calendar most of its dated entries use (its first one on a tie). A tie
/// between write-ups, or no dates at all, gives Solar Hijri, the calendar of
/// most repositories of this kind.
pub fn majority_calendar(apps: &[Application]) -> CalendarKind {
    let (mut jalali, mut gregorian) = (0usize, 0usize);
    for app in apps {
        let mut j = 0usize;
        let mut g = 0usize;
        let mut first = None;
        for cal in app
            .dated
            .iter()
            .filter(|e| e.day.is_some())
            .filter_map(|e| e.calendar)
        {
            first.get_or_insert(cal);
            match cal {
                CalendarKind::Jalali => j += 1,
                CalendarKind::Gregorian => g += 1,
            }
        }
        let vote = match j.cmp(&g) {
            std::cmp::Ordering::Greater => Some(CalendarKind::Jalali),
            std::cmp::Ordering::Less => Some(CalendarKind::Gregorian),
            std::cmp::Ordering::Equal => first,
        };
        match vote {
            Some(CalendarKind::Jalali) => jalali += 1,
            Some(CalendarKind::Gregorian) => gregorian += 1,
            None => {}
        }
    }
    if gregorian > jalali {
        CalendarKind::Gregorian
    } else {
        CalendarKind::Jalali
    }
}

/// The earliest valid day of a write-up: it dates the write-up.
pub fn first_day(app: &Application) -> Option<Day> {
    app.dated.iter().filter_map(|e| e.day).min()
}

/// `'Label': why` for every entry of a write-up whose date is invalid.
fn invalid_dates(app: &Application) -> Vec<String> {
    app.dated
        .iter()
        .filter_map(|e| {
            e.invalid
                .as_ref()
                .map(|why| format!("'{}': {}", e.label, why))
        })
        .collect()
}

/// Why a write-up has no usable date, for the `excluded` list.
fn no_date_reason(app: &Application) -> String {
    let invalid = invalid_dates(app);
    if !invalid.is_empty() {
        format!("no valid date; invalid dates: {}", invalid.join("; "))
    } else if app.dated.is_empty() {
        "no dates (no Interview Date entries)".to_string()
    } else {
        "no dates (every Interview Date entry is a placeholder)".to_string()
    }
}

/// Compute every number. Pure: same input, same output. `pack` gives the
/// stages, outcomes and score scale the records refer to.
pub fn compute(apps: &[Application], pack: &Pack, options: &StatsOptions) -> Stats {
    let legend = Legend::from_pack(pack);
    let calendar = options.calendar.unwrap_or_else(|| majority_calendar(apps));
    let mut excluded = Vec::new();
    let mut other_years = 0usize;

    // The year filter first: everything below counts only the chosen year.
    let selected: Vec<&Application> = match options.year {
        None => apps.iter().collect(),
        Some(year) => apps
            .iter()
            .filter(|app| match first_day(app) {
                Some(day) => {
                    let keep = day.ymd(calendar).0 == year;
                    if !keep {
                        other_years += 1;
                    }
                    keep
                }
                None => {
                    excluded.push(Excluded {
                        path: app.path.clone(),
                        company: app.company.clone(),
                        charts: vec!["all".to_string()],
                        reason: format!(
                            "year {year} ({}) asked for, but the year is unknown: {}",
                            calendar.as_str(),
                            no_date_reason(app)
                        ),
                    });
                    false
                }
            })
            .collect(),
    };

    let mut outcomes = OutcomeCounts::new(&legend);
    for app in &selected {
        outcomes.add(app.outcome);
    }

    let mut per_month: BTreeMap<(i32, u8), usize> = BTreeMap::new();
    for app in &selected {
        match first_day(app) {
            Some(day) => {
                let (y, m, _) = day.ymd(calendar);
                *per_month.entry((y, m)).or_default() += 1;
            }
            // Under a year filter these were excluded above already.
            None if options.year.is_none() => excluded.push(Excluded {
                path: app.path.clone(),
                company: app.company.clone(),
                charts: vec!["per-month".to_string(), "durations".to_string()],
                reason: no_date_reason(app),
            }),
            None => {}
        }
    }
    let per_month = OrderedMap(
        per_month
            .into_iter()
            .map(|((y, m), n)| (format!("{y:04}-{m:02}"), n))
            .collect(),
    );

    let mut scores = Vec::new();
    for app in &selected {
        if let Some(score) = app.score {
            if legend.score.contains(score) {
                scores.push(score);
            } else {
                excluded.push(Excluded {
                    path: app.path.clone(),
                    company: app.company.clone(),
                    charts: vec!["scores".to_string()],
                    reason: format!(
                        "score {score} is not a number from 0 to {}",
                        legend.score.max
                    ),
                });
            }
        }
    }

    let durations_days = durations(&selected, &legend, calendar, &mut excluded);

    let mut stages_reached = Vec::new();
    for stage in legend.funnel_stages() {
        let n = selected
            .iter()
            .filter(|a| a.stages.contains(&stage.id))
            .count();
        stages_reached.push((stage.label.clone(), n));
    }

    Stats {
        year: options.year,
        calendar,
        documents: selected.len(),
        documents_total: apps.len(),
        other_years,
        outcomes,
        stages_reached: OrderedMap(stages_reached),
        funnel: funnel(&selected, &legend),
        companies: companies(&selected, &legend),
        per_month,
        channels: merged_counts(selected.iter().map(|a| a.channels.as_slice())),
        platforms: merged_counts(selected.iter().map(|a| a.platforms.as_slice())),
        scores,
        durations_days,
        excluded,
        history: None,
        legend,
    }
}

fn funnel(apps: &[&Application], legend: &Legend) -> Funnel {
    let mut nodes = vec![FunnelNode {
        id: "write_ups".to_string(),
        label: "Write-ups".to_string(),
        column: 0,
        count: apps.len(),
    }];
    let columns: Vec<StageId> = legend.funnel_stages().map(|s| s.id).collect();
    for (i, stage) in legend.funnel_stages().enumerate() {
        nodes.push(FunnelNode {
            id: stage.key.clone(),
            label: stage.label.clone(),
            column: i + 1,
            count: 0,
        });
    }
    let outcome_column = columns.len() + 1;
    let outcome_base = nodes.len();
    for (key, label) in legend.endings() {
        nodes.push(FunnelNode {
            id: key.to_string(),
            label: label.to_string(),
            column: outcome_column,
            count: 0,
        });
    }
    let open_index = nodes.len() - 1;

    let mut links: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for app in apps {
        let mut path = vec![0usize];
        for (i, stage) in columns.iter().enumerate() {
            if app.stages.contains(stage) {
                path.push(i + 1);
            }
        }
        path.push(
            app.outcome
                .map(|o| outcome_base + o.index())
                .filter(|i| *i < open_index)
                .unwrap_or(open_index),
        );
        for node in &path[1..] {
            nodes[*node].count += 1;
        }
        for pair in path.windows(2) {
            *links.entry((pair[0], pair[1])).or_default() += 1;
        }
    }
    Funnel {
        nodes,
        links: links
            .into_iter()
            .map(|((from, to), count)| FunnelLink { from, to, count })
            .collect(),
    }
}

/// Group by a case-folded, whitespace-trimmed key so `linkedin` and
/// `LinkedIn` are one name.
struct Merger {
    keys: HashMap<String, usize>,
    groups: Vec<(HashMap<String, usize>, Vec<String>)>,
}

impl Merger {
    fn new() -> Self {
        Merger {
            keys: HashMap::new(),
            groups: Vec::new(),
        }
    }

    /// The group index of `name`, or `None` for a blank name.
    fn add(&mut self, name: &str) -> Option<usize> {
        let shown = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if shown.is_empty() {
            return None;
        }
        let key = shown.to_lowercase();
        let index = *self.keys.entry(key).or_insert_with(|| {
            self.groups.push((HashMap::new(), Vec::new()));
            self.groups.len() - 1
        });
        let (counts, order) = &mut self.groups[index];
        if !counts.contains_key(&shown) {
            order.push(shown.clone());
        }
        *counts.entry(shown).or_default() += 1;
        Some(index)
    }

    /// The spelling to show: a mixed-case one (`LinkedIn`, not `linkedin`
    /// or `LINKEDIN`) if any, then the most frequent, then the first seen.
    fn name(&self, index: usize) -> String {
        let (counts, order) = &self.groups[index];
        let mixed =
            |s: &str| s.chars().any(char::is_uppercase) && s.chars().any(char::is_lowercase);
        let rank = |s: &String| (mixed(s), counts.get(s).copied().unwrap_or(0));
        let mut best = &order[0];
        for spelling in order {
            if rank(spelling) > rank(best) {
                best = spelling;
            }
        }
        best.clone()
    }
}

fn merged_counts<'a>(lists: impl Iterator<Item = &'a [String]>) -> OrderedMap<usize> {
    let mut merger = Merger::new();
    let mut counts: Vec<usize> = Vec::new();
    for list in lists {
        // A write-up naming a channel twice still applied once that way.
        let mut seen = Vec::new();
        for name in list {
            if let Some(index) = merger.add(name) {
                if counts.len() <= index {
                    counts.resize(index + 1, 0);
                }
                if !seen.contains(&index) {
                    seen.push(index);
                    counts[index] += 1;
                }
            }
        }
    }
    let mut out: Vec<(String, usize)> = counts
        .iter()
        .enumerate()
        .map(|(i, n)| (merger.name(i), *n))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| natural_cmp(&a.0, &b.0)));
    OrderedMap(out)
}

fn companies(apps: &[&Application], legend: &Legend) -> Vec<CompanyOutcomes> {
    let mut merger = Merger::new();
    let mut counts: Vec<OutcomeCounts> = Vec::new();
    for app in apps {
        let index = merger
            .add(&app.company)
            .unwrap_or_else(|| merger.add("(no company name)").unwrap_or(0));
        if counts.len() <= index {
            counts.resize(index + 1, OutcomeCounts::new(legend));
        }
        counts[index].add(app.outcome);
    }
    let mut out: Vec<CompanyOutcomes> = counts
        .into_iter()
        .enumerate()
        .map(|(i, outcomes)| CompanyOutcomes {
            name: merger.name(i),
            outcomes,
        })
        .collect();
    out.sort_by(|a, b| {
        b.outcomes
            .total()
            .cmp(&a.outcomes.total())
            .then_with(|| natural_cmp(&a.name, &b.name))
    });
    out
}

/// Order names as people read them: case-insensitive, and numbers by value
/// (`Company 9` before `Company 10`).
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn key(text: &str) -> Vec<(u8, u64, String)> {
        let mut parts = Vec::new();
        let mut chars = text.chars().peekable();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() {
                let mut digits = String::new();
                while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(d);
                    chars.next();
                }
                parts.push((0, digits.parse().unwrap_or(u64::MAX), String::new()));
            } else {
                let mut word = String::new();
                while let Some(&w) = chars.peek().filter(|w| !w.is_ascii_digit()) {
                    word.extend(w.to_lowercase());
                    chars.next();
                }
                parts.push((1, 0, word));
            }
        }
        parts
    }
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

/// Transition name for two stages: `<from label> → <to label>`.
pub fn stage_transition(from: &crate::pack::Stage, to: &crate::pack::Stage) -> String {
    format!("{} → {}", from.label, to.label)
}

/// Durations per transition. A write-up with any invalid date is left out
/// of all of them: pairing around the broken entry would report a duration
/// between two stages that were not consecutive.
fn durations(
    apps: &[&Application],
    legend: &Legend,
    calendar: CalendarKind,
    excluded: &mut Vec<Excluded>,
) -> OrderedMap<Vec<i64>> {
    let marked = durations_marked(apps, &[], legend, calendar, excluded);
    OrderedMap(
        marked
            .0
            .into_iter()
            .map(|(name, days)| (name, days.into_iter().map(|(d, _)| d).collect()))
            .collect(),
    )
}

/// [`durations`] where the entries of `apps[i].dated` from index
/// `recorded_from[i]` on are dates recorded from history standing in for
/// missing written ones (an app past the end of `recorded_from` has none):
/// each duration comes with `true` when either of its ends is such a date.
pub(crate) fn durations_marked(
    apps: &[&Application],
    recorded_from: &[usize],
    legend: &Legend,
    calendar: CalendarKind,
    excluded: &mut Vec<Excluded>,
) -> OrderedMap<Vec<(i64, bool)>> {
    let mut first_response = Vec::new();
    let mut to_outcome = Vec::new();
    let mut pairs: BTreeMap<(StageId, StageId), Vec<(i64, bool)>> = BTreeMap::new();
    // The first stage is the application itself (the resume): durations
    // start from it rather than pair it with the next stage.
    let first = legend.stages.first().map(|s| s.id);

    for (app_index, app) in apps.iter().enumerate() {
        let recorded_start = recorded_from.get(app_index).copied().unwrap_or(usize::MAX);
        let mut exclude = |reason: String| {
            excluded.push(Excluded {
                path: app.path.clone(),
                company: app.company.clone(),
                charts: vec!["durations".to_string()],
                reason,
            })
        };
        if first_day(app).is_none() {
            continue; // already listed as having no date
        }
        let invalid = invalid_dates(app);
        if !invalid.is_empty() {
            exclude(format!("invalid dates: {}", invalid.join("; ")));
            continue;
        }
        // Timeline order; document order breaks ties (same-day entries).
        let mut events: Vec<(Day, &DatedEvent)> = app
            .dated
            .iter()
            .filter_map(|e| e.day.map(|d| (d, e)))
            .collect();
        events.sort_by_key(|(day, _)| *day);
        // Whether an event is a stand-in: by address, as events are
        // borrowed from `app.dated`. Stand-ins are at most one per stage
        // and outcome of the pack, so this stays linear in the entries.
        let stand_ins = app.dated.get(recorded_start..).unwrap_or(&[]);
        let recorded = |event: &DatedEvent| stand_ins.iter().any(|e| std::ptr::eq(e, event));
        let fmt = |day: Day| day.format(calendar);

        let resume = events
            .iter()
            .find(|(_, e)| e.stage == first && !e.is_outcome);
        if let Some((resume_day, resume_event)) = resume {
            let before: Vec<String> = events
                .iter()
                .filter(|(d, e)| d < resume_day && e.stage != first)
                .map(|(d, e)| format!("'{}' ({})", e.label, fmt(*d)))
                .collect();
            if !before.is_empty() {
                exclude(format!(
                    "dates out of order: {} dated before '{}' ({}); no {} duration",
                    before.join(", "),
                    resume_event.label,
                    fmt(*resume_day),
                    legend.first_response().to_lowercase()
                ));
            } else if let Some((day, event)) = events
                .iter()
                .find(|(_, e)| e.stage != first || e.is_outcome)
            {
                first_response.push((
                    resume_day.days_until(*day),
                    recorded(resume_event) || recorded(event),
                ));
            }
        }

        let chain: Vec<(Day, StageId, bool)> = events
            .iter()
            .filter(|(_, e)| !e.is_outcome)
            .filter_map(|(d, e)| {
                e.stage
                    .filter(|s| Some(*s) != first)
                    .map(|s| (*d, s, recorded(e)))
            })
            .collect();
        for pair in chain.windows(2) {
            pairs
                .entry((pair[0].1, pair[1].1))
                .or_default()
                .push((pair[0].0.days_until(pair[1].0), pair[0].2 || pair[1].2));
        }

        if let Some((outcome_day, outcome_event)) = events.iter().find(|(_, e)| e.is_outcome) {
            let after: Vec<String> = events
                .iter()
                .filter(|(d, e)| d > outcome_day && !e.is_outcome)
                .map(|(d, e)| format!("'{}' ({})", e.label, fmt(*d)))
                .collect();
            if !after.is_empty() {
                exclude(format!(
                    "dates out of order: {} dated after the outcome '{}' ({}); no first contact → outcome duration",
                    after.join(", "),
                    outcome_event.label,
                    fmt(*outcome_day)
                ));
            } else if let Some((first, first_event)) = events.first().filter(|(_, e)| !e.is_outcome)
            {
                to_outcome.push((
                    first.days_until(*outcome_day),
                    recorded(first_event) || recorded(outcome_event),
                ));
            }
        }
    }

    let mut out = Vec::new();
    if !first_response.is_empty() {
        out.push((legend.first_response(), first_response));
    }
    for ((a, b), days) in pairs {
        if let (Some(a), Some(b)) = (legend.stage(a), legend.stage(b)) {
            out.push((stage_transition(a, b), days));
        }
    }
    if !to_outcome.is_empty() {
        out.push((CONTACT_TO_OUTCOME.to_string(), to_outcome));
    }
    OrderedMap(out)
}

/// Median of a sorted slice (mean of the middle two for an even length).
pub fn median_sorted(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    Some(if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    })
}

/// Quantile by linear interpolation between closest ranks, `q` in 0..=1.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 || !q.is_finite() {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let frac = pos - lo as f64;
    Some(sorted[lo] + (sorted[hi.min(n - 1)] - sorted[lo]) * frac)
}

impl Stats {
    /// `stats.json` text.
    pub fn to_json(&self) -> String {
        // Serializing plain data with string keys cannot fail; scores are
        // finite by construction.
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }).to_string())
    }

    /// Number of write-ups that reached the funnel stage keyed `key`.
    pub fn reached(&self, key: &str) -> usize {
        self.legend
            .stages
            .iter()
            .find(|s| s.key == key)
            .and_then(|s| self.stages_reached.get(&s.label))
            .copied()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod natural_order_tests {
    #[test]
    fn numbers_sort_by_value_and_case_is_ignored() {
        let mut names = vec![
            "Company 10",
            "company 9",
            "Company 100",
            "alibaba",
            "Zalando",
        ];
        names.sort_by(|a, b| super::natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "alibaba",
                "company 9",
                "Company 10",
                "Company 100",
                "Zalando"
            ]
        );
    }
}
