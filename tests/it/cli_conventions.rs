//! The command-line conventions ruff users expect: standard input, quiet levels,
//! `--exit-zero`, `--statistics`, `--show-files`, `--select`/`--ignore`, warnings for paths
//! that yield nothing, globs, `-o` without a format, and the manual page.

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

#[test]
fn check_dash_reads_standard_input_named_by_stdin_filename() {
    let dir = examples();
    let text = std::fs::read(dir.path().join(BROKEN)).unwrap();
    let out = with_stdin(
        dir.path(),
        &[
            "check",
            "-",
            "--stdin-filename",
            "apps/draft.partner.yaml",
            "--format",
            "concise",
        ],
        &text,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.starts_with("apps/draft.partner.yaml:"), "{report}");
    assert!(report.contains("error[market-known]"), "{report}");

    // Without a name, the report says `-`, and certificate paths are relative to the
    // current folder.
    let out = with_stdin(dir.path(), &["check", "-", "--format", "json"], &text);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["file"], "-", "{json}");
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
    std::fs::create_dir(dir.path().join("apps")).unwrap();
    std::fs::write(dir.path().join("apps/.partnerlint.yaml"), "severity:\n  market-known: off\n  account-phone-valid: off\n  schema: off\n  integrator-authorizing-shops: off\n  compliance-lead-time: off\n  certificate-file: off\n  compliance-contact: off\n").unwrap();
    let out = with_stdin(
        dir.path(),
        &["check", "-", "--stdin-filename", "apps/draft.partner.yaml"],
        &text,
    );
    assert_eq!(code(&out), 0, "{}", stdout(&out));

    // `-` with other paths, or a name without `-`, is a usage error.
    let out = run(dir.path(), &["check", "-", BROKEN]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("must be the only path"));
    let out = run(dir.path(), &["check", "--stdin-filename", "a.partner.yaml"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn exit_zero_keeps_the_findings_but_exits_0() {
    let dir = examples();
    let out = run(dir.path(), &["check", "--exit-zero", BROKEN]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("market-known"));
    // A check that cannot run still says so.
    let out = run(
        dir.path(),
        &["check", "--exit-zero", "missing.partner.yaml"],
    );
    assert_eq!(code(&out), 2);
}

#[test]
fn quiet_prints_findings_only_and_qq_nothing() {
    let dir = examples();
    let out = run(dir.path(), &["check", "--format", "concise", "-q", BROKEN]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains("error[market-known]"));
    assert!(!text.contains("checked"), "no summary line: {text}");

    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let out = run(dir.path(), &["check", "-qq", BROKEN, "empty"]);
    assert_eq!(code(&out), 1, "the exit code still tells");
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "", "not even warnings");

    // A report to a file is complete whatever the quiet level.
    let out = run(
        dir.path(),
        &["check", "-qq", "--format", "concise", "-o", "r.txt", BROKEN],
    );
    assert_eq!(code(&out), 1);
    let file = std::fs::read_to_string(dir.path().join("r.txt")).unwrap();
    assert!(file.contains("1 file checked"), "{file}");
}

#[test]
fn statistics_count_findings_per_rule() {
    let dir = examples();
    let out = run(dir.path(), &["check", "--statistics"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    let row = text
        .lines()
        .find(|l| l.contains("market-known"))
        .unwrap_or_else(|| panic!("{text}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(&cells[..3], ["1", "market-known", "error"], "{row}");
    assert!(!text.contains("╭"), "no findings, only counts: {text}");
    // The summary line, then what `--fix` would fix.
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[lines.len() - 2].contains("4 files checked"), "{text}");
    assert!(
        lines[lines.len() - 1].contains(" fixable with --fix"),
        "{text}"
    );

    let out = run(dir.path(), &["check", "--statistics", "--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let total: u64 = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    // The broken example's `GB` is read as UK by the other rules (the pack's
    // `assume_aliases`), so its contact is already told to be the UK team's.
    assert_eq!(total, 6, "{json}");
    assert!(json[0]["title"].as_str().is_some_and(|t| !t.is_empty()));
}

#[test]
fn show_files_lists_files_and_their_configuration_without_checking() {
    let dir = examples();
    std::fs::create_dir(dir.path().join("teams")).unwrap();
    std::fs::copy(
        dir.path().join(BROKEN),
        dir.path().join("teams/t.partner.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("teams/.partnerlint.yaml"),
        "fail_on: warning\n",
    )
    .unwrap();
    let out = run(dir.path(), &["check", "--show-files"]);
    assert_eq!(code(&out), 0, "nothing is checked");
    let text = stdout(&out);
    assert!(
        text.contains(&format!("{BROKEN}\tno configuration file")),
        "{text}"
    );
    assert!(
        text.contains("teams/t.partner.yaml\tteams/.partnerlint.yaml"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 5, "{text}");
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
    // An id that is no rule is an error, with the closest one.
    let out = run(dir.path(), &["check", "--select", "market-knwon"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("did you mean `market-known`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_path_that_yields_no_application_file_is_a_warning() {
    let dir = examples();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    std::fs::create_dir(dir.path().join("plain")).unwrap();
    std::fs::write(dir.path().join("plain/app.yaml"), "format: 1\n").unwrap();
    let out = run(
        dir.path(),
        &["check", "empty", "plain", "nothing/**/*.partner.yaml"],
    );
    assert_eq!(code(&out), 0);
    let err = stderr(&out);
    for path in ["`empty`", "`plain`"] {
        assert!(
            err.contains(&format!("warning: {path} holds no application file (looked for *.partner.yaml or *.partner.yml)")),
            "{err}"
        );
    }
    assert!(
        err.contains("`nothing/**/*.partner.yaml` matched no file"),
        "{err}"
    );
    // A file named explicitly is checked whatever its name.
    let out = run(dir.path(), &["check", "plain/app.yaml"]);
    assert!(stdout(&out).contains("1 file checked"), "{}", stdout(&out));
}

#[test]
fn a_star_in_a_glob_stays_within_a_folder() {
    let dir = examples();
    std::fs::create_dir_all(dir.path().join("teams/deep")).unwrap();
    std::fs::copy(
        dir.path().join(BROKEN),
        dir.path().join("teams/a.partner.yaml"),
    )
    .unwrap();
    std::fs::copy(
        dir.path().join(BROKEN),
        dir.path().join("teams/deep/b.partner.yaml"),
    )
    .unwrap();
    let checked = |glob: &str| {
        let out = run(dir.path(), &["check", "--show-files", glob]);
        stdout(&out)
            .lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(checked("teams/*.partner.yaml"), ["teams/a.partner.yaml"]);
    assert_eq!(
        checked("teams/**/*.partner.yaml"),
        ["teams/a.partner.yaml", "teams/deep/b.partner.yaml"]
    );
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
