//! A tree diff that skips what two versions of a tree share.
//!
//! A history walk diffs every commit's root tree against its parent's; in
//! a repository of thousands of write-ups both trees hold thousands of
//! entries while a commit changes one or two. Git trees are sorted lists,
//! so the entries both trees share at the start and at the end are found
//! with two byte comparisons of the raw objects, and only the entries in
//! between are parsed and merged. Subtrees that differ are read and diffed
//! the same way.
//!
//! Invariants:
//! - Only blob changes are reported, as [`RawChanges`]; a path that turns
//!   from a file into a tree (or a symlink, or a submodule) is a deletion,
//!   the reverse an addition, exactly as git's diff reports them.
//! - A tree that does not parse (truncated entry, bad mode) is a corrupt
//!   object error, never a panic; an unsorted tree gives a wrong but finite
//!   diff (each entry is visited once).
//! - Entry boundaries of the newer tree are kept, so in a linear history
//!   each root tree is scanned once (as the new side, then reused as the
//!   old side).

use gix::bstr::{BString, ByteSlice};
use gix::objs::FindExt;

use super::error::SourceError;
use super::filter::PathFilter;
use super::follow::RawChanges;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Tree,
    Blob,
    /// Symlinks and submodules: never write-ups.
    Other,
}

/// One parsed entry: where its name and id sit in the tree buffer.
#[derive(Clone, Copy, Debug)]
struct Entry {
    kind: Kind,
    name: (usize, usize),
    id: usize,
}

/// Byte offsets where each entry of a tree starts, plus the end.
pub(super) fn entry_offsets(
    tree: &[u8],
    hash_len: usize,
    offsets: &mut Vec<usize>,
) -> Result<(), String> {
    offsets.clear();
    let mut at = 0;
    while at < tree.len() {
        offsets.push(at);
        let nul = memchr_nul(&tree[at..]).ok_or("tree entry without a name terminator")?;
        at = at + nul + 1 + hash_len;
        if at > tree.len() {
            return Err("tree entry cut short".into());
        }
    }
    offsets.push(tree.len());
    Ok(())
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.find_byte(0)
}

fn parse(tree: &[u8], start: usize, end: usize, hash_len: usize) -> Result<Entry, String> {
    let entry = &tree[start..end];
    let space = entry.find_byte(b' ').ok_or("tree entry without a mode")?;
    let nul = entry.find_byte(0).ok_or("tree entry without a name")?;
    if nul < space || end - start != nul + 1 + hash_len {
        return Err("malformed tree entry".into());
    }
    let kind = match &entry[..space] {
        b"40000" | b"040000" => Kind::Tree,
        b"100644" | b"100755" | b"100664" => Kind::Blob,
        b"120000" | b"160000" => Kind::Other,
        _ => return Err("tree entry with an unknown mode".into()),
    };
    Ok(Entry {
        kind,
        name: (start + space + 1, start + nul),
        id: start + nul + 1,
    })
}

/// git's order: a tree's name sorts as if it ended in `/`.
fn order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> std::cmp::Ordering {
    let common = a.len().min(b.len());
    match a[..common].cmp(&b[..common]) {
        std::cmp::Ordering::Equal => {}
        other => return other,
    }
    let next = |name: &[u8], tree: bool| -> u8 {
        match name.get(common) {
            Some(&c) => c,
            None if tree => b'/',
            None => 0,
        }
    };
    next(a, a_tree).cmp(&next(b, b_tree))
}

/// Everything needed while diffing one commit.
pub(super) struct TreeDiff<'a> {
    pub repo: &'a gix::Repository,
    pub filter: &'a PathFilter,
    pub hash_len: usize,
}

