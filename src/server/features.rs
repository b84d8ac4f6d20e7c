//! The editor features, as pure functions from a linted document to LSP
//! values: diagnostics, code actions, hover and completion.
//!
//! Invariants:
//! - Every range goes through [`LineMap`], so positions are in the
//!   negotiated encoding and never split a character.
//! - A code action's edits are the fix's own edits, unchanged: the editor
//!   applies exactly what `check --fix` (or `--unsafe-fixes`) would, one
//!   finding at a time. A fix the engine would refuse (edits out of range,
//!   overlapping each other) is not offered.
//! - Hover and completion read the pack, never a list in code: another pack
//!   gets its own emojis, labels, channels and platforms.

use std::collections::HashMap;
use std::ops::Range;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeDescription, CompletionItem,
    CompletionItemKind, CompletionTextEdit, Diagnostic, DiagnosticSeverity, Hover, HoverContents,
    MarkupContent, MarkupKind, NumberOrString, TextEdit, Uri, WorkspaceEdit,
};

use super::position::LineMap;
use crate::diagnostic::{Applicability, Finding, Severity};
use crate::document::{Document, Span};
use crate::lint::Linted;
use crate::pack::model::{Label, LabelEnd};
use crate::pack::{Pack, SectionKind};

/// The `source` of every diagnostic, and the suffix of the fix-all kind.
pub const SOURCE: &str = "jobmark";
/// `source.fixAll.jobmark`: "fix everything safe" (on save, or by command).
pub const FIX_ALL_KIND: &str = "source.fixAll.jobmark";

pub fn diagnostic(finding: &Finding, map: &LineMap<'_>, pack: &Pack) -> Diagnostic {
    let href = crate::diagnostic::rule_doc_url(pack.header.docs_url.as_deref(), finding.code)
        .and_then(|url| url.parse::<Uri>().ok());
    let message = match &finding.help {
        Some(help) => format!("{}\n{help}", finding.message),
        None => finding.message.clone(),
    };
    Diagnostic {
        range: map.range(&finding.span),
        severity: Some(match finding.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(finding.code.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message,
        ..Diagnostic::default()
    }
}

/// A problem that stops the document from being linted (a broken
/// `.jobmark.toml` or pack), shown at the top of the document.
pub fn problem_diagnostic(problem: &str) -> Diagnostic {
    Diagnostic {
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(SOURCE.to_string()),
        message: format!("jobmark cannot lint this file: {problem}"),
        ..Diagnostic::default()
    }
}

/// Which kinds of action the client asked for (`context.only`).
pub struct WantedKinds {
    pub quick_fixes: bool,
    pub fix_all: bool,
}

impl WantedKinds {
    pub fn from_only(only: Option<&[CodeActionKind]>) -> WantedKinds {
        let Some(only) = only else {
            return WantedKinds {
                quick_fixes: true,
                fix_all: true,
            };
        };
        // `only: ["source"]` asks for every source action, fix-all included.
        let asks_for = |kind: &str| {
            only.iter().any(|wanted| {
                let wanted = wanted.as_str();
                kind == wanted || kind.starts_with(&format!("{wanted}."))
            })
        };
        WantedKinds {
            quick_fixes: asks_for(CodeActionKind::QUICKFIX.as_str()),
            fix_all: asks_for(FIX_ALL_KIND),
        }
    }
}

/// Quick fixes for the findings that touch `range` (bytes), one per fix,
/// plus "disable for this line"; and the fix-all action when asked for.
pub fn code_actions(
    uri: &Uri,
    linted: &Linted,
    map: &LineMap<'_>,
    pack: &Pack,
    range: Range<usize>,
    wanted: &WantedKinds,
    fixed_text: impl FnOnce() -> Option<String>,
) -> Vec<CodeActionOrCommand> {
    let text = linted.report.text.as_ref();
    let mut actions = Vec::new();
    let edit_of = |edits: Vec<TextEdit>| WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    };
    if wanted.quick_fixes {
        let touching = linted
            .report
            .findings
            .iter()
            .filter(|f| f.span.start <= range.end && range.start <= f.span.end);
        for finding in touching {
            let diag = diagnostic(finding, map, pack);
            if let Some(fix) = &finding.fix {
                if fix_is_usable(text, fix) {
                    let title = match fix.applicability {
                        Applicability::Safe => format!("Fix: {}", fix.title),
                        Applicability::Unsafe => format!("Fix: {} (unsafe)", fix.title),
                        Applicability::DisplayOnly => {
                            format!("Suggestion: {} (review the result)", fix.title)
                        }
                    };
                    let edits = fix
                        .edits
                        .iter()
                        .map(|edit| TextEdit {
                            range: map.range(&edit.range),
                            new_text: edit.replacement.clone(),
                        })
                        .collect();
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diag.clone()]),
                        edit: Some(edit_of(edits)),
                        is_preferred: Some(fix.applicability == Applicability::Safe),
                        ..CodeAction::default()
                    }));
                }
            }
            let line_start = text[..finding.span.start.min(text.len())]
                .rfind(['\n', '\r'])
                .map_or(0, |i| i + 1);
            let line_start_position = map.position(line_start);
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Disable {} for this line", finding.code),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag]),
                edit: Some(edit_of(vec![TextEdit {
                    range: lsp_types::Range {
                        start: line_start_position,
                        end: line_start_position,
                    },
                    new_text: format!("<!-- jobmark-disable-next-line {} -->\n", finding.code),
                }])),
                ..CodeAction::default()
            }));
        }
    }
    let any_safe_fix = linted.report.findings.iter().any(|f| {
        f.fix
            .as_ref()
            .is_some_and(|fix| fix.applicability == Applicability::Safe)
    });
    if wanted.fix_all && any_safe_fix {
        if let Some(fixed) = fixed_text().filter(|fixed| fixed != text) {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all safe jobmark findings".to_string(),
                kind: Some(CodeActionKind::from(FIX_ALL_KIND)),
                edit: Some(edit_of(vec![TextEdit {
                    range: lsp_types::Range {
                        start: map.position(0),
                        end: map.end(),
                    },
                    new_text: fixed,
                }])),
                ..CodeAction::default()
            }));
        }
    }
    actions
}

