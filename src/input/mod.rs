//! One way in: every command gets its files from here.
//!
//! A [`Source`] (the working tree, a revision, the index, a range, or
//! standard input) and the user's PATH arguments become one list of
//! [`Candidate`]s under one candidate policy ([`policy`]), whichever the
//! source: a working-tree run and a `--rev` run of the same tree read the
//! same files.
//!
//! Invariants:
//! - PATH arguments are relative to the current directory for every source,
//!   as in git: from `src/a/`, `--rev HEAD x.md` means `src/a/x.md`.
//! - A file is read at most once, however it is named (`a.md ./a.md`):
//!   files are deduplicated by canonical path.
//! - Nothing is skipped in silence: every file passed over is recorded in
//!   [`Gathered::skipped`] with its reason (shown under `-v`), and anything
//!   that cannot be read (a file or a whole directory) is recorded in
//!   [`Gathered::errors`] while the rest is still read.
//! - Directories are walked honouring `.gitignore`, never following
//!   symlinks (git does not follow them either).

pub mod policy;

use std::collections::{HashMap, HashSet};
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Result;

use crate::config::Settings;
use crate::session::{Session, Snapshot};
use crate::source::{GitRepo, PathFilter, SourceErrorKind};

/// Where files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Worktree,
    /// The tree of a revision, from the object database.
    Rev(String),
    /// The index: staged files that differ from `HEAD`.
    Staged,
    /// What a range adds, modifies or renames, with the base versions.
    Range(RangeSpec),
    /// One document on standard input (`check -`).
    Stdin,
}

/// A range as `git diff` reads it: `A..B` compares A with B, `A...B`
/// compares merge-base(A, B) with B; an empty side means `HEAD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeSpec {
    pub base: String,
    pub head: String,
    /// `...`: diff from the merge base.
    pub from_merge_base: bool,
}

impl RangeSpec {
    pub fn parse(text: &str) -> Result<RangeSpec> {
        let (base, head, from_merge_base) = if let Some((a, b)) = text.split_once("...") {
            (a, b, true)
        } else if let Some((a, b)) = text.split_once("..") {
            (a, b, false)
        } else {
            anyhow::bail!("--range `{text}` is not BASE..HEAD or BASE...HEAD");
        };
        if base.is_empty() && head.is_empty() {
            anyhow::bail!("--range `{text}` names no revision");
        }
        let or_head = |s: &str| if s.is_empty() { "HEAD" } else { s }.to_string();
        Ok(RangeSpec {
            base: or_head(base),
            head: or_head(head),
            from_merge_base,
        })
    }

    pub fn to_git(&self) -> String {
        let dots = if self.from_merge_base { "..." } else { ".." };
        format!("{}{dots}{}", self.base, self.head)
    }
}

/// One file to read as a possible write-up.
pub struct Candidate {
    /// As shown in output: relative to the current directory for the
    /// working tree, the repository path for git sources.
    pub path: String,
    /// Where it is on disk (working tree only): what `--fix` may write.
    pub fs_path: Option<PathBuf>,
    /// The file's content; empty while `unread` (see [`Candidate::load`]).
    pub bytes: Vec<u8>,
    /// Listed but not read yet: a working-tree file still on disk.
    pub unread: bool,
    /// For a range: the base version (through renames), `None` if added.
    pub base: Option<Vec<u8>>,
    /// The configuration that applies to this file.
    pub settings: Arc<Settings>,
}

impl Candidate {
    /// Read the bytes of a candidate [`list`] left on disk (a no-op for
    /// one already read). The error is the line to report.
    pub fn load(&mut self) -> Result<(), String> {
        if !self.unread {
            return Ok(());
        }
        let Some(fs_path) = &self.fs_path else {
            return Ok(());
        };
        self.bytes = std::fs::read(fs_path)
            .map_err(|error| format!("cannot read {}: {error}", self.path))?;
        self.unread = false;
        Ok(())
    }
}

/// A file passed over, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub reason: &'static str,
}

/// What gathering found.
#[derive(Default)]
pub struct Gathered {
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<Skipped>,
    /// Files or directories that could not be read, one line each.
    pub errors: Vec<String>,
}

