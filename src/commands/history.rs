//! `jobmark history`: how each write-up evolved, commit by commit.
//!
//! The walk (in [`crate::source`]) yields every version of every document,
//! following renames. Each distinct blob is parsed and linted once, in
//! parallel, however many commits contain it; the timeline then shows what
//! changed between versions: status line, outcome, score, finding count,
//! path.

use std::collections::HashMap;
use std::io::{IsTerminal, Write as _};

use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::calendar::{CalendarKind, Day};
use crate::cli::{ExitStatus, GlobalOptions, HistoryArgs, HistoryFormat};
use crate::config::FileSettings;
use crate::diagnostic::Severity;
use crate::pack::Pack;
use crate::source::{BlobId, DocumentHistory, GitRepo, HistoryChange, PathFilter};

/// What one blob says, when it is a write-up.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BlobSummary {
    pub status: String,
    pub outcome: String,
    pub score: Option<f64>,
    pub findings: usize,
    pub errors: usize,
}

#[derive(Debug, Serialize)]
pub struct VersionOut {
    pub commit: String,
    pub date: String,
    pub time: i64,
    pub author: String,
    pub summary: String,
    pub path: String,
    pub change: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// False for a pure rename (same blob as the version before).
    pub content_changed: bool,
    /// None when deleted or not (yet) a write-up (an empty placeholder).
    pub write_up: Option<BlobSummary>,
}

#[derive(Debug, Serialize)]
pub struct DocumentOut {
    pub path: String,
    pub paths: Vec<String>,
    pub deleted: bool,
    pub first_commit: String,
    pub versions: Vec<VersionOut>,
}

#[derive(Debug, Serialize)]
pub struct HistoryOut {
    pub revision: String,
    pub shallow: bool,
    pub commits: usize,
    pub documents: Vec<DocumentOut>,
}

fn summarise(bytes: &[u8], path: &str, pack: &Pack, today: Day) -> Option<BlobSummary> {
    let linted = crate::lint::lint_bytes(path, bytes, pack, &FileSettings::default(), today)?;
    let doc = &linted.document;
    let status = doc
        .status
        .as_ref()
        .map(|s| s.glyphs.iter().map(|g| g.text.as_str()).collect())
        .unwrap_or_default();
    let outcome = pack
        .outcome_label(doc.status.as_ref().and_then(|s| s.outcome()))
        .to_string();
    let findings = &linted.report.findings;
    Some(BlobSummary {
        status,
        outcome,
        score: doc.score.as_ref().and_then(|s| s.value),
        findings: findings.len(),
        errors: findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
    })
}

fn change_name(change: &HistoryChange) -> (&'static str, Option<String>) {
    match change {
        HistoryChange::Added => ("added", None),
        HistoryChange::Modified => ("modified", None),
        HistoryChange::Renamed { from } => ("renamed", Some(from.clone())),
        HistoryChange::Deleted => ("deleted", None),
    }
}

/// Build the timelines: read and lint each distinct blob once.
pub fn build(
    repo: &GitRepo,
    rev: &str,
    filter: &PathFilter,
    pack: &Pack,
    today: Day,
    show_progress: bool,
    verbose: bool,
) -> Result<HistoryOut> {
    let started = std::time::Instant::now();
    let bar = show_progress.then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message("walking history");
        bar
    });
    let progress = |done: usize| {
        if let Some(bar) = &bar {
            bar.set_message(format!("{done} commits"));
            bar.tick();
        }
    };
    let history = repo
        .history(rev, filter, &progress)
        .map_err(anyhow::Error::new)?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let mut blobs: Vec<(&BlobId, &str)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for document in &history.documents {
        for version in &document.versions {
            if let Some(blob) = &version.blob {
                if seen.insert(*blob) {
                    blobs.push((blob, version.path.as_str()));
                }
            }
        }
    }
    let walked = started.elapsed();
    let ids: Vec<BlobId> = blobs.iter().map(|(blob, _)| **blob).collect();
    let paths: HashMap<BlobId, &str> = blobs.iter().map(|(blob, path)| (**blob, *path)).collect();
    // A blob that cannot be read or is not a write-up has no summary.
    let summaries: HashMap<BlobId, Option<BlobSummary>> = repo
        .map_blobs(&ids, |id, bytes| {
            let path = paths.get(id).copied().unwrap_or("");
            (
                *id,
                bytes
                    .ok()
                    .and_then(|bytes| summarise(&bytes, path, pack, today)),
            )
        })
        .into_iter()
        .collect();
    if verbose {
        eprintln!(
            "walked {} commits in {:.2} s; read, parsed and linted {} distinct blobs in {:.2} s",
            history.commits_walked,
            walked.as_secs_f64(),
            ids.len(),
            (started.elapsed() - walked).as_secs_f64()
        );
    }
    let documents = history
        .documents
        .iter()
        .filter(|d| {
            d.versions.iter().any(|v| {
                v.blob
                    .as_ref()
                    .is_some_and(|b| summaries.get(b).is_some_and(Option::is_some))
            })
        })
        .map(|d| document_out(d, &summaries))
        .collect();
    Ok(HistoryOut {
        revision: rev.to_string(),
        shallow: history.shallow,
        commits: history.commits_walked,
        documents,
    })
}

