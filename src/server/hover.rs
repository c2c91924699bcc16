//! Hover: on a finding, what `partnerlint explain` says (why, the policy's words, how
//! to fix); on a key, the field's description from the schema; on a value, what it means.

use super::configuration::Checked;
use super::fields::{self, Spot};
use crate::diagnostic::Diagnostic;
use crate::report::visible;

/// The hover text (Markdown) at byte `offset` of `text`, or `None`.
pub fn hover(
    checked: &Checked,
    text: &str,
    offset: usize,
) -> Option<(String, Option<crate::source::Span>)> {
    let mut parts = Vec::new();
    let mut range = None;
    for d in checked.report.diagnostics.iter().filter(|d| {
        d.primary
            .as_ref()
            .is_some_and(|l| l.span.start <= offset && offset <= l.span.end)
    }) {
        parts.push(explain(checked, d));
        range = range.or_else(|| d.primary.as_ref().map(|l| l.span.clone()));
    }
    let tree = crate::yaml::load(text, &crate::yaml::Limits::default()).root;
    if let Some(spot) = tree.as_ref().and_then(|t| fields::spot_at(t, offset)) {
        parts.extend(describe(checked, &spot));
    }
    (!parts.is_empty()).then(|| (parts.join("\n\n---\n\n"), range))
}

/// A finding, as `explain` tells it.
fn explain(checked: &Checked, d: &Diagnostic) -> String {
    let mut out = format!(
        "**{}** ({}): {}",
        d.rule,
        d.severity,
        visible::text(&d.message)
    );
    if let Some(help) = &d.help {
        out.push_str(&format!("\n\n**How to fix:** {}", visible::text(help)));
    }
    if let Some(code) = crate::diagnostic::Code::parse(&d.rule) {
        out.push_str(&format!("\n\n**{}.** {}", code.title(), code.description()));
    } else if let Some((pack, rule)) = checked.pack().and_then(|p| Some((p, p.rule(&d.rule)?))) {
        let (document, quote) = pack.source_of(rule);
        out.push_str(&format!(
            "\n\n**Why: {}** {}\n\n> {}\n\n— {}, section \"{}\" (policy {})",
            visible::text(&rule.title),
            visible::paragraphs(rule.description.trim()),
            visible::text(&quote),
            visible::text(&document),
            visible::text(&rule.source.section),
            pack.manifest.version,
        ));
    }
    out.push_str(&format!("\n\n`partnerlint explain {}` tells more.", d.rule));
    out
}

/// A key's description, or a value's meaning.
fn describe(checked: &Checked, spot: &Spot) -> Option<String> {
    match spot {
        Spot::Key(path) => {
            let (_, description) = fields::schema_at(path)?;
            Some(format!("**{}**: {}", path.join("."), description?))
        }
        Spot::Value(path, value) => {
            let shown = visible::text(value);
            let choice = fields::choices(path, None, checked.pack())
                .into_iter()
                .find(|c| c.value == *value);
            if let Some(c) = choice {
                return Some(format!("`{shown}`: {}", c.meaning));
            }
            // A code the field does not list (a market where a region goes) still has
            // a meaning in the policy.
            let code_field = fields::schema_at(path).is_some_and(|(node, _)| {
                node.get("$ref").is_none()
                    && node
                        .get("description")
                        .and_then(|d| d.as_str())
                        .is_some_and(|d| d.contains("code"))
            });
            match (checked.pack(), code_field) {
                (Some(pack), true) => {
                    Some(format!("`{shown}`: {}", fields::code_meaning(pack, value)))
                }
                _ => None,
            }
        }
    }
}
