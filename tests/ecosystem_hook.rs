//! The plain git hook and the pre-commit manifest, as `docs/ci.md` tells
//! users to set them up: the documented `jobmark hook install` command is
//! run in a scripted repository, then real `git commit`s go through the
//! hook it wrote.
//!
//! The pre-commit framework runs in `tests/ecosystem_precommit.rs`, with the
//! mirror's `language: python` hooks installed from the local wheel. This
//! repository's own manifest (`language: rust`, built from source, which a
//! test without network cannot do) is checked here to offer the same hooks
//! as the mirror; `.ci/lint-workflows` validates both manifests.

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
fn manifest_hooks(file: &str) -> Vec<Vec<(String, String)>> {
    let manifest = snippets::crate_file(file);
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
    let hooks = manifest_hooks(".pre-commit-hooks.yaml");
    let mirror = manifest_hooks("packaging/pre-commit-mirror/.pre-commit-hooks.yaml");
    let ids: Vec<&str> = hooks.iter().map(|h| field(h, "id")).collect();
    assert_eq!(ids, ["jobmark", "jobmark-fix"]);
    let check = &hooks[0];
    assert_eq!(field(check, "entry"), "jobmark check --force-exclude");
    let fix = &hooks[1];
    assert_eq!(field(fix, "entry"), "jobmark check --fix --force-exclude");
    for (hook, mirrored) in hooks.iter().zip(&mirror) {
        // File names are passed (the default), only Markdown files.
        assert!(!hook.iter().any(|(k, _)| k == "pass_filenames"), "{hook:?}");
        assert_eq!(field(hook, "types"), "[markdown]");
        assert_eq!(field(hook, "language"), "rust");
        // The mirror offers the same hooks, from the wheel.
        assert_eq!(field(mirrored, "language"), "python");
        for key in ["id", "entry", "types", "require_serial"] {
            assert_eq!(field(hook, key), field(mirrored, key), "{key}");
        }
    }
    assert_eq!(mirror.len(), hooks.len());
    // The mirror's package pins the wheel of its own version.
    let pyproject = snippets::crate_file("packaging/pre-commit-mirror/pyproject.toml");
    assert!(pyproject.contains("version = \"@JOBMARK_VERSION@\""));
    assert!(pyproject.contains("dependencies = [\"jobmark==@JOBMARK_VERSION@\"]"));

    let config = snippets::only_block(&snippets::ci_doc(), "pre-commit", "yaml");
    let repo_line = config
        .lines()
        .find_map(|l| l.trim().strip_prefix("- repo:"))
        .expect("a repo");
    let cargo = snippets::crate_file("Cargo.toml");
    assert!(
        cargo.contains(&format!(
            "repository = \"{}\"",
            repo_line.trim().trim_end_matches("-pre-commit")
        )),
        "the documented repo is the crate's repository's mirror: {repo_line}"
    );
    for id in config
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- id:"))
    {
        assert!(ids.contains(&id.trim()), "docs name unknown hook `{id}`");
    }
    // The binary accepts the hooks' command lines.
    let out = Command::new(jobmark_bin())
        .args(["check", "--fix", "--force-exclude", "--help"])
        .output()
        .expect("run jobmark");
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn the_hook_leaves_colour_to_the_terminal() {
    let t = repo_with_documented_hook();
    let script = std::fs::read_to_string(t.path().join(".git/hooks/pre-commit")).unwrap();
    assert!(!script.contains("--color"), "{script}");
    t.write("src/acme/rust-engineer.md", bad());
    t.git(&["add", "-A"]);
    // Not a terminal (captured, as in a GUI client or CI log): no escapes.
    let out = sh(t.path(), "git commit -q -m x", &path_with_jobmark());
    assert!(!out.status.success());
    let shown = text(&out);
    assert!(shown.contains("JM107"), "{shown}");
    assert!(
        !shown.contains('\u{1b}'),
        "escape codes in a log: {shown:?}"
    );
}

#[test]
fn uninstall_removes_only_jobmarks_hook() {
    let t = repo_with_documented_hook();
    let hook = t.path().join(".git/hooks/pre-commit");
    let out = sh(t.path(), "jobmark hook uninstall", &path_with_jobmark());
    assert!(out.status.success(), "{}", text(&out));
    assert!(!hook.exists(), "the hook is gone");
    // Commits are no longer checked.
    t.write("src/acme/rust-engineer.md", bad());
    t.git(&["add", "-A"]);
    let out = sh(t.path(), "git commit -q -m x", &path_with_jobmark());
    assert!(out.status.success(), "{}", text(&out));
    // Nothing left to remove is not an error.
    let out = sh(t.path(), "jobmark hook uninstall", &path_with_jobmark());
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("nothing to remove"), "{}", text(&out));

    // Someone else's hook is kept, with a clear refusal.
    let theirs = "#!/bin/sh\n# someone's own checks\nexit 0\n";
    std::fs::write(&hook, theirs).unwrap();
    let out = sh(t.path(), "jobmark hook uninstall", &path_with_jobmark());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("was not written by jobmark"),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read_to_string(&hook).unwrap(), theirs);
}

