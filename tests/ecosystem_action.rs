//! The GitHub Action, run locally: `scripts/action-entry.sh` (what
//! `action.yml` runs) against a scripted repository, with a fake event file
//! and a fake step summary, using the inputs of the workflow that
//! `docs/ci.md` tells users to copy.
//!
//! The script runs in a cleared environment (so a CI runner's own
//! `GITHUB_*` variables cannot leak in) and with no network.
//!
//! The install step (`scripts/action-install.sh`) runs against a fake
//! release served from 127.0.0.1, laid out as the GitHub release with the
//! archive `scripts/build-dist.sh local` built; the fake-event tests then run
//! with the binary it installed (the cargo-built one only when the
//! artefacts are absent outside CI).

#[path = "support/dist.rs"]
mod dist;
#[path = "support/snippets.rs"]
mod snippets;
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use dist::{FileServer, VERSION};

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
    run_action_with_bin(workdir, event, event_json, inputs, &action_binary())
}

/// [`run_action`] with `bin` as the installed jobmark.
fn run_action_with_bin(
    workdir: &Path,
    event: &str,
    event_json: &str,
    inputs: &[(String, String)],
    bin: &Path,
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
        .env("JOBMARK_BIN", bin)
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
        [
            "paths",
            "args",
            "version",
            "fail-on",
            "sarif-file",
            "download-url"
        ],
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
    for name in [
        "paths",
        "args",
        "fail-on",
        "sarif-file",
        "version",
        "download-url",
    ] {
        let line = format!(
            "INPUT_{}: ${{{{ inputs.{name} }}}}",
            name.to_uppercase().replace('-', "_")
        );
        assert!(action.contains(&line), "action.yml lacks `{line}`");
    }
    assert!(action.contains("scripts/action-entry.sh"));
    assert!(action.contains("run: bash \"$GITHUB_ACTION_PATH/scripts/action-install.sh\""));
    // The only `cargo install` is the fallback for a ref without a release.
    let fallback = action
        .find("if: steps.install.outputs.build-from-source == 'true'")
        .expect("a source-build fallback step");
    assert!(action.find("cargo install").expect("fallback builds") > fallback);
    // The documented workflow pins this version's release.
    let used = workflow
        .lines()
        .find_map(|l| l.trim().strip_prefix("- uses: jobmark/jobmark@"))
        .expect("uses: jobmark/jobmark@");
    assert_eq!(used, format!("v{VERSION}"), "docs/ci.md pins this release");
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
        .contains("fail-on must be error, warning, info or never"));
    // `info` is accepted, as the CLI accepts it: a warning is at least info.
    let info = with_input(&documented, "fail-on", "info");
    let run = run_action(dir, "pull_request", &warn_only, &info);
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
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

/// A finished run of the install step.
struct Install {
    output: Output,
    /// GITHUB_OUTPUT's `name=value` lines.
    outputs: Vec<(String, String)>,
}

impl Install {
    fn status(&self) -> i32 {
        self.output.status.code().expect("exit code")
    }
    fn text(&self) -> String {
        format!(
            "{}{}",
            String::from_utf8_lossy(&self.output.stdout),
            String::from_utf8_lossy(&self.output.stderr)
        )
    }
    fn get(&self, name: &str) -> Option<&str> {
        self.outputs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Run `scripts/action-install.sh` as action.yml does on a Linux x64
/// runner whose tool cache is `runner/tool-cache`, with `env` on top.
fn run_install(runner: &Path, env: &[(&str, &str)]) -> Install {
    let temp = runner.join("temp");
    std::fs::create_dir_all(&temp).unwrap();
    let output_file = temp.join(format!("output-{}", std::process::id()));
    let _ = std::fs::remove_file(&output_file);
    let mut command = Command::new("bash");
    command
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/action-install.sh"))
        .current_dir(runner)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", runner)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR"))
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TOOL_CACHE", runner.join("tool-cache"))
        .env("RUNNER_TEMP", &temp)
        .env("GITHUB_OUTPUT", &output_file);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("bash runs");
    let outputs = std::fs::read_to_string(&output_file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    Install { output, outputs }
}

/// A fake release of the local artefacts, served on 127.0.0.1, and the
/// environment that points the install step at it.
struct FakeRelease {
    _root: tempfile::TempDir,
    server: FileServer,
    target: String,
    archive: String,
    release_dir: PathBuf,
}

impl FakeRelease {
    fn new() -> Option<FakeRelease> {
        let dist = dist::dist_dir()?;
        let root = tempfile::tempdir().unwrap();
        let (target, archive) = dist::lay_out_release(&dist, root.path());
        let server = FileServer::start(root.path());
        let release_dir = root.path().join(format!("v{VERSION}"));
        Some(FakeRelease {
            _root: root,
            server,
            target,
            archive,
            release_dir,
        })
    }

