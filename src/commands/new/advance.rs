//! `jobmark new --stage STAGE FILE`: move an existing write-up forward by
//! one stage (or to its outcome) in one command.
//!
//! The status emoji goes at the end of the status line, the dated label
//! after the last entry of `Interview Date`, a node at the end of the
//! process flowchart; sections the write-up now needs (the stage's notes,
//! and once it is an interview the sections required from then on) are
//! added with the pack's placeholder, in the pack's order.
//!
//! Invariants:
//! - The file is only written when the result has no error or warning the
//!   original did not have (a bad `--date`, a stage after the outcome, ...):
//!   otherwise nothing changes and the findings say why.
//! - The write is atomic and refuses a file that changed since it was read
//!   ([`crate::fix::write_atomic`]), like `check --fix`.
//! - Inserted lines use the file's own line ending.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context as _, Result};

use super::template::{self, mermaid_text, node_id};
use crate::cli::{ExitStatus, GlobalOptions, NewArgs};
use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::lint::{self, Linted};
use crate::pack::{LabelEnd, Pack, Required, SectionKind};

/// The stage or outcome being added, resolved against the pack.
#[derive(Debug)]
struct Step {
    /// Mermaid node id stem (the stage or outcome key).
    key: String,
    emoji: String,
    /// The dated label, in the pack's spelling (`HR Call`).
    label: String,
    /// Reaching it makes the write-up an interviewed one.
    interview: bool,
    /// The notes section this stage asks for, as an index into the pack's
    /// sections.
    notes_section: Option<usize>,
}

pub fn run(
    args: &NewArgs,
    globals: &GlobalOptions,
    path: &Path,
    stage: &str,
) -> Result<ExitStatus> {
    let original =
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let shown = crate::commands::display_path(path);
    let text = String::from_utf8(original.clone()).map_err(|_| {
        anyhow::anyhow!("{shown}: not valid UTF-8; `jobmark check` says what to fix first")
    })?;
    // The write-up's repository: its `.jobmark.toml` and pack, as `check`.
    let session = crate::session::Session::resolve(&crate::session::SessionOptions {
        rules: args.rules.clone(),
        anchor: Some(path.to_path_buf()),
        verbose: globals.verbose,
        ..Default::default()
    })?;
    let pack = &session.pack;
    let file_settings = session.settings.for_file(path);
    let today = session.today;
    let lint = |text: &str| lint::lint_bytes(&shown, text.as_bytes(), pack, &file_settings, today);
    let Some(before) = lint(&text) else {
        anyhow::bail!(
            "{shown}: not a write-up (no `{}` heading)",
            pack.header.marker_heading
        );
    };
    let step = resolve_step(pack, stage)?;
    let doc = &before.document;
    let calendar = doc
        .dated
        .iter()
        .flat_map(|entry| &entry.dates)
        .find_map(|date| date.calendar)
        .unwrap_or_else(|| args.calendar.into());
    let mut notes = Vec::new();
    // Validated and spelled as `new` does for a new write-up.
    let date = match &args.date {
        Some(date) => {
            let normal = super::normalise_date(pack, date)?;
            if normal != date.trim() {
                notes.push(format!(
                    "--date {date} written as {normal}, the pack's spelling"
                ));
            }
            normal
        }
        None => super::today_written(pack, calendar),
    };
    let platform = args
        .platform
        .as_deref()
        .map(|p| template::canonical_values(pack, &pack.platforms, p, "--platform", &mut notes))
        .transpose()?;
    let inserts = plan(pack, doc, &step, &date, platform.as_deref())?;
    let new_text = apply(&text, inserts);
    let after = lint(&new_text).context("internal: the write-up stopped being one")?;
    let introduced = introduced_problems(&before, &after);
    if !introduced.is_empty() {
        let list: Vec<String> = introduced
            .iter()
            .map(|f| format!("{} {}", f.code, f.message))
            .collect();
        anyhow::bail!(
            "{shown} not changed: adding {} {} {date} would not pass check: {}",
            step.emoji,
            step.label,
            list.join("; ")
        );
    }
    crate::fix::write_atomic(path, &original, &new_text)?;
    if !globals.quiet {
        for note in notes {
            eprintln!("note: {note}");
        }
        eprintln!("{shown}: added {} {} {date}", step.emoji, step.label);
    }
    Ok(ExitStatus::Success)
}

/// Errors and warnings of `after` that `before` did not have, counted as
/// multisets of (rule, message) so that moved lines do not count.
fn introduced_problems<'a>(before: &Linted, after: &'a Linted) -> Vec<&'a Finding> {
    let mut known: HashMap<(&str, &str), usize> = HashMap::new();
    for finding in &before.report.findings {
        *known
            .entry((finding.code, finding.message.as_str()))
            .or_default() += 1;
    }
    after
        .report
        .findings
        .iter()
        .filter(
            |finding| match known.get_mut(&(finding.code, finding.message.as_str())) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => finding.severity >= Severity::Warning,
            },
        )
        .collect()
}

