//! The edit history of every write-up reachable from a revision.
//!
//! Commits are walked once, oldest first: every parent before its
//! children, and otherwise in committer-time order, so the commits of
//! merged branches interleave by time as the user made them (git's
//! `--date-order`, reversed). Each commit is diffed against its first
//! parent without rename tracking; [`super::follow`] then pairs the
//! content that moved, as git's `-B -M -C` would, and a map from path to
//! document carries the identity of a write-up through moves, so
//! `digikala.md` → `digikala/digikala.md` → `src/digikala/digikala.md` is
//! one document, and so is `acme/README.md` → `acme/acme.md` when README
//! becomes a stub in the same commit.
//!
//! Invariants:
//! - The first version of every document is `Added`; a document's versions
//!   are in walk order, so oldest first.
//! - Merge commits are diffed against their first parent only. The changes
//!   a merge brings in were already seen on the merged branch, so a change
//!   whose blob equals the document's latest blob is not recorded twice.
//! - Commits whose parents are missing (the graft of a shallow clone) are
//!   diffed against the empty tree, like a root commit.
//! - Content re-created at the path of a deleted document continues it only
//!   when it is similar to the deleted content (the rename threshold);
//!   otherwise it is a new document.
//! - Versions carry a [`BlobId`] for lazy reading; blobs are only read here
//!   to measure similarity, in commits where something could pair.
//! - A missing or corrupt object is an error, never a skipped version.
//! - Long histories are diffed on several threads in contiguous chunks of
//!   the walk order, but identity is tracked on one thread in walk order,
//!   so the result does not depend on the thread count.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use gix::bstr::{BStr, BString, ByteSlice};
use gix::objs::FindExt;

use super::error::{SourceError, SourceErrorKind};
use super::follow::{pair, Event, FollowOptions, RawChanges};
use super::repo::{path_string, GitRepo};
use super::similarity::{score_of_percent, Fingerprint};
use super::treediff::TreeDiff;
use super::{BlobId, PathFilter};

/// All documents of a walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// The repository is a shallow clone: history before the graft is
    /// missing, so the oldest versions may not be the real first ones.
    pub shallow: bool,
    pub commits_walked: usize,
    /// In order of first appearance; `documents[i].id == i`.
    pub documents: Vec<DocumentHistory>,
}

/// One write-up across all its paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentHistory {
    /// Position in [`History::documents`], stable for one walk.
    pub id: usize,
    /// Set when the document started as a copy of another one.
    pub copied_from: Option<CopiedFrom>,
    /// Oldest first; never empty.
    pub versions: Vec<Version>,
}

/// Where a copied document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedFrom {
    /// [`DocumentHistory::id`] of the source.
    pub document: usize,
    /// The source's path in the copying commit.
    pub path: String,
    /// Full hex id of the commit that made the copy.
    pub commit: String,
}

impl DocumentHistory {
    /// The latest version (the document's state at the walked revision,
    /// or its deletion).
    pub fn latest(&self) -> Option<&Version> {
        self.versions.last()
    }

    /// The path of the latest version.
    pub fn current_path(&self) -> &str {
        self.latest().map_or("", |v| v.path.as_str())
    }

    /// True when the latest version is a deletion.
    pub fn is_deleted(&self) -> bool {
        self.latest()
            .is_some_and(|v| v.change == HistoryChange::Deleted)
    }
}

/// One commit's effect on one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// Full hex id of the commit.
    pub commit: String,
    /// Committer time, seconds since the Unix epoch (the walk's order).
    pub time: i64,
    /// Author time, seconds since the Unix epoch (when the change was
    /// written; differs after a rebase or cherry-pick).
    pub author_time: i64,
    /// `Name <email>` of the author.
    pub author: String,
    /// First line of the commit message.
    pub summary: String,
    /// The document's path in this commit (for `Deleted`, the path it
    /// was deleted from).
    pub path: String,
    pub change: HistoryChange,
    /// The content in this commit; `None` when deleted.
    pub blob: Option<BlobId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryChange {
    Added,
    Modified,
    Renamed { from: String },
    Deleted,
}

