//! The concise format: one line per finding, `file:line:col: severity[rule-id] message`,
//! the shape editors and `grep` read, then the summary line.

use super::{human, Emitter, Summary};
use crate::check::FileReport;
use std::io::{self, Write};

pub struct ConciseEmitter<W: Write> {
    out: W,
}

impl<W: Write> ConciseEmitter<W> {
    pub fn new(out: W) -> Self {
        ConciseEmitter { out }
    }
}

/// One finding as one line.
pub fn line(report: &FileReport, d: &crate::diagnostic::Diagnostic) -> String {
    let (start, _) = super::region_or_start(report, d);
    let message = d.message.replace(['\r', '\n'], " ");
    format!(
        "{}:{}:{}: {}[{}] {message}",
        report.display_path(),
        start.line,
        start.column,
        d.severity,
        d.rule
    )
}

impl<W: Write> Emitter for ConciseEmitter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        for d in &report.diagnostics {
            writeln!(self.out, "{}", line(report, d))?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        human::render_summary(&mut self.out, summary)?;
        self.out.flush()
    }
}
