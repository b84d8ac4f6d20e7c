//! The `jobmark` binary: run, map the outcome to an exit code.
//!
//! Invariant: never a panic for lost output. Every write to stdout and
//! stderr is fallible ([`jobmark::terminal`]); when one failed (a closed
//! pipe, `2>/dev/full`) the run still finishes what it was writing, and
//! the exit status is 2 whatever the findings were.
//!
//! On musl the allocator is mimalloc: jobmark allocates per line and per
//! finding, and musl's own allocator made the static Linux binaries users
//! download four times slower than a glibc build (`check` on 2,000
//! write-ups: 0.79 s of CPU against 0.20 s; 0.22 s with mimalloc). On
//! glibc, macOS and Windows the system allocator is as fast and keeps
//! peak memory lower, so it stays. mimalloc is built without transparent
//! huge pages, which raised peak memory by a quarter for no speed.

#[cfg(target_env = "musl")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let status = jobmark::cli::run();
    let code = if jobmark::terminal::output_failed() {
        jobmark::cli::ExitStatus::Error as i32
    } else {
        status as i32
    };
    std::process::exit(code);
}