/// Rename tracking for `--range` (one diff, shown to the user as git
/// would): git's default 50% similarity, plus empty files, so an empty
/// placeholder moved into a folder is a rename. History walks pair content
/// themselves ([`super::follow`]).
pub(super) fn rewrites() -> gix::diff::Rewrites {
    gix::diff::Rewrites {
        track_empty: true,
        ..Default::default()
    }
}

/// How often to call the progress callback, in commits.
const PROGRESS_EVERY: usize = 256;

struct DocState {
    current: BString,
    deleted: bool,
    last_blob: Option<gix::ObjectId>,
}

/// Document identity across the walk.
#[derive(Default)]
struct Tracker {
    /// Every path a document ever had, so an edit to an old path on a
    /// branch that has not seen the rename still lands on the document.
    by_path: HashMap<BString, usize>,
    docs: Vec<DocState>,
    out: Vec<DocumentHistory>,
}

/// Commit metadata, built only when the commit touches a document.
struct Meta {
    commit: String,
    time: i64,
    author_time: i64,
    author: String,
    summary: String,
}

/// Decides whether content re-created at a path where a document was
/// deleted is that document back (`old`, `new` blob ids).
type SameContent<'a> = dyn FnMut(gix::ObjectId, gix::ObjectId) -> Result<bool, SourceError> + 'a;

impl Tracker {
    fn live_at(&self, path: &BStr) -> Option<usize> {
        let d = *self.by_path.get(path)?;
        let doc = &self.docs[d];
        (doc.current.as_bstr() == path && !doc.deleted).then_some(d)
    }

    fn push(
        &mut self,
        d: usize,
        meta: &Meta,
        path: &BStr,
        change: HistoryChange,
        blob: Option<gix::ObjectId>,
    ) {
        let doc = &mut self.docs[d];
        doc.deleted = change == HistoryChange::Deleted;
        if !doc.deleted {
            doc.last_blob = blob;
        }
        self.out[d].versions.push(Version {
            commit: meta.commit.clone(),
            time: meta.time,
            author_time: meta.author_time,
            author: meta.author.clone(),
            summary: meta.summary.clone(),
            path: path_string(path),
            change,
            blob: blob.map(BlobId),
        });
    }

    fn new_doc(
        &mut self,
        meta: &Meta,
        path: &BStr,
        id: gix::ObjectId,
        copied_from: Option<CopiedFrom>,
    ) {
        let d = self.docs.len();
        self.docs.push(DocState {
            current: path.to_owned(),
            deleted: false,
            last_blob: None,
        });
        self.out.push(DocumentHistory {
            id: d,
            copied_from,
            versions: Vec::new(),
        });
        self.by_path.insert(path.to_owned(), d);
        self.push(d, meta, path, HistoryChange::Added, Some(id));
    }

    /// Content `id` appeared at `path` (added, or modified on a path we
    /// may or may not know).
    fn content_at(
        &mut self,
        meta: &Meta,
        path: &BStr,
        id: gix::ObjectId,
        added: bool,
        same_content: &mut SameContent<'_>,
    ) -> Result<(), SourceError> {
        match self.by_path.get(path).copied() {
            Some(d) => {
                let doc = &self.docs[d];
                let same_place = doc.current.as_bstr() == path;
                if added && !same_place {
                    // A new file at a path some document has moved away from.
                    self.new_doc(meta, path, id, None);
                } else if doc.deleted && same_place {
                    // Re-created: the same write-up back again, or an
                    // unrelated one that happens to use the path.
                    let back = match doc.last_blob {
                        Some(old) => same_content(old, id)?,
                        None => false,
                    };
                    if back {
                        self.push(d, meta, path, HistoryChange::Added, Some(id));
                    } else {
                        self.new_doc(meta, path, id, None);
                    }
                } else if doc.last_blob != Some(id) {
                    self.push(d, meta, path, HistoryChange::Modified, Some(id));
                }
            }
            None => self.new_doc(meta, path, id, None),
        }
        Ok(())
    }

