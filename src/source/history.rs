//! The edit history of every write-up reachable from a revision.
//!
//! Commits are walked once, oldest first in topological order (every
//! parent before its children), and each is diffed against its first
//! parent with rename tracking on. A map from path to document carries the
//! identity of a write-up through renames, so `digikala.md` →
//! `digikala/digikala.md` → `src/digikala/digikala.md` is one document.
//!
//! Invariants:
//! - The first version of every document is `Added`; a document's versions
//!   are in walk order (parents before children), so oldest first.
//! - Merge commits are diffed against their first parent only. The changes
//!   a merge brings in were already seen on the merged branch, so a change
//!   whose blob equals the document's latest blob is not recorded twice.
//! - Commits whose parents are missing (the graft of a shallow clone) are
//!   diffed against the empty tree, like a root commit.
//! - Blobs are not read here: versions carry a [`BlobId`] for lazy reading.

use std::collections::HashMap;

use gix::bstr::{BStr, BString, ByteSlice};
use gix::objs::{FindExt, TreeRefIter};

use super::error::SourceError;
use super::repo::{path_string, GitRepo};
use super::{BlobId, PathFilter};

/// All documents of a walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// The repository is a shallow clone: history before the graft is
    /// missing, so the oldest versions may not be the real first ones.
    pub shallow: bool,
    pub commits_walked: usize,
    /// In order of first appearance.
    pub documents: Vec<DocumentHistory>,
}

/// One write-up across all its paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentHistory {
    /// Oldest first; never empty.
    pub versions: Vec<Version>,
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
    /// Committer time, seconds since the Unix epoch.
    pub time: i64,
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

/// Rename tracking as git does it by default (50% similarity), plus empty
/// files: write-ups start as committed empty placeholders, and moving one
/// into a folder must not split it into two documents. Among identical
/// candidates gix prefers the one with the same file name, which is what
/// `git mv x.md dir/x.md` looks like.
pub(super) fn rewrites() -> gix::diff::Rewrites {
    gix::diff::Rewrites {
        track_empty: true,
        ..Default::default()
    }
}

/// How often to call the progress callback, in commits.
const PROGRESS_EVERY: usize = 256;

/// A change to a candidate path, as the diff reports it.
enum Event {
    Deleted {
        path: BString,
    },
    Renamed {
        from: BString,
        from_ok: bool,
        to: BString,
        to_ok: bool,
        id: gix::ObjectId,
    },
    Modified {
        path: BString,
        id: gix::ObjectId,
    },
    Added {
        path: BString,
        id: gix::ObjectId,
    },
}

impl Event {
    /// Apply deletions first so "delete X, rename Y to X" gives X to Y's
    /// document, then renames, then in-place edits, then additions.
    fn rank(&self) -> u8 {
        match self {
            Event::Deleted { .. } => 0,
            Event::Renamed { .. } => 1,
            Event::Modified { .. } => 2,
            Event::Added { .. } => 3,
        }
    }
}

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
    author: String,
    summary: String,
}

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
            author: meta.author.clone(),
            summary: meta.summary.clone(),
            path: path_string(path),
            change,
            blob: blob.map(BlobId),
        });
    }

    fn new_doc(&mut self, meta: &Meta, path: &BStr, id: gix::ObjectId) {
        let d = self.docs.len();
        self.docs.push(DocState {
            current: path.to_owned(),
            deleted: false,
            last_blob: None,
        });
        self.out.push(DocumentHistory {
            versions: Vec::new(),
        });
        self.by_path.insert(path.to_owned(), d);
        self.push(d, meta, path, HistoryChange::Added, Some(id));
    }

    /// Content `id` appeared at `path` (added, or modified on a path we
    /// may or may not know).
    fn content_at(&mut self, meta: &Meta, path: &BStr, id: gix::ObjectId, added: bool) {
        match self.by_path.get(path).copied() {
            Some(d) => {
                let doc = &self.docs[d];
                let same_place = doc.current.as_bstr() == path;
                if added && !same_place {
                    // A new file at a path some document has moved away from.
                    self.new_doc(meta, path, id);
                } else if doc.deleted && same_place {
                    // Restored: the same write-up, back again.
                    self.push(d, meta, path, HistoryChange::Added, Some(id));
                } else if doc.last_blob != Some(id) {
                    self.push(d, meta, path, HistoryChange::Modified, Some(id));
                }
            }
            None => self.new_doc(meta, path, id),
        }
    }

    fn apply(&mut self, meta: &Meta, event: Event) {
        match event {
            Event::Deleted { path } => {
                if let Some(d) = self.live_at(path.as_bstr()) {
                    self.push(d, meta, path.as_bstr(), HistoryChange::Deleted, None);
                }
            }
            Event::Added { path, id } => self.content_at(meta, path.as_bstr(), id, true),
            Event::Modified { path, id } => self.content_at(meta, path.as_bstr(), id, false),
            Event::Renamed {
                from,
                from_ok,
                to,
                to_ok,
                id,
            } => match (from_ok, to_ok) {
                (true, true) => match self.by_path.get(from.as_bstr()).copied() {
                    Some(d) if self.docs[d].current == from && !self.docs[d].deleted => {
                        let doc = &mut self.docs[d];
                        doc.current = to.clone();
                        self.by_path.insert(to.clone(), d);
                        let change = HistoryChange::Renamed {
                            from: path_string(from.as_bstr()),
                        };
                        self.push(d, meta, to.as_bstr(), change, Some(id));
                    }
                    // The source is not live here: a merge bringing in a
                    // rename already seen on its branch, or an unknown source.
                    _ => self.content_at(meta, to.as_bstr(), id, true),
                },
                // Moved into the candidate set (e.g. `notes.txt` → `notes.md`).
                (false, true) => self.content_at(meta, to.as_bstr(), id, true),
                // Moved out of it (e.g. into `book/`).
                (true, false) => {
                    if let Some(d) = self.live_at(from.as_bstr()) {
                        self.push(d, meta, from.as_bstr(), HistoryChange::Deleted, None);
                    }
                }
                (false, false) => {}
            },
        }
    }
}

