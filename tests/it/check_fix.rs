//! `check --fix`, `--unsafe-fixes` and `--diff` on real findings: the example Globex
//! application with a duplicate market added, written with a byte-order mark and CRLF
//! line endings. The fixing loop's rollback and the write over a file changed on disk
//! are unit tests (`src/fixing.rs`, `src/cli/fix.rs`, `src/cli/write_back.rs`).

use crate::support::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const NAME: &str = "globex.partner.yaml";

/// The example (`GB`, an unquoted phone number, the wrong compliance contact, a misspelt
/// key), with `SG` listed twice, a byte-order mark and CRLF line endings.
fn globex() -> String {
    let text =
        std::fs::read_to_string(manifest_dir().join("examples/globex-hk-integrator.partner.yaml"))
            .unwrap();
    let text = text.replace("    - SG\n", "    - SG\n    - SG # twice\n");
    assert!(text.contains("- SG # twice"));
    format!("\u{feff}{}", text.replace('\n', "\r\n"))
}

/// A folder holding the application (and the certificate it names).
fn folder(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("certs")).unwrap();
    std::fs::copy(
        manifest_dir().join("examples/certs/globex-business-registration.png"),
        dir.path().join("certs/globex-business-registration.png"),
    )
    .unwrap();
    let file = dir.path().join(NAME);
    std::fs::write(&file, text).unwrap();
    (dir, file)
}

fn json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["check", NAME, "--format", "json"];
    args.extend(extra);
    serde_json::from_str(&stdout(&run(dir, &args))).unwrap()
}

/// The lines (1-based) the fixes of a JSON report's findings touch.
fn fixed_lines(report: &Value, applicability: &[&str]) -> Vec<usize> {
    let mut lines = Vec::new();
    for d in report["diagnostics"].as_array().unwrap() {
        let fix = &d["fix"];
        if fix.is_null() || !applicability.contains(&fix["applicability"].as_str().unwrap()) {
            continue;
        }
        for e in fix["edits"].as_array().unwrap() {
            let (start, end) = (
                e["start"]["line"].as_u64().unwrap(),
                e["end"]["line"].as_u64().unwrap(),
            );
            let end = if e["end"]["column"] == 1 && end > start {
                end - 1
            } else {
                end
            };
            lines.extend(start as usize..=end as usize);
        }
    }
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// The lines of `before` that `after` changed, removed or replaced (1-based), by a
/// line diff.
fn changed_lines(before: &str, after: &str) -> Vec<usize> {
    let diff = similar::TextDiff::from_lines(before, after);
    diff.iter_all_changes()
        .filter(|c| c.tag() == similar::ChangeTag::Delete)
        .map(|c| c.old_index().unwrap() + 1)
        .collect()
}

#[test]
fn fix_in_place_touches_only_the_lines_the_findings_name() {
    let original = globex();
    let (dir, file) = folder(&original);
    let before = json(dir.path(), &[]);
    let safe = fixed_lines(&before, &["safe"]);
    assert!(safe.len() >= 3, "the example has safe fixes: {before}");

    let out = run(dir.path(), &["check", NAME, "--fix"]);
    assert_eq!(
        code(&out),
        1,
        "findings without a fix remain: {}",
        stdout(&out)
    );
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert_ne!(fixed, original);
    // The byte-order mark, the CRLF line endings and every comment stay.
    assert!(fixed.starts_with('\u{feff}'));
    assert!(
        !fixed.replace("\r\n", "").contains('\n'),
        "a bare LF was written"
    );
    for line in original.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(fixed.contains(line), "comment lost: {line}");
    }
    // Only the lines the safe fixes name changed.
    let changed = changed_lines(&original, &fixed);
    assert!(!changed.is_empty());
    for line in &changed {
        assert!(
            safe.contains(line),
            "line {line} changed, but no safe fix names it ({safe:?})"
        );
    }
    // The report is of the fixed file: no finding with a safe fix remains, and the
    // closing line says what was done.
    let report = stdout(&out);
    assert!(!report.contains("[*]"), "{report}");
    assert!(report.contains(" fixed, "), "{report}");

    // A second run changes nothing.
    let again = run(dir.path(), &["check", NAME, "--fix"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), fixed);
    assert!(stdout(&again).contains("0 fixed, "), "{}", stdout(&again));
    let after = json(dir.path(), &[]);
    assert!(fixed_lines(&after, &["safe"]).is_empty(), "{after}");
    let rules = |r: &Value| -> Vec<String> {
        r["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        !rules(&after).iter().any(|r| r == "yaml-syntax"),
        "the fixed file loads"
    );
}

#[test]
fn diff_shows_the_fix_and_writes_nothing() {
    let original = globex();
    let (dir, file) = folder(&original);
    let out = run(dir.path(), &["check", NAME, "--diff"]);
    assert_eq!(code(&out), 1, "a change: exit 1 ({})", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        original,
        "--diff writes nothing"
    );
    let diff = stdout(&out);
    assert!(
        diff.starts_with(&format!("--- a/{NAME}\n+++ b/{NAME}\n@@ ")),
        "{diff}"
    );
    assert!(diff.contains("-    - GB\r\n+    - UK\r\n"), "{diff}");
    assert!(stderr(&out).contains("would be fixed"), "{}", stderr(&out));

    // Its `+` lines are what --fix writes.
    run(dir.path(), &["check", NAME, "--fix"]);
    let fixed = std::fs::read_to_string(&file).unwrap();
    for added in diff
        .split_inclusive('\n')
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
    {
        assert!(fixed.contains(&added[1..]), "{added:?}");
    }
    // Nothing left to change: exit 0 and no diff, whatever findings remain.
    let out = run(dir.path(), &["check", NAME, "--diff"]);
    assert_eq!((code(&out), stdout(&out).as_str()), (0, ""));
}

#[test]
fn fix_on_standard_input_writes_the_file_to_standard_output() {
    let original = globex();
    let (dir, file) = folder(&original);
    let out = output_with_input(
        partnerlint(dir.path()).args(["check", "-", "--stdin-filename", NAME, "--fix"]),
        original.as_bytes(),
    );
    assert_eq!(code(&out), 1);
    run(dir.path(), &["check", NAME, "--fix"]);
    assert_eq!(
        out.stdout,
        std::fs::read(&file).unwrap(),
        "the same text as in place"
    );
    assert!(
        stderr(&out).contains(" fixed, "),
        "the report goes to standard error"
    );
}

#[test]
fn unsafe_fixes_wait_for_their_flag() {
    // `MZ` is closest to `MY`: a did-you-mean guess, an unsafe fix.
    let (dir, file) = folder(&globex().replace("- SG # twice", "- MZ # misspelt"));
    let before = json(dir.path(), &[]);
    assert!(!fixed_lines(&before, &["unsafe"]).is_empty(), "{before}");

    let out = run(dir.path(), &["check", NAME, "--fix"]);
    assert!(
        stdout(&out).contains("more with --unsafe-fixes)"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("[unsafe fix]"), "{}", stdout(&out));
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("- MZ # misspelt"));
    let out = run(dir.path(), &["check", NAME, "--fix", "--unsafe-fixes"]);
    assert!(
        !stdout(&out).contains("--unsafe-fixes)"),
        "{}",
        stdout(&out)
    );
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert!(fixed.contains("    - MY # misspelt\r\n"), "{fixed}");
}

#[test]
fn the_json_fix_points_where_the_finding_does() {
    let (dir, _) = folder(&globex());
    let report = json(dir.path(), &[]);
    let phone = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "account-phone-valid")
        .expect("the unquoted phone is found");
    let fix = &phone["fix"];
    assert_eq!(fix["applicability"], "safe", "{fix}");
    assert!(fix["message"].as_str().is_some_and(|m| !m.is_empty()));
    let edit = &fix["edits"][0];
    assert_eq!(edit["start"]["line"], phone["line"]);
    assert_eq!(edit["start"]["column"], phone["column"]);
    assert_eq!(edit["end"]["line"], phone["end_line"]);
    assert_eq!(edit["end"]["column"], phone["end_column"]);
    assert_eq!(edit["content"], "\"+85225550123\"");
}

