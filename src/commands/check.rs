//! `jobmark check`: lint write-ups from the working tree, git or standard
//! input, optionally fix them, and report.
//!
//! The flow is: resolve the [`Session`] (pack, config, today) → list
//! candidates through [`crate::input`] → read, lint, keep only new findings
//! for `--range`, and render, in parallel batches ([`check_streaming`]) →
//! exit status. Memory does not grow with the number of files: a file's
//! text lives until its part of the report is rendered, and the parts are
//! written in path order, so the output is the same bytes as rendering
//! every report at the end. `--fix`, `--diff`, `--add-suppressions` and
//! `-v` read every file first and render at the end, as they report what
//! they did before the findings. Unreadable files are reported and the run
//! goes on; the exit status remembers it. The command writes only to the
//! writers it is given, so it runs in tests without a process.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use crate::cli::{CheckArgs, ExitStatus, FailOn, GlobalOptions};
use crate::config::FileSettings;
use crate::diagnostic::{FileReport, RuleMeta};
use crate::input::{self, Candidate, Request, Source};
use crate::lint::{self, Linted};
use crate::report::{self, RenderOptions, RunCounts};
use crate::session::{Session, SessionOptions};

/// The source the arguments name. `--repo` alone reads that repository:
/// its `HEAD` when it is bare (there is no working tree to read).
fn source_of(args: &CheckArgs, bare_repo: bool) -> Result<Source> {
    let source = &args.source;
    if args.paths.len() == 1 && args.paths[0].as_os_str() == "-" {
        if source.rev.is_some() || source.staged || source.range.is_some() {
            anyhow::bail!("`check -` reads standard input; it cannot be combined with --rev, --staged or --range");
        }
        return Ok(Source::Stdin);
    }
    Ok(if let Some(rev) = &source.rev {
        Source::Rev(rev.clone())
    } else if source.staged {
        Source::Staged
    } else if let Some(range) = &source.range {
        Source::Range(input::RangeSpec::parse(range)?)
    } else if bare_repo {
        Source::Rev("HEAD".to_string())
    } else {
        Source::Worktree
    })
}

/// `--repo PATH` without a git source: is it a bare repository?
fn repo_is_bare(args: &CheckArgs) -> Result<bool> {
    let source = &args.source;
    let Some(repo) = &source.repo else {
        return Ok(false);
    };
    if source.rev.is_some() || source.staged || source.range.is_some() {
        return Ok(false);
    }
    let opened = crate::source::GitRepo::open(Some(repo)).map_err(anyhow::Error::new)?;
    Ok(opened.workdir().is_none())
}