/// What to read.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub source: Option<Source>,
    /// PATH arguments as typed (relative to the current directory).
    pub paths: Vec<PathBuf>,
    /// `--repo`.
    pub repo: Option<PathBuf>,
    /// Apply `exclude` to files named on the command line too.
    pub force_exclude: bool,
    /// Directories never read (jobmark's own output, `stats --out`).
    pub skip_dirs: Vec<PathBuf>,
    /// `--stdin-filename`: the path standard input stands for.
    pub stdin_filename: Option<PathBuf>,
}

impl Request {
    fn source(&self) -> Source {
        self.source.clone().unwrap_or(Source::Worktree)
    }
}

/// The repository a git source reads, opened once (`None` for the working
/// tree and standard input).
pub fn open_repo(request: &Request) -> Result<Option<GitRepo>> {
    match request.source() {
        Source::Worktree | Source::Stdin => Ok(None),
        _ => Ok(Some(
            GitRepo::open(request.repo.as_deref()).map_err(anyhow::Error::new)?,
        )),
    }
}

/// Where configuration discovery starts for this request: the path
/// standard input stands for, the first PATH argument, the repository's
/// work tree, or the current directory.
pub fn config_anchor(request: &Request, repo: Option<&GitRepo>) -> PathBuf {
    if request.source() == Source::Stdin {
        return request
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("."));
    }
    if let Some(repo) = repo {
        let cwd = std::env::current_dir().unwrap_or_default();
        return match repo.workdir() {
            Some(workdir) if cwd_is_inside(workdir) => cwd,
            Some(workdir) => workdir.to_path_buf(),
            None => cwd,
        };
    }
    request
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."))
}

fn cwd_is_inside(dir: &Path) -> bool {
    let (Ok(cwd), Ok(dir)) = (
        std::env::current_dir().and_then(std::fs::canonicalize),
        std::fs::canonicalize(dir),
    ) else {
        return false;
    };
    cwd.starts_with(dir)
}

/// The session of a request: configuration discovered at its anchor, or
/// read from the revision its files come from (see [`crate::session`]).
pub fn resolve_session(
    request: &Request,
    repo: Option<&GitRepo>,
    mut options: crate::session::SessionOptions,
) -> Result<Session> {
    options.anchor = Some(config_anchor(request, repo));
    let revision = repo
        .zip(config_revision(request))
        .map(|(repo, snapshot)| crate::session::AtRevision { repo, snapshot });
    Session::resolve_at(&options, revision)
}

/// Every command's first step: the repository the request reads (`None`
/// for the working tree and standard input) and the session resolved for
/// it (config and pack, from that revision for a git source).
pub fn open(
    request: &Request,
    options: crate::session::SessionOptions,
) -> Result<(Option<GitRepo>, Session)> {
    let repo = open_repo(request)?;
    let session = resolve_session(request, repo.as_ref(), options)?;
    Ok((repo, session))
}

/// Gather the candidates of `request` (for a git source, from `repo`),
/// every one read: working-tree files are read in parallel, and one that
/// cannot be read is an error line, not a candidate.
pub fn gather(request: &Request, repo: Option<&GitRepo>, session: &Session) -> Result<Gathered> {
    use rayon::prelude::*;
    let mut gathered = list(request, repo, session)?;
    let loaded: Vec<Result<(), String>> = gathered
        .candidates
        .par_iter_mut()
        .map(Candidate::load)
        .collect();
    let mut loaded = loaded.into_iter();
    let mut read_errors = Vec::new();
    gathered.candidates.retain(|_| match loaded.next() {
        Some(Err(error)) => {
            read_errors.push(error);
            false
        }
        _ => true,
    });
    gathered.errors.extend(read_errors);
    for candidate in &gathered.candidates {
        session.log.note(format!(
            "read {} ({} bytes)",
            candidate.path,
            candidate.bytes.len()
        ));
    }
    Ok(gathered)
}

/// The candidates of `request` without reading working-tree files yet
/// (their `unread` is set; [`Candidate::load`] reads one): a caller that
/// streams reads each file when it gets to it, so the texts of a large
/// repository are never all in memory at once. Git sources and standard
/// input come already read.
pub fn list(request: &Request, repo: Option<&GitRepo>, session: &Session) -> Result<Gathered> {
    let mut gathered = match (request.source(), repo) {
        (Source::Worktree, _) => gather_worktree(request, session)?,
        (Source::Stdin, _) => gather_stdin(request, session)?,
        (source, Some(repo)) => gather_git(&source, request, repo, session)?,
        (_, None) => anyhow::bail!("internal: a git source without a repository"),
    };
    gathered.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    for skipped in &gathered.skipped {
        session
            .log
            .note(format!("skipped {}: {}", skipped.path, skipped.reason));
    }
    Ok(gathered)
}

