//! `partnerlint plan`: the JSON contract on the example applications, the dates agreeing
//! with the check's, the plan fixtures through `rules test`, the formats, redaction,
//! configuration and exit codes.

use crate::support::*;
use serde_json::Value;
use std::path::Path;

fn plan_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["plan", "--format", "json"];
    all.extend(args);
    let out = run(dir, &all);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

fn app<'a>(plan: &'a Value, file: &str) -> &'a Value {
    plan["applications"]
        .as_array()
        .and_then(|apps| apps.iter().find(|a| a["file"] == file))
        .unwrap_or_else(|| panic!("no application {file} in {plan:#}"))
}

fn step<'a>(app: &'a Value, id: &str) -> &'a Value {
    app["steps"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["id"] == id))
        .unwrap_or_else(|| panic!("no step {id}"))
}

#[test]
fn the_examples_follow_the_onboarding_documents() {
    let plan = plan_json(&manifest_dir(), &["examples"]);
    assert_eq!(plan["today"], TODAY);
    assert_eq!(plan["policy"], "2026.11");
    assert_eq!(plan["applications"].as_array().map(Vec::len), Some(4));

    // Acme: the UK review requested on 2026-11-02 ends on 2026-11-23 at the earliest,
    // but its public app waits for the submitted certificate: not datable yet.
    let acme = app(&plan, "examples/acme-cn-isv.partner.yaml");
    assert_eq!(acme["developer_type"], "app_developer");
    assert_eq!(acme["markets"], serde_json::json!(["UK", "MY"]));
    assert_eq!(step(acme, "certificate")["state"], "in_progress");
    assert_eq!(step(acme, "compliance_review")["state"], "in_progress");
    assert_eq!(step(acme, "registration")["state"], "done");
    assert_eq!(acme["earliest_go_live"], Value::Null);
    assert_eq!(acme["not_before"], "2026-11-23");
    assert_eq!(acme["decided_by"][0]["step"], "certificate");
    assert_eq!(acme["planned_launch"], "2027-01-15");
    assert_eq!(acme["launch_feasible"], Value::Null);
    assert_eq!(acme["state"], "waiting");

    // Bloom: a US seller whose review is only planned: three weeks from today, and the
    // next action names the US team.
    let bloom = app(&plan, "examples/bloom-us-seller.partner.yaml");
    assert_eq!(bloom["name"], "Bloom Boutique");
    assert_eq!(bloom["markets"], serde_json::json!(["US"]));
    assert_eq!(step(bloom, "certificate")["state"], "not_needed");
    assert_eq!(step(bloom, "compliance_review")["state"], "todo");
    assert_eq!(bloom["earliest_go_live"], "2026-12-13");
    assert_eq!(bloom["launch_feasible"], true);
    let review_action = bloom["next_actions"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["step"] == "compliance_review"))
        .expect("a next action for the review");
    assert_eq!(review_action["contact"], "partner.us@tiktokshop.com");
    assert_eq!(
        bloom["next_actions"][0]["contact"],
        "https://partner.us.tiktokshop.com/account/sign-up"
    );

    // Globex: blocked by the check's errors; the review requested on 2026-11-16 dates
    // the go-live, and the launch on 2026-12-01 is too early.
    let globex = app(&plan, "examples/globex-hk-integrator.partner.yaml");
    assert_eq!(globex["state"], "blocked");
    assert_eq!(step(globex, "registration")["state"], "blocked");
    assert!(step(globex, "registration")["blocked_by"]
        .as_array()
        .is_some_and(|b| b.iter().any(|r| r == "market-known")));
    assert_eq!(globex["earliest_go_live"], "2026-12-07");
    assert_eq!(globex["launch_feasible"], false);

    // Tropika: outside the US and UK, with the team named: no review, nothing waits.
    let tropika = app(&plan, "examples/tropika-my-app-developer.partner.yaml");
    assert_eq!(step(tropika, "compliance_review")["state"], "not_needed");
    assert_eq!(tropika["earliest_go_live"], TODAY);
    assert_eq!(tropika["state"], "ready");
    assert_eq!(tropika["name"], "Tropika Digital Sdn Bhd");

    // Every step of every application, in the pack's order, with a reason.
    for a in plan["applications"].as_array().into_iter().flatten() {
        let ids: Vec<&str> = a["steps"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["id"].as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "account",
                "registration",
                "certificate",
                "compliance_review",
                "apps",
                "first_api_call"
            ]
        );
        for s in a["steps"].as_array().into_iter().flatten() {
            assert!(s["reason"].as_str().is_some_and(|r| !r.is_empty()), "{s}");
        }
    }
}

