//! docs/writing-rules.md's YAML blocks, read by the loader and the pack schemas they
//! would meet in a pack: every block loads, and the manifest and data blocks satisfy their
//! schemas. The guide's other checks, through the public API, are `tests/it/guide.rs`.

use super::schemas;
use crate::diagnostic::Code;
use crate::schema::Schema;
use crate::yaml::{load, Limits};

/// The guide's ```yaml blocks, with the line each starts on.
fn yaml_blocks() -> Vec<(usize, String)> {
    let guide = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/writing-rules.md"
    ))
    .expect("the guide");
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in guide.lines().enumerate() {
        match &mut current {
            None if line.trim_end() == "```yaml" => current = Some((i + 2, String::new())),
            Some(_) if line.trim_end() == "```" => out.extend(current.take()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    assert!(current.is_none(), "an unclosed ```yaml block");
    out
}

#[test]
fn every_yaml_block_loads() {
    let blocks = yaml_blocks();
    assert!(blocks.len() >= 10, "{} blocks", blocks.len());
    for (line, text) in &blocks {
        let loaded = load(text, &Limits::default());
        assert!(
            loaded.diagnostics.is_empty() && loaded.root.is_some(),
            "the YAML block on line {line} of docs/writing-rules.md does not load: {:#?}",
            loaded.diagnostics
        );
    }
}

#[test]
fn manifest_and_data_blocks_satisfy_their_schemas() {
    let manifest = Schema::compile(schemas::MANIFEST, Code::RulePack, "the manifest")
        .expect("the manifest schema");
    let data = Schema::compile(schemas::DATA, Code::RulePack, "the data").expect("the data schema");
    let mut checked = 0;
    for (line, text) in yaml_blocks() {
        let Some(root) = load(&text, &Limits::default()).root else {
            continue;
        };
        let schema = if root.get("version").is_some() {
            &manifest
        } else if root.get("data").is_some() {
            &data
        } else {
            continue;
        };
        checked += 1;
        let found = schema.validate(&root, &text);
        assert!(
            found.is_empty(),
            "the block on line {line} of docs/writing-rules.md: {:#?}",
            found.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
    }
    assert!(checked >= 4, "{checked} blocks");
}
