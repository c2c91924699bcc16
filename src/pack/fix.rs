//! A check's `fix:`: what edit fixes its finding, declared in the rule file as data.
//!
//! The vocabulary is small (`replace`, `quote`, `remove`, `insert`, `rename`), each a
//! minimal edit of `crate::yaml_edit` at the finding's node. Edits are made on the file
//! as written, found by the span of the node the rule reported: a rule may have read a
//! tree with rejected markets left out or aliases read as codes (`root_cause.rs`), whose
//! neighbours are not the file's.

use super::context::Context;
use super::template::Template;
use crate::diagnostic::{Applicability, Fix};
use crate::node::{escape_pointer, Located, NodeKind};
use crate::yaml_edit;

/// What a fix does to the node at the finding.
#[derive(Debug, Clone)]
pub enum FixAction {
    /// Writes the template's value in place of the scalar, in its quoting style.
    Replace(Template),
    /// Quotes the scalar exactly as written.
    Quote,
    /// Removes the list item or mapping entry (its whole line in block style).
    Remove,
    /// Adds `key: value` to the mapping at the finding.
    Insert { key: String, value: Template },
    /// Renames the key that holds the node.
    Rename(Template),
}

/// How sure a declared fix is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclaredApplicability {
    Safe,
    Unsafe,
    /// Safe when `$suggestion` is a known alias or the value in another case, unsafe
    /// when it is only a close spelling (a guess).
    Suggestion,
}

#[derive(Debug, Clone)]
pub struct FixSpec {
    pub action: FixAction,
    pub applicability: DeclaredApplicability,
    pub message: Template,
}

/// A `$suggestion`, and whether it is certain (an alias or a case slip) or a guess.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub value: String,
    pub certain: bool,
}

impl FixAction {
    /// What it does, for `explain`.
    pub fn describe(&self) -> String {
        match self {
            FixAction::Replace(t) => format!("writes `{}` in place of the value", t.source),
            FixAction::Quote => "quotes the value as written".into(),
            FixAction::Remove => "removes the item or entry".into(),
            FixAction::Insert { key, value } => format!("adds `{key}: {}`", value.source),
            FixAction::Rename(t) => format!("renames the key to `{}`", t.source),
        }
    }
}

impl DeclaredApplicability {
    pub fn describe(self) -> &'static str {
        match self {
            DeclaredApplicability::Safe => "safe",
            DeclaredApplicability::Unsafe => "unsafe: --unsafe-fixes",
            DeclaredApplicability::Suggestion => {
                "safe for a known alias or case slip, unsafe for a close spelling"
            }
        }
    }
}

impl FixSpec {
    /// Whether any of its templates reads `$suggestion`.
    pub fn uses_suggestion(&self) -> bool {
        let value = match &self.action {
            FixAction::Replace(t) | FixAction::Rename(t) => t.uses_suggestion(),
            FixAction::Insert { value, .. } => value.uses_suggestion(),
            FixAction::Quote | FixAction::Remove => false,
        };
        value || self.message.uses_suggestion()
    }

    /// The fix of a finding at `at` of the evaluated tree, made on the file as written
    /// (`cx.original`); `None` where the edit cannot be made exactly or would change
    /// nothing. `pointer` is where the check's `at` points: `at` is the node there, or,
    /// where that is missing, the nearest node on the way, which only `insert` edits
    /// (and only when the one key missing is the one it inserts).
    pub fn make(
        &self,
        cx: &Context,
        at: &Located,
        pointer: &str,
        suggestion: Option<&Suggestion>,
    ) -> Option<Fix> {
        if self.uses_suggestion() && suggestion.is_none() {
            return None;
        }
        let fits = match &self.action {
            FixAction::Insert { key, .. } => {
                pointer.strip_prefix(at.pointer.as_str())
                    == Some(format!("/{}", escape_pointer(key)).as_str())
            }
            _ => at.pointer == pointer,
        };
        if !fits {
            return None;
        }
        let node = at.node;
        let said = suggestion.map(|s| s.value.as_str());
        let render = |t: &Template| Some(t.render(cx, said)).filter(|v| !v.is_empty());
        let text = cx.text;
        let place = cx.original_index().get(node)?;
        let edit = match &self.action {
            FixAction::Replace(value) => {
                yaml_edit::replace_scalar(text, place.node, &render(value)?)
            }
            FixAction::Quote => yaml_edit::quote_scalar(text, place.node),
            FixAction::Remove => match &place.parent?.kind {
                NodeKind::Seq(_) => yaml_edit::remove_item(text, place.parent?, place.index),
                NodeKind::Map(_) => yaml_edit::remove_entry(text, place.parent?, place.index),
                _ => None,
            },
            FixAction::Insert { key, value } => {
                if place.node.get(key).is_some() {
                    return None;
                }
                yaml_edit::insert_entry(text, place.node, key, &render(value)?)
            }
            FixAction::Rename(name) => match &place.parent?.kind {
                NodeKind::Map(entries) => {
                    yaml_edit::rename_key(text, &entries.get(place.index)?.key, &render(name)?)
                }
                _ => None,
            },
        }?;
        let applicability = match self.applicability {
            DeclaredApplicability::Safe => Applicability::Safe,
            DeclaredApplicability::Unsafe => Applicability::Unsafe,
            DeclaredApplicability::Suggestion if suggestion.is_some_and(|s| s.certain) => {
                Applicability::Safe
            }
            DeclaredApplicability::Suggestion => Applicability::Unsafe,
        };
        Some(Fix {
            applicability,
            message: self.message.render(cx, said),
            edits: vec![edit],
        })
    }
}
