//! GitHub Actions workflow commands: one annotation per finding.
//!
//! ```text
//! ::error file=notes/acme.md,line=3,col=5,endLine=3,endColumn=9,title=JM101 missing-section::Missing section
//! ```
//!
//! Invariants:
//! - Severities map error→`error`, warning→`warning`, info→`notice`.
//! - Every user-controlled string is escaped the way the Actions runner
//!   unescapes it: the message (data) with `%`, `\r`, `\n`; properties
//!   (`file`, `title`) additionally with `:` and `,`, which would otherwise
//!   end the property or the command early. `%` is escaped first, so escapes
//!   are never double-escaped. Any other control character (ESC, BEL, a
//!   bidi override) is then made visible ([`crate::terminal::escape`]): the
//!   runner would pass it on to the log viewer, which acts on ANSI sequences.
//! - A span covering more than one line gets no `col`/`endColumn`: GitHub
//!   rejects or mis-draws column ranges across lines.
//! - Columns are 1-based Unicode scalar values and the end is exclusive,
//!   like the JSON output.

use std::io::Write;

use super::LocatedFile;
use crate::diagnostic::Severity;

/// One file's annotations (see [`super::Stream`]).
pub(super) fn render_file(file: &LocatedFile<'_>, out: &mut Vec<u8>) {
    for item in &file.findings {
        let finding = item.finding;
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = format!(
            "file={},line={}",
            escape_property(item.path),
            item.start.line
        );
        if item.start.line == item.end.line {
            properties.push_str(&format!(",col={}", item.start.column));
        }
        properties.push_str(&format!(",endLine={}", item.end.line));
        if item.start.line == item.end.line {
            properties.push_str(&format!(",endColumn={}", item.end.column));
        }
        let title = format!("{} {}", finding.code, finding.name);
        properties.push_str(&format!(",title={}", escape_property(&title)));
        // Writing to a Vec cannot fail.
        let _ = writeln!(
            out,
            "::{command} {properties}::{}",
            escape_data(&finding.message)
        );
    }
}

/// Escape a command's message, as the runner's `escapeData` does.
pub fn escape_data(text: &str) -> String {
    let encoded = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::terminal::escape(&encoded).into_owned()
}

/// Escape a property value, as the runner's `escapeProperty` does.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_is_escaped_first() {
        assert_eq!(escape_data("100%\n"), "100%25%0A");
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_data("a\x1b[2Jb"), "a\\u{1b}[2Jb");
    }

    #[test]
    fn property_escapes_separators() {
        assert_eq!(escape_property("a:b,c%\r\n"), "a%3Ab%2Cc%25%0D%0A");
    }
}
