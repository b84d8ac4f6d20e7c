//! `.jobmark.toml`: which rules run, at what severity, on which files.
//!
//! Found by walking up from each checked path (like ruff's `ruff.toml`),
//! stopping at the repository root (the first directory holding `.git`),
//! or at the file-system root outside a repository.
//! Selectors are parsed by [`crate::selector`], the same way as on the
//! command line and in inline comments: rule codes or code prefixes (`JM3`
//! = every date rule) or rule names, any case. A bad file is a
//! configuration error (exit 2) whose
//! diagnostic points at the offending line; nothing is silently ignored.
//!
//! Security invariants (a pull request writes `.jobmark.toml` too):
//! - A discovered config and the rule pack its `rules =` names must be
//!   regular files inside the repository that holds the config (outside a
//!   repository: inside the config's own directory), at most
//!   [`MAX_CONFIG_BYTES`] long. So `rules = "/proc/self/environ"` or
//!   `"/dev/zero"` are refused before a byte is read.
//! - Files are read through [`read_limited`]: never more than the limit,
//!   never a device, FIFO or directory, whatever the path says.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::rules;
use crate::selector::RuleSelector;

pub const CONFIG_FILE: &str = ".jobmark.toml";

/// The largest configuration file or rule pack read (1 MiB): the built-in
/// pack is about 20 KiB; anything near this is not a configuration.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Read a configuration file or rule pack: a regular file (after following
/// symlinks) of at most `limit` bytes, as UTF-8. The error says why in one
/// line and never quotes the content.
pub fn read_limited(path: &Path, limit: u64) -> Result<String, String> {
    use std::io::Read as _;
    let metadata = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !metadata.is_file() {
        return Err("not a regular file".to_string());
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    // Checked again on the open handle: the path may have been swapped.
    let opened = file.metadata().map_err(|e| e.to_string())?;
    if !opened.is_file() {
        return Err("not a regular file".to_string());
    }
    if opened.len() > limit {
        return Err(format!("larger than {} KiB", limit / 1024));
    }
    // Some files (under /proc) report length 0 and stream more: bound the
    // read itself, not only the reported size.
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(format!("larger than {} KiB", limit / 1024));
    }
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
}

/// The repository root above `start` (the nearest directory holding
/// `.git`, a directory or a worktree's file), if any.
pub fn repository_root(start: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(start).ok()?;
    let mut dir = if absolute.is_dir() {
        Some(absolute.as_path())
    } else {
        absolute.parent()
    };
    while let Some(current) = dir {
        if current.join(".git").exists() {
            return Some(current.to_path_buf());
        }
        dir = current.parent();
    }
    None
}

/// Where a config's own file references may point: its repository, or its
/// directory outside a repository. Canonical, so `..` and symlinks cannot
/// leave it.
fn boundary_of(config_path: &Path) -> PathBuf {
    let dir = config_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let root = repository_root(dir).unwrap_or_else(|| dir.to_path_buf());
    std::fs::canonicalize(&root).unwrap_or(root)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: HashMap<String, Spanned<String>>,
    #[serde(default)]
    per_file_ignores: HashMap<String, Vec<Spanned<String>>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    /// A rule pack to use instead of the built-in one (relative to the file).
    #[serde(default)]
    rules: Option<Spanned<String>>,
    /// Largest write-up that is parsed: bytes, or a size with a unit.
    #[serde(default)]
    max_file_size: Option<Spanned<SizeValue>>,
    /// How `history` and `stats --history` follow content across moves.
    #[serde(default)]
    history: HistorySection,
}

/// `[history]`: the similarity thresholds of git's `-M`, `-B` and `-C`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct HistorySection {
    #[serde(default)]
    find_renames: Option<Spanned<PercentValue>>,
    #[serde(default)]
    break_rewrites: Option<Spanned<PercentValue>>,
    #[serde(default)]
    find_copies: Option<Spanned<PercentValue>>,
}

/// `50`, `"50%"` or `"off"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum PercentValue {
    Number(i64),
    Text(String),
}

