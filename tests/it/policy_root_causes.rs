//! One mistake, one true finding, across rules: what a fixture (one rule id per line)
//! cannot say. A market the partner may not target gets one finding and no advice; a
//! known alias is read as its code, and the findings say so; and the engine's messages
//! say what is actually wrong (a pinned version not yet in force, an empty section, a
//! misspelt key beside the key it resembles, the `developer_type` that requires a section,
//! each severity a rule reports at).

use crate::support::*;
use serde_json::Value;
use std::path::Path;

/// A CN-registered app developer's application; `markets` and `compliance` vary.
fn cn_application(markets: &str, portal: &str, compliance: &str) -> String {
    format!(
        r#"format: 1
policy: "2026.11"
account:
  email: ops@acme-trading.example
  portal: {portal}
developer_type: app_developer
registration:
  region: CN
  target_markets: {markets}
  business_category: Order management
company:
  name: Acme Trading Ltd
  contact:
    name: Li Wei
    email: li.wei@acme-trading.example
certification:
  status: approved
  business_certificate:
    file: certs/licence.pdf
    issuing_region: CN
  registration_number: "91310000MA1FL0XX0X"
apps: []
{compliance}
"#
    )
}

/// `partnerlint check --format json` on `text`, written as `app.partner.yaml` in a
/// folder of its own: the diagnostics.
fn check(text: &str, extra: &[&str]) -> (i32, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.partner.yaml"), text).unwrap();
    std::fs::create_dir(dir.path().join("certs")).unwrap();
    std::fs::write(dir.path().join("certs/licence.pdf"), "%PDF-1.4\n").unwrap();
    check_in(dir.path(), extra)
}

fn check_in(dir: &Path, extra: &[&str]) -> (i32, Vec<Value>) {
    let mut args = vec!["check", "app.partner.yaml", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    let diagnostics = json["diagnostics"].as_array().cloned().unwrap_or_default();
    (code(&out), diagnostics)
}

fn rules(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["rule"].as_str().unwrap_or_default())
        .collect()
}

/// Whether a diagnostic's words are about the US: its code, its team or its portal.
fn about_us(d: &Value) -> bool {
    let words = format!("{} {}", d["message"], d["help"]);
    let us = regex::Regex::new(r"\bUS\b|partner\.us[@.]|portal: us").unwrap();
    us.is_match(&words)
}

#[test]
fn a_cn_partner_listing_us_gets_one_error_about_us_and_no_advice_about_it() {
    // US beside UK, with the global portal and the UK team: the portal, the portal split,
    // the US review and the US team were all advised once.
    let text = cn_application(
        "[US, UK]",
        "global",
        "compliance:\n  review: requested\n  contact: partner.uk@tiktokshop.com\n  requested_on: 2026-11-02\n",
    );
    let (exit, found) = check(&text, &[]);
    assert_eq!(exit, 1, "{found:#?}");
    let us: Vec<&Value> = found.iter().filter(|d| about_us(d)).collect();
    assert_eq!(us.len(), 1, "exactly one finding about US: {found:#?}");
    assert_eq!(us[0]["rule"], "market-cross-border", "{found:#?}");
    assert_eq!(us[0]["severity"], "error");
    assert_eq!(us[0]["pointer"], "/registration/target_markets/0");
    let errors = found.iter().filter(|d| d["severity"] == "error").count();
    assert_eq!(
        errors, 1,
        "the one error is the rejected market: {found:#?}"
    );

    // US alone, with the US portal's team named: nothing is left to advise on.
    let text = cn_application(
        "[US]",
        "global",
        "compliance:\n  review: requested\n  contact: partner.us@tiktokshop.com\n  requested_on: 2026-11-02\n",
    );
    let (_, found) = check(&text, &[]);
    assert_eq!(rules(&found), ["market-cross-border"], "{found:#?}");

    // Without a compliance section: no "US partners need the review".
    let text = cn_application("[US, MY]", "global", "");
    let (_, found) = check(&text, &[]);
    let us: Vec<&str> = found
        .iter()
        .filter(|d| about_us(d))
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(us, ["market-cross-border"], "{found:#?}");
}

