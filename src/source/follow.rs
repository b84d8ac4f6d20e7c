//! Which content went where in one commit: git's `-B -M -C`, restricted to
//! the candidate files the commit changed.
//!
//! Input is the raw tree diff of a commit against its first parent
//! (additions, deletions, modifications); output is the events the
//! identity tracker replays: a document moved, was copied, modified,
//! added or deleted.
//!
//! Invariants:
//! - Exact moves (same blob) are paired first and need no reading.
//! - Blobs are read (and fingerprinted once per commit) only when the
//!   commit could pair something: an addition and a possible source, or
//!   two modifications that might have swapped content.
//! - Sources are deleted files and the previous content of modified files;
//!   destinations are added files and the new content of rewritten
//!   ("broken") files. Each source moves at most once and each destination
//!   receives at most once; the best score wins, ties go to the pair with
//!   the same file name, then to path order, so the result is deterministic.
//! - A modified file whose new content is less than the rename threshold
//!   similar to its previous content, and whose previous content is more
//!   similar to an added file, has moved there (the old path keeps a new,
//!   unrelated document, e.g. a stub), even when git's `-B` would not break
//!   it: a stub that keeps the title line is still a stub. A file that
//!   still resembles itself keeps its identity; the new file is a copy.
//! - Inexact pairing is skipped when sources x destinations exceeds
//!   [`RENAME_LIMIT`]² (git's default `diff.renameLimit`), so a commit
//!   touching every file cannot go quadratic.

use std::collections::HashMap;
use std::rc::Rc;

use gix::bstr::{BString, ByteSlice};

use super::error::SourceError;
use super::similarity::{score_of_percent, Fingerprint};

/// git's default `diff.renameLimit`.
const RENAME_LIMIT: usize = 1000;

/// How documents are followed through content moves. Defaults are git's:
/// `-M50% -B50% -C50%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowOptions {
    /// Minimum similarity (percent) for content that left one path to
    /// continue as the document at another (`-M`).
    pub rename_percent: u8,
    /// A modification that replaces at least this share of a file breaks
    /// it into a deletion and an addition, so its old content can move
    /// (`-B`); `None` turns breaking off.
    pub break_percent: Option<u8>,
    /// Minimum similarity for a new file to record the file changed in the
    /// same commit that it was copied from (`-C`); `None` turns it off.
    pub copy_percent: Option<u8>,
}

impl Default for FollowOptions {
    fn default() -> Self {
        FollowOptions {
            rename_percent: 50,
            break_percent: Some(50),
            copy_percent: Some(50),
        }
    }
}

/// The candidate changes of one commit, as the tree diff reports them.
#[derive(Debug, Default)]
pub(super) struct RawChanges {
    pub added: Vec<(BString, gix::ObjectId)>,
    pub deleted: Vec<(BString, gix::ObjectId)>,
    /// `(path, previous, new)`.
    pub modified: Vec<(BString, gix::ObjectId, gix::ObjectId)>,
}

impl RawChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.deleted.is_empty() && self.modified.is_empty()
    }

    pub fn clear(&mut self) {
        self.added.clear();
        self.deleted.clear();
        self.modified.clear();
    }
}

/// One commit's effect on documents, in the order the tracker applies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Event {
    Deleted {
        path: BString,
    },
    Moved {
        from: BString,
        to: BString,
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
    Copied {
        from: BString,
        to: BString,
        id: gix::ObjectId,
    },
}