fn gather_stdin(request: &Request, session: &Session) -> Result<Gathered> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| anyhow::anyhow!("cannot read standard input: {e}"))?;
    let path = request
        .stdin_filename
        .as_deref()
        .map_or_else(|| "-".to_string(), display_path);
    Ok(Gathered {
        candidates: vec![Candidate {
            path,
            fs_path: None,
            bytes,
            unread: false,
            base: None,
            settings: session.settings.clone(),
        }],
        ..Gathered::default()
    })
}

/// A user's PATH arguments as repository paths, read relative to the
/// current directory when it is inside the work tree (as git does), else
/// relative to the repository root (a bare repository, or `--repo`
/// pointing elsewhere).
pub fn path_filter(repo: &GitRepo, paths: &[PathBuf]) -> PathFilter {
    PathFilter::new(paths.iter().map(|p| repo_path(repo, p)).collect())
}

/// A user PATH as a repository path (relative to the current directory).
pub fn repo_path(repo: &GitRepo, path: &Path) -> String {
    let as_written = || {
        path.to_string_lossy()
            .replace('\\', "/")
            .trim_start_matches("./")
            .to_string()
    };
    let Some(workdir) = repo.workdir() else {
        return as_written();
    };
    let Ok(workdir) = std::fs::canonicalize(workdir) else {
        return as_written();
    };
    let Ok(cwd) = std::env::current_dir().and_then(std::fs::canonicalize) else {
        return as_written();
    };
    if path.is_relative() && !cwd.starts_with(&workdir) {
        return as_written();
    }
    let joined = cwd.join(path);
    // An existing path may go through symlinks; a path that only exists in
    // the revision is normalised lexically.
    let absolute = std::fs::canonicalize(&joined).unwrap_or_else(|_| lexical(&joined));
    match absolute.strip_prefix(&workdir) {
        Ok(relative) => relative.to_string_lossy().replace('\\', "/"),
        Err(_) => as_written(),
    }
}

/// The current directory as a repository directory (`""` at the root, or
/// when the current directory is outside the work tree).
pub fn current_dir_in_repo(repo: &GitRepo) -> String {
    let path = repo_path(repo, Path::new("."));
    if path == "." {
        String::new()
    } else {
        path
    }
}

