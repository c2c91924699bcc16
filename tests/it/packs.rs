//! Packs as a lifecycle: packs that extend others, staged rules, `rules test` and
//! `rules diff`, on the packs under `fixtures/packs/`.

use partnerlint::pack::{FileAccess, PackError};
use partnerlint::pack_diff as diff;
use partnerlint::pack_testing::{self as testing, TestOptions};
use partnerlint::{check_source, CheckOptions, PackSet, RulePack, Severity};
use std::path::Path;
use std::process::Command;

fn load(dir: &str) -> PackSet {
    match PackSet::from_dir(Path::new(dir)) {
        Ok(packs) => packs,
        Err(e) => panic!("{dir} does not load: {e}: {:#?}", e.diagnostics()),
    }
}

/// The one pack asked for in `dir`.
fn pack(dir: &str) -> RulePack {
    let packs = load(dir);
    let selected: Vec<&RulePack> = packs.selected().collect();
    assert_eq!(selected.len(), 1, "{dir}");
    selected[0].clone()
}

fn builtin(version: &str) -> RulePack {
    let packs = PackSet::builtin().expect("the built-in packs load");
    packs.get(version).expect("the version exists").clone()
}

fn date(s: &str) -> jiff::civil::Date {
    s.parse().expect("a date")
}

/// The diagnostics of `text` checked against exactly `pack` on `today`.
fn check(pack: &RulePack, text: &str, today: &str) -> Vec<partnerlint::Diagnostic> {
    let mut options = CheckOptions::new(date(today));
    options.policy = Some(pack.manifest.version.clone());
    check_source(
        Path::new("test.partner.yaml"),
        text.as_bytes(),
        &FileAccess::default(),
        &PackSet::single(pack.clone()),
        &options,
    )
    .diagnostics
}

/// The diagnostics of a broken pack: (file, message, "TEXT AT THE SPAN | help").
fn broken(dir: &str) -> Vec<(String, String, String)> {
    let files = match PackSet::from_dir(Path::new(dir)) {
        Ok(_) => panic!("{dir} loads, but it is broken"),
        Err(PackError::Files(files)) => files,
        Err(e) => panic!("{dir}: {e}"),
    };
    let mut out = Vec::new();
    for (file, diagnostics) in &files {
        for d in diagnostics {
            let span = d.primary.as_ref().map_or(0..0, |l| l.span.clone());
            out.push((
                file.name.clone(),
                d.message.clone(),
                format!("{} | {}", &file.text[span], d.help.as_deref().unwrap_or("")),
            ));
        }
    }
    out
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(crate::support::binary())
        .args(args)
        .env_remove("PARTNERLINT_TODAY")
        .env("NO_COLOR", "1")
        .output()
        .expect("partnerlint runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// ---------------------------------------------------------------- composing packs

#[test]
fn an_extending_pack_merges_its_base() {
    let packs = load("fixtures/packs/extending");
    let pack = packs.get("2026.12.1").expect("the extending pack");
    let ids: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "contact-email-valid",
            "market-listed",
            "launch-date-planned",
            "company-description-set"
        ]
    );
    assert_eq!(pack.disabled, ["existing-login"]);
    assert_eq!(
        pack.rule("launch-date-planned").map(|r| r.severity),
        Some(Severity::Error),
        "the severity override applies"
    );
    assert!(!pack.rule("market-listed").expect("a base rule").own);
    assert!(
        pack.rule("company-description-set")
            .expect("its own rule")
            .own
    );
    assert_eq!(
        pack.data.get("markets"),
        Some(&serde_json::json!(["US", "UK", "MY", "ID"])),
        "the extending pack's table replaces the base's"
    );
    assert!(
        pack.data.contains_key("email_pattern"),
        "the base's other tables stay"
    );
    assert_eq!(
        pack.manifest.sources.keys().collect::<Vec<_>>(),
        ["000"],
        "sources come from the base"
    );
    let base = packs.get("2026.12").expect("the base comes along");
    assert!(base.base_only);
    assert_eq!(
        pack.extends.as_ref().map(ToString::to_string).as_deref(),
        Some("2026.12 (fixtures/packs/base)")
    );
    // Selection by date never picks a mere base.
    assert_eq!(
        packs
            .in_effect(date("2030-01-01"))
            .map(|p| p.manifest.version.as_str()),
        Some("2026.12.1")
    );
    assert!(packs.in_effect(date("2026-12-10")).is_none());
}

