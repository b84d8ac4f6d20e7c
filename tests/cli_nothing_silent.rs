//! Issue 11 through the binary: nothing reports success while doing
//! nothing, git ranges and errors read as git users expect, and the help
//! to act on findings (fixable counts, suppressions, stdin).

#[path = "support/bin.rs"]
mod bin;
mod support;

use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use bin::{broken, clean, files_read, jobmark, stderr, stdout, BIN, MANIFEST};
use support::TestRepo;

fn jobmark_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn check_of_a_bare_repository_reads_its_head() {
    let repo = TestRepo::init();
    repo.write("acme.md", broken());
    repo.commit_all("one write-up");
    let (_parent, bare) = repo.clone_with(&["--bare"]);
    // Run somewhere with write-ups of its own: they must not be read.
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("mine.md"), clean()).unwrap();
    let out = jobmark(
        elsewhere.path(),
        &[
            "check",
            "--repo",
            bare.to_str().unwrap(),
            "--format",
            "concise",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("acme.md:"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("mine.md"), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("bare repository: reading the tree of its HEAD"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_of_a_directory_without_write_ups_warns() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "nothing").unwrap();
    let out = jobmark(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0));
    let warning = stderr(&out);
    assert!(
        warning.starts_with("warning: no write-ups found"),
        "{warning}"
    );
    assert!(
        warning.contains("`.md` or `.markdown` file with a `Status` heading"),
        "{warning}"
    );
}

fn stats(dir: &Path, args: &[&str]) -> (Output, serde_json::Value) {
    let out = jobmark(dir, &[&["stats"][..], args].concat());
    let page = args
        .iter()
        .position(|a| *a == "--out")
        .map_or("jobmark-stats", |i| args[i + 1]);
    let numbers = fs::read_to_string(dir.join(page).join("stats.json"))
        .map(|t| serde_json::from_str(&t).unwrap())
        .unwrap_or(serde_json::Value::Null);
    (out, numbers)
}

#[test]
fn stats_year_picks_its_calendar_and_an_empty_filter_warns() {
    let dir = tempfile::tempdir().unwrap();
    let examples = Path::new(MANIFEST).join("examples");
    let (out, numbers) = stats(
        dir.path(),
        &[
            examples.to_str().unwrap(),
            "--year",
            "2025",
            "--out",
            "page",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(numbers["calendar"], "gregorian");
    assert!(
        numbers["documents"].as_u64().unwrap() > 0,
        "2025 is a Gregorian year: {numbers}"
    );
    let (out, numbers) = stats(
        dir.path(),
        &[
            examples.to_str().unwrap(),
            "--year",
            "1999",
            "--out",
            "page",
        ],
    );
    assert_eq!(numbers["documents"], 0);
    assert!(
        stderr(&out).contains("warning: --year 1999 leaves none of the"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn stats_never_reads_its_own_output() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), clean()).unwrap();
    let (first, _) = stats(dir.path(), &[]);
    let (second, _) = stats(dir.path(), &[]);
    let summary = |o: &Output| stderr(o).lines().last().unwrap_or_default().to_string();
    assert_eq!(summary(&first), summary(&second));
    assert!(
        summary(&second)
            .starts_with("1 write-up (1 file read); wrote 9 files into jobmark-stats (the page: jobmark-stats/README.md)"),
        "{}",
        summary(&second)
    );
}

#[test]
fn new_reads_dates_as_check_does() {
    let dir = tempfile::tempdir().unwrap();
    let new = |date: &str, file: &str| {
        jobmark(
            dir.path(),
            &[
                "new",
                "--company",
                "Acme",
                "--url",
                "https://acme.example",
                "--title",
                "T",
                &format!("--date={date}"),
                "-o",
                file,
            ],
        )
    };
    let signed = new("-2023/01/01", "signed.md");
    assert_eq!(signed.status.code(), Some(2), "{}", stderr(&signed));
    assert!(!dir.path().join("signed.md").exists());
    let slashed = new("1402/08/02", "slashed.md");
    assert_eq!(slashed.status.code(), Some(0), "{}", stderr(&slashed));
    let text = fs::read_to_string(dir.path().join("slashed.md")).unwrap();
    assert!(text.contains("1402.08.02"), "{text}");
    let check = jobmark(dir.path(), &["check", "slashed.md"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}

#[test]
fn the_readme_first_line_exits_with_history_status() {
    let root = Path::new(MANIFEST);
    assert_eq!(
        jobmark(root, &["check", "examples/"]).status.code(),
        Some(1)
    );
    let history = jobmark(root, &["history", "examples/"]);
    if !root.join(".git").exists() {
        eprintln!("skipped: the crate is not a git checkout here");
        return;
    }
    assert_eq!(history.status.code(), Some(0), "{}", stderr(&history));
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains("exits with the status of its last\ncommand, `history`, which is 0"));
}

/// main: a.md; topic forks, adds b.md; main then breaks a.md.
fn diverged() -> TestRepo {
    let repo = TestRepo::init();
    repo.write("a.md", clean());
    repo.commit_all("a");
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.write("b.md", broken());
    repo.commit_all("b on topic");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("a.md", broken());
    repo.commit_all("a broken on main");
    repo.git(&["checkout", "-q", "topic"]);
    repo
}

#[test]
fn ranges_read_as_git_diff_reads_them() {
    let repo = diverged();
    let read = |range: &str| {
        let out = jobmark(repo.path(), &["-v", "check", "--range", range]);
        assert_ne!(out.status.code(), Some(2), "{range}: {}", stderr(&out));
        files_read(&out)
    };
    let set = |paths: &[&str]| paths.iter().map(|p| p.to_string()).collect::<BTreeSet<_>>();
    // Three dots: what topic changed since it forked.
    assert_eq!(read("main...topic"), set(&["b.md"]));
    assert_eq!(read("main...HEAD"), set(&["b.md"]));
    assert_eq!(read("main..."), set(&["b.md"]));
    // Two dots, as `git diff main..topic`: main's tree against topic's.
    assert_eq!(read("main..topic"), set(&["a.md", "b.md"]));
    assert_eq!(read("main.."), set(&["a.md", "b.md"]));
}

#[test]
fn git_errors_are_one_line_with_detail_under_verbose() {
    let repo = TestRepo::init();
    repo.write("a.md", clean());
    repo.commit_all("a");
    let out = jobmark(repo.path(), &["check", "--rev", "nosuch"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: bad revision 'nosuch'\n");
    let verbose = jobmark(repo.path(), &["-v", "check", "--rev", "nosuch"]);
    assert!(
        stderr(&verbose).contains("error: bad revision 'nosuch'\n  detail: "),
        "{}",
        stderr(&verbose)
    );
    let range = jobmark(repo.path(), &["check", "--range", "nosuch..HEAD"]);
    assert_eq!(stderr(&range), "error: bad revision 'nosuch'\n");
}

#[test]
fn fixable_findings_are_counted_and_statistics_explains_the_mark() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), broken()).unwrap();
    let out = jobmark(dir.path(), &["check"]);
    let hint = stderr(&out);
    assert!(
        hint.contains("[*] 7 fixable with --fix (1 more with --unsafe-fixes)."),
        "{hint}"
    );
    let statistics = jobmark(dir.path(), &["check", "--statistics"]);
    assert!(
        stdout(&statistics).contains("[*]"),
        "{}",
        stdout(&statistics)
    );
    assert!(
        stderr(&statistics).contains("[*] marks rules whose findings can be fixed automatically."),
        "{}",
        stderr(&statistics)
    );
    let json = jobmark(dir.path(), &["check", "--format", "json"]);
    assert!(
        !stderr(&json).contains("[*]"),
        "machine formats carry `fix` already"
    );
}

#[test]
fn add_suppressions_makes_the_current_findings_pass_once() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), broken()).unwrap();
    let first = jobmark(dir.path(), &["check", "--add-suppressions"]);
    assert!(
        // 12 findings; the blank line before the company heading is no
        // longer "only blank lines" once a comment stands above the
        // heading, so it needs none.
        stderr(&first).contains("Added 11 suppression comments."),
        "{}",
        stderr(&first)
    );
    let text = fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(
        text.contains("<!-- jobmark-disable-next-line JM601 -->\nLinkedin\n"),
        "{text}"
    );
    let check = jobmark(dir.path(), &["check", "--fail-on", "info"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let again = jobmark(dir.path(), &["check", "--add-suppressions"]);
    assert!(stderr(&again).contains("Added 0 suppression comments."));
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), text);
}

