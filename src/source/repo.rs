//! Opening a repository and reading snapshots from it: a revision's tree,
//! the staged index, and the changes of a `BASE..HEAD` range.
//!
//! Invariants:
//! - The repository is opened with `gix::open::Options::isolated()` plus
//!   `core.deltaBaseCacheLimit=16m`: isolation keeps machine config out;
//!   a delta-base cache (off in gix by default) makes history walks ~10x
//!   faster, and 16m (per thread) is as fast as 96m with far less memory.
//! - Only regular blobs are read; symlinks and gitlinks are skipped.
//! - Results are sorted by path so output is stable across runs.

use std::path::{Path, PathBuf};

use gix::bstr::{BStr, ByteSlice};
use gix::object::tree::diff::Change;

use super::error::{SourceError, SourceErrorKind};
use super::{BlobId, ChangeKind, ChangedFile, DeletedFile, PathFilter, RepoFile, RevFile};

/// An open repository (bare or with a worktree).
pub struct GitRepo {
    pub(super) repo: gix::Repository,
}

/// Applied to every open: the one override DEPENDENCIES.md measured as the
/// difference between 7.5 s and 0.8 s for a 20,000-commit walk. Each
/// thread's handle has its own cache, so the size is paid per thread:
/// benches/history.sh measured 16m as fast as 96m (see the README).
const CONFIG_OVERRIDES: [&str; 1] = ["core.deltaBaseCacheLimit=16m"];

/// Object cache of the handle [`GitRepo::open`] returns (snapshots,
/// ranges, revision lookups). Kept small on purpose: every cache insert is
/// a copy. History walks and [`GitRepo::map_blobs`] use handles without
/// one: the walk keeps the trees it needs itself (see `treediff`), and
/// each blob is read once.
const OBJECT_CACHE_BYTES: usize = 1024 * 1024;

/// [`CONFIG_OVERRIDES`], plus the index git told us to use.
///
/// Isolation also hides `GIT_INDEX_FILE`, but git sets it for hooks: during
/// `git commit -a` or `git commit PATH` the pre-commit hook must read the
/// temporary index being committed, not `.git/index`. It is honoured here,
/// anchored to the current directory as git does.
fn overrides() -> Vec<gix::bstr::BString> {
    let mut out: Vec<gix::bstr::BString> = CONFIG_OVERRIDES.iter().map(|s| (*s).into()).collect();
    if let Some(index) = std::env::var_os("GIT_INDEX_FILE").filter(|v| !v.is_empty()) {
        let index = PathBuf::from(index);
        let absolute = match std::env::current_dir() {
            Ok(cwd) if index.is_relative() => cwd.join(index),
            _ => index,
        };
        // Only fails for paths a platform cannot spell as bytes; git
        // could not have named such an index either.
        if let Ok(path) = gix::path::into_bstr(absolute) {
            let mut value: gix::bstr::BString = "gitoxide.core.indexFile=".into();
            value.extend_from_slice(&path);
            out.push(value);
        }
    }
    out
}

impl GitRepo {
    /// Where git looks for hooks: `core.hooksPath` when the repository sets
    /// it (relative to the work tree, as git reads it), else the common
    /// git directory's `hooks/` (shared by linked worktrees).
    pub fn hooks_dir(&self) -> PathBuf {
        let configured = self
            .repo
            .config_snapshot()
            .trusted_path("core.hooksPath")
            .ok()
            .flatten();
        match configured {
            Some(path) if path.is_absolute() => path,
            Some(path) => self
                .repo
                .workdir()
                .unwrap_or(self.repo.git_dir())
                .join(path),
            None => self.repo.common_dir().join("hooks"),
        }
    }

