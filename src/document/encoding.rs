//! From bytes to text: UTF-8 decoding, byte-order mark, line endings, and
//! mojibake detection.
//!
//! Invariant: decoding never fails. Invalid UTF-8 is decoded lossily and the
//! document is marked so that no fix is ever written back over it (a
//! replacement character would destroy the original bytes).
//!
//! Nothing is skipped in silence: UTF-16 (little- or big-endian, with a
//! byte-order mark or recognised by its NUL-byte pattern) is decoded to
//! text so the write-up is checked, and classic-Mac files whose lines end
//! in a lone `\r` have those read as line breaks (one byte for one byte,
//! so offsets do not move). Both are recorded in [`Decoded::foreign`], the
//! encoding rules report them, and such a document is never written back:
//! its text is not the file's bytes.
//!
//! Mojibake is UTF-8 that was decoded with a Windows code page and saved
//! again: `📜` (F0 9F 93 9C) becomes `ğŸ“œ` under windows-1254 or `ðŸ“œ`
//! under windows-1252. We detect it the way it happened, backwards: encode a
//! run of suspicious characters with each code page and see whether the
//! bytes are mostly valid multi-byte UTF-8. Real Persian or accented text
//! does not survive that test, so the detector does not fire on it.

use std::ops::Range;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252, WINDOWS_1254, WINDOWS_1256};

/// A file that is text, but not in the form jobmark writes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    /// UTF-16, decoded; `bom` says whether it started with a byte-order mark.
    Utf16 { big_endian: bool, bom: bool },
    /// Lines end in a lone `\r` (classic Mac OS); `lines` of them, read
    /// as `\n`.
    CrOnly { lines: usize },
}

/// How the bytes of a file became text.
#[derive(Debug, Clone, Default)]
pub struct Decoded {
    pub text: String,
    /// Length in bytes of a leading U+FEFF (0 or 3).
    pub bom_len: usize,
    /// Byte offset (in `text`) of the first replacement character that
    /// stands for invalid UTF-8, when the input was not valid UTF-8.
    pub invalid_utf8_at: Option<usize>,
    /// Number of lines ending in `\r\n`.
    pub crlf_lines: usize,
    /// Whether the bytes contain NUL: a binary file, not text.
    pub binary: bool,
    /// UTF-16 or lone-`\r` line endings: the text is not the file's bytes.
    pub foreign: Option<Foreign>,
}

/// Which UTF-16 the bytes are, if they are: a byte-order mark, or (without
/// one) NUL in every other byte of the first few hundred, the pattern of
/// Latin-script text in UTF-16. Returns (big-endian, has a BOM).
fn utf16_kind(bytes: &[u8]) -> Option<(bool, bool)> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some((false, true)),
        [0xFE, 0xFF, ..] => return Some((true, true)),
        _ => {}
    }
    let sample = &bytes[..bytes.len().min(512) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even_zeros, odd_zeros) = (zero_at(0), zero_at(1));
    // Mostly ASCII text: one byte of each pair is NUL, the other is not.
    if odd_zeros * 10 >= pairs * 9 && even_zeros == 0 {
        Some((false, false))
    } else if even_zeros * 10 >= pairs * 9 && odd_zeros == 0 {
        Some((true, false))
    } else {
        None
    }
}

pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((big_endian, bom)) = utf16_kind(bytes) {
        let body = if bom { &bytes[2..] } else { bytes };
        let encoding = if big_endian { UTF_16BE } else { UTF_16LE };
        let (text, _) = encoding.decode_without_bom_handling(body);
        let mut decoded = decode_utf8(text.as_bytes());
        decoded.foreign = Some(Foreign::Utf16 { big_endian, bom });
        return decoded;
    }
    decode_utf8(bytes)
}

fn decode_utf8(bytes: &[u8]) -> Decoded {
    let binary = bytes.contains(&0);
    let (mut text, invalid_utf8_at) = match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), None),
        Err(error) => {
            let valid_up_to = error.valid_up_to();
            // Everything before the first invalid byte decodes unchanged, so
            // the offset is the same in the lossy text.
            (
                String::from_utf8_lossy(bytes).into_owned(),
                Some(valid_up_to),
            )
        }
    };
    let bom_len = if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    };
    let crlf_lines = text.matches("\r\n").count();
    let mut foreign = None;
    if crlf_lines == 0 && !text.contains('\n') && text.contains('\r') {
        // `\r` and `\n` are one byte each: every offset stays valid.
        let lines = text.matches('\r').count();
        text = text.replace('\r', "\n");
        foreign = Some(Foreign::CrOnly { lines });
    }
    Decoded {
        text,
        bom_len,
        invalid_utf8_at,
        crlf_lines,
        binary,
        foreign,
    }
}

