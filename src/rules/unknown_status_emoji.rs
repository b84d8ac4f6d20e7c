use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an emoji (or word) on the status line that is not in the
    /// legend: 📜 resume, 📞 HR call, 👱🏻‍♀️ HR interview, 🔧 technical,
    /// 📝 task, ⚖️ task review, then ✅ accepted, ❌ rejected, ❎ declined.
    ///
    /// ## Why is this bad?
    /// An unknown emoji (`🎉`) carries no meaning for the statistics, and
    /// the reader has to guess what it stands for.
    ///
    /// ## Example
    /// ```markdown
    /// #### 📜📞🔧🎉
    /// ```
    ///
    /// ## Fix
    /// Replace it with the legend emoji it means.
    pub struct UnknownStatusEmoji {
        code: "JM202",
        name: "unknown-status-emoji",
        severity: Error,
        summary: "The status line holds an emoji that is not in the legend",
        fixable: false,
    }
}

impl UnknownStatusEmoji {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let Some(line) = ctx.doc.status.as_ref() else {
            return;
        };
        let legend: String = ctx
            .pack
            .legend
            .iter()
            .map(|e| format!("{} {}", e.emoji, e.meaning))
            .collect::<Vec<_>>()
            .join(", ");
        for glyph in line.glyphs.iter().filter(|g| !g.is_known()) {
            let codepoints: Vec<String> = glyph
                .text
                .chars()
                .take(8)
                .map(|c| format!("U+{:04X}", c as u32))
                .collect();
            ctx.report(
                &Self::META,
                glyph.span.clone(),
                format!(
                    "`{}` ({}) is not in the status legend",
                    glyph.text,
                    codepoints.join(" ")
                ),
            )
            .help(format!("use one of: {legend}"));
        }
    }
}