    /// Apply one commit's events. Sources are looked up before anything
    /// moves, so two files that swap content in one commit swap documents.
    fn apply(
        &mut self,
        meta: &Meta,
        events: Vec<Event>,
        same_content: &mut SameContent<'_>,
    ) -> Result<(), SourceError> {
        let before: Vec<Option<usize>> = events
            .iter()
            .map(|event| match event {
                Event::Deleted { path } => self.live_at(path.as_bstr()),
                Event::Moved { from, .. } | Event::Copied { from, .. } => {
                    self.live_at(from.as_bstr())
                }
                Event::Modified { .. } | Event::Added { .. } => None,
            })
            .collect();
        for (event, doc) in events.into_iter().zip(before) {
            match event {
                Event::Deleted { path } => {
                    if let Some(d) = doc {
                        self.push(d, meta, path.as_bstr(), HistoryChange::Deleted, None);
                    }
                }
                Event::Moved { from, to, id } => match doc {
                    Some(d) => {
                        self.docs[d].current = to.clone();
                        self.by_path.insert(to.clone(), d);
                        let change = HistoryChange::Renamed {
                            from: path_string(from.as_bstr()),
                        };
                        self.push(d, meta, to.as_bstr(), change, Some(id));
                    }
                    // The source is not live here: a merge bringing in a
                    // move already seen on its branch.
                    None => self.content_at(meta, to.as_bstr(), id, true, same_content)?,
                },
                Event::Copied { from, to, id } => {
                    // A merge bringing in a copy made on its branch finds
                    // the copy's document already at `to`.
                    if self.live_at(to.as_bstr()).is_some() {
                        self.content_at(meta, to.as_bstr(), id, true, same_content)?;
                    } else {
                        let copied_from = doc.map(|d| CopiedFrom {
                            document: d,
                            path: path_string(from.as_bstr()),
                            commit: meta.commit.clone(),
                        });
                        self.new_doc(meta, to.as_bstr(), id, copied_from);
                    }
                }
                Event::Modified { path, id } => {
                    self.content_at(meta, path.as_bstr(), id, false, same_content)?
                }
                Event::Added { path, id } => {
                    self.content_at(meta, path.as_bstr(), id, true, same_content)?
                }
            }
        }
        Ok(())
    }
}

impl GitRepo {
    /// Walk all commits reachable from `rev` and return the history of
    /// every candidate document, following content with git's default
    /// thresholds. `progress` is called on the calling thread with the
    /// number of commits diffed so far, every few hundred commits and once
    /// at the end with the total.
    pub fn history(
        &self,
        rev: &str,
        filter: &PathFilter,
        progress: &dyn Fn(usize),
    ) -> Result<History, SourceError> {
        self.history_with(rev, filter, &FollowOptions::default(), progress)
    }

    /// [`history`](Self::history) with explicit similarity thresholds.
    pub fn history_with(
        &self,
        rev: &str,
        filter: &PathFilter,
        follow: &FollowOptions,
        progress: &dyn Fn(usize),
    ) -> Result<History, SourceError> {
        self.history_on_threads(rev, filter, follow, progress, None)
    }