/// A stretch of text that is UTF-8 read through the wrong code page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mojibake {
    /// The first mis-decoded run, as byte range in the text.
    pub first: Range<usize>,
    /// The code page the text was wrongly decoded with, e.g. `windows-1254`.
    pub code_page: &'static str,
    /// What the first run said before it was garbled (lossy where bytes
    /// were lost for good).
    pub recovered: String,
    /// How many lines hold mis-decoded runs.
    pub lines: usize,
    /// Byte ranges of every mis-decoded run (for pointing at a specific line).
    pub runs: Vec<Range<usize>>,
}

const CODE_PAGES: [&Encoding; 3] = [WINDOWS_1254, WINDOWS_1252, WINDOWS_1256];

/// Characters that mis-decoded UTF-8 lead and continuation bytes turn into:
/// Latin-1 supplement, and the punctuation and letters windows code pages put
/// at 0x80-0x9F (`Ÿ`, `œ`, `€`, `“`, `ğ`, `ş`, ...).
fn is_suspect(c: char) -> bool {
    let cp = c as u32;
    (0x80..=0x2FF).contains(&cp) || (0x2010..=0x203A).contains(&cp) || cp == 0x20AC || cp == 0x2122
}

/// Arabic-script letters that windows-1256 produces; only counted as
/// suspect when decoding with that code page.
fn is_suspect_arabic(c: char) -> bool {
    is_suspect(c) || ('\u{0600}'..='\u{06FF}').contains(&c)
}

/// Start of the line holding an offset, for offsets asked in increasing
/// order: each byte is searched once, so many runs on one long line stay
/// linear (searching back from every run to its line start was quadratic).
struct LineStarts<'a> {
    text: &'a str,
    searched_to: usize,
    line_start: usize,
}

impl LineStarts<'_> {
    fn start_of(&mut self, offset: usize) -> usize {
        if offset < self.searched_to {
            // Out of order (a second pass): start again from the top.
            self.searched_to = 0;
            self.line_start = 0;
        }
        if let Some(i) = self.text[self.searched_to..offset].rfind('\n') {
            self.line_start = self.searched_to + i + 1;
        }
        self.searched_to = offset;
        self.line_start
    }
}

pub fn detect_mojibake(text: &str) -> Option<Mojibake> {
    let mut line_starts = LineStarts {
        text,
        searched_to: 0,
        line_start: 0,
    };
    let mut runs = Vec::new();
    let mut found_page: Option<(&'static Encoding, String)> = None;
    let mut last_line_start = usize::MAX;
    let mut lines = 0;
    for (start, end) in suspect_runs(text, is_suspect) {
        let run = &text[start..end];
        if let Some((page, recovered)) = reverse_decode(run, &CODE_PAGES[..2]) {
            let line_start = line_starts.start_of(start);
            if line_start != last_line_start {
                lines += 1;
                last_line_start = line_start;
            }
            if found_page.is_none() {
                found_page = Some((page, recovered));
            }
            runs.push(start..end);
        }
    }
    // Persian mis-decoded through windows-1256 stays Arabic-looking, and
    // real Persian words re-encode to valid UTF-8 pairs by chance (`بک` is
    // C8 98 = `Ș`). So this page is judged on the whole text: most of its
    // Arabic-script characters must sit in runs that decode cleanly.
    if runs.is_empty() {
        let mut suspect_chars = 0usize;
        let mut clean_chars = 0usize;
        let mut arabic_runs = Vec::new();
        for (start, end) in suspect_runs(text, is_suspect_arabic) {
            let run = &text[start..end];
            let count = run.chars().count();
            suspect_chars += count;
            if let Some((page, recovered)) = reverse_decode_strict(run, WINDOWS_1256) {
                clean_chars += count;
                arabic_runs.push((start..end, page, recovered));
            }
        }
        if suspect_chars >= 10 && clean_chars * 10 >= suspect_chars * 6 {
            for (range, page, recovered) in arabic_runs {
                let line_start = line_starts.start_of(range.start);
                if line_start != last_line_start {
                    lines += 1;
                    last_line_start = line_start;
                }
                if found_page.is_none() {
                    found_page = Some((page, recovered));
                }
                runs.push(range);
            }
        }
    }
    let (page, recovered) = found_page?;
    Some(Mojibake {
        first: runs[0].clone(),
        code_page: page.name(),
        recovered,
        lines,
        runs,
    })
}

/// Maximal runs of suspect characters (ASCII in between ends a run).
fn suspect_runs(
    text: &str,
    suspect: fn(char) -> bool,
) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.by_ref().find(|&(_, c)| suspect(c))?;
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !suspect(c) {
                end = i;
                break;
            }
            chars.next();
        }
        Some((start, end))
    })
}

