//! The domain model a pack declares: stages and outcomes as data.
//!
//! A [`StageId`] or [`OutcomeId`] is a small index into the loaded pack's
//! tables, resolved once when the pack and the documents are parsed, so
//! code below the pack compares ids and never names a stage. Stages are
//! stored sorted by their `order`, so comparing two `StageId`s compares
//! process order. "Open" (a status line with no outcome emoji) is not an
//! outcome of the pack: it is `None` wherever an `Option<OutcomeId>` is the
//! ending of an application.

use serde::Serialize;

use super::score::Rgb;

/// A stage of the process, as declared by `[[stages]]`; ordered by the
/// stage's `order`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct StageId(pub(crate) u16);

/// An outcome, as declared by `[[outcomes]]`, in declaration order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct OutcomeId(pub(crate) u16);

impl StageId {
    /// Position in [`super::Pack::stages`].
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

impl OutcomeId {
    /// Position in [`super::Pack::outcomes`].
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// The key and label of an application that has no outcome yet.
pub const OPEN_KEY: &str = "open";

/// One stage of the process.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub id: StageId,
    /// Stable identifier (`hr_call`): funnel node ids, references in the pack.
    pub key: String,
    /// Shown in statistics and messages (`HR call`).
    pub label: String,
    /// Reaching this stage means the candidate was interviewed (sections
    /// with `required = "interviewed"` become required).
    pub interview: bool,
    /// The status line naming this stage asks for its notes section.
    pub needs_notes: bool,
    /// Drawn as a column of the funnel (Sankey) chart.
    pub funnel: bool,
}

/// One way an application can end.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub id: OutcomeId,
    /// Stable identifier and the key in `stats.json` (`accepted`).
    pub key: String,
    /// Shown in statistics and messages.
    pub label: String,
    /// Colour of the outcome in every chart.
    pub colour: Rgb,
}

/// What a dated label that ends the process records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelEnd {
    /// A label naming one outcome (`Rejection Email`).
    Outcome(OutcomeId),
    /// A response that does not say which way it went.
    Any,
}

impl LabelEnd {
    /// Whether a status line ending in `outcome` (`None` = open) agrees.
    pub fn agrees_with(self, outcome: Option<OutcomeId>) -> bool {
        match self {
            LabelEnd::Any => true,
            LabelEnd::Outcome(id) => outcome == Some(id),
        }
    }
}

/// A stage label of the `Interview Date` / `Interview Duration` sections.
#[derive(Debug, Clone)]
pub struct Label {
    pub canonical: String,
    pub stage: Option<StageId>,
    pub ends: Option<LabelEnd>,
}

/// One status emoji.
#[derive(Debug, Clone)]
pub struct LegendEntry {
    pub emoji: String,
    pub meaning: String,
    pub stage: Option<StageId>,
    pub outcome: Option<OutcomeId>,
}