impl TreeDiff<'_> {
    fn id(&self, tree: &[u8], at: usize) -> gix::ObjectId {
        gix::ObjectId::from_bytes_or_panic(&tree[at..at + self.hash_len])
    }

    fn corrupt(&self, what: &str, reason: String) -> SourceError {
        SourceError::new(
            super::error::SourceErrorKind::CorruptObject,
            format!("corrupt object: tree {what}: {reason}"),
        )
    }

    /// Diff `old` against `new` (raw tree objects; `old_offsets` and
    /// `new_offsets` from [`entry_offsets`]), appending blob changes under
    /// `prefix` to `out`.
    pub fn diff(
        &self,
        old: &[u8],
        old_offsets: &[usize],
        new: &[u8],
        new_offsets: &[usize],
        prefix: &mut BString,
        out: &mut RawChanges,
    ) -> Result<(), SourceError> {
        // Shared leading entries: boundaries agree up to the first
        // differing byte.
        let same_head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        let mut i = old_offsets
            .partition_point(|&o| o <= same_head)
            .saturating_sub(1);
        let mut j = new_offsets
            .partition_point(|&o| o <= same_head)
            .saturating_sub(1);
        // Both lists start at the same entry boundary (same bytes before it).
        while old_offsets[i] != new_offsets[j] {
            if old_offsets[i] > new_offsets[j] {
                i -= 1;
            } else {
                j -= 1;
            }
        }
        // Shared trailing entries, the same way from the end.
        let limit = (old.len() - old_offsets[i]).min(new.len() - new_offsets[j]);
        let same_tail = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(limit)
            .take_while(|(a, b)| a == b)
            .count();
        let mut old_end = old_offsets.len() - 1;
        let mut new_end = new_offsets.len() - 1;
        while old_end > i
            && new_end > j
            && old.len() - old_offsets[old_end - 1] <= same_tail
            && new.len() - new_offsets[new_end - 1] <= same_tail
            && old.len() - old_offsets[old_end - 1] == new.len() - new_offsets[new_end - 1]
        {
            old_end -= 1;
            new_end -= 1;
        }

        let entry = |tree: &[u8], offsets: &[usize], k: usize, prefix: &BString| {
            parse(tree, offsets[k], offsets[k + 1], self.hash_len)
                .map_err(|e| self.corrupt(&format!("at `{}`", prefix.to_str_lossy()), e))
        };
        while i < old_end || j < new_end {
            let a = if i < old_end {
                Some(entry(old, old_offsets, i, prefix)?)
            } else {
                None
            };
            let b = if j < new_end {
                Some(entry(new, new_offsets, j, prefix)?)
            } else {
                None
            };
            let step = match (a, b) {
                (Some(a), Some(b)) => order(
                    &old[a.name.0..a.name.1],
                    a.kind == Kind::Tree,
                    &new[b.name.0..b.name.1],
                    b.kind == Kind::Tree,
                ),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            match step {
                std::cmp::Ordering::Less => {
                    let a = a.expect("old side present");
                    self.one_side(old, a, prefix, out, false)?;
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    let b = b.expect("new side present");
                    self.one_side(new, b, prefix, out, true)?;
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    let (a, b) = (a.expect("old"), b.expect("new"));
                    let (old_id, new_id) = (self.id(old, a.id), self.id(new, b.id));
                    if a.kind == b.kind && old_id == new_id {
                        // Same content (a mode-only change is not one here).
                    } else if a.kind == Kind::Tree && b.kind == Kind::Tree {
                        let len = prefix.len();
                        push_name(prefix, &old[a.name.0..a.name.1]);
                        let result = self.subtrees(Some(old_id), Some(new_id), prefix, out);
                        prefix.truncate(len);
                        result?;
                    } else if a.kind == Kind::Blob && b.kind == Kind::Blob {
                        let path = path_of(prefix, &new[b.name.0..b.name.1]);
                        if self.filter.accepts(&path.to_str_lossy()) {
                            out.modified.push((path, old_id, new_id));
                        }
                    } else {
                        self.one_side(old, a, prefix, out, false)?;
                        self.one_side(new, b, prefix, out, true)?;
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        Ok(())
    }

    /// An entry only one side has: a blob added or deleted, or a whole
    /// tree of them.
    fn one_side(
        &self,
        tree: &[u8],
        entry: Entry,
        prefix: &mut BString,
        out: &mut RawChanges,
        added: bool,
    ) -> Result<(), SourceError> {
        let id = self.id(tree, entry.id);
        let name = &tree[entry.name.0..entry.name.1];
        match entry.kind {
            Kind::Blob => {
                let path = path_of(prefix, name);
                if self.filter.accepts(&path.to_str_lossy()) {
                    if added {
                        out.added.push((path, id));
                    } else {
                        out.deleted.push((path, id));
                    }
                }
                Ok(())
            }
            Kind::Tree => {
                let len = prefix.len();
                push_name(prefix, name);
                let result = if added {
                    self.subtrees(None, Some(id), prefix, out)
                } else {
                    self.subtrees(Some(id), None, prefix, out)
                };
                prefix.truncate(len);
                result
            }
            Kind::Other => Ok(()),
        }
    }

    /// Read two subtrees (either may be absent: empty) and diff them.
    fn subtrees(
        &self,
        old: Option<gix::ObjectId>,
        new: Option<gix::ObjectId>,
        prefix: &mut BString,
        out: &mut RawChanges,
    ) -> Result<(), SourceError> {
        let mut old_buf = Vec::new();
        let mut new_buf = Vec::new();
        let read = |id: Option<gix::ObjectId>, buf: &mut Vec<u8>| -> Result<(), SourceError> {
            if let Some(id) = id {
                self.repo
                    .objects
                    .find_tree_iter(&id, buf)
                    .map_err(|e| SourceError::corrupt(id, &e))?;
            }
            Ok(())
        };
        read(old, &mut old_buf)?;
        read(new, &mut new_buf)?;
        let mut old_offsets = Vec::new();
        let mut new_offsets = Vec::new();
        let at = |id: Option<gix::ObjectId>| id.map_or_else(String::new, |id| id.to_string());
        entry_offsets(&old_buf, self.hash_len, &mut old_offsets)
            .map_err(|e| self.corrupt(&at(old), e))?;
        entry_offsets(&new_buf, self.hash_len, &mut new_offsets)
            .map_err(|e| self.corrupt(&at(new), e))?;
        self.diff(&old_buf, &old_offsets, &new_buf, &new_offsets, prefix, out)
    }
}

fn push_name(prefix: &mut BString, name: &[u8]) {
    prefix.extend_from_slice(name);
    prefix.push(b'/');
}

fn path_of(prefix: &BString, name: &[u8]) -> BString {
    let mut path = prefix.clone();
    path.extend_from_slice(name);
    path
}
