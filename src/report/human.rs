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
//!   output contains no escape sequences at all; and repository text (path,
//!   snippet, message, help) has its control characters made visible
//!   ([`crate::terminal`]), so no input can put one there either.
//! - miette is handed only the window it draws from (the span's lines plus two
//!   lines of context, capped at [`MAX_WINDOW`] bytes around the span), with
//!   the window's first line number: rendering a finding costs the size of
//!   its window, not of the file, so many findings in a big file stay linear.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{Located, LocatedFile, RenderOptions};
use crate::diagnostic::{Applicability, Severity};
use crate::lines::LineIndex;
use crate::terminal;

/// The most source text one snippet shows, in bytes: a finding on a huge
/// line (minified, or hostile) shows the part around its span only.
pub const MAX_WINDOW: usize = 16 * 1024;

/// One file's findings as miette reports (see [`super::Stream`]).
pub(super) fn render_file(
    handler: &Handler,
    file: &LocatedFile<'_>,
    out: &mut Vec<u8>,
    options: &RenderOptions,
) {
    // One buffer for the file: miette writes a report in many small
    // pieces, and growing a fresh string for each finding cost more than
    // the copy into `out`.
    let mut rendered = String::with_capacity(4096);
    for item in &file.findings {
        let url = rule_link(options, item);
        rendered.clear();
        render_one(handler, &file.index, item, url, &mut rendered);
        out.extend_from_slice(rendered.as_bytes());
    }
}

/// The miette handlers a human report draws with: the same theme and
/// width, one wrapping long lines (textwrap, with Unicode line breaking)
/// and one that only indents. Wrapping cost about a sixth of a whole
/// `check`, and most findings have nothing to wrap: those whose message
/// and help lines provably fit ([`fits_unwrapped`]) are drawn by the
/// second, which gives the same bytes (both put the indent before each
/// line; textwrap also trims trailing spaces and splits lines wider than
/// the width, and such lines never reach the second).
pub(super) struct Handler {
    wrapping: GraphicalReportHandler,
    unwrapped: GraphicalReportHandler,
    width: usize,
}

pub(super) fn handler(options: &RenderOptions) -> Handler {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let width = options.width.max(20);
    let wrapping = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .without_primary_span_start()
        .with_width(width)
        .with_context_lines(1);
    Handler {
        unwrapped: wrapping.clone().with_wrap_lines(false),
        wrapping,
        width,
    }
}

/// Whether textwrap would leave every line of `text` as it is once
/// indented, so wrapping can be skipped: each line is non-empty, starts
/// and ends with a non-space, holds no control character, and is narrow
/// enough, after the widest indent miette puts before it (`  help: `, 8
/// columns; `  × ` is 4), to fit the wrapping width (the terminal width
/// less 2) with room to spare. The width is bounded from above
/// ([`widest_columns`]), never underestimated.
fn fits_unwrapped(text: &str, width: usize) -> bool {
    const WIDEST_INDENT: usize = 8;
    let room = width.saturating_sub(2 + WIDEST_INDENT + 2);
    text.split('\n').all(|line| {
        !line.is_empty()
            && !line.starts_with(char::is_whitespace)
            && !line.ends_with(char::is_whitespace)
            && !line.chars().any(char::is_control)
            && line.chars().map(widest_columns).sum::<usize>() <= room
    })
}

/// The most columns textwrap (through unicode-width) can count for `c`:
/// one for printable ASCII, two for any other character but the few that
/// unicode-width's tables give three (Khmer, U+17D8) or that other versions
/// of them treat specially; three for those, to stay an upper bound.
fn widest_columns(c: char) -> usize {
    match c {
        ' '..='~' => 1,
        '\u{1780}'..='\u{17FF}' | '\u{2E3A}'..='\u{2E3B}' | '\u{FDFD}' => 3,
        _ => 2,
    }
}

/// The rule's documentation URL, shown after the code (`JM101
/// missing-section (https://…#JM101)`); [`RenderOptions::rule_url`] keeps
/// only plain http(s) URLs.
fn rule_link(options: &RenderOptions, item: &Located<'_>) -> Option<String> {
    options.rule_url(item.finding.code, item.finding.name)
}

