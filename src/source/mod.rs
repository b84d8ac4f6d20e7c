//! Reading write-ups out of a git repository: the only module that knows gix.
//!
//! Everything the rest of the crate needs from git comes through [`GitRepo`]:
//! the files of a revision, the staged index, the changes of a range, and
//! the per-document history of a branch. The public types are plain owned
//! data (paths as `String`, contents as bytes) so no caller imports gix.
//!
//! Invariants:
//! - Paths are repo-relative and `/`-separated. Paths that are not UTF-8
//!   are converted lossily (U+FFFD) for display; contents are never decoded.
//! - Only regular blobs (mode 100644/100755) are candidates. Symlinks and
//!   submodule entries (gitlinks) are skipped, never read.
//! - Nothing here panics on repository content: every failure is a
//!   [`SourceError`] with a one-line reason.
//! - The repository is opened isolated: the user's global and system git
//!   config never change what is read (the repository's own config does).

mod error;
mod filter;
mod follow;
mod history;
mod repo;
mod similarity;
mod treediff;

pub use error::{SourceError, SourceErrorKind};
pub use filter::PathFilter;
pub use follow::FollowOptions;
pub use history::{CopiedFrom, DocumentHistory, History, HistoryChange, Version};
pub use repo::GitRepo;

use std::fmt;

/// One candidate file: its path and full contents at some point in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoFile {
    /// Repo-relative, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// One named file of a revision, as [`GitRepo::file_at_rev`] finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevFile {
    Blob(Vec<u8>),
    /// A symlink, tree or submodule: not read.
    NotRegular,
    /// A blob over the caller's limit, with its size: not read.
    TooLarge(u64),
}

/// How a file differs between the base and the head of a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Modified,
    Renamed,
}

/// A file that a range adds, modifies or renames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedFile {
    pub kind: ChangeKind,
    /// Path at the head of the range.
    pub path: String,
    /// Path at the base, set only for renames.
    pub old_path: Option<String>,
    pub new_bytes: Vec<u8>,
    /// Contents at the base (through the rename), `None` for additions.
    pub old_bytes: Option<Vec<u8>>,
}

/// A candidate file that a range deletes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedFile {
    /// Path at the base.
    pub path: String,
    /// Contents at the base, to tell a write-up from other Markdown.
    pub old_bytes: Vec<u8>,
}

/// The id of a blob, so history versions can be read lazily with
/// [`GitRepo::read_blob`] instead of holding every version in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobId(gix::ObjectId);

impl BlobId {
    /// The id a full hex object name spells (as `git rev-list --objects`
    /// prints it), `None` when it is not one.
    pub fn from_hex(hex: &str) -> Option<BlobId> {
        gix::ObjectId::from_hex(hex.as_bytes()).ok().map(BlobId)
    }

    /// Full lowercase hex.
    pub fn to_hex(&self) -> String {
        self.0.to_string()
    }
}

impl fmt::Display for BlobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}
