//! How `history` identifies documents when content moves (issue 12 §1):
//! each pattern a real repository shows, scripted with git and read back
//! through the library and the binary.

mod support;

use jobmark::source::{FollowOptions, GitRepo, History, HistoryChange, PathFilter};
use support::TestRepo;

/// A write-up of about 1.5 KB whose lines depend on `company` and `seed`,
/// so two calls with different seeds share nothing but the skeleton.
fn write_up(company: &str, status: &str, seed: u32) -> String {
    let mut text = format!(
        "# [{company}](https://{company}.example)\n\n### Status\n\n#### {status}\n\n## Python Engineer\n\n### Technical Interview\n\n"
    );
    for i in 0..30 {
        text.push_str(&format!(
            "- question {i} of round {seed}: how does {company} handle case {}?\n",
            i * 7 + seed * 101
        ));
    }
    text
}

/// Replace the last `percent` of the question lines with new ones.
fn edit(text: &str, percent: usize, seed: u32) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let keep = lines.len() - lines.len() * percent / 100;
    let mut out: String = lines[..keep].iter().map(|l| format!("{l}\n")).collect();
    for i in keep..lines.len() {
        out.push_str(&format!(
            "- rewritten line {i} in edit {seed}, about something else\n"
        ));
    }
    out
}

fn history(t: &TestRepo) -> History {
    history_with(t, &FollowOptions::default())
}

fn history_with(t: &TestRepo, options: &FollowOptions) -> History {
    GitRepo::open(Some(t.path()))
        .expect("open")
        .history_with("HEAD", &PathFilter::all(), options, &|_| {})
        .expect("history")
}

/// `(path, change)` of every version of the document ending at `path`.
fn timeline(h: &History, path: &str) -> Vec<(String, HistoryChange)> {
    h.documents
        .iter()
        .find(|d| d.versions.iter().any(|v| v.path == path) && d.current_path() == path)
        .unwrap_or_else(|| panic!("no document ends at {path}: {h:#?}"))
        .versions
        .iter()
        .map(|v| (v.path.clone(), v.change.clone()))
        .collect()
}

fn v(path: &str, change: HistoryChange) -> (String, HistoryChange) {
    (path.to_string(), change)
}

fn renamed(from: &str) -> HistoryChange {
    HistoryChange::Renamed {
        from: from.to_string(),
    }
}

#[test]
fn mdbook_migration_keeps_one_document_and_the_stub_is_separate() {
    let t = TestRepo::init();
    let text = write_up("acme", "📜📞", 1);
    t.write("acme/README.md", &text);
    t.commit_all("acme: first round");
    let text = edit(&text, 10, 2);
    t.write("acme/README.md", &text);
    t.commit_all("acme: notes");
    // The migration: content moves to acme.md, slightly edited; README
    // becomes a one-line index that keeps the title.
    t.write(
        "acme/acme.md",
        text.replace("Python Engineer", "Python Developer"),
    );
    t.write("acme/README.md", "# Acme\n");
    t.commit_all("adopt mdbook");
    t.write("acme/acme.md", text.replace("📜📞", "📜📞🔧"));
    t.commit_all("acme: technical round");
    t.git(&["rm", "-q", "acme/README.md"]);
    t.commit_all("drop the stub");

    let h = history(&t);
    assert_eq!(
        timeline(&h, "acme/acme.md"),
        vec![
            v("acme/README.md", HistoryChange::Added),
            v("acme/README.md", HistoryChange::Modified),
            v("acme/acme.md", renamed("acme/README.md")),
            v("acme/acme.md", HistoryChange::Modified),
        ],
        "{h:#?}"
    );
    // The stub is its own document: added by the migration, then deleted.
    let stub = h
        .documents
        .iter()
        .find(|d| d.current_path() == "acme/README.md")
        .expect("stub document");
    let changes: Vec<_> = stub.versions.iter().map(|v| v.change.clone()).collect();
    assert_eq!(changes, vec![HistoryChange::Added, HistoryChange::Deleted]);
    assert_eq!(stub.versions[0].summary, "adopt mdbook");
    assert_eq!(h.documents.len(), 2, "{h:#?}");
}

