//! Diagnostics as you type: the same findings as `check`, published on open, change
//! and save, with the rule id as `code`, severities and related locations.

use super::*;
use crate::support;

/// A cross-border application that targets the US and repeats an email.
const BROKEN: &str = "format: 1\npolicy: \"2026.11\"\naccount:\n  email: ops@acme.example\ndeveloper_type: app_developer\nregistration:\n  region: CN\n  target_markets: [US, UK]\n  business_category: Order management\n";

#[test]
fn publishes_what_check_reports_on_open_and_change() {
    let mut s = Session::start();
    let clean = s.open("a.partner.yaml", CLEAN);
    assert_eq!(codes(&clean), Vec::<String>::new(), "{clean}");
    assert_eq!(clean["version"], 1);

    let published = s.change("a.partner.yaml", 2, BROKEN);
    assert_eq!(published["version"], 2);
    // The same findings `check -` gives for the same text and path.
    write(s.dir.path(), "a.partner.yaml", BROKEN);
    let out = support::run(
        s.dir.path(),
        &["check", "--format", "json", "a.partner.yaml"],
    );
    let report: Value = serde_json::from_str(&support::stdout(&out)).unwrap();
    let expected: Vec<(String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(1),
            )
        })
        .collect();
    let got: Vec<(String, u64)> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), start(d).0 + 1))
        .collect();
    assert!(expected.len() >= 3, "{report}");
    assert_eq!(got, expected);
    let d = &published["diagnostics"][0];
    assert_eq!(d["source"], "partnerlint");
    assert!([1, 2, 3].contains(&d["severity"].as_u64().unwrap()));
    // Saving checks again; closing clears the findings.
    s.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": s.uri("a.partner.yaml")}, "text": CLEAN}),
    );
    assert_eq!(
        codes(&s.diagnostics("a.partner.yaml")),
        Vec::<String>::new()
    );
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": s.uri("a.partner.yaml")}}),
    );
    assert_eq!(s.diagnostics("a.partner.yaml")["diagnostics"], json!([]));
    assert_eq!(s.finish(), Ended::Clean);
}

#[test]
fn related_locations_point_at_the_other_place() {
    let mut s = Session::start();
    let text = CLEAN.replace("format: 1\n", "format: 1\nformat: 1\n");
    let published = s.open("dup.partner.yaml", &text);
    let with_related: Vec<&Value> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["relatedInformation"].is_array())
        .collect();
    assert!(!with_related.is_empty(), "{published}");
    assert_eq!(with_related[0]["code"], "yaml-duplicate-key");
    let related = &with_related[0]["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], s.uri("dup.partner.yaml"));
    assert_eq!(related["message"], "first definition");
    let first = CLEAN.lines().position(|l| l == "format: 1").unwrap() as u64;
    assert_eq!(related["location"]["range"]["start"]["line"], first);
    assert_eq!(start(with_related[0]).0, first + 1);
}

#[test]
fn unsaved_text_is_checked_and_certificates_resolve_against_the_folder() {
    let mut s = Session::start();
    // The certificate exists beside the document: no finding.
    assert_eq!(
        codes(&s.open("c.partner.yaml", CLEAN)),
        Vec::<String>::new()
    );
    // Unsaved text naming a missing certificate: its finding, though nothing is on disk.
    let missing = CLEAN.replace("certs/acme-business-licence.pdf", "certs/missing.pdf");
    let published = s.change("c.partner.yaml", 2, &missing);
    assert!(!codes(&published).is_empty(), "{published}");
    assert!(!s.path("c.partner.yaml").exists());
}

#[test]
fn schema_findings_can_be_left_to_yaml_language_server() {
    let text = "format: 1\npolicy: \"1999.01\"\ndeveloper_type: app_developer\nunknown_key: 1\n";
    let mut s = Session::start();
    assert!(codes(&s.open("s.partner.yaml", text)).contains(&"schema".to_string()));
    let mut s = Session::start_with(|_| {}, json!({}), json!({"schemaFindings": false}));
    let published = s.open("s.partner.yaml", text);
    assert!(
        !codes(&published).contains(&"schema".to_string()),
        "{published}"
    );
    assert!(!codes(&published).is_empty());
    // A null configuration means the defaults again.
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    assert!(codes(&s.diagnostics("s.partner.yaml")).contains(&"schema".to_string()));
}

#[test]
fn policy_and_today_come_from_the_initialization_options() {
    let text = CLEAN.replace("policy: \"2026.11\"\n", "");
    // The settings' date applies when the command line gives none.
    let mut s = Session::start_with(
        |server| {
            server.env_remove("PARTNERLINT_TODAY");
        },
        json!({}),
        json!({"today": "2020-01-01"}),
    );
    let published = s.open("t.partner.yaml", &text);
    assert_eq!(codes(&published), ["policy-version"], "{published}");
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"partnerlint": {"policy": "2026.11", "today": "2020-01-01"}}}),
    );
    let published = s.diagnostics("t.partner.yaml");
    assert!(
        !codes(&published).contains(&"policy-version".to_string()),
        "{published}"
    );
    // On that date the review's request date lies in the future.
    assert!(
        codes(&published).contains(&"compliance-requested-date".to_string()),
        "{published}"
    );
    // A setting that is not a date is reported, and the defaults apply.
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"today": "soon"}}),
    );
    s.diagnostics("t.partner.yaml");
    assert!(s.pending.iter().any(|n| n.method == "window/logMessage"
        && n.params["message"].as_str().unwrap().contains("not a date")));
}

#[test]
fn other_documents_are_not_checked() {
    let mut s = Session::start();
    s.notify("textDocument/didOpen", json!({"textDocument": {"uri": s.uri("notes.yaml"), "languageId": "yaml", "version": 1, "text": "a: ["}}));
    // The next message published is the application's, not the other file's.
    let published = s.open("x.partner.yml", CLEAN);
    assert_eq!(published["uri"], s.uri("x.partner.yml"));
}
