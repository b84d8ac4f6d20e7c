//! The two checks every vocabulary of the pack gets (apply channels,
//! interview platforms): spelling drift, fixed to the canonical name, and
//! values the vocabulary does not know. One implementation each,
//! parameterised by the [`Vocabulary`]; the rule files only give them a
//! code, a name and their documentation.

use super::{Context, FindingExt};
use crate::diagnostic::{Applicability, Fix, RuleMeta};
use crate::document::Value;
use crate::pack::Vocabulary;

/// Drift of each value against `vocabulary`, fixed to the canonical name.
/// `what` names the values in messages (`apply channel`).
pub(super) fn spelling_findings(
    ctx: &mut Context<'_>,
    meta: &RuleMeta,
    values: &[Value],
    vocabulary: &Vocabulary,
    what: &str,
) {
    let lossless = ctx.doc.is_lossless();
    let text = ctx.text();
    for value in values {
        let Some(found) = value.known.filter(|m| m.is_drift()) else {
            continue;
        };
        let name = vocabulary.canonical(found);
        let finding = ctx.report(
            meta,
            value.span.clone(),
            format!("{what} `{}` should be spelled `{name}`", value.text),
        );
        if lossless && text[value.span.clone()] == value.text {
            finding.fix(Fix::replace(
                format!("Write `{name}`"),
                Applicability::Safe,
                value.span.clone(),
                name,
            ));
        } else {
            finding.help(format!("write `{name}`"));
        }
    }
}

/// Values `vocabulary` does not know, with the known names as help.
pub(super) fn unknown_findings(
    ctx: &mut Context<'_>,
    meta: &RuleMeta,
    values: &[Value],
    vocabulary: &Vocabulary,
    what: &str,
) {
    let canonical: Vec<&str> = vocabulary.names().collect();
    // A placeholder (`TBD`) is a to-do, noted by `todo-section`.
    let (doc, pack) = (ctx.doc, ctx.pack);
    let unknown = values.iter().filter(|v| {
        v.known.is_none() && !super::todo_section::in_placeholder_section(doc, pack, &v.span)
    });
    for value in unknown {
        ctx.report(
            meta,
            value.span.clone(),
            format!("`{}` is not a known {what}", value.text),
        )
        .help(format!("use one of: {}", canonical.join(", ")));
    }
}
