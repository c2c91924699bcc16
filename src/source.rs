//! Source text and the mapping from byte offsets to lines and columns.

use std::ops::Range;

/// A byte range into a source text.
pub type Span = Range<usize>;

/// A file's text with a line index, so positions can be reported as line and column.
#[derive(Debug, Clone)]
pub struct SourceText {
    text: String,
    /// Built when a position is first asked for: most files checked have nothing to
    /// report, and indexing every line of every file showed in the profile.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// How many characters the text holds before each block of `CHAR_BLOCK` bytes, built
    /// when a column is first asked for on a long line: counting a column from the start
    /// of a megabyte line for each of thousands of findings on it was quadratic.
    char_blocks: std::sync::OnceLock<Vec<usize>>,
}

/// The bytes of text `SourceText::char_blocks` counts per entry.
const CHAR_BLOCK: usize = 4096;

/// Whether `b` starts a UTF-8 character (is not a continuation byte).
fn starts_char(b: &u8) -> bool {
    (*b as i8) >= -0x40
}

/// A 1-based line and column; the column counts Unicode characters (code points).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceText {
    pub fn new(text: String) -> Self {
        SourceText {
            text,
            line_starts: std::sync::OnceLock::new(),
            char_blocks: std::sync::OnceLock::new(),
        }
    }

    /// The offset each line starts at, found on first use.
    pub fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1));
            starts
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The position of a byte offset. Offsets inside a character or past the end are
    /// clamped, so a position is always printable.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_starts().partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts()[line];
        let mut column = self.chars_between(start, offset) + 1;
        // A byte-order mark is not a column anyone sees.
        if line == 0 && self.text.starts_with('\u{feff}') && offset > 0 {
            column -= 1;
        }
        Position {
            line: line + 1,
            column,
        }
    }

    /// The position just past the last character of a span (end-exclusive), as editors
    /// and SARIF count an end column.
    pub fn end_position(&self, span: &Span) -> Position {
        let mut end = span.end.max(span.start);
        // An end that sits on a line break belongs to the line it ends.
        while end > span.start && matches!(self.text.as_bytes().get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        self.position(end)
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.position(offset).line
    }

    /// The byte range of the line holding `offset`, without its line break.
    pub fn line_span(&self, offset: usize) -> Span {
        let offset = offset.min(self.text.len());
        let line = self.line_starts().partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts()[line];
        let mut end = self
            .line_starts()
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// How many characters `text[start..end]` holds; in time bounded by the block size,
    /// however long the range.
    fn chars_between(&self, start: usize, end: usize) -> usize {
        if end - start <= 2 * CHAR_BLOCK {
            return self.text[start..end].chars().count();
        }
        self.chars_before(end) - self.chars_before(start)
    }

    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let blocks = self.char_blocks.get_or_init(|| {
            let mut counts = vec![0];
            let mut total = 0;
            for block in bytes.chunks(CHAR_BLOCK) {
                total += block.iter().filter(|b| starts_char(b)).count();
                counts.push(total);
            }
            counts
        });
        let block = offset / CHAR_BLOCK;
        let from = block * CHAR_BLOCK;
        blocks[block]
            + bytes[from..offset]
                .iter()
                .filter(|b| starts_char(b))
                .count()
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// Converts the parser's character offsets to byte offsets. The parser reports positions
/// in characters; miette and every report format want bytes. Positions arrive nearly in
/// order, so a cursor that walks from the last answer costs little, with no table.
pub struct CharToByte<'a> {
    text: &'a str,
    /// Whether character indices are byte offsets already (ASCII text).
    identity: bool,
    char_pos: usize,
    byte_pos: usize,
}

impl<'a> CharToByte<'a> {
    pub fn new(text: &'a str) -> Self {
        CharToByte {
            text,
            identity: text.is_ascii(),
            char_pos: 0,
            byte_pos: 0,
        }
    }

    pub fn byte(&mut self, char_index: usize) -> usize {
        if self.identity {
            return char_index.min(self.text.len());
        }
        if char_index < self.char_pos / 2 {
            self.char_pos = 0;
            self.byte_pos = 0;
        }
        while self.char_pos < char_index {
            match self.text[self.byte_pos..].chars().next() {
                Some(c) => {
                    self.byte_pos += c.len_utf8();
                    self.char_pos += 1;
                }
                None => break,
            }
        }
        while self.char_pos > char_index {
            match self.text[..self.byte_pos].chars().next_back() {
                Some(c) => {
                    self.byte_pos -= c.len_utf8();
                    self.char_pos -= 1;
                }
                None => break,
            }
        }
        self.byte_pos
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let src = SourceText::new("name: 上海艾克梅\nx: 1\n".to_string());
        let x = src.text().find('x').unwrap();
        assert_eq!(src.position(x), Position { line: 2, column: 1 });
        let one = src.text().find('1').unwrap();
        assert_eq!(src.position(one), Position { line: 2, column: 4 });
        let last = src.text().find('梅').unwrap();
        assert_eq!(src.position(last).column, 11);
    }

    /// On a line longer than the blocks of counted characters, columns are counted from
    /// the blocks, and agree with counting from the start of the line.
    #[test]
    fn columns_on_a_long_line_of_non_ascii_text() {
        let line: String = (0..5_000)
            .map(|i| if i % 3 == 0 { "海," } else { "ab," })
            .collect();
        let src = SourceText::new(format!("x: 1\n{line}\n"));
        let start = 5;
        for (at, _) in src
            .text()
            .char_indices()
            .filter(|(at, _)| at % 997 == 0 && *at > start)
        {
            let expected = src.text()[start..at].chars().count() + 1;
            assert_eq!(
                src.position(at),
                Position {
                    line: 2,
                    column: expected
                },
                "{at}"
            );
        }
    }

    #[test]
    fn char_to_byte_walks_both_ways() {
        let text = "a上b海c";
        let mut c = CharToByte::new(text);
        assert_eq!(c.byte(3), 5);
        assert_eq!(c.byte(1), 1);
        assert_eq!(c.byte(5), 9);
        assert_eq!(c.byte(2), 4);
    }
}
