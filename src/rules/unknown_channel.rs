use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an apply channel that is not in the schema's list (Site,
    /// LinkedIn, Refer, Jobinja, Jobvision, Quera, Email).
    ///
    /// ## Why is this bad?
    /// An unknown channel is often a typo or a sentence in the wrong place;
    /// when it is a real channel, add it to the rule pack so it is counted
    /// under one name.
    ///
    /// ## Example
    /// ```markdown
    /// ### Apply Way
    /// A friend told me about it
    /// ```
    ///
    /// ## Fix
    /// Use a known channel name, or add the channel to your rule pack.
    pub struct UnknownChannel {
        code: "JM602",
        name: "unknown-channel",
        severity: Warning,
        summary: "An apply channel is not in the schema",
        fixable: false,
    }
}

vocabulary_rule!(UnknownChannel, unknown_findings, channels, "apply channel");
