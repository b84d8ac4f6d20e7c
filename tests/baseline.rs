//! Behaviour pinned across restructurings: the findings and `stats.json`
//! of the shipped examples and the shared seed, recorded before the model
//! moved into the pack (`tests/fixtures/baseline/`). A change here is a
//! change users see; when it is meant, re-record the file and say why in
//! the commit.

use std::path::Path;
use std::process::Command;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn baseline(name: &str) -> serde_json::Value {
    let path = manifest_dir().join("tests/fixtures/baseline").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("baseline is JSON")
}

fn check_json(target: &str) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_jobmark"))
        .current_dir(manifest_dir())
        .args(["check", target, "--format", "json", "--today", "2026-01-01"])
        .output()
        .unwrap();
    // Both targets hold broken write-ups on purpose.
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("check --format json prints JSON")
}

fn stats_json(target: &str) -> serde_json::Value {
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_jobmark"))
        .current_dir(manifest_dir())
        .args(["stats", target, "--out"])
        .arg(out.path().join("page"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(out.path().join("page/stats.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn findings_on_the_examples_are_unchanged() {
    assert_eq!(check_json("examples/"), baseline("examples.check.json"));
}

#[test]
fn findings_on_the_shared_seed_are_unchanged() {
    assert_eq!(check_json("../shared/seed/"), baseline("seed.check.json"));
}

#[test]
fn stats_of_the_examples_are_unchanged() {
    assert_eq!(stats_json("examples/"), baseline("examples.stats.json"));
}

#[test]
fn stats_of_the_shared_seed_are_unchanged() {
    assert_eq!(stats_json("../shared/seed/"), baseline("seed.stats.json"));
}
