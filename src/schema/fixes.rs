//! The fixes the schema's findings carry: what to write where YAML read another type than
//! the schema wants, and how sure a did-you-mean is.

use super::instance::YamlTree;
use crate::diagnostic::{Applicability, Fix};
use crate::node::{Node, NodeKind};
use crate::yaml_edit;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

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
    candidates: &Candidates,
) -> Option<Fix> {
    let schema = schema?;
    let types = type_names(schema);
    let wants = |t: &str| types.contains(&t);
    let (edit, message) = match &node.kind {
        NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Bool(_) if wants("string") => {
            let raw = text.get(node.span.clone())?;
            if !candidates.admits(schema, NodeKind::Str(raw.to_string())) {
                return None;
            }
            (
                yaml_edit::quote_scalar(text, node)?,
                format!("Quote `{raw}` as written"),
            )
        }
        NodeKind::Str(s) if wants("boolean") => {
            let b = yaml_1_1_boolean(s)?;
            if !candidates.admits(schema, NodeKind::Bool(b)) {
                return None;
            }
            (
                yaml_edit::write_plain(text, node, if b { "true" } else { "false" })?,
                format!("Write `{b}`"),
            )
        }
        NodeKind::Str(s) if wants("integer") => {
            let n: i64 = s.parse().ok()?;
            if n.to_string() != *s || !candidates.admits(schema, NodeKind::Int(n)) {
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

/// Whether a value would pass the schema of its field, asked of the JSON Schema
/// validator itself (its enum, const, pattern, format, lengths, bounds: all of it, with
/// ECMAScript's regular expressions as the schema means them). Each field's schema is
/// compiled once, the first time a fix would write into it, and kept with the schema.
#[derive(Default)]
pub struct Candidates {
    /// By the address of the field's schema in the schema's document, which lives as
    /// long as this.
    compiled: Mutex<HashMap<usize, Option<jsonschema::Validator<YamlTree>>>>,
}

impl Candidates {
    /// Whether `value` is valid against `schema`, a field's schema as `Schema::schema_at`
    /// finds it. A schema that does not compile on its own (a `$ref` to elsewhere in the
    /// document) admits nothing: no fix rather than a wrong one.
    pub fn admits(&self, schema: &Value, value: NodeKind) -> bool {
        // The value as the loader would have read it: the schema's validators read nodes.
        let value = Node {
            kind: value,
            span: 0..0,
        };
        let mut compiled = self.compiled.lock().unwrap_or_else(PoisonError::into_inner);
        compiled
            .entry(std::ptr::from_ref(schema) as usize)
            .or_insert_with(|| {
                jsonschema::options_for::<YamlTree>()
                    .should_validate_formats(true)
                    .build(schema)
                    .ok()
            })
            .as_ref()
            .is_some_and(|validator| validator.is_valid(&value))
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
        let c = Candidates::default();
        let policy = serde_json::json!({"type": "string", "pattern": "^[0-9]{4}\\.[0-9]{2}$"});
        assert!(c.admits(&policy, NodeKind::Str("2026.10".into())));
        assert!(!c.admits(&policy, NodeKind::Str("2026.1".into())));
        let portal = serde_json::json!({"type": "string", "enum": ["us", "global"]});
        assert!(!c.admits(&portal, NodeKind::Str("true".into())));
        // ECMAScript's lookahead, which the `regex` crate cannot read: the validator can.
        let lookahead = serde_json::json!({"type": "string", "pattern": "^(?!x)"});
        assert!(c.admits(&lookahead, NodeKind::Str("y".into())));
        assert!(!c.admits(&lookahead, NodeKind::Str("xy".into())));
        let date = serde_json::json!({"type": "string", "format": "date"});
        assert!(!c.admits(&date, NodeKind::Str("2026.10".into())));
        let short = serde_json::json!({"type": "string", "maxLength": 3});
        assert!(!c.admits(&short, NodeKind::Str("2026".into())));
        // A reference elsewhere in the document cannot be followed from the field alone.
        let elsewhere = serde_json::json!({"$ref": "#/$defs/code"});
        assert!(!c.admits(&elsewhere, NodeKind::Str("UK".into())));
    }
}
