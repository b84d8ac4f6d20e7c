//! The lint engine: bytes of one file in, findings out.
//!
//! Decides whether a file is a write-up, parses it once, runs the enabled
//! rules, then applies configuration (severity overrides, per-file ignores)
//! and inline suppressions. Pure: no file system, no git, so every source
//! (working tree, revision, index, history) lints the same way.

use std::sync::Arc;

use crate::calendar::Day;
use crate::config::FileSettings;
use crate::diagnostic::{FileReport, Finding};
use crate::document::{self, Document};
use crate::lines::LineIndex;
use crate::pack::Pack;
use crate::rules::{self, Context};

/// A linted write-up: its findings and the parsed document (statistics and
/// history read the document; reporters read the findings).
pub struct Linted {
    pub report: FileReport,
    pub document: Document,
    /// Over the size limit: not parsed, `document` is empty and the report
    /// holds only the JM005 finding (statistics leave such a file out).
    pub too_large: bool,
}

/// How much of a file over the size limit is read to decide whether it is
/// a write-up (the marker heading is near the top of every write-up).
const TOO_LARGE_SNIFF: usize = 64 * 1024;

/// Lint `bytes` as the file `path`. `None` when the file is not a write-up
/// (no marker heading), which callers count as skipped.
pub fn lint_bytes(
    path: &str,
    bytes: &[u8],
    pack: &Pack,
    settings: &FileSettings,
    today: Day,
) -> Option<Linted> {
    let size = bytes.len() as u64;
    if size > settings.max_file_size() {
        return too_large(path, bytes, pack, settings);
    }
    let decoded = document::encoding::decode(bytes);
    if !document::is_document(&decoded.text, &pack.header.marker_heading) {
        return None;
    }
    let doc = document::parse(decoded, pack);
    let findings = run_rules(&doc, pack, settings, today);
    let text: Arc<str> = Arc::from(doc.text());
    Some(Linted {
        report: FileReport {
            path: path.to_string(),
            text,
            findings,
        },
        document: doc,
        too_large: false,
    })
}

/// A file over the size limit: never parsed, reported as JM005 when its
/// beginning shows it is a write-up.
fn too_large(path: &str, bytes: &[u8], pack: &Pack, settings: &FileSettings) -> Option<Linted> {
    let head = document::encoding::decode(&bytes[..TOO_LARGE_SNIFF.min(bytes.len())]);
    if !document::is_document(&head.text, &pack.header.marker_heading) {
        return None;
    }
    let meta = &rules::FileTooLarge::META;
    let mut findings = Vec::new();
    if settings.is_enabled(meta.code, meta.name) {
        let mut finding =
            rules::FileTooLarge::finding(bytes.len() as u64, settings.max_file_size());
        if let Some(severity) = settings.severity_of(meta.code) {
            finding.severity = severity;
        }
        findings.push(finding);
    }
    Some(Linted {
        report: FileReport {
            path: path.to_string(),
            text: Arc::from(""),
            findings,
        },
        document: document::parse(document::encoding::Decoded::default(), pack),
        too_large: true,
    })
}

/// Run every enabled rule over a parsed document.
pub fn run_rules(doc: &Document, pack: &Pack, settings: &FileSettings, today: Day) -> Vec<Finding> {
    let mut ctx = Context::new(doc, pack, today);
    // Garbled text would set off nearly every rule; only the encoding rules
    // speak then, so the one finding that matters is not drowned.
    let garbled = is_garbled(doc);
    for rule in rules::ALL {
        let meta = rule.meta();
        if !settings.is_enabled(meta.code, meta.name) || (garbled && !rule.runs_on_garbled_text()) {
            continue;
        }
        rule.check(&mut ctx);
    }
    let mut findings = ctx.into_findings();
    for finding in &mut findings {
        if let Some(severity) = settings.severity_of(finding.code) {
            finding.severity = severity;
        }
    }
    apply_suppressions(doc, &mut findings);
    findings.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.code.cmp(b.code)));
    findings
}

/// Whether mojibake makes the document unreadable: it hits the status line
/// or runs through more than a couple of lines. A note that merely quotes
/// a garbled word (`Ã©`) gets its finding and every other rule still runs.
fn is_garbled(doc: &Document) -> bool {
    let Some(found) = &doc.mojibake else {
        return false;
    };
    let status_hit = match &doc.status {
        None => true,
        Some(line) => {
            !line.glyphs.iter().any(|g| g.is_known())
                || found
                    .runs
                    .iter()
                    .any(|r| r.start < line.span.end && line.span.start < r.end)
        }
    };
    status_hit || found.lines > 2
}

fn code_matches(selectors: &[String], code: &str) -> bool {
    selectors
        .iter()
        .any(|s| s.is_empty() || code.starts_with(s.as_str()) || s.eq_ignore_ascii_case("all"))
}

fn apply_suppressions(doc: &Document, findings: &mut Vec<Finding>) {
    if !doc.suppress_file.is_empty() {
        findings.retain(|f| !code_matches(&doc.suppress_file, f.code));
    }
    if doc.suppress_lines.is_empty() {
        return;
    }
    let index = LineIndex::new(doc.text());
    findings.retain(|f| {
        let line = index.position(f.span.start).line - 1;
        !doc.suppress_lines.iter().any(|(target, codes)| {
            *target == line && (codes.is_empty() || code_matches(codes, f.code))
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{day_from_ymd, CalendarKind};

    fn today() -> Day {
        day_from_ymd(CalendarKind::Gregorian, 2026, 11, 25).unwrap()
    }

    fn codes(text: &str) -> Vec<&'static str> {
        let linted = lint_bytes(
            "x.md",
            text.as_bytes(),
            &Pack::builtin(),
            &FileSettings::default(),
            today(),
        )
        .expect("write-up");
        linted.report.findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn quoted_mojibake_does_not_silence_other_rules() {
        let text =
            "# [A](https://a.ir)\n### Status\n#### 📜🎉\nThey wrote cafÃ© instead of café.\n";
        let found = codes(text);
        assert!(found.contains(&"JM002"), "{found:?}");
        assert!(
            found.contains(&"JM202"),
            "the status line is readable: {found:?}"
        );
    }

    #[test]
    fn non_write_ups_are_skipped() {
        assert!(lint_bytes(
            "README.md",
            b"# Readme\n",
            &Pack::builtin(),
            &FileSettings::default(),
            today()
        )
        .is_none());
    }

    #[test]
    fn suppression_comments_work() {
        let base = "# [A](https://a.ir)\n### Status\n#### 📜🎉\n";
        assert!(codes(base).contains(&"JM202"));
        let next_line = "# [A](https://a.ir)\n### Status\n<!-- jobmark-disable-next-line JM202 -->\n#### 📜🎉\n";
        assert!(!codes(next_line).contains(&"JM202"));
        let file =
            "<!-- jobmark-disable-file JM2 -->\n# [A](https://a.ir)\n### Status\n#### 📜🎉\n";
        assert!(!codes(file).iter().any(|c| c.starts_with("JM2")));
    }
}