fn document_out(
    document: &DocumentHistory,
    summaries: &HashMap<BlobId, Option<BlobSummary>>,
) -> DocumentOut {
    let mut paths: Vec<String> = Vec::new();
    for version in &document.versions {
        if paths.last() != Some(&version.path) {
            paths.push(version.path.clone());
        }
    }
    let mut previous_blob = None;
    let versions = document
        .versions
        .iter()
        .map(|v| {
            let (change, renamed_from) = change_name(&v.change);
            let content_changed = v.blob.is_none() || v.blob != previous_blob;
            previous_blob = v.blob;
            VersionOut {
                commit: v.commit.clone(),
                date: Day(719_163 + v.time.div_euclid(86_400)).format(CalendarKind::Gregorian),
                time: v.time,
                author: v.author.clone(),
                summary: v.summary.clone(),
                path: v.path.clone(),
                change,
                renamed_from,
                content_changed,
                write_up: v
                    .blob
                    .as_ref()
                    .and_then(|b| summaries.get(b).cloned().flatten()),
            }
        })
        .collect();
    DocumentOut {
        path: document.current_path().to_string(),
        paths,
        deleted: document.is_deleted(),
        first_commit: document
            .versions
            .first()
            .map(|v| v.commit.clone())
            .unwrap_or_default(),
        versions,
    }
}

fn describe_change(previous: Option<&BlobSummary>, current: Option<&BlobSummary>) -> String {
    let score = |s: Option<f64>| s.map_or_else(|| "none".to_string(), |v| format!("{v}"));
    match (previous, current) {
        (_, None) => "not a write-up".to_string(),
        (None, Some(c)) => format!(
            "status {} · {} · score {} · {} finding{} ({} error{})",
            if c.status.is_empty() {
                "(none)"
            } else {
                &c.status
            },
            c.outcome,
            score(c.score),
            c.findings,
            if c.findings == 1 { "" } else { "s" },
            c.errors,
            if c.errors == 1 { "" } else { "s" }
        ),
        (Some(p), Some(c)) => {
            let mut parts = Vec::new();
            if p.status != c.status {
                parts.push(format!("status {} → {}", p.status, c.status));
            }
            if p.outcome != c.outcome {
                parts.push(format!("outcome {} → {}", p.outcome, c.outcome));
            }
            if p.score != c.score {
                parts.push(format!("score {} → {}", score(p.score), score(c.score)));
            }
            if p.findings != c.findings {
                parts.push(format!("findings {} → {}", p.findings, c.findings));
            }
            if parts.is_empty() {
                "text edited".to_string()
            } else {
                parts.join(" · ")
            }
        }
    }
}

pub fn render_human(out: &HistoryOut) -> String {
    let mut text = String::new();
    if out.shallow {
        text.push_str("note: shallow clone: history before the graft is missing, so first versions may not be the real first ones\n\n");
    }
    for document in &out.documents {
        let state = if document.deleted { " (deleted)" } else { "" };
        text.push_str(&format!(
            "{}{state}: {} version{}\n",
            document.path,
            document.versions.len(),
            if document.versions.len() == 1 {
                ""
            } else {
                "s"
            }
        ));
        if document.paths.len() > 1 {
            text.push_str(&format!("  paths: {}\n", document.paths.join(" → ")));
        }
        let mut previous: Option<&BlobSummary> = None;
        for version in &document.versions {
            let short = &version.commit[..version.commit.len().min(10)];
            let what = match version.change {
                "deleted" => "deleted".to_string(),
                "renamed" if !version.content_changed => {
                    format!(
                        "renamed from {} (content unchanged)",
                        version.renamed_from.as_deref().unwrap_or("?")
                    )
                }
                "renamed" => format!(
                    "renamed from {} · {}",
                    version.renamed_from.as_deref().unwrap_or("?"),
                    describe_change(previous, version.write_up.as_ref())
                ),
                change => format!(
                    "{change} · {}",
                    describe_change(previous, version.write_up.as_ref())
                ),
            };
            text.push_str(&format!(
                "  {} {short} {}: {what}\n",
                version.date,
                // The name is enough on a terminal; JSON keeps the address.
                version.author.split(" <").next().unwrap_or(&version.author)
            ));
            if version.write_up.is_some() {
                previous = version.write_up.as_ref();
            }
        }
        text.push('\n');
    }
    let count = out.documents.len();
    let plural = if count == 1 { "" } else { "s" };
    text.push_str(&format!(
        "{count} write-up{plural} over {} commits\n",
        out.commits
    ));
    text
}

pub fn run(args: &HistoryArgs, globals: &GlobalOptions) -> Result<ExitStatus> {
    let repo = GitRepo::open(args.repo.as_deref()).map_err(anyhow::Error::new)?;
    let paths: Vec<std::path::PathBuf> = args.paths.iter().map(Into::into).collect();
    let request = crate::input::Request {
        source: Some(crate::input::Source::Rev(args.rev.clone())),
        paths: paths.clone(),
        repo: args.repo.clone(),
        ..Default::default()
    };
    let session = crate::session::Session::resolve(&crate::session::SessionOptions {
        rules: args.rules.clone(),
        anchor: Some(crate::input::config_anchor(&request, Some(&repo))),
        today: args.today.clone(),
        verbose: globals.verbose,
        ..Default::default()
    })?;
    let (pack, today) = (&session.pack, session.today);
    // Paths relative to the current directory, as everywhere (and in git).
    let filter = crate::input::path_filter(&repo, &paths);
    let show_progress = !globals.quiet && std::io::stderr().is_terminal();
    let history = build(
        &repo,
        &args.rev,
        &filter,
        pack,
        today,
        show_progress,
        globals.verbose,
    )?;
    let rendered = match args.format {
        HistoryFormat::Human => render_human(&history),
        HistoryFormat::Json => {
            serde_json::to_string_pretty(&history).context("cannot encode the history")? + "\n"
        }
    };
    let mut out = crate::commands::open_output(args.output.as_deref())?;
    out.write_all(rendered.as_bytes())
        .context("cannot write the history")?;
    out.flush().context("cannot write the history")?;
    Ok(ExitStatus::Success)
}
