//! `jobmark check`: lint write-ups from the working tree or from git,
//! optionally fix them, and report.
//!
//! The flow is: gather inputs (path, bytes, and for `--range` the base
//! version) → lint in parallel → (fix) → keep only new findings for
//! `--range` → render → exit status. Unreadable files are reported and the
//! run goes on; the exit status remembers it.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use crate::calendar::{CalendarKind, Day};
use crate::cli::{CheckArgs, ExitStatus, FailOn, GlobalOptions};
use crate::config::{FileSettings, Settings};
use crate::diagnostic::{FileReport, Finding, RuleMeta, Severity};
use crate::lint::{self, Linted};
use crate::pack::Pack;
use crate::report::{self, RenderOptions, RunCounts};
use crate::source::{GitRepo, PathFilter, SourceErrorKind};

/// One file to check.
pub struct Input {
    /// Path as shown in output (relative path, or repository path).
    pub path: String,
    /// Where it is on disk, when it comes from the working tree (fixable).
    pub fs_path: Option<PathBuf>,
    pub bytes: Vec<u8>,
    /// For `--range`: the base version of the same document (followed
    /// through renames); `None` for a file the range adds.
    pub base: Option<Vec<u8>>,
    pub settings: Arc<Settings>,
}

/// What gathering found besides inputs.
#[derive(Default)]
pub struct Gathered {
    pub inputs: Vec<Input>,
    /// Files that could not be read, with the reason.
    pub errors: Vec<String>,
}

/// `--today YYYY-MM-DD`, or the system clock.
pub fn parse_today(text: Option<&str>) -> Result<Day> {
    let Some(text) = text else {
        return Ok(Day::today());
    };
    let parts: Vec<_> = text.split(['-', '/']).collect();
    let parsed = match parts.as_slice() {
        [y, m, d] => y
            .parse()
            .ok()
            .zip(m.parse().ok())
            .zip(d.parse().ok())
            .map(|((y, m), d)| (y, m, d)),
        _ => None,
    };
    let Some((y, m, d)) = parsed else {
        anyhow::bail!("--today `{text}` is not YYYY-MM-DD")
    };
    crate::calendar::day_from_ymd(CalendarKind::Gregorian, y, m, d)
        .map_err(|e| anyhow::anyhow!("--today `{text}` is not a date: {}", e.reason))
}

