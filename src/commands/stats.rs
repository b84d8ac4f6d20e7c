//! `jobmark stats`: write-ups in, charts and numbers out.
//!
//! Reads the working tree or a revision, parses every write-up once, turns
//! each into an [`Application`] record and hands them to [`crate::stats`]
//! and [`crate::chart`]. Files that are not write-ups are skipped; broken
//! write-ups are still counted (the statistics list what they leave out).

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::time::Instant;

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use crate::calendar::CalendarKind;
use crate::cli::{ExitStatus, GlobalOptions, StatsArgs};
use crate::config::FileSettings;
use crate::input::{self, Request, Source};
use crate::session::Session;
use crate::session::SessionOptions;
use crate::source::{BlobId, GitRepo};
use crate::stats::application::Application;
use crate::stats::history::{BlobStatus, HistoryInput, HistoryStats, TimeWindow};
use crate::stats::{self, Excluded, Stats, StatsOptions};
use crate::wording::plural;

/// The calendar of `--year` when `--calendar` is not given: `2025` is only
/// a Gregorian year, `1404` only a Solar Hijri one.
pub fn calendar_for(year: Option<i32>, calendar: Option<CalendarKind>) -> Option<CalendarKind> {
    calendar.or_else(|| year.and_then(CalendarKind::from_year))
}

