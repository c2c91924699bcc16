//! The library's modules depend on each other one way: no module imports one that
//! imports it back, directly or through others. Checked on the source text, so a new
//! `use` that closes a cycle fails here, with the cycle named.
//!
//! Two levels are checked: the crate's top-level modules (a file `src/x.rs` or a folder
//! `src/x/`), and the files of each folder among themselves. A folder's `mod.rs` is left
//! out of the second: it declares its children and re-exports what they define.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code: comments dropped, and its unit tests, which may use anything.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first name after each `prefix` (`crate::`, `super::`), braces opened: `crate::{a,
/// b::c}` names `a` and `b`.
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices(prefix) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && !c.is_whitespace() => {
                        start = false;
                        names.insert(ident(&group[i..]));
                    }
                    _ => {}
                }
            }
        } else {
            names.insert(ident(rest));
        }
    }
    names.retain(|n| !n.is_empty() && n != "self");
    names
}

/// A cycle in `graph`, if there is one, as the names along it.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(2) => return None,
            Some(1) => {
                let from = stack.iter().position(|n| n == node).unwrap_or(0);
                let mut found = stack[from..].to_vec();
                found.push(node.to_string());
                return Some(found);
            }
            _ => {}
        }
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, state, stack) {
                return Some(found);
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if let Some(found) = visit(node, graph, &mut state, &mut Vec::new()) {
            return Some(found);
        }
    }
    None
}

struct Module {
    /// The path under `src/`, in parts: `["pack", "eval.rs"]`.
    parts: Vec<String>,
    code: String,
}

fn modules() -> Vec<Module> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .iter()
        .map(|f| Module {
            parts: f
                .strip_prefix(&src)
                .unwrap()
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect(),
            code: code(&std::fs::read_to_string(f).unwrap()),
        })
        .collect()
}

fn stem(name: &str) -> &str {
    name.strip_suffix(".rs").unwrap_or(name)
}

fn top_level_graph(modules: &[Module]) -> BTreeMap<String, BTreeSet<String>> {
    let top: BTreeSet<String> = modules
        .iter()
        .map(|m| stem(&m.parts[0]).to_string())
        .filter(|m| m != "lib" && m != "main")
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in modules {
        let me = stem(&m.parts[0]).to_string();
        if !top.contains(&me) {
            continue;
        }
        let uses = names_after(&m.code, "crate::");
        let edges = graph.entry(me.clone()).or_default();
        edges.extend(uses.into_iter().filter(|u| *u != me && top.contains(u)));
    }
    graph
}

/// For each folder, its files (but `mod.rs`) and the siblings each names.
fn folder_graphs(modules: &[Module]) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let mut folders: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    let siblings = |folder: &[String]| -> BTreeSet<String> {
        modules
            .iter()
            .filter(|m| m.parts.len() > folder.len() && m.parts[..folder.len()] == *folder)
            .map(|m| stem(&m.parts[folder.len()]).to_string())
            .filter(|n| n != "mod")
            .collect()
    };
    for m in modules.iter().filter(|m| m.parts.len() >= 2) {
        let folder = &m.parts[..m.parts.len() - 1];
        let name = stem(&m.parts[m.parts.len() - 1]).to_string();
        if name == "mod" {
            continue;
        }
        let known = siblings(folder);
        let absolute = format!("crate::{}::", folder.join("::"));
        let mut uses = names_after(&m.code, "super::");
        uses.extend(names_after(&m.code, &absolute));
        let edges = folders
            .entry(folder.join("/"))
            .or_default()
            .entry(name.clone())
            .or_default();
        edges.extend(uses.into_iter().filter(|u| *u != name && known.contains(u)));
    }
    folders
}

#[test]
fn the_reader_finds_names_in_groups() {
    let code = "use crate::{a::b, c, d::{e, f}};\nlet x = crate::g::h(); super::i::j; my_crate::k";
    let names: Vec<String> = names_after(code, "crate::").into_iter().collect();
    assert_eq!(names, ["a", "c", "d", "g"]);
    let names: Vec<String> = names_after(code, "super::").into_iter().collect();
    assert_eq!(names, ["i"]);
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(
        cycle(&graph),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
    graph.remove("b");
    assert_eq!(cycle(&graph), None);
}

#[test]
fn top_level_modules_depend_one_way() {
    let modules = modules();
    let graph = top_level_graph(&modules);
    assert!(graph.len() > 15, "{graph:?}");
    assert!(graph["file_check"].contains("pack"), "{graph:?}");
    if let Some(found) = cycle(&graph) {
        panic!("modules import each other: {}", found.join(" → "));
    }
}

#[test]
fn the_files_of_each_folder_depend_one_way() {
    let modules = modules();
    let folders = folder_graphs(&modules);
    assert!(folders.contains_key("pack") && folders.contains_key("report"));
    for (folder, graph) in &folders {
        if let Some(found) = cycle(graph) {
            panic!("in src/{folder}: {}", found.join(" → "));
        }
    }
}
