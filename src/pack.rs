//! The schema pack: what a write-up must look like, as data.
//!
//! `rules/interview.toml` is embedded in the binary; `--rules FILE` swaps in
//! another pack. Loading validates the pack (unknown keys, bad regexes,
//! sections without a kind) and precomputes the matchers every document
//! uses, so parsing a document never compiles a regex or lowercases the
//! vocabulary again. Invariant: a loaded `Pack` is internally consistent,
//! and rules may index into it without checks.

use std::collections::HashMap;
use std::ops::Range;

use regex::Regex;
use serde::Deserialize;

use crate::stats::application::{Outcome, Stage};

/// The interview pack that ships with jobmark.
pub const DEFAULT_PACK: &str = include_str!("../rules/interview.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    pack: PackHeader,
    #[serde(default)]
    sections: Vec<SectionSpec>,
    #[serde(default)]
    status: Vec<StatusSpec>,
    #[serde(default)]
    labels: Vec<LabelSpec>,
    dates: DateSpec,
    score: ScoreSpec,
    #[serde(default)]
    channels: Vec<VocabularySpec>,
    #[serde(default)]
    platforms: Vec<VocabularySpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackHeader {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
    pub marker_heading: String,
    #[serde(default)]
    pub docs_url: Option<String>,
}

/// What a section holds; tells the parser how to read its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Company,
    Status,
    Title,
    Process,
    Channels,
    Dates,
    Durations,
    Platforms,
    Stage,
    Free,
    Score,
}

/// When a section must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Required {
    Always,
    /// Once the status line names a stage past the first one.
    Interviewed,
    Never,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    pub key: String,
    pub kind: SectionKind,
    pub heading: String,
    pub level: u8,
    pub required: Required,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub stage: Option<Stage>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusSpec {
    pub emoji: String,
    pub meaning: String,
    #[serde(default)]
    pub stage: Option<Stage>,
    #[serde(default)]
    pub outcome: Option<Outcome>,
    #[serde(default)]
    pub variants: Vec<String>,
}

/// The outcome a dated label records; `Any` for a response that does not
/// say which way it went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelOutcome {
    Accepted,
    Rejected,
    Declined,
    Any,
}

