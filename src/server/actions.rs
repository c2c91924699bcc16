//! Code actions: each fix a finding carries as a quick fix ([`super::fixes`]),
//! `source.fixAll.partnerlint` applying them all, and a suppression comment
//! (`# partnerlint: ignore[rule-id] -- reason`) for a finding as a quick fix.

use super::fixes;
use super::positions::{Encoding, LineIndex};
use crate::diagnostic::{Diagnostic, Edit};
use crate::file_check::FileReport;
use crate::source::Span;
use lsp_types::{CodeAction, CodeActionKind, TextEdit, Uri, WorkspaceEdit};
use std::collections::HashMap;

pub const FIX_ALL: &str = "source.fixAll.partnerlint";

fn edit<'e>(
    uri: &Uri,
    text: &str,
    index: &LineIndex,
    encoding: Encoding,
    edits: impl IntoIterator<Item = &'e Edit>,
) -> WorkspaceEdit {
    let edits = edits
        .into_iter()
        .map(|e| TextEdit {
            range: index.range(text, &e.span, encoding),
            new_text: e.content.clone(),
        })
        .collect();
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

/// The one edit that turns `text` into `fixed`: the part between what they share at
/// the start and at the end (on character boundaries).
fn difference(text: &str, fixed: &str) -> Edit {
    let mut start = text
        .bytes()
        .zip(fixed.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !text.is_char_boundary(start) || !fixed.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = text[start..]
        .bytes()
        .rev()
        .zip(fixed[start..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !text.is_char_boundary(text.len() - end) || !fixed.is_char_boundary(fixed.len() - end) {
        end -= 1;
    }
    Edit {
        span: start..text.len() - end,
        content: fixed[start..fixed.len() - end].to_string(),
    }
}

/// The suppression comment for `finding`: on a line of its own above the line the
/// finding starts on, indented as that line, with the line break the file uses. The
/// reason is left for the partner to write after `--` (until they do, the check says
/// it is missing: a suppression is never silent).
pub fn suppression(text: &str, finding: &Diagnostic) -> Option<(Span, String)> {
    if !crate::diagnostic::code::suppressible(&finding.rule) {
        return None;
    }
    let at = finding.primary.as_ref()?.span.start.min(text.len());
    let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = &text[line_start..];
    let line = &line[..line.find(['\n', '\r']).unwrap_or(line.len())];
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    Some((
        line_start..line_start,
        format!(
            "{indent}# partnerlint: ignore[{}] -- {newline}",
            finding.rule
        ),
    ))
}

/// The actions for the findings of `report` within `range` (byte offsets), and
/// `source.fixAll.partnerlint` when `only` asks for it (or there is something to fix).
/// `recheck` checks a changed text: a suppression is offered only where it silences
/// the finding.
pub fn actions(
    report: &FileReport,
    uri: &Uri,
    range: Span,
    only: Option<&[CodeActionKind]>,
    encoding: Encoding,
    recheck: &mut dyn FnMut(&str) -> FileReport,
) -> Vec<CodeAction> {
    let text = report.source.text();
    let index = LineIndex::new(text);
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    };
    let mut out = Vec::new();
    let overlapping = report.diagnostics.iter().filter(|d| {
        d.primary
            .as_ref()
            .is_some_and(|l| l.span.start <= range.end && range.start <= l.span.end)
    });
    for d in overlapping {
        if !wants(&CodeActionKind::QUICKFIX) {
            break;
        }
        let lsp = super::diagnostics::to_lsp(d, uri, text, &index, encoding);
        if let Some(fix) = fixes::declared(d) {
            // An unsafe fix is offered too, but never preferred: an editor applies a
            // preferred fix at a keystroke, and an unsafe one wants the partner's eyes.
            out.push(CodeAction {
                title: fix.message.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp.clone()]),
                edit: Some(edit(uri, text, &index, encoding, &fix.edits)),
                is_preferred: fixes::preferred(fix).then_some(true),
                ..Default::default()
            });
        }
        let Some((span, comment)) = suppression(text, d) else {
            continue;
        };
        let mut changed = text.to_string();
        changed.replace_range(span.clone(), &comment);
        let before = report
            .diagnostics
            .iter()
            .filter(|x| x.rule == d.rule)
            .count();
        let after = recheck(&changed)
            .diagnostics
            .iter()
            .filter(|x| x.rule == d.rule)
            .count();
        if after < before {
            out.push(CodeAction {
                title: format!(
                    "Suppress `{}` on this line (write the reason after `--`)",
                    d.rule
                ),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp]),
                edit: Some(edit(
                    uri,
                    text,
                    &index,
                    encoding,
                    &[Edit {
                        span,
                        content: comment,
                    }],
                )),
                ..Default::default()
            });
        }
    }
    let fix_all = CodeActionKind::from(FIX_ALL);
    let asked = only.is_some_and(|o| {
        o.iter()
            .any(|k| FIX_ALL.starts_with(k.as_str()) && k.as_str().starts_with("source"))
    });
    let fixable = report
        .diagnostics
        .iter()
        .filter_map(fixes::declared)
        .any(fixes::preferred);
    if asked || (fixable && wants(&fix_all)) {
        let fixed = if fixable {
            fixes::fix_all(report, recheck)
        } else {
            None
        };
        let edits: Vec<Edit> = fixed.iter().map(|f| difference(text, f)).collect();
        out.push(CodeAction {
            title: "partnerlint: fix everything safely fixable".into(),
            kind: Some(fix_all),
            edit: Some(edit(uri, text, &index, encoding, &edits)),
            ..Default::default()
        });
    }
    out
}
