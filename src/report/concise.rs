//! The concise format: one line per finding, like `ruff --output-format
//! concise`, for grep, editors' quickfix lists and quick reading:
//!
//! ```text
//! notes/acme.md:3:5: JM101 [error] Missing section `Interview Date`
//! ```
//!
//! Invariant: exactly one line per finding. A message containing line breaks
//! has them folded to spaces, since a tool reading `path:line:col:` lines
//! would otherwise take the continuation for garbage or a new record; and
//! every other control character in the path or message is made visible
//! ([`crate::terminal::escape`]), so repository text cannot start a line of
//! its own (`::error ...` in a CI log) or send escape sequences.

use std::io::Write;

use super::{LocatedFile, Style};

/// One file's lines (see [`super::Stream`]).
pub(super) fn render_file(file: &LocatedFile<'_>, out: &mut Vec<u8>, style: &Style) {
    for item in &file.findings {
        let finding = item.finding;
        // Writing to a Vec cannot fail.
        let _ = writeln!(
            out,
            "{}:{}:{}: {} [{}] {}",
            style.bold(&crate::terminal::escape(item.path)),
            item.start.line,
            item.start.column,
            style.code(finding.code),
            style.severity(finding.severity, finding.severity.as_str()),
            crate::terminal::escape(&one_line(&finding.message))
        );
    }
}

/// Fold `\r\n`, `\n` and `\r` into single spaces.
pub(crate) fn one_line(text: &str) -> String {
    text.split("\r\n")
        .flat_map(|part| part.split(['\n', '\r']))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_line_folds_all_line_breaks() {
        assert_eq!(super::one_line("a\r\nb\nc\rd"), "a b c d");
    }
}
