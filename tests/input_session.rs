//! One way in (issue 10) and what a repository may make jobmark read
//! (issue 8), through the binary: the candidate policy is the same for the
//! working tree and git, paths mean what git means from a subdirectory,
//! every command honours the repository's pack, and a repository's config
//! can name only small regular files inside the repository.

#[path = "support/bin.rs"]
mod bin;
mod support;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use bin::{broken, clean, files_read, jobmark, stderr, stdout, BIN, MANIFEST};
use support::TestRepo;

#[test]
fn working_tree_and_revision_read_the_same_files() {
    let repo = TestRepo::init();
    for path in [
        "a.md",
        "notes.markdown",
        "src/target/target.md",
        "src/book/deep.md",
        "book/built.md",
        "target/out.md",
        "node_modules/pkg/readme.md",
        "src/node_modules/x.md",
        ".github/template.md",
        "src/.drafts/draft.md",
    ] {
        repo.write(path, clean());
    }
    repo.write("notes.txt", "not markdown");
    repo.commit_all("write-ups and noise");
    let worktree = jobmark(repo.path(), &["-v", "check", "--format", "json"]);
    let revision = jobmark(
        repo.path(),
        &["-v", "check", "--rev", "HEAD", "--format", "json"],
    );
    let expected: BTreeSet<String> = [
        "a.md",
        "notes.markdown",
        "src/book/deep.md",
        "src/target/target.md",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(files_read(&worktree), expected, "{}", stderr(&worktree));
    assert_eq!(files_read(&revision), expected, "{}", stderr(&revision));
    // -v also says why the rest was skipped.
    let log = stderr(&worktree);
    assert!(
        log.contains("skipped book/: build output"),
        "the reason for each skip: {log}"
    );
    assert!(log.contains("skipped notes.txt: not Markdown"), "{log}");
    assert!(log.contains("jobmark: read: "), "phase times: {log}");
    assert!(log.contains("jobmark: lint: "), "phase times: {log}");
}

/// The built-in pack plus one channel, as a repository might declare it.
fn pack_with_extra_channel() -> String {
    let builtin = fs::read_to_string(Path::new(MANIFEST).join("rules/interview.toml")).unwrap();
    format!("{builtin}\n[[channels]]\ncanonical = \"Karboom\"\n")
}

#[test]
fn every_command_honours_the_repository_pack() {
    let repo = TestRepo::init();
    repo.write("pack.toml", pack_with_extra_channel());
    repo.write(".jobmark.toml", "rules = \"pack.toml\"\n");
    let new = jobmark(
        repo.path(),
        &[
            "new",
            "--company",
            "Acme",
            "--url",
            "https://acme.example",
            "--title",
            "Engineer",
            "--date",
            "1404.01.10",
            "--channel",
            "Karboom",
            "-o",
            "acme.md",
        ],
    );
    assert_eq!(new.status.code(), Some(0), "{}", stderr(&new));
    let check = jobmark(repo.path(), &["check", "acme.md", "--format", "concise"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    assert!(!stdout(&check).contains("JM6"), "{}", stdout(&check));
}

#[test]
fn a_path_means_what_git_means_from_a_subdirectory() {
    let repo = TestRepo::init();
    repo.write("src/digikala/digikala.md", clean());
    repo.write("src/other/other.md", clean());
    repo.commit_all("two write-ups");
    let sub = repo.path().join("src/digikala");
    let out = tempfile::tempdir().unwrap();
    let stats = Command::new(BIN)
        .current_dir(&sub)
        .args(["stats", "--rev", "HEAD", "digikala.md", "--out"])
        .arg(out.path().join("page"))
        .output()
        .unwrap();
    assert_eq!(stats.status.code(), Some(0), "{}", stderr(&stats));
    let numbers: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("page/stats.json")).unwrap())
            .unwrap();
    assert_eq!(numbers["documents"], 1, "{}", stderr(&stats));

    let check = jobmark(&sub, &["-v", "check", "--rev", "HEAD", "."]);
    assert_eq!(
        files_read(&check),
        BTreeSet::from(["src/digikala/digikala.md".to_string()]),
        "{}",
        stderr(&check)
    );

    let history = jobmark(&sub, &["history", ".", "--format", "json"]);
    let timelines: serde_json::Value = serde_json::from_slice(&history.stdout).unwrap();
    let paths: Vec<&str> = timelines["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["src/digikala/digikala.md"], "{}", stdout(&history));
}

#[test]
fn the_same_file_named_twice_is_read_and_fixed_once() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), broken()).unwrap();
    let once = jobmark(dir.path(), &["check", "a.md", "--format", "json"]);
    let twice = jobmark(dir.path(), &["check", "a.md", "./a.md", "--format", "json"]);
    assert_eq!(stdout(&once), stdout(&twice));
    let fixed = jobmark(dir.path(), &["check", "a.md", "./a.md", "--fix"]);
    assert_ne!(fixed.status.code(), Some(2), "{}", stderr(&fixed));
    assert!(
        !stderr(&fixed).contains("changed on disk"),
        "{}",
        stderr(&fixed)
    );
}