pub fn run(args: &StatsArgs, globals: &GlobalOptions, err: &mut dyn Write) -> Result<ExitStatus> {
    let request = Request {
        source: Some(match &args.rev {
            Some(rev) => Source::Rev(rev.clone()),
            None => Source::Worktree,
        }),
        paths: args.paths.clone(),
        repo: args.repo.clone(),
        // Never read jobmark's own output (its README.md) as input.
        skip_dirs: vec![args.out.clone()],
        ..Default::default()
    };
    let options = SessionOptions {
        rules: args.rules.clone(),
        verbose: globals.verbose,
        ..Default::default()
    };
    let started = Instant::now();
    let (repo, session) = input::open(&request, options)?;
    let gathered = input::gather(&request, repo.as_ref(), &session)?;
    session.log.phase("read", started);
    if let Some(error) = gathered.errors.first() {
        // Statistics over a partial set would be wrong without saying so.
        for other in &gathered.errors[1..] {
            writeln!(err, "error: {other}")?;
        }
        anyhow::bail!("{error}");
    }
    // The repository path of each file, to find its history document
    // (working-tree paths are shown relative to the current directory).
    let mut repo_paths: HashMap<String, String> = HashMap::new();
    let history_repo = if args.history {
        let repo = match repo {
            Some(repo) => repo,
            None => GitRepo::open(args.repo.as_deref())
                .map_err(anyhow::Error::new)
                .context("--history reads the git history")?,
        };
        // The history walked is the repository's around the current
        // directory: a PATH outside it has no history there, and an empty
        // chart would say nothing about why (git: "outside repository").
        if let Some(outside) = args.paths.iter().find(|p| !is_inside_work_tree(&repo, p)) {
            anyhow::bail!(
                "--history: {} is outside the repository {}; run jobmark from inside that repository",
                crate::terminal::escape(&outside.to_string_lossy()),
                crate::terminal::escape(
                    &repo
                        .workdir()
                        .map_or_else(String::new, |w| w.to_string_lossy().into_owned())
                )
            );
        }
        for c in &gathered.candidates {
            let in_repo = c
                .fs_path
                .as_deref()
                .map_or_else(|| c.path.clone(), |p| crate::input::repo_path(&repo, p));
            repo_paths.insert(c.path.clone(), in_repo);
        }
        Some(repo)
    } else {
        None
    };
    let files: Vec<(String, Vec<u8>)> = gathered
        .candidates
        .into_iter()
        .map(|c| (c.path, c.bytes))
        .collect();
    let pack = &session.pack;
    let started = Instant::now();
    // Statistics need the parsed document, not findings: run no rules.
    let settings = FileSettings::no_rules().with_max_file_size(args.max_file_size);
    let today = session.today;
    let parsed: Vec<Result<Application, Excluded>> = files
        .par_iter()
        .filter_map(|(path, bytes)| {
            let Some(linted) = crate::lint::lint_bytes(path, bytes, pack, &settings, today) else {
                session.log.note(format!(
                    "skipped {path}: not a write-up (no `{}` heading)",
                    pack.header.marker_heading
                ));
                return None;
            };
            let application = Application::from_document(path, &linted.document, pack);
            // Garbled text would be counted as an open process with no
            // stages: leave it out of every chart and say why.
            let unreadable = if linted.too_large {
                Some(format!(
                    "over the size limit of {}; not read",
                    crate::size_limit::describe(settings.max_file_size())
                ))
            } else if let Some(mojibake) = &linted.document.mojibake {
                Some(format!(
                    "mojibake: UTF-8 decoded as {} and saved again",
                    mojibake.code_page
                ))
            } else if !linted.document.is_lossless() {
                Some("not valid UTF-8".to_string())
            } else {
                None
            };
            Some(match unreadable {
                Some(reason) => Err(Excluded {
                    path: application.path,
                    company: application.company,
                    charts: vec!["all".to_string()],
                    reason,
                }),
                None => Ok(application),
            })
        })
        .collect();
    let mut applications = Vec::new();
    let mut unreadable = Vec::new();
    for result in parsed {
        match result {
            Ok(application) => applications.push(application),
            Err(excluded) => unreadable.push(excluded),
        }
    }
    applications.sort_by(|a, b| a.path.cmp(&b.path));
    unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    session.log.phase("parse", started);
    let calendar = calendar_for(args.year, args.calendar.map(Into::into));
    if args.calendar.is_none() {
        if let (Some(year), Some(calendar)) = (args.year, calendar) {
            session.log.note(format!(
                "--year {year} is a {} year: months and years read in that calendar",
                calendar.as_str()
            ));
        }
    }
    let options = StatsOptions {
        year: args.year,
        calendar,
    };
    let started = Instant::now();
    let mut computed = stats::compute(&applications, pack, &options);
    computed.excluded.extend(unreadable);
    if let Some(repo) = &history_repo {
        let app_repo_paths: Vec<String> = applications
            .iter()
            .map(|a| repo_paths.get(&a.path).cloned().unwrap_or_default())
            .collect();
        let history = read_history(
            repo,
            args,
            globals,
            &session,
            &settings,
            &applications,
            &app_repo_paths,
            &computed,
        )?;
        computed.history = Some(history);
    }
    // The history has its own phases; drawing is timed on its own.
    let started = if args.history {
        Instant::now()
    } else {
        started
    };
    // Only into jobmark's own directory, never through a link (output_dir).
    let out_dir = crate::output_dir::OutputDir::prepare(&args.out, args.force)?;
    let mut outputs = crate::chart::render_all(&computed).context("cannot draw the charts")?;
    outputs.push(("stats.json", computed.to_json()));
    outputs.push(("README.md", crate::stats::page::render_readme(&computed)));
    let written = outputs
        .into_iter()
        .map(|(name, content)| out_dir.write(name, content.as_bytes()))
        .collect::<Result<Vec<_>, _>>()?;
    session.log.phase("compute and draw", started);
    if files.is_empty() || applications.is_empty() {
        writeln!(
            err,
            "warning: no write-ups found ({} Markdown file{} read); the page is empty. A write-up is a `.md` or `.markdown` file with a `{}` heading (-v lists every file skipped).",
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            pack.header.marker_heading
        )?;
    } else if computed.documents == 0 {
        writeln!(
            err,
            "warning: --year {} leaves none of the {} write-ups (years read in the {} calendar; pass --calendar to choose)",
            args.year.unwrap_or_default(),
            applications.len(),
            computed.calendar.as_str()
        )?;
    }
    if !globals.quiet {
        writeln!(
            err,
            "{} ({} read); wrote {} into {} (the page: {})",
            plural(computed.documents, "write-up", "write-ups"),
            plural(files.len(), "file", "files"),
            plural(written.len(), "file", "files"),
            crate::terminal::escape(&args.out.display().to_string()),
            crate::terminal::escape(&args.out.join("README.md").display().to_string())
        )?;
    }
    if globals.verbose {
        for path in &written {
            writeln!(
                err,
                "  {}",
                crate::terminal::escape(&path.display().to_string())
            )?;
        }
    }
    Ok(ExitStatus::Success)
}

