//! Findings: what a rule reports about one document.
//!
//! A finding is data, never an error: rules return findings and the run goes
//! on. Positions are byte ranges into the document's text; conversion to
//! lines and columns happens only in reporters (see [`crate::lines`]), so no
//! layer of the engine can mis-place a highlight by mixing units.

use std::ops::Range;

use serde::Serialize;

/// How bad a finding is. Ordered so that `Error > Warning > Info`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text.to_ascii_lowercase().as_str() {
            "info" | "note" | "notice" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Whether a fix may be applied without a human looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Only shown; never applied (the right answer needs a human).
    DisplayOnly,
    /// Applied with `--unsafe-fixes`: it may change meaning.
    Unsafe,
    /// Applied by `--fix`: it only normalises spelling or punctuation.
    Safe,
}

/// Replace `range` (bytes of the original text) with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// A set of edits that together repair one finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// Imperative, e.g. "Rename the heading to `Interview Date`".
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            applicability: Applicability::Safe,
            edits,
        }
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            applicability: Applicability::Unsafe,
            edits,
        }
    }

    pub fn replace(
        title: impl Into<String>,
        applicability: Applicability,
        range: Range<usize>,
        replacement: impl Into<String>,
    ) -> Fix {
        Fix {
            title: title.into(),
            applicability,
            edits: vec![Edit {
                range,
                replacement: replacement.into(),
            }],
        }
    }
}

/// One problem found in one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule code, e.g. `JM101`.
    pub code: &'static str,
    /// Kebab-case rule name, e.g. `missing-section`.
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// One line saying how to fix it by hand.
    pub help: Option<String>,
    /// Byte range in the document text (may be empty: a point).
    pub span: Range<usize>,
    pub fix: Option<Fix>,
}

/// All findings for one file, with the text they point into.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as the user should see it: relative to the working directory
    /// for the working tree, the repository path for git sources.
    pub path: String,
    /// The text the spans index into (lossily decoded when not UTF-8).
    pub text: std::sync::Arc<str>,
    pub findings: Vec<Finding>,
}

/// What every reporter needs to know about a rule (SARIF's rule table, the
/// GitHub summary's links, `jobmark rules`).
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub default_severity: Severity,
    /// One sentence: what the rule reports.
    pub summary: &'static str,
    /// The full Markdown doc (What it does / Why / Example / Fix).
    pub doc: &'static str,
    /// Whether the rule can offer a fix.
    pub fixable: bool,
}

/// The documentation URL of rule `code` under a pack's `docs_url`: the page
/// plus the rule's anchor (docs/rules.md has `<a id="JM101">` per rule, as
/// SARIF's `helpUri` and the job summary expect).
///
/// `None` when the pack has no `docs_url` or it is not a plain `http(s)`
/// URL: a repository's pack is untrusted, and a URL with spaces or control
/// characters must not reach a terminal or an editor as a link.
pub fn rule_doc_url(docs_url: Option<&str>, code: &str) -> Option<String> {
    let base = docs_url?;
    let url = format!("{}#{code}", base.split('#').next().unwrap_or(base));
    is_plain_url(&url).then_some(url)
}

/// Whether `url` is an `http(s)` URL made only of visible ASCII (anything
/// else would have to be escaped, and a link that needs escaping is not
/// one a user should be sent to).
pub fn is_plain_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    // Printable ASCII only, and none of the characters that end a link or
    // open markup in the formats it is written into: Markdown (`)` `]`),
    // HTML and SARIF viewers (`<` `>` `"` `'`), shells and terminals.
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && url
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"<>\"'()[]{}`\\^|".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_urls_pass() {
        assert!(is_plain_url("https://example.org/docs/rules.md#JM101"));
        for hostile in [
            "javascript:alert(1)",
            "https://x.org/a b",
            "https://x.org/a)](https://evil.example",
            "https://x.org/\u{1b}]8;;",
            "https://x.org/<img>",
            "https://x.org/\"onmouseover",
        ] {
            assert!(!is_plain_url(hostile), "{hostile}");
        }
    }

    #[test]
    fn rule_urls_are_the_page_plus_the_code_anchor() {
        let base = Some("https://example.org/docs/rules.md");
        assert_eq!(
            rule_doc_url(base, "JM101").as_deref(),
            Some("https://example.org/docs/rules.md#JM101")
        );
        assert_eq!(
            rule_doc_url(Some("https://example.org/r.md#old"), "JM1").as_deref(),
            Some("https://example.org/r.md#JM1")
        );
        assert_eq!(rule_doc_url(None, "JM101"), None);
        assert_eq!(rule_doc_url(Some("https://x.org/\u{1b}[2J"), "JM1"), None);
        assert_eq!(rule_doc_url(Some("javascript:alert(1)"), "JM1"), None);
    }
}
