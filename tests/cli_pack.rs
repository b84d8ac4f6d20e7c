//! A second document kind by swapping the pack alone: course reviews
//! (`tests/fixtures/packs/course.toml`), with another marker heading,
//! sections, legend, labels, vocabulary and score scale.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use jobmark::calendar::{day_from_ymd, CalendarKind};
use jobmark::config::FileSettings;
use jobmark::lint::lint_bytes;
use jobmark::pack::Pack;

const BIN: &str = env!("CARGO_BIN_EXE_jobmark");
const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");
const PACK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/packs/course.toml"
);
const REVIEW: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/course/rust-async.md"
);

fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(["check", "--format", "concise", "--color", "never"])
        .args(["--today", "2026-11-25", "--rules", PACK])
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn codes_at(output: &Output) -> Vec<(usize, String)> {
    stdout(output)
        .lines()
        .filter_map(|l| {
            let mut parts = l.splitn(4, ':');
            let _path = parts.next()?;
            let line = parts.next()?.parse().ok()?;
            let _column = parts.next()?;
            Some((line, parts.next()?.split_whitespace().next()?.to_string()))
        })
        .collect()
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(REVIEW, dir.path().join("rust-async.md")).unwrap();
    // An interview write-up: not a document of the course kind.
    fs::copy(
        Path::new(MANIFEST).join("examples/broken/structure.md"),
        dir.path().join("interview.md"),
    )
    .unwrap();
    dir
}

#[test]
fn the_pack_loads_and_describes_itself() {
    let pack = Pack::from_toml(&fs::read_to_string(PACK).unwrap()).expect("valid pack");
    assert_eq!(pack.describe(), "course-review 0.3.0");
    assert_eq!(pack.header.marker_heading, "Progress");
}

#[test]
fn a_clean_review_passes_and_interview_write_ups_are_skipped() {
    let dir = setup();
    let out = check(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "0 errors, 0 warnings in 1 write-up (1 file skipped)\n"
    );
}

#[test]
fn the_review_is_linted_against_the_pack() {
    let dir = setup();
    let review = fs::read_to_string(REVIEW).unwrap();
    let broken = [
        ("## Found Via", "## Found via"), // JM108 line 7
        ("🎓", "✅"),                     // JM202 line 4
        (
            "**Final Project** <br />2025-02-20",
            "**Project** <br />2025/02/20",
        ), // JM309, JM308 line 17
        ("#2e7d32\">4/5", "#2e7d32\">2/5"), // JM504 line 31
        ("Newsletter & Colleague", "Newsletter & Podcast"), // JM602 line 8
        ("## Labs\n", "## Labz\n"),       // JM403 line 4
    ]
    .iter()
    .fold(review, |text, (from, to)| {
        assert!(text.contains(from), "{from}");
        text.replacen(from, to, 1)
    });
    fs::write(dir.path().join("rust-async.md"), broken).unwrap();
    let out = check(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let got = codes_at(&out);
    for expected in [
        (4, "JM202"),
        (4, "JM403"),
        (7, "JM108"),
        (8, "JM602"),
        (17, "JM308"),
        (17, "JM309"),
        (31, "JM504"),
    ] {
        assert!(
            got.contains(&(expected.0, expected.1.to_string())),
            "{expected:?} missing:\n{}",
            stdout(&out)
        );
    }
    // Nothing from the interview file, which is not of this kind.
    assert!(!stdout(&out).contains("interview.md"), "{}", stdout(&out));
    // The 5-point scale: 2/5 is a valid score, in the `poor` band.
    assert!(stdout(&out).contains("poor band"), "{}", stdout(&out));
    assert!(!got.iter().any(|(_, c)| c == "JM503"), "{}", stdout(&out));
}

#[test]
fn lint_bytes_with_the_pack_skips_interview_write_ups() {
    let pack = Pack::from_toml(&fs::read_to_string(PACK).unwrap()).unwrap();
    let today = day_from_ymd(CalendarKind::Gregorian, 2026, 11, 25).unwrap();
    let interview =
        fs::read(Path::new(MANIFEST).join("examples/src/snappfood/python-developer.md")).unwrap();
    let settings = FileSettings::default();
    assert!(lint_bytes("i.md", &interview, &pack, &settings, today).is_none());
    let review = fs::read(REVIEW).unwrap();
    let linted = lint_bytes("r.md", &review, &pack, &settings, today).expect("a course review");
    assert!(
        linted.report.findings.is_empty(),
        "{:?}",
        linted.report.findings
    );
    // And the other way round: the built-in pack does not know the review.
    assert!(lint_bytes("r.md", &review, &Pack::builtin(), &settings, today).is_none());
}
