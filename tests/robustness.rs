//! No panic on any input, through the binary (every format, fixes, diffs)
//! and through the library; and the rules' fixes over generated write-ups
//! are valid, local and idempotent.

use std::fs;
use std::path::Path;
use std::process::Command;

use jobmark::calendar::{day_from_ymd, CalendarKind, Day};
use jobmark::config::FileSettings;
use jobmark::diagnostic::Applicability;
use jobmark::fix::apply;
use jobmark::lint::{fix_until_stable, lint_bytes};
use jobmark::pack::Pack;
use proptest::prelude::*;

const BIN: &str = env!("CARGO_BIN_EXE_jobmark");

fn clean() -> String {
    fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/src/snappfood/python-developer.md"
    ))
    .unwrap()
}

/// A write-up head: what makes a file a write-up, then `rest`.
fn write_up(rest: &str) -> String {
    format!("# [A](https://a.ir)\n\n### Status\n#### 📜📞🔧❌\n## Engineer\n{rest}")
}

/// Deterministic pseudo-random bytes (xorshift), so failures reproduce.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let base = clean();
    let mut binary_with_status = noise(64 * 1024, 7);
    binary_with_status.splice(
        1000..1000,
        b"\n### Status\n#### \xF0\x9F\x93\x9C\xFF\n".to_vec(),
    );
    let mut invalid = base.clone().into_bytes();
    invalid.splice(20..20, [0xC3, 0x28, 0xFF, 0xFE, 0xE2, 0x82]);
    let notes =
        "- What is the GIL? مصاحبه فنی 📜📞 <br /> 1402.06.12\n".repeat(5 * 1024 * 1024 / 60);
    let five_mb = base.replacen("### Task\n", &format!("{notes}\n### Task\n"), 1);
    vec![
        ("empty", Vec::new()),
        ("binary", noise(64 * 1024, 3)),
        ("binary-with-status", binary_with_status),
        ("invalid-utf8", invalid),
        ("five-mb", five_mb.into_bytes()),
        (
            "nested-lists",
            write_up(&format!(
                "### Interview Date\n{}**Sent Resume** <br />1402.01.01\n### Score\n{}8/10\n",
                "- ".repeat(10_000),
                "> ".repeat(10_000)
            ))
            .into_bytes(),
        ),
        (
            "nested-indented-lists",
            write_up(
                &(0..2_000)
                    .map(|i| format!("{}- **Task** <br />1402.01.{:02}\n", " ".repeat(i), i % 40))
                    .collect::<String>(),
            )
            .into_bytes(),
        ),
        (
            "ten-thousand-emojis",
            base.replacen("#### 📜📞🔧📝⚖️❌", &format!("#### {}", "📜👱🏻‍♀️⚖️❌🎉\u{FE0F}".repeat(2_000)), 1)
                .into_bytes(),
        ),
        ("crlf", base.replace('\n', "\r\n").into_bytes()),
        ("bom", [b"\xEF\xBB\xBF".as_slice(), base.as_bytes()].concat()),
        (
            "bom-crlf-cr",
            [b"\xEF\xBB\xBF".as_slice(), base.replace('\n', "\r\n").replace("### Task\r\n", "### Task\r").as_bytes()].concat(),
        ),
        // Regression: a multi-byte character within five bytes of a
        // position in `Apply Way` made the ` and ` separator check panic.
        (
            "persian-channels",
            write_up("### Apply Way\nJobinja & سایت شرکت and لینکدین, é and\n").into_bytes(),
        ),
        // Regression: an empty bullet with a trailing space gave a
        // reversed span that panicked when sliced.
        (
            "empty-bullets",
            write_up("### Interview Date\n- **Sent Resume** <br />1402.01.01\n- \n-\t\n### Interview Duration\n- \n* \n1. \n").into_bytes(),
        ),
        ("only-hash", b"#".to_vec()),
        ("only-hashes", b"#\n##\n###\n####### \n#".to_vec()),
        ("status-then-hash", b"### Status\n#".to_vec()),
        ("status-only", b"### Status".to_vec()),
        ("bom-status", b"\xEF\xBB\xBF### Status\n#### \xE2\x9A\x96".to_vec()),
        (
            "unclosed-tags",
            base.replacen(
                "<h4><mark style=\"background-color:#ff9800\">6.5/10</mark></h4>",
                "<h4><mark style=\"background-color:#ff9800\n6.5/10 <details><summary><p dir=\"rtl\"><!-- jobmark-disable-next-line",
                1,
            )
            .replacen("<br />1402.06.20", "<br 1402.06.20", 1)
            .replacen("```mermaid\n", "```mermaid\n<mark", 1)
            .into_bytes(),
        ),
        (
            "unclosed-fence",
            write_up("### Interview Process\n```mermaid\nflowchart LR\n### Score\n").into_bytes(),
        ),
        (
            "huge-numbers",
            base.replacen("1402.06.12", "99999999999999999999999.99999999999999.9999999999", 1)
                .replacen("1402.06.20", "9999.99.99", 1)
                .replacen("1402.06.27", "1402.255.255", 1)
                .replacen("1402.07.22", "-1402.-07.-22", 1)
                .replacen("6.5/10", "1e309/99999999999999999999999999999999999999", 1)
                .into_bytes(),
        ),
        (
            "nan-score",
            base.replacen("6.5/10", "NaN/0", 1).into_bytes(),
        ),
        (
            "infinite-score",
            base.replacen("6.5/10", "inf/inf", 1).replacen("1402.07.22", "۱۴۰۲.۰۷.۲۲", 1).into_bytes(),
        ),
        (
            "negative-score-bare",
            base.replacen("<h4><mark style=\"background-color:#ff9800\">6.5/10</mark></h4>", "-0/-10", 1)
                .into_bytes(),
        ),
        (
            "empty-headings",
            b"#\n### Status\n####\n##\n###\n- ****\n### Interview Date\n- ** ** <br />\n- **\n### Score\n<mark>/</mark>".to_vec(),
        ),
        (
            "link-only-h1",
            b"# [](<>)\n# [x](\n### Status\n#### \xF0\x9F\x93\x9C\n### Apply Way\n& & ,, and | +\n".to_vec(),
        ),
    ]
}