#[test]
fn stdin_is_checked_and_fixed() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("old")).unwrap();
    fs::write(
        dir.path().join(".jobmark.toml"),
        "[per-file-ignores]\n\"old/**\" = [\"JM1\"]\n",
    )
    .unwrap();
    let out = jobmark_stdin(
        dir.path(),
        &[
            "check",
            "-",
            "--stdin-filename",
            "new/a.md",
            "--format",
            "concise",
        ],
        &broken(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("new/a.md:2:12: JM107"),
        "{}",
        stdout(&out)
    );
    let ignored = jobmark_stdin(
        dir.path(),
        &[
            "check",
            "-",
            "--stdin-filename",
            "old/a.md",
            "--format",
            "concise",
        ],
        &broken(),
    );
    assert!(
        !stdout(&ignored).contains("JM1"),
        "the config matches the stdin filename: {}",
        stdout(&ignored)
    );
    let fixed = jobmark_stdin(dir.path(), &["check", "-", "--fix"], &broken());
    let text = stdout(&fixed);
    assert!(text.starts_with("# [sternx](sternx.de)\n"), "{text}");
    assert!(text.contains("### Apply Way\nLinkedIn\n"), "{text}");
    assert!(
        stderr(&fixed).contains("Fixed 7 findings."),
        "{}",
        stderr(&fixed)
    );
    assert!(!dir.path().join("-").exists());
}

#[test]
fn a_path_missing_from_the_revision_is_an_error() {
    let repo = TestRepo::init();
    repo.write("src/a.md", clean());
    repo.commit_all("a");
    fs::create_dir_all(repo.path().join("src")).unwrap();
    let check = jobmark(
        &repo.path().join("src"),
        &["check", "--rev", "HEAD", "nosuch.md"],
    );
    assert_eq!(check.status.code(), Some(2));
    assert_eq!(
        stderr(&check),
        "error: nosuch.md: no such path in `HEAD` (read as `src/nosuch.md` in the repository)\n"
    );
    let out = tempfile::tempdir().unwrap();
    let stats = jobmark(
        repo.path(),
        &[
            "stats",
            "--rev",
            "HEAD",
            "nosuch",
            "--out",
            out.path().join("p").to_str().unwrap(),
        ],
    );
    assert_eq!(stats.status.code(), Some(2), "{}", stderr(&stats));
    let found = jobmark(
        &repo.path().join("src"),
        &["check", "--rev", "HEAD", "a.md"],
    );
    assert_eq!(found.status.code(), Some(0), "{}", stderr(&found));
}

#[test]
fn stdin_filename_without_stdin_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = jobmark(dir.path(), &["check", "--stdin-filename", "a.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("jobmark check -"), "{}", stderr(&out));
}
