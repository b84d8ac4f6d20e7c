//! Scripted git repositories for the integration tests.
//!
//! Every git command runs with an isolated environment set on the command
//! itself (no global/system config, fixed identity, fixed dates advancing
//! by one minute per command), so the tests pass on a clean CI machine with
//! no git identity and give the same commit ids every run.

#![allow(dead_code)] // each test binary uses a different subset

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Base of the fake clock: 2023-11-14T22:13:20Z.
const EPOCH: u64 = 1_700_000_000;

pub struct TestRepo {
    dir: tempfile::TempDir,
    clock: Cell<u64>,
}

impl TestRepo {
    /// A fresh repository with branch `main` and an isolated environment.
    pub fn init() -> TestRepo {
        let repo = TestRepo::empty_dir();
        repo.git(&["init", "-q"]);
        repo
    }

    /// A temp dir that is not a repository yet (for clones).
    pub fn empty_dir() -> TestRepo {
        TestRepo {
            dir: tempfile::tempdir().expect("temp dir"),
            clock: Cell::new(0),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Run git in the repository root; panics with git's stderr on failure.
    pub fn git(&self, args: &[&str]) -> String {
        self.git_in(self.path(), args)
    }

    /// Run git in `dir` (e.g. a sibling clone) with this repo's clock.
    pub fn git_in(&self, dir: &Path, args: &[&str]) -> String {
        self.git_env(dir, &[], args)
    }

    /// Run git in `dir` with extra environment variables on top of the
    /// isolated set (e.g. `GIT_INDEX_FILE`).
    pub fn git_env(&self, dir: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
        let tick = self.clock.get() + 1;
        self.clock.set(tick);
        let date = format!("{} +0000", EPOCH + tick * 60);
        let out = Command::new("git")
            .current_dir(dir)
            .args([
                "-c",
                "init.defaultBranch=main",
                "-c",
                "core.autocrlf=false",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_AUTHOR_NAME", "Ada Author")
            .env("GIT_AUTHOR_EMAIL", "ada@example.com")
            .env("GIT_COMMITTER_NAME", "Cy Committer")
            .env("GIT_COMMITTER_EMAIL", "cy@example.com")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .envs(env.iter().copied())
            .output()
            .expect("git must be installed to run the tests");
        assert!(
            out.status.success(),
            "git {args:?} failed in {}:\n{}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Write `bytes` to the repo-relative `path`, creating directories.
    pub fn write(&self, path: &str, bytes: impl AsRef<[u8]>) {
        let full = self.path().join(path);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir).expect("create dirs");
        }
        std::fs::write(full, bytes).expect("write file");
    }

    /// `git add -A && git commit -m MSG`, returning the new commit id.
    pub fn commit_all(&self, msg: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", msg]);
        self.git(&["rev-parse", "HEAD"])
    }

    /// `git clone ARGS... <this repo> <new temp dir>`; the clone shares
    /// this repo's clock.
    pub fn clone_with(&self, args: &[&str]) -> (tempfile::TempDir, PathBuf) {
        let parent = tempfile::tempdir().expect("temp dir");
        let target = parent.path().join("clone");
        let source = format!("file://{}", self.path().display());
        let mut all: Vec<&str> = vec!["clone", "-q"];
        all.extend_from_slice(args);
        let target_str = target.to_str().expect("temp paths are UTF-8");
        all.push(&source);
        all.push(target_str);
        self.git_in(parent.path(), &all);
        (parent, target)
    }
}