impl Event {
    /// Deletions, then moves, then edits, then new files: "delete X, move
    /// Y to X" gives X to Y's document, and a stub left behind is new.
    pub fn rank(&self) -> u8 {
        match self {
            Event::Deleted { .. } => 0,
            Event::Moved { .. } => 1,
            Event::Modified { .. } => 2,
            Event::Added { .. } | Event::Copied { .. } => 3,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Source {
    Deleted(usize),
    Modified(usize),
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Destination {
    Added(usize),
    Modified(usize),
}

fn file_name(path: &[u8]) -> &[u8] {
    path.rsplit_str("/").next().unwrap_or(path)
}

/// Pair the changes of one commit. `fingerprint` reads a blob (errors are
/// corrupt objects and abort the walk).
pub(super) fn pair(
    raw: &RawChanges,
    options: &FollowOptions,
    fingerprint: &mut dyn FnMut(gix::ObjectId) -> Result<Fingerprint, SourceError>,
    events: &mut Vec<Event>,
) -> Result<(), SourceError> {
    let (added, deleted, modified) = (&raw.added, &raw.deleted, &raw.modified);
    let mut add_from: Vec<Option<Source>> = vec![None; added.len()];
    let mut add_copy: Vec<Option<Source>> = vec![None; added.len()];
    let mut del_moved = vec![false; deleted.len()];

    // 1. Exact moves: same blob, preferring the same file name.
    if !added.is_empty() && !deleted.is_empty() {
        let mut by_blob: HashMap<gix::ObjectId, Vec<usize>> = HashMap::new();
        for (i, (_, id)) in deleted.iter().enumerate() {
            by_blob.entry(*id).or_default().push(i);
        }
        for (a, (path, id)) in added.iter().enumerate() {
            let Some(candidates) = by_blob.get(id) else {
                continue;
            };
            let free = |i: &&usize| !del_moved[**i];
            let pick = candidates
                .iter()
                .filter(free)
                .find(|i| file_name(&deleted[**i].0) == file_name(path))
                .or_else(|| candidates.iter().find(free))
                .copied();
            if let Some(d) = pick {
                del_moved[d] = true;
                add_from[a] = Some(Source::Deleted(d));
            }
        }
    }

    // 2. Inexact moves and copies, when anything could pair.
    let breaking = options.break_percent.is_some();
    let adds_left = add_from.iter().filter(|s| s.is_none()).count();
    let dels_left = del_moved.iter().filter(|m| !**m).count();
    let mod_sources = if breaking || options.copy_percent.is_some() {
        modified.len()
    } else {
        0
    };
    let mod_destinations = if breaking { modified.len() } else { 0 };
    let sources = dels_left + mod_sources;
    let destinations = adds_left + mod_destinations;
    let could_pair = sources > 0
        && destinations > 0
        && (adds_left > 0 || (dels_left > 0 && breaking) || (breaking && modified.len() >= 2))
        && sources.saturating_mul(destinations) <= RENAME_LIMIT * RENAME_LIMIT;

    let mut mod_moved_to: Vec<bool> = vec![false; modified.len()];
    let mut mod_received: Vec<Option<Source>> = vec![None; modified.len()];
    if could_pair {
        let mut prints: HashMap<gix::ObjectId, Rc<Fingerprint>> = HashMap::new();
        let mut print = |id: gix::ObjectId| -> Result<Rc<Fingerprint>, SourceError> {
            if let Some(p) = prints.get(&id) {
                return Ok(Rc::clone(p));
            }
            let p = Rc::new(fingerprint(id)?);
            prints.insert(id, Rc::clone(&p));
            Ok(p)
        };
        let rename_min = score_of_percent(options.rename_percent);
        // Per modified file: old and new fingerprints, broken or not, and
        // how much of the old content its own new content keeps.
        let mut mods = Vec::with_capacity(modified.len());
        for (_, old, new) in modified {
            let (old, new) = (print(*old)?, print(*new)?);
            let broken = options
                .break_percent
                .is_some_and(|b| old.is_rewritten_as(&new, score_of_percent(b)));
            let kept = old.similarity_to(&new, 0);
            mods.push((old, new, broken, kept));
        }
        let mut source_list: Vec<(Source, Rc<Fingerprint>, &BString)> = Vec::new();
        for (d, (path, id)) in deleted.iter().enumerate() {
            if !del_moved[d] {
                source_list.push((Source::Deleted(d), print(*id)?, path));
            }
        }
        for (m, (path, _, _)) in modified.iter().enumerate().take(mod_sources) {
            source_list.push((Source::Modified(m), Rc::clone(&mods[m].0), path));
        }
        let mut destination_list: Vec<(Destination, Rc<Fingerprint>, &BString)> = Vec::new();
        for (a, (path, id)) in added.iter().enumerate() {
            if add_from[a].is_none() {
                destination_list.push((Destination::Added(a), print(*id)?, path));
            }
        }
        for (m, (path, _, _)) in modified.iter().enumerate().take(mod_destinations) {
            if mods[m].2 {
                destination_list.push((Destination::Modified(m), Rc::clone(&mods[m].1), path));
            }
        }

        // Every pair that may move content, best first.
        let mut moves: Vec<(u64, bool, Source, Destination)> = Vec::new();
        let mut copies: Vec<(u64, bool, Source, Destination)> = Vec::new();
        let copy_min = options.copy_percent.map(score_of_percent);
        let floor = copy_min.map_or(rename_min, |c| c.min(rename_min));
        for (source, old, from) in &source_list {
            for (destination, new, to) in &destination_list {
                if from == to {
                    continue;
                }
                let score = old.similarity_to(new, floor);
                if score < floor || score == 0 {
                    continue;
                }
                let same_name = file_name(from) == file_name(to);
                let may_move = score >= rename_min
                    && match source {
                        Source::Deleted(_) => true,
                        // Not broken: moves only when what stays no
                        // longer counts as the same file (a stub that kept
                        // its title line), and the new file is closer.
                        Source::Modified(m) => {
                            let (_, _, broken, kept) = &mods[*m];
                            breaking && (*broken || (*kept < rename_min && score > *kept))
                        }
                    };
                if may_move {
                    moves.push((score, same_name, *source, *destination));
                }
                if copy_min.is_some_and(|c| score >= c) {
                    if let Destination::Added(_) = destination {
                        copies.push((score, same_name, *source, *destination));
                    }
                }
            }
        }
        let best_first = |a: &(u64, bool, Source, Destination),
                          b: &(u64, bool, Source, Destination)| {
            b.0.cmp(&a.0)
                .then(b.1.cmp(&a.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        };
        moves.sort_by(best_first);
        copies.sort_by(best_first);

        let mut source_used = |source: Source, mark: bool| -> bool {
            let slot = match source {
                Source::Deleted(d) => &mut del_moved[d],
                Source::Modified(m) => &mut mod_moved_to[m],
            };
            let was = *slot;
            if mark {
                *slot = true;
            }
            was
        };
        for (_, _, source, destination) in moves {
            let taken = match destination {
                Destination::Added(a) => add_from[a].is_some(),
                Destination::Modified(m) => mod_received[m].is_some(),
            };
            if taken || source_used(source, false) {
                continue;
            }
            source_used(source, true);
            match destination {
                Destination::Added(a) => add_from[a] = Some(source),
                Destination::Modified(m) => mod_received[m] = Some(source),
            }
        }
        for (_, _, source, destination) in copies {
            if let Destination::Added(a) = destination {
                if add_from[a].is_none() && add_copy[a].is_none() {
                    add_copy[a] = Some(source);
                }
            }
        }
    }

    // 3. Events.
    let source_path = |s: Source| match s {
        Source::Deleted(d) => deleted[d].0.clone(),
        Source::Modified(m) => modified[m].0.clone(),
    };
    for (d, (path, _)) in deleted.iter().enumerate() {
        if !del_moved[d] {
            events.push(Event::Deleted { path: path.clone() });
        }
    }
    for (m, (path, _, new)) in modified.iter().enumerate() {
        match (mod_moved_to[m], mod_received[m]) {
            (false, None) => events.push(Event::Modified {
                path: path.clone(),
                id: *new,
            }),
            // The old content left; what stays at the path is new.
            (true, None) => events.push(Event::Added {
                path: path.clone(),
                id: *new,
            }),
            (false, Some(source)) => {
                events.push(Event::Deleted { path: path.clone() });
                events.push(Event::Moved {
                    from: source_path(source),
                    to: path.clone(),
                    id: *new,
                });
            }
            (true, Some(source)) => events.push(Event::Moved {
                from: source_path(source),
                to: path.clone(),
                id: *new,
            }),
        }
    }
    for (a, (path, id)) in added.iter().enumerate() {
        events.push(match (add_from[a], add_copy[a]) {
            (Some(source), _) => Event::Moved {
                from: source_path(source),
                to: path.clone(),
                id: *id,
            },
            (None, Some(source)) => Event::Copied {
                from: source_path(source),
                to: path.clone(),
                id: *id,
            },
            (None, None) => Event::Added {
                path: path.clone(),
                id: *id,
            },
        });
    }
    events.sort_by_key(Event::rank);
    Ok(())
}
