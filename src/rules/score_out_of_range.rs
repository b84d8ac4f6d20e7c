use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a score outside the pack's scale or not a multiple of its
    /// step (built-in pack: 0-10 in steps of 0.5, so `11/10` and `7.3/10`).
    ///
    /// ## Why is this bad?
    /// Scores are compared across write-ups and drawn as a histogram with
    /// one bin per step; other values do not fit.
    ///
    /// ## Example
    /// ```markdown
    /// <h4><mark style="background-color:#4caf50">8.25/10</mark></h4>
    /// ```
    ///
    /// ## Fix
    /// Round to the nearest half point.
    pub struct ScoreOutOfRange {
        code: "JM503",
        name: "score-out-of-range",
        severity: Error,
        summary: "The score is outside the pack's scale or not a multiple of its step",
        fixable: false,
    }
}

impl ScoreOutOfRange {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let Some(score) = ctx.doc.score.as_ref() else {
            return;
        };
        let Some(value) = score.value else { return };
        let spec = &ctx.pack.score;
        if !spec.contains(value) {
            ctx.report(
                &Self::META,
                score.value_span.clone(),
                format!("the score {value} is outside 0-{}", spec.max),
            )
            .help(format!("give a score from 0 to {}", spec.max));
        } else if !spec.on_step(value) {
            let rounded = (value / spec.step).round() * spec.step;
            ctx.report(
                &Self::META,
                score.value_span.clone(),
                format!("the score {value} is not a multiple of {}", spec.step),
            )
            .help(format!("round it to {rounded}"));
        }
    }
}
