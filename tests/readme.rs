//! The README cannot drift from the binary: its rule table is the one
//! `jobmark rules --format markdown` prints, and every `--flag` it names is
//! a flag some command accepts.

use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

fn jobmark(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_jobmark"))
        .args(args)
        .output()
        .expect("run jobmark");
    assert!(
        output.status.success(),
        "jobmark {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn rule_table_matches_the_binary() {
    let readme = readme();
    let start = readme
        .find("<!-- rules:start -->\n")
        .expect("rules:start marker")
        + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    let table = &readme[start..end];
    assert_eq!(
        table,
        jobmark(&["rules", "--format", "markdown"]),
        "README's rule table is stale: paste `jobmark rules --format markdown` between the markers"
    );
}

#[test]
fn every_documented_flag_exists() {
    let readme = readme();
    let mut help = String::new();
    for command in [
        &["--help"][..],
        &["check", "--help"],
        &["history", "--help"],
        &["stats", "--help"],
        &["new", "--help"],
        &["hook", "install", "--help"],
        &["rules", "--help"],
    ] {
        help.push_str(&jobmark(command));
    }
    let mut missing = Vec::new();
    for (index, _) in readme.match_indices("--") {
        let rest = &readme[index + 2..];
        let flag: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '-')
            .collect();
        // `-- check` in `cargo run --release -- check` and table rules `---`.
        if flag.len() < 2 || flag.starts_with('-') || readme[..index].ends_with('-') {
            continue;
        }
        // Flags of cargo, git and peer tools the README quotes.
        let known_elsewhere = [
            "release",
            "locked",
            "git",
            "path",
            "check",
            "all-targets",
            "depth",
            "no-cache",
            "all-files",
        ];
        if !help.contains(&format!("--{flag}")) && !known_elsewhere.contains(&flag.as_str()) {
            missing.push(flag);
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "README names flags no command has: {missing:?}"
    );
}

#[test]
fn rule_reference_page_matches_the_binary() {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md"))
        .expect("docs/rules.md");
    assert_eq!(
        page,
        jobmark(&["rules", "--format", "reference"]),
        "docs/rules.md is stale: regenerate it with `jobmark rules --format reference > docs/rules.md`"
    );
    for meta in jobmark::rules::all_meta() {
        assert!(
            page.contains(&format!("<a id=\"{}\"></a>", meta.code)),
            "no anchor for {}",
            meta.code
        );
    }
}

#[test]
fn ci_sections_are_the_tested_ones() {
    // tests/ecosystem_*.rs run the snippets of docs/ci.md; the README must
    // carry the same text so what users copy is what was tested.
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ci.md"))
        .expect("docs/ci.md");
    let sections = &ci[ci.find("## GitHub Action").expect("Action section")..];
    let readme = readme();
    let start =
        readme.find("<!-- ci:start -->\n").expect("ci:start marker") + "<!-- ci:start -->\n".len();
    let end = readme.find("<!-- ci:end -->").expect("ci:end marker");
    assert_eq!(
        readme[start..end].trim_end(),
        sections.trim_end(),
        "paste docs/ci.md's sections between the ci markers"
    );
}
