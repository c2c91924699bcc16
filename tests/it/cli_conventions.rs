//! The command-line conventions ruff users expect, where a test computes more than one
//! command's output: standard input named after a file, `--select`/`--ignore`, `-o`
//! without a format, the manual page, `schema --output`. What single commands print
//! (quiet levels, `--exit-zero`, `--statistics`, `--show-files`, globs, warnings for paths
//! that yield nothing) is in tests/cmd/, run by `cli_cases`.

use crate::support::*;
use serde_json::Value;
use std::path::Path;

/// A folder holding a copy of the example applications (one with mistakes on purpose).
fn examples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = manifest_dir().join("examples");
    for entry in std::fs::read_dir(&from).unwrap() {
        let path = entry.unwrap().path();
        if is_application_file(&path) {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::create_dir(dir.path().join("certs")).unwrap();
    for entry in std::fs::read_dir(from.join("certs")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            dir.path().join("certs").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

fn is_application_file(path: &Path) -> bool {
    path.to_string_lossy().ends_with(".partner.yaml")
}

const BROKEN: &str = "globex-hk-integrator.partner.yaml";

fn with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> std::process::Output {
    output_with_input(partnerlint(dir).args(args), input)
}

/// What `check -` prints, and its usage errors, are cases in tests/cmd/ (`stdin-*.toml`);
/// here, what the folders around it decide.
#[test]
fn standard_input_is_checked_as_the_file_it_is_named_after() {
    let dir = examples();
    // Without a name, certificate paths are relative to the current folder.
    let clean = std::fs::read(dir.path().join("acme-cn-isv.partner.yaml")).unwrap();
    let out = with_stdin(dir.path(), &["check", "-"], &clean);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let out = with_stdin(&dir.path().join("certs"), &["check", "-"], &clean);
    assert_eq!(
        code(&out),
        1,
        "the certificate is not beside the certs folder"
    );

    // The name decides which configuration applies.
    let text = std::fs::read(dir.path().join(BROKEN)).unwrap();
    std::fs::create_dir(dir.path().join("apps")).unwrap();
    std::fs::write(dir.path().join("apps/.partnerlint.yaml"), "severity:\n  market-known: off\n  account-phone-valid: off\n  schema: off\n  integrator-authorizing-shops: off\n  compliance-lead-time: off\n  certificate-file: off\n  compliance-contact: off\n").unwrap();
    let out = with_stdin(
        dir.path(),
        &["check", "-", "--stdin-filename", "apps/draft.partner.yaml"],
        &text,
    );
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

#[test]
fn select_and_ignore_pick_rules_on_the_command_line() {
    let dir = examples();
    let rules = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json", BROKEN];
        all.extend_from_slice(args);
        let out = run(dir.path(), &all);
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules(&["--select", "market-known"]), ["market-known"]);
    assert_eq!(
        rules(&["--select", "market-known,schema"]),
        ["market-known", "schema"]
    );
    let ignored = rules(&["--ignore", "market-known", "--ignore", "schema"]);
    assert!(!ignored.is_empty());
    assert!(
        !ignored.iter().any(|r| r == "market-known" || r == "schema"),
        "{ignored:?}"
    );
    // The command line beats the configuration file.
    std::fs::write(
        dir.path().join(".partnerlint.yaml"),
        "severity:\n  market-known: warning\n",
    )
    .unwrap();
    assert!(!rules(&["--ignore", "market-known"]).contains(&"market-known".to_string()));
    // An id that is no rule: tests/cmd/check-select-unknown.toml.
}

#[test]
fn an_output_without_a_format_is_an_error_naming_the_format() {
    let dir = examples();
    let out = run(dir.path(), &["check", "-o", "report.txt", BROKEN]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out)
            .contains("it would get the human report: write `--format human --output report.txt`"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("report.txt").exists());
}

#[test]
fn the_manual_page_has_the_sections_a_reader_looks_for() {
    let out = run(&manifest_dir(), &["man"]);
    let page = stdout(&out);
    for section in [
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH SUPPRESSIONS",
        ".SH EXAMPLES",
        "PARTNERLINT_TODAY",
        "ignore[",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
}

#[test]
fn schema_output_writes_a_file_with_a_stable_id() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &["schema", "--output", "partner-application.schema.json"],
    );
    assert_eq!(code(&out), 0);
    let text = std::fs::read_to_string(dir.path().join("partner-application.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$id"],
        "https://partnerlint.dev/schemas/partner-application.schema.json"
    );
    assert_eq!(
        text,
        format!("{}\n", stdout(&run(dir.path(), &["schema"])).trim_end())
    );
}
