//! Byte offset to line/column conversion, used only by reporters.
//!
//! Lines and columns are 1-based; columns count Unicode scalar values (what
//! the JSON and SARIF outputs promise), not bytes and not display width.
//!
//! Invariant: [`LineIndex::position`] costs O(log lines + [`CHECKPOINT`]),
//! whatever the length of the line: a column is the difference of two
//! prefix counts of scalar values, and the prefix count is kept at every
//! `CHECKPOINT` bytes (built on the first non-ASCII query). Walking the
//! line per finding made a long line with many findings quadratic.

use std::sync::OnceLock;

/// Bytes between two stored prefix counts of scalar values.
const CHECKPOINT: usize = 256;

/// Precomputed line starts of one text.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// `scalars_before[k]`: scalar values in `text[..k * CHECKPOINT]`
    /// (counted as bytes that do not continue a UTF-8 sequence, so the
    /// checkpoints need not fall on character boundaries).
    scalars_before: OnceLock<Vec<usize>>,
}

/// Whether a byte starts a scalar value (is not a UTF-8 continuation byte).
fn starts_scalar(byte: &u8) -> bool {
    (*byte as i8) >= -0x40
}

/// A 1-based position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            line_starts,
            scalars_before: OnceLock::new(),
        }
    }

    /// Scalar values in `text[..offset]`.
    fn scalars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let checkpoints = self.scalars_before.get_or_init(|| {
            let mut counts = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
            let mut total = 0;
            counts.push(0);
            for chunk in bytes.chunks(CHECKPOINT) {
                total += chunk.iter().filter(|b| starts_scalar(b)).count();
                counts.push(total);
            }
            counts
        });
        let block = offset / CHECKPOINT;
        checkpoints[block]
            + bytes[block * CHECKPOINT..offset]
                .iter()
                .filter(|b| starts_scalar(b))
                .count()
    }

    /// Scalar values in `text[start..end]`.
    fn scalars_between(&self, start: usize, end: usize) -> usize {
        let slice = &self.text.as_bytes()[start..end];
        if slice.len() <= CHECKPOINT {
            return slice.iter().filter(|b| starts_scalar(b)).count();
        }
        self.scalars_before(end) - self.scalars_before(start)
    }

    /// Byte offset where 1-based line `line` starts; the end of the text
    /// for lines past the last.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Position of a byte offset. Offsets past the end clamp to the end;
    /// offsets inside a multi-byte character round down to its start.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        // A byte-order mark is invisible in every editor: columns of the
        // first line count from after it.
        let start = if line == 0 && self.text.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8().min(offset)
        } else {
            self.line_starts[line]
        };
        let column = self.scalars_between(start, offset) + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// Text of 1-based line `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self
            .line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_scalar_values() {
        let text = "ab\n📜x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
        assert_eq!(index.position(3), Position { line: 2, column: 1 });
        // '📜' is 4 bytes but one column.
        assert_eq!(index.position(7), Position { line: 2, column: 2 });
        assert_eq!(index.position(5), Position { line: 2, column: 1 });
        assert_eq!(index.position(999), Position { line: 3, column: 1 });
        assert_eq!(index.line_text(2), "📜x");
    }

    #[test]
    fn columns_on_long_lines_match_a_plain_count() {
        let line: String = "a📜ب".repeat(400);
        let text = format!("x\n{line}\n");
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices() {
            let expected = if offset < 2 {
                offset + 1
            } else {
                text[2..offset].chars().count() + 1
            };
            assert_eq!(index.position(offset).column, expected, "offset {offset}");
        }
        assert_eq!(index.line_start(2), 2);
        assert_eq!(index.line_start(9), text.len());
    }
}