pub fn run(
    args: &CheckArgs,
    globals: &GlobalOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus> {
    let bare = repo_is_bare(args)?;
    let source = source_of(args, bare)?;
    let git_source = matches!(source, Source::Rev(_) | Source::Staged | Source::Range(_));
    if args.stdin_filename.is_some() && source != Source::Stdin {
        anyhow::bail!("--stdin-filename names standard input; read it with `jobmark check -`");
    }
    if (args.fix || args.diff) && git_source {
        anyhow::bail!(
            "--fix and --diff work on the working tree only, not on --rev, --staged or --range"
        );
    }
    if args.add_suppressions && (git_source || source == Source::Stdin) {
        anyhow::bail!("--add-suppressions writes to the working tree; it cannot read --rev, --staged, --range or standard input");
    }
    for selector in args.select.iter().chain(&args.ignore) {
        if !crate::config::selector_is_known(selector) {
            anyhow::bail!("`{selector}` names no rule (see `jobmark rules`)");
        }
    }
    let mut paths = args.paths.clone();
    if source == Source::Worktree && paths.is_empty() {
        // `--repo WORKTREE` alone: that repository's working tree.
        if let Some(repo) = &args.source.repo {
            let opened = crate::source::GitRepo::open(Some(repo)).map_err(anyhow::Error::new)?;
            if let Some(workdir) = opened.workdir() {
                paths.push(workdir.to_path_buf());
            }
        }
    }
    if bare && !globals.quiet {
        writeln!(
            err,
            "note: {} is a bare repository: reading the tree of its HEAD (use --rev to choose another revision)",
            args.source.repo.as_deref().unwrap_or(std::path::Path::new(".")).display()
        )?;
    }
    let request = Request {
        source: Some(source.clone()),
        paths: if source == Source::Stdin {
            Vec::new()
        } else {
            paths
        },
        repo: args.source.repo.clone(),
        force_exclude: args.force_exclude,
        skip_dirs: Vec::new(),
        stdin_filename: args.stdin_filename.clone(),
    };
    let started = Instant::now();
    let (repo, session) = input::open(
        &request,
        SessionOptions {
            rules: args.rules.clone(),
            config: args.config.clone(),
            today: args.today.clone(),
            verbose: globals.verbose,
            ..Default::default()
        },
    )?;
    // Writing modes (and -v, whose log lists every file read before any
    // is checked) read everything first; a plain check streams.
    let streams = !(args.fix || args.diff || args.add_suppressions || session.log.enabled());
    if streams {
        let listed = input::list(&request, repo.as_ref(), &session)?;
        session.log.phase("list", started);
        let started = Instant::now();
        let status = check_streaming(args, globals, &session, &source, listed, out, err)?;
        session.log.phase("check", started);
        return Ok(status);
    }
    let gathered = input::gather(&request, repo.as_ref(), &session)?;
    session.log.phase("read", started);
    let pack = &session.pack;
    let today = session.today;

    let file_settings = |candidate: &Candidate| file_settings(args, candidate);

    let started = Instant::now();
    let candidates = &gathered.candidates;
    let mut linted: Vec<(usize, Linted)> = candidates
        .par_iter()
        .enumerate()
        .filter_map(|(i, candidate)| {
            lint::lint_bytes(
                &candidate.path,
                &candidate.bytes,
                pack,
                &file_settings(candidate),
                today,
            )
            .map(|l| (i, l))
        })
        .collect();
    linted.sort_by_key(|(i, _)| *i);
    let skipped = candidates.len() - linted.len();
    if session.log.enabled() {
        let mut linted_index = linted.iter().map(|(i, _)| *i).peekable();
        for (i, candidate) in candidates.iter().enumerate() {
            if linted_index.peek() == Some(&i) {
                linted_index.next();
            } else {
                session.log.note(format!(
                    "skipped {}: not a write-up (no `{}` heading)",
                    candidate.path, pack.header.marker_heading
                ));
            }
        }
    }
    session.log.phase("lint", started);
    let mut errors = gathered.errors;

    if linted.is_empty() && errors.is_empty() {
        warn_no_write_ups(&source, globals, candidates.len(), pack, err)?;
    }

    if source == Source::Stdin && (args.fix || args.diff) {
        return fix_stdin(args, globals, &session, candidates, &mut linted, out, err);
    }

    if args.add_suppressions {
        let started = Instant::now();
        let mut added = 0usize;
        for (i, result) in &mut linted {
            let candidate = &candidates[*i];
            match add_suppressions(candidate, result, &session, &file_settings(candidate)) {
                Ok(count) => added += count,
                Err(error) => errors.push(format!("{error:#}")),
            }
        }
        session.log.phase("add suppressions", started);
        if !globals.quiet {
            writeln!(
                err,
                "Added {added} suppression comment{}.",
                if added == 1 { "" } else { "s" }
            )?;
        }
    }

    if args.fix || args.diff {
        let started = Instant::now();
        let mut diff_output = String::new();
        let mut fixed = 0usize;
        for (i, result) in &mut linted {
            let candidate = &candidates[*i];
            let settings = file_settings(candidate);
            match fix_one(candidate, result, &session, &settings, args) {
                Ok(Some((count, diff))) => {
                    fixed += count;
                    diff_output.push_str(&diff);
                }
                Ok(None) => {}
                // A symlink is left alone with a note, as walks skip it.
                Err(error)
                    if error
                        .downcast_ref::<crate::fix::FixError>()
                        .is_some_and(crate::fix::FixError::is_skip) =>
                {
                    if !globals.quiet {
                        crate::terminal::error_line(&format!("note: {error:#}"));
                    }
                }
                Err(error) => errors.push(format!("{error:#}")),
            }
        }
        session.log.phase("fix", started);
        if args.diff {
            let mut file = open_file_output(args)?;
            // A patch must stay byte-exact for `git apply`; on a terminal,
            // the file's control characters are shown, not obeyed.
            if file.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                diff_output = crate::terminal::escape_multiline(&diff_output).into_owned();
            }
            let target: &mut dyn Write = match &mut file {
                Some(file) => file,
                None => out,
            };
            target
                .write_all(diff_output.as_bytes())
                .context("cannot write the diff")?;
            target.flush().context("cannot write the diff")?;
            if !globals.quiet {
                writeln!(
                    err,
                    "{fixed} fix{} would be applied",
                    if fixed == 1 { "" } else { "es" }
                )?;
            }
            // Like ruff: --diff fails when there is something to fix.
            return Ok(if !errors.is_empty() {
                report_errors(&errors, err)
            } else if fixed > 0 {
                ExitStatus::Findings
            } else {
                ExitStatus::Success
            });
        }
        if !globals.quiet {
            writeln!(
                err,
                "Fixed {fixed} finding{}.",
                if fixed == 1 { "" } else { "s" }
            )?;
        }
    }

    let mut reports: Vec<FileReport> = Vec::with_capacity(linted.len());
    for (i, result) in linted {
        let candidate = &candidates[i];
        let mut report = result.report;
        if matches!(source, Source::Range(_)) && !args.all_findings {
            if let Some(base) = &candidate.base {
                report.findings = only_new_findings(
                    &candidate.path,
                    &report,
                    base,
                    &session,
                    &file_settings(candidate),
                );
            }
        }
        reports.push(report);
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));

    let started = Instant::now();
    let status = render_and_exit(args, globals, &session, reports, skipped, errors, out, err)?;
    session.log.phase("report", started);
    Ok(status)
}

