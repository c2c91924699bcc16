//! The fixes findings carry, for the quick fixes and `source.fixAll.partnerlint`.
//!
//! This is the one place the server learns them: the fix the engine attached to a
//! finding (`Diagnostic::fix`, declared by a rule pack's `fix:` or made by the schema
//! stage), the same edits `check --fix` applies. The server adds no fix of its own here.

use crate::diagnostic::{fix, Applicability, Diagnostic, Fix};
use crate::file_check::FileReport;

/// The fix the engine attached to `finding`, if any.
pub fn declared(finding: &Diagnostic) -> Option<&Fix> {
    finding.fix.as_ref()
}

/// Whether an editor may apply `fix` without the partner looking (`isPreferred`).
pub fn preferred(fix: &Fix) -> bool {
    fix.applicability == Applicability::Safe
}

/// The most passes over a document: each fixes what the previous one uncovered.
const MAX_PASSES: usize = 10;

/// `source.fixAll.partnerlint`: the text of `report` with every safe fix applied, as
/// `check --fix` applies them, or `None` when nothing changes. A pass applies every
/// safe fix that does not overlap an earlier one, and the text is checked again
/// (`recheck`) for the next pass; a pass after which the document no longer loads, or
/// some rule has more findings, is not kept, and fixing stops there.
pub fn fix_all(report: &FileReport, recheck: &mut dyn FnMut(&str) -> FileReport) -> Option<String> {
    let original = report.source.text();
    let mut text = original.to_string();
    let mut before = report.diagnostics.clone();
    for _ in 0..MAX_PASSES {
        let edits = before
            .iter()
            .filter_map(declared)
            .filter(|f| preferred(f))
            .flat_map(|f| &f.edits);
        let next = fix::apply(&text, edits);
        if next == text {
            break;
        }
        let after = recheck(&next).diagnostics;
        if breaks(&before, &after) {
            break;
        }
        text = next;
        before = after;
    }
    (text != original).then_some(text)
}

/// Whether the findings `after` a pass are worse than `before`: the document no longer
/// loads, or some rule has more findings.
fn breaks(before: &[Diagnostic], after: &[Diagnostic]) -> bool {
    let count = |ds: &[Diagnostic], rule: &str| ds.iter().filter(|d| d.rule == rule).count();
    after
        .iter()
        .any(|d| count(after, &d.rule) > count(before, &d.rule))
}