/// The dates the check's `compliance-lead-time` gives ("the earliest realistic date is
/// D") are the plan's review dates, on every example and lead-time fixture.
#[test]
fn the_plan_and_the_check_agree_on_dates() {
    let root = manifest_dir();
    let mut files: Vec<String> = std::fs::read_dir(root.join("examples"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| format!("examples/{}", e.file_name().to_string_lossy()))
        .filter(|f| f.ends_with(".partner.yaml"))
        .collect();
    for dir in [
        "rules/2026.11/tests/compliance-lead-time",
        "rules/2026.11/tests/plan",
    ] {
        for e in std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .flatten()
        {
            files.push(format!("{dir}/{}", e.file_name().to_string_lossy()));
        }
    }
    files.sort();
    let mut compared = 0;
    for file in &files {
        let check = run(&root, &["check", "--format", "json", file]);
        let check: Value = serde_json::from_str(&stdout(&check)).expect("check JSON");
        let plan = plan_json(&root, &[file]);
        let app = &plan["applications"][0];
        let review_bound = step(app, "compliance_review")["go_live_bound"].clone();
        let findings = check["diagnostics"].as_array().cloned().unwrap_or_default();
        for d in findings
            .iter()
            .filter(|d| d["rule"] == "compliance-lead-time")
        {
            let message = d["message"].as_str().unwrap_or_default();
            let Some(date) = message.split("earliest realistic date is ").nth(1) else {
                continue;
            };
            // Case by case: "… the earliest realistic date is then YYYY-MM-DD".
            let date = date.trim_start_matches("then ");
            let date = &date[..10];
            assert_eq!(
                review_bound.as_str(),
                Some(date),
                "{file}: the check says {date}, the plan's review bound is {review_bound}"
            );
            // A review that counts makes the planned launch infeasible, as the check
            // warns; a review only possible (case by case) is advice in both.
            if step(app, "compliance_review")["go_live_bound_possible"] == false {
                assert_eq!(app["launch_feasible"], false, "{file}");
            }
            compared += 1;
        }
        if app["planned_launch"].is_string()
            && !findings.iter().any(|d| d["rule"] == "compliance-lead-time")
            && review_bound.is_string()
            && step(app, "compliance_review")["go_live_bound_possible"] == false
        {
            assert!(
                app["planned_launch"].as_str() >= review_bound.as_str(),
                "{file}: the check finds the launch date fine, the plan's review ends later"
            );
        }
    }
    assert!(compared >= 3, "only {compared} dates compared");
}

#[test]
fn the_plan_fixtures_hold_through_rules_test() {
    let out = run(&manifest_dir(), &["rules", "test", "--builtin"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}{}", stderr(&out));
    let plan_cases = text.matches("plan: ").count();
    assert!(plan_cases >= 10, "{plan_cases} plan cases ran:\n{text}");
}

#[test]
fn a_wrong_plan_fixture_fails() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = std::fs::read_to_string(
        manifest_dir().join("rules/2026.11/tests/plan/seller-review-planned.partner.yaml"),
    )
    .expect("fixture")
    .replace("# go-live: 2026-12-13", "# go-live: 2026-12-14")
    .replace("compliance_review=todo", "compliance_review=done");
    std::fs::write(dir.path().join("x.partner.yaml"), fixture).expect("write");
    let out = run(dir.path(), &["rules", "test", ".", "--policy", "2026.11"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("the earliest go-live is 2026-12-13, not 2026-12-14"),
        "{text}"
    );
    assert!(
        text.contains("step `compliance_review` is `todo`, not `done`"),
        "{text}"
    );
}

#[test]
fn the_portfolio_is_sorted_by_readiness() {
    let plan = plan_json(&manifest_dir(), &["examples", "rules/2026.11/tests/plan"]);
    let states: Vec<&str> = plan["applications"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["state"].as_str())
        .collect();
    assert!(states.len() > 10);
    let human = stdout(&run(&manifest_dir(), &["plan", "examples"]));
    let rows: Vec<&str> = human
        .lines()
        .skip_while(|l| !l.starts_with("application"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(rows.len(), 4, "{human}");
    assert!(rows[0].contains("ready"), "{human}");
    assert!(rows[3].contains("blocked"), "{human}");
    // Markdown: the overview is a table in the same order.
    let md = stdout(&run(
        &manifest_dir(),
        &["plan", "examples", "--format", "markdown"],
    ));
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
    assert!(table[0].starts_with("| Application |"), "{md}");
    assert!(
        table[2].contains("ready") && table[5].contains("blocked"),
        "{md}"
    );
}

#[test]
fn redact_masks_names_and_emails_in_every_format() {
    for format in ["human", "json", "markdown", "html"] {
        let out = run(
            &manifest_dir(),
            &["plan", "examples", "--redact", "--format", format],
        );
        assert_eq!(code(&out), 0);
        let text = stdout(&out);
        for secret in [
            "Bloom Boutique",
            "Tropika Digital",
            "owner@bloom",
            "Acme Trading",
            "李伟",
        ] {
            assert!(!text.contains(secret), "{format}: {secret} shown");
        }
        assert!(text.contains("partner.us@tiktokshop.com"), "{format}");
    }
}

#[test]
fn fail_on_blocked_and_exit_codes() {
    let root = manifest_dir();
    let out = run(
        &root,
        &["plan", "examples/globex-hk-integrator.partner.yaml"],
    );
    assert_eq!(code(&out), 0, "a blocked step is not an error");
    let out = run(
        &root,
        &[
            "plan",
            "--fail-on-blocked",
            "examples/globex-hk-integrator.partner.yaml",
        ],
    );
    assert_eq!(code(&out), 1);
    let out = run(
        &root,
        &[
            "plan",
            "--fail-on-blocked",
            "examples/tropika-my-app-developer.partner.yaml",
        ],
    );
    assert_eq!(code(&out), 0);
    let out = run(&root, &["plan", "--policy", "1999.01", "examples"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("unknown policy version"));
    let out = run(&root, &["plan", "no-such-folder"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn today_moves_the_dates_and_output_goes_to_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("plan.html");
    let out = run(
        &manifest_dir(),
        &[
            "plan",
            "examples/bloom-us-seller.partner.yaml",
            "--today",
            "2026-12-01",
            "--format",
            "html",
            "-o",
            target.to_str().unwrap_or_default(),
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let html = std::fs::read_to_string(&target).expect("the HTML file");
    assert!(html.contains("2026-12-22"), "today + 21 days");
    assert!(html.starts_with("<!doctype html>"));
    for external in ["http://", "<script", "@import", "url("] {
        assert!(!html.contains(external), "{external} in the page");
    }
}

#[test]
fn a_file_that_does_not_load_is_planned_as_its_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("broken.partner.yaml"),
        "format: 1\naccount: [\n<script>alert(1)</script>\n",
    )
    .expect("write");
    let plan = plan_json(dir.path(), &[]);
    let app = &plan["applications"][0];
    assert_eq!(app["state"], "blocked");
    assert_eq!(app["steps"], serde_json::json!([]));
    assert_eq!(app["earliest_go_live"], Value::Null);
    assert!(app["next_actions"][0]["text"]
        .as_str()
        .is_some_and(|t| t.contains("yaml-syntax")));
    let html = stdout(&run(dir.path(), &["plan", "--format", "html"]));
    assert!(!html.contains("<script>"), "input is escaped");
}

#[test]
fn the_configuration_applies_as_for_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        manifest_dir().join("rules/2026.11/tests/plan/seller-blocked.partner.yaml"),
        dir.path().join("a.partner.yaml"),
    )
    .expect("copy");
    let before = plan_json(dir.path(), &[]);
    assert_eq!(step(&before["applications"][0], "apps")["state"], "blocked");
    std::fs::write(
        dir.path().join(".partnerlint.yaml"),
        "severity:\n  app-type-allowed: warning\n",
    )
    .expect("config");
    let after = plan_json(dir.path(), &[]);
    assert_eq!(step(&after["applications"][0], "apps")["state"], "todo");
}

/// The README's JSON example is what `plan` prints.
#[test]
fn the_readme_json_example_is_current() {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).expect("README");
    let start = readme.find("<!-- plan-json:start -->").expect("marker");
    let block = &readme[start..];
    let json = &block[block.find("```json\n").expect("a JSON block") + 8..];
    let json = &json[..json.find("```").expect("its end")];
    let shown: Value = serde_json::from_str(json).expect("the README's JSON");
    let mut printed = plan_json(&manifest_dir(), &["examples/bloom-us-seller.partner.yaml"]);
    // The version is the only field that changes between releases.
    printed["version"] = shown["version"].clone();
    assert_eq!(shown, printed, "README.md: update the plan's JSON example");
}