impl PercentValue {
    /// `Ok(None)` is `off`.
    fn resolve(&self, off_allowed: bool) -> Result<Option<u8>, String> {
        let refuse = |shown: &str| {
            if off_allowed {
                format!("`{shown}` is not a percentage (0-100) or \"off\"")
            } else {
                format!("`{shown}` is not a percentage (0-100)")
            }
        };
        match self {
            PercentValue::Number(n) => u8::try_from(*n)
                .ok()
                .filter(|p| *p <= 100)
                .map(Some)
                .ok_or_else(|| refuse(&n.to_string())),
            PercentValue::Text(text) if off_allowed && text.eq_ignore_ascii_case("off") => Ok(None),
            PercentValue::Text(text) => text
                .strip_suffix('%')
                .unwrap_or(text)
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= 100)
                .map(Some)
                .ok_or_else(|| refuse(&crate::terminal::escape(text))),
        }
    }
}

/// The `[history]` thresholds a config sets; `None` where it is silent.
/// `Some(None)` is `off`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HistoryThresholds {
    pub find_renames: Option<u8>,
    pub break_rewrites: Option<Option<u8>>,
    pub find_copies: Option<Option<u8>>,
}

impl HistoryThresholds {
    /// The config's thresholds over git's defaults.
    pub fn follow_options(&self) -> crate::source::FollowOptions {
        let defaults = crate::source::FollowOptions::default();
        crate::source::FollowOptions {
            rename_percent: self.find_renames.unwrap_or(defaults.rename_percent),
            break_percent: self.break_rewrites.unwrap_or(defaults.break_percent),
            copy_percent: self.find_copies.unwrap_or(defaults.copy_percent),
        }
    }
}

/// `max-file-size = 4194304` or `max-file-size = "4MiB"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum SizeValue {
    Bytes(i64),
    Text(String),
}

/// A configuration problem, located in its file when it comes from one.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    pub source_text: String,
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.path, &self.span) {
            (Some(path), Some(span)) => {
                let line = self.source_text[..span.start.min(self.source_text.len())]
                    .matches('\n')
                    .count()
                    + 1;
                let path = crate::terminal::escape(&path.to_string_lossy()).into_owned();
                write!(f, "{path}:{line}: {}", self.message)
            }
            (Some(path), None) => {
                let path = crate::terminal::escape(&path.to_string_lossy()).into_owned();
                write!(f, "{path}: {}", self.message)
            }
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

impl miette::Diagnostic for ConfigError {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.span
            .as_ref()
            .map(|_| &self.source_text as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span.clone()?;
        Some(Box::new(std::iter::once(miette::LabeledSpan::at(
            span, "here",
        ))))
    }
}

/// Settings resolved from one configuration file (or the defaults).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Where the config file was (None = defaults).
    pub path: Option<PathBuf>,
    /// Directory globs are relative to.
    pub root: PathBuf,
    select: Option<Vec<RuleSelector>>,
    ignore: Vec<RuleSelector>,
    severity: HashMap<&'static str, Severity>,
    per_file: Vec<(GlobSet, Vec<RuleSelector>)>,
    exclude: Option<GlobSet>,
    /// Rule pack named by the config, resolved against its directory.
    pub rules: Option<RulesRef>,
    /// `max-file-size`, when the file sets it.
    pub max_file_size: Option<u64>,
    /// `[history]`, what the file sets of it.
    pub history: HistoryThresholds,
}

/// A config's `rules = "..."`: where it points and where it was written.
#[derive(Debug, Clone)]
pub struct RulesRef {
    /// As written in the config.
    pub value: String,
    /// Resolved against the config's directory.
    pub path: PathBuf,
    /// The only directory the pack may be in (see the module header).
    pub boundary: PathBuf,
    /// The config file and the span of the value, for errors.
    pub config_path: Option<PathBuf>,
    pub config_text: String,
    pub span: Range<usize>,
}

impl RulesRef {
    /// The pack's text, refused unless it is a regular file under the
    /// boundary and the size limit. Errors point at the `rules =` line.
    pub fn read(&self) -> Result<String, ConfigError> {
        let refuse = |why: String| self.refuse(why);
        let canonical = std::fs::canonicalize(&self.path).map_err(|e| refuse(e.to_string()))?;
        if !canonical.starts_with(&self.boundary) {
            return Err(refuse(format!(
                "outside the repository ({}); a repository's config may only name a pack inside it (use --rules for another file)",
                self.boundary.display()
            )));
        }
        read_limited(&canonical, MAX_CONFIG_BYTES).map_err(refuse)
    }

