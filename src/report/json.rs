//! The JSON format: one object, the contract other tools build on (`version: 1`). Fields
//! may be added; none is renamed or removed. It is written as files are checked: the
//! diagnostics first, then the policy used and the summary.

use super::{Emitter, Summary};
use crate::check::FileReport;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub rule: &'a str,
    pub severity: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub pointer: &'a str,
    pub message: &'a str,
    pub help: Option<&'a str>,
    /// Other labelled places: the first of two duplicate keys, the other email.
    pub related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
pub struct JsonRelated<'a> {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: Option<&'a str>,
}

/// The diagnostics of one file in the contract's shape.
pub fn diagnostics(report: &FileReport) -> Vec<JsonDiagnostic<'_>> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let (start, end) = match &d.primary {
                Some(l) => (
                    report.source.position(l.span.start),
                    report.source.end_position(&l.span),
                ),
                None => Default::default(),
            };
            JsonDiagnostic {
                rule: &d.rule,
                severity: d.severity.as_str(),
                file: report.display_path(),
                line: start.line.max(1),
                column: start.column.max(1),
                end_line: end.line.max(1),
                end_column: end.column.max(1),
                pointer: &d.pointer,
                message: &d.message,
                help: d.help.as_deref(),
                related: d
                    .secondary
                    .iter()
                    .map(|l| {
                        let (start, end) = (
                            report.source.position(l.span.start),
                            report.source.end_position(&l.span),
                        );
                        JsonRelated {
                            line: start.line,
                            column: start.column,
                            end_line: end.line,
                            end_column: end.column,
                            message: l.text.as_deref(),
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

pub struct JsonEmitter<W: Write> {
    out: W,
    written: usize,
}

impl<W: Write> JsonEmitter<W> {
    pub fn new(out: W) -> Self {
        JsonEmitter { out, written: 0 }
    }
}

impl<W: Write> Emitter for JsonEmitter<W> {
    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        for d in diagnostics(report) {
            let sep = if self.written == 0 {
                "{\n  \"version\": 1,\n  \"diagnostics\": [\n    "
            } else {
                ",\n    "
            };
            write!(self.out, "{sep}{}", serde_json::to_string(&d)?)?;
            self.written += 1;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        if self.written == 0 {
            write!(self.out, "{{\n  \"version\": 1,\n  \"diagnostics\": [")?;
        } else {
            write!(self.out, "\n  ")?;
        }
        // With files pinning different versions, `policy` names the first; all are listed
        // in `policies`.
        writeln!(
            self.out,
            "],\n  \"policy\": {},\n  \"policies\": {},\n  \"summary\": {}\n}}",
            serde_json::to_string(&summary.policies.first())?,
            serde_json::to_string(&summary.policies)?,
            serde_json::to_string(summary)?,
        )?;
        self.out.flush()
    }
}
