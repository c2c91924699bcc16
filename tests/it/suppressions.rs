//! Suppression comments, end to end: what they silence, what they report, and how the
//! silenced findings still show in every report.

use crate::support::*;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(&data("reports"), &all);
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)))
}

fn rules(list: &Value) -> Vec<(String, u64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn owned(v: &[(&str, u64)]) -> Vec<(String, u64)> {
    v.iter().map(|(r, l)| (r.to_string(), *l)).collect()
}

#[test]
fn silenced_findings_are_listed_with_their_reason() {
    let report = json(&["globex.partner.yaml"]);
    assert_eq!(
        rules(&report["suppressed"]),
        owned(&[
            ("market-known", 17),
            ("account-phone-valid", 27),
            ("integrator-authorizing-shops", 41),
        ])
    );
    let s = &report["suppressed"][0]["suppression"];
    assert_eq!(s["reason"], "UK migration, see TICKET-7");
    assert_eq!(s["until"], "2026-12-31");
    assert_eq!(s["scope"], "line");
    assert_eq!(report["suppressed"][2]["suppression"]["scope"], "file");
    assert_eq!(report["summary"]["suppressed"], 3);
    assert_eq!(
        rules(&report["diagnostics"]),
        owned(&[
            ("unused-suppression", 3),
            ("suppression-reason", 26),
            ("schema", 28),
            // `GB` is read as UK by the other rules while `market-known` is silenced on
            // it: the contact is already told to be the UK team's.
            ("compliance-contact", 46),
            ("compliance-lead-time", 50),
        ]),
        "a misspelt id, a missing reason, a `#` inside a string, an expired date, the UK contact"
    );
    let unused = &report["diagnostics"][0];
    assert!(unused["message"]
        .as_str()
        .unwrap()
        .contains("did you mean `market-duplicate`?"));
    let expired = &report["diagnostics"][4];
    assert!(expired["help"]
        .as_str()
        .unwrap()
        .contains("Its suppression (line 50) expired on 2026-11-01"));
}

#[test]
fn a_suppression_lapses_after_its_date() {
    let before = json(&["globex.partner.yaml", "--today", "2026-12-31"]);
    assert!(rules(&before["suppressed"]).contains(&("market-known".to_string(), 17)));
    let after = json(&["globex.partner.yaml", "--today", "2027-01-01"]);
    assert!(!rules(&after["suppressed"]).contains(&("market-known".to_string(), 17)));
    let back = after["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "market-known")
        .expect("the finding is back");
    assert!(back["help"]
        .as_str()
        .unwrap()
        .contains("expired on 2026-12-31"));
}

#[test]
fn an_own_line_suppression_covers_the_next_line_and_unused_ones_are_reported() {
    let report = json(&["seller.partner.yaml"]);
    assert_eq!(
        rules(&report["suppressed"]),
        owned(&[("seller-own-data-only", 26)])
    );
    assert!(rules(&report["diagnostics"]).contains(&("unused-suppression".to_string(), 27)));
}

#[test]
fn suppression_levels_follow_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::copy(
        data("reports").join("seller.partner.yaml"),
        dir.path().join("s.partner.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".partnerlint.yaml"),
        "severity:\n  unused-suppression: off\n",
    )
    .unwrap();
    let out = run(dir.path(), &["check", "--format", "json"]);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(!rules(&report["diagnostics"])
        .iter()
        .any(|r| r.0 == "unused-suppression"));
}

#[test]
fn the_new_rules_are_documented() {
    for id in [
        "suppression-reason",
        "unused-suppression",
        "suppression-syntax",
        "config",
    ] {
        let out = run(&data("reports"), &["explain", id]);
        assert_eq!(code(&out), 0, "{id}");
        assert!(stdout(&out).starts_with(&format!("{id} (")), "{id}");
        assert!(stdout(&run(&data("reports"), &["rules"])).contains(id));
    }
}
