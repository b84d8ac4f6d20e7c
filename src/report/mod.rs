//! Output renderers: turn [`FileReport`]s into text for people, machines and
//! CI systems.
//!
//! One file per format (`human`, `concise`, `json`, `github`, `sarif`,
//! `summary`), all reached through [`render`], the factory the CLI calls with
//! the value of `--format`.
//!
//! Invariants every renderer relies on:
//! - Spans stay byte ranges until this module: [`located`] clamps each span
//!   into the text and onto character boundaries (rules may hand us ranges
//!   past the end or inside a multi-byte character) and only then converts to
//!   1-based lines and Unicode-scalar columns with [`LineIndex`]. No renderer
//!   slices the text with an unclamped span, so no input can make one panic.
//! - Output is deterministic: files are ordered by path and findings by
//!   position, whatever order parallel checking produced them in.
//! - Renderers never decide colour or terminal width: the CLI does (from
//!   `--color`, `NO_COLOR` and whether stdout is a TTY) and passes the result
//!   in [`RenderOptions`].

use std::io::{self, Write};
use std::ops::Range;

use crate::diagnostic::{Applicability, FileReport, Finding, RuleMeta, Severity};
use crate::lines::{LineIndex, Position};
pub(crate) use crate::wording::plural;

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod summary;

/// The output formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with the span underlined (miette), then a summary line.
    Human,
    /// One line per finding: `path:line:col: CODE [severity] message`.
    Concise,
    /// A JSON array, one object per finding.
    Json,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// A Markdown job summary for `$GITHUB_STEP_SUMMARY`.
    Summary,
}

/// Counts the renderers cannot derive from the findings themselves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunCounts {
    /// Write-ups that were checked, including those without findings.
    pub files_checked: usize,
    /// Files that could not be checked (unreadable, not UTF-8, excluded by
    /// an error rather than by configuration).
    pub files_skipped: usize,
}

/// Everything the CLI decides that changes how findings are rendered.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Emit ANSI colours. The CLI resolves `--color auto|always|never`,
    /// `NO_COLOR` and TTY detection into this one flag.
    pub color: bool,
    /// Print a per-rule count table (like `ruff --statistics`) instead of the
    /// individual findings. Honoured by `human`, `concise` and `json`.
    pub statistics: bool,
    /// Totals for the summary line and the Markdown summary.
    pub counts: RunCounts,
    /// Documentation URL of a rule, with `{code}` and `{name}` placeholders,
    /// e.g. `https://example.org/jobmark/rules/{code}.md`. Used by `sarif`
    /// (`helpUri`) and `summary` (links). `None`: no links.
    pub rule_url: Option<String>,
    /// Terminal width for wrapping human output.
    pub width: usize,
    /// `--quiet`: findings only, no summary line.
    pub quiet: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            statistics: false,
            counts: RunCounts::default(),
            rule_url: None,
            width: 100,
            quiet: false,
        }
    }
}

impl RenderOptions {
    /// The documentation URL of a rule, when a pattern was configured and
    /// the result is a plain http(s) URL. The pattern comes from the pack's
    /// `docs_url`, which a repository writes: every format (terminal, SARIF,
    /// the job summary's links) gets the same filtered value.
    pub fn rule_url(&self, code: &str, name: &str) -> Option<String> {
        self.rule_url
            .as_ref()
            .map(|pattern| pattern.replace("{code}", code).replace("{name}", name))
            .filter(|url| crate::diagnostic::is_plain_url(url))
    }
}

/// Render `reports` in `format` to `out`.
///
/// `rules` is the rule table (every registered rule, enabled or not): SARIF
/// lists it as the driver's rules, the others use it for names and links.
/// The same bytes as feeding the reports, ordered by path, through a
/// [`Stream`]: this is that, for callers that hold every report anyway.
pub fn render(
    format: Format,
    reports: &[FileReport],
    rules: &[RuleMeta],
    out: &mut dyn Write,
    options: &RenderOptions,
) -> io::Result<()> {
    let mut ordered: Vec<&FileReport> = reports.iter().collect();
    // Stable: reports of one path keep their order, as `located` did.
    ordered.sort_by(|a, b| a.path.cmp(&b.path));
    let mut stream = Stream::new(format, rules, options.clone());
    for report in ordered {
        let part = stream.render_file(report);
        stream.write(part, out)?;
    }
    stream.finish(options.counts, out)
}

