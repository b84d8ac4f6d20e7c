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
//! - Every tree read for one commit (root and subtrees, with their entry
//!   boundaries) is kept until the next commit is diffed and then dropped,
//!   so in a linear history each tree on a changed path is read and
//!   scanned once (as the new side, then reused as the old side), and the
//!   memory held is one commit's changed trees, never more.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

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

/// [`entry_offsets`] of `new`, a later version of the tree `old` (with
/// `old_offsets`) that shares `same_head` leading and `same_tail` trailing
/// bytes with it. Entry boundaries depend only on the bytes before them,
/// so the old boundaries inside the shared start are boundaries of `new`;
/// and once a boundary of `new` lands where the rest of `new` equals the
/// rest of `old` from an old boundary, every later boundary is that old
/// one shifted. Only the entries in between are scanned: a commit that
/// changes one entry of a 2,000-entry tree scans one or two entries, not
/// 2,000. Errors are those of a full scan (the parts taken from `old`
/// parsed there).
pub(super) fn entry_offsets_after(
    old: &[u8],
    old_offsets: &[usize],
    new: &[u8],
    (same_head, same_tail): (usize, usize),
    hash_len: usize,
    offsets: &mut Vec<usize>,
) -> Result<(), String> {
    offsets.clear();
    // `old_offsets[0] == 0`, so at least one boundary is known.
    let known = old_offsets.partition_point(|&o| o <= same_head).max(1);
    offsets.extend_from_slice(&old_offsets[..known]);
    let mut at = offsets.pop().unwrap_or(0);
    loop {
        if new.len() - at <= same_tail {
            // `new[at..]` equals the last bytes of `old`.
            let in_old = at + old.len() - new.len();
            if let Ok(k) = old_offsets.binary_search(&in_old) {
                offsets.extend(old_offsets[k..].iter().map(|&o| o - in_old + at));
                return Ok(());
            }
        }
        if at >= new.len() {
            offsets.push(new.len());
            return Ok(());
        }
        offsets.push(at);
        let nul = memchr_nul(&new[at..]).ok_or("tree entry without a name terminator")?;
        at = at + nul + 1 + hash_len;
        if at > new.len() {
            return Err("tree entry cut short".into());
        }
    }
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

/// A raw tree object and its [`entry_offsets`].
#[derive(Default)]
pub(super) struct Tree {
    pub data: Vec<u8>,
    pub offsets: Vec<usize>,
}

/// The trees read for the commit being diffed (`current`) and for the one
/// before it (`previous`): a child's old side is its parent's new side, so
/// the previous generation answers most reads. Buffers of dropped trees are
/// recycled, so a long walk does not allocate per tree.
#[derive(Default)]
struct TreeCache {
    previous: HashMap<gix::ObjectId, Rc<Tree>>,
    current: HashMap<gix::ObjectId, Rc<Tree>>,
    spare: Vec<Tree>,
}

/// `(common_prefix, common_suffix)` lengths of two trees.
type Ends = (usize, usize);

/// Trees kept for recycling; more than a commit's changed path needs.
const SPARE_TREES: usize = 16;

/// Everything needed while diffing one commit.
pub(super) struct TreeDiff<'a> {
    pub repo: &'a gix::Repository,
    pub filter: &'a PathFilter,
    pub hash_len: usize,
    cache: RefCell<TreeCache>,
}

impl<'a> TreeDiff<'a> {
    pub fn new(repo: &'a gix::Repository, filter: &'a PathFilter) -> Self {
        TreeDiff {
            repo,
            filter,
            hash_len: repo.object_hash().len_in_bytes(),
            cache: RefCell::default(),
        }
    }