impl GitRepo {
    /// Walk all commits reachable from `rev` and return the history of
    /// every candidate document. `progress` is called with the number of
    /// commits diffed so far, every few hundred commits and once at the end.
    pub fn history(
        &self,
        rev: &str,
        filter: &PathFilter,
        progress: &dyn Fn(usize),
    ) -> Result<History, SourceError> {
        let tip = self.commit_id(rev)?;
        let order = self.topological_order(tip)?;
        let repo = &self.repo;

        let mut cache = repo
            .diff_resource_cache_for_tree_diff()
            .map_err(|e| SourceError::corrupt("needed for diffs (attributes or config)", &e))?;
        let mut state = gix::diff::tree::State::default();
        let options = gix::diff::tree_with_rewrites::Options {
            location: Some(gix::diff::tree::recorder::Location::Path),
            rewrites: Some(rewrites()),
        };

        // Tree ids by walk position: parents are always diffed first, so a
        // child finds its parent's tree here without decoding it again.
        let mut tree_ids: Vec<gix::ObjectId> = Vec::with_capacity(order.commits.len());
        let mut commit_buf = Vec::new();
        let mut old_buf = Vec::new();
        let mut new_buf = Vec::new();
        let mut events: Vec<Event> = Vec::new();
        let mut tracker = Tracker::default();

        for (pos, (id, first_parent)) in order.commits.iter().enumerate() {
            let commit = repo
                .objects
                .find_commit(id, &mut commit_buf)
                .map_err(|e| SourceError::corrupt(id, &e))?;
            let tree_id = commit.tree();
            tree_ids.push(tree_id);
            let parent_tree = first_parent.map(|p| tree_ids[p]);

            events.clear();
            if parent_tree != Some(tree_id) {
                let old = match parent_tree {
                    Some(t) => repo
                        .objects
                        .find_tree_iter(&t, &mut old_buf)
                        .map_err(|e| SourceError::corrupt(t, &e))?,
                    None => TreeRefIter::from_bytes(&[], tree_id.kind()),
                };
                let new = repo
                    .objects
                    .find_tree_iter(&tree_id, &mut new_buf)
                    .map_err(|e| SourceError::corrupt(tree_id, &e))?;
                gix::diff::tree_with_rewrites(
                    old,
                    new,
                    &mut cache,
                    &mut state,
                    &repo.objects,
                    |change| {
                        collect(change, filter, &mut events);
                        Ok(std::ops::ControlFlow::Continue(()))
                    },
                    options.clone(),
                )
                .map_err(|e| SourceError::corrupt(format!("while diffing commit {id}"), &e))?;
                cache.clear_resource_cache_keep_allocation();
            }

            if !events.is_empty() {
                let meta = meta(*id, &commit);
                events.sort_by_key(Event::rank);
                for event in events.drain(..) {
                    tracker.apply(&meta, event);
                }
            }
            if (pos + 1) % PROGRESS_EVERY == 0 {
                progress(pos + 1);
            }
        }
        progress(order.commits.len());

        Ok(History {
            shallow: self.is_shallow(),
            commits_walked: order.commits.len(),
            documents: tracker.out,
        })
    }

