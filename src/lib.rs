//! jobmark: lint, read from git, and chart a repository of job-interview
//! write-ups. The binary (`src/main.rs`) is a thin shell over this library.

pub mod calendar;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod fix;
pub mod lines;
pub mod lint;
pub mod pack;
pub mod report;
pub mod stats;
pub mod rules;
