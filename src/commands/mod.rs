//! One module per command; each takes its parsed options and returns an
//! exit status or an error. Shared plumbing lives here: loading the rule
//! pack, walking the working tree, opening the output, printing errors.

pub mod check;
pub mod history;
pub mod hook;
pub mod new;
pub mod rules;
pub mod stats;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::config::ConfigError;
use crate::pack::{Pack, PackError};

/// Print an error the way the user should see it: configuration and pack
/// errors with the offending line underlined, others as one line.
pub fn print_error(error: &anyhow::Error, color: bool) {
    if let Some(config) = error.downcast_ref::<ConfigError>() {
        let handler = if color {
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode())
        } else {
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        };
        let mut rendered = String::new();
        if config.span.is_some() && handler.render_report(&mut rendered, config).is_ok() {
            crate::terminal::error_block(&format!("error: invalid configuration\n{rendered}"));
            return;
        }
    }
    let mut message = format!("error: {error}");
    for cause in error.chain().skip(1) {
        message.push_str(&format!(": {cause}"));
    }
    crate::terminal::error_line(&message);
}

/// The rule pack: `--rules FILE`, else the config's `rules`, else built-in.
pub fn load_pack(cli_rules: Option<&Path>, config_rules: Option<&Path>) -> Result<Pack> {
    let Some(path) = cli_rules.or(config_rules) else {
        return Ok(Pack::builtin());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read rule pack {}", path.display()))?;
    Pack::from_toml(&text).map_err(|e: PackError| {
        anyhow::Error::new(ConfigError {
            path: Some(path.to_path_buf()),
            source_text: text.clone(),
            span: e.span,
            message: format!("invalid rule pack: {}", e.message),
        })
    })
}

/// Directories never walked into: built books, dependencies, build output.
const SKIPPED_DIRS: [&str; 3] = ["book", "node_modules", "target"];

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Markdown files under `root` (or `root` itself when it is a file),
/// honouring `.gitignore` and skipping hidden and [`SKIPPED_DIRS`]
/// directories. Sorted for deterministic output.
pub fn walk_markdown(root: &Path) -> Result<Vec<PathBuf>> {
    if !root.exists() {
        anyhow::bail!("{}: no such file or directory", root.display());
    }
    if root.is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let mut files = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .require_git(false)
        .filter_entry(|entry| {
            !(entry.file_type().is_some_and(|t| t.is_dir())
                && entry.depth() > 0
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|n| SKIPPED_DIRS.contains(&n)))
        })
        .build();
    for entry in walker {
        let entry = entry.with_context(|| format!("cannot walk {}", root.display()))?;
        if entry.file_type().is_some_and(|t| t.is_file()) && is_markdown(entry.path()) {
            files.push(entry.into_path());
        }
    }
    files.sort();
    Ok(files)
}

/// A path as shown to the user: relative to the current directory when
/// below it, `/`-separated.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let shown = path.strip_prefix(&cwd).unwrap_or(path);
    let shown = shown.strip_prefix("./").unwrap_or(shown);
    shown.to_string_lossy().replace('\\', "/")
}

/// Standard output or `--output FILE`.
pub fn open_output(output: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// Write to standard output, returning (not panicking on) a closed pipe.
pub fn print_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
