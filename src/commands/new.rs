//! `jobmark new`: write a new write-up from the schema pack, the way the
//! web form people use today does, but one that passes `jobmark check`.
//!
//! Missing fields are asked for when standard input is a terminal; in a
//! script they are required flags. The file is created, never overwritten
//! unless `--force`. The template is in [`template`]; `--stage` moves an
//! existing write-up forward ([`advance`]).

mod advance;
mod template;

use std::io::{BufRead, IsTerminal, Write as _};
use std::path::PathBuf;

use anyhow::{Context as _, Result};

use crate::calendar::{CalendarKind, Day};
use crate::cli::{ExitStatus, GlobalOptions, NewArgs};
use crate::pack::Pack;

/// The fields of a new write-up.
pub struct NewWriteUp {
    pub company: String,
    pub url: String,
    pub title: String,
    /// The date written under `Sent Resume`, as written.
    pub date: String,
    /// In the pack's spelling (see [`template::canonical_values`]).
    pub channel: String,
    /// `None`: the section holds the pack's placeholder.
    pub platform: Option<String>,
}

pub use template::render;

/// A file name from a company name: lowercase, words joined by `-`,
/// letters of any script kept.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if matches!(c, '\u{200C}' | '\u{200D}') {
            // Zero-width (non-)joiners shape Persian words; they split none.
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "write-up".to_string()
    } else {
        out
    }
}

fn today_written(pack: &Pack, calendar: CalendarKind) -> String {
    let (y, m, d) = Day::today().ymd(calendar);
    let sep = match calendar {
        CalendarKind::Jalali => &pack.dates.jalali_separator,
        CalendarKind::Gregorian => &pack.dates.gregorian_separator,
    };
    format!("{y:04}{sep}{m:02}{sep}{d:02}")
}

fn ask(prompt: &str, value: Option<&String>, interactive: bool) -> Result<String> {
    if let Some(value) = value {
        return Ok(value.clone());
    }
    if !interactive {
        anyhow::bail!(
            "missing --{prompt} (standard input is not a terminal, so jobmark cannot ask)"
        );
    }
    eprint!("{prompt}: ");
    std::io::stderr().flush().ok();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the answer")?;
    let line = line.trim().to_string();
    if line.is_empty() {
        anyhow::bail!("{prompt} is required");
    }
    Ok(line)
}

/// `--date` as the documents would have it: parsed and validated by the
/// same calendar rules as `check` (a date that does not exist, a sign, a
/// year no write-up could have are refused), then written with the pack's
/// separator for its calendar (`1402/08/02` becomes `1402.08.02`, which
/// is what `check --fix` would make of it).
pub fn normalise_date(pack: &Pack, text: &str) -> Result<String> {
    let (calendar, year, month, day, _) =
        crate::calendar::parse_ymd(text).map_err(|reason| anyhow::anyhow!("--date: {reason}"))?;
    let sep = match calendar {
        CalendarKind::Jalali => &pack.dates.jalali_separator,
        CalendarKind::Gregorian => &pack.dates.gregorian_separator,
    };
    Ok(format!("{year:04}{sep}{month:02}{sep}{day:02}"))
}