/// One finding as a miette report, ending in a blank line, into the empty
/// `rendered`.
fn render_one(
    handler: &Handler,
    index: &LineIndex<'_>,
    item: &Located<'_>,
    url: Option<String>,
    rendered: &mut String,
) {
    let report = FindingReport::new(index, item, url);
    let unwrapped = fits_unwrapped(&report.message, handler.width)
        && report
            .help
            .as_deref()
            .is_none_or(|help| fits_unwrapped(help, handler.width));
    let miette = if unwrapped {
        &handler.unwrapped
    } else {
        &handler.wrapping
    };
    match miette.render_report(rendered, &report) {
        Ok(()) => rendered.push('\n'),
        // What miette wrote before failing is dropped with it.
        Err(fmt::Error) => {
            *rendered = format!(
                "{}:{}:{}: {} [{}] {}\n\n",
                terminal::escape(item.path),
                item.start.line,
                item.start.column,
                item.finding.code,
                item.finding.severity.as_str(),
                terminal::escape(&item.finding.message)
            )
        }
    }
}

/// Adapter from a located finding to miette's `Diagnostic`.
struct FindingReport {
    code: String,
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    url: Option<String>,
    source: WindowSource,
    label: LabeledSpan,
}

impl FindingReport {
    fn new(index: &LineIndex<'_>, item: &Located<'_>, url: Option<String>) -> FindingReport {
        let finding = item.finding;
        let name = format!(
            "{}:{}:{}",
            terminal::escape(item.path),
            item.start.line,
            item.start.column
        );
        let (source, label) = WindowSource::around(name, index, item);
        FindingReport {
            code: format!("{} {}", finding.code, finding.name),
            message: terminal::escape_multiline(&finding.message).into_owned(),
            severity: match finding.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            help: help_text(item).map(|help| terminal::escape_multiline(&help).into_owned()),
            url,
            source,
            label: LabeledSpan::new_primary_with_span(None, label),
        }
    }
}

/// The part of a file one snippet shows, escaped, and where it starts.
struct WindowSource {
    name: String,
    /// The window's text with control characters made visible.
    text: String,
    /// 0-based line number of the window's first line in the file.
    first_line: usize,
}

impl WindowSource {
    /// The window around `item` and the finding's span within it.
    fn around(
        name: String,
        index: &LineIndex<'_>,
        item: &Located<'_>,
    ) -> (WindowSource, SourceSpan) {
        let text = item.text;
        let span = item.span.clone();
        // `with_context_lines(1)` asks for one line of context on each side;
        // miette counts an empty span at a line start as reaching the next
        // line, so the window holds two: miette picks what it draws from it.
        let mut start = index.line_start(item.start.line.saturating_sub(2).max(1));
        let mut end = index.line_start(item.end.line + 3);
        if end - start > MAX_WINDOW {
            let shown_end = span.end.min(span.start + MAX_WINDOW / 2);
            start = start.max(span.start.saturating_sub(MAX_WINDOW / 4));
            end = end.min(shown_end + MAX_WINDOW / 4);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            while !text.is_char_boundary(end) {
                end += 1;
            }
        }
        let label_start = span.start.clamp(start, end) - start;
        let label_end = span.end.clamp(start, end) - start;
        let first_line = index.position(start).line - 1;
        let (escaped, [label_start, label_end]) =
            terminal::escape_multiline_with_offsets(&text[start..end], [label_start, label_end]);
        (
            WindowSource {
                name,
                text: escaped,
                first_line,
            },
            SourceSpan::from((label_start, label_end - label_start)),
        )
    }
}

