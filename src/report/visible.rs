//! What text from input may look like in a report. Every string that can carry input
//! (file names, messages that echo values, help, labels, suppression reasons, rule
//! ids and policy versions from packs, JSON Pointers of keys, and the snippets of the
//! human report) goes through [`text`] or [`source`] before any format renders it, so no
//! byte of input can act on the reader of a report:
//!
//! - control characters (C0 but tab, DEL, C1), the line and paragraph separators and the
//!   bidirectional overrides and isolates are shown as escapes: `\r`, `\n`, `\u{1b}`,
//!   `\u{202e}`. No input starts a line, moves the cursor, writes the clipboard (OSC 52)
//!   or reorders what the reader sees (the "Trojan Source" attack).
//! - `##` becomes `#\u{23}`: CI runners read `##[command]` (GitHub Actions' old syntax)
//!   and `##vso[command]` (Azure Pipelines) anywhere in a log line.
//! - `::` that begins a word becomes `:\u{3a}`: GitHub Actions reads a line whose first
//!   word (after spaces) starts with `::` as a workflow command, and a report may wrap a
//!   long line at any space.
//!
//! The escapes are printable ASCII, so applying [`text`] twice changes nothing.

use crate::file_check::FileReport;
use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is shown as an escape rather than as itself.
pub fn hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{a}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `text` needs any escape: the common case (no) costs one pass and no copy.
/// With `keep_lines` (as [`escape_into`] takes it) a line feed stays, so text whose only
/// hidden characters are line feeds needs none (a carriage return stays only before one:
/// any takes the long way).
fn needs_escape(text: &str, keep_lines: bool) -> bool {
    text.contains("##")
        || text.contains("::")
        || text
            .chars()
            .any(|c| hidden(c) && !(keep_lines && c == '\n'))
}

/// `text` as a report shows it (see the module's note).
pub fn text(text: &str) -> Cow<'_, str> {
    if !needs_escape(text, false) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(&mut out, text, false, &mut |_, _| {});
    Cow::Owned(out)
}

/// `text`, owned: for the places that store what they show.
pub fn owned(s: &str) -> String {
    text(s).into_owned()
}

/// `text` with its line breaks kept, for documentation that only JSON formats carry
/// (where a line break is `\n` in a string, never a new line of the report).
pub fn paragraphs(text: &str) -> String {
    source(text).0.into_owned()
}

/// A file's text as the human report's snippets show it, with line breaks kept, and a
/// map from the file's byte offsets to the shown text's (spans point into the file).
pub fn source(text: &str) -> (Cow<'_, str>, OffsetMap) {
    let mut map = OffsetMap::default();
    if !needs_escape(text, true) {
        return (Cow::Borrowed(text), map);
    }
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(&mut out, text, true, &mut |at, added| {
        map.total += added;
        map.after.push((at, map.total));
    });
    match map.total {
        // Only line breaks, which stay.
        0 => (Cow::Borrowed(text), map),
        _ => (Cow::Owned(out), map),
    }
}

/// Where each byte offset of a file lands in its shown text.
#[derive(Debug, Default)]
pub struct OffsetMap {
    /// For each escaped character, in order: its offset in the file, and how many bytes
    /// the shown text has gained up to and including it.
    after: Vec<(usize, usize)>,
    total: usize,
}

impl OffsetMap {
    /// The offset in the shown text of the file's byte `offset`.
    pub fn map(&self, offset: usize) -> usize {
        let before = self.after.partition_point(|(at, _)| *at < offset);
        offset + before.checked_sub(1).map_or(0, |i| self.after[i].1)
    }
}

/// Appends `text`, escaped, to `out`; `grew(offset, bytes)` hears of each escape.
/// `keep_lines` keeps LF, and CR before LF, as they are (a file's line breaks).
fn escape_into(out: &mut String, text: &str, keep_lines: bool, grew: &mut dyn FnMut(usize, usize)) {
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        let start = out.len();
        match c {
            '\n' if keep_lines => out.push(c),
            '\r' if keep_lines && next == Some('\n') => out.push(c),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            c if hidden(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            '#' if previous == Some('#') => out.push_str("\\u{23}"),
            ':' if next == Some(':') && previous.is_none_or(char::is_whitespace) => {
                out.push_str("\\u{3a}")
            }
            c => out.push(c),
        }
        let added = (out.len() - start).saturating_sub(c.len_utf8());
        if added > 0 {
            grew(at, added);
        }
        // An escaped `#` or `:` ends the run it was in: `###` is `#\u{23}#`, not a new pair.
        previous = if added > 0 { None } else { Some(c) };
        if added > 0 && matches!(c, '#' | ':') {
            previous = Some('\\');
        }
    }
}

