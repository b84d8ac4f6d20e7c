//! The GitHub Action, run locally: `scripts/action-entry.sh` (what
//! `action.yml` runs) against a scripted repository, with a fake event file
//! and a fake step summary, using the inputs of the workflow that
//! `docs/ci.md` tells users to copy.
//!
//! The script runs in a cleared environment (so a CI runner's own
//! `GITHUB_*` variables cannot leak in) and with no network.

#[path = "support/snippets.rs"]
mod snippets;
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::TestRepo;

/// A clean write-up (no finding at all).
const GOOD: &str = include_str!("../examples/src/zalando/rust-platform-engineer.md");

/// The workflow users copy from the README.
fn documented_workflow() -> String {
    snippets::only_block(&snippets::ci_doc(), "GitHub Action", "yaml")
}

/// The `with:` inputs the documented workflow passes to the action.
fn documented_inputs() -> Vec<(String, String)> {
    snippets::nested_map(&documented_workflow(), "uses: jobmark/jobmark@", "with:")
}

struct ActionRun {
    status: i32,
    stdout: String,
    stderr: String,
    summary: String,
}

impl ActionRun {
    /// The workflow-command lines (annotations) the step printed.
    fn annotations(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|l| l.starts_with("::error ") || l.starts_with("::warning "))
            .collect()
    }
}

