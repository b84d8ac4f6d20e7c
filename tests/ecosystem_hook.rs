//! The plain git hook and the pre-commit manifest, as `docs/ci.md` tells
//! users to set them up: the documented `jobmark hook install` command is
//! run in a scripted repository, then real `git commit`s go through the
//! hook it wrote.
//!
//! The pre-commit framework itself is not run: its `language: rust` hooks
//! are installed by cloning the hook repository and `cargo install`ing it
//! (a release build that fetches crates), which a test without network
//! cannot do. The manifest and the documented config are checked here for
//! what they promise (hook ids, entries, file patterns), and
//! `.ci/lint-workflows` validates both with `pre-commit validate-*`.

#[path = "support/snippets.rs"]
mod snippets;
mod support;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::TestRepo;

const GOOD: &str = include_str!("../examples/src/zalando/rust-platform-engineer.md");

fn bad() -> String {
    let bad = GOOD.replace("(https://zalando.com/)", "(zalando.com)");
    assert_ne!(bad, GOOD);
    bad
}

fn jobmark_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_jobmark"))
}

/// PATH with the built binary's directory first, as after `cargo install`.
fn path_with_jobmark() -> OsString {
    let dir = jobmark_bin().parent().expect("bin dir").to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(dir).chain(std::env::split_paths(&rest)))
        .expect("join PATH")
}

/// PATH without any directory that holds a `jobmark`.
fn path_without_jobmark() -> OsString {
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::env::split_paths(&rest).filter(|d| !d.join("jobmark").exists()))
        .expect("join PATH")
}

/// Run a shell command line in `dir`, in the tests' isolated git
/// environment, with `path` as PATH.
fn sh(dir: &Path, line: &str, path: &OsString) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(line)
        .current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .env("HOME", dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada Author")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Cy Committer")
        .env("GIT_COMMITTER_EMAIL", "cy@example.com")
        .env("GIT_AUTHOR_DATE", "1700000000 +0000")
        .env("GIT_COMMITTER_DATE", "1700000000 +0000")
        .output()
        .expect("sh runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The shell commands of the pre-commit section of docs/ci.md.
fn documented_commands() -> Vec<String> {
    snippets::only_block(&snippets::ci_doc(), "pre-commit", "sh")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// A repository with one committed write-up and the documented hook
/// installed by the documented command.
fn repo_with_documented_hook() -> TestRepo {
    let t = TestRepo::init();
    t.write("src/acme/rust-engineer.md", GOOD);
    t.commit_all("first write-up");
    let commands = documented_commands();
    assert_eq!(commands, ["jobmark hook install"], "docs/ci.md changed");
    for line in &commands {
        let out = sh(t.path(), line, &path_with_jobmark());
        assert!(out.status.success(), "`{line}` failed: {}", text(&out));
    }
    t
}

fn head(t: &TestRepo) -> String {
    t.git(&["rev-parse", "HEAD"])
}

#[test]
fn documented_install_writes_an_executable_hook() {
    let t = repo_with_documented_hook();
    let hook = t.path().join(".git/hooks/pre-commit");
    let script = std::fs::read_to_string(&hook).expect("hook written");
    assert!(script.starts_with("#!/bin/sh\n# jobmark pre-commit hook"));
    assert!(script.contains("check --staged"), "{script}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&hook).expect("stat").permissions().mode();
        assert_eq!(mode & 0o111, 0o111, "executable: {mode:o}");
    }
    // Installing again over its own hook needs no --force.
    let again = sh(t.path(), "jobmark hook install", &path_with_jobmark());
    assert!(again.status.success(), "{}", text(&again));
}

#[test]
fn a_bad_staged_write_up_blocks_the_commit_with_the_diagnostic() {
    let t = repo_with_documented_hook();
    let before = head(&t);
    t.write("src/acme/rust-engineer.md", bad());
    t.git(&["add", "-A"]);
    let out = sh(
        t.path(),
        "git commit -q -m 'break it'",
        &path_with_jobmark(),
    );
    let shown = text(&out);
    assert!(!out.status.success(), "commit went through: {shown}");
    assert!(shown.contains("JM107 company-link"), "{shown}");
    assert!(shown.contains("is not an absolute http(s) URL"), "{shown}");
    assert!(shown.contains("src/acme/rust-engineer.md:1:"), "{shown}");
    assert_eq!(head(&t), before, "no commit was made");

    // Fixed in the work tree but not staged: still blocked, because the
    // hook checks what is being committed.
    t.write(
        "src/acme/rust-engineer.md",
        GOOD.replace("small parser.", "small parser, in 45 minutes."),
    );
    let out = sh(
        t.path(),
        "git commit -q -m 'break it'",
        &path_with_jobmark(),
    );
    assert!(!out.status.success(), "unstaged fix let it through");
    assert_eq!(head(&t), before);

    // Staging the fix lets it through.
    t.git(&["add", "-A"]);
    t.write("src/new/other.md", bad()); // untracked: not committed, not checked
    let out = sh(t.path(), "git commit -q -m 'fine'", &path_with_jobmark());
    assert!(out.status.success(), "{}", text(&out));
    assert_ne!(head(&t), before);
}

#[test]
fn a_good_write_up_commits_and_commit_a_is_checked_too() {
    let t = repo_with_documented_hook();
    let first = head(&t);
    t.write(
        "src/acme/rust-engineer.md",
        GOOD.replace("small parser.", "small parser, in 45 minutes."),
    );
    t.write("src/beta/rust-engineer.md", GOOD);
    t.git(&["add", "-A"]);
    let out = sh(t.path(), "git commit -q -m 'more'", &path_with_jobmark());
    assert!(out.status.success(), "{}", text(&out));
    let second = head(&t);
    assert_ne!(second, first);

    // `git commit -a` stages into a temporary index the hook must read.
    t.write("src/beta/rust-engineer.md", bad());
    let out = sh(t.path(), "git commit -q -a -m 'oops'", &path_with_jobmark());
    assert!(!out.status.success(), "commit -a went through");
    assert!(text(&out).contains("src/beta/rust-engineer.md"));
    assert_eq!(head(&t), second);
}

#[test]
fn the_hook_falls_back_to_the_installing_binary_without_jobmark_on_path() {
    let t = repo_with_documented_hook();
    let before = head(&t);
    t.write("src/acme/rust-engineer.md", bad());
    t.git(&["add", "-A"]);
    let out = sh(t.path(), "git commit -q -m 'x'", &path_without_jobmark());
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("JM107 company-link"), "{}", text(&out));
    assert_eq!(head(&t), before);
}

#[test]
fn a_foreign_hook_is_kept_without_force_and_replaced_with_it() {
    let t = TestRepo::init();
    t.write("src/acme/rust-engineer.md", GOOD);
    t.commit_all("first");
    let hook = t.path().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).expect("hooks dir");
    let theirs = "#!/bin/sh\n# someone's own checks\nexit 0\n";
    std::fs::write(&hook, theirs).expect("write hook");

    let out = sh(t.path(), "jobmark hook install", &path_with_jobmark());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--force"), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&hook).unwrap(), theirs, "untouched");

    let out = sh(
        t.path(),
        "jobmark hook install --force",
        &path_with_jobmark(),
    );
    assert!(out.status.success(), "{}", text(&out));
    let ours = std::fs::read_to_string(&hook).unwrap();
    assert!(ours.contains("# jobmark pre-commit hook"), "{ours}");

    // And it is really in force now.
    t.write("src/acme/rust-engineer.md", bad());
    t.git(&["add", "-A"]);
    let out = sh(t.path(), "git commit -q -m x", &path_with_jobmark());
    assert!(!out.status.success(), "{}", text(&out));
}

