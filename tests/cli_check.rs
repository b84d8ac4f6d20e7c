//! `jobmark check` and friends through the built binary, in temp dirs:
//! exit codes, the summary line, directory walking, configuration, inline
//! suppressions, fixes, output options, and snapshots of the broken examples.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_jobmark");
const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");
const TODAY: &str = "2026-11-25";

fn example(rel: &str) -> PathBuf {
    Path::new(MANIFEST).join("examples").join(rel)
}

/// A clean write-up (zero findings) and a broken one (5 errors, 8 warnings).
fn clean() -> String {
    fs::read_to_string(example("src/snappfood/python-developer.md")).unwrap()
}

fn broken() -> String {
    fs::read_to_string(example("broken/structure.md")).unwrap()
}

fn jobmark(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run jobmark")
}

/// `check --format concise --color never --today TODAY` plus `args`.
fn check(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec![
        "check", "--format", "concise", "--color", "never", "--today", TODAY,
    ];
    all.extend_from_slice(args);
    jobmark(dir, &all)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited, not killed")
}

/// `(path, line, CODE)` of each concise finding line.
fn findings(output: &Output) -> Vec<(String, usize, String)> {
    stdout(output)
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(4, ':');
            let path = parts.next()?.to_string();
            let line_no = parts.next()?.parse().ok()?;
            let _column = parts.next()?;
            let code = parts.next()?.split_whitespace().next()?.to_string();
            Some((path, line_no, code))
        })
        .collect()
}

fn codes(output: &Output) -> Vec<String> {
    findings(output).into_iter().map(|(_, _, c)| c).collect()
}

fn last_line(output: &Output) -> String {
    stdout(output).lines().last().unwrap_or("").to_string()
}

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    path
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

// --- exit codes and the summary line ------------------------------------

#[test]
fn exit_0_when_clean_1_with_errors() {
    let dir = temp();
    write(dir.path(), "ok.md", &clean());
    let ok = check(dir.path(), &[]);
    assert_eq!(code(&ok), 0, "{}", stdout(&ok));
    assert_eq!(last_line(&ok), "0 errors, 0 warnings in 1 write-up");

    write(dir.path(), "bad.md", &broken());
    let bad = check(dir.path(), &[]);
    assert_eq!(code(&bad), 1);
    assert_eq!(last_line(&bad), "5 errors, 8 warnings in 2 write-ups");
    assert!(findings(&bad).iter().all(|(path, _, _)| path == "bad.md"));
}

