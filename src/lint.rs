//! The lint engine: bytes of one file in, findings out.
//!
//! Decides whether a file is a write-up, parses it once, runs the enabled
//! rules, then applies configuration (severity overrides, per-file ignores)
//! and inline suppressions ([`crate::suppression`]); a second pass then runs
//! the rules that report suppressions naming no rule or silencing nothing.
//! Pure: no file system, no git, so every source
//! (working tree, revision, index, history) lints the same way.
//!
//! Also here, because they are engine work every front end needs: the fix
//! loop ([`fix_until_stable`], lint → apply → lint until nothing applies)
//! and the baseline matching of `--range` ([`new_findings`]: which findings
//! of a file's new version its old version did not already have).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::calendar::Day;
use crate::config::FileSettings;
use crate::diagnostic::{FileReport, Finding};
use crate::document::{self, Document};
use crate::fix::FixLoop;
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

/// How many lint → apply passes `--fix` makes before giving up. A fix can
/// reshape text so that another fix becomes possible (a heading renamed,
/// then moved); real chains are two or three long, so ten passes that
/// still change the text mean fixes that undo each other (a rule bug).
pub const MAX_FIX_PASSES: usize = 10;

/// Fix `text` (the file `path`) until no offered fix applies, re-linting
/// after each pass with the same pack, settings and day. Safe fixes only
/// unless `allow_unsafe`.
pub fn fix_until_stable(
    path: &str,
    text: &str,
    pack: &Pack,
    settings: &FileSettings,
    today: Day,
    allow_unsafe: bool,
) -> FixLoop {
    crate::fix::fix_until_stable(text, allow_unsafe, MAX_FIX_PASSES, |current| {
        lint_bytes(path, current.as_bytes(), pack, settings, today)
            .map(|l| {
                l.report
                    .findings
                    .into_iter()
                    .filter_map(|f| f.fix)
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// `range` shrunk or widened to UTF-8 boundaries of `text` (a rule's span
/// on a lossily decoded text may not sit on one).
fn char_span(text: &str, range: &Range<usize>) -> Range<usize> {
    let mut start = range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The identity of a finding that survives lines moving: the rule, its
/// message and the text it points at, never the position.
fn finding_key<'a>(
    report: &'a FileReport,
    finding: &'a Finding,
) -> (&'static str, &'a str, &'a str) {
    let span = char_span(&report.text, &finding.span);
    (finding.code, &finding.message, &report.text[span])
}

/// Findings of `head` that `base` does not have (what a `--range`
/// introduced). Matching is a multiset: three identical findings in base
/// absorb three in head, a fourth is new.
pub fn new_findings(head: &FileReport, base: &FileReport) -> Vec<Finding> {
    let mut available: HashMap<(&'static str, &str, &str), usize> = HashMap::new();
    for finding in &base.findings {
        *available.entry(finding_key(base, finding)).or_default() += 1;
    }
    head.findings
        .iter()
        .filter(
            |finding| match available.get_mut(&finding_key(head, finding)) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            },
        )
        .cloned()
        .collect()
}

/// `--add-suppressions` for one file: `text` with a suppression comment
/// for every finding, and how many comments were added or extended.
///
/// A comment can change what a rule sees (one inserted above the company
/// heading is part of what stands before it), so a finding may vanish
/// once the comments are in, and its own comment would then silence
/// nothing (`unused-suppression`). The text is linted again after each
/// pass and such findings are dropped, so that the result lints clean and a
/// second run adds nothing.
pub fn suppress_all(
    path: &str,
    text: &str,
    findings: &[Finding],
    pack: &Pack,
    settings: &FileSettings,
    today: Day,
) -> (String, usize) {
    let unused_code = rules::UNUSED_SUPPRESSION;
    // Unused suppressions the author already had stay theirs to remove.
    let already_unused: Vec<&Finding> = findings.iter().filter(|f| f.code == unused_code).collect();
    let mut wanted: Vec<Finding> = findings.to_vec();
    for _ in 0..MAX_FIX_PASSES {
        let (suppressed, added) = with_suppressions(text, &wanted);
        let Some(after) = lint_bytes(path, suppressed.as_bytes(), pack, settings, today) else {
            return (suppressed, added);
        };
        // The selectors (`JM109`) our own comments name in vain.
        let vanished: Vec<&str> = after
            .report
            .findings
            .iter()
            .filter(|f| f.code == unused_code)
            .filter(|f| !already_unused.iter().any(|old| old.message == f.message))
            .filter_map(|f| suppressed.get(f.span.clone()))
            .collect();
        let before = wanted.len();
        wanted.retain(|f| !vanished.iter().any(|v| v.eq_ignore_ascii_case(f.code)));
        if wanted.len() == before {
            return (suppressed, added);
        }
    }
    with_suppressions(text, &wanted)
}

/// `text` with a `<!-- jobmark-disable-next-line CODE… -->` line above
/// every line where `findings` start (indented like that line, with its
/// line ending), and how many comments were added or extended. A line
/// already under such a comment gets its codes added to that comment, since
/// a second comment would only suppress the first.
pub fn with_suppressions(text: &str, findings: &[Finding]) -> (String, usize) {
    const DIRECTIVE: &str = "jobmark-disable-next-line";
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let mut by_line: std::collections::BTreeMap<usize, Vec<&'static str>> = Default::default();
    for finding in findings {
        let offset = finding.span.start.min(text.len());
        let line = line_starts.partition_point(|&start| start <= offset) - 1;
        let codes = by_line.entry(line).or_default();
        if !codes.contains(&finding.code) {
            codes.push(finding.code);
        }
    }
    let line_text = |line: usize| -> &str {
        let start = line_starts[line];
        let end = line_starts.get(line + 1).copied().unwrap_or(text.len());
        &text[start..end]
    };
    let mut out = String::with_capacity(text.len() + by_line.len() * 48);
    let mut copied = 0;
    let mut added = 0;
    for (line, mut codes) in by_line {
        codes.sort_unstable();
        let start = line_starts[line];
        let previous = line.checked_sub(1).map(line_text);
        let existing = previous.filter(|p| {
            let t = p.trim();
            t.starts_with("<!--")
                && t.ends_with("-->")
                && t[4..t.len() - 3].trim().starts_with(DIRECTIVE)
        });
        if let Some(existing) = existing {
            // Extend the comment above: `<!-- directive OLD… NEW… -->`.
            let previous_start = line_starts[line - 1];
            let trimmed = existing.trim_end_matches(['\n', '\r']);
            let ending = &existing[trimmed.len()..];
            let close = trimmed.rfind("-->").unwrap_or(trimmed.len());
            let inner_start = trimmed.find("<!--").map_or(0, |i| i + 4);
            let listed: Vec<&str> = trimmed[inner_start..close]
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty() && *w != DIRECTIVE)
                .collect();
            if listed.is_empty() {
                continue; // it already suppresses every rule
            }
            let new: Vec<&str> = codes.into_iter().filter(|c| !listed.contains(c)).collect();
            if new.is_empty() {
                continue;
            }
            out.push_str(&text[copied..previous_start]);
            out.push_str(&format!(
                "{}{} -->{ending}",
                trimmed[..close].trim_end(),
                new.iter().map(|c| format!(" {c}")).collect::<String>()
            ));
            out.push_str(&text[previous_start + existing.len()..start]);
            copied = start;
            added += 1;
            continue;
        }
        let target = line_text(line);
        let indent: &str = &target[..target.len() - target.trim_start_matches([' ', '\t']).len()];
        let ending = if target.ends_with("\r\n") || (target.is_empty() && text.contains("\r\n")) {
            "\r\n"
        } else {
            "\n"
        };
        out.push_str(&text[copied..start]);
        if start == text.len() && !text.is_empty() && !text.ends_with('\n') {
            out.push_str(ending);
        }
        out.push_str(&format!(
            "{indent}<!-- {DIRECTIVE} {} -->{ending}",
            codes.join(" ")
        ));
        copied = start;
        added += 1;
    }
    out.push_str(&text[copied..]);
    (out, added)
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

    fn finding(code: &'static str, span: Range<usize>, message: &str) -> Finding {
        Finding {
            code,
            name: "x",
            severity: crate::diagnostic::Severity::Error,
            message: message.into(),
            help: None,
            span,
            fix: None,
        }
    }

    #[test]
    fn new_findings_survive_moved_lines() {
        let base = FileReport {
            path: "a.md".into(),
            text: Arc::from("x\nBAD\n"),
            findings: vec![finding("JM1", 2..5, "bad")],
        };
        let head = FileReport {
            path: "b.md".into(),
            text: Arc::from("new\nlines\nx\nBAD\nBAD\n"),
            findings: vec![finding("JM1", 12..15, "bad"), finding("JM1", 16..19, "bad")],
        };
        let new = new_findings(&head, &base);
        assert_eq!(new.len(), 1, "one of the two identical findings is old");
        assert_eq!(new[0].span, 16..19);
    }

    #[test]
    fn fix_loop_reaches_a_text_without_fixable_findings() {
        let pack = Pack::builtin();
        let text = "# [A](https://a.ir)\r\n### status\n#### 📜\n";
        let fixed = fix_until_stable("x.md", text, &pack, &FileSettings::default(), today(), true);
        assert!(fixed.converged && fixed.applied > 0, "{fixed:?}");
        let again = fix_until_stable(
            "x.md",
            &fixed.text,
            &pack,
            &FileSettings::default(),
            today(),
            true,
        );
        assert_eq!(again.applied, 0, "a second run has nothing left to fix");
    }

    #[test]
    fn added_suppressions_silence_every_finding_once() {
        let text = "# [A](https://a.ir)\n### Status\n#### 📜🎉\n### Apply Way\nLinkdin\n";
        let pack = Pack::builtin();
        let first = lint_bytes(
            "x.md",
            text.as_bytes(),
            &pack,
            &FileSettings::default(),
            today(),
        )
        .unwrap();
        assert!(!first.report.findings.is_empty());
        let (suppressed, added) = with_suppressions(text, &first.report.findings);
        assert!(added > 0);
        assert!(
            codes(&suppressed).is_empty(),
            "{suppressed}\n{:?}",
            codes(&suppressed)
        );
        let (again, more) = with_suppressions(&suppressed, &[]);
        assert_eq!((again.as_str(), more), (suppressed.as_str(), 0));
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
