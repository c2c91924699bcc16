//! The loaded YAML tree as a JSON instance for `jsonschema`, read in place: validating a
//! copy built as `serde_json::Value` cost two thirds of the schema stage (an allocation per
//! value and a hash per key, for every file).
//!
//! It reads the tree exactly as [`Node::to_json`] writes it: a non-finite float is a
//! string, a non-string key is its text.

use crate::node::{Entry, Node, NodeKind};
use jsonschema::json::{Array, Json, JsonNumber, Node as JsonNode, NodeIdentity, Object};
use jsonschema::JsonType;
use serde_json::Value;
use std::borrow::Cow;

/// The representation marker: instances are `&Node`.
pub struct YamlTree;

impl Json for YamlTree {
    type Node<'a> = &'a Node;
    type PreparedKey = String;
    type StringBuffer = Node;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>(buffer: &mut Node, string: &str, f: impl FnOnce(&Node) -> T) -> T {
        buffer.kind = NodeKind::Str(string.to_owned());
        f(buffer)
    }
}

/// A number as YAML read it.
#[derive(Clone, Copy)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl JsonNumber for Number {
    fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::Int(i) => u64::try_from(i).ok(),
            Number::Float(_) => None,
        }
    }

    fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::Int(i) => Some(i),
            Number::Float(_) => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        Some(match *self {
            // The conversion serde_json makes too.
            #[allow(clippy::cast_precision_loss)]
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        })
    }

    fn as_str(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_number().to_string())
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        Cow::Owned(match *self {
            Number::Int(i) => serde_json::Number::from(i),
            // Only finite floats are numbers (see `as_number`).
            Number::Float(f) => {
                serde_json::Number::from_f64(f).unwrap_or_else(|| serde_json::Number::from(0))
            }
        })
    }

    fn is_integer(&self) -> bool {
        match *self {
            Number::Int(_) => true,
            Number::Float(f) => f.fract() == 0.0,
        }
    }

    fn is_written_as_integer(&self) -> bool {
        matches!(self, Number::Int(_))
    }
}

impl<'a> JsonNode<'a, YamlTree> for &'a Node {
    type Object = Members<'a>;
    type Array = Items<'a>;
    type Number = Number;

    fn as_object(&self) -> Option<Members<'a>> {
        match &self.kind {
            NodeKind::Map(entries) => Some(Members(entries)),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<Items<'a>> {
        match &self.kind {
            NodeKind::Seq(items) => Some(Items(items)),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match &self.kind {
            NodeKind::Str(s) => Some(Cow::Borrowed(s)),
            NodeKind::Float(f) if !f.is_finite() => Some(Cow::Owned(f.to_string())),
            _ => None,
        }
    }

    /// In code points, as JSON Schema counts; application files are nearly all ASCII,
    /// which is counted without decoding.
    fn string_length(&self) -> Option<u64> {
        let count = |s: &str| {
            if s.is_ascii() {
                s.len()
            } else {
                s.chars().count()
            }
        };
        match &self.kind {
            NodeKind::Str(s) => Some(count(s) as u64),
            _ => self.as_string().map(|s| count(&s) as u64),
        }
    }

    fn as_number(&self) -> Option<Number> {
        match self.kind {
            NodeKind::Int(i) => Some(Number::Int(i)),
            NodeKind::Float(f) if f.is_finite() => Some(Number::Float(f)),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.kind {
            NodeKind::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
    }

    fn json_type(&self) -> JsonType {
        match &self.kind {
            NodeKind::Null => JsonType::Null,
            NodeKind::Bool(_) => JsonType::Boolean,
            NodeKind::Int(_) => JsonType::Number,
            NodeKind::Float(f) if f.is_finite() => JsonType::Number,
            NodeKind::Float(_) | NodeKind::Str(_) => JsonType::String,
            NodeKind::Seq(_) => JsonType::Array,
            NodeKind::Map(_) => JsonType::Object,
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(self.to_json())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref::<Node>(*self) as usize))
    }
}

/// A mapping's entries as a JSON object. Its keys are unique: the loader keeps one entry
/// per key (the later value of a repeated key, which it reports).
#[derive(Clone, Copy)]
pub struct Members<'a>(&'a [Entry]);

impl<'a> Object<'a, YamlTree> for Members<'a> {
    type Node = &'a Node;
    type MemberName = Cow<'a, str>;
    type MembersIter = MembersIter<'a>;

    fn len(&self) -> usize {
        self.0.len()
    }

    fn get(&self, key: &String) -> Option<&'a Node> {
        self.0.iter().find(|e| e.has_key(key)).map(|e| &e.value)
    }

    fn members(&self) -> MembersIter<'a> {
        MembersIter(self.0.iter())
    }
}

/// The entries of a mapping, as (name, value).
pub struct MembersIter<'a>(std::slice::Iter<'a, Entry>);

impl<'a> Iterator for MembersIter<'a> {
    type Item = (Cow<'a, str>, &'a Node);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|e| (e.key.key_name(), &e.value))
    }
}

/// A sequence's items as a JSON array.
pub struct Items<'a>(&'a [Node]);

impl<'a> Array<'a, YamlTree> for Items<'a> {
    type Node = &'a Node;
    type ElementsIter = std::slice::Iter<'a, Node>;

    fn len(&self) -> usize {
        self.0.len()
    }

    fn elements(&self) -> std::slice::Iter<'a, Node> {
        self.0.iter()
    }
}
