use super::prelude::*;
use crate::pack::Required;

declare_rule! {
    /// ## What it does
    /// Reports a section the schema requires that the write-up lacks: the
    /// company heading, `Status`, the job title, `Apply Way`,
    /// `Interview Date`, `Score`; and, once the status line goes past
    /// sending a resume, `Interview Process`, `Interview Duration` and
    /// `Interview Platform`.
    ///
    /// ## Why is this bad?
    /// Statistics are built from these sections: a write-up without
    /// `Interview Date` cannot be placed in time, one without `Score` is
    /// missing from the score chart.
    ///
    /// ## Example
    /// ```markdown
    /// ### Interview Date
    /// - **Sent Resume** <br />1402.08.02
    /// ### Score
    /// ```
    /// (no `Interview Platform` although there was an interview)
    ///
    /// ## Fix
    /// Add the section under its canonical heading, in its place in the
    /// order (`jobmark new` prints a complete template).
    pub struct MissingSection {
        code: "JM101",
        name: "missing-section",
        severity: Error,
        summary: "A required section is missing",
        fixable: false,
    }
}

impl MissingSection {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let pack = ctx.pack;
        let interviewed = doc.interviewed(ctx.pack);
        // Point at the Status heading: every write-up has one (it is how a
        // write-up is recognised), and it is near the top.
        let anchor = doc
            .sections_of(SectionKind::Status)
            .next()
            .map_or(0..0, |s| super::heading_span(doc, s));
        for (index, spec) in pack.sections.iter().enumerate() {
            let needed = match spec.required {
                Required::Always => true,
                Required::Interviewed => interviewed,
                Required::Never => false,
            };
            if !needed || doc.sections.iter().any(|s| s.spec == Some(index)) {
                continue;
            }
            let what = match spec.kind {
                SectionKind::Company => {
                    "the company heading (`# [Company](https://...)`)".to_string()
                }
                SectionKind::Title => "the job title (a level-2 heading)".to_string(),
                _ => format!("`{}`", spec.heading),
            };
            let why = if spec.required == Required::Interviewed {
                " (the status line shows an interview)"
            } else {
                ""
            };
            ctx.report(
                &Self::META,
                anchor.clone(),
                format!("missing section: {what}{why}"),
            )
            .help(format!(
                "add a level-{} heading `{}` in its place",
                spec.level,
                if spec.kind == SectionKind::Title {
                    "Job Title"
                } else {
                    &spec.heading
                }
            ));
        }
    }
}
