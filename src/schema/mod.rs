//! Validates a loaded tree against a JSON Schema and turns each validator error into a
//! diagnostic in plain words, at the node it is about.

use crate::diagnostic::did_you_mean::{closest, Suggester};
use crate::diagnostic::{Code, Diagnostic, Fix, Severity};
use crate::node::{unescape_pointer, Located, Node, NodeKind};
use crate::source::Span;
use jsonschema::error::{ValidationError, ValidationErrorKind};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

mod fixes;
mod instance;
use instance::YamlTree;

/// The application file's schema, as shipped.
pub const APPLICATION_SCHEMA: &str = include_str!("../../schemas/partner-application.schema.json");

/// A compiled schema and the words its diagnostics use.
pub struct Schema {
    validator: jsonschema::Validator<YamlTree>,
    document: Value,
    /// The rule id of its diagnostics.
    rule: Code,
    /// What the root is called in messages ("the application file").
    subject: &'static str,
    /// What to do when the root is not a mapping.
    root_help: &'static str,
    /// The fields' schemas compiled on their own, for the values fixes would write.
    candidates: fixes::Candidates,
}

impl Schema {
    pub fn compile(text: &str, rule: Code, subject: &'static str) -> Result<Schema, String> {
        let mut document: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        // The meta-schema checks `$id` with a regular expression whose compilation costs
        // a tenth of a one-file check; the id is handed over as the base URI instead,
        // which is what it means to the validator.
        let id = document.as_object_mut().and_then(|o| o.remove("$id"));
        let mut options = jsonschema::options_for::<YamlTree>().should_validate_formats(true);
        if let Some(Value::String(uri)) = &id {
            options = options.with_base_uri(uri.clone());
        }
        let validator = options.build(&document).map_err(|e| e.to_string())?;
        if let (Some(id), Some(o)) = (id, document.as_object_mut()) {
            o.insert("$id".into(), id);
        }
        Ok(Schema {
            validator,
            document,
            rule,
            subject,
            root_help: "Write it as a mapping of fields, one per line, as its documentation shows.",
            candidates: fixes::Candidates::default(),
        })
    }

    /// Sets the help given when the root is not a mapping.
    pub fn with_root_help(mut self, help: &'static str) -> Self {
        self.root_help = help;
        self
    }

