use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `Score` section that holds no score (`N/10`).
    ///
    /// ## Why is this bad?
    /// The score is the writer's verdict on the process; without it the
    /// write-up is missing from the score chart.
    ///
    /// ## Example
    /// ```markdown
    /// ### Score
    /// Good people.
    /// ```
    /// Use instead:
    /// ```markdown
    /// ### Score
    /// <h4><mark style="background-color:#4caf50">8/10</mark></h4>
    /// ```
    ///
    /// ## Fix
    /// Add the score tag.
    pub struct MissingScore {
        code: "JM501",
        name: "missing-score",
        severity: Error,
        summary: "The Score section holds no score",
        fixable: false,
    }
}

impl MissingScore {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let Some(section) = doc.sections_of(SectionKind::Score).next() else {
            return;
        };
        if doc.score.is_some()
            || doc.text()[section.body.clone()].trim().is_empty()
            || super::todo_section::placeholder_body(doc, ctx.pack, section).is_some()
        {
            // Empty sections are `empty-section`'s finding; a placeholder
            // (`TBD`) is `todo-section`'s note.
            return;
        }
        let colour = ctx
            .pack
            .score
            .bands
            .first()
            .map_or("#RRGGBB", |b| b.colour.as_str());
        let max = ctx.pack.score.max;
        ctx.report(
            &Self::META,
            super::heading_span(doc, section),
            format!("the Score section holds no `N/{max}` score"),
        )
        .help(format!(
            "add `<h4><mark style=\"background-color:{colour}\">N/{max}</mark></h4>`"
        ));
    }
}
