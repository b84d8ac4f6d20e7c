use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a score tag whose background colour is not its band's: at
    /// least 8 green `#4caf50`, at least 5 orange `#ff9800`, below 5 red
    /// `#f44336`. The older palette (`#54ca56`, `#ffd700`, `#DC3545`) is
    /// accepted for the same bands.
    ///
    /// ## Why is this bad?
    /// Readers scan the colours before the numbers; a green 4/10 misleads.
    ///
    /// ## Example
    /// ```markdown
    /// <h4><mark style="background-color:#4caf50">4/10</mark></h4>
    /// ```
    /// Use instead:
    /// ```markdown
    /// <h4><mark style="background-color:#f44336">4/10</mark></h4>
    /// ```
    ///
    /// ## Fix
    /// Safe: the colour is replaced by the band's current colour.
    pub struct ScoreColour {
        code: "JM504",
        name: "score-colour",
        severity: Warning,
        summary: "The score's colour is not its band's",
        fixable: true,
    }
}

impl ScoreColour {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let lossless = doc.is_lossless();
        let Some(score) = doc.score.as_ref() else {
            return;
        };
        let (Some(value), Some((colour, span))) = (score.value, score.colour.as_ref()) else {
            return;
        };
        let Some(band) = ctx.pack.band_for(value) else {
            return;
        };
        let matches = |c: &str| c.eq_ignore_ascii_case(colour);
        if matches(&band.colour) || band.older.iter().any(|c| matches(c)) {
            return;
        }
        let finding = ctx.report(
            &Self::META,
            span.clone(),
            format!(
                "{value}/{} is in the {} band, coloured `{}`, not `{colour}`",
                ctx.pack.score.max, band.name, band.colour
            ),
        );
        if lossless {
            finding.fix(Fix::replace(
                format!("Use the {} band colour `{}`", band.name, band.colour),
                Applicability::Safe,
                span.clone(),
                band.colour.clone(),
            ));
        }
    }
}
