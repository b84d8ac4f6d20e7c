//! What a user of `jobmark` relies on from the git layer: the right files
//! at a revision, the staged content, the changes of a range, one history
//! per write-up through renames, and one-line errors instead of panics.

mod support;

use jobmark::source::{ChangeKind, GitRepo, HistoryChange, PathFilter, SourceErrorKind};
use support::TestRepo;

fn all() -> PathFilter {
    PathFilter::new(vec![])
}

fn open(path: &std::path::Path) -> GitRepo {
    match GitRepo::open(Some(path)) {
        Ok(repo) => repo,
        Err(e) => panic!("open {}: {e}", path.display()),
    }
}

fn listing(files: &[jobmark::source::RepoFile]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|f| {
            (
                f.path.clone(),
                String::from_utf8_lossy(&f.bytes).into_owned(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Three commits: tag `v1` on the first.
fn three_commits() -> TestRepo {
    let t = TestRepo::init();
    t.write("a.md", "a v1\n");
    t.write("README.md", "readme\n");
    t.write("notes.txt", "not markdown\n");
    t.write("book/a.md", "generated copy\n");
    t.write(".github/PULL_REQUEST.md", "hidden dir\n");
    t.commit_all("first");
    t.git(&["tag", "v1"]);
    t.write("a.md", "a v2\n");
    t.write("src/b.md", "b v1\n");
    t.commit_all("second");
    t.write("c.md", "c v1\n");
    t.commit_all("third");
    t
}

#[test]
fn files_at_a_tag_and_at_head_minus_one_in_normal_and_bare_clones() {
    let t = three_commits();
    let (_keep, bare) = t.clone_with(&["--bare"]);

    for (label, repo) in [("worktree", open(t.path())), ("bare", open(&bare))] {
        let at_tag = repo.files_at_rev("v1", &all()).expect("files at v1");
        assert_eq!(
            listing(&at_tag),
            pairs(&[("README.md", "readme\n"), ("a.md", "a v1\n")]),
            "{label}: book/, hidden dirs and non-Markdown files are not candidates"
        );
        let at_parent = repo
            .files_at_rev("HEAD~1", &all())
            .expect("files at HEAD~1");
        assert_eq!(
            listing(&at_parent),
            pairs(&[
                ("README.md", "readme\n"),
                ("a.md", "a v2\n"),
                ("src/b.md", "b v1\n")
            ]),
            "{label}"
        );
        let only_src = repo
            .files_at_rev("main", &PathFilter::new(vec!["src".into()]))
            .expect("files under src");
        assert_eq!(
            listing(&only_src),
            pairs(&[("src/b.md", "b v1\n")]),
            "{label}"
        );
    }
    assert!(open(t.path()).workdir().is_some());
    assert!(
        open(&bare).workdir().is_none(),
        "a bare repository has no worktree"
    );
}

#[test]
fn staged_content_is_seen_not_a_later_unstaged_edit() {
    let t = TestRepo::init();
    t.write("a.md", "committed\n");
    t.commit_all("first");
    t.write("a.md", "staged\n");
    t.write("new.md", "new and staged\n");
    t.git(&["add", "a.md", "new.md"]);
    t.write("a.md", "unstaged edit\n");
    t.write("untracked.md", "never added\n");

    let staged = open(t.path()).staged_files(&all()).expect("staged files");
    assert_eq!(
        listing(&staged),
        pairs(&[("a.md", "staged\n"), ("new.md", "new and staged\n")])
    );
}

#[test]
fn range_reports_added_modified_and_renamed_with_base_bytes_through_the_rename() {
    let t = TestRepo::init();
    let long = "### Status\n#### 📜📞🔧\n\nline one\nline two\nline three\nline four\n";
    t.write("a.md", "a base\n");
    t.write("old.md", long);
    t.write("keep.md", "untouched\n");
    t.commit_all("base");
    t.git(&["checkout", "-q", "-b", "feature"]);
    t.write("a.md", "a changed\n");
    t.git(&["mv", "old.md", "moved.md"]);
    t.write("moved.md", format!("{long}line five\n"));
    t.write("b.md", "b added\n");
    t.commit_all("feature work");
    t.git(&["checkout", "-q", "main"]);
    // A change on the base branch after the fork is not part of the range.
    t.write("main-only.md", "main only\n");
    t.commit_all("main moves on");

    let repo = open(t.path());
    let changes = repo
        .range_changes("main", "feature", &all())
        .expect("range");
    let summary: Vec<_> = changes
        .iter()
        .map(|c| (c.kind, c.path.as_str(), c.old_path.as_deref()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (ChangeKind::Modified, "a.md", None),
            (ChangeKind::Added, "b.md", None),
            (ChangeKind::Renamed, "moved.md", Some("old.md")),
        ]
    );
    let renamed = &changes[2];
    assert_eq!(renamed.old_bytes.as_deref(), Some(long.as_bytes()));
    assert_eq!(renamed.new_bytes, format!("{long}line five\n").into_bytes());
    assert_eq!(changes[0].old_bytes.as_deref(), Some(&b"a base\n"[..]));
    assert_eq!(changes[1].old_bytes, None);
}

#[test]
fn a_git_mv_chain_of_three_paths_is_one_document() {
    let t = TestRepo::init();
    t.write("digikala.md", "");
    t.write("other.md", "other\n");
    t.commit_all("placeholder for digikala");
    let body = "# [Digikala](https://digikala.com)\n\n### Status\n#### 📜📞\n\nnotes\nmore notes\n";
    t.write("digikala.md", body);
    t.commit_all("fill digikala");
    t.git(&["mv", "digikala.md", "digikala.md.tmp"]);
    std::fs::create_dir_all(t.path().join("digikala")).expect("mkdir");
    t.git(&["mv", "digikala.md.tmp", "digikala/digikala.md"]);
    t.commit_all("move into a folder");
    t.write("digikala/digikala.md", format!("{body}🔧 technical\n"));
    t.commit_all("technical interview");
    std::fs::create_dir_all(t.path().join("src")).expect("mkdir");
    t.git(&["mv", "digikala", "src/digikala"]);
    t.commit_all("move under src");

    let repo = open(t.path());
    let history = repo.history("HEAD", &all(), &|_| {}).expect("history");
    assert!(!history.shallow);
    assert_eq!(history.commits_walked, 5);
    assert_eq!(
        history.documents.len(),
        2,
        "digikala and other: {history:#?}"
    );

    let doc = history
        .documents
        .iter()
        .find(|d| d.current_path() == "src/digikala/digikala.md")
        .expect("digikala document");
    let changes: Vec<_> = doc
        .versions
        .iter()
        .map(|v| (v.path.as_str(), v.change.clone()))
        .collect();
    assert_eq!(
        changes,
        vec![
            ("digikala.md", HistoryChange::Added),
            ("digikala.md", HistoryChange::Modified),
            (
                "digikala/digikala.md",
                HistoryChange::Renamed {
                    from: "digikala.md".into()
                }
            ),
            ("digikala/digikala.md", HistoryChange::Modified),
            (
                "src/digikala/digikala.md",
                HistoryChange::Renamed {
                    from: "digikala/digikala.md".into()
                }
            ),
        ]
    );
    let first = &doc.versions[0];
    assert_eq!(first.summary, "placeholder for digikala");
    assert_eq!(first.author, "Ada Author <ada@example.com>");
    assert!(
        doc.versions.windows(2).all(|w| w[0].time < w[1].time),
        "oldest first"
    );
    let empty = repo
        .read_blob(first.blob.as_ref().expect("blob"))
        .expect("read");
    assert!(empty.is_empty());
    let last = repo
        .read_blob(doc.versions[4].blob.as_ref().expect("blob"))
        .expect("read");
    assert_eq!(last, format!("{body}🔧 technical\n").into_bytes());
    let head = t.git(&["rev-parse", "HEAD"]);
    assert_eq!(doc.versions[4].commit, head);
}

#[test]
fn an_empty_placeholder_moved_into_a_folder_stays_one_document() {
    let t = TestRepo::init();
    t.write("snapp.md", "");
    t.write("tapsi.md", "");
    t.commit_all("placeholders");
    t.git(&["mv", "snapp.md", "snapp-moved.md"]);
    std::fs::create_dir_all(t.path().join("tapsi")).expect("mkdir");
    t.git(&["mv", "tapsi.md", "tapsi/tapsi.md"]);
    t.commit_all("move placeholders");

    let history = open(t.path())
        .history("main", &all(), &|_| {})
        .expect("history");
    let mut paths: Vec<_> = history
        .documents
        .iter()
        .map(|d| (d.current_path().to_owned(), d.versions.len()))
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        vec![("snapp-moved.md".into(), 2), ("tapsi/tapsi.md".into(), 2)]
    );
}

#[test]
fn merged_branch_changes_are_not_counted_twice() {
    let t = TestRepo::init();
    t.write("a.md", "a1\n");
    t.write("c.md", "c1\n");
    t.commit_all("start");
    t.git(&["checkout", "-q", "-b", "feature"]);
    t.write("a.md", "a2 on feature\n");
    t.commit_all("edit a on feature");
    t.write("b.md", "b1\n");
    t.commit_all("add b on feature");
    t.git(&["checkout", "-q", "main"]);
    t.write("c.md", "c2 on main\n");
    t.commit_all("edit c on main");
    t.git(&["merge", "-q", "--no-ff", "-m", "merge feature", "feature"]);
    t.git(&["rm", "-q", "c.md"]);
    t.commit_all("drop c");

    let progress_calls = std::cell::Cell::new(0usize);
    let history = open(t.path())
        .history("main", &all(), &|n| progress_calls.set(n))
        .expect("history");
    assert_eq!(history.commits_walked, 6);
    assert_eq!(
        progress_calls.get(),
        6,
        "the last progress call reports every commit"
    );
    let by_path = |p: &str| {
        history
            .documents
            .iter()
            .find(|d| d.current_path() == p)
            .unwrap_or_else(|| panic!("no document at {p}: {history:#?}"))
    };
    let kinds = |p: &str| {
        by_path(p)
            .versions
            .iter()
            .map(|v| v.change.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        kinds("a.md"),
        vec![HistoryChange::Added, HistoryChange::Modified]
    );
    assert_eq!(kinds("b.md"), vec![HistoryChange::Added]);
    assert_eq!(
        kinds("c.md"),
        vec![
            HistoryChange::Added,
            HistoryChange::Modified,
            HistoryChange::Deleted
        ]
    );
    assert!(by_path("c.md").is_deleted());
    assert_eq!(by_path("c.md").versions[2].blob, None);
    assert_eq!(history.documents.len(), 3);
}

#[test]
fn a_shallow_clone_reports_shallow_and_walks_to_the_graft() {
    let t = TestRepo::init();
    for i in 1..=4 {
        t.write("a.md", format!("version {i}\n"));
        t.write(&format!("f{i}.md"), "x\n");
        t.commit_all(&format!("commit {i}"));
    }
    let (_keep, clone) = t.clone_with(&["--depth", "2"]);
    let repo = open(&clone);
    assert!(repo.is_shallow());
    let history = repo
        .history("HEAD", &all(), &|_| {})
        .expect("history of a shallow clone");
    assert!(history.shallow);
    assert_eq!(history.commits_walked, 2);
    let a = history
        .documents
        .iter()
        .find(|d| d.current_path() == "a.md")
        .expect("a.md");
    assert_eq!(
        a.versions
            .iter()
            .map(|v| v.change.clone())
            .collect::<Vec<_>>(),
        vec![HistoryChange::Added, HistoryChange::Modified],
        "the graft commit counts as the first appearance"
    );
    assert!(!open(t.path()).is_shallow());
}

#[test]
fn bad_paths_and_revisions_are_one_line_errors() {
    let not_repo = tempfile::tempdir().expect("temp dir");
    let err = GitRepo::open(Some(not_repo.path()))
        .err()
        .expect("not a repository");
    assert_eq!(err.kind(), SourceErrorKind::NotARepository);
    assert_eq!(
        err.to_string(),
        format!("not a git repository: {}", not_repo.path().display())
    );

    let missing = not_repo.path().join("does-not-exist");
    let err = GitRepo::open(Some(&missing)).err().expect("missing path");
    assert!(
        err.to_string().starts_with("not a git repository: "),
        "{err}"
    );

    let t = three_commits();
    let repo = open(t.path());
    let err = repo
        .files_at_rev("no-such-branch", &all())
        .expect_err("bad rev");
    assert_eq!(err.kind(), SourceErrorKind::BadRevision);
    assert!(
        err.to_string()
            .starts_with("bad revision `no-such-branch`: "),
        "{err}"
    );
    assert!(!err.to_string().contains('\n'), "{err}");

    let err = repo
        .history("HEAD~10", &all(), &|_| {})
        .expect_err("beyond the root");
    assert!(
        err.to_string().starts_with("bad revision `HEAD~10`"),
        "{err}"
    );
    let err = repo
        .range_changes("v1", "nope", &all())
        .expect_err("bad head");
    assert!(err.to_string().starts_with("bad revision `nope`"), "{err}");
    let blob = t.git(&["rev-parse", "HEAD:a.md"]);
    let err = repo
        .history(&blob, &all(), &|_| {})
        .expect_err("a blob is not a commit");
    assert_eq!(err.kind(), SourceErrorKind::BadRevision, "{err}");

    t.git(&["checkout", "-q", "--orphan", "unrelated"]);
    t.commit_all("unrelated root");
    let err = repo
        .range_changes("main", "unrelated", &all())
        .expect_err("no merge base");
    assert!(err.to_string().contains("no common ancestor"), "{err}");
}

#[test]
fn a_missing_object_is_a_corrupt_object_error_not_a_panic() {
    let t = TestRepo::init();
    t.write("a.md", "content that will go missing\n");
    t.commit_all("first");
    let blob = t.git(&["rev-parse", "HEAD:a.md"]);
    let loose = t
        .path()
        .join(".git/objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    std::fs::remove_file(&loose).expect("the blob is a loose object");

    let repo = open(t.path());
    let err = repo.files_at_rev("HEAD", &all()).expect_err("blob is gone");
    assert_eq!(err.kind(), SourceErrorKind::CorruptObject);
    assert!(err.to_string().starts_with("corrupt object"), "{err}");
    assert!(err.to_string().contains(&blob), "{err}");

    // A damaged commit is the repository's fault, not a bad revision.
    let head = t.git(&["rev-parse", "HEAD"]);
    let loose = t
        .path()
        .join(".git/objects")
        .join(&head[..2])
        .join(&head[2..]);
    std::fs::remove_file(&loose).expect("the commit is a loose object");
    std::fs::write(&loose, b"not zlib").expect("overwrite the commit");
    let repo = open(t.path()); // a fresh handle: the old one cached the commit
    for result in [
        repo.files_at_rev("HEAD", &all()).map(|_| ()),
        repo.history("main", &all(), &|_| {}).map(|_| ()),
    ] {
        let err = result.expect_err("commit is garbage");
        assert_eq!(err.kind(), SourceErrorKind::CorruptObject, "{err}");
        assert!(err.to_string().starts_with("corrupt object"), "{err}");
        assert!(!err.to_string().contains('\n'), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn empty_files_non_utf8_content_and_names_symlinks_and_submodules() {
    use std::os::unix::ffi::OsStrExt;

    let t = TestRepo::init();
    t.write("empty.md", "");
    let latin1 = b"caf\xe9 \xff\xfe not UTF-8\n".to_vec();
    t.write("latin1.md", &latin1);
    let odd_name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(t.path().join(odd_name), "odd name\n").expect("write non-UTF-8 name");
    std::os::unix::fs::symlink("empty.md", t.path().join("link.md")).expect("symlink");
    t.commit_all("edge cases");
    // A gitlink (submodule entry) named like a write-up.
    let head = t.git(&["rev-parse", "HEAD"]);
    t.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{head},sub.md"),
    ]);
    t.git(&["commit", "-q", "-m", "add a submodule entry"]);
    t.git(&["rm", "-q", "--cached", "sub.md"]);

    let repo = open(t.path());
    let expected = vec![
        ("caf\u{fffd}.md".to_string(), b"odd name\n".to_vec()),
        ("empty.md".to_string(), Vec::new()),
        ("latin1.md".to_string(), latin1.clone()),
    ];
    let files = repo.files_at_rev("HEAD", &all()).expect("files");
    let got: Vec<_> = files.into_iter().map(|f| (f.path, f.bytes)).collect();
    assert_eq!(got, expected, "symlink and gitlink are skipped");

    let staged = repo.staged_files(&all()).expect("staged");
    let got: Vec<_> = staged.into_iter().map(|f| (f.path, f.bytes)).collect();
    assert_eq!(got, expected);

    let history = repo.history("HEAD", &all(), &|_| {}).expect("history");
    let mut paths: Vec<_> = history
        .documents
        .iter()
        .map(|d| d.current_path().to_owned())
        .collect();
    paths.sort();
    assert_eq!(paths, vec!["caf\u{fffd}.md", "empty.md", "latin1.md"]);
    let latin = history
        .documents
        .iter()
        .find(|d| d.current_path() == "latin1.md")
        .expect("latin1.md");
    let blob = latin.versions[0].blob.as_ref().expect("blob");
    assert_eq!(repo.read_blob(blob).expect("read"), latin1);
}
