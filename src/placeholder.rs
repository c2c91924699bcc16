//! Placeholders: the `<fill in: ...>` values `partnerlint init` writes where only the
//! partner knows the answer. Each is a finding until it is filled, and it is the only
//! finding at its place: a placeholder is not also a badly formed email.

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::node::{escape_pointer, Node, NodeKind};
use crate::source::Span;

/// How every placeholder starts.
pub const START: &str = "<fill in: ";

/// A placeholder asking for `what`.
pub fn placeholder(what: &str) -> String {
    format!("{START}{what}>")
}

/// Whether `value` is a placeholder still waiting for its value.
pub fn is_placeholder(value: &str) -> bool {
    value.starts_with(START) && value.ends_with('>')
}

/// A finding for each placeholder in the tree, in place of every other finding that
/// points only at placeholders.
pub fn apply(root: &Node, diagnostics: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    collect(root, &mut String::new(), &mut found);
    if found.is_empty() {
        return;
    }
    let inside = |span: &Span| {
        found
            .iter()
            .any(|(s, _, _)| s.start <= span.start && span.end <= s.end)
    };
    diagnostics.retain(|d| {
        let labels: Vec<&Span> = d
            .primary
            .iter()
            .chain(&d.secondary)
            .map(|l| &l.span)
            .collect();
        labels.is_empty() || !labels.iter().any(|s| inside(s))
    });
    for (span, pointer, what) in found {
        diagnostics.push(
            Diagnostic::new(Code::Placeholder, Severity::Error, format!("`{pointer}` is still a placeholder: {what}"))
                .at(span, Some("fill this in".into()))
                .with_pointer(pointer)
                .with_help("Write the value Partner Center has (or will have) here; the comment above the field says where it comes from."),
        );
    }
}

fn collect(node: &Node, pointer: &mut String, out: &mut Vec<(Span, String, String)>) {
    match &node.kind {
        NodeKind::Str(s) if is_placeholder(s) => {
            let what = s[START.len()..s.len() - 1].to_string();
            out.push((node.span.clone(), pointer.clone(), what));
        }
        NodeKind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                collect(item, pointer, out);
                pointer.truncate(len);
            }
        }
        NodeKind::Map(entries) => {
            for entry in entries {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_pointer(&entry.key.key_name()));
                collect(&entry.value, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}
