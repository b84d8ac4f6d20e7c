//! The module dependency direction, checked on the source: the document
//! model and the pack sit at the bottom of the tree and never reach up into
//! statistics, charts, reports, commands, the CLI or git sources. A
//! `crate::` path (in a `use` line or inline) naming one of those modules
//! under `src/document/` or `src/pack/` fails this test.

use std::path::{Path, PathBuf};

const UPPER: [&str; 6] = ["stats", "chart", "report", "commands", "cli", "source"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every module a file names through `crate::`: `use crate::{a, b::c}`
/// gives `a` and `b`; `crate::stats::compute(..)` gives `stats`.
fn crate_modules(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    found.push((index + 1, name));
                }
            } else {
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                found.push((index + 1, name));
            }
            rest = after;
        }
    }
    found
}

#[test]
fn the_parser_finds_every_form_of_crate_path() {
    let text = "use crate::{stats::x, chart};\nlet a = crate::report::y();\n// crate::commands in a comment\nuse crate::pack::Pack;";
    let names: Vec<String> = crate_modules(text).into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, ["stats", "chart", "report", "pack"]);
}

#[test]
fn document_and_pack_import_nothing_above_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src.join("document"), &mut files);
    rust_files(&src.join("pack"), &mut files);
    assert!(files.len() >= 8, "found the modules: {files:?}");
    let mut violations = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (line, module) in crate_modules(&text) {
            if UPPER.contains(&module.as_str()) {
                violations.push(format!("{}:{line}: crate::{module}", file.display()));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "upward imports:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_pack_does_not_depend_on_the_document_model() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pack");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (line, module) in crate_modules(&text) {
            assert!(
                !matches!(module.as_str(), "document" | "rules" | "lint"),
                "{}:{line}: the pack imports crate::{module}",
                file.display()
            );
        }
    }
}
