//! The loaded YAML tree: every node keeps the byte span it was read from.

use crate::source::Span;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub enum NodeKind {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// A node found in a tree, with where it was found.
#[derive(Debug, Clone)]
pub struct Located<'a> {
    pub node: &'a Node,
    /// The span of the mapping key that holds this node, when it is a mapping value.
    pub key_span: Option<Span>,
    /// The JSON Pointer of the node.
    pub pointer: String,
}

impl<'a> Located<'a> {
    pub fn root(node: &'a Node) -> Self {
        Located {
            node,
            key_span: None,
            pointer: String::new(),
        }
    }

    /// The span a label should cover: a scalar whole; a collection by the key that holds
    /// it or, lacking one, its first line, so a label never swallows a whole section.
    pub fn label_span(&self, text: &str) -> Span {
        label_span(self.node, self.key_span.as_ref(), text)
    }

    /// The child under a mapping key.
    pub fn field(&self, name: &str) -> Option<Located<'a>> {
        let entry = self.node.entry(name)?;
        Some(Located {
            node: &entry.value,
            key_span: Some(entry.key.span.clone()),
            pointer: format!("{}/{}", self.pointer, escape_pointer(name)),
        })
    }

    /// The item of a sequence.
    pub fn index(&self, i: usize) -> Option<Located<'a>> {
        self.node.item(i).map(|node| Located {
            node,
            key_span: None,
            pointer: format!("{}/{}", self.pointer, i),
        })
    }

    /// The node at a JSON Pointer, following the pointer as far as it goes. Returns the
    /// deepest node found and whether the whole pointer was found.
    pub fn walk_pointer(&self, pointer: &str) -> (Located<'a>, bool) {
        let mut here = self.clone();
        if pointer.is_empty() {
            return (here, true);
        }
        for token in pointer.trim_start_matches('/').split('/') {
            let token = unescape_pointer(token);
            let next = match &here.node.kind {
                NodeKind::Map(_) => here.field(&token),
                NodeKind::Seq(_) => token.parse().ok().and_then(|i| here.index(i)),
                _ => None,
            };
            match next {
                Some(n) => here = n,
                None => return (here, false),
            }
        }
        (here, true)
    }
}

/// `Located::label_span` for `node`, held by the key at `key_span`.
pub fn label_span(node: &Node, key_span: Option<&Span>, text: &str) -> Span {
    match (&node.kind, key_span) {
        (NodeKind::Seq(_) | NodeKind::Map(_), Some(key)) => key.clone(),
        (NodeKind::Seq(_) | NodeKind::Map(_), None) => first_line(text, &node.span),
        _ => node.span.clone(),
    }
}

fn first_line(text: &str, span: &Span) -> Span {
    let start = span.start.min(text.len());
    let end = span.end.min(text.len()).max(start);
    let line_end = text[start..end]
        .find(['\n', '\r'])
        .map_or(end, |i| start + i);
    let trimmed = text[start..line_end].trim_end();
    start..start + trimmed.len().max(1).min(text.len().saturating_sub(start))
}

/// The JSON Pointers of the nodes of a tree, found by address (an alias is a copy, so no
/// node is in the tree twice). Rules bind their `for_each` items without pointers and
/// ask for one only when they report; the index is built then, once per document: a
/// search of the tree per finding was quadratic on a list of a hundred thousand bad items.
pub struct PointerIndex<'a> {
    /// Each node's parent (by address) and the step from the parent down to it.
    parents: HashMap<usize, (usize, Step<'a>)>,
}

/// One step down a tree: a mapping entry's key, or a list index.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a Node),
    Index(usize),
}

fn address(node: &Node) -> usize {
    std::ptr::from_ref(node) as usize
}

impl<'a> PointerIndex<'a> {
    pub fn of(root: &'a Node) -> Self {
        let mut parents = HashMap::new();
        let mut todo = vec![root];
        while let Some(node) = todo.pop() {
            let parent = address(node);
            match &node.kind {
                NodeKind::Map(entries) => {
                    for e in entries {
                        parents.insert(address(&e.value), (parent, Step::Key(&e.key)));
                        todo.push(&e.value);
                    }
                }
                NodeKind::Seq(items) => {
                    for (i, item) in items.iter().enumerate() {
                        parents.insert(address(item), (parent, Step::Index(i)));
                        todo.push(item);
                    }
                }
                _ => {}
            }
        }
        PointerIndex { parents }
    }

