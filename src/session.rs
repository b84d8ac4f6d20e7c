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
//! repository root.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;

use crate::calendar::Day;
use crate::config::{ConfigError, Settings, MAX_CONFIG_BYTES};
use crate::pack::{Pack, PackError};

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

impl Session {
    pub fn resolve(options: &SessionOptions) -> Result<Session> {
        let log = Log::new(options.verbose);
        let today = crate::calendar::parse_today(options.today.as_deref())
            .map_err(|reason| anyhow::anyhow!(reason))?;
        let settings = match (&options.config, &options.anchor) {
            (Some(path), _) => Settings::load(path)?,
            (None, Some(anchor)) => Settings::discover(anchor)?,
            (None, None) => Settings::discover(Path::new("."))?,
        };
        if let Some(path) = &settings.path {
            log.note(format!("config: {}", crate::commands::display_path(path)));
        }
        let pack = match (&options.rules, &settings.rules) {
            (Some(path), _) => load_pack_file(path)?,
            (None, Some(reference)) => {
                let text = reference.read()?;
                pack_from_text(&text, &reference.path)?
            }
            (None, None) => Pack::builtin(),
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
