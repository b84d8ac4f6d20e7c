//! The score tag: `<h4><mark style="background-color:#RRGGBB">N/10</mark></h4>`.
//!
//! Parsed by hand-written scanning of one tag, because the interesting cases
//! are the broken ones a HTML parser would silently repair: the `style`
//! attribute that closes early (`style="background-color:#DC3545"; color:..."`).

use super::Span;

#[derive(Debug, Clone)]
pub struct ScoreTag {
    /// The whole `<mark ...>...</mark>` (or the bare `N/10` text).
    pub span: Span,
    /// The `<mark ...>` opening tag, when there is one.
    pub open_tag: Option<Span>,
    /// The written value, e.g. `8.5` (before `/10`).
    pub value_text: String,
    pub value_span: Span,
    pub value: Option<f64>,
    /// The written denominator (normally 10).
    pub out_of: Option<f64>,
    /// `#RRGGBB` of `background-color`, with its span.
    pub colour: Option<(String, Span)>,
    /// Byte offset of a quote that ends the `style` attribute early.
    pub stray_quote: Option<usize>,
    /// Inside `<h4>`.
    pub in_h4: bool,
}

pub fn parse_score(text: &str, body: &Span) -> Option<ScoreTag> {
    let section = &text[body.clone()];
    let lower = section.to_ascii_lowercase();
    if let Some(open) = lower.find("<mark") {
        let open_end = open + section[open..].find('>')?;
        let tag = &section[open..=open_end];
        let close = lower[open_end..].find("</mark>").map(|i| open_end + i);
        let content_end = close.unwrap_or_else(|| {
            section[open_end..]
                .find('\n')
                .map_or(section.len(), |i| open_end + i)
        });
        let content = &section[open_end + 1..content_end];
        let lead = content.len() - content.trim_start().len();
        let value_text_full = content.trim();
        let (value_text, out_of) = split_fraction(value_text_full);
        let value_start = body.start + open_end + 1 + lead;
        let (colour, stray_quote) = scan_style(tag, body.start + open);
        let before = lower[..open].trim_end();
        return Some(ScoreTag {
            span: body.start + open
                ..body.start + close.map_or(content_end, |c| c + "</mark>".len()),
            open_tag: Some(body.start + open..body.start + open_end + 1),
            value: value_text.parse::<f64>().ok().filter(|v| v.is_finite()),
            value_text: value_text.to_string(),
            value_span: value_start..value_start + value_text.len(),
            out_of,
            colour,
            stray_quote,
            in_h4: before.ends_with("<h4>"),
        });
    }
    // No tag: a bare `N/10` still carries the score.
    let mut offset = body.start;
    for line in section.split_inclusive('\n') {
        let visible = super::strip_html(line);
        let trimmed = visible
            .trim()
            .trim_start_matches('#')
            .trim()
            .trim_matches(['*', '_']);
        if let (value_text, Some(out_of)) = split_fraction(trimmed) {
            if let Ok(value) = value_text.parse::<f64>() {
                let at = line.find(value_text).map_or(offset, |i| offset + i);
                return Some(ScoreTag {
                    span: at..at + trimmed.len().min(line.len()),
                    open_tag: None,
                    value: Some(value).filter(|v| v.is_finite()),
                    value_text: value_text.to_string(),
                    value_span: at..at + value_text.len(),
                    out_of: Some(out_of),
                    colour: None,
                    stray_quote: None,
                    in_h4: false,
                });
            }
        }
        offset += line.len();
    }
    None
}

/// `8.5/10` -> (`8.5`, Some(10)); `8.5` -> (`8.5`, None).
fn split_fraction(text: &str) -> (&str, Option<f64>) {
    match text.split_once('/') {
        Some((value, out_of)) => (value.trim(), out_of.trim().parse().ok()),
        None => (text, None),
    }
}

/// Find `background-color:#xxx` in the tag and a quote that closes the
/// `style` attribute before its declarations end.
fn scan_style(tag: &str, tag_start: usize) -> (Option<(String, Span)>, Option<usize>) {
    let lower = tag.to_ascii_lowercase();
    let colour = lower.find("background-color").and_then(|at| {
        let after = &tag[at + "background-color".len()..];
        let colon = after.find(':')?;
        let value = &after[colon + 1..];
        let lead = value.len() - value.trim_start().len();
        let hex_start = at + "background-color".len() + colon + 1 + lead;
        let hex_len = tag[hex_start..]
            .char_indices()
            .take_while(|&(i, c)| (i == 0 && c == '#') || (i > 0 && c.is_ascii_alphanumeric()))
            .count();
        (hex_len > 1).then(|| {
            (
                tag[hex_start..hex_start + hex_len].to_string(),
                tag_start + hex_start..tag_start + hex_start + hex_len,
            )
        })
    });
    let stray_quote = lower.find("style").and_then(|at| {
        let rest = &tag[at..];
        let open = rest.find(['"', '\''])?;
        let quote = rest.as_bytes()[open] as char;
        let close = open + 1 + rest[open + 1..].find(quote)?;
        // After a properly closed attribute comes whitespace, `/` or `>`.
        let after = rest[close + 1..].trim_start();
        let broken = after.starts_with(';')
            || after.starts_with(|c: char| {
                c.is_ascii_alphabetic() && !rest[close + 1..].starts_with(char::is_whitespace)
            });
        let continues = rest[close + 1..].contains(quote);
        (broken && continues).then_some(tag_start + at + close)
    });
    (colour, stray_quote)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_good_tag() {
        let text = "<h4><mark style=\"background-color:#54ca56\">8.5/10</mark></h4>\n";
        let tag = parse_score(text, &(0..text.len())).unwrap();
        assert_eq!(tag.value, Some(8.5));
        assert_eq!(tag.colour.as_ref().unwrap().0, "#54ca56");
        assert_eq!(tag.stray_quote, None);
        assert!(tag.in_h4);
        assert_eq!(&text[tag.value_span], "8.5");
    }

    #[test]
    fn finds_the_early_closing_style_quote() {
        let text = "<h4><mark style=\"background-color:#DC3545\"; color:#ffffff; padding: 2px\">4/10</mark></h4>";
        let tag = parse_score(text, &(0..text.len())).unwrap();
        let quote = tag.stray_quote.unwrap();
        assert_eq!(&text[quote..quote + 2], "\";");
        assert_eq!(tag.value, Some(4.0));
        assert_eq!(tag.colour.unwrap().0, "#DC3545");
    }

    #[test]
    fn bare_fraction_is_a_score() {
        let text = "#### 7/10\n";
        let tag = parse_score(text, &(0..text.len())).unwrap();
        assert_eq!(tag.value, Some(7.0));
        assert!(tag.open_tag.is_none());
    }
}