/// A report rendered file by file, for runs too large to hold: the caller
/// renders each file's part with [`Stream::render_file`] (a pure function
/// of the report, so files render in parallel), hands the parts to
/// [`Stream::write`] in path order, and closes with [`Stream::finish`].
///
/// Invariants: the bytes are exactly those of [`render`] over the same
/// reports; a part holds no document text, so nothing of a file's text
/// outlives its rendering; what the closing needs (totals, per-rule
/// counts, SARIF results, the files with errors for `summary`) is kept as
/// counts or small values, never as reports.
pub struct Stream<'r> {
    format: Format,
    rules: &'r [RuleMeta],
    options: RenderOptions,
    handler: Option<human::Handler>,
    tally: Tally,
    /// JSON: an element was written, so the array is open.
    json_open: bool,
    sarif_results: Vec<serde_json::Value>,
}

/// One file's share of a [`Stream`]'s output.
pub struct FilePart {
    /// Bytes to write now, in path order.
    text: Vec<u8>,
    /// SARIF results, written inside the log at the end.
    sarif: Vec<serde_json::Value>,
    tally: Tally,
}

impl<'r> Stream<'r> {
    pub fn new(format: Format, rules: &'r [RuleMeta], options: RenderOptions) -> Stream<'r> {
        let handler =
            (format == Format::Human && !options.statistics).then(|| human::handler(&options));
        Stream {
            format,
            rules,
            options,
            handler,
            tally: Tally::default(),
            json_open: false,
            sarif_results: Vec::new(),
        }
    }

    /// What `report` adds to the output (nothing for a file without
    /// findings, but its counts).
    pub fn render_file(&self, report: &FileReport) -> FilePart {
        let mut part = FilePart {
            text: Vec::new(),
            sarif: Vec::new(),
            tally: Tally::default(),
        };
        part.tally.add(report, self.format == Format::Summary);
        let per_file = match self.format {
            Format::Human | Format::Concise | Format::Json => !self.options.statistics,
            Format::Github | Format::Sarif => true,
            Format::Summary => false,
        };
        if report.findings.is_empty() || !per_file {
            return part;
        }
        let file = locate_file(report);
        let out = &mut part.text;
        match self.format {
            Format::Human if !self.options.statistics => {
                if let Some(handler) = &self.handler {
                    human::render_file(handler, &file, out, &self.options);
                }
            }
            Format::Concise if !self.options.statistics => {
                concise::render_file(&file, out, &Style::new(self.options.color));
            }
            Format::Json if !self.options.statistics => json::render_file(&file, out),
            Format::Github => github::render_file(&file, out),
            Format::Sarif => part.sarif = sarif::results(&file, self.rules),
            Format::Human | Format::Concise | Format::Json | Format::Summary => {}
        }
        part
    }

    /// Write the part of the next file in path order.
    pub fn write(&mut self, part: FilePart, out: &mut dyn Write) -> io::Result<()> {
        self.tally.merge(part.tally);
        self.sarif_results.extend(part.sarif);
        if part.text.is_empty() {
            return Ok(());
        }
        if self.format == Format::Json {
            out.write_all(if self.json_open { b",\n" } else { b"[\n" })?;
            self.json_open = true;
        }
        out.write_all(&part.text)
    }

    /// The totals of every part written so far.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// Close the output: summary lines, statistics, the JSON array's end,
    /// the SARIF log.
    pub fn finish(self, counts: RunCounts, out: &mut dyn Write) -> io::Result<()> {
        let options = RenderOptions {
            counts,
            ..self.options
        };
        let style = Style::new(options.color);
        match self.format {
            Format::Human | Format::Concise => {
                if options.statistics {
                    write_statistics(out, &self.tally.rule_counts(), &style)?;
                }
                if options.quiet {
                    return Ok(());
                }
                writeln!(
                    out,
                    "{}",
                    style.bold(&summary_line_of(self.tally.severities, counts))
                )
            }
            Format::Json if options.statistics => {
                serde_json::to_writer_pretty(&mut *out, &self.tally.rule_counts())?;
                writeln!(out)
            }
            Format::Json if self.json_open => out.write_all(b"\n]\n"),
            Format::Json => out.write_all(b"[]\n"),
            Format::Github => Ok(()),
            Format::Sarif => {
                let log = sarif::log(self.sarif_results, self.rules, &options);
                serde_json::to_writer_pretty(&mut *out, &log)?;
                writeln!(out)
            }
            Format::Summary => summary::render_tally(&self.tally, out, &options),
        }
    }
}

/// What the end of a report needs from every file: counts, not texts.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub severities: SeverityCounts,
    /// Per rule, in first-seen order (sorted when read).
    rules: Vec<RuleCount>,
    /// Findings whose fix `--fix` applies, and those only
    /// `--unsafe-fixes` does.
    pub fixable_safe: usize,
    pub fixable_unsafe: usize,
    /// Severity counts per path, for files with findings; kept only for
    /// the `summary` format (its table of files with the most errors).
    pub(crate) per_file: std::collections::BTreeMap<String, SeverityCounts>,
}

