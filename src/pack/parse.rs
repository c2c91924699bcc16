//! Loads a pack's files and checks each against its schema: the second stage of the
//! pipeline. Every mistake is a diagnostic that points into the file that holds it.

use super::source::{PackError, PackFile};
use crate::diagnostic::{Code, Diagnostic};
use crate::node::{Node, NodeKind};
use crate::schema::Schema;
use crate::yaml::{self, Limits};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

pub const MANIFEST_SCHEMA: &str = include_str!("../../schemas/rule-pack.schema.json");
pub const DATA_SCHEMA: &str = include_str!("../../schemas/rule-data.schema.json");
pub const RULE_FILE_SCHEMA: &str = include_str!("../../schemas/rule-file.schema.json");

fn schema(which: &'static OnceLock<Schema>, text: &str, subject: &'static str) -> &'static Schema {
    which.get_or_init(|| match Schema::compile(text, Code::RulePack, subject) {
        Ok(s) => s.with_root_help(
            "Write the file as a mapping of fields, as docs/writing-rules.md shows.",
        ),
        Err(e) => unreachable!("a shipped rule-pack schema does not compile: {e}"),
    })
}

fn manifest_schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    schema(&S, MANIFEST_SCHEMA, "the pack manifest")
}
fn data_schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    schema(&S, DATA_SCHEMA, "the data file")
}
fn rule_file_schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    schema(&S, RULE_FILE_SCHEMA, "the rule file")
}

/// A pack's files, loaded and checked against their schemas but not compiled. An
/// extending pack merges these trees with its bases' before anything is compiled, so the
/// bases' rules compile against the merged data.
#[derive(Debug, Clone)]
pub(super) struct Parsed {
    /// `built-in`, or the folder it was read from.
    pub origin: String,
    pub dir: Option<PathBuf>,
    pub manifest_file: PackFile,
    pub manifest: Node,
    pub data: Option<(PackFile, Node)>,
    pub rule_files: Vec<(PackFile, Arc<Node>)>,
    /// `tests/**` files, kept for packs that have no folder on disk.
    pub tests: Vec<PackFile>,
    /// `plan.yaml`, the onboarding plan: compiled by `crate::plan` when a plan is asked
    /// for, so checking never pays for it.
    pub plan: Option<PackFile>,
}

/// The manifest's `extends`, with the node diagnostics about it point at.
pub(super) enum BaseRef<'a> {
    Version(String, &'a Node),
    Path(String, &'a Node),
}

impl Parsed {
    pub fn version(&self) -> String {
        self.manifest
            .get("version")
            .and_then(text)
            .unwrap_or_default()
    }

    /// `2026.11 (built-in)`.
    pub fn label(&self) -> String {
        format!("{} ({})", self.version(), self.origin)
    }

    pub fn extends(&self) -> Option<BaseRef<'_>> {
        let node = self.manifest.get("extends")?;
        match &node.kind {
            NodeKind::Map(_) => {
                let path = node.get("path")?;
                Some(BaseRef::Path(text(path)?, path))
            }
            _ => Some(BaseRef::Version(text(node)?, node)),
        }
    }
}

/// Loads a pack's files and checks each against its schema.
pub(super) fn parse(
    files: Vec<PackFile>,
    origin: &str,
    name: &str,
    dir: Option<PathBuf>,
) -> Result<Parsed, PackError> {
    parse_with(files, origin, name, dir, true)
}

/// Loads the built-in packs' files without checking them against their schemas: the
/// tests do that (`builtin_packs_satisfy_their_schemas`), and skipping it halves the
/// cost of starting up (compiling three JSON Schemas and validating every rule file).
pub(super) fn parse_trusted(
    files: Vec<PackFile>,
    origin: &str,
    name: &str,
) -> Result<Parsed, PackError> {
    parse_with(files, origin, name, None, false)
}

fn parse_with(
    files: Vec<PackFile>,
    origin: &str,
    name: &str,
    dir: Option<PathBuf>,
    validate: bool,
) -> Result<Parsed, PackError> {
    let mut problems: Vec<(PackFile, Vec<Diagnostic>)> = Vec::new();
    let mut manifest = None;
    let mut data = None;
    let mut rule_files = Vec::new();
    let mut tests = Vec::new();
    let mut plan = None;
    let mut files = files;
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    for file in files {
        let which: fn() -> &'static Schema = match file.relative.as_str() {
            "pack.yaml" => manifest_schema,
            "data.yaml" => data_schema,
            r if r.starts_with("rules/") => rule_file_schema,
            r if r.starts_with("tests/") => {
                tests.push(file);
                continue;
            }
            "plan.yaml" => {
                plan = Some(file);
                continue;
            }
            _ => continue,
        };
        let loaded = yaml::load(&file.text, &Limits::default());
        let mut diagnostics = loaded.diagnostics;
        if let (Some(root), true) = (&loaded.root, validate) {
            diagnostics.extend(which().validate(root, &file.text));
        }
        if !diagnostics.is_empty() {
            problems.push((file.clone(), diagnostics));
        }
        if let Some(root) = loaded.root {
            match file.relative.as_str() {
                "pack.yaml" => manifest = Some((file, root)),
                "data.yaml" => data = Some((file, root)),
                _ => rule_files.push((file, Arc::new(root))),
            }
        }
    }
    if !problems.is_empty() {
        return Err(PackError::Files(problems));
    }
    let Some((manifest_file, manifest)) = manifest else {
        return Err(PackError::Io(format!(
            "the rule pack `{name}` has no `pack.yaml` manifest"
        )));
    };
    Ok(Parsed {
        origin: origin.to_string(),
        dir,
        manifest_file,
        manifest,
        data,
        rule_files,
        tests,
        plan,
    })
}

pub(super) fn text(node: &Node) -> Option<String> {
    match &node.kind {
        NodeKind::Str(s) => Some(s.clone()),
        NodeKind::Null | NodeKind::Seq(_) | NodeKind::Map(_) => None,
        _ => Some(node.key_text()),
    }
}

pub(super) fn int(node: &Node) -> Option<i64> {
    match node.kind {
        NodeKind::Int(i) => Some(i),
        _ => None,
    }
}
