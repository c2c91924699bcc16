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