impl Tally {
    fn add(&mut self, report: &FileReport, per_file: bool) {
        let counts = SeverityCounts::of(&report.findings);
        self.severities.add(counts);
        if per_file && counts.total() > 0 {
            self.per_file
                .entry(report.path.clone())
                .or_default()
                .add(counts);
        }
        for finding in &report.findings {
            let applicability = finding.fix.as_ref().map(|fix| fix.applicability);
            match applicability {
                Some(Applicability::Safe) => self.fixable_safe += 1,
                Some(Applicability::Unsafe) => self.fixable_unsafe += 1,
                Some(Applicability::DisplayOnly) | None => {}
            }
            let fixable = usize::from(applicability == Some(Applicability::Safe));
            self.count_rule(finding.code, finding.name, 1, fixable);
        }
    }

    fn count_rule(&mut self, code: &'static str, name: &'static str, count: usize, fixable: usize) {
        match self.rules.iter_mut().find(|c| c.code == code) {
            Some(row) => {
                row.count += count;
                row.fixable += fixable;
            }
            None => self.rules.push(RuleCount {
                code,
                name,
                count,
                fixable,
            }),
        }
    }

    fn merge(&mut self, other: Tally) {
        self.severities.add(other.severities);
        self.fixable_safe += other.fixable_safe;
        self.fixable_unsafe += other.fixable_unsafe;
        for row in other.rules {
            self.count_rule(row.code, row.name, row.count, row.fixable);
        }
        for (path, counts) in other.per_file {
            self.per_file.entry(path).or_default().add(counts);
        }
    }

    /// Counts per rule, most frequent first, ties by code.
    pub fn rule_counts(&self) -> Vec<RuleCount> {
        let mut rows = self.rules.clone();
        rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
        rows
    }
}

