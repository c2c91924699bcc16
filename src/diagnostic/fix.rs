//! A fix a finding carries: minimal text edits at the loader's spans, with how sure the
//! tool is that they keep the partner's meaning (as ruff's applicability).

use crate::source::Span;
use serde::Serialize;

/// Whether a fix may be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// It may change what the file means (a did-you-mean guess): `--unsafe-fixes`.
    Unsafe,
    /// It writes what the file already means, or what the policy leaves no choice
    /// about: `--fix`.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// One replacement: the bytes of `span` become `content` (an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub content: String,
}

/// What fixes a finding: a message saying what it does, and its edits (never overlapping).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    pub message: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// Whether this fix is applied when unsafe fixes are (`unsafe_fixes`) or are not.
    pub fn applies(&self, unsafe_fixes: bool) -> bool {
        unsafe_fixes || self.applicability == Applicability::Safe
    }
}

/// `text` with `edits` applied. The edits are sorted by position; one that overlaps an
/// earlier one is left out (its finding is fixed on a later pass, if at all), and so is
/// one whose span does not lie on character boundaries of `text`.
pub fn apply<'e>(text: &str, edits: impl IntoIterator<Item = &'e Edit>) -> String {
    let mut edits: Vec<&Edit> = edits.into_iter().collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for edit in edits {
        let Span { start, end } = edit.span.clone();
        if start < done
            || end < start
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&text[done..start]);
        out.push_str(&edit.content);
        done = end;
    }
    out.push_str(&text[done..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(span: Span, content: &str) -> Edit {
        Edit {
            span,
            content: content.into(),
        }
    }

    #[test]
    fn edits_apply_in_position_order_and_overlaps_are_left_out() {
        let text = "a: GB\nb: 1\n";
        let edits = [edit(9..10, "\"1\""), edit(3..5, "UK"), edit(4..6, "X")];
        assert_eq!(apply(text, &edits), "a: UK\nb: \"1\"\n");
    }

    #[test]
    fn an_empty_span_inserts() {
        assert_eq!(apply("a\n", &[edit(2..2, "b\n")]), "a\nb\n");
    }

    #[test]
    fn a_span_inside_a_character_is_left_out() {
        assert_eq!(apply("中", &[edit(1..2, "x")]), "中");
    }
}
