//! Times `GitRepo::history` on a repository, for comparing against
//! `git log -p --all > /dev/null`:
//!
//! ```text
//! cargo run --release --example walk -- REPO [REV]
//! ```

use std::path::PathBuf;
use std::time::Instant;

use jobmark::source::{GitRepo, PathFilter};

fn main() {
    let mut args = std::env::args_os().skip(1);
    let path = args.next().map(PathBuf::from);
    let rev = args
        .next()
        .map(|r| r.to_string_lossy().into_owned())
        .unwrap_or_else(|| "HEAD".to_owned());
    let start = Instant::now();
    let result = GitRepo::open(path.as_deref())
        .and_then(|repo| repo.history(&rev, &PathFilter::new(vec![]), &|_| {}));
    match result {
        Ok(history) => {
            let versions: usize = history.documents.iter().map(|d| d.versions.len()).sum();
            println!(
                "{} commits, {} documents, {} versions{} in {:.3} s",
                history.commits_walked,
                history.documents.len(),
                versions,
                if history.shallow { " (shallow)" } else { "" },
                start.elapsed().as_secs_f64()
            );
        }
        Err(e) => {
            eprintln!("error: {e}");
            if let Some(cause) = std::error::Error::source(&e) {
                eprintln!("  gix: {cause}");
            }
            std::process::exit(1);
        }
    }
}