/// Run the entry script in `workdir` as the action would on `event`,
/// with `inputs` given as the action's input names (`fail-on`, ...).
fn run_action(
    workdir: &Path,
    event: &str,
    event_json: &str,
    inputs: &[(String, String)],
) -> ActionRun {
    let scratch = tempfile::tempdir().expect("temp dir");
    let event_path = scratch.path().join("event.json");
    std::fs::write(&event_path, event_json).expect("write event");
    let summary_path = scratch.path().join("step-summary.md");
    std::fs::write(&summary_path, "output of an earlier step\n").expect("write summary");
    let script: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/action-entry.sh");
    let mut command = Command::new("bash");
    command
        .arg(&script)
        .current_dir(workdir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", scratch.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("JOBMARK_BIN", env!("CARGO_BIN_EXE_jobmark"))
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_EVENT_NAME", event)
        .env("GITHUB_EVENT_PATH", &event_path)
        .env("GITHUB_STEP_SUMMARY", &summary_path);
    for (name, value) in inputs {
        // What action.yml's `env:` does for each input it passes on.
        command.env(
            format!("INPUT_{}", name.to_uppercase().replace('-', "_")),
            value,
        );
    }
    let out = command.output().expect("bash runs");
    ActionRun {
        status: out.status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        summary: std::fs::read_to_string(&summary_path).expect("read summary"),
    }
}

fn pull_request_event(base: &str, head: &str) -> String {
    format!(
        r#"{{"action":"opened","number":7,"pull_request":{{"number":7,"base":{{"ref":"main","sha":"{base}"}},"head":{{"ref":"pr","sha":"{head}"}}}}}}"#
    )
}

fn with_input(inputs: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    let mut changed: Vec<(String, String)> =
        inputs.iter().filter(|(n, _)| n != name).cloned().collect();
    changed.push((name.to_string(), value.to_string()));
    changed
}

/// A repository of write-ups under `src/` (the documented `paths`):
/// on `main`, a clean write-up and one with an old error (a company link
/// that is not a URL); on branch `pr`, a commit `warn` that misspells an
/// apply channel (warning) and touches the old file harmlessly, then a
/// commit `err` that writes an impossible date (error).
struct PrRepo {
    repo: TestRepo,
    base: String,
    warn: String,
    err: String,
}

fn pr_repo() -> PrRepo {
    let repo = TestRepo::init();
    let old_broken = GOOD.replace("(https://zalando.com/)", "(zalando.com)");
    assert_ne!(old_broken, GOOD);
    repo.write("src/acme/rust-engineer.md", GOOD);
    repo.write("src/old/broken.md", &old_broken);
    repo.write("README.md", "# My interviews\n");
    let base = repo.commit_all("write-ups");
    repo.git(&["checkout", "-q", "-b", "pr"]);
    let misspelt = GOOD.replace("\nLinkedIn\n", "\nLinkedin\n");
    assert_ne!(misspelt, GOOD);
    repo.write("src/acme/rust-engineer.md", &misspelt);
    repo.write(
        "src/old/broken.md",
        old_broken.replace("small parser.", "small parser, in 45 minutes."),
    );
    let warn = repo.commit_all("acme: channel; old: note");
    let bad_date = misspelt.replace("2025/07/08", "2025/06/31");
    assert_ne!(bad_date, misspelt);
    repo.write("src/acme/rust-engineer.md", &bad_date);
    let err = repo.commit_all("acme: HR call date");
    PrRepo {
        repo,
        base,
        warn,
        err,
    }
}

#[test]
fn documented_workflow_uses_inputs_the_action_has_and_full_history() {
    let workflow = documented_workflow();
    let action = snippets::crate_file("action.yml");
    let inputs = snippets::action_inputs(&action);
    assert_eq!(
        inputs,
        ["paths", "args", "version", "fail-on"],
        "action.yml inputs"
    );
    let used = documented_inputs();
    assert!(!used.is_empty(), "the README example passes inputs");
    for (name, _) in &used {
        assert!(
            inputs.contains(name),
            "docs/ci.md passes `{name}`, which action.yml does not declare"
        );
    }
    // The inputs the entry script reads reach it through action.yml's env.
    for name in ["paths", "args", "fail-on"] {
        let line = format!(
            "INPUT_{}: ${{{{ inputs.{name} }}}}",
            name.to_uppercase().replace('-', "_")
        );
        assert!(action.contains(&line), "action.yml lacks `{line}`");
    }
    assert!(action.contains("scripts/action-entry.sh"));
    let checkout = snippets::nested_map(&workflow, "uses: actions/checkout@", "with:");
    assert!(
        checkout.contains(&("fetch-depth".to_string(), "0".to_string())),
        "the README checkout must fetch the whole history: {checkout:?}"
    );
    assert!(workflow.contains("pull_request"), "{workflow}");
}

#[test]
fn pull_request_annotates_only_what_it_introduced_and_writes_the_summary() {
    let t = pr_repo();
    let run = run_action(
        t.repo.path(),
        "pull_request",
        &pull_request_event(&t.base, &t.err),
        &documented_inputs(),
    );
    assert_eq!(run.status, 1, "an error fails the step\n{}", run.stderr);
    let annotations = run.annotations();
    assert_eq!(annotations.len(), 2, "{}", run.stdout);
    assert!(annotations.iter().any(|a| a
        .starts_with("::error file=src/acme/rust-engineer.md,line=18,")
        && a.contains("title=JM302 invalid-date::")
        && a.contains("2025/06/31")));
    assert!(annotations.iter().any(|a| a
        .starts_with("::warning file=src/acme/rust-engineer.md,line=13,")
        && a.contains("JM601 channel-spelling")));
    assert!(
        !run.stdout.contains("src/old/broken.md"),
        "the old error of a file the PR touched is not the PR's: {}",
        run.stdout
    );

    // Appended after what earlier steps wrote, with the per-rule table.
    assert!(run
        .summary
        .starts_with("output of an earlier step\n## jobmark"));
    assert!(
        run.summary.contains("**1 error, 1 warning**"),
        "{}",
        run.summary
    );
    assert!(run.summary.contains("| Rule | Name | Findings | Fixable |"));
    assert!(run
        .summary
        .contains("[JM302](https://github.com/jobmark/jobmark/blob/main/docs/rules.md#JM302)"));
    assert!(run
        .summary
        .contains("| src/acme/rust-engineer.md | 1 | 1 |"));
    assert!(!run.summary.contains("JM107"), "{}", run.summary);
}

#[test]
fn fail_on_sets_the_exit_code() {
    let t = pr_repo();
    let documented = documented_inputs();
    let warn_only = pull_request_event(&t.base, &t.warn);
    let with_error = pull_request_event(&t.base, &t.err);
    let dir = t.repo.path();

    // A warning is shown but passes at the documented `fail-on: error`...
    let run = run_action(dir, "pull_request", &warn_only, &documented);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.annotations().len(), 1, "{}", run.stdout);
    assert!(run.annotations()[0].starts_with("::warning "));
    // ...and fails at `warning`.
    let strict = with_input(&documented, "fail-on", "warning");
    assert_eq!(
        run_action(dir, "pull_request", &warn_only, &strict).status,
        1
    );
    // `never` reports an error and passes.
    let lenient = with_input(&documented, "fail-on", "never");
    let run = run_action(dir, "pull_request", &with_error, &lenient);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run
        .stdout
        .contains("::error file=src/acme/rust-engineer.md"));
    assert!(run.summary.contains("JM302"));
    // A value outside the three is a usage error, not a silent default.
    let wrong = with_input(&documented, "fail-on", "sometimes");
    let run = run_action(dir, "pull_request", &with_error, &wrong);
    assert_eq!(run.status, 2);
    assert!(run
        .stdout
        .contains("fail-on must be error, warning or never"));
}

