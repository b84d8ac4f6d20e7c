//! `jobmark stats examples/` as the README runs it: every chart, the
//! numbers, and unreadable write-ups listed rather than miscounted.

use std::process::Command;

#[test]
fn stats_on_the_examples_writes_every_chart() {
    let out = tempfile::tempdir().unwrap();
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let output = Command::new(env!("CARGO_BIN_EXE_jobmark"))
        .args(["stats", examples, "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for file in [
        "sankey.svg",
        "outcomes.svg",
        "durations.svg",
        "per-month.svg",
        "channels.svg",
        "platforms.svg",
        "scores.svg",
        "stats.json",
        "README.md",
    ] {
        assert!(out.path().join(file).is_file(), "{file} missing");
    }
    let stats: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("stats.json")).unwrap())
            .unwrap();
    // Four clean write-ups and three broken but readable ones; the mojibake
    // copy cannot be read and is listed, not counted as an open process.
    assert_eq!(stats["documents"], 7);
    assert_eq!(stats["outcomes"]["accepted"], 1);
    assert_eq!(stats["outcomes"]["open"], 1);
    let excluded = stats["excluded"].as_array().unwrap();
    let mojibake = excluded
        .iter()
        .find(|e| e["path"].as_str().unwrap().ends_with("broken/mojibake.md"))
        .expect("mojibake listed");
    assert_eq!(mojibake["charts"], serde_json::json!(["all"]));
    assert!(mojibake["reason"]
        .as_str()
        .unwrap()
        .contains("windows-1254"));
    assert_eq!(
        stats["channels"]["LinkedIn"], 2,
        "Linkedin and LinkedIn are one channel: {}",
        stats["channels"]
    );
}

#[test]
fn stats_year_filter_uses_the_chosen_calendar() {
    let out = tempfile::tempdir().unwrap();
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/src");
    let output = Command::new(env!("CARGO_BIN_EXE_jobmark"))
        .args([
            "stats",
            examples,
            "--year",
            "2025",
            "--calendar",
            "gregorian",
            "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stats: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("stats.json")).unwrap())
            .unwrap();
    // Zalando (2025/06/30) and Tapsi (1403.12.27 = 2025-03-17) fall in
    // Gregorian 2025; Snappfood (2023) and Cafe Bazaar (2024) do not.
    assert_eq!(stats["documents"], 2, "{stats:#}");
    assert_eq!(stats["per_month"]["2025-03"], 1);
    assert_eq!(stats["per_month"]["2025-06"], 1);
}
