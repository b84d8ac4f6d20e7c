//! jobmark: lint, read from git, and chart a repository of job-interview
//! write-ups. The binary (`src/main.rs`) is a thin shell over this library.
//!
//! Layers, from the bottom: [`calendar`] (ICU dates), [`pack`] (the schema
//! as data), [`document`] (parse once), [`rules`] and [`lint`] (findings),
//! [`fix`] and [`report`] (act on and show findings), [`source`] (git, the
//! only module that imports gix), [`input`] (every command's one way to
//! its files, under one candidate policy) and [`session`] (pack, config
//! and today, resolved once per run), [`stats`] and [`chart`] (numbers,
//! then SVG: the only module that imports plotters), [`commands`] and
//! [`cli`].

pub mod calendar;
pub mod chart;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod fix;
#[doc(hidden)]
pub mod fuzzing;
pub mod input;
pub mod lines;
pub mod lint;
pub mod output_dir;
pub mod pack;
pub mod report;
pub mod rules;
pub mod selector;
pub mod server;
pub mod session;
pub mod size_limit;
pub mod source;
pub mod stats;
pub mod suppression;
pub mod terminal;
pub mod wording;

/// `jobmark 0.1.0 (rule pack interview 1.0.0)`: the version names the
/// built-in rule pack, since findings depend on it as much as on the code.
pub fn version_string() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        format!(
            "{} (rule pack {})",
            env!("CARGO_PKG_VERSION"),
            pack::Pack::describe_builtin()
        )
    })
}
