use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an `Interview Process` section without a ```` ```mermaid ````
    /// block holding a `flowchart` (or `graph`) of the stages.
    ///
    /// ## Why is this bad?
    /// The process diagram is how readers of the repository see the stages
    /// at a glance; prose in its place does not render as a chart.
    ///
    /// ## Example
    /// ````markdown
    /// ### Interview Process
    /// ```mermaid
    /// flowchart LR
    ///     sr(Sent resume) --> hr(HR Call) --> ti(Technical Interview)
    /// ```
    /// ````
    ///
    /// ## Fix
    /// Add the mermaid block.
    pub struct MissingMermaid {
        code: "JM110",
        name: "missing-mermaid",
        severity: Warning,
        summary: "The process section has no mermaid flowchart",
        fixable: false,
    }
}

impl MissingMermaid {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        for section in doc.sections_of(SectionKind::Process) {
            let inside: Vec<_> = doc
                .mermaid
                .iter()
                .filter(|m| m.span.start >= section.body.start && m.span.start < section.body.end)
                .collect();
            let heading = doc.heading_of(section);
            if inside.is_empty() {
                // An empty section is `empty-section`'s finding; a
                // placeholder (`TBD`) is `todo-section`'s note.
                if !doc.text()[section.body.clone()].trim().is_empty()
                    && super::todo_section::placeholder_body(doc, ctx.pack, section).is_none()
                {
                    ctx.report(
                        &Self::META,
                        heading.span.clone(),
                        "the process section has no ```mermaid block",
                    )
                    .help("add a ```mermaid block with a `flowchart LR` of the stages");
                }
                continue;
            }
            for block in inside {
                let first = block.body.split_whitespace().next().unwrap_or("");
                if !matches!(first, "flowchart" | "graph") {
                    ctx.report(
                        &Self::META,
                        block.span.clone(),
                        "the mermaid block is not a `flowchart`",
                    )
                    .help("start the block with `flowchart LR`");
                }
            }
        }
    }
}