    /// `path = None` discovers the repository from the current directory
    /// upwards; `Some(p)` opens `p` (a worktree, its `.git`, or a bare
    /// repository).
    pub fn open(path: Option<&Path>) -> Result<GitRepo, SourceError> {
        let options = gix::open::Options::isolated().config_overrides(overrides());
        let opened = match path {
            Some(p) => gix::open_opts(p, options).map_err(|e| (p.to_path_buf(), e)),
            None => {
                let cwd = std::env::current_dir().map_err(|e| {
                    SourceError::new(
                        SourceErrorKind::NotARepository,
                        format!("not a git repository: cannot read the current directory ({e})"),
                    )
                })?;
                // Honour GIT_DIR / GIT_WORK_TREE as git does (git exports
                // them to hooks; a dotfiles setup uses them instead of a
                // `.git` above the current directory).
                let trust = gix::sec::trust::Mapping {
                    full: options.clone(),
                    reduced: options,
                };
                gix::ThreadSafeRepository::discover_with_environment_overrides_opts(
                    &cwd,
                    Default::default(),
                    trust,
                )
                .map(gix::Repository::from)
                .map_err(|e| (cwd, e))
            }
        };
        let mut repo = opened.map_err(|(p, e): (PathBuf, gix::Error)| {
            SourceError::new(
                SourceErrorKind::NotARepository,
                format!("not a git repository: {}", p.display()),
            )
            .with_cause(&e)
        })?;
        repo.object_cache_size_if_unset(OBJECT_CACHE_BYTES);
        Ok(GitRepo { repo })
    }

    /// The working tree, `None` for a bare repository.
    pub fn workdir(&self) -> Option<&Path> {
        self.repo.workdir()
    }

    /// True when the repository is a shallow clone (history is cut off).
    pub fn is_shallow(&self) -> bool {
        // An unreadable shallow file means we cannot promise full history.
        self.repo.is_shallow().unwrap_or(true)
    }

    /// Every candidate file in the tree of `rev` (any rev spec: branch,
    /// tag, `HEAD~3`, commit id, or a tree id).
    pub fn files_at_rev(
        &self,
        rev: &str,
        filter: &PathFilter,
    ) -> Result<Vec<RepoFile>, SourceError> {
        let tree = self.tree_of(rev)?;
        let entries = tree
            .traverse()
            .breadthfirst
            .files()
            .map_err(|e| SourceError::corrupt(format!("in the tree of `{rev}`"), &e))?;
        self.read_candidates(
            entries
                .into_iter()
                .filter(|entry| entry.mode.is_blob())
                .map(|entry| (path_string(entry.filepath.as_bstr()), entry.oid)),
            filter,
        )
    }

