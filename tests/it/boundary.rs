//! The repository is the boundary (issue 12): what a pull request's author controls
//! (links, configurations, packs, odd names) never leads the run outside the repository,
//! never blocks it, and never switches checking off without the report saying so.

use crate::support::*;
use std::path::{Path, PathBuf};

const SECRET: &str = "PRIVATE-KEY-7f3a9c";

const CLEAN: &str = "format: 1\npolicy: \"2026.11\"\n";

/// A repository (a folder with `.git`) in a temporary folder, beside a secret file
/// outside it.
struct Repo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    secret: PathBuf,
}

fn repo() -> Repo {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    let secret = dir.path().join("id_ed25519");
    std::fs::write(&secret, format!("{SECRET}\n")).unwrap();
    Repo {
        _dir: dir,
        root,
        secret,
    }
}

impl Repo {
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn link(&self, target: &Path, name: &str) {
        let path = self.root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, path).unwrap();
    }
}

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", stdout(o), stderr(o)))
}

fn all_output(o: &std::process::Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

/// A built-in application file that passes, to check alongside.
fn a_clean_application() -> String {
    let pass = "rules/2026.11/tests/account-email-valid/pass.partner.yaml";
    std::fs::read_to_string(manifest_dir().join(pass)).unwrap()
}

#[test]
fn application_linked_to_a_secret_outside_the_repository_is_not_read() {
    let r = repo();
    r.link(&r.secret, "deploy.partner.yaml");
    for format in [
        "human", "json", "concise", "sarif", "junit", "github", "gitlab",
    ] {
        let o = run(&r.root, &["check", "--format", format]);
        assert_eq!(code(&o), 1, "{format}: {}", all_output(&o));
        let out = all_output(&o);
        assert!(!out.contains(SECRET), "{format} printed the secret:\n{out}");
        assert!(out.contains("file-outside-repository"), "{format}:\n{out}");
    }
}

#[test]
fn application_in_a_linked_folder_outside_the_repository_is_not_read() {
    let r = repo();
    let outside = r.secret.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("x.partner.yaml"), format!("{SECRET}: 1\n")).unwrap();
    r.link(&outside, "apps");
    let o = run(&r.root, &["check", "apps/x.partner.yaml"]);
    assert_eq!(code(&o), 1, "{}", all_output(&o));
    assert!(!all_output(&o).contains(SECRET), "{}", all_output(&o));
    assert!(stdout(&o).contains("file-outside-repository"));
}

#[test]
fn a_link_inside_the_repository_is_read() {
    let r = repo();
    r.write("real/a.yaml", "format: 1\npolicy: [\n");
    r.link(&r.root.join("real/a.yaml"), "a.partner.yaml");
    let o = run(&r.root, &["check", "--format", "json", "a.partner.yaml"]);
    let v = json(&o);
    assert_eq!(v["diagnostics"][0]["rule"], "yaml-syntax", "{v}");
}

#[test]
fn a_file_named_outside_the_repository_is_trusted() {
    let r = repo();
    let outside = r.secret.parent().unwrap().join("named.partner.yaml");
    std::fs::write(&outside, "format: 1\npolicy: [\n").unwrap();
    let o = run(
        &r.root,
        &["check", "--format", "json", outside.to_str().unwrap()],
    );
    assert_eq!(json(&o)["diagnostics"][0]["rule"], "yaml-syntax");
}

