//! The score scale a pack declares: maximum, step and colour bands.
//!
//! Built once from `[score]` and handed to the rules (JM5xx), statistics,
//! charts and the page, so no other module knows that a score runs to 10 or
//! that 8 is green. Invariant: `max` and `step` are finite and positive,
//! `max` is a whole number of steps (at most [`MAX_STEPS`]), and bands are
//! sorted by `min`, highest first, each `min` within `0..=max`.

/// Most steps a scale may have: one chart bar per step.
pub const MAX_STEPS: usize = 1000;

/// A colour as `#rrggbb`, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb` (or `#rgb`), any case.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        let channel = |s: &str| u8::from_str_radix(s, 16).ok();
        match hex.len() {
            6 if hex.is_ascii() => Some(Rgb(
                channel(&hex[0..2])?,
                channel(&hex[2..4])?,
                channel(&hex[4..6])?,
            )),
            3 if hex.is_ascii() => {
                let c = |i: usize| channel(&hex[i..=i]).map(|v| v * 17);
                Some(Rgb(c(0)?, c(1)?, c(2)?))
            }
            _ => None,
        }
    }
}

/// One colour band: scores from `min` up to the next band.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub name: String,
    pub min: f64,
    /// The colour as written in the pack (`#4caf50`), for messages and fixes.
    pub colour: String,
    pub rgb: Rgb,
    /// Colours earlier versions of the format used for this band.
    pub older: Vec<String>,
}

/// The score scale of a pack.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreScale {
    pub max: f64,
    pub step: f64,
    /// Highest `min` first.
    pub bands: Vec<Band>,
}

impl ScoreScale {
    /// Whether `score` is a value of the scale's range (`0..=max`).
    pub fn contains(&self, score: f64) -> bool {
        score.is_finite() && (0.0..=self.max).contains(&score)
    }

    /// Whether `score` lies on the grid of steps.
    pub fn on_step(&self, score: f64) -> bool {
        let steps = score / self.step;
        (steps - steps.round()).abs() < 1e-9
    }

    /// Number of steps from 0 to `max`.
    pub fn steps(&self) -> usize {
        // Validated at load: a whole number of at most MAX_STEPS steps.
        (self.max / self.step).round() as usize
    }

    /// The value of grid point `i` (0 ..= steps()).
    pub fn value_at(&self, i: usize) -> f64 {
        i as f64 * self.step
    }

    /// The grid point nearest to `score`, clamped into the scale.
    pub fn nearest_step(&self, score: f64) -> usize {
        ((score / self.step).round().max(0.0) as usize).min(self.steps())
    }

    /// The band a score falls in.
    pub fn band_for(&self, score: f64) -> Option<&Band> {
        self.bands.iter().find(|b| score >= b.min)
    }

    /// A legend entry per band: `8 and above`, `5 to 7.5`, `below 5`.
    pub fn band_legend(&self) -> Vec<(String, Rgb)> {
        let mut legend = Vec::new();
        for (i, band) in self.bands.iter().enumerate() {
            let upper = i.checked_sub(1).map(|j| self.bands[j].min);
            let text = match upper {
                None => format!("{} and above", band.min),
                Some(upper) if band.min <= 0.0 => format!("below {upper}"),
                Some(upper) => format!("{} to {}", band.min, upper - self.step),
            };
            legend.push((text, band.rgb));
        }
        legend
    }
}