impl LabelOutcome {
    pub fn agrees_with(self, outcome: Outcome) -> bool {
        matches!(
            (self, outcome),
            (LabelOutcome::Any, _)
                | (LabelOutcome::Accepted, Outcome::Accepted)
                | (LabelOutcome::Rejected, Outcome::Rejected)
                | (LabelOutcome::Declined, Outcome::Declined)
        )
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelSpec {
    pub canonical: String,
    #[serde(default)]
    pub stage: Option<Stage>,
    #[serde(default)]
    pub outcome: Option<LabelOutcome>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateSpec {
    pub separators: Vec<String>,
    pub jalali_separator: String,
    pub gregorian_separator: String,
    pub jalali_years: [i32; 2],
    pub gregorian_years: [i32; 2],
    #[serde(default)]
    pub placeholders: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSpec {
    pub max: f64,
    pub step: f64,
    pub bands: Vec<BandSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandSpec {
    pub name: String,
    pub min: f64,
    pub colour: String,
    #[serde(default)]
    pub older: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VocabularySpec {
    pub canonical: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// How a written name relates to the vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameMatch {
    /// Written exactly as the canonical name.
    Exact(usize),
    /// Same name in other letters case, or a known alias: drift.
    Drift(usize),
    /// Recognised through a pattern (carries extra information): fine.
    Pattern(usize),
}

impl NameMatch {
    pub fn index(self) -> usize {
        match self {
            NameMatch::Exact(i) | NameMatch::Drift(i) | NameMatch::Pattern(i) => i,
        }
    }
}

/// Case-insensitive names with aliases and optional regex patterns.
#[derive(Debug, Default)]
struct Matcher {
    canonical: Vec<String>,
    /// lowercased name or alias -> entry index.
    folded: HashMap<String, usize>,
    patterns: Vec<(Regex, usize)>,
}

impl Matcher {
    fn add(
        &mut self,
        index: usize,
        canonical: &str,
        aliases: &[String],
        patterns: &[String],
    ) -> Result<(), String> {
        self.canonical.push(canonical.to_string());
        self.folded.entry(fold(canonical)).or_insert(index);
        for alias in aliases {
            self.folded.entry(fold(alias)).or_insert(index);
        }
        for pattern in patterns {
            let regex = Regex::new(pattern)
                .map_err(|e| format!("bad pattern `{pattern}` for `{canonical}`: {e}"))?;
            self.patterns.push((regex, index));
        }
        Ok(())
    }

    fn find(&self, written: &str) -> Option<NameMatch> {
        let written = normalise_name(written);
        if let Some(i) = self.canonical.iter().position(|c| *c == written) {
            return Some(NameMatch::Exact(i));
        }
        if let Some(&i) = self.folded.get(&fold(&written)) {
            return Some(NameMatch::Drift(i));
        }
        self.patterns
            .iter()
            .find(|(re, _)| re.is_match(&written))
            .map(|&(_, i)| NameMatch::Pattern(i))
    }
}

/// Trim, collapse inner whitespace, drop a trailing colon.
pub fn normalise_name(text: &str) -> String {
    let trimmed = text.trim().trim_end_matches([':', '：']).trim();
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fold(text: &str) -> String {
    normalise_name(text).to_lowercase()
}

/// One legend entry, ready for matching.
#[derive(Debug, Clone)]
pub struct LegendEntry {
    pub emoji: String,
    pub meaning: String,
    pub stage: Option<Stage>,
    pub outcome: Option<Outcome>,
}

/// A loaded, validated schema pack.
#[derive(Debug)]
pub struct Pack {
    pub header: PackHeader,
    pub sections: Vec<SectionSpec>,
    pub legend: Vec<LegendEntry>,
    /// Emoji spelling with U+FE0F removed -> legend index.
    legend_lookup: HashMap<String, usize>,
    pub labels: Vec<LabelSpec>,
    pub dates: DateSpec,
    pub score: ScoreSpec,
    pub channels: Vec<VocabularySpec>,
    pub platforms: Vec<VocabularySpec>,
    section_matcher: Matcher,
    label_matcher: Matcher,
    channel_matcher: Matcher,
    platform_matcher: Matcher,
    placeholders_folded: Vec<String>,
}

/// Why a pack could not be loaded, with the byte range of the offending
/// TOML when known (for a diagnostic that points at it).
#[derive(Debug, Clone)]
pub struct PackError {
    pub message: String,
    pub span: Option<Range<usize>>,
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PackError {}

impl Pack {
    /// The pack that ships with jobmark.
    pub fn builtin() -> Pack {
        // The embedded pack is checked by a unit test; failing here would be
        // a build defect, not a user error.
        Pack::from_toml(DEFAULT_PACK).expect("the embedded rule pack is valid")
    }

    pub fn from_toml(text: &str) -> Result<Pack, PackError> {
        let file: PackFile = toml::from_str(text).map_err(|e| PackError {
            message: e.message().to_string(),
            span: e.span(),
        })?;
        let invalid = |message: String| PackError {
            message,
            span: None,
        };

        let mut section_matcher = Matcher::default();
        for (i, s) in file.sections.iter().enumerate() {
            section_matcher
                .add(i, &s.heading, &s.aliases, &s.patterns)
                .map_err(invalid)?;
            if !(1..=6).contains(&s.level) {
                return Err(invalid(format!(
                    "section `{}` has level {}; levels run 1-6",
                    s.key, s.level
                )));
            }
        }
        for kind in [SectionKind::Company, SectionKind::Status] {
            if !file.sections.iter().any(|s| s.kind == kind) {
                return Err(invalid(
                    format!("the pack needs a section of kind `{kind:?}`").to_lowercase(),
                ));
            }
        }

        let mut legend = Vec::new();
        let mut legend_lookup = HashMap::new();
        for (i, s) in file.status.iter().enumerate() {
            if s.stage.is_some() == s.outcome.is_some() {
                return Err(invalid(format!(
                    "status emoji `{}` must have exactly one of `stage` or `outcome`",
                    s.emoji
                )));
            }
            legend.push(LegendEntry {
                emoji: s.emoji.clone(),
                meaning: s.meaning.clone(),
                stage: s.stage,
                outcome: s.outcome,
            });
            for spelling in std::iter::once(&s.emoji).chain(&s.variants) {
                legend_lookup
                    .entry(strip_variation_selectors(spelling))
                    .or_insert(i);
            }
        }

        let mut label_matcher = Matcher::default();
        for (i, l) in file.labels.iter().enumerate() {
            if l.stage.is_some() == l.outcome.is_some() {
                return Err(invalid(format!(
                    "label `{}` must have exactly one of `stage` or `outcome`",
                    l.canonical
                )));
            }
            label_matcher
                .add(i, &l.canonical, &l.aliases, &l.patterns)
                .map_err(invalid)?;
        }
        let mut channel_matcher = Matcher::default();
        for (i, c) in file.channels.iter().enumerate() {
            channel_matcher
                .add(i, &c.canonical, &c.aliases, &[])
                .map_err(invalid)?;
        }
        let mut platform_matcher = Matcher::default();
        for (i, p) in file.platforms.iter().enumerate() {
            platform_matcher
                .add(i, &p.canonical, &p.aliases, &[])
                .map_err(invalid)?;
        }
        if file.score.step <= 0.0 || file.score.max <= 0.0 {
            return Err(invalid("score `max` and `step` must be positive".into()));
        }
        let mut bands = file.score.bands.clone();
        bands.sort_by(|a, b| b.min.total_cmp(&a.min));
        if file.dates.separators.is_empty() {
            return Err(invalid("`dates.separators` must not be empty".into()));
        }
        let placeholders_folded = file.dates.placeholders.iter().map(|p| fold(p)).collect();
        Ok(Pack {
            header: file.pack,
            sections: file.sections,
            legend,
            legend_lookup,
            labels: file.labels,
            dates: file.dates,
            score: ScoreSpec {
                bands,
                ..file.score
            },
            channels: file.channels,
            platforms: file.platforms,
            section_matcher,
            label_matcher,
            channel_matcher,
            platform_matcher,
            placeholders_folded,
        })
    }

    /// The section a heading names, if any.
    pub fn find_section(&self, heading: &str) -> Option<NameMatch> {
        self.section_matcher.find(heading)
    }

    pub fn section_of_kind(&self, kind: SectionKind) -> Option<(usize, &SectionSpec)> {
        self.sections
            .iter()
            .enumerate()
            .find(|(_, s)| s.kind == kind)
    }

    /// The legend entry of one status grapheme, ignoring U+FE0F.
    pub fn find_emoji(&self, grapheme: &str) -> Option<&LegendEntry> {
        self.legend_lookup
            .get(&strip_variation_selectors(grapheme))
            .map(|&i| &self.legend[i])
    }

    pub fn emoji_for_stage(&self, stage: Stage) -> Option<&str> {
        self.legend
            .iter()
            .find(|e| e.stage == Some(stage))
            .map(|e| e.emoji.as_str())
    }

    pub fn emoji_for_outcome(&self, outcome: Outcome) -> Option<&str> {
        self.legend
            .iter()
            .find(|e| e.outcome == Some(outcome))
            .map(|e| e.emoji.as_str())
    }

    /// The label a bold stage label names, with parenthesised asides
    /// (`HR Call (Skype voice chat)`) ignored for matching.
    pub fn find_label(&self, label: &str) -> Option<NameMatch> {
        self.label_matcher.find(label).or_else(|| {
            let without_aside = strip_parenthesised(label);
            (without_aside != label)
                .then(|| self.label_matcher.find(&without_aside))
                .flatten()
                .map(|m| match m {
                    // The aside is information, not drift: keep it.
                    NameMatch::Exact(i) => NameMatch::Pattern(i),
                    other => other,
                })
        })
    }

    pub fn find_channel(&self, name: &str) -> Option<NameMatch> {
        self.channel_matcher.find(name)
    }

    pub fn find_platform(&self, name: &str) -> Option<NameMatch> {
        self.platform_matcher.find(name)
    }

    /// Whether `text` (a whole date value) is a known placeholder.
    pub fn placeholder(&self, text: &str) -> Option<&str> {
        let folded = fold(text);
        self.placeholders_folded
            .iter()
            .position(|p| {
                folded == *p
                    || folded.starts_with(&format!("{p} "))
                    || folded.starts_with(&format!("{p}."))
            })
            .map(|i| self.dates.placeholders[i].as_str())
    }

    /// The band a score falls in (bands are sorted by `min`, highest first).
    pub fn band_for(&self, score: f64) -> Option<&BandSpec> {
        self.score.bands.iter().find(|b| score >= b.min)
    }

    /// A short identifier for `--version`: `interview 1.0.0`.
    pub fn describe(&self) -> String {
        format!("{} {}", self.header.name, self.header.version)
    }
}

/// Remove U+FE0F / U+FE0E, which only pick text or emoji presentation.
pub fn strip_variation_selectors(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{FE0F}' | '\u{FE0E}'))
        .collect()
}

fn strip_parenthesised(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    normalise_name(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_pack_loads() {
        let pack = Pack::builtin();
        assert_eq!(pack.header.marker_heading, "Status");
        assert!(matches!(
            pack.find_section("Interview Date"),
            Some(NameMatch::Exact(_))
        ));
        assert!(matches!(
            pack.find_section("Interview date"),
            Some(NameMatch::Drift(_))
        ));
        assert!(matches!(
            pack.find_section("Apply way"),
            Some(NameMatch::Drift(_))
        ));
    }

    #[test]
    fn emoji_lookup_ignores_variation_selector() {
        let pack = Pack::builtin();
        assert_eq!(pack.find_emoji("⚖").unwrap().stage, Some(Stage::TaskReview));
        assert_eq!(
            pack.find_emoji("⚖️").unwrap().stage,
            Some(Stage::TaskReview)
        );
        assert_eq!(
            pack.find_emoji("👱🏻‍♀️").unwrap().stage,
            Some(Stage::HrInterview)
        );
        assert!(pack.find_emoji("🎉").is_none());
    }

    #[test]
    fn labels_resolve_with_drift_and_patterns() {
        let pack = Pack::builtin();
        let label = |text| {
            pack.find_label(text)
                .map(|m| (pack.labels[m.index()].canonical.clone(), m))
        };
        assert!(matches!(
            label("Sent Resume"),
            Some((_, NameMatch::Exact(_)))
        ));
        assert!(
            matches!(label("Send Resume"), Some((ref c, NameMatch::Drift(_))) if c == "Sent Resume")
        );
        assert!(
            matches!(label("1st Technical Interview"), Some((ref c, NameMatch::Pattern(_))) if c == "Technical Interview")
        );
        assert!(
            matches!(label("Technical Interview I (On-site)"), Some((ref c, _)) if c == "Technical Interview")
        );
        assert!(
            matches!(label("HR Call (Skype voice chat)"), Some((ref c, NameMatch::Pattern(_))) if c == "HR Call")
        );
        assert!(
            matches!(label("Rejection Letter"), Some((ref c, NameMatch::Drift(_))) if c == "Rejection Email")
        );
        assert!(
            matches!(label("Task Review"), Some((ref c, NameMatch::Exact(_))) if c == "Task Review")
        );
    }

    #[test]
    fn bad_pack_reports_position() {
        let err = Pack::from_toml("[pack]\nname = 3\n").unwrap_err();
        assert!(err.span.is_some());
    }
}