#[test]
fn a_local_partner_is_not_told_to_split_and_hears_of_the_missing_review_once() {
    let text = r#"format: 1
account:
  email: partnerships@thames-retail.example
developer_type: app_developer
registration:
  region: UK
  target_markets: [UK, US]
  business_category: Analytics
company:
  name: Thames Retail Technology Ltd
  contact:
    name: Oliver Bennett
    email: oliver.bennett@thames-retail.example
certification:
  status: approved
  business_certificate:
    file: certs/licence.pdf
    issuing_region: UK
  registration_number: "14839207"
"#;
    let (_, found) = check(text, &[]);
    assert_eq!(
        rules(&found),
        ["compliance-us-uk-required", "market-local-only"],
        "{found:#?}"
    );
    let review = &found[0];
    let help = review["help"].as_str().unwrap();
    assert!(help.contains("partner.uk@tiktokshop.com"), "{help}");
    assert!(!help.contains("partner.us@"), "one team, the UK's: {help}");
}

#[test]
fn a_known_alias_is_read_as_its_code_and_the_findings_say_so() {
    // GB, with no compliance section: the review is already required, "assuming GB is UK".
    let text = cn_application("[GB, MY]", "global", "");
    let (_, found) = check(&text, &[]);
    assert_eq!(
        rules(&found),
        ["compliance-us-uk-required", "market-known"],
        "{found:#?}"
    );
    let review = found[0]["message"].as_str().unwrap();
    assert!(review.starts_with("UK partners need"), "{review}");
    assert!(review.ends_with("(assuming `GB` is UK)"), "{review}");
    // market-known reads the value as written, and points at it.
    assert_eq!(found[1]["message"], "`GB` is not a TikTok Shop market");
    assert_eq!(found[0]["pointer"], found[1]["pointer"]);

    // A seller's leftover ISV registration is not read at all: the shop's market decides.
    let seller = r#"format: 1
account:
  email: owner@bloom-boutique.example
developer_type: seller_developer
seller:
  shop_name: Bloom Boutique
  shop_market: US
  shop_status: activated
  shop_email: owner@bloom-boutique.example
  category: Seller inhouse developer / TikTok Shop Seller
registration:
  region: CN
  target_markets: [UK, MY]
  business_category: Order management
compliance:
  review: planned
  contact: partner.us@tiktokshop.com
"#;
    let (_, found) = check(seller, &[]);
    assert_eq!(rules(&found), ["section-developer-type"], "{found:#?}");
    assert_eq!(found[0]["pointer"], "/registration");
    let related = found[0]["related"].as_array().unwrap();
    assert_eq!(related.len(), 1, "developer_type is labelled: {found:#?}");
}

#[test]
fn the_lead_time_check_and_the_plan_read_one_table() {
    // The check's dates come from `review_lead_days`: 21 days after the request.
    let data = std::fs::read_to_string(manifest_dir().join("rules/2026.11/data.yaml")).unwrap();
    assert!(
        data.contains("\n  review_lead_days: 21\n"),
        "the table is there"
    );
    for file in [
        "compliance.yaml",
        "account.yaml",
        "isv.yaml",
        "developer-types.yaml",
    ] {
        let rules =
            std::fs::read_to_string(manifest_dir().join("rules/2026.11/rules").join(file)).unwrap();
        assert!(
            !rules.contains("plus_days:21") && !rules.contains("at_least: 21"),
            "{file} writes the lead time as data.review_lead_days"
        );
    }
    let seller = |review: &str, launch: &str| {
        format!(
            "format: 1\naccount:\n  email: owner@bloom-boutique.example\ndeveloper_type: seller_developer\nseller:\n  shop_name: Bloom Boutique\n  shop_market: US\n  shop_status: activated\n  shop_email: owner@bloom-boutique.example\n  category: Seller inhouse developer / TikTok Shop Seller\ncompliance:\n  {review}\n  contact: partner.us@tiktokshop.com\n  requested_on: 2026-11-10\nlaunch:\n  planned_date: {launch}\n"
        )
    };
    let (_, found) = check(&seller("review: requested", "2026-11-27"), &[]);
    assert_eq!(rules(&found), ["compliance-lead-time"], "{found:#?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("the earliest realistic date is 2026-12-01"),
        "{message}"
    );
    // Approved: the review is complete, the lead time is no longer a concern.
    let (_, found) = check(&seller("review: approved", "2026-11-27"), &[]);
    assert_eq!(rules(&found), Vec::<&str>::new(), "{found:#?}");
    // A launch already past is one warning, not also a lead time.
    let (_, found) = check(&seller("review: requested", "2026-11-20"), &[]);
    assert_eq!(rules(&found), ["launch-in-past"], "{found:#?}");
}

