//! The fix engine: apply fixes to a text, write the result back safely, and
//! show it as a diff.
//!
//! Invariants:
//! - [`apply`] never changes a byte outside the ranges of the edits it
//!   accepts, and the result depends only on the *set* of fixes, not on the
//!   order they arrive in (rules run in parallel): fixes are considered in
//!   text order, and accepted edits never share a start, so sorting them by
//!   start is a total order.
//! - Two fixes that overlap are never both applied. The later one is skipped
//!   and reported; re-linting the fixed text finds it again, possibly
//!   reshaped, and the next pass applies it ([`fix_until_stable`]), as ruff
//!   does.
//! - `DisplayOnly` fixes are never applied; `Unsafe` ones only with
//!   `allow_unsafe`. A fix whose edits are out of range, split a UTF-8
//!   character or overlap each other is skipped as invalid, never "repaired".
//! - [`write_atomic`] never leaves a half-written file: the new text goes to
//!   a temporary file in the same directory, which is synced and renamed over
//!   the original; and it refuses to overwrite a file that changed since it
//!   was read.
//! - It never writes what the user did not hand it as a plain file: a
//!   symlink is not followed (the directory walk skips them too, so both
//!   ways of naming files agree), a read-only file is not replaced, and a
//!   file with other hard links is not split from them unless
//!   [`WriteOptions::allow_hard_links`] says so. The new file keeps the
//!   old one's mode and, where the process may set it, its owner and group.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Applicability, Edit, Fix};

/// What [`apply`] did. Indices refer to the position of each fix in the
/// iterator passed to `apply`; every fix appears in exactly one list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// The text with the accepted fixes applied.
    pub text: String,
    /// Fixes whose edits are in `text`.
    pub applied: Vec<usize>,
    /// Fixes that overlap an applied one; a later pass may apply them.
    pub skipped_overlapping: Vec<usize>,
    /// `Unsafe` fixes, skipped because `allow_unsafe` was false.
    pub skipped_unsafe: Vec<usize>,
    /// `DisplayOnly` fixes: shown to people, never applied.
    pub display_only: Vec<usize>,
    /// Fixes with no edits, an edit outside the text or not on character
    /// boundaries, or edits that overlap each other.
    pub skipped_invalid: Vec<usize>,
}

/// Apply every applicable fix that does not overlap an earlier one.
pub fn apply<'a>(
    text: &str,
    fixes: impl IntoIterator<Item = &'a Fix>,
    allow_unsafe: bool,
) -> Applied {
    let mut result = Applied::default();
    let mut candidates: Vec<(usize, &Fix, Vec<&Edit>)> = Vec::new();
    for (index, fix) in fixes.into_iter().enumerate() {
        match fix.applicability {
            Applicability::DisplayOnly => result.display_only.push(index),
            Applicability::Unsafe if !allow_unsafe => result.skipped_unsafe.push(index),
            Applicability::Safe | Applicability::Unsafe => match valid_edits(text, fix) {
                Some(edits) => candidates.push((index, fix, edits)),
                None => result.skipped_invalid.push(index),
            },
        }
    }

    // A total order on the fixes' content, so that the same set of fixes
    // always yields the same choice; the input index only breaks ties
    // between equal fixes, which are interchangeable.
    candidates.sort_by(|(ia, a, ea), (ib, b, eb)| {
        let key = |edits: &Vec<&Edit>| (edits[0].range.start, edits[edits.len() - 1].range.end);
        key(ea)
            .cmp(&key(eb))
            .then_with(|| edit_keys(ea).cmp(&edit_keys(eb)))
            // Same edits: prefer the safe one, so the report says so.
            .then_with(|| b.applicability.cmp(&a.applicability))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| ia.cmp(ib))
    });

    // Accepted edits by start. They never conflict with each other, so in
    // start order their ends never decrease either: the edits that can
    // conflict with a new one are the few just before its end, found by a
    // range query and a short walk back, not by comparing with every
    // accepted edit (quadratic with many fixes).
    let mut accepted: BTreeMap<usize, &Edit> = BTreeMap::new();
    for (index, _, edits) in candidates {
        let clashes = edits.iter().any(|edit| {
            accepted
                .range(..=edit.range.end)
                .rev()
                .take_while(|(_, other)| other.range.end >= edit.range.start)
                .any(|(_, other)| conflicts(&edit.range, &other.range))
        });
        if clashes {
            result.skipped_overlapping.push(index);
            continue;
        }
        for edit in edits {
            accepted.insert(edit.range.start, edit);
        }
        result.applied.push(index);
    }
    result.applied.sort_unstable();
    result.skipped_overlapping.sort_unstable();

    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for edit in accepted.into_values() {
        out.push_str(&text[cursor..edit.range.start]);
        out.push_str(&edit.replacement);
        cursor = edit.range.end;
    }
    out.push_str(&text[cursor..]);
    result.text = out;
    result
}

