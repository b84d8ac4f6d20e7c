use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an outcome emoji (✅ ❌ ❎) that is followed by a stage emoji
    /// on the status line.
    ///
    /// ## Why is this bad?
    /// The emojis are in the order things happened, and the outcome ends the
    /// process: a stage after it means either the outcome or the stage is
    /// in the wrong place.
    ///
    /// ## Example
    /// ```markdown
    /// #### 📜📞🔧❌📝
    /// ```
    /// Use instead:
    /// ```markdown
    /// #### 📜📞🔧📝❌
    /// ```
    ///
    /// ## Fix
    /// Unsafe: the outcome is moved to the end of the line (it may be the
    /// stage that is wrong).
    pub struct OutcomeNotLast {
        code: "JM203",
        name: "outcome-not-last",
        severity: Error,
        summary: "An outcome emoji is not last on the status line",
        fixable: true,
    }
}

impl OutcomeNotLast {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let Some(line) = doc.status.as_ref() else {
            return;
        };
        let last_stage = line.glyphs.iter().rposition(|g| g.stage.is_some());
        let outcomes: Vec<_> = line
            .glyphs
            .iter()
            .enumerate()
            .filter(|(_, g)| g.outcome.is_some())
            .collect();
        // Two outcomes is `multiple-outcomes`; only judge a single one here.
        if outcomes.len() != 1 {
            return;
        }
        let (index, glyph) = outcomes[0];
        if last_stage.is_none_or(|last| index > last) {
            return;
        }
        let finding = ctx.report(
            &Self::META,
            glyph.span.clone(),
            format!(
                "outcome `{}` is followed by stages on the status line",
                glyph.text
            ),
        );
        finding.help("the outcome ends the process: put it last");
        if doc.is_lossless() {
            let tail_end = line.glyphs.last().map_or(glyph.span.end, |g| g.span.end);
            finding.fix(Fix::unsafe_(
                "Move the outcome to the end of the status line",
                vec![
                    Edit {
                        range: glyph.span.clone(),
                        replacement: String::new(),
                    },
                    Edit {
                        range: tail_end..tail_end,
                        replacement: glyph.text.clone(),
                    },
                ],
            ));
        }
    }
}