/// The snapshot whose own configuration applies to a request: the one the
/// files are read from (`--rev`, the head of `--range`, the index for
/// `--staged`). The working tree and standard input use the configuration
/// on disk.
pub fn config_revision(request: &Request) -> Option<Snapshot> {
    match request.source() {
        Source::Rev(rev) => Some(Snapshot::Revision(rev)),
        Source::Range(range) => Some(Snapshot::Revision(range.head)),
        Source::Staged => Some(Snapshot::Index),
        Source::Worktree | Source::Stdin => None,
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn gather_git(
    source: &Source,
    request: &Request,
    repo: &GitRepo,
    session: &Session,
) -> Result<Gathered> {
    let settings = session.settings.clone();
    let filter = path_filter(repo, &request.paths);
    let mut gathered = Gathered::default();
    let candidate = |path: String, bytes: Vec<u8>, base: Option<Vec<u8>>| Candidate {
        path,
        fs_path: None,
        bytes,
        unread: false,
        base,
        settings: settings.clone(),
    };
    match source {
        Source::Rev(rev) => {
            // A path that names nothing in the revision is a mistake, as a
            // missing path is in the working tree (git: "did not match").
            for path in &request.paths {
                let in_repo = repo_path(repo, path);
                let in_repo = in_repo.trim_end_matches('/');
                if in_repo.is_empty() || in_repo == "." {
                    continue;
                }
                let found = repo
                    .file_at_rev(rev, in_repo, 0)
                    .map_err(anyhow::Error::new)?;
                if found.is_none() {
                    let typed = path.to_string_lossy();
                    let read_as = if typed.trim_start_matches("./") == in_repo {
                        String::new()
                    } else {
                        format!(" (read as `{in_repo}` in the repository)")
                    };
                    anyhow::bail!("{typed}: no such path in `{rev}`{read_as}");
                }
            }
            for file in repo
                .files_at_rev(rev, &filter)
                .map_err(anyhow::Error::new)?
            {
                gathered
                    .candidates
                    .push(candidate(file.path, file.bytes, None));
            }
        }
        Source::Staged => {
            // What this commit changes: staged files that differ from HEAD.
            // An old broken write-up nobody touched must not block a commit.
            let head: HashMap<String, Vec<u8>> = match repo.files_at_rev("HEAD", &filter) {
                Ok(files) => files.into_iter().map(|f| (f.path, f.bytes)).collect(),
                // An unborn branch: the first commit changes everything.
                Err(e) if e.kind() == SourceErrorKind::BadRevision => HashMap::new(),
                Err(e) => return Err(anyhow::Error::new(e)),
            };
            for file in repo.staged_files(&filter).map_err(anyhow::Error::new)? {
                if head.get(&file.path) == Some(&file.bytes) {
                    gathered.skipped.push(Skipped {
                        path: file.path,
                        reason: "staged as in HEAD (unchanged by this commit)",
                    });
                } else {
                    gathered
                        .candidates
                        .push(candidate(file.path, file.bytes, None));
                }
            }
        }
        Source::Range(range) => {
            let (changes, deleted) = repo
                .range_diff(&range.base, &range.head, range.from_merge_base, &filter)
                .map_err(anyhow::Error::new)?;
            // Nothing is left to lint in a deleted file, but the range must
            // not look as if it left the write-up alone.
            let dots = if range.from_merge_base { "..." } else { ".." };
            let spec = format!("{}{dots}{}", range.base, range.head);
            for gone in &deleted {
                eprintln!("{}", crate::commands::history::deletion_note(&spec, gone));
            }
            for change in changes {
                gathered.candidates.push(candidate(
                    change.path,
                    change.new_bytes,
                    change.old_bytes,
                ));
            }
        }
        Source::Worktree | Source::Stdin => unreachable!("not a git source"),
    }
    let (kept, excluded): (Vec<_>, Vec<_>) = gathered
        .candidates
        .into_iter()
        .partition(|c| !settings.is_excluded(Path::new(&c.path)));
    gathered.candidates = kept;
    gathered
        .skipped
        .extend(excluded.into_iter().map(|c| Skipped {
            path: c.path,
            reason: "excluded by .jobmark.toml",
        }));
    Ok(gathered)
}

fn gather_worktree(request: &Request, session: &Session) -> Result<Gathered> {
    let roots: Vec<PathBuf> = if request.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        request.paths.clone()
    };
    let skip_dirs: Vec<PathBuf> = request
        .skip_dirs
        .iter()
        .filter_map(|d| std::fs::canonicalize(d).ok())
        .collect();
    let mut gathered = Gathered::default();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let cwd = std::env::current_dir().unwrap_or_default();
    for root in &roots {
        if root.symlink_metadata().is_err() {
            anyhow::bail!("{}: no such file or directory", root.display());
        }
        let settings = if session.explicit_config {
            session.settings.clone()
        } else {
            Arc::new(Settings::discover(root)?)
        };
        let named_file = !root.is_dir();
        let files = if named_file {
            vec![root.clone()]
        } else {
            walk(root, &skip_dirs, &mut gathered)
        };
        for path in files {
            // `exclude` keeps walked files out; a file named on the command
            // line is checked because the user asked for it.
            if (!named_file || request.force_exclude) && settings.is_excluded(&path) {
                gathered.skipped.push(Skipped {
                    path: display_path(&path),
                    reason: "excluded by .jobmark.toml",
                });
                continue;
            }
            // One root names each file once (the walk follows no
            // symlink), so only several roots pay for canonical paths.
            let canonical = || std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if roots.len() > 1 && !seen.insert(canonical()) {
                gathered.skipped.push(Skipped {
                    path: display_path(&path),
                    reason: "named more than once (read once)",
                });
                continue;
            }
            gathered.candidates.push(Candidate {
                path: display_path_from(&path, &cwd),
                fs_path: Some(path),
                bytes: Vec::new(),
                unread: true,
                base: None,
                settings: settings.clone(),
            });
        }
    }
    Ok(gathered)
}

/// Candidate files under the directory `root`, sorted. The policy judges
/// paths relative to the repository root (or `root` outside a repository),
/// so `book/` at the top of the repository is skipped however it is
/// reached.
fn walk(root: &Path, skip_dirs: &[PathBuf], gathered: &mut Gathered) -> Vec<PathBuf> {
    let base = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let top = crate::config::repository_root(&base)
        .and_then(|r| std::fs::canonicalize(r).ok())
        .unwrap_or_else(|| base.clone());
    // Depth of `root` below the top, so depths in the walk are absolute.
    let offset = base
        .strip_prefix(&top)
        .map_or(0, |r| r.components().count());
    let skipped: Arc<Mutex<Vec<Skipped>>> = Arc::default();
    let record = skipped.clone();
    let skip_dirs = skip_dirs.to_vec();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(move |entry| {
            if entry.depth() == 0 || !entry.file_type().is_some_and(|t| t.is_dir()) {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            let depth = offset + entry.depth() - 1;
            let reason = policy::directory_rejection(&name, depth).or_else(|| {
                // Resolving a directory costs a system call per path
                // component: only when there is something to compare.
                if skip_dirs.is_empty() {
                    return None;
                }
                let own = std::fs::canonicalize(entry.path()).ok()?;
                skip_dirs
                    .contains(&own)
                    .then_some("jobmark's own output (stats --out)")
            });
            match reason {
                Some(reason) => {
                    if let Ok(mut list) = record.lock() {
                        list.push(Skipped {
                            path: format!("{}/", display_path(entry.path())),
                            reason,
                        });
                    }
                    false
                }
                None => true,
            }
        })
        .build();
    let mut files = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                // One unreadable directory: say so, read the rest.
                gathered.errors.push(walk_error(&error));
                continue;
            }
        };
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            continue;
        }
        if file_type.is_symlink() {
            gathered.skipped.push(Skipped {
                path: display_path(entry.path()),
                reason: "symlink (not followed)",
            });
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        match policy::name_rejection(&name) {
            Some(reason) => gathered.skipped.push(Skipped {
                path: display_path(entry.path()),
                reason,
            }),
            None => files.push(entry.into_path()),
        }
    }
    if let Ok(mut list) = skipped.lock() {
        gathered.skipped.append(&mut list);
    }
    files.sort();
    files
}

