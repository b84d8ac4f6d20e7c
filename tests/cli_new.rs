//! `jobmark new` writes a write-up that `jobmark check` accepts as it is (with
//! to-do notes for what is still to write), and `new --stage` moves one forward.

use std::process::Command;

fn jobmark(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jobmark"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run jobmark")
}

#[test]
fn new_write_up_passes_check_with_only_to_do_notes() {
    let dir = tempfile::tempdir().unwrap();
    for (company, date) in [("Acme & Sons", "1404.09.04"), ("دیجی‌کالا", "2025/07/21")] {
        let made = jobmark(
            dir.path(),
            &[
                "new",
                "--company",
                company,
                "--url",
                "https://acme.example",
                "--title",
                "Rust Engineer",
                "--date",
                date,
                "--channel",
                "LinkedIn",
            ],
        );
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
    }
    let written: Vec<_> = walk(&dir.path().join("src"));
    assert_eq!(written.len(), 2, "{written:?}");
    let check = jobmark(
        dir.path(),
        &[
            "check",
            "src",
            "--format",
            "json",
            "--fail-on",
            "warning",
            "--today",
            "2026-11-25",
        ],
    );
    // Only to-do notes: sections still to write, and the open process.
    let findings: serde_json::Value = serde_json::from_slice(&check.stdout).expect("JSON");
    for finding in findings.as_array().expect("findings") {
        assert_eq!(finding["severity"], "info", "{finding}");
        assert!(
            ["JM112", "JM205"].contains(&finding["code"].as_str().unwrap()),
            "{finding}"
        );
    }
    assert_eq!(check.status.code(), Some(0));
}

#[test]
fn new_refuses_to_overwrite_and_to_guess() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "new",
        "--company",
        "Acme",
        "--url",
        "https://acme.example",
        "--title",
        "T",
        "-o",
        "acme.md",
    ];
    assert!(jobmark(dir.path(), &args).status.success());
    let again = jobmark(dir.path(), &args);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(jobmark(dir.path(), &forced).status.success());
    // Standard input is not a terminal here: missing fields are errors.
    let missing = jobmark(
        dir.path(),
        &["new", "--url", "https://acme.example", "--title", "T"],
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--company"));
    let bad_url = jobmark(
        dir.path(),
        &[
            "new",
            "--company",
            "A",
            "--url",
            "acme.example",
            "--title",
            "T",
            "-o",
            "-",
        ],
    );
    assert_eq!(bad_url.status.code(), Some(2));
    let bad_date = jobmark(
        dir.path(),
        &[
            "new",
            "--company",
            "A",
            "--url",
            "https://a.example",
            "--title",
            "T",
            "--date",
            "1402.12.30",
            "-o",
            "-",
        ],
    );
    assert_eq!(bad_date.status.code(), Some(2), "1402 has no Esfand 30");
    // Refused by the same calendar rules as JM302 in documents.
    let reason = String::from_utf8_lossy(&bad_date.stderr);
    assert!(reason.contains("Esfand 1402 has 29 days"), "{reason}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn force_exclude_applies_exclude_to_named_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".jobmark.toml"),
        "exclude = [\"drafts/**\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("drafts")).unwrap();
    std::fs::write(dir.path().join("drafts/x.md"), "# x\n### Status\n#### 🎉\n").unwrap();
    let named = jobmark(dir.path(), &["check", "drafts/x.md", "--format", "json"]);
    assert_eq!(named.status.code(), Some(1), "a named file is checked");
    let forced = jobmark(
        dir.path(),
        &[
            "check",
            "drafts/x.md",
            "--force-exclude",
            "--format",
            "json",
        ],
    );
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&forced.stdout).trim(), "[]");
    let walked = jobmark(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(walked.status.code(), Some(0), "walked files honour exclude");
}

fn new_acme(dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "new",
        "--company",
        "Acme",
        "--url",
        "https://acme.example",
        "--title",
        "Rust Engineer",
        "--date",
        "1404.08.02",
        "-o",
        "acme.md",
    ];
    args.extend_from_slice(extra);
    jobmark(dir, &args)
}

