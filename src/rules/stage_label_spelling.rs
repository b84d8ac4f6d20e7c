use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a stage label under `Interview Date` or `Interview Duration`
    /// written as a known alias or in another letter case: `Send Resume`
    /// for `Sent Resume`, `Rejection Letter` for `Rejection Email`,
    /// `Offer Email` for `Offer`. Labels with extra information
    /// (`Technical Interview I (On-site)`, `HR Call (Skype voice chat)`)
    /// are accepted as they are.
    ///
    /// ## Why is this bad?
    /// One label per stage keeps the repository searchable and the
    /// statistics honest.
    ///
    /// ## Example
    /// ```markdown
    /// - **Send Resume** <br />1402.08.02
    /// ```
    /// Use instead:
    /// ```markdown
    /// - **Sent Resume** <br />1402.08.02
    /// ```
    ///
    /// ## Fix
    /// Safe: the label is replaced by the canonical one.
    pub struct StageLabelSpelling {
        code: "JM309",
        name: "stage-label-spelling",
        severity: Warning,
        summary: "A stage label is not spelled canonically",
        fixable: true,
    }
}

impl StageLabelSpelling {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let pack = ctx.pack;
        let text = doc.text();
        let lossless = doc.is_lossless();
        for (label, span, found) in doc.stage_labels() {
            let Some(found) = found.filter(|m| m.is_drift()) else {
                continue;
            };
            let canonical = &pack.label(found).canonical;
            let finding = ctx.report(
                &Self::META,
                span.clone(),
                format!("label `{label}` should be `{canonical}`"),
            );
            if lossless && text[span.clone()].trim() == label {
                finding.fix(Fix::replace(
                    format!("Rename the label to `{canonical}`"),
                    Applicability::Safe,
                    span.clone(),
                    canonical.clone(),
                ));
            } else {
                finding.help(format!("rename the label to `{canonical}`"));
            }
        }
    }
}