/// Like [`reverse_decode`] for one page, but every byte must decode.
fn reverse_decode_strict(
    run: &str,
    page: &'static Encoding,
) -> Option<(&'static Encoding, String)> {
    let (bytes, _, had_unmappable) = page.encode(run);
    if had_unmappable {
        return None;
    }
    let decoded = std::str::from_utf8(&bytes).ok()?;
    (!decoded.is_ascii()).then(|| (page, decoded.to_string()))
}

/// Encode `run` back to bytes with each code page; accept the first page
/// under which most of the bytes form valid multi-byte UTF-8.
fn reverse_decode(run: &str, pages: &[&'static Encoding]) -> Option<(&'static Encoding, String)> {
    if run.chars().count() < 2 {
        return None;
    }
    for &page in pages {
        let (bytes, _, had_unmappable) = page.encode(run);
        if had_unmappable {
            continue;
        }
        let mut in_sequences = 0usize;
        let mut recovered = String::new();
        for chunk in bytes.utf8_chunks() {
            let valid = chunk.valid();
            in_sequences += valid
                .chars()
                .filter(|c| !c.is_ascii())
                .map(char::len_utf8)
                .sum::<usize>();
            recovered.push_str(valid);
            if !chunk.invalid().is_empty() {
                recovered.push('\u{FFFD}');
            }
        }
        // Bytes were lost for good in real files (a code page has holes at
        // 0x81, 0x8D, 0x9E...), so demand a majority, not all.
        if in_sequences * 2 >= bytes.len() && in_sequences >= 2 {
            return Some((page, recovered));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_turkish_code_page_emoji() {
        let found = detect_mojibake("#### ğŸ“œğŸ”§\n").expect("mojibake");
        assert_eq!(found.code_page, "windows-1254");
        assert!(found.recovered.contains('📜'), "{}", found.recovered);
        assert_eq!(found.first.start, 5);
    }

    #[test]
    fn detects_latin_code_page_persian() {
        // "سلام" decoded through windows-1252.
        let garbled: String = WINDOWS_1252.decode("سلام".as_bytes()).0.into_owned();
        let found = detect_mojibake(&format!("text {garbled}\n")).expect("mojibake");
        assert_eq!(found.recovered, "سلام");
    }

    #[test]
    fn leaves_real_text_alone() {
        for text in [
            "#### 📜📞🔧📝⚖️❌\n",
            "مصاحبه با دو نفر بود که هر دو فنی بودن.\n",
            "Café naïve résumé — “quoted” – ok\n",
            "Straße, Ærø, Ça va?\n",
            "مصاحبه فنی با دو نفر از تیم بک‌اند بود. سوال‌ها بیشتر درباره‌ی پایتون و دیتابیس بود.\n",
        ] {
            assert_eq!(detect_mojibake(text), None, "{text}");
        }
    }

    #[test]
    fn invalid_utf8_is_located() {
        let decoded = decode(b"ab\xffcd");
        assert_eq!(decoded.invalid_utf8_at, Some(2));
        assert_eq!(decoded.text, "ab\u{FFFD}cd");
    }

    #[test]
    fn utf16_is_decoded_with_or_without_a_bom() {
        let text = "# A\n### Status\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let mut le_bom = vec![0xFF, 0xFE];
        le_bom.extend(&le);
        let mut be_bom = vec![0xFE, 0xFF];
        be_bom.extend(&be);
        for (bytes, big_endian, bom) in [
            (le, false, false),
            (be, true, false),
            (le_bom, false, true),
            (be_bom, true, true),
        ] {
            let decoded = decode(&bytes);
            assert_eq!(decoded.text, text);
            assert_eq!(decoded.foreign, Some(Foreign::Utf16 { big_endian, bom }));
        }
        assert_eq!(decode(b"plain\n").foreign, None);
    }

    #[test]
    fn lone_carriage_returns_are_line_breaks() {
        let decoded = decode(b"# A\r### Status\r");
        assert_eq!(decoded.text, "# A\n### Status\n");
        assert_eq!(decoded.foreign, Some(Foreign::CrOnly { lines: 2 }));
        assert_eq!(decode(b"a\r\nb\r\n").foreign, None);
    }

    #[test]
    fn bom_and_crlf_are_counted() {
        let decoded = decode("\u{FEFF}a\r\nb\r\n".as_bytes());
        assert_eq!(decoded.bom_len, 3);
        assert_eq!(decoded.crlf_lines, 2);
    }
}
