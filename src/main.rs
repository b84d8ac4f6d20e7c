//! The `jobmark` binary: run, map the outcome to an exit code.

fn main() {
    let status = jobmark::cli::run();
    std::process::exit(status as i32);
}