/// `hr-call`, `hr_call`, `HR call` (a stage's key or name), `HR Call` or an
/// alias (a dated label), or an outcome's key, name or label.
fn resolve_step(pack: &Pack, written: &str) -> Result<Step> {
    let key = written.trim().to_lowercase().replace(['-', ' '], "_");
    let folded = crate::pack::normalise_name(written).to_lowercase();
    let stage = pack
        .stages
        .iter()
        .find(|s| s.key.to_lowercase() == key || s.label.to_lowercase() == folded)
        .map(|s| s.id);
    let outcome = pack
        .outcomes
        .iter()
        .find(|o| o.key.to_lowercase() == key || o.label.to_lowercase() == folded)
        .map(|o| o.id);
    let by_label = pack.find_label(written).map(|found| pack.label(found));
    let stage = stage.or_else(|| {
        outcome
            .is_none()
            .then(|| by_label.and_then(|l| l.stage))
            .flatten()
    });
    let outcome = outcome.or_else(|| match by_label.and_then(|l| l.ends) {
        Some(LabelEnd::Outcome(id)) if stage.is_none() => Some(id),
        _ => None,
    });
    if let Some(id) = stage {
        let spec = pack.stage(id);
        let emoji = pack.emoji_for_stage(id).ok_or_else(|| {
            anyhow::anyhow!("the pack has no status emoji for the stage `{}`", spec.key)
        })?;
        return Ok(Step {
            key: spec.key.clone(),
            emoji: emoji.to_string(),
            label: pack
                .label_for_stage(id)
                .map_or(spec.label.clone(), |l| l.canonical.clone()),
            interview: spec.interview,
            notes_section: spec
                .needs_notes
                .then(|| pack.section_of_stage(id).map(|(i, _)| i))
                .flatten(),
        });
    }
    if let Some(id) = outcome {
        let spec = pack.outcome(id);
        let emoji = pack.emoji_for_outcome(id).ok_or_else(|| {
            anyhow::anyhow!(
                "the pack has no status emoji for the outcome `{}`",
                spec.key
            )
        })?;
        let label = pack
            .labels
            .iter()
            .find(|l| l.ends == Some(LabelEnd::Outcome(id)))
            .map_or(spec.label.clone(), |l| l.canonical.clone());
        return Ok(Step {
            key: spec.key.clone(),
            emoji: emoji.to_string(),
            label,
            interview: false,
            notes_section: None,
        });
    }
    let stages: Vec<String> = pack
        .stages
        .iter()
        .map(|s| s.key.replace('_', "-"))
        .collect();
    let outcomes: Vec<String> = pack.outcomes.iter().map(|o| o.key.clone()).collect();
    anyhow::bail!(
        "--stage `{written}` is neither a stage nor an outcome of the pack; stages: {}; outcomes: {}",
        stages.join(", "),
        outcomes.join(", ")
    )
}

/// One insertion (or replacement) of the plan: `range` of the original
/// text becomes `text`. Insertions at the same place keep plan order.
struct Insert {
    range: std::ops::Range<usize>,
    text: String,
}

fn plan(
    pack: &Pack,
    doc: &Document,
    step: &Step,
    date: &str,
    platform: Option<&str>,
) -> Result<Vec<Insert>> {
    let text = doc.text();
    let nl = if doc.decoded.crlf_lines > 0 {
        "\r\n"
    } else {
        "\n"
    };
    let todo = pack.dates.placeholders.first().map(String::as_str);
    let mut inserts = Vec::new();

    let Some(status) = &doc.status else {
        anyhow::bail!("the write-up has no status line to add {} to", step.emoji);
    };
    let at = status.glyphs.last().map_or(status.span.end, |g| g.span.end);
    inserts.push(Insert {
        range: at..at,
        text: step.emoji.clone(),
    });

    let Some(dates) = doc.sections_of(SectionKind::Dates).last() else {
        anyhow::bail!("the write-up has no dates section to add {} to", step.label);
    };
    let body = &text[dates.body.clone()];
    let content_end = dates.body.start + body.trim_end().len();
    // Follow the file's style: a blank line between entries, or none.
    let gap = if body.contains("\n\n-") || body.contains("\r\n\r\n-") {
        format!("{nl}{nl}")
    } else {
        nl.to_string()
    };
    let entry = format!("- **{}** <br />{date}", step.label);
    inserts.push(if body.trim().is_empty() {
        Insert {
            range: dates.body.start..dates.body.start,
            text: format!("{entry}{nl}"),
        }
    } else {
        Insert {
            range: content_end..content_end,
            text: format!("{gap}{entry}"),
        }
    });

    if let Some(insert) = extend_flowchart(doc, step) {
        inserts.push(insert);
    }

    if let (Some(platform), Some(section)) =
        (platform, doc.sections_of(SectionKind::Platforms).next())
    {
        inserts.extend(set_platform(pack, doc, section, platform));
    }

    let interviewed = step.interview || doc.interviewed(pack);
    for (index, spec) in pack.sections.iter().enumerate() {
        let needed = match spec.required {
            Required::Always => true,
            Required::Interviewed => interviewed,
            Required::Never => false,
        } || step.notes_section == Some(index);
        if !needed || doc.section_with_spec(index).is_some() {
            continue;
        }
        let body = match spec.kind {
            SectionKind::Platforms => platform.or(todo),
            _ => todo,
        };
        let Some(body) = body else {
            continue;
        };
        let marks = "#".repeat(usize::from(spec.level));
        let at = insertion_point(pack, doc, index);
        let lead = if at == text.len() && !text.ends_with('\n') {
            format!("{nl}{nl}")
        } else if at == text.len() {
            nl.to_string()
        } else {
            String::new()
        };
        let trail = if at == text.len() {
            nl.to_string()
        } else {
            format!("{nl}{nl}")
        };
        inserts.push(Insert {
            range: at..at,
            text: format!("{lead}{marks} {}{nl}{body}{trail}", spec.heading),
        });
    }
    Ok(inserts)
}