/// `check --format json` of one file, as (code, severity) pairs.
fn findings_of(dir: &std::path::Path, file: &str) -> Vec<(String, String)> {
    let check = jobmark(
        dir,
        &["check", file, "--format", "json", "--today", "2026-11-25"],
    );
    let findings: serde_json::Value = serde_json::from_slice(&check.stdout).expect("JSON");
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn errors_and_warnings(findings: &[(String, String)]) -> Vec<&(String, String)> {
    findings.iter().filter(|(_, s)| s != "info").collect()
}

#[test]
fn new_writes_every_section_of_the_pack_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let made = new_acme(dir.path(), &[]);
    assert!(made.status.success(), "{made:?}");
    let text = std::fs::read_to_string(dir.path().join("acme.md")).unwrap();
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "# [Acme](https://acme.example)",
            "### Status",
            "#### 📜",
            "## Rust Engineer",
            "### Interview Process",
            "### Apply Way",
            "### Interview Date",
            "### Interview Duration",
            "### Interview Platform",
            "### Technical Interview",
            "### Task",
            "### Task Review",
            "### HR Interview",
            "### HR Call",
            "### Score",
        ],
        "{text}"
    );
    assert!(!text.contains("jobmark-disable"), "{text}");
    let findings = findings_of(dir.path(), "acme.md");
    assert!(errors_and_warnings(&findings).is_empty(), "{findings:?}");
    assert!(findings.contains(&("JM112".into(), "info".into())));

    // The status moves on by hand, as in the issue: still no missing
    // section, since every one is there.
    std::fs::write(
        dir.path().join("acme.md"),
        text.replace("#### 📜\n", "#### 📜📞\n"),
    )
    .unwrap();
    let findings = findings_of(dir.path(), "acme.md");
    assert!(
        !findings.iter().any(|(code, _)| code == "JM101"),
        "{findings:?}"
    );
}

#[test]
fn channel_and_platform_spellings_are_corrected_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let made = new_acme(
        dir.path(),
        &[
            "--channel",
            "linkedin & jobinja.ir",
            "--platform",
            "ms teams",
        ],
    );
    assert!(made.status.success(), "{made:?}");
    let stderr = String::from_utf8_lossy(&made.stderr);
    assert!(
        stderr.contains("`linkedin` written as `LinkedIn`")
            && stderr.contains("`jobinja.ir` written as `Jobinja`")
            && stderr.contains("`Microsoft Teams`"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(dir.path().join("acme.md")).unwrap();
    assert!(
        text.contains("### Apply Way\nLinkedIn & Jobinja\n"),
        "{text}"
    );
    assert!(
        text.contains("### Interview Platform\nMicrosoft Teams\n"),
        "{text}"
    );

    let unknown = jobmark(
        dir.path(),
        &[
            "new",
            "--company",
            "B",
            "--url",
            "https://b.example",
            "--title",
            "T",
            "--channel",
            "Linkdin",
            "-o",
            "b.md",
        ],
    );
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("`Linkdin`") && stderr.contains("Site, LinkedIn, Refer"),
        "{stderr}"
    );
    assert!(!dir.path().join("b.md").exists());
}

#[test]
fn stage_moves_a_write_up_forward_and_keeps_it_valid() {
    let dir = tempfile::tempdir().unwrap();
    assert!(new_acme(dir.path(), &[]).status.success());
    let steps: [&[&str]; 3] = [
        &["--stage", "hr-call", "--date", "1404.08.10"],
        &[
            "--stage",
            "Technical Interview",
            "--date",
            "1404.08.20",
            "--platform",
            "google meet",
        ],
        &["--stage", "rejected", "--date", "1404.09.01"],
    ];
    for step in steps {
        let mut args = vec!["new"];
        args.extend_from_slice(step);
        args.push("acme.md");
        let moved = jobmark(dir.path(), &args);
        assert!(moved.status.success(), "{step:?}: {moved:?}");
        let findings = findings_of(dir.path(), "acme.md");
        assert!(
            errors_and_warnings(&findings).is_empty(),
            "{step:?}: {findings:?}"
        );
    }
    let text = std::fs::read_to_string(dir.path().join("acme.md")).unwrap();
    assert!(text.contains("#### 📜📞🔧❌\n"), "{text}");
    assert!(
        text.contains(
            "- **Sent Resume** <br />1404.08.02\n- **HR Call** <br />1404.08.10\n\
             - **Technical Interview** <br />1404.08.20\n- **Rejection Email** <br />1404.09.01\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("### Interview Platform\nGoogle Meet\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "resume(Sent Resume) --> hr_call(HR Call) --> technical(Technical Interview)"
        ),
        "{text}"
    );
    // The outcome is in: no open-process note any more.
    let findings = findings_of(dir.path(), "acme.md");
    assert!(
        !findings.iter().any(|(code, _)| code == "JM205"),
        "{findings:?}"
    );
}

