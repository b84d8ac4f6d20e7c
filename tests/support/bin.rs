//! Running the jobmark binary as a user would, for the suites that drive
//! it end to end: an example write-up to start from, one run in a
//! directory (outside any git setup the test runner inherited), its
//! output as text, and the files `-v` says it read.

#![allow(dead_code)] // each test binary uses a different subset

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_jobmark");
pub const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");

/// A file under `examples/`.
pub fn example(rel: &str) -> String {
    std::fs::read_to_string(Path::new(MANIFEST).join("examples").join(rel)).unwrap()
}

/// A write-up with no findings.
pub fn clean() -> String {
    example("src/snappfood/python-developer.md")
}

/// A write-up with structural mistakes, several of them fixable.
pub fn broken() -> String {
    example("broken/structure.md")
}

/// `jobmark ARGS` in `dir`, without colour.
pub fn jobmark(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .args(["--color", "never"])
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The files `-v` says were read (`jobmark: read PATH (N bytes)`).
pub fn files_read(output: &Output) -> BTreeSet<String> {
    stderr(output)
        .lines()
        .filter_map(|l| l.strip_prefix("jobmark: read "))
        .map(|l| l.rsplit_once(" (").map_or(l, |(p, _)| p).to_string())
        .collect()
}
