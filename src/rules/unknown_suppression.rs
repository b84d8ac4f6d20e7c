use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a selector in a suppression comment
    /// (`<!-- jobmark-disable-next-line ... -->`,
    /// `<!-- jobmark-disable-file ... -->`) that names no rule: a mistyped
    /// code or rule name.
    ///
    /// Selectors are the same everywhere (comments, `.jobmark.toml`,
    /// `--select`/`--ignore`): `all`, a code or code prefix (`JM304`,
    /// `JM3`), or a rule name (`date-placeholder`), in any case.
    ///
    /// ## Why is this bad?
    /// The comment silences nothing, so the finding it was written for is
    /// still reported (or, worse, the reader believes a rule is silenced
    /// that is not).
    ///
    /// ## Example
    /// ```markdown
    /// <!-- jobmark-disable-next-line JM3004 missing-sectoin -->
    /// ```
    /// Use instead:
    /// ```markdown
    /// <!-- jobmark-disable-next-line JM304 missing-section -->
    /// ```
    ///
    /// ## Fix
    /// None: correct the selector by hand (`jobmark rules` lists them).
    pub struct UnknownSuppression {
        code: "JM901",
        name: "unknown-suppression",
        severity: Warning,
        summary: "A suppression comment names no rule",
        fixable: false,
    }
}

impl UnknownSuppression {
    pub const GARBLED_OK: bool = true;

    /// Runs after the suppressions were applied (see [`super::AFTER_SUPPRESSIONS`]).
    pub fn run(ctx: &mut Context<'_>) {
        let Some(report) = ctx.suppressions else {
            return;
        };
        for (span, written) in &report.unknown {
            ctx.report(
                &Self::META,
                span.clone(),
                format!("`{written}` in a suppression comment names no rule"),
            )
            .help("use a rule code (`JM304`), a code prefix (`JM3`) or a rule name; `jobmark rules` lists them");
        }
    }
}
