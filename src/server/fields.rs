//! What the application format says about a field: its schema description, the keys it
//! may hold, and the values it takes (the schema's enums and the policy's data tables).
//! Hover and completion both read from here.

use crate::node::{Node, NodeKind};
use crate::pack::RulePack;
use crate::schema::Schema;
use serde_json::Value;

/// A path to a field: keys, with `*` for a list's items.
pub type FieldPath = Vec<String>;

/// The schema node at `path`, with the description the field itself gives (a field's
/// own words beat the shared definition's it refers to).
pub fn schema_at(path: &[String]) -> Option<(&'static Value, Option<&'static str>)> {
    let root = Schema::application().document();
    let mut node = root;
    let mut description = node.get("description").and_then(Value::as_str);
    for step in path {
        node = resolve(root, node);
        node = if step == "*" {
            node.get("items")?
        } else {
            node.get("properties")?.get(step)?
        };
        description = node.get("description").and_then(Value::as_str);
    }
    let resolved = resolve(root, node);
    Some((
        resolved,
        description.or_else(|| resolved.get("description")?.as_str()),
    ))
}

fn resolve<'v>(root: &'v Value, node: &'v Value) -> &'v Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix('#')
            .and_then(|p| root.pointer(p))
            .unwrap_or(node),
        None => node,
    }
}

/// The keys a mapping at `path` may hold, each with its description.
pub fn keys_at(path: &[String]) -> Vec<(&'static str, &'static str)> {
    let Some((node, _)) = schema_at(path) else {
        return Vec::new();
    };
    let Some(props) = node.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    props
        .iter()
        .map(|(k, v)| {
            let v = resolve(Schema::application().document(), v);
            (
                k.as_str(),
                v.get("description").and_then(Value::as_str).unwrap_or(""),
            )
        })
        .collect()
}

/// The top-level sections that belong to the other developer types: the schema's
/// `allOf` requires `seller` of a seller developer, and `registration`, `company` and
/// `certification` of the others, so each is offered only to the type that needs it.
pub fn other_types_sections(developer_type: &str) -> Vec<&'static str> {
    let root = Schema::application().document();
    let mut mine = Vec::new();
    let mut all = Vec::new();
    for branch in root
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let required: Vec<&'static str> = branch
            .pointer("/then/required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if matches_type(branch, developer_type) {
            mine.extend(required.iter().copied());
        }
        all.extend(required);
    }
    all.into_iter().filter(|k| !mine.contains(k)).collect()
}

fn matches_type(branch: &Value, developer_type: &str) -> bool {
    let Some(cond) = branch.pointer("/if/properties/developer_type") else {
        return false;
    };
    cond.get("const").and_then(Value::as_str) == Some(developer_type)
        || cond
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| e.iter().any(|v| v.as_str() == Some(developer_type)))
}

/// A value a field may take, with what it means.
pub struct Choice {
    pub value: String,
    pub meaning: String,
}

/// The data table of the policy a field's values come from.
fn table_for(path: &[String], region: Option<&str>, pack: &RulePack) -> Option<&'static str> {
    let joined = path.join("/");
    Some(match joined.as_str() {
        "registration/region" | "certification/business_certificate/issuing_region" => "regions",
        "registration/target_markets/*" => {
            // A cross-border partner may target only the cross-border markets: offering
            // the others would be advice about a market it may not target.
            let cross = pack
                .data
                .get("cross_border_regions")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|v| Some(v.as_str().unwrap_or("")) == region));
            if cross {
                "cross_border_markets"
            } else {
                "markets"
            }
        }
        "seller/shop_market" => "markets",
        "compliance/contact" => "contacts",
        "seller/category" => "seller_category",
        _ => return None,
    })
}

