//! A pre-commit hook run by `git commit -a` sees a temporary index named
//! by `GIT_INDEX_FILE`; `--staged` must lint that, not `.git/index`.
//!
//! Its own test binary because it sets a process-wide environment
//! variable, which would leak into tests running in parallel.

mod support;

use jobmark::source::{GitRepo, PathFilter};
use support::TestRepo;

#[test]
fn staged_files_read_the_index_named_by_git_index_file() {
    let t = TestRepo::init();
    t.write("a.md", "committed\n");
    t.commit_all("first");
    t.write("a.md", "being committed with -a\n");
    let temp_index = t.path().join(".git/next-index.lock");
    let temp_index_str = temp_index.to_str().expect("UTF-8 temp path");
    t.git(&[
        "read-tree",
        &format!("--index-output={temp_index_str}"),
        "HEAD",
    ]);
    t.git_env(
        t.path(),
        &[("GIT_INDEX_FILE", temp_index_str)],
        &["add", "a.md"],
    );

    let all = PathFilter::new(vec![]);
    let normal = GitRepo::open(Some(t.path()))
        .expect("open")
        .staged_files(&all)
        .expect("staged");
    assert_eq!(normal[0].bytes, b"committed\n", ".git/index is unchanged");

    std::env::set_var("GIT_INDEX_FILE", &temp_index);
    let hooked = GitRepo::open(Some(t.path()))
        .expect("open")
        .staged_files(&all);
    std::env::remove_var("GIT_INDEX_FILE");
    let hooked = hooked.expect("staged from GIT_INDEX_FILE");
    assert_eq!(hooked.len(), 1);
    assert_eq!(hooked[0].bytes, b"being committed with -a\n");
}
