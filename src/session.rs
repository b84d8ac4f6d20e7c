//! The resolved context of one run: the rule pack, the configuration, the
//! day taken as today, and the verbose log. Every command (`check`, `stats`,
//! `history`, `new`) builds one [`Session`] from its flags and the
//! repository's `.jobmark.toml`, so a pack that a repository declares is
//! honoured by all of them alike.
//!
//! Resolution order for the pack: `--rules FILE` (the user's choice, any
//! path, but a regular file under [`MAX_CONFIG_BYTES`]), else the config's
//! `rules =` (a regular file inside the repository, see [`crate::config`]),
//! else the built-in pack. For the configuration: `--config FILE`, else the
//! nearest `.jobmark.toml` above the anchor (the first path argument, the
//! repository's work tree, or the current directory), no further than the
//! repository root. When the files come from a revision (`--rev`,
//! `--range`'s head, `history`) or the index (`--staged`), the
//! configuration and its pack are read from that same snapshot instead:
//! the `.jobmark.toml` nearest the current directory in that tree or
//! index, and a pack that must be a regular blob of it (never a symlink,
//! never outside it, at most [`MAX_CONFIG_BYTES`]). So a commit is checked
//! against the configuration it commits, not one left unstaged on disk.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;

use crate::calendar::Day;
use crate::config::{ConfigError, Settings, CONFIG_FILE, MAX_CONFIG_BYTES};
use crate::pack::{Pack, PackError};
use crate::source::{GitRepo, RevFile};

/// What a command asks of the session.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// `--rules FILE`.
    pub rules: Option<PathBuf>,
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// Where config discovery starts.
    pub anchor: Option<PathBuf>,
    /// `--today` as typed.
    pub today: Option<String>,
    /// `-v`: list files and phase times on stderr.
    pub verbose: bool,
}

/// Everything resolved once per run.
pub struct Session {
    pub pack: Pack,
    /// The configuration of the run (explicit or discovered at the anchor).
    pub settings: Arc<Settings>,
    /// True when `--config` named the configuration: it then applies to
    /// every path instead of each path's nearest `.jobmark.toml`.
    pub explicit_config: bool,
    pub today: Day,
    pub log: Log,
}

/// A snapshot of the repository whose own configuration applies (see the
/// module header).
pub struct AtRevision<'a> {
    pub repo: &'a GitRepo,
    pub snapshot: Snapshot,
}

/// Where a git source's files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Snapshot {
    /// The tree of a revision.
    Revision(String),
    /// The index (`--staged`).
    Index,
}

impl AtRevision<'_> {
    /// One file of the snapshot, for the configuration and its pack.
    fn file(&self, path: &str) -> Result<Option<RevFile>> {
        match &self.snapshot {
            Snapshot::Revision(rev) => self.repo.file_at_rev(rev, path, MAX_CONFIG_BYTES),
            Snapshot::Index => self.repo.file_in_index(path, MAX_CONFIG_BYTES),
        }
        .map_err(anyhow::Error::new)
    }

    /// `REV:PATH`, or `:PATH` for the index, as git spells them.
    fn shown(&self, path: &str) -> PathBuf {
        match &self.snapshot {
            Snapshot::Revision(rev) => PathBuf::from(format!("{rev}:{path}")),
            Snapshot::Index => PathBuf::from(format!(":{path}")),
        }
    }

    /// What the snapshot is: "the revision", "the index".
    fn kind(&self) -> &'static str {
        match self.snapshot {
            Snapshot::Revision(_) => "the revision",
            Snapshot::Index => "the index",
        }
    }

    /// The snapshot in a sentence: "`main`", "the index".
    fn described(&self) -> String {
        match &self.snapshot {
            Snapshot::Revision(rev) => format!("`{rev}`"),
            Snapshot::Index => "the index".to_string(),
        }
    }
}

impl Session {
    pub fn resolve(options: &SessionOptions) -> Result<Session> {
        Session::resolve_at(options, None)
    }

    /// Like [`Session::resolve`], reading the configuration and its pack
    /// from `revision` when one is given (and `--config` is not).
    pub fn resolve_at(
        options: &SessionOptions,
        revision: Option<AtRevision<'_>>,
    ) -> Result<Session> {
        let log = Log::new(options.verbose);
        let today = crate::calendar::parse_today(options.today.as_deref())
            .map_err(|reason| anyhow::anyhow!(reason))?;
        let revision = revision.filter(|_| options.config.is_none());
        let (settings, config_dir) = match (&options.config, &options.anchor, &revision) {
            (Some(path), _, _) => (Settings::load(path)?, None),
            (None, _, Some(at)) => settings_at_revision(at)?,
            (None, Some(anchor), None) => (Settings::discover(anchor)?, None),
            (None, None, None) => (Settings::discover(Path::new("."))?, None),
        };
        if let Some(path) = &settings.path {
            log.note(format!("config: {}", crate::commands::display_path(path)));
        }
        let pack = match (&options.rules, &settings.rules, &revision, &config_dir) {
            (Some(path), ..) => load_pack_file(path)?,
            (None, Some(reference), Some(at), Some(dir)) => {
                let path = reference.repository_path(dir)?;
                let text = match at.file(&path) {
                    Ok(Some(RevFile::Blob(bytes))) => {
                        String::from_utf8(bytes).map_err(|_| reference.refuse("not UTF-8 text"))?
                    }
                    Ok(Some(RevFile::NotRegular)) => {
                        return Err(reference
                            .refuse(format!("not a regular file in {}", at.kind()))
                            .into())
                    }
                    Ok(Some(RevFile::TooLarge(_))) => {
                        return Err(reference
                            .refuse(format!("larger than {} KiB", MAX_CONFIG_BYTES / 1024))
                            .into())
                    }
                    Ok(None) => {
                        return Err(reference
                            .refuse(format!("no such file in {}", at.described()))
                            .into())
                    }
                    Err(error) => return Err(error),
                };
                pack_from_text(&text, &at.shown(&path))?
            }
            (None, Some(reference), ..) => {
                let text = reference.read()?;
                pack_from_text(&text, &reference.path)?
            }
            (None, None, ..) => Pack::builtin(),
        };
        log.note(format!("rule pack: {}", pack.describe()));
        Ok(Session {
            pack,
            settings: Arc::new(settings),
            explicit_config: options.config.is_some(),
            today,
            log,
        })
    }
}

