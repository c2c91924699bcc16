//! Parser events recorded at build time, for the built-in rule packs: `build.rs` parses
//! each file with `saphyr-parser` and writes its events with [`record`]; at start-up the
//! loader replays them with [`Replay`] instead of scanning 100 KB of YAML again, which was
//! two thirds of the time a one-file check took. The tree built from them is the one
//! parsing would build: same loader, same limits, same spans.
//!
//! This file is also compiled into `build.rs` (`#[path]`), so it uses nothing but `std`
//! and `saphyr-parser`.
//!
//! Format: a header (the text's length and fingerprint, so a recording is never replayed
//! over another text), then one record per event: a kind byte, the span's start and end
//! (byte offsets: the parser reports character indices, converted here once rather than
//! at every start), and the event's fields. Numbers are little-endian `u32`; strings are
//! a length and UTF-8 bytes.

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span, Tag};
use std::borrow::Cow;

const STREAM_START: u8 = 0;
const STREAM_END: u8 = 1;
const DOCUMENT_START: u8 = 2;
const DOCUMENT_END: u8 = 3;
const ALIAS: u8 = 4;
const SCALAR: u8 = 5;
const SEQUENCE_START: u8 = 6;
const SEQUENCE_END: u8 = 7;
const MAPPING_START: u8 = 8;
const MAPPING_END: u8 = 9;
const NOTHING: u8 = 10;

/// FNV-1a over the text, eight bytes at a time (a byte at a time took a tenth of
/// loading the built-in packs). Each step is a bijection of the running hash, so a text
/// that differs from the recorded one in a single word always hashes differently; the
/// length is compared too. It guards against mistakes, not against an attacker.
pub fn fingerprint(text: &str) -> u64 {
    let step = |h: u64, word: u64| (h ^ word).wrapping_mul(0x0100_0000_01b3);
    let chunks = text.as_bytes().chunks_exact(8);
    let tail = chunks.remainder();
    let h = chunks.fold(0xcbf2_9ce4_8422_2325, |h, c| {
        let mut word = [0; 8];
        word.copy_from_slice(c);
        step(h, u64::from_le_bytes(word))
    });
    tail.iter().fold(h, |h, b| step(h, u64::from(*b)))
}

/// The events of `text`, recorded; `None` when it does not parse (the loader then parses
/// it at run time and reports why).
pub fn record(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    put_u64(&mut out, text.len() as u64);
    put_u64(&mut out, fingerprint(text));
    // The byte offset of each character index, and of the end.
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(at, _)| at)
        .chain(std::iter::once(text.len()))
        .collect();
    let byte = |marker: Marker| offsets.get(marker.index()).copied();
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.ok()?;
        let kind = match &event {
            Event::StreamStart => STREAM_START,
            Event::StreamEnd => STREAM_END,
            Event::DocumentStart(_) => DOCUMENT_START,
            Event::DocumentEnd => DOCUMENT_END,
            Event::Alias(_) => ALIAS,
            Event::Scalar(..) => SCALAR,
            Event::SequenceStart(..) => SEQUENCE_START,
            Event::SequenceEnd => SEQUENCE_END,
            Event::MappingStart(..) => MAPPING_START,
            Event::MappingEnd => MAPPING_END,
            Event::Nothing => NOTHING,
        };
        out.push(kind);
        put_u32(&mut out, byte(span.start)?)?;
        put_u32(&mut out, byte(span.end)?)?;
        match &event {
            Event::DocumentStart(explicit) => out.push(u8::from(*explicit)),
            Event::Alias(id) => put_u32(&mut out, *id)?,
            Event::Scalar(value, style, anchor, tag) => {
                out.push(match style {
                    ScalarStyle::Plain => 0,
                    ScalarStyle::SingleQuoted => 1,
                    ScalarStyle::DoubleQuoted => 2,
                    ScalarStyle::Literal => 3,
                    ScalarStyle::Folded => 4,
                });
                put_u32(&mut out, *anchor)?;
                put_tag(&mut out, tag.as_deref())?;
                put_str(&mut out, value)?;
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                put_u32(&mut out, *anchor)?;
                put_tag(&mut out, tag.as_deref())?;
            }
            _ => {}
        }
    }
    Some(out)
}

fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_u32(out: &mut Vec<u8>, n: usize) -> Option<()> {
    out.extend_from_slice(&u32::try_from(n).ok()?.to_le_bytes());
    Some(())
}

fn put_str(out: &mut Vec<u8>, s: &str) -> Option<()> {
    put_u32(out, s.len())?;
    out.extend_from_slice(s.as_bytes());
    Some(())
}

fn put_tag(out: &mut Vec<u8>, tag: Option<&Tag>) -> Option<()> {
    match tag {
        None => out.push(0),
        Some(tag) => {
            out.push(1);
            put_str(out, &tag.handle)?;
            put_str(out, &tag.suffix)?;
        }
    }
    Some(())
}

/// The events of a recording, as the parser gave them but with spans in byte offsets; a
/// recording that is cut short or malformed ends with a scan error rather than a panic.
pub struct Replay<'r> {
    data: &'r [u8],
    done: bool,
}