    /// An error about this `rules =` value, pointing at its line.
    pub fn refuse(&self, why: impl std::fmt::Display) -> ConfigError {
        ConfigError {
            path: self.config_path.clone(),
            source_text: self.config_text.clone(),
            span: Some(self.span.clone()),
            message: format!("rule pack `{}`: {why}", self.value),
        }
    }

    /// For a config read from a revision (in the repository directory
    /// `config_dir`, `/`-separated, `""` at the root): the repository path
    /// of the pack. An absolute path or one that climbs out of the
    /// repository is refused: a revision's config names only its own files.
    pub fn repository_path(&self, config_dir: &str) -> Result<String, ConfigError> {
        let value = self.value.replace('\\', "/");
        if value.starts_with('/') || Path::new(&self.value).is_absolute() {
            return Err(self.refuse(
                "outside the repository; a repository's config may only name a pack inside it (use --rules for another file)",
            ));
        }
        let mut parts: Vec<&str> = config_dir.split('/').filter(|c| !c.is_empty()).collect();
        for component in value.split('/') {
            match component {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Err(self.refuse(
                            "outside the repository; a repository's config may only name a pack inside it (use --rules for another file)",
                        ));
                    }
                }
                other => parts.push(other),
            }
        }
        Ok(parts.join("/"))
    }
}

/// The settings that apply to one file.
#[derive(Debug, Clone, Default)]
pub struct FileSettings {
    select: Option<Vec<RuleSelector>>,
    ignore: Vec<RuleSelector>,
    severity: HashMap<&'static str, Severity>,
    /// `None`: [`crate::size_limit::DEFAULT_MAX_FILE_SIZE`].
    max_file_size: Option<u64>,
}

impl FileSettings {
    /// Settings under which no rule runs (statistics only need the parse).
    pub fn no_rules() -> FileSettings {
        FileSettings {
            select: Some(Vec::new()),
            ..FileSettings::default()
        }
    }

    /// Whether the rule `code` (named `name`) runs for this file.
    pub fn is_enabled(&self, code: &str, name: &str) -> bool {
        let selected = self
            .select
            .as_ref()
            .is_none_or(|s| s.iter().any(|sel| sel.matches_rule(code, name)));
        selected && !self.ignore.iter().any(|sel| sel.matches_rule(code, name))
    }

    pub fn severity_of(&self, code: &str) -> Option<Severity> {
        self.severity.get(code).copied()
    }

    /// The largest file that is parsed, in bytes.
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size
            .unwrap_or(crate::size_limit::DEFAULT_MAX_FILE_SIZE)
    }

    /// `--max-file-size` on top of the file's `max-file-size`.
    pub fn with_max_file_size(mut self, limit: Option<u64>) -> Self {
        if limit.is_some() {
            self.max_file_size = limit;
        }
        self
    }

    /// Add command-line `--select` / `--ignore` on top of the file's. The
    /// command validates them first with [`selector_is_known`] (exit 2 on a
    /// typo); a selector that still names no rule selects nothing.
    pub fn with_overrides(mut self, select: &[String], ignore: &[String]) -> Self {
        let parsed = |list: &[String]| -> Vec<RuleSelector> {
            list.iter()
                .filter_map(|s| RuleSelector::parse(s).ok())
                .collect()
        };
        if !select.is_empty() {
            self.select = Some(parsed(select));
        }
        self.ignore.extend(parsed(ignore));
        self
    }
}

/// Whether `selector` names at least one rule.
pub fn selector_is_known(selector: &str) -> bool {
    RuleSelector::parse(selector).is_ok()
}

impl Settings {
    /// Load a configuration file.
    pub fn load(path: &Path) -> Result<Settings, ConfigError> {
        let text = read_limited(path, MAX_CONFIG_BYTES).map_err(|e| ConfigError {
            path: Some(path.to_path_buf()),
            source_text: String::new(),
            span: None,
            message: format!("cannot read: {e}"),
        })?;
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Settings::parse(&text, Some(path), root)
    }

