//! Statistics from the git history of the write-ups (`stats --history`).
//!
//! The walk is [`crate::source`]'s, the one `jobmark history` uses (content
//! is followed across moves, so a moved write-up stays one application);
//! each distinct blob is parsed once by the caller into a [`BlobStatus`].
//! This module turns the versions of each document into a [`Timeline`] and
//! computes the numbers behind the history charts:
//! - how many applications were open at the end of each month, stacked by
//!   the furthest stage their status line had reached;
//! - when each stage and outcome first appeared on a document's status
//!   line: its *recorded* date;
//! - for a stage (or outcome) that the current status line shows but
//!   `Interview Date` never dates, the recorded date standing in for the
//!   missing *written* one in the per-month and duration numbers, always
//!   kept apart (`written` / `recorded`) and never merged silently into
//!   the numbers of the plain `stats`.
//!
//! Invariants:
//! - Time is the author time (when the change was written; it survives a
//!   rebase), as a UTC day. A version never takes effect before the version
//!   it follows (running maximum along the document), so a cherry-picked
//!   old commit cannot move a document back in time.
//! - Times outside [`TimeWindow`] (before 2000-01-01 or after tomorrow) are
//!   not trusted: the committer time is used instead, and when both are
//!   outside, the version takes the time of its neighbours. Months therefore
//!   span at most the window, and all work is linear in versions plus
//!   months × series.
//! - Open at a month end: the document exists (added, not deleted), its
//!   latest version by then is a write-up, and that status line has no
//!   outcome. A version that cannot be decoded (mojibake, not UTF-8, over
//!   the size limit) keeps the state of the version before it; a version
//!   that is not a write-up (an empty placeholder, a stub) counts as absent.
//! - Month boundaries come from [`crate::calendar`] (icu_calendar).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::application::{Application, DatedEvent};
use super::{first_day, Excluded, Legend, OrderedMap};
use crate::calendar::{CalendarKind, Day};
use crate::config::FileSettings;
use crate::pack::{OutcomeId, Pack, StageId};
use crate::source::{BlobId, DocumentHistory, HistoryChange};
use crate::wording::plural;

/// Rata die of 1970-01-01.
const UNIX_EPOCH_DAY: i64 = 719_163;
const SECONDS_PER_DAY: i64 = 86_400;

/// 2000-01-01T00:00:00Z: no history of interview write-ups starts earlier
/// (git itself is from 2005); earlier times are clock errors or forgeries.
pub const EARLIEST_TRUSTED_TIME: i64 = 946_684_800;

/// Key of the open applications whose status line names no stage yet.
pub const NO_STAGE_KEY: &str = "none";
/// How that series is labelled in charts and on the page.
pub const NO_STAGE_LABEL: &str = "no stage yet";

/// What one version's status line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobStatus {
    /// No `Status` heading: a placeholder, a stub, an index page.
    NotWriteUp,
    /// A write-up whose text cannot be read as written (mojibake, not
    /// UTF-8, over the size limit): its status line means nothing.
    Unreadable,
    /// The stages the status line names (each once, in order) and its
    /// outcome (`None`: open).
    Status {
        stages: Vec<StageId>,
        outcome: Option<OutcomeId>,
    },
}

impl BlobStatus {
    /// Parse one blob with the session's pack (no rules run).
    pub fn read(path: &str, bytes: &[u8], pack: &Pack, settings: &FileSettings) -> BlobStatus {
        // `today` only matters to rules, and none run.
        let today = Day(UNIX_EPOCH_DAY);
        let Some(linted) = crate::lint::lint_bytes(path, bytes, pack, settings, today) else {
            return BlobStatus::NotWriteUp;
        };
        let doc = &linted.document;
        if linted.too_large || doc.mojibake.is_some() || !doc.is_lossless() {
            return BlobStatus::Unreadable;
        }
        // A bitmap, not `contains`: a hostile status line may hold
        // thousands of emojis.
        let mut seen = vec![false; pack.stages.len()];
        let mut stages = Vec::new();
        for stage in doc.status_stages() {
            if let Some(slot) = seen.get_mut(stage.index()) {
                if !*slot {
                    *slot = true;
                    stages.push(stage);
                }
            }
        }
        BlobStatus::Status {
            stages,
            outcome: doc.status.as_ref().and_then(|s| s.outcome()),
        }
    }
}

