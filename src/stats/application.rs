//! The facts about one write-up that statistics need, detached from the
//! Markdown: built from a parsed document by the engine, consumed by
//! [`super`] to compute numbers. Keeping this small record as the only input
//! lets the statistics be tested on hand-made records.

use serde::Serialize;

use crate::calendar::{CalendarKind, Day};
use crate::pack::{OutcomeId, StageId};

/// One entry under `Interview Date`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatedEvent {
    /// The bold label as written, e.g. `Sent Resume`.
    pub label: String,
    /// The stage this label stands for, when the vocabulary knows it.
    pub stage: Option<StageId>,
    /// True for outcome entries (`Rejection Email`, `Offer`, ...).
    pub is_outcome: bool,
    /// The first valid date of the entry on the common timeline, if any.
    pub day: Option<Day>,
    /// The calendar that date was written in.
    pub calendar: Option<CalendarKind>,
    /// Set when the entry has a date that is not valid (unparseable, not a
    /// real calendar date, partial): why.
    pub invalid: Option<String>,
}

/// Everything statistics know about one write-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Application {
    /// Path of the write-up, for the `excluded` list.
    pub path: String,
    /// Company name from the H1 (plain text, unescaped).
    pub company: String,
    /// Stages named by the status line, in order (repeats kept).
    pub stages: Vec<StageId>,
    /// The outcome the status line ends with; `None` while open.
    pub outcome: Option<OutcomeId>,
    /// Entries under `Interview Date`, in document order.
    pub dated: Vec<DatedEvent>,
    /// Apply channels, canonical names (`LinkedIn`, `Jobinja`, ...).
    pub channels: Vec<String>,
    /// Interview platforms, canonical names.
    pub platforms: Vec<String>,
    /// Score on the pack's scale.
    pub score: Option<f64>,
}

impl Application {
    /// The statistics record of a parsed write-up. Names are canonical where
    /// the pack knows them, so `Linkedin` and `LinkedIn` count as one.
    pub fn from_document(
        path: &str,
        doc: &crate::document::Document,
        pack: &crate::pack::Pack,
    ) -> Application {
        use crate::document::DateProblem;
        let company = doc
            .h1s()
            .next()
            .map(|h| {
                h.link
                    .as_ref()
                    .map_or_else(|| h.text.clone(), |l| l.text.clone())
            })
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| {
                path.rsplit('/')
                    .next()
                    .unwrap_or(path)
                    .trim_end_matches(".md")
                    .to_string()
            });
        let stages = doc.status_stages();
        let outcome = doc.status.as_ref().and_then(|s| s.outcome());
        let dated = doc
            .dated
            .iter()
            .map(|entry| {
                let label = entry.label_match.map(|m| pack.label(m));
                let first_valid = entry.dates.iter().find(|d| d.day.is_ok());
                let invalid = entry.dates.iter().find_map(|d| match &d.day {
                    Ok(_) => None,
                    Err(DateProblem::Partial) => Some(format!("partial date `{}`", d.raw)),
                    Err(DateProblem::NotInCalendar(reason)) => {
                        Some(format!("invalid date `{}`: {reason}", d.raw))
                    }
                    Err(DateProblem::UnknownYear) => {
                        Some(format!("date `{}` has a year of no known calendar", d.raw))
                    }
                    Err(DateProblem::DayFirst) => Some(format!("day-first date `{}`", d.raw)),
                });
                DatedEvent {
                    label: entry.label.clone(),
                    stage: label.and_then(|l| l.stage),
                    is_outcome: label.is_some_and(|l| l.ends.is_some()),
                    day: first_valid.and_then(|d| d.day.as_ref().ok().copied()),
                    calendar: first_valid.and_then(|d| d.calendar),
                    invalid,
                }
            })
            .collect();
        let canonical = |values: &[crate::document::Value],
                         vocabulary: &crate::pack::Vocabulary|
         -> Vec<String> {
            values
                .iter()
                .map(|v| {
                    v.known
                        .map_or_else(|| v.text.clone(), |m| vocabulary.canonical(m).to_string())
                })
                .collect()
        };
        Application {
            path: path.to_string(),
            company,
            stages,
            outcome,
            dated,
            channels: canonical(&doc.channels, &pack.channels),
            platforms: canonical(&doc.platforms, &pack.platforms),
            score: doc.score.as_ref().and_then(|s| s.value),
        }
    }
}
