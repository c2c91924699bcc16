//! Every fixture under `fixtures/<version>/` is checked against its pack, and what it
//! reports must be exactly what its `# expect:` comments say, line by line. Every rule
//! of every shipped pack must have failing and passing fixtures, a description, a source
//! and examples that do what they claim.

use partnerlint::check::{check_source, CheckOptions};
use partnerlint::fixture::{compare, expectations, DEFAULT_TODAY};
use partnerlint::pack::{FileAccess, PackSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().filter_map(Result::ok) {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if partnerlint::discover::is_application_file(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Checks one fixture and describes how it differs from its expectations.
fn run_fixture(path: &Path, packs: &PackSet, version: Option<&str>) -> Option<String> {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let e = expectations(&text);
    let today = e.today.unwrap_or_else(|| DEFAULT_TODAY.parse().unwrap());
    let mut options = CheckOptions::new(today);
    options.policy = version.map(str::to_string);
    let report = check_source(
        path,
        &bytes,
        &FileAccess::within(path.parent().unwrap(), &root()),
        packs,
        &options,
    );
    let mismatch = compare(&e.expected, &report.diagnostics, &report.source);
    let name = path.file_name().unwrap().to_string_lossy();
    let mut problems = e.problems.clone();
    if name.starts_with("fail") && e.expected.is_empty() {
        problems.push((0, "a failing fixture expects no diagnostic".to_string()));
    }
    if name.starts_with("pass") && !e.expected.is_empty() {
        problems.push((0, "a passing fixture expects diagnostics".to_string()));
    }
    if mismatch.is_empty() && problems.is_empty() {
        return None;
    }
    let mut out = format!("{}:\n", path.strip_prefix(root()).unwrap_or(path).display());
    for (line, problem) in &problems {
        out.push_str(&format!("  bad annotation on line {line}: {problem}\n"));
    }
    for m in &mismatch.missing {
        out.push_str(&format!("  expected but not reported: {m}\n"));
    }
    for u in &mismatch.unexpected {
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.rule == u.rule)
            .map(|d| d.message.as_str())
            .unwrap_or("");
        out.push_str(&format!("  reported but not expected: {u}: {d}\n"));
    }
    Some(out)
}

#[test]
fn every_fixture_reports_exactly_what_it_expects() {
    let packs = PackSet::builtin().unwrap();
    let mut failures = Vec::new();
    let mut count = 0;
    for pack in packs.packs() {
        let version = &pack.manifest.version;
        for path in fixture_files(&root().join("fixtures").join(version)) {
            count += 1;
            failures.extend(run_fixture(&path, &packs, Some(version)));
        }
    }
    for path in fixture_files(&root().join("fixtures").join("engine")) {
        count += 1;
        // Engine fixtures pin (or mis-pin) their own version.
        failures.extend(run_fixture(&path, &packs, None));
    }
    assert!(count > 50, "only {count} fixtures found");
    assert!(
        failures.is_empty(),
        "{} of {count} fixtures differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_fixtures_an_explanation_and_a_source() {
    let packs = PackSet::builtin().unwrap();
    let mut problems = Vec::new();
    for pack in packs.packs() {
        let dir = root().join("fixtures").join(&pack.manifest.version);
        for rule in &pack.rules {
            let files = if dir.join(&rule.id).is_dir() {
                fixture_files(&dir.join(&rule.id))
            } else {
                Vec::new()
            };
            let name = |p: &PathBuf| p.file_name().unwrap().to_string_lossy().into_owned();
            if !files.iter().any(|p| name(p).starts_with("fail")) {
                problems.push(format!(
                    "{}: no failing fixture in {}",
                    rule.id,
                    dir.join(&rule.id).display()
                ));
            }
            if !files.iter().any(|p| name(p).starts_with("pass")) {
                problems.push(format!("{}: no passing fixture", rule.id));
            }
            for f in files.iter().filter(|p| name(p).starts_with("fail")) {
                let e = expectations(&std::fs::read_to_string(f).unwrap());
                if !e.expected.iter().any(|x| x.rule == rule.id) {
                    problems.push(format!(
                        "{}: {} expects no `{}` diagnostic",
                        rule.id,
                        name(f),
                        rule.id
                    ));
                }
            }
            if rule.description.trim().len() < 40 {
                problems.push(format!("{}: no real description", rule.id));
            }
            if rule.source.section.is_empty()
                || rule.source.quote.is_empty()
                || !pack.manifest.sources.contains_key(&rule.source.document)
            {
                problems.push(format!("{}: incomplete source", rule.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn rule_sources_quote_the_policy_documents() {
    let seeds = root().parent().unwrap().join("shared").join("seeds");
    let packs = PackSet::builtin().unwrap();
    let squash = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(['*', '\u{00a0}'], "")
    };
    for pack in packs.packs() {
        for rule in &pack.rules {
            let file = &pack.manifest.sources[&rule.source.document].file;
            let text = std::fs::read_to_string(seeds.join(file))
                .unwrap_or_else(|e| panic!("{}: {e}", seeds.join(file).display()));
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

#[test]
fn rule_examples_fail_and_pass_as_they_say() {
    let packs = PackSet::builtin().unwrap();
    let today = DEFAULT_TODAY.parse().unwrap();
    let mut problems = Vec::new();
    for pack in packs.packs() {
        let mut options = CheckOptions::new(today);
        options.policy = Some(pack.manifest.version.clone());
        for rule in &pack.rules {
            // Examples stand in the rule's fixture folder, so relative paths resolve there.
            let base = root()
                .join("fixtures")
                .join(&pack.manifest.version)
                .join(&rule.id);
            let access = FileAccess::within(&base, &root());
            let fires = |text: &str| {
                let report = check_source(
                    Path::new("example.partner.yaml"),
                    text.as_bytes(),
                    &access,
                    &packs,
                    &options,
                );
                report.diagnostics.iter().any(|d| d.rule == rule.id)
            };
            if !fires(&rule.example_fail) {
                problems.push(format!(
                    "{}: the failing example does not trigger it",
                    rule.id
                ));
            }
            if fires(&rule.example_pass) {
                problems.push(format!("{}: the passing example triggers it", rule.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