    /// [`history_with`](Self::history_with) with the thread count fixed
    /// (tests), or chosen from the cores and the history length (`None`).
    fn history_on_threads(
        &self,
        rev: &str,
        filter: &PathFilter,
        follow: &FollowOptions,
        progress: &dyn Fn(usize),
        threads: Option<usize>,
    ) -> Result<History, SourceError> {
        let tip = self.commit_id(rev)?;
        let order = self.walk_order(tip)?;
        let commits = &order.commits;

        // Diffing is independent per commit and is nearly all of the cost,
        // so contiguous chunks of the walk are diffed on separate threads;
        // identity tracking then replays the results in walk order.
        let threads = threads.unwrap_or_else(|| {
            let cores = std::thread::available_parallelism().map_or(1, usize::from);
            cores
                .min(commits.len() / MIN_COMMITS_PER_THREAD)
                .clamp(1, MAX_THREADS)
        });
        let chunk = commits.len().div_ceil(threads).max(1);
        let ranges: Vec<Range<usize>> = (0..commits.len())
            .step_by(chunk)
            .map(|start| start..(start + chunk).min(commits.len()))
            .collect();

        let done = AtomicUsize::new(0);
        // gix::Repository is not Sync: each worker makes its own handle.
        let shared = self.repo.clone().into_sync();
        let results: Vec<Result<Vec<Diffed>, SourceError>> = std::thread::scope(|scope| {
            let workers: Vec<_> = ranges
                .iter()
                .skip(1)
                .map(|range| {
                    let (shared, done) = (&shared, &done);
                    scope.spawn(move || {
                        let repo = shared.to_thread_local();
                        diff_chunk(&repo, commits, range.clone(), filter, follow, || {
                            done.fetch_add(1, Ordering::Relaxed);
                        })
                    })
                })
                .collect();
            let first = ranges.first().cloned().unwrap_or(0..0);
            let mut own = 0usize;
            // A handle of its own, so its delta-base cache is freed with
            // the walk rather than held while the caller reads blobs.
            let own_repo = shared.to_thread_local();
            let mine = diff_chunk(&own_repo, commits, first, filter, follow, || {
                let total = done.fetch_add(1, Ordering::Relaxed) + 1;
                own += 1;
                if own % PROGRESS_EVERY == 0 {
                    progress(total);
                }
            });
            let mut all = vec![mine];
            for worker in workers {
                all.push(worker.join().unwrap_or_else(|_| {
                    Err(SourceError::new(
                        SourceErrorKind::CorruptObject,
                        "corrupt object: a history worker thread panicked",
                    ))
                }));
            }
            all
        });

        let rename_min = score_of_percent(follow.rename_percent);
        let mut buf = Vec::new();
        let mut same_content = |old: gix::ObjectId, new: gix::ObjectId| {
            if old == new {
                return Ok(true);
            }
            let old = Fingerprint::of(read_blob_into(&self.repo, old, &mut buf)?);
            let new = Fingerprint::of(read_blob_into(&self.repo, new, &mut buf)?);
            let score = old.similarity_to(&new, rename_min);
            Ok(score >= rename_min && score > 0)
        };
        let mut tracker = Tracker::default();
        for chunk in results {
            for diffed in chunk? {
                tracker.apply(&diffed.meta, diffed.events, &mut same_content)?;
            }
        }
        progress(commits.len());
        // Versions grew by doubling; what a long history holds until the
        // caller is done is only what it needs.
        for document in &mut tracker.out {
            document.versions.shrink_to_fit();
        }

        Ok(History {
            shallow: self.is_shallow(),
            commits_walked: commits.len(),
            documents: tracker.out,
        })
    }

