use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a stage label under `Interview Date` or `Interview Duration`
    /// that names no stage or outcome of the schema.
    ///
    /// ## Why is this bad?
    /// jobmark cannot tell which stage the date belongs to, so the entry is
    /// left out of stage durations and of the status consistency checks.
    ///
    /// ## Example
    /// ```markdown
    /// - **Coffee chat** <br />1402.08.02
    /// ```
    ///
    /// ## Fix
    /// Use a label of the schema (`jobmark rule JM309` lists the spellings),
    /// or add the label to your rule pack.
    pub struct UnknownStageLabel {
        code: "JM310",
        name: "unknown-stage-label",
        severity: Warning,
        summary: "A stage label names no known stage",
        fixable: false,
    }
}

impl UnknownStageLabel {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let known: Vec<&str> = ctx
            .pack
            .labels
            .iter()
            .map(|l| l.canonical.as_str())
            .collect();
        for (label, span, found) in doc.stage_labels() {
            if found.is_some() {
                continue;
            }
            let message = if label.is_empty() {
                "entry without a stage label".to_string()
            } else {
                format!("`{label}` is not a known stage label")
            };
            ctx.report(&Self::META, span.clone(), message)
                .help(format!("use one of: {}", known.join(", ")));
        }
    }
}
