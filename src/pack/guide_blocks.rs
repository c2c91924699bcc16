//! docs/writing-rules.md's YAML blocks, read by the loader and the pack schemas they
//! would meet in a pack: every block loads, the manifest and data blocks satisfy their
//! schemas, every condition and fix example compiles in a pack, and the blocks naming a
//! file are that file verbatim. The worked example's behaviour and the architecture's
//! paths are checked through the public API in `tests/it/guide.rs`.

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

#[test]
fn every_condition_example_compiles() {
    let (_, block) = yaml_blocks()
        .into_iter()
        .find(|(_, t)| t.starts_with("# conditions:"))
        .expect("the block of condition examples");
    // Each top-level item of the list is one condition.
    let mut items: Vec<Vec<String>> = Vec::new();
    for line in block.lines() {
        if let Some(first) = line.strip_prefix("- ") {
            items.push(vec![first.to_string()]);
        } else if let Some(rest) = line.strip_prefix("  ") {
            if let Some(item) = items.last_mut() {
                item.push(rest.to_string());
            }
        }
    }
    assert!(items.len() >= 16, "{} condition examples", items.len());
    let mut rules = String::from("rules:\n");
    for (i, item) in items.iter().enumerate() {
        let condition: String = item.iter().map(|l| format!("          {l}\n")).collect();
        rules.push_str(&format!(
            "  - id: guide-condition-{i}\n    severity: info\n    title: Condition example {i}\n    source: {{document: \"000\", section: Guide, quote: Guide}}\n    description: A condition example of the guide.\n    checks:\n      - for_each: apps[*]\n        require:\n{condition}        message: m\n        help: h\n    examples: {{fail: \"format: 1\", pass: \"format: 1\"}}\n"
        ));
    }
    // The field list the guide's examples name (its `fields:` example).
    let data = "data: {}\nfields:\n  markets_involved:\n    - registration.target_markets[*]\n    - seller.shop_market\n";
    match compile_pack(&rules, data) {
        Ok(packs) => {
            let pack = packs.get("2026.11").expect("the pack");
            assert_eq!(pack.rules.iter().filter(|r| r.own).count(), items.len());
        }
        Err(e) => panic!(
            "a condition example of the guide does not compile:\n{rules}\n{:#?}",
            e.diagnostics()
                .iter()
                .map(|(_, d)| &d.message)
                .collect::<Vec<_>>()
        ),
    }
}

#[test]
fn file_blocks_are_the_example_files_verbatim() {
    let mut shown = 0;
    for (line, text) in yaml_blocks() {
        let Some(rest) = text.strip_prefix("# file: ") else {
            continue;
        };
        let (path, body) = rest.split_once('\n').expect("a file block has a body");
        let file =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
                .unwrap_or_else(|e| panic!("line {line}: {path}: {e}"));
        assert_eq!(
            body, file,
            "the block on line {line} of docs/writing-rules.md is not {path}: update the guide"
        );
        shown += 1;
    }
    assert!(shown >= 4, "{shown} file blocks");
}

/// A pack over the built-in 2026.11 with the rule file `rules` and the data file `data`.
fn compile_pack(rules: &str, data: &str) -> Result<crate::pack::PackSet, crate::pack::PackError> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(dir.path().join("rules")).expect("mkdir");
    std::fs::write(
        dir.path().join("pack.yaml"),
        "version: \"2026.11\"\neffective: 2026-11-01\nsummary: The guide's examples.\nextends: \"2026.11\"\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("rules/guide.yaml"), rules).expect("write");
    std::fs::write(dir.path().join("data.yaml"), data).expect("write");
    crate::pack::PackSet::from_dir(dir.path())
}

#[test]
fn every_fix_example_compiles() {
    let (_, block) = yaml_blocks()
        .into_iter()
        .find(|(_, t)| t.starts_with("# fixes:"))
        .expect("the block of fix examples");
    let fixes: Vec<&str> = block
        .lines()
        .filter_map(|l| l.strip_prefix("- fix: "))
        .collect();
    assert!(fixes.len() >= 6, "{} fix examples", fixes.len());
    let mut rules = String::from("rules:\n");
    for (i, fix) in fixes.iter().enumerate() {
        rules.push_str(&format!(
            "  - id: guide-fix-{i}\n    severity: info\n    title: Fix example {i}\n    source: {{document: \"000\", section: Guide, quote: Guide}}\n    description: A fix example of the guide.\n    checks:\n      - for_each: registration.target_markets[*]\n        require: {{any_in: {{field: $item, data: markets}}}}\n        suggest: {{among: markets, aliases: market_aliases}}\n        message: m\n        help: h\n        fix: {fix}\n"
        ));
    }
    match compile_pack(&rules, "data: {}\n") {
        Ok(packs) => {
            let pack = packs.get("2026.11").expect("the pack");
            let own: Vec<_> = pack.rules.iter().filter(|r| r.own).collect();
            assert_eq!(own.len(), fixes.len());
            assert!(own.iter().all(|r| r.checks[0].fix.is_some()));
        }
        Err(e) => panic!(
            "a fix example of the guide does not compile:\n{rules}\n{:#?}",
            e.diagnostics()
                .iter()
                .map(|(_, d)| &d.message)
                .collect::<Vec<_>>()
        ),
    }
}
