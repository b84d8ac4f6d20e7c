use super::prelude::*;
use crate::document::encoding::Foreign;

declare_rule! {
    /// ## What it does
    /// Reports Windows line endings (`\r\n`), once per file; and lines
    /// that end in a lone `\r` (classic Mac OS), which jobmark reads as
    /// line breaks so the write-up is still checked.
    ///
    /// ## Why is this bad?
    /// Mixed line endings make every diff of the file noisy, and a
    /// repository normally uses `\n`.
    ///
    /// ## Example
    /// A write-up saved on Windows without `core.autocrlf`.
    ///
    /// ## Fix
    /// Safe: every `\r\n` becomes `\n`. A file with lone `\r` line
    /// endings gets no fix (jobmark never writes into it): convert it with
    /// an editor or `tr '\r' '\n'`.
    pub struct CrlfLineEndings {
        code: "JM004",
        name: "crlf-line-endings",
        severity: Info,
        summary: "The file uses Windows line endings",
        fixable: true,
    }
}

impl CrlfLineEndings {
    pub const GARBLED_OK: bool = true;

    pub fn run(ctx: &mut Context<'_>) {
        if let Some(Foreign::CrOnly { lines }) = ctx.doc.decoded.foreign {
            ctx.report(
                &Self::META,
                0..0,
                format!(
                    "{lines} line{} end{} with a lone `\\r` (classic Mac line endings)",
                    if lines == 1 { "" } else { "s" },
                    if lines == 1 { "s" } else { "" }
                ),
            )
            .help("convert the line endings to `\\n`; jobmark will not write fixes into the file until then");
            return;
        }
        let count = ctx.doc.decoded.crlf_lines;
        if count == 0 {
            return;
        }
        let text = ctx.text();
        let lossless = ctx.doc.is_lossless();
        let edits: Vec<Edit> = text
            .match_indices("\r\n")
            .map(|(i, _)| Edit {
                range: i..i + 1,
                replacement: String::new(),
            })
            .collect();
        let first = edits[0].range.clone();
        let finding = ctx.report(
            &Self::META,
            first,
            format!(
                "{count} line{} end{} with `\\r\\n`",
                if count == 1 { "" } else { "s" },
                if count == 1 { "s" } else { "" }
            ),
        );
        if lossless {
            finding.fix(Fix::safe("Convert line endings to `\\n`", edits));
        }
    }
}
