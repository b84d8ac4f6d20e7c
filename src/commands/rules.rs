//! `jobmark rule CODE` and `jobmark rules`: the catalogue, from the docs
//! compiled into the binary.

use anyhow::Result;

use crate::cli::{ExitStatus, ListFormat};
use crate::rules;

pub fn show(code: &str) -> Result<ExitStatus> {
    let Some(rule) = rules::find(code) else {
        anyhow::bail!("no rule `{code}` (see `jobmark rules`)");
    };
    crate::commands::print_stdout(&rules::doc_markdown(rule.meta()))?;
    Ok(ExitStatus::Success)
}

pub fn list(format: ListFormat) -> Result<ExitStatus> {
    crate::commands::print_stdout(&render_list(format))?;
    Ok(ExitStatus::Success)
}

/// The rule list in a format; the Markdown table is what README.md embeds
/// (a test keeps the two equal).
pub fn render_list(format: ListFormat) -> String {
    let metas = rules::all_meta();
    match format {
        ListFormat::Text => metas
            .iter()
            .map(|m| {
                format!(
                    "{:<6} {:<24} {:<8} {}{}\n",
                    m.code,
                    m.name,
                    m.default_severity.as_str(),
                    m.summary,
                    if m.fixable { " (fixable)" } else { "" }
                )
            })
            .collect(),
        ListFormat::Markdown => {
            let mut out = String::from(
                "| Code | Name | Severity | Fix | What it reports |\n|---|---|---|---|---|\n",
            );
            for m in metas {
                out.push_str(&format!(
                    "| {} | `{}` | {} | {} | {} |\n",
                    m.code,
                    m.name,
                    m.default_severity.as_str(),
                    if m.fixable { "yes" } else { "" },
                    m.summary
                ));
            }
            out
        }
        ListFormat::Json => {
            let list: Vec<_> = metas
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "code": m.code,
                        "name": m.name,
                        "severity": m.default_severity.as_str(),
                        "summary": m.summary,
                        "fixable": m.fixable,
                        "doc": rules::doc_markdown(m),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
        }
    }
}
