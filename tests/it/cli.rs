//! The binary as users run it, where a test computes or compares more than one command's
//! output: the JSON contract, version selection, file discovery, bad inputs, colour,
//! determinism, and the commands besides `check`. The exit codes, and what single
//! commands print, are cases in tests/cmd/, run by `cli_cases`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut cmd = Command::new(crate::support::binary());
    cmd.env_remove("PARTNERLINT_TODAY")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS");
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally, not by a signal")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture of the built-in pack, by its path in the pack's `tests/`.
fn fixture(rel: &str) -> String {
    std::fs::read_to_string(repo().join("rules/2026.11/tests").join(rel)).unwrap()
}

/// A clean application, with the certificate it names beside it.
fn clean_app(dir: &Path) -> PathBuf {
    let text = fixture("market-cross-border/pass.partner.yaml");
    std::fs::create_dir_all(dir.join("certs")).unwrap();
    let cert = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("file: "))
        .unwrap();
    let name = Path::new(cert).file_name().unwrap();
    std::fs::copy(
        repo().join("rules/2026.11/tests/certs").join(name),
        dir.join("certs").join(name),
    )
    .unwrap();
    let path = dir.join("app.partner.yaml");
    std::fs::write(
        &path,
        text.replace(cert, &format!("certs/{}", name.to_string_lossy())),
    )
    .unwrap();
    path
}

fn json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    if !args.contains(&"--today") {
        all.extend(["--today", "2026-11-22"]);
    }
    all.extend_from_slice(args);
    let o = run(dir, &all);
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(&o), stderr(&o)));
    (code(&o), v)
}

fn rules_of(v: &Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn works_from_an_empty_directory_with_nothing_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["check", "--today", "2026-11-22"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("0 files checked"), "{}", stdout(&o));
    clean_app(dir.path());
    let o = run(dir.path(), &["check", "--today", "2026-11-22"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("1 file checked against policy 2026.11: 0 errors, 0 warnings, 0 infos"),
        "{}",
        stdout(&o)
    );
    for args in [
        &["rules"][..],
        &["explain", "market-cross-border"],
        &["schema"],
    ] {
        let o = run(dir.path(), args);
        assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
        assert!(!o.stdout.is_empty());
    }
}

#[test]
fn json_report_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let app = clean_app(dir.path());
    let text = std::fs::read_to_string(&app)
        .unwrap()
        .replace("    - SG\n", "    - US\n");
    std::fs::write(&app, text).unwrap();
    let (code, v) = json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(v["version"], 1);
    assert_eq!(v["policy"], "2026.11");
    let d = v["diagnostics"].as_array().unwrap();
    let cross = d
        .iter()
        .find(|d| d["rule"] == "market-cross-border")
        .expect("a cross-border finding");
    for key in ["rule", "severity", "file", "pointer", "message", "help"] {
        assert!(cross[key].is_string(), "{key} in {cross}");
    }
    for key in ["line", "column", "end_line", "end_column"] {
        assert!(cross[key].as_u64().unwrap() >= 1, "{key} in {cross}");
    }
    assert_eq!(cross["severity"], "error");
    assert_eq!(cross["file"], "app.partner.yaml");
    let line = std::fs::read_to_string(&app)
        .unwrap()
        .lines()
        .position(|l| l == "    - US")
        .unwrap()
        + 1;
    assert_eq!(cross["line"], line);
    assert_eq!(cross["column"], 7);
    assert_eq!(cross["end_column"], 9);
    assert_eq!(cross["pointer"], "/registration/target_markets/1");
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(
        v["summary"]["errors"].as_u64().unwrap() as usize,
        d.iter().filter(|d| d["severity"] == "error").count()
    );
}

#[test]
fn version_selection() {
    let dir = tempfile::tempdir().unwrap();
    let app = clean_app(dir.path());
    let text = std::fs::read_to_string(&app).unwrap();
    std::fs::write(
        &app,
        text.replace("policy: \"2026.11\"", "policy: \"2025.06\""),
    )
    .unwrap();
    let (c, v) = json(dir.path(), &[]);
    assert_eq!(c, 1);
    assert_eq!(rules_of(&v), ["policy-version"]);
    assert!(v["diagnostics"][0]["help"]
        .as_str()
        .unwrap()
        .contains("\"2026.11\""));
    // --policy overrides the pin.
    let (c, v) = json(dir.path(), &["--policy", "2026.11"]);
    assert_eq!((c, rules_of(&v).len()), (0, 0), "{v}");
    // Unpinned: the newest in force today; before any is in force, a diagnostic.
    std::fs::write(&app, text.replace("policy: \"2026.11\"\n", "")).unwrap();
    let (_, v) = json(dir.path(), &[]);
    assert_eq!(v["policy"], "2026.11");
    let o = bin()
        .current_dir(dir.path())
        .env("PARTNERLINT_TODAY", "2020-01-01")
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rules_of(&v), ["policy-version"]);
    // An unquoted version is a float: the schema says so, with the fix.
    std::fs::write(&app, text.replace("policy: \"2026.11\"", "policy: 2026.11")).unwrap();
    let (_, v) = json(dir.path(), &[]);
    assert_eq!(rules_of(&v), ["schema"]);
    assert!(
        v["diagnostics"][0]["help"]
            .as_str()
            .unwrap()
            .contains("policy: \"2026.11\""),
        "{v}"
    );
}