/// Files per batch of the streaming check: enough to keep every core busy
/// between two writes, few enough that a batch's texts and rendered output
/// stay a few MiB whatever the size of the repository.
const BATCH: usize = 256;

/// One file of a streaming check, once read, linted and rendered.
enum Checked {
    Unreadable(String),
    NotWriteUp(String),
    /// The rendered part of each output stream, in stream order.
    Rendered(Vec<report::FilePart>),
}

/// A plain `check`: files are read, linted and rendered in parallel a batch
/// at a time, and the parts are written in path order, so the output is
/// byte for byte what rendering every report at the end gives
/// ([`report::render`]), while memory holds one batch of texts, not the
/// repository. A file's text and parsed document are dropped (on the
/// worker thread, in parallel) as soon as its part is rendered; only
/// counts (and SARIF results) are kept for the end.
#[allow(clippy::too_many_arguments)]
fn check_streaming(
    args: &CheckArgs,
    globals: &GlobalOptions,
    session: &Session,
    source: &Source,
    listed: input::Gathered,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus> {
    let pack = &session.pack;
    let today = session.today;
    let mut candidates = listed.candidates;
    // Reports come out in path order, as `report::render` orders them
    // (stable, as its sort is).
    candidates.sort_by(|a, b| a.path.cmp(&b.path));
    let listed_count = candidates.len();
    let mut errors = listed.errors;
    let rules: Vec<RuleMeta> = crate::rules::all_meta().into_iter().copied().collect();
    let options = render_options(args, globals, session, RunCounts::default());
    let mut file = open_file_output(args)?;
    let main: &mut dyn Write = match &mut file {
        Some(file) => file,
        None => out,
    };
    // The report, then --also-report's files: the same findings in more
    // formats (the GitHub Action writes annotations, its summary and SARIF
    // from one run).
    let mut sinks: Vec<(report::Stream<'_>, Box<dyn Write + '_>, String)> = vec![(
        report::Stream::new(args.format, &rules, options.clone()),
        Box::new(main),
        "cannot write the report".to_string(),
    )];
    for (format, path) in &args.also_report {
        let file_options = RenderOptions {
            color: false,
            ..options.clone()
        };
        sinks.push((
            report::Stream::new(*format, &rules, file_options),
            crate::commands::open_output(Some(path))?,
            format!("cannot write {}", path.display()),
        ));
    }

    let check_one = |candidate: &mut Candidate, sinks: &[&report::Stream<'_>]| -> Checked {
        if let Err(error) = candidate.load() {
            return Checked::Unreadable(error);
        }
        let bytes = std::mem::take(&mut candidate.bytes);
        let settings = file_settings(args, candidate);
        let Some(linted) = lint::lint_bytes(&candidate.path, &bytes, pack, &settings, today) else {
            return Checked::NotWriteUp(std::mem::take(&mut candidate.path));
        };
        drop(bytes);
        let Linted {
            mut report,
            document,
            ..
        } = linted;
        drop(document);
        if matches!(source, Source::Range(_)) && !args.all_findings {
            if let Some(base) = candidate.base.take() {
                report.findings =
                    only_new_findings(&candidate.path, &report, &base, session, &settings);
            }
        }
        Checked::Rendered(sinks.iter().map(|s| s.render_file(&report)).collect())
    };

    let (mut checked, mut skipped) = (0usize, 0usize);
    let mut rest = candidates.into_iter();
    loop {
        let mut batch: Vec<Candidate> = rest.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let renderers: Vec<&report::Stream<'_>> = sinks.iter().map(|(s, _, _)| s).collect();
        let done: Vec<Checked> = batch
            .par_iter_mut()
            .map(|candidate| check_one(candidate, &renderers))
            .collect();
        drop(batch);
        for result in done {
            match result {
                Checked::Unreadable(error) => errors.push(error),
                Checked::NotWriteUp(path) => {
                    skipped += 1;
                    session.log.note(format!(
                        "skipped {path}: not a write-up (no `{}` heading)",
                        pack.header.marker_heading
                    ));
                }
                Checked::Rendered(parts) => {
                    checked += 1;
                    for ((stream, target, what), part) in sinks.iter_mut().zip(parts) {
                        stream.write(part, target).context(what.clone())?;
                    }
                }
            }
        }
    }

    if checked == 0 && errors.is_empty() {
        warn_no_write_ups(source, globals, listed_count, pack, err)?;
    }
    let counts = RunCounts {
        files_checked: checked,
        files_skipped: skipped,
    };
    let tally = sinks[0].0.tally().clone();
    for (stream, mut target, what) in sinks {
        stream
            .finish(counts, &mut target)
            .and_then(|()| target.flush())
            .context(what)?;
    }
    let fixable = FixableCounts {
        safe: tally.fixable_safe,
        unsafe_only: tally.fixable_unsafe,
    };
    let status = status_of(&tally.severities, args);
    finish(&fixable, &errors, status, args, globals, err)
}

/// How the report is drawn: colour only on the terminal, rule links from
/// the pack's `docs_url` (filtered in [`RenderOptions::rule_url`]).
fn render_options(
    args: &CheckArgs,
    globals: &GlobalOptions,
    session: &Session,
    counts: RunCounts,
) -> RenderOptions {
    RenderOptions {
        color: globals.color && args.output.is_none(),
        statistics: args.statistics,
        counts,
        rule_url: session
            .pack
            .header
            .docs_url
            .as_ref()
            .map(|base| format!("{base}#{{code}}")),
        width: 100,
        quiet: globals.quiet,
    }
}

/// The end of every run: the fixable hint (advice, not a result: on
/// stderr, so the report's last line stays the summary that scripts read),
/// then the exit status, 2 when something could not be read.
fn finish(
    fixable: &FixableCounts,
    errors: &[String],
    status: ExitStatus,
    args: &CheckArgs,
    globals: &GlobalOptions,
    err: &mut dyn Write,
) -> Result<ExitStatus> {
    if let Some(line) = fixable.hint(
        args.format,
        args.statistics,
        args.unsafe_fixes,
        globals.quiet,
    ) {
        writeln!(err, "{line}")?;
    }
    if !errors.is_empty() {
        return Ok(report_errors(errors, err));
    }
    Ok(status)
}

/// The settings of one candidate's file, with the command line's overrides.
fn file_settings(args: &CheckArgs, candidate: &Candidate) -> FileSettings {
    let key = candidate
        .fs_path
        .clone()
        .unwrap_or_else(|| PathBuf::from(&candidate.path));
    candidate
        .settings
        .for_file(&key)
        .with_overrides(&args.select, &args.ignore)
        .with_max_file_size(args.max_file_size)
}

/// `--range`: the findings of `report` that its base version (`base`, the
/// file before the range) did not have.
fn only_new_findings(
    path: &str,
    report: &FileReport,
    base: &[u8],
    session: &Session,
    settings: &FileSettings,
) -> Vec<crate::diagnostic::Finding> {
    let base_report = lint::lint_bytes(path, base, &session.pack, settings, session.today)
        .map(|l| l.report)
        .unwrap_or(FileReport {
            path: path.to_string(),
            text: Arc::from(""),
            findings: Vec::new(),
        });
    lint::new_findings(report, &base_report)
}

/// Say that nothing was checked, and how a write-up is recognised, so an
/// empty run is never mistaken for a clean one. Not for `--staged` and
/// `--range`, which read only what changed: nothing is normal there.
fn warn_no_write_ups(
    source: &Source,
    globals: &GlobalOptions,
    candidates: usize,
    pack: &crate::pack::Pack,
    err: &mut dyn Write,
) -> Result<()> {
    if globals.quiet || matches!(source, Source::Staged | Source::Range(_)) {
        return Ok(());
    }
    let marker = &pack.header.marker_heading;
    writeln!(
        err,
        "warning: no write-ups found ({candidates} Markdown file{} read). A write-up is a `.md` or `.markdown` file with a `{marker}` heading; hidden, node_modules/ and top-level book/ and target/ directories and .gitignore'd files are not read (-v lists every file skipped).",
        if candidates == 1 { "" } else { "s" }
    )?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn render_and_exit(
    args: &CheckArgs,
    globals: &GlobalOptions,
    session: &Session,
    mut reports: Vec<FileReport>,
    skipped: usize,
    errors: Vec<String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus> {
    let rules: Vec<RuleMeta> = crate::rules::all_meta().into_iter().copied().collect();
    let counts = RunCounts {
        files_checked: reports.len(),
        files_skipped: skipped,
    };
    let options = render_options(args, globals, session, counts);
    let fixable = FixableCounts::of(&reports);
    let status = exit_status(&reports, args);
    if globals.quiet {
        // --quiet: only files with findings (the counts above keep them all).
        reports.retain(|r| !r.findings.is_empty());
    }
    let mut file = open_file_output(args)?;
    let target: &mut dyn Write = match &mut file {
        Some(file) => file,
        None => out,
    };
    report::render(args.format, &reports, &rules, target, &options)
        .context("cannot write the report")?;
    target.flush().context("cannot write the report")?;
    // --also-report: the same findings in more formats (the GitHub Action
    // writes annotations, its summary and SARIF from one run).
    let file_options = RenderOptions {
        color: false,
        ..options
    };
    for (format, path) in &args.also_report {
        let mut file = crate::commands::open_output(Some(path))?;
        report::render(*format, &reports, &rules, &mut file, &file_options)
            .and_then(|()| file.flush())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    finish(&fixable, &errors, status, args, globals, err)
}

/// How many findings the fix engine could resolve, for the hint after the
/// summary line (ruff's `[*] N fixable with the --fix option`).
#[derive(Debug, Default, PartialEq, Eq)]
struct FixableCounts {
    safe: usize,
    unsafe_only: usize,
}

impl FixableCounts {
    fn of(reports: &[FileReport]) -> FixableCounts {
        let mut counts = FixableCounts::default();
        for fix in reports
            .iter()
            .flat_map(|r| &r.findings)
            .filter_map(|f| f.fix.as_ref())
        {
            match fix.applicability {
                crate::diagnostic::Applicability::Safe => counts.safe += 1,
                crate::diagnostic::Applicability::Unsafe => counts.unsafe_only += 1,
                crate::diagnostic::Applicability::DisplayOnly => {}
            }
        }
        counts
    }

    /// The hint line, for the human formats only (machine formats carry
    /// each finding's `fix` already). After `--fix`, what is left is what
    /// it could not do, so the hint names only the flag still missing.
    fn hint(
        &self,
        format: crate::report::Format,
        statistics: bool,
        unsafe_fixes: bool,
        quiet: bool,
    ) -> Option<String> {
        use crate::report::Format;
        if quiet || !matches!(format, Format::Human | Format::Concise) {
            return None;
        }
        let unsafe_hidden = if unsafe_fixes { 0 } else { self.unsafe_only };
        let fixable = self.safe + if unsafe_fixes { self.unsafe_only } else { 0 };
        let legend = if statistics {
            "[*] marks rules whose findings can be fixed automatically.\n"
        } else {
            ""
        };
        let flag = if unsafe_fixes {
            "--fix --unsafe-fixes"
        } else {
            "--fix"
        };
        match (fixable, unsafe_hidden) {
            (0, 0) if statistics => Some(legend.trim_end().to_string()),
            (0, 0) => None,
            (0, hidden) => Some(format!(
                "{legend}No fixes available with --fix ({hidden} hidden fix{} can be enabled with --unsafe-fixes).",
                if hidden == 1 { "" } else { "es" }
            )),
            (n, 0) => Some(format!("{legend}[*] {n} fixable with {flag}.")),
            (n, hidden) => Some(format!(
                "{legend}[*] {n} fixable with {flag} ({hidden} more with --unsafe-fixes)."
            )),
        }
    }
}

/// `--output FILE`, or `None` for the writer the caller gave.
fn open_file_output(args: &CheckArgs) -> Result<Option<std::io::BufWriter<std::fs::File>>> {
    args.output
        .as_deref()
        .map(|path| {
            std::fs::File::create(path)
                .map(std::io::BufWriter::new)
                .with_context(|| format!("cannot create {}", path.display()))
        })
        .transpose()
}

/// `check - --fix`: the fixed text goes to standard output (there is no
/// file to write); what is left is reported on standard error.
#[allow(clippy::too_many_arguments)]
fn fix_stdin(
    args: &CheckArgs,
    globals: &GlobalOptions,
    session: &Session,
    candidates: &[Candidate],
    linted: &mut [(usize, Linted)],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitStatus> {
    let Some(candidate) = candidates.first() else {
        return Ok(ExitStatus::Success);
    };
    let Some((_, result)) = linted.first_mut() else {
        // Not a write-up: pass the text through unchanged.
        out.write_all(&candidate.bytes)?;
        out.flush()?;
        return Ok(ExitStatus::Success);
    };
    let key = candidate.stdin_key();
    let settings = candidate
        .settings
        .for_file(&key)
        .with_overrides(&args.select, &args.ignore);
    if !result.document.is_lossless() {
        anyhow::bail!("standard input is not valid UTF-8; refusing to fix it");
    }
    let original = result.report.text.to_string();
    let fixed = lint::fix_until_stable(
        &candidate.path,
        &original,
        &session.pack,
        &settings,
        session.today,
        args.unsafe_fixes,
    );
    if args.diff {
        out.write_all(
            crate::fix::unified_diff(&candidate.path, &original, &fixed.text).as_bytes(),
        )?;
    } else {
        out.write_all(fixed.text.as_bytes())?;
    }
    out.flush()?;
    let after = lint::lint_bytes(
        &candidate.path,
        fixed.text.as_bytes(),
        &session.pack,
        &settings,
        session.today,
    );
    let reports: Vec<FileReport> = after.into_iter().map(|l| l.report).collect();
    if !globals.quiet {
        writeln!(
            err,
            "Fixed {} finding{}.",
            fixed.applied,
            if fixed.applied == 1 { "" } else { "s" }
        )?;
    }
    if args.diff {
        return Ok(if fixed.applied > 0 {
            ExitStatus::Findings
        } else {
            ExitStatus::Success
        });
    }
    // What remains, for the user reading the terminal.
    let rules: Vec<RuleMeta> = crate::rules::all_meta().into_iter().copied().collect();
    let options = RenderOptions {
        color: false,
        statistics: false,
        counts: RunCounts {
            files_checked: reports.len(),
            files_skipped: 0,
        },
        rule_url: None,
        width: 100,
        quiet: globals.quiet,
    };
    report::render(
        crate::report::Format::Concise,
        &reports,
        &rules,
        err,
        &options,
    )?;
    Ok(exit_status(&reports, args))
}

impl Candidate {
    /// The path config globs are matched against.
    fn stdin_key(&self) -> PathBuf {
        self.fs_path
            .clone()
            .unwrap_or_else(|| PathBuf::from(&self.path))
    }
}

fn report_errors(errors: &[String], err: &mut dyn Write) -> ExitStatus {
    for error in errors {
        // A closed stderr must not turn an error into a panic.
        let _ = writeln!(err, "error: {}", crate::terminal::escape(error));
    }
    ExitStatus::Error
}

fn exit_status(reports: &[FileReport], args: &CheckArgs) -> ExitStatus {
    let severities = crate::report::SeverityCounts::of(reports.iter().flat_map(|r| &r.findings));
    status_of(&severities, args)
}

/// Findings at or above `--fail-on` fail the run (unless `--exit-zero`).
fn status_of(severities: &crate::report::SeverityCounts, args: &CheckArgs) -> ExitStatus {
    if args.exit_zero {
        return ExitStatus::Success;
    }
    let failed = match args.fail_on {
        FailOn::Error => severities.errors > 0,
        FailOn::Warning => severities.errors + severities.warnings > 0,
        FailOn::Info => severities.total() > 0,
        FailOn::Never => false,
    };
    if failed {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    }
}

/// Apply fixes to one working-tree file; returns (fixes applied, diff).
fn fix_one(
    candidate: &Candidate,
    result: &mut Linted,
    session: &Session,
    settings: &FileSettings,
    args: &CheckArgs,
) -> Result<Option<(usize, String)>> {
    let Some(fs_path) = &candidate.fs_path else {
        return Ok(None);
    };
    // Never write over a file we could only read lossily.
    if !result.document.is_lossless() || !result.report.findings.iter().any(|f| f.fix.is_some()) {
        return Ok(None);
    }
    let original = result.report.text.to_string();
    let outcome = lint::fix_until_stable(
        &candidate.path,
        &original,
        &session.pack,
        settings,
        session.today,
        args.unsafe_fixes,
    );
    if outcome.text == original {
        return Ok(None);
    }
    if args.diff {
        return Ok(Some((
            outcome.applied,
            crate::fix::unified_diff(&candidate.path, &original, &outcome.text),
        )));
    }
    let write_options = crate::fix::WriteOptions {
        allow_hard_links: args.allow_hard_links,
    };
    crate::fix::write_atomic_with(fs_path, &candidate.bytes, &outcome.text, write_options)?;
    // Report what is left after fixing, as the file now stands.
    if let Some(after) = lint::lint_bytes(
        &candidate.path,
        outcome.text.as_bytes(),
        &session.pack,
        settings,
        session.today,
    ) {
        *result = after;
    }
    Ok(Some((outcome.applied, String::new())))
}

/// `--add-suppressions`: a `jobmark-disable-next-line CODE…` comment above
/// each line that has findings, so the file passes as it is and only new
/// problems fail. Written atomically; a second run adds nothing.
fn add_suppressions(
    candidate: &Candidate,
    result: &mut Linted,
    session: &Session,
    settings: &FileSettings,
) -> Result<usize> {
    let Some(fs_path) = &candidate.fs_path else {
        return Ok(0);
    };
    if result.report.findings.is_empty() {
        return Ok(0);
    }
    if !result.document.is_lossless() {
        anyhow::bail!(
            "{}: not valid UTF-8; refusing to add suppressions to it",
            candidate.path
        );
    }
    let original = result.report.text.to_string();
    let (text, added) = lint::suppress_all(
        &candidate.path,
        &original,
        &result.report.findings,
        &session.pack,
        settings,
        session.today,
    );
    if added == 0 {
        return Ok(0);
    }
    crate::fix::write_atomic(fs_path, &candidate.bytes, &text)?;
    if let Some(after) = lint::lint_bytes(
        &candidate.path,
        text.as_bytes(),
        &session.pack,
        settings,
        session.today,
    ) {
        *result = after;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    fn check_args(args: &[&str]) -> CheckArgs {
        let mut argv = vec!["jobmark", "check"];
        argv.extend_from_slice(args);
        match crate::cli::Cli::parse_from(argv).command {
            crate::cli::Command::Check(args) => args,
            _ => unreachable!(),
        }
    }

    #[test]
    fn runs_without_a_process() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.md"),
            "# [A](https://a.ir)\n### Status\n#### 📜🎉\n",
        )
        .unwrap();
        let path = dir.path().join("a.md");
        let args = check_args(&[
            path.to_str().unwrap(),
            "--format",
            "concise",
            "--today",
            "2026-01-01",
        ]);
        let globals = GlobalOptions::default();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = run(&args, &globals, &mut out, &mut err).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(status, ExitStatus::Findings, "{out}");
        assert!(out.contains("JM202"), "{out}");
    }
}
