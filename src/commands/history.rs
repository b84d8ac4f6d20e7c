//! `jobmark history`: how each write-up evolved, commit by commit.
//!
//! The walk (in [`crate::source`]) yields every version of every document,
//! following content across moves. Each distinct blob is parsed and linted
//! once, in parallel, however many commits contain it; the timeline then
//! shows per version the status line, outcome, score and finding counts,
//! and what changed since the version before.
//!
//! Invariants:
//! - A blob that cannot be read is an error (exit 2), never a version
//!   shown as "not a write-up".
//! - PATH arguments select documents, not paths: a document is shown when
//!   any of its versions lay under a PATH, so `history acme/acme.md` shows
//!   the versions from before the file got that name. A PATH no version
//!   ever had is an error.
//! - JSON is written one document at a time; the output is never built in
//!   memory as a whole.
//! - Repository text (paths, names, subjects) printed for humans has its
//!   control characters made visible.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};

use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::calendar::{CalendarKind, Day};
use crate::cli::{ExitStatus, GlobalOptions, HistoryArgs, HistoryFormat};
use crate::config::FileSettings;
use crate::diagnostic::Severity;
use crate::pack::Pack;
use crate::source::{
    BlobId, DocumentHistory, FollowOptions, GitRepo, History, HistoryChange, PathFilter,
};
use crate::wording::plural;

/// What one blob says, when it is a write-up.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BlobSummary {
    pub status: String,
    pub outcome: String,
    pub score: Option<f64>,
    pub findings: usize,
    pub errors: usize,
    /// Why the text cannot be read as written (mojibake, invalid UTF-8);
    /// status and outcome are then meaningless and not shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undecodable: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct VersionOut {
    pub commit: String,
    /// Committer date (UTC, Gregorian), the walk's order.
    pub date: String,
    /// Committer time, seconds since the Unix epoch.
    pub time: i64,
    /// Author time, seconds since the Unix epoch.
    pub author_time: i64,
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
pub struct CopiedFromOut {
    /// `id` of the source document.
    pub document: usize,
    pub path: String,
    pub commit: String,
}

#[derive(Debug, Serialize)]
pub struct DocumentOut {
    /// Stable within one walk; what `copied_from.document` refers to.
    pub id: usize,
    pub path: String,
    pub paths: Vec<String>,
    pub deleted: bool,
    pub first_commit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copied_from: Option<CopiedFromOut>,
    pub versions: Vec<VersionOut>,
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
    let undecodable = if let Some(mojibake) = &doc.mojibake {
        Some(format!(
            "mojibake: UTF-8 decoded as {} and saved again",
            mojibake.code_page
        ))
    } else if !doc.is_lossless() {
        Some("not valid UTF-8".to_string())
    } else {
        None
    };
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
        undecodable,
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

/// Which versions to keep: commit (committer) days in `since..=until`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Window {
    pub since: Option<Day>,
    pub until: Option<Day>,
}

impl Window {
    fn contains(&self, time: i64) -> bool {
        let day = epoch_day(time);
        self.since.is_none_or(|s| day >= s) && self.until.is_none_or(|u| day <= u)
    }
}

/// The UTC day of a Unix time.
fn epoch_day(time: i64) -> Day {
    // 719163 is the rata die of 1970-01-01.
    Day(719_163 + time.div_euclid(86_400))
}

/// The walk plus a summary of every blob that is a write-up.
pub struct Timelines {
    pub history: History,
    /// Only blobs that are write-ups have an entry.
    summaries: Summaries,
    /// Documents shown: the selected ones with at least one write-up
    /// version in the window, in order of first appearance.
    shown: Vec<usize>,
    window: Window,
}

/// The summary of every write-up blob, sorted by id: one allocation the
/// size of its entries, where a hash map cost about twice that (more while
/// growing), at the point where a long history's memory peaks.
struct Summaries(Vec<(BlobId, BlobSummary)>);

impl Summaries {
    fn new(mut entries: Vec<(BlobId, BlobSummary)>) -> Self {
        entries.sort_unstable_by_key(|(id, _)| *id);
        Summaries(entries)
    }

    fn get(&self, id: &BlobId) -> Option<&BlobSummary> {
        let at = self.0.binary_search_by_key(id, |(key, _)| *key).ok()?;
        Some(&self.0[at].1)
    }

    fn contains_key(&self, id: &BlobId) -> bool {
        self.get(id).is_some()
    }
}

/// What to walk and show.
pub struct Request<'a> {
    pub rev: &'a str,
    /// Documents with a version under these paths.
    pub selection: &'a PathFilter,
    pub follow: &'a FollowOptions,
    pub pack: &'a Pack,
    pub today: Day,
    pub window: Window,
}

