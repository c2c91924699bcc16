//! docs/writing-rules.md and docs/architecture.md cannot rot: the worked example pack
//! passes its tests and does what the guide says it does, and the architecture names
//! real files. The guide's YAML blocks (they load, satisfy their schemas, every condition
//! and fix example compiles, the worked example's files are shown verbatim) are unit
//! tests of the loader and the pack compiler they go through, `src/pack/guide_blocks.rs`.

use partnerlint::pack_diff as diff;
use partnerlint::pack_testing::{self as testing, TestOptions};
use partnerlint::PackSet;
use std::path::Path;

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

/// The docs name only files and folders that exist: every path in backquotes that starts
/// at the repository's top (`src/...`, `schemas/...`, `build.rs`), in the README and every
/// page of docs/ (bench/notes.md is history: it names what was removed). A path of a rule
/// pack's own layout (`tests/<rule-id>/`) may name what the built-in pack or the guide's
/// example pack has; a command line (`bench/shapes.py time`) names its program; a
/// git-ignored folder that a tool creates is listed.
#[test]
fn the_docs_name_real_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
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
        "fuzz/",
        "benches/",
    ];
    // Created by the tools, git-ignored: named as where their output goes.
    let made = ["fuzz/corpus-work"];
    // Where a path of a pack's layout may be found.
    let packs = [
        root.to_path_buf(),
        root.join("rules/2026.11"),
        root.join("docs/examples/acme-policy"),
    ];
    let mut docs = vec![root.join("README.md")];
    for entry in std::fs::read_dir(root.join("docs")).expect("docs/") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            docs.push(path);
        }
    }
    let mut named = 0;
    let mut missing = Vec::new();
    for doc in &docs {
        let text = std::fs::read_to_string(doc).expect("the doc");
        for (i, quoted) in text.split('`').enumerate() {
            // Odd pieces are inside backquotes; a placeholder (`<version>`, `RULE-ID`) or a
            // link's shape (`rules/here → .`) is not a path.
            if i % 2 == 0
                || !tops.iter().any(|t| quoted.starts_with(t))
                || quoted.contains(['<', '→'])
                || quoted.contains("RULE-ID")
            {
                continue;
            }
            // A command line names its program; a glob (`rules/**/*.yaml`) the folder it
            // starts in.
            let path = quoted
                .split(' ')
                .next()
                .unwrap_or_default()
                .split('*')
                .next()
                .unwrap_or_default()
                .trim_end_matches('/');
            named += 1;
            if !made.contains(&path) && !packs.iter().any(|p| p.join(path).exists()) {
                missing.push(format!("{}: {quoted}", doc.display()));
            }
        }
    }
    assert!(named >= 100, "{named} paths");
    assert!(missing.is_empty(), "the docs name: {missing:#?}");
}
