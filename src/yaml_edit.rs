//! Minimal text edits on a loaded YAML file, at the spans the loader keeps: the fixes'
//! vocabulary. Each edit touches only the bytes it must, so comments, key order,
//! indentation, quoting elsewhere, flow or block style, CRLF line endings and a
//! byte-order mark stay as the partner wrote them. Where the text around a node is not
//! what an edit expects (an alias, a block scalar, two items on a line), no edit is made:
//! a fix that cannot be made exactly is not made.

use crate::diagnostic::Edit;
use crate::node::{Node, NodeKind};
use crate::yaml::{self, Limits};

/// The text of a node's span, when it is a scalar written at that place (not an alias,
/// a block scalar or a tagged or anchored one, whose spans the edits do not know).
fn scalar_text<'t>(text: &'t str, node: &Node, is_key: bool) -> Option<&'t str> {
    if matches!(node.kind, NodeKind::Seq(_) | NodeKind::Map(_)) {
        return None;
    }
    let raw = text.get(node.span.clone())?;
    let first = raw.chars().next()?;
    // A block scalar's span starts at its content, on a line of its own; a scalar the
    // edits know shares its line with its key, dash or bracket.
    let lead = &text[line_start(text, node.span.start)..node.span.start];
    let plain_text = matches!(&node.kind, NodeKind::Str(s) if s != raw);
    let ok = !matches!(first, '*' | '&' | '!' | '|' | '>')
        && !raw.contains(['\n', '\r'])
        && (is_key || !lead.trim().is_empty())
        && (!plain_text || raw.starts_with(['"', '\'']));
    ok.then_some(raw)
}

/// How YAML spells the string `value`: plain where it reads back as that same string,
/// double-quoted otherwise (`"2026.11"`, `"yes"`, `"+44 20"`).
pub fn spell(value: &str) -> String {
    if reads_back(value, value) {
        value.to_string()
    } else {
        double_quoted(value)
    }
}

/// Whether the plain scalar `raw` loads as the string `value`.
fn reads_back(raw: &str, value: &str) -> bool {
    if raw.is_empty() || raw.contains(['\n', '\r', '#']) || raw.trim() != raw {
        return false;
    }
    let loaded = yaml::load(&format!("k: {raw}\n"), &Limits::default());
    matches!(
        loaded.root.as_ref().and_then(|r| r.get("k")).map(|n| &n.kind),
        Some(NodeKind::Str(s)) if s == value
    ) && loaded.diagnostics.is_empty()
}

/// A double-quoted YAML scalar: JSON's escapes are YAML's.
fn double_quoted(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""))
}

/// Replaces the scalar `node` with the string `value`, in the quoting style it was
/// written in (plain stays plain where `value` allows it).
pub fn replace_scalar(text: &str, node: &Node, value: &str) -> Option<Edit> {
    replace(text, node, value, false)
}

fn replace(text: &str, node: &Node, value: &str, is_key: bool) -> Option<Edit> {
    let raw = scalar_text(text, node, is_key)?;
    let content = match raw.as_bytes()[0] {
        b'"' => double_quoted(value),
        b'\'' => format!("'{}'", value.replace('\'', "''")),
        _ => spell(value),
    };
    (content != raw).then(|| Edit {
        span: node.span.clone(),
        content,
    })
}

/// Quotes the plain scalar `node` exactly as it was written: `+8613800138000` becomes
/// `"+8613800138000"`, so YAML reads the text and not a number.
pub fn quote_scalar(text: &str, node: &Node) -> Option<Edit> {
    let raw = scalar_text(text, node, false)?;
    if raw.starts_with(['"', '\'']) || raw.contains(['\n', '\r']) {
        return None;
    }
    let content = if raw.contains(['"', '\\']) {
        format!("'{}'", raw.replace('\'', "''"))
    } else {
        format!("\"{raw}\"")
    };
    Some(Edit {
        span: node.span.clone(),
        content,
    })
}

/// Writes the plain scalar `plain` in place of the scalar `node`, quotes and all: for a
/// value that must change type (`publish: "yes"` or `publish: yes` becomes
/// `publish: true`, `format: "1"` becomes `format: 1`). `plain` is YAML as it is to be
/// read, not a string to spell.
pub fn write_plain(text: &str, node: &Node, plain: &str) -> Option<Edit> {
    let raw = scalar_text(text, node, false)?;
    (raw != plain).then(|| Edit {
        span: node.span.clone(),
        content: plain.to_string(),
    })
}

/// Renames the mapping key `key` to `name`, in the quoting style it was written in.
pub fn rename_key(text: &str, key: &Node, name: &str) -> Option<Edit> {
    replace(text, key, name, true)
}

