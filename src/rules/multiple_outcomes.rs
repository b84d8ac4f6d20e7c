use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a status line with more than one outcome emoji (`❌` then
    /// `✅`).
    ///
    /// ## Why is this bad?
    /// An application ends once. Two outcomes usually record an offer that
    /// was later declined (`✅` then `❎`) or a copy-paste slip; the
    /// statistics take the last one, which may not be what was meant.
    ///
    /// ## Example
    /// ```markdown
    /// #### 📜📞🔧❌✅
    /// ```
    ///
    /// ## Fix
    /// Keep the one outcome that ended the process.
    pub struct MultipleOutcomes {
        code: "JM204",
        name: "multiple-outcomes",
        severity: Error,
        summary: "The status line has more than one outcome emoji",
        fixable: false,
    }
}

impl MultipleOutcomes {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let Some(line) = ctx.doc.status.as_ref() else {
            return;
        };
        let outcomes: Vec<_> = line.outcomes().collect();
        if outcomes.len() < 2 {
            return;
        }
        let written: String = outcomes.iter().map(|g| g.text.as_str()).collect();
        let span = outcomes[1].span.start..outcomes[outcomes.len() - 1].span.end;
        ctx.report(
            &Self::META,
            span,
            format!(
                "the status line has {} outcomes ({written}); an application ends once",
                outcomes.len()
            ),
        )
        .help("keep only the outcome that ended the process, last on the line");
    }
}