    /// Every commit reachable from `tip`, parents before children and
    /// otherwise oldest committer time first, each with the walk position
    /// of its first parent (`None` for roots and for commits whose parent
    /// lies beyond a shallow graft).
    fn walk_order(&self, tip: gix::ObjectId) -> Result<Order, SourceError> {
        let walk = self
            .repo
            .rev_walk([tip])
            .sorting(gix::revision::walk::Sorting::ByCommitTime(
                Default::default(),
            ))
            .all()
            .map_err(|e| SourceError::corrupt(format!("reachable from {tip}"), &e))?;
        let mut ids = Vec::new();
        let mut times = Vec::new();
        let mut parents = Vec::new();
        for info in walk {
            let info =
                info.map_err(|e| SourceError::corrupt(format!("reachable from {tip}"), &e))?;
            ids.push(info.id);
            times.push(info.commit_time.unwrap_or(0));
            parents.push(info.parent_ids.iter().copied().collect::<Vec<_>>());
        }
        let index: HashMap<gix::ObjectId, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        // Parents beyond a shallow graft are not in the walk: ignored.
        let parent_idx: Vec<Vec<usize>> = parents
            .iter()
            .map(|ps| ps.iter().filter_map(|p| index.get(p).copied()).collect())
            .collect();
        // The first *recorded* parent decides the diff base; if it is
        // missing (shallow) the commit is treated as a root.
        let first_parent: Vec<Option<usize>> = parents
            .iter()
            .map(|ps| ps.first().and_then(|p| index.get(p).copied()))
            .collect();

        // Kahn's algorithm: a commit becomes ready once all its parents are
        // placed; among ready commits the oldest committer time goes first
        // (ties by the walk's own order, so the result is deterministic).
        let mut waiting: Vec<usize> = parent_idx.iter().map(|ps| ps.len()).collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
        for (child, ps) in parent_idx.iter().enumerate() {
            for &p in ps {
                children[p].push(child);
            }
        }
        // The rev walk lists newest first, so a larger walk index is older.
        let key = |i: usize| Reverse((times[i], Reverse(i)));
        let mut ready: BinaryHeap<Reverse<(i64, Reverse<usize>)>> = BinaryHeap::new();
        for (i, w) in waiting.iter().enumerate() {
            if *w == 0 {
                ready.push(key(i));
            }
        }
        let mut position = vec![usize::MAX; ids.len()];
        let mut commits = Vec::with_capacity(ids.len());
        while let Some(Reverse((_, Reverse(node)))) = ready.pop() {
            position[node] = commits.len();
            let fp = first_parent[node].map(|p| position[p]);
            commits.push((ids[node], fp));
            for &child in &children[node] {
                waiting[child] -= 1;
                if waiting[child] == 0 {
                    ready.push(key(child));
                }
            }
        }
        Ok(Order { commits })
    }
}

/// Below this many commits per thread, a thread's setup (its own object
/// caches) costs more than it saves.
const MIN_COMMITS_PER_THREAD: usize = 2_000;
/// Beyond a few threads the pack's shared memory bandwidth is the limit.
const MAX_THREADS: usize = 8;

/// The candidate changes one commit made, ready to replay.
struct Diffed {
    meta: Meta,
    /// Sorted by [`Event::rank`]; never empty.
    events: Vec<Event>,
}

/// Read a blob, or say which object is missing or damaged.
fn read_blob_into<'b>(
    repo: &gix::Repository,
    id: gix::ObjectId,
    buf: &'b mut Vec<u8>,
) -> Result<&'b [u8], SourceError> {
    repo.objects
        .find_blob(&id, buf)
        .map(|blob| blob.data)
        .map_err(|e| SourceError::corrupt(id, &e))
}

