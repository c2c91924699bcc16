//! The fixes findings carry, for the quick fixes and `source.fixAll.partnerlint`.
//!
//! This is the one place the server learns them: the fix the engine attached to a
//! finding (`Diagnostic::fix`, declared by a rule pack's `fix:` or made by the schema
//! stage), the same edits `check --fix` applies. The server adds no fix of its own here.

use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::file_check::FileReport;

/// The fix the engine attached to `finding`, if any.
pub fn declared(finding: &Diagnostic) -> Option<&Fix> {
    finding.fix.as_ref()
}

/// Whether an editor may apply `fix` without the partner looking (`isPreferred`).
pub fn preferred(fix: &Fix) -> bool {
    fix.applicability == Applicability::Safe
}

/// `source.fixAll.partnerlint`: the text of `report` with every safe fix applied by
/// the same loop as `check --fix` (`crate::fixing`: pass after pass, each checked again
/// with `recheck`), or `None` when nothing changes.
pub fn fix_all(report: &FileReport, recheck: &mut dyn FnMut(&str) -> FileReport) -> Option<String> {
    let fixed = crate::fixing::fix(report.source.text(), false, recheck);
    fixed.changed().then_some(fixed.text)
}