    /// The blobs of `(path, id)` entries whose path `filter` accepts,
    /// sorted by path: what a revision or the index holds for the run.
    fn read_candidates(
        &self,
        entries: impl Iterator<Item = (String, gix::ObjectId)>,
        filter: &PathFilter,
    ) -> Result<Vec<RepoFile>, SourceError> {
        let mut out = Vec::new();
        for (path, id) in entries.filter(|(path, _)| filter.accepts(path)) {
            let bytes = self.blob_bytes(id)?;
            out.push(RepoFile { path, bytes });
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// One file of the tree of `rev` (a repository path), for the
    /// configuration and rule pack of that revision: `None` when absent;
    /// [`RevFile::NotRegular`] for a symlink, directory or submodule (never
    /// followed); [`RevFile::TooLarge`] when the blob is over `limit` bytes
    /// (its size is read from the object header, the blob is not loaded).
    pub fn file_at_rev(
        &self,
        rev: &str,
        path: &str,
        limit: u64,
    ) -> Result<Option<RevFile>, SourceError> {
        let tree = self.tree_of(rev)?;
        let entry = tree
            .lookup_entry(path.split('/').map(|c| c.as_bytes()))
            .map_err(|e| SourceError::corrupt(format!("in the tree of `{rev}`"), &e))?;
        let Some(entry) = entry else {
            return Ok(None);
        };
        if !entry.mode().is_blob() {
            return Ok(Some(RevFile::NotRegular));
        }
        let id = entry.object_id();
        self.limited_blob(id, limit).map(Some)
    }

    /// A blob's bytes, or [`RevFile::TooLarge`] when its header says it is
    /// over `limit` (then it is not loaded).
    fn limited_blob(&self, id: gix::ObjectId, limit: u64) -> Result<RevFile, SourceError> {
        let size = self
            .repo
            .find_header(id)
            .map_err(|e| SourceError::corrupt(id, &e))?
            .size();
        if size > limit {
            return Ok(RevFile::TooLarge(size));
        }
        Ok(RevFile::Blob(self.blob_bytes(id)?))
    }

    /// One file as staged in the index (what `git show :PATH` prints), for
    /// the configuration and rule pack of a `--staged` run; the same
    /// answers as [`file_at_rev`](Self::file_at_rev). A conflicted path
    /// has no staged version and is absent.
    pub fn file_in_index(&self, path: &str, limit: u64) -> Result<Option<RevFile>, SourceError> {
        let index = self.repo.index_or_empty().map_err(|e| {
            SourceError::explained(SourceErrorKind::Index, "cannot read the index", &e)
        })?;
        let Some(entry) = index.entry_by_path_and_stage(
            path.as_bytes().as_bstr(),
            gix::index::entry::Stage::Unconflicted,
        ) else {
            return Ok(None);
        };
        if entry
            .flags
            .contains(gix::index::entry::Flags::INTENT_TO_ADD)
        {
            return Ok(None);
        }
        if entry.mode != gix::index::entry::Mode::FILE
            && entry.mode != gix::index::entry::Mode::FILE_EXECUTABLE
        {
            return Ok(Some(RevFile::NotRegular));
        }
        self.limited_blob(entry.id, limit).map(Some)
    }

    /// Candidate blobs as staged in the index: what `git commit` would
    /// record, not the working tree. Inside a git hook this is the index
    /// named by `GIT_INDEX_FILE`. Conflicted paths (stages 1-3) have no
    /// staged version yet and are skipped, as are `git add -N` entries.
    pub fn staged_files(&self, filter: &PathFilter) -> Result<Vec<RepoFile>, SourceError> {
        let index = self.repo.index_or_empty().map_err(|e| {
            SourceError::explained(SourceErrorKind::Index, "cannot read the index", &e)
        })?;
        let staged = index.entries().iter().filter(|entry| {
            let is_file = entry.mode == gix::index::entry::Mode::FILE
                || entry.mode == gix::index::entry::Mode::FILE_EXECUTABLE;
            is_file
                && entry.stage() == gix::index::entry::Stage::Unconflicted
                && !entry
                    .flags
                    .contains(gix::index::entry::Flags::INTENT_TO_ADD)
        });
        self.read_candidates(
            staged.map(|entry| (path_string(entry.path(&index)), entry.id)),
            filter,
        )
    }

    /// Candidate files that `base..head` adds, modifies or renames: the
    /// diff from merge-base(base, head) to head with rename tracking on,
    /// like `git diff base...head`. Deletions are left out (see
    /// [`range_diff`](Self::range_diff)).
    /// Renames carry the base version found at the old path.
    pub fn range_changes(
        &self,
        base: &str,
        head: &str,
        filter: &PathFilter,
    ) -> Result<Vec<ChangedFile>, SourceError> {
        Ok(self.range_diff(base, head, true, filter)?.0)
    }

    /// The candidate files a range adds, modifies, renames and deletes (or
    /// moves out of the candidates, e.g. into `book/`), as `git diff`
    /// compares them: from merge-base(base, head) when `from_merge_base`
    /// (`base...head`, what a pull request changes), else from `base`
    /// itself (`base..head`). Deletions are sorted by path, so a pull
    /// request that deletes a write-up can say so.
    pub fn range_diff(
        &self,
        base: &str,
        head: &str,
        from_merge_base: bool,
        filter: &PathFilter,
    ) -> Result<(Vec<ChangedFile>, Vec<DeletedFile>), SourceError> {
        let base_id = self.commit_id(base)?;
        let head_id = self.commit_id(head)?;
        let old_id = if from_merge_base {
            self.merge_base_of(base, head, base_id, head_id)?
        } else {
            base_id
        };
        self.changes_between(old_id, head_id, base, head, filter)
    }

    fn merge_base_of(
        &self,
        base: &str,
        head: &str,
        base_id: gix::ObjectId,
        head_id: gix::ObjectId,
    ) -> Result<gix::ObjectId, SourceError> {
        let merge_base = self
            .repo
            .merge_base(base_id, head_id)
            .map_err(|e| {
                SourceError::explained(
                    SourceErrorKind::BadRevision,
                    format!("bad revision range `{base}..{head}`"),
                    &e,
                )
            })?
            .ok_or_else(|| {
                SourceError::new(
                    SourceErrorKind::BadRevision,
                    format!("bad revision range `{base}..{head}`: the two have no common ancestor"),
                )
            })?;
        Ok(merge_base.detach())
    }

    fn changes_between(
        &self,
        old_id: gix::ObjectId,
        head_id: gix::ObjectId,
        base: &str,
        head: &str,
        filter: &PathFilter,
    ) -> Result<(Vec<ChangedFile>, Vec<DeletedFile>), SourceError> {
        let old_tree = self.commit_tree(old_id)?;
        let new_tree = self.commit_tree(head_id)?;

        // Blobs are read after the diff because the callback cannot return
        // our error type.
        let mut picked: Vec<Picked> = Vec::new();
        let mut deleted: Vec<(String, gix::ObjectId)> = Vec::new();
        let mut platform = old_tree
            .changes()
            .map_err(|e| SourceError::corrupt(format!("in `{base}..{head}`"), &e))?;
        platform.options(|o| {
            o.track_path()
                .track_rewrites(Some(super::history::rewrites()));
        });
        platform
            .for_each_to_obtain_tree(&new_tree, |change| {
                if let Some(gone) = deletion(&change, filter) {
                    deleted.push(gone);
                }
                if let Some(p) = Picked::from_change(change) {
                    picked.push(p);
                }
                Ok(std::ops::ControlFlow::Continue(()))
            })
            .map_err(|e| SourceError::corrupt(format!("while diffing `{base}..{head}`"), &e))?;

        let mut out = Vec::new();
        for Picked {
            kind,
            path,
            old_path,
            new_id,
            old_id,
        } in picked
        {
            if !filter.accepts(&path) {
                continue;
            }
            let new_bytes = self.blob_bytes(new_id)?;
            let old_bytes = old_id.map(|id| self.blob_bytes(id)).transpose()?;
            out.push(ChangedFile {
                kind,
                path,
                old_path,
                new_bytes,
                old_bytes,
            });
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        let mut gone = Vec::with_capacity(deleted.len());
        for (path, id) in deleted {
            let old_bytes = self.blob_bytes(id)?;
            gone.push(DeletedFile { path, old_bytes });
        }
        gone.sort_by(|a, b| a.path.cmp(&b.path));
        Ok((out, gone))
    }

    /// Contents of a blob named by a history [`Version`](super::Version).
    pub fn read_blob(&self, id: &BlobId) -> Result<Vec<u8>, SourceError> {
        self.blob_bytes(id.0)
    }

    /// Read many blobs on all cores and hand each to `work` on the thread
    /// that read it, results in the order of `ids`. A gix handle is not
    /// shared across threads, so each rayon thread opens its own from a
    /// thread-safe copy (cheap: the object store is shared). Reading and
    /// working in one pass keeps both cores busy and no blob is held longer
    /// than its work takes.
    pub fn map_blobs<T, F>(&self, ids: &[BlobId], work: F) -> Vec<T>
    where
        T: Send,
        F: Fn(&BlobId, Result<Vec<u8>, SourceError>) -> T + Sync,
    {
        use rayon::prelude::*;
        let shared = self.repo.clone().into_sync();
        // Read in pack order: a delta's base sits just before it, so it is
        // still in the delta-base cache instead of being inflated again.
        // Results go back to the caller's order.
        let mut order: Vec<usize> = (0..ids.len()).collect();
        let positions = self.pack_positions(ids);
        order.sort_by_key(|&i| positions[i]);
        let mut results: Vec<(usize, T)> = order
            .par_iter()
            .map_init(
                // No object cache: each blob is read once, and every cache
                // insert is a copy of it.
                || GitRepo {
                    repo: shared.to_thread_local(),
                },
                |repo, &i| (i, work(&ids[i], repo.blob_bytes(ids[i].0))),
            )
            .collect();
        results.sort_unstable_by_key(|(i, _)| *i);
        results.into_iter().map(|(_, t)| t).collect()
    }

    /// `(pack number, offset)` of each object in the repository's own packs
    /// (packs in file-name order); loose objects and objects only found
    /// through alternates sort last. Index files that cannot be read only
    /// cost the ordering, never the read.
    fn pack_positions(&self, ids: &[BlobId]) -> Vec<(usize, u64)> {
        let mut positions = vec![(usize::MAX, 0); ids.len()];
        let pack_dir = self.repo.objects.store_ref().path().join("pack");
        let Ok(entries) = std::fs::read_dir(&pack_dir) else {
            return positions;
        };
        let mut indices: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "idx"))
            .collect();
        indices.sort();
        for (pack, path) in indices.iter().enumerate() {
            let Ok(index) = gix::odb::pack::index::File::at(path, self.repo.object_hash()) else {
                continue;
            };
            for (slot, id) in positions.iter_mut().zip(ids) {
                if slot.0 == usize::MAX {
                    if let Some(entry) = index.lookup(id.0) {
                        *slot = (pack, index.pack_offset_at_index(entry));
                    }
                }
            }
        }
        positions
    }

    pub(super) fn blob_bytes(&self, id: gix::ObjectId) -> Result<Vec<u8>, SourceError> {
        match self.repo.find_blob(id) {
            Ok(mut blob) => Ok(blob.take_data()),
            Err(e) => Err(SourceError::corrupt(id, &e)),
        }
    }

    fn resolve(&self, rev: &str) -> Result<gix::Id<'_>, SourceError> {
        self.repo.rev_parse_single(rev).map_err(|e| {
            // Resolving reads objects (peeling, `~n`), so a damaged
            // repository shows up here first; do not blame the user's rev.
            if e.is_corrupted() {
                SourceError::corrupt(format!("reached from `{rev}`"), &e)
            } else {
                SourceError::explained(
                    SourceErrorKind::BadRevision,
                    format!("bad revision `{rev}`"),
                    &e,
                )
            }
        })
    }

