//! The JSON format: one object, the contract other tools build on (`version: 1`). Fields
//! may be added; none is renamed or removed.

use super::Summary;
use crate::check::FileReport;
use serde::Serialize;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    policy: Option<String>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'static str,
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    pointer: &'a str,
    message: &'a str,
    help: Option<&'a str>,
}

/// The report as a JSON value; `policy` is the version used (the first, when files pinned
/// different ones).
pub fn render(reports: &[FileReport], summary: &Summary) -> serde_json::Value {
    let mut policies: Vec<&String> = reports.iter().filter_map(|r| r.policy.as_ref()).collect();
    policies.sort();
    policies.dedup();
    let diagnostics = reports
        .iter()
        .flat_map(|r| {
            r.diagnostics.iter().map(move |d| {
                let (start, end) = match &d.primary {
                    Some(l) => (
                        r.source.position(l.span.start),
                        r.source.end_position(&l.span),
                    ),
                    None => Default::default(),
                };
                JsonDiagnostic {
                    rule: &d.rule,
                    severity: d.severity.as_str(),
                    file: r.display_path(),
                    line: start.line.max(1),
                    column: start.column.max(1),
                    end_line: end.line.max(1),
                    end_column: end.column.max(1),
                    pointer: &d.pointer,
                    message: &d.message,
                    help: d.help.as_deref(),
                }
            })
        })
        .collect();
    let report = JsonReport {
        version: 1,
        policy: policies.first().map(|p| p.to_string()),
        diagnostics,
        summary: *summary,
    };
    serde_json::to_value(report).unwrap_or_default()
}