fn edit_keys<'e>(edits: &[&'e Edit]) -> Vec<(usize, usize, &'e str)> {
    edits
        .iter()
        .map(|edit| (edit.range.start, edit.range.end, edit.replacement.as_str()))
        .collect()
}

/// The fix's edits sorted by start, or `None` when the fix is unusable.
fn valid_edits<'f>(text: &str, fix: &'f Fix) -> Option<Vec<&'f Edit>> {
    if fix.edits.is_empty() {
        return None;
    }
    let mut edits: Vec<&Edit> = fix.edits.iter().collect();
    for edit in &edits {
        let Range { start, end } = edit.range;
        if start > end
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            return None;
        }
    }
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    for pair in edits.windows(2) {
        if conflicts(&pair[0].range, &pair[1].range) {
            return None;
        }
    }
    Some(edits)
}

/// Whether two edits cannot both be applied with one obvious result.
///
/// Overlapping ranges conflict. Ranges that only touch are fine when both
/// replace something (`[2,4)` then `[4,6)`), but an insertion (empty range)
/// at the boundary of another edit has no obvious order relative to it, so
/// that conflicts too; so do two insertions at the same place.
fn conflicts(a: &Range<usize>, b: &Range<usize>) -> bool {
    if a.start < b.end && b.start < a.end {
        return true;
    }
    let touching = a.start <= b.end && b.start <= a.end;
    touching && (a.is_empty() || b.is_empty())
}

/// The outcome of [`fix_until_stable`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixLoop {
    pub text: String,
    /// Fixes applied over all passes.
    pub applied: usize,
    /// Passes that applied at least one fix.
    pub passes: usize,
    /// False when `max_passes` ran out while fixes were still being applied
    /// (fixes that undo each other, typically a rule bug).
    pub converged: bool,
}

/// Lint, apply, and lint again until no fix applies or `max_passes` passes
/// have applied something. `lint` returns the fixes offered for a text.
pub fn fix_until_stable<F>(
    text: &str,
    allow_unsafe: bool,
    max_passes: usize,
    mut lint: F,
) -> FixLoop
where
    F: FnMut(&str) -> Vec<Fix>,
{
    let mut current = text.to_string();
    let mut applied = 0;
    let mut passes = 0;
    loop {
        let fixes = lint(&current);
        let outcome = apply(&current, &fixes, allow_unsafe);
        if outcome.applied.is_empty() {
            return FixLoop {
                text: current,
                applied,
                passes,
                converged: true,
            };
        }
        if passes == max_passes {
            return FixLoop {
                text: current,
                applied,
                passes,
                converged: false,
            };
        }
        applied += outcome.applied.len();
        passes += 1;
        current = outcome.text;
    }
}

/// Why a fixed file could not be written.
#[derive(Debug)]
pub enum FixError {
    /// The file on disk is not what was linted; writing would lose the
    /// other change.
    Changed { path: PathBuf },
    /// The path is a symbolic link: not followed, like in directory walks.
    Symlink { path: PathBuf },
    /// The file has no write permission: the user protected it.
    ReadOnly { path: PathBuf },
    /// The file has `links` hard links; replacing it would split them.
    HardLinked { path: PathBuf, links: u64 },
    /// Not a regular file (a FIFO, a device): never replaced.
    NotAFile { path: PathBuf },
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
}

impl FixError {
    /// Whether this is a file deliberately left alone (a note for the user)
    /// rather than a failure: only symlinks, which walks skip anyway.
    pub fn is_skip(&self) -> bool {
        matches!(self, FixError::Symlink { .. })
    }
}

