//! jobmark: lint, read from git, and chart a repository of job-interview
//! write-ups. The binary (`src/main.rs`) is a thin shell over this library.

pub mod calendar;
pub mod diagnostic;
pub mod lines;
pub mod source;
pub mod stats;