#[test]
fn base_rules_compile_against_the_merged_data() {
    let text = "format: 1\naccount: {email: a@b.example}\ndeveloper_type: app_developer\nregistration: {region: MY, target_markets: [ID], business_category: X}\n";
    let base = pack("fixtures/packs/base");
    let extending = pack("fixtures/packs/extending");
    let fired = |p: &RulePack| {
        check(p, text, "2027-01-01")
            .iter()
            .any(|d| d.rule == "market-listed")
    };
    assert!(fired(&base), "ID is not a market of the base");
    assert!(
        !fired(&extending),
        "the base's rule sees the extending pack's `markets`"
    );
}

#[test]
fn an_organisation_pack_of_the_same_version_stands_in_for_its_base() {
    let packs = load("docs/examples/acme-policy");
    let org = packs.get("2026.11").expect("2026.11");
    assert!(!org.base_only, "the organisation's pack wins the version");
    assert_eq!(org.origin, "docs/examples/acme-policy");
    assert!(packs
        .packs()
        .iter()
        .any(|p| p.base_only && p.origin == "built-in"));
    assert_eq!(
        packs
            .in_effect(date("2026-12-01"))
            .map(|p| p.origin.as_str()),
        Some("docs/examples/acme-policy")
    );
}

/// Copies the files of a fixture pack that exist into `target`, and returns it.
fn copy_pack(from: &str, target: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(target.join("rules")).expect("mkdir");
    for file in [
        "pack.yaml",
        "data.yaml",
        "rules/account.yaml",
        "rules/markets.yaml",
    ] {
        let source = Path::new(from).join(file);
        if source.is_file() {
            std::fs::copy(&source, target.join(file)).expect("copy");
        }
    }
    target.to_path_buf()
}

#[test]
fn a_pack_extends_a_sibling_by_version() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_pack("fixtures/packs/base", &dir.path().join("base"));
    let child = copy_pack("fixtures/packs/extending", &dir.path().join("child"));
    let manifest = std::fs::read_to_string(child.join("pack.yaml"))
        .expect("read")
        .replace("extends: {path: ../base}", "extends: \"2026.12\"");
    std::fs::write(child.join("pack.yaml"), manifest).expect("write");
    let packs = PackSet::from_dir(dir.path()).expect("the packs load");
    let child = packs.get("2026.12.1").expect("the child");
    assert_eq!(
        child.extends.as_ref().map(|b| b.version.as_str()),
        Some("2026.12")
    );
    assert!(!packs.get("2026.12").expect("the base").base_only);
}

#[test]
fn cycles_and_missing_bases_point_at_extends() {
    let cycle = broken("fixtures/packs/broken/cycle-a");
    assert_eq!(cycle.len(), 1, "{cycle:#?}");
    assert!(cycle[0].0.ends_with("cycle-a/pack.yaml"));
    assert!(cycle[0].1.starts_with("`extends` makes a cycle: 2026.91"));
    assert!(cycle[0].1.contains("2026.92"));
    assert!(cycle[0].2.starts_with("../cycle-b |"));

    let version = broken("fixtures/packs/broken/missing-version");
    assert_eq!(
        version[0].1,
        "there is no policy version \"2026.10\" to extend"
    );
    assert!(version[0]
        .2
        .starts_with("\"2026.10\" | Did you mean \"2026.11\"?"));
    assert!(!version[0].2.contains("2026.93"), "{}", version[0].2);

    let path = broken("fixtures/packs/broken/missing-path");
    assert!(path[0].1.contains("`../nowhere`"));
    assert!(path[0].1.ends_with("does not exist"));
    assert!(path[0].2.starts_with("../nowhere |"));
}

#[test]
fn unknown_rule_ids_get_a_did_you_mean() {
    let found = broken("fixtures/packs/broken/unknown-ids");
    let messages: Vec<(&str, &str)> = found
        .iter()
        .map(|(_, m, at)| (m.as_str(), at.as_str()))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert_eq!(
        messages[0].0,
        "`market-duplicat` is not a rule of the base pack 2026.11 (built-in)"
    );
    assert!(messages[0]
        .1
        .starts_with("market-duplicat | Did you mean `market-duplicate`?"));
    assert!(messages[1]
        .1
        .starts_with("market-knwon | Did you mean `market-known`?"));
}

