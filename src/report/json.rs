//! The JSON format: one object, the contract other tools build on (`version: 1`). Fields
//! may be added; none is renamed or removed. It is written as files are checked: the
//! diagnostics first, then the policy used and the summary, then `suppressed`: the
//! findings that suppression comments silenced, each with its `suppression` (added in
//! 1.1; `summary.suppressed` counts them).

use super::{Emitter, Summary};
use crate::diagnostic::Diagnostic;
use crate::file_check::FileReport;
use crate::suppress::Suppressed;
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
    /// What fixes it, when partnerlint knows (added in 1.2): `null` otherwise.
    pub fix: Option<JsonFix<'a>>,
}

/// A fix, as ruff's JSON gives it: its edits' places in the diagnostics' convention
/// (1-based lines, columns in characters, the end exclusive), each with the text that
/// replaces what lies between them.
#[derive(Serialize)]
pub struct JsonFix<'a> {
    pub applicability: &'static str,
    pub message: &'a str,
    pub edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
pub struct JsonEdit<'a> {
    pub start: JsonPosition,
    pub end: JsonPosition,
    pub content: &'a str,
}

#[derive(Serialize)]
pub struct JsonPosition {
    pub line: usize,
    pub column: usize,
}

/// A fix in the contract's shape.
pub fn fix<'a>(report: &FileReport, fix: &'a crate::diagnostic::Fix) -> JsonFix<'a> {
    let at = |offset: usize| {
        let p = report.source.position(offset);
        JsonPosition {
            line: p.line,
            column: p.column,
        }
    };
    JsonFix {
        applicability: fix.applicability.as_str(),
        message: &fix.message,
        edits: fix
            .edits
            .iter()
            .map(|e| JsonEdit {
                start: at(e.span.start),
                end: at(e.span.end),
                content: &e.content,
            })
            .collect(),
    }
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
        .map(|d| diagnostic(report, d))
        .collect()
}

/// One diagnostic in the contract's shape.
pub fn diagnostic<'a>(report: &FileReport, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let (start, end) = super::region_or_start(report, d);
    JsonDiagnostic {
        rule: &d.rule,
        severity: d.severity.as_str(),
        file: super::visible::path(report),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
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
        fix: d.fix.as_ref().map(|f| fix(report, f)),
    }
}

/// A finding a suppression comment silenced: the diagnostic, and the suppression.
#[derive(Serialize)]
pub struct JsonSuppressed<'a> {
    #[serde(flatten)]
    pub diagnostic: JsonDiagnostic<'a>,
    pub suppression: JsonSuppression<'a>,
}

#[derive(Serialize)]
pub struct JsonSuppression<'a> {
    /// `line` or `file` (an `ignore-file` comment).
    pub scope: &'static str,
    /// The line of the suppression comment.
    pub line: usize,
    pub reason: Option<&'a str>,
    pub until: Option<String>,
}

fn suppressed(report: &FileReport, s: &Suppressed) -> Result<String, serde_json::Error> {
    serde_json::to_string(&JsonSuppressed {
        diagnostic: diagnostic(report, &s.diagnostic),
        suppression: JsonSuppression {
            scope: if s.whole_file { "file" } else { "line" },
            line: s.line,
            reason: s.reason.as_deref(),
            until: s.until.map(|d| d.to_string()),
        },
    })
}

pub struct JsonEmitter<W: Write> {
    out: W,
    written: usize,
    /// The silenced findings, written after the summary: held as JSON text, a few
    /// hundred bytes each.
    suppressed: Vec<u8>,
}

impl<W: Write> JsonEmitter<W> {
    pub fn new(out: W) -> Self {
        JsonEmitter {
            out,
            written: 0,
            suppressed: Vec::new(),
        }
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
        for s in &report.suppressed {
            let sep = if self.suppressed.is_empty() {
                ""
            } else {
                ",\n    "
            };
            write!(self.suppressed, "{sep}{}", suppressed(report, s)?)?;
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
            "],\n  \"policy\": {},\n  \"policies\": {},\n  \"summary\": {},\n  \"configs\": {},",
            serde_json::to_string(&summary.policies.first())?,
            serde_json::to_string(&summary.policies)?,
            serde_json::to_string(summary)?,
            serde_json::to_string(&summary.configs)?,
        )?;
        if self.suppressed.is_empty() {
            writeln!(self.out, "  \"suppressed\": []\n}}")?;
        } else {
            write!(self.out, "  \"suppressed\": [\n    ")?;
            self.out.write_all(&self.suppressed)?;
            writeln!(self.out, "\n  ]\n}}")?;
        }
        self.out.flush()
    }
}
