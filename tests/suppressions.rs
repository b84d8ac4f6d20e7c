//! Inline suppressions through the binary: the same selectors as the
//! configuration (codes, prefixes, rule names, any case), and a comment
//! that names no rule or silences nothing is itself a finding (JM901,
//! JM902) rather than ignored.

use std::process::Command;

fn concise(text: &str, extra: &[&str]) -> (Option<i32>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jobmark"))
        .current_dir(dir.path())
        .args(["check", "a.md", "--format", "concise", "--color", "never"])
        .args(["--today", "2026-01-01"])
        .args(extra)
        .output()
        .unwrap();
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("a.md:"))
        .map(|l| {
            // `a.md:LINE:COL: CODE [...] message` -> `LINE CODE message`.
            let mut parts = l.splitn(4, ':');
            let (_, line, _) = (parts.next(), parts.next().unwrap(), parts.next());
            let rest = parts.next().unwrap().trim();
            let code = rest.split_whitespace().next().unwrap();
            let message = rest.split_once("] ").map_or("", |(_, m)| m);
            format!("{line} {code} {message}")
        })
        .collect();
    (out.status.code(), lines)
}

const MISSING_APPLY_WAY: &str = "# [A](https://a.ir)\n### Status\n#### 📜\n## Engineer\n### Interview Date\n- **Sent Resume** <br />1402.06.12\n";

#[test]
fn a_rule_name_silences_its_rule() {
    let (code, found) = concise(MISSING_APPLY_WAY, &[]);
    assert!(found.iter().any(|l| l.starts_with("2 JM101")), "{found:?}");
    assert_eq!(code, Some(1));

    let named = MISSING_APPLY_WAY.replace(
        "### Status\n",
        "<!-- jobmark-disable-next-line missing-section -->\n### Status\n",
    );
    let (code, found) = concise(&named, &[]);
    assert!(!found.iter().any(|l| l.contains("JM101")), "{found:?}");
    assert!(!found.iter().any(|l| l.contains("JM90")), "{found:?}");
    assert_eq!(code, Some(0), "{found:?}");

    // Any case, and code prefixes, as in `.jobmark.toml`.
    let prefixed = MISSING_APPLY_WAY.replace(
        "### Status\n",
        "<!-- jobmark-disable-next-line Missing-Section -->\n### Status\n<!-- jobmark-disable-next-line jm2 -->\n",
    );
    let (_, found) = concise(&prefixed, &[]);
    assert!(
        !found
            .iter()
            .any(|l| l.contains("JM101") || l.contains("JM205")),
        "{found:?}"
    );
}

#[test]
fn unknown_and_unused_selectors_are_reported_where_written() {
    let text = MISSING_APPLY_WAY.replace(
        "### Status\n",
        "<!-- jobmark-disable-next-line missing-sectoin JM304 -->\n### Status\n",
    );
    let (code, found) = concise(&text, &[]);
    assert!(
        found.contains(
            &"2 JM901 `missing-sectoin` in a suppression comment names no rule".to_string()
        ),
        "{found:?}"
    );
    assert!(
        found.contains(&"2 JM902 `JM304` in this suppression comment silences nothing".to_string()),
        "{found:?}"
    );
    // The typo silenced nothing: the finding is still there.
    assert!(found.iter().any(|l| l.starts_with("3 JM101")), "{found:?}");
    assert_eq!(code, Some(1));
}

#[test]
fn a_suppression_for_a_disabled_rule_is_not_unused() {
    let text = MISSING_APPLY_WAY.replace(
        "- **Sent Resume**",
        "<!-- jobmark-disable-next-line date-placeholder -->\n- **Sent Resume**",
    );
    let (_, found) = concise(&text, &[]);
    assert!(found.iter().any(|l| l.contains("JM902")), "{found:?}");
    let (_, found) = concise(&text, &["--ignore", "JM304"]);
    assert!(!found.iter().any(|l| l.contains("JM902")), "{found:?}");
    // And the new rules are selected like any other.
    let (_, found) = concise(&text, &["--ignore", "unused-suppression"]);
    assert!(!found.iter().any(|l| l.contains("JM902")), "{found:?}");
}