/// Clamp `range` into `text`: both ends within bounds, start not after end,
/// start rounded down and end rounded up to character boundaries, so that
/// slicing `text[range]` can never panic and a span that points inside a
/// multi-byte character covers the whole character.
pub fn clamp_span(text: &str, range: &Range<usize>) -> Range<usize> {
    let mut start = range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    if range.end <= range.start {
        return start..start;
    }
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The span to *show* for a finding: clamped, and without a trailing line
/// ending. Rules often cover a whole line or heading including its newline
/// (pulldown-cmark heading ranges do); showing that as "ends at column 1 of
/// the next line" would make every such finding multi-line, which costs it
/// its columns in GitHub annotations and draws a second line in snippets.
/// Fix edits are never trimmed: they must stay byte-exact.
pub fn display_span(text: &str, range: &Range<usize>) -> Range<usize> {
    let span = clamp_span(text, range);
    let slice = &text[span.clone()];
    let trimmed = slice.trim_end_matches(['\n', '\r']);
    if trimmed.is_empty() {
        // A span that is only a line ending keeps its start as a point.
        if slice.is_empty() {
            span
        } else {
            span.start..span.start
        }
    } else {
        span.start..span.start + trimmed.len()
    }
}

/// One finding with its positions resolved, in output order.
pub struct Located<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub finding: &'a Finding,
    /// The clamped, display-trimmed byte span.
    pub span: Range<usize>,
    pub start: Position,
    /// Position just past the last character of the span (exclusive end).
    pub end: Position,
}

/// A file's findings with their positions, files ordered by path and
/// findings by (start, end, code): stable output from unordered input.
pub struct LocatedFile<'a> {
    pub report: &'a FileReport,
    pub index: LineIndex<'a>,
    pub findings: Vec<Located<'a>>,
}

impl LocatedFile<'_> {
    /// Start and exclusive end position of an edit range (clamped, not
    /// trimmed).
    pub fn edit_positions(&self, range: &Range<usize>) -> (Position, Position) {
        let span = clamp_span(&self.report.text, range);
        (
            self.index.position(span.start),
            self.index.position(span.end),
        )
    }
}

/// Resolve and order all findings. Files without findings are dropped.
pub fn located(reports: &[FileReport]) -> Vec<LocatedFile<'_>> {
    let mut files: Vec<LocatedFile<'_>> = reports
        .iter()
        .filter(|report| !report.findings.is_empty())
        .map(locate_file)
        .collect();
    files.sort_by(|a, b| a.report.path.cmp(&b.report.path));
    files
}

/// One file's findings with their positions, ordered by (start, end, code).
pub fn locate_file(report: &FileReport) -> LocatedFile<'_> {
    let text: &str = &report.text;
    let index = LineIndex::new(text);
    let mut findings: Vec<Located<'_>> = report
        .findings
        .iter()
        .map(|finding| {
            let span = display_span(text, &finding.span);
            Located {
                path: &report.path,
                text,
                finding,
                start: index.position(span.start),
                end: index.position(span.end),
                span,
            }
        })
        .collect();
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, a.finding.code).cmp(&(b.span.start, b.span.end, b.finding.code))
    });
    LocatedFile {
        report,
        index,
        findings,
    }
}

/// Totals by severity over all reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeverityCounts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl SeverityCounts {
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> SeverityCounts {
        let mut counts = SeverityCounts::default();
        for finding in findings {
            match finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    fn add(&mut self, other: SeverityCounts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }
}

/// The closing line of human and concise output:
/// `3 errors, 1 warning in 12 write-ups (1 file skipped)`.
///
/// Info findings are mentioned only when there are some, and the skipped
/// part only when a file was skipped, so the common line stays short.
pub fn summary_line(reports: &[FileReport], counts: RunCounts) -> String {
    summary_line_of(
        SeverityCounts::of(reports.iter().flat_map(|r| &r.findings)),
        counts,
    )
}

/// [`summary_line`] from totals already counted.
pub fn summary_line_of(severities: SeverityCounts, counts: RunCounts) -> String {
    let mut line = format!(
        "{}, {}",
        plural(severities.errors, "error", "errors"),
        plural(severities.warnings, "warning", "warnings")
    );
    if severities.infos > 0 {
        line.push_str(&format!(", {}", plural(severities.infos, "note", "notes")));
    }
    line.push_str(&format!(
        " in {}",
        plural(counts.files_checked, "write-up", "write-ups")
    ));
    if counts.files_skipped > 0 {
        line.push_str(&format!(
            " ({} skipped)",
            plural(counts.files_skipped, "file", "files")
        ));
    }
    line
}

/// One row of `--statistics`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleCount {
    pub code: &'static str,
    pub name: &'static str,
    pub count: usize,
    /// How many of these findings carry a fix that `--fix` would apply.
    pub fixable: usize,
}

