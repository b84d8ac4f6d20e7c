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
/// errors with the offending line underlined, others as one line. Git
/// errors read as git's (`bad revision 'nosuch'`); the gix error chain
/// behind them is detail, printed only with `-v`.
pub fn print_error(error: &anyhow::Error, color: bool, verbose: bool) {
    if let Some(config) = error.downcast_ref::<ConfigError>() {
        let handler = if color {
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode())
        } else {
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        };
        let handler = handler.with_context_lines(0);
        let mut rendered = String::new();
        // Underline the offending line only when it is short, plain text:
        // a pack named by mistake (a binary, an environment dump) must not
        // be echoed into a CI log.
        if config.span.is_some()
            && offending_line_is_printable(config)
            && handler.render_report(&mut rendered, config).is_ok()
        {
            crate::terminal::error_block(&format!("error: invalid configuration\n{rendered}"));
            return;
        }
    }
    let (message, detail) = one_line_error(error);
    crate::terminal::error_line(&format!("error: {message}"));
    if verbose {
        for line in detail {
            crate::terminal::error_line(&format!("  detail: {line}"));
        }
    }
}

/// The headline of an error and the detail kept for `-v`. The chain is
/// followed through our own contexts (`cannot read X: permission denied`
/// needs both); at a git error the headline stops, since what gix says
/// below it names internal steps.
pub fn one_line_error(error: &anyhow::Error) -> (String, Vec<String>) {
    let mut message = String::new();
    let mut detail = Vec::new();
    for cause in error.chain() {
        if let Some(source) = cause.downcast_ref::<crate::source::SourceError>() {
            let (headline, rest) = git_wording(source);
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&headline);
            let chain: Vec<String> =
                std::iter::successors(std::error::Error::source(source), |e| e.source())
                    .map(|e| e.to_string())
                    .collect();
            // The chain holds what `rest` summarised, and more.
            if chain.is_empty() {
                detail.extend(rest);
            }
            detail.extend(chain);
            return (message, detail);
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&cause.to_string());
    }
    (message, detail)
}

/// `bad revision `X`: <gix reason>` as git says it: `bad revision 'X'`,
/// with our own explanations kept and gix's moved to the detail.
fn git_wording(error: &crate::source::SourceError) -> (String, Option<String>) {
    let text = error.to_string();
    for prefix in ["bad revision range `", "bad revision `"] {
        let Some(rest) = text.strip_prefix(prefix) else {
            continue;
        };
        let Some((rev, reason)) = rest.split_once('`') else {
            break;
        };
        let name = prefix.trim_end_matches(" `");
        let reason = reason.trim_start_matches(':').trim();
        let ours = ["does not name", "the two have no common ancestor"];
        return if reason.is_empty() {
            (format!("{name} '{rev}'"), None)
        } else if ours.iter().any(|o| reason.starts_with(o)) {
            (format!("{name} '{rev}': {reason}"), None)
        } else {
            (format!("{name} '{rev}'"), Some(reason.to_string()))
        };
    }
    (text, None)
}

/// The most of a configuration line an error quotes.
const MAX_QUOTED_LINE: usize = 300;

fn offending_line_is_printable(config: &ConfigError) -> bool {
    let Some(span) = &config.span else {
        return false;
    };
    let text = &config.source_text;
    let start = span.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    line_end - line_start <= MAX_QUOTED_LINE
        && !text[line_start..line_end]
            .chars()
            .any(|c| c.is_control() && c != '\t')
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
