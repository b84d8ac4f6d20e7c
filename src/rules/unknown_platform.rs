use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an interview platform that is not in the schema's list
    /// (Google Meet, Skype, Microsoft Teams, Zoom, In-person, Phone, ...).
    ///
    /// ## Why is this bad?
    /// An unknown platform is often a typo; when it is real, add it to the
    /// rule pack so it is counted under one name.
    ///
    /// ## Example
    /// ```markdown
    /// ### Interview Platform
    /// Gogle Meet
    /// ```
    ///
    /// ## Fix
    /// Use a known platform name, or add it to your rule pack.
    pub struct UnknownPlatform {
        code: "JM604",
        name: "unknown-platform",
        severity: Warning,
        summary: "An interview platform is not in the schema",
        fixable: false,
    }
}

vocabulary_rule!(UnknownPlatform, unknown_findings, platforms, "platform");
