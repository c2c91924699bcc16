//! Byte offsets (the engine's spans) to and from LSP positions, in the position encoding
//! negotiated with the client: UTF-16 code units unless the client offers UTF-8 or UTF-32.
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the protocol says.

use lsp_types::{Position, PositionEncodingKind, Range};

/// The unit a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The encoding to use given the client's `general.positionEncodings`: UTF-8 when it
    /// offers it (the engine's own unit: nothing to count), else UTF-32, else UTF-16, the
    /// protocol's default that every client supports.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

/// Where each line of a text starts.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(at) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + at;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(next);
            i = next;
        }
        LineIndex { starts }
    }

    /// The end of line `line`'s content (before its line break).
    fn content_end(&self, text: &str, line: usize) -> usize {
        match self.starts.get(line + 1) {
            Some(&next) => {
                let b = text.as_bytes();
                let mut end = next;
                if end > 0 && b[end - 1] == b'\n' {
                    end -= 1;
                }
                if end > 0 && b[end - 1] == b'\r' {
                    end -= 1;
                }
                end.max(self.starts[line])
            }
            None => text.len(),
        }
    }

    /// The position of byte `offset` (clamped to the text, and back to a character start).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character = match encoding {
            Encoding::Utf8 => (offset - start) as u32,
            _ => text[start..offset].chars().map(|c| encoding.width(c)).sum(),
        };
        Position::new(line as u32, character)
    }

    pub fn range(&self, text: &str, span: &std::ops::Range<usize>, encoding: Encoding) -> Range {
        Range::new(
            self.position(text, span.start, encoding),
            self.position(text, span.end, encoding),
        )
    }

    /// The byte offset of `position`: a line past the end is the end of the text, a
    /// character past the line's end is its end, and one inside a character its start.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.content_end(text, line);
        let mut units = 0u32;
        for (i, c) in text[start..end].char_indices() {
            let w = encoding.width(c);
            if units + w > position.character {
                return start + i;
            }
            units += w;
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_units_after_chinese_text_bom_and_crlf() {
        let text = "\u{feff}a: 1\r\nname: 上海𝄞x\r\nb\rc\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        // 上海 are one UTF-16 unit each, 𝄞 is two; in UTF-8 three and four bytes.
        assert_eq!(
            index.position(text, x, Encoding::Utf16),
            Position::new(1, 10)
        );
        assert_eq!(
            index.position(text, x, Encoding::Utf32),
            Position::new(1, 9)
        );
        assert_eq!(
            index.position(text, x, Encoding::Utf8),
            Position::new(1, 16)
        );
        for e in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let p = index.position(text, x, e);
            assert_eq!(index.offset(text, p, e), x);
        }
        // The byte-order mark is a character of the first line.
        assert_eq!(
            index.position(text, 1 + 3, Encoding::Utf16),
            Position::new(0, 2)
        );
        // A lone \r ends a line; a character past a line's end is its end (before \r\n).
        assert_eq!(
            index.position(text, text.find('c').unwrap(), Encoding::Utf16),
            Position::new(3, 0)
        );
        assert_eq!(
            index.offset(text, Position::new(0, 99), Encoding::Utf16),
            text.find('\r').unwrap()
        );
        assert_eq!(
            index.offset(text, Position::new(99, 0), Encoding::Utf16),
            text.len()
        );
        // A position inside a surrogate pair is the character's start.
        let clef = text.find('𝄞').unwrap();
        assert_eq!(
            index.offset(text, Position::new(1, 9), Encoding::Utf16),
            clef
        );
    }

    #[test]
    fn negotiates_utf16_unless_offered_another() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        let offered = [PositionEncodingKind::UTF32, PositionEncodingKind::UTF16];
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf32);
        let offered = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf8);
    }
}
