//! The condition evaluator, operator by operator, as a table: each row is a condition as
//! a rule file writes it, a document, and the outcome (`Some(true)`, `Some(false)`, or
//! `None` for unknown). Every operator has rows for a value that holds, one that does not,
//! a missing field, and (where a value can be malformed) an unknown one.

use super::Condition;
use crate::file_access::FileAccess;
use crate::pack::{PackFile, PackSet, RulePack};
use crate::yaml::{load, Limits};
use jiff::civil::date;

const PACK: &str = "version: \"2099.01\"\neffective: 2099-01-01\nsummary: test\nsources: {\"0\": {title: t, file: f}}\n";
const DATA: &str = "\
data:
  markets: [UK, US, SG]
  one_market: UK
  code_pattern: '^[A-Z]{2}$'
fields:
  markets_involved:
    - registration.target_markets[*]
    - apps[*].markets[*]
";

/// The test pack with one rule of one check, `check` (its `require` or `forbid`),
/// compiled; or the messages of its mistakes.
fn compile(check: &str) -> Result<RulePack, Vec<String>> {
    let rule = format!(
        "rules:\n  - id: under-test\n    severity: error\n    title: t\n    source: {{document: \"0\", section: s, quote: q}}\n    description: d\n    examples: {{fail: x, pass: y}}\n    checks:\n      - {check}\n        message: m\n        help: h\n"
    );
    let file = |relative: &str, text: &str| PackFile {
        name: relative.to_string(),
        relative: relative.to_string(),
        text: text.to_string().into(),
    };
    let files = vec![
        file("pack.yaml", PACK),
        file("data.yaml", DATA),
        file("rules/test.yaml", &rule),
    ];
    match PackSet::from_files(files, "test") {
        Ok(set) => Ok(set.selected().next().expect("the pack").clone()),
        Err(e) => Err(e
            .diagnostics()
            .into_iter()
            .map(|(_, d)| d.message.clone())
            .collect()),
    }
}

/// The pack of one rule whose one check `require`s `condition`.
fn pack_of(condition: &str) -> RulePack {
    compile(&format!("require: {condition}"))
        .unwrap_or_else(|e| panic!("`{condition}` does not compile: {e:#?}"))
}

fn condition(pack: &RulePack) -> &Condition {
    pack.rules[0].checks[0].require.as_ref().expect("a require")
}

/// The outcome of `condition` on the YAML document `doc`.
fn outcome(condition_text: &str, doc: &str) -> Option<bool> {
    let pack = pack_of(condition_text);
    let root = load(doc, &Limits::default())
        .root
        .expect("the document loads");
    let files = FileAccess::default();
    let cx = crate::pack::Context::new(
        &root,
        &root,
        doc,
        date(2026, 11, 22),
        &files,
        None,
        &pack.fields,
    );
    condition(&pack).eval(&cx)
}

const T: Option<bool> = Some(true);
const F: Option<bool> = Some(false);
const U: Option<bool> = None;

