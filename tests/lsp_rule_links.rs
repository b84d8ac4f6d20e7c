//! Every finding links to its rule's documentation: in `check`'s human
//! output, in `jobmark rule CODE`, and (tests/lsp.rs) in the editor. The
//! link is the pack's `docs_url` plus `#CODE`, so a repository's own pack
//! links to its own documentation, and a hostile one links nowhere.

use std::path::Path;
use std::process::{Command, Output};

const BUILTIN_DOCS: &str = "https://github.com/jobmark/jobmark/blob/main/docs/rules.md";

fn jobmark(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jobmark"))
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run jobmark")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A write-up whose only finding is `referral` spelled for `Refer` (JM601).
fn write_up() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/src/cafe-bazaar/backend-engineer.md"),
    )
    .unwrap()
    .replace("### Apply Way\nRefer\n", "### Apply Way\nreferral\n")
}

fn pack_with_docs_url(url: &str) -> String {
    let builtin =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/interview.toml"))
            .unwrap();
    builtin.replace(
        &format!("docs_url = \"{BUILTIN_DOCS}\""),
        &format!("docs_url = {}", toml_string(url)),
    )
}

fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn human_output_and_rule_command_link_to_the_builtin_docs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), write_up()).unwrap();
    let check = jobmark(dir.path(), &["check", "a.md", "--color", "never"]);
    assert!(
        stdout(&check).contains(&format!("JM601 channel-spelling ({BUILTIN_DOCS}#JM601)")),
        "{}",
        stdout(&check)
    );
    let rule = jobmark(dir.path(), &["rule", "channel-spelling"]);
    assert!(rule.status.success());
    assert!(
        stdout(&rule).ends_with(&format!("\nDocumentation: {BUILTIN_DOCS}#JM601\n")),
        "{}",
        stdout(&rule)
    );
}

#[test]
fn a_repository_pack_links_to_its_own_docs() {
    let dir = tempfile::tempdir().unwrap();
    let docs = "https://wiki.example/interview-rules";
    std::fs::write(dir.path().join("pack.toml"), pack_with_docs_url(docs)).unwrap();
    std::fs::write(dir.path().join(".jobmark.toml"), "rules = \"pack.toml\"\n").unwrap();
    std::fs::write(dir.path().join("a.md"), write_up()).unwrap();
    let check = jobmark(dir.path(), &["check", "a.md", "--color", "never"]);
    assert!(
        stdout(&check).contains(&format!("JM601 channel-spelling ({docs}#JM601)")),
        "{}",
        stdout(&check)
    );
    let rule = jobmark(dir.path(), &["rule", "JM601"]);
    assert!(
        stdout(&rule).ends_with(&format!("\nDocumentation: {docs}#JM601\n")),
        "{}",
        stdout(&rule)
    );
}

#[test]
fn a_hostile_docs_url_is_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "https://x.example/\u{1b}]8;;evil\u{7}\u{1b}[2J";
    std::fs::write(dir.path().join("pack.toml"), pack_with_docs_url(hostile)).unwrap();
    std::fs::write(dir.path().join(".jobmark.toml"), "rules = \"pack.toml\"\n").unwrap();
    std::fs::write(dir.path().join("a.md"), write_up()).unwrap();
    for args in [
        &["check", "a.md", "--color", "never"][..],
        &["check", "a.md", "--color", "always"],
        &["rule", "JM601"],
    ] {
        let out = jobmark(dir.path(), args);
        let text = stdout(&out);
        assert!(!text.contains("x.example"), "{args:?}: {text}");
        assert!(!text.contains('\u{7}'), "{args:?}: {text:?}");
        assert!(!text.contains("\u{1b}[2J"), "{args:?}: {text:?}");
        if args[0] == "check" {
            assert!(text.contains("JM601 channel-spelling"), "{text}");
        } else {
            assert!(!text.contains("Documentation:"), "{text}");
        }
    }
}

#[test]
fn a_broken_configuration_still_shows_the_rule_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".jobmark.toml"), "selekt = []\n").unwrap();
    let rule = jobmark(dir.path(), &["rule", "JM601"]);
    assert!(rule.status.success());
    assert!(stdout(&rule).contains(&format!("Documentation: {BUILTIN_DOCS}#JM601")));
    let stderr = String::from_utf8_lossy(&rule.stderr);
    assert!(
        stderr.contains("warning:") && stderr.contains("selekt"),
        "{stderr}"
    );
}
