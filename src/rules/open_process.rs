use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Notes a status line without an outcome: the process is still open.
    ///
    /// ## Why is this bad?
    /// It is not: this is information. Old write-ups that stay open forever
    /// usually mean the company stopped answering; record that with ❌ and a
    /// `Ghosting` date once you give up.
    ///
    /// ## Example
    /// ```markdown
    /// #### 📜📞🔧
    /// ```
    ///
    /// ## Fix
    /// Add the outcome emoji when the process ends.
    pub struct OpenProcess {
        code: "JM205",
        name: "open-process",
        severity: Info,
        summary: "The status line has no outcome: the process is still open",
        fixable: false,
    }
}

impl OpenProcess {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let Some(line) = ctx.doc.status.as_ref() else {
            return;
        };
        if line.glyphs.is_empty()
            || line.outcomes().next().is_some()
            || !line.glyphs.iter().any(|g| g.is_known())
        {
            return;
        }
        let outcomes: Vec<&str> = ctx
            .pack
            .legend
            .iter()
            .filter(|e| e.outcome.is_some())
            .map(|e| e.emoji.as_str())
            .collect();
        ctx.report(
            &Self::META,
            line.span.clone(),
            "no outcome yet: the process is still open",
        )
        .help(format!(
            "add one of {} at the end of the status line when the process ends",
            outcomes.join(" ")
        ));
    }
}