/// `out` receives the write-up with `-o -`; `err` the notes. Questions
/// (on a terminal, for missing flags) go to the terminal's stderr.
pub fn run(
    args: &NewArgs,
    globals: &GlobalOptions,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Result<ExitStatus> {
    if let (Some(stage), Some(write_up)) = (&args.stage, &args.write_up) {
        return advance::run(args, globals, write_up, stage);
    }
    // The repository's pack (its `.jobmark.toml` `rules =`), as `check` uses.
    let session = crate::session::Session::resolve(&crate::session::SessionOptions {
        rules: args.rules.clone(),
        anchor: args
            .output
            .as_ref()
            .filter(|o| o.as_os_str() != "-")
            .and_then(|o| o.parent())
            .filter(|p| p.exists())
            .map(std::path::Path::to_path_buf),
        verbose: globals.verbose,
        ..Default::default()
    })?;
    let pack = &session.pack;
    let interactive = std::io::stdin().is_terminal();
    let company = ask("company", args.company.as_ref(), interactive)?;
    let url = ask("url", args.url.as_ref(), interactive)?;
    let title = ask("title", args.title.as_ref(), interactive)?;
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        anyhow::bail!("--url `{url}` must be an absolute http(s) URL");
    }
    let date = match &args.date {
        Some(date) => {
            let normal = normalise_date(pack, date)?;
            if normal != date.trim() && !globals.quiet {
                writeln!(
                    err,
                    "note: --date {date} written as {normal}, the pack's spelling"
                )?;
            }
            normal
        }
        None => today_written(pack, args.calendar.into()),
    };
    let mut notes = Vec::new();
    // Default: the pack's first channel (`Site` in the built-in pack).
    let channel_written = args
        .channel
        .clone()
        .or_else(|| pack.channels.names().next().map(str::to_string))
        .unwrap_or_default();
    let channel = template::canonical_values(
        pack,
        &pack.channels,
        &channel_written,
        "--channel",
        &mut notes,
    )?;
    let platform = args
        .platform
        .as_deref()
        .map(|p| template::canonical_values(pack, &pack.platforms, p, "--platform", &mut notes))
        .transpose()?;
    if !globals.quiet {
        for note in &notes {
            eprintln!("note: {note}");
        }
    }
    let fields = NewWriteUp {
        company,
        url,
        title,
        date,
        channel,
        platform,
    };
    let text = render(pack, &fields);
    // Refuse to write something `check` would reject (a bad --date, say).
    let check = crate::lint::lint_bytes(
        "new.md",
        text.as_bytes(),
        pack,
        &Default::default(),
        session.today,
    )
    .context("internal: the template is not a write-up")?;
    if let Some(problem) = check
        .report
        .findings
        .iter()
        .find(|f| f.severity >= crate::diagnostic::Severity::Warning)
    {
        anyhow::bail!(
            "the write-up would not pass check: {} {}",
            problem.code,
            problem.message
        );
    }
    let output = args.output.clone().unwrap_or_else(|| {
        let slug = slug(&fields.company);
        PathBuf::from("src").join(&slug).join(format!("{slug}.md"))
    });
    if output.as_os_str() == "-" {
        out.write_all(text.as_bytes())?;
        out.flush()?;
        return Ok(ExitStatus::Success);
    }
    if output.exists() && !args.force {
        anyhow::bail!("{} exists; pass --force to overwrite it", output.display());
    }
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    // A new file gets the umask's mode like any editor's; --force keeps the
    // mode of the file it replaces.
    let keep_mode = std::fs::metadata(&output).ok().map(|m| m.permissions());
    crate::output_dir::write_new_then_rename(&output, text.as_bytes(), keep_mode)
        .with_context(|| format!("cannot write {}", output.display()))?;
    if !globals.quiet {
        writeln!(
            err,
            "wrote {}",
            crate::terminal::escape(&output.display().to_string())
        )?;
    }
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_write_up_has_only_to_do_notes() {
        let pack = Pack::builtin();
        for date in ["1404.09.04", "2025/07/21"] {
            let fields = NewWriteUp {
                company: "Acme [Iran]".into(),
                url: "https://acme.example".into(),
                title: "Rust Engineer".into(),
                date: date.into(),
                channel: "LinkedIn".into(),
                platform: None,
            };
            let text = render(&pack, &fields);
            let today =
                crate::calendar::day_from_ymd(CalendarKind::Gregorian, 2026, 11, 25).unwrap();
            let linted =
                crate::lint::lint_bytes("n.md", text.as_bytes(), &pack, &Default::default(), today)
                    .unwrap();
            let codes: Vec<_> = linted.report.findings.iter().map(|f| f.code).collect();
            assert!(
                codes.iter().all(|c| ["JM112", "JM205"].contains(c)),
                "{text}\n{codes:?}"
            );
            assert!(codes.contains(&"JM112"), "{codes:?}");
        }
    }

    #[test]
    fn runs_without_a_process() {
        use clap::Parser as _;
        let cli = crate::cli::Cli::parse_from([
            "jobmark",
            "new",
            "--company",
            "Acme",
            "--url",
            "https://acme.example",
            "--title",
            "Engineer",
            "--date",
            "1402/08/02",
            "-o",
            "-",
        ]);
        let crate::cli::Command::New(args) = cli.command else {
            unreachable!()
        };
        let globals = GlobalOptions {
            color: false,
            quiet: false,
            verbose: false,
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = run(&args, &globals, &mut out, &mut err).unwrap();
        assert_eq!(status, ExitStatus::Success);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("# [Acme](https://acme.example)"), "{text}");
        assert!(text.contains("1402.08.02"), "normalised: {text}");
        let notes = String::from_utf8(err).unwrap();
        assert!(notes.contains("written as 1402.08.02"), "{notes}");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Digikala (Digicloud)"), "digikala-digicloud");
        assert_eq!(slug("دیجی‌کالا"), "دیجیکالا");
        assert_eq!(slug("!!"), "write-up");
    }
}
