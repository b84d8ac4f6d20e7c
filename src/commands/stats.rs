//! `jobmark stats`: write-ups in, charts and numbers out.
//!
//! Reads the working tree or a revision, parses every write-up once, turns
//! each into an [`Application`] record and hands them to [`crate::stats`]
//! and [`crate::chart`]. Files that are not write-ups are skipped; broken
//! write-ups are still counted (the statistics list what they leave out).

use std::path::Path;

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use crate::calendar::Day;
use crate::cli::{ExitStatus, GlobalOptions, StatsArgs};
use crate::config::FileSettings;
use crate::source::{GitRepo, PathFilter};
use crate::stats::application::Application;
use crate::stats::{self, Excluded, StatsOptions};

pub fn run(args: &StatsArgs, globals: &GlobalOptions) -> Result<ExitStatus> {
    let pack = crate::commands::load_pack(args.rules.as_deref(), None)?;
    let files: Vec<(String, Vec<u8>)> = match &args.rev {
        Some(rev) => {
            let repo = GitRepo::open(args.repo.as_deref()).map_err(anyhow::Error::new)?;
            let filter = PathFilter::new(
                args.paths
                    .iter()
                    .map(|p| p.to_string_lossy().trim_start_matches("./").to_string())
                    .collect(),
            );
            repo.files_at_rev(rev, &filter)
                .map_err(anyhow::Error::new)?
                .into_iter()
                .map(|f| (f.path, f.bytes))
                .collect()
        }
        None => {
            let roots = if args.paths.is_empty() {
                vec![Path::new(".").to_path_buf()]
            } else {
                args.paths.clone()
            };
            let mut files = Vec::new();
            for root in &roots {
                for path in crate::commands::walk_markdown(root)? {
                    let bytes = std::fs::read(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    files.push((crate::commands::display_path(&path), bytes));
                }
            }
            files
        }
    };
    // Statistics need the parsed document, not findings: run no rules.
    let settings = FileSettings::no_rules();
    let today = Day::today();
    let parsed: Vec<Result<Application, Excluded>> = files
        .par_iter()
        .filter_map(|(path, bytes)| {
            let linted = crate::lint::lint_bytes(path, bytes, &pack, &settings, today)?;
            let application = Application::from_document(path, &linted.document, &pack);
            // Garbled text would be counted as an open process with no
            // stages: leave it out of every chart and say why.
            let unreadable = if let Some(mojibake) = &linted.document.mojibake {
                Some(format!(
                    "mojibake: UTF-8 decoded as {} and saved again",
                    mojibake.code_page
                ))
            } else if !linted.document.is_lossless() {
                Some("not valid UTF-8".to_string())
            } else {
                None
            };
            Some(match unreadable {
                Some(reason) => Err(Excluded {
                    path: application.path,
                    company: application.company,
                    charts: vec!["all".to_string()],
                    reason,
                }),
                None => Ok(application),
            })
        })
        .collect();
    let mut applications = Vec::new();
    let mut unreadable = Vec::new();
    for result in parsed {
        match result {
            Ok(application) => applications.push(application),
            Err(excluded) => unreadable.push(excluded),
        }
    }
    applications.sort_by(|a, b| a.path.cmp(&b.path));
    unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    let options = StatsOptions {
        year: args.year,
        calendar: args.calendar.map(Into::into),
    };
    let mut computed = stats::compute(&applications, &pack, &options);
    computed.excluded.extend(unreadable);
    let written = crate::chart::write_all(&computed, &args.out)
        .with_context(|| format!("cannot write into {}", args.out.display()))?;
    if !globals.quiet {
        eprintln!(
            "{} write-ups ({} files read); wrote {} files into {}",
            computed.documents,
            files.len(),
            written.len(),
            args.out.display()
        );
    }
    if globals.verbose {
        for path in &written {
            eprintln!("  {}", path.display());
        }
    }
    Ok(ExitStatus::Success)
}
