//! A check's findings as LSP diagnostics: the rule id as `code`, severities mapped, the
//! other places as related information, ranges in the negotiated encoding.

use super::positions::{Encoding, LineIndex};
use crate::diagnostic::{Diagnostic, Severity};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range, Uri,
};

pub const SOURCE: &str = "partnerlint";

/// Whether a finding is the schema's (left to yaml-language-server when the client says so).
pub fn is_schema_finding(d: &Diagnostic) -> bool {
    d.rule == crate::diagnostic::Code::Schema
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// One finding in `text` (the document the check read).
pub fn to_lsp(
    d: &Diagnostic,
    uri: &Uri,
    text: &str,
    index: &LineIndex,
    encoding: Encoding,
) -> lsp_types::Diagnostic {
    let range = d
        .primary
        .as_ref()
        .map_or(Range::default(), |l| index.range(text, &l.span, encoding));
    let related: Vec<DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), index.range(text, &l.span, encoding)),
            message: l.text.clone().unwrap_or_else(|| "see also".into()),
        })
        .collect();
    let mut message = d.message.clone();
    if let Some(text) = d.primary.as_ref().and_then(|l| l.text.as_deref()) {
        message = format!("{message} ({text})");
    }
    lsp_types::Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.clone())),
        source: Some(SOURCE.into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}
