//! The nodes of the file as written, found by span: a rule may have read a rebuilt copy
//! (`root_cause.rs`) whose nodes keep the file's spans, and a fix edits the file.

use crate::node::{Node, NodeKind};
use crate::source::Span;
use std::collections::HashMap;

/// Where a node of the file as written is: the node, its parent collection and its
/// index there.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub node: &'a Node,
    pub parent: Option<&'a Node>,
    pub index: usize,
}

/// The nodes of the file as written, by span: a node of an evaluated tree (a copy with
/// the same spans) finds its original here. Built once per document, when a finding
/// first has a fix to make.
#[derive(Debug, Default)]
pub struct OriginalIndex<'a> {
    by_span: HashMap<(usize, usize, u8), Place<'a>>,
}

/// Which kind of node: a list and its only item may share a span's bounds in odd
/// layouts, never a kind.
fn shape(node: &Node) -> u8 {
    match node.kind {
        NodeKind::Seq(_) => 1,
        NodeKind::Map(_) => 2,
        _ => 0,
    }
}

fn key(span: &Span, node: &Node) -> (usize, usize, u8) {
    (span.start, span.end, shape(node))
}

impl<'a> OriginalIndex<'a> {
    pub fn of(root: &'a Node) -> Self {
        let mut by_span = HashMap::new();
        let mut todo = vec![Place {
            node: root,
            parent: None,
            index: 0,
        }];
        // A loop, not a recursion: the tree is as deep as the loader allows.
        while let Some(place) = todo.pop() {
            by_span
                .entry(key(&place.node.span, place.node))
                .or_insert(place);
            match &place.node.kind {
                NodeKind::Seq(items) => {
                    todo.extend(items.iter().enumerate().map(|(index, node)| Place {
                        node,
                        parent: Some(place.node),
                        index,
                    }))
                }
                NodeKind::Map(entries) => {
                    todo.extend(entries.iter().enumerate().map(|(index, e)| Place {
                        node: &e.value,
                        parent: Some(place.node),
                        index,
                    }))
                }
                _ => {}
            }
        }
        OriginalIndex { by_span }
    }

    pub fn get(&self, node: &Node) -> Option<Place<'a>> {
        self.by_span.get(&key(&node.span, node)).copied()
    }
}
