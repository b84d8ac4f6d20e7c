//! Issue 12: a plain `check` streams (files read, linted and rendered in
//! parallel batches, written in path order). Its output must be byte for
//! byte the output of rendering every report at the end, which is what
//! `-v` still does (its log lists every file read before any is checked):
//! so the two runs are compared, in every format, on more files than one
//! batch holds, with paths whose string order differs from their
//! directory-walk order (`a-b.md` sorts before `a/b.md` as text, after it
//! in a walk).

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_jobmark");
const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");

fn example(rel: &str) -> String {
    fs::read_to_string(Path::new(MANIFEST).join("examples").join(rel)).unwrap()
}

fn jobmark(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .args(["--color", "never", "--today", "2026-01-01"])
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .unwrap()
}

/// 320 write-ups (clean and broken) and some files that are not.
fn many_write_ups(dir: &Path) {
    let texts = [
        example("broken/structure.md"),
        example("src/snappfood/python-developer.md"),
        example("broken/dates.md"),
        example("broken/status.md"),
    ];
    for i in 0..80 {
        let group = dir.join(format!("g{i:02}"));
        fs::create_dir_all(group.join("a")).unwrap();
        fs::write(group.join("a-b.md"), &texts[i % 4]).unwrap();
        fs::write(group.join("a").join("b.md"), &texts[(i + 1) % 4]).unwrap();
        fs::write(group.join("a.md"), &texts[(i + 2) % 4]).unwrap();
        fs::write(group.join("a0.md"), &texts[(i + 3) % 4]).unwrap();
        if i % 7 == 0 {
            fs::write(group.join("README.md"), "# not a write-up\n").unwrap();
        }
    }
}

#[test]
fn streamed_output_is_the_output_of_rendering_everything_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    many_write_ups(dir.path());
    for format in ["human", "concise", "json", "github", "sarif", "summary"] {
        let streamed = jobmark(dir.path(), &["check", "--format", format]);
        let whole = jobmark(dir.path(), &["-v", "check", "--format", format]);
        assert_eq!(streamed.status.code(), Some(1), "{format}");
        assert_eq!(whole.status.code(), Some(1), "{format}");
        assert!(streamed.stdout.len() > 1000, "{format}: nothing reported");
        assert!(
            streamed.stdout == whole.stdout,
            "{format}: streamed output differs from whole-run output"
        );
    }
    // Statistics and --also-report go through the same streams.
    let streamed = jobmark(
        dir.path(),
        &[
            "check",
            "--statistics",
            "--also-report",
            "sarif=streamed.sarif",
        ],
    );
    let whole = jobmark(
        dir.path(),
        &[
            "-v",
            "check",
            "--statistics",
            "--also-report",
            "sarif=whole.sarif",
        ],
    );
    assert_eq!(streamed.stdout, whole.stdout);
    assert!(
        String::from_utf8_lossy(&streamed.stdout).contains("in 320 write-ups (12 files skipped)")
    );
    let sarif = fs::read(dir.path().join("streamed.sarif")).unwrap();
    assert!(sarif.len() > 1000);
    assert_eq!(sarif, fs::read(dir.path().join("whole.sarif")).unwrap());
}

#[test]
fn streamed_concise_output_is_in_path_order() {
    let dir = tempfile::tempdir().unwrap();
    many_write_ups(dir.path());
    let out = jobmark(dir.path(), &["check", "--format", "concise"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let paths: Vec<&str> = text
        .lines()
        .filter_map(|line| line.split_once(':').map(|(path, _)| path))
        .filter(|path| path.ends_with(".md"))
        .collect();
    assert!(paths.len() > 300, "{}", paths.len());
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(paths.iter().any(|p| p.ends_with("/a-b.md")));
    assert!(paths.iter().any(|p| p.ends_with("/a/b.md")));
}
