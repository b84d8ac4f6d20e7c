use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a write-up whose bytes are not valid UTF-8.
    ///
    /// ## Why is this bad?
    /// Markdown renderers and git forges show invalid bytes as `�`, and
    /// jobmark can only read such a file lossily: dates, emojis and names
    /// past the bad byte may be wrong. jobmark never writes fixes into such a
    /// file, because re-encoding would destroy the original bytes.
    ///
    /// ## Example
    /// A file saved as Windows-1256 (Arabic) instead of UTF-8.
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