/// The pack a configuration names (`rules =`, confined to its repository),
/// else the built-in one.
pub fn configured_pack(settings: &Settings) -> Result<Pack> {
    match &settings.rules {
        Some(reference) => load_pack_ref(reference),
        None => Ok(Pack::builtin()),
    }
}

/// The pack a configuration's `rules =` names, read under its boundary and
/// size limit (see [`crate::config`]).
pub fn load_pack_ref(reference: &crate::config::RulesRef) -> Result<Pack> {
    let text = reference.read()?;
    pack_from_text(&text, &reference.path)
}

/// The `.jobmark.toml` of a snapshot nearest the current directory (the
/// root when the current directory is outside the work tree), and the
/// repository directory it is in.
fn settings_at_revision(at: &AtRevision<'_>) -> Result<(Settings, Option<String>)> {
    let start = crate::input::current_dir_in_repo(at.repo);
    let mut dir: Option<&str> = Some(start.as_str());
    let root = at.repo.workdir().map_or_else(
        || std::env::current_dir().unwrap_or_default(),
        Path::to_path_buf,
    );
    while let Some(current) = dir {
        let path = if current.is_empty() {
            CONFIG_FILE.to_string()
        } else {
            format!("{current}/{CONFIG_FILE}")
        };
        let shown = at.shown(&path);
        let refuse = |message: String| ConfigError {
            path: Some(shown.clone()),
            source_text: String::new(),
            span: None,
            message,
        };
        match at.file(&path)? {
            Some(RevFile::Blob(bytes)) => {
                let text =
                    String::from_utf8(bytes).map_err(|_| refuse("not UTF-8 text".to_string()))?;
                let settings = Settings::parse(&text, Some(&shown), root)?;
                return Ok((settings, Some(current.to_string())));
            }
            Some(RevFile::NotRegular) => {
                return Err(refuse("not a regular file; refusing to read it".to_string()).into())
            }
            Some(RevFile::TooLarge(_)) => {
                return Err(refuse(format!("larger than {} KiB", MAX_CONFIG_BYTES / 1024)).into())
            }
            None => {}
        }
        dir = if current.is_empty() {
            None
        } else {
            Some(current.rsplit_once('/').map_or("", |(parent, _)| parent))
        };
    }
    Ok((Settings::defaults_at(root), Some(String::new())))
}

/// A pack named on the command line: any path the user chooses, but only
/// a regular file under the size limit (never `/dev/zero`).
pub fn load_pack_file(path: &Path) -> Result<Pack> {
    let text = crate::config::read_limited(path, MAX_CONFIG_BYTES)
        .map_err(|why| anyhow::anyhow!("cannot read rule pack {}: {why}", path.display()))?;
    pack_from_text(&text, path)
}

fn pack_from_text(text: &str, path: &Path) -> Result<Pack> {
    Pack::from_toml(text).map_err(|e: PackError| {
        anyhow::Error::new(ConfigError {
            path: Some(path.to_path_buf()),
            source_text: text.to_string(),
            span: e.span,
            message: format!("invalid rule pack: {}", e.message),
        })
    })
}

/// `-v` output: every file read or skipped with the reason, and the time
/// of each phase, on stderr. Silent unless verbose.
pub struct Log {
    verbose: bool,
    started: Instant,
}

impl Log {
    pub fn new(verbose: bool) -> Log {
        Log {
            verbose,
            started: Instant::now(),
        }
    }

    pub fn enabled(&self) -> bool {
        self.verbose
    }

    pub fn note(&self, message: impl AsRef<str>) {
        if self.verbose {
            eprintln!("jobmark: {}", message.as_ref());
        }
    }

    /// A phase ended: its name, how long it took, and the time so far.
    pub fn phase(&self, name: &str, since: Instant) {
        if self.verbose {
            eprintln!(
                "jobmark: {name}: {:.3} s (total {:.3} s)",
                since.elapsed().as_secs_f64(),
                self.started.elapsed().as_secs_f64()
            );
        }
    }
}