#[test]
fn an_unreadable_directory_is_reported_and_the_rest_checked() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("locked")).unwrap();
    fs::write(dir.path().join("locked/x.md"), clean()).unwrap();
    fs::write(dir.path().join("a.md"), broken()).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir.path().join("locked"), fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = fs::read_dir(dir.path().join("locked")).is_ok();
    let out = if readable_anyway {
        // Root reads a 0000 directory anyway (CI runs as root): run jobmark
        // as `nobody`, for whom the permission bits hold.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN])
            .args(["check", "--format", "concise"])
            .current_dir(dir.path())
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .output()
            .expect("setpriv (util-linux) runs jobmark as nobody")
    } else {
        jobmark(dir.path(), &["check", "--format", "concise"])
    };
    fs::set_permissions(dir.path().join("locked"), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot read locked"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("a.md:"),
        "the rest is checked: {}",
        stdout(&out)
    );
}

/// Run with a deadline: a jobmark that reads `/dev/zero` never returns.
fn jobmark_within(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().ok();
    panic!("jobmark {args:?} did not finish");
}

#[test]
fn a_repository_config_cannot_read_outside_the_repository() {
    let repo = TestRepo::init();
    repo.write("x.md", clean());
    repo.write(".jobmark.toml", "rules = \"/proc/self/environ\"\n");
    repo.commit_all("hostile config");
    for args in [&["check", "."][..], &["check", "--rev", "HEAD"][..]] {
        let out = jobmark_within(repo.path(), args, &[("SECRET", "hunter2")]);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let text = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!text.contains("hunter2"), "the environment leaked: {text}");
        assert!(text.contains("outside the repository"), "{text}");
    }
    // A config that is itself a symlink out of the repository.
    fs::remove_file(repo.path().join(".jobmark.toml")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", repo.path().join(".jobmark.toml")).unwrap();
    let out = jobmark_within(repo.path(), &["check", "."], &[("SECRET", "hunter2")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("hunter2"), "{}", stderr(&out));
}

#[test]
fn a_pack_must_be_a_small_regular_file() {
    let repo = TestRepo::init();
    repo.write("x.md", clean());
    std::os::unix::fs::symlink("/dev/zero", repo.path().join("zero.toml")).unwrap();
    repo.write(".jobmark.toml", "rules = \"zero.toml\"\n");
    let out = jobmark_within(repo.path(), &["check", "."], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("outside the repository"),
        "{}",
        stderr(&out)
    );
    fs::remove_file(repo.path().join(".jobmark.toml")).unwrap();
    // On the command line any path is allowed, but not a device...
    let out = jobmark_within(repo.path(), &["check", ".", "--rules", "/dev/zero"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
    // ...nor a huge file.
    repo.write("big.toml", "#".repeat(2 * 1024 * 1024));
    let out = jobmark_within(repo.path(), &["check", ".", "--rules", "big.toml"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("larger than 1024 KiB"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn config_discovery_stops_at_the_repository_root() {
    let outer = tempfile::tempdir().unwrap();
    // Someone else's config above the repository selects one rule only.
    fs::write(outer.path().join(".jobmark.toml"), "select = [\"JM101\"]\n").unwrap();
    let inner = outer.path().join("repo");
    fs::create_dir_all(inner.join(".git")).unwrap();
    fs::write(inner.join("a.md"), broken()).unwrap();
    let out = jobmark(&inner, &["check", "--format", "concise"]);
    let codes: BTreeSet<String> = stdout(&out)
        .lines()
        .filter_map(|l| l.split(": ").nth(1))
        .filter_map(|l| l.split_whitespace().next())
        .map(String::from)
        .collect();
    assert!(
        codes.len() > 1,
        "every rule runs, not only JM101: {codes:?}"
    );
}

#[test]
fn git_dir_and_work_tree_are_honoured() {
    let repo = TestRepo::init();
    repo.write("a.md", broken());
    repo.commit_all("one write-up");
    let elsewhere = tempfile::tempdir().unwrap();
    let git_dir = repo.path().join(".git");
    let out = Command::new(BIN)
        .current_dir(elsewhere.path())
        .args(["check", "--rev", "HEAD", "--format", "concise"])
        .env("GIT_DIR", &git_dir)
        .env("GIT_WORK_TREE", repo.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("a.md:"), "{}", stdout(&out));
}

#[test]
fn sha256_repositories_are_read() {
    let repo = TestRepo::empty_dir();
    repo.git(&["init", "-q", "--object-format=sha256"]);
    repo.write("a.md", broken());
    let head = repo.commit_all("one write-up");
    assert_eq!(head.len(), 64, "a SHA-256 commit id");
    let out = jobmark(
        repo.path(),
        &["check", "--rev", "HEAD", "--format", "concise"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("a.md:"), "{}", stdout(&out));
}

#[test]
fn a_revision_is_read_with_its_own_config_and_pack() {
    let repo = TestRepo::init();
    let mut text = clean();
    text = text.replacen("\nJobinja & Site\n", "\nKarboom\n", 1);
    assert!(text.contains("Karboom"), "the example's channel line");
    repo.write("a.md", &text);
    repo.write("pack.toml", pack_with_extra_channel());
    repo.write(".jobmark.toml", "rules = \"pack.toml\"\n");
    repo.commit_all("a write-up with a channel the pack adds");
    // The working tree's config changes after the commit: --rev ignores it.
    repo.write(".jobmark.toml", "select = [\"JM101\"]\n");
    let (_parent, bare) = repo.clone_with(&["--bare"]);
    for dir in [repo.path(), bare.as_path()] {
        let out = jobmark(dir, &["check", "--rev", "HEAD", "--format", "concise"]);
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
        assert!(!stdout(&out).contains("JM6"), "{}", stdout(&out));
    }
    // Without the commit's pack the channel is unknown: the pack was used.
    let empty = tempfile::tempdir().unwrap();
    let no_config = empty.path().join("empty.toml");
    fs::write(&no_config, "").unwrap();
    let builtin = jobmark(
        repo.path(),
        &[
            "check",
            "--rev",
            "HEAD",
            "--format",
            "concise",
            "--config",
            no_config.to_str().unwrap(),
        ],
    );
    assert!(stdout(&builtin).contains("JM6"), "{}", stdout(&builtin));

    // A revision's pack is a regular blob of that revision, inside it.
    for (rules, why) in [
        ("../outside.toml", "outside the repository"),
        ("link.toml", "not a regular file in the revision"),
    ] {
        std::os::unix::fs::symlink("/etc/passwd", repo.path().join("link.toml")).ok();
        repo.write(".jobmark.toml", format!("rules = \"{rules}\"\n"));
        repo.commit_all(rules);
        let out = jobmark(repo.path(), &["check", "--rev", "HEAD"]);
        assert_eq!(out.status.code(), Some(2), "{rules}");
        assert!(stderr(&out).contains(why), "{rules}: {}", stderr(&out));
        assert!(!stderr(&out).contains("root:"), "{}", stderr(&out));
    }
}

#[test]
fn staged_files_are_read_with_the_staged_config_and_pack() {
    let repo = TestRepo::init();
    let mut text = clean();
    text = text.replacen("\nJobinja & Site\n", "\nKarboom\n", 1);
    repo.write("a.md", &text);
    repo.commit_all("a write-up with a channel no pack knows yet");
    // Staged: an edit of the write-up (`--staged` checks what the commit
    // changes), a pack that adds the channel and the config naming it.
    repo.write("a.md", format!("{text}\n"));
    repo.write("pack.toml", pack_with_extra_channel());
    repo.write(".jobmark.toml", "rules = \"pack.toml\"\n");
    repo.git(&["add", "a.md", "pack.toml", ".jobmark.toml"]);
    // On disk only, never staged: a config that would hide the finding
    // either way, and a pack file that is gone.
    repo.write(".jobmark.toml", "select = [\"JM101\"]\n");
    fs::remove_file(repo.path().join("pack.toml")).unwrap();
    let staged = jobmark(repo.path(), &["check", "--staged", "--format", "concise"]);
    assert_eq!(staged.status.code(), Some(0), "{}", stderr(&staged));
    assert!(
        stdout(&staged).contains("in 1 write-up"),
        "{}",
        stdout(&staged)
    );
    assert!(!stdout(&staged).contains("JM6"), "{}", stdout(&staged));

    // Staging a config that drops the pack brings the finding back: the
    // index, not the disk, decides.
    repo.write(".jobmark.toml", "");
    repo.git(&["add", ".jobmark.toml"]);
    repo.write(".jobmark.toml", "rules = \"pack.toml\"\n");
    let out = jobmark(repo.path(), &["check", "--staged", "--format", "concise"]);
    assert!(stdout(&out).contains("JM6"), "{}", stdout(&out));

    // A staged pack is a regular blob of the index.
    std::os::unix::fs::symlink("/etc/passwd", repo.path().join("link.toml")).unwrap();
    repo.write(".jobmark.toml", "rules = \"link.toml\"\n");
    repo.git(&["add", "link.toml", ".jobmark.toml"]);
    let out = jobmark(repo.path(), &["check", "--staged"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not a regular file in the index"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("root:"), "{}", stderr(&out));
}
