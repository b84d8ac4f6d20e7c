//! The rule catalogue: one rule per file, one registry.
//!
//! Each rule is a unit struct declared with [`declare_rule!`], whose doc
//! comment (What it does / Why / Example / Fix) is compiled into the binary
//! and printed by `jobmark rule CODE`, so the documentation cannot drift
//! from the code. Rules read the parsed [`Document`] and never re-parse the
//! text; they return findings, never errors.

use crate::calendar::Day;
use crate::diagnostic::{Finding, Fix, RuleMeta, Severity};
use crate::document::{Document, Span};
use crate::pack::Pack;

/// Declare a rule: its struct and its `META` (code, name, severity, docs).
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            severity: $severity:ident,
            summary: $summary:literal,
            fixable: $fixable:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: $crate::diagnostic::RuleMeta = $crate::diagnostic::RuleMeta {
                code: $code,
                name: $rule_name,
                default_severity: $crate::diagnostic::Severity::$severity,
                summary: $summary,
                doc: concat!($($doc, "\n"),*),
                fixable: $fixable,
            };
        }
    };
}

/// The `run` of a vocabulary rule: one of the two generic checks of
/// [`vocabulary`] over one list of values (`channels`, `platforms`) and
/// the pack's vocabulary of the same name. `what` names a value in messages.
macro_rules! vocabulary_rule {
    ($rule:ident, $check:ident, $list:ident, $what:literal) => {
        impl $rule {
            pub const GARBLED_OK: bool = false;

            pub fn run(ctx: &mut Context<'_>) {
                let (doc, pack) = (ctx.doc, ctx.pack);
                super::vocabulary::$check(ctx, &Self::META, &doc.$list, &pack.$list, $what);
            }
        }
    };
}

mod prelude {
    pub use super::{Context, FindingExt};
    pub use crate::diagnostic::{Applicability, Edit, Fix};
    pub use crate::pack::SectionKind;
}

mod byte_order_mark;
mod channel_spelling;
mod chronology;
mod company_link;
mod content_before_h1;
mod crlf_line_endings;
mod date_placeholder;
mod date_punctuation;
mod duplicate_section;
mod empty_section;
mod file_too_large;
mod future_date;
mod heading_in_html_block;
mod heading_level;
mod heading_spelling;
mod invalid_date;
mod invalid_utf8;
mod malformed_score_tag;
mod missing_mermaid;
mod missing_score;
mod missing_section;
mod missing_stage_section;
mod missing_status_line;
mod mixed_calendars;
mod mojibake;
mod multiple_h1;
mod multiple_outcomes;
mod open_process;
mod outcome_mismatch;
mod outcome_not_last;
mod partial_date;
mod platform_spelling;
mod score_colour;
mod score_out_of_range;
mod section_order;
mod stage_label_spelling;
mod stage_not_in_status;
mod todo_section;
mod undated_stage;
mod unknown_channel;
mod unknown_platform;
mod unknown_stage_label;
mod unknown_status_emoji;
mod unknown_suppression;
mod unparseable_date;
mod unused_suppression;
mod vocabulary;

/// What the lint layer learned applying the inline suppressions, for the
/// rules that report on them: (span, selector as written) of selectors
/// naming no rule, and of selectors (or whole comments, with an empty
/// selector) that silenced nothing.
#[derive(Debug, Default)]
pub struct SuppressionReport {
    pub unknown: Vec<(Span, String)>,
    pub unused: Vec<(Span, String)>,
}

/// Codes of the rules that report on suppressions: they run in a second
/// pass, once every other rule ran and the suppressions were applied.
pub const AFTER_SUPPRESSIONS: [&str; 2] = [
    unknown_suppression::UnknownSuppression::META.code,
    unused_suppression::UnusedSuppression::META.code,
];

/// The code of `unused-suppression`, which `--add-suppressions` watches
/// for its own comments.
pub const UNUSED_SUPPRESSION: &str = unused_suppression::UnusedSuppression::META.code;

/// What a rule sees.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub pack: &'a Pack,
    /// "Today" for future-date checks; injectable for tests.
    pub today: Day,
    /// Set on the second pass only (see [`AFTER_SUPPRESSIONS`]).
    pub suppressions: Option<&'a SuppressionReport>,
    findings: Vec<Finding>,
}

impl<'a> Context<'a> {
    pub fn new(doc: &'a Document, pack: &'a Pack, today: Day) -> Self {
        Context {
            doc,
            pack,
            today,
            suppressions: None,
            findings: Vec::new(),
        }
    }

