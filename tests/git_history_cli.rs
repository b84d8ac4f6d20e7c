//! `jobmark history` through the binary: one write-up's timeline, dates in
//! both calendars, errors for paths that never existed and for a damaged
//! repository, undecodable versions, and terminal-safe repository text.

mod support;

use std::process::{Command, Output};

use support::TestRepo;

const SEED: &str = include_str!("../../shared/seed/digikala.md");
const MOJIBAKE: &[u8] = include_bytes!("../../shared/seed/digikala.mojibake.md");

fn jobmark(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jobmark"))
        .current_dir(dir)
        .args(args)
        .args(["--today", "2026-11-25"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("run jobmark")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// The seed write-up with the status line cut back to `status`.
fn seed_with_status(status: &str) -> String {
    SEED.replacen("#### 📜📞🔧📝⚖️❌", &format!("#### {status}"), 1)
}

/// The mdbook migration of the seed: README.md, then digikala.md plus a
/// stub, then a new stage, then the stub goes.
fn migrated_repo() -> TestRepo {
    let t = TestRepo::init();
    t.write("digikala/README.md", seed_with_status("📜📞"));
    t.commit_all("digikala: applied, HR call");
    t.write("digikala/digikala.md", seed_with_status("📜📞"));
    t.write(
        "digikala/README.md",
        "# Digikala\n\n- [Python Engineer](digikala.md)\n",
    );
    t.commit_all("adopt mdbook");
    t.write("digikala/digikala.md", seed_with_status("📜📞🔧"));
    t.commit_all("digikala: technical interview");
    t.git(&["rm", "-q", "digikala/README.md"]);
    t.commit_all("remove the index stub");
    t
}

#[test]
fn one_write_up_timeline_follows_the_migration_with_subjects_and_changes() {
    let t = migrated_repo();
    let text = stdout(&jobmark(t.path(), &["history", "digikala/digikala.md"]));
    assert!(
        text.starts_with("digikala/digikala.md: 3 versions\n"),
        "{text}"
    );
    assert!(
        text.contains("paths: digikala/README.md → digikala/digikala.md"),
        "{text}"
    );
    for subject in [
        "digikala: applied, HR call",
        "adopt mdbook",
        "digikala: technical interview",
    ] {
        assert!(
            text.contains(&format!(": {subject}\n")),
            "{subject}: {text}"
        );
    }
    assert!(
        text.contains("added · status 📜📞 · open · score"),
        "{text}"
    );
    assert!(
        text.contains("moved from digikala/README.md (content unchanged)"),
        "{text}"
    );
    assert!(text.contains("status 📜📞 → 📜📞🔧"), "{text}");
    assert!(text.ends_with("1 write-up over 4 commits\n"), "{text}");
    // The stub is not a write-up, so not shown even when asked for by path.
    let all = stdout(&jobmark(t.path(), &["history"]));
    assert!(all.contains("1 write-up over 4 commits"), "{all}");
}

#[test]
fn json_carries_both_times_ids_and_copy_sources() {
    let t = TestRepo::init();
    t.write("digikala/backend.md", seed_with_status("📜📞"));
    t.commit_all("backend");
    t.write(
        "digikala/data.md",
        seed_with_status("📜").replace("Python Engineer", "Data Engineer"),
    );
    t.write("digikala/backend.md", seed_with_status("📜📞🔧"));
    let copy = t.commit_all("data position, started from backend");
    // Rebase-like: the author wrote it long before it was committed.
    t.write(
        "digikala/data.md",
        seed_with_status("📜📞").replace("Python Engineer", "Data Engineer"),
    );
    t.git(&["add", "-A"]);
    t.git_env(
        t.path(),
        &[("GIT_AUTHOR_DATE", "1600000000 +0000")],
        &["commit", "-q", "-m", "data: HR call"],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&jobmark(
        t.path(),
        &["history", "--format", "json"],
    )))
    .expect("JSON");
    let documents = json["documents"].as_array().expect("documents");
    assert_eq!(documents.len(), 2, "{json:#}");
    let backend = &documents[0];
    let data = &documents[1];
    assert_eq!(data["path"], "digikala/data.md");
    assert_eq!(data["copied_from"]["document"], backend["id"]);
    assert_eq!(data["copied_from"]["path"], "digikala/backend.md");
    assert_eq!(data["copied_from"]["commit"], copy.as_str());
    let last = &data["versions"][1];
    assert_eq!(last["author_time"], 1_600_000_000);
    assert!(last["time"].as_i64().unwrap() > 1_700_000_000, "{last:#}");
    let human = stdout(&jobmark(t.path(), &["history", "digikala/data.md"]));
    assert!(
        human.contains(&format!(
            "copied from digikala/backend.md in {}",
            &copy[..10]
        )),
        "{human}"
    );
}

#[test]
fn since_and_until_take_either_calendar() {
    let t = migrated_repo();
    // The helper's clock starts 2023-11-14 (1402-08-23) and advances a
    // minute per git command: every commit is on that day or the next.
    let count = |args: &[&str]| {
        let mut all = vec!["history", "--format", "json"];
        all.extend_from_slice(args);
        let json: serde_json::Value =
            serde_json::from_str(&stdout(&jobmark(t.path(), &all))).expect("JSON");
        json["documents"].as_array().map_or(0, |d| {
            d.iter()
                .map(|d| d["versions"].as_array().unwrap().len())
                .sum()
        })
    };
    assert_eq!(count(&[]), 3);
    assert_eq!(count(&["--since", "2023-11-14"]), 3);
    assert_eq!(count(&["--since", "1402-08-23"]), 3);
    assert_eq!(count(&["--since", "2023-11-16"]), 0);
    assert_eq!(count(&["--until", "1402/08/22"]), 0);
    assert_eq!(count(&["--until", "2023.11.15"]), 3);
    let bad = jobmark(t.path(), &["history", "--since", "1402-12-30"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--since `1402-12-30` is not a date"));
}

#[test]
fn a_path_that_never_existed_is_an_error() {
    let t = migrated_repo();
    let output = jobmark(t.path(), &["history", "nosuch"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`nosuch` matches no Markdown file"),
        "{stderr}"
    );
    // A path the write-up had before its move still finds it.
    let old = stdout(&jobmark(t.path(), &["history", "digikala/README.md"]));
    assert!(old.starts_with("digikala/digikala.md: 3 versions"), "{old}");
    // From a subdirectory, paths are relative to it.
    std::fs::create_dir_all(t.path().join("digikala")).unwrap();
    let inside = stdout(&jobmark(
        &t.path().join("digikala"),
        &["history", "digikala.md"],
    ));
    assert!(
        inside.starts_with("digikala/digikala.md: 3 versions"),
        "{inside}"
    );
}

#[test]
fn a_missing_blob_is_an_error_not_a_skipped_version() {
    let t = TestRepo::init();
    t.write("digikala.md", seed_with_status("📜"));
    t.commit_all("one");
    t.write("digikala.md", seed_with_status("📜📞"));
    t.commit_all("two");
    let blob = t.git(&["rev-parse", "HEAD~1:digikala.md"]);
    let loose = t
        .path()
        .join(".git/objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    std::fs::remove_file(&loose).expect("the blob is a loose object");
    for format in ["human", "json"] {
        let output = jobmark(t.path(), &["history", "--format", format]);
        assert_eq!(output.status.code(), Some(2), "{format}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("corrupt object"), "{stderr}");
        assert!(stderr.contains(&blob), "{stderr}");
    }
}

#[test]
fn mojibake_versions_are_marked_not_garbled() {
    let t = TestRepo::init();
    t.write("digikala.md", SEED);
    t.commit_all("digikala");
    t.write("digikala.md", MOJIBAKE);
    t.commit_all("saved in the wrong encoding");
    t.write("digikala.md", SEED);
    t.commit_all("restored");
    let text = stdout(&jobmark(t.path(), &["history"]));
    assert!(
        text.contains("modified · undecodable (mojibake: UTF-8 decoded as"),
        "{text}"
    );
    assert!(
        text.contains("readable again · status 📜📞🔧📝⚖️❌"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&jobmark(
        t.path(),
        &["history", "--format", "json"],
    )))
    .unwrap();
    let versions = json["documents"][0]["versions"].as_array().unwrap();
    assert!(versions[1]["write_up"]["undecodable"]
        .as_str()
        .unwrap()
        .starts_with("mojibake"));
    assert!(versions[0]["write_up"].get("undecodable").is_none());
}

#[test]
fn control_characters_in_subjects_and_names_are_made_visible() {
    let t = TestRepo::init();
    t.write("digikala.md", SEED);
    t.git(&["add", "-A"]);
    t.git_env(
        t.path(),
        &[("GIT_AUTHOR_NAME", "Eve\u{1b}]0;pwned\u{7}")],
        &["commit", "-q", "-m", "title \u{1b}[2J cleared"],
    );
    let text = stdout(&jobmark(t.path(), &["history"]));
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    // git itself trims the trailing BEL from the name.
    assert!(text.contains("Eve\\u{1b}]0;pwned"), "{text}");
    assert!(text.contains("title \\u{1b}[2J cleared"), "{text}");
}

#[test]
fn range_says_when_it_deletes_a_write_up() {
    let t = TestRepo::init();
    t.write("digikala.md", SEED);
    t.write("snapp.md", seed_with_status("📜"));
    t.commit_all("two write-ups");
    t.git(&["checkout", "-q", "-b", "cleanup"]);
    t.git(&["rm", "-q", "snapp.md"]);
    std::fs::create_dir_all(t.path().join("book")).unwrap();
    t.git(&["mv", "digikala.md", "book/digikala.md"]);
    t.commit_all("drop snapp, move digikala into the generated book");
    let output = jobmark(t.path(), &["check", "--range", "main..cleanup"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("note: main..cleanup deletes snapp.md"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: main..cleanup deletes digikala.md"),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}
