//! The condition vocabulary of rule packs: compiled from a rule file, evaluated against an
//! application file. Every condition is a mapping with one key; `docs/writing-rules.md`
//! documents each.

pub(in crate::pack) mod parse;

use super::context::Context;
use super::path::Path;
use crate::node::{Node, NodeKind};
use regex::Regex;

#[derive(Debug, Clone)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Exists(Path),
    Empty(Path),
    Equals {
        field: Path,
        to: Operand,
        ignore_case: bool,
    },
    OneOf {
        fields: Vec<Path>,
        values: Vec<String>,
        ignore_case: bool,
    },
    Only {
        fields: Vec<Path>,
        values: Vec<String>,
        ignore_case: bool,
    },
    /// Some value at the fields is one of `values`; unknown when the fields hold no
    /// value at all.
    AnyIn {
        fields: Vec<Path>,
        values: Vec<String>,
        ignore_case: bool,
    },
    /// Every value at the fields is one of `values`; unknown when the fields hold no
    /// value at all.
    AllIn {
        fields: Vec<Path>,
        values: Vec<String>,
        ignore_case: bool,
    },
    Matches {
        field: Path,
        regex: Regex,
    },
    IsType {
        field: Path,
        ty: YamlType,
    },
    DaysBetween {
        from: DateRef,
        to: DateRef,
        at_least: Option<i64>,
        at_most: Option<i64>,
    },
    Repeated(Path),
    PathInside(Path),
    FileExists(Path),
    /// The node names a folder: a file path that is one is told so, not "missing".
    FolderExists(Path),
}

#[derive(Debug, Clone)]
pub enum Operand {
    Value(String),
    Field(Path),
}

#[derive(Debug, Clone)]
pub enum DateRef {
    Today,
    Field(Path),
}

