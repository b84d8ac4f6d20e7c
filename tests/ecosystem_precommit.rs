//! The pre-commit framework with the mirror hooks repository, as a user
//! without Rust meets it: `packaging/pre-commit-mirror/` rendered for this
//! version (what the release workflow pushes), pre-commit installing its
//! `language: python` hooks from the `jobmark` wheel that
//! `scripts/build-dist.sh local` built, served from a local directory
//! (PIP_NO_INDEX, PIP_FIND_LINKS) beside the mirror's build backend, on a
//! PATH with no cargo, rustc or jobmark.

#[path = "support/dist.rs"]
mod dist;
#[path = "support/snippets.rs"]
mod snippets;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dist::VERSION;

const GOOD: &str = include_str!("../examples/src/zalando/rust-platform-engineer.md");

fn bad() -> String {
    let bad = GOOD.replace("(https://zalando.com/)", "(zalando.com)");
    assert_ne!(bad, GOOD);
    bad
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Everything a first use needs: the rendered mirror (a git repository
/// tagged vVERSION), a local package index, an empty PRE_COMMIT_HOME and a
/// PATH without Rust.
struct World {
    scratch: tempfile::TempDir,
    mirror: PathBuf,
    index: PathBuf,
    path: OsString,
}

impl World {
    fn new() -> Option<World> {
        let dist = dist::dist_dir()?;
        let tools = dist::tools_bin("pre-commit")?;
        let wheelhouse = dist::wheelhouse()?;
        let scratch = tempfile::tempdir().unwrap();

        // The local stand-in for PyPI: the jobmark wheel and setuptools.
        let index = scratch.path().join("index");
        std::fs::create_dir_all(&index).unwrap();
        for dir in [&dist, &wheelhouse] {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".whl") {
                    std::fs::copy(entry.path(), index.join(&name)).unwrap();
                }
            }
        }

        // PATH: the tools venv (pre-commit, python) and the system, minus
        // any directory with a Rust toolchain or a jobmark in it.
        let rest = std::env::var_os("PATH").unwrap_or_default();
        let dirs: Vec<PathBuf> = std::iter::once(tools)
            .chain(std::env::split_paths(&rest))
            .filter(|d| {
                !["cargo", "rustc", "rustup", "jobmark"]
                    .iter()
                    .any(|tool| d.join(tool).exists())
            })
            .collect();
        let path = std::env::join_paths(dirs).unwrap();

        let mirror = scratch.path().join("jobmark-pre-commit");
        let world = World {
            mirror,
            index,
            path,
            scratch,
        };
        let out = world.sh(
            world.scratch.path(),
            &format!(
                "bash '{}' {VERSION} '{}'",
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("scripts/render-pre-commit-mirror.sh")
                    .display(),
                world.mirror.display()
            ),
        );
        assert!(out.status.success(), "{}", text(&out));
        let out = world.sh(
            &world.mirror,
            &format!("git init -q && git add -A && git commit -q -m 'jobmark {VERSION}' && git tag v{VERSION}"),
        );
        assert!(out.status.success(), "{}", text(&out));
        Some(world)
    }

    /// Run a shell command line in `dir` in the isolated environment.
    fn sh(&self, dir: &Path, line: &str) -> Output {
        let home = self.scratch.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        let find_links = self.index.display().to_string();
        Command::new("sh")
            .arg("-c")
            .arg(line)
            .current_dir(dir)
            .env_clear()
            .env("PATH", &self.path)
            .env("HOME", &home)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Ada Author")
            .env("GIT_AUTHOR_EMAIL", "ada@example.com")
            .env("GIT_COMMITTER_NAME", "Cy Committer")
            .env("GIT_COMMITTER_EMAIL", "cy@example.com")
            .env(
                "PRE_COMMIT_HOME",
                self.scratch.path().join("pre-commit-home"),
            )
            .env("PIP_NO_INDEX", "1")
            .env("PIP_FIND_LINKS", find_links)
            .env("PIP_CONFIG_FILE", "/dev/null")
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
            .env("VIRTUALENV_NO_PERIODIC_UPDATE", "1")
            .output()
            .expect("sh runs")
    }

    /// A repository of write-ups with one clean write-up and a README
    /// committed.
    fn repo(&self, name: &str) -> PathBuf {
        let repo = self.scratch.path().join(name);
        std::fs::create_dir_all(repo.join("src/acme")).unwrap();
        std::fs::write(repo.join("src/acme/rust-engineer.md"), GOOD).unwrap();
        std::fs::write(repo.join("README.md"), "# My interviews\n").unwrap();
        let out = self.sh(
            &repo,
            "git init -q -b main && git add -A && git commit -q -m first",
        );
        assert!(out.status.success(), "{}", text(&out));
        repo
    }

    fn head(&self, repo: &Path) -> String {
        String::from_utf8(self.sh(repo, "git rev-parse HEAD").stdout).unwrap()
    }
}