pub fn run(args: &CheckArgs, globals: &GlobalOptions) -> Result<ExitStatus> {
    let today = parse_today(args.today.as_deref())?;
    if (args.fix || args.diff)
        && (args.source.rev.is_some() || args.source.staged || args.source.range.is_some())
    {
        anyhow::bail!(
            "--fix and --diff work on the working tree only, not on --rev, --staged or --range"
        );
    }
    for selector in args.select.iter().chain(&args.ignore) {
        if !crate::config::selector_is_known(selector) {
            anyhow::bail!("`{selector}` names no rule (see `jobmark rules`)");
        }
    }
    let explicit_config = args
        .config
        .as_deref()
        .map(Settings::load)
        .transpose()?
        .map(Arc::new);
    let gathered = gather(args, explicit_config.clone())?;
    // One pack for the run: --rules, else the first config's `rules`.
    let config_rules = explicit_config
        .as_ref()
        .and_then(|c| c.rules.clone())
        .or_else(|| {
            gathered
                .inputs
                .first()
                .and_then(|i| i.settings.rules.clone())
        });
    let pack = crate::commands::load_pack(args.rules.as_deref(), config_rules.as_deref())?;

    let file_settings = |input: &Input| -> FileSettings {
        let key = input
            .fs_path
            .clone()
            .unwrap_or_else(|| PathBuf::from(&input.path));
        input
            .settings
            .for_file(&key)
            .with_overrides(&args.select, &args.ignore)
    };

    let mut linted: Vec<(usize, Linted)> = gathered
        .inputs
        .par_iter()
        .enumerate()
        .filter_map(|(i, input)| {
            lint::lint_bytes(
                &input.path,
                &input.bytes,
                &pack,
                &file_settings(input),
                today,
            )
            .map(|l| (i, l))
        })
        .collect();
    let skipped = gathered.inputs.len() - linted.len();
    let mut errors = gathered.errors;

    if args.fix || args.diff {
        let mut diff_output = String::new();
        let mut fixed = 0usize;
        for (i, result) in &mut linted {
            let input = &gathered.inputs[*i];
            let settings = file_settings(input);
            match fix_one(input, result, &pack, &settings, today, args) {
                Ok(Some((count, diff))) => {
                    fixed += count;
                    diff_output.push_str(&diff);
                }
                Ok(None) => {}
                Err(error) => errors.push(format!("{error:#}")),
            }
        }
        if args.diff {
            let mut out = crate::commands::open_output(args.output.as_deref())?;
            out.write_all(diff_output.as_bytes())
                .context("cannot write the diff")?;
            out.flush().context("cannot write the diff")?;
            if !globals.quiet {
                eprintln!(
                    "{fixed} fix{} would be applied",
                    if fixed == 1 { "" } else { "es" }
                );
            }
            // Like ruff: --diff fails when there is something to fix.
            return Ok(if !errors.is_empty() {
                report_errors(&errors)
            } else if fixed > 0 {
                ExitStatus::Findings
            } else {
                ExitStatus::Success
            });
        }
        if !globals.quiet {
            eprintln!(
                "Fixed {fixed} finding{}.",
                if fixed == 1 { "" } else { "s" }
            );
        }
    }

    let mut reports: Vec<FileReport> = Vec::with_capacity(linted.len());
    for (i, result) in linted {
        let input = &gathered.inputs[i];
        let mut report = result.report;
        if args.source.range.is_some() && !args.all_findings {
            if let Some(base) = &input.base {
                let base_report =
                    lint::lint_bytes(&input.path, base, &pack, &file_settings(input), today)
                        .map(|l| l.report)
                        .unwrap_or(FileReport {
                            path: input.path.clone(),
                            text: Arc::from(""),
                            findings: Vec::new(),
                        });
                report.findings = new_findings(&report, &base_report);
            }
        }
        reports.push(report);
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));

    let rules: Vec<RuleMeta> = crate::rules::all_meta().into_iter().copied().collect();
    let options = RenderOptions {
        color: globals.color && args.output.is_none(),
        statistics: args.statistics,
        counts: RunCounts {
            files_checked: reports.len(),
            files_skipped: skipped,
        },
        rule_url: pack
            .header
            .docs_url
            .as_ref()
            .map(|base| format!("{base}#{{code}}")),
        width: 100,
        quiet: globals.quiet,
    };
    let checked = reports.len();
    if globals.quiet {
        // --quiet: only files with findings (the counts above keep them all).
        reports.retain(|r| !r.findings.is_empty());
    }
    let mut out = crate::commands::open_output(args.output.as_deref())?;
    report::render(args.format, &reports, &rules, &mut out, &options)
        .context("cannot write the report")?;
    out.flush().context("cannot write the report")?;
    drop(out);
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
    if globals.verbose {
        eprintln!(
            "checked {} write-ups, skipped {skipped} other Markdown files",
            checked
        );
    }
    if !errors.is_empty() {
        return Ok(report_errors(&errors));
    }
    Ok(exit_status(&reports, args))
}

fn report_errors(errors: &[String]) -> ExitStatus {
    for error in errors {
        eprintln!("error: {error}");
    }
    ExitStatus::Error
}

