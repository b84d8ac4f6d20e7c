//! The schema pack: what a write-up must look like, as data.
//!
//! `rules/interview.toml` is embedded in the binary; `--rules FILE` swaps in
//! another pack. The pack is the domain: its stages and outcomes
//! ([`model`]), its score scale ([`score`]), its vocabularies
//! ([`vocabulary`]), date syntax and section schema. Loading validates the
//! pack (unknown keys, bad regexes, references to undeclared stages or
//! outcomes, non-finite numbers) and precomputes the matchers every
//! document uses, so parsing a document never compiles a regex or
//! lowercases the vocabulary again. Invariant: a loaded `Pack` is
//! internally consistent, and code may index into it through its typed ids
//! without checks. This module imports nothing above it (see
//! `tests/layering.rs`).

pub mod model;
pub mod score;
pub mod vocabulary;

use std::collections::HashMap;
use std::ops::Range;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

pub use model::{Label, LabelEnd, LegendEntry, Outcome, OutcomeId, Stage, StageId, OPEN_KEY};
pub use score::{Band, Rgb, ScoreScale};
use vocabulary::{fold, Matcher};
pub use vocabulary::{normalise_name, NameMatch, Spelling, Vocabulary, VocabularySpec};

/// The interview pack that ships with jobmark.
pub const DEFAULT_PACK: &str = include_str!("../../rules/interview.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    pack: PackHeader,
    stages: Vec<Spanned<StageSpec>>,
    outcomes: Vec<Spanned<OutcomeSpec>>,
    #[serde(default)]
    sections: Vec<Spanned<SectionFile>>,
    #[serde(default)]
    status: Vec<Spanned<StatusSpec>>,
    #[serde(default)]
    labels: Vec<Spanned<LabelSpec>>,
    dates: DateSpec,
    score: ScoreSpec,
    #[serde(default)]
    values: ValueSpec,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StageSpec {
    key: String,
    label: String,
    order: i64,
    #[serde(default)]
    interview: bool,
    #[serde(default)]
    needs_notes: bool,
    #[serde(default)]
    funnel: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomeSpec {
    key: String,
    label: String,
    colour: String,
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
    /// Once the status line names a stage that counts as an interview.
    Interviewed,
    Never,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionFile {
    key: String,
    kind: SectionKind,
    heading: String,
    level: u8,
    required: Required,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    stage: Option<String>,
}

/// A section of the schema, with its stage resolved.
#[derive(Debug, Clone)]
pub struct SectionSpec {
    pub key: String,
    pub kind: SectionKind,
    pub heading: String,
    pub level: u8,
    pub required: Required,
    pub aliases: Vec<String>,
    pub patterns: Vec<String>,
    pub stage: Option<StageId>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusSpec {
    emoji: String,
    meaning: String,
    #[serde(default)]
    stage: Option<String>,
    #[serde(default)]
    outcome: Option<String>,
    #[serde(default)]
    variants: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelSpec {
    canonical: String,
    #[serde(default)]
    stage: Option<String>,
    /// An outcome key, or `any` for a response that does not say which way
    /// it went.
    #[serde(default)]
    outcome: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoreSpec {
    max: Spanned<f64>,
    step: Spanned<f64>,
    bands: Vec<Spanned<BandSpec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BandSpec {
    name: String,
    min: Spanned<f64>,
    colour: Spanned<String>,
    #[serde(default)]
    older: Vec<String>,
}

/// How the values of a list section (`Apply Way`) are joined on one line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueSpec {
    /// Separators between values, matched ASCII-case-insensitively, the
    /// longest first. Empty: one value per line.
    #[serde(default)]
    pub separators: Vec<String>,
}

/// The date syntax compiled from `[dates]`: digits (ASCII, Persian,
/// Arabic-Indic) joined by the pack's separators.
#[derive(Debug)]
pub struct DateSyntax {
    /// `YYYY<sep>MM<sep>DD`, month and day optional (partial dates).
    pub year_first: Regex,
    /// `DD<sep>MM<sep>YYYY`.
    pub day_first: Regex,
    /// Every separator character.
    pub separators: Vec<char>,
}

const DIGIT: &str = r"[0-9\x{06F0}-\x{06F9}\x{0660}-\x{0669}]";

impl DateSyntax {
    fn new(separators: &[String]) -> Result<DateSyntax, String> {
        let mut chars = Vec::new();
        for s in separators {
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(c), None) if !c.is_alphanumeric() && !c.is_whitespace() => chars.push(c),
                _ => {
                    return Err(format!(
                        "date separator `{s}` must be one punctuation character"
                    ))
                }
            }
        }
        if chars.is_empty() {
            return Err("`dates.separators` must not be empty".into());
        }
        let class: String = chars
            .iter()
            .map(|c| regex::escape(&c.to_string()))
            .collect();
        let year_first = format!(
            r"(?P<y>{DIGIT}{{4}})(?:(?P<s1>[{class}])(?P<m>{DIGIT}{{1,2}})?(?:(?P<s2>[{class}])(?P<d>{DIGIT}{{1,2}})?)?)?"
        );
        let day_first = format!(
            r"(?P<d>{DIGIT}{{1,2}})(?P<s1>[{class}])(?P<m>{DIGIT}{{1,2}})[{class}](?P<y>{DIGIT}{{4}})"
        );
        Ok(DateSyntax {
            year_first: Regex::new(&year_first).map_err(|e| e.to_string())?,
            day_first: Regex::new(&day_first).map_err(|e| e.to_string())?,
            separators: chars,
        })
    }
}

/// A loaded, validated schema pack.
#[derive(Debug)]
pub struct Pack {
    pub header: PackHeader,
    /// Sorted by `order`: a [`StageId`] indexes here.
    pub stages: Vec<Stage>,
    /// In declaration order: an [`OutcomeId`] indexes here.
    pub outcomes: Vec<Outcome>,
    pub sections: Vec<SectionSpec>,
    pub legend: Vec<LegendEntry>,
    /// Emoji spelling with U+FE0F removed -> legend index.
    legend_lookup: HashMap<String, usize>,
    pub labels: Vec<Label>,
    pub dates: DateSpec,
    pub date_syntax: DateSyntax,
    pub score: ScoreScale,
    pub values: ValueSpec,
    pub channels: Vocabulary,
    pub platforms: Vocabulary,
    section_matcher: Matcher,
    label_matcher: Matcher,
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

fn at(span: Range<usize>) -> impl Fn(String) -> PackError {
    move |message| PackError {
        message,
        span: Some(span.clone()),
    }
}

/// A number of the pack that must be finite and positive.
fn positive(name: &str, value: &Spanned<f64>) -> Result<f64, PackError> {
    let v = *value.get_ref();
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(at(value.span())(format!(
            "`{name}` is {v}; it must be a finite number greater than 0"
        )))
    }
}

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

        // Stages, sorted by order so that ids compare in process order.
        let mut stage_specs: Vec<&Spanned<StageSpec>> = file.stages.iter().collect();
        if stage_specs.is_empty() {
            return Err(invalid("the pack declares no `[[stages]]`".into()));
        }
        stage_specs.sort_by_key(|s| s.get_ref().order);
        let mut stages: Vec<Stage> = Vec::new();
        for spec in &stage_specs {
            let s = spec.get_ref();
            let here = at(spec.span());
            if stages.iter().any(|t| t.key == s.key) {
                return Err(here(format!("stage `{}` is declared twice", s.key)));
            }
            if s.key == OPEN_KEY {
                return Err(here(format!("`{OPEN_KEY}` is reserved")));
            }
            let id =
                StageId(u16::try_from(stages.len()).map_err(|_| here("too many stages".into()))?);
            stages.push(Stage {
                id,
                key: s.key.clone(),
                label: s.label.clone(),
                interview: s.interview,
                needs_notes: s.needs_notes,
                funnel: s.funnel,
            });
        }
        let mut outcomes: Vec<Outcome> = Vec::new();
        for spec in &file.outcomes {
            let o = spec.get_ref();
            let here = at(spec.span());
            // `open` is the ending without an outcome; `any` is what a label
            // writes for "an outcome, whichever".
            if [OPEN_KEY, "any"].contains(&o.key.as_str())
                || outcomes.iter().any(|t| t.key == o.key)
            {
                return Err(here(format!(
                    "outcome `{}` is declared twice or reserved (`{OPEN_KEY}`, `any`)",
                    o.key
                )));
            }
            let colour = Rgb::parse(&o.colour)
                .ok_or_else(|| here(format!("outcome colour `{}` is not #rrggbb", o.colour)))?;
            let id = OutcomeId(
                u16::try_from(outcomes.len()).map_err(|_| here("too many outcomes".into()))?,
            );
            outcomes.push(Outcome {
                id,
                key: o.key.clone(),
                label: o.label.clone(),
                colour,
            });
        }
        let stage_of =
            |key: &Option<String>, span: Range<usize>| -> Result<Option<StageId>, PackError> {
                match key {
                    None => Ok(None),
                    Some(k) => stages
                        .iter()
                        .find(|s| s.key == *k)
                        .map(|s| Some(s.id))
                        .ok_or_else(|| {
                            at(span)(format!("stage `{k}` is not declared in `[[stages]]`"))
                        }),
                }
            };
        let outcome_of = |key: &str, span: Range<usize>| -> Result<OutcomeId, PackError> {
            outcomes
                .iter()
                .find(|o| o.key == key)
                .map(|o| o.id)
                .ok_or_else(|| {
                    at(span)(format!("outcome `{key}` is not declared in `[[outcomes]]`"))
                })
        };

        let mut section_matcher = Matcher::default();
        let mut sections = Vec::new();
        for (i, spanned) in file.sections.iter().enumerate() {
            let s = spanned.get_ref();
            let here = at(spanned.span());
            section_matcher
                .add(i, &s.heading, &s.aliases, &s.patterns)
                .map_err(&here)?;
            if !(1..=6).contains(&s.level) {
                return Err(here(format!(
                    "section `{}` has level {}; levels run 1-6",
                    s.key, s.level
                )));
            }
            sections.push(SectionSpec {
                key: s.key.clone(),
                kind: s.kind,
                heading: s.heading.clone(),
                level: s.level,
                required: s.required,
                aliases: s.aliases.clone(),
                patterns: s.patterns.clone(),
                stage: stage_of(&s.stage, spanned.span())?,
            });
        }
        for kind in [SectionKind::Company, SectionKind::Status] {
            if !sections.iter().any(|s| s.kind == kind) {
                return Err(invalid(
                    format!("the pack needs a section of kind `{kind:?}`").to_lowercase(),
                ));
            }
        }

        let mut legend = Vec::new();
        let mut legend_lookup = HashMap::new();
        for (i, spanned) in file.status.iter().enumerate() {
            let s = spanned.get_ref();
            if s.stage.is_some() == s.outcome.is_some() {
                return Err(at(spanned.span())(format!(
                    "status emoji `{}` must have exactly one of `stage` or `outcome`",
                    s.emoji
                )));
            }
            legend.push(LegendEntry {
                emoji: s.emoji.clone(),
                meaning: s.meaning.clone(),
                stage: stage_of(&s.stage, spanned.span())?,
                outcome: s
                    .outcome
                    .as_deref()
                    .map(|k| outcome_of(k, spanned.span()))
                    .transpose()?,
            });
            for spelling in std::iter::once(&s.emoji).chain(&s.variants) {
                legend_lookup
                    .entry(strip_variation_selectors(spelling))
                    .or_insert(i);
            }
        }

        let mut label_matcher = Matcher::default();
        let mut labels = Vec::new();
        for (i, spanned) in file.labels.iter().enumerate() {
            let l = spanned.get_ref();
            if l.stage.is_some() == l.outcome.is_some() {
                return Err(at(spanned.span())(format!(
                    "label `{}` must have exactly one of `stage` or `outcome`",
                    l.canonical
                )));
            }
            label_matcher
                .add(i, &l.canonical, &l.aliases, &l.patterns)
                .map_err(at(spanned.span()))?;
            let ends = match l.outcome.as_deref() {
                None => None,
                Some("any") => Some(LabelEnd::Any),
                Some(k) => Some(LabelEnd::Outcome(outcome_of(k, spanned.span())?)),
            };
            labels.push(Label {
                canonical: l.canonical.clone(),
                stage: stage_of(&l.stage, spanned.span())?,
                ends,
            });
        }
        let channels = Vocabulary::new("channel", file.channels).map_err(invalid)?;
        let platforms = Vocabulary::new("platform", file.platforms).map_err(invalid)?;
        let score = score_scale(&file.score)?;
        let date_syntax = DateSyntax::new(&file.dates.separators).map_err(invalid)?;
        let placeholders_folded = file.dates.placeholders.iter().map(|p| fold(p)).collect();
        Ok(Pack {
            header: file.pack,
            stages,
            outcomes,
            sections,
            legend,
            legend_lookup,
            labels,
            dates: file.dates,
            date_syntax,
            score,
            values: file.values,
            channels,
            platforms,
            section_matcher,
            label_matcher,
            placeholders_folded,
        })
    }

    /// The section a heading names, if any.
    pub fn find_section(&self, heading: &str) -> Option<NameMatch> {
        self.section_matcher.find(heading)
    }

    /// Position in [`Pack::sections`] of a section match.
    pub fn section_index(&self, found: NameMatch) -> usize {
        found.index()
    }

    /// The section a heading match names.
    pub fn section(&self, found: NameMatch) -> &SectionSpec {
        &self.sections[found.index()]
    }

    pub fn section_of_kind(&self, kind: SectionKind) -> Option<(usize, &SectionSpec)> {
        self.sections
            .iter()
            .enumerate()
            .find(|(_, s)| s.kind == kind)
    }

    /// The notes section of a stage, if the pack has one.
    pub fn section_of_stage(&self, stage: StageId) -> Option<(usize, &SectionSpec)> {
        self.sections
            .iter()
            .enumerate()
            .find(|(_, s)| s.stage == Some(stage))
    }

    /// The legend entry of one status grapheme, ignoring U+FE0F.
    pub fn find_emoji(&self, grapheme: &str) -> Option<&LegendEntry> {
        self.legend_lookup
            .get(&strip_variation_selectors(grapheme))
            .map(|&i| &self.legend[i])
    }

    pub fn stage(&self, id: StageId) -> &Stage {
        &self.stages[id.index()]
    }

    pub fn outcome(&self, id: OutcomeId) -> &Outcome {
        &self.outcomes[id.index()]
    }

    /// The stage declared with `key`.
    pub fn stage_by_key(&self, key: &str) -> Option<StageId> {
        self.stages.iter().find(|s| s.key == key).map(|s| s.id)
    }

    /// The outcome declared with `key`.
    pub fn outcome_by_key(&self, key: &str) -> Option<OutcomeId> {
        self.outcomes.iter().find(|o| o.key == key).map(|o| o.id)
    }

    /// The first stage of the process (lowest `order`): where every
    /// write-up starts.
    pub fn first_stage(&self) -> &Stage {
        // A loaded pack declares at least one stage.
        &self.stages[0]
    }

    /// The stages drawn as funnel columns, in process order.
    pub fn funnel_stages(&self) -> impl Iterator<Item = &Stage> {
        self.stages.iter().filter(|s| s.funnel)
    }

    /// `key` of an ending: an outcome's key, or `open`.
    pub fn outcome_key(&self, outcome: Option<OutcomeId>) -> &str {
        outcome.map_or(OPEN_KEY, |id| self.outcome(id).key.as_str())
    }

    /// Label of an ending: an outcome's label, or `open`.
    pub fn outcome_label(&self, outcome: Option<OutcomeId>) -> &str {
        outcome.map_or(OPEN_KEY, |id| self.outcome(id).label.as_str())
    }

    pub fn emoji_for_stage(&self, stage: StageId) -> Option<&str> {
        self.legend
            .iter()
            .find(|e| e.stage == Some(stage))
            .map(|e| e.emoji.as_str())
    }

    pub fn emoji_for_outcome(&self, outcome: OutcomeId) -> Option<&str> {
        self.legend
            .iter()
            .find(|e| e.outcome == Some(outcome))
            .map(|e| e.emoji.as_str())
    }

    /// The first dated label that stands for `stage`.
    pub fn label_for_stage(&self, stage: StageId) -> Option<&Label> {
        self.labels.iter().find(|l| l.stage == Some(stage))
    }

    /// The label a bold stage label names, with parenthesised asides
    /// (`HR Call (Skype voice chat)`) ignored for matching.
    pub fn find_label(&self, label: &str) -> Option<NameMatch> {
        self.label_matcher.find(label).or_else(|| {
            let without_aside = strip_parenthesised(label);
            (without_aside != label)
                .then(|| self.label_matcher.find(&without_aside))
                .flatten()
                .map(|m| match m.spelling {
                    // The aside is information, not drift: keep it.
                    Spelling::Exact => NameMatch::new(Spelling::Pattern, m.index()),
                    _ => m,
                })
        })
    }

    /// The label a label match names.
    pub fn label(&self, found: NameMatch) -> &Label {
        &self.labels[found.index()]
    }

    /// Whether `text` (a whole date value) is a known placeholder.
    pub fn placeholder(&self, text: &str) -> Option<&str> {
        let folded = fold(text);
        self.placeholders_folded
            .iter()
            .position(|p| {
                folded
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '.']))
            })
            .map(|i| self.dates.placeholders[i].as_str())
    }

    /// The band a score falls in.
    pub fn band_for(&self, score: f64) -> Option<&Band> {
        self.score.band_for(score)
    }

    /// A short identifier for `--version`: `interview 1.0.0`.
    pub fn describe(&self) -> String {
        format!("{} {}", self.header.name, self.header.version)
    }

    /// [`Pack::describe`] of the built-in pack, read from its `[pack]`
    /// table alone: `--version` is part of every command line's parser,
    /// and building the whole pack (regexes and all) for it would be paid
    /// again by every run.
    pub fn describe_builtin() -> String {
        #[derive(Deserialize)]
        struct HeaderOnly {
            pack: PackHeader,
        }
        match toml::from_str::<HeaderOnly>(DEFAULT_PACK) {
            Ok(file) => format!("{} {}", file.pack.name, file.pack.version),
            Err(_) => Pack::builtin().describe(),
        }
    }
}