/// The history of every candidate file from `rev`, with a spinner counting
/// commits on a terminal. Every candidate is walked, not only the selected
/// paths, so a document is followed into the selection from paths outside
/// it.
pub fn walk(
    repo: &GitRepo,
    rev: &str,
    follow: &FollowOptions,
    show_progress: bool,
) -> Result<History, crate::source::SourceError> {
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
    let history = repo.history_with(rev, &PathFilter::all(), follow, &progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    history
}

/// Walk, read and lint each distinct blob once.
pub fn build(
    repo: &GitRepo,
    request: &Request<'_>,
    show_progress: bool,
    verbose: bool,
) -> Result<Timelines> {
    let Request {
        rev,
        selection,
        follow,
        pack,
        today,
        window,
    } = *request;
    let started = std::time::Instant::now();
    let history = walk(repo, rev, follow, show_progress).map_err(anyhow::Error::new)?;
    let selected: Vec<usize> = history
        .documents
        .iter()
        .filter(|d| d.versions.iter().any(|v| selection.accepts(&v.path)))
        .map(|d| d.id)
        .collect();
    let mut blobs: Vec<(BlobId, &str)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for &d in &selected {
        for version in &history.documents[d].versions {
            if let Some(blob) = version.blob {
                if window.contains(version.time) && seen.insert(blob) {
                    blobs.push((blob, version.path.as_str()));
                }
            }
        }
    }
    let walked = started.elapsed();
    let ids: Vec<BlobId> = blobs.iter().map(|(blob, _)| *blob).collect();
    let paths: HashMap<BlobId, &str> = blobs.iter().copied().collect();
    let read = repo.map_blobs(&ids, |id, bytes| {
        let path = paths.get(id).copied().unwrap_or("");
        bytes.map(|bytes| (*id, summarise(&bytes, path, pack, today)))
    });
    let mut summaries = Vec::with_capacity(read.len());
    for result in read {
        // A missing or damaged blob is the repository's fault: say so.
        let (id, summary) = result.map_err(anyhow::Error::new)?;
        if let Some(summary) = summary {
            summaries.push((id, summary));
        }
    }
    let summaries = Summaries::new(summaries);
    if verbose {
        eprintln!(
            "walked {} commits in {:.2} s; read, parsed and linted {} distinct blobs in {:.2} s",
            history.commits_walked,
            walked.as_secs_f64(),
            ids.len(),
            (started.elapsed() - walked).as_secs_f64()
        );
    }
    let shown = selected
        .into_iter()
        .filter(|&d| {
            history.documents[d].versions.iter().any(|v| {
                window.contains(v.time) && v.blob.is_some_and(|b| summaries.contains_key(&b))
            })
        })
        .collect();
    Ok(Timelines {
        history,
        summaries,
        shown,
        window,
    })
}

impl Timelines {
    /// The shown documents, each built when asked for.
    pub fn documents(&self) -> impl Iterator<Item = DocumentOut> + '_ {
        self.shown
            .iter()
            .map(|&d| document_out(&self.history.documents[d], &self.summaries, self.window))
    }

    pub fn len(&self) -> usize {
        self.shown.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }
}

fn document_out(document: &DocumentHistory, summaries: &Summaries, window: Window) -> DocumentOut {
    let mut paths: Vec<String> = Vec::new();
    for version in &document.versions {
        if paths.last() != Some(&version.path) {
            paths.push(version.path.clone());
        }
    }
    let mut previous_blob = None;
    let mut versions = Vec::new();
    for v in &document.versions {
        let (change, renamed_from) = change_name(&v.change);
        let content_changed = v.blob.is_none() || v.blob != previous_blob;
        previous_blob = v.blob;
        if !window.contains(v.time) {
            continue;
        }
        versions.push(VersionOut {
            commit: v.commit.clone(),
            date: epoch_day(v.time).format(CalendarKind::Gregorian),
            time: v.time,
            author_time: v.author_time,
            author: v.author.clone(),
            summary: v.summary.clone(),
            path: v.path.clone(),
            change,
            renamed_from,
            content_changed,
            write_up: v.blob.and_then(|b| summaries.get(&b).cloned()),
        });
    }
    DocumentOut {
        id: document.id,
        path: document.current_path().to_string(),
        paths,
        deleted: document.is_deleted(),
        first_commit: document
            .versions
            .first()
            .map(|v| v.commit.clone())
            .unwrap_or_default(),
        copied_from: document.copied_from.as_ref().map(|c| CopiedFromOut {
            document: c.document,
            path: c.path.clone(),
            commit: c.commit.clone(),
        }),
        versions,
    }
}