#[test]
fn date_rules_follow_today() {
    let dir = tempfile::tempdir().unwrap();
    clean_app(dir.path());
    // The review was requested on 2026-09-14: on 2026-09-13 that is in the future.
    let (_, v) = json(
        dir.path(),
        &["--today", "2026-09-13", "--policy", "2026.11"],
    );
    assert!(
        rules_of(&v).contains(&"compliance-requested-date".to_string()),
        "{v}"
    );
    let (_, v) = json(dir.path(), &["--today", "2026-11-30"]);
    assert!(rules_of(&v).is_empty(), "{v}");
}

#[test]
fn discovery_walks_folders_respects_gitignore_and_expands_globs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["apps", "teams/a", "teams/b", "ignored"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    for f in [
        "apps/x.partner.yaml",
        "teams/a/y.partner.yml",
        "teams/b/z.partner.yaml",
        "ignored/w.partner.yaml",
    ] {
        std::fs::write(d.join(f), "format: 1\n").unwrap();
    }
    std::fs::write(d.join("apps/notes.yaml"), "format: 1\n").unwrap();
    std::fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
    let files = |args: &[&str]| {
        let (_, v) = json(d, args);
        let mut f: Vec<String> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["file"].as_str().unwrap().to_string())
            .collect();
        f.dedup();
        f
    };
    assert_eq!(
        files(&[]),
        [
            "apps/x.partner.yaml",
            "teams/a/y.partner.yml",
            "teams/b/z.partner.yaml"
        ]
    );
    assert_eq!(
        files(&["teams/**/*.partner.yaml"]),
        ["teams/b/z.partner.yaml"]
    );
    // A file named explicitly is checked whatever its name.
    assert_eq!(files(&["apps/notes.yaml"]), ["apps/notes.yaml"]);
    assert_eq!(
        files(&["apps", "apps/x.partner.yaml"]),
        ["apps/x.partner.yaml"]
    );
}

#[test]
fn bad_inputs_each_get_their_own_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let deep_flow = format!("format: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let deep_block = format!("format: 1\naccount:\n  {}x\n", "- ".repeat(10_000));
    let mut laughs = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (n, p) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        laughs.push_str(&format!(
            "{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        ));
    }
    let cases: Vec<(&str, Vec<u8>, &str, usize)> = vec![
        (
            "syntax",
            b"format: 1\naccount: {email: \"x@y.example\"\n".to_vec(),
            "yaml-syntax",
            0,
        ),
        (
            "duplicate",
            b"format: 1\nformat: 1\n".to_vec(),
            "yaml-duplicate-key",
            2,
        ),
        (
            "documents",
            b"format: 1\n---\nformat: 1\n".to_vec(),
            "yaml-single-document",
            2,
        ),
        (
            "latin1",
            b"format: 1\naccount:\n  email: caf\xe9@x.example\n".to_vec(),
            "yaml-syntax",
            3,
        ),
        ("empty", Vec::new(), "yaml-single-document", 1),
        ("laughs", laughs.into_bytes(), "yaml-syntax", 0),
        ("deep-flow", deep_flow.into_bytes(), "yaml-syntax", 1),
        ("deep-block", deep_block.into_bytes(), "yaml-syntax", 3),
        ("nul", b"format: 1\x00\n".to_vec(), "yaml-syntax", 1),
        (
            "bom-crlf",
            b"\xef\xbb\xbfformat: 1\r\naccount:\r\n  email: a@b.example\r\nformat: 1\r\n".to_vec(),
            "yaml-duplicate-key",
            4,
        ),
    ];
    for (name, bytes, rule, line) in cases {
        let path = d.join(format!("{name}.partner.yaml"));
        std::fs::write(&path, bytes).unwrap();
        let started = std::time::Instant::now();
        let (c, v) = json(d, &[path.to_str().unwrap()]);
        assert!(
            started.elapsed().as_secs() < 30,
            "{name} took {:?}",
            started.elapsed()
        );
        assert_eq!(c, 1, "{name}: {v}");
        let found = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == rule);
        let found = found.unwrap_or_else(|| panic!("{name}: no {rule}: {v}"));
        if line > 0 {
            assert_eq!(found["line"], line, "{name}: {v}");
        }
    }
}