/// The values `path` takes: the schema's enum, else the policy's table for it.
pub fn choices(path: &[String], region: Option<&str>, pack: Option<&RulePack>) -> Vec<Choice> {
    let mut out = Vec::new();
    if let Some((node, description)) = schema_at(path) {
        for v in node
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let value = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let meaning = type_meaning(&value)
                .map(str::to_string)
                .or_else(|| description.map(str::to_string))
                .unwrap_or_default();
            out.push(Choice { value, meaning });
        }
    }
    if path == ["policy"] {
        if let Some(pack) = pack {
            out.push(Choice {
                value: format!("\"{}\"", pack.manifest.version),
                meaning: format!(
                    "The policy version in force, from {}.",
                    pack.manifest.effective
                ),
            });
        }
    }
    let Some(pack) = pack else { return out };
    let Some(table) = table_for(path, region, pack) else {
        return out;
    };
    match pack.data.get(table) {
        Some(Value::Array(items)) => {
            for v in items.iter().filter_map(Value::as_str) {
                out.push(Choice {
                    value: v.to_string(),
                    meaning: code_meaning(pack, v),
                });
            }
        }
        Some(Value::Object(entries)) => {
            for (k, v) in entries {
                if let Some(v) = v.as_str() {
                    out.push(Choice {
                        value: v.to_string(),
                        meaning: format!("The Partner Development & Management team ({k})."),
                    });
                }
            }
        }
        Some(Value::String(s)) => out.push(Choice {
            value: s.clone(),
            meaning: format!("The policy's `{table}`."),
        }),
        _ => {}
    }
    out
}

/// What a developer type means: the schema's `allOf` branch that names it.
fn type_meaning(value: &str) -> Option<&'static str> {
    let root = Schema::application().document();
    root.get("allOf")?
        .as_array()?
        .iter()
        .find(|b| matches_type(b, value))?
        .get("description")?
        .as_str()
}

/// What a market or region code means: its names in the policy's aliases, and the
/// tables that hold it.
pub fn code_meaning(pack: &RulePack, code: &str) -> String {
    let names: Vec<&str> = pack
        .data
        .get("market_aliases")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(name, v)| v.as_str() == Some(code) && name.chars().any(|c| c.is_lowercase()))
        .map(|(name, _)| name.as_str())
        .collect();
    let held = |table: &str| {
        pack.data
            .get(table)
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(code)))
    };
    let mut roles = Vec::new();
    if held("markets") {
        roles.push("a TikTok Shop market");
    }
    if held("cross_border_regions") {
        roles.push("a cross-border registration region");
    } else if held("regions") {
        roles.push("a registration region");
    }
    if held("compliance_markets") {
        roles.push("a market that needs the compliance review");
    }
    let name = names.first().copied().unwrap_or(code);
    match roles.is_empty() {
        true => format!(
            "{name}: not a market or region of policy {}.",
            pack.manifest.version
        ),
        false => format!(
            "{name}: {} (policy {}).",
            roles.join(", "),
            pack.manifest.version
        ),
    }
}

/// What the field or value at a place is.
pub enum Spot {
    Key(FieldPath),
    Value(FieldPath, String),
}

/// The key or scalar value at byte `offset` of the tree.
pub fn spot_at(root: &Node, offset: usize) -> Option<Spot> {
    let mut path = Vec::new();
    let mut node = root;
    loop {
        match &node.kind {
            NodeKind::Map(entries) => {
                let entry = entries
                    .iter()
                    .find(|e| contains(&e.key.span, offset) || contains(&e.value.span, offset))?;
                let key = entry.key.as_str()?.to_string();
                path.push(key);
                if contains(&entry.key.span, offset) {
                    return Some(Spot::Key(path));
                }
                node = &entry.value;
            }
            NodeKind::Seq(items) => {
                node = items.iter().find(|i| contains(&i.span, offset))?;
                path.push("*".into());
            }
            NodeKind::Str(s) => return Some(Spot::Value(path, s.clone())),
            NodeKind::Int(n) => return Some(Spot::Value(path, n.to_string())),
            NodeKind::Bool(b) => return Some(Spot::Value(path, b.to_string())),
            _ => return None,
        }
    }
}

fn contains(span: &crate::source::Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end && span.start < span.end
}
