//! The stdio transport: `lsp-server`'s messages, framed as the protocol says
//! (`Content-Length` headers), on two threads. Unlike `lsp-server`'s own stdio transport,
//! a message whose body is not JSON-RPC is reported and passed over, not the end of the
//! session; a frame that cannot be read (no length, or the stream ends inside it) ends
//! it, as nothing after it can be trusted to start where a message starts.

use crossbeam_channel::{bounded, Receiver, Sender};
use lsp_server::{Message, Notification};
use std::io::{self, BufRead, Read, Write};
use std::thread;

/// The largest message body read: a document ten times the default file-size limit.
/// Past it the body is skipped, and the client is told why.
pub const MAX_MESSAGE: usize = 100 * 1024 * 1024;

/// What reading one frame gave.
pub enum Frame {
    Message(Message),
    /// A body that is not a message, with why: passed over.
    Malformed(String),
    /// The stream ended between messages.
    End,
}

/// Reads the next frame from `input`. `Err` means the framing is broken.
pub fn read_frame(input: &mut impl BufRead) -> io::Result<Frame> {
    let mut length: Option<usize> = None;
    let mut line = String::new();
    loop {
        line.clear();
        // A header line is short: a longer one is not a header.
        let n = input.by_ref().take(1024).read_line(&mut line)?;
        if n == 0 {
            return match length {
                None => Ok(Frame::End),
                Some(_) => Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the stream ended inside a message's headers",
                )),
            };
        }
        if !line.ends_with('\n') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "a header line is too long or unterminated",
            ));
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("not a header: {:?}", header.escape_debug().to_string()),
            )
        })?;
        if name.trim().eq_ignore_ascii_case("content-length") {
            length = Some(value.trim().parse().map_err(|_| {
                io::Error::new(io::ErrorKind::InvalidData, "Content-Length is not a number")
            })?);
        }
    }
    let length = length.ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "a message without Content-Length",
        )
    })?;
    if length > MAX_MESSAGE {
        let skipped = io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        // `take` stops quietly at the end of the stream: a body cut short is broken
        // framing, as `read_exact` says of a short one below.
        if skipped < length as u64 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the stream ended inside a message's body",
            ));
        }
        return Ok(Frame::Malformed(format!(
            "a message of {length} bytes, more than the {MAX_MESSAGE} this server reads"
        )));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Frame::Message(message),
        Err(e) => Frame::Malformed(format!("a message that is not JSON-RPC: {e}")),
    })
}

/// Handles on the transport's threads.
pub struct Threads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<()>,
}

impl Threads {
    /// Waits for the writer to flush what the server sent. The reader is not waited for:
    /// it may sit in a read of a client that keeps its end open after `exit`.
    pub fn join(self) {
        let _ = self.writer.join();
        drop(self.reader);
    }
}

/// A connection over `input` and `output`, for the server's main loop.
pub fn connect(
    input: impl Read + Send + 'static,
    output: impl Write + Send + 'static,
) -> (Sender<Message>, Receiver<Message>, Threads) {
    let (to_client, outgoing) = bounded::<Message>(16);
    let writer = thread::spawn(move || {
        let mut output = io::BufWriter::new(output);
        for message in outgoing {
            // A client that went away: nothing more can reach it.
            if message
                .write(&mut output)
                .and_then(|()| output.flush())
                .is_err()
            {
                break;
            }
        }
    });
    let (incoming, from_client) = bounded::<Message>(16);
    let reader = thread::spawn(move || {
        let mut input = io::BufReader::new(input);
        loop {
            match read_frame(&mut input) {
                Ok(Frame::Message(message)) => {
                    let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                    if incoming.send(message).is_err() || exit {
                        break;
                    }
                }
                Ok(Frame::Malformed(why)) => {
                    // Told to the main loop, which tells the client: the writer must
                    // have no sender but the server's, to end when the server does.
                    let notice = Notification::new(MALFORMED.into(), why);
                    if incoming.send(Message::Notification(notice)).is_err() {
                        break;
                    }
                }
                Ok(Frame::End) => break,
                Err(e) => {
                    let _ = writeln!(
                        io::stderr(),
                        "partnerlint server: cannot read the client's messages: {e}"
                    );
                    break;
                }
            }
        }
        // Dropping `incoming` tells the main loop the client is gone.
    });
    (to_client, from_client, Threads { reader, writer })
}

/// The notification the reader gives the main loop for a message it passed over (its
/// parameter says why).
pub const MALFORMED: &str = "partnerlint/passedOver";

/// What the client is told of a message passed over ([`MALFORMED`]).
pub fn passed_over(notice: &Notification) -> Message {
    let why = notice.params.as_str().unwrap_or("a malformed message");
    log_message(&format!("partnerlint: passed over {why}"))
}

/// A `window/logMessage` notification (type 3: info).
pub fn log_message(text: &str) -> Message {
    Message::Notification(Notification::new(
        "window/logMessage".into(),
        serde_json::json!({"type": 3, "message": text}),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<String> {
        let mut input = io::Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        loop {
            match read_frame(&mut input) {
                Ok(Frame::Message(Message::Notification(n))) => out.push(n.method),
                Ok(Frame::Message(_)) => out.push("other".into()),
                Ok(Frame::Malformed(_)) => out.push("malformed".into()),
                Ok(Frame::End) => return out,
                Err(_) => {
                    out.push("broken".into());
                    return out;
                }
            }
        }
    }

    #[test]
    fn passes_over_a_body_that_is_not_json_rpc() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "Content-Length: 5\r\n\r\n{{oops{}Content-Length: {}\r\n\r\n{good}",
            "",
            good.len()
        );
        assert_eq!(frames(&input), ["malformed", "initialized"]);
        assert_eq!(frames("Content-Type: x\r\n\r\n"), ["broken"]);
        assert_eq!(frames("Content-Length: 99\r\n\r\n{}"), ["broken"]);
        assert_eq!(frames(""), Vec::<String>::new());
    }

    /// A message too long to read is passed over, but one whose stream ends before its
    /// announced length is broken framing, however long it said it was.
    #[test]
    fn a_long_message_cut_short_is_broken_framing() {
        let too_long = format!("Content-Length: {}\r\n\r\n{{}}", MAX_MESSAGE + 1);
        assert_eq!(frames(&too_long), ["broken"]);
    }
}