/// Diff `commits[range]` against their first parents, in order, keeping
/// only commits that touch a candidate. `tick` is called once per commit.
fn diff_chunk(
    repo: &gix::Repository,
    commits: &[(gix::ObjectId, Option<usize>)],
    range: Range<usize>,
    filter: &PathFilter,
    follow: &FollowOptions,
    mut tick: impl FnMut(),
) -> Result<Vec<Diffed>, SourceError> {
    let differ = TreeDiff::new(repo, filter);

    let start = range.start;
    // Tree ids of this chunk's commits: a parent inside the chunk was
    // diffed before its child, so its tree id is known without decoding.
    let mut tree_ids: Vec<gix::ObjectId> = Vec::with_capacity(range.len());
    let mut out = Vec::new();
    let mut commit_buf = Vec::new();
    let mut parent_buf = Vec::new();
    let mut blob_buf = Vec::new();
    let mut raw = RawChanges::default();
    let mut events: Vec<Event> = Vec::new();

    for (id, first_parent) in &commits[range] {
        let commit = repo
            .objects
            .find_commit(id, &mut commit_buf)
            .map_err(|e| SourceError::corrupt(id, &e))?;
        let tree_id = commit.tree();
        tree_ids.push(tree_id);
        let parent_tree = match *first_parent {
            Some(p) if p >= start => Some(tree_ids[p - start]),
            Some(p) => {
                let parent = commits[p].0;
                let decoded = repo
                    .objects
                    .find_commit(&parent, &mut parent_buf)
                    .map_err(|e| SourceError::corrupt(parent, &e))?;
                Some(decoded.tree())
            }
            None => None,
        };

        if parent_tree != Some(tree_id) {
            differ.commit(parent_tree, tree_id, &mut raw)?;
        }

        if !raw.is_empty() {
            let mut fingerprint = |blob: gix::ObjectId| {
                read_blob_into(repo, blob, &mut blob_buf).map(Fingerprint::of)
            };
            pair(&raw, follow, &mut fingerprint, &mut events)?;
            raw.clear();
        }
        if !events.is_empty() {
            out.push(Diffed {
                meta: meta(*id, &commit),
                events: std::mem::take(&mut events),
            });
        }
        tick();
    }
    Ok(out)
}

/// Commits in walk order with the walk position of their first parent.
struct Order {
    commits: Vec<(gix::ObjectId, Option<usize>)>,
}

fn meta(id: gix::ObjectId, commit: &gix::objs::CommitRef<'_>) -> Meta {
    let name = |s: &gix::actor::SignatureRef<'_>| {
        format!("{} <{}>", s.name.to_str_lossy(), s.email.to_str_lossy())
    };
    let committer = commit.committer().ok();
    let author = commit.author().ok();
    Meta {
        commit: id.to_string(),
        time: committer.as_ref().map_or(0, |c| c.seconds()),
        author_time: author.as_ref().map_or(0, |a| a.seconds()),
        author: author.as_ref().map(name).unwrap_or_default(),
        summary: commit.message().summary().to_str_lossy().into_owned(),
    }
}

/// The integration tests' scripted-repository helper, reused so the
/// threaded walk can be tested without a public thread-count knob.
#[cfg(test)]
#[path = "../../tests/support/mod.rs"]
mod support;

#[cfg(test)]
mod tests {
    use super::super::{GitRepo, PathFilter};
    use super::support;

    /// Small histories never use threads on their own, so force them:
    /// chunk borders falling inside branches, merges and rename chains must
    /// not change the result.
    #[test]
    fn threaded_walk_equals_the_single_threaded_walk() {
        let t = support::TestRepo::init();
        for round in 0..6 {
            let company = format!("company{round}");
            t.write(&format!("{company}.md"), format!("# {company}\n"));
            t.commit_all(&format!("add {company}"));
            t.git(&["checkout", "-q", "-b", &format!("b{round}")]);
            std::fs::create_dir_all(t.path().join(&company)).expect("mkdir");
            t.git(&[
                "mv",
                &format!("{company}.md"),
                &format!("{company}/{company}.md"),
            ]);
            t.commit_all(&format!("move {company}"));
            t.write(
                &format!("{company}/{company}.md"),
                format!("# {company}\n\n### Status\n"),
            );
            t.commit_all(&format!("status for {company}"));
            t.git(&["checkout", "-q", "main"]);
            t.write("log.md", format!("round {round}\n"));
            t.commit_all(&format!("log {round}"));
            t.git(&[
                "merge",
                "-q",
                "--no-ff",
                "-m",
                &format!("merge b{round}"),
                &format!("b{round}"),
            ]);
        }
        let repo = GitRepo::open(Some(t.path())).expect("open");
        let all = PathFilter::new(vec![]);
        let one = repo
            .history_on_threads("main", &all, &Default::default(), &|_| {}, Some(1))
            .expect("1 thread");
        assert_eq!(one.commits_walked, 30);
        assert_eq!(one.documents.len(), 7, "six companies and log.md");
        for threads in [2, 3, 7, 30, 64] {
            let many = repo
                .history_on_threads("main", &all, &Default::default(), &|_| {}, Some(threads))
                .expect("threads");
            assert_eq!(many, one, "{threads} threads");
        }
    }
}

