//! The default, human format: each finding as a miette snippet (rule code and
//! name, message, the source with the span underlined, `help:` with the fix
//! title), then one summary line.
//!
//! Invariants:
//! - miette's own `[file:line:col]` header counts the column in bytes
//!   (DEPENDENCIES.md). We switch that off and put our own position, in
//!   Unicode scalar values like every other format, into the source name, so
//!   `path:3:5` means the same thing here as in `concise` and `json`.
//! - Spans reach miette clamped to character boundaries
//!   ([`super::display_span`]); miette then only decides *where to draw*, and
//!   its width quirks (`⚖️` counts one column) can misalign an underline but
//!   cannot fail the run. If miette still fails to format a finding, we
//!   fall back to the concise line rather than lose it.
//! - With `color: false` the theme has no styles and links are off, so the
//!   output contains no escape sequences at all.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use super::{located, summary_line, write_statistics, Located, RenderOptions, Style};
use crate::diagnostic::{Applicability, FileReport, RuleMeta, Severity};

/// Render findings as miette reports, or the statistics table when
/// `options.statistics` is set, then the summary line.
pub fn render(
    reports: &[FileReport],
    _rules: &[RuleMeta],
    out: &mut dyn Write,
    options: &RenderOptions,
) -> io::Result<()> {
    let style = Style::new(options.color);
    if options.statistics {
        write_statistics(out, reports, &style)?;
    } else {
        let handler = handler(options);
        for file in located(reports) {
            for item in &file.findings {
                let url = rule_link(options, item);
                out.write_all(render_one(&handler, &file.report.text, item, url).as_bytes())?;
            }
        }
    }
    if options.quiet {
        return Ok(());
    }
    writeln!(
        out,
        "{}",
        style.bold(&summary_line(reports, options.counts))
    )
}

fn handler(options: &RenderOptions) -> GraphicalReportHandler {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .without_primary_span_start()
        .with_width(options.width.max(20))
        .with_context_lines(1)
}

/// The rule's documentation URL, shown after the code (`JM101
/// missing-section (https://…#JM101)`). Only a plain http(s) URL: the pack
/// may come from the repository, and its `docs_url` reaches the terminal.
fn rule_link(options: &RenderOptions, item: &Located<'_>) -> Option<String> {
    options
        .rule_url(item.finding.code, item.finding.name)
        .filter(|url| crate::diagnostic::is_plain_url(url))
}

/// One finding as a miette report, ending in a blank line.
fn render_one(
    handler: &GraphicalReportHandler,
    text: &Arc<str>,
    item: &Located<'_>,
    url: Option<String>,
) -> String {
    let report = FindingReport::new(text, item, url);
    let mut rendered = String::new();
    match handler.render_report(&mut rendered, &report) {
        Ok(()) => {
            rendered.push('\n');
            rendered
        }
        Err(fmt::Error) => format!(
            "{}:{}:{}: {} [{}] {}\n\n",
            item.path,
            item.start.line,
            item.start.column,
            item.finding.code,
            item.finding.severity.as_str(),
            item.finding.message
        ),
    }
}

/// Adapter from a located finding to miette's `Diagnostic`.
struct FindingReport {
    code: String,
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    url: Option<String>,
    source: NamedSource<Arc<str>>,
    label: LabeledSpan,
}

impl FindingReport {
    fn new(text: &Arc<str>, item: &Located<'_>, url: Option<String>) -> FindingReport {
        let finding = item.finding;
        let name = format!("{}:{}:{}", item.path, item.start.line, item.start.column);
        FindingReport {
            code: format!("{} {}", finding.code, finding.name),
            message: finding.message.clone(),
            severity: match finding.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            help: help_text(item),
            url,
            source: NamedSource::new(name, Arc::clone(text)),
            label: LabeledSpan::new_primary_with_span(None, (item.span.start, item.span.len())),
        }
    }
}

/// The `help:` text: the rule's hand advice, then what a fix would do and
/// whether `--fix` applies it.
fn help_text(item: &Located<'_>) -> Option<String> {
    let fix = item.finding.fix.as_ref().map(|fix| {
        let kind = match fix.applicability {
            Applicability::Safe => "Safe fix",
            Applicability::Unsafe => "Unsafe fix",
            Applicability::DisplayOnly => "Suggestion",
        };
        format!("{kind}: {}", fix.title)
    });
    match (&item.finding.help, fix) {
        (Some(help), Some(fix)) => Some(format!("{help}\n{fix}")),
        (Some(help), None) => Some(help.clone()),
        (None, fix) => fix,
    }
}

impl fmt::Debug for FindingReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindingReport")
            .field("code", &self.code)
            .finish()
    }
}

impl fmt::Display for FindingReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingReport {}

impl Diagnostic for FindingReport {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.url
            .as_ref()
            .map(|url| Box::new(url) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}