/// Validate `[score]`: finite positive max and step, a whole number of
/// steps, band minimums inside the scale and colours that parse.
fn score_scale(spec: &ScoreSpec) -> Result<ScoreScale, PackError> {
    let max = positive("score.max", &spec.max)?;
    let step = positive("score.step", &spec.step)?;
    let steps = max / step;
    if !steps.is_finite() || (steps - steps.round()).abs() > 1e-6 || steps.round() < 1.0 {
        return Err(at(spec.step.span())(format!(
            "`score.step` {step} does not divide `score.max` {max} into whole steps"
        )));
    }
    if steps.round() > score::MAX_STEPS as f64 {
        return Err(at(spec.step.span())(format!(
            "`score.step` {step} makes {} steps up to {max}; at most {} are allowed",
            steps.round(),
            score::MAX_STEPS
        )));
    }
    let mut bands = Vec::new();
    for spanned in &spec.bands {
        let b = spanned.get_ref();
        let min = *b.min.get_ref();
        if !min.is_finite() || !(0.0..=max).contains(&min) {
            return Err(at(b.min.span())(format!(
                "band `{}` has `min` {min}; it must be a finite number from 0 to {max}",
                b.name
            )));
        }
        let rgb = Rgb::parse(b.colour.get_ref()).ok_or_else(|| {
            at(b.colour.span())(format!(
                "band `{}` colour `{}` is not #rrggbb",
                b.name,
                b.colour.get_ref()
            ))
        })?;
        bands.push(Band {
            name: b.name.clone(),
            min,
            colour: b.colour.get_ref().clone(),
            rgb,
            older: b.older.clone(),
        });
    }
    bands.sort_by(|a, b| b.min.total_cmp(&a.min));
    Ok(ScoreScale { max, step, bands })
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
            Some(NameMatch {
                spelling: Spelling::Exact,
                ..
            })
        ));
        assert!(matches!(
            pack.find_section("Interview date"),
            Some(NameMatch {
                spelling: Spelling::Drift,
                ..
            })
        ));
        assert!(matches!(
            pack.find_section("Apply way"),
            Some(NameMatch {
                spelling: Spelling::Drift,
                ..
            })
        ));
    }

    #[test]
    fn version_names_the_builtin_pack_without_building_it() {
        assert_eq!(Pack::describe_builtin(), Pack::builtin().describe());
    }

    #[test]
    fn a_placeholder_is_the_whole_value_or_its_first_word() {
        let pack = Pack::builtin();
        let first = pack.dates.placeholders[0].clone();
        assert_eq!(pack.placeholder(&first), Some(first.as_str()));
        let lower = first.to_lowercase();
        assert_eq!(
            pack.placeholder(&format!(" {lower}: ")),
            Some(first.as_str())
        );
        assert_eq!(
            pack.placeholder(&format!("{lower} later")),
            Some(first.as_str())
        );
        assert_eq!(pack.placeholder(&format!("{lower}.")), Some(first.as_str()));
        assert_eq!(pack.placeholder(&format!("{lower}x")), None);
        assert_eq!(pack.placeholder(&format!("x {lower}")), None);
    }

    #[test]
    fn emoji_lookup_ignores_variation_selector() {
        let pack = Pack::builtin();
        let task_review = pack.stage_by_key("task_review");
        assert!(task_review.is_some());
        assert_eq!(pack.find_emoji("⚖").unwrap().stage, task_review);
        assert_eq!(pack.find_emoji("⚖️").unwrap().stage, task_review);
        assert_eq!(
            pack.find_emoji("👱🏻‍♀️").unwrap().stage,
            pack.stage_by_key("hr_interview")
        );
        assert!(pack.find_emoji("🎉").is_none());
    }

    #[test]
    fn stage_ids_follow_the_declared_order() {
        let pack = Pack::builtin();
        let keys: Vec<&str> = pack.stages.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "resume",
                "hr_call",
                "hr_interview",
                "technical",
                "task",
                "task_review"
            ]
        );
        assert!(pack.stage_by_key("resume") < pack.stage_by_key("task_review"));
        assert_eq!(pack.first_stage().key, "resume");
    }

    #[test]
    fn labels_resolve_with_drift_and_patterns() {
        let pack = Pack::builtin();
        let label = |text| {
            pack.find_label(text)
                .map(|m| (pack.label(m).canonical.clone(), m))
        };
        assert!(matches!(
            label("Sent Resume"),
            Some((
                _,
                NameMatch {
                    spelling: Spelling::Exact,
                    ..
                }
            ))
        ));
        assert!(
            matches!(label("Send Resume"), Some((ref c, NameMatch { spelling: Spelling::Drift, .. })) if c == "Sent Resume")
        );
        assert!(
            matches!(label("1st Technical Interview"), Some((ref c, NameMatch { spelling: Spelling::Pattern, .. })) if c == "Technical Interview")
        );
        assert!(
            matches!(label("Technical Interview I (On-site)"), Some((ref c, _)) if c == "Technical Interview")
        );
        assert!(
            matches!(label("HR Call (Skype voice chat)"), Some((ref c, NameMatch { spelling: Spelling::Pattern, .. })) if c == "HR Call")
        );
        assert!(
            matches!(label("Rejection Letter"), Some((ref c, NameMatch { spelling: Spelling::Drift, .. })) if c == "Rejection Email")
        );
        assert!(
            matches!(label("Task Review"), Some((ref c, NameMatch { spelling: Spelling::Exact, .. })) if c == "Task Review")
        );
    }

    #[test]
    fn bad_pack_reports_position() {
        let err = Pack::from_toml("[pack]\nname = 3\n").unwrap_err();
        assert!(err.span.is_some());
    }

    /// Issue 8: a non-finite, negative or zero number is refused, and the
    /// error points at it.
    #[test]
    fn non_finite_and_non_positive_numbers_are_refused_with_their_line() {
        for (from, to) in [
            ("step = 0.5", "step = nan"),
            ("step = 0.5", "step = inf"),
            ("step = 0.5", "step = -0.5"),
            ("step = 0.5", "step = 0.0"),
            ("max = 10.0", "max = -inf"),
            ("step = 0.5", "step = 1e-300"),
            ("step = 0.5", "step = 3.0"),
            ("min = 8.0", "min = nan"),
            ("min = 5.0", "min = 11.0"),
        ] {
            assert!(DEFAULT_PACK.contains(from), "{from}");
            let text = DEFAULT_PACK.replacen(from, to, 1);
            let err = Pack::from_toml(&text).expect_err(to);
            let span = err.span.clone().unwrap_or_else(|| panic!("{to}: no span"));
            assert_eq!(&text[span], to.split(" = ").nth(1).unwrap(), "{to}: {err}");
        }
    }

    #[test]
    fn reserved_and_duplicate_keys_are_refused() {
        for (from, to) in [
            ("key = \"declined\"", "key = \"any\""),
            ("key = \"declined\"", "key = \"open\""),
            ("key = \"declined\"", "key = \"rejected\""),
            ("key = \"task_review\"", "key = \"task\""),
        ] {
            let text = DEFAULT_PACK.replacen(from, to, 1);
            assert_ne!(text, DEFAULT_PACK);
            let err = Pack::from_toml(&text).expect_err(to);
            assert!(err.span.is_some(), "{to}: {err}");
        }
    }

    #[test]
    fn references_to_undeclared_stages_are_refused() {
        let text = DEFAULT_PACK.replacen("stage = \"task_review\"", "stage = \"lab\"", 1);
        let err = Pack::from_toml(&text).unwrap_err();
        assert!(err.message.contains("stage `lab` is not declared"), "{err}");
        assert!(err.span.is_some());
    }
}