#[test]
fn mdbook_migration_with_an_empty_stub_line_is_followed_too() {
    let t = TestRepo::init();
    let text = write_up("acme", "📜📞", 1);
    t.write("acme/README.md", &text);
    t.commit_all("acme");
    t.write("acme/acme.md", &text);
    t.write("acme/README.md", "See [the write-up](acme.md).\n");
    t.commit_all("adopt mdbook");
    let h = history(&t);
    assert_eq!(
        timeline(&h, "acme/acme.md"),
        vec![
            v("acme/README.md", HistoryChange::Added),
            v("acme/acme.md", renamed("acme/README.md")),
        ]
    );
}

#[test]
fn heavy_edit_rename_is_one_document_and_thresholds_are_honoured() {
    let t = TestRepo::init();
    let text = write_up("snapp", "📜📞", 1);
    t.write("snapp.md", &text);
    t.commit_all("snapp");
    // Moved with a third of its lines rewritten: a line diff calls most of
    // the question list changed, but git -M measures the bytes kept (about
    // 55%) and follows it; so must we.
    t.git(&["mv", "snapp.md", "snapp-python.md"]);
    t.write("snapp-python.md", edit(&text, 35, 2));
    t.commit_all("rename and rewrite half");
    let h = history(&t);
    assert_eq!(
        timeline(&h, "snapp-python.md"),
        vec![
            v("snapp.md", HistoryChange::Added),
            v("snapp-python.md", renamed("snapp.md")),
        ],
        "{h:#?}"
    );
    // With a stricter rename threshold the same history is two documents.
    let strict = history_with(
        &t,
        &FollowOptions {
            rename_percent: 90,
            ..FollowOptions::default()
        },
    );
    assert_eq!(strict.documents.len(), 2, "{strict:#?}");
}

#[test]
fn copy_that_diverges_is_a_new_document_that_knows_its_source() {
    let t = TestRepo::init();
    let text = write_up("digikala", "📜📞", 1);
    t.write("digikala/backend.md", &text);
    t.commit_all("digikala backend");
    // A second position at the same company, started as an exact copy of
    // the first; the first file gets its own small edit in the same commit
    // (so the copy is closer to its old content than it is itself).
    t.write("digikala/data.md", &text);
    let second = text.replace("Python Engineer", "Data Engineer");
    t.write("digikala/backend.md", text.replace("📜📞", "📜📞🔧"));
    let copy_commit = t.commit_all("digikala: data position");
    t.write("digikala/data.md", edit(&second, 60, 3));
    t.commit_all("data: diverges");

    let h = history(&t);
    assert_eq!(h.documents.len(), 2, "{h:#?}");
    let backend = h
        .documents
        .iter()
        .find(|d| d.current_path() == "digikala/backend.md")
        .expect("backend");
    assert_eq!(backend.versions.len(), 2);
    assert!(backend.copied_from.is_none());
    let data = h
        .documents
        .iter()
        .find(|d| d.current_path() == "digikala/data.md")
        .expect("data");
    let from = data.copied_from.as_ref().expect("copy recorded");
    assert_eq!(from.document, backend.id);
    assert_eq!(from.path, "digikala/backend.md");
    assert_eq!(from.commit, copy_commit);
    assert_eq!(data.versions.len(), 2);
    assert_eq!(data.versions[0].change, HistoryChange::Added);

    // With copy detection off, the copy is a document of unknown origin.
    let off = history_with(
        &t,
        &FollowOptions {
            copy_percent: None,
            ..FollowOptions::default()
        },
    );
    assert!(off.documents.iter().all(|d| d.copied_from.is_none()));
}

#[test]
fn move_and_rewrite_in_one_commit_keep_both_identities() {
    let t = TestRepo::init();
    let a = write_up("alpha", "📜", 1);
    let b = write_up("beta", "📜📞", 2);
    t.write("alpha.md", &a);
    t.write("beta.md", &b);
    t.commit_all("two companies");
    // alpha moves into a folder with a small edit; beta.md is rewritten
    // with an unrelated company's write-up in the same commit.
    std::fs::create_dir_all(t.path().join("alpha")).expect("mkdir");
    t.git(&["mv", "alpha.md", "alpha/alpha.md"]);
    t.write("alpha/alpha.md", a.replace("📜", "📜📞"));
    t.write("beta.md", write_up("gamma", "📜", 9));
    t.commit_all("move alpha, reuse beta.md for gamma");
    let h = history(&t);
    assert_eq!(
        timeline(&h, "alpha/alpha.md"),
        vec![
            v("alpha.md", HistoryChange::Added),
            v("alpha/alpha.md", renamed("alpha.md")),
        ]
    );
    // beta.md's rewrite pairs with nothing: git's -B -M shows it as a
    // rewrite of the same path, so it stays one document at that path.
    assert_eq!(
        timeline(&h, "beta.md"),
        vec![
            v("beta.md", HistoryChange::Added),
            v("beta.md", HistoryChange::Modified),
        ]
    );
    assert_eq!(h.documents.len(), 2);
}

