//! Every report format: a snapshot of each on the same files, and each format read by a
//! real consumer (check-jsonschema for SARIF, xmlschema and junitparser for JUnit).

use crate::support::*;
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

const FORMATS: &[&str] = &[
    "human", "json", "concise", "sarif", "junit", "github", "gitlab",
];

fn report(format: &str) -> (String, i32) {
    let out = run(&data("reports"), &["check", "--format", format]);
    (stdout(&out), code(&out))
}

#[test]
fn each_format_snapshot() {
    for format in FORMATS {
        let (text, code) = report(format);
        assert_eq!(code, 1, "{format}: errors make the check fail");
        insta::assert_snapshot!(format!("format_{format}"), text);
    }
}

#[test]
fn a_clean_run_in_each_format() {
    for format in FORMATS {
        let out = run(
            &data("reports"),
            &["check", "clean.partner.yaml", "--format", format],
        );
        assert_eq!(code(&out), 0, "{format}: {}", stderr(&out));
        insta::assert_snapshot!(format!("clean_{format}"), stdout(&out));
    }
}

#[test]
fn several_reports_from_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("a.sarif");
    let junit = dir.path().join("b.xml");
    let out = run(
        &data("reports"),
        &[
            "check",
            "--format",
            "sarif",
            "--output",
            sarif.to_str().unwrap(),
            "--format",
            "junit",
            "-o",
            junit.to_str().unwrap(),
            "--format",
            "concise",
        ],
    );
    assert_eq!(code(&out), 1);
    // Standard output is the one format without a file: concise, ending with the summary.
    assert_eq!(stdout(&out), report("concise").0);
    assert_eq!(std::fs::read_to_string(&sarif).unwrap(), report("sarif").0);
    assert_eq!(std::fs::read_to_string(&junit).unwrap(), report("junit").0);
}

#[test]
fn a_report_to_a_file_leaves_the_summary_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.json");
    let out = run(
        &data("reports"),
        &[
            "check",
            "--format",
            "json",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out),
        "4 files checked against policy 2026.11: 4 errors, 4 warnings, 1 info (4 suppressed)\n1 fixable with --fix (1 more with --unsafe-fixes)\n"
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(json["summary"]["suppressed"], 4);

    // A machine format on standard output keeps it clean: the summary goes to stderr.
    let out = run(&data("reports"), &["check", "--format", "gitlab"]);
    assert!(stderr(&out).contains("4 files checked"));
    serde_json::from_str::<Value>(&stdout(&out)).unwrap();
}

#[test]
fn formats_and_outputs_pair_by_position() {
    for (args, problem) in [
        (
            &["--format", "json", "--format", "sarif"][..],
            "only one report can go to standard output",
        ),
        (
            &["--output", "a", "--format", "json"][..],
            "has no `--format` before it",
        ),
        (&["-o", "a"][..], "it would get the human report"),
        (
            &["--format", "json", "--output", "a", "--output", "b"][..],
            "two outputs for one",
        ),
        (
            &[
                "--format", "json", "--output", "a", "--format", "sarif", "--output", "a",
            ][..],
            "two reports would be written",
        ),
    ] {
        let mut all = vec!["check", "clean.partner.yaml"];
        all.extend_from_slice(args);
        let out = run(&data("reports"), &all);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(stderr(&out).contains(problem), "{args:?}: {}", stderr(&out));
    }
}

/// Runs `partnerlint ARGS --format FORMAT --output DIR/NAME` on the report test files.
fn report_file(dir: &Path, name: &str, args: &[&str], format: &str) -> PathBuf {
    let file = dir.join(name);
    let mut all = args.to_vec();
    all.extend(["--format", format, "--output", file.to_str().unwrap()]);
    run(&data("reports"), &all);
    file
}

/// Runs a validator on `file`, failing with what it said when it rejects it.
fn validate(program: &str, args: &[&str], file: &Path) {
    let mut all = args.to_vec();
    all.push(file.to_str().unwrap());
    let out = tool(program, &all, file.parent().unwrap());
    assert!(
        out.status.success(),
        "{program} rejects {}:\n{}{}",
        file.display(),
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn sarif_is_valid_and_consistent() {
    if !have_program(
        "reports::sarif_is_valid_and_consistent",
        "check-jsonschema",
        PYTHON_TOOLS,
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [
        ("findings.sarif", &["check"][..]),
        ("clean.sarif", &["check", "clean.partner.yaml"][..]),
    ] {
        let file = report_file(dir.path(), name, args, "sarif");
        let schema = data("external-schemas/sarif-schema-2.1.0.json");
        validate(
            "check-jsonschema",
            &[
                "--regex-variant",
                "nonunicode",
                "--schemafile",
                schema.to_str().unwrap(),
            ],
            &file,
        );
    }

    // Every result names its rule by index, and every suppressed finding is there.
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("findings.sarif")).unwrap())
            .unwrap();
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: HashSet<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), rules.len(), "rule ids are listed once");
    assert!(ids.contains("market-known") && ids.contains("unused-suppression"));
    let results = run["results"].as_array().unwrap();
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    let suppressed: Vec<&Value> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 4);
    assert!(suppressed
        .iter()
        .any(|r| r["suppressions"][0]["justification"] == "UK migration, see TICKET-7"));
    // With globex's contact told to be the UK team's (its `GB` read as UK).
    assert_eq!(results.len() - suppressed.len(), 9);
    // Fixes are replacements in the file, validated above: the contact's is the UK team's.
    let contact = results
        .iter()
        .find(|r| r["ruleId"] == "compliance-contact")
        .unwrap();
    let change = &contact["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "globex.partner.yaml");
    let replacement = &change["replacements"][0];
    assert_eq!(
        replacement["insertedContent"]["text"],
        "partner.uk@tiktokshop.com"
    );
    let region = &contact["locations"][0]["physicalLocation"]["region"];
    assert_eq!(replacement["deletedRegion"], *region);
    assert!(results
        .iter()
        .filter(|r| r["ruleId"] == "yaml-syntax")
        .all(|r| r.get("fixes").is_none()));
}

