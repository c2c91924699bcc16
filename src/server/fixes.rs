//! The fixes a finding carries, for the quick fixes and `source.fixAll.partnerlint`.
//!
//! This is the one place the server learns them. Rule packs do not declare fixes yet
//! (issue 15, `check --fix`): when they do, [`declared`] returns the fixes the engine
//! attached to the finding, the same edits `check --fix` applies, and every code action
//! follows. The server adds no fix of its own here.

use crate::diagnostic::Diagnostic;
use crate::file_check::FileReport;
use crate::source::Span;

/// One fix: a title, and byte-range replacements in the checked text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<(Span, String)>,
}

/// The fixes the rule packs declare for `finding` in `report`: none until issue 15.
pub fn declared(_report: &FileReport, _finding: &Diagnostic) -> Vec<Fix> {
    Vec::new()
}

/// Every fix of the report that can be applied together: in text order, each one that
/// does not overlap an earlier one (its finding is fixed on the next check).
pub fn all(report: &FileReport) -> Vec<(Span, String)> {
    let mut edits: Vec<(Span, String)> = report
        .diagnostics
        .iter()
        .flat_map(|d| declared(report, d).into_iter().take(1))
        .flat_map(|f| f.edits)
        .collect();
    edits.sort_by_key(|(span, _)| (span.start, span.end));
    let mut kept: Vec<(Span, String)> = Vec::new();
    for (span, text) in edits {
        if kept.last().is_none_or(|(last, _)| last.end <= span.start) {
            kept.push((span, text));
        }
    }
    kept
}