impl<'r> Replay<'r> {
    /// The recording's events, if it was made from `text`.
    pub fn of(recording: &'r [u8], text: &str) -> Option<Replay<'r>> {
        let mut replay = Replay {
            data: recording,
            done: false,
        };
        let len = replay.u64()?;
        let hash = replay.u64()?;
        (len == text.len() as u64 && hash == fingerprint(text)).then_some(replay)
    }

    fn take(&mut self, n: usize) -> Option<&'r [u8]> {
        if self.data.len() < n {
            return None;
        }
        let (head, rest) = self.data.split_at(n);
        self.data = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn u32(&mut self) -> Option<usize> {
        let b = self.take(4)?;
        usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok()
    }

    fn u64(&mut self) -> Option<u64> {
        let b = self.take(8)?;
        let mut bytes = [0; 8];
        bytes.copy_from_slice(b);
        Some(u64::from_le_bytes(bytes))
    }

    fn str(&mut self) -> Option<&'r str> {
        let len = self.u32()?;
        std::str::from_utf8(self.take(len)?).ok()
    }

    fn tag(&mut self) -> Option<Option<Cow<'r, Tag>>> {
        Some(match self.u8()? {
            0 => None,
            _ => Some(Cow::Owned(Tag {
                handle: self.str()?.to_string(),
                suffix: self.str()?.to_string(),
            })),
        })
    }

    fn event(&mut self) -> Option<(Event<'r>, Span)> {
        let kind = self.u8()?;
        let start = self.u32()?;
        let end = self.u32()?;
        let event = match kind {
            STREAM_START => Event::StreamStart,
            STREAM_END => Event::StreamEnd,
            DOCUMENT_START => Event::DocumentStart(self.u8()? != 0),
            DOCUMENT_END => Event::DocumentEnd,
            ALIAS => Event::Alias(self.u32()?),
            SCALAR => {
                let style = match self.u8()? {
                    0 => ScalarStyle::Plain,
                    1 => ScalarStyle::SingleQuoted,
                    2 => ScalarStyle::DoubleQuoted,
                    3 => ScalarStyle::Literal,
                    _ => ScalarStyle::Folded,
                };
                let anchor = self.u32()?;
                let tag = self.tag()?;
                Event::Scalar(Cow::Borrowed(self.str()?), style, anchor, tag)
            }
            SEQUENCE_START => Event::SequenceStart(self.u32()?, self.tag()?),
            SEQUENCE_END => Event::SequenceEnd,
            MAPPING_START => Event::MappingStart(self.u32()?, self.tag()?),
            MAPPING_END => Event::MappingEnd,
            NOTHING => Event::Nothing,
            _ => return None,
        };
        let span = Span::new(Marker::new(start, 0, 0), Marker::new(end, 0, 0));
        Some((event, span))
    }
}

impl<'r> Iterator for Replay<'r> {
    type Item = Result<(Event<'r>, Span), ScanError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        // Anything but a whole stream, up to its end, is damage.
        let event = self.event();
        self.done = match &event {
            Some((Event::StreamEnd, _)) | None => true,
            Some(_) => false,
        };
        Some(event.ok_or_else(|| ScanError::new_str(Marker::new(0, 1, 0), "a damaged recording")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{load, load_recorded, Limits};

    const TEXTS: &[&str] = &[
        "format: 1\naccount:\n  email: a@b.example\n  phone: \"+8613800138000\"\n",
        "name: 上海艾克梅贸易有限公司\r\nregion: CN\r\n",
        "\u{feff}a: &x [1, 2.5, ~, true, 'q', \"d\\u00e9\"]\nb: *x\nc: !!str 12\nd: ! 12\n",
        "text: |\n  two\n  lines\nfolded: >\n  one\n  line\n",
        "a: 1\na: 2\n",
        "a: 1\n---\nb: 2\n",
        "# nothing\n",
        "[1, {a: b}, [c]]\n",
    ];

    fn same(text: &str) {
        let recording = record(text).expect("parses");
        let replayed = load_recorded(text, &recording, &Limits::default());
        let parsed = load(text, &Limits::default());
        assert_eq!(format!("{replayed:?}"), format!("{parsed:?}"), "{text:?}");
    }

    #[test]
    fn replaying_builds_the_tree_parsing_builds() {
        for text in TEXTS {
            same(text);
        }
    }

    #[test]
    fn a_recording_is_replayed_only_over_its_own_text() {
        let recording = record("a: 1\n").expect("parses");
        assert!(Replay::of(&recording, "a: 1\n").is_some());
        assert!(Replay::of(&recording, "a: 2\n").is_none());
        assert!(Replay::of(&recording, "a: 10\n").is_none());
        // Not replayed, so parsed: the tree is the other text's.
        let loaded = load_recorded("b: 2\n", &recording, &Limits::default());
        assert!(loaded.root.is_some_and(|r| r.get("b").is_some()));
    }

    #[test]
    fn a_damaged_recording_ends_in_a_diagnostic() {
        let text = TEXTS[2];
        let recording = record(text).expect("parses");
        for cut in 0..recording.len() {
            let loaded = load_recorded(text, &recording[..cut], &Limits::default());
            assert!(loaded.root.is_some() || !loaded.diagnostics.is_empty());
        }
        let mut garbled = recording.clone();
        garbled[16] = 0xff;
        assert!(!load_recorded(text, &garbled, &Limits::default())
            .diagnostics
            .is_empty());
    }

    #[test]
    fn text_that_does_not_parse_is_not_recorded() {
        assert!(record("a: [1,\n").is_none());
    }
}
