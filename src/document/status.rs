//! The status line: one grapheme cluster per emoji.
//!
//! `👱🏻‍♀️` is one emoji (a ZWJ sequence with a skin-tone modifier) and
//! must be one glyph, so the line is split with Unicode grapheme
//! segmentation, never by `char`. Runs of ASCII letters and digits are kept
//! together as one glyph so that a word (`Rejected`) is reported once, not
//! letter by letter.

use unicode_segmentation::UnicodeSegmentation;

use super::Span;
use crate::pack::{OutcomeId, Pack, StageId};

#[derive(Debug, Clone)]
pub struct StatusGlyph {
    pub text: String,
    pub span: Span,
    pub stage: Option<StageId>,
    pub outcome: Option<OutcomeId>,
}

impl StatusGlyph {
    pub fn is_known(&self) -> bool {
        self.stage.is_some() || self.outcome.is_some()
    }
}

#[derive(Debug, Clone)]
pub struct StatusLine {
    /// The emoji text (without `####` marks).
    pub span: Span,
    pub glyphs: Vec<StatusGlyph>,
}

impl StatusLine {
    pub fn outcomes(&self) -> impl Iterator<Item = &StatusGlyph> {
        self.glyphs.iter().filter(|g| g.outcome.is_some())
    }

    /// The last outcome emoji: the application's outcome; `None` while the
    /// process is open.
    pub fn outcome(&self) -> Option<OutcomeId> {
        self.glyphs.iter().rev().find_map(|g| g.outcome)
    }
}

/// Graphemes that separate emojis rather than mean anything.
fn is_separator(grapheme: &str) -> bool {
    grapheme.chars().all(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '-' | '>' | '→' | '|' | ',' | '\u{200D}' | '\u{FE0F}' | '\u{200C}' | '*' | '_'
            )
    })
}

pub fn parse_status_line(text: &str, span: Span, pack: &Pack) -> StatusLine {
    let line = &text[span.clone()];
    let mut glyphs: Vec<StatusGlyph> = Vec::new();
    let mut word: Option<(usize, usize)> = None;
    let flush_word = |word: &mut Option<(usize, usize)>, glyphs: &mut Vec<StatusGlyph>| {
        if let Some((start, end)) = word.take() {
            glyphs.push(StatusGlyph {
                text: line[start..end].to_string(),
                span: span.start + start..span.start + end,
                stage: None,
                outcome: None,
            });
        }
    };
    for (offset, grapheme) in line.grapheme_indices(true) {
        if grapheme.len() == 1 && grapheme.as_bytes()[0].is_ascii_alphanumeric() {
            match word.as_mut() {
                Some((_, end)) => *end = offset + 1,
                None => word = Some((offset, offset + 1)),
            }
            continue;
        }
        flush_word(&mut word, &mut glyphs);
        if is_separator(grapheme) {
            continue;
        }
        let entry = pack.find_emoji(grapheme);
        glyphs.push(StatusGlyph {
            text: grapheme.to_string(),
            span: span.start + offset..span.start + offset + grapheme.len(),
            stage: entry.and_then(|e| e.stage),
            outcome: entry.and_then(|e| e.outcome),
        });
    }
    flush_word(&mut word, &mut glyphs);
    StatusLine { span, glyphs }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zwj_sequence_is_one_glyph() {
        let pack = Pack::builtin();
        let text = "📜👱🏻‍♀️⚖❌";
        let line = parse_status_line(text, 0..text.len(), &pack);
        let stages: Vec<_> = line.glyphs.iter().map(|g| (g.stage, g.outcome)).collect();
        let stage = |key| pack.stage_by_key(key);
        let rejected = pack.outcome_by_key("rejected");
        assert_eq!(
            stages,
            [
                (stage("resume"), None),
                (stage("hr_interview"), None),
                (stage("task_review"), None),
                (None, rejected)
            ]
        );
        assert!(rejected.is_some());
        assert_eq!(line.outcome(), rejected);
    }

    #[test]
    fn words_are_one_unknown_glyph() {
        let pack = Pack::builtin();
        let text = "📜 Rejected 🎉";
        let line = parse_status_line(text, 0..text.len(), &pack);
        let unknown: Vec<_> = line
            .glyphs
            .iter()
            .filter(|g| !g.is_known())
            .map(|g| g.text.as_str())
            .collect();
        assert_eq!(unknown, ["Rejected", "🎉"]);
    }
}