#[test]
fn duplicate_keys_list_the_first_place_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("d.partner.yaml"),
        "format: 1\naccount:\n  email: 上海@x.example\n  email: b@x.example\n",
    )
    .unwrap();
    let (_, v) = json(dir.path(), &[]);
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "yaml-duplicate-key")
        .unwrap()
        .clone();
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(3)),
        "{d}"
    );
    assert_eq!(d["pointer"], "/account/email");
    assert_eq!(d["related"][0]["line"], 3);
    assert_eq!(d["related"][0]["message"], "first definition");
}

#[test]
fn files_over_the_size_limit_are_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("big.partner.yaml"),
        "format: 1\n".repeat(100),
    )
    .unwrap();
    let (c, v) = json(dir.path(), &["--max-file-size", "100"]);
    assert_eq!(c, 1);
    assert_eq!(rules_of(&v), ["file-unreadable"]);
    assert!(v["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("over the limit of 100 bytes"));
}

#[test]
fn a_broken_rule_pack_is_a_diagnostic_in_the_pack_file() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    copy_dir(&repo().join("rules/2026.11"), &pack);
    let file = pack.join("rules/markets.yaml");
    std::fs::write(
        &file,
        "rules:\n  - id: my-rule\n    severity: error\n    title: T\n    source: {document: \"000\", section: S, quote: Q}\n    description: D\n    checks:\n      - require: {exist: account.email}\n        message: m\n        help: h\n    examples: {fail: x, pass: y}\n",
    )
    .unwrap();
    let o = run(
        dir.path(),
        &["--rules", "pack", "--color", "never", "rules"],
    );
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("markets.yaml:8:19"), "{err}");
    assert!(err.contains("did you mean `exists`?"), "{err}");
    std::fs::write(&file, "rules:\n  - id: my-rule\n    severity: error\n    title: T\n    source: {document: \"000\", section: S, quote: Q}\n    description: D\n    checks:\n      - require: {one_of: {field: registration.region, data: no_such_table}}\n        message: m\n        help: h\n    examples: {fail: x, pass: y}\n").unwrap();
    let o = run(
        dir.path(),
        &["--rules", "pack", "--color", "never", "rules"],
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("the pack has no data table `no_such_table`"),
        "{}",
        stderr(&o)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn rules_test_schema_and_the_rules_as_json() {
    let dir = tempfile::tempdir().unwrap();
    // What `rules` and `explain` print is in tests/cmd/ (`rules.toml`, `explain.toml`).
    // The built-in pack's tests are in the binary, with the certificates they name: they
    // run from any folder.
    let o = run(dir.path(), &["rules", "test", "--builtin"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("ok    rules/2026.11/tests/certificate-file/pass.partner.yaml"),
        "{out}"
    );
    assert!(
        !out.contains("examples."),
        "the built-in rules have no examples: {out}"
    );
    let o = run(dir.path(), &["schema"]);
    let schema: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let o = run(dir.path(), &["rules", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["rules"].as_array().unwrap().len() > 25);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.partner.yaml"), "format: 2\n").unwrap();
    let has_escape = |o: &Output| stdout(o).contains('\u{1b}');
    assert!(has_escape(&run(
        dir.path(),
        &["check", "--color", "always"]
    )));
    assert!(!has_escape(&run(
        dir.path(),
        &["check", "--color", "never"]
    )));
    // Not a terminal: plain.
    assert!(!has_escape(&run(dir.path(), &["check"])));
    let o = bin()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["check", "--color", "auto"])
        .output()
        .unwrap();
    assert!(!has_escape(&o));
}

#[test]
fn output_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        let text = fixture("market-cross-border/fail.partner.yaml");
        std::fs::write(dir.path().join(format!("f{i:02}.partner.yaml")), text).unwrap();
    }
    let a = run(
        dir.path(),
        &["check", "--format", "json", "--today", "2026-11-22"],
    );
    let b = bin()
        .current_dir(dir.path())
        .env("RAYON_NUM_THREADS", "1")
        .args(["check", "--format", "json", "--today", "2026-11-22"])
        .output()
        .unwrap();
    assert_eq!(stdout(&a), stdout(&b));
}
