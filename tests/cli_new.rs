//! `jobmark new` writes a write-up that `jobmark check` accepts as it is.

use std::process::Command;

fn jobmark(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jobmark"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run jobmark")
}

#[test]
fn new_write_up_passes_check_with_no_findings() {
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
            "info",
            "--today",
            "2026-11-25",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&check.stdout).trim(),
        "[]",
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
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