    /// Diff the root trees of one commit (`None`: the empty tree),
    /// appending blob changes to `out`. Trees read by the commit diffed
    /// just before are reused.
    pub fn commit(
        &self,
        old: Option<gix::ObjectId>,
        new: gix::ObjectId,
        out: &mut RawChanges,
    ) -> Result<(), SourceError> {
        let mut prefix = BString::default();
        let result = self.subtrees(old, Some(new), &mut prefix, out);
        let mut cache = self.cache.borrow_mut();
        let cache = &mut *cache;
        let older = std::mem::replace(&mut cache.previous, std::mem::take(&mut cache.current));
        for (_, tree) in older {
            if cache.spare.len() < SPARE_TREES {
                if let Ok(tree) = Rc::try_unwrap(tree) {
                    cache.spare.push(tree);
                }
            }
        }
        result
    }

    /// The tree `id` (`None`: empty), from this or the previous commit's
    /// reads, or read and scanned now (only where it differs from
    /// `older`, an earlier version of it, when given; the two trees'
    /// [`common_ends`] are then returned too, so they are compared once).
    fn tree(
        &self,
        id: Option<gix::ObjectId>,
        older: Option<&Tree>,
    ) -> Result<(Rc<Tree>, Option<Ends>), SourceError> {
        let Some(id) = id else {
            let empty = Tree {
                data: Vec::new(),
                offsets: vec![0],
            };
            return Ok((Rc::new(empty), None));
        };
        let mut cache = self.cache.borrow_mut();
        if let Some(tree) = cache.current.get(&id) {
            return Ok((Rc::clone(tree), None));
        }
        if let Some(tree) = cache.previous.get(&id) {
            let tree = Rc::clone(tree);
            cache.current.insert(id, Rc::clone(&tree));
            return Ok((tree, None));
        }
        let mut tree = cache.spare.pop().unwrap_or_default();
        self.repo
            .objects
            .find_tree_iter(&id, &mut tree.data)
            .map_err(|e| SourceError::corrupt(id, &e))?;
        let mut ends = None;
        match older {
            Some(older) if !older.data.is_empty() => {
                let both = *ends.insert(common_ends(&older.data, &tree.data));
                entry_offsets_after(
                    &older.data,
                    &older.offsets,
                    &tree.data,
                    both,
                    self.hash_len,
                    &mut tree.offsets,
                )
            }
            _ => entry_offsets(&tree.data, self.hash_len, &mut tree.offsets),
        }
        .map_err(|e| self.corrupt(&id.to_string(), e))?;
        let tree = Rc::new(tree);
        cache.current.insert(id, Rc::clone(&tree));
        Ok((tree, ends))
    }

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
    #[cfg(test)]
    pub fn diff(
        &self,
        old: &[u8],
        old_offsets: &[usize],
        new: &[u8],
        new_offsets: &[usize],
        prefix: &mut BString,
        out: &mut RawChanges,
    ) -> Result<(), SourceError> {
        let ends = common_ends(old, new);
        self.diff_with(old, old_offsets, new, new_offsets, ends, prefix, out)
    }

    /// [`diff`](Self::diff) with the trees' [`common_ends`] known.
    #[allow(clippy::too_many_arguments)]
    fn diff_with(
        &self,
        old: &[u8],
        old_offsets: &[usize],
        new: &[u8],
        new_offsets: &[usize],
        (same_head, same_tail): (usize, usize),
        prefix: &mut BString,
        out: &mut RawChanges,
    ) -> Result<(), SourceError> {
        // Shared leading entries: boundaries agree up to the first
        // differing byte.
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
        // Shared trailing entries, the same way from the end, never
        // reaching back into the shared leading ones.
        let limit = (old.len() - old_offsets[i]).min(new.len() - new_offsets[j]);
        let same_tail = same_tail.min(limit);
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
        let (old, _) = self.tree(old, None)?;
        let (new, ends) = self.tree(new, Some(&old))?;
        let ends = ends.unwrap_or_else(|| common_ends(&old.data, &new.data));
        self.diff_with(
            &old.data,
            &old.offsets,
            &new.data,
            &new.offsets,
            ends,
            prefix,
            out,
        )
    }
}

/// `(common_prefix, common_suffix)` of two trees, the suffix measured
/// only in what the prefix leaves, so the two never overlap.
fn common_ends(a: &[u8], b: &[u8]) -> (usize, usize) {
    let head = common_prefix(a, b);
    let tail = common_suffix(&a[head..], &b[head..]);
    (head, tail)
}

