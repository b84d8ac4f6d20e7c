//! Read the snippets users copy from the documentation (`docs/ci.md`), so
//! the ecosystem tests run what the README shows, not a private copy.

#![allow(dead_code)] // each test binary uses a different subset

use std::path::Path;

/// The documentation file with the CI and pre-commit sections.
pub fn ci_doc() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A file at the crate root, as text.
pub fn crate_file(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fenced code blocks `(info string, body)` of the `## heading`
/// section of `markdown`, in order. Panics if the section does not exist,
/// so a renamed heading fails the test instead of testing nothing.
pub fn code_blocks(markdown: &str, heading: &str) -> Vec<(String, String)> {
    let wanted = format!("## {heading}");
    let mut in_section = false;
    let mut found = false;
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        if let Some((info, body)) = current.as_mut() {
            if line.trim_start().starts_with("```") {
                blocks.push((std::mem::take(info), std::mem::take(body)));
                current = None;
            } else {
                body.push_str(line);
                body.push('\n');
            }
            continue;
        }
        if line.starts_with("## ") {
            in_section = line.trim_end() == wanted;
            found |= in_section;
            continue;
        }
        if in_section {
            if let Some(info) = line.trim_start().strip_prefix("```") {
                current = Some((info.trim().to_string(), String::new()));
            }
        }
    }
    assert!(found, "docs/ci.md has no `{wanted}` section");
    blocks
}

/// The one block with this info string in the section.
pub fn only_block(markdown: &str, heading: &str, info: &str) -> String {
    let blocks: Vec<String> = code_blocks(markdown, heading)
        .into_iter()
        .filter(|(i, _)| i == info)
        .map(|(_, body)| body)
        .collect();
    assert_eq!(
        blocks.len(),
        1,
        "expected one ```{info} block under `## {heading}`, found {}",
        blocks.len()
    );
    blocks.into_iter().next().unwrap()
}

/// The `key: value` lines nested under the first line whose trimmed text
/// is `parent` (e.g. `with:`) after the line containing `anchor`: a tiny
/// reader for the flat YAML maps of workflow steps, with quotes removed.
pub fn nested_map(yaml: &str, anchor: &str, parent: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains(anchor))
        .unwrap_or_else(|| panic!("no line contains `{anchor}` in:\n{yaml}"));
    let parent_at = (start..lines.len())
        .find(|&i| lines[i].trim() == parent)
        .unwrap_or_else(|| panic!("no `{parent}` after `{anchor}`"));
    let indent = |l: &str| l.len() - l.trim_start().len();
    let parent_indent = indent(lines[parent_at]);
    let mut map = Vec::new();
    for line in &lines[parent_at + 1..] {
        if line.trim().is_empty() {
            continue;
        }
        if indent(line) <= parent_indent {
            break;
        }
        let (key, value) = line
            .trim()
            .split_once(':')
            .unwrap_or_else(|| panic!("not `key: value`: {line}"));
        let value = value.trim().trim_matches('"').trim_matches('\'');
        map.push((key.trim().to_string(), value.to_string()));
    }
    map
}

/// The names of the top-level entries of the `inputs:` map of an
/// `action.yml`.
pub fn action_inputs(action_yml: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_inputs = false;
    for line in action_yml.lines() {
        if !line.starts_with(' ') && !line.trim().is_empty() {
            in_inputs = line.trim_end() == "inputs:";
            continue;
        }
        if in_inputs {
            if let Some(rest) = line.strip_prefix("  ") {
                if !rest.starts_with(' ') && !rest.starts_with('#') {
                    if let Some(name) = rest.trim_end().strip_suffix(':') {
                        names.push(name.to_string());
                    }
                }
            }
        }
    }
    names
}
