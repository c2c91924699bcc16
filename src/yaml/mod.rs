//! Loads YAML 1.2 into a [`Node`] tree with byte spans, from the events of
//! `saphyr-parser`. Building the tree here, rather than with a ready-made loader, is what
//! lets every limit be enforced while reading: depth, alias expansion and node count are
//! checked event by event, so a hostile file stops in microseconds and no deep tree is
//! ever built (or dropped recursively).

use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::node::{Entry, Node, NodeKind};
use crate::source::CharToByte;
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Tag};
use std::borrow::Cow;
use std::collections::HashMap;

/// Bounds on what one file may make the loader do.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest nesting of lists and mappings.
    pub max_depth: usize,
    /// Most nodes in the tree, aliases expanded.
    pub max_nodes: usize,
    /// Most bytes of text (scalars and keys) that aliases may add to the tree: each alias
    /// copies its target, so a short file of aliases to one long string would otherwise
    /// expand to gigabytes while staying under `max_nodes`.
    pub max_alias_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 64,
            max_nodes: 200_000,
            max_alias_bytes: 10 * 1024 * 1024,
        }
    }
}

/// An anchored node, with what an alias to it adds to the tree (measured once, when the
/// anchor is defined, not at every alias).
struct Anchored {
    node: Node,
    nodes: usize,
    bytes: usize,
}

/// What loading produced: the first document's tree (absent when the text is not YAML
/// or holds no document) and the problems found on the way.
#[derive(Debug, Default)]
pub struct Loaded {
    pub root: Option<Node>,
    pub diagnostics: Vec<Diagnostic>,
}

enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<Entry>,
        /// The key waiting for its value, with the entry it replaces when it repeats one.
        key: Option<(Node, Option<usize>)>,
        /// Each key's entry by the key's text, once the mapping has `LINEAR_KEYS` keys.
        index: Option<HashMap<String, usize>>,
    },
}

/// Up to this many keys, a new key is compared with each earlier one, which copies no
/// text; past it, a hash index keeps a huge (hostile) mapping linear.
const LINEAR_KEYS: usize = 16;

/// The entry of `entries` whose key equals `key`, if any.
fn earlier_key(
    entries: &[Entry],
    index: &mut Option<HashMap<String, usize>>,
    key: &Node,
) -> Option<usize> {
    if index.is_none() && entries.len() < LINEAR_KEYS {
        let name = key.key_name();
        return entries.iter().position(|e| e.has_key(&name));
    }
    let index = index.get_or_insert_with(|| {
        let mut index = HashMap::with_capacity(entries.len() * 2);
        for (i, e) in entries.iter().enumerate() {
            index.entry(e.key.key_text()).or_insert(i);
        }
        index
    });
    match index.entry(key.key_text()) {
        std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(entries.len());
            None
        }
    }
}

/// Loads one YAML document from `text`.
pub fn load(text: &str, limits: &Limits) -> Loaded {
    if let Some(at) = forbidden_character(text) {
        return Loaded {
            root: None,
            diagnostics: vec![forbidden_character_error(text, at)],
        };
    }
    let mut parser = Parser::new_from_str(text);
    build(
        text,
        limits,
        CharToByte::new(text),
        std::iter::from_fn(move || parser.next_event()),
    )
}

