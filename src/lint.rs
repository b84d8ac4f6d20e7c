//! The lint engine: bytes of one file in, findings out.
//!
//! Decides whether a file is a write-up, parses it once, runs the enabled
//! rules, then applies configuration (severity overrides, per-file ignores)
//! and inline suppressions ([`crate::suppression`]); a second pass then runs
//! the rules that report suppressions naming no rule or silencing nothing.
//! Pure: no file system, no git, so every source
//! (working tree, revision, index, history) lints the same way.

use std::sync::Arc;

use crate::calendar::Day;
use crate::config::FileSettings;
use crate::diagnostic::{FileReport, Finding};
use crate::document::{self, Document};
use crate::pack::Pack;
use crate::rules::{self, Context, SuppressionReport};
use crate::suppression::{self, Directive};

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
    let runs = |rule: &dyn rules::Rule| {
        let meta = rule.meta();
        settings.is_enabled(meta.code, meta.name) && (!garbled || rule.runs_on_garbled_text())
    };
    for rule in rules::ALL {
        if runs(*rule) && !rule.runs_after_suppressions() {
            rule.check(&mut ctx);
        }
    }
    let mut findings = ctx.into_findings();
    let mut directives = suppression::parse(doc.text());
    suppression::apply(doc.text(), &mut directives, &mut findings);
    if !directives.is_empty() {
        let report = suppression_report(&directives, settings, garbled);
        let mut second = Context::new(doc, pack, today);
        second.suppressions = Some(&report);
        for rule in rules::ALL {
            if runs(*rule) && rule.runs_after_suppressions() {
                rule.check(&mut second);
            }
        }
        let mut about_suppressions = second.into_findings();
        // `jobmark-disable-file JM902` silences these too; what they mark
        // as used no longer matters.
        suppression::apply(doc.text(), &mut directives, &mut about_suppressions);
        findings.extend(about_suppressions);
    }
    for finding in &mut findings {
        if let Some(severity) = settings.severity_of(finding.code) {
            finding.severity = severity;
        }
    }
    findings.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.code.cmp(b.code)));
    findings
}

/// Selectors naming no rule, and suppressions that silenced nothing
/// although a rule they name ran on the file.
fn suppression_report(
    directives: &[Directive],
    settings: &FileSettings,
    garbled: bool,
) -> SuppressionReport {
    let mut report = SuppressionReport::default();
    // A rule that did not run cannot have used its suppression.
    let ran = |selector: Option<&crate::selector::RuleSelector>| {
        !garbled
            && rules::ALL.iter().any(|r| {
                let meta = r.meta();
                !r.runs_after_suppressions()
                    && settings.is_enabled(meta.code, meta.name)
                    && selector.is_none_or(|s| s.matches(meta))
            })
    };
    for directive in directives {
        if directive.selectors.is_empty() {
            if !directive.used && ran(None) {
                report
                    .unused
                    .push((directive.comment.clone(), String::new()));
            }
            continue;
        }
        for selector in &directive.selectors {
            match &selector.parsed {
                None => report
                    .unknown
                    .push((selector.span.clone(), selector.text.clone())),
                Some(parsed) if !selector.used && ran(Some(parsed)) => report
                    .unused
                    .push((selector.span.clone(), selector.text.clone())),
                Some(_) => {}
            }
        }
    }
    report
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
        // Rule names, any case, as in the configuration.
        let by_name = "# [A](https://a.ir)\n### Status\n<!-- jobmark-disable-next-line Unknown-Status-Emoji -->\n#### 📜🎉\n";
        assert!(!codes(by_name).contains(&"JM202"));
        assert!(!codes(by_name).contains(&"JM902"), "{:?}", codes(by_name));
    }

    #[test]
    fn unknown_and_unused_suppressions_are_findings() {
        let text = "# [A](https://a.ir)\n### Status\n<!-- jobmark-disable-next-line JM2O2 JM101 -->\n#### 📜🎉\n";
        let found = codes(text);
        assert!(
            found.contains(&"JM202"),
            "the typo silences nothing: {found:?}"
        );
        assert!(found.contains(&"JM901"), "{found:?}");
        assert!(
            found.contains(&"JM902"),
            "JM101 is not on that line: {found:?}"
        );
        let silenced = "<!-- jobmark-disable-file JM9 -->\n# [A](https://a.ir)\n### Status\n<!-- jobmark-disable-next-line JM2O2 -->\n#### 📜🎉\n";
        let found = codes(silenced);
        assert!(!found.iter().any(|c| c.starts_with("JM9")), "{found:?}");
    }
}