fn exit_status(reports: &[FileReport], args: &CheckArgs) -> ExitStatus {
    if args.exit_zero {
        return ExitStatus::Success;
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failed = threshold.is_some_and(|t| {
        reports
            .iter()
            .flat_map(|r| &r.findings)
            .any(|f| f.severity >= t)
    });
    if failed {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    }
}

/// The identity of a finding that survives lines moving: the rule, its
/// message and the text it points at, never the position.
fn finding_key(report: &FileReport, finding: &Finding) -> (&'static str, String, String) {
    let span = report::clamp_span(&report.text, &finding.span);
    (
        finding.code,
        finding.message.clone(),
        report.text[span].to_string(),
    )
}

/// Findings of `head` that `base` does not have. Matching is a multiset:
/// three identical findings in base absorb three in head, a fourth is new.
pub fn new_findings(head: &FileReport, base: &FileReport) -> Vec<Finding> {
    let mut available: HashMap<(&'static str, String, String), usize> = HashMap::new();
    for finding in &base.findings {
        *available.entry(finding_key(base, finding)).or_default() += 1;
    }
    head.findings
        .iter()
        .filter(
            |finding| match available.get_mut(&finding_key(head, finding)) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            },
        )
        .cloned()
        .collect()
}

/// Apply fixes to one working-tree file; returns (fixes applied, diff).
fn fix_one(
    input: &Input,
    result: &mut Linted,
    pack: &Pack,
    settings: &FileSettings,
    today: Day,
    args: &CheckArgs,
) -> Result<Option<(usize, String)>> {
    let Some(fs_path) = &input.fs_path else {
        return Ok(None);
    };
    // Never write over a file we could only read lossily.
    if !result.document.is_lossless() || !result.report.findings.iter().any(|f| f.fix.is_some()) {
        return Ok(None);
    }
    let original = result.report.text.to_string();
    let outcome = crate::fix::fix_until_stable(&original, args.unsafe_fixes, 10, |text| {
        lint::lint_bytes(&input.path, text.as_bytes(), pack, settings, today)
            .map(|l| {
                l.report
                    .findings
                    .into_iter()
                    .filter_map(|f| f.fix)
                    .collect()
            })
            .unwrap_or_default()
    });
    if outcome.text == original {
        return Ok(None);
    }
    if args.diff {
        return Ok(Some((
            outcome.applied,
            crate::fix::unified_diff(&input.path, &original, &outcome.text),
        )));
    }
    crate::fix::write_atomic(fs_path, &input.bytes, &outcome.text)?;
    // Report what is left after fixing, as the file now stands.
    if let Some(after) =
        lint::lint_bytes(&input.path, outcome.text.as_bytes(), pack, settings, today)
    {
        *result = after;
    }
    Ok(Some((outcome.applied, String::new())))
}

/// Collect inputs from the source the arguments name.
fn gather(args: &CheckArgs, explicit_config: Option<Arc<Settings>>) -> Result<Gathered> {
    let source = &args.source;
    if source.rev.is_none() && !source.staged && source.range.is_none() {
        return gather_worktree(&args.paths, explicit_config, args.force_exclude);
    }
    let repo = GitRepo::open(source.repo.as_deref()).map_err(anyhow::Error::new)?;
    let settings = match explicit_config {
        Some(settings) => settings,
        None => Arc::new(Settings::discover(
            repo.workdir().unwrap_or(Path::new(".")),
        )?),
    };
    let filter = PathFilter::new(args.paths.iter().map(|p| repo_relative(&repo, p)).collect());
    let mut gathered = Gathered::default();
    let input = |path: String, bytes: Vec<u8>, base: Option<Vec<u8>>| Input {
        path,
        fs_path: None,
        bytes,
        base,
        settings: settings.clone(),
    };
    if let Some(rev) = &source.rev {
        for file in repo
            .files_at_rev(rev, &filter)
            .map_err(anyhow::Error::new)?
        {
            gathered.inputs.push(input(file.path, file.bytes, None));
        }
    } else if source.staged {
        // What this commit changes: staged files that differ from HEAD. An
        // old broken write-up nobody touched must not block every commit.
        let head: HashMap<String, Vec<u8>> = match repo.files_at_rev("HEAD", &filter) {
            Ok(files) => files.into_iter().map(|f| (f.path, f.bytes)).collect(),
            // An unborn branch: the first commit changes everything.
            Err(e) if e.kind() == SourceErrorKind::BadRevision => HashMap::new(),
            Err(e) => return Err(anyhow::Error::new(e)),
        };
        for file in repo.staged_files(&filter).map_err(anyhow::Error::new)? {
            if head.get(&file.path) != Some(&file.bytes) {
                gathered.inputs.push(input(file.path, file.bytes, None));
            }
        }
    } else if let Some(range) = &source.range {
        let (base, head) = parse_range(range)?;
        for change in repo
            .range_changes(base, head, &filter)
            .map_err(anyhow::Error::new)?
        {
            gathered
                .inputs
                .push(input(change.path, change.new_bytes, change.old_bytes));
        }
    }
    gathered
        .inputs
        .retain(|i| !settings.is_excluded(Path::new(&i.path)));
    Ok(gathered)
}

/// `BASE..HEAD` (or `BASE...HEAD`, same meaning here: the merge base is used).
pub fn parse_range(range: &str) -> Result<(&str, &str)> {
    let (base, head) = range
        .split_once("...")
        .or_else(|| range.split_once(".."))
        .with_context(|| format!("--range `{range}` is not BASE..HEAD"))?;
    if base.is_empty() || head.is_empty() {
        anyhow::bail!("--range `{range}` is not BASE..HEAD");
    }
    Ok((base, head))
}

/// A user path as a repository path: relative to the repository's work
/// tree when it points inside it, otherwise taken as written.
fn repo_relative(repo: &GitRepo, path: &Path) -> String {
    if let Some(workdir) = repo.workdir() {
        let workdir = std::fs::canonicalize(workdir).unwrap_or_else(|_| workdir.to_path_buf());
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let absolute = std::fs::canonicalize(&absolute).unwrap_or(absolute);
        if let Ok(relative) = absolute.strip_prefix(&workdir) {
            return relative.to_string_lossy().replace('\\', "/");
        }
    }
    path.to_string_lossy()
        .replace('\\', "/")
        .trim_start_matches("./")
        .to_string()
}

fn gather_worktree(
    paths: &[PathBuf],
    explicit_config: Option<Arc<Settings>>,
    force_exclude: bool,
) -> Result<Gathered> {
    let roots: Vec<PathBuf> = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let mut gathered = Gathered::default();
    let mut seen = std::collections::HashSet::new();
    for root in &roots {
        let settings = match &explicit_config {
            Some(settings) => settings.clone(),
            None => Arc::new(Settings::discover(root)?),
        };
        for path in crate::commands::walk_markdown(root)? {
            // `exclude` keeps walked files out; a file named on the command
            // line is checked because the user asked for it.
            if ((root.is_dir() || force_exclude) && settings.is_excluded(&path))
                || !seen.insert(path.clone())
            {
                continue;
            }
            match std::fs::read(&path) {
                Ok(bytes) => gathered.inputs.push(Input {
                    path: crate::commands::display_path(&path),
                    fs_path: Some(path),
                    bytes,
                    base: None,
                    settings: settings.clone(),
                }),
                Err(error) => gathered
                    .errors
                    .push(format!("cannot read {}: {error}", path.display())),
            }
        }
    }
    Ok(gathered)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(code: &'static str, span: std::ops::Range<usize>, message: &str) -> Finding {
        Finding {
            code,
            name: "x",
            severity: Severity::Error,
            message: message.into(),
            help: None,
            span,
            fix: None,
        }
    }

    #[test]
    fn new_findings_survive_moved_lines() {
        let base = FileReport {
            path: "a.md".into(),
            text: Arc::from("x\nBAD\n"),
            findings: vec![finding("JM1", 2..5, "bad")],
        };
        let head = FileReport {
            path: "b.md".into(),
            text: Arc::from("new\nlines\nx\nBAD\nBAD\n"),
            findings: vec![finding("JM1", 12..15, "bad"), finding("JM1", 16..19, "bad")],
        };
        let new = new_findings(&head, &base);
        assert_eq!(new.len(), 1, "one of the two identical findings is old");
    }

    #[test]
    fn ranges_parse() {
        assert_eq!(parse_range("main..HEAD").unwrap(), ("main", "HEAD"));
        assert_eq!(parse_range("a...b").unwrap(), ("a", "b"));
        assert!(parse_range("main").is_err());
    }
}