/// Removes item `index` of the sequence `seq`: in block style its whole line(s), in flow
/// style the item and one comma beside it.
pub fn remove_item(text: &str, seq: &Node, index: usize) -> Option<Edit> {
    let NodeKind::Seq(items) = &seq.kind else {
        return None;
    };
    let spans: Vec<_> = items.iter().map(|i| i.span.clone()).collect();
    remove_element(text, &seq.span, &spans, index, true)
}

/// Removes entry `index` of the mapping `map`, key and value.
pub fn remove_entry(text: &str, map: &Node, index: usize) -> Option<Edit> {
    let NodeKind::Map(entries) = &map.kind else {
        return None;
    };
    let spans: Vec<_> = entries
        .iter()
        .map(|e| e.key.span.start..e.value.span.end.max(e.key.span.end))
        .collect();
    remove_element(text, &map.span, &spans, index, false)
}

fn remove_element(
    text: &str,
    parent: &crate::source::Span,
    elements: &[crate::source::Span],
    index: usize,
    dash: bool,
) -> Option<Edit> {
    let this = elements.get(index)?.clone();
    if is_flow(text, parent) {
        let span = if let Some(next) = elements.get(index + 1) {
            this.start..next.start
        } else if index > 0 {
            elements[index - 1].end..this.end
        } else {
            this
        };
        return Some(Edit {
            span,
            content: String::new(),
        });
    }
    // A block collection of one element would become null without it.
    if elements.len() < 2 {
        return None;
    }
    let start = line_start(text, this.start);
    let lead = text[start..this.start].trim_start();
    let lead_ok = if dash {
        lead.strip_prefix('-').is_some_and(|r| r.trim().is_empty())
    } else {
        lead.is_empty()
    };
    if !lead_ok {
        return None;
    }
    let end = line_end(text, this.end);
    let rest = text[this.end..end].trim();
    if !(rest.is_empty() || rest.starts_with('#')) {
        return None;
    }
    Some(Edit {
        span: start..end,
        content: String::new(),
    })
}

/// Adds `key: value` to the mapping `map`, after its last entry and at its indentation
/// (or before the closing brace of a flow mapping). An empty or null section gets no
/// edit: where its fields go is the partner's layout to choose.
pub fn insert_entry(text: &str, map: &Node, key: &str, value: &str) -> Option<Edit> {
    let NodeKind::Map(entries) = &map.kind else {
        return None;
    };
    let last = entries.last()?;
    let last_end = last.value.span.end.max(last.key.span.end);
    let entry = format!("{}: {}", spell(key), spell(value));
    if is_flow(text, &map.span) {
        return Some(Edit {
            span: last_end..last_end,
            content: format!(", {entry}"),
        });
    }
    let first = &entries[0].key.span;
    let indent = &text[line_start(text, first.start)..first.start];
    if !indent.chars().all(|c| c == ' ') {
        return None;
    }
    let at = line_end(text, last_end);
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let before = if text[..at].ends_with('\n') {
        ""
    } else {
        newline
    };
    Some(Edit {
        span: at..at,
        content: format!("{before}{indent}{entry}{newline}"),
    })
}

/// Whether the collection at `span` is written in flow style (`[...]`, `{...}`).
fn is_flow(text: &str, span: &crate::source::Span) -> bool {
    matches!(text.as_bytes().get(span.start), Some(b'[' | b'{'))
}