/// Escapes, in place, every string of `report` that can carry input, but its path (each
/// format shows the path its own way, see [`path`]) and its source (see [`source`]).
pub fn report(report: &mut FileReport) {
    fn escape(s: &mut String) {
        if let Cow::Owned(shown) = text(s) {
            *s = shown;
        }
    }
    if let Some(policy) = &mut report.policy {
        escape(policy);
    }
    report.off.iter_mut().for_each(escape);
    for s in &mut report.suppressed {
        if let Some(reason) = &mut s.reason {
            escape(reason);
        }
    }
    let suppressed = report.suppressed.iter_mut().map(|s| &mut s.diagnostic);
    for d in report.diagnostics.iter_mut().chain(suppressed) {
        escape(&mut d.rule);
        escape(&mut d.message);
        escape(&mut d.pointer);
        if let Some(help) = &mut d.help {
            escape(help);
        }
        for label in d.primary.iter_mut().chain(d.secondary.iter_mut()) {
            if let Some(t) = &mut label.text {
                escape(t);
            }
        }
        // A fix's text echoes input (the value it quotes): shown escaped as the rest,
        // though an escaped edit then no longer writes what `--fix` would.
        if let Some(fix) = &mut d.fix {
            escape(&mut fix.message);
            fix.edits.iter_mut().for_each(|e| escape(&mut e.content));
        }
    }
}

/// The file's path as reports show it: as the user named it, escaped.
pub fn path(report: &FileReport) -> String {
    owned(&report.display_path())
}

/// The file's path as CI systems want it ([`super::portable_path`]), escaped.
pub fn portable_path(report: &FileReport) -> String {
    owned(&super::portable_path(&report.path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(text("a: b, c # d"), Cow::Borrowed(_)));
        assert!(matches!(source("a:\n  b: c\r\n").0, Cow::Borrowed(_)));
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(text("a\r::error x\nb"), "a\\r\\u{3a}:error x\\nb");
        assert_eq!(text("\u{1b}]52;c;aGk=\u{7}"), "\\u{1b}]52;c;aGk=\\u{7}");
        assert_eq!(
            text("x\u{8}\u{7f}\u{85}\u{202e}\u{2066}\u{2028}"),
            "x\\u{8}\\u{7f}\\u{85}\\u{202e}\\u{2066}\\u{2028}"
        );
        assert_eq!(text("tab\tkept"), "tab\tkept");
    }

    #[test]
    fn runner_commands_are_broken() {
        assert_eq!(text("##[group]x"), "#\\u{23}[group]x");
        assert_eq!(text("###"), "#\\u{23}#");
        assert_eq!(text("####"), "#\\u{23}#\\u{23}");
        assert_eq!(text("::add-mask::x"), "\\u{3a}:add-mask::x");
        assert_eq!(text("see ::error"), "see \\u{3a}:error");
        assert_eq!(text("a::b"), "a::b");
        assert!(!text("##vso[task.setvariable]").contains("##"));
    }

    #[test]
    fn escaping_twice_changes_nothing() {
        for s in ["a\r\nb", "##[x]", "::x", "\u{1b}[2J", "#:##::"] {
            let once = owned(s);
            assert_eq!(owned(&once), once, "{s:?}");
        }
    }

    #[test]
    fn a_source_keeps_its_line_breaks_and_maps_offsets() {
        let file = "a: \"x\u{1b}y\"\r\nb: \rc\n";
        let (shown, map) = source(file);
        assert_eq!(shown, "a: \"x\\u{1b}y\"\r\nb: \\rc\n");
        let y = file.find('y').unwrap();
        assert_eq!(&shown[map.map(y)..map.map(y) + 1], "y");
        let c = file.find('c').unwrap();
        assert_eq!(&shown[map.map(c)..map.map(c) + 1], "c");
        let esc = file.find('\u{1b}').unwrap();
        assert_eq!(&shown[map.map(esc)..map.map(esc + 1)], "\\u{1b}");
    }
}
