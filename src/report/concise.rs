//! The concise format: one line per finding, `file:line:col: severity[rule-id] message`,
//! the shape editors and `grep` read, then the summary line.

use super::LineEmitter;
use crate::file_check::FileReport;
use std::io::Write;

/// The concise report as an [`Emitter`](super::Emitter).
pub fn emitter<W: Write>(out: W) -> LineEmitter<W> {
    LineEmitter::new(out, line)
}

/// One finding as one line.
pub fn line(report: &FileReport, d: &crate::diagnostic::Diagnostic) -> String {
    let (start, _) = super::region_or_start(report, d);
    // The message was made visible (`visible::report`): it holds no line break.
    format!(
        "{}:{}:{}: {}[{}] {}",
        super::visible::path(report),
        start.line,
        start.column,
        d.severity,
        d.rule,
        d.message
    )
}