/// Counts per rule, most frequent first, ties by code.
pub fn rule_counts(reports: &[FileReport]) -> Vec<RuleCount> {
    let mut tally = Tally::default();
    for report in reports {
        tally.add(report, false);
    }
    tally.rule_counts()
}

/// The `--statistics` table, aligned like ruff's: count, code, a `[*]`
/// marker when some of the findings are fixable by `--fix`, name.
pub(crate) fn write_statistics(
    out: &mut dyn Write,
    rows: &[RuleCount],
    style: &Style,
) -> io::Result<()> {
    let count_width = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let code_width = rows.iter().map(|r| r.code.len()).max().unwrap_or(0);
    let any_fixable = rows.iter().any(|r| r.fixable > 0);
    for row in rows {
        let marker = match (any_fixable, row.fixable > 0) {
            (false, _) => "",
            (true, true) => "[*] ",
            (true, false) => "    ",
        };
        writeln!(
            out,
            "{:>count_width$}  {}  {marker}{}",
            row.count,
            style.code(&format!("{:<code_width$}", row.code)),
            row.name,
        )?;
    }
    Ok(())
}

/// Minimal ANSI styling for the lines this crate writes itself (miette
/// styles its own). Every method is the identity when colour is off, which is
/// what guarantees "no escape sequences" for `--color never`.
pub(crate) struct Style {
    color: bool,
}

impl Style {
    pub(crate) fn new(color: bool) -> Style {
        Style { color }
    }

    fn paint(&self, text: &str, sgr: &str) -> String {
        if self.color {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub(crate) fn bold(&self, text: &str) -> String {
        self.paint(text, "1")
    }

    pub(crate) fn code(&self, text: &str) -> String {
        self.paint(text, "1;31")
    }

    pub(crate) fn severity(&self, severity: Severity, text: &str) -> String {
        match severity {
            Severity::Error => self.paint(text, "31"),
            Severity::Warning => self.paint(text, "33"),
            Severity::Info => self.paint(text, "36"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamp_handles_out_of_range_and_mid_character() {
        let text = "a📜b";
        assert_eq!(clamp_span(text, &(2..3)), 1..5);
        assert_eq!(clamp_span(text, &(9..20)), 6..6);
        #[allow(clippy::reversed_empty_ranges)] // rules may produce these
        let reversed = 4..2;
        assert_eq!(clamp_span(text, &reversed), 1..1);
        assert_eq!(clamp_span(text, &(2..2)), 1..1);
    }

    #[test]
    fn display_span_drops_trailing_newline() {
        let text = "# Title\r\nbody\n";
        assert_eq!(display_span(text, &(0..9)), 0..7);
        assert_eq!(display_span(text, &(7..9)), 7..7);
        assert_eq!(display_span(text, &(0..0)), 0..0);
    }

    #[test]
    fn summary_line_plurals() {
        use std::sync::Arc;
        let finding = |severity| Finding {
            code: "JM001",
            name: "x",
            severity,
            message: String::new(),
            help: None,
            span: 0..0,
            fix: None,
        };
        let report = FileReport {
            path: "a.md".into(),
            text: Arc::from(""),
            findings: vec![
                finding(Severity::Error),
                finding(Severity::Warning),
                finding(Severity::Warning),
            ],
        };
        assert_eq!(
            summary_line(
                std::slice::from_ref(&report),
                RunCounts {
                    files_checked: 1,
                    files_skipped: 1
                }
            ),
            "1 error, 2 warnings in 1 write-up (1 file skipped)"
        );
        assert_eq!(
            summary_line(
                &[],
                RunCounts {
                    files_checked: 3,
                    files_skipped: 0
                }
            ),
            "0 errors, 0 warnings in 3 write-ups"
        );
    }
}
