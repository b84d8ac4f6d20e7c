//! Byte offset to line/column conversion, used only by reporters.
//!
//! Lines and columns are 1-based; columns count Unicode scalar values (what
//! the JSON and SARIF outputs promise), not bytes and not display width.

/// Precomputed line starts of one text.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
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
        LineIndex { text, line_starts }
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
        let column = self.text[start..offset].chars().count() + 1;
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
}
