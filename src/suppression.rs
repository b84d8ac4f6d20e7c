//! Inline suppressions, read by the lint layer (the document model does not
//! know about rules):
//!
//! - `<!-- jobmark-disable-next-line SELECTOR... -->` silences the next line;
//! - `<!-- jobmark-disable-file SELECTOR... -->` silences the whole file.
//!
//! Selectors are parsed by [`crate::selector`], as in the configuration and
//! on the command line (codes, prefixes, rule names, any case); no selector
//! means every rule. Each selector remembers whether it silenced a finding,
//! so that a selector naming no rule and a suppression that no longer
//! suppresses anything are reported (JM901, JM902) instead of ignored.

use std::ops::Range;

use crate::diagnostic::Finding;
use crate::lines::LineIndex;
use crate::selector::RuleSelector;

type Span = Range<usize>;

/// Where a directive applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The line (0-based) after the comment.
    NextLine(usize),
    File,
}

/// One selector as written in a comment.
#[derive(Debug, Clone)]
pub struct WrittenSelector {
    pub text: String,
    pub span: Span,
    /// `None` when it names no rule.
    pub parsed: Option<RuleSelector>,
    /// Whether it silenced at least one finding.
    pub used: bool,
}

/// One suppression comment.
#[derive(Debug, Clone)]
pub struct Directive {
    pub scope: Scope,
    /// The whole `<!-- ... -->`.
    pub comment: Span,
    /// Empty: every rule.
    pub selectors: Vec<WrittenSelector>,
    /// For a directive without selectors: whether it silenced anything.
    pub used: bool,
}

impl Directive {
    /// Whether the directive silences the rule `code` (named `name`), and
    /// which selector does (`None` for a directive naming every rule).
    fn silencing(&self, code: &str, name: &str) -> Option<Option<usize>> {
        if self.selectors.is_empty() {
            return Some(None);
        }
        self.selectors
            .iter()
            .position(|s| {
                s.parsed
                    .as_ref()
                    .is_some_and(|p| p.matches_rule(code, name))
            })
            .map(Some)
    }
}

/// Every suppression comment of `text`, in order.
pub fn parse(text: &str) -> Vec<Directive> {
    let mut directives = Vec::new();
    if !text.contains("jobmark-disable") {
        return directives;
    }
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += line.len();
        let Some(start) = line.find("<!--") else {
            continue;
        };
        let Some(end) = line[start..].find("-->") else {
            continue;
        };
        let inner_start = start + 4;
        let inner = &line[inner_start..start + end];
        let mut words = words_with_offsets(inner);
        let Some((_, directive)) = words.next() else {
            continue;
        };
        let scope = match directive {
            "jobmark-disable-next-line" => Scope::NextLine(index + 1),
            "jobmark-disable-file" => Scope::File,
            _ => continue,
        };
        let selectors = words
            .map(|(at, word)| {
                let begin = line_start + inner_start + at;
                WrittenSelector {
                    text: word.to_string(),
                    span: begin..begin + word.len(),
                    parsed: RuleSelector::parse(word).ok(),
                    used: false,
                }
            })
            .collect();
        directives.push(Directive {
            scope,
            comment: line_start + start..line_start + start + end + 3,
            selectors,
            used: false,
        });
    }
    directives
}

/// Words split at whitespace and commas, with their byte offsets.
fn words_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = 0;
    std::iter::from_fn(move || {
        let is_separator = |c: char| c.is_whitespace() || c == ',';
        let start = rest + text[rest..].find(|c: char| !is_separator(c))?;
        let end = text[start..]
            .find(is_separator)
            .map_or(text.len(), |i| start + i);
        rest = end;
        Some((start, &text[start..end]))
    })
}

/// Drop the findings a directive silences, marking what was used.
/// `name_of` gives the rule name of a finding's code.
pub fn apply(text: &str, directives: &mut [Directive], findings: &mut Vec<Finding>) {
    if directives.is_empty() {
        return;
    }
    let index = LineIndex::new(text);
    findings.retain(|f| {
        let line = index.position(f.span.start).line - 1;
        let mut silenced = false;
        for directive in directives.iter_mut() {
            let applies = match directive.scope {
                Scope::File => true,
                Scope::NextLine(target) => target == line,
            };
            if !applies {
                continue;
            }
            match directive.silencing(f.code, f.name) {
                Some(Some(i)) => {
                    directive.selectors[i].used = true;
                    silenced = true;
                }
                Some(None) => {
                    directive.used = true;
                    silenced = true;
                }
                None => {}
            }
        }
        !silenced
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_scopes_selectors_and_spans() {
        let text = "a\n<!-- jobmark-disable-next-line JM202, missing-section XX9 -->\nb\n<!-- jobmark-disable-file -->\n";
        let directives = parse(text);
        assert_eq!(directives.len(), 2);
        assert_eq!(directives[0].scope, Scope::NextLine(2));
        let written: Vec<&str> = directives[0]
            .selectors
            .iter()
            .map(|s| &text[s.span.clone()])
            .collect();
        assert_eq!(written, ["JM202", "missing-section", "XX9"]);
        assert!(directives[0].selectors[2].parsed.is_none());
        assert_eq!(directives[1].scope, Scope::File);
        assert!(directives[1].selectors.is_empty());
        assert_eq!(
            &text[directives[1].comment.clone()],
            "<!-- jobmark-disable-file -->"
        );
    }
}
