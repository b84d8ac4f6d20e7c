use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an outcome on the status line that disagrees with the final
    /// dated entry: `❎` (the candidate declined) beside a
    /// `Rejection Letter`, `✅` beside a `Rejection Email`, or a dated
    /// rejection with no outcome on the status line.
    ///
    /// ## Why is this bad?
    /// Who ended the process is the most important fact of a write-up, and
    /// the outcome chart counts it from the status line.
    ///
    /// ## Example
    /// ```markdown
    /// #### 📜📞🔧❎
    /// ...
    /// - **Rejection Letter** <br />1402.09.28
    /// ```
    ///
    /// ## Fix
    /// Make the status line's outcome agree with what happened.
    pub struct OutcomeMismatch {
        code: "JM404",
        name: "outcome-mismatch",
        severity: Error,
        summary: "The status line's outcome disagrees with the dated outcome",
        fixable: false,
    }
}

impl OutcomeMismatch {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let pack = ctx.pack;
        let Some(line) = doc.status.as_ref() else {
            return;
        };
        let Some(last) = doc.dated.last() else { return };
        let Some(recorded) = last.label_match.and_then(|m| pack.label(m).ends) else {
            return;
        };
        let outcome = line.outcome();
        if recorded.agrees_with(outcome) {
            return;
        }
        let message = match line.outcomes().last() {
            Some(glyph) => format!(
                "the status line ends {} ({}), but the last dated entry is `{}`",
                glyph.text,
                pack.outcome_label(outcome),
                last.label
            ),
            None => format!(
                "`{}` ends the process, but the status line has no outcome",
                last.label
            ),
        };
        let span = line
            .outcomes()
            .last()
            .map_or(line.span.clone(), |g| g.span.clone());
        let wanted = match recorded {
            crate::pack::LabelEnd::Outcome(id) => pack.emoji_for_outcome(id),
            crate::pack::LabelEnd::Any => None,
        };
        let help = match wanted {
            Some(emoji) => format!("end the status line with {emoji}, or correct the dated entry"),
            None => "make the status line's outcome agree with the dated entry".to_string(),
        };
        ctx.report(&Self::META, span, message).help(help);
    }
}
