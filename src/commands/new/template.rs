//! The complete write-up `jobmark new` writes, and the spelling of the
//! values given for it on the command line.
//!
//! Invariants:
//! - Every section the pack declares is written, in the pack's order, under
//!   its canonical heading and level; the status line names the pack's
//!   first stage only.
//! - A section with nothing to say yet holds the pack's first date
//!   placeholder (`TBD` in the built-in pack), which `check` notes as a
//!   to-do (`todo-section`, info) and no rule rejects. A pack without
//!   placeholders gets only the sections that have real content.
//! - Channel and platform names reach the file in the pack's spelling, or
//!   not at all: drift is corrected with a note, unknown names refused
//!   with the list of known ones.

use anyhow::Result;

use super::NewWriteUp;
use crate::pack::{Pack, SectionKind, Stage, Vocabulary};

/// The write-up for `fields`, every section of the pack in order.
pub fn render(pack: &Pack, fields: &NewWriteUp) -> String {
    let first = pack.first_stage();
    let first_label = pack
        .label_for_stage(first.id)
        .map_or(first.label.as_str(), |l| l.canonical.as_str());
    let todo = pack.dates.placeholders.first().map(String::as_str);
    let mut out = String::new();
    for spec in &pack.sections {
        let marks = "#".repeat(usize::from(spec.level));
        let body = match spec.kind {
            SectionKind::Company => {
                out.push_str(&format!(
                    "{marks} [{}]({})\n\n",
                    escape_link_text(&fields.company),
                    fields.url.trim()
                ));
                continue;
            }
            SectionKind::Title => {
                out.push_str(&format!("{marks} {}\n", one_line(&fields.title)));
                continue;
            }
            SectionKind::Status => {
                // The line under the heading, one level deeper, as people
                // write it (`#### 📜`).
                let line_marks = "#".repeat(usize::from(spec.level + 1).min(6));
                let emoji = pack.emoji_for_stage(first.id).unwrap_or_default();
                out.push_str(&format!("{marks} {}\n{line_marks} {emoji}\n", spec.heading));
                continue;
            }
            SectionKind::Process => Some(mermaid(first, first_label)),
            SectionKind::Channels => Some(fields.channel.clone()),
            SectionKind::Dates => Some(format!("- **{first_label}** <br />{}", fields.date.trim())),
            SectionKind::Platforms => fields.platform.clone().or_else(|| todo.map(str::to_string)),
            SectionKind::Durations
            | SectionKind::Stage
            | SectionKind::Free
            | SectionKind::Score => todo.map(str::to_string),
        };
        if let Some(body) = body {
            out.push_str(&format!("{marks} {}\n{body}\n\n", spec.heading));
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// A flowchart with the first stage as its only node; `new --stage`
/// extends it.
fn mermaid(first: &Stage, label: &str) -> String {
    format!(
        "```mermaid\nflowchart LR\n    {}({})\n```",
        node_id(&first.key),
        mermaid_text(label)
    )
}

/// A mermaid node id from a stage key: letters, digits and `_` only.
pub fn node_id(key: &str) -> String {
    let id: String = key
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if id.is_empty() {
        "stage".to_string()
    } else {
        id
    }
}

/// Node text without the brackets and quotes that end it in mermaid.
pub fn mermaid_text(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | '"' | '\n' | '\r'))
        .collect()
}

fn escape_link_text(text: &str) -> String {
    one_line(text)
        .replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

/// Command-line text on one line (a newline would start a new block).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `written` in the vocabulary's spelling: split on the pack's value
/// separators (`Jobinja & Site`), each name corrected to its canonical
/// spelling (`linkedin` → `LinkedIn`, with a note in `notes`) or refused
/// when the pack does not know it. `flag` names the option in messages.
pub fn canonical_values(
    pack: &Pack,
    vocabulary: &Vocabulary,
    written: &str,
    flag: &str,
    notes: &mut Vec<String>,
) -> Result<String> {
    let mut names = Vec::new();
    for piece in split_on(written, &pack.values.separators) {
        let piece = one_line(piece);
        if piece.is_empty() {
            continue;
        }
        let Some(found) = vocabulary.find(&piece) else {
            anyhow::bail!(
                "{flag} `{piece}` is not a {} the pack knows; known: {}",
                vocabulary.what,
                vocabulary.names().collect::<Vec<_>>().join(", ")
            );
        };
        let canonical = vocabulary.canonical(found);
        if found.is_drift() {
            notes.push(format!(
                "{flag} `{piece}` written as `{canonical}`, the pack's spelling"
            ));
            names.push(canonical.to_string());
        } else {
            // Exact, or a pattern that carries information: as written.
            names.push(piece);
        }
    }
    if names.is_empty() {
        anyhow::bail!("{flag} names no {}", vocabulary.what);
    }
    Ok(names.join(&format!(" {} ", joiner(&pack.values.separators))))
}

/// The separator names are joined with: `&` when the pack reads it.
fn joiner(separators: &[String]) -> &str {
    ["&", ",", "|", "+"]
        .into_iter()
        .find(|s| separators.iter().any(|p| p.trim() == *s))
        .unwrap_or("&")
}

fn split_on<'t>(text: &'t str, separators: &[String]) -> Vec<&'t str> {
    let mut pieces = vec![text];
    let mut ordered: Vec<&str> = separators
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    ordered.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for separator in ordered {
        pieces = pieces
            .into_iter()
            .flat_map(|piece| piece.split(separator))
            .collect();
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_corrected_or_refused() {
        let pack = Pack::builtin();
        let mut notes = Vec::new();
        let written = canonical_values(
            &pack,
            &pack.channels,
            "linkedin & Site",
            "--channel",
            &mut notes,
        )
        .unwrap();
        assert_eq!(written, "LinkedIn & Site");
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("`LinkedIn`"), "{notes:?}");
        let error = canonical_values(
            &pack,
            &pack.platforms,
            "Gogle Meet",
            "--platform",
            &mut notes,
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("Gogle Meet") && error.contains("Google Meet, Skype"),
            "{error}"
        );
    }

    #[test]
    fn mermaid_text_cannot_close_the_node() {
        assert_eq!(mermaid_text("HR Call (Skype)"), "HR Call Skype");
        assert_eq!(node_id("task-review"), "task_review");
    }
}
