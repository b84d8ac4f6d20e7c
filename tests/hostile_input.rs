//! Issue 8, as a user would check it: what a hostile repository (a pull
//! request written by a stranger) can make jobmark print, write or skip.
//! Each test reproduces one report against the binary; each failed before
//! the fix. (The quadratic cases are benchmark families in
//! benches/scaling.sh, not timed tests.)

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_jobmark");
const TODAY: &str = "2026-11-25";

/// A write-up with findings whose heading and status line carry terminal
/// escape sequences (an OSC window title, a screen clear) and a line break
/// followed by a workflow command.
const ESCAPES: &str = "# [Evil\x1b]0;pwned\x07](https://evil.example)\n\n### Status\n#### 📜\x1b[2J🦄\n## Job \x1b[31mred\n### Aply Way\u{202e}gnirts\nLinkedIn\n";

fn jobmark(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run jobmark")
}

fn check(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["check", "--color", "never", "--today", TODAY];
    all.extend_from_slice(args);
    jobmark(dir, &all)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited, not killed")
}

fn broken() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken/structure.md"))
        .unwrap()
}

/// No raw control character a terminal or CI log would act on, and no
/// line that a CI runner would take as a workflow command.
fn assert_inert(stream: &str, what: &str) {
    assert!(!stream.contains('\x1b'), "{what} contains ESC:\n{stream}");
    assert!(!stream.contains('\x07'), "{what} contains BEL:\n{stream}");
    assert!(
        !stream.contains('\u{202e}'),
        "{what} contains a bidi override:\n{stream}"
    );
    for line in stream.lines() {
        assert!(
            !line.trim_start().starts_with("::"),
            "{what} has a workflow command line: {line:?}"
        );
    }
}

const EVIL_NAME: &str = "x\n::error file=evil.md::X.md";

#[test]
fn file_names_and_content_cannot_inject_into_the_terminal_or_the_ci_log() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(EVIL_NAME), ESCAPES).unwrap();
    for format in ["human", "concise"] {
        let out = check(dir.path(), &["--format", format]);
        assert_eq!(code(&out), 1, "{format}: {}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.contains("JM"), "{format} shows findings: {stdout}");
        assert_inert(&stdout, &format!("{format} stdout"));
        assert_inert(&text(&out.stderr), &format!("{format} stderr"));
        // Visible instead: the user can still see what is there.
        assert!(stdout.contains("\\n::error"), "{format}: {stdout}");
        assert!(stdout.contains("\\u{1b}"), "{format}: {stdout}");
    }
    // The same name in an error message on stderr.
    let missing = format!("{EVIL_NAME}.missing");
    let out = check(dir.path(), &[missing.as_str()]);
    assert_eq!(code(&out), 2);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("::error file=evil.md"), "{stderr}");
    assert_inert(&stderr, "stderr of a missing path");
}

#[test]
fn the_github_format_still_escapes_as_github_expects() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(EVIL_NAME), ESCAPES).unwrap();
    let out = check(dir.path(), &["--format", "github"]);
    let stdout = text(&out.stdout);
    // One workflow command per line, each of ours; the name's line break
    // is percent-encoded inside the property.
    assert!(
        stdout.contains("file=x%0A%3A%3Aerror file=evil.md%3A%3AX.md,"),
        "{stdout}"
    );
    for line in stdout.lines().filter(|l| l.starts_with("::")) {
        assert!(
            line.starts_with("::error file=x%0A")
                || line.starts_with("::warning file=x%0A")
                || line.starts_with("::notice file=x%0A"),
            "{line}"
        );
    }
}