#[test]
fn overrides_need_a_base_and_rules_are_not_redefined() {
    let no_base = broken("fixtures/packs/broken/no-base");
    assert_eq!(
        no_base[0].1,
        "`disable` changes the rules of a base pack, but this pack extends none"
    );
    let redefine = broken("fixtures/packs/broken/redefine");
    assert_eq!(
        redefine[0].1,
        "`market-duplicate` is already a rule of the base pack 2026.11 (built-in)"
    );
    assert!(redefine[0].0.ends_with("redefine/rules/markets.yaml"));
}

#[test]
fn a_replaced_table_of_the_wrong_shape_is_reported_in_the_base_rule() {
    let found = broken("fixtures/packs/broken/replaced-table");
    assert_eq!(found.len(), 1, "{found:#?}");
    let (file, message, at) = &found[0];
    assert_eq!(file, "rules/2026.11/rules/isv.yaml");
    assert_eq!(message, "this data table is not a list");
    assert!(at.starts_with("cross_border_markets |"));
    assert!(at.contains("replaced by `fixtures/packs/broken/replaced-table/data.yaml`"));
}

// ---------------------------------------------------------------- staged rules

#[test]
fn staged_rules_warn_then_fail() {
    let pack = pack("fixtures/packs/staged");
    let text = "format: 1\naccount: {email: a@b.example}\ndeveloper_type: app_developer\nregistration: {region: MY, target_markets: [MY], business_category: X}\ncompany: {name: A, contact: {name: B, email: b@b.example}}\ncertification: {status: saved_for_later}\n";
    let staged = |today: &str| -> Vec<(Severity, String)> {
        check(&pack, text, today)
            .into_iter()
            .filter(|d| d.rule == "company-description-given")
            .map(|d| (d.severity, d.message))
            .collect()
    };
    assert!(staged("2026-12-31").is_empty(), "before warn_from");
    assert_eq!(
        staged("2027-01-01"),
        [(
            Severity::Warning,
            "`company` has no `description` (becomes an error on 2027-03-01)".to_string()
        )]
    );
    assert_eq!(
        staged("2027-03-01"),
        [(
            Severity::Error,
            "`company` has no `description`".to_string()
        )]
    );
}

#[test]
fn bad_stage_dates_are_diagnostics() {
    let found = broken("fixtures/packs/broken/bad-stage");
    assert_eq!(
        found[0].1,
        "`error_from` (2027-01-01) is not after `warn_from` (2027-03-01)"
    );
    assert!(found[0].2.starts_with("2027-01-01 |"));
}

// ---------------------------------------------------------------- rules test

#[test]
fn every_fixture_pack_passes_its_own_tests() {
    for dir in [
        "fixtures/packs/base",
        "fixtures/packs/extending",
        "fixtures/packs/staged",
        "fixtures/packs/next",
        "fixtures/packs/preview",
    ] {
        let report = testing::test_pack(&pack(dir), &[], &TestOptions::default());
        assert!(
            report.cases.len() >= 4,
            "{dir}: {} cases",
            report.cases.len()
        );
        let failed: Vec<_> = report.cases.iter().filter(|c| !c.passed()).collect();
        assert!(failed.is_empty(), "{dir}: {failed:#?}");
    }
}

#[test]
fn rules_test_reports_mismatches() {
    // The base pack's fixtures run against the extending pack: severities and rules differ.
    let extending = pack("fixtures/packs/extending");
    let fixtures = testing::fixture_files(Path::new("fixtures/packs/base/tests"));
    let report = testing::run_fixtures(&extending, &fixtures, &TestOptions::default());
    insta::assert_snapshot!(testing::render_human(std::slice::from_ref(&report)));
    let xml = testing::render_junit(&[report]);
    assert!(xml.contains("<testsuites name=\"partnerlint rules test\" tests=\"2\" failures=\"2\""));
    assert!(xml.contains("expected, not reported: line 7: existing-login (info)"));
}

#[test]
fn rules_test_output_for_a_passing_pack() {
    let report = testing::test_pack(&pack("fixtures/packs/base"), &[], &TestOptions::default());
    insta::assert_snapshot!(testing::render_human(&[report]));
}

