use super::prelude::*;
use crate::diagnostic::{Finding, Severity};

declare_rule! {
    /// ## What it does
    /// Reports a write-up larger than the size limit (4 MiB unless
    /// `max-file-size` in `.jobmark.toml` or `--max-file-size` says
    /// otherwise). Such a file is not parsed and no other rule runs on it.
    ///
    /// ## Why is this bad?
    /// A write-up is a few kilobytes of notes. A file of many megabytes is
    /// a mistake (a pasted log, a generated file) or an attempt to make
    /// every CI run that checks the repository slow; reading it would cost
    /// time and memory in proportion, on every pull request.
    ///
    /// ## Example
    /// A 40 MB `notes/acme.md` with the write-up followed by a pasted
    /// build log.
    ///
    /// ## Fix
    /// Shorten the file, move what is not a write-up out of it, or raise
    /// the limit: `max-file-size = "16MiB"` in `.jobmark.toml`, or
    /// `--max-file-size 16MiB`. A file over the limit counts as a write-up
    /// when the first 64 KiB hold the marker heading (`### Status`).
    pub struct FileTooLarge {
        code: "JM005",
        name: "file-too-large",
        severity: Error,
        summary: "The file is over the size limit and was not checked",
        fixable: false,
    }
}

impl FileTooLarge {
    pub const GARBLED_OK: bool = true;

    /// Nothing to do on a parsed document: a file over the limit is never
    /// parsed, so the lint engine reports it with [`FileTooLarge::finding`]
    /// before parsing (`lint::lint_bytes`).
    pub fn run(_ctx: &mut Context<'_>) {}

    /// The finding for a file of `size` bytes over `limit`.
    pub fn finding(size: u64, limit: u64) -> Finding {
        Finding {
            code: Self::META.code,
            name: Self::META.name,
            severity: Severity::Error,
            message: format!(
                "the file is {} bytes, over the size limit of {}; it was not checked",
                size,
                crate::size_limit::describe(limit)
            ),
            help: Some(
                "shorten the file, or raise `max-file-size` in .jobmark.toml (or --max-file-size)"
                    .to_string(),
            ),
            span: 0..0,
            fix: None,
        }
    }
}
