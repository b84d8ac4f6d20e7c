use super::prelude::*;
use crate::document::encoding::Foreign;

declare_rule! {
    /// ## What it does
    /// Reports a write-up whose bytes are not valid UTF-8, including one
    /// saved as UTF-16 (recognised by its byte-order mark or by the NUL
    /// byte in every other position), which jobmark decodes and checks
    /// but reports.
    ///
    /// ## Why is this bad?
    /// Markdown renderers and git forges show invalid bytes as `�`, and
    /// jobmark can only read such a file lossily: dates, emojis and names
    /// past the bad byte may be wrong. jobmark never writes fixes into such a
    /// file, because re-encoding would destroy the original bytes.
    ///
    /// ## Example
    /// A file saved as Windows-1256 (Arabic) instead of UTF-8, or by a
    /// Windows editor as "Unicode" (UTF-16).
    ///
    /// ## Fix
    /// Re-save the file as UTF-8 in an editor that lets you pick the
    /// encoding it was written in.
    pub struct InvalidUtf8 {
        code: "JM001",
        name: "invalid-utf8",
        severity: Error,
        summary: "The file is not valid UTF-8",
        fixable: false,
    }
}

impl InvalidUtf8 {
    pub const GARBLED_OK: bool = true;

    pub fn run(ctx: &mut Context<'_>) {
        if let Some(Foreign::Utf16 { big_endian, bom }) = ctx.doc.decoded.foreign {
            ctx.report(
                &Self::META,
                0..0,
                format!(
                    "the file is UTF-16 ({}-endian{}), not UTF-8",
                    if big_endian { "big" } else { "little" },
                    if bom { ", with a byte-order mark" } else { "" }
                ),
            )
            .help("re-save the file as UTF-8; jobmark will not write fixes into it until then");
            return;
        }
        let Some(at) = ctx.doc.decoded.invalid_utf8_at else {
            return;
        };
        let end = ctx.text()[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8());
        ctx.report(
            &Self::META,
            at..end,
            "invalid UTF-8: the bytes here are not text in UTF-8",
        )
        .help("re-save the file as UTF-8; jobmark will not write fixes into it until then");
    }
}
