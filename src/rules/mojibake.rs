use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports text that is UTF-8 decoded with the wrong code page and saved
    /// again (mojibake): `📜` turned into `ğŸ“œ` or `ðŸ“œ`, Persian turned into
    /// `Ù…ØµØ§...`. Points at the status line when it is garbled, otherwise
    /// at the first garbled run, and names the code page.
    ///
    /// ## Why is this bad?
    /// The status line then holds no known emoji, the Persian notes are
    /// unreadable, and some bytes are lost for good. Every other rule would
    /// fire on the garbage, so when this rule fires the others stay silent.
    ///
    /// ## Example
    /// ```markdown
    /// #### ğŸ“œğŸ“ğŸ”§ğŸ“âš–ï¸âŒ
    /// ```
    ///
    /// ## Fix
    /// Restore the file from git history (`jobmark history` shows when it
    /// broke) rather than converting it back: bytes lost in the bad decoding
    /// cannot be recovered.
    pub struct Mojibake {
        code: "JM002",
        name: "mojibake",
        severity: Error,
        summary: "Text is UTF-8 decoded with the wrong code page (mojibake)",
        fixable: false,
    }
}

impl Mojibake {
    pub const GARBLED_OK: bool = true;

    pub fn run(ctx: &mut Context<'_>) {
        let Some(found) = ctx.doc.mojibake.as_ref() else {
            return;
        };
        // The status line is where a reader notices first: point there.
        let status_run = ctx
            .doc
            .sections_of(SectionKind::Status)
            .next()
            .and_then(|section| {
                let window = section.body.start..(section.body.end);
                found
                    .runs
                    .iter()
                    .find(|r| r.start >= window.start && r.start < window.end)
                    .map(|r| {
                        let text = ctx.text();
                        let line_end = text[r.start..]
                            .find('\n')
                            .map_or(text.len(), |i| r.start + i);
                        r.start..line_end.max(r.end).min(text.len())
                    })
            });
        let (span, where_) = match status_run {
            Some(span) => (span, "the status line"),
            None => (found.first.clone(), "this text"),
        };
        // Recovered text may hold control characters (lost bytes): show them
        // as the replacement character rather than writing them raw.
        let preview: String = found
            .recovered
            .chars()
            .take(24)
            .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
            .collect();
        ctx.report(
            &Self::META,
            span,
            format!(
                "mojibake: {where_} is UTF-8 that was decoded as {} and saved again (it read `{preview}`); {} line{} affected",
                found.code_page,
                found.lines,
                if found.lines == 1 { "" } else { "s" }
            ),
        )
        .help("restore the file from an earlier commit; some bytes were lost in the bad decoding and cannot be recovered");
    }
}