/// What junitparser reads from a JUnit file: suites, cases, failure elements, and the
/// suites' own `tests` and `failures` attributes added up.
fn junitparser_counts(file: &Path) -> [usize; 5] {
    const SCRIPT: &str = r#"
import sys
from junitparser import JUnitXml, Failure
xml = JUnitXml.fromfile(sys.argv[1])
suites = cases = failures = tests_attr = failures_attr = 0
for suite in xml:
    suites += 1
    tests_attr += suite.tests
    failures_attr += suite.failures
    for case in suite:
        cases += 1
        failures += sum(1 for r in case.result if isinstance(r, Failure))
print(suites, cases, failures, tests_attr, failures_attr)
"#;
    let out = tool(
        "python3",
        &["-c", SCRIPT, file.to_str().unwrap()],
        file.parent().unwrap(),
    );
    assert!(
        out.status.success(),
        "junitparser cannot read {}: {}\n(`.ci/run` installs junitparser from .ci/requirements.txt)",
        file.display(),
        stderr(&out)
    );
    let numbers: Vec<usize> = stdout(&out)
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    numbers.try_into().unwrap()
}

#[test]
fn junit_is_valid_and_reads_back() {
    let test = "reports::junit_is_valid_and_reads_back";
    if !(have_python_module(test, "xmlschema") && have_python_module(test, "junitparser")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let xsd = data("external-schemas/junit-10.xsd");

    // Rules checked on a file: the engine's file rules (not the configuration's or a rule
    // pack's), and the policy's where a policy was used (not on the file that is not YAML).
    let rules: Value = serde_json::from_str(&stdout(&run(
        &data("reports"),
        &["rules", "--format", "json"],
    )))
    .unwrap();
    let rules = rules["rules"].as_array().unwrap();
    let engine = rules
        .iter()
        // `config` and `rule-pack` are about configurations and packs, not a file's cases,
        // and `fix-not-written` is reported by `check --fix` alone.
        .filter(|r| {
            r["kind"] == "engine"
                && !["config", "rule-pack", "fix-not-written"].contains(&r["id"].as_str().unwrap())
        })
        .count();
    let policy = rules.iter().filter(|r| r["kind"] == "policy").count();

    for (name, args, files, findings, failed_cases, cases) in [
        (
            "findings.xml",
            &["check"][..],
            4,
            // globex's contact is told to be the UK team's, reading its `GB` as UK.
            9,
            9,
            engine + 3 * (engine + policy),
        ),
        (
            "clean.xml",
            &["check", "clean.partner.yaml"][..],
            1,
            0,
            0,
            engine + policy,
        ),
        ("none.xml", &["check", "certs"][..], 0, 0, 0, 0),
    ] {
        let file = report_file(dir.path(), name, args, "junit");
        validate(
            "python3",
            &[
                "-c",
                "import sys, xmlschema; xmlschema.validate(sys.argv[2], sys.argv[1])",
                xsd.to_str().unwrap(),
            ],
            &file,
        );
        let [suites, read_cases, failures, tests_attr, failures_attr] = junitparser_counts(&file);
        assert_eq!(suites, files, "{name}: a suite per file");
        assert_eq!(read_cases, cases, "{name}: a case per rule checked");
        assert_eq!(tests_attr, cases, "{name}: `tests` attributes");
        assert_eq!(failures, findings, "{name}: a failure per finding");
        assert_eq!(failures_attr, failed_cases, "{name}: `failures` attributes");
    }
}

fn fingerprints(dir: &Path, file: &str) -> Vec<(String, String)> {
    let out = run(dir, &["check", file, "--format", "gitlab"]);
    let issues: Value = serde_json::from_str(&stdout(&out)).unwrap();
    issues
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["check_name"].as_str().unwrap().to_string(),
                i["fingerprint"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn gitlab_fingerprints_are_stable_and_unique() {
    let dir = tempfile::tempdir().unwrap();
    // Two findings of one rule, message and place: a market listed three times.
    let text = std::fs::read_to_string(data("reports").join("globex.partner.yaml"))
        .unwrap()
        .replace("    - SG\n", "    - SG\n    - SG\n    - SG\n");
    std::fs::create_dir(dir.path().join("certs")).unwrap();
    std::fs::write(dir.path().join("g.partner.yaml"), &text).unwrap();

    let first = fingerprints(dir.path(), "g.partner.yaml");
    let second = fingerprints(dir.path(), "g.partner.yaml");
    assert_eq!(first, second, "the same run gives the same fingerprints");
    assert!(first.len() >= 6, "{first:?}");
    let unique: HashSet<&String> = first.iter().map(|f| &f.1).collect();
    assert_eq!(
        unique.len(),
        first.len(),
        "one fingerprint per finding: {first:?}"
    );
    assert!(first.iter().filter(|f| f.0 == "market-duplicate").count() >= 2);

    // Lines moving (a comment added at the top) leave every fingerprint as it was.
    std::fs::write(
        dir.path().join("g.partner.yaml"),
        format!("# reviewed\n# by the team\n{text}"),
    )
    .unwrap();
    assert_eq!(fingerprints(dir.path(), "g.partner.yaml"), first);
}
