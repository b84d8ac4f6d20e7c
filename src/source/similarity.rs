//! Content similarity between two blobs, as git's `diffcore-delta` measures
//! it for `-B`, `-M` and `-C`.
//!
//! A blob is cut into chunks that end at a newline or after 64 bytes; each
//! chunk is hashed, and a [`Fingerprint`] keeps the number of bytes per
//! hash, sorted by hash. Comparing two fingerprints is one merge of two
//! sorted lists, linear in their lengths: no line diff is run, so pairing
//! many candidates stays cheap.
//!
//! Invariants:
//! - Scores are in `0..=MAX_SCORE`; a percentage `p` is `p * MAX_SCORE / 100`.
//! - A `\r` directly before `\n` is ignored, so a CRLF conversion does not
//!   make a file dissimilar to itself.

/// git's scale for similarity scores.
pub(super) const MAX_SCORE: u64 = 60_000;

/// Files smaller than this are never broken (git's `MINIMUM_BREAK_SIZE`):
/// in a tiny file every edit is "most of the file".
const MINIMUM_BREAK_SIZE: u64 = 400;

/// Bytes per chunk hash of one blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fingerprint {
    pub size: u64,
    /// `(hash, bytes)`, sorted by hash, hashes distinct.
    chunks: Vec<(u32, u32)>,
}

impl Fingerprint {
    pub fn of(data: &[u8]) -> Fingerprint {
        let mut chunks: Vec<(u32, u32)> = Vec::with_capacity(data.len() / 32 + 1);
        let (mut accum1, mut accum2, mut n) = (0u32, 0u32, 0u32);
        let mut i = 0;
        while i < data.len() {
            let c = data[i];
            i += 1;
            if c == b'\r' && data.get(i) == Some(&b'\n') {
                continue;
            }
            let old1 = accum1;
            accum1 = (accum1 << 7) ^ (accum2 >> 25);
            accum2 = (accum2 << 7) ^ (old1 >> 25);
            accum1 = accum1.wrapping_add(u32::from(c));
            n += 1;
            if n < 64 && c != b'\n' {
                continue;
            }
            chunks.push((accum1.wrapping_add(accum2.wrapping_mul(0x61)), n));
            (accum1, accum2, n) = (0, 0, 0);
        }
        if n > 0 {
            chunks.push((accum1.wrapping_add(accum2.wrapping_mul(0x61)), n));
        }
        chunks.sort_unstable();
        // Merge equal hashes into one entry.
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(chunks.len());
        for (hash, bytes) in chunks {
            match merged.last_mut() {
                Some(last) if last.0 == hash => last.1 = last.1.saturating_add(bytes),
                _ => merged.push((hash, bytes)),
            }
        }
        Fingerprint {
            size: data.len() as u64,
            chunks: merged,
        }
    }

    /// `(copied, added)`: bytes of `self` that survive in `other`, and bytes
    /// of `other` that are new.
    pub fn changes_to(&self, other: &Fingerprint) -> (u64, u64) {
        let (a, b) = (&self.chunks, &other.chunks);
        let (mut i, mut j) = (0, 0);
        let (mut copied, mut added) = (0u64, 0u64);
        while i < a.len() && j < b.len() {
            let (ha, ca) = a[i];
            let (hb, cb) = b[j];
            match ha.cmp(&hb) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => {
                    added += u64::from(cb);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    copied += u64::from(ca.min(cb));
                    added += u64::from(cb.saturating_sub(ca));
                    i += 1;
                    j += 1;
                }
            }
        }
        added += b[j..].iter().map(|&(_, c)| u64::from(c)).sum::<u64>();
        (copied, added)
    }

    /// git's `estimate_similarity`: the share of the larger file that is
    /// content copied from `self`, or 0 when the sizes alone rule out
    /// reaching `minimum` (so most pairs cost nothing).
    pub fn similarity_to(&self, other: &Fingerprint, minimum: u64) -> u64 {
        let max = self.size.max(other.size);
        let min = self.size.min(other.size);
        if max == 0 {
            return MAX_SCORE;
        }
        if max * (MAX_SCORE - minimum.min(MAX_SCORE)) < (max - min) * MAX_SCORE {
            return 0;
        }
        let (copied, _) = self.changes_to(other);
        copied * MAX_SCORE / max
    }

    /// git's `should_break`: was the file at this path rewritten (at least
    /// `break_score` of it replaced) rather than edited?
    pub fn is_rewritten_as(&self, new: &Fingerprint, break_score: u64) -> bool {
        if self.size == 0 {
            return false;
        }
        let base = self.size.max(new.size);
        if base < MINIMUM_BREAK_SIZE {
            return false;
        }
        let (copied, added) = self.changes_to(new);
        let removed = self.size.saturating_sub(copied);
        if (removed + added) * MAX_SCORE < break_score * base {
            return false;
        }
        // Much removed and little added is a cut, not a rewrite.
        let cut = self.size * break_score < removed * MAX_SCORE
            && added * 20 < removed
            && added * 20 < copied;
        !cut
    }
}

/// `percent` of [`MAX_SCORE`].
pub(super) fn score_of_percent(percent: u8) -> u64 {
    u64::from(percent.min(100)) * MAX_SCORE / 100
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(range: std::ops::Range<usize>) -> String {
        range
            .map(|i| format!("line number {i} of the text\n"))
            .collect()
    }

    #[test]
    fn identical_content_is_fully_similar_and_crlf_does_not_matter() {
        let text = lines(0..40);
        let a = Fingerprint::of(text.as_bytes());
        assert_eq!(a.similarity_to(&a, 0), MAX_SCORE);
        let crlf = Fingerprint::of(text.replace('\n', "\r\n").as_bytes());
        let (copied, added) = a.changes_to(&crlf);
        assert_eq!((copied, added), (text.len() as u64, 0));
    }

    #[test]
    fn similarity_is_the_share_of_the_larger_file_kept() {
        let old = Fingerprint::of(lines(0..100).as_bytes());
        let half = Fingerprint::of((lines(0..50) + &lines(1000..1050)).as_bytes());
        let score = old.similarity_to(&half, 0);
        assert!(
            (MAX_SCORE * 45 / 100..MAX_SCORE * 55 / 100).contains(&score),
            "{score}"
        );
        let other = Fingerprint::of(lines(5000..5100).as_bytes());
        assert_eq!(old.similarity_to(&other, 0), 0);
        // Ten times larger cannot be 50% similar: not even compared.
        let big = Fingerprint::of(lines(0..1000).as_bytes());
        assert_eq!(old.similarity_to(&big, score_of_percent(50)), 0);
    }

    #[test]
    fn break_needs_a_rewrite_not_an_edit_or_a_cut() {
        let old = Fingerprint::of(lines(0..100).as_bytes());
        let edited = Fingerprint::of((lines(0..90) + &lines(200..210)).as_bytes());
        let rewritten = Fingerprint::of((lines(0..20) + &lines(300..380)).as_bytes());
        let stub = Fingerprint::of(b"See [the write-up](acme.md).\n");
        let cut = Fingerprint::of(lines(0..10).as_bytes());
        let fifty = score_of_percent(50);
        assert!(!old.is_rewritten_as(&edited, fifty));
        assert!(old.is_rewritten_as(&rewritten, fifty));
        assert!(old.is_rewritten_as(&stub, fifty));
        assert!(!old.is_rewritten_as(&cut, fifty));
        // Small files are never broken.
        let small = Fingerprint::of(b"# A\n");
        assert!(!small.is_rewritten_as(&Fingerprint::of(b"# B\n"), fifty));
    }
}
