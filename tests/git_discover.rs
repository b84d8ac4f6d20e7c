//! `GitRepo::open(None)` finds the repository from the current directory,
//! as `jobmark check` run anywhere inside a checkout does.
//!
//! Its own test binary because it changes the process-wide current
//! directory, which would break tests running in parallel.

mod support;

use jobmark::source::{GitRepo, PathFilter, SourceErrorKind};
use support::TestRepo;

#[test]
fn open_without_a_path_discovers_upwards_from_the_current_directory() {
    let t = TestRepo::init();
    t.write("src/digikala/digikala.md", "found\n");
    t.commit_all("first");
    let outside = tempfile::tempdir().expect("temp dir");
    let before = std::env::current_dir().expect("cwd");

    std::env::set_current_dir(t.path().join("src/digikala")).expect("cd into the worktree");
    let inside = GitRepo::open(None);
    std::env::set_current_dir(outside.path()).expect("cd outside");
    let not_found = GitRepo::open(None);
    std::env::set_current_dir(before).expect("cd back");

    let repo = inside.expect("discovered from a subdirectory");
    let workdir = repo
        .workdir()
        .expect("has a worktree")
        .canonicalize()
        .expect("canonical");
    assert_eq!(workdir, t.path().canonicalize().expect("canonical"));
    let files = repo
        .files_at_rev("HEAD", &PathFilter::new(vec![]))
        .expect("files");
    assert_eq!(files[0].path, "src/digikala/digikala.md");

    let err = not_found
        .err()
        .expect("a temp dir is not inside a repository");
    assert_eq!(err.kind(), SourceErrorKind::NotARepository);
    assert!(
        err.to_string().starts_with("not a git repository: "),
        "{err}"
    );
}