/// Repository text made safe for a terminal (control characters and bidi
/// overrides as `\u{..}`): the crate's one escaping function.
fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    crate::terminal::escape(text)
}

/// The note `check --range` prints for a candidate file the range deletes.
pub fn deletion_note(range: &str, gone: &crate::source::DeletedFile) -> String {
    format!("note: {} deletes {}", visible(range), visible(&gone.path))
}

fn score_text(s: Option<f64>) -> String {
    s.map_or_else(|| "none".to_string(), |v| format!("{v}"))
}

/// The whole state of one version, for the first one shown.
fn describe_state(c: &BlobSummary) -> String {
    if let Some(reason) = &c.undecodable {
        return format!("undecodable ({reason})");
    }
    format!(
        "status {} · {} · score {} · {} ({})",
        if c.status.is_empty() {
            "(none)"
        } else {
            &c.status
        },
        c.outcome,
        score_text(c.score),
        plural(c.findings, "finding", "findings"),
        plural(c.errors, "error", "errors"),
    )
}

/// What changed since the previous write-up version.
fn describe_change(previous: Option<&BlobSummary>, current: Option<&BlobSummary>) -> String {
    match (previous, current) {
        (_, None) => "not a write-up".to_string(),
        (_, Some(c)) if c.undecodable.is_some() => describe_state(c),
        (None, Some(c)) => describe_state(c),
        (Some(p), Some(c)) if p.undecodable.is_some() => {
            format!("readable again · {}", describe_state(c))
        }
        (Some(p), Some(c)) => {
            let mut parts = Vec::new();
            if p.status != c.status {
                parts.push(format!("status {} → {}", p.status, c.status));
            }
            if p.outcome != c.outcome {
                parts.push(format!("outcome {} → {}", p.outcome, c.outcome));
            }
            if p.score != c.score {
                parts.push(format!(
                    "score {} → {}",
                    score_text(p.score),
                    score_text(c.score)
                ));
            }
            if p.findings != c.findings || p.errors != c.errors {
                parts.push(format!(
                    "findings {} → {} (errors {} → {})",
                    p.findings, c.findings, p.errors, c.errors
                ));
            }
            if parts.is_empty() {
                "text edited".to_string()
            } else {
                parts.join(" · ")
            }
        }
    }
}

fn render_document(document: &DocumentOut, text: &mut String) {
    let state = if document.deleted { " (deleted)" } else { "" };
    text.push_str(&format!(
        "{}{state}: {}\n",
        visible(&document.path),
        plural(document.versions.len(), "version", "versions")
    ));
    if document.paths.len() > 1 {
        let paths: Vec<_> = document.paths.iter().map(|p| visible(p)).collect();
        text.push_str(&format!("  paths: {}\n", paths.join(" → ")));
    }
    if let Some(from) = &document.copied_from {
        text.push_str(&format!(
            "  copied from {} in {}\n",
            visible(&from.path),
            &from.commit[..from.commit.len().min(10)]
        ));
    }
    let mut previous: Option<&BlobSummary> = None;
    for version in &document.versions {
        let short = &version.commit[..version.commit.len().min(10)];
        // The name is enough on a terminal; JSON keeps the address.
        let author = version.author.split(" <").next().unwrap_or(&version.author);
        text.push_str(&format!(
            "  {} {short} {}: {}\n",
            version.date,
            visible(author),
            visible(&version.summary)
        ));
        let what = match version.change {
            "deleted" => "deleted".to_string(),
            "renamed" if !version.content_changed => format!(
                "moved from {} (content unchanged)",
                visible(version.renamed_from.as_deref().unwrap_or("?"))
            ),
            "renamed" => format!(
                "moved from {} · {}",
                visible(version.renamed_from.as_deref().unwrap_or("?")),
                describe_change(previous, version.write_up.as_ref())
            ),
            change => format!(
                "{change} · {}",
                describe_change(previous, version.write_up.as_ref())
            ),
        };
        text.push_str(&format!("      {what}\n"));
        if version.write_up.is_some() {
            previous = version.write_up.as_ref();
        }
    }
    text.push('\n');
}

fn write_human(timelines: &Timelines, out: &mut dyn Write) -> Result<()> {
    if timelines.history.shallow {
        out.write_all(b"note: shallow clone: history before the graft is missing, so first versions may not be the real first ones\n\n")?;
    }
    let mut text = String::new();
    for document in timelines.documents() {
        text.clear();
        render_document(&document, &mut text);
        out.write_all(text.as_bytes())?;
    }
    writeln!(
        out,
        "{} over {}",
        plural(timelines.len(), "write-up", "write-ups"),
        plural(timelines.history.commits_walked, "commit", "commits")
    )?;
    Ok(())
}