impl SourceCode for WindowSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{FileReport, Finding};

    /// One finding at `span`, with escape sequences in its path and message.
    fn report(text: &str, span: std::ops::Range<usize>) -> FileReport {
        FileReport {
            path: "a\u{1b}.md".into(),
            text: std::sync::Arc::from(text),
            findings: vec![Finding {
                code: "JM101",
                name: "missing-section",
                severity: Severity::Error,
                message: "bad \u{1b}[2J thing".into(),
                help: None,
                span,
                fix: None,
            }],
        }
    }

    fn rendered(report: &FileReport) -> String {
        let mut out = Vec::new();
        crate::report::render(
            crate::report::Format::Human,
            std::slice::from_ref(report),
            &[],
            &mut out,
            &RenderOptions::default(),
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_window_keeps_the_file_line_numbers() {
        let mut text: String = (1..5000).map(|i| format!("line {i}\n")).collect();
        let start = text.len();
        text.push_str("the \u{1b}]0;x\u{7} target\nafter\n");
        let out = rendered(&report(&text, start + 4..start + 14));
        assert!(out.contains("[a\\u{1b}.md:5000:5]"), "{out}");
        assert!(out.contains(" 4999 │ line 4999\n"), "{out}");
        assert!(
            out.contains(" 5000 │ the \\u{1b}]0;x\\u{7} target\n"),
            "{out}"
        );
        assert!(out.contains(" 5001 │ after\n"), "{out}");
        assert!(out.contains("bad \\u{1b}[2J thing"), "{out}");
        assert!(!out.contains('\u{1b}'), "{out}");
    }

    /// Each message and help drawn by both handlers: where the check says
    /// wrapping can be skipped, skipping it must give the same bytes, in
    /// colour too; and lines too wide or with edge spaces must be wrapped.
    #[test]
    fn skipping_wrapping_changes_no_byte() {
        let long = "word ".repeat(30);
        let persian = "تاریخ ".repeat(15);
        let cases: Vec<(String, Option<String>, bool)> = vec![
            (
                "`Task` is dated 1402.03.01".into(),
                Some("fix the date".into()),
                true,
            ),
            (
                "two  inner  spaces, `📜📞` and ⚖️ (Task review)".into(),
                None,
                true,
            ),
            (
                "first line\nsecond line".into(),
                Some("help one\nhelp two".into()),
                true,
            ),
            (format!("{}x", "a".repeat(85)), None, true),
            ("کلمه‌ای فارسی در پیام".into(), Some("راهنما".into()), true),
            (long.trim_end().to_string(), None, false),
            (persian.trim_end().to_string(), None, false),
            ("trailing space ".into(), None, false),
            (" leading space".into(), None, false),
            ("blank line\n\nafter".into(), None, false),
            ("fine".into(), Some(long.trim_end().to_string()), false),
        ];
        for color in [false, true] {
            let options = RenderOptions {
                color,
                ..RenderOptions::default()
            };
            let handler = handler(&options);
            for (message, help, fits) in &cases {
                let text = "# A\n### Status\nline three\n";
                let report = FileReport {
                    path: "a.md".into(),
                    text: std::sync::Arc::from(text),
                    findings: vec![Finding {
                        code: "JM101",
                        name: "missing-section",
                        severity: Severity::Warning,
                        message: message.clone(),
                        help: help.clone(),
                        span: 4..14,
                        fix: None,
                    }],
                };
                let file = crate::report::locate_file(&report);
                let item = &file.findings[0];
                let finding = FindingReport::new(&file.index, item, None);
                let skip = fits_unwrapped(&finding.message, handler.width)
                    && finding
                        .help
                        .as_deref()
                        .is_none_or(|h| fits_unwrapped(h, handler.width));
                assert_eq!(skip, *fits, "{message:?} / {help:?}");
                let (mut wrapped, mut unwrapped) = (String::new(), String::new());
                handler
                    .wrapping
                    .render_report(&mut wrapped, &finding)
                    .unwrap();
                handler
                    .unwrapped
                    .render_report(&mut unwrapped, &finding)
                    .unwrap();
                if skip {
                    assert_eq!(wrapped, unwrapped, "{message:?}");
                }
            }
        }
    }

    #[test]
    fn a_huge_line_shows_the_part_around_the_span() {
        let text = format!("{}TARGET{}\n", "x".repeat(200_000), "y".repeat(200_000));
        let out = rendered(&report(&text, 200_000..200_006));
        assert!(out.contains("TARGET"), "{}", &out[..out.len().min(500)]);
        assert!(out.len() < 3 * MAX_WINDOW, "{} bytes", out.len());
    }
}