/// The commit times that are believed, in seconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeWindow {
    pub earliest: i64,
    pub latest: i64,
}

impl TimeWindow {
    /// From 2000-01-01 to the end of the day after `today` (UTC), so a
    /// clock a few hours ahead is not punished.
    pub fn until(today: Day) -> TimeWindow {
        TimeWindow {
            earliest: EARLIEST_TRUSTED_TIME,
            latest: (today.0 - UNIX_EPOCH_DAY + 2).saturating_mul(SECONDS_PER_DAY) - 1,
        }
    }

    fn trusts(&self, time: i64) -> bool {
        (self.earliest..=self.latest).contains(&time)
    }
}

/// The UTC day of a Unix time.
pub fn day_of(time: i64) -> Day {
    Day(UNIX_EPOCH_DAY + time.div_euclid(SECONDS_PER_DAY))
}

/// A document's state after one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Not there, deleted, or not (yet) a write-up.
    Absent,
    /// A write-up with no outcome; the furthest stage (in pack order) its
    /// status line names, if any.
    Open { furthest: Option<StageId> },
    /// A write-up whose status line has an outcome.
    Closed,
}

/// One version on the timeline: its effective day and the state after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub day: Day,
    pub state: State,
}

/// The version where a stage or outcome first appeared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstSeen {
    pub day: Day,
    pub commit: String,
}

/// One document's life, oldest version first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// [`DocumentHistory::id`].
    pub document: usize,
    /// The latest path.
    pub path: String,
    /// Every path it had, oldest first, repeats collapsed.
    pub paths: Vec<String>,
    pub deleted: bool,
    /// Days never decrease.
    pub steps: Vec<Step>,
    /// By stage index of the pack.
    pub stage_first: Vec<Option<FirstSeen>>,
    /// By outcome index of the pack.
    pub outcome_first: Vec<Option<FirstSeen>>,
}

/// What building timelines had to work around, for the notes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimelineCounts {
    /// Versions whose author time lay outside the window.
    pub untrusted_author_times: usize,
    /// Versions with neither time inside the window (placed with their
    /// neighbours).
    pub untrusted_times: usize,
    /// Write-ups with no trusted time at all, left out.
    pub undated_documents: usize,
}

/// The timeline of `doc`, or `None` when it was never a readable write-up
/// (only placeholders or stubs) or none of its versions has a trusted time
/// (counted in `counts`). `reads` holds the status of every blob of `doc`;
/// a blob missing from it counts as not a write-up.
pub fn timeline(
    doc: &DocumentHistory,
    reads: &HashMap<BlobId, BlobStatus>,
    window: TimeWindow,
    legend: &Legend,
    counts: &mut TimelineCounts,
) -> Option<Timeline> {
    let mut untrusted_author = 0;
    let mut untrusted = 0;
    let times: Vec<Option<i64>> = doc
        .versions
        .iter()
        .map(|v| {
            if window.trusts(v.author_time) {
                return Some(v.author_time);
            }
            untrusted_author += 1;
            if window.trusts(v.time) {
                Some(v.time)
            } else {
                untrusted += 1;
                None
            }
        })
        .collect();
    let mut stage_first: Vec<Option<FirstSeen>> = vec![None; legend.stages.len()];
    let mut outcome_first: Vec<Option<FirstSeen>> = vec![None; legend.outcomes.len()];
    let mut steps = Vec::with_capacity(doc.versions.len());
    let mut state = State::Absent;
    let mut ever_write_up = false;
    // Leading versions without a trusted time take the first trusted one.
    let mut current = times.iter().flatten().next().copied();
    for (version, time) in doc.versions.iter().zip(&times) {
        current = match (current, time) {
            (Some(c), Some(t)) => Some(c.max(*t)),
            (c, _) => c,
        };
        let day = day_of(current.unwrap_or(0));
        state = match (&version.change, version.blob) {
            (HistoryChange::Deleted, _) | (_, None) => State::Absent,
            (_, Some(blob)) => match reads.get(&blob) {
                None | Some(BlobStatus::NotWriteUp) => State::Absent,
                Some(BlobStatus::Unreadable) => state,
                Some(BlobStatus::Status { stages, outcome }) => {
                    ever_write_up = true;
                    for stage in stages {
                        if let Some(slot @ None) = stage_first.get_mut(stage.index()) {
                            *slot = Some(FirstSeen {
                                day,
                                commit: version.commit.clone(),
                            });
                        }
                    }
                    if let Some(o) = outcome {
                        if let Some(slot @ None) = outcome_first.get_mut(o.index()) {
                            *slot = Some(FirstSeen {
                                day,
                                commit: version.commit.clone(),
                            });
                        }
                    }
                    if outcome.is_some() {
                        State::Closed
                    } else {
                        State::Open {
                            furthest: stages.iter().copied().max_by_key(|s| s.index()),
                        }
                    }
                }
            },
        };
        steps.push(Step { day, state });
    }
    if !ever_write_up {
        return None;
    }
    counts.untrusted_author_times += untrusted_author;
    counts.untrusted_times += untrusted;
    if current.is_none() {
        counts.undated_documents += 1;
        return None;
    }
    let mut paths: Vec<String> = Vec::new();
    for version in &doc.versions {
        if paths.last() != Some(&version.path) {
            paths.push(version.path.clone());
        }
    }
    Some(Timeline {
        document: doc.id,
        path: doc.current_path().to_string(),
        paths,
        deleted: doc.is_deleted(),
        steps,
        stage_first,
        outcome_first,
    })
}