    /// The commit `rev` names (tags peeled).
    pub(super) fn commit_id(&self, rev: &str) -> Result<gix::ObjectId, SourceError> {
        let id = self.resolve(rev)?;
        let object = id.object().map_err(|e| SourceError::corrupt(id, &e))?;
        let commit = object.peel_to_commit().map_err(|e| {
            SourceError::explained(
                SourceErrorKind::BadRevision,
                format!("bad revision `{rev}`: does not name a commit"),
                &e,
            )
        })?;
        Ok(commit.id)
    }

    /// The tree `rev` names: a commit's tree, a tag's target, or a tree.
    fn tree_of(&self, rev: &str) -> Result<gix::Tree<'_>, SourceError> {
        let id = self.resolve(rev)?;
        let object = id.object().map_err(|e| SourceError::corrupt(id, &e))?;
        object.peel_to_tree().map_err(|e| {
            SourceError::explained(
                SourceErrorKind::BadRevision,
                format!("bad revision `{rev}`: does not name a commit or tree"),
                &e,
            )
        })
    }

    pub(super) fn commit_tree(&self, commit: gix::ObjectId) -> Result<gix::Tree<'_>, SourceError> {
        let commit = self
            .repo
            .find_commit(commit)
            .map_err(|e| SourceError::corrupt(commit, &e))?;
        let tree_id = commit
            .tree_id()
            .map_err(|e| SourceError::corrupt(commit.id, &e))?;
        self.repo
            .find_tree(tree_id)
            .map_err(|e| SourceError::corrupt(tree_id, &e))
    }
}