fn walk_error(error: &ignore::Error) -> String {
    // The ignore crate nests the path and the I/O error; say both plainly.
    fn unwrap(error: &ignore::Error, path: &mut Option<PathBuf>) -> String {
        match error {
            ignore::Error::WithPath { path: p, err } => {
                *path = Some(p.clone());
                unwrap(err, path)
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                unwrap(err, path)
            }
            ignore::Error::Io(io) => io.to_string(),
            other => other.to_string(),
        }
    }
    let mut path = None;
    let message = unwrap(error, &mut path);
    match path {
        Some(path) => format!("cannot read {}: {message}", display_path(&path)),
        None => format!("cannot walk a directory: {message}"),
    }
}

/// A path as shown to the user: relative to the current directory when
/// below it, `/`-separated.
pub fn display_path(path: &Path) -> String {
    display_path_from(path, &std::env::current_dir().unwrap_or_default())
}

/// [`display_path`] with the current directory already known (a walk
/// names thousands of files: one `getcwd` for all of them).
fn display_path_from(path: &Path, cwd: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    let shown = shown.strip_prefix("./").unwrap_or(shown);
    shown.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_as_git_diff_reads_them() {
        let two = RangeSpec::parse("main..HEAD").unwrap();
        assert_eq!((two.base.as_str(), two.head.as_str()), ("main", "HEAD"));
        assert!(!two.from_merge_base);
        let three = RangeSpec::parse("a...b").unwrap();
        assert!(three.from_merge_base);
        let open = RangeSpec::parse("main..").unwrap();
        assert_eq!(open.head, "HEAD");
        let open = RangeSpec::parse("...topic").unwrap();
        assert_eq!((open.base.as_str(), open.head.as_str()), ("HEAD", "topic"));
        assert!(RangeSpec::parse("main").is_err());
        assert!(RangeSpec::parse("..").is_err());
    }

    #[test]
    fn lexical_normalisation() {
        assert_eq!(
            lexical(Path::new("/r/a/./b/../c.md")),
            PathBuf::from("/r/a/c.md")
        );
    }
}
