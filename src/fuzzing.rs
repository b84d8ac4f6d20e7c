//! Entry points shared by the fuzz targets (`fuzz/`) and the regression
//! test that replays their saved inputs (`tests/hostile_fuzz_regressions.rs`).
//!
//! Invariant: each function runs the same code a user's run would on those
//! bytes and panics only when jobmark has a bug (a panic, an invariant the
//! fix engine promises, a renderer error). Keeping the bodies here, not in
//! `fuzz/`, means CI replays every minimised crash through exactly the code
//! that crashed, on stable Rust and without libFuzzer.

use std::path::PathBuf;

use crate::calendar::{day_from_ymd, CalendarKind};
use crate::config::{FileSettings, Settings};
use crate::diagnostic::RuleMeta;
use crate::pack::Pack;
use crate::report::{self, Format, RenderOptions, RunCounts};

/// Every output format, so each renderer sees every fuzzed report.
const FORMATS: [Format; 6] = [
    Format::Human,
    Format::Concise,
    Format::Json,
    Format::Github,
    Format::Sarif,
    Format::Summary,
];

/// Decode, parse, run every rule, fix until stable (unsafe fixes too), and
/// render the findings of both the original and the fixed text in every
/// format. A file that is not a write-up still goes through decoding and
/// the write-up test.
pub fn lint_pipeline(data: &[u8]) {
    let pack = Pack::builtin();
    let settings = FileSettings::default();
    let today = day_from_ymd(CalendarKind::Gregorian, 2026, 11, 25).expect("a valid date");
    let Some(linted) = crate::lint::lint_bytes("fuzz.md", data, &pack, &settings, today) else {
        return;
    };
    let rules: Vec<RuleMeta> = crate::rules::all_meta().into_iter().copied().collect();
    let mut reports = vec![linted.report];
    if linted.document.is_lossless() {
        let original = reports[0].text.to_string();
        // The library's fix loop, as `check --fix --unsafe-fixes` runs it.
        let outcome =
            crate::lint::fix_until_stable("fuzz.md", &original, &pack, &settings, today, true);
        if let Some(after) =
            crate::lint::lint_bytes("fixed.md", outcome.text.as_bytes(), &pack, &settings, today)
        {
            reports.push(after.report);
        }
        let _ = crate::fix::unified_diff("fuzz.md", &original, &outcome.text);
    }
    for (color, statistics) in [(false, false), (true, false), (false, true)] {
        let options = RenderOptions {
            color,
            statistics,
            counts: RunCounts {
                files_checked: reports.len(),
                files_skipped: 0,
            },
            rule_url: Some("https://example.org/rules#{code}".to_string()),
            width: 80,
            quiet: false,
        };
        for format in FORMATS {
            let mut out = Vec::new();
            report::render(format, &reports, &rules, &mut out, &options)
                .expect("rendering into memory cannot fail");
            if !color && matches!(format, Format::Human | Format::Concise) {
                assert!(
                    !out.contains(&0x1b),
                    "{format:?} output without colour contains ESC"
                );
            }
        }
    }
}

/// Parse the bytes as a `.jobmark.toml` and as a rule pack. Errors are
/// expected; panics are bugs. A valid config is also asked the questions a
/// run asks it.
pub fn config_and_pack(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Settings::parse(text, None, PathBuf::from("/repo")) {
        Ok(settings) => {
            let file = settings.for_file(std::path::Path::new("/repo/a/b.md"));
            let _ = file.is_enabled("JM101", "missing-section");
            let _ = file.max_file_size();
            let _ = settings.is_excluded(std::path::Path::new("/repo/a/b.md"));
        }
        Err(error) => {
            // Rendered the way a user sees it, source snippet included.
            let _ = error.to_string();
            let mut rendered = String::new();
            let handler = miette::GraphicalReportHandler::new_themed(
                miette::GraphicalTheme::unicode_nocolor(),
            );
            let _ = handler.render_report(&mut rendered, &error);
        }
    }
    match Pack::from_toml(text) {
        Ok(pack) => {
            let _ = pack.describe();
            let _ = pack.find_section("Status");
            let _ = pack.find_label("Interview");
        }
        Err(error) => {
            let _ = error.message;
        }
    }
}