/// Whether the engine would apply `fix` on its own to `text`.
fn fix_is_usable(text: &str, fix: &crate::diagnostic::Fix) -> bool {
    let as_unsafe = crate::diagnostic::Fix {
        applicability: Applicability::Unsafe,
        ..fix.clone()
    };
    !crate::fix::apply(text, [&as_unsafe], true)
        .applied
        .is_empty()
}

fn contains(span: &Span, offset: usize) -> bool {
    span.start <= offset && offset < span.end
}

fn markdown(value: String, range: lsp_types::Range) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(range),
    }
}

/// Hover on a status emoji, a stage label, a channel or a platform.
pub fn hover(doc: &Document, pack: &Pack, map: &LineMap<'_>, offset: usize) -> Option<Hover> {
    if let Some(glyph) = doc
        .status
        .iter()
        .flat_map(|line| &line.glyphs)
        .find(|g| contains(&g.span, offset))
    {
        let text = match pack.find_emoji(&glyph.text) {
            Some(entry) => format!(
                "{} **{}**: {} of the process (status legend of pack `{}`)",
                entry.emoji,
                entry.meaning,
                if entry.stage.is_some() {
                    "a stage"
                } else {
                    "the outcome"
                },
                pack.header.name
            ),
            None => format!(
                "`{}` is not in the status legend of pack `{}`. Known:\n\n{}",
                glyph.text.escape_debug(),
                pack.header.name,
                pack.legend
                    .iter()
                    .map(|e| format!("- {} {}", e.emoji, e.meaning))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        };
        return Some(markdown(text, map.range(&glyph.span)));
    }
    if let Some((written, span, found)) = doc
        .stage_labels()
        .find(|(_, span, _)| contains(span, offset))
    {
        let text = match found {
            Some(found) => {
                let label = pack.label(found);
                let mut text = format!("**{}**: {}", label.canonical, label_meaning(pack, label));
                if found.is_drift() {
                    text.push_str(&format!(
                        "\n\nWritten `{written}`; the pack spells it `{}`.",
                        label.canonical
                    ));
                }
                text
            }
            None => format!(
                "`{written}` is not a stage label of pack `{}`. Known: {}",
                pack.header.name,
                pack.labels
                    .iter()
                    .map(|l| format!("`{}`", l.canonical))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return Some(markdown(text, map.range(span)));
    }
    let vocabularies = [
        (&doc.channels, &pack.channels, "channel"),
        (&doc.platforms, &pack.platforms, "platform"),
    ];
    for (values, vocabulary, what) in vocabularies {
        if let Some(value) = values.iter().find(|v| contains(&v.span, offset)) {
            let text = match value.known {
                Some(found) => format!(
                    "**{}**: a {what} of pack `{}`",
                    vocabulary.canonical(found),
                    pack.header.name
                ),
                None => format!(
                    "`{}` is not a {what} of pack `{}`. Known: {}",
                    value.text,
                    pack.header.name,
                    vocabulary
                        .names()
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return Some(markdown(text, map.range(&value.span)));
        }
    }
    None
}

/// What a stage label records, with the status emoji of its stage.
fn label_meaning(pack: &Pack, label: &Label) -> String {
    if let Some(stage) = label.stage {
        let name = &pack.stage(stage).label;
        return match pack.emoji_for_stage(stage) {
            Some(emoji) => format!("the date of the stage {emoji} {name}"),
            None => format!("the date of the stage {name}"),
        };
    }
    match label.ends {
        Some(LabelEnd::Outcome(outcome)) => {
            let name = &pack.outcome(outcome).label;
            match pack.emoji_for_outcome(outcome) {
                Some(emoji) => format!("the outcome {emoji} {name}"),
                None => format!("the outcome {name}"),
            }
        }
        Some(LabelEnd::Any) | None => {
            "the end of the process, without saying which way it went".to_string()
        }
    }
}

/// Completion at `offset`: stage labels in the date and duration lists,
/// channels and platforms in their sections, emojis on the status line.
pub fn completion(
    doc: &Document,
    pack: &Pack,
    map: &LineMap<'_>,
    offset: usize,
) -> Vec<CompletionItem> {
    let text = doc.text();
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let prefix = &text[line_start..offset];
    if doc.status.as_ref().is_some_and(|status| {
        status.span.start <= offset && offset <= status.span.end && !status.span.is_empty()
    }) {
        return pack
            .legend
            .iter()
            .enumerate()
            .map(|(i, entry)| CompletionItem {
                label: entry.emoji.clone(),
                kind: Some(CompletionItemKind::ENUM_MEMBER),
                detail: Some(entry.meaning.clone()),
                filter_text: Some(entry.meaning.clone()),
                sort_text: Some(format!("{i:03}")),
                insert_text: Some(entry.emoji.clone()),
                ..CompletionItem::default()
            })
            .collect();
    }
    let Some(section) = doc
        .sections
        .iter()
        .rfind(|s| s.body.start <= line_start && offset <= s.body.end)
    else {
        return Vec::new();
    };
    let replace = |partial: &str| lsp_types::Range {
        start: map.position(offset - partial.len()),
        end: map.position(offset),
    };
    match section.kind {
        SectionKind::Dates | SectionKind::Durations => {
            let Some((partial, insert)) = label_context(prefix) else {
                return Vec::new();
            };
            let range = replace(partial);
            pack.labels
                .iter()
                .enumerate()
                .map(|(i, label)| CompletionItem {
                    label: label.canonical.clone(),
                    kind: Some(CompletionItemKind::ENUM_MEMBER),
                    detail: Some(label_meaning(pack, label)),
                    filter_text: Some(label.canonical.clone()),
                    sort_text: Some(format!("{i:03}")),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                        range,
                        new_text: insert(&label.canonical),
                    })),
                    ..CompletionItem::default()
                })
                .collect()
        }
        SectionKind::Channels | SectionKind::Platforms => {
            let (vocabulary, what) = if section.kind == SectionKind::Channels {
                (&pack.channels, "channel")
            } else {
                (&pack.platforms, "platform")
            };
            let partial = prefix
                .rsplit(['&', ',', '/'])
                .next()
                .unwrap_or(prefix)
                .trim_start();
            let range = replace(partial);
            vocabulary
                .names()
                .enumerate()
                .map(|(i, name)| CompletionItem {
                    label: name.to_string(),
                    kind: Some(CompletionItemKind::VALUE),
                    detail: Some(format!("{what} ({})", pack.header.name)),
                    filter_text: Some(name.to_string()),
                    sort_text: Some(format!("{i:03}")),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                        range,
                        new_text: name.to_string(),
                    })),
                    ..CompletionItem::default()
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Builds the text that replaces the typed part of a label.
type LabelInsert = fn(&str) -> String;

/// The label typed so far on a list line, and how to complete it: only the
/// label inside `**...**`, else with the bold marks (and the bullet) the
/// format wants. `None` once the cursor is past the label.
fn label_context(prefix: &str) -> Option<(&str, LabelInsert)> {
    let rest = prefix.trim_start();
    let (bullet, rest) = match rest.strip_prefix(['-', '*', '+']) {
        Some(after) if after.starts_with([' ', '\t']) => (true, after.trim_start()),
        _ => (false, rest),
    };
    let (bold, partial) = match rest.strip_prefix("**").or_else(|| rest.strip_prefix("__")) {
        Some(after) => (true, after),
        None => (false, rest),
    };
    if partial.contains(['*', '_', '<', ':']) {
        return None;
    }
    let insert: LabelInsert = match (bullet, bold) {
        (_, true) => |label| label.to_string(),
        (true, false) => |label| format!("**{label}** <br />"),
        (false, false) => |label| format!("- **{label}** <br />"),
    };
    Some((partial, insert))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_context_completes_inside_and_outside_bold_marks() {
        let (partial, insert) = label_context("- **HR C").unwrap();
        assert_eq!(partial, "HR C");
        assert_eq!(insert("HR Call"), "HR Call");
        let (partial, insert) = label_context("- ").unwrap();
        assert_eq!(partial, "");
        assert_eq!(insert("Task"), "**Task** <br />");
        let (partial, insert) = label_context("Sen").unwrap();
        assert_eq!(partial, "Sen");
        assert_eq!(insert("Sent Resume"), "- **Sent Resume** <br />");
        assert!(label_context("- **Task** <br />14").is_none());
    }
}
