use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a stage the status line names that `Interview Date` never
    /// dates, and names it: `📝` with no `Task` entry. A stage repeated on
    /// the status line (`🔧🔧`) needs as many dated entries.
    ///
    /// ## Why is this bad?
    /// The status line and the dates tell two different stories; one of
    /// them is wrong, and the stage durations miss a step.
    ///
    /// ## Example
    /// ```markdown
    /// #### 📜📞🔧📝❌
    /// ...
    /// - **Sent Resume** <br />1402.08.02
    /// - **HR Call** <br />1402.08.09
    /// - **Technical Interview** <br />1402.08.15
    /// ```
    ///
    /// ## Fix
    /// Add the missing dated entry (`- **Task** <br />DATE`), or remove the
    /// emoji if the stage did not happen.
    pub struct UndatedStage {
        code: "JM401",
        name: "undated-stage",
        severity: Error,
        summary: "The status line names a stage that Interview Date does not date",
        fixable: false,
    }
}

impl UndatedStage {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let pack = ctx.pack;
        let Some(line) = doc.status.as_ref() else {
            return;
        };
        // Without an Interview Date section this is `missing-section`'s finding.
        if doc.sections_of(SectionKind::Dates).next().is_none() {
            return;
        }
        for stage in &pack.stages {
            let in_status: Vec<_> = line
                .glyphs
                .iter()
                .filter(|g| g.stage == Some(stage.id))
                .collect();
            let dated = doc
                .dated
                .iter()
                .filter(|e| {
                    e.label_match
                        .is_some_and(|m| pack.label(m).stage == Some(stage.id))
                })
                .count();
            if in_status.len() <= dated {
                continue;
            }
            let label = pack
                .label_for_stage(stage.id)
                .map_or(stage.label.as_str(), |l| l.canonical.as_str());
            let glyph = in_status[dated];
            let which = if in_status.len() > 1 {
                format!(" (the {} of {})", ordinal(dated + 1), in_status.len())
            } else {
                String::new()
            };
            ctx.report(
                &Self::META,
                glyph.span.clone(),
                format!("the status line names {} {}{which}, but `Interview Date` has no `{label}` entry for it", glyph.text, stage.label),
            )
            .help(format!("add `- **{label}** <br />DATE` under `Interview Date`, or remove {} if it did not happen", glyph.text));
        }
    }
}

fn ordinal(n: usize) -> String {
    match n {
        1 => "first".into(),
        2 => "second".into(),
        3 => "third".into(),
        n => format!("{n}th"),
    }
}