#[test]
fn examples_that_do_not_behave_fail() {
    let mut pack = pack("fixtures/packs/base");
    for rule in &mut pack.rules {
        if rule.id == "market-listed" {
            std::mem::swap(&mut rule.example_fail, &mut rule.example_pass);
        }
    }
    let report = testing::test_pack(&pack, &[], &TestOptions::default());
    let failed: Vec<(&str, &str)> = report
        .cases
        .iter()
        .filter(|c| !c.passed())
        .map(|c| (c.name.as_str(), c.failures[0].as_str()))
        .collect();
    assert_eq!(failed.len(), 2, "{failed:#?}");
    assert_eq!(failed[0].0, "market-listed: examples.fail");
    assert!(failed[0]
        .1
        .starts_with("`market-listed` did not fire on its fail example"));
    assert_eq!(failed[1].0, "market-listed: examples.pass");
    assert!(failed[1]
        .1
        .starts_with("`market-listed` fired on its pass example"));
}

#[test]
fn rules_test_command_exit_codes_and_formats() {
    let (code, out, _) = run(&["rules", "test", "fixtures/packs"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("policy 2026.12.1 (fixtures/packs/extending): 4 cases"));
    assert!(out.ends_with("passed, 0 failed (5 packs)\n"), "{out}");

    // A folder of fixtures, named after no version: needs --policy.
    let (code, _, err) = run(&["rules", "test", "fixtures/packs/base/tests"]);
    assert_eq!(code, 2);
    assert!(err.contains("pass `--policy VERSION`"), "{err}");
    let (code, out, _) = run(&[
        "rules",
        "test",
        "--rules",
        "fixtures/packs/extending",
        "--policy",
        "2026.12.1",
        "fixtures/packs/base/tests",
        "--format",
        "junit",
    ]);
    assert_eq!(code, 1, "the base's fixtures fail under the extending pack");
    assert!(out.starts_with("<?xml"));
    assert!(out.contains("failures=\"2\""));

    let (code, _, err) = run(&["rules", "test", "fixtures/packs/broken/cycle-a"]);
    assert_eq!(code, 2, "a broken pack is exit 2");
    assert!(err.contains("makes a cycle"));

    // The built-in packs, with their tests/ (built into the binary).
    let (code, out, _) = run(&["rules", "test", "--builtin"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("rules/2026.11/tests/market-known/"));
}

// ---------------------------------------------------------------- rules diff

#[test]
fn diff_lists_what_changed() {
    let d = diff::diff(&pack("fixtures/packs/base"), &pack("fixtures/packs/next"));
    let ids = |rules: &[diff::RuleSummary]| -> Vec<String> {
        rules.iter().map(|r| r.id.clone()).collect()
    };
    assert_eq!(ids(&d.added), ["company-description-set"]);
    assert_eq!(ids(&d.removed), ["existing-login"]);
    let changed: Vec<&str> = d.changed.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        changed,
        [
            "contact-email-valid",
            "market-listed",
            "launch-date-planned"
        ]
    );
    assert!(d.changed[1].condition && d.changed[1].severity.is_none());
    assert!(d.changed[2].severity.is_some() && !d.changed[2].condition);
    let markets = d
        .data
        .iter()
        .find(|t| t.name == "markets")
        .expect("markets");
    assert_eq!(
        (markets.added.clone(), markets.removed.clone()),
        (vec!["ID".to_string()], vec!["MY".to_string()])
    );
    insta::assert_snapshot!(diff::render_human(&d, None));
    insta::assert_json_snapshot!(d);
}

#[test]
fn a_pack_has_no_difference_with_itself() {
    let base = pack("fixtures/packs/base");
    assert!(diff::diff(&base, &base).is_empty());
    let shipped = builtin("2026.11");
    let from_folder = pack("rules/2026.11");
    assert!(diff::diff(&shipped, &from_folder).is_empty());
}

#[test]
fn diff_against_application_files() {
    let old = builtin("2026.11");
    let new = pack("fixtures/packs/preview");
    let files = partnerlint::discover::discover(&["examples".to_string()])
        .expect("the examples")
        .files;
    let against = diff::against(
        &old,
        &new,
        &files,
        &CheckOptions::new(date("2027-03-01")),
        Severity::Error,
    );
    let d = diff::diff(&old, &new);
    insta::assert_snapshot!(diff::render_human(&d, Some(&against)));
    let newly: Vec<(&str, &str, Vec<String>)> = against
        .changed
        .iter()
        .map(|f| (f.path.as_str(), f.status, f.new.clone()))
        .collect();
    assert_eq!(
        newly[0],
        (
            "examples/globex-hk-integrator.partner.yaml",
            "fails_differently",
            newly[0].2.clone()
        )
    );
    assert!(newly[0]
        .2
        .contains(&"integrator-authorizing-shops".to_string()));
    assert_eq!(
        newly[1],
        (
            "examples/tropika-my-app-developer.partner.yaml",
            "newly_fails",
            vec!["launch-date-planned".to_string()]
        )
    );
    // Before the staged rule becomes an error, the preview changes less.
    let earlier = diff::against(
        &old,
        &new,
        &files,
        &CheckOptions::new(date("2027-01-15")),
        Severity::Error,
    );
    assert!(earlier.changed.iter().all(|f| f.status != "newly_fails"));
}

#[test]
fn rules_diff_command() {
    let (code, out, _) = run(&[
        "rules",
        "diff",
        "fixtures/packs/base",
        "fixtures/packs/next",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(value["added"][0]["id"], "company-description-set");
    let (code, out, _) = run(&[
        "rules",
        "diff",
        "2026.11",
        "fixtures/packs/preview",
        "--against",
        "examples",
        "--today",
        "2027-03-01",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("Newly fail (1):\n    examples/tropika-my-app-developer.partner.yaml: launch-date-planned"), "{out}");
    let (code, _, err) = run(&["rules", "diff", "2026.11", "2099.01"]);
    assert_eq!(code, 2);
    assert!(err.contains("neither a pack folder nor a known policy version"));
}

// ---------------------------------------------------------------- listing versions

#[test]
fn all_versions_lists_loaded_packs_and_their_bases() {
    let (code, out, _) = run(&[
        "rules",
        "--all-versions",
        "--rules",
        "docs/examples/acme-policy",
        "--today",
        "2026-12-01",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
    let (_, out, _) = run(&[
        "rules",
        "--all-versions",
        "--rules",
        "fixtures/packs/extending",
        "--format",
        "json",
        "--today",
        "2027-01-01",
    ]);
    let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(value[0]["version"], "2026.12");
    assert_eq!(value[0]["base_only"], true);
    assert_eq!(value[0]["in_effect"], false);
    assert_eq!(
        value[0]["base_of"][0],
        "2026.12.1 (fixtures/packs/extending)"
    );
    assert_eq!(value[1]["in_effect"], true);
}

#[test]
fn the_readme_shows_the_real_diff_output() {
    let readme = std::fs::read_to_string("README.md").expect("the README");
    let command = "$ partnerlint rules diff 2026.11 fixtures/packs/preview --against examples/ --today 2027-03-01\n";
    let start = readme.find(command).expect("the README shows the command") + command.len();
    let shown = &readme[start..start + readme[start..].find("\n```").expect("the block ends")];
    let args: Vec<&str> = command[14..].split_whitespace().collect();
    let (code, out, _) = run(&args);
    assert_eq!(code, 0);
    assert_eq!(
        shown,
        out.trim_end(),
        "README.md's `rules diff` example is out of date"
    );
}

#[test]
fn a_pack_without_a_base_needs_sources() {
    let found = broken("fixtures/packs/broken/no-sources");
    assert_eq!(found[0].1, "`sources` is missing");
    assert!(found[0]
        .2
        .contains("Required unless the pack extends another"));
}

#[test]
fn a_built_in_pack_runs_its_embedded_tests() {
    // A built-in pack has no folder: its `tests/` come embedded, as text.
    let mut pack = pack("fixtures/packs/base");
    pack.dir = None;
    pack.embedded_tests = ["fail", "pass"]
        .iter()
        .map(|name| {
            let relative = format!("tests/{name}.partner.yaml");
            partnerlint::pack::PackFile {
                name: format!("rules/2026.12/{relative}"),
                text: std::fs::read_to_string(Path::new("fixtures/packs/base").join(&relative))
                    .expect("the fixture")
                    .into(),
                relative,
            }
        })
        .collect();
    let report = testing::test_pack(&pack, &[], &TestOptions::default());
    let names: Vec<(&str, bool)> = report
        .cases
        .iter()
        .filter(|c| c.kind == testing::CaseKind::Fixture)
        .map(|c| (c.name.as_str(), c.passed()))
        .collect();
    assert_eq!(
        names,
        [
            ("rules/2026.12/tests/fail.partner.yaml", true),
            ("rules/2026.12/tests/pass.partner.yaml", true)
        ]
    );
}

/// A link inside a pack to a folder above it is followed once, not round and round
/// (which reported hundreds of problems about ever longer paths).
#[cfg(unix)]
#[test]
fn a_folder_link_loop_inside_a_pack_is_walked_once() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let pack = copy_pack("fixtures/packs/base", &dir.path().join("pack"));
    std::os::unix::fs::symlink("..", pack.join("rules/up")).expect("symlink");
    std::os::unix::fs::symlink(".", pack.join("rules/here")).expect("symlink");
    let loaded = PackSet::from_dir(&pack);
    let plain = PackSet::from_dir(Path::new("fixtures/packs/base")).expect("the base loads");
    match loaded {
        Ok(packs) => assert_eq!(packs.packs()[0].rules.len(), plain.packs()[0].rules.len()),
        Err(e) => panic!("{e}: {:#?}", e.diagnostics()),
    }
}

#[test]
fn an_organisation_pack_tests_its_fixes_beside_its_fixtures() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    std::fs::create_dir_all(root.join("rules")).expect("mkdir");
    std::fs::create_dir_all(root.join("tests")).expect("mkdir");
    std::fs::write(
        root.join("pack.yaml"),
        "version: \"2026.12\"\neffective: 2026-12-01\nsummary: Acme's policy.\nextends: \"2026.11\"\n",
    )
    .expect("write");
    std::fs::write(
        root.join("data.yaml"),
        "data:\n  acme_category: Order management\n",
    )
    .expect("write");
    std::fs::write(
        root.join("rules/acme.yaml"),
        r#"rules:
  - id: acme-category
    severity: error
    title: Acme registers under Order management
    source: {document: "000", section: Registering, quote: Specify your business category.}
    description: Acme's applications are registered under the Order management category.
    checks:
      - when: {exists: registration.business_category}
        require: {equals: {field: registration.business_category, data: acme_category}}
        at: registration.business_category
        message: "Acme registers under {data.acme_category}"
        help: "Write `{data.acme_category}`."
        fix: {replace: "{data.acme_category}", message: "Write `{data.acme_category}`"}
"#,
    )
    .expect("write");
    // A complete application (the shipped pack's own passing case), with Acme's mistake.
    let shipped = crate::support::manifest_dir().join("rules/2026.11/tests");
    let fixture =
        std::fs::read_to_string(shipped.join("account-portal-match/pass-global.partner.yaml"))
            .expect("the shipped fixture")
            .replace(
                "  business_category: Order management\n",
                "  # expect: acme-category\n  business_category: 'ERP' # chosen in 2025\n",
            )
            .replace("../certs/", "certs/");
    std::fs::create_dir_all(root.join("tests/certs")).expect("mkdir");
    std::fs::copy(
        shipped.join("certs/acme-business-licence.pdf"),
        root.join("tests/certs/acme-business-licence.pdf"),
    )
    .expect("copy the scan");
    std::fs::write(root.join("tests/fail.partner.yaml"), &fixture).expect("write");
    let fixed = fixture.replace("'ERP'", "'Order management'");
    std::fs::write(root.join("tests/fail.partner.yaml.fixed"), &fixed).expect("write");
    let dir_arg = root.to_string_lossy().into_owned();
    let (code, out, err) = run(&["rules", "test", &dir_arg]);
    assert_eq!(code, 0, "{out}{err}");

    std::fs::write(root.join("tests/fail.partner.yaml.fixed"), &fixture).expect("write");
    let (code, out, _) = run(&["rules", "test", &dir_arg]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("`--fix` does not produce"), "{out}");
    assert!(
        out.contains("-  business_category: 'ERP' # chosen in 2025"),
        "{out}"
    );
    assert!(
        out.contains("+  business_category: 'Order management' # chosen in 2025"),
        "{out}"
    );
}

#[test]
fn a_fix_reading_a_suggestion_needs_suggest() {
    let file = |relative: &str, text: &str| partnerlint::pack::PackFile {
        name: relative.to_string(),
        relative: relative.to_string(),
        text: text.to_string().into(),
    };
    let files = vec![
        file("pack.yaml", "version: \"2026.12\"\neffective: 2026-12-01\nsummary: s\nextends: \"2026.11\"\n"),
        file(
            "rules/r.yaml",
            "rules:\n  - id: r\n    severity: info\n    title: t\n    source: {document: \"000\", section: s, quote: q}\n    description: d\n    checks:\n      - require: {exists: account}\n        message: m\n        help: h\n        fix: {replace: \"{$suggestion}\", message: m}\n",
        ),
    ];
    let e = PackSet::from_files(files, "test").expect_err("the pack does not compile");
    let messages: Vec<String> = e
        .diagnostics()
        .iter()
        .map(|(_, d)| d.message.clone())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("has no `suggest`")),
        "{messages:?}"
    );
}