    pub fn text(&self) -> &'a str {
        self.doc.text()
    }

    /// Record a finding of `meta` at `span`.
    pub fn report(
        &mut self,
        meta: &RuleMeta,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.findings.push(Finding {
            code: meta.code,
            name: meta.name,
            severity: meta.default_severity,
            message: message.into(),
            help: None,
            span,
            fix: None,
        });
        self.findings.last_mut().expect("just pushed")
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// Chainable setters for a freshly reported finding.
pub trait FindingExt {
    fn help(&mut self, help: impl Into<String>) -> &mut Self;
    fn fix(&mut self, fix: Fix) -> &mut Self;
    fn severity(&mut self, severity: Severity) -> &mut Self;
}

impl FindingExt for Finding {
    fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    fn fix(&mut self, fix: Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }

    fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }
}

/// A rule of the catalogue.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, ctx: &mut Context<'_>);
    /// Encoding rules still run when the text is mojibake; the others would
    /// only drown the one finding that matters.
    fn runs_on_garbled_text(&self) -> bool {
        false
    }
    /// Whether the rule reports on suppressions (second pass).
    fn runs_after_suppressions(&self) -> bool {
        AFTER_SUPPRESSIONS.contains(&self.meta().code)
    }
}

macro_rules! registry {
    ($($module:ident::$rule:ident),* $(,)?) => {
        $(
            impl Rule for $module::$rule {
                fn meta(&self) -> &'static RuleMeta {
                    &$module::$rule::META
                }
                fn check(&self, ctx: &mut Context<'_>) {
                    $module::$rule::run(ctx)
                }
                fn runs_on_garbled_text(&self) -> bool {
                    $module::$rule::GARBLED_OK
                }
            }
        )*
        /// Every rule, ordered by code.
        pub static ALL: &[&dyn Rule] = &[$(&$module::$rule),*];
    };
}

registry![
    invalid_utf8::InvalidUtf8,
    mojibake::Mojibake,
    byte_order_mark::ByteOrderMark,
    crlf_line_endings::CrlfLineEndings,
    file_too_large::FileTooLarge,
    missing_section::MissingSection,
    section_order::SectionOrder,
    heading_level::HeadingLevel,
    duplicate_section::DuplicateSection,
    empty_section::EmptySection,
    multiple_h1::MultipleH1,
    company_link::CompanyLink,
    heading_spelling::HeadingSpelling,
    content_before_h1::ContentBeforeH1,
    missing_mermaid::MissingMermaid,
    heading_in_html_block::HeadingInHtmlBlock,
    todo_section::TodoSection,
    missing_status_line::MissingStatusLine,
    unknown_status_emoji::UnknownStatusEmoji,
    outcome_not_last::OutcomeNotLast,
    multiple_outcomes::MultipleOutcomes,
    open_process::OpenProcess,
    unparseable_date::UnparseableDate,
    invalid_date::InvalidDate,
    partial_date::PartialDate,
    date_placeholder::DatePlaceholder,
    chronology::Chronology,
    future_date::FutureDate,
    mixed_calendars::MixedCalendars,
    date_punctuation::DatePunctuation,
    stage_label_spelling::StageLabelSpelling,
    unknown_stage_label::UnknownStageLabel,
    undated_stage::UndatedStage,
    stage_not_in_status::StageNotInStatus,
    missing_stage_section::MissingStageSection,
    outcome_mismatch::OutcomeMismatch,
    missing_score::MissingScore,
    malformed_score_tag::MalformedScoreTag,
    score_out_of_range::ScoreOutOfRange,
    score_colour::ScoreColour,
    channel_spelling::ChannelSpelling,
    unknown_channel::UnknownChannel,
    platform_spelling::PlatformSpelling,
    unknown_platform::UnknownPlatform,
    unknown_suppression::UnknownSuppression,
    unused_suppression::UnusedSuppression,
];

pub use file_too_large::FileTooLarge;

/// Metadata of every rule, ordered by code.
pub fn all_meta() -> Vec<&'static RuleMeta> {
    ALL.iter().map(|r| r.meta()).collect()
}

/// Find a rule by code (`JM101`) or name (`missing-section`), any case.
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|r| {
        r.meta().code.eq_ignore_ascii_case(code_or_name)
            || r.meta().name.eq_ignore_ascii_case(code_or_name)
    })
}

/// The rule doc as Markdown: strips the one space `///` leaves.
pub fn doc_markdown(meta: &RuleMeta) -> String {
    let body: Vec<&str> = meta
        .doc
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    format!(
        "# {} ({})\n\n{}\n\nDefault severity: {}. Fix: {}.\n",
        meta.name,
        meta.code,
        body.join("\n").trim(),
        meta.default_severity.as_str(),
        if meta.fixable { "available" } else { "none" }
    )
}

/// Shared helper: the span to point at when a whole section is concerned.
pub fn heading_span(doc: &Document, section: &crate::document::Section) -> Span {
    doc.heading_of(section).span.clone()
}
