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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file_access::FileAccess;
    use crate::node::Located;
    use crate::yaml::{load, Limits};

    fn data() -> serde_json::Map<String, Value> {
        serde_json::json!({
            "markets": ["UK", "US"],
            "contacts": {"uk": "uk@example.com"},
            "days": 21,
        })
        .as_object()
        .cloned()
        .unwrap_or_default()
    }

    /// A template, the document, the bound item's path (if any), the suggestion, and the
    /// text it renders.
    type Row = (
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        &'static str,
    );

    #[test]
    fn templates_render_each_placeholder() {
        let rows: &[Row] = &[
            ("plain text", "a: 1", None, None, "plain text"),
            ("{{literal}} braces", "a: 1", None, None, "{literal} braces"),
            ("`{a}` is wrong", "a: x", None, None, "`x` is wrong"),
            ("{a.b}", "a: {b: 2}", None, None, "2"),
            ("{a}", "b: 1", None, None, "(missing)"),
            ("{a[1]}", "a: [x, y]", None, None, "y"),
            ("{a[*]}", "a: [x, y]", None, None, "x"),
            ("{$item}", "a: [x, y]", Some("a[1]"), None, "y"),
            ("{$item.n}", "a: [{n: z}]", Some("a[0]"), None, "z"),
            ("{data.markets}", "a: 1", None, None, "UK, US"),
            ("{data.contacts.uk}", "a: 1", None, None, "uk@example.com"),
            ("{data.days}", "a: 1", None, None, "21"),
            ("{$today}", "a: 1", None, None, "2026-11-22"),
            ("{$today|plus_days:10}", "a: 1", None, None, "2026-12-02"),
            (
                "{d | plus_days: -1}",
                "d: 2026-03-01",
                None,
                None,
                "2026-02-28",
            ),
            ("{d|plus_days:1}", "d: soon", None, None, "soon"),
            (
                "did you mean {$suggestion}?",
                "a: 1",
                None,
                Some("UK"),
                "did you mean UK?",
            ),
            ("{$suggestion}", "a: 1", None, None, "(none)"),
        ];
        let mut failures = Vec::new();
        for (template, doc, item, suggestion, expected) in rows {
            let t = Template::parse(template, &data()).expect("parses");
            let root = load(doc, &Limits::default()).root.expect("loads");
            let files = FileAccess::default();
            let mut cx = Context::new(
                &root,
                &root,
                doc,
                jiff::civil::date(2026, 11, 22),
                &files,
                None,
                &[],
            );
            if let Some(item) = item {
                let mut found = Vec::new();
                Path::parse(item)
                    .expect("a path")
                    .nodes(&root, None, &mut found);
                let (node, key_span) = found.first().cloned().expect("the item");
                cx.item = Some(Located {
                    node,
                    key_span,
                    pointer: String::new(),
                });
            }
            let got = t.render(&cx, *suggestion);
            if got != *expected {
                failures.push(format!(
                    "{template} on `{doc}`: {got:?}, expected {expected:?}"
                ));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn template_mistakes_are_refused_with_a_reason() {
        let rows: &[(&str, &str)] = &[
            ("a lone } here", "a lone `}`"),
            ("an {unclosed", "an unclosed `{`"),
            ("{data.nope}", "no data table `nope`"),
            ("{a|minus_days:1}", "unknown filter"),
            ("{a|plus_days:x}", "whole number"),
            ("{$nope}", "not a path"),
        ];
        for (template, reason) in rows {
            match Template::parse(template, &data()) {
                Ok(_) => panic!("{template} parses"),
                Err(e) => assert!(e.contains(reason), "{template}: {e}"),
            }
        }
        assert!(Template::parse("{$suggestion}", &data())
            .expect("parses")
            .uses_suggestion());
        assert!(!Template::parse("{a}", &data())
            .expect("parses")
            .uses_suggestion());
    }
}