#[test]
fn a_pinned_version_not_yet_in_force_is_reported_and_still_checked() {
    let text = cn_application(
        "[US, UK]",
        "global",
        "compliance:\n  review: requested\n  contact: partner.uk@tiktokshop.com\n  requested_on: 2026-10-02\n",
    );
    let (exit, found) = check(&text, &["--today", "2026-10-15"]);
    assert_eq!(exit, 1);
    assert_eq!(
        rules(&found),
        ["policy-version", "market-cross-border"],
        "{found:#?}"
    );
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("not in force until 2026-11-01"),
        "{message}"
    );
    // In force: no finding about the version.
    let (_, found) = check(&text, &["--today", "2026-11-01"]);
    assert_eq!(rules(&found), ["market-cross-border"], "{found:#?}");
}

#[test]
fn engine_messages_say_what_is_actually_wrong() {
    // An empty section is there to be filled in: not "no `compliance` section", and not
    // "remove the line".
    let text = cn_application("[UK]", "global", "compliance: ~\n");
    let (_, found) = check(&text, &[]);
    assert_eq!(rules(&found), ["schema"], "{found:#?}");
    let help = found[0]["help"].as_str().unwrap();
    assert!(help.contains("is an empty section"), "{help}");
    assert!(!help.contains("remove the line"), "{help}");

    // A misspelt key is not told to become the key already beside it.
    let text = r#"format: 1
account:
  email: ops@acme-trading.example
  emails: ops@acme-trading.example
developer_type: app_developer
"#;
    let (_, found) = check(text, &[]);
    let typo = found
        .iter()
        .find(|d| d["pointer"] == "/account/emails")
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert!(
        !typo["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `email`"),
        "{typo:#?}"
    );

    // The sections a developer type requires are labelled at `developer_type`.
    let missing = found
        .iter()
        .find(|d| d["pointer"] == "/registration")
        .unwrap_or_else(|| panic!("{found:#?}"));
    let related = missing["related"].as_array().unwrap();
    assert_eq!(related.len(), 1, "{missing:#?}");
    assert_eq!(related[0]["line"], 5, "{missing:#?}");
    assert!(
        related[0]["message"]
            .as_str()
            .unwrap()
            .contains("app_developer"),
        "{missing:#?}"
    );
}

#[test]
fn rules_show_every_severity_a_rule_reports_at() {
    let out = run(&manifest_dir(), &["rules"]);
    let text = stdout(&out);
    let row = text
        .lines()
        .find(|l| l.starts_with("account-phone-valid "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(row.contains(" warning/error "), "{row}");
    let row = text
        .lines()
        .find(|l| l.starts_with("market-known "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(row.contains(" error "), "{row}");

    let out = run(&manifest_dir(), &["rules", "--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let phone = json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "account-phone-valid")
        .unwrap();
    assert_eq!(phone["severity"], "warning");
    assert_eq!(phone["severities"], serde_json::json!(["warning", "error"]));
}