/// Length of the common start of `a` and `b`. Compared in blocks (one
/// `memcmp` each) first: a byte loop was a third of the walk, and 64-byte
/// blocks alone spend more on calls than on comparing.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BIG: usize = 4096;
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BIG <= n && a[i..i + BIG] == b[i..i + BIG] {
        i += BIG;
    }
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// Length of the common end of `a` and `b`, as [`common_prefix`].
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BIG: usize = 4096;
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut k = 0;
    while k + BIG <= n && a[n - k - BIG..n - k] == b[n - k - BIG..n - k] {
        k += BIG;
    }
    while k + BLOCK <= n && a[n - k - BLOCK..n - k] == b[n - k - BLOCK..n - k] {
        k += BLOCK;
    }
    while k < n && a[n - k - 1] == b[n - k - 1] {
        k += 1;
    }
    k
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

#[cfg(test)]
mod tests {
    use super::{common_ends, common_prefix, common_suffix, entry_offsets, entry_offsets_after};

    /// A raw tree of `(name, hash byte)` entries; hash bytes of 0 and
    /// `b' '` look like terminators to a careless scan.
    fn tree(entries: &[(String, u8)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, h) in entries {
            out.extend_from_slice(b"100644 ");
            out.extend_from_slice(name.as_bytes());
            out.push(0);
            out.extend((0..20u8).map(|k| h.wrapping_mul(k)));
        }
        out
    }

    /// Deriving a later tree's boundaries from an earlier one's gives
    /// exactly what a full scan gives, for edits anywhere (first, last,
    /// several, insertions, deletions, renames, identical trees), and the
    /// same error for a damaged tree.
    #[test]
    fn boundaries_derived_from_an_older_tree_equal_a_full_scan() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for round in 0..400 {
            let len = next(40);
            let mut entries: Vec<(String, u8)> = (0..len)
                .map(|i| (format!("c{i:04}.md"), (i * 37 % 256) as u8))
                .collect();
            let old = tree(&entries);
            for _ in 0..=next(3) {
                let at = next(entries.len() + 1);
                match next(4) {
                    0 if at < entries.len() => entries[at].1 = entries[at].1.wrapping_add(1),
                    1 if at < entries.len() => {
                        entries.remove(at);
                    }
                    2 if at < entries.len() => entries[at].0.push('x'),
                    _ => entries.insert(at, (format!("n{round}"), next(256) as u8)),
                }
            }
            let new = tree(&entries);
            let (mut old_offsets, mut full, mut derived) = (Vec::new(), Vec::new(), Vec::new());
            entry_offsets(&old, 20, &mut old_offsets).unwrap();
            entry_offsets(&new, 20, &mut full).unwrap();
            let ends = common_ends(&old, &new);
            entry_offsets_after(&old, &old_offsets, &new, ends, 20, &mut derived).unwrap();
            assert_eq!(derived, full, "round {round}");

            if !new.is_empty() {
                let cut = &new[..new.len() - 1 - next(new.len())];
                let ends = common_ends(&old, cut);
                let expected = entry_offsets(cut, 20, &mut full);
                let got = entry_offsets_after(&old, &old_offsets, cut, ends, 20, &mut derived);
                assert_eq!(got, expected, "round {round}, cut to {}", cut.len());
            }
        }
    }

    #[test]
    fn common_ends_are_exact_at_every_length() {
        let base: Vec<u8> = (0..300u32).map(|i| (i * 7 % 251) as u8).collect();
        for cut in [0, 1, 63, 64, 65, 128, 200, 299] {
            let mut other = base.clone();
            other[cut] ^= 0xff;
            assert_eq!(common_prefix(&base, &other), cut);
            assert_eq!(common_suffix(&base, &other), base.len() - cut - 1);
        }
        assert_eq!(common_prefix(&base, &base[..100]), 100);
        assert_eq!(common_suffix(&base, &base[200..]), 100);
        assert_eq!(common_suffix(&base[..0], &base), 0);
    }
}
