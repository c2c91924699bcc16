//! The configuration file: where it is found, what each key does, how its mistakes are
//! reported, and `partnerlint config`.

use crate::support::*;
use serde_json::Value;
use std::fs;
use std::path::Path;

/// A repository: two applications with an info each (one in `legacy/`), and a broken
/// draft.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    for sub in ["apps", "apps/legacy", "drafts"] {
        fs::create_dir_all(dir.path().join(sub)).unwrap();
    }
    let clean = fs::read_to_string(data("reports").join("clean.partner.yaml")).unwrap();
    // An info: account-existing-login.
    let warned = clean.replace(
        "existing_account: none",
        "existing_account: partner_platform",
    );
    for (path, text) in [
        ("apps/a.partner.yaml", &warned),
        ("apps/legacy/b.partner.yaml", &warned),
        ("drafts/c.partner.yaml", &"format: [\n".to_string()),
    ] {
        fs::write(dir.path().join(path), text).unwrap();
    }
    dir
}

fn write(dir: &Path, path: &str, text: &str) {
    fs::write(dir.join(path), text).unwrap();
}

fn json(dir: &Path, args: &[&str]) -> (Value, i32) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(dir, &all);
    let value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (value, code(&out))
}

fn rules_of(report: &Value) -> Vec<(String, String, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn without_a_configuration_the_defaults_hold() {
    let repo = repo();
    let (report, code) = json(repo.path(), &["apps"]);
    assert_eq!(code, 0, "an info does not fail by default");
    assert_eq!(report["summary"]["infos"], 2);
}

#[test]
fn the_nearest_configuration_applies_and_flags_beat_it() {
    let repo = repo();
    write(
        repo.path(),
        ".partnerlint.yaml",
        "fail_on: info\nexclude: [drafts]\nseverity:\n  account-existing-login: warning\noverrides:\n  - files: [\"apps/legacy/**\"]\n    severity: {account-existing-login: off}\n",
    );
    let (report, code) = json(repo.path(), &[]);
    assert_eq!(code, 1, "fail_on: info");
    assert_eq!(
        rules_of(&report),
        [(
            "apps/a.partner.yaml".to_string(),
            "account-existing-login".to_string(),
            "warning".to_string()
        )],
        "drafts/ excluded, legacy/ turned off, the level raised"
    );
    let (_, code) = json(repo.path(), &["--fail-on", "error"]);
    assert_eq!(code, 0, "--fail-on beats fail_on");

    // A nearer file wins for the files below it.
    write(
        repo.path(),
        "apps/legacy/.partnerlint.yaml",
        "fail_on: error\n",
    );
    let (report, code) = json(repo.path(), &["apps/legacy"]);
    assert_eq!((code, report["summary"]["infos"].as_u64()), (0, Some(1)));
}

#[test]
fn the_search_stops_at_the_repository_root() {
    let outer = tempfile::tempdir().unwrap();
    write(outer.path(), ".partnerlint.yaml", "fail_on: info\n");
    let repo = outer.path().join("repo");
    fs::create_dir_all(repo.join(".git")).unwrap();
    fs::copy(
        data("reports").join("seller.partner.yaml"),
        repo.join("s.partner.yaml"),
    )
    .unwrap();
    let out = run(&repo, &["config", "s.partner.yaml"]);
    assert!(stdout(&out).contains("config    none"), "{}", stdout(&out));
    // Without `.git`, the search stops at the current folder: the outer file is not found.
    fs::remove_dir(repo.join(".git")).unwrap();
    let out = run(&repo, &["config", "s.partner.yaml"]);
    assert!(stdout(&out).contains("config    none"), "{}", stdout(&out));
    // From the outer folder, it is.
    let out = run(
        outer.path(),
        &["config", "repo/s.partner.yaml", "--format", "json"],
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["values"][2]["value"], "info");
}

#[test]
fn config_flag_names_the_file_for_every_path() {
    let repo = repo();
    write(repo.path(), "ci.yaml", "fail_on: info\nexclude: [drafts]\n");
    let (_, exit) = json(repo.path(), &["--config", "ci.yaml"]);
    assert_eq!(exit, 1);
    let out = run(repo.path(), &["check", "--config", "missing.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("missing.yaml` does not exist"));
}

#[test]
fn policy_and_rule_folders_come_from_the_configuration() {
    let repo = repo();
    // An extra pack folder: the built-in pack copied under another version.
    let pack = repo.path().join("company-rules/2027.01");
    copy_dir(&manifest_dir().join("rules/2026.11"), &pack);
    let manifest = fs::read_to_string(pack.join("pack.yaml")).unwrap();
    let manifest = manifest
        .replace("version: \"2026.11\"", "version: \"2027.01\"")
        .replace("version: '2026.11'", "version: \"2027.01\"");
    assert!(
        manifest.contains("2027.01"),
        "the manifest pins its version"
    );
    write(&pack, "pack.yaml", &manifest);
    write(
        repo.path(),
        ".partnerlint.yaml",
        "policy: \"2027.01\"\nrules: [company-rules]\nexclude: [drafts]\n",
    );
    let (report, _) = json(repo.path(), &[]);
    assert_eq!(report["policy"], "2027.01");
    let out = run(repo.path(), &["config", "apps/a.partner.yaml"]);
    insta::assert_snapshot!("config_with_rules", stdout(&out));
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn config_shows_each_value_and_its_origin() {
    let repo = repo();
    write(
        repo.path(),
        ".partnerlint.yaml",
        "# team settings\npolicy: \"2026.11\"\nfail_on: warning\nexclude:\n  - drafts\nseverity:\n  market-duplicate: error\n  compliance-case-by-case: off\noverrides:\n  - files: [\"apps/legacy/**\"]\n    severity:\n      market-duplicate: info\n",
    );
    let out = run(
        repo.path(),
        &["config", "apps/legacy/b.partner.yaml", "--fail-on", "info"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    insta::assert_snapshot!("config_human", stdout(&out));
    let out = run(repo.path(), &["config", "apps", "--format", "json"]);
    insta::assert_snapshot!("config_json", stdout(&out));
}

#[test]
fn mistakes_point_into_the_file_and_stop_the_run() {
    let repo = repo();
    for (text, expected) in [
        (
            "fail_on: error\nexclud: [drafts]\n",
            "`exclud` is not a field of the configuration file; did you mean `exclude`?",
        ),
        (
            "fail_on: sometimes\n",
            "`fail_on` is `sometimes`, which is not one of the allowed values",
        ),
        (
            "severity:\n  markt-duplicate: error\n",
            "`markt-duplicate` is not a rule; did you mean `market-duplicate`?",
        ),
        (
            "policy: \"2030.01\"\n",
            "policy version `2030.01` is not one partnerlint has",
        ),
        ("policy: 2026.11\n", "`policy` must be a string"),
        (
            "rules: [nowhere]\n",
            "the rule-pack folder `nowhere` does not exist",
        ),
        ("exclude: [\"a/{b\"]\n", "is not a valid glob"),
        ("fail_on: [\n", "invalid YAML"),
    ] {
        write(repo.path(), ".partnerlint.yaml", text);
        let out = run(repo.path(), &["check", "apps"]);
        assert_eq!(code(&out), 2, "{text}");
        assert_eq!(stdout(&out), "", "{text}: nothing is checked");
        let err = stderr(&out);
        assert!(err.contains(expected), "{text}: {err}");
        assert!(
            err.contains("[.partnerlint.yaml:"),
            "{text}: points into the file: {err}"
        );
        assert!(err.contains("the configuration file has"), "{err}");
    }
    write(
        repo.path(),
        ".partnerlint.yaml",
        "severity:\n  markt-duplicate: error\n",
    );
    let out = run(repo.path(), &["check", "apps"]);
    insta::assert_snapshot!("config_error", stderr(&out));
}

#[test]
fn the_schema_is_printed() {
    let out = run(&data("reports"), &["schema", "config"]);
    let schema: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        schema["title"],
        "partnerlint configuration (.partnerlint.yaml)"
    );
}

/// The first ```yaml block after `heading` in the README.
pub fn readme_yaml(heading: &str) -> String {
    let readme = fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let section = &readme[readme.find(heading).expect("the README has the section")..];
    let start = section
        .find("```yaml\n")
        .expect("the section has a YAML block")
        + 8;
    section[start..start + section[start..].find("```").unwrap()].to_string()
}

#[test]
fn the_readme_example_is_a_valid_configuration() {
    let repo = repo();
    write(
        repo.path(),
        ".partnerlint.yaml",
        &readme_yaml("## Configuration"),
    );
    copy_dir(
        &manifest_dir().join("rules/2026.11"),
        &repo.path().join("policy"),
    );
    let out = run(repo.path(), &["check"]);
    assert_ne!(code(&out), 2, "{}", stderr(&out));
    fs::create_dir(repo.path().join("legacy")).unwrap();
    write(repo.path(), "legacy/d.partner.yaml", "format: 1\n");
    let out = run(repo.path(), &["config", "legacy/d.partner.yaml"]);
    assert!(
        stdout(&out).contains("market-local-only: warning"),
        "{}",
        stdout(&out)
    );
}
