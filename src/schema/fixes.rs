//! The fixes the schema's findings carry: what to write where YAML read another type than
//! the schema wants, and how sure a did-you-mean is.

use crate::diagnostic::{Applicability, Fix};
use crate::node::{Node, NodeKind};
use crate::yaml_edit;
use regex::Regex;
use serde_json::Value;
use std::collections::HashMap;

/// A did-you-mean is a guess, unless what was written differs from what was meant only
/// in case (`Public` for `public`): then it is the same word, written as the schema spells it.
pub fn guess(written: &str, meant: &str) -> Applicability {
    if written.to_lowercase() == meant.to_lowercase() {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    }
}

/// The boolean a YAML 1.1 parser made of `s` (`yes`, `no`, `on`, `off`, `y`, `n`, and
/// `true` and `false`, in any case). YAML 1.2, which partnerlint reads, keeps all but
/// `true` and `false` (in three spellings) as text.
pub fn yaml_1_1_boolean(s: &str) -> Option<bool> {
    match s.to_lowercase().as_str() {
        "yes" | "y" | "on" | "true" => Some(true),
        "no" | "n" | "off" | "false" => Some(false),
        _ => None,
    }
}

/// The fix for `node`, which YAML read as another type than `schema` wants, when one
/// writes the value the partner meant in the type wanted, and that value is one the
/// schema takes (so the fix trades this finding for none, not for another):
///
/// - a number or a boolean where text is wanted is quoted exactly as written
///   (`+8613800138000`, `policy: 2026.10`, a registration number): safe;
/// - `yes`, `no`, `on`, `off`, `y`, `n` (or a quoted `"true"`) where a boolean is wanted
///   becomes `true` or `false`: safe, it is what the partner's YAML 1.1 habit meant;
/// - a quoted integer where an integer is wanted loses its quotes (`format: "1"`): safe.
pub fn retype(
    text: &str,
    node: &Node,
    schema: Option<&Value>,
    patterns: &mut Patterns,
) -> Option<Fix> {
    let schema = schema?;
    let types = type_names(schema);
    let wants = |t: &str| types.contains(&t);
    let (edit, message) = match &node.kind {
        NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Bool(_) if wants("string") => {
            let raw = text.get(node.span.clone())?;
            if !patterns.admits(schema, &Value::String(raw.to_string())) {
                return None;
            }
            (
                yaml_edit::quote_scalar(text, node)?,
                format!("Quote `{raw}` as written"),
            )
        }
        NodeKind::Str(s) if wants("boolean") => {
            let b = yaml_1_1_boolean(s)?;
            if !patterns.admits(schema, &Value::Bool(b)) {
                return None;
            }
            (
                yaml_edit::write_plain(text, node, if b { "true" } else { "false" })?,
                format!("Write `{b}`"),
            )
        }
        NodeKind::Str(s) if wants("integer") => {
            let n: i64 = s.parse().ok()?;
            if n.to_string() != *s || !patterns.admits(schema, &Value::from(n)) {
                return None;
            }
            (
                yaml_edit::write_plain(text, node, s)?,
                format!("Write `{n}` without quotes"),
            )
        }
        _ => return None,
    };
    Some(Fix {
        applicability: Applicability::Safe,
        message,
        edits: vec![edit],
    })
}

fn type_names(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The schema's patterns, compiled once per validation (a file may hold a hundred
/// thousand values under one).
#[derive(Default)]
pub struct Patterns {
    compiled: HashMap<String, Option<Regex>>,
}

impl Patterns {
    /// Whether `value` passes what `schema` says of its value beside its type: `enum`,
    /// `const`, `pattern`, `minLength` and `maxLength`. A pattern this crate cannot read
    /// (JSON Schema's are ECMAScript's) admits nothing: no fix rather than a wrong one.
    pub fn admits(&mut self, schema: &Value, value: &Value) -> bool {
        if let Some(Value::Array(options)) = schema.get("enum") {
            if !options.contains(value) {
                return false;
            }
        }
        if let Some(constant) = schema.get("const") {
            if constant != value {
                return false;
            }
        }
        let Value::String(s) = value else {
            return true;
        };
        let length = s.chars().count() as u64;
        if schema
            .get("minLength")
            .and_then(Value::as_u64)
            .is_some_and(|min| length < min)
            || schema
                .get("maxLength")
                .and_then(Value::as_u64)
                .is_some_and(|max| length > max)
        {
            return false;
        }
        match schema.get("pattern").and_then(Value::as_str) {
            Some(pattern) => self
                .compiled
                .entry(pattern.to_string())
                .or_insert_with(|| Regex::new(pattern).ok())
                .as_ref()
                .is_some_and(|re| re.is_match(s)),
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_booleans_in_any_case() {
        for (s, b) in [
            ("yes", true),
            ("Y", true),
            ("ON", true),
            ("True", true),
            ("no", false),
            ("n", false),
            ("Off", false),
            ("FALSE", false),
        ] {
            assert_eq!(yaml_1_1_boolean(s), Some(b), "{s}");
        }
        for s in ["", "yep", "1", "0", "nope", "o"] {
            assert_eq!(yaml_1_1_boolean(s), None, "{s}");
        }
    }

    #[test]
    fn a_case_difference_is_no_guess() {
        assert_eq!(guess("Public", "public"), Applicability::Safe);
        assert_eq!(guess("publik", "public"), Applicability::Unsafe);
    }

    #[test]
    fn a_value_must_pass_the_rest_of_its_schema() {
        let mut p = Patterns::default();
        let policy = serde_json::json!({"type": "string", "pattern": "^[0-9]{4}\\.[0-9]{2}$"});
        assert!(p.admits(&policy, &Value::String("2026.10".into())));
        assert!(!p.admits(&policy, &Value::String("2026.1".into())));
        let portal = serde_json::json!({"type": "string", "enum": ["us", "global"]});
        assert!(!p.admits(&portal, &Value::String("true".into())));
        let odd = serde_json::json!({"type": "string", "pattern": "^(?!x)"});
        assert!(!p.admits(&odd, &Value::String("y".into())));
    }
}
