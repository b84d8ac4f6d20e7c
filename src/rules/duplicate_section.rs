use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a section that appears more than once (`Interview Date`
    /// twice, two `Score` sections). Stage sections may repeat only when
    /// the status line repeats the stage (two 🔧 allow two technical
    /// interview sections).
    ///
    /// ## Why is this bad?
    /// Two sections disagree sooner or later, and jobmark has to pick one
    /// for the statistics.
    ///
    /// ## Example
    /// ```markdown
    /// ### Score
    /// <h4><mark ...>6/10</mark></h4>
    /// ### Score
    /// <h4><mark ...>7/10</mark></h4>
    /// ```
    ///
    /// ## Fix
    /// Merge the two sections into one.
    pub struct DuplicateSection {
        code: "JM104",
        name: "duplicate-section",
        severity: Error,
        summary: "A section appears more than once",
        fixable: false,
    }
}

impl DuplicateSection {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let pack = ctx.pack;
        let stages = doc.status_stages();
        let mut seen: Vec<(usize, usize)> = Vec::new(); // (spec, count)
        for section in &doc.sections {
            // Two H1s are `multiple-h1`; the title has its own slot.
            let Some(spec_index) = section.spec else {
                continue;
            };
            if matches!(section.kind, SectionKind::Company | SectionKind::Title) {
                continue;
            }
            let count = match seen.iter_mut().find(|(s, _)| *s == spec_index) {
                Some((_, count)) => {
                    *count += 1;
                    *count
                }
                None => {
                    seen.push((spec_index, 1));
                    1
                }
            };
            let spec = &pack.sections[spec_index];
            let allowed = match spec.stage {
                Some(stage) => stages.iter().filter(|s| **s == stage).count().max(1),
                None => 1,
            };
            if count > allowed {
                let heading = doc.heading_of(section);
                ctx.report(
                    &Self::META,
                    heading.span.clone(),
                    format!("section `{}` appears {count} times", spec.heading),
                )
                .help("merge the sections into one");
            }
        }
    }
}
