//! The pack is the domain: a second hiring pack
//! (`tests/fixtures/packs/takehome.toml`) with its own stages (a
//! "📦 take-home" and a panel), emojis, two outcomes and a 5-star scale
//! lints, charts and scaffolds through the binary with no change to the code.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_jobmark");
const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");

fn pack() -> PathBuf {
    Path::new(MANIFEST).join("tests/fixtures/packs/takehome.toml")
}

fn write_ups() -> PathBuf {
    Path::new(MANIFEST).join("tests/fixtures/takehome")
}

fn jobmark(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run jobmark")
}

fn check_json(dir: &Path, target: &Path) -> (Option<i32>, serde_json::Value) {
    let out = Command::new(BIN)
        .current_dir(dir)
        .arg("check")
        .arg(target)
        .arg("--rules")
        .arg(pack())
        .args([
            "--format",
            "json",
            "--fail-on",
            "info",
            "--today",
            "2026-01-01",
        ])
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), json)
}

fn codes(findings: &serde_json::Value) -> Vec<String> {
    let mut codes: Vec<String> = findings
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    codes.sort();
    codes
}

#[test]
fn the_fixture_write_ups_are_clean_under_their_pack() {
    let dir = tempfile::tempdir().unwrap();
    let (code, findings) = check_json(dir.path(), &write_ups());
    assert_eq!(findings, serde_json::json!([]));
    assert_eq!(code, Some(0));
}

#[test]
fn the_pack_own_stages_outcomes_and_scale_are_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let clean = std::fs::read_to_string(write_ups().join("globex.md")).unwrap();
    // 📦 without its Take-home notes: the pack says the stage needs notes.
    let no_notes = clean.replace("## Take-home\nA log parser; no feedback given.\n\n", "");
    // 4.5 stars on a whole-star scale; 6 stars out of 5.
    let off_step = clean.replace(">2/5<", ">4.5/5<");
    let too_many = clean.replace(">2/5<", ">6/5<");
    // The interview pack's 📞 and ❌ mean nothing here.
    let foreign = clean.replace("📨☎️📦🚪", "📨📞📦❌");
    for (name, text) in [
        ("no-notes.md", &no_notes),
        ("off-step.md", &off_step),
        ("too-many.md", &too_many),
        ("foreign.md", &foreign),
    ] {
        assert_ne!(text, &clean, "{name} differs from the clean write-up");
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let file = |name: &str| dir.path().join(name);
    let (code, findings) = check_json(dir.path(), &file("no-notes.md"));
    assert_eq!(codes(&findings), ["JM403"], "{findings:#}");
    assert_eq!(code, Some(1));
    assert!(findings[0]["message"]
        .as_str()
        .unwrap()
        .contains("📦 Take-home"));
    let (_, findings) = check_json(dir.path(), &file("off-step.md"));
    assert!(
        codes(&findings).contains(&"JM503".to_string()),
        "{findings:#}"
    );
    assert!(findings.to_string().contains("not a multiple of 1"));
    let (_, findings) = check_json(dir.path(), &file("too-many.md"));
    assert!(findings.to_string().contains("outside 0-5"), "{findings:#}");
    let (_, findings) = check_json(dir.path(), &file("foreign.md"));
    let unknown: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "JM202")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(unknown.len(), 2, "{findings:#}");
    assert!(
        unknown[0].contains('📞') && unknown[1].contains('❌'),
        "{unknown:?}"
    );
}