#[test]
fn stage_adds_the_sections_an_old_write_up_now_needs() {
    let dir = tempfile::tempdir().unwrap();
    let old =
        "# [Old](https://old.example)\n\n### Status\n#### 📜\n## Dev\n\n### Apply Way\nSite\n\n\
               ### Interview Date\n- **Sent Resume** <br />1402.08.02\n";
    std::fs::write(dir.path().join("old.md"), old).unwrap();
    let moved = jobmark(
        dir.path(),
        &[
            "new",
            "--stage",
            "hr_interview",
            "--date",
            "1402.08.09",
            "old.md",
        ],
    );
    assert!(moved.status.success(), "{moved:?}");
    let findings = findings_of(dir.path(), "old.md");
    assert!(errors_and_warnings(&findings).is_empty(), "{findings:?}");
    let text = std::fs::read_to_string(dir.path().join("old.md")).unwrap();
    for heading in [
        "### Interview Process",
        "### Interview Duration",
        "### HR Interview",
        "### Score",
    ] {
        assert!(
            text.contains(&format!("{heading}\nTBD\n")),
            "{heading}: {text}"
        );
    }
}

#[test]
fn stage_refuses_what_check_would_reject_and_leaves_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    assert!(new_acme(dir.path(), &[]).status.success());
    assert!(jobmark(
        dir.path(),
        &[
            "new",
            "--stage",
            "rejected",
            "--date",
            "1404.09.01",
            "acme.md"
        ]
    )
    .status
    .success());
    let before = std::fs::read(dir.path().join("acme.md")).unwrap();
    for (args, expected) in [
        (&["--stage", "task", "--date", "1404.09.05"][..], "JM203"),
        (&["--stage", "accepted", "--date", "1404.13.01"], "month 13"),
        (&["--stage", "accepted", "--date=-1404.09.02"], "--date"),
        (&["--stage", "interviewing"], "hr-call, hr-interview"),
        (&["--stage", "hr-call", "--date", "2025/11/05"], "JM307"),
    ] {
        let mut all = vec!["new"];
        all.extend_from_slice(args);
        all.push("acme.md");
        let refused = jobmark(dir.path(), &all);
        assert_eq!(refused.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert_eq!(std::fs::read(dir.path().join("acme.md")).unwrap(), before);
    }
    std::fs::write(dir.path().join("README.md"), "# Notes\n").unwrap();
    let not_a_write_up = jobmark(dir.path(), &["new", "--stage", "task", "README.md"]);
    assert_eq!(not_a_write_up.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&not_a_write_up.stderr).contains("not a write-up"));
}

#[test]
fn the_repository_pack_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let pack = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/interview.toml"),
    )
    .unwrap()
    .replace("canonical = \"Refer\"", "canonical = \"Referral\"")
    .replace("emoji = \"📞\"", "emoji = \"☎️\"")
    .replace(
        "placeholders = [\"TBD\", ",
        "placeholders = [\"Pending\", \"TBD\", ",
    );
    std::fs::write(dir.path().join("pack.toml"), pack).unwrap();
    std::fs::write(dir.path().join(".jobmark.toml"), "rules = \"pack.toml\"\n").unwrap();
    let made = new_acme(dir.path(), &["--channel", "referral"]);
    assert!(made.status.success(), "{made:?}");
    let text = std::fs::read_to_string(dir.path().join("acme.md")).unwrap();
    assert!(text.contains("### Apply Way\nReferral\n"), "{text}");
    assert!(text.contains("### Score\nPending\n"), "{text}");
    let moved = jobmark(
        dir.path(),
        &[
            "new",
            "--stage",
            "hr-call",
            "--date",
            "1404.08.10",
            "acme.md",
        ],
    );
    assert!(moved.status.success(), "{moved:?}");
    let text = std::fs::read_to_string(dir.path().join("acme.md")).unwrap();
    assert!(text.contains("#### 📜☎️\n"), "{text}");
    let findings = findings_of(dir.path(), "acme.md");
    assert!(errors_and_warnings(&findings).is_empty(), "{findings:?}");
}
