//! Completion: the keys valid at the cursor (for the file's developer type), and the
//! values a field takes, each with its documentation. The cursor's place is read from
//! the lines above it (their indentation and keys), not the YAML tree: text being typed
//! is seldom valid YAML.

use super::fields::{self, FieldPath};
use crate::pack::RulePack;
use lsp_types::{CompletionItem, CompletionItemKind, Documentation, MarkupContent, MarkupKind};

/// Where the cursor is.
#[derive(Debug, PartialEq)]
pub enum Context {
    /// Writing a key of the mapping at the path; the keys it already has.
    Key(FieldPath, Vec<String>),
    /// Writing the value of the field at the path.
    Value(FieldPath),
}

/// The indentation of a line, and its content after it.
fn indent(line: &str) -> (usize, &str) {
    let trimmed = line.trim_start_matches(' ');
    (line.len() - trimmed.len(), trimmed)
}

/// A `key:` at the start of `content`: the key, and what follows the colon.
fn key_of(content: &str) -> Option<(&str, &str)> {
    let (key, rest) = content.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    (plain && (rest.is_empty() || rest.starts_with([' ', '\t']))).then_some((key, rest))
}

/// A line's dash (`- `) column when it starts a list item, the column its key starts
/// at, and the text from there.
fn shape(line: &str) -> (Option<usize>, usize, &str) {
    let (c, body) = indent(line);
    match body.strip_prefix("- ") {
        Some(rest) => {
            let content = rest.trim_start_matches(' ');
            (Some(c), c + 2 + rest.len() - content.len(), content)
        }
        None if body == "-" => (Some(c), c + 2, ""),
        None => (None, c, body),
    }
}

/// The context of a cursor at the end of `before` (the text up to it).
pub fn context(before: &str) -> Option<Context> {
    let mut lines: Vec<&str> = before
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .collect();
    let current = lines.pop()?;
    let (dash, col, content) = shape(current);
    // The current line: a value after `key:`, or a key being written.
    let value_of = match key_of(content) {
        Some((key, rest)) if !rest.contains('#') => Some(key.to_string()),
        _ if content.contains(':') || content.contains('#') => return None,
        _ => None,
    };
    let mut path: Vec<String> = Vec::new();
    let mut siblings = Vec::new();
    // The column the parent must be left of, and whether it is a list's (then the
    // parent's key may stand at the dashes' column).
    let (mut level, mut list) = match dash {
        Some(d) => {
            path.push("*".into());
            (d, true)
        }
        None => (col, false),
    };
    let mut collecting = dash.is_none();
    for line in lines.iter().rev() {
        let (d, key_col, body) = shape(line);
        if body.starts_with('#') || (d.is_none() && body.is_empty()) {
            continue;
        }
        if collecting && key_col == level {
            if let Some((k, _)) = key_of(body) {
                siblings.push(k.to_string());
            }
            if let Some(d) = d {
                // The item's first key: the cursor is in that item.
                path.push("*".into());
                (level, list, collecting) = (d, true, false);
            }
            continue;
        }
        let parent = match (list, d) {
            (true, None) => key_col <= level,
            (true, Some(d)) => d < level,
            (false, _) => key_col < level,
        };
        if !parent {
            continue;
        }
        collecting = false;
        let (k, _) = key_of(body)?;
        path.push(k.to_string());
        match d {
            Some(d) => {
                path.push("*".into());
                (level, list) = (d, true);
            }
            None => (level, list) = (key_col, false),
        }
        if level == 0 && !list {
            break;
        }
    }
    path.reverse();
    Some(match value_of {
        Some(key) => {
            path.push(key);
            Context::Value(path)
        }
        None if dash.is_some() && fields::keys_at(&path).is_empty() => Context::Value(path),
        None => Context::Key(path, siblings),
    })
}

fn markdown(text: String) -> Option<Documentation> {
    Some(Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value: text,
    }))
}

/// A plain `key: value` found at the start of a line of the document.
fn top_level(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let (k, rest) = key_of(l).filter(|_| !l.starts_with(' '))?;
        (k == key).then(|| {
            rest.split('#')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\''])
                .to_string()
        })
    })
}

/// The completions at the end of `before`, in the document `text`.
pub fn complete(text: &str, before: &str, pack: Option<&RulePack>) -> Vec<CompletionItem> {
    match context(before) {
        Some(Context::Key(path, present)) => {
            let skip = match path.is_empty() {
                true => top_level(text, "developer_type")
                    .map(|t| fields::other_types_sections(&t))
                    .unwrap_or_default(),
                false => Vec::new(),
            };
            fields::keys_at(&path)
                .into_iter()
                .filter(|(k, _)| !present.iter().any(|p| p == k) && !skip.contains(k))
                .map(|(k, description)| CompletionItem {
                    label: k.to_string(),
                    kind: Some(CompletionItemKind::FIELD),
                    detail: Some(description.to_string()),
                    documentation: markdown(description.to_string()),
                    insert_text: Some(format!("{k}: ")),
                    ..Default::default()
                })
                .collect()
        }
        Some(Context::Value(path)) => {
            let region = text.lines().find_map(|l| {
                let (_, body) = indent(l);
                let (k, rest) = key_of(body)?;
                (k == "region").then(|| rest.split('#').next().unwrap_or("").trim().to_string())
            });
            fields::choices(&path, region.as_deref(), pack)
                .into_iter()
                .map(|c| CompletionItem {
                    label: c.value.clone(),
                    kind: Some(CompletionItemKind::VALUE),
                    detail: Some(c.meaning.clone()),
                    documentation: markdown(c.meaning),
                    ..Default::default()
                })
                .collect()
        }
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(path: &[&str], present: &[&str]) -> Option<Context> {
        Some(Context::Key(
            path.iter().map(|s| s.to_string()).collect(),
            present.iter().map(|s| s.to_string()).collect(),
        ))
    }

    fn value(path: &[&str]) -> Option<Context> {
        Some(Context::Value(path.iter().map(|s| s.to_string()).collect()))
    }

    #[test]
    fn reads_the_place_from_the_lines_above() {
        assert_eq!(context(""), key(&[], &[]));
        assert_eq!(context("format: 1\npo"), key(&[], &["format"]));
        assert_eq!(
            context("registration:\n  region: CN\n  ta"),
            key(&["registration"], &["region"])
        );
        assert_eq!(
            context("registration:\n  region: "),
            value(&["registration", "region"])
        );
        assert_eq!(
            context("registration:\n  target_markets:\n    - UK\n    - "),
            value(&["registration", "target_markets", "*"])
        );
        assert_eq!(
            context("apps:\n  - name: A\n    ty"),
            key(&["apps", "*"], &["name"])
        );
        assert_eq!(
            context("apps:\n  - name: A\n    type: "),
            value(&["apps", "*", "type"])
        );
        assert_eq!(
            context("apps:\n  - name: A\n  - "),
            key(&["apps", "*"], &[])
        );
        assert_eq!(
            context("certification:\n  business_certificate:\n    issuing_region: "),
            value(&["certification", "business_certificate", "issuing_region"])
        );
        assert_eq!(context("developer_type: "), value(&["developer_type"]));
    }
}