/// The documented .pre-commit-config.yaml with its `repo:` pointed at the
/// local mirror.
fn documented_config(mirror: &Path) -> String {
    let config = snippets::only_block(&snippets::ci_doc(), "pre-commit", "yaml");
    let repository = snippets::crate_file("Cargo.toml")
        .lines()
        .find_map(|l| l.strip_prefix("repository = \""))
        .and_then(|r| r.strip_suffix('"'))
        .expect("repository")
        .to_string();
    let mirror_url = format!("{repository}-pre-commit");
    assert!(
        config.contains(&format!("- repo: {mirror_url}\n")),
        "docs/ci.md points at the mirror {mirror_url}:\n{config}"
    );
    assert!(
        config.contains(&format!("rev: v{VERSION}\n")),
        "docs/ci.md pins this version:\n{config}"
    );
    config.replace(&mirror_url, &mirror.display().to_string())
}

#[test]
fn the_path_has_no_rust() {
    let Some(world) = World::new() else { return };
    let out = world.sh(
        world.scratch.path(),
        "command -v cargo || command -v rustc || command -v jobmark",
    );
    assert!(!out.status.success(), "found: {}", text(&out));
    let out = world.sh(world.scratch.path(), "pre-commit --version");
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn try_repo_blocks_a_broken_write_up_and_passes_a_clean_one() {
    let Some(world) = World::new() else { return };
    let repo = world.repo("try-repo");
    std::fs::write(repo.join("src/acme/rust-engineer.md"), bad()).unwrap();
    std::fs::write(repo.join("src/acme/notes.txt"), "not markdown\n").unwrap();
    world.sh(&repo, "git add -A");
    let try_repo = format!(
        "pre-commit try-repo '{}' jobmark --ref v{VERSION}",
        world.mirror.display()
    );
    let out = world.sh(&repo, &try_repo);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(shown.contains("JM107"), "{shown}");
    assert!(shown.contains("src/acme/rust-engineer.md"), "{shown}");

    std::fs::write(
        repo.join("src/acme/rust-engineer.md"),
        GOOD.replace("small parser.", "small parser, in 45 minutes."),
    )
    .unwrap();
    world.sh(&repo, "git add -A");
    let out = world.sh(&repo, &try_repo);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("jobmark"), "{}", text(&out));
}

#[test]
fn installed_hooks_block_the_commit_and_run_all_files_checks_everything() {
    let Some(world) = World::new() else { return };
    let repo = world.repo("installed");
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        documented_config(&world.mirror),
    )
    .unwrap();
    let out = world.sh(
        &repo,
        "git add -A && git commit -q -m config && pre-commit install",
    );
    assert!(out.status.success(), "{}", text(&out));
    let before = world.head(&repo);

    // A broken write-up does not get committed.
    std::fs::create_dir_all(repo.join("src/beta")).unwrap();
    std::fs::write(repo.join("src/beta/engineer.md"), bad()).unwrap();
    let out = world.sh(&repo, "git add -A && git commit -q -m 'add beta'");
    let shown = text(&out);
    assert!(!out.status.success(), "the commit went through: {shown}");
    assert!(shown.contains("JM107"), "{shown}");
    assert_eq!(world.head(&repo), before, "no commit was made");

    // A clean one does.
    std::fs::write(repo.join("src/beta/engineer.md"), GOOD).unwrap();
    let out = world.sh(&repo, "git add -A && git commit -q -m 'add beta'");
    assert!(out.status.success(), "{}", text(&out));
    assert_ne!(world.head(&repo), before);

    // A broken write-up committed without the hook is caught by
    // --all-files (what pre-commit.ci runs), though nothing is staged.
    std::fs::write(repo.join("src/acme/rust-engineer.md"), bad()).unwrap();
    let out = world.sh(
        &repo,
        "git add -A && git commit -q --no-verify -m 'sneak it in'",
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = world.sh(&repo, "pre-commit run --all-files");
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("src/acme/rust-engineer.md") && shown.contains("JM107"),
        "{shown}"
    );
    // ...and the clean repository passes.
    std::fs::write(repo.join("src/acme/rust-engineer.md"), GOOD).unwrap();
    let out = world.sh(&repo, "git add -A && pre-commit run --all-files");
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn the_fix_hook_fixes_and_stops_the_commit_for_review() {
    let Some(world) = World::new() else { return };
    let repo = world.repo("fix");
    // Misspelt apply channel: a warning with a safe fix.
    let misspelt = GOOD.replace("\nLinkedIn\n", "\nLinkedin\n");
    assert_ne!(misspelt, GOOD);
    std::fs::write(repo.join("src/acme/rust-engineer.md"), &misspelt).unwrap();
    world.sh(&repo, "git add -A");
    let out = world.sh(
        &repo,
        &format!(
            "pre-commit try-repo '{}' jobmark-fix --ref v{VERSION} --all-files",
            world.mirror.display()
        ),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "files were modified: {}",
        text(&out)
    );
    let fixed = std::fs::read_to_string(repo.join("src/acme/rust-engineer.md")).unwrap();
    assert_eq!(fixed, GOOD, "the safe fix restored the canonical spelling");
}
