//! The GitHub Actions format: one workflow command per finding
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), which the
//! runner turns into annotations on the pull request's changed lines; `warning` becomes
//! `::warning` and `info` `::notice`. Then the summary line, for the log.

use super::LineEmitter;
use crate::diagnostic::{Diagnostic, Severity};
use crate::file_check::FileReport;
use std::io::Write;

/// The GitHub Actions report as an [`Emitter`](super::Emitter).
pub fn emitter<W: Write>(out: W) -> LineEmitter<W> {
    LineEmitter::new(out, command)
}

/// Escapes a command's message, as the runner unescapes it: `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a command's property value: as a message, and also `:` and `,`, which
/// separate properties.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The path for `file=`: the real one, which the runner needs to place the annotation,
/// whenever its escaping can carry it. A path with a control character the runner has no
/// escape for, or with `##` (a command of the runner's older syntax), is given as the
/// other formats show it: the annotation then lands on no line, but no byte of the name
/// reaches the log raw.
fn file(report: &FileReport) -> String {
    let path = super::portable_path(&report.path);
    let uncarried = |c: char| super::visible::hidden(c) && !matches!(c, '\r' | '\n');
    if path.contains("##") || path.chars().any(uncarried) {
        return super::visible::owned(&path);
    }
    path
}

/// The workflow command for one finding.
pub fn command(report: &FileReport, d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut properties = vec![format!("file={}", escape_property(&file(report)))];
    if let Some((start, end)) = super::region(report, d) {
        properties.push(format!("line={}", start.line));
        properties.push(format!("col={}", start.column));
        properties.push(format!("endLine={}", end.line));
        properties.push(format!("endColumn={}", end.column));
    }
    properties.push(format!(
        "title={}",
        escape_property(&format!("partnerlint {}", d.rule))
    ));
    let message = match &d.help {
        Some(help) => format!("{}\n{help}", d.message),
        None => d.message.clone(),
    };
    format!(
        "::{level} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceText;
    use std::path::PathBuf;

    #[test]
    fn messages_escape_percent_and_line_breaks() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_data("a: b, c"), "a: b, c");
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("a: b, c"), "a%3A b%2C c");
        assert_eq!(escape_property("50%,\n"), "50%25%2C%0A");
        assert_eq!(
            escape_property("dir/x y.partner.yaml"),
            "dir/x y.partner.yaml"
        );
    }

    #[test]
    fn a_finding_becomes_one_command() {
        let report = FileReport {
            path: PathBuf::from("./apps/a,b:c.partner.yaml"),
            source: SourceText::new("k: 上海\n".to_string()),
            diagnostics: Vec::new(),
            policy: None,
            suppressed: Vec::new(),
            off: Vec::new(),
        };
        let d = Diagnostic::new("market-known", Severity::Info, "50% off:\nnot, a market")
            .at(3..9, None)
            .with_help("use UK");
        assert_eq!(
            command(&report, &d),
            "::notice file=apps/a%2Cb%3Ac.partner.yaml,line=1,col=4,endLine=1,endColumn=6,title=partnerlint market-known::50%25 off:%0Anot, a market%0Ause UK"
        );
    }
}