/// Builds the tree of `text` from its parser events, whose positions `bytes` turns into
/// byte offsets.
fn build<'e>(
    text: &str,
    limits: &Limits,
    mut bytes: CharToByte,
    events: impl Iterator<Item = Result<(Event<'e>, saphyr_parser::Span), ScanError>>,
) -> Loaded {
    let mut out = Loaded::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Anchored> = HashMap::new();
    let mut nodes = 0usize;
    let mut alias_bytes = 0usize;
    let mut documents = 0usize;

    for event in events {
        let (event, span) = match event {
            Ok(e) => e,
            Err(err) => {
                let at = bytes.byte(err.marker().index());
                out.root = None;
                let mut d = syntax_error(text, at, err.info());
                // The parser notices an unclosed `[` or `{` only where the text stops making
                // sense: show where the collection opened too.
                let open_flow = stack
                    .iter()
                    .rev()
                    .map(Frame::start)
                    .find(|&s| matches!(text.as_bytes().get(s), Some(b'[' | b'{')));
                if let Some(start) = open_flow.filter(|&s| s < at) {
                    let close = if text.as_bytes()[start] == b'[' {
                        ']'
                    } else {
                        '}'
                    };
                    d = d.also(
                        start..start + 1,
                        format!("this `{}` is never closed", &text[start..start + 1]),
                    );
                    d.help = Some(format!("Close the `{}` with `{close}`, or write the items one per line as a block list.", &text[start..start + 1]));
                }
                out.diagnostics.push(d);
                return out;
            }
        };
        let start = bytes.byte(span.start.index());
        let end = bytes.byte(span.end.index()).max(start);
        let node = match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    let at = start.min(text.len());
                    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                    out.diagnostics.push(
                        Diagnostic::new(
                            Code::YamlSingleDocument,
                            Severity::Error,
                            "the file holds more than one YAML document",
                        )
                        .at(at..line_end.max(at + 1).min(text.len().max(at)), Some("a second document starts here".into()))
                        .with_help("An application file describes one application. Move each further document into a file of its own."),
                    );
                    return out;
                }
                continue;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= limits.max_depth {
                    out.root = None;
                    out.diagnostics.push(
                        Diagnostic::new(
                            Code::YamlSyntax,
                            Severity::Error,
                            format!("the file nests lists and mappings more than {} levels deep", limits.max_depth),
                        )
                        .at(start..(start + 1).min(text.len()).max(start), Some("too deep from here".into()))
                        .with_help("An application file needs a handful of levels. This looks generated or corrupted: check how the file was produced."),
                    );
                    return out;
                }
                nodes += 1;
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        start,
                        anchor,
                        items: Vec::new(),
                    }
                } else {
                    Frame::Map {
                        start,
                        anchor,
                        entries: Vec::new(),
                        key: None,
                        index: None,
                    }
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq {
                    start,
                    anchor,
                    items,
                }) => {
                    let end = items
                        .last()
                        .map_or(end, |n| n.span.end.max(end.min(n.span.end)));
                    anchored(
                        &mut anchors,
                        anchor,
                        Node {
                            kind: NodeKind::Seq(items),
                            span: start..end.max(start),
                        },
                    )
                }
                _ => continue,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map {
                    start,
                    anchor,
                    entries,
                    ..
                }) => {
                    let end = entries
                        .last()
                        .map_or(end, |e| e.value.span.end.max(e.key.span.end));
                    anchored(
                        &mut anchors,
                        anchor,
                        Node {
                            kind: NodeKind::Map(entries),
                            span: start..end.max(start),
                        },
                    )
                }
                _ => continue,
            },
            Event::Scalar(value, style, anchor, tag) => {
                nodes += 1;
                let end = match style {
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                        quoted_end(text, start, end)
                    }
                    _ => end,
                };
                let kind = resolve_scalar(value, style, tag.as_deref());
                anchored(
                    &mut anchors,
                    anchor,
                    Node {
                        kind,
                        span: start..end,
                    },
                )
            }
            Event::Alias(id) => {
                let Some(target) = anchors.get(&id) else {
                    out.diagnostics
                        .push(syntax_error(text, start, "alias to an unknown anchor"));
                    return out;
                };
                nodes += target.nodes;
                alias_bytes += target.bytes;
                if alias_bytes > limits.max_alias_bytes {
                    out.diagnostics.push(
                        Diagnostic::new(
                            Code::YamlSyntax,
                            Severity::Error,
                            format!("aliases add more than {} bytes of text to the file", limits.max_alias_bytes),
                        )
                        .at(start..end.max(start + 1).min(text.len()), Some("this alias expands too far".into()))
                        .with_help("Each alias (`*name`) copies the value its anchor names; these copy too much. Write the values out instead of aliasing them."),
                    );
                    return out;
                }
                if nodes > limits.max_nodes {
                    out.diagnostics.push(
                        Diagnostic::new(
                            Code::YamlSyntax,
                            Severity::Error,
                            format!("aliases expand the file beyond {} nodes", limits.max_nodes),
                        )
                        .at(start..end.max(start + 1).min(text.len()), Some("this alias expands too far".into()))
                        .with_help("Aliases that expand into each other (a \"billion laughs\" file) are refused. Write the values out instead of aliasing them."),
                    );
                    return out;
                }
                let mut copy = target.node.clone();
                copy.span = start..end;
                copy
            }
        };
        if nodes > limits.max_nodes {
            out.diagnostics.push(
                Diagnostic::new(Code::YamlSyntax, Severity::Error, format!("the file holds more than {} values", limits.max_nodes))
                    .at(node.span.clone(), None)
                    .with_help("An application file holds a few dozen values. This looks generated or corrupted."),
            );
            return out;
        }
        let mut repeated_key = false;
        match stack.last_mut() {
            None => out.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                key,
                index,
                ..
            }) => match key.take() {
                None => {
                    let repeated = earlier_key(entries, index, &node);
                    if let Some(first) = repeated.map(|i| entries[i].key.span.clone()) {
                        let text_key = node.key_text();
                        out.diagnostics.push(
                            Diagnostic::new(
                                Code::YamlDuplicateKey,
                                Severity::Error,
                                format!("the key `{text_key}` appears twice in the same mapping"),
                            )
                            .at(node.span.clone(), Some("second definition".into()))
                            .also(first, "first definition")
                            .with_help(format!("Keep one `{text_key}`: only one of the two values would be used, and tools disagree on which.")),
                        );
                        repeated_key = true;
                    }
                    *key = Some((node, repeated));
                }
                // A repeated key is reported above; its later value replaces the earlier
                // one, where the earlier stood, as JSON parsers do, so every stage after
                // the loader sees one value per key.
                Some((k, Some(i))) => {
                    entries[i] = Entry {
                        key: k,
                        value: node,
                    }
                }
                Some((k, None)) => entries.push(Entry {
                    key: k,
                    value: node,
                }),
            },
        }
        // Where the repeated key is, from the keys and indices that lead to its mapping:
        // worked out here, in the depth of the stack, rather than by a search of the
        // finished tree per repeated key (quadratic over a mapping of repeated keys).
        if repeated_key {
            if let Some(Frame::Map {
                key: Some((k, _)), ..
            }) = stack.last()
            {
                let pointer = open_pointer(&stack, k).unwrap_or_default();
                if let Some(d) = out.diagnostics.last_mut() {
                    d.pointer = pointer;
                }
            }
        }
    }
    if documents == 0 {
        out.diagnostics.push(
            Diagnostic::new(Code::YamlSingleDocument, Severity::Error, "the file holds no YAML document: it is empty or only comments")
                .at(text.len()..text.len(), Some("the file ends without a document".into()))
                .with_help("Describe the application, starting with `format: 1` (see `partnerlint schema` for the fields)."),
        );
    }
    out
}