/// Written (from `Interview Date`) and recorded (first appearance in the
/// history) values of one number, side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct WrittenRecorded<T> {
    pub written: T,
    pub recorded: T,
}

/// Open applications at one month end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenMonth {
    pub open: usize,
    /// `none` (no stage yet), then each stage key of the pack in process
    /// order: how many of the open applications had that as their furthest
    /// stage. Sums to `open`.
    pub by_furthest_stage: OrderedMap<usize>,
}

/// A stage's dates in one application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageDates {
    /// Earliest valid date under `Interview Date` in the current version
    /// (`YYYY-MM-DD` in the chosen calendar); null when never dated or
    /// when the write-up is no longer in the tree.
    pub written: Option<String>,
    /// Day of the first version whose status line shows it (author time,
    /// UTC, in the chosen calendar); null when it never did.
    pub recorded: Option<String>,
    /// The commit of that version.
    pub commit: Option<String>,
    /// True when `recorded` stands in for the missing `written` date in
    /// the per-month and duration numbers of `history`.
    pub stand_in: bool,
}

/// One document of the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryApplication {
    /// The latest path (where it was deleted from, when deleted).
    pub path: String,
    /// Every path it had, oldest first.
    pub paths: Vec<String>,
    pub deleted: bool,
    /// Among the write-ups the plain statistics count (in the tree read,
    /// and in the year asked for).
    pub counted: bool,
    /// Stage and outcome keys, in pack order, each with its dates; only
    /// those with a date of either kind.
    pub stages: OrderedMap<StageDates>,
}

/// Everything `stats --history` adds, under `history` in `stats.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryStats {
    /// The revision walked.
    pub revision: String,
    /// Which commit time places a version: always `author`.
    pub time: &'static str,
    /// Times outside this (Gregorian, UTC) are not trusted.
    pub trusted_from: String,
    pub trusted_until: String,
    pub commits: usize,
    pub shallow: bool,
    /// Documents that were a write-up at some point (moved ones once).
    pub documents: usize,
    /// `YYYY-MM` (chosen calendar) → open applications at that month's end.
    pub open_per_month: OrderedMap<OpenMonth>,
    /// `YYYY-MM` → stage and outcome keys first recorded in that month.
    pub first_recorded_per_month: OrderedMap<OrderedMap<usize>>,
    /// Like the top-level `per_month`, with recorded dates standing in:
    /// `written` write-ups dated by a written date, `recorded` by a stand-in.
    pub per_month: OrderedMap<WrittenRecorded<usize>>,
    /// Like the top-level `durations_days`, with recorded dates standing
    /// in: `recorded` holds the durations with a stand-in at either end.
    pub durations_days: OrderedMap<WrittenRecorded<Vec<i64>>>,
    pub applications: Vec<HistoryApplication>,
    /// Left out of the stand-in numbers for reasons the stand-ins brought
    /// (e.g. a recorded date out of order with written ones).
    pub excluded: Vec<Excluded>,
    /// What was worked around (untrusted times, shallow clone, write-ups
    /// without committed history).
    pub notes: Vec<String>,
}