    pub fn parse(text: &str, path: Option<&Path>, root: PathBuf) -> Result<Settings, ConfigError> {
        let error = |span: Option<Range<usize>>, message: String| ConfigError {
            path: path.map(Path::to_path_buf),
            source_text: text.to_string(),
            span,
            message,
        };
        let file: ConfigFile =
            toml::from_str(text).map_err(|e| error(e.span(), e.message().to_string()))?;
        let check_selector = |s: &Spanned<String>| -> Result<RuleSelector, ConfigError> {
            RuleSelector::parse(s.get_ref()).map_err(|e| error(Some(s.span()), e.to_string()))
        };
        let select = file
            .select
            .map(|list| {
                list.iter()
                    .map(check_selector)
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let ignore = file
            .ignore
            .iter()
            .map(check_selector)
            .collect::<Result<Vec<_>, _>>()?;
        let mut severity = HashMap::new();
        for (selector, level) in &file.severity {
            let Some(parsed) = Severity::parse(level.get_ref()) else {
                return Err(error(
                    Some(level.span()),
                    format!(
                        "`{}` is not a severity (error, warning, info)",
                        level.get_ref()
                    ),
                ));
            };
            let parsed_selector = RuleSelector::parse(selector)
                .map_err(|e| error(Some(level.span()), e.to_string()))?;
            let matched: Vec<_> = rules::ALL
                .iter()
                .map(|r| r.meta())
                .filter(|m| parsed_selector.matches(m))
                .collect();
            for meta in matched {
                severity.insert(meta.code, parsed);
            }
        }
        let glob = |pattern: &Spanned<String>| {
            Glob::new(pattern.get_ref()).map_err(|e| {
                error(
                    Some(pattern.span()),
                    format!("bad glob `{}`: {e}", pattern.get_ref()),
                )
            })
        };
        let mut per_file = Vec::new();
        for (pattern, selectors) in &file.per_file_ignores {
            let glob = Glob::new(pattern).map_err(|e| {
                error(
                    None,
                    format!("bad glob `{pattern}` in per-file-ignores: {e}"),
                )
            })?;
            let set = GlobSetBuilder::new()
                .add(glob)
                .build()
                .map_err(|e| error(None, e.to_string()))?;
            let codes = selectors
                .iter()
                .map(check_selector)
                .collect::<Result<Vec<_>, _>>()?;
            per_file.push((set, codes));
        }
        let exclude = if file.exclude.is_empty() {
            None
        } else {
            let mut builder = GlobSetBuilder::new();
            for pattern in &file.exclude {
                builder.add(glob(pattern)?);
            }
            Some(builder.build().map_err(|e| error(None, e.to_string()))?)
        };
        let rules = file.rules.map(|r| RulesRef {
            value: r.get_ref().clone(),
            path: root.join(r.get_ref()),
            boundary: path.map_or_else(|| root.clone(), boundary_of),
            config_path: path.map(Path::to_path_buf),
            config_text: text.to_string(),
            span: r.span(),
        });
        let max_file_size = match &file.max_file_size {
            None => None,
            Some(value) => {
                let parsed = match value.get_ref() {
                    SizeValue::Bytes(bytes) => u64::try_from(*bytes)
                        .map_err(|_| "the size limit must be at least 1 byte".to_string())
                        .and_then(|bytes| crate::size_limit::parse_size(&bytes.to_string())),
                    SizeValue::Text(text) => crate::size_limit::parse_size(text),
                };
                Some(parsed.map_err(|message| error(Some(value.span()), message))?)
            }
        };
        let percent = |value: &Option<Spanned<PercentValue>>, off_allowed: bool| {
            value
                .as_ref()
                .map(|v| {
                    v.get_ref()
                        .resolve(off_allowed)
                        .map_err(|message| error(Some(v.span()), message))
                })
                .transpose()
        };
        let history = HistoryThresholds {
            find_renames: percent(&file.history.find_renames, false)?.flatten(),
            break_rewrites: percent(&file.history.break_rewrites, true)?,
            find_copies: percent(&file.history.find_copies, true)?,
        };
        Ok(Settings {
            path: path.map(Path::to_path_buf),
            root,
            select,
            ignore,
            severity,
            per_file,
            exclude,
            rules,
            max_file_size,
            history,
        })
    }

    /// No configuration: every rule, globs relative to `root`.
    pub fn defaults_at(root: PathBuf) -> Settings {
        Settings {
            root,
            ..Settings::default()
        }
    }

    /// A config found by discovery: it may be a symlink only to a file
    /// inside its own repository (a pull request could otherwise point it
    /// at any file of the machine and have it quoted in the error).
    fn load_discovered(path: &Path) -> Result<Settings, ConfigError> {
        let refuse = |message: String| ConfigError {
            path: Some(path.to_path_buf()),
            source_text: String::new(),
            span: None,
            message,
        };
        let canonical =
            std::fs::canonicalize(path).map_err(|e| refuse(format!("cannot read: {e}")))?;
        if !canonical.starts_with(boundary_of(path)) {
            return Err(refuse(
                "points outside the repository; refusing to read it".to_string(),
            ));
        }
        Settings::load(path)
    }

    /// Walk up from `start` (a file or directory) to the nearest config,
    /// no further than the repository root.
    pub fn discover(start: &Path) -> Result<Settings, ConfigError> {
        let absolute = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        let mut dir = if absolute.is_dir() {
            Some(absolute.as_path())
        } else {
            absolute.parent()
        };
        while let Some(current) = dir {
            let candidate = current.join(CONFIG_FILE);
            if candidate.symlink_metadata().is_ok() {
                return Settings::load_discovered(&candidate);
            }
            // A config above the repository belongs to someone else.
            if current.join(".git").exists() {
                break;
            }
            dir = current.parent();
        }
        Ok(Settings {
            root: std::env::current_dir().unwrap_or_default(),
            ..Settings::default()
        })
    }

    /// Path relative to the config root, `/`-separated, for glob matching.
    fn relative(&self, path: &Path) -> PathBuf {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        absolute
            .strip_prefix(&self.root)
            .map(Path::to_path_buf)
            .unwrap_or(absolute)
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|set| set.is_match(self.relative(path)) || set.is_match(path))
    }

    /// Settings for one file; `path` is a file-system path or a repository
    /// path (both are matched, so globs work for git sources too).
    pub fn for_file(&self, path: &Path) -> FileSettings {
        let relative = self.relative(path);
        let mut ignore = self.ignore.clone();
        for (set, codes) in &self.per_file {
            if set.is_match(&relative) || set.is_match(path) {
                ignore.extend(codes.iter().cloned());
            }
        }
        FileSettings {
            select: self.select.clone(),
            ignore,
            severity: self.severity.clone(),
            max_file_size: self.max_file_size,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(code: &str) -> &'static str {
        rules::find(code).map_or("", |r| r.meta().name)
    }

    #[test]
    fn selects_ignores_and_overrides() {
        let settings = Settings::parse(
            "select = [\"JM3\", \"JM101\"]\nignore = [\"JM304\"]\n[severity]\nJM305 = \"warning\"\n[per-file-ignores]\n\"old/**\" = [\"chronology\"]\n",
            None,
            PathBuf::from("/repo"),
        )
        .unwrap();
        let file = settings.for_file(Path::new("/repo/a.md"));
        assert!(file.is_enabled("JM301", name_of("JM301")));
        assert!(file.is_enabled("JM101", name_of("JM101")));
        assert!(!file.is_enabled("JM304", name_of("JM304")));
        assert!(!file.is_enabled("JM202", name_of("JM202")));
        assert_eq!(file.severity_of("JM305"), Some(Severity::Warning));
        assert!(!settings
            .for_file(Path::new("/repo/old/x.md"))
            .is_enabled("JM305", name_of("JM305")));
    }

    #[test]
    fn unknown_code_points_at_its_line() {
        let text = "select = [\"JM1\"]\nignore = [\"XX9\"]\n";
        let err =
            Settings::parse(text, Some(Path::new(".jobmark.toml")), PathBuf::new()).unwrap_err();
        assert_eq!(&text[err.span.clone().unwrap()], "\"XX9\"");
        assert!(err.to_string().starts_with(".jobmark.toml:2:"), "{err}");
    }

    #[test]
    fn unknown_key_is_an_error() {
        assert!(Settings::parse("selekt = []\n", None, PathBuf::new()).is_err());
    }
}