#[test]
fn every_operator_on_present_missing_and_unknown_values() {
    let rows: &[(&str, &str, Option<bool>)] = &[
        // exists / empty
        ("{exists: a}", "a: 1", T),
        ("{exists: a}", "a: null", F),
        ("{exists: a}", "b: 1", F),
        ("{empty: a}", "a: ''", T),
        ("{empty: a}", "a: []", T),
        ("{empty: a}", "b: 1", T),
        ("{empty: a}", "a: x", F),
        // equals: a value, a data table, another field
        ("{equals: {field: a, value: x}}", "a: x", T),
        ("{equals: {field: a, value: x}}", "a: X", F),
        (
            "{equals: {field: a, value: x, ignore_case: true}}",
            "a: X",
            T,
        ),
        ("{equals: {field: a, value: x}}", "b: x", F),
        ("{equals: {field: a, data: one_market}}", "a: UK", T),
        ("{equals: {field: a, other: b}}", "{a: x, b: x}", T),
        ("{equals: {field: a, other: b}}", "{a: x, b: y}", F),
        ("{equals: {field: a, other: b}}", "a: x", F),
        // any_in / all_in: a missing field gives no value, and no value is unknown
        ("{any_in: {field: 'm[*]', data: markets}}", "m: [FR, UK]", T),
        ("{any_in: {field: 'm[*]', data: markets}}", "m: [FR]", F),
        ("{any_in: {field: 'm[*]', data: markets}}", "m: []", U),
        ("{any_in: {field: 'm[*]', data: markets}}", "x: 1", U),
        (
            "{any_in: {field: 'm[*]', values: [uk], ignore_case: true}}",
            "m: [UK]",
            T,
        ),
        ("{all_in: {field: 'm[*]', data: markets}}", "m: [US, UK]", T),
        ("{all_in: {field: 'm[*]', data: markets}}", "m: [US, FR]", F),
        ("{all_in: {field: 'm[*]', data: markets}}", "m: []", U),
        ("{all_in: {field: 'm[*]', data: markets}}", "x: 1", U),
        ("{all_in: {field: [a, b], values: [x]}}", "{a: x, b: y}", F),
        // the older spellings keep their meaning on a missing field
        ("{one_of: {field: 'm[*]', data: markets}}", "m: [FR, UK]", T),
        ("{one_of: {field: 'm[*]', data: markets}}", "x: 1", F),
        ("{only: {field: 'm[*]', data: markets}}", "m: [US, FR]", F),
        ("{only: {field: 'm[*]', data: markets}}", "x: 1", T),
        // a named field list, from data.yaml's `fields:`
        (
            "{any_in: {field: $markets_involved, values: [SG]}}",
            "apps: [{markets: [SG]}]",
            T,
        ),
        (
            "{any_in: {field: $markets_involved, values: [SG]}}",
            "registration: {target_markets: [UK]}",
            F,
        ),
        (
            "{exists: $markets_involved}",
            "registration: {target_markets: [UK]}",
            T,
        ),
        ("{exists: $markets_involved}", "x: 1", F),
        // matches / is_type
        ("{matches: {field: a, data: code_pattern}}", "a: UK", T),
        ("{matches: {field: a, pattern: '^[0-9]+$'}}", "a: x1", F),
        ("{matches: {field: a, pattern: x}}", "b: x", F),
        ("{is_type: {field: a, type: integer}}", "a: 1", T),
        ("{is_type: {field: a, type: string}}", "a: 1", F),
        ("{is_type: {field: a, type: list}}", "b: 1", F),
        // days_between: a malformed date is unknown, a missing one false
        (
            "{days_between: {from: a, to: b, at_least: 2}}",
            "{a: 2026-01-01, b: 2026-01-03}",
            T,
        ),
        (
            "{days_between: {from: a, to: b, at_least: 3}}",
            "{a: 2026-01-01, b: 2026-01-03}",
            F,
        ),
        (
            "{days_between: {from: a, to: b, at_most: 1}}",
            "{a: 2026-01-01, b: 2026-01-03}",
            F,
        ),
        (
            "{days_between: {from: a, to: $today, at_least: 0}}",
            "a: 2026-11-01",
            T,
        ),
        (
            "{days_between: {from: a, to: b, at_least: 0}}",
            "{a: 2026-01-01}",
            F,
        ),
        (
            "{days_between: {from: a, to: b, at_least: 0}}",
            "{a: soon, b: 2026-01-03}",
            U,
        ),
        // repeated
        ("{repeated: 'm[*]'}", "m: [a, b, a]", T),
        ("{repeated: 'm[*]'}", "m: [a, b]", F),
        ("{repeated: 'm[*]'}", "x: 1", F),
        // path_inside / file_exists: no file behind the text, nothing outside it
        ("{path_inside: p}", "p: certs/a.pdf", T),
        ("{path_inside: p}", "p: ../a.pdf", F),
        ("{path_inside: p}", "p: /etc/passwd", F),
        ("{file_exists: p}", "p: certs/none.pdf", F),
        ("{file_exists: p}", "x: 1", F),
        // all / any / not in Kleene's three-valued logic
        ("{all: [{exists: a}, {exists: b}]}", "{a: 1, b: 1}", T),
        ("{all: [{exists: a}, {exists: b}]}", "{a: 1}", F),
        (
            "{all: [{exists: a}, {all_in: {field: 'm[*]', values: [x]}}]}",
            "{a: 1}",
            U,
        ),
        (
            "{all: [{exists: b}, {all_in: {field: 'm[*]', values: [x]}}]}",
            "{a: 1}",
            F,
        ),
        (
            "{any: [{exists: a}, {all_in: {field: 'm[*]', values: [x]}}]}",
            "{a: 1}",
            T,
        ),
        (
            "{any: [{exists: b}, {all_in: {field: 'm[*]', values: [x]}}]}",
            "{a: 1}",
            U,
        ),
        ("{any: [{exists: b}, {exists: c}]}", "{a: 1}", F),
        ("{not: {exists: a}}", "{a: 1}", F),
        ("{not: {exists: a}}", "{b: 1}", T),
        ("{not: {all_in: {field: 'm[*]', values: [x]}}}", "{b: 1}", U),
    ];
    let mut failures = Vec::new();
    for (condition, doc, expected) in rows {
        let got = outcome(condition, doc);
        if got != *expected {
            failures.push(format!(
                "{condition} on `{doc}`: {got:?}, expected {expected:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// `forbid` reports where its condition holds, `require` where it does not; neither
/// reports where the outcome is unknown.
#[test]
fn forbid_reports_where_require_would_not() {
    let run = |check: &str, doc: &str| -> usize {
        let pack = compile(check).expect("compiles");
        let root = load(doc, &Limits::default()).root.expect("loads");
        pack.evaluate(&root, doc, date(2026, 11, 22), &FileAccess::default())
            .len()
    };
    assert_eq!(run("forbid: {exists: a}", "a: 1"), 1);
    assert_eq!(run("forbid: {exists: a}", "b: 1"), 0);
    assert_eq!(run("require: {exists: a}", "b: 1"), 1);
    assert_eq!(
        run("forbid: {any_in: {field: 'm[*]', values: [x]}}", "b: 1"),
        0
    );
    assert_eq!(
        run("require: {all_in: {field: 'm[*]', values: [x]}}", "b: 1"),
        0
    );
    assert_eq!(
        run(
            "forbid: {any_in: {field: $markets_involved, values: [UK]}}",
            "apps: [{markets: [UK]}]"
        ),
        1
    );
}

/// A check with neither `require` nor `forbid`, and a field list that is not there, are
/// pack mistakes, each with a diagnostic.
#[test]
fn pack_mistakes_in_the_new_names() {
    let compile = |check: &str| compile(check).err().unwrap_or_default();
    let none = compile("when: {exists: a}");
    assert!(
        none.iter()
            .any(|m| m.contains("`require`") && m.contains("`forbid`")),
        "{none:?}"
    );
    let unknown = compile("require: {exists: $markets_involvd}");
    assert!(
        unknown
            .iter()
            .any(|m| m.contains("no field list `$markets_involvd`")),
        "{unknown:?}"
    );
    assert!(compile("forbid: {exists: $markets_involved}").is_empty());
}
