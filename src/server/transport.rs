//! Content-Length framed JSON-RPC over stdin/stdout, bounded.
//!
//! `lsp-server`'s own stdio transport allocates whatever `Content-Length`
//! says and stops reading at the first malformed message. This one keeps
//! the server alive whatever bytes arrive: a frame larger than
//! [`MAX_FRAME`] is skipped without being buffered, a body that is not a
//! JSON-RPC message is logged to stderr and skipped, and only the end of
//! input (or the `exit` notification) stops the reader.
//!
//! The writer thread owns stdout, so nothing else can interleave bytes
//! with protocol messages.

use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, Message};

/// The largest message body read: far above any write-up (a document is
/// sent whole on every change), far below what would exhaust memory.
pub const MAX_FRAME: usize = 64 * 1024 * 1024;

/// A header line longer than this is not LSP framing.
const MAX_HEADER_LINE: usize = 1024;

/// A connection over this process's stdin/stdout, and the writer thread to
/// join (after dropping the connection) so every reply is flushed.
pub fn stdio() -> (Connection, JoinHandle<io::Result<()>>) {
    let (to_writer, from_server) = crossbeam_channel::unbounded::<Message>();
    let (to_server, from_reader) = crossbeam_channel::unbounded::<Message>();
    let writer = std::thread::spawn(move || write_all(&from_server));
    std::thread::spawn(move || read_all(&mut io::stdin().lock(), &to_server));
    (
        Connection {
            sender: to_writer,
            receiver: from_reader,
        },
        writer,
    )
}

fn write_all(messages: &Receiver<Message>) -> io::Result<()> {
    let mut out = io::stdout().lock();
    for message in messages {
        message.write(&mut out)?;
    }
    out.flush()
}

fn read_all(input: &mut impl BufRead, to_server: &Sender<Message>) {
    loop {
        match read_frame(input) {
            Ok(Frame::End) => return,
            Ok(Frame::Skipped(why)) => {
                crate::terminal::error_line(&format!("jobmark server: skipped a message: {why}"))
            }
            Ok(Frame::Body(body)) => match serde_json::from_slice::<Message>(&body) {
                Ok(message) => {
                    let is_exit =
                        matches!(&message, Message::Notification(n) if n.method == "exit");
                    if to_server.send(message).is_err() || is_exit {
                        return;
                    }
                }
                Err(error) => crate::terminal::error_line(&format!(
                    "jobmark server: skipped a message that is not JSON-RPC: {error}"
                )),
            },
            Err(error) => {
                crate::terminal::error_line(&format!(
                    "jobmark server: cannot read from the client: {error}"
                ));
                return;
            }
        }
    }
}

/// Consume input up to and including the next `\n`, holding at most one
/// buffer of it.
fn skip_line(input: &mut impl BufRead) -> io::Result<()> {
    loop {
        let buffer = input.fill_buf()?;
        if buffer.is_empty() {
            return Ok(());
        }
        match buffer.iter().position(|&b| b == b'\n') {
            Some(at) => {
                input.consume(at + 1);
                return Ok(());
            }
            None => {
                let all = buffer.len();
                input.consume(all);
            }
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Frame {
    Body(Vec<u8>),
    /// A frame that was read past but cannot be a message.
    Skipped(String),
    End,
}

fn read_frame(input: &mut impl BufRead) -> io::Result<Frame> {
    let mut length: Option<usize> = None;
    let mut bad_header = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        let read = input
            .by_ref()
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            return Ok(Frame::End);
        }
        if !line.ends_with(b"\n") {
            // An endless header line: drop the rest of it too.
            skip_line(input)?;
            bad_header = Some("a header line is too long".to_string());
            continue;
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            // Blank lines between frames carry nothing.
            continue;
        }
        saw_header = true;
        match line.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad_header = Some(format!("bad Content-Length `{}`", value.trim())),
                }
            }
            Some(_) => {}
            None => bad_header = Some(format!("malformed header `{}`", line.escape_debug())),
        }
    }
    let Some(length) = length else {
        return Ok(Frame::Skipped(
            bad_header.unwrap_or_else(|| "no Content-Length".to_string()),
        ));
    };
    if length > MAX_FRAME {
        let skipped = io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        if skipped < length as u64 {
            return Ok(Frame::End);
        }
        return Ok(Frame::Skipped(format!(
            "{length} bytes is more than the {MAX_FRAME} a message may have"
        )));
    }
    let mut body = Vec::new();
    input.by_ref().take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Ok(Frame::End);
    }
    if let Some(why) = bad_header {
        return Ok(Frame::Skipped(why));
    }
    Ok(Frame::Body(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = io::BufReader::new(input);
        let mut out = Vec::new();
        loop {
            match read_frame(&mut reader).unwrap() {
                Frame::End => return out,
                frame => out.push(frame),
            }
        }
    }

    #[test]
    fn frames_are_read_and_bad_ones_skipped_without_stopping() {
        let mut input = Vec::new();
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
        input.extend_from_slice(b"Content-Type: x\r\ncontent-length:3\r\n\r\nabc");
        input.extend_from_slice(b"Content-Length: 99999999999999999999\r\n\r\n");
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n[]");
        input.extend_from_slice(b"Garbage\r\nContent-Length: 1\r\n\r\nx");
        input.extend_from_slice(b"Content-Length: 5\r\n\r\nab");
        let read = frames(&input);
        assert_eq!(read[0], Frame::Body(b"{}".to_vec()));
        assert_eq!(read[1], Frame::Body(b"abc".to_vec()));
        assert!(matches!(&read[2], Frame::Skipped(why) if why.contains("Content-Length")));
        assert_eq!(read[3], Frame::Body(b"[]".to_vec()));
        assert!(matches!(&read[4], Frame::Skipped(why) if why.contains("Garbage")));
        // A truncated body is the end of input.
        assert_eq!(read.len(), 5);
    }

    #[test]
    fn an_oversized_frame_is_skipped_not_buffered() {
        let big = MAX_FRAME + 10;
        let mut input = format!("Content-Length: {big}\r\n\r\n").into_bytes();
        input.resize(input.len() + big, b' ');
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
        let read = frames(&input);
        assert!(matches!(&read[0], Frame::Skipped(why) if why.contains("more than")));
        assert_eq!(read[1], Frame::Body(b"{}".to_vec()));
    }

    #[test]
    fn a_long_header_line_is_skipped() {
        let mut input = vec![b'x'; MAX_HEADER_LINE * 3];
        input.extend_from_slice(b"\r\nContent-Length: 2\r\n\r\n{}");
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
        let read = frames(&input);
        assert!(matches!(&read[0], Frame::Skipped(why) if why.contains("too long")));
        assert_eq!(read[1], Frame::Body(b"{}".to_vec()));
    }
}