/// A candidate file the change removes from the candidates: deleted, or
/// renamed to a path that is not one (or into a non-file).
fn deletion(change: &Change<'_, '_, '_>, filter: &PathFilter) -> Option<(String, gix::ObjectId)> {
    match change {
        Change::Deletion {
            location,
            entry_mode,
            id,
            ..
        } if entry_mode.is_blob() => {
            let path = path_string(location);
            filter.accepts(&path).then(|| (path, id.detach()))
        }
        Change::Rewrite {
            source_location,
            source_entry_mode,
            source_id,
            location,
            entry_mode,
            copy: false,
            ..
        } if source_entry_mode.is_blob() => {
            let from = path_string(source_location);
            let kept = entry_mode.is_blob() && filter.accepts(&path_string(location));
            (filter.accepts(&from) && !kept).then(|| (from, source_id.detach()))
        }
        _ => None,
    }
}

/// A change of a range worth reporting, before its blobs are read.
struct Picked {
    kind: ChangeKind,
    path: String,
    old_path: Option<String>,
    new_id: gix::ObjectId,
    old_id: Option<gix::ObjectId>,
}

impl Picked {
    /// Deletions, trees, symlinks and gitlinks are not reported; a
    /// mode-only change (the executable bit) has no new text to lint.
    fn from_change(change: Change<'_, '_, '_>) -> Option<Picked> {
        let picked =
            |kind, location: &BStr, old_path, new_id: gix::Id<'_>, old_id: Option<gix::Id<'_>>| {
                Picked {
                    kind,
                    path: path_string(location),
                    old_path,
                    new_id: new_id.detach(),
                    old_id: old_id.map(gix::Id::detach),
                }
            };
        match change {
            Change::Addition {
                location,
                entry_mode,
                id,
                ..
            } if entry_mode.is_blob() => Some(picked(ChangeKind::Added, location, None, id, None)),
            Change::Modification {
                location,
                previous_entry_mode,
                previous_id,
                entry_mode,
                id,
            } if entry_mode.is_blob() => {
                if !previous_entry_mode.is_blob() {
                    // A symlink turned into a file has no old text.
                    Some(picked(ChangeKind::Added, location, None, id, None))
                } else if previous_id != id {
                    Some(picked(
                        ChangeKind::Modified,
                        location,
                        None,
                        id,
                        Some(previous_id),
                    ))
                } else {
                    None
                }
            }
            Change::Rewrite {
                source_location,
                source_entry_mode,
                source_id,
                location,
                entry_mode,
                id,
                copy,
                ..
            } if entry_mode.is_blob() => {
                if copy || !source_entry_mode.is_blob() {
                    // A copy leaves its source in place: the file is new.
                    Some(picked(ChangeKind::Added, location, None, id, None))
                } else {
                    let from = Some(path_string(source_location));
                    Some(picked(
                        ChangeKind::Renamed,
                        location,
                        from,
                        id,
                        Some(source_id),
                    ))
                }
            }
            _ => None,
        }
    }
}

/// Git paths are bytes; the rest of the crate wants text. Lossy is fine
/// because the path is only shown and matched, never used to read back.
pub(super) fn path_string(path: &BStr) -> String {
    match path.to_str() {
        Ok(s) => s.to_owned(),
        Err(_) => path.to_str_lossy().into_owned(),
    }
}
