//! A Markdown job summary, for appending to `$GITHUB_STEP_SUMMARY`: totals,
//! findings per rule (linked to the rule's docs when a URL pattern is
//! configured) and the ten files with the most errors.
//!
//! Invariant: every string that comes from the repository (paths, and names
//! that a user rule pack may define) goes through [`escape_markdown`] or
//! [`escape_url`] before it reaches the Markdown, so a file called
//! `a|b*.md` or `<script>.md` cannot break the tables or inject HTML.

use std::io::{self, Write};

use super::{plural, RenderOptions, SeverityCounts, Tally};

/// How many files the "most errors" table lists.
const WORST_FILES: usize = 10;

/// The summary from the run's totals (see [`super::Stream`]).
pub(super) fn render_tally(
    tally: &Tally,
    out: &mut dyn Write,
    options: &RenderOptions,
) -> io::Result<()> {
    let totals = tally.severities;
    writeln!(out, "## jobmark\n")?;
    let mut totals_line = format!(
        "**{}, {}**",
        plural(totals.errors, "error", "errors"),
        plural(totals.warnings, "warning", "warnings")
    );
    if totals.infos > 0 {
        totals_line.push_str(&format!(" and {}", plural(totals.infos, "note", "notes")));
    }
    totals_line.push_str(&format!(
        " in {}",
        plural(options.counts.files_checked, "write-up", "write-ups")
    ));
    if options.counts.files_skipped > 0 {
        totals_line.push_str(&format!(
            " ({} skipped)",
            plural(options.counts.files_skipped, "file", "files")
        ));
    }
    writeln!(out, "{totals_line}.")?;
    if totals.total() == 0 {
        return Ok(());
    }

    writeln!(out, "\n### Findings by rule\n")?;
    writeln!(out, "| Rule | Name | Findings | Fixable |")?;
    writeln!(out, "| --- | --- | ---: | ---: |")?;
    for row in tally.rule_counts() {
        let code = escape_markdown(row.code);
        let code = match options.rule_url(row.code, row.name) {
            Some(url) => format!("[{code}]({})", escape_url(&url)),
            None => code,
        };
        writeln!(
            out,
            "| {code} | {} | {} | {} |",
            escape_markdown(row.name),
            row.count,
            row.fixable
        )?;
    }

    // Per path, merged: a path may appear in several reports (e.g. one
    // per revision), and the table is about files.
    let mut worst: Vec<(&str, SeverityCounts)> = tally
        .per_file
        .iter()
        .filter(|(_, c)| c.errors > 0)
        .map(|(path, c)| (path.as_str(), *c))
        .collect();
    if worst.is_empty() {
        return Ok(());
    }
    worst.sort_by(|(path_a, a), (path_b, b)| {
        b.errors
            .cmp(&a.errors)
            .then(b.warnings.cmp(&a.warnings))
            .then(path_a.cmp(path_b))
    });
    writeln!(out, "\n### Files with the most errors\n")?;
    writeln!(out, "| File | Errors | Warnings |")?;
    writeln!(out, "| --- | ---: | ---: |")?;
    for (path, counts) in worst.iter().take(WORST_FILES) {
        writeln!(
            out,
            "| {} | {} | {} |",
            escape_markdown(path),
            counts.errors,
            counts.warnings
        )?;
    }
    if worst.len() > WORST_FILES {
        writeln!(
            out,
            "\n…and {} more with errors.",
            plural(worst.len() - WORST_FILES, "file", "files")
        )?;
    }
    Ok(())
}

/// Make text render literally in GitHub-flavoured Markdown, inside a table
/// cell too: ASCII punctuation that can start inline syntax gets a
/// backslash, `<`, `>` and `&` become entities (GitHub renders raw HTML),
/// and line breaks become spaces (a newline would end the table row).
pub fn escape_markdown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '|' | '~' | '!' | '$' => {
                escaped.push('\\');
                escaped.push(ch);
            }
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '\r' | '\n' => escaped.push(' '),
            _ => escaped.push(ch),
        }
    }
    escaped
}

/// Make a URL safe as a Markdown link destination: characters that would
/// end the destination or the table cell are percent-encoded.
pub fn escape_url(url: &str) -> String {
    let mut escaped = String::with_capacity(url.len());
    for ch in url.chars() {
        match ch {
            ' ' => escaped.push_str("%20"),
            '(' => escaped.push_str("%28"),
            ')' => escaped.push_str("%29"),
            '<' => escaped.push_str("%3C"),
            '>' => escaped.push_str("%3E"),
            '|' => escaped.push_str("%7C"),
            '\r' | '\n' => {}
            _ => escaped.push(ch),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping() {
        assert_eq!(escape_markdown("a|b*c_<d>&\n"), r"a\|b\*c\_&lt;d&gt;&amp; ");
        assert_eq!(escape_markdown("[x](y) `z`"), r"\[x\]\(y\) \`z\`");
        assert_eq!(escape_markdown("مصاحبه-۱۴۰۲.md"), "مصاحبه-۱۴۰۲.md");
    }

    #[test]
    fn url_escaping() {
        assert_eq!(escape_url("https://x/a b(c)|"), "https://x/a%20b%28c%29%7C");
    }
}
