//! The shipped packs' fixtures, run through the same function as `partnerlint rules test`:
//! every fixture under `fixtures/<version>/` must produce exactly the diagnostics its
//! `# expect:` lines name, and every rule's examples must fail and pass as they say. And
//! every shipped rule must be documented, sourced, and covered by fixtures.

use partnerlint::pack::testing::{self, TestOptions};
use partnerlint::PackSet;
use std::path::Path;

fn builtin() -> PackSet {
    match PackSet::builtin() {
        Ok(packs) => packs,
        Err(e) => panic!(
            "the built-in packs do not load: {e}: {:#?}",
            e.diagnostics()
        ),
    }
}

/// Adds the failed cases of `report` to `out`; returns how many cases it ran.
fn collect(report: &testing::PackReport, out: &mut Vec<String>) -> usize {
    for case in report.cases.iter().filter(|c| !c.passed()) {
        out.push(format!(
            "{} ({}):\n    {}",
            case.name,
            report.pack,
            case.failures.join("\n    ")
        ));
    }
    report.cases.len()
}

#[test]
fn every_shipped_fixture_and_example_gives_what_it_expects() {
    let packs = builtin();
    let mut mismatches = Vec::new();
    let mut cases = 0;
    for pack in packs.selected() {
        let dir = Path::new("fixtures").join(&pack.manifest.version);
        let files = testing::fixture_files(&dir);
        assert!(
            !files.is_empty(),
            "no fixtures for policy {} in {}",
            pack.manifest.version,
            dir.display()
        );
        let report = testing::test_pack(pack, &files, &TestOptions::default());
        cases += collect(&report, &mut mismatches);
    }
    // The engine's own fixtures, when there are any, against the newest pack.
    let engine = testing::fixture_files(Path::new("fixtures/engine"));
    if let Some(pack) = packs.selected().last() {
        let report = testing::run_fixtures(pack, &engine, &TestOptions::default());
        cases += collect(&report, &mut mismatches);
    }
    assert!(cases > 0);
    assert!(
        mismatches.is_empty(),
        "{} of {cases} cases do not give what they expect:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn every_shipped_rule_is_documented_sourced_and_covered() {
    let packs = builtin();
    let mut missing = Vec::new();
    for pack in packs.selected() {
        let version = &pack.manifest.version;
        for rule in &pack.rules {
            let dir = Path::new("fixtures").join(version).join(&rule.id);
            let fixtures = testing::fixture_files(&dir);
            let named = |prefix: &str| {
                fixtures.iter().any(|f| {
                    f.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(prefix))
                })
            };
            let mut lacks = Vec::new();
            if !named("fail") {
                lacks.push(format!(
                    "a fail fixture ({}/fail*.partner.yaml)",
                    dir.display()
                ));
            }
            if !named("pass") {
                lacks.push(format!(
                    "a pass fixture ({}/pass*.partner.yaml)",
                    dir.display()
                ));
            }
            if rule.description.trim().is_empty() {
                lacks.push("a description".into());
            }
            let source = &rule.source;
            if source.document.trim().is_empty()
                || source.section.trim().is_empty()
                || source.quote.trim().is_empty()
            {
                lacks.push("a source (document, section and quote)".into());
            }
            if !pack.manifest.sources.contains_key(&source.document) {
                lacks.push(format!(
                    "a source document listed in the manifest (`{}` is not)",
                    source.document
                ));
            }
            if rule.example_fail.trim().is_empty() || rule.example_pass.trim().is_empty() {
                lacks.push("examples (fail and pass)".into());
            }
            if rule.title.trim().is_empty() {
                lacks.push("a title".into());
            }
            if !lacks.is_empty() {
                missing.push(format!("{version} {}: lacks {}", rule.id, lacks.join(", ")));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} rule(s) are incomplete:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn every_fixture_folder_names_a_rule() {
    let packs = builtin();
    for pack in packs.selected() {
        let dir = Path::new("fixtures").join(&pack.manifest.version);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && name != "certs" {
                assert!(
                    pack.rule(&name).is_some(),
                    "fixtures/{}/{name} names no rule of the pack",
                    pack.manifest.version
                );
            }
        }
    }
}