#[test]
fn core_hooks_path_is_where_the_hook_goes() {
    let t = TestRepo::init();
    t.write("src/acme/rust-engineer.md", GOOD);
    t.commit_all("first");
    t.git(&["config", "core.hooksPath", "ci/hooks"]);
    let out = sh(t.path(), "jobmark hook install", &path_with_jobmark());
    assert!(out.status.success(), "{}", text(&out));
    assert!(t.path().join("ci/hooks/pre-commit").is_file());
    assert!(!t.path().join(".git/hooks/pre-commit").exists());
    let before = head(&t);
    t.write("src/acme/rust-engineer.md", bad());
    t.git(&["add", "src"]);
    let out = sh(t.path(), "git commit -q -m x", &path_with_jobmark());
    assert!(!out.status.success(), "git ran the hook: {}", text(&out));
    assert_eq!(head(&t), before);
    let out = sh(t.path(), "jobmark hook uninstall", &path_with_jobmark());
    assert!(out.status.success(), "{}", text(&out));
    assert!(!t.path().join("ci/hooks/pre-commit").exists());
}

#[test]
fn git_dir_and_work_tree_from_the_environment_are_honoured() {
    // A "dotfiles" layout: the repository is a bare-style directory, the
    // work tree elsewhere, joined only by GIT_DIR and GIT_WORK_TREE.
    let scratch = tempfile::tempdir().unwrap();
    let git_dir = scratch.path().join("store.git");
    let work = scratch.path().join("work");
    std::fs::create_dir_all(work.join("src/acme")).unwrap();
    std::fs::write(work.join("src/acme/rust-engineer.md"), GOOD).unwrap();
    let env = format!(
        "GIT_DIR='{}' GIT_WORK_TREE='{}'",
        git_dir.display(),
        work.display()
    );
    let git = |line: &str| {
        let out = sh(
            &work,
            &format!("export {env}; {line}"),
            &path_with_jobmark(),
        );
        (out.status.success(), text(&out))
    };
    let (ok, shown) = git("git init -q && git add -A && git commit -q -m first");
    assert!(ok, "{shown}");
    let (ok, shown) = git("jobmark hook install");
    assert!(ok, "hook install in a GIT_DIR setup: {shown}");
    assert!(git_dir.join("hooks/pre-commit").is_file(), "{shown}");

    // A clean change commits (the hook used to fail on every commit)...
    std::fs::write(
        work.join("src/acme/rust-engineer.md"),
        GOOD.replace("small parser.", "small parser, in 45 minutes."),
    )
    .unwrap();
    let (ok, shown) = git("git commit -q -a -m clean");
    assert!(ok, "a clean commit was blocked: {shown}");
    // ...and a broken one does not.
    std::fs::write(work.join("src/acme/rust-engineer.md"), bad()).unwrap();
    let (ok, shown) = git("git commit -q -a -m broken");
    assert!(!ok, "a broken write-up went through");
    assert!(shown.contains("JM107"), "{shown}");
    let (_, log) = git("git log --format=%s");
    assert_eq!(log.lines().collect::<Vec<_>>(), ["clean", "first"]);
    // From a subdirectory of the work tree as well.
    let out = sh(
        &work.join("src"),
        &format!("export {env}; jobmark check --staged"),
        &path_with_jobmark(),
    );
    assert!(out.status.success(), "{}", text(&out));
}
