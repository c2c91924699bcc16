//! A file's text as miette reads it for a snippet: only the lines around the span.
//! miette's own `SourceCode` for a string walks the text from its first byte to the span
//! at every label, which made a report of thousands of findings in a long file quadratic;
//! here the file's line index finds the lines, and miette walks only those.

use crate::source::SourceText;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

pub struct WindowedSource<'s> {
    name: String,
    source: &'s SourceText,
}

impl<'s> WindowedSource<'s> {
    pub fn new(name: String, source: &'s SourceText) -> Self {
        WindowedSource { name, source }
    }
}

impl SourceCode for WindowedSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.source.text();
        let starts = self.source.line_starts();
        let line_of = |offset: usize| starts.partition_point(|&s| s <= offset) - 1;
        let span_end = (span.offset() + span.len()).min(text.len());
        // From one line before the context, so that miette starts in the state it would
        // be in there had it read from the top (it treats an empty span at the start of a
        // line by what precedes it).
        let first = line_of(span.offset().min(text.len())).saturating_sub(context_lines_before + 1);
        // One line past the context after, so that miette sees the context lines whole.
        let last = line_of(span_end) + context_lines_after + 1;
        let from = starts[first];
        let to = starts.get(last + 1).copied().unwrap_or(text.len());
        if span.offset() > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let window = &text[from..to];
        let local = SourceSpan::new((span.offset() - from).into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
            inner.line() + first,
            inner.column(),
            // miette counts the lines it passed from the start of what it read, and
            // joins two labels' snippets when the first's line and count reach the
            // second's line. Over the whole text it joined every pair, however far
            // apart, into one snippet of every line between (a duplicate key a
            // megabyte after the first printed the megabyte); counted from the window,
            // only snippets that meet are joined.
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use miette::NamedSource;

    /// The window gives miette the text, span, line and column the whole text gives it, at
    /// any span and context.
    #[test]
    fn a_window_reads_as_the_whole_text() {
        let text = "a: 1\nb:\n  - x\n  - 上海\n\nc: 3\r\nd: 4\nlast".to_string();
        let source = SourceText::new(text.clone());
        let windowed = WindowedSource::new("f".into(), &source);
        let whole = NamedSource::new("f", text.clone());
        for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            for end in (start..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for context in 0..3 {
                    let span = SourceSpan::new(start.into(), end - start);
                    let a = windowed.read_span(&span, context, context).unwrap();
                    let b = whole.read_span(&span, context, context).unwrap();
                    let what = format!("{start}..{end} ±{context}");
                    assert_eq!(a.data(), b.data(), "{what}");
                    assert_eq!(a.span(), b.span(), "{what}");
                    assert_eq!((a.line(), a.column()), (b.line(), b.column()), "{what}");
                }
            }
        }
    }
}
