//! Making repository text safe to print to a terminal or a CI log, and
//! writing to standard output and error without ever panicking.
//!
//! Every byte of a repository is written by strangers (pull requests). A
//! file name, a heading or a commit author can hold ESC sequences (OSC 8
//! links, window titles, cursor moves, the "set clipboard" sequence), a
//! carriage return that overwrites what was printed before it, a line
//! break followed by `::error ...` (a GitHub workflow command, which a CI
//! log executes), or bidi overrides that make the text read differently
//! from what it is.
//!
//! Invariants:
//! - [`escape`] output contains no C0 control (including `\n`, `\r`, `\t`),
//!   no DEL, no C1 control and no bidi override or isolate: each is replaced
//!   by a visible `\n`, `\r`, `\t` or `\u{..}` escape. It is for one-line
//!   text: paths, messages, names.
//! - [`escape_multiline`] keeps `\n`, `\t` and the `\r` of a `\r\n` line
//!   ending and escapes everything else [`escape`] escapes. It is for
//!   source snippets and multi-line messages. ESC never passes either.
//! - Text without anything to escape is returned borrowed: the common case
//!   costs one scan and no allocation.
//! - [`write_stdout`] and [`write_stderr`] never panic. A failed write
//!   (closed pipe, full disk behind `2>/dev/full`) is remembered, the run
//!   goes on quietly, and [`output_failed`] tells `main` to exit 2.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether `c` must never reach a terminal as it is.
fn is_dangerous(c: char) -> bool {
    c.is_control() // C0, DEL and C1
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        _ => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// One-line text with every control character made visible.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_where(text, |_, _| true)
}

/// Multi-line text (a source snippet, a message of several lines): line
/// breaks and tabs stay, every other control character is made visible.
pub fn escape_multiline(text: &str) -> Cow<'_, str> {
    escape_where(text, |c, next| match c {
        '\n' | '\t' => false,
        '\r' => next != Some('\n'),
        _ => true,
    })
}

/// Escape the dangerous characters for which `must_escape(c, next)` holds.
fn escape_where(text: &str, must_escape: impl Fn(char, Option<char>) -> bool) -> Cow<'_, str> {
    let mut escaped: Option<String> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let hide = is_dangerous(c) && must_escape(c, next);
        match (&mut escaped, hide) {
            (Some(out), true) => push_escaped(out, c),
            (Some(out), false) => out.push(c),
            (None, true) => {
                let mut out = String::with_capacity(text.len() + 16);
                out.push_str(&text[..i]);
                push_escaped(&mut out, c);
                escaped = Some(out);
            }
            (None, false) => {}
        }
    }
    escaped.map_or(Cow::Borrowed(text), Cow::Owned)
}

/// Escape `text` for a snippet and map two byte offsets of `text` (a
/// span's start and end, on character boundaries) to offsets in the
/// escaped text, so an underline still points at the same characters.
pub fn escape_multiline_with_offsets(text: &str, offsets: [usize; 2]) -> (String, [usize; 2]) {
    let mut out = String::with_capacity(text.len());
    let mut mapped = offsets;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        for (offset, target) in offsets.iter().zip(mapped.iter_mut()) {
            if *offset == i {
                *target = out.len();
            }
        }
        let next = chars.peek().map(|&(_, n)| n);
        let keep = match c {
            '\n' | '\t' => true,
            '\r' => next == Some('\n'),
            _ => !is_dangerous(c),
        };
        if keep {
            out.push(c);
        } else {
            push_escaped(&mut out, c);
        }
    }
    for (offset, target) in offsets.iter().zip(mapped.iter_mut()) {
        if *offset >= text.len() {
            *target = out.len();
        }
    }
    (out, mapped)
}

static OUTPUT_FAILED: AtomicBool = AtomicBool::new(false);

/// Whether a write to standard output or error failed during this run.
pub fn output_failed() -> bool {
    OUTPUT_FAILED.load(Ordering::Relaxed)
}

/// Remember that output was lost (a closed or full stdout or stderr).
pub fn record_output_failure() {
    OUTPUT_FAILED.store(true, Ordering::Relaxed);
}

/// Write `text` to standard error as it is (the caller escaped repository
/// text in it), never panicking.
pub fn write_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    if err
        .write_all(text.as_bytes())
        .and_then(|()| err.flush())
        .is_err()
    {
        record_output_failure();
    }
}

/// Write `text` to standard output, never panicking.
pub fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        record_output_failure();
    }
}

/// One line to standard error (a message, an error), with every control
/// character of it made visible, line breaks included: a path holding
/// `\n::error ...` stays on this line. Never panics.
pub fn error_line(line: &str) {
    let mut text = escape(line).into_owned();
    text.push('\n');
    write_stderr(&text);
}

/// Several lines to standard error (a rendered configuration error): line
/// breaks stay, every other control character is made visible.
pub fn error_block(text: &str) {
    let mut text = escape_multiline(text).into_owned();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    write_stderr(&text);
}

/// `eprintln!` for messages that may hold repository text: the formatted
/// line goes through [`error_line`], so it is escaped and cannot panic.
#[macro_export]
macro_rules! eprintln_escaped {
    ($($arg:tt)*) => {
        $crate::terminal::error_line(&format!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_makes_every_control_visible() {
        assert_eq!(escape("plain ünïcode 📜"), "plain ünïcode 📜");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape("x\n::error file=evil.md::X.md"),
            "x\\n::error file=evil.md::X.md"
        );
        assert_eq!(
            escape("\x1b]8;;http://x\x07a"),
            "\\u{1b}]8;;http://x\\u{7}a"
        );
        assert_eq!(escape("a\rb\tc\u{7f}\u{9b}"), "a\\rb\\tc\\u{7f}\\u{9b}");
        assert_eq!(escape("\u{202e}abc"), "\\u{202e}abc");
        // Persian text keeps its zero-width non-joiner.
        assert_eq!(escape("می\u{200c}خواهم"), "می\u{200c}خواهم");
    }

    #[test]
    fn multiline_keeps_line_structure_only() {
        assert_eq!(escape_multiline("a\r\nb\n\tc"), "a\r\nb\n\tc");
        assert_eq!(escape_multiline("a\rb\x1b[2Jc"), "a\\rb\\u{1b}[2Jc");
    }

    #[test]
    fn offsets_follow_the_escaped_text() {
        let text = "a\x1bbc\n";
        let (escaped, [start, end]) = escape_multiline_with_offsets(text, [2, 4]);
        assert_eq!(escaped, "a\\u{1b}bc\n");
        assert_eq!(&escaped[start..end], "bc");
        let (_, [start, end]) = escape_multiline_with_offsets(text, [5, 5]);
        assert_eq!((start, end), (escaped.len(), escaped.len()));
    }
}