    /// The environment of an action used as `jobmark/jobmark@REF`.
    fn env<'a>(&'a self, action_ref: &'a str) -> Vec<(&'a str, &'a str)> {
        vec![
            ("JOBMARK_ACTION_REF", action_ref),
            ("JOBMARK_ACTION_REPOSITORY", "jobmark/jobmark"),
            ("JOBMARK_DOWNLOAD_URL", self.server.base_url.as_str()),
            // What this machine could build; the real runner picks musl.
            ("JOBMARK_TARGET", self.target.as_str()),
        ]
    }
}

/// The binary the fake-event tests run: the one the install step put in a
/// tool cache from the fake release, installed once per test process.
fn action_binary() -> PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY
        .get_or_init(|| {
            let Some(release) = FakeRelease::new() else {
                return PathBuf::from(env!("CARGO_BIN_EXE_jobmark"));
            };
            let runner = tempfile::tempdir().unwrap().keep();
            let tag = format!("v{VERSION}");
            let install = run_install(&runner, &release.env(&tag));
            assert_eq!(install.status(), 0, "{}", install.text());
            // The server thread and the files outlive this function.
            std::mem::forget(release);
            PathBuf::from(install.get("bin").expect("bin output"))
        })
        .clone()
}

#[test]
fn install_step_downloads_verifies_and_caches_the_release_binary() {
    let Some(release) = FakeRelease::new() else {
        return;
    };
    let runner = tempfile::tempdir().unwrap();
    let tag = format!("v{VERSION}");
    let install = run_install(runner.path(), &release.env(&tag));
    assert_eq!(install.status(), 0, "{}", install.text());
    assert!(
        install.text().contains("checksum verified"),
        "{}",
        install.text()
    );
    // Exactly the checksum file and the archive were fetched.
    let mut fetched = release.server.paths();
    fetched.sort();
    assert_eq!(
        fetched,
        [
            format!("/v{VERSION}/SHA256SUMS"),
            format!("/v{VERSION}/{}", release.archive)
        ]
    );
    let bin = PathBuf::from(install.get("bin").expect("bin"));
    let cache = runner
        .path()
        .join("tool-cache/jobmark")
        .join(VERSION)
        .join(&release.target);
    assert_eq!(bin, cache.join("jobmark"));
    let marker = format!("{}.complete", cache.display());
    assert!(
        Path::new(&marker).exists(),
        "the tool cache's completion marker"
    );
    assert_eq!(install.get("version"), Some(VERSION));
    assert_eq!(install.get("build-from-source"), Some("false"));
    let out = Command::new(&bin).arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(&format!("jobmark {VERSION} ")));

    // A second run on the same runner downloads nothing.
    let again = run_install(runner.path(), &release.env(&tag));
    assert_eq!(again.status(), 0, "{}", again.text());
    assert_eq!(release.server.requests(), 2, "{:?}", release.server.paths());
    assert!(
        again.text().contains("from the tool cache"),
        "{}",
        again.text()
    );
    assert_eq!(again.get("bin"), install.get("bin"));
}

#[test]
fn install_step_refuses_a_tampered_archive() {
    let Some(release) = FakeRelease::new() else {
        return;
    };
    let archive = release.release_dir.join(&release.archive);
    let mut bytes = std::fs::read(&archive).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&archive, bytes).unwrap();

    let runner = tempfile::tempdir().unwrap();
    let tag = format!("v{VERSION}");
    let install = run_install(runner.path(), &release.env(&tag));
    assert_eq!(install.status(), 2, "{}", install.text());
    let shown = install.text();
    assert!(
        shown.contains(&format!(
            "::error title=jobmark action::checksum mismatch for {}: SHA256SUMS says ",
            release.archive
        )) && shown.contains("refusing to install it"),
        "{shown}"
    );
    assert!(!shown.contains("checksum verified"), "{shown}");
    assert!(install.get("bin").is_none(), "no binary is handed on");
    // Nothing was unpacked into the tool cache.
    let cache = runner.path().join("tool-cache/jobmark");
    assert!(
        !cache.join(VERSION).exists()
            || std::fs::read_dir(cache.join(VERSION)).unwrap().count() == 0,
        "the tool cache holds something"
    );

    // A checksum file that does not list the archive is refused too.
    std::fs::write(release.release_dir.join("SHA256SUMS"), "").unwrap();
    let install = run_install(runner.path(), &release.env(&tag));
    assert_eq!(install.status(), 2);
    assert!(
        install.text().contains("lists no checksum for"),
        "{}",
        install.text()
    );
}