#[test]
fn stats_draws_the_pack_own_stages_as_sankey_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("page");
    let run = Command::new(BIN)
        .arg("stats")
        .arg(write_ups())
        .arg("--rules")
        .arg(pack())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stats: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("stats.json")).unwrap()).unwrap();
    let nodes = stats["funnel"]["nodes"].as_array().unwrap();
    let column = |c: u64| -> Vec<&str> {
        nodes
            .iter()
            .filter(|n| n["column"] == c)
            .map(|n| n["id"].as_str().unwrap())
            .collect()
    };
    assert_eq!(column(0), ["write_ups"]);
    assert_eq!(column(1), ["screen"]);
    assert_eq!(column(2), ["take_home"]);
    assert_eq!(column(3), ["panel"]);
    assert_eq!(column(4), ["hired", "not_selected", "open"]);
    assert_eq!(
        stats["stages_reached"],
        serde_json::json!({"Screening call": 2, "Take-home": 2, "Panel": 1})
    );
    assert_eq!(
        stats["outcomes"],
        serde_json::json!({"hired": 1, "not_selected": 1, "open": 1})
    );
    assert_eq!(stats["scores"], serde_json::json!([5.0, 2.0]));
    assert_eq!(
        stats["durations_days"]["Screening call → Take-home"],
        serde_json::json!([5, 3])
    );
    assert_eq!(stats["excluded"], serde_json::json!([]));

    let sankey = std::fs::read_to_string(out.join("sankey.svg")).unwrap();
    for label in ["Screening call", "Take-home", "Panel", "not selected"] {
        assert!(sankey.contains(label), "the Sankey names {label}");
    }
    assert!(!sankey.contains("HR call") && !sankey.contains("Technical"));
    // Whole-star bins from 0 to 5, the pack's axis and legend.
    let scores = std::fs::read_to_string(out.join("scores.svg")).unwrap();
    assert!(scores.contains("score out of 5"), "{scores}");
    assert!(scores.contains("4 and above") && scores.contains("below 3"));
    let page = std::fs::read_to_string(out.join("README.md")).unwrap();
    assert!(
        page.contains("2 of 3 applications reached Take-home; 1 hired, 1 not selected, 1 open."),
        "{page}"
    );
    assert!(page.contains("| company | write-ups | hired | not selected | open |"));
}

#[test]
fn new_scaffolds_a_write_up_of_the_pack_that_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let pack = pack();
    let made = jobmark(
        dir.path(),
        &[
            "new",
            "--rules",
            pack.to_str().unwrap(),
            "--company",
            "Hooli",
            "--url",
            "https://hooli.example",
            "--title",
            "SRE",
            "--date",
            "2025-06-01",
            "--output",
            "hooli.md",
        ],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("hooli.md")).unwrap();
    assert!(text.contains("## Pipeline\n"), "{text}");
    assert!(text.contains("📨"), "the pack's first stage emoji: {text}");
    assert!(text.contains("- **Applied** <br />2025-06-01"), "{text}");
    assert!(
        text.contains("## Source\nReferral"),
        "the pack's first channel: {text}"
    );
    // What `new` leaves open is a to-do for the user (info: the process is
    // open, sections hold the placeholder), never an error or a warning.
    let (code, findings) = check_json(dir.path(), &dir.path().join("hooli.md"));
    // Every section of the pack is there; the ones still to write hold the
    // pack's placeholder and are to-do notes, as is the open process.
    for finding in findings.as_array().unwrap() {
        assert_eq!(finding["severity"], "info", "{finding}");
        assert!(
            ["JM112", "JM205"].contains(&finding["code"].as_str().unwrap()),
            "{finding}"
        );
    }
    // `check_json` fails on info: the notes are there to be seen.
    assert!(!findings.as_array().unwrap().is_empty());
    assert_eq!(code, Some(1));
}

#[test]
fn a_pack_with_a_non_finite_step_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(pack()).unwrap();
    for bad in ["nan", "inf", "-1.0", "0.0"] {
        let broken = text.replacen("step = 1.0", &format!("step = {bad}"), 1);
        assert_ne!(broken, text);
        std::fs::write(dir.path().join("bad.toml"), &broken).unwrap();
        let line = broken
            .lines()
            .position(|l| l.starts_with("step = "))
            .unwrap()
            + 1;
        let out = Command::new(BIN)
            .current_dir(dir.path())
            .arg("check")
            .arg(write_ups())
            .args(["--rules", "bad.toml", "--color", "never"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {stderr}");
        assert!(
            stderr.contains(&format!("bad.toml:{line}")),
            "{bad}: {stderr}"
        );
        assert!(stderr.contains("score.step"), "{bad}: {stderr}");
    }
}
