use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a second level-1 heading. A write-up has exactly one: the
    /// company.
    ///
    /// ## Why is this bad?
    /// The company of the write-up becomes ambiguous (is it the parent
    /// company or the subsidiary?), and rendered books split the page.
    ///
    /// ## Example
    /// ```markdown
    /// # [Digikala](https://digikala.com)
    /// # [Digicloud](https://digicloud.ir)
    /// ```
    /// Use instead:
    /// ```markdown
    /// # [Digikala (Digicloud)](https://digicloud.ir)
    /// ```
    ///
    /// ## Fix
    /// Keep one company heading; mention the other company in its text.
    pub struct MultipleH1 {
        code: "JM106",
        name: "multiple-h1",
        severity: Error,
        summary: "More than one level-1 heading",
        fixable: false,
    }
}

impl MultipleH1 {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let first = doc.h1s().next().map(|h| h.text.clone()).unwrap_or_default();
        for heading in doc.h1s().skip(1) {
            ctx.report(
                &Self::META,
                heading.span.clone(),
                format!(
                    "second level-1 heading `{}`; the company is already `{first}`",
                    heading.text
                ),
            )
            .help("keep one company heading and mention the other company in its text");
        }
    }
}