#[test]
fn stats_out_refuses_a_directory_that_is_not_its_own() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("README.md"), "my own readme\n").unwrap();
    fs::write(dir.path().join("acme.md"), broken()).unwrap();
    let out = jobmark(dir.path(), &["stats", ".", "--out", "."]);
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("README.md")).unwrap(),
        "my own readme\n"
    );
    // --force is the user's explicit choice.
    let out = jobmark(dir.path(), &["stats", ".", "--out", ".", "--force"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(dir.path().join("stats.json").is_file());
}

#[cfg(unix)]
#[test]
fn stats_out_never_writes_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("acme.md"), broken()).unwrap();
    fs::write(dir.path().join("victim.txt"), "precious\n").unwrap();
    // A previous run's directory with a planted link in it.
    let first = jobmark(dir.path(), &["stats", "acme.md", "--out", "o"]);
    assert_eq!(code(&first), 0, "{}", text(&first.stderr));
    fs::remove_file(dir.path().join("o/README.md")).unwrap();
    std::os::unix::fs::symlink("../victim.txt", dir.path().join("o/README.md")).unwrap();
    let out = jobmark(dir.path(), &["stats", "acme.md", "--out", "o"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(
        fs::read_to_string(dir.path().join("victim.txt")).unwrap(),
        "precious\n"
    );
    assert!(!fs::symlink_metadata(dir.path().join("o/README.md"))
        .unwrap()
        .file_type()
        .is_symlink());
    // The output directory itself as a link: refused, even with --force.
    std::os::unix::fs::symlink("o", dir.path().join("link")).unwrap();
    let out = jobmark(
        dir.path(),
        &["stats", "acme.md", "--out", "link", "--force"],
    );
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("symbolic link"),
        "{}",
        text(&out.stderr)
    );
}

/// A write-up with exactly one safe fix (a level-2 `## Score`).
fn fixable() -> String {
    broken()
}

#[cfg(unix)]
#[test]
fn fix_skips_a_symlink_named_on_the_command_line_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("real.txt"), fixable()).unwrap();
    std::os::unix::fs::symlink("real.txt", dir.path().join("link.md")).unwrap();
    let out = check(dir.path(), &["--fix", "link.md"]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("note: link.md: is a symbolic link"),
        "{stderr}"
    );
    assert_ne!(code(&out), 2, "a skipped link is not an error: {stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("real.txt")).unwrap(),
        fixable()
    );
}

#[cfg(unix)]
#[test]
fn fix_never_writes_a_read_only_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.md");
    fs::write(&path, fixable()).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let out = check(dir.path(), &["--fix", "acme.md"]);
    assert_eq!(code(&out), 2);
    assert!(text(&out.stderr).contains("acme.md: is read-only; not fixed"));
    assert_eq!(fs::read_to_string(&path).unwrap(), fixable());
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

#[cfg(unix)]
#[test]
fn fix_refuses_to_split_a_hard_link_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.md");
    let twin = dir.path().join("twin.txt");
    fs::write(&path, fixable()).unwrap();
    fs::hard_link(&path, &twin).unwrap();
    let out = check(dir.path(), &["--fix", "acme.md"]);
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("--allow-hard-links"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), fixable());

    let out = check(dir.path(), &["--fix", "--allow-hard-links", "acme.md"]);
    assert_ne!(code(&out), 2, "{}", text(&out.stderr));
    assert_ne!(fs::read_to_string(&path).unwrap(), fixable());
    assert_eq!(
        fs::read_to_string(&twin).unwrap(),
        fixable(),
        "the twin keeps its text"
    );
}

#[cfg(unix)]
#[test]
fn fix_keeps_the_owner_of_the_file() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.md");
    fs::write(&path, fixable()).unwrap();
    let me = fs::metadata(&path).unwrap();
    // Another user's file in a shared checkout: needs root to set up, and
    // root is who could change ownership by rewriting it.
    let (uid, gid) = (me.uid() + 4242, me.gid() + 4242);
    if std::os::unix::fs::chown(&path, Some(uid), Some(gid)).is_err() {
        // Not root: the file can only be ours, and stays ours.
        let out = check(dir.path(), &["--fix", "acme.md"]);
        assert_ne!(code(&out), 2, "{}", text(&out.stderr));
        assert_eq!(fs::metadata(&path).unwrap().uid(), me.uid());
        return;
    }
    let out = check(dir.path(), &["--fix", "acme.md"]);
    assert_ne!(code(&out), 2, "{}", text(&out.stderr));
    assert_ne!(fs::read_to_string(&path).unwrap(), fixable(), "fixed");
    let after = fs::metadata(&path).unwrap();
    assert_eq!((after.uid(), after.gid()), (uid, gid));
}