#[test]
fn fix_works_with_every_report_format() {
    for format in [
        "human", "json", "concise", "sarif", "junit", "github", "gitlab",
    ] {
        let (dir, file) = folder(&globex());
        let expected = {
            let (d, _) = folder(&globex());
            run(d.path(), &["check", NAME, "--fix"]);
            let fixed = std::fs::read_to_string(d.path().join(NAME)).unwrap();
            (fixed, run(d.path(), &["check", NAME, "--format", format]))
        };
        let out = run(dir.path(), &["check", NAME, "--fix", "--format", format]);
        assert_eq!(code(&out), 1, "{format}: {}", stderr(&out));
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            expected.0,
            "{format}"
        );
        // The report is the fixed file's: the findings that remain.
        let report = stdout(&out);
        let plain = stdout(&expected.1);
        match format {
            "json" | "sarif" | "gitlab" => {
                let (a, b): (Value, Value) = (
                    serde_json::from_str(&report).unwrap(),
                    serde_json::from_str(&plain).unwrap(),
                );
                assert_eq!(a, b, "{format}");
            }
            "junit" => assert_eq!(report, plain, "{format}"),
            // These end with the closing line, which says what was fixed.
            _ => {
                let body = |s: &str| {
                    s.lines()
                        .take_while(|l| !l.contains(" checked"))
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                assert_eq!(body(&report), body(&plain), "{format}");
            }
        }
    }
}

#[cfg(unix)]
#[test]
fn a_fixed_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, file) = folder(&globex());
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    run(dir.path(), &["check", NAME, "--fix"]);
    assert!(!std::fs::read_to_string(&file).unwrap().contains("- GB"));
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
}

#[test]
fn without_fix_the_summary_says_what_fix_would_do() {
    let (dir, _) = folder(&globex());
    let out = run(dir.path(), &["check", NAME]);
    let text = stdout(&out);
    assert!(text.contains("[*]"), "{text}");
    assert!(text.contains(" fixable with --fix"), "{text}");
    assert!(text.contains("fix (--fix): "), "{text}");
}

#[test]
fn redacted_reports_mask_what_fixes_write() {
    let (dir, _) = folder(&globex());
    let out = run(dir.path(), &["check", NAME, "--format", "json", "--redact"]);
    let report = stdout(&out);
    assert!(report.contains("\"fix\":{"), "{report}");
    assert!(!report.contains("85225550123"), "{report}");
}
