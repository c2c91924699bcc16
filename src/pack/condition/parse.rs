//! Reading a condition from a rule file. An operator is defined here (how it is written)
//! and in `mod.rs` (how it is evaluated), plus its entry in
//! `schemas/rule-file.schema.json` and `docs/writing-rules.md`.

use super::{Condition, DateRef, Operand, YamlType};
use crate::node::{Node, NodeKind};
use crate::pack::parse::{int, text};
use crate::pack::path::Path;
use serde_json::{Map, Value};

/// What reading a condition needs from the pack's compiler: somewhere to report a mistake,
/// and the paths and data tables a condition names.
pub(in crate::pack) trait Reader {
    fn error(&mut self, node: &Node, message: impl Into<String>, help: impl Into<String>);
    fn table_error(&mut self, node: &Node, message: &str, help: &str);
    fn path(&mut self, node: &Node) -> Option<Path>;
    fn paths(&mut self, node: &Node) -> Option<Vec<Path>>;
    fn values(&mut self, node: &Node, data: &Map<String, Value>) -> Option<Vec<String>>;
    fn data_value<'d>(&mut self, node: &Node, data: &'d Map<String, Value>) -> Option<&'d Value>;
    /// The compiled regular expression of `pattern`.
    fn regex(&mut self, pattern: &str) -> Result<regex::Regex, regex::Error>;
}

pub(in crate::pack) fn condition(
    r: &mut impl Reader,
    node: &Node,
    data: &Map<String, Value>,
) -> Option<Condition> {
    let NodeKind::Map(entries) = &node.kind else {
        r.error(
            node,
            "a condition is a mapping with one key",
            "For example `exists: account.email`.",
        );
        return None;
    };
    let [entry] = entries.as_slice() else {
        r.error(
            node,
            "a condition has exactly one key",
            "Combine several conditions with `all: [...]` or `any: [...]`.",
        );
        return None;
    };
    let key = entry.key.key_text();
    let v = &entry.value;
    let ignore_case = v
        .get("ignore_case")
        .is_some_and(|n| matches!(n.kind, NodeKind::Bool(true)));
    Some(match key.as_str() {
        "all" | "any" => {
            let NodeKind::Seq(items) = &v.kind else {
                r.error(
                    v,
                    format!("`{key}` takes a list of conditions"),
                    "Write `- ` before each condition.",
                );
                return None;
            };
            let list: Option<Vec<Condition>> =
                items.iter().map(|c| condition(r, c, data)).collect();
            if key == "all" {
                Condition::All(list?)
            } else {
                Condition::Any(list?)
            }
        }
        "not" => Condition::Not(Box::new(condition(r, v, data)?)),
        "exists" => Condition::Exists(r.path(v)?),
        "empty" => Condition::Empty(r.path(v)?),
        "repeated" => Condition::Repeated(r.path(v)?),
        "path_inside" => Condition::PathInside(r.path(v)?),
        "file_exists" => Condition::FileExists(r.path(v)?),
        "folder_exists" => Condition::FolderExists(r.path(v)?),
        "equals" => {
            let field = r.path(v.get("field")?)?;
            let to = if let Some(other) = v.get("other") {
                Operand::Field(r.path(other)?)
            } else if let Some(value) = v.get("value") {
                Operand::Value(value.scalar_text("")?.into_owned())
            } else if let Some(d) = v.get("data") {
                match r.data_value(d, data)? {
                    Value::String(s) => Operand::Value(s.clone()),
                    Value::Number(n) => Operand::Value(n.to_string()),
                    _ => {
                        r.table_error(d, "`equals` compares with one value, but this data table is not a single value", "Name a table (or `table.key`) that holds one value.");
                        return None;
                    }
                }
            } else {
                r.error(
                    v,
                    "`equals` needs `value`, `data` or `other`",
                    "Say what the field is compared with.",
                );
                return None;
            };
            Condition::Equals {
                field,
                to,
                ignore_case,
            }
        }
        "any_in" | "all_in" | "one_of" | "only" => {
            let fields = r.paths(v.get("field")?)?;
            let values = r.values(v, data)?;
            match key.as_str() {
                "any_in" => Condition::AnyIn {
                    fields,
                    values,
                    ignore_case,
                },
                "all_in" => Condition::AllIn {
                    fields,
                    values,
                    ignore_case,
                },
                "one_of" => Condition::OneOf {
                    fields,
                    values,
                    ignore_case,
                },
                _ => Condition::Only {
                    fields,
                    values,
                    ignore_case,
                },
            }
        }
        "matches" => {
            let field = r.path(v.get("field")?)?;
            let (pattern_node, pattern) = match (v.get("pattern"), v.get("data")) {
                (Some(p), _) => (p, text(p)?),
                (None, Some(d)) => match r.data_value(d, data)? {
                    Value::String(s) => (d, s.clone()),
                    _ => {
                        r.table_error(
                            d,
                            "this data table is not a pattern",
                            "Name a table that holds a regular expression.",
                        );
                        return None;
                    }
                },
                (None, None) => {
                    r.error(
                        v,
                        "`matches` needs `pattern` or `data`",
                        "Give the regular expression.",
                    );
                    return None;
                }
            };
            match r.regex(&pattern) {
                Ok(regex) => Condition::Matches { field, regex },
                Err(e) => {
                    r.error(
                        pattern_node,
                        format!("bad regular expression: {e}"),
                        "The syntax is the Rust `regex` crate's.",
                    );
                    return None;
                }
            }
        }
        "is_type" => {
            let field = r.path(v.get("field")?)?;
            let ty_node = v.get("type")?;
            let ty = YamlType::parse(&text(ty_node)?)?;
            Condition::IsType { field, ty }
        }
        "days_between" => Condition::DaysBetween {
            from: date_ref(r, v.get("from")?)?,
            to: date_ref(r, v.get("to")?)?,
            at_least: day_count(r, v.get("at_least"), data)?,
            at_most: day_count(r, v.get("at_most"), data)?,
        },
        other => {
            r.error(
                &entry.key,
                format!("`{other}` is not a condition"),
                "See docs/writing-rules.md for the conditions.",
            );
            return None;
        }
    })
}

/// A `days_between` bound: a whole number, or `{data: NAME}`, a number table (the review
/// lead time is policy: the plan and the rules read the same table). `Some(None)` when
/// there is no bound; `None` after reporting a bad table.
fn day_count(
    r: &mut impl Reader,
    node: Option<&Node>,
    data: &Map<String, Value>,
) -> Option<Option<i64>> {
    let Some(node) = node else { return Some(None) };
    let Some(name) = node.get("data") else {
        return Some(int(node));
    };
    match r.data_value(name, data)? {
        Value::Number(n) if n.is_i64() => Some(n.as_i64()),
        _ => {
            r.table_error(
                name,
                "this data table is not a whole number of days",
                "Name a table that holds a number, e.g. `review_lead_days: 21`.",
            );
            None
        }
    }
}

pub(in crate::pack) fn date_ref(r: &mut impl Reader, node: &Node) -> Option<DateRef> {
    if text(node).as_deref() == Some("$today") {
        return Some(DateRef::Today);
    }
    Some(DateRef::Field(r.path(node)?))
}