    /// Every commit reachable from `tip`, parents before children, each
    /// with the walk position of its first parent (`None` for roots and
    /// for commits whose parent lies beyond a shallow graft).
    fn topological_order(&self, tip: gix::ObjectId) -> Result<Order, SourceError> {
        let walk = self
            .repo
            .rev_walk([tip])
            .all()
            .map_err(|e| SourceError::corrupt(format!("reachable from {tip}"), &e))?;
        let mut ids = Vec::new();
        let mut parents = Vec::new();
        for info in walk {
            let info =
                info.map_err(|e| SourceError::corrupt(format!("reachable from {tip}"), &e))?;
            ids.push(info.id);
            parents.push(info.parent_ids.iter().copied().collect::<Vec<_>>());
        }
        let index: HashMap<gix::ObjectId, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
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

        // Iterative post-order DFS (history can be deeper than the stack),
        // first parents first so a branch's commits stay together.
        let mut position = vec![usize::MAX; ids.len()];
        let mut visited = vec![false; ids.len()];
        let mut commits = Vec::with_capacity(ids.len());
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for root in 0..ids.len() {
            if visited[root] {
                continue;
            }
            visited[root] = true;
            stack.push((root, 0));
            while let Some((node, next)) = stack.pop() {
                if let Some(&p) = parent_idx[node].get(next) {
                    stack.push((node, next + 1));
                    if !visited[p] {
                        visited[p] = true;
                        stack.push((p, 0));
                    }
                } else {
                    position[node] = commits.len();
                    let fp = first_parent[node].map(|p| position[p]);
                    commits.push((ids[node], fp));
                }
            }
        }
        Ok(Order { commits })
    }
}

/// Commits in walk order with the walk position of their first parent.
struct Order {
    commits: Vec<(gix::ObjectId, Option<usize>)>,
}

fn collect(
    change: gix::diff::tree_with_rewrites::ChangeRef<'_>,
    filter: &PathFilter,
    events: &mut Vec<Event>,
) {
    use gix::diff::tree_with_rewrites::ChangeRef;
    let ok = |p: &BStr| filter.accepts(&path_string_cow(p));
    match change {
        ChangeRef::Addition {
            location,
            entry_mode,
            id,
            ..
        } => {
            if entry_mode.is_blob() && ok(location) {
                events.push(Event::Added {
                    path: location.to_owned(),
                    id,
                });
            }
        }
        ChangeRef::Deletion {
            location,
            entry_mode,
            ..
        } => {
            if entry_mode.is_blob() && ok(location) {
                events.push(Event::Deleted {
                    path: location.to_owned(),
                });
            }
        }
        ChangeRef::Modification {
            location,
            previous_entry_mode,
            previous_id,
            entry_mode,
            id,
        } => {
            if !ok(location) {
                return;
            }
            let path = location.to_owned();
            match (previous_entry_mode.is_blob(), entry_mode.is_blob()) {
                (true, true) if previous_id != id => events.push(Event::Modified { path, id }),
                (false, true) => events.push(Event::Added { path, id }),
                (true, false) => events.push(Event::Deleted { path }),
                _ => {}
            }
        }
        ChangeRef::Rewrite {
            source_location,
            source_entry_mode,
            location,
            entry_mode,
            id,
            copy,
            ..
        } => {
            let from_ok = source_entry_mode.is_blob() && ok(source_location);
            let to_ok = entry_mode.is_blob() && ok(location);
            if copy {
                // Copies are off; if git config ever turns them on, a copy
                // is a new file and its source stays where it was.
                if to_ok {
                    events.push(Event::Added {
                        path: location.to_owned(),
                        id,
                    });
                }
            } else if from_ok || to_ok {
                events.push(Event::Renamed {
                    from: source_location.to_owned(),
                    from_ok,
                    to: location.to_owned(),
                    to_ok,
                    id,
                });
            }
        }
    }
}

fn path_string_cow(path: &BStr) -> std::borrow::Cow<'_, str> {
    path.to_str_lossy()
}

fn meta(id: gix::ObjectId, commit: &gix::objs::CommitRef<'_>) -> Meta {
    let (time, author) = match (commit.committer(), commit.author()) {
        (Ok(c), Ok(a)) => (
            c.seconds(),
            format!("{} <{}>", a.name.to_str_lossy(), a.email.to_str_lossy()),
        ),
        (Ok(c), Err(_)) => (c.seconds(), String::new()),
        (Err(_), Ok(a)) => (
            0,
            format!("{} <{}>", a.name.to_str_lossy(), a.email.to_str_lossy()),
        ),
        (Err(_), Err(_)) => (0, String::new()),
    };
    Meta {
        commit: id.to_string(),
        time,
        author,
        summary: commit.message().summary().to_str_lossy().into_owned(),
    }
}
