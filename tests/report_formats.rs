//! Every output format over one deliberately awkward set of findings:
//! snapshots (reviewed by hand, in `tests/snapshots/`), the SARIF schema
//! check, colour control, and "no span can make a renderer panic".

use std::sync::Arc;

use jobmark::diagnostic::{Applicability, Edit, FileReport, Finding, Fix, RuleMeta, Severity};
use jobmark::report::{self, Format, RenderOptions, RunCounts};
use proptest::prelude::*;

const ACME: &str = "# Interview: Acme Corp 📜\n\
\n\
Status: ⚖️ pendng\n\
Date: 1402/13/05\n\
\n\
## Stages\n\
\n\
- 📞 phone screen\n\
- onsite\n  with the team\n";

const PERSIAN: &str = "# مصاحبه\n\nتاریخ: ۱۴۰۲/۰۷/۳۱\n";

fn at(text: &str, needle: &str) -> std::ops::Range<usize> {
    let start = text.find(needle).expect("needle in fixture");
    start..start + needle.len()
}

const RULES: &[RuleMeta] = &[
    RuleMeta {
        code: "JM101",
        name: "missing-section",
        default_severity: Severity::Error,
        summary: "A required section is missing.",
        doc: "## What it does\n\nChecks that every required section is present.\n",
        fixable: false,
    },
    RuleMeta {
        code: "JM204",
        name: "status-spelling",
        default_severity: Severity::Warning,
        summary: "The status is not a word of the stage vocabulary.",
        doc: "## What it does\n\nChecks the status line against the vocabulary.\n",
        fixable: true,
    },
    RuleMeta {
        code: "JM301",
        name: "invalid-date",
        default_severity: Severity::Error,
        summary: "A date does not exist in its calendar.",
        doc: "## What it does\n\nValidates Solar Hijri and Gregorian dates.\n",
        fixable: false,
    },
    RuleMeta {
        code: "JM402",
        name: "stage-wraps",
        default_severity: Severity::Info,
        summary: "A stage item wraps onto a second line.",
        doc: "## What it does\n\nKeeps each stage on one line.\n",
        fixable: true,
    },
    RuleMeta {
        code: "JM999",
        name: "never-fires",
        default_severity: Severity::Warning,
        summary: "Listed so that `ruleIndex` is not just the order of findings.",
        doc: "Nothing.\n",
        fixable: false,
    },
];

fn fixture() -> Vec<FileReport> {
    let acme = FileReport {
        path: "notes/acme.md".into(),
        text: Arc::from(ACME),
        findings: vec![
            // Multi-line span, listed first to check that output is sorted.
            Finding {
                code: "JM402",
                name: "stage-wraps",
                severity: Severity::Info,
                message: "Stage `onsite` wraps onto a second line".into(),
                help: None,
                span: at(ACME, "- onsite\n  with the team\n"),
                fix: Some(Fix::unsafe_(
                    "Join the stage onto one line",
                    vec![Edit {
                        range: at(ACME, "\n  with"),
                        replacement: " with".into(),
                    }],
                )),
            },
            // Span includes the heading's newline, as pulldown-cmark gives it.
            Finding {
                code: "JM101",
                name: "missing-section",
                severity: Severity::Error,
                message: "Missing section `Interview Date`".into(),
                help: Some("Add a `## Interview Date` section after the title.".into()),
                span: at(ACME, "# Interview: Acme Corp 📜\n"),
                fix: None,
            },
            // After an emoji that miette measures as one column.
            Finding {
                code: "JM204",
                name: "status-spelling",
                severity: Severity::Warning,
                message: "Unknown status `pendng`".into(),
                help: Some("Use a word from the stage vocabulary.".into()),
                span: at(ACME, "pendng"),
                fix: Some(Fix::safe(
                    "Replace `pendng` with `pending`",
                    vec![Edit {
                        range: at(ACME, "pendng"),
                        replacement: "pending".into(),
                    }],
                )),
            },
            // Every character GitHub escaping cares about.
            Finding {
                code: "JM301",
                name: "invalid-date",
                severity: Severity::Error,
                message: "Invalid date 1402/13/05: month 13, day 5\nis 100% out of range".into(),
                help: Some("Months run from 1 to 12.".into()),
                span: at(ACME, "1402/13/05"),
                fix: Some(Fix {
                    title: "Check the month".into(),
                    applicability: Applicability::DisplayOnly,
                    edits: vec![Edit {
                        range: at(ACME, "13"),
                        replacement: "12".into(),
                    }],
                }),
            },
        ],
    };
    let persian = FileReport {
        path: "notes/ایران, round:2.md".into(),
        text: Arc::from(PERSIAN),
        findings: vec![Finding {
            code: "JM301",
            name: "invalid-date",
            severity: Severity::Warning,
            message: "Mehr has 30 days in 1402".into(),
            help: None,
            span: at(PERSIAN, "۱۴۰۲/۰۷/۳۱"),
            fix: None,
        }],
    };
    let clean = FileReport {
        path: "notes/clean.md".into(),
        text: Arc::from("# ok\n"),
        findings: vec![],
    };
    vec![persian, acme, clean]
}

fn options() -> RenderOptions {
    RenderOptions {
        color: false,
        statistics: false,
        counts: RunCounts {
            files_checked: 3,
            files_skipped: 1,
        },
        rule_url: Some("https://jobmark.example/docs/rules/{code}.md".into()),
        width: 80,
        quiet: false,
    }
}

fn rendered(format: Format, options: &RenderOptions) -> String {
    let mut out = Vec::new();
    report::render(format, &fixture(), RULES, &mut out, options).expect("render to a Vec");
    String::from_utf8(out).expect("renderers write UTF-8")
}

