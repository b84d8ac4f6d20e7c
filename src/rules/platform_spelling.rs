use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an interview platform written as an alias or in another
    /// letter case: `Teams` for `Microsoft Teams`, `google meet` for
    /// `Google Meet`, `Onsite` for `In-person`.
    ///
    /// ## Why is this bad?
    /// The platforms chart counts names; drift splits one platform in two.
    ///
    /// ## Example
    /// ```markdown
    /// ### Interview Platform
    /// google meet
    /// ```
    /// Use instead:
    /// ```markdown
    /// ### Interview Platform
    /// Google Meet
    /// ```
    ///
    /// ## Fix
    /// Safe: the name is replaced by the canonical one.
    pub struct PlatformSpelling {
        code: "JM603",
        name: "platform-spelling",
        severity: Warning,
        summary: "An interview platform is not spelled canonically",
        fixable: true,
    }
}

vocabulary_rule!(PlatformSpelling, spelling_findings, platforms, "platform");