/// Where a missing section of the pack goes: after the nearest section
/// before it (in the pack's order) that the write-up has, else before the
/// nearest one after it, else at the end.
fn insertion_point(pack: &Pack, doc: &Document, index: usize) -> usize {
    let text = doc.text();
    let before = (0..index)
        .rev()
        .find_map(|i| doc.section_with_spec(i))
        .map(|section| {
            // The body runs to the next section heading, so the new one
            // goes right before that heading.
            section.body.end
        });
    if let Some(at) = before {
        return at;
    }
    (index + 1..pack.sections.len())
        .find_map(|i| doc.section_with_spec(i))
        .map_or(text.len(), |section| doc.heading_of(section).span.start)
}

/// Append `--> key(Label)` to the last line of the process flowchart, when
/// that line ends in a node.
fn extend_flowchart(doc: &Document, step: &Step) -> Option<Insert> {
    let text = doc.text();
    let process = doc.sections_of(SectionKind::Process).next()?;
    let block = doc
        .mermaid
        .iter()
        .rfind(|m| m.span.start >= process.body.start && m.span.start < process.body.end)?;
    let source = &text[block.span.clone()];
    // The line before the closing fence.
    let inner_end = source.trim_end().rfind('\n')?;
    let inner = &source[..inner_end];
    let last_line_start = inner.rfind('\n').map_or(0, |i| i + 1);
    let last_line = inner[last_line_start..].trim_end_matches('\r').trim_end();
    if !last_line.ends_with(')') || !last_line.contains('(') {
        return None;
    }
    let stem = node_id(&step.key);
    let mut id = stem.clone();
    let mut n = 2;
    while source.contains(&format!("{id}(")) {
        id = format!("{stem}{n}");
        n += 1;
    }
    let at = block.span.start + last_line_start + last_line.len();
    Some(Insert {
        range: at..at,
        text: format!(" --> {id}({})", mermaid_text(&step.label)),
    })
}

/// Put `platform` into the platform section: in place of a placeholder,
/// else after the last value unless it is already there.
fn set_platform(
    pack: &Pack,
    doc: &Document,
    section: &crate::document::Section,
    platform: &str,
) -> Option<Insert> {
    let values: Vec<_> = doc
        .platforms
        .iter()
        .filter(|v| v.span.start >= section.body.start && v.span.end <= section.body.end)
        .collect();
    let placeholder = values
        .iter()
        .find(|v| v.known.is_none() && pack.placeholder(&v.text).is_some());
    if let Some(value) = placeholder.filter(|_| values.len() == 1) {
        return Some(Insert {
            range: value.span.clone(),
            text: platform.to_string(),
        });
    }
    let wanted: Vec<_> = platform
        .split(" & ")
        .filter_map(|name| pack.platforms.find(name))
        .map(|found| pack.platforms.canonical(found).to_string())
        .collect();
    let present: Vec<_> = values
        .iter()
        .filter_map(|v| {
            v.known
                .map(|found| pack.platforms.canonical(found).to_string())
        })
        .collect();
    let missing: Vec<_> = wanted.iter().filter(|w| !present.contains(w)).collect();
    let last = values.last()?;
    if missing.is_empty() {
        return None;
    }
    let names: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
    Some(Insert {
        range: last.span.end..last.span.end,
        text: format!(" & {}", names.join(" & ")),
    })
}

/// The text with every insert applied; replacements never overlap (the
/// plan makes at most one per place), insertions at one place keep order.
fn apply(text: &str, mut inserts: Vec<Insert>) -> String {
    inserts.sort_by_key(|insert| insert.range.start);
    let mut out = String::with_capacity(text.len() + 256);
    let mut cursor = 0;
    for insert in inserts {
        if insert.range.start < cursor {
            continue;
        }
        out.push_str(&text[cursor..insert.range.start]);
        out.push_str(&insert.text);
        cursor = insert.range.end;
    }
    out.push_str(&text[cursor..]);
    out
}