/// The offset of the start of the line holding `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The offset just past the line break ending the line that holds `offset` (or the end).
fn line_end(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::fix::apply;

    fn root(text: &str) -> Node {
        yaml::load(text, &Limits::default()).root.unwrap()
    }

    fn at<'n>(node: &'n Node, path: &[&str]) -> &'n Node {
        path.iter().fold(node, |n, p| match p.parse::<usize>() {
            Ok(i) => n.item(i).unwrap(),
            Err(_) => n.get(p).unwrap(),
        })
    }

    fn edited(text: &str, edit: Option<Edit>) -> String {
        apply(text, &[edit.expect("an edit")])
    }

    #[test]
    fn a_replaced_scalar_keeps_its_quoting() {
        for (text, want) in [
            ("m: [GB, MY]\n", "m: [UK, MY]\n"),
            ("m: [\"GB\", MY]\n", "m: [\"UK\", MY]\n"),
            ("m: ['GB', MY]\n", "m: ['UK', MY]\n"),
            ("m:\n  - GB # ours\n  - MY\n", "m:\n  - UK # ours\n  - MY\n"),
        ] {
            let r = root(text);
            assert_eq!(
                edited(text, replace_scalar(text, at(&r, &["m", "0"]), "UK")),
                want
            );
        }
    }

    #[test]
    fn a_plain_value_that_would_read_as_another_type_is_quoted() {
        assert_eq!(spell("2026.11"), "\"2026.11\"");
        assert_eq!(spell("yes"), "yes");
        assert_eq!(spell("true"), "\"true\"");
        assert_eq!(spell("a: b"), "\"a: b\"");
        assert_eq!(
            spell("compliance@tiktokshop.com"),
            "compliance@tiktokshop.com"
        );
    }

    #[test]
    fn a_quoted_scalar_is_quoted_as_written() {
        let text = "phone: +85225550123 # office\r\npolicy: 2026.11\r\n";
        let r = root(text);
        let once = edited(text, quote_scalar(text, at(&r, &["phone"])));
        assert_eq!(
            once,
            "phone: \"+85225550123\" # office\r\npolicy: 2026.11\r\n"
        );
        let r = root(&once);
        assert_eq!(quote_scalar(&once, at(&r, &["phone"])), None);
    }

    #[test]
    fn an_alias_or_block_scalar_is_not_edited() {
        let text = "a: &x GB\nb: *x\nc: |\n  GB\n";
        let r = root(text);
        assert_eq!(replace_scalar(text, at(&r, &["b"]), "UK"), None);
        assert_eq!(replace_scalar(text, at(&r, &["c"]), "UK"), None);
    }

    #[test]
    fn a_removed_block_item_takes_its_line_and_comment() {
        let text = "m:\r\n  - UK\r\n  - MY # again\r\n  - MY\r\nx: 1\r\n";
        let r = root(text);
        assert_eq!(
            edited(text, remove_item(text, at(&r, &["m"]), 1)),
            "m:\r\n  - UK\r\n  - MY\r\nx: 1\r\n"
        );
    }

    #[test]
    fn a_removed_flow_item_takes_one_comma() {
        let text = "m: [UK, MY, UK]\n";
        let r = root(text);
        let m = at(&r, &["m"]);
        assert_eq!(edited(text, remove_item(text, m, 2)), "m: [UK, MY]\n");
        assert_eq!(edited(text, remove_item(text, m, 0)), "m: [MY, UK]\n");
    }

    #[test]
    fn the_only_block_item_is_not_removed() {
        let text = "m:\n  - UK\n";
        let r = root(text);
        assert_eq!(remove_item(text, at(&r, &["m"]), 0), None);
    }

    #[test]
    fn a_removed_entry_takes_its_lines() {
        let text = "a:\n  x: 1\n  y:\n    z: 2\n  w: 3\n";
        let r = root(text);
        assert_eq!(
            edited(text, remove_entry(text, at(&r, &["a"]), 1)),
            "a:\n  x: 1\n  w: 3\n"
        );
    }

    #[test]
    fn an_inserted_entry_follows_the_last_at_its_indentation() {
        let text = "a:\n  x: 1 # c\n  y: [1, 2]\nb: 2\n";
        let r = root(text);
        assert_eq!(
            edited(text, insert_entry(text, at(&r, &["a"]), "z", "2026.11")),
            "a:\n  x: 1 # c\n  y: [1, 2]\n  z: \"2026.11\"\nb: 2\n"
        );
        let text = "a: {x: 1}";
        let r = root(text);
        assert_eq!(
            edited(text, insert_entry(text, at(&r, &["a"]), "z", "q")),
            "a: {x: 1, z: q}"
        );
        let text = "a:\n  x: 1";
        let r = root(text);
        assert_eq!(
            edited(text, insert_entry(text, at(&r, &["a"]), "z", "q")),
            "a:\n  x: 1\n  z: q\n"
        );
    }

    #[test]
    fn a_value_written_plain_loses_its_quotes() {
        let text = "a: {publish: \"yes\", format: '1'}\nb: on # c\n";
        let r = root(text);
        let a = at(&r, &["a"]);
        assert_eq!(
            apply(
                text,
                &[
                    write_plain(text, at(a, &["publish"]), "true").unwrap(),
                    write_plain(text, at(a, &["format"]), "1").unwrap(),
                    write_plain(text, at(&r, &["b"]), "true").unwrap(),
                ]
            ),
            "a: {publish: true, format: 1}\nb: true # c\n"
        );
        assert_eq!(write_plain(text, at(a, &["format"]), "'1'"), None);
    }

    #[test]
    fn a_renamed_key_keeps_its_value_and_comment() {
        let text = "acount: # typo\n  email: a@b.co\n";
        let r = root(text);
        let NodeKind::Map(entries) = &r.kind else {
            panic!()
        };
        assert_eq!(
            edited(text, rename_key(text, &entries[0].key, "account")),
            "account: # typo\n  email: a@b.co\n"
        );
    }
}
