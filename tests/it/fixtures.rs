//! Every fixture of a shipped pack (`rules/<version>/tests/`, built into the binary) is
//! checked against its pack, and what it reports must be exactly what its `# expect:`
//! comments say, line by line. They run through the library function behind
//! `partnerlint rules test`, so the command and this suite cannot disagree. Every rule of
//! every shipped pack must have failing and passing fixtures, a description and a source
//! quoted from the policy documents; its rule files hold no `examples:`.

use partnerlint::pack_testing::annotations::expectations;
use partnerlint::pack_testing::{self as testing, PackReport, TestOptions};
use partnerlint::PackSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A shipped pack's tests, as the repository holds them.
fn tests_dir(pack: &partnerlint::RulePack) -> PathBuf {
    root()
        .join("rules")
        .join(&pack.manifest.version)
        .join("tests")
}

fn builtin() -> PackSet {
    match PackSet::builtin() {
        Ok(packs) => packs,
        Err(e) => panic!(
            "the built-in packs do not load: {e}: {:#?}",
            e.diagnostics()
        ),
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Adds the failed cases of `report` to `out`; returns how many cases it ran.
fn collect(report: &PackReport, out: &mut Vec<String>) -> usize {
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
fn every_fixture_and_example_reports_exactly_what_it_expects() {
    let packs = builtin();
    let options = TestOptions::default();
    let mut failures = Vec::new();
    let mut count = 0;
    for pack in packs.selected() {
        let report = testing::test_pack(pack, &[], &options);
        let on_disk = testing::fixture_files(&tests_dir(pack));
        assert_eq!(
            report.cases.len(),
            on_disk.len(),
            "every fixture of {}, and nothing else, runs from the binary",
            tests_dir(pack).display()
        );
        count += collect(&report, &mut failures);
    }
    // Engine fixtures pin (or mis-pin) their own version.
    let engine = testing::fixture_files(&root().join("fixtures").join("engine"));
    count += collect(
        &testing::run_unpinned_fixtures(&packs, &engine, &options),
        &mut failures,
    );
    assert!(count > 50, "only {count} cases found");
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fixtures_expect_what_their_names_say() {
    let mut problems = Vec::new();
    let mut files = testing::fixture_files(&root().join("fixtures"));
    files.extend(testing::fixture_files(&root().join("rules")));
    for path in files {
        if path.starts_with(root().join("fixtures").join("packs")) {
            // Packs' own tests name their fixtures freely.
            continue;
        }
        let name = file_name(&path);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let e = expectations(&text);
        if name.starts_with("fail") && e.expected.is_empty() {
            problems.push(format!(
                "{}: a failing fixture expects no diagnostic",
                path.display()
            ));
        }
        if name.starts_with("pass") && !e.expected.is_empty() {
            problems.push(format!(
                "{}: a passing fixture expects diagnostics",
                path.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_has_fixtures_an_explanation_and_a_source() {
    let packs = builtin();
    let mut problems = Vec::new();
    for pack in packs.selected() {
        let dir = tests_dir(pack);
        for rule in &pack.rules {
            let files = testing::fixture_files(&dir.join(&rule.id));
            let named = |prefix: &str| files.iter().any(|p| file_name(p).starts_with(prefix));
            if !named("fail") {
                problems.push(format!(
                    "{}: no failing fixture in {}",
                    rule.id,
                    dir.join(&rule.id).display()
                ));
            }
            if !named("pass") {
                problems.push(format!("{}: no passing fixture", rule.id));
            }
            for f in files.iter().filter(|p| file_name(p).starts_with("fail")) {
                let e = expectations(&std::fs::read_to_string(f).unwrap_or_default());
                if !e.expected.iter().any(|x| x.rule == rule.id) {
                    problems.push(format!(
                        "{}: {} expects no `{}` diagnostic",
                        rule.id,
                        file_name(f),
                        rule.id
                    ));
                }
            }
            if rule.description.trim().len() < 40 {
                problems.push(format!("{}: no real description", rule.id));
            }
            if rule.title.trim().is_empty() {
                problems.push(format!("{}: no title", rule.id));
            }
            if rule.source.section.trim().is_empty()
                || rule.source.quote.trim().is_empty()
                || !pack.manifest.sources.contains_key(&rule.source.document)
            {
                problems.push(format!("{}: incomplete source", rule.id));
            }
            // The cases live in tests/: a rule file is logic, a description and a source.
            if !rule.example_fail.is_empty() || !rule.example_pass.is_empty() {
                problems.push(format!(
                    "{}: `examples:` in a shipped rule file (write fixtures in {})",
                    rule.id,
                    dir.join(&rule.id).display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_fixture_folder_names_a_rule() {
    let packs = builtin();
    for pack in packs.selected() {
        let dir = tests_dir(pack);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            // `certs` holds the scans; `plan` the plan fixtures (`src/plan/testing.rs`).
            if entry.path().is_dir() && name != "certs" && name != "plan" {
                assert!(
                    pack.rule(&name).is_some(),
                    "{}/{name} names no rule of the pack",
                    dir.display()
                );
            }
        }
    }
}

#[test]
fn rule_sources_quote_the_policy_documents() {
    // The source documents are kept with the pack, as its provenance.
    let packs = builtin();
    let squash = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(['*', '\u{00a0}'], "")
    };
    for pack in packs.selected() {
        for rule in &pack.rules {
            let file = &pack.manifest.sources[&rule.source.document].file;
            let path = root().join("rules").join(&pack.manifest.version).join(file);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let text = squash(&text);
            assert!(
                text.contains(&squash(&rule.source.quote)),
                "{}: the quote is not in {file}: {}",
                rule.id,
                rule.source.quote
            );
            assert!(
                text.contains(&squash(&rule.source.section)),
                "{}: no section `{}` in {file}",
                rule.id,
                rule.source.section
            );
        }
    }
}