impl fmt::Display for FixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |path: &Path| crate::terminal::escape(&path.to_string_lossy()).into_owned();
        match self {
            FixError::Changed { path } => {
                write!(
                    f,
                    "{}: changed on disk since it was read; not fixed",
                    shown(path)
                )
            }
            FixError::Symlink { path } => write!(
                f,
                "{}: is a symbolic link; not fixed (jobmark does not write through links; name the file it points to)",
                shown(path)
            ),
            FixError::ReadOnly { path } => {
                write!(f, "{}: is read-only; not fixed", shown(path))
            }
            FixError::HardLinked { path, links } => write!(
                f,
                "{}: has {links} hard links; not fixed, since writing would split them (pass --allow-hard-links to fix it anyway)",
                shown(path)
            ),
            FixError::NotAFile { path } => {
                write!(f, "{}: is not a regular file; not fixed", shown(path))
            }
            FixError::Io {
                path,
                action,
                source,
            } => write!(f, "{}: cannot {action}: {source}", shown(path)),
        }
    }
}

impl std::error::Error for FixError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FixError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// What [`write_atomic_with`] may do beyond the safe default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Replace a file that has other hard links (they keep the old text).
    pub allow_hard_links: bool,
}

/// [`write_atomic_with`] with the default, safe options.
pub fn write_atomic(path: &Path, original: &[u8], new_text: &str) -> Result<(), FixError> {
    write_atomic_with(path, original, new_text, WriteOptions::default())
}