#[cfg(test)]
mod tree_diff_tests {
    use super::super::treediff::{entry_offsets, TreeDiff};
    use super::super::{GitRepo, PathFilter};
    use super::support;
    use super::RawChanges;
    use gix::bstr::{BString, ByteSlice};
    use gix::objs::FindExt;

    type Sorted = Vec<(String, String, Option<String>, Option<String>)>;

    /// `(kind, path, old, new)` of every blob change, sorted.
    fn sorted(raw: &RawChanges) -> Sorted {
        let mut out: Sorted = Vec::new();
        for (p, id) in &raw.added {
            out.push(("A".into(), p.to_string(), None, Some(id.to_string())));
        }
        for (p, id) in &raw.deleted {
            out.push(("D".into(), p.to_string(), Some(id.to_string()), None));
        }
        for (p, old, new) in &raw.modified {
            out.push((
                "M".into(),
                p.to_string(),
                Some(old.to_string()),
                Some(new.to_string()),
            ));
        }
        out.sort();
        out
    }

    /// gix's own tree diff, as the reference.
    fn reference(repo: &gix::Repository, old: gix::ObjectId, new: gix::ObjectId) -> Sorted {
        let old = repo.find_tree(old).expect("old tree");
        let new = repo.find_tree(new).expect("new tree");
        let mut raw = RawChanges::default();
        let mut platform = old.changes().expect("changes");
        platform.options(|o| {
            o.track_path().track_rewrites(None);
        });
        use gix::object::tree::diff::Change;
        platform
            .for_each_to_obtain_tree(&new, |change| {
                match change {
                    Change::Addition {
                        location,
                        entry_mode,
                        id,
                        ..
                    } if entry_mode.is_blob() => raw.added.push((location.to_owned(), id.detach())),
                    Change::Deletion {
                        location,
                        entry_mode,
                        id,
                        ..
                    } if entry_mode.is_blob() => {
                        raw.deleted.push((location.to_owned(), id.detach()))
                    }
                    Change::Modification {
                        location,
                        previous_entry_mode,
                        previous_id,
                        entry_mode,
                        id,
                    } => match (previous_entry_mode.is_blob(), entry_mode.is_blob()) {
                        (true, true) if previous_id != id => raw.modified.push((
                            location.to_owned(),
                            previous_id.detach(),
                            id.detach(),
                        )),
                        (false, true) => raw.added.push((location.to_owned(), id.detach())),
                        (true, false) => raw
                            .deleted
                            .push((location.to_owned(), previous_id.detach())),
                        _ => {}
                    },
                    _ => {}
                }
                Ok(std::ops::ControlFlow::Continue(()))
            })
            .expect("diff");
        // Our diff filters candidates; compare on the same set.
        let filter = PathFilter::all();
        raw.added.retain(|(p, _)| filter.accepts(&p.to_str_lossy()));
        raw.deleted
            .retain(|(p, _)| filter.accepts(&p.to_str_lossy()));
        raw.modified
            .retain(|(p, _, _)| filter.accepts(&p.to_str_lossy()));
        sorted(&raw)
    }

