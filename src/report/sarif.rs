//! SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.
//!
//! One run whose `tool.driver.rules` is the whole rule table (so `ruleIndex`
//! is stable between runs whatever was found), and one result per finding.
//!
//! Invariants:
//! - `run.columnKind` is `unicodeCodePoints`: SARIF's default unit is UTF-16
//!   code units, ours is Unicode scalar values (the same columns as JSON and
//!   GitHub output), and we say so rather than convert.
//! - Regions are 1-based with an exclusive end column, which is what SARIF's
//!   `endColumn` ("the column following the end") means.
//! - Artifact URIs are the report paths, relative, percent-encoded, with
//!   `uriBaseId: "%SRCROOT%"`: the uploader resolves them against the
//!   checkout, and the log contains no machine-specific absolute path.
//! - The output validates against the OASIS schema
//!   (`tests/report_sarif_schema.rs`).

use serde_json::{json, Map, Value};

use super::{located, LocatedFile, RenderOptions};
use crate::diagnostic::{Applicability, FileReport, RuleMeta, Severity};

pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The SARIF log as a JSON value (tests validate this against the schema).
pub fn to_value(reports: &[FileReport], rules: &[RuleMeta], options: &RenderOptions) -> Value {
    let results = located(reports)
        .iter()
        .flat_map(|file| results(file, rules))
        .collect();
    log(results, rules, options)
}

/// One file's results (see [`super::Stream`]).
pub(super) fn results(file: &LocatedFile<'_>, rules: &[RuleMeta]) -> Vec<Value> {
    let mut results = Vec::with_capacity(file.findings.len());
    for item in &file.findings {
        let finding = item.finding;
        let uri = encode_uri(item.path);
        let mut result = Map::new();
        result.insert("ruleId".into(), json!(finding.code));
        if let Some(index) = rules.iter().position(|rule| rule.code == finding.code) {
            result.insert("ruleIndex".into(), json!(index));
        }
        result.insert("level".into(), json!(level(finding.severity)));
        result.insert("message".into(), json!({ "text": finding.message }));
        result.insert(
            "locations".into(),
            json!([{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
                    "region": {
                        "startLine": item.start.line,
                        "startColumn": item.start.column,
                        "endLine": item.end.line,
                        "endColumn": item.end.column,
                    }
                }
            }]),
        );
        if let Some(fix) = &finding.fix {
            result.insert("fixes".into(), json!([fix_value(file, fix, &uri)]));
        }
        results.push(Value::Object(result));
    }
    results
}

/// The whole log around `results`.
pub(super) fn log(results: Vec<Value>, rules: &[RuleMeta], options: &RenderOptions) -> Value {
    let driver_rules: Vec<Value> = rules
        .iter()
        .map(|rule| rule_descriptor(rule, options))
        .collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "jobmark",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": driver_rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_descriptor(rule: &RuleMeta, options: &RenderOptions) -> Value {
    let url = options.rule_url(rule.code, rule.name);
    let mut descriptor = json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": rule.doc, "markdown": rule.doc },
        "help": { "text": rule.summary, "markdown": rule.doc },
        "defaultConfiguration": { "level": level(rule.default_severity) },
        "properties": { "fixable": rule.fixable },
    });
    if let (Some(url), Value::Object(map)) = (url, &mut descriptor) {
        map.insert("helpUri".into(), json!(url));
    }
    descriptor
}

fn fix_value(file: &LocatedFile<'_>, fix: &crate::diagnostic::Fix, uri: &str) -> Value {
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|edit| {
            let (start, end) = file.edit_positions(&edit.range);
            json!({
                "deletedRegion": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                },
                "insertedContent": { "text": edit.replacement },
            })
        })
        .collect();
    let applicability = match fix.applicability {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "display-only",
    };
    json!({
        "description": { "text": fix.title },
        "artifactChanges": [{
            "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
            "replacements": replacements,
        }],
        "properties": { "applicability": applicability },
    })
}

/// A relative path as a URI reference: `/`-separated, every byte outside
/// RFC 3986's unreserved set (and `/`) percent-encoded, so spaces, `#`, `?`,
/// `%` and non-ASCII names survive a round trip through any URI parser.
pub fn encode_uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(char::from(byte))
            }
            // Windows separators: SARIF URIs always use `/`.
            b'\\' => uri.push('/'),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    #[test]
    fn uri_encoding() {
        assert_eq!(super::encode_uri("notes/a b#1.md"), "notes/a%20b%231.md");
        assert_eq!(
            super::encode_uri("مصاحبه.md"),
            "%D9%85%D8%B5%D8%A7%D8%AD%D8%A8%D9%87.md"
        );
        assert_eq!(super::encode_uri(r"a\b.md"), "a/b.md");
    }
}
