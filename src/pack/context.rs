//! What an evaluation sees of one application file: the document, the bound `for_each`
//! item, today, and the file system. Conditions and templates read it; `eval` makes one
//! per file.

use super::path::Path;
use crate::file_access::{FileAccess, FsCache};
use crate::node::{Located, Node, NodeKind};
use crate::source::Span;
use jiff::civil::Date;
use std::borrow::Cow;

/// A node a path names, with the span of the key that holds it.
pub type Found<'a> = (&'a Node, Option<Span>);

/// What an evaluation sees: the document, the bound item, today, the file system.
pub struct Context<'a> {
    pub root: Located<'a>,
    pub text: &'a str,
    pub today: Date,
    pub item: Option<Located<'a>>,
    pub files: &'a FileAccess,
    /// The worker's file-system answers, when the runner gave it some.
    pub cache: Option<&'a FsCache>,
    /// The list items that repeat an earlier item of their list (by address), found in
    /// one walk of the document the first time a rule asks: asking per item was
    /// quadratic on a long list.
    repeated: std::cell::OnceCell<std::collections::HashSet<usize>>,
    /// The pack's named field lists, and the nodes each names in this document, found
    /// the first time a rule asks.
    fields: &'a [(String, Vec<Path>)],
    field_nodes: Vec<std::cell::OnceCell<Vec<Found<'a>>>>,
    /// The file as written (`root` may be a copy with nodes left out or aliases read as
    /// codes): fixes edit it.
    original: &'a Node,
    original_index: std::cell::OnceCell<super::original::OriginalIndex<'a>>,
}

impl<'a> Context<'a> {
    /// What an evaluation of the document `root` (of `text`) sees; `original` is the
    /// file as written, of which `root` may be a rebuilt copy.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        root: &'a Node,
        original: &'a Node,
        text: &'a str,
        today: Date,
        files: &'a FileAccess,
        cache: Option<&'a FsCache>,
        fields: &'a [(String, Vec<Path>)],
    ) -> Context<'a> {
        Context {
            fields,
            field_nodes: vec![std::cell::OnceCell::new(); fields.len()],
            root: Located::root(root),
            text,
            today,
            item: None,
            files,
            cache,
            repeated: std::cell::OnceCell::new(),
            original,
            original_index: std::cell::OnceCell::new(),
        }
    }

    /// The nodes of the file as written, by span, for the fixes.
    pub fn original_index(&self) -> &super::original::OriginalIndex<'a> {
        self.original_index
            .get_or_init(|| super::original::OriginalIndex::of(self.original))
    }

    /// The addresses of the list items that repeat an earlier item of their list.
    pub fn repeated_items(&self) -> &std::collections::HashSet<usize> {
        self.repeated
            .get_or_init(|| repeated_items(self.root.node, self.text))
    }

    /// Whether `f` holds for a node `path` names.
    pub fn any_node(&self, path: &Path, mut f: impl FnMut(&'a Node) -> bool) -> bool {
        match path.named {
            Some(list) => self.field_list(list).iter().any(|(n, _)| f(n)),
            None => path.any(self.root.node, self.item.as_ref(), &mut f),
        }
    }

    /// Every node `path` names, with the span of the key that holds it.
    pub fn nodes(&self, path: &Path, out: &mut Vec<(&'a Node, Option<Span>)>) {
        match path.named {
            Some(list) => out.extend(self.field_list(list).iter().cloned()),
            None => path.nodes(self.root.node, self.item.as_ref(), out),
        }
    }

    /// The nodes the pack's field list `list` names in this document: its paths are
    /// followed once per document, however many rules ask.
    fn field_list(&self, list: usize) -> &[Found<'a>] {
        self.field_nodes.get(list).map_or(&[], |cell| {
            cell.get_or_init(|| {
                let mut found = Vec::new();
                for path in self.fields.get(list).map_or(&[][..], |(_, p)| p) {
                    path.nodes(self.root.node, None, &mut found);
                }
                found
            })
        })
    }

    /// Whether `f` holds for the text of a scalar `path` names.
    pub fn any_text(&self, path: &Path, mut f: impl FnMut(&str) -> bool) -> bool {
        let text = self.text;
        self.any_node(path, |n| n.scalar_text(text).is_some_and(|t| f(&t)))
    }

    /// The text of the first scalar `path` names.
    pub fn first_text(&self, path: &Path) -> Option<Cow<'a, str>> {
        let text = self.text;
        let mut found = None;
        self.any_node(path, |n| {
            found = n.scalar_text(text);
            found.is_some()
        });
        found
    }
}

pub(super) fn node_address(node: &Node) -> usize {
    std::ptr::from_ref(node) as usize
}

/// The items of every list under `root` that repeat an earlier item of the same list
/// (as text), by address. One walk and one set per list: asking each item's list and
/// comparing it with every earlier item was quadratic on a long list.
fn repeated_items(root: &Node, text: &str) -> std::collections::HashSet<usize> {
    let mut repeated = std::collections::HashSet::new();
    let mut todo = vec![root];
    while let Some(node) = todo.pop() {
        match &node.kind {
            NodeKind::Seq(items) => {
                let mut seen = std::collections::HashSet::with_capacity(items.len());
                for item in items {
                    if let Some(t) = item.scalar_text(text) {
                        if !seen.insert(t) {
                            repeated.insert(node_address(item));
                        }
                    }
                }
                todo.extend(items);
            }
            NodeKind::Map(entries) => todo.extend(entries.iter().map(|e| &e.value)),
            _ => {}
        }
    }
    repeated
}