/// The JSON Pointer of `key`, a key of the mapping open at the top of `stack`: each
/// open mapping's pending key and each open list's next index, then the key. `None`
/// inside a mapping used as a key, which no pointer reaches.
fn open_pointer(stack: &[Frame], key: &Node) -> Option<String> {
    let mut pointer = String::new();
    for frame in &stack[..stack.len() - 1] {
        pointer.push('/');
        match frame {
            Frame::Map {
                key: Some((k, _)), ..
            } => pointer.push_str(&crate::node::escape_pointer(&k.key_name())),
            Frame::Map { key: None, .. } => return None,
            Frame::Seq { items, .. } => pointer.push_str(&items.len().to_string()),
        }
    }
    pointer.push('/');
    pointer.push_str(&crate::node::escape_pointer(&key.key_name()));
    Some(pointer)
}

impl Frame {
    fn start(&self) -> usize {
        match self {
            Frame::Seq { start, .. } | Frame::Map { start, .. } => *start,
        }
    }
}

fn anchored(anchors: &mut HashMap<usize, Anchored>, anchor: usize, node: Node) -> Node {
    if anchor != 0 {
        let (nodes, bytes) = node.measure();
        anchors.insert(
            anchor,
            Anchored {
                node: node.clone(),
                nodes,
                bytes,
            },
        );
    }
    node
}

/// The end of the quoted scalar whose span the parser gives as `start..end`: just past
/// its closing quote. The parser's span runs on over the spaces and the comment after
/// it (`"+44 20" # office`), which a label would underline and an edit would erase.
fn quoted_end(text: &str, start: usize, end: usize) -> usize {
    let Some(span) = text.get(start..end) else {
        return end;
    };
    let bytes = span.as_bytes();
    // Past an anchor or a tag, to the opening quote.
    let Some(open) = bytes.iter().position(|b| matches!(b, b'"' | b'\'')) else {
        return end;
    };
    let quote = bytes[open];
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return start + i + 1,
            _ => i += 1,
        }
    }
    end
}