impl DateRef {
    /// A date: `Some(None)` when the field is missing, `None` when it is there but is
    /// not a date.
    pub fn resolve(&self, cx: &Context) -> Option<Option<jiff::civil::Date>> {
        match self {
            DateRef::Today => Some(Some(cx.today)),
            DateRef::Field(p) => match cx.first_text(p) {
                None => Some(None),
                Some(t) => t.parse().ok().map(Some),
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlType {
    String,
    Integer,
    Number,
    Boolean,
    Null,
    List,
    Mapping,
}

impl YamlType {
    pub fn parse(s: &str) -> Option<YamlType> {
        Some(match s {
            "string" => YamlType::String,
            "integer" => YamlType::Integer,
            "number" => YamlType::Number,
            "boolean" => YamlType::Boolean,
            "null" => YamlType::Null,
            "list" => YamlType::List,
            "mapping" => YamlType::Mapping,
            _ => return None,
        })
    }

    fn holds(self, node: &Node) -> bool {
        matches!(
            (self, &node.kind),
            (YamlType::String, NodeKind::Str(_))
                | (YamlType::Integer, NodeKind::Int(_))
                | (YamlType::Number, NodeKind::Int(_) | NodeKind::Float(_))
                | (YamlType::Boolean, NodeKind::Bool(_))
                | (YamlType::Null, NodeKind::Null)
                | (YamlType::List, NodeKind::Seq(_))
                | (YamlType::Mapping, NodeKind::Map(_))
        )
    }
}

/// Equal texts, or equal but for case; without allocating, as it runs for every value
/// of every rule.
fn same(a: &str, b: &str, ignore_case: bool) -> bool {
    if !ignore_case {
        crate::node::same_text(a, b)
    } else if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
    }
}

impl Condition {
    /// Whether the condition holds: `Some(true)`, `Some(false)`, or `None` when it cannot
    /// be known because a value it needs is present but malformed (a date that is not a
    /// date). Unknown propagates as in Kleene's logic, and a check whose outcome is unknown
    /// reports nothing: the schema already reports the malformed value.
    pub fn eval(&self, cx: &Context) -> Option<bool> {
        match self {
            Condition::All(cs) => kleene(cs, cx, false),
            Condition::Any(cs) => kleene(cs, cx, true),
            Condition::Not(c) => c.eval(cx).map(|b| !b),
            Condition::DaysBetween {
                from,
                to,
                at_least,
                at_most,
            } => {
                let (from, to) = (from.resolve(cx)?, to.resolve(cx)?);
                let (Some(from), Some(to)) = (from, to) else {
                    return Some(false);
                };
                let Ok(span) = from.until(to) else {
                    return None;
                };
                let days = i64::from(span.get_days());
                Some(at_least.is_none_or(|n| days >= n) && at_most.is_none_or(|n| days <= n))
            }
            Condition::AnyIn {
                fields,
                values,
                ignore_case,
            } => membership(cx, fields, values, *ignore_case, true),
            Condition::AllIn {
                fields,
                values,
                ignore_case,
            } => membership(cx, fields, values, *ignore_case, false),
            other => Some(other.holds(cx)),
        }
    }

    /// The two-valued conditions.
    fn holds(&self, cx: &Context) -> bool {
        match self {
            Condition::All(_)
            | Condition::Any(_)
            | Condition::Not(_)
            | Condition::DaysBetween { .. }
            | Condition::AnyIn { .. }
            | Condition::AllIn { .. } => self.eval(cx).unwrap_or(false),
            Condition::Exists(p) => cx.any_node(p, |n| !n.is_null()),
            Condition::Empty(p) => !cx.any_node(p, |n| match &n.kind {
                NodeKind::Null => false,
                NodeKind::Str(s) => !s.is_empty(),
                NodeKind::Seq(items) => !items.is_empty(),
                NodeKind::Map(entries) => !entries.is_empty(),
                _ => true,
            }),
            Condition::Equals {
                field,
                to: Operand::Value(v),
                ignore_case,
            } => cx.any_text(field, |a| same(a, v, *ignore_case)),
            Condition::Equals {
                field,
                to: Operand::Field(other),
                ignore_case,
            } => cx.any_text(field, |a| cx.any_text(other, |b| same(a, b, *ignore_case))),
            Condition::OneOf {
                fields,
                values,
                ignore_case,
            } => fields
                .iter()
                .any(|f| cx.any_text(f, |t| values.iter().any(|v| same(t, v, *ignore_case)))),
            Condition::Only {
                fields,
                values,
                ignore_case,
            } => !fields
                .iter()
                .any(|f| cx.any_text(f, |t| !values.iter().any(|v| same(t, v, *ignore_case)))),
            Condition::Matches { field, regex } => {
                cx.any_node(field, |n| n.as_str().is_some_and(|s| regex.is_match(s)))
            }
            Condition::IsType { field, ty } => cx.any_node(field, |n| ty.holds(n)),
            Condition::Repeated(p) => cx.any_node(p, |n| is_repeated(cx, n)),
            Condition::PathInside(p) => {
                cx.any_node(p, |n| n.as_str().is_some_and(|s| cx.files.contains(s)))
            }
            Condition::FileExists(p) => cx.any_node(p, |n| {
                n.as_str()
                    .is_some_and(|s| cx.files.readable_file(s, cx.cache))
            }),
            Condition::FolderExists(p) => cx.any_node(p, |n| {
                n.as_str().is_some_and(|s| cx.files.folder(s, cx.cache))
            }),
        }
    }
}

/// `any_in` (`any` true) and `all_in` (`any` false) over the values at `fields`. The one
/// rule for missing fields: a field that is missing (or null, or not a scalar) gives no
/// value, and over no value at all the answer is unknown, so a check reports nothing
/// through it and a `when` does not apply. Ask `exists` about presence.
fn membership(
    cx: &Context,
    fields: &[Path],
    values: &[String],
    ignore_case: bool,
    any: bool,
) -> Option<bool> {
    let mut seen = false;
    let decided = fields.iter().any(|f| {
        cx.any_text(f, |t| {
            seen = true;
            values.iter().any(|v| same(t, v, ignore_case)) == any
        })
    });
    match (seen, decided) {
        (false, _) => None,
        (true, decided) => Some(decided == any),
    }
}

/// Kleene's `all` (`dominant` false) and `any` (`dominant` true): the dominant value
/// wins at once; otherwise any unknown part makes the whole unknown.
fn kleene(conditions: &[Condition], cx: &Context, dominant: bool) -> Option<bool> {
    let mut unknown = false;
    for c in conditions {
        match c.eval(cx) {
            Some(b) if b == dominant => return Some(dominant),
            None => unknown = true,
            Some(_) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(!dominant)
    }
}

/// Whether an earlier item of the list holding `item` has the same text.
fn is_repeated(cx: &Context, item: &Node) -> bool {
    cx.repeated_items().contains(&node_address(item))
}

use super::context::node_address;

#[cfg(test)]
mod tests;
