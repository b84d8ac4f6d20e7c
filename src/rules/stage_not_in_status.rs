use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an `Interview Date` entry for a stage the status line lacks:
    /// a dated `Task` with no `📝`.
    ///
    /// ## Why is this bad?
    /// The status line is what the funnel chart reads; a stage missing from
    /// it is missing from the statistics.
    ///
    /// ## Example
    /// ```markdown
    /// #### 📜🔧❌
    /// ...
    /// - **Task** <br />1402.08.23
    /// ```
    ///
    /// ## Fix
    /// Add the stage's emoji to the status line in its place.
    pub struct StageNotInStatus {
        code: "JM402",
        name: "stage-not-in-status",
        severity: Error,
        summary: "Interview Date dates a stage the status line lacks",
        fixable: false,
    }
}

impl StageNotInStatus {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let pack = ctx.pack;
        let Some(line) = doc.status.as_ref() else {
            return;
        };
        for stage in &pack.stages {
            let in_status = line
                .glyphs
                .iter()
                .filter(|g| g.stage == Some(stage.id))
                .count();
            let dated: Vec<_> = doc
                .dated
                .iter()
                .filter(|e| {
                    e.label_match
                        .is_some_and(|m| pack.label(m).stage == Some(stage.id))
                })
                .collect();
            // Any presence on the status line covers repeats of the same
            // stage in the dates (a rescheduled interview dated twice).
            if in_status > 0 || dated.is_empty() {
                continue;
            }
            let emoji = pack.emoji_for_stage(stage.id).unwrap_or("?");
            let entry = dated[0];
            ctx.report(
                &Self::META,
                entry.label_span.clone(),
                format!(
                    "`{}` is dated, but the status line has no {emoji} ({})",
                    entry.label, stage.label
                ),
            )
            .help(format!("add {emoji} to the status line in its place"));
        }
    }
}
