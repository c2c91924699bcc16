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
    collect(root, &mut Vec::new(), &mut found);
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

/// One step from the root to a node: an item of a list, or the key of a mapping entry.
enum Step<'a> {
    Item(usize),
    Key(&'a Node),
}

/// The placeholders under `node`, `trail` leading to it. The pointer is written only for
/// a placeholder found: writing one for every node of every file cost more than the walk.
fn collect<'a>(node: &'a Node, trail: &mut Vec<Step<'a>>, out: &mut Vec<(Span, String, String)>) {
    match &node.kind {
        NodeKind::Str(s) if is_placeholder(s) => {
            let what = s[START.len()..s.len() - 1].to_string();
            let mut pointer = String::new();
            for step in trail.iter() {
                pointer.push('/');
                match step {
                    Step::Item(i) => pointer.push_str(&i.to_string()),
                    Step::Key(key) => pointer.push_str(&escape_pointer(&key.key_name())),
                }
            }
            out.push((node.span.clone(), pointer, what));
        }
        NodeKind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                trail.push(Step::Item(i));
                collect(item, trail, out);
                trail.pop();
            }
        }
        NodeKind::Map(entries) => {
            for entry in entries {
                trail.push(Step::Key(&entry.key));
                collect(&entry.value, trail, out);
                trail.pop();
            }
        }
        _ => {}
    }
}