/// Whether `path` (relative to the current directory) is in `repo`'s work
/// tree; always true for a bare repository, whose paths are all repository
/// paths.
fn is_inside_work_tree(repo: &GitRepo, path: &std::path::Path) -> bool {
    let Some(workdir) = repo.workdir() else {
        return true;
    };
    match (std::fs::canonicalize(workdir), std::fs::canonicalize(path)) {
        (Ok(workdir), Ok(path)) => path.starts_with(workdir),
        // A path that does not exist was already refused by the reading.
        _ => true,
    }
}

/// `--history`: walk the history from `--rev` (default HEAD) with the walk
/// `jobmark history` uses, parse each distinct blob of the selected
/// documents once (in parallel, in pack order), and compute the history
/// numbers.
#[allow(clippy::too_many_arguments)]
fn read_history(
    repo: &GitRepo,
    args: &StatsArgs,
    globals: &GlobalOptions,
    session: &Session,
    settings: &FileSettings,
    applications: &[Application],
    app_repo_paths: &[String],
    computed: &Stats,
) -> Result<HistoryStats> {
    let revision = args.rev.as_deref().unwrap_or("HEAD");
    let started = Instant::now();
    let history = crate::commands::history::walk(
        repo,
        revision,
        &session.settings.history.follow_options(),
        !globals.quiet && std::io::stderr().is_terminal(),
    )
    .map_err(anyhow::Error::new)
    .with_context(|| {
        format!(
            "--history cannot walk `{}`",
            crate::terminal::escape(revision)
        )
    })?;
    session.log.phase("walk history", started);
    let started = Instant::now();
    let selection = crate::input::path_filter(repo, &args.paths);
    let selected: Vec<usize> = history
        .documents
        .iter()
        .filter(|d| d.versions.iter().any(|v| selection.accepts(&v.path)))
        .map(|d| d.id)
        .collect();
    let mut seen = HashSet::new();
    let mut blobs: Vec<(BlobId, &str)> = Vec::new();
    for &d in &selected {
        for version in &history.documents[d].versions {
            if let Some(blob) = version.blob {
                if seen.insert(blob) {
                    blobs.push((blob, version.path.as_str()));
                }
            }
        }
    }
    let ids: Vec<BlobId> = blobs.iter().map(|(b, _)| *b).collect();
    let paths: HashMap<BlobId, &str> = blobs.iter().copied().collect();
    let pack = &session.pack;
    let read = repo.map_blobs(&ids, |id, bytes| {
        let path = paths.get(id).copied().unwrap_or("");
        bytes.map(|bytes| (*id, BlobStatus::read(path, &bytes, pack, settings)))
    });
    let mut reads = HashMap::with_capacity(read.len());
    for result in read {
        // A missing or damaged blob is the repository's fault: say so.
        let (id, status) = result.map_err(anyhow::Error::new)?;
        reads.insert(id, status);
    }
    let window = TimeWindow::until(session.today);
    let mut counts = stats::history::TimelineCounts::default();
    let timelines: Vec<_> = selected
        .iter()
        .filter_map(|&d| {
            stats::history::timeline(
                &history.documents[d],
                &reads,
                window,
                &computed.legend,
                &mut counts,
            )
        })
        .collect();
    session.log.note(format!(
        "history: {} commits, {} documents selected, {} distinct blobs parsed",
        history.commits_walked,
        selected.len(),
        ids.len()
    ));
    let input = HistoryInput {
        revision,
        commits: history.commits_walked,
        shallow: history.shallow,
        timelines: &timelines,
        counts,
        window,
        app_repo_paths,
    };
    let result = stats::history::compute(computed, applications, &input);
    session.log.phase("read history", started);
    Ok(result)
}