#[test]
fn exit_2_for_a_missing_path() {
    let dir = temp();
    let out = check(dir.path(), &["no-such-file.md"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no-such-file.md"), "{}", stderr(&out));
}

#[test]
fn exit_2_for_a_bad_config_naming_file_and_line() {
    let dir = temp();
    write(dir.path(), "a.md", &clean());
    write(
        dir.path(),
        ".jobmark.toml",
        "select = [\"JM1\"]\nignore = [\"JM101\"]\nbogus = 1\n",
    );
    let out = check(dir.path(), &[]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains(".jobmark.toml:3:"), "{err}");
    assert!(err.contains("bogus"), "{err}");

    write(
        dir.path(),
        ".jobmark.toml",
        "[severity]\nJM108 = \"loud\"\n",
    );
    let out = check(dir.path(), &[]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains(".jobmark.toml:2:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn exit_2_for_a_bad_rule_pack() {
    let dir = temp();
    write(dir.path(), "a.md", &clean());
    write(
        dir.path(),
        "pack.toml",
        "[pack]\nname = \"x\"\nversion = [\n",
    );
    let out = check(dir.path(), &["--rules", "pack.toml"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("pack.toml"), "{}", stderr(&out));

    // Valid TOML, invalid pack: a status emoji that is both stage and outcome.
    let builtin = fs::read_to_string(Path::new(MANIFEST).join("rules/interview.toml")).unwrap();
    let bad = builtin.replacen(
        "meaning = \"resume sent\"\nstage = \"resume\"",
        "meaning = \"resume sent\"\nstage = \"resume\"\noutcome = \"rejected\"",
        1,
    );
    assert_ne!(bad, builtin);
    write(dir.path(), "pack.toml", &bad);
    let out = check(dir.path(), &["--rules", "pack.toml"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("exactly one of"), "{}", stderr(&out));
}

#[test]
fn summary_counts_skipped_files() {
    let dir = temp();
    write(dir.path(), "a.md", &broken());
    write(
        dir.path(),
        "README.md",
        "# My interviews\n\nSee the folders.\n",
    );
    write(
        dir.path(),
        "SUMMARY.md",
        "# Summary\n\n- [Status of things](x.md)\n",
    );
    let out = check(dir.path(), &[]);
    assert_eq!(
        last_line(&out),
        "5 errors, 8 warnings in 1 write-up (2 files skipped)"
    );
}

// --- walking ---------------------------------------------------------------

#[test]
fn walking_skips_ignored_built_and_hidden_directories() {
    let dir = temp();
    for sub in [
        "book",
        "node_modules",
        "target",
        ".hidden",
        "drafts",
        "src/acme",
    ] {
        write(dir.path(), &format!("{sub}/x.md"), &broken());
    }
    write(dir.path(), ".gitignore", "drafts/\n");
    let out = check(dir.path(), &[]);
    let paths: std::collections::BTreeSet<String> =
        findings(&out).into_iter().map(|(p, _, _)| p).collect();
    assert_eq!(
        paths.into_iter().collect::<Vec<_>>(),
        ["src/acme/x.md"],
        "{}",
        stdout(&out)
    );
    assert_eq!(last_line(&out), "5 errors, 8 warnings in 1 write-up");
}

#[test]
fn non_write_up_markdown_is_skipped_with_a_warning_when_nothing_is_left() {
    let dir = temp();
    write(
        dir.path(),
        "README.md",
        "# Interviews\n\n## Statistics\n\nNothing.\n",
    );
    write(dir.path(), "FAQ.md", "");
    let out = check(dir.path(), &[]);
    assert_eq!(code(&out), 0);
    assert!(!stdout(&out).contains("README"), "{}", stdout(&out));
    // Nothing was checked: say so, and say what a write-up is.
    let warning = stderr(&out);
    assert!(
        warning.starts_with("warning: no write-ups found (2 Markdown files read)"),
        "{warning}"
    );
    assert!(warning.contains("`Status` heading"), "{warning}");
    assert_eq!(
        last_line(&out),
        "0 errors, 0 warnings in 0 write-ups (2 files skipped)"
    );
}

// --- configuration ------------------------------------------------------------

#[test]
fn config_select_and_ignore() {
    let dir = temp();
    write(dir.path(), "a.md", &broken());
    write(
        dir.path(),
        ".jobmark.toml",
        "select = [\"JM1\"]\nignore = [\"JM101\", \"heading-spelling\"]\n",
    );
    let got = codes(&check(dir.path(), &[]));
    assert!(!got.is_empty());
    assert!(got.iter().all(|c| c.starts_with("JM1")), "{got:?}");
    assert!(!got.iter().any(|c| c == "JM101" || c == "JM108"), "{got:?}");
    assert!(got.iter().any(|c| c == "JM107"), "{got:?}");
}

#[test]
fn config_severity_changes_severity_and_exit_code() {
    let dir = temp();
    write(dir.path(), "a.md", &broken());
    let severities = "[severity]\nJM101 = \"warning\"\nJM105 = \"warning\"\nJM106 = \"warning\"\nJM107 = \"info\"\n";
    write(dir.path(), ".jobmark.toml", severities);
    let out = check(dir.path(), &[]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains("JM107 [info]"), "{}", stdout(&out));
    assert!(stdout(&out).contains("JM101 [warning]"), "{}", stdout(&out));
}

#[test]
fn config_per_file_ignores_and_exclude() {
    let dir = temp();
    write(dir.path(), "old/a.md", &broken());
    write(dir.path(), "new/a.md", &broken());
    write(dir.path(), "drafts/a.md", &broken());
    write(
        dir.path(),
        ".jobmark.toml",
        "exclude = [\"drafts/**\"]\n[per-file-ignores]\n\"old/**\" = [\"JM1\"]\n",
    );
    let out = check(dir.path(), &[]);
    let all = findings(&out);
    assert!(all.iter().all(|(p, _, _)| p != "drafts/a.md"), "{all:?}");
    let old: Vec<_> = all.iter().filter(|(p, _, _)| p == "old/a.md").collect();
    let new: Vec<_> = all.iter().filter(|(p, _, _)| p == "new/a.md").collect();
    assert!(!old.is_empty() && !new.is_empty(), "{all:?}");
    assert!(old.iter().all(|(_, _, c)| !c.starts_with("JM1")), "{old:?}");
    assert!(new.iter().any(|(_, _, c)| c.starts_with("JM1")), "{new:?}");
}

// --- inline suppressions ---------------------------------------------------------

#[test]
fn disable_next_line_silences_one_code_on_one_line() {
    let dir = temp();
    let text = broken().replacen(
        "### Apply way\n",
        "<!-- jobmark-disable-next-line JM108 -->\n### Apply way\n",
        1,
    );
    write(dir.path(), "a.md", &text);
    let out = check(dir.path(), &[]);
    let all = findings(&out);
    // `Apply way` (now line 9) is silenced; `Interview date` is not.
    assert!(
        !all.contains(&("a.md".into(), 9, "JM108".into())),
        "{all:?}"
    );
    assert!(
        all.contains(&("a.md".into(), 12, "JM108".into())),
        "{all:?}"
    );
    // Another code on the silenced line still shows.
    assert!(
        all.contains(&("a.md".into(), 10, "JM601".into())),
        "{all:?}"
    );
}

#[test]
fn disable_file_silences_a_code_everywhere() {
    let dir = temp();
    let text = format!("{}\n<!-- jobmark-disable-file JM108 JM309 -->\n", broken());
    write(dir.path(), "a.md", &text);
    let got = codes(&check(dir.path(), &[]));
    assert!(!got.iter().any(|c| c == "JM108" || c == "JM309"), "{got:?}");
    assert!(got.iter().any(|c| c == "JM601"), "{got:?}");
}

// --- rule docs ----------------------------------------------------------------------

#[test]
fn rule_prints_the_documentation() {
    let dir = temp();
    let out = jobmark(dir.path(), &["rule", "JM101"]);
    assert_eq!(code(&out), 0);
    let doc = stdout(&out);
    assert!(doc.starts_with("# missing-section (JM101)"), "{doc}");
    assert!(doc.contains("Default severity: error"), "{doc}");
    let by_name = jobmark(dir.path(), &["rule", "missing-section"]);
    assert_eq!(stdout(&by_name), doc);
    let unknown = jobmark(dir.path(), &["rule", "JM999"]);
    assert_ne!(code(&unknown), 0);
}

#[test]
fn rules_lists_every_rule() {
    let dir = temp();
    let out = jobmark(dir.path(), &["rules"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    for meta in jobmark::rules::all_meta() {
        assert!(
            text.lines()
                .any(|l| l.starts_with(meta.code) && l.contains(meta.name)),
            "{} missing from:\n{text}",
            meta.code
        );
    }
    assert_eq!(text.lines().count(), jobmark::rules::ALL.len());
}

// --- the seed documents ---------------------------------------------------------------

#[test]
fn seed_digikala_has_only_warnings() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seed/digikala.md");
    let out = check(Path::new(MANIFEST), &[path]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains("[warning]"));
    assert!(!stdout(&out).contains("[error]"), "{}", stdout(&out));
    assert!(
        last_line(&out).starts_with("0 errors, "),
        "{}",
        stdout(&out)
    );
}

#[test]
fn seed_mojibake_is_one_jm002_on_the_status_line() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seed/digikala.mojibake.md"
    );
    let out = check(Path::new(MANIFEST), &[path]);
    assert_eq!(code(&out), 1);
    let got: Vec<(usize, String)> = findings(&out)
        .into_iter()
        .map(|(_, line, code)| (line, code))
        .collect();
    assert_eq!(got, [(4, "JM002".to_string())], "{}", stdout(&out));
}

// --- fixes ------------------------------------------------------------------------

#[test]
fn fix_fixes_and_a_second_fix_changes_nothing() {
    let dir = temp();
    let path = write(dir.path(), "a.md", &broken());
    let first = check(dir.path(), &["--fix"]);
    assert_eq!(code(&first), 1, "unfixable errors remain");
    let once = fs::read_to_string(&path).unwrap();
    assert_ne!(once, broken());
    assert!(
        once.starts_with("# [sternx]"),
        "blank line before H1 removed"
    );
    assert!(once.contains("### Apply Way\nLinkedIn\n"));
    assert!(once.contains("- **Sent Resume** <br />"));
    assert!(once.contains("\n### Score\n"));
    // Unsafe fixes stay out without --unsafe-fixes.
    assert!(once.contains("(sternx.de)"));
    let got = codes(&first);
    for fixed in ["JM103", "JM108", "JM109", "JM309", "JM601"] {
        assert!(
            !got.iter().any(|c| c == fixed),
            "{fixed} still reported: {got:?}"
        );
    }

    let second = check(dir.path(), &["--fix"]);
    assert_eq!(fs::read_to_string(&path).unwrap(), once);
    assert_eq!(stdout(&second), stdout(&first));
    assert!(
        stderr(&second).contains("Fixed 0 findings"),
        "{}",
        stderr(&second)
    );
}

#[test]
fn unsafe_fixes_apply_only_when_asked() {
    let dir = temp();
    let path = write(dir.path(), "a.md", &broken());
    check(dir.path(), &["--fix", "--unsafe-fixes"]);
    assert!(fs::read_to_string(&path)
        .unwrap()
        .starts_with("# [sternx](https://sternx.de)"));
}

#[test]
fn diff_shows_and_writes_nothing() {
    let dir = temp();
    let path = write(dir.path(), "a.md", &broken());
    let out = check(dir.path(), &["--diff"]);
    assert_eq!(code(&out), 1);
    let diff = stdout(&out);
    assert!(diff.contains("--- a/a.md\n+++ b/a.md\n"), "{diff}");
    assert!(
        diff.contains("-### Apply way\n-Linkedin\n+### Apply Way\n+LinkedIn\n"),
        "{diff}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), broken());

    write(dir.path(), "a.md", &clean());
    let nothing = check(dir.path(), &["--diff"]);
    assert_eq!(code(&nothing), 0);
    assert_eq!(stdout(&nothing), "");
}

// --- output options ---------------------------------------------------------------

#[test]
fn output_writes_the_report_to_a_file() {
    let dir = temp();
    write(dir.path(), "a.md", &broken());
    let out = check(dir.path(), &["--output", "report.txt"]);
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    let report = fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert_eq!(report, stdout(&check(dir.path(), &[])));
    assert!(report.contains("a.md:2:12: JM107 [error]"), "{report}");
}

#[test]
fn quiet_prints_only_findings() {
    let dir = temp();
    write(dir.path(), "a.md", &broken());
    write(dir.path(), "ok.md", &clean());
    let loud = check(dir.path(), &[]);
    let quiet = check(dir.path(), &["--quiet"]);
    assert_eq!(code(&quiet), 1);
    let text = stdout(&quiet);
    assert_eq!(text.lines().count(), 13, "{text}");
    assert!(!text.contains("write-up"), "no summary line: {text}");
    assert!(text.lines().all(|l| l.starts_with("a.md:")), "{text}");
    assert_eq!(stdout(&loud).lines().count(), 14);

    let fixed = check(dir.path(), &["--quiet", "--fix"]);
    assert!(stderr(&fixed).is_empty(), "{}", stderr(&fixed));
}

#[test]
fn no_ansi_escapes_with_color_never_or_no_color() {
    let dir = temp();
    write(dir.path(), "a.md", &broken());
    let base = ["check", "--today", TODAY];
    for format in ["human", "concise"] {
        let never = jobmark(
            dir.path(),
            &[&base[..], &["--format", format, "--color", "never"]].concat(),
        );
        assert!(!stdout(&never).contains('\x1b'), "{format}");
        assert!(!stderr(&never).contains('\x1b'), "{format}");
        let no_color = Command::new(BIN)
            .current_dir(dir.path())
            .args([&base[..], &["--format", format]].concat())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(!stdout(&no_color).contains('\x1b'), "{format}");
        // The check can fail: forced colour does write escapes.
        let always = jobmark(
            dir.path(),
            &[&base[..], &["--format", format, "--color", "always"]].concat(),
        );
        assert!(stdout(&always).contains('\x1b'), "{format}");
    }
}

#[test]
fn statistics_counts_per_rule() {
    let dir = temp();
    write(dir.path(), "a.md", &broken());
    let out = check(dir.path(), &["--statistics"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    let row = |code: &str| {
        text.lines()
            .find(|l| l.contains(code))
            .unwrap_or_else(|| panic!("{code} missing:\n{text}"))
            .split_whitespace()
            .next()
            .unwrap()
            .parse::<usize>()
            .unwrap()
    };
    assert_eq!(row("JM101"), 2);
    assert_eq!(row("JM108"), 2);
    assert_eq!(row("JM107"), 1);
    assert!(!text.contains("a.md:"), "no individual findings: {text}");
    assert_eq!(last_line(&out), "5 errors, 8 warnings in 1 write-up");
}

#[test]
fn exit_zero_and_fail_on() {
    let dir = temp();
    write(dir.path(), "a.md", &broken());
    assert_eq!(code(&check(dir.path(), &["--exit-zero"])), 0);
    assert_eq!(code(&check(dir.path(), &["--fail-on", "never"])), 0);

    // Only warnings left: passes by default, fails with --fail-on warning.
    write(
        dir.path(),
        "a.md",
        &fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/seed/digikala.md"
        ))
        .unwrap(),
    );
    assert_eq!(code(&check(dir.path(), &[])), 0);
    assert_eq!(code(&check(dir.path(), &["--fail-on", "warning"])), 1);
    assert_eq!(code(&check(dir.path(), &["--fail-on", "error"])), 0);
}

#[test]
fn select_and_ignore_on_the_command_line() {
    let dir = temp();
    write(dir.path(), "a.md", &broken());
    let got = codes(&check(dir.path(), &["--select", "JM3,JM6"]));
    assert!(!got.is_empty());
    assert!(got.iter().all(|c| c == "JM309" || c == "JM601"), "{got:?}");
    let got = codes(&check(dir.path(), &["--ignore", "JM1,channel-spelling"]));
    assert!(!got.is_empty());
    assert!(
        got.iter().all(|c| !c.starts_with("JM1") && c != "JM601"),
        "{got:?}"
    );
    // Selecting only a warning rule makes the run pass.
    let out = check(dir.path(), &["--select", "JM108"]);
    assert_eq!(code(&out), 0);
    assert_eq!(codes(&out), ["JM108", "JM108"]);
}

#[test]
fn completions_for_bash() {
    let out = jobmark(&std::env::temp_dir(), &["completions", "bash"]);
    assert_eq!(code(&out), 0);
    let script = stdout(&out);
    assert!(script.contains("complete -F"), "{script}");
    assert!(script.contains("jobmark"));
    assert!(script.contains("--fail-on"));
}

#[test]
fn version_names_the_rule_pack() {
    let out = jobmark(&std::env::temp_dir(), &["--version"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out).trim(),
        format!(
            "jobmark {} (rule pack interview 1.0.0)",
            env!("CARGO_PKG_VERSION")
        )
    );
}

// --- snapshots of the broken examples -----------------------------------------------

fn broken_examples(format: &str) -> String {
    let out = jobmark(
        Path::new(MANIFEST),
        &[
            "check",
            "examples/broken",
            "--format",
            format,
            "--color",
            "never",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(code(&out), 1);
    stdout(&out)
}

#[test]
fn snapshot_human() {
    insta::assert_snapshot!("broken_human", broken_examples("human"));
}

#[test]
fn snapshot_json() {
    let json = broken_examples("json");
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert!(value.as_array().is_some_and(|a| !a.is_empty()));
    insta::assert_snapshot!("broken_json", json);
}

#[test]
fn fix_respects_suppressions_and_selection() {
    let dir = temp();
    let suppressed = broken().replacen(
        "### Apply way\n",
        "<!-- jobmark-disable-next-line JM108 -->\n### Apply way\n",
        1,
    );
    let path = write(dir.path(), "a.md", &suppressed);
    check(dir.path(), &["--fix"]);
    let fixed = fs::read_to_string(&path).unwrap();
    assert!(
        fixed.contains("### Apply way\n"),
        "suppressed: not fixed\n{fixed}"
    );
    assert!(fixed.contains("### Interview Date\n"), "{fixed}");
    assert!(fixed.contains("LinkedIn"), "{fixed}");

    write(dir.path(), "a.md", &broken());
    check(dir.path(), &["--fix", "--select", "JM108"]);
    let fixed = fs::read_to_string(&path).unwrap();
    assert!(fixed.contains("### Apply Way\nLinkedin\n"), "{fixed}");
    assert!(
        fixed.contains("\n## Score\n"),
        "JM103 not selected: {fixed}"
    );
}

#[test]
fn config_is_found_from_a_subdirectory_and_by_flag() {
    let dir = temp();
    write(dir.path(), "src/acme/a.md", &broken());
    write(dir.path(), ".jobmark.toml", "select = [\"JM601\"]\n");
    let out = check(&dir.path().join("src/acme"), &[]);
    assert_eq!(codes(&out), ["JM601"], "{}", stdout(&out));
    write(dir.path(), "other.toml", "select = [\"JM107\"]\n");
    let out = check(dir.path(), &["--config", "other.toml"]);
    assert_eq!(codes(&out), ["JM107"], "{}", stdout(&out));
}

#[test]
fn a_non_write_up_named_explicitly_is_skipped() {
    let dir = temp();
    write(dir.path(), "README.md", "# Hello\n");
    let out = check(dir.path(), &["README.md"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        last_line(&out),
        "0 errors, 0 warnings in 0 write-ups (1 file skipped)"
    );
}

#[test]
fn crlf_and_bom_files_report_the_same_lines() {
    let dir = temp();
    write(dir.path(), "lf.md", &broken());
    let lf = check(dir.path(), &["lf.md"]);
    let crlf_text = broken().replace('\n', "\r\n");
    write(dir.path(), "crlf.md", &crlf_text);
    let crlf = check(dir.path(), &["crlf.md"]);
    let strip = |out: &Output, skip: &str| -> Vec<(usize, String)> {
        findings(out)
            .into_iter()
            .filter(|(_, _, c)| c != skip)
            .map(|(_, line, c)| (line, c))
            .collect()
    };
    assert_eq!(strip(&crlf, "JM004"), strip(&lf, ""));
    assert!(codes(&crlf).contains(&"JM004".to_string()));
    write(dir.path(), "bom.md", &format!("\u{FEFF}{}", broken()));
    let bom = check(dir.path(), &["bom.md"]);
    assert_eq!(strip(&bom, "JM003"), strip(&lf, ""));
    // --fix removes both.
    check(dir.path(), &["--fix", "crlf.md", "bom.md"]);
    assert!(!fs::read_to_string(dir.path().join("crlf.md"))
        .unwrap()
        .contains('\r'));
    assert!(!fs::read_to_string(dir.path().join("bom.md"))
        .unwrap()
        .starts_with('\u{FEFF}'));
}
