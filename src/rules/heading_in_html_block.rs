use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a heading written inside a raw HTML block: a `### Task` line
    /// right after `<p dir="rtl">...</p>` or inside `<details>` with no
    /// blank line between them. jobmark reads it as the heading the author
    /// meant, but Markdown renderers (GitHub, mdbook) do not.
    ///
    /// ## Why is this bad?
    /// An HTML block runs until the next blank line, so everything up to it
    /// is shown as raw text: the heading appears as `### Task` in the
    /// rendered page and is missing from the table of contents.
    ///
    /// ## Example
    /// ```markdown
    /// <p dir="rtl">
    /// ...
    /// </p>
    /// ### Task
    /// ```
    /// Use instead:
    /// ```markdown
    /// <p dir="rtl">
    /// ...
    /// </p>
    ///
    /// ### Task
    /// ```
    ///
    /// ## Fix
    /// Safe: a blank line is inserted before the heading, which ends the
    /// HTML block there.
    pub struct HeadingInHtmlBlock {
        code: "JM111",
        name: "heading-in-html-block",
        severity: Warning,
        summary: "A heading is swallowed by a raw HTML block and renders as text",
        fixable: true,
    }
}

impl HeadingInHtmlBlock {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let text = doc.text();
        let lossless = doc.is_lossless();
        for heading in doc.headings.iter().filter(|h| h.in_html_block) {
            let line_start = text[..heading.span.start].rfind('\n').map_or(0, |i| i + 1);
            let finding = ctx.report(
                &Self::META,
                heading.span.clone(),
                format!(
                    "heading `{}` is inside an HTML block and renders as plain text",
                    heading.text
                ),
            );
            finding.help("leave a blank line before the heading (and after the HTML above it)");
            if lossless {
                finding.fix(Fix::safe(
                    "Insert a blank line before the heading",
                    vec![Edit {
                        range: line_start..line_start,
                        replacement: "\n".to_string(),
                    }],
                ));
            }
        }
    }
}