    /// Names that sort differently as files and as trees (`a.md`, `a/`,
    /// `a-b`), files turning into directories and back, symlinks, deep
    /// trees and edits at both ends of a tree: our diff must list exactly
    /// the blob changes gix's full diff lists.
    #[test]
    fn shared_prefix_and_suffix_diff_equals_a_full_diff() {
        let t = support::TestRepo::init();
        let steps: Vec<Vec<(&str, Option<&str>)>> = vec![
            vec![
                ("a.md", Some("a")),
                ("a-b.md", Some("ab")),
                ("b/x.md", Some("x")),
                ("z.md", Some("z")),
                ("m/n/o/p.md", Some("deep")),
            ],
            vec![("a.md", None), ("a/a.md", Some("a"))],
            vec![("0.md", Some("first")), ("zz.md", Some("last"))],
            vec![("m/n/o/p.md", Some("deeper")), ("m/n/q.md", Some("q"))],
            vec![("a", Some("file named a")), ("a/a.md", None)],
            vec![("a", None), ("a/a.md", Some("back"))],
            vec![("b/x.md", None), ("b", Some("b as a file"))],
            vec![("z.md", Some("z2")), ("0.md", Some("first2"))],
            vec![("m/n/o/p.md", None), ("m/n/q.md", None)],
            // `a-b.md` sorts before the tree `a/` but after a file `a`.
            vec![("a-b.md", None), ("a/a.md", Some("again"))],
        ];
        for (n, step) in steps.iter().enumerate() {
            // Deletions first (and their emptied directories), so a file
            // can take the name of a directory in the same step.
            for (path, _) in step.iter().filter(|(_, c)| c.is_none()) {
                let full = t.path().join(path);
                std::fs::remove_file(&full).expect("remove");
                let mut dir = full.parent();
                while let Some(d) = dir.filter(|d| *d != t.path()) {
                    if std::fs::remove_dir(d).is_err() {
                        break;
                    }
                    dir = d.parent();
                }
            }
            for (path, content) in step {
                if let Some(text) = content {
                    t.write(path, text);
                }
            }
            t.commit_all(&format!("step {n}"));
        }
        std::os::unix::fs::symlink("z.md", t.path().join("link.md")).expect("symlink");
        t.commit_all("a symlink");

        let repo = GitRepo::open(Some(t.path())).expect("open").repo;
        let filter = PathFilter::all();
        let differ = TreeDiff::new(&repo, &filter);
        let log = t.git(&["log", "--format=%T", "--reverse"]);
        let trees: Vec<gix::ObjectId> = std::iter::once(repo.empty_tree().id)
            .chain(
                log.lines()
                    .map(|l| gix::ObjectId::from_hex(l.as_bytes()).unwrap()),
            )
            .collect();
        for pair in trees.windows(2).chain([[trees[3], trees[8]].as_slice()]) {
            let (mut old, mut new) = (Vec::new(), Vec::new());
            let (mut old_offsets, mut new_offsets) = (Vec::new(), Vec::new());
            repo.objects.find_tree_iter(&pair[0], &mut old).ok();
            if pair[0] == repo.empty_tree().id {
                old.clear();
            }
            repo.objects.find_tree_iter(&pair[1], &mut new).unwrap();
            entry_offsets(&old, differ.hash_len, &mut old_offsets).unwrap();
            entry_offsets(&new, differ.hash_len, &mut new_offsets).unwrap();
            let mut raw = RawChanges::default();
            let mut prefix = BString::default();
            differ
                .diff(
                    &old,
                    &old_offsets,
                    &new,
                    &new_offsets,
                    &mut prefix,
                    &mut raw,
                )
                .unwrap();
            let expected = reference(&repo, pair[0], pair[1]);
            assert_eq!(sorted(&raw), expected, "{pair:?}");
            // The walk's entry point, which reuses the trees read for the
            // commit before (and must not when the pair jumps back).
            let mut walked = RawChanges::default();
            let old_root = (pair[0] != repo.empty_tree().id).then_some(pair[0]);
            differ.commit(old_root, pair[1], &mut walked).unwrap();
            assert_eq!(sorted(&walked), expected, "walk {pair:?}");
        }
    }
}