#[test]
fn utf16_and_cr_only_write_ups_are_reported_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let write_up = broken();
    let mut le = vec![0xFF, 0xFE];
    le.extend(write_up.encode_utf16().flat_map(u16::to_le_bytes));
    let be: Vec<u8> = write_up.encode_utf16().flat_map(u16::to_be_bytes).collect();
    fs::write(dir.path().join("le.md"), le).unwrap();
    fs::write(dir.path().join("be.md"), be).unwrap();
    fs::write(dir.path().join("mac.md"), write_up.replace('\n', "\r")).unwrap();
    let out = check(dir.path(), &["--format", "concise"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("be.md:1:1: JM001"), "{stdout}");
    assert!(stdout.contains("UTF-16 (big-endian)"), "{stdout}");
    assert!(stdout.contains("le.md:1:1: JM001"), "{stdout}");
    assert!(stdout.contains("UTF-16 (little-endian, with a byte-order mark)"));
    assert!(stdout.contains("mac.md:1:1: JM004"), "{stdout}");
    assert!(stdout.contains("with a lone `\\r`"), "{stdout}");
    // Their other findings are found as well, and none is silently skipped.
    assert!(stdout.contains("mac.md:3:1: JM106"), "{stdout}");
    assert!(stdout.trim_end().ends_with("in 3 write-ups"), "{stdout}");
    // Never written back: the text jobmark read is not the file's bytes.
    let before = fs::read(dir.path().join("mac.md")).unwrap();
    check(dir.path(), &["--fix"]);
    assert_eq!(fs::read(dir.path().join("mac.md")).unwrap(), before);
}

#[test]
fn a_write_up_over_the_size_limit_is_a_finding_and_not_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let mut big = broken();
    big.push_str(&"padding line\n".repeat(2000));
    fs::write(dir.path().join("big.md"), &big).unwrap();
    let out = check(
        dir.path(),
        &["--format", "concise", "--max-file-size", "16KiB"],
    );
    assert_eq!(code(&out), 1);
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("big.md:1:1: JM005 [error] the file is"),
        "{stdout}"
    );
    assert!(stdout.contains("over the size limit of 16 KiB"), "{stdout}");
    assert_eq!(
        stdout.matches(" JM").count(),
        1,
        "no other rule ran: {stdout}"
    );

    // The same limit from .jobmark.toml; a bad value names its line.
    fs::write(
        dir.path().join(".jobmark.toml"),
        "max-file-size = \"16KiB\"\n",
    )
    .unwrap();
    let out = check(dir.path(), &["--format", "concise"]);
    assert!(text(&out.stdout).contains("JM005"), "{}", text(&out.stdout));
    let out = check(
        dir.path(),
        &["--format", "concise", "--max-file-size", "4MiB"],
    );
    assert!(!text(&out.stdout).contains("JM005"), "the flag wins");
    fs::write(
        dir.path().join(".jobmark.toml"),
        "max-file-size = \"lots\"\n",
    )
    .unwrap();
    let out = check(dir.path(), &["--format", "concise"]);
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("`lots` is not a size"),
        "{}",
        text(&out.stderr)
    );
}

fn run_with(dir: &Path, args: &[&str], stdout: Stdio, stderr: Stdio) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .stdout(stdout)
        .stderr(stderr)
        .output()
        .expect("run jobmark")
}

fn dev_full() -> Stdio {
    Stdio::from(
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn full_or_closed_output_exits_2_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("acme.md"), broken()).unwrap();
    let args = ["check", "--color", "never", "--today", TODAY];
    // `2>/dev/full` on a run that reports an error on stderr.
    let out = run_with(
        dir.path(),
        &["check", "missing.md"],
        Stdio::piped(),
        dev_full(),
    );
    assert_eq!(code(&out), 2);
    // `>/dev/full`: the report cannot be written.
    let out = run_with(dir.path(), &args, dev_full(), Stdio::piped());
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    assert!(
        !text(&out.stderr).contains("panicked"),
        "{}",
        text(&out.stderr)
    );
    // Both full.
    let out = run_with(dir.path(), &args, dev_full(), dev_full());
    assert_eq!(code(&out), 2);
    // `| true`: the reader is gone before jobmark writes.
    let mut child = Command::new(BIN)
        .current_dir(dir.path())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    assert!(text(&out.stderr).is_empty(), "quiet: {}", text(&out.stderr));
}

#[cfg(unix)]
#[test]
fn new_honours_the_umask_and_keeps_the_mode_of_a_replaced_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let new = |extra: &str| {
        let script = format!(
            "umask 022; exec '{BIN}' new --company Acme --url https://acme.example --title T -o acme.md {extra}"
        );
        Command::new("sh")
            .current_dir(dir.path())
            .args(["-c", &script])
            .output()
            .unwrap()
    };
    let mode = |path: PathBuf| fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let out = new("");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(mode(dir.path().join("acme.md")), 0o644);
    fs::set_permissions(
        dir.path().join("acme.md"),
        fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    let out = new("--force");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(mode(dir.path().join("acme.md")), 0o640);
}