    /// The application file's schema, compiled once per process.
    pub fn application() -> &'static Schema {
        static SCHEMA: OnceLock<Schema> = OnceLock::new();
        SCHEMA.get_or_init(|| {
            match Schema::compile(
                APPLICATION_SCHEMA,
                Code::Schema,
                "the application file",
            ) {
                Ok(s) => s.with_root_help(
                    "Write the application as fields, one per line, starting with `format: 1`, `account:` and `developer_type:`; `partnerlint schema` prints every field.",
                ),
                // The schema is compiled into the binary and tested; it cannot be broken at run time.
                Err(e) => unreachable!("the shipped application schema does not compile: {e}"),
            }
        })
    }

    pub fn document(&self) -> &Value {
        &self.document
    }

    /// Every way `root` breaks the schema, as diagnostics, in document order.
    pub fn validate(&self, root: &Node, text: &str) -> Vec<Diagnostic> {
        // Most files are valid, and asking only whether is several times cheaper than
        // collecting errors (it stops early and builds none).
        if self.validator.is_valid(root) {
            return Vec::new();
        }
        let here = Located::root(root);
        let mut meant = HashSet::new();
        let mut out: Vec<Diagnostic> = self
            .validator
            .iter_errors(root)
            .flat_map(|err| self.describe(&err, &here, text, &mut meant))
            .collect();
        out.dedup_by(|a, b| a.message == b.message && a.primary == b.primary);
        // A misspelt key leaves the key it meant missing: the did-you-mean says both.
        out.retain(|d| !meant.contains(&d.pointer));
        out
    }

    fn describe(
        &self,
        err: &ValidationError,
        root: &Located,
        text: &str,
        meant: &mut HashSet<String>,
    ) -> Vec<Diagnostic> {
        let pointer = err.instance_path().as_str().to_string();
        let (at, _) = root.walk_pointer(&pointer);
        let field = self.field_name(&pointer);
        let value = at.node.scalar_text(text).map(|s| s.into_owned());
        let subschema = self.schema_at(&pointer);
        let diag = |message: String| {
            Diagnostic::new(self.rule, Severity::Error, message)
                .with_pointer(pointer.clone())
                .at(at.label_span(text), None)
        };
        match err.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let known = property_names(subschema);
                // Each key, looked up by name: a search of the mapping per unknown key
                // was quadratic on a mapping of a hundred thousand of them.
                let keys: HashMap<Cow<str>, &Node> = match &at.node.kind {
                    NodeKind::Map(entries) if unexpected.len() > 1 => {
                        entries.iter().map(|e| (e.key.key_name(), &e.key)).collect()
                    }
                    _ => HashMap::new(),
                };
                // Worked out once for the mapping, not per key: a hostile mapping has a
                // hundred thousand unknown keys.
                let owner = if pointer.is_empty() {
                    self.subject.to_string()
                } else {
                    format!("`{field}`")
                };
                let remove_help = format!(
                    "Remove it; the fields of {owner} are: {}.",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                // A key that is already there is not what a misspelt key meant: renaming
                // it would make a duplicate key.
                let absent: Vec<String> = known
                    .iter()
                    .filter(|k| at.node.entry(k).is_none())
                    .cloned()
                    .collect();
                let suggester = Suggester::new(&absent);
                let suggestions: Vec<Option<&str>> = unexpected
                    .iter()
                    .map(|key| suggester.closest(key))
                    .collect();
                // Two unknown keys that both mean the same field: renaming either is a
                // guess, and renaming both a duplicate key.
                let mut claims: HashMap<&str, usize> = HashMap::new();
                for best in suggestions.iter().flatten() {
                    *claims.entry(best).or_default() += 1;
                }
                unexpected
                    .iter()
                    .zip(&suggestions)
                    .map(|(key, suggestion)| {
                        let key_node = keys
                            .get(key.as_str())
                            .copied()
                            .or_else(|| at.node.entry(key).map(|e| &e.key));
                        let key_span = key_node
                            .map(|k| k.span.clone())
                            .unwrap_or_else(|| at.label_span(text));
                        let child_pointer =
                            format!("{pointer}/{}", crate::node::escape_pointer(key));
                        let mut fix = None;
                        let (message, help) = match *suggestion {
                            Some(best) => {
                                if claims.get(best) == Some(&1) {
                                    fix = key_node
                                        .and_then(|k| crate::yaml_edit::rename_key(text, k, best))
                                        .map(|edit| Fix {
                                            applicability: fixes::guess(key, best),
                                            message: format!("Rename `{key}` to `{best}`"),
                                            edits: vec![edit],
                                        });
                                }
                                meant.insert(format!(
                                    "{pointer}/{}",
                                    crate::node::escape_pointer(best)
                                ));
                                (
                                    format!(
                                        "`{key}` is not a field of {owner}; did you mean `{best}`?"
                                    ),
                                    format!("Rename `{key}` to `{best}`."),
                                )
                            }
                            None => (
                                format!("`{key}` is not a field of {owner}"),
                                remove_help.clone(),
                            ),
                        };
                        Diagnostic::new(self.rule, Severity::Error, message)
                            .with_pointer(child_pointer)
                            .at(key_span, Some("unknown field".into()))
                            .with_help(help)
                            .with_fix(fix)
                    })
                    .collect()
            }
            ValidationErrorKind::Required { property } => {
                let property = property.as_str().unwrap_or_default();
                let full = if pointer.is_empty() {
                    property.to_string()
                } else {
                    format!("{field}.{property}")
                };
                let (reason, requiring) = self.required_because(err, root, &pointer);
                let what = self.schema_at(&format!(
                    "{pointer}/{}",
                    crate::node::escape_pointer(property)
                ));
                let description = description(what)
                    .map(|d| format!(": {d}"))
                    .unwrap_or_default();
                let place = if pointer.is_empty() {
                    "at the top level".to_string()
                } else {
                    format!("under `{field}`")
                };
                let mut d = diag(format!("`{full}` is missing{reason}"))
                    .with_pointer(format!(
                        "{pointer}/{}",
                        crate::node::escape_pointer(property)
                    ))
                    .with_help(format!("Add `{property}:` {place}{description}"));
                // The field that requires it (`developer_type`), labelled where it is.
                for (span, label) in requiring {
                    d = d.also(span, label);
                }
                vec![d]
            }
            ValidationErrorKind::Type { .. } => {
                let expected = expected_types(subschema);
                let got = at.node.type_name();
                let message = if pointer.is_empty() {
                    format!(
                        "{} must be a mapping of fields, but YAML read {got}",
                        self.subject
                    )
                } else {
                    match &value {
                        Some(v) => {
                            format!("`{field}` must be {expected}, but YAML read `{v}` as {got}")
                        }
                        None => format!("`{field}` must be {expected}, but it is {got}"),
                    }
                };
                let fix = if pointer.is_empty() {
                    None
                } else {
                    fixes::retype(text, at.node, subschema, &self.candidates)
                };
                vec![diag(message)
                    .with_help(if pointer.is_empty() {
                        self.root_help.to_string()
                    } else {
                        type_help(&field, &expected, at.node, value.as_deref(), subschema)
                    })
                    .with_fix(fix)]
            }
            ValidationErrorKind::Enum { options } => {
                let options: Vec<String> = match options.as_ref() {
                    Value::Array(items) => items.iter().map(json_text).collect(),
                    other => vec![json_text(other)],
                };
                let v = value.unwrap_or_else(|| at.node.type_name().to_string());
                let list = options
                    .iter()
                    .map(|o| format!("`{o}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let best = closest(&v, &options);
                let help = match best {
                    Some(best) => format!("Did you mean `{best}`? The allowed values are {list}."),
                    None => format!("Use one of {list}."),
                };
                let fix = best.and_then(|best| {
                    let edit = crate::yaml_edit::replace_scalar(text, at.node, best)?;
                    Some(Fix {
                        applicability: fixes::guess(&v, best),
                        message: format!("Replace `{v}` with `{best}`"),
                        edits: vec![edit],
                    })
                });
                vec![diag(format!(
                    "`{field}` is `{v}`, which is not one of the allowed values"
                ))
                .with_help(help)
                .with_fix(fix)]
            }
            ValidationErrorKind::Constant { expected_value } => {
                vec![
                    diag(format!("`{field}` must be `{}`", json_text(expected_value)))
                        .with_help(describe_field(subschema)),
                ]
            }
            ValidationErrorKind::MinItems { limit } => vec![diag(format!(
                "`{field}` is empty; it must list at least {limit} item{}",
                if *limit == 1 { "" } else { "s" }
            ))
            .with_help(describe_field(subschema))],
            ValidationErrorKind::MinLength { .. } => {
                vec![diag(format!("`{field}` is empty")).with_help(describe_field(subschema))]
            }
            ValidationErrorKind::Pattern { pattern } => {
                let v = value.unwrap_or_default();
                let message = if is_date_pattern(pattern) {
                    format!("`{field}` is `{v}`, which is not a date written YYYY-MM-DD")
                } else {
                    format!("`{field}` is `{v}`, which is not in the expected form")
                };
                vec![diag(message).with_help(describe_field(subschema))]
            }
            ValidationErrorKind::Format { format } if format == "date" => vec![diag(format!(
                "`{field}` is `{}`, which is not a real calendar date",
                value.unwrap_or_default()
            ))
            .with_help("Write an existing date as YYYY-MM-DD, for example `2026-12-15`.")],
            _ => vec![diag(format!("`{field}`: {err}")).with_help(describe_field(subschema))],
        }
    }

    /// ` (required because `developer_type` is `app_developer`)`, read from the `if` of the
    /// `if`/`then` that demanded the field, and the place of each field that requires it
    /// with a label (`requires this section`).
    fn required_because(
        &self,
        err: &ValidationError,
        root: &Located,
        pointer: &str,
    ) -> (String, Vec<(Span, String)>) {
        let path = err.schema_path().as_str();
        let Some(then_at) = path.rfind("/then/") else {
            return (String::new(), Vec::new());
        };
        let if_path = format!("{}/if", &path[..then_at]);
        let Some(condition) = self.document.pointer(&if_path) else {
            return (String::new(), Vec::new());
        };
        let Some(Value::Object(props)) = condition.get("properties") else {
            return (String::new(), Vec::new());
        };
        let (object, found) = root.walk_pointer(pointer);
        let mut places = Vec::new();
        let reasons: Vec<String> = props
            .keys()
            .filter(|_| found)
            .filter_map(|key| {
                let requiring = object.field(key)?;
                let actual = requiring.node.to_json();
                places.push((
                    requiring.node.span.clone(),
                    format!("`{}` requires it", json_text(&actual)),
                ));
                let name = if pointer.is_empty() {
                    key.clone()
                } else {
                    format!("{}.{key}", self.field_name(pointer))
                };
                Some(format!("`{name}` is `{}`", json_text(&actual)))
            })
            .collect();
        if reasons.is_empty() {
            (String::new(), Vec::new())
        } else {
            (
                format!(" (required because {})", reasons.join(" and ")),
                places,
            )
        }
    }

    /// `registration.target_markets[0]` for `/registration/target_markets/0`.
    fn field_name(&self, pointer: &str) -> String {
        if pointer.is_empty() {
            return self.subject.to_string();
        }
        let mut out = String::new();
        for token in pointer.trim_start_matches('/').split('/') {
            let token = unescape_pointer(token);
            if token.parse::<usize>().is_ok() {
                out.push_str(&format!("[{token}]"));
            } else {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&token);
            }
        }
        out
    }

    /// The subschema that describes the instance at `pointer`, following `properties`,
    /// `items` and local `$ref`s.
    fn schema_at(&self, pointer: &str) -> Option<&Value> {
        let mut here = self.resolve(&self.document);
        if pointer.is_empty() {
            return Some(here);
        }
        for token in pointer.trim_start_matches('/').split('/') {
            let token = unescape_pointer(token);
            let next = here
                .get("properties")
                .and_then(|p| p.get(&token))
                .or_else(|| token.parse::<usize>().ok().and(here.get("items")))?;
            here = self.resolve(next);
        }
        Some(here)
    }

    fn resolve<'a>(&'a self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..16 {
            match schema
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
            {
                Some(target) => match self.document.pointer(target) {
                    Some(s) => schema = s,
                    None => break,
                },
                None => break,
            }
        }
        schema
    }
}

