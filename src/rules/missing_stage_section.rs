use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a stage on the status line that has a notes section in the
    /// schema (`Technical Interview`, `Task`, `Task Review`,
    /// `HR Interview`, `HR Call`) but no such section in the write-up, and
    /// names the missing section. Only stages the pack marks with a section
    /// are checked, so a resume needs none.
    ///
    /// ## Why is this bad?
    /// The notes and questions of each stage are what other candidates read
    /// a write-up for.
    ///
    /// ## Example
    /// ```markdown
    /// #### 📜📞🔧❌
    /// ```
    /// with no `### Technical Interview` section.
    ///
    /// ## Fix
    /// Add the section, even with a single line of notes.
    pub struct MissingStageSection {
        code: "JM403",
        name: "missing-stage-section",
        severity: Warning,
        summary: "A stage on the status line has no notes section",
        fixable: false,
    }
}

impl MissingStageSection {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let pack = ctx.pack;
        let Some(line) = doc.status.as_ref() else {
            return;
        };
        // The pack says which stages need notes (`needs_notes`).
        for stage in pack.stages.iter().filter(|s| s.needs_notes) {
            let Some(glyph) = line.glyphs.iter().find(|g| g.stage == Some(stage.id)) else {
                continue;
            };
            let Some((index, spec)) = pack.section_of_stage(stage.id) else {
                continue;
            };
            if doc.sections.iter().any(|s| s.spec == Some(index)) {
                continue;
            }
            ctx.report(
                &Self::META,
                glyph.span.clone(),
                format!(
                    "the status line names {} {}, but there is no `{}` section",
                    glyph.text, stage.label, spec.heading
                ),
            )
            .help(format!(
                "add a `{} {}` section with notes and questions",
                "#".repeat(usize::from(spec.level)),
                spec.heading
            ));
        }
    }
}
