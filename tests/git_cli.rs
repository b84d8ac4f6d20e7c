//! `jobmark check --range/--staged/--rev` and `jobmark history` on scripted
//! repositories, through the binary, as a CI job or a hook would run them.

mod support;

use std::process::{Command, Output};

use support::TestRepo;

/// A write-up with exactly three problems: an unknown status emoji (JM202),
/// a date placeholder (JM304) and a score coloured outside its band (JM504).
const THREE_PROBLEMS: &str = "# [Acme](https://acme.example)

### Status
#### 📜📞🔧🎉❌
## Rust Engineer
### Interview Process
```mermaid
flowchart LR
    sr(Sent Resume) --> hr(HR Call) --> ti(Technical Interview)
```

### Apply Way
LinkedIn

### Interview Date
- **Sent Resume** <br />1402.08.02

- **HR Call** <br />1402.08.09

- **Technical Interview** <br />1402.08.15

- **Rejection Email** <br />IDK

### Interview Duration
- **Technical Interview** <br />1 hour

### Interview Platform
Google Meet

### Technical Interview
Questions about ownership.

### Score
<h4><mark style=\"background-color:#4caf50\">4/10</mark></h4>
";

fn jobmark(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jobmark"))
        .current_dir(dir)
        .args(args)
        .args(["--today", "2026-11-25", "--color", "never"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("run jobmark")
}

fn json_findings(output: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice::<Vec<serde_json::Value>>(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn codes(findings: &[serde_json::Value]) -> Vec<String> {
    let mut codes: Vec<String> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap_or("").to_string())
        .collect();
    codes.sort();
    codes
}

#[test]
fn range_reports_only_the_new_problem_after_rename_and_shift() {
    let repo = TestRepo::init();
    repo.write("acme.md", THREE_PROBLEMS);
    repo.write("README.md", "# Job hunt\n");
    let base = repo.commit_all("add acme");
    let all = json_findings(&jobmark(
        repo.path(),
        &["check", "acme.md", "--format", "json"],
    ));
    assert_eq!(
        codes(&all),
        ["JM202", "JM304", "JM504"],
        "the base has exactly three problems"
    );

    // The pull request moves the file into a folder, adds lines above the
    // old problems (shifting them) and introduces one new problem: an
    // invalid date.
    repo.git(&["checkout", "-q", "-b", "pr"]);
    std::fs::create_dir_all(repo.path().join("src/acme")).unwrap();
    repo.git(&["mv", "acme.md", "src/acme/acme.md"]);
    let shifted = THREE_PROBLEMS
        .replace(
            "## Rust Engineer\n",
            "## Rust Engineer\n\nA paragraph\nof new\nlines.\n",
        )
        .replace(
            "- **HR Call** <br />1402.08.09",
            "- **HR Call** <br />1402.07.31",
        );
    repo.write("src/acme/acme.md", shifted);
    repo.commit_all("move acme into src and fix the call date");

    let output = jobmark(
        repo.path(),
        &[
            "check",
            "--range",
            &format!("{base}..pr"),
            "--format",
            "json",
        ],
    );
    let findings = json_findings(&output);
    assert_eq!(
        codes(&findings),
        ["JM302"],
        "only the invalid date is new: {findings:#?}"
    );
    assert_eq!(findings[0]["path"], "src/acme/acme.md");
    assert_eq!(
        findings[0]["line"], 22,
        "line numbers are those of the head version"
    );
    assert_eq!(output.status.code(), Some(1));

    let everything = json_findings(&jobmark(
        repo.path(),
        &[
            "check",
            "--range",
            &format!("{base}..pr"),
            "--all-findings",
            "--format",
            "json",
        ],
    ));
    assert_eq!(codes(&everything), ["JM202", "JM302", "JM304", "JM504"]);
}

#[test]
fn range_with_a_second_identical_problem_reports_the_second() {
    let repo = TestRepo::init();
    repo.write("acme.md", THREE_PROBLEMS);
    let base = repo.commit_all("add acme");
    // A second placeholder: same rule, same message shape, different label.
    let head_text =
        THREE_PROBLEMS.replace("- **HR Call** <br />1402.08.09", "- **HR Call** <br />IDK");
    repo.write("acme.md", head_text);
    repo.commit_all("unknown call date");
    let findings = json_findings(&jobmark(
        repo.path(),
        &[
            "check",
            "--range",
            &format!("{base}..HEAD"),
            "--format",
            "json",
        ],
    ));
    assert_eq!(codes(&findings), ["JM304"]);
    assert!(
        findings[0]["message"].as_str().unwrap().contains("HR Call"),
        "{findings:#?}"
    );
}

#[test]
fn staged_sees_the_index_not_a_later_edit() {
    let repo = TestRepo::init();
    repo.write("acme.md", THREE_PROBLEMS.replace("🎉", ""));
    repo.commit_all("add acme");
    // Stage a version with a new problem, then fix it in the work tree only.
    repo.write("acme.md", THREE_PROBLEMS);
    repo.git(&["add", "acme.md"]);
    repo.write("acme.md", THREE_PROBLEMS.replace("🎉", ""));
    let staged = json_findings(&jobmark(
        repo.path(),
        &["check", "--staged", "--format", "json"],
    ));
    assert!(
        codes(&staged).contains(&"JM202".to_string()),
        "the staged blob has 🎉: {staged:#?}"
    );
    let worktree = json_findings(&jobmark(
        repo.path(),
        &["check", "acme.md", "--format", "json"],
    ));
    assert!(
        !codes(&worktree).contains(&"JM202".to_string()),
        "the work tree does not"
    );
}

#[test]
fn rev_reads_a_tag_in_a_bare_clone_and_selects_paths() {
    let repo = TestRepo::init();
    repo.write("src/acme/acme.md", THREE_PROBLEMS);
    repo.write(
        "src/other/other.md",
        THREE_PROBLEMS.replace("Acme", "Other"),
    );
    repo.commit_all("two write-ups");
    repo.git(&["tag", "v1"]);
    repo.write("src/acme/acme.md", THREE_PROBLEMS.replace("🎉", ""));
    repo.commit_all("fix acme");
    let (_parent, bare) = repo.clone_with(&["--bare"]);
    let output = jobmark(
        &bare,
        &["check", "--rev", "v1", "src/acme", "--format", "json"],
    );
    let findings = json_findings(&output);
    assert!(
        findings.iter().all(|f| f["path"] == "src/acme/acme.md"),
        "{findings:#?}"
    );
    assert!(
        codes(&findings).contains(&"JM202".to_string()),
        "v1 still had 🎉"
    );
    let head = json_findings(&jobmark(
        &bare,
        &["check", "--rev", "HEAD", "src/acme", "--format", "json"],
    ));
    assert!(!codes(&head).contains(&"JM202".to_string()));
}

#[test]
fn git_errors_are_exit_2_with_one_line() {
    let repo = TestRepo::init();
    repo.write("a.md", THREE_PROBLEMS);
    repo.commit_all("a");
    let output = jobmark(repo.path(), &["check", "--rev", "no-such-rev"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no-such-rev"), "{stderr}");
    let not_repo = tempfile::tempdir().unwrap();
    let output = jobmark(not_repo.path(), &["check", "--staged"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a git repository"));
}

#[test]
fn history_follows_renames_as_one_document() {
    let repo = TestRepo::init();
    repo.write("digikala.md", "");
    repo.commit_all("placeholder");
    repo.write("digikala.md", THREE_PROBLEMS.replace("📜📞🔧🎉❌", "📜"));
    repo.commit_all("resume sent");
    std::fs::create_dir_all(repo.path().join("digikala")).unwrap();
    repo.git(&["mv", "digikala.md", "digikala/digikala.md"]);
    repo.commit_all("move into a folder");
    repo.write(
        "digikala/digikala.md",
        THREE_PROBLEMS.replace("📜📞🔧🎉❌", "📜📞🔧❌"),
    );
    repo.commit_all("rejected");
    std::fs::create_dir_all(repo.path().join("src")).unwrap();
    repo.git(&["mv", "digikala", "src/digikala"]);
    repo.commit_all("move under src");
    repo.write("other.md", THREE_PROBLEMS.replace("Acme", "Other"));
    repo.commit_all("another write-up");

    let output = jobmark(repo.path(), &["history", "--format", "json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let history: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let documents = history["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 2, "{history:#}");
    let digikala = documents
        .iter()
        .find(|d| d["path"] == "src/digikala/digikala.md")
        .expect("one timeline for digikala");
    assert_eq!(
        digikala["paths"],
        serde_json::json!([
            "digikala.md",
            "digikala/digikala.md",
            "src/digikala/digikala.md"
        ])
    );
    assert_eq!(digikala["versions"].as_array().unwrap().len(), 5);
    let statuses: Vec<_> = digikala["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["write_up"]["status"].clone())
        .collect();
    assert_eq!(statuses[1], "📜");
    assert_eq!(statuses[4], "📜📞🔧❌");
    assert_eq!(
        digikala["versions"][0]["write_up"],
        serde_json::Value::Null,
        "the empty placeholder is not a write-up yet"
    );

    let human = String::from_utf8(jobmark(repo.path(), &["history"]).stdout).unwrap();
    assert!(
        human.contains("paths: digikala.md → digikala/digikala.md → src/digikala/digikala.md"),
        "{human}"
    );
    assert!(human.contains("status 📜 → 📜📞🔧❌"), "{human}");
}

#[test]
fn shallow_clone_history_says_so() {
    let repo = TestRepo::init();
    for i in 0..4 {
        repo.write(
            "acme.md",
            THREE_PROBLEMS.replace("4/10", &format!("{i}/10")),
        );
        repo.commit_all(&format!("edit {i}"));
    }
    let (_parent, clone) = repo.clone_with(&["--depth", "2"]);
    let output = jobmark(&clone, &["history"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("shallow clone"), "{text}");
    assert!(text.contains("acme.md: 2 versions"), "{text}");
}

#[test]
fn staged_checks_only_what_the_commit_changes() {
    let repo = TestRepo::init();
    // An old broken write-up nobody touches.
    repo.write("old.md", THREE_PROBLEMS);
    repo.commit_all("old");
    repo.write(
        "new.md",
        THREE_PROBLEMS
            .replace("🎉", "")
            .replace("IDK", "1402.08.20")
            .replace("#4caf50", "#f44336"),
    );
    repo.git(&["add", "new.md"]);
    let output = jobmark(repo.path(), &["check", "--staged", "--format", "json"]);
    assert!(
        json_findings(&output).is_empty(),
        "old.md is not part of this commit"
    );
    assert_eq!(output.status.code(), Some(0));
    // The first commit of a repository changes every staged file.
    let fresh = TestRepo::init();
    fresh.write("a.md", THREE_PROBLEMS);
    fresh.git(&["add", "a.md"]);
    let output = jobmark(fresh.path(), &["check", "--staged", "--format", "json"]);
    assert_eq!(codes(&json_findings(&output)), ["JM202", "JM304", "JM504"]);
}