/// The offset of the first character YAML 1.2 does not allow in a stream (outside its
/// printable set: C0 controls but tab and line breaks, DEL, C1 controls but NEL,
/// surrogates, U+FFFE, U+FFFF, and a byte-order mark past the start), if any. Raw
/// escape sequences in a file are how a terminal or a CI log gets attacked.
pub fn forbidden_character(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f {
                return Some(i);
            }
            i += 1;
            continue;
        }
        // The text is UTF-8: decode only the non-ASCII characters.
        let c = text[i..].chars().next().unwrap_or(' ');
        let forbidden = matches!(c, '\u{80}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
            || (c == '\u{feff}' && i > 0);
        if forbidden {
            return Some(i);
        }
        i += c.len_utf8();
    }
    None
}

fn forbidden_character_error(text: &str, at: usize) -> Diagnostic {
    let c = text[at..].chars().next().unwrap_or(' ');
    let width = c.len_utf8();
    Diagnostic::new(
        Code::YamlSyntax,
        Severity::Error,
        format!("invalid YAML: the control character U+{:04X} is not allowed in YAML text", u32::from(c)),
    )
    .at(at..at + width, Some("control character".into()))
    .with_help("Remove it. YAML text may hold no control characters but tab and line breaks, not even in comments; a value that needs one writes it escaped in double quotes (`\"\\e\"`, `\"\\u001b\"`).")
}

fn syntax_error(text: &str, at: usize, info: &str) -> Diagnostic {
    let at = at.min(text.len());
    let width = text[at..].chars().next().map_or(0, char::len_utf8);
    let info = info.trim_start_matches("while parsing ").to_string();
    Diagnostic::new(
        Code::YamlSyntax,
        Severity::Error,
        format!("invalid YAML: {info}"),
    )
    .at(at..at + width, Some("here".into()))
    .with_help(syntax_help(&info))
}

fn syntax_help(info: &str) -> String {
    if info.contains("tab") {
        "Indent with spaces: YAML does not allow tabs for indentation.".into()
    } else if info.contains("mapping values are not allowed") {
        "A value holds `: `. Quote the value (`key: \"a: b\"`), or check the indentation of this line.".into()
    } else if info.contains("quoted") || info.contains("quote") {
        "Close the quoted string, or escape the quote inside it.".into()
    } else if info.contains("alias") || info.contains("anchor") {
        "Define the anchor (`&name`) before the alias (`*name`) that uses it, or quote a value that starts with `*` or `&`.".into()
    } else {
        "Correct the YAML at the marked position; quote values that start with a special character."
            .into()
    }
}

/// Resolves a scalar by its tag or, untagged and plain, by the YAML 1.2 core schema: `NO`
/// and `yes` stay strings, `+86...` is an integer, quoted scalars are always strings.
/// Takes the parser's value, to keep it without a copy when the parser made it owned.
fn resolve_scalar(value: Cow<str>, style: ScalarStyle, tag: Option<&Tag>) -> NodeKind {
    if let Some(tag) = tag {
        if tag.is_yaml_core_schema() || tag.handle == "!!" {
            match tag.suffix.as_str() {
                "str" => return NodeKind::Str(value.into_owned()),
                "null" => return NodeKind::Null,
                "bool" | "int" | "float" => return plain_scalar(value),
                _ => {}
            }
        } else if (tag.handle.is_empty() && tag.suffix == "!")
            || (tag.handle == "!" && tag.suffix.is_empty())
        {
            // The non-specific tag `!` (the parser reports it as handle "", suffix "!"):
            // a string, whatever it looks like (yaml-test-suite S4JQ).
            return NodeKind::Str(value.into_owned());
        }
    }
    if style != ScalarStyle::Plain {
        return NodeKind::Str(value.into_owned());
    }
    plain_scalar(value)
}

