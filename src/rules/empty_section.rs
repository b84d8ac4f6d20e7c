use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a data section (`Apply Way`, `Interview Date`,
    /// `Interview Duration`, `Interview Platform`, `Status`, `Score`,
    /// `Interview Process`) whose body is empty.
    ///
    /// ## Why is this bad?
    /// An empty section looks filled in to a reader skimming headings, but
    /// carries no data for the statistics.
    ///
    /// ## Example
    /// ```markdown
    /// ### Interview Platform
    ///
    /// ### Technical Interview
    /// ```
    ///
    /// ## Fix
    /// Fill the section in, or remove it if it does not apply.
    pub struct EmptySection {
        code: "JM105",
        name: "empty-section",
        severity: Error,
        summary: "A data section has no content",
        fixable: false,
    }
}

impl EmptySection {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let text = doc.text();
        for section in &doc.sections {
            let data = matches!(
                section.kind,
                SectionKind::Channels
                    | SectionKind::Dates
                    | SectionKind::Durations
                    | SectionKind::Platforms
                    | SectionKind::Score
                    | SectionKind::Process
            );
            // The status section is empty only when no status line was found
            // at all; `missing-status-line` reports that.
            if !data {
                continue;
            }
            let body = &text[section.body.clone()];
            let visible = crate::document::strip_html(body);
            let has_content = visible.lines().any(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with("<!--")
            }) || body.contains("<mark");
            if !has_content {
                let heading = doc.heading_of(section);
                ctx.report(
                    &Self::META,
                    heading.span.clone(),
                    format!("section `{}` is empty", heading.text),
                )
                .help("fill the section in, or remove it if it does not apply");
            }
        }
    }
}