/// Human output as one string (tests and callers that want it whole).
pub fn render_human(timelines: &Timelines) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_human(timelines, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// `{"revision", "shallow", "commits", "documents": [...]}`, documents
/// serialised one by one as they are built.
fn write_json(timelines: &Timelines, revision: &str, out: &mut dyn Write) -> Result<()> {
    use serde::ser::{SerializeMap, Serializer};
    struct Documents<'a>(&'a Timelines);
    impl Serialize for Documents<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.0.documents())
        }
    }
    let mut serializer = serde_json::Serializer::pretty(out);
    let mut map = serializer.serialize_map(Some(4))?;
    map.serialize_entry("revision", revision)?;
    map.serialize_entry("shallow", &timelines.history.shallow)?;
    map.serialize_entry("commits", &timelines.history.commits_walked)?;
    map.serialize_entry("documents", &Documents(timelines))?;
    map.end()?;
    serializer.into_inner().write_all(b"\n")?;
    Ok(())
}

/// `--since`/`--until`: `YYYY-MM-DD` (also `/` or `.`), Solar Hijri or
/// Gregorian as the year says (1300-1499 Solar Hijri).
pub fn parse_day(flag: &str, text: &str) -> Result<Day> {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let numbers = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => y
            .parse::<i32>()
            .ok()
            .zip(m.parse::<u8>().ok())
            .zip(d.parse::<u8>().ok()),
        _ => None,
    };
    let Some(((year, month), day)) = numbers else {
        anyhow::bail!("{flag} `{text}` is not a date (YYYY-MM-DD, Solar Hijri or Gregorian)");
    };
    let Some(calendar) = CalendarKind::from_year(year) else {
        anyhow::bail!(
            "{flag} `{text}`: year {year} is neither Solar Hijri (1300-1499) nor Gregorian (1900-2099)"
        );
    };
    crate::calendar::day_from_ymd(calendar, year, month, day)
        .map_err(|e| anyhow::anyhow!("{flag} `{text}` is not a date: {}", e.reason))
}

pub fn run(args: &HistoryArgs, globals: &GlobalOptions) -> Result<ExitStatus> {
    let repo = GitRepo::open(args.repo.as_deref()).map_err(anyhow::Error::new)?;
    let user_paths: Vec<std::path::PathBuf> = args.paths.iter().map(Into::into).collect();
    let input_request = crate::input::Request {
        source: Some(crate::input::Source::Rev(args.rev.clone())),
        paths: user_paths.clone(),
        repo: args.repo.clone(),
        ..Default::default()
    };
    let session = crate::input::resolve_session(
        &input_request,
        Some(&repo),
        crate::session::SessionOptions {
            rules: args.rules.clone(),
            today: args.today.clone(),
            verbose: globals.verbose,
            ..Default::default()
        },
    )?;
    // Paths relative to the current directory, as everywhere (and in git).
    let paths: Vec<String> = user_paths
        .iter()
        .map(|p| crate::input::repo_path(&repo, p))
        .collect();
    let selection = PathFilter::new(paths.clone());
    let window = Window {
        since: args
            .since
            .as_deref()
            .map(|t| parse_day("--since", t))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|t| parse_day("--until", t))
            .transpose()?,
    };
    let follow = args.follow_options(&session.settings.history);
    let show_progress = !globals.quiet && std::io::stderr().is_terminal();
    let request = Request {
        rev: &args.rev,
        selection: &selection,
        follow: &follow,
        pack: &session.pack,
        today: session.today,
        window,
    };
    let timelines = build(&repo, &request, show_progress, globals.verbose)?;
    // A PATH that no version ever had is a typo, not an empty history.
    for (given, path) in args.paths.iter().zip(&paths) {
        let one = PathFilter::new(vec![path.clone()]);
        let ever = timelines
            .history
            .documents
            .iter()
            .any(|d| d.versions.iter().any(|v| one.accepts(&v.path)));
        if !ever {
            anyhow::bail!(
                "`{}` matches no Markdown file in the history of `{}`",
                visible(given),
                visible(&args.rev)
            );
        }
    }
    let mut out = crate::commands::open_output(args.output.as_deref())?;
    match args.format {
        HistoryFormat::Human => write_human(&timelines, &mut out),
        HistoryFormat::Json => write_json(&timelines, &args.rev, &mut out),
    }
    .context("cannot write the history")?;
    out.flush().context("cannot write the history")?;
    Ok(ExitStatus::Success)
}