fn description(schema: Option<&Value>) -> Option<&str> {
    schema?.get("description")?.as_str()
}

fn describe_field(schema: Option<&Value>) -> String {
    description(schema).map_or_else(
        || "See `partnerlint schema` for the field's form.".to_string(),
        str::to_string,
    )
}

fn property_names(schema: Option<&Value>) -> Vec<String> {
    match schema.and_then(|s| s.get("properties")) {
        Some(Value::Object(props)) => props.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn expected_types(schema: Option<&Value>) -> String {
    let names: Vec<&str> = match schema.and_then(|s| s.get("type")) {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let words: Vec<&str> = names
        .iter()
        .map(|t| match *t {
            "string" => "a string",
            "integer" => "an integer",
            "number" => "a number",
            "boolean" => "`true` or `false`",
            "array" => "a list",
            "object" => "a mapping",
            "null" => "empty",
            _ => "of another type",
        })
        .collect();
    if words.is_empty() {
        "of another type".to_string()
    } else {
        words.join(" or ")
    }
}

fn type_help(
    field: &str,
    expected: &str,
    node: &Node,
    value: Option<&str>,
    schema: Option<&Value>,
) -> String {
    let key = field
        .rsplit(['.', '['])
        .next()
        .unwrap_or(field)
        .trim_end_matches(']');
    match (&node.kind, expected) {
        (NodeKind::Int(_) | NodeKind::Float(_), "a string") => format!(
            "Quote it: `{key}: \"{}\"`. YAML reads unquoted digits as a number, dropping a leading `+` or `0`, and reads `2026.10` as 2026.1.",
            value.unwrap_or_default()
        ),
        (NodeKind::Bool(_), "a string") => format!("Quote it: `{key}: \"{}\"`.", value.unwrap_or_default()),
        // An empty section is not a missing one: it is there to be filled in (removing a
        // section the policy requires would be wrong advice).
        (NodeKind::Null, "a mapping") => format!("`{key}` is an empty section: write its fields under `{key}:`, indented. {}", describe_field(schema)),
        (NodeKind::Null, _) => format!("`{key}` is empty: give it a value, or remove the line. {}", describe_field(schema)),
        (NodeKind::Str(_), "an integer") => format!("Write it without quotes: `{key}: {}`.", value.unwrap_or_default()),
        (NodeKind::Str(_), "a list") => format!("Write a list: `{key}: [{}]`.", value.unwrap_or_default()),
        (NodeKind::Str(s), "`true` or `false`") => match fixes::yaml_1_1_boolean(s) {
            Some(b) if !matches!(s.to_lowercase().as_str(), "true" | "false") => format!(
                "Write `{b}`, without quotes: YAML 1.2, which partnerlint reads, takes `{s}` as text, not as the boolean older YAML made of yes/no, on/off and y/n."
            ),
            _ => "Write `true` or `false` without quotes.".to_string(),
        },
        _ => describe_field(schema),
    }
}

fn is_date_pattern(pattern: &str) -> bool {
    pattern.contains("{4}-")
}

fn json_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
