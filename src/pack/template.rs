//! Message templates: `"{$item} is not open to partners registered in {registration.region}"`.

use super::context::Context;
use super::path::Path;
use serde_json::Value;

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Field { path: Path, plus_days: Option<i64> },
    Today { plus_days: Option<i64> },
    Suggestion,
    Data(String),
}

#[derive(Debug, Clone)]
pub struct Template {
    parts: Vec<Part>,
    pub source: String,
}

impl Template {
    /// Compiles a template; `data` resolves `{data.NAME}` now, so a missing table is an
    /// error in the rule file rather than a surprise in a message.
    pub fn parse(text: &str, data: &serde_json::Map<String, Value>) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(i) = rest.find(['{', '}']) {
            literal.push_str(&rest[..i]);
            let brace = &rest[i..];
            if let Some(after) = brace.strip_prefix("{{") {
                literal.push('{');
                rest = after;
                continue;
            }
            if let Some(after) = brace.strip_prefix("}}") {
                literal.push('}');
                rest = after;
                continue;
            }
            if brace.starts_with('}') {
                return Err("a lone `}`: write `}}` for a literal brace".to_string());
            }
            let close = brace
                .find('}')
                .ok_or("an unclosed `{`: write `{{` for a literal brace")?;
            let inner = brace[1..close].trim();
            if !literal.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut literal)));
            }
            parts.push(placeholder(inner, data)?);
            rest = &brace[close + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Template {
            parts,
            source: text.to_string(),
        })
    }

    pub fn uses_suggestion(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Suggestion))
    }

    pub fn render(&self, cx: &Context, suggestion: Option<&str>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Data(d) => out.push_str(d),
                Part::Suggestion => out.push_str(suggestion.unwrap_or("(none)")),
                Part::Today { plus_days } => {
                    out.push_str(&add_days(&cx.today.to_string(), *plus_days))
                }
                Part::Field { path, plus_days } => {
                    let mut found = Vec::new();
                    path.nodes(cx.root.node, cx.item.as_ref(), &mut found);
                    match found.first().and_then(|(n, _)| n.scalar_text(cx.text)) {
                        Some(v) => out.push_str(&add_days(&v, *plus_days)),
                        None => out.push_str("(missing)"),
                    }
                }
            }
        }
        out
    }
}

fn placeholder(inner: &str, data: &serde_json::Map<String, Value>) -> Result<Part, String> {
    let (expr, filter) = match inner.split_once('|') {
        Some((e, f)) => (e.trim(), Some(f.trim())),
        None => (inner, None),
    };
    let plus_days = match filter {
        None => None,
        Some(f) => {
            let n = f
                .strip_prefix("plus_days:")
                .ok_or_else(|| format!("unknown filter `{f}`: the filter is `plus_days:N`"))?;
            Some(days(n.trim(), data).ok_or_else(|| {
                format!("`{f}`: `plus_days` takes a whole number or `data.NAME`, a number table")
            })?)
        }
    };
    if expr == "$today" {
        return Ok(Part::Today { plus_days });
    }
    if expr == "$suggestion" {
        return Ok(Part::Suggestion);
    }
    if let Some(name) = expr.strip_prefix("data.") {
        let value = super::data_lookup(data, name)
            .ok_or_else(|| format!("`{{{expr}}}`: the pack has no data table `{name}`"))?;
        return Ok(Part::Data(data_text(value)));
    }
    Ok(Part::Field {
        path: Path::parse(expr)?,
        plus_days,
    })
}

/// `plus_days:21`, or `plus_days:data.review_lead_days`: a number table, so that a lead
/// time is written once in the pack's data.
fn days(n: &str, data: &serde_json::Map<String, Value>) -> Option<i64> {
    match n.strip_prefix("data.") {
        Some(name) => super::data_lookup(data, name)?.as_i64(),
        None => n.parse().ok(),
    }
}

/// A data table as message text: lists joined with `, `.
pub fn data_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(data_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

fn add_days(value: &str, days: Option<i64>) -> String {
    match days {
        None => value.to_string(),
        Some(n) => match value
            .parse::<jiff::civil::Date>()
            .ok()
            .and_then(|d| d.checked_add(jiff::Span::new().days(n)).ok())
        {
            Some(d) => d.to_string(),
            None => value.to_string(),
        },
    }
}