#[test]
fn install_step_picks_the_release_from_the_version_input_or_the_ref() {
    let Some(release) = FakeRelease::new() else {
        return;
    };
    let runner = tempfile::tempdir().unwrap();
    // A branch ref with a `version` input installs that release.
    let mut env = release.env("main");
    env.push(("INPUT_VERSION", VERSION));
    let install = run_install(runner.path(), &env);
    assert_eq!(install.status(), 0, "{}", install.text());
    assert_eq!(install.get("version"), Some(VERSION));

    // A major alias of the version in the action's Cargo.toml (`@v0`).
    let major = format!("v{}", VERSION.split('.').next().unwrap());
    let fresh = tempfile::tempdir().unwrap();
    let install = run_install(fresh.path(), &release.env(&major));
    assert_eq!(install.status(), 0, "{}", install.text());
    assert_eq!(install.get("version"), Some(VERSION));
    // An alias that does not match it is refused, not guessed.
    let install = run_install(fresh.path(), &release.env("v99"));
    assert_eq!(install.status(), 2, "{}", install.text());
    assert!(install
        .text()
        .contains("does not match the version in its Cargo.toml"));

    // A branch without a version has no release: build from source.
    let before = release.server.requests();
    let install = run_install(fresh.path(), &release.env("main"));
    assert_eq!(install.status(), 0, "{}", install.text());
    assert_eq!(install.get("build-from-source"), Some("true"));
    assert!(install
        .get("cache-key")
        .is_some_and(|k| k.starts_with("jobmark-source-Linux-X64-")));
    assert!(install.get("bin").is_none());
    assert_eq!(release.server.requests(), before, "nothing downloaded");

    // A release that does not exist is a clear error.
    let mut env = release.env("main");
    env.push(("INPUT_VERSION", "9.9.9"));
    let install = run_install(fresh.path(), &env);
    assert_eq!(install.status(), 2);
    assert!(
        install.text().contains("cannot download") && install.text().contains("v9.9.9"),
        "{}",
        install.text()
    );
    let mut env = release.env("main");
    env.push(("INPUT_VERSION", "latest"));
    let install = run_install(fresh.path(), &env);
    assert_eq!(install.status(), 2);
    assert!(install.text().contains("version must be X.Y.Z"));
}

#[test]
fn one_jobmark_run_writes_annotations_summary_and_sarif() {
    let t = pr_repo();
    // Count the runs: a wrapper in front of the binary the action uses.
    let scratch = tempfile::tempdir().unwrap();
    let counter = scratch.path().join("runs");
    let wrapper = scratch.path().join("jobmark");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\necho run >> '{}'\nexec '{}' \"$@\"\n",
            counter.display(),
            action_binary().display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let inputs = with_input(&documented_inputs(), "sarif-file", "reports/jobmark.sarif");
    let run = run_action_with_bin(
        t.repo.path(),
        "pull_request",
        &pull_request_event(&t.base, &t.err),
        &inputs,
        &wrapper,
    );
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        std::fs::read_to_string(&counter).unwrap(),
        "run\n",
        "jobmark ran more than once"
    );
    assert_eq!(run.annotations().len(), 2, "{}", run.stdout);
    assert!(
        run.summary.contains("**1 error, 1 warning**"),
        "{}",
        run.summary
    );
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(t.repo.path().join("reports/jobmark.sarif"))
            .expect("the SARIF file is written"),
    )
    .expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "the same findings as the annotations");
    assert!(results.iter().any(|r| r["ruleId"] == "JM302"));
}

#[test]
fn also_report_names_a_format_and_a_file() {
    let t = pr_repo();
    for (value, message) in [
        ("sarif", "is not FORMAT=FILE"),
        ("sarif=", "names no file"),
        ("xml=out.xml", "invalid value"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_jobmark"))
            .args(["check", "--also-report", value, "src"])
            .current_dir(t.repo.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{value}: {stderr}");
    }
    // Several at once, each complete, besides the report on stdout.
    let run = |also: &str| {
        Command::new(env!("CARGO_BIN_EXE_jobmark"))
            .args(["check", "--format", "concise", "--also-report", also])
            .args(["--also-report", "summary=summary.md", "src"])
            .current_dir(t.repo.path())
            .output()
            .unwrap()
    };
    let out = run("json=findings.json");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("JM107"));
    let summary = std::fs::read_to_string(t.repo.path().join("summary.md")).unwrap();
    assert!(summary.starts_with("## jobmark"), "{summary}");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(t.repo.path().join("findings.json")).unwrap(),
    )
    .unwrap();
    assert!(json.to_string().contains("JM107"));
    // A file that cannot be created is an error naming it, not a silent pass.
    let out = run("json=missing/findings.json");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing/findings.json"));
}