#[test]
fn configuration_linked_to_a_secret_outside_the_repository_is_not_read() {
    let r = repo();
    r.write("app.partner.yaml", &a_clean_application());
    r.link(&r.secret, ".partnerlint.yaml");
    let o = run(&r.root, &["check"]);
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    let out = all_output(&o);
    assert!(!out.contains(SECRET), "{out}");
    assert!(out.contains("file-outside-repository"), "{out}");
    // `--config` names a file on purpose: read, and its contents are not a secret then.
    let o = run(&r.root, &["check", "--config", r.secret.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(
        !stderr(&o).contains("file-outside-repository"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn fifo_configuration_is_refused_without_blocking() {
    let r = repo();
    r.write("app.partner.yaml", &a_clean_application());
    let fifo = r.root.join(".partnerlint.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("fifo_configuration_is_refused_without_blocking: skipped, no mkfifo");
        return;
    }
    let o = watchdog(&r.root, &["check"]);
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    let o = watchdog(&r.root, &["check", "--config", ".partnerlint.yaml"]);
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
}

#[test]
fn configuration_linked_to_dev_stdin_is_refused_without_blocking() {
    let r = repo();
    r.write("app.partner.yaml", &a_clean_application());
    r.link(Path::new("/dev/stdin"), "cfg.yaml");
    // Named with --config: trusted, but still read only if it is a regular file.
    let o = watchdog(&r.root, &["check", "--config", "cfg.yaml"]);
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    // Found by the search, as a pull request would plant it.
    r.link(Path::new("/dev/stdin"), ".partnerlint.yaml");
    let o = watchdog(&r.root, &["check"]);
    assert_eq!(code(&o), 2, "{}", all_output(&o));
}

/// Runs partnerlint with its standard input an open pipe nobody writes to, and kills it
/// after a minute: a run that blocks on input fails instead of hanging the tests.
fn watchdog(dir: &Path, args: &[&str]) -> std::process::Output {
    use std::process::Stdio;
    let mut child = partnerlint(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let guard = std::thread::spawn(move || {
        if rx.recv_timeout(std::time::Duration::from_secs(60)).is_err() {
            let _ = std::process::Command::new("kill")
                .args(["-9", &id.to_string()])
                .status();
        }
    });
    let _stdin = child.stdin.take();
    let out = child.wait_with_output().unwrap();
    let _ = tx.send(());
    let _ = guard.join();
    out
}

/// A pack folder of version `version`, with no rules of its own; returns its folder.
fn pack(r: &Repo, folder: &str, version: &str, extends: &str) -> PathBuf {
    r.write(
        &format!("{folder}/pack.yaml"),
        &format!("version: \"{version}\"\neffective: 2026-01-01\nsummary: A test pack.\n{extends}"),
    );
    r.root.join(folder)
}

#[test]
fn pack_file_linked_to_dev_zero_is_refused() {
    let r = repo();
    r.write("app.partner.yaml", &a_clean_application());
    pack(&r, "packs/p", "2099.01", "extends: \"2026.11\"\n");
    r.link(Path::new("/dev/zero"), "packs/p/rules/zero.yaml");
    r.write(".partnerlint.yaml", "rules: [packs/p]\n");
    let o = watchdog(&r.root, &["check"]);
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    assert!(all_output(&o).contains("file-outside-repository"));
    // Named with `--rules`, it is trusted, but still read only as a regular file.
    let o = watchdog(&r.root, &["--rules", "packs/p", "check"]);
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    assert!(
        all_output(&o).contains("not a regular file"),
        "{}",
        all_output(&o)
    );
}

#[test]
fn pack_file_linked_to_a_secret_is_not_shown() {
    let r = repo();
    r.write("app.partner.yaml", &a_clean_application());
    pack(&r, "packs/p", "2099.01", "extends: \"2026.11\"\n");
    r.link(&r.secret, "packs/p/rules/leak.yaml");
    r.write(".partnerlint.yaml", "rules: [packs/p]\n");
    let o = run(&r.root, &["check"]);
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    assert!(!all_output(&o).contains(SECRET), "{}", all_output(&o));
    assert!(all_output(&o).contains("file-outside-repository"));
}

/// `count` packs in `chain/p0`, `chain/p1`, …, each extending the one before by path, the
/// first extending the built-in 2026.11.
fn chain(r: &Repo, count: usize) {
    for i in 0..count {
        let extends = if i == 0 {
            "extends: \"2026.11\"\n".to_string()
        } else {
            format!("extends: {{path: ../p{}}}\n", i - 1)
        };
        pack(r, &format!("chain/p{i}"), &format!("2099.01.{i}"), &extends);
    }
}

#[test]
fn extends_chain_of_3000_packs_fails_fast() {
    let r = repo();
    chain(&r, 3000);
    let o = watchdog(&r.root, &["--rules", "chain/p2999", "rules"]);
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    assert!(
        stderr(&o).contains("`extends` chains are limited to 32 packs"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn extends_chain_within_the_limit_loads() {
    let r = repo();
    chain(&r, 10);
    let o = run(&r.root, &["--rules", "chain/p9", "rules", "--all-versions"]);
    assert_eq!(code(&o), 0, "{}", all_output(&o));
}

#[test]
fn exclude_all_configuration_is_named_in_every_report() {
    let r = repo();
    r.write("a.partner.yaml", "format: 1\npolicy: [\n");
    r.write("sub/b.partner.yaml", "format: 1\npolicy: [\n");
    r.write("sub/.partnerlint.yaml", "exclude: [\"**\"]\n");
    r.write(".partnerlint.yaml", "exclude: [\"**\"]\n");
    let o = run(&r.root, &["check", "--format", "json"]);
    let v = json(&o);
    let configs = v["configs"].as_array().unwrap();
    assert_eq!(configs.len(), 2, "{v}");
    let total: u64 = configs
        .iter()
        .map(|c| c["excluded_files"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 2, "{v}");
    assert_eq!(configs[0]["exclude"][0], "**");
    assert!(
        stderr(&o).contains("excludes every file found"),
        "{}",
        stderr(&o)
    );
    let o = run(&r.root, &["check"]);
    let out = stdout(&o);
    assert!(
        out.contains("configuration .partnerlint.yaml: excluded 1 file (exclude: **)"),
        "{out}"
    );
    let o = run(&r.root, &["check", "--format", "sarif"]);
    let v = json(&o);
    assert_eq!(
        v["runs"][0]["properties"]["configs"][0]["exclude"][0], "**",
        "{v}"
    );
    let o = run(&r.root, &["check", "--format", "junit"]);
    let out = stdout(&o);
    assert!(
        out.contains("<testsuite name=\"partnerlint configuration\"")
            && out.contains("configuration .partnerlint.yaml: excluded 1 file (exclude: **)"),
        "{out}"
    );
    let o = run(&r.root, &["check", "--format", "gitlab"]);
    let v = json(&o);
    let issue = &v[0];
    assert_eq!(issue["check_name"], "configuration", "{v}");
    assert_eq!(issue["severity"], "info", "{v}");
    assert!(
        issue["description"]
            .as_str()
            .unwrap()
            .contains("excluded 1 file (exclude: **)"),
        "{v}"
    );
    // `--isolated` ignores them: the files are checked.
    let o = run(&r.root, &["check", "--isolated", "--format", "json"]);
    assert_eq!(code(&o), 1);
    let v = json(&o);
    assert_eq!(v["summary"]["files"], 2, "{v}");
    assert_eq!(v["configs"], serde_json::json!([]));
}

#[test]
fn rules_switched_off_are_named_in_the_report() {
    let r = repo();
    r.write("a.partner.yaml", "format: 1\npolicy: [\n");
    r.write(".partnerlint.yaml", "severity:\n  yaml-syntax: off\n");
    let o = run(&r.root, &["check", "--format", "json"]);
    assert_eq!(code(&o), 0);
    let v = json(&o);
    assert_eq!(v["configs"][0]["rules_off"][0], "yaml-syntax", "{v}");
    let o = run(&r.root, &["check"]);
    assert!(
        stdout(&o).contains("rules off: yaml-syntax"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn explicitly_named_excluded_path_is_reported() {
    let r = repo();
    r.write("drafts/a.partner.yaml", "format: 1\npolicy: [\n");
    r.write(".partnerlint.yaml", "exclude: [drafts/**]\n");
    let o = run(
        &r.root,
        &["check", "--format", "json", "drafts/a.partner.yaml"],
    );
    assert!(
        stderr(&o).contains("`drafts/a.partner.yaml` is excluded by `.partnerlint.yaml`"),
        "{}",
        stderr(&o)
    );
    let v = json(&o);
    assert_eq!(
        v["configs"][0]["excluded_named"][0], "drafts/a.partner.yaml",
        "{v}"
    );
}

#[test]
fn builtin_version_shadow_pack_is_refused_unless_allowed() {
    let r = repo();
    r.write("a.partner.yaml", "format: 1\npolicy: [\n");
    // The attack's shape: the built-in version number, every rule of it switched off.
    pack(
        &r,
        "packs/fake",
        "2026.11",
        "extends: \"2026.11\"\ndisable: [account-email-valid]\n",
    );
    r.write(".partnerlint.yaml", "rules: [packs/fake]\n");
    let o = run(&r.root, &["check"]);
    assert_eq!(code(&o), 2, "{}", all_output(&o));
    assert!(
        stderr(&o).contains("replace the pack of version 2026.11"),
        "{}",
        stderr(&o)
    );
    r.write(
        ".partnerlint.yaml",
        "rules: [packs/fake]\nshadow_builtin: true\n",
    );
    let o = run(&r.root, &["check", "--format", "json"]);
    let v = json(&o);
    assert_eq!(v["configs"][0]["packs"][0]["replaces"][0], "2026.11", "{v}");
    let o = run(&r.root, &["check"]);
    assert!(
        stdout(&o).contains("replacing the built-in 2026.11"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn no_git_configuration_search_stops_at_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    // A configuration above the folder the run starts in, with no `.git` anywhere.
    std::fs::write(dir.path().join(".partnerlint.yaml"), "exclude: [\"**\"]\n").unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("a.partner.yaml"), "format: 1\npolicy: [\n").unwrap();
    let o = run(&work, &["check", "--format", "json"]);
    let v = json(&o);
    assert_eq!(v["summary"]["files"], 1, "{v}");
    assert_eq!(v["configs"], serde_json::json!([]), "{v}");
    assert_eq!(code(&o), 1);
}

#[test]
fn unreadable_folder_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let r = repo();
    r.write("locked/a.partner.yaml", "format: 1\npolicy: [\n");
    let locked = r.root.join("locked");
    let Some(mut partnerlint) =
        partnerlint_bound_by_file_modes("unreadable_folder_is_reported", &r.root)
    else {
        return;
    };
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let o = partnerlint
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code(&o), 1, "{}", all_output(&o));
    let v = json(&o);
    assert_eq!(v["diagnostics"][0]["rule"], "file-unreadable", "{v}");
    assert!(v["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("cannot read the folder"));
}

#[test]
fn non_utf8_name_is_reported() {
    use std::os::unix::ffi::OsStrExt;
    let r = repo();
    let name = std::ffi::OsStr::from_bytes(b"bad\xff.partner.yaml");
    if std::fs::write(r.root.join(name), CLEAN).is_err() {
        eprintln!("non_utf8_name_is_reported: skipped, the file system takes UTF-8 names only");
        return;
    }
    let o = run(&r.root, &["check", "--format", "json"]);
    assert_eq!(code(&o), 1, "{}", all_output(&o));
    let v = json(&o);
    assert_eq!(v["diagnostics"][0]["rule"], "file-unreadable", "{v}");
    assert!(v["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not UTF-8"));
}

#[test]
fn file_outside_repository_is_a_rule_explain_knows() {
    let o = run(&manifest_dir(), &["explain", "file-outside-repository"]);
    assert_eq!(code(&o), 0, "{}", all_output(&o));
    assert!(stdout(&o).contains("leading outside the root is not read"));
}
