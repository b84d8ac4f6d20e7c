use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a broken score tag: a `style` attribute that closes early
    /// (`<mark style="background-color:#DC3545"; color:#ffffff; ...">`), a
    /// `<mark>` without `</mark>`, a value that is not a number, a
    /// denominator other than the pack's `score.max` (10 in the built-in
    /// pack), or a bare `N/10` outside the `<h4><mark>` tag.
    ///
    /// ## Why is this bad?
    /// Browsers repair broken HTML in different ways: the colour or the
    /// score may not show, and tools reading the score may miss it.
    ///
    /// ## Example
    /// ```markdown
    /// <h4><mark style="background-color:#DC3545"; color:#ffffff;">4/10</mark></h4>
    /// ```
    /// Use instead:
    /// ```markdown
    /// <h4><mark style="background-color:#DC3545; color:#ffffff;">4/10</mark></h4>
    /// ```
    ///
    /// ## Fix
    /// Safe for the early-closing `style` attribute: the stray quote is
    /// removed. Other cases are fixed by hand.
    pub struct MalformedScoreTag {
        code: "JM502",
        name: "malformed-score-tag",
        severity: Error,
        summary: "The score tag is broken HTML or not in the expected form",
        fixable: true,
    }
}

impl MalformedScoreTag {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let lossless = doc.is_lossless();
        let Some(score) = doc.score.as_ref() else {
            return;
        };
        let max = ctx.pack.score.max;
        if let Some(quote) = score.stray_quote {
            let finding = ctx.report(&Self::META, quote..quote + 1, "the `style` attribute of the score tag closes early: the declarations after this quote are outside it");
            if lossless {
                finding.fix(Fix::replace(
                    "Remove the stray quote",
                    Applicability::Safe,
                    quote..quote + 1,
                    "",
                ));
            }
        }
        let text = doc.text();
        if score.open_tag.is_some()
            && !text[score.span.clone()]
                .to_ascii_lowercase()
                .ends_with("</mark>")
        {
            ctx.report(
                &Self::META,
                score.open_tag.clone().unwrap_or(score.span.clone()),
                "`<mark>` is not closed with `</mark>`",
            )
            .help(format!("close the tag: `<mark ...>N/{max}</mark>`"));
        }
        if score.value.is_none() {
            ctx.report(
                &Self::META,
                score.value_span.clone(),
                format!("the score `{}` is not a number", score.value_text),
            )
            .help(format!("write the score as `N/{max}`"));
        }
        match score.out_of {
            Some(out_of) if (out_of - max).abs() > f64::EPSILON => {
                ctx.report(
                    &Self::META,
                    score.span.clone(),
                    format!("the score is out of {out_of}; scores are out of {max}"),
                )
                .help(format!("convert the score to `N/{max}`"));
            }
            None if score.value.is_some() => {
                ctx.report(
                    &Self::META,
                    score.value_span.clone(),
                    format!("the score `{}` has no `/{max}`", score.value_text),
                )
                .help(format!("write the score as `{}/{max}`", score.value_text));
            }
            _ => {}
        }
        if score.open_tag.is_none() {
            ctx.report(
                &Self::META,
                score.span.clone(),
                "the score is not inside `<h4><mark ...>`",
            )
            .help(format!(
                "write `<h4><mark style=\"background-color:#RRGGBB\">N/{max}</mark></h4>`"
            ));
        }
    }
}