#[test]
fn human() {
    insta::assert_snapshot!("human", rendered(Format::Human, &options()));
}

#[test]
fn human_statistics() {
    let options = RenderOptions {
        statistics: true,
        ..options()
    };
    insta::assert_snapshot!("human_statistics", rendered(Format::Human, &options));
}

#[test]
fn concise() {
    insta::assert_snapshot!("concise", rendered(Format::Concise, &options()));
}

#[test]
fn json() {
    let output = rendered(Format::Json, &options());
    let value: serde_json::Value = serde_json::from_str(&output).expect("valid JSON");
    assert_eq!(value.as_array().map(Vec::len), Some(5));
    insta::assert_snapshot!("json", output);
}

#[test]
fn json_statistics() {
    let options = RenderOptions {
        statistics: true,
        ..options()
    };
    insta::assert_snapshot!("json_statistics", rendered(Format::Json, &options));
}

#[test]
fn github() {
    insta::assert_snapshot!("github", rendered(Format::Github, &options()));
}

#[test]
fn sarif() {
    insta::assert_snapshot!("sarif", rendered(Format::Sarif, &options()));
}

#[test]
fn summary() {
    insta::assert_snapshot!("summary", rendered(Format::Summary, &options()));
}

#[test]
fn github_omits_columns_for_multi_line_spans_only() {
    let output = rendered(Format::Github, &options());
    let multi = output
        .lines()
        .find(|l| l.contains("JM402"))
        .expect("JM402 annotation");
    assert!(
        multi.starts_with("::notice file=notes/acme.md,line=9,endLine=10,title="),
        "{multi}"
    );
    let single = output
        .lines()
        .find(|l| l.contains("JM204"))
        .expect("JM204 annotation");
    assert!(
        single.contains(",line=3,col=12,endLine=3,endColumn=18,"),
        "{single}"
    );
    // One workflow command per line, whatever the messages contain.
    assert_eq!(output.lines().count(), 5);
    assert!(output.contains("file=notes/ایران%2C round%3A2.md"));
    assert!(
        output.contains("::Invalid date 1402/13/05: month 13, day 5%0Ais 100%25 out of range\n")
    );
}

#[test]
fn sarif_validates_against_the_schema() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/schemas/sarif-schema-2.1.0.json"
    );
    let schema_text = std::fs::read_to_string(path).unwrap_or_else(|error| {
        panic!("the SARIF schema must be at {path} (shared/ beside the checkout): {error}")
    });
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    let check = |reports: &[FileReport]| {
        let log = report::sarif::to_value(reports, RULES, &options());
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "SARIF does not validate:\n{}",
            errors.join("\n")
        );
        log
    };
    let log = check(&fixture());
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(5));
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
    check(&[]);
    // The validator is really checking: a level SARIF does not know fails.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(
        !validator.is_valid(&broken),
        "the schema accepted an invalid level"
    );
    // The rendered bytes are the same document.
    let rendered: serde_json::Value =
        serde_json::from_str(&rendered(Format::Sarif, &options())).unwrap();
    assert_eq!(rendered, log);
}

#[test]
fn colour_off_means_no_escape_sequences() {
    for format in [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Github,
        Format::Sarif,
        Format::Summary,
    ] {
        for statistics in [false, true] {
            let options = RenderOptions {
                statistics,
                ..options()
            };
            let output = rendered(format, &options);
            assert!(
                !output.contains('\x1b'),
                "{format:?} (statistics: {statistics}) wrote an escape:\n{output}"
            );
        }
    }
    // And the flag is what decides it.
    let coloured = RenderOptions {
        color: true,
        ..options()
    };
    assert!(rendered(Format::Human, &coloured).contains('\x1b'));
    assert!(rendered(Format::Concise, &coloured).contains('\x1b'));
}

#[test]
fn empty_run() {
    let mut out = Vec::new();
    let options = RenderOptions {
        counts: RunCounts {
            files_checked: 1,
            files_skipped: 0,
        },
        ..options()
    };
    report::render(Format::Human, &[], RULES, &mut out, &options).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "0 errors, 0 warnings in 1 write-up\n"
    );
    let mut out = Vec::new();
    report::render(Format::Json, &[], RULES, &mut out, &options).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "[]\n");
}

/// Texts mixing ASCII, line endings and multi-byte characters.
fn awkward_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a", " ", "\n", "\r\n", "📜", "⚖️", "م", "۱۴۰۲", "\t", "#", "é",
        ]),
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Rules may hand us spans past the end, reversed, or inside a
    /// character: every format must still render, never panic.
    #[test]
    fn no_span_makes_a_renderer_panic(
        text in awkward_text(),
        spans in prop::collection::vec((0usize..200, 0usize..200), 1..6),
    ) {
        let findings = spans
            .iter()
            .map(|&(start, end)| Finding {
                code: "JM101",
                name: "missing-section",
                severity: Severity::Error,
                message: "m".into(),
                help: None,
                span: start..end,
                fix: Some(Fix::safe("f", vec![Edit { range: end..start, replacement: "x".into() }])),
            })
            .collect();
        let reports = vec![FileReport { path: "p.md".into(), text: Arc::from(text.as_str()), findings }];
        for format in [Format::Human, Format::Concise, Format::Json, Format::Github, Format::Sarif, Format::Summary] {
            let mut out = Vec::new();
            report::render(format, &reports, RULES, &mut out, &options()).unwrap();
            prop_assert!(!out.is_empty());
        }
    }
}
