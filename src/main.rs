//! The `jobmark` binary: run, map the outcome to an exit code.
//!
//! Invariant: never a panic for lost output. Every write to stdout and
//! stderr is fallible ([`jobmark::terminal`]); when one failed (a closed
//! pipe, `2>/dev/full`) the run still finishes what it was writing, and
//! the exit status is 2 whatever the findings were.

fn main() {
    let status = jobmark::cli::run();
    let code = if jobmark::terminal::output_failed() {
        jobmark::cli::ExitStatus::Error as i32
    } else {
        status as i32
    };
    std::process::exit(code);
}
