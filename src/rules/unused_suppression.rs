use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a suppression comment, or one selector of it, that silences
    /// nothing: the rule it names runs on the file but reports nothing
    /// where the comment applies (like ruff's `unused-noqa`, RUF100).
    ///
    /// A selector naming only rules that are disabled for the file (by
    /// `select`, `ignore` or `per-file-ignores`) is not reported: it may
    /// still matter where those rules run.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real problem on that line, and
    /// tells the reader about a problem that is gone.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- jobmark-disable-next-line JM304 -->
    /// - **Rejection Email** <br />1402.08.30
    /// ```
    /// Use instead:
    /// ```markdown
    /// - **Rejection Email** <br />1402.08.30
    /// ```
    ///
    /// ## Fix
    /// None: remove the comment (or the selector) by hand.
    pub struct UnusedSuppression {
        code: "JM902",
        name: "unused-suppression",
        severity: Warning,
        summary: "A suppression comment silences nothing",
        fixable: false,
    }
}

impl UnusedSuppression {
    pub const GARBLED_OK: bool = false;

    /// Runs after the suppressions were applied (see [`super::AFTER_SUPPRESSIONS`]).
    pub fn run(ctx: &mut Context<'_>) {
        let Some(report) = ctx.suppressions else {
            return;
        };
        for (span, written) in &report.unused {
            let message = if written.is_empty() {
                "this suppression comment silences nothing".to_string()
            } else {
                format!("`{written}` in this suppression comment silences nothing")
            };
            ctx.report(&Self::META, span.clone(), message)
                .help("remove it: the finding it was written for is gone");
        }
    }
}
