use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports blank lines or text before the company heading.
    ///
    /// ## Why is this bad?
    /// The company heading is the first thing of a write-up: page titles of
    /// rendered books and many tools take the first line.
    ///
    /// ## Example
    /// ```markdown
    ///
    /// # [Company](https://company.example)
    /// ```
    ///
    /// ## Fix
    /// Safe for blank lines: they are removed. Text before the heading must
    /// be moved by hand.
    pub struct ContentBeforeH1 {
        code: "JM109",
        name: "content-before-h1",
        severity: Warning,
        summary: "Blank lines or text before the company heading",
        fixable: true,
    }
}

impl ContentBeforeH1 {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let Some(span) = doc.before_first_h1.clone() else {
            return;
        };
        let before = &doc.text()[span.clone()];
        // Suppression comments and front matter-like HTML comments are fine.
        let visible: String = before
            .lines()
            .filter(|l| !l.trim_start().starts_with("<!--"))
            .collect();
        if before.trim().is_empty() {
            let finding = ctx.report(
                &Self::META,
                span.clone(),
                "blank lines before the company heading",
            );
            if doc.is_lossless() {
                finding.fix(Fix::safe(
                    "Remove the blank lines",
                    vec![Edit {
                        range: span,
                        replacement: String::new(),
                    }],
                ));
            }
        } else if !visible.trim().is_empty() {
            let trimmed_start = span.start + (before.len() - before.trim_start().len());
            let end = span.start + before.trim_end().len();
            ctx.report(
                &Self::META,
                trimmed_start..end,
                "text before the company heading",
            )
            .help("move the text below the headings it belongs to");
        }
    }
}
