//! The JSON format: a pretty-printed array, one object per finding, for
//! scripts and editor integrations.
//!
//! Contract (kept stable; field order is as listed):
//! `path`, `code`, `name`, `severity` (`error`|`warning`|`info`), `message`,
//! `line`, `column`, `end_line`, `end_column`, `help` (string or null), and
//! `fix` only when the finding has one:
//! `{"title", "applicability" ("safe"|"unsafe"|"display-only"), "edits":
//! [{"line", "column", "end_line", "end_column", "content"}]}`.
//!
//! Lines and columns are 1-based; columns count Unicode scalar values; the
//! end is the position just past the span (exclusive), so an empty span has
//! start == end. Edit positions are exact (not trimmed like the finding's
//! display span). With `statistics`, the output is instead an array of
//! `{"code", "name", "count", "fixable"}`.

use serde::Serialize;

use super::LocatedFile;
use crate::diagnostic::Applicability;

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    content: &'a str,
}

/// One file's array elements, joined by `,` and indented as
/// `serde_json::to_writer_pretty` indents the elements of the whole array
/// (see [`super::Stream`], which writes the brackets). Indenting each line
/// is exact because a JSON string never holds a raw line break.
pub(super) fn render_file(file: &LocatedFile<'_>, out: &mut Vec<u8>) {
    for (n, item) in file.findings.iter().enumerate() {
        let finding = item.finding;
        let fix = finding.fix.as_ref().map(|fix| JsonFix {
            title: &fix.title,
            applicability: fix.applicability,
            edits: fix
                .edits
                .iter()
                .map(|edit| {
                    let (start, end) = file.edit_positions(&edit.range);
                    JsonEdit {
                        line: start.line,
                        column: start.column,
                        end_line: end.line,
                        end_column: end.column,
                        content: &edit.replacement,
                    }
                })
                .collect(),
        });
        let element = JsonFinding {
            path: item.path,
            code: finding.code,
            name: finding.name,
            severity: finding.severity.as_str(),
            message: &finding.message,
            line: item.start.line,
            column: item.start.column,
            end_line: item.end.line,
            end_column: item.end.column,
            help: finding.help.as_deref(),
            fix,
        };
        // Cannot fail: no map keys, no non-finite numbers.
        let Ok(pretty) = serde_json::to_string_pretty(&element) else {
            continue;
        };
        if n > 0 {
            out.extend_from_slice(b",\n");
        }
        for (i, line) in pretty.split('\n').enumerate() {
            if i > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(b"  ");
            out.extend_from_slice(line.as_bytes());
        }
    }
}
