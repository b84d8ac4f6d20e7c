use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a known section whose heading has the wrong level, such as
    /// `## Score` where `### Score` is expected, or a stage section at
    /// level 2.
    ///
    /// ## Why is this bad?
    /// Heading levels build the table of contents of a rendered book; a
    /// section at the wrong level nests the rest of the file under it.
    ///
    /// ## Example
    /// ```markdown
    /// ## Score
    /// ```
    /// Use instead:
    /// ```markdown
    /// ### Score
    /// ```
    ///
    /// ## Fix
    /// Safe: the `#` marks are replaced by the expected number.
    pub struct HeadingLevel {
        code: "JM103",
        name: "heading-level",
        severity: Warning,
        summary: "A section heading has the wrong level",
        fixable: true,
    }
}

impl HeadingLevel {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let pack = ctx.pack;
        for section in &doc.sections {
            let Some(spec) = section.spec.map(|i| &pack.sections[i]) else {
                continue;
            };
            let heading = doc.heading_of(section);
            if heading.level == spec.level || section.kind == SectionKind::Company {
                continue;
            }
            let marks = "#".repeat(usize::from(spec.level));
            let finding = ctx.report(
                &Self::META,
                heading.span.clone(),
                format!(
                    "`{}` is a level-{} heading; the schema expects level {}",
                    heading.text, heading.level, spec.level
                ),
            );
            finding.help(format!("write it as `{marks} {}`", heading.text));
            if let Some(range) = heading.atx_marks.clone() {
                finding.fix(Fix::safe(
                    format!("Change the heading to level {}", spec.level),
                    vec![Edit {
                        range,
                        replacement: marks,
                    }],
                ));
            }
        }
    }
}