fn run(path: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(BIN)
        .arg("check")
        .arg(path)
        .args(["--color", "never", "--today", "2026-11-25"])
        .args(args)
        .output()
        .expect("run jobmark");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), stderr)
}

#[test]
fn the_binary_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (name, bytes) in inputs() {
        let path = dir.path().join(format!("{name}.md"));
        let runs: &[&[&str]] = &[
            &["--format", "human"],
            &["--format", "concise"],
            &["--format", "json"],
            &["--format", "github"],
            &["--format", "sarif"],
            &["--format", "summary"],
            &["--statistics"],
            &["--diff", "--unsafe-fixes"],
            &["--fix", "--unsafe-fixes"],
        ];
        for args in runs {
            // --fix rewrites the file: start every run from the input.
            fs::write(&path, &bytes).unwrap();
            let (code, stderr) = run(&path, args);
            if !(code == 0 || code == 1) || stderr.contains("panicked") {
                failures.push(format!("{name} {args:?}: exit {code}\n{stderr}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn binary_files_with_a_status_heading_are_reported_not_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let (_, bytes) = inputs()
        .into_iter()
        .find(|(n, _)| *n == "binary-with-status")
        .unwrap();
    let path = dir.path().join("b.md");
    fs::write(&path, &bytes).unwrap();
    let (code, _) = run(&path, &["--fix", "--unsafe-fixes", "--format", "concise"]);
    assert_eq!(code, 1, "invalid UTF-8 is an error");
    assert_eq!(fs::read(&path).unwrap(), bytes, "never written back");
}

#[test]
fn persian_apply_way_values_are_read() {
    let text = write_up("### Apply Way\nJobinja & سایت شرکت and لینکدین\n");
    let linted = lint_bytes(
        "p.md",
        text.as_bytes(),
        &Pack::builtin(),
        &FileSettings::default(),
        today(),
    )
    .expect("a write-up");
    let channels: Vec<&str> = linted
        .document
        .channels
        .iter()
        .map(|v| v.text.as_str())
        .collect();
    assert_eq!(channels, ["Jobinja", "سایت شرکت", "لینکدین"]);
}

fn today() -> Day {
    day_from_ymd(CalendarKind::Gregorian, 2026, 11, 25).unwrap()
}

fn fragment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "# [Acme](https://acme.example)\n",
        "# [Acme](acme.example)\n",
        "# Acme Group\n",
        "\n",
        "\r\n",
        "\u{FEFF}",
        "text before\n",
        "### Status\n",
        "### status:\n",
        "#### 📜📞🔧📝⚖️❌\n",
        "#### 📜❌📞⚖\n",
        "#### 📜👱🏻‍♀️🎉✅❌\n",
        "📜📞\n",
        "## Python Developer\n",
        "### Interview process\n",
        "## Interview Process\n",
        "```mermaid\nflowchart LR\n  a --> b\n```\n",
        "```mermaid\n",
        "```\n",
        "### Apply way\n",
        "### Apply Way\n",
        "jobinja & site, Linked In and Telegram\n",
        "### Interview date\n",
        "### Interview Date\n",
        "- **Send Resume** <br />1402/06/12\n",
        "- **Sent Resume** <br />1402.06.12\n",
        "- **HR call**<br>1402.6.2 AT 4 PM\n",
        "- **Task** <br />They sent 1402.07.01 <br />I sent 2023-10-01\n",
        "- **Rejection Letter** <br />Ghosting\n",
        "- **Coffee** <br />1401.10.\n",
        "- **Task review meeting** <br />2025-7-21\n",
        "  - nested <br />1402.02.31\n",
        "### Interview Duration\n",
        "- **Tech Interview** <br />1 hour\n",
        "### Interview platform\n",
        "google meet, teams\n",
        "### Technical interview\n",
        "### Task\n",
        "notes مصاحبه\n",
        "## Score\n",
        "### Score\n",
        "<h4><mark style=\"background-color:#DC3545\"; color:#fff\">4/10</mark></h4>\n",
        "<h4><mark style=\"background-color:#4caf50\">4.5/10</mark></h4>\n",
        "<mark style=\"background-color:#ff9800\">7\n",
        "<!-- jobmark-disable-next-line JM108 -->\n",
        "<!-- jobmark-disable-file -->\n",
        "ðŸ“œ",
        "Ø¨",
        "👱🏻‍♀️",
        "⚖️",
        "\u{FE0F}",
        "#",
        " ",
        "\t",
        "\r",
        "Apply Way\n---------\n",
        "### **Apply way**\n",
        "### Score ###\n",
        "* Send CV <br/> 1402-06-12\n",
        "1. **Offer Email** <br />2025/13/01\n",
        "<details><summary>Answer</summary>\n",
        "</details>\n",
        "    indented code\n",
        "| a | b |\n|---|---|\n",
        "### Interview Date\n- **Task** <br />They sent 1402.08.23 <br />I sent 1402.08.19\n",
        "#### ❌📜\n",
        "8.5/10\n",
    ])
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    // 256 cases by default; PROPTEST_CASES=5000 for a longer hunt.

    /// Linting never panics and every span is on character boundaries.
    #[test]
    fn lint_never_panics(text in document(), garbage in prop::collection::vec(any::<u8>(), 0..16)) {
        let pack = Pack::builtin();
        let mut bytes = text.into_bytes();
        let at = bytes.len() / 2;
        bytes.splice(at..at, garbage);
        if let Some(linted) = lint_bytes("p.md", &bytes, &pack, &FileSettings::default(), today()) {
            let text = &linted.report.text;
            for finding in &linted.report.findings {
                prop_assert!(finding.span.start <= finding.span.end && finding.span.end <= text.len(),
                    "{} span {:?} out of range", finding.code, finding.span);
                prop_assert!(text.is_char_boundary(finding.span.start) && text.is_char_boundary(finding.span.end),
                    "{} span {:?} splits a character", finding.code, finding.span);
            }
        }
    }

    /// Each fix a rule offers is valid on its own and changes only the bytes
    /// its edits cover.
    #[test]
    fn fixes_are_valid_and_local(text in document()) {
        let pack = Pack::builtin();
        let Some(linted) = lint_bytes("p.md", text.as_bytes(), &pack, &FileSettings::default(), today()) else {
            return Ok(());
        };
        for finding in &linted.report.findings {
            let Some(fix) = &finding.fix else { continue };
            prop_assert_ne!(fix.applicability, Applicability::DisplayOnly);
            let outcome = apply(&text, [fix], true);
            prop_assert_eq!(&outcome.applied, &vec![0], "{} offered an unusable fix {:?}", finding.code, fix);
            // Rebuild the expected text from the edits alone.
            let mut edits = fix.edits.clone();
            edits.sort_by_key(|e| (e.range.start, e.range.end));
            let mut expected = String::new();
            let mut cursor = 0;
            for edit in &edits {
                expected.push_str(&text[cursor..edit.range.start]);
                expected.push_str(&edit.replacement);
                cursor = edit.range.end;
            }
            expected.push_str(&text[cursor..]);
            prop_assert_eq!(&outcome.text, &expected);
            prop_assert_ne!(&outcome.text, &text, "{} offered a fix that changes nothing", finding.code);
        }
    }

    /// The fix loop converges, and fixing the result again changes nothing.
    #[test]
    fn fixing_twice_changes_nothing_the_second_time(text in document(), allow_unsafe in any::<bool>()) {
        let pack = Pack::builtin();
        let first = fix_until_stable("p.md", &text, &pack, &FileSettings::default(), today(), allow_unsafe);
        prop_assert!(first.converged, "fixes undo each other:\n{:?}", first.text);
        let second = fix_until_stable("p.md", &first.text, &pack, &FileSettings::default(), today(), allow_unsafe);
        prop_assert_eq!(second.applied, 0);
        prop_assert_eq!(&second.text, &first.text);
    }
}

/// A real write-up with random lines replaced, inserted or removed.
fn mutated_write_up() -> impl Strategy<Value = String> {
    let base: Vec<String> = clean().split_inclusive('\n').map(String::from).collect();
    let n = base.len();
    let edit = (0..n, 0..3u8, fragment(), fragment());
    prop::collection::vec(edit, 0..12).prop_map(move |edits| {
        let mut lines = base.clone();
        for (at, kind, a, b) in edits {
            let at = at.min(lines.len().saturating_sub(1));
            match kind {
                0 if !lines.is_empty() => lines[at] = format!("{a}{b}"),
                1 => lines.insert(at, format!("{a}{b}")),
                _ if !lines.is_empty() => {
                    // Splice the fragment into the middle of the line.
                    let line = &lines[at];
                    let mid = (0..=line.len() / 2)
                        .rev()
                        .find(|&i| line.is_char_boundary(i))
                        .unwrap_or(0);
                    lines[at] = format!("{}{a}{}", &line[..mid], &line[mid..]);
                }
                _ => lines.push(a.to_string()),
            }
        }
        lines.concat()
    })
}

proptest! {
    #[test]
    fn fixes_on_mutated_write_ups_are_local_and_idempotent(text in mutated_write_up(), allow_unsafe in any::<bool>()) {
        let pack = Pack::builtin();
        if let Some(linted) = lint_bytes("p.md", text.as_bytes(), &pack, &FileSettings::default(), today()) {
            for finding in &linted.report.findings {
                let Some(fix) = &finding.fix else { continue };
                let outcome = apply(&text, [fix], true);
                prop_assert_eq!(&outcome.applied, &vec![0], "{} offered an unusable fix {:?}", finding.code, fix);
                prop_assert_ne!(&outcome.text, &text, "{} offered a fix that changes nothing", finding.code);
            }
        }
        let first = fix_until_stable("p.md", &text, &pack, &FileSettings::default(), today(), allow_unsafe);
        prop_assert!(first.converged, "fixes undo each other:\n{:?}", first.text);
        let second = fix_until_stable("p.md", &first.text, &pack, &FileSettings::default(), today(), allow_unsafe);
        prop_assert_eq!(second.applied, 0);
    }
}