/// What [`compute`] needs besides the plain statistics.
pub struct HistoryInput<'a> {
    pub revision: &'a str,
    pub commits: usize,
    pub shallow: bool,
    pub timelines: &'a [Timeline],
    pub counts: TimelineCounts,
    pub window: TimeWindow,
    /// The repository path of each application given to [`super::compute`]
    /// (same order), to find its document.
    pub app_repo_paths: &'a [String],
}

/// Month number on one line: `year * 12 + month - 1`.
fn month_index(day: Day, calendar: CalendarKind) -> i64 {
    let (y, m, _) = day.ymd(calendar);
    i64::from(y) * 12 + i64::from(m) - 1
}

fn month_key(index: i64) -> String {
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

/// Keys of the open series: `none`, then the stages.
fn series_keys(legend: &Legend) -> Vec<String> {
    std::iter::once(NO_STAGE_KEY.to_string())
        .chain(legend.stages.iter().map(|s| s.key.clone()))
        .collect()
}

/// Compute the history numbers. `stats` is the plain statistics of `apps`
/// (its calendar, year and exclusions are reused).
pub fn compute(stats: &super::Stats, apps: &[Application], input: &HistoryInput) -> HistoryStats {
    let legend = &stats.legend;
    let calendar = stats.calendar;
    let timelines = input.timelines;

    // Months: from the first to the last step of any document; the window
    // bounds both, so the span is bounded too.
    let step_months = || {
        timelines
            .iter()
            .flat_map(|t| t.steps.iter().map(|s| month_index(s.day, calendar)))
    };
    let first = step_months().min();
    let last = step_months().max();
    let shown: Vec<i64> = match (first, last, stats.year) {
        (_, _, Some(year)) => (0..12).map(|m| i64::from(year) * 12 + m).collect(),
        (Some(a), Some(b), None) => (a..=b).collect(),
        _ => Vec::new(),
    };

    let keys = series_keys(legend);
    let open_per_month = open_series(timelines, calendar, &keys, first, last, &shown);

    let mut firsts: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    let first_keys: Vec<String> = legend
        .stages
        .iter()
        .map(|s| s.key.clone())
        .chain(legend.outcomes.iter().map(|o| o.key.clone()))
        .collect();
    for t in timelines {
        let all = t.stage_first.iter().chain(&t.outcome_first);
        for (slot, seen) in all.enumerate() {
            if let Some(seen) = seen {
                let counts = firsts
                    .entry(month_index(seen.day, calendar))
                    .or_insert_with(|| vec![0; first_keys.len()]);
                counts[slot] += 1;
            }
        }
    }
    let first_recorded_per_month = OrderedMap(
        shown_or_data(&shown, firsts.keys().copied())
            .into_iter()
            .map(|m| {
                let counts = firsts.get(&m);
                let row = first_keys
                    .iter()
                    .enumerate()
                    .map(|(i, k)| (k.clone(), counts.map_or(0, |c| c[i])))
                    .collect();
                (month_key(m), OrderedMap(row))
            })
            .collect(),
    );

    // Current write-ups and their documents (by latest path).
    let live: HashMap<&str, &Timeline> = timelines
        .iter()
        .filter(|t| !t.deleted)
        .map(|t| (t.path.as_str(), t))
        .collect();
    let selected: Vec<(usize, &Application)> = apps
        .iter()
        .enumerate()
        .filter(|(_, app)| match stats.year {
            None => true,
            Some(year) => first_day(app).is_some_and(|d| d.ymd(calendar).0 == year),
        })
        .collect();
    let mut augmented: Vec<Application> = Vec::with_capacity(selected.len());
    let mut recorded_from = Vec::with_capacity(selected.len());
    let mut counted: HashMap<usize, (&Application, Vec<bool>)> = HashMap::new();
    let mut without_history = 0usize;
    let mut contradicted = 0usize;
    for (i, app) in &selected {
        let timeline = input
            .app_repo_paths
            .get(*i)
            .and_then(|p| live.get(p.as_str()));
        let mut copy = (*app).clone();
        recorded_from.push(copy.dated.len());
        match timeline {
            Some(t) => {
                let found = stand_ins(app, t, legend, calendar);
                contradicted += found.contradicted;
                copy.dated.extend(found.events);
                counted.insert(t.document, (app, found.used));
            }
            None => without_history += 1,
        }
        augmented.push(copy);
    }

    let mut per_month: BTreeMap<i64, WrittenRecorded<usize>> = BTreeMap::new();
    for (app, from) in augmented.iter().zip(&recorded_from) {
        // The earliest date; a written one wins a tie.
        let earliest = app
            .dated
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.day.map(|d| (d, i >= *from)))
            .min();
        if let Some((day, recorded)) = earliest {
            let entry = per_month.entry(month_index(day, calendar)).or_default();
            if recorded {
                entry.recorded += 1;
            } else {
                entry.written += 1;
            }
        }
    }
    let per_month = OrderedMap(
        per_month
            .into_iter()
            .filter(|(m, _)| stats.year.is_none() || shown.contains(m))
            .map(|(m, n)| (month_key(m), n))
            .collect(),
    );

    let refs: Vec<&Application> = augmented.iter().collect();
    let mut excluded = Vec::new();
    let marked = super::durations_marked(&refs, &recorded_from, legend, calendar, &mut excluded);
    let durations_days = OrderedMap(
        marked
            .0
            .into_iter()
            .map(|(name, days)| {
                let mut split = WrittenRecorded::<Vec<i64>>::default();
                for (d, recorded) in days {
                    if recorded {
                        split.recorded.push(d);
                    } else {
                        split.written.push(d);
                    }
                }
                (name, split)
            })
            .collect(),
    );
    // Exclusions the plain statistics already list are not repeated.
    let listed: std::collections::HashSet<(&str, &str)> = stats
        .excluded
        .iter()
        .map(|x| (x.path.as_str(), x.reason.as_str()))
        .collect();
    excluded.retain(|e| !listed.contains(&(e.path.as_str(), e.reason.as_str())));

    let applications = timelines
        .iter()
        .map(|t| {
            let app = counted
                .get(&t.document)
                .map(|(a, used)| (*a, used.as_slice()));
            application_dates(t, app, legend, calendar)
        })
        .collect();

    let mut notes = Vec::new();
    if input.shallow {
        notes.push(
            "shallow clone: history before the graft is missing, so first appearances may be later than they were"
                .to_string(),
        );
    }
    let c = input.counts;
    if c.untrusted_author_times > 0 {
        notes.push(format!(
            "{} with an author time outside {}..{}: {} placed by the committer time, {} by the versions around them",
            plural(c.untrusted_author_times, "version", "versions"),
            day_of(input.window.earliest).format(CalendarKind::Gregorian),
            day_of(input.window.latest).format(CalendarKind::Gregorian),
            c.untrusted_author_times - c.untrusted_times,
            c.untrusted_times
        ));
    }
    if c.undated_documents > 0 {
        notes.push(format!(
            "{} left out: no version has a commit time inside the trusted window",
            plural(c.undated_documents, "write-up", "write-ups")
        ));
    }
    if contradicted > 0 {
        notes.push(format!(
            "{} not used: later than the written date of a stage after {} on the status line (committed long after the event)",
            plural(contradicted, "recorded date", "recorded dates"),
            if contradicted == 1 { "it" } else { "them" }
        ));
    }
    if without_history > 0 {
        notes.push(format!(
            "{} not found at this path in the history of `{}` (not committed, or left out above): no recorded dates",
            plural(without_history, "write-up", "write-ups"),
            input.revision
        ));
    }

    HistoryStats {
        revision: input.revision.to_string(),
        time: "author",
        trusted_from: day_of(input.window.earliest).format(CalendarKind::Gregorian),
        trusted_until: day_of(input.window.latest).format(CalendarKind::Gregorian),
        commits: input.commits,
        shallow: input.shallow,
        documents: timelines.len(),
        open_per_month,
        first_recorded_per_month,
        per_month,
        durations_days,
        applications,
        excluded,
        notes,
    }
}