#[test]
fn two_files_swapping_content_swap_documents() {
    let t = TestRepo::init();
    let a = write_up("alpha", "📜", 1);
    let b = write_up("beta", "📜📞", 2);
    t.write("one.md", &a);
    t.write("two.md", &b);
    t.commit_all("two companies");
    t.write("one.md", &b);
    t.write("two.md", &a);
    t.commit_all("swap");
    let h = history(&t);
    assert_eq!(
        timeline(&h, "two.md"),
        vec![
            v("one.md", HistoryChange::Added),
            v("two.md", renamed("one.md"))
        ]
    );
    assert_eq!(
        timeline(&h, "one.md"),
        vec![
            v("two.md", HistoryChange::Added),
            v("one.md", renamed("two.md"))
        ]
    );
}

#[test]
fn deleted_then_recreated_with_unrelated_content_is_two_documents() {
    let t = TestRepo::init();
    t.write("tapsi.md", write_up("tapsi", "📜📞", 1));
    t.commit_all("tapsi");
    t.git(&["rm", "-q", "tapsi.md"]);
    t.commit_all("forget tapsi");
    t.write("other.md", "unrelated\n");
    t.commit_all("something else");
    t.write("tapsi.md", write_up("tapsi-2", "📜", 7));
    t.commit_all("tapsi again, a new application");
    let h = history(&t);
    let at_path: Vec<_> = h
        .documents
        .iter()
        .filter(|d| d.versions.iter().any(|v| v.path == "tapsi.md"))
        .map(|d| {
            d.versions
                .iter()
                .map(|v| v.change.clone())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        at_path,
        vec![
            vec![HistoryChange::Added, HistoryChange::Deleted],
            vec![HistoryChange::Added],
        ]
    );
}

#[test]
fn deleted_then_restored_is_the_same_document() {
    let t = TestRepo::init();
    let text = write_up("tapsi", "📜📞", 1);
    t.write("tapsi.md", &text);
    t.commit_all("tapsi");
    t.git(&["rm", "-q", "tapsi.md"]);
    t.commit_all("oops");
    t.write("tapsi.md", edit(&text, 10, 2));
    t.commit_all("restore tapsi");
    let h = history(&t);
    assert_eq!(h.documents.len(), 1, "{h:#?}");
    let changes: Vec<_> = h.documents[0]
        .versions
        .iter()
        .map(|v| v.change.clone())
        .collect();
    assert_eq!(
        changes,
        vec![
            HistoryChange::Added,
            HistoryChange::Deleted,
            HistoryChange::Added
        ]
    );
}

#[test]
fn versions_follow_committer_time_across_merged_branches() {
    let t = TestRepo::init();
    t.write("a.md", "a\n");
    t.commit_all("a");
    t.git(&["checkout", "-q", "-b", "side"]);
    t.write("side.md", "side 1\n");
    let side1 = t.commit_all("side 1");
    t.git(&["checkout", "-q", "main"]);
    t.write("main.md", "main 1\n");
    let main1 = t.commit_all("main 1");
    t.git(&["checkout", "-q", "side"]);
    t.write("side.md", "side 2\n");
    let side2 = t.commit_all("side 2");
    t.git(&["checkout", "-q", "main"]);
    t.git(&["merge", "-q", "--no-ff", "-m", "merge side", "side"]);
    let h = history(&t);
    let mut versions: Vec<_> = h
        .documents
        .iter()
        .flat_map(|d| d.versions.iter())
        .map(|v| (v.time, v.commit.clone()))
        .collect();
    versions.sort();
    let order: Vec<_> = versions.iter().map(|(_, c)| c.clone()).collect();
    assert_eq!(order[1..], [side1, main1, side2]);
    // Each version carries both times (equal here: git sets both).
    for d in &h.documents {
        for v in &d.versions {
            assert_eq!(v.author_time, v.time);
        }
    }
}
