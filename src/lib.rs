//! jobmark: lint, read from git, and chart a repository of job-interview
//! write-ups. The binary (`src/main.rs`) is a thin shell over this library.
//!
//! Layers, from the bottom: [`calendar`] (ICU dates), [`pack`] (the schema
//! as data), [`document`] (parse once), [`rules`] and [`lint`] (findings),
//! [`fix`] and [`report`] (act on and show findings), [`source`] (git, the
//! only module that imports gix), [`stats`] and [`chart`] (numbers, then
//! SVG: the only module that imports plotters), [`commands`] and [`cli`].

pub mod calendar;
pub mod chart;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod fix;
pub mod lines;
pub mod lint;
pub mod pack;
pub mod report;
pub mod rules;
pub mod server;
pub mod source;
pub mod stats;

/// `jobmark 0.1.0 (rule pack interview 1.0.0)`: the version names the
/// built-in rule pack, since findings depend on it as much as on the code.
pub fn version_string() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        format!(
            "{} (rule pack {})",
            env!("CARGO_PKG_VERSION"),
            pack::Pack::builtin().describe()
        )
    })
}