/// The `- id: NAME` entries of `.pre-commit-hooks.yaml` with their
/// `key: value` lines (flat, as the manifest is written).
fn manifest_hooks() -> Vec<Vec<(String, String)>> {
    let manifest = snippets::crate_file(".pre-commit-hooks.yaml");
    let mut hooks: Vec<Vec<(String, String)>> = Vec::new();
    for line in manifest.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let entry = if let Some(rest) = line.strip_prefix("- ") {
            hooks.push(Vec::new());
            rest
        } else {
            line.trim()
        };
        let (key, value) = entry.split_once(':').expect("key: value");
        hooks
            .last_mut()
            .expect("a hook")
            .push((key.trim().into(), value.trim().into()));
    }
    hooks
}

fn field<'a>(hook: &'a [(String, String)], key: &str) -> &'a str {
    hook.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("hook without `{key}`: {hook:?}"))
}

#[test]
fn documented_pre_commit_config_names_hooks_of_the_manifest() {
    let hooks = manifest_hooks();
    let ids: Vec<&str> = hooks.iter().map(|h| field(h, "id")).collect();
    assert_eq!(ids, ["jobmark", "jobmark-fix"]);
    let check = &hooks[0];
    assert_eq!(field(check, "entry"), "jobmark check --staged");
    assert_eq!(field(check, "pass_filenames"), "false");
    let fix = &hooks[1];
    assert_eq!(field(fix, "entry"), "jobmark check --fix --force-exclude");
    assert_eq!(field(fix, "pass_filenames"), "true");
    for hook in &hooks {
        assert_eq!(field(hook, "language"), "rust");
        let files = regex::Regex::new(field(hook, "files")).expect("files is a regex");
        assert!(files.is_match("src/acme/rust-engineer.md"));
        assert!(files.is_match("notes.markdown"));
        assert!(!files.is_match("book/index.html"));
    }

    let config = snippets::only_block(&snippets::ci_doc(), "pre-commit", "yaml");
    let repo_line = config
        .lines()
        .find_map(|l| l.trim().strip_prefix("- repo:"))
        .expect("a repo");
    let cargo = snippets::crate_file("Cargo.toml");
    assert!(
        cargo.contains(&format!("repository = \"{}\"", repo_line.trim())),
        "the documented repo is the crate's repository: {repo_line}"
    );
    for id in config
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- id:"))
    {
        assert!(ids.contains(&id.trim()), "docs name unknown hook `{id}`");
    }
    // The documented hook checks the staged content, as the entry of the
    // manifest's first hook does; the binary accepts that command line.
    let out = Command::new(jobmark_bin())
        .args(["check", "--staged", "--help"])
        .output()
        .expect("run jobmark");
    assert!(out.status.success(), "{}", text(&out));
}
