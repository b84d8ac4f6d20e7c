use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an apply channel under `Apply Way` written as an alias or in
    /// another letter case: `Linkedin` for `LinkedIn`, `jobinja` for
    /// `Jobinja`, `Referral` for `Refer`.
    ///
    /// ## Why is this bad?
    /// The channels chart counts names; `Linkedin` and `LinkedIn` would be
    /// two slices of one pie (jobmark merges them, other tools do not).
    ///
    /// ## Example
    /// ```markdown
    /// ### Apply Way
    /// jobinja & site
    /// ```
    /// Use instead:
    /// ```markdown
    /// ### Apply Way
    /// Jobinja & Site
    /// ```
    ///
    /// ## Fix
    /// Safe: the name is replaced by the canonical one.
    pub struct ChannelSpelling {
        code: "JM601",
        name: "channel-spelling",
        severity: Warning,
        summary: "An apply channel is not spelled canonically",
        fixable: true,
    }
}

vocabulary_rule!(
    ChannelSpelling,
    spelling_findings,
    channels,
    "apply channel"
);
