//! Byte offsets (what the engine speaks) to LSP positions and back.
//!
//! An LSP position is a 0-based line and a 0-based *character offset*
//! counted in the code units of the negotiated encoding: UTF-16 unless the
//! client offered `utf-8` in `general.positionEncodings`. `📜` is four bytes,
//! two UTF-16 units and one `char`; Persian letters are two bytes and one
//! UTF-16 unit. Getting this wrong moves every highlight after an emoji.
//!
//! Invariants: every conversion is total. Offsets past the end clamp to the
//! end and offsets inside a character round down to its start; positions
//! past the end of a line clamp to the line's end (before its terminator),
//! lines past the last clamp to the end of the text, and a position in the
//! middle of a surrogate pair rounds down. Lines end at `\n`, `\r\n` or a
//! lone `\r`, as the protocol defines.

use lsp_types::{Position, Range};

/// How character offsets are counted on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// Line starts of one text, for conversions in both directions.
pub struct LineMap<'a> {
    text: &'a str,
    /// Byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> LineMap<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> LineMap<'a> {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        LineMap {
            text,
            starts,
            encoding,
        }
    }

    /// The byte range of line `line` without its terminator.
    fn line_content(&self, line: usize) -> (usize, usize) {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let content = self.text[start..end].trim_end_matches(['\n', '\r']);
        (start, start + content.len())
    }

    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let character: usize = self.text[self.starts[line]..offset]
            .chars()
            .map(|c| self.encoding.units(c))
            .sum();
        Position {
            line: saturate(line),
            character: saturate(character),
        }
    }

    pub fn range(&self, span: &std::ops::Range<usize>) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end.max(span.start)),
        }
    }

    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return self.text.len();
        }
        let (start, end) = self.line_content(line);
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            let next = units + self.encoding.units(c);
            if next > wanted {
                return start + i;
            }
            units = next;
        }
        end
    }

    /// The position just past the last character (for whole-text edits).
    pub fn end(&self) -> Position {
        self.position(self.text.len())
    }
}

fn saturate(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn emoji_count_two_utf16_units_and_four_utf8_bytes() {
        let text = "#### 📜📞\nx";
        let utf16 = LineMap::new(text, Encoding::Utf16);
        let utf8 = LineMap::new(text, Encoding::Utf8);
        let phone = text.find('📞').unwrap();
        assert_eq!(utf16.position(phone), pos(0, 7));
        assert_eq!(utf8.position(phone), pos(0, 9));
        assert_eq!(utf16.offset(pos(0, 7)), phone);
        assert_eq!(utf8.offset(pos(0, 9)), phone);
        // The middle of a surrogate pair rounds down to the emoji.
        assert_eq!(utf16.offset(pos(0, 8)), phone);
        assert_eq!(utf16.position(text.find('x').unwrap()), pos(1, 0));
    }

    #[test]
    fn persian_letters_are_one_utf16_unit_each() {
        let text = "سلام JM";
        let map = LineMap::new(text, Encoding::Utf16);
        let j = text.find('J').unwrap();
        assert_eq!(map.position(j), pos(0, 5));
        assert_eq!(map.offset(pos(0, 5)), j);
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\r\ncd\ref";
        let map = LineMap::new(text, Encoding::Utf16);
        assert_eq!(map.offset(pos(0, 99)), 2, "end of line, before CRLF");
        assert_eq!(map.offset(pos(1, 1)), 5);
        assert_eq!(map.offset(pos(2, 0)), 7, "a lone CR ends a line");
        assert_eq!(map.offset(pos(9, 0)), text.len());
        assert_eq!(map.position(999), pos(2, 2));
        assert_eq!(map.end(), pos(2, 2));
        // Inside a multi-byte character: rounds down.
        let map = LineMap::new("é", Encoding::Utf16);
        assert_eq!(map.position(1), pos(0, 0));
    }
}
