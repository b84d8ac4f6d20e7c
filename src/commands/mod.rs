//! One module per command; each takes its parsed options and returns an
//! exit status or an error. Files come from [`crate::input`], the pack and
//! config from [`crate::session`]; shared plumbing lives here: opening the
//! output, printing errors.

pub mod check;
pub mod history;
pub mod hook;
pub mod new;
pub mod rules;
pub mod stats;

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::config::ConfigError;

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
            eprintln!("error: invalid configuration\n{rendered}");
            return;
        }
    }
    let mut message = format!("error: {error}");
    for cause in error.chain().skip(1) {
        message.push_str(&format!(": {cause}"));
    }
    eprintln!("{message}");
}

/// A path as shown to the user: relative to the current directory when
/// below it, `/`-separated.
pub fn display_path(path: &Path) -> String {
    crate::input::display_path(path)
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