    /// The JSON Pointer of `target`: `""` for the root, `None` for a node not in the tree.
    pub fn pointer(&self, root: &Node, target: &Node) -> Option<String> {
        let mut way = Vec::new();
        let mut here = address(target);
        while here != address(root) {
            let (parent, step) = self.parents.get(&here)?;
            way.push(*step);
            here = *parent;
        }
        let mut pointer = String::new();
        for step in way.iter().rev() {
            pointer.push('/');
            match step {
                Step::Key(key) => pointer.push_str(&escape_pointer(&key.key_name())),
                Step::Index(i) => pointer.push_str(&i.to_string()),
            }
        }
        Some(pointer)
    }
}

/// `a == b`, with the first bytes compared before `memcmp` is called: keys and codes of
/// the same length (`US`, `UK`, `MY`) mostly differ there, and for a few bytes the call
/// costs more than the comparison.
#[inline]
pub fn same_text(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

pub fn escape_pointer(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1").into()
    } else {
        token.into()
    }
}

pub fn unescape_pointer(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

impl Entry {
    /// Whether the key, as a JSON object key, is `name`. A string key is compared in
    /// place, without building its text: this is the hot path of every rule and of the
    /// schema.
    pub fn has_key(&self, name: &str) -> bool {
        match &self.key.kind {
            NodeKind::Str(s) => same_text(s, name),
            _ => self.key.key_text() == name,
        }
    }
}

impl Node {
    pub fn entry(&self, name: &str) -> Option<&Entry> {
        match &self.kind {
            // One entry per key: the loader keeps the later value of a repeated key.
            NodeKind::Map(entries) => entries.iter().find(|e| e.has_key(name)),
            _ => None,
        }
    }

    /// Item `i` of a sequence.
    pub fn item(&self, i: usize) -> Option<&Node> {
        match &self.kind {
            NodeKind::Seq(items) => items.get(i),
            _ => None,
        }
    }

    pub fn get(&self, name: &str) -> Option<&Node> {
        self.entry(name).map(|e| &e.value)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
    }

    /// `key_text`, borrowed when the key is a string (the usual case).
    pub fn key_name(&self) -> std::borrow::Cow<'_, str> {
        match &self.kind {
            NodeKind::Str(s) => std::borrow::Cow::Borrowed(s),
            _ => std::borrow::Cow::Owned(self.key_text()),
        }
    }

    /// The text a mapping key stands for, as a JSON object key.
    pub fn key_text(&self) -> String {
        match &self.kind {
            NodeKind::Str(s) => s.clone(),
            NodeKind::Null => "null".to_string(),
            NodeKind::Bool(b) => b.to_string(),
            NodeKind::Int(i) => i.to_string(),
            NodeKind::Float(f) => f.to_string(),
            NodeKind::Seq(_) | NodeKind::Map(_) => self.to_json().to_string(),
        }
    }

    /// The value as plain text, for comparisons and messages: strings as they are,
    /// other scalars as YAML wrote them.
    pub fn scalar_text<'s>(&'s self, source: &'s str) -> Option<std::borrow::Cow<'s, str>> {
        match &self.kind {
            NodeKind::Str(s) => Some(s.as_str().into()),
            NodeKind::Seq(_) | NodeKind::Map(_) => None,
            _ => source
                .get(self.span.clone())
                .filter(|s| !s.is_empty())
                .map(|s| s.trim().into())
                .or_else(|| Some(self.key_text().into())),
        }
    }

    /// What YAML made of the value, in the words a partner knows.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "empty (null)",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Int(_) => "an integer",
            NodeKind::Float(_) => "a number",
            NodeKind::Str(_) => "a string",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }

    /// The same data as JSON, as the schema validator reads it.
    pub fn to_json(&self) -> Value {
        match &self.kind {
            NodeKind::Null => Value::Null,
            NodeKind::Bool(b) => Value::Bool(*b),
            NodeKind::Int(i) => Value::from(*i),
            NodeKind::Float(f) => serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or_else(|| Value::String(f.to_string())),
            NodeKind::Str(s) => Value::String(s.clone()),
            NodeKind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Map(entries) => {
                let mut map = serde_json::Map::with_capacity(entries.len());
                for e in entries {
                    map.insert(e.key.key_text(), e.value.to_json());
                }
                Value::Object(map)
            }
        }
    }

    /// How many nodes this tree holds, itself included, and how many bytes of text its
    /// strings (keys and values) hold. A loop, not a recursion: a tree is at most as deep
    /// as the loader allows, but this needs no stack to say so.
    pub fn measure(&self) -> (usize, usize) {
        let (mut nodes, mut bytes) = (0, 0);
        let mut todo = vec![self];
        while let Some(node) = todo.pop() {
            nodes += 1;
            match &node.kind {
                NodeKind::Str(s) => bytes += s.len(),
                NodeKind::Seq(items) => todo.extend(items),
                NodeKind::Map(entries) => {
                    todo.extend(entries.iter().flat_map(|e| [&e.key, &e.value]))
                }
                _ => {}
            }
        }
        (nodes, bytes)
    }
}