#[test]
fn push_checks_every_write_up_under_paths() {
    let t = pr_repo();
    let run = run_action(
        t.repo.path(),
        "push",
        r#"{"ref":"refs/heads/pr"}"#,
        &documented_inputs(),
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    let annotations = run.annotations();
    assert!(
        annotations
            .iter()
            .any(|a| a.starts_with("::error file=src/old/broken.md,line=1,")
                && a.contains("JM107 company-link")),
        "the old error is reported on push: {}",
        run.stdout
    );
    assert!(annotations
        .iter()
        .any(|a| a.starts_with("::error file=src/acme/rust-engineer.md,")));
    assert!(!run.stdout.contains("README.md"), "not a write-up");
    assert!(
        run.summary.contains("**2 errors, 1 warning**"),
        "{}",
        run.summary
    );
    assert!(run.summary.contains("| src/old/broken.md | 1 | 0 |"));
}

#[test]
fn shallow_clone_without_the_base_fails_with_a_clear_message() {
    let t = pr_repo();
    // What actions/checkout does without `fetch-depth: 0`.
    let (_keep, clone) = t.repo.clone_with(&["--depth=1", "--branch=pr"]);
    let run = run_action(
        &clone,
        "pull_request",
        &pull_request_event(&t.base, &t.err),
        &documented_inputs(),
    );
    assert_eq!(run.status, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains(&format!("::error title=jobmark action::commit {}", t.base)),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("fetch-depth: 0"));
    assert_eq!(run.summary, "output of an earlier step\n", "no summary");

    // With the full history the same event works in a fresh clone.
    let (_keep_full, full) = t.repo.clone_with(&["--branch=pr"]);
    let run = run_action(
        &full,
        "pull_request",
        &pull_request_event(&t.base, &t.err),
        &documented_inputs(),
    );
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
}

#[test]
fn default_paths_and_args_reach_jobmark_check() {
    let t = pr_repo();
    // No `paths` (default `.`: the whole range) and an `--ignore` in `args`.
    let inputs = vec![("args".to_string(), "--ignore JM601".to_string())];
    let run = run_action(
        t.repo.path(),
        "pull_request",
        &pull_request_event(&t.base, &t.err),
        &inputs,
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    let annotations = run.annotations();
    assert_eq!(annotations.len(), 1, "{}", run.stdout);
    assert!(annotations[0].contains("JM302 invalid-date"));
    assert!(!run.summary.contains("JM601"), "{}", run.summary);

    // A path outside the changes narrows the range to nothing.
    let inputs = vec![("paths".to_string(), "docs".to_string())];
    let run = run_action(
        t.repo.path(),
        "pull_request",
        &pull_request_event(&t.base, &t.err),
        &inputs,
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.annotations().is_empty(), "{}", run.stdout);
}
