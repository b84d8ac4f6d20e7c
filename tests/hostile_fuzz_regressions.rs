//! Replays every input the fuzzers (`fuzz/`) ever found a crash, hang or
//! out-of-memory with, through the same library functions the fuzz targets
//! call. CI replays; it does not fuzz. To add a case: minimise it with
//! `cargo +nightly fuzz tmin TARGET ARTIFACT` and copy it into
//! `tests/fixtures/fuzz-regressions/TARGET/` under a name that says what it
//! broke. Files named `hand-*` are hand-written hostile inputs from
//! issue 8, kept beside the fuzzers' findings as their first seeds; files
//! named `load-timeout-*` hit libFuzzer's wall-clock timeout while the
//! machine was overloaded but take milliseconds of CPU: kept to guard the
//! code path they exercise.
//!
//! Each input runs on its own thread with a time budget far above what it
//! needs (a regression that hangs fails the test instead of stalling CI).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

fn cases(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz-regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    files
}

/// Run `body` on each case; a panic or a case that does not finish within
/// the budget fails with the case's name.
fn replay(target: &str, body: fn(&[u8])) {
    for path in cases(target) {
        let bytes = std::fs::read(&path).unwrap();
        let (done, finished) = mpsc::channel();
        let worker = std::thread::spawn(move || {
            body(&bytes);
            let _ = done.send(());
        });
        match finished.recv_timeout(Duration::from_secs(60)) {
            Ok(()) => worker.join().expect("no panic"),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let _ = worker.join();
                panic!("{} panicked", path.display());
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("{} did not finish in 60 s", path.display())
            }
        }
    }
}

#[test]
fn lint_pipeline_regressions_pass() {
    replay("lint_pipeline", jobmark::fuzzing::lint_pipeline);
}

#[test]
fn config_and_pack_regressions_pass() {
    replay("config_and_pack", jobmark::fuzzing::config_and_pack);
}