fn plain_scalar(value: Cow<str>) -> NodeKind {
    match value.as_ref() {
        "" | "~" | "null" | "Null" | "NULL" => return NodeKind::Null,
        "true" | "True" | "TRUE" => return NodeKind::Bool(true),
        "false" | "False" | "FALSE" => return NodeKind::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return NodeKind::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return NodeKind::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return NodeKind::Float(f64::NAN),
        _ => {}
    }
    if let Some(int) = parse_int(&value) {
        return NodeKind::Int(int);
    }
    if is_core_float(&value) {
        if let Ok(f) = value.parse::<f64>() {
            return NodeKind::Float(f);
        }
    }
    NodeKind::Str(value.into_owned())
}

fn parse_int(value: &str) -> Option<i64> {
    if let Some(oct) = value.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok();
    }
    if let Some(hex) = value.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
fn is_core_float(value: &str) -> bool {
    let s = value.strip_prefix(['-', '+']).unwrap_or(value).as_bytes();
    let mut i = 0;
    let int_digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if s.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Node {
        let loaded = load(text, &Limits::default());
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        loaded.root.expect("a document")
    }

    #[test]
    fn yaml_1_2_scalars() {
        let r = root("a: NO\nb: yes\nc: +8613800138000\nd: 2026.11\ne: \"1\"\nf: 2026-11-02\ng: ~\nh: 0x1F\n");
        assert!(matches!(r.get("a").unwrap().kind, NodeKind::Str(ref s) if s == "NO"));
        assert!(matches!(r.get("b").unwrap().kind, NodeKind::Str(_)));
        assert!(matches!(
            r.get("c").unwrap().kind,
            NodeKind::Int(8613800138000)
        ));
        assert!(matches!(r.get("d").unwrap().kind, NodeKind::Float(_)));
        assert!(matches!(r.get("e").unwrap().kind, NodeKind::Str(_)));
        assert!(matches!(r.get("f").unwrap().kind, NodeKind::Str(_)));
        assert!(r.get("g").unwrap().is_null());
        assert!(matches!(r.get("h").unwrap().kind, NodeKind::Int(31)));
    }

    #[test]
    fn a_quoted_scalar_ends_at_its_closing_quote() {
        let text = "a: \"x\\\" y\"  # c\nb: 'it''s' # c\nc: [\"p\" , 'q' ]\n\"k\"  : &n \"m\"  # c\nd: \"l\n  2\" # c\n";
        let r = root(text);
        for (key, want) in [
            ("a", "\"x\\\" y\""),
            ("b", "'it''s'"),
            ("k", "&n \"m\""),
            ("d", "\"l\n  2\""),
        ] {
            assert_eq!(&text[r.get(key).unwrap().span.clone()], want);
        }
        let c = r.get("c").unwrap();
        assert_eq!(&text[c.item(0).unwrap().span.clone()], "\"p\"");
        assert_eq!(&text[c.item(1).unwrap().span.clone()], "'q'");
        let crate::node::NodeKind::Map(entries) = &r.kind else {
            panic!()
        };
        assert_eq!(&text[entries[3].key.span.clone()], "\"k\"");
    }

    #[test]
    fn spans_are_bytes_after_non_ascii_text() {
        let text = "name: 上海艾克梅贸易有限公司\nregion: CN\n";
        let r = root(text);
        let span = r.get("region").unwrap().span.clone();
        assert_eq!(&text[span], "CN");
    }

    #[test]
    fn duplicate_keys_label_both() {
        let loaded = load("a: 1\nb: 2\na: 3\n", &Limits::default());
        let d = &loaded.diagnostics[0];
        assert_eq!(d.rule, Code::YamlDuplicateKey);
        assert_eq!(d.primary.as_ref().unwrap().span, 10..11);
        assert_eq!(d.secondary[0].span, 0..1);
        assert_eq!(d.pointer, "/a");
    }

    /// One entry per key, holding the later value where the first stood, in a small
    /// mapping (compared key by key) and a large one (indexed).
    #[test]
    fn a_repeated_key_keeps_its_later_value() {
        let small = load(
            "a: 1
b: 2
a: 3
",
            &Limits::default(),
        );
        let root = small.root.expect("a tree");
        assert_eq!(root.to_json(), serde_json::json!({"a": 3, "b": 2}));
        let NodeKind::Map(entries) = &root.kind else {
            panic!("a mapping")
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].key.span, 10..11);

        let mut text: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k3: again\nk39: last\n");
        let large = load(&text, &Limits::default());
        assert_eq!(large.diagnostics.len(), 2);
        let root = large.root.expect("a tree");
        let NodeKind::Map(entries) = &root.kind else {
            panic!("a mapping")
        };
        assert_eq!(entries.len(), 40);
        assert_eq!(root.get("k3").and_then(Node::as_str), Some("again"));
        assert_eq!(root.get("k39").and_then(Node::as_str), Some("last"));
        assert_eq!(entries[3].key.key_text(), "k3");
    }

    #[test]
    fn deep_nesting_stops_early() {
        let text = "[".repeat(1_000_000);
        let loaded = load(&text, &Limits::default());
        assert!(loaded.root.is_none());
        assert_eq!(loaded.diagnostics[0].rule, Code::YamlSyntax);
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            text.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n;
        }
        let loaded = load(&text, &Limits::default());
        assert_eq!(loaded.diagnostics[0].rule, Code::YamlSyntax);
        assert!(loaded.diagnostics[0].message.contains("aliases"));
    }

    /// Aliases are bounded by the bytes they copy, not only by their nodes: a long string
    /// used through a few aliases is refused at the alias that passes the limit.
    #[test]
    fn aliases_are_bounded_in_bytes() {
        let limits = Limits {
            max_alias_bytes: 100,
            ..Limits::default()
        };
        let text = format!("a: &a {}\nb: [*a, *a, *a]\n", "x".repeat(40));
        let loaded = load(&text, &limits);
        assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
        let d = &loaded.diagnostics[0];
        assert_eq!(d.rule, Code::YamlSyntax);
        assert!(d.message.contains("100 bytes"), "{}", d.message);
        let third = text.rfind("*a").unwrap();
        assert_eq!(d.primary.as_ref().unwrap().span.start, third);
        // Under the limit, the aliases are copied as before.
        let loaded = load(&text, &Limits::default());
        assert!(loaded.diagnostics.is_empty());
        assert_eq!(
            loaded.root.unwrap().get("b").unwrap().to_json()[2]
                .as_str()
                .unwrap()
                .len(),
            40
        );
    }

    #[test]
    fn characters_yaml_forbids_are_found_where_they_stand() {
        assert_eq!(
            forbidden_character("a: 1\t# ok\r\n\u{85}\u{a0}\u{fffd}\u{1f600}"),
            None
        );
        assert_eq!(forbidden_character("\u{feff}a: 1"), None);
        assert_eq!(forbidden_character("a: 1 # \u{1b}[2J"), Some(7));
        assert_eq!(forbidden_character("a: \u{7}"), Some(3));
        assert_eq!(forbidden_character("a: \u{7f}"), Some(3));
        assert_eq!(forbidden_character("a: 上\u{9b}"), Some(6));
        assert_eq!(forbidden_character("a: \u{ffff}"), Some(3));
        assert_eq!(forbidden_character("a: \u{feff}"), Some(3));
        let loaded = load("a: 1\n# \u{7}\n", &Limits::default());
        assert!(loaded.root.is_none());
        assert_eq!(loaded.diagnostics[0].rule, Code::YamlSyntax);
        assert_eq!(loaded.diagnostics[0].primary.as_ref().unwrap().span, 7..8);
        assert!(!loaded.diagnostics[0].message.contains('\u{7}'));
    }

    /// The pointer of a repeated key comes from the loader's stack: mappings in lists,
    /// lists in mappings, keys that need escaping.
    #[test]
    fn a_repeated_key_has_the_pointer_of_its_place() {
        let loaded = load(
            "a:\n  - b\n  - x/y: 1\n    x/y: 2\nc: {d: 1, d: 2}\n",
            &Limits::default(),
        );
        let pointers: Vec<&str> = loaded
            .diagnostics
            .iter()
            .map(|d| d.pointer.as_str())
            .collect();
        assert_eq!(pointers, ["/a/1/x~1y", "/c/d"]);
    }

    #[test]
    fn several_documents_and_none() {
        let d = load("a: 1\n---\nb: 2\n", &Limits::default()).diagnostics;
        assert_eq!(d[0].rule, Code::YamlSingleDocument);
        let d = load("# only a comment\n", &Limits::default()).diagnostics;
        assert_eq!(d[0].rule, Code::YamlSingleDocument);
    }
}
