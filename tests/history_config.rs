//! `[history]` in `.jobmark.toml`: the rename, break and copy thresholds
//! of `history` come from the repository's config unless a flag says
//! otherwise, and a bad value is a configuration error at its line.

#[path = "support/bin.rs"]
mod bin;
mod support;

use bin::{jobmark, stderr, stdout};
use support::TestRepo;

/// A write-up of about 1.5 KB whose question lines depend on `seed`.
fn write_up(company: &str, seed: u32) -> String {
    let mut text = format!(
        "# [{company}](https://{company}.example)\n\n### Status\n\n#### 📜📞\n\n## Python Engineer\n\n### Technical Interview\n\n"
    );
    for i in 0..30 {
        text.push_str(&format!(
            "- question {i} of round {seed}: how does {company} handle case {}?\n",
            i * 7 + seed * 101
        ));
    }
    text
}

/// A repository where `snapp.md` moves to `snapp-python.md` with about a
/// third of its lines rewritten: about 55% similar, one document under
/// git's default `-M50%`, two under a stricter threshold.
fn heavy_edit_rename(config: Option<&str>) -> TestRepo {
    let t = TestRepo::init();
    if let Some(config) = config {
        t.write(".jobmark.toml", config);
    }
    let text = write_up("snapp", 1);
    t.write("snapp.md", &text);
    t.commit_all("snapp");
    t.git(&["mv", "snapp.md", "snapp-python.md"]);
    let lines: Vec<&str> = text.lines().collect();
    let keep = lines.len() - lines.len() * 35 / 100;
    let mut edited: String = lines[..keep].iter().map(|l| format!("{l}\n")).collect();
    for i in keep..lines.len() {
        edited.push_str(&format!("- rewritten line {i}, about something else\n"));
    }
    t.write("snapp-python.md", edited);
    t.commit_all("rename and rewrite a third");
    t
}

/// The number of documents `history --format json ARGS` reports.
fn documents(t: &TestRepo, args: &[&str]) -> usize {
    let mut all = vec!["history", "--format", "json"];
    all.extend_from_slice(args);
    let output = jobmark(t.path(), &all);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    json["documents"].as_array().unwrap().len()
}

#[test]
fn the_default_follows_a_heavy_edit_rename() {
    let t = heavy_edit_rename(None);
    assert_eq!(documents(&t, &[]), 1);
}

#[test]
fn the_config_threshold_applies_and_a_flag_overrides_it() {
    let t = heavy_edit_rename(Some("[history]\nfind-renames = 90\n"));
    assert_eq!(documents(&t, &[]), 2, "find-renames = 90 splits the move");
    assert_eq!(documents(&t, &["--find-renames", "50"]), 1);
}

#[test]
fn percent_strings_and_off_are_accepted() {
    let t = heavy_edit_rename(Some(
        "[history]\nfind-renames = \"90%\"\nbreak-rewrites = \"off\"\nfind-copies = \"OFF\"\n",
    ));
    assert_eq!(documents(&t, &[]), 2);
}

#[test]
fn a_bad_threshold_is_a_configuration_error_at_its_line() {
    // A value holding an escape sequence is shown escaped, never raw.
    for (value, shown) in [
        ("\"off\"", "off"),
        ("101", "101"),
        ("\"half\"", "half"),
        ("\"\\u001b[31m5\"", "\\u{1b}[31m5"),
    ] {
        let t = heavy_edit_rename(Some(&format!(
            "# thresholds\n[history]\nfind-renames = {value}\n"
        )));
        let output = jobmark(t.path(), &["history"]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{value}: {}",
            stderr(&output)
        );
        let err = stderr(&output);
        assert!(!err.contains('\u{1b}'), "{value}: raw escape in {err:?}");
        assert!(err.contains(".jobmark.toml:3"), "{value}: {err}");
        assert!(
            err.contains(&format!("`{shown}` is not a percentage")),
            "{err}"
        );
    }
    let t = heavy_edit_rename(Some("[history]\nfollow-copies = 50\n"));
    let output = jobmark(t.path(), &["history"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("follow-copies"),
        "{}",
        stderr(&output)
    );
}
