//! Paths into the application file: `registration.target_markets[*]`, `$item.type`.

use crate::node::{escape_pointer, Located, Node, NodeKind};
use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Field(String),
    Index(usize),
    Each,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// Starts at the `for_each` item rather than the document.
    pub from_item: bool,
    pub segments: Vec<Segment>,
    pub text: String,
    /// A named field list of the pack (`$markets_involved`): its index among the pack's
    /// `fields`. The list's nodes are found once per document (`Context`).
    pub named: Option<usize>,
}

impl Path {
    pub fn parse(text: &str) -> Result<Path, String> {
        let (from_item, rest) = match text.strip_prefix("$item") {
            Some(rest) => (true, rest.strip_prefix('.').unwrap_or(rest)),
            None if text.starts_with('$') => {
                return Err(format!(
                    "`{text}` is not a path: the only variable a path may start with is `$item`"
                ))
            }
            None => (false, text),
        };
        if from_item && !text[5..].is_empty() && !text[5..].starts_with(['.', '[']) {
            return Err(format!("`{text}` is not a path: write `$item.field`"));
        }
        let mut segments = Vec::new();
        if !rest.is_empty() {
            for part in rest.split('.') {
                let (name, mut brackets) = match part.find('[') {
                    Some(i) => (&part[..i], &part[i..]),
                    None => (part, ""),
                };
                if name.is_empty() && !(segments.is_empty() && from_item && !brackets.is_empty()) {
                    return Err(format!("`{text}` has an empty field name"));
                }
                if !name.is_empty() {
                    if !name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                    {
                        return Err(format!("`{name}` in `{text}` is not a field name"));
                    }
                    segments.push(Segment::Field(name.to_string()));
                }
                while !brackets.is_empty() {
                    let close = brackets
                        .find(']')
                        .ok_or_else(|| format!("`{text}` has an unclosed `[`"))?;
                    let inner = &brackets[1..close];
                    segments.push(match inner {
                        "*" => Segment::Each,
                        n => Segment::Index(n.parse().map_err(|_| {
                            format!("`[{n}]` in `{text}`: write `[*]` or a number")
                        })?),
                    });
                    brackets = &brackets[close + 1..];
                    if !brackets.is_empty() && !brackets.starts_with('[') {
                        return Err(format!("`{text}`: a field follows `]` without a `.`"));
                    }
                }
            }
        }
        Ok(Path {
            from_item,
            segments,
            text: text.to_string(),
            named: None,
        })
    }

    /// Every node the path names, from `root` (or `item`), with the span of the key that
    /// holds it. No pointer is built: `for_each` binds items on every file and reports on
    /// few (`node::PointerIndex` finds a pointer then).
    pub fn nodes<'a>(
        &self,
        root: &'a Node,
        item: Option<&Located<'a>>,
        out: &mut Vec<(&'a Node, Option<Span>)>,
    ) {
        let (start, key_span) = match (self.from_item, item) {
            (true, Some(item)) => (item.node, item.key_span.clone()),
            (true, None) => return,
            (false, _) => (root, None),
        };
        collect(start, key_span, &self.segments, out);
    }

    /// Whether `f` holds for a node the path names, from `root` (or `item`); stops at the
    /// first that does. Conditions ask only this, so no pointer or list is built: it is
    /// the inner loop of every rule on every file.
    pub fn any<'a>(
        &self,
        root: &'a Node,
        item: Option<&Located<'a>>,
        f: &mut impl FnMut(&'a Node) -> bool,
    ) -> bool {
        let start = match (self.from_item, item) {
            (true, Some(item)) => item.node,
            (true, None) => return false,
            (false, _) => root,
        };
        visit(start, &self.segments, f)
    }

    /// The node the path names or, when it names nothing, the deepest node on the way
    /// (the mapping that should hold the missing field), with the pointer the missing
    /// node would have.
    pub fn resolve_nearest<'a>(
        &self,
        root: &Located<'a>,
        item: Option<&Located<'a>>,
    ) -> (Located<'a>, String) {
        let start = match (self.from_item, item) {
            (true, Some(item)) => item,
            _ => root,
        };
        let (mut node, mut key_span) = (start.node, start.key_span.clone());
        let mut pointer = start.pointer.clone();
        // How much of `pointer` leads to `node`: the rest names what is missing.
        let mut found = pointer.len();
        for segment in &self.segments {
            let lost = found < pointer.len();
            pointer.push('/');
            let next = match segment {
                Segment::Field(name) => {
                    pointer.push_str(&escape_pointer(name));
                    node.entry(name)
                        .map(|e| (&e.value, Some(e.key.span.clone())))
                }
                Segment::Index(i) => {
                    pointer.push_str(&i.to_string());
                    node.item(*i).map(|n| (n, None))
                }
                Segment::Each => {
                    pointer.push('0');
                    node.item(0).map(|n| (n, None))
                }
            };
            if let (false, Some((n, k))) = (lost, next) {
                (node, key_span) = (n, k);
                found = pointer.len();
            }
        }
        let at = Located {
            node,
            key_span,
            pointer: pointer[..found].to_string(),
        };
        (at, pointer)
    }
}

/// Follows `segments` from `node` until `f` holds for a node reached.
fn visit<'a, F: FnMut(&'a Node) -> bool>(node: &'a Node, segments: &[Segment], f: &mut F) -> bool {
    let Some((first, rest)) = segments.split_first() else {
        return f(node);
    };
    match (first, &node.kind) {
        (Segment::Field(name), _) => node
            .entry(name)
            .is_some_and(|entry| visit(&entry.value, rest, f)),
        (Segment::Index(i), NodeKind::Seq(items)) => {
            items.get(*i).is_some_and(|item| visit(item, rest, f))
        }
        (Segment::Each, NodeKind::Seq(items)) => items.iter().any(|item| visit(item, rest, f)),
        _ => false,
    }
}

/// Follows `segments` from `node`, pushing each node reached with its key's span.
fn collect<'a>(
    node: &'a Node,
    key_span: Option<Span>,
    segments: &[Segment],
    out: &mut Vec<(&'a Node, Option<Span>)>,
) {
    let Some((first, rest)) = segments.split_first() else {
        out.push((node, key_span));
        return;
    };
    match (first, &node.kind) {
        (Segment::Field(name), _) => {
            if let Some(entry) = node.entry(name) {
                collect(&entry.value, Some(entry.key.span.clone()), rest, out);
            }
        }
        (Segment::Index(i), NodeKind::Seq(items)) => {
            if let Some(item) = items.get(*i) {
                collect(item, None, rest, out);
            }
        }
        (Segment::Each, NodeKind::Seq(items)) => {
            for item in items {
                collect(item, None, rest, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_paths() {
        let p = Path::parse("apps[*].authorized_shops[0]").unwrap();
        assert_eq!(
            p.segments,
            vec![
                Segment::Field("apps".into()),
                Segment::Each,
                Segment::Field("authorized_shops".into()),
                Segment::Index(0)
            ]
        );
        assert!(Path::parse("$item.type").unwrap().from_item);
        assert!(Path::parse("$item").unwrap().segments.is_empty());
        assert!(Path::parse("$today").is_err());
        assert!(Path::parse("a..b").is_err());
        assert!(Path::parse("a[x]").is_err());
    }
}