/// `shown` when a year is asked for, else the months that have data.
fn shown_or_data(shown: &[i64], data: impl Iterator<Item = i64>) -> Vec<i64> {
    if shown.is_empty() {
        data.collect()
    } else {
        let mut all: Vec<i64> = data.collect();
        all.retain(|m| shown.contains(m));
        all.extend(shown.iter().copied());
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// Open applications at each month end of `shown`, by furthest stage.
/// Each document adds its open intervals to a difference array over
/// `first..=last`, so this is linear in steps plus months × series.
fn open_series(
    timelines: &[Timeline],
    calendar: CalendarKind,
    keys: &[String],
    first: Option<i64>,
    last: Option<i64>,
    shown: &[i64],
) -> OrderedMap<OpenMonth> {
    let (Some(first), Some(last)) = (first, last) else {
        return OrderedMap(Vec::new());
    };
    let span = usize::try_from(last - first + 1).unwrap_or(0);
    let mut diff = vec![vec![0i64; span + 1]; keys.len()];
    let series = |state: State| match state {
        State::Open { furthest: None } => Some(0),
        State::Open {
            furthest: Some(stage),
        } => Some(stage.index() + 1),
        _ => None,
    };
    for t in timelines {
        let mut state = State::Absent;
        let mut from = 0usize;
        for step in &t.steps {
            let month = usize::try_from(month_index(step.day, calendar) - first).unwrap_or(0);
            if month > from {
                if let Some(s) = series(state).filter(|s| *s < keys.len()) {
                    diff[s][from] += 1;
                    diff[s][month] -= 1;
                }
                from = month;
            }
            state = step.state;
        }
        if let Some(s) = series(state).filter(|s| *s < keys.len()) {
            diff[s][from] += 1;
            diff[s][span] -= 1;
        }
    }
    // Running sums turn the differences into counts per month end.
    let mut counts = vec![vec![0usize; span]; keys.len()];
    for (s, row) in diff.iter().enumerate() {
        let mut running = 0i64;
        for (m, d) in row.iter().take(span).enumerate() {
            running += d;
            counts[s][m] = usize::try_from(running).unwrap_or(0);
        }
    }
    let months: Vec<i64> = if shown.is_empty() {
        (first..=last).collect()
    } else {
        shown.to_vec()
    };
    OrderedMap(
        months
            .into_iter()
            .map(|m| {
                // Before the first change nothing was open; after the last
                // the state of the last change holds.
                let at = if m < first {
                    None
                } else {
                    usize::try_from((m - first).min(last - first)).ok()
                };
                let row: Vec<(String, usize)> = keys
                    .iter()
                    .enumerate()
                    .map(|(s, k)| (k.clone(), at.map_or(0, |i| counts[s][i])))
                    .collect();
                let open = row.iter().map(|(_, n)| n).sum();
                (
                    month_key(m),
                    OpenMonth {
                        open,
                        by_furthest_stage: OrderedMap(row),
                    },
                )
            })
            .collect(),
    )
}

/// Stand-ins of one write-up: the dated entries, and per slot (stages,
/// then outcomes, by pack index) whether the recorded date stands in.
struct StandIns {
    events: Vec<DatedEvent>,
    used: Vec<bool>,
    /// Recorded dates not used: later than a written date of a stage after
    /// them on the status line (the stage was committed long after it
    /// happened, so its recorded date says nothing about when).
    contradicted: usize,
}

/// Dated entries standing in for what the current status line of `app`
/// shows but `Interview Date` never dates: the recorded day of each such
/// stage, and of the outcome, unless a later stage's written date shows
/// the recorded one is too late to mean anything.
fn stand_ins(
    app: &Application,
    timeline: &Timeline,
    legend: &Legend,
    calendar: CalendarKind,
) -> StandIns {
    let stages_len = legend.stages.len();
    let mut out = StandIns {
        events: Vec::new(),
        used: vec![false; stages_len + legend.outcomes.len()],
        contradicted: 0,
    };
    let mut written_stage: Vec<Option<Day>> = vec![None; stages_len];
    let mut written_outcome: Option<Day> = None;
    for e in &app.dated {
        let Some(day) = e.day else { continue };
        if e.is_outcome {
            written_outcome = Some(written_outcome.map_or(day, |d| d.min(day)));
        } else if let Some(slot) = e.stage.and_then(|s| written_stage.get_mut(s.index())) {
            *slot = Some(slot.map_or(day, |d| d.min(day)));
        }
    }
    // Earliest written date of anything after each position of the status
    // line (suffix minima: linear however long the line is).
    let mut later: Vec<Option<Day>> = vec![None; app.stages.len()];
    let mut running = written_outcome;
    for (i, stage) in app.stages.iter().enumerate().rev() {
        later[i] = running;
        if let Some(Some(day)) = written_stage.get(stage.index()) {
            running = Some(running.map_or(*day, |r| r.min(*day)));
        }
    }
    let mut seen = vec![false; stages_len];
    for (i, stage) in app.stages.iter().enumerate() {
        let Some(slot) = seen.get_mut(stage.index()) else {
            continue;
        };
        if std::mem::replace(slot, true) || written_stage[stage.index()].is_some() {
            continue;
        }
        let Some(Some(first)) = timeline.stage_first.get(stage.index()) else {
            continue;
        };
        if later[i].is_some_and(|w| w < first.day) {
            out.contradicted += 1;
            continue;
        }
        out.used[stage.index()] = true;
        out.events.push(DatedEvent {
            label: legend.stages[stage.index()].label.clone(),
            stage: Some(*stage),
            is_outcome: false,
            day: Some(first.day),
            calendar: Some(calendar),
            invalid: None,
        });
    }
    if let (Some(outcome), None) = (app.outcome, written_outcome) {
        if let Some(Some(first)) = timeline.outcome_first.get(outcome.index()) {
            if let Some(used) = out.used.get_mut(stages_len + outcome.index()) {
                *used = true;
            }
            out.events.push(DatedEvent {
                label: legend.outcomes[outcome.index()].label.clone(),
                stage: None,
                is_outcome: true,
                day: Some(first.day),
                calendar: Some(calendar),
                invalid: None,
            });
        }
    }
    out
}

/// Written and recorded dates of every stage and outcome of one document.
fn application_dates(
    timeline: &Timeline,
    app: Option<(&Application, &[bool])>,
    legend: &Legend,
    calendar: CalendarKind,
) -> HistoryApplication {
    let used = |slot: usize| app.is_some_and(|(_, u)| u.get(slot).copied().unwrap_or(false));
    let app = app.map(|(a, _)| a);
    let earliest = |matches: &dyn Fn(&DatedEvent) -> bool| {
        app.and_then(|a| {
            a.dated
                .iter()
                .filter(|e| matches(e))
                .filter_map(|e| e.day)
                .min()
        })
    };
    let mut stages = Vec::new();
    for stage in &legend.stages {
        let written = earliest(&|e: &DatedEvent| e.stage == Some(stage.id) && !e.is_outcome);
        let recorded = timeline
            .stage_first
            .get(stage.id.index())
            .and_then(Option::as_ref);
        let stand_in = used(stage.id.index());
        push_dates(
            &mut stages,
            &stage.key,
            written,
            recorded,
            stand_in,
            calendar,
        );
    }
    for outcome in &legend.outcomes {
        let shown = app.is_some_and(|a| a.outcome == Some(outcome.id));
        let written = if shown {
            earliest(&|e: &DatedEvent| e.is_outcome)
        } else {
            None
        };
        let recorded = timeline
            .outcome_first
            .get(outcome.id.index())
            .and_then(Option::as_ref);
        let stand_in = used(legend.stages.len() + outcome.id.index());
        push_dates(
            &mut stages,
            &outcome.key,
            written,
            recorded,
            stand_in,
            calendar,
        );
    }
    HistoryApplication {
        path: timeline.path.clone(),
        paths: timeline.paths.clone(),
        deleted: timeline.deleted,
        counted: app.is_some(),
        stages: OrderedMap(stages),
    }
}

fn push_dates(
    out: &mut Vec<(String, StageDates)>,
    key: &str,
    written: Option<Day>,
    recorded: Option<&FirstSeen>,
    stand_in: bool,
    calendar: CalendarKind,
) {
    if written.is_none() && recorded.is_none() {
        return;
    }
    out.push((
        key.to_string(),
        StageDates {
            written: written.map(|d| d.format(calendar)),
            recorded: recorded.map(|r| r.day.format(calendar)),
            commit: recorded.map(|r| r.commit.clone()),
            stand_in,
        },
    ));
}
