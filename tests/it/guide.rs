//! docs/writing-rules.md cannot rot: every YAML block of the guide loads; the manifest and
//! data blocks satisfy their schemas; each condition example compiles; the blocks that
//! show a file of the worked example are that file, verbatim; and the example pack
//! passes its tests and does what the guide says it does.

use partnerlint::pack_diff as diff;
use partnerlint::pack_testing::{self as testing, TestOptions};
use partnerlint::schema::Schema;
use partnerlint::yaml::{self, Limits};
use partnerlint::PackSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The guide's ```yaml blocks, with the line each starts on.
fn yaml_blocks() -> Vec<(usize, String)> {
    let guide = std::fs::read_to_string(root().join("docs/writing-rules.md")).expect("the guide");
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
        let loaded = yaml::load(text, &Limits::default());
        assert!(
            loaded.diagnostics.is_empty() && loaded.root.is_some(),
            "the YAML block on line {line} of docs/writing-rules.md does not load: {:#?}",
            loaded.diagnostics
        );
    }
}

#[test]
fn manifest_and_data_blocks_satisfy_their_schemas() {
    let manifest = Schema::compile(
        partnerlint::pack::schemas::MANIFEST,
        partnerlint::Code::RulePack,
        "the manifest",
    )
    .expect("the manifest schema");
    let data = Schema::compile(
        partnerlint::pack::schemas::DATA,
        partnerlint::Code::RulePack,
        "the data",
    )
    .expect("the data schema");
    let mut checked = 0;
    for (line, text) in yaml_blocks() {
        let Some(root) = yaml::load(&text, &Limits::default()).root else {
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
        let file = std::fs::read_to_string(root().join(path))
            .unwrap_or_else(|e| panic!("line {line}: {path}: {e}"));
        assert_eq!(
            body, file,
            "the block on line {line} of docs/writing-rules.md is not {path}: update the guide"
        );
        shown += 1;
    }
    assert!(shown >= 4, "{shown} file blocks");
}

#[test]
fn the_worked_example_passes_its_tests_and_does_what_the_guide_says() {
    let packs = PackSet::from_dir(Path::new("docs/examples/acme-policy")).expect("the example");
    let acme = packs.selected().next().expect("the pack").clone();
    let report = testing::test_pack(&acme, &[], &TestOptions::default());
    let failed: Vec<_> = report.cases.iter().filter(|c| !c.passed()).collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert_eq!(report.cases.len(), 7, "the guide says 7 cases");

    let base = PackSet::builtin()
        .expect("built-in")
        .get("2026.11")
        .expect("2026.11")
        .clone();
    let d = diff::diff(&base, &acme);
    assert_eq!(
        (d.added.len(), d.removed.len(), d.data.len()),
        (2, 1, 2),
        "the guide says: two rules added, one removed, two tables"
    );
    assert_eq!(
        d.changed
            .iter()
            .filter(|c| c.severity.is_some())
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        ["market-duplicate"]
    );
}

/// docs/architecture.md names only files and folders that exist: every path in
/// backquotes that starts at the repository's top (`src/...`, `schemas/...`, `build.rs`).
#[test]
fn the_architecture_names_real_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("docs/architecture.md")).expect("the doc");
    let tops = [
        "src/",
        "schemas/",
        "docs/",
        "tests/",
        "bench/",
        "fixtures/",
        "rules/",
        "build.rs",
        "examples/",
    ];
    let mut named = 0;
    let mut missing = Vec::new();
    for (i, quoted) in text.split('`').enumerate() {
        // Odd pieces are inside backquotes; a placeholder (`<version>`) is not a path.
        if i % 2 == 0 || !tops.iter().any(|t| quoted.starts_with(t)) || quoted.contains('<') {
            continue;
        }
        // A glob (`rules/**/*.yaml`) names the folder it starts in.
        let path = quoted
            .split('*')
            .next()
            .unwrap_or_default()
            .trim_end_matches('/');
        named += 1;
        if !root.join(path).exists() {
            missing.push(quoted.to_string());
        }
    }
    assert!(named >= 30, "{named} paths");
    assert!(
        missing.is_empty(),
        "docs/architecture.md names: {missing:?}"
    );
}

/// A pack over the built-in 2026.11 with the rule file `rules` and the data file `data`.
fn compile_pack(rules: &str, data: &str) -> Result<PackSet, partnerlint::pack::PackError> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(dir.path().join("rules")).expect("mkdir");
    std::fs::write(
        dir.path().join("pack.yaml"),
        "version: \"2026.11\"\neffective: 2026-11-01\nsummary: The guide's examples.\nextends: \"2026.11\"\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("rules/guide.yaml"), rules).expect("write");
    std::fs::write(dir.path().join("data.yaml"), data).expect("write");
    PackSet::from_dir(dir.path())
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