/// Replace the file at `path` with `new_text`, atomically, provided it still
/// holds `original` (the bytes that were linted).
///
/// Refused, with the reason: a symlink, a file that is not regular, a
/// read-only file, a file with other hard links (unless allowed). The
/// temporary file gets the original's permissions, and its owner and group
/// where the process may set them (root may; others may keep the group).
///
/// The check and the rename are not one atomic step: an editor writing in
/// the instant between them still loses. That window is microseconds; the
/// check exists for the common case of a file edited while a slow run went
/// on.
pub fn write_atomic_with(
    path: &Path,
    original: &[u8],
    new_text: &str,
    options: WriteOptions,
) -> Result<(), FixError> {
    let io_error = |action: &'static str| {
        move |source| FixError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    };
    let owned = || path.to_path_buf();
    let metadata = fs::symlink_metadata(path).map_err(io_error("read the file's metadata"))?;
    if metadata.file_type().is_symlink() {
        return Err(FixError::Symlink { path: owned() });
    }
    if !metadata.is_file() {
        return Err(FixError::NotAFile { path: owned() });
    }
    if is_read_only(path, &metadata) {
        return Err(FixError::ReadOnly { path: owned() });
    }
    let links = hard_links(&metadata);
    if links > 1 && !options.allow_hard_links {
        return Err(FixError::HardLinked {
            path: owned(),
            links,
        });
    }
    let current = fs::read(path).map_err(io_error("re-read the file"))?;
    if current != original {
        return Err(FixError::Changed { path: owned() });
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Dropping `temp` on any error below deletes the temporary file.
    let mut temp =
        tempfile::NamedTempFile::new_in(&dir).map_err(io_error("create a temporary file"))?;
    temp.write_all(new_text.as_bytes())
        .map_err(io_error("write the temporary file"))?;
    keep_owner(temp.as_file(), &metadata).map_err(io_error("keep the file's owner"))?;
    temp.as_file()
        .set_permissions(metadata.permissions())
        .map_err(io_error("set permissions"))?;
    temp.as_file()
        .sync_all()
        .map_err(io_error("sync the temporary file"))?;
    temp.persist(path).map_err(|error| FixError::Io {
        path: owned(),
        action: "replace the file",
        source: error.error,
    })?;
    // Make the rename itself durable. Best effort: not every platform or
    // file system can sync a directory, and the data is already safe.
    #[cfg(unix)]
    if let Ok(dir) = fs::File::open(&dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// No write bit at all (a protected file, even for root), or not writable
/// by this process.
fn is_read_only(path: &Path, metadata: &fs::Metadata) -> bool {
    metadata.permissions().readonly() || fs::OpenOptions::new().write(true).open(path).is_err()
}

#[cfg(unix)]
fn hard_links(metadata: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    metadata.nlink()
}

#[cfg(not(unix))]
fn hard_links(_metadata: &fs::Metadata) -> u64 {
    1
}

/// Give the new file the old one's owner and group. Changing the owner
/// needs root; changing the group needs membership: what the process may
/// not do is skipped (the file then belongs to the writer, as before).
#[cfg(unix)]
fn keep_owner(file: &fs::File, original: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let new = file.metadata()?;
    if new.uid() == original.uid() && new.gid() == original.gid() {
        return Ok(());
    }
    let attempts = [
        (Some(original.uid()), Some(original.gid())),
        (None, Some(original.gid())),
    ];
    for (uid, gid) in attempts {
        match std::os::unix::fs::fchown(file, uid, gid) {
            Ok(()) => return Ok(()),
            Err(error) if error.kind() == io::ErrorKind::PermissionDenied => continue,
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn keep_owner(_file: &fs::File, _original: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// A unified diff of one file for `--diff`, with `--- a/path` / `+++ b/path`
/// headers and three lines of context. Empty when nothing changed.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(range: Range<usize>, replacement: &str) -> Edit {
        Edit {
            range,
            replacement: replacement.to_string(),
        }
    }

    #[test]
    fn touching_replacements_both_apply_but_insertions_at_a_boundary_do_not() {
        let text = "abcdef";
        let a = Fix::safe("a", vec![edit(0..2, "X")]);
        let b = Fix::safe("b", vec![edit(2..4, "Y")]);
        let c = Fix::safe("c", vec![edit(4..4, "Z")]);
        let d = Fix::safe("d", vec![edit(2..4, "W")]);
        let applied = apply(text, [&a, &b, &c, &d], false);
        assert_eq!(applied.text, "XWef");
        assert_eq!(applied.applied, vec![0, 3]);
        assert_eq!(applied.skipped_overlapping, vec![1, 2]);
    }

    #[test]
    fn applicability_and_invalid_fixes() {
        let text = "a📜b";
        let unsafe_fix = Fix::unsafe_("u", vec![edit(0..1, "A")]);
        let display = Fix {
            title: "d".into(),
            applicability: Applicability::DisplayOnly,
            edits: vec![edit(5..6, "B")],
        };
        let mid_char = Fix::safe("m", vec![edit(2..3, "?")]);
        let past_end = Fix::safe("p", vec![edit(5..99, "?")]);
        let empty = Fix::safe("e", vec![]);
        let fixes = [unsafe_fix, display, mid_char, past_end, empty];
        let strict = apply(text, &fixes, false);
        assert_eq!(strict.text, text);
        assert_eq!(strict.skipped_unsafe, vec![0]);
        assert_eq!(strict.display_only, vec![1]);
        assert_eq!(strict.skipped_invalid, vec![2, 3, 4]);
        assert_eq!(apply(text, &fixes, true).text, "A📜b");
    }

    #[test]
    fn loop_applies_overlapping_fixes_in_later_passes() {
        // Each pass offers two overlapping "uppercase the first lowercase
        // letter" fixes; only one applies per pass.
        let outcome = fix_until_stable("abc", false, 10, |text| {
            let Some(at) = text.find(|c: char| c.is_ascii_lowercase()) else {
                return vec![];
            };
            let upper = text[at..at + 1].to_ascii_uppercase();
            vec![
                Fix::safe("one", vec![edit(at..at + 1, &upper)]),
                Fix::safe("two", vec![edit(at..at + 1, &upper)]),
            ]
        });
        assert_eq!(
            outcome,
            FixLoop {
                text: "ABC".into(),
                applied: 3,
                passes: 3,
                converged: true
            }
        );
    }

    #[test]
    fn loop_gives_up_on_fixes_that_undo_each_other() {
        let outcome = fix_until_stable("a", false, 5, |text| {
            let next = if text == "a" { "b" } else { "a" };
            vec![Fix::safe("flip", vec![edit(0..1, next)])]
        });
        assert!(!outcome.converged);
        assert_eq!(outcome.passes, 5);
    }

    #[test]
    fn diff_has_git_style_headers() {
        let diff = unified_diff("notes/a.md", "one\ntwo\n", "one\n2\n");
        assert_eq!(
            diff,
            "--- a/notes/a.md\n+++ b/notes/a.md\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n"
        );
        assert_eq!(unified_diff("x", "same", "same"), "");
    }
}
