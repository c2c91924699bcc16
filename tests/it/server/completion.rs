//! Completion: keys valid at the cursor for the developer type, and values from the
//! schema and the pack's data tables, each with its documentation.

use super::*;

fn labels(s: &mut Session, name: &str, text: &str) -> Vec<(String, String)> {
    s.change(name, 2, text);
    let lines: Vec<&str> = text.split('\n').collect();
    let (line, character) = (
        lines.len() - 1,
        lines.last().unwrap().encode_utf16().count(),
    );
    let items = s.request("textDocument/completion", json!({"textDocument": {"uri": s.uri(name)}, "position": {"line": line, "character": character}}));
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["label"].as_str().unwrap().to_string(),
                i["documentation"]["value"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect()
}

fn names(items: &[(String, String)]) -> Vec<&str> {
    items.iter().map(|(l, _)| l.as_str()).collect()
}

#[test]
fn keys_for_the_developer_type_and_values_from_the_policy() {
    let mut s = Session::start();
    s.open("k.partner.yaml", "");
    let head = "format: 1\npolicy: \"2026.11\"\ndeveloper_type: app_developer\n";
    let keys = labels(&mut s, "k.partner.yaml", &format!("{head}re"));
    assert!(names(&keys).contains(&"registration"), "{keys:?}");
    assert!(
        !names(&keys).contains(&"seller"),
        "a seller's section, offered to an app developer: {keys:?}"
    );
    assert!(
        !names(&keys).contains(&"format"),
        "a key already there: {keys:?}"
    );
    assert!(keys.iter().all(|(_, doc)| !doc.is_empty()), "{keys:?}");
    let seller = labels(
        &mut s,
        "k.partner.yaml",
        "developer_type: seller_developer\n",
    );
    assert!(
        names(&seller).contains(&"seller") && !names(&seller).contains(&"registration"),
        "{seller:?}"
    );

    let nested = labels(
        &mut s,
        "k.partner.yaml",
        &format!("{head}compliance:\n  re"),
    );
    assert_eq!(names(&nested), ["review", "contact", "requested_on"]);

    let types = labels(&mut s, "k.partner.yaml", "developer_type: ");
    assert_eq!(
        names(&types),
        ["seller_developer", "app_developer", "system_integrator"]
    );
    // A cross-border partner is offered only the markets it may target.
    let markets = labels(
        &mut s,
        "k.partner.yaml",
        &format!("{head}registration:\n  region: CN\n  target_markets:\n    - "),
    );
    assert_eq!(names(&markets), ["UK", "MY", "VN", "TH", "PH", "SG"]);
    assert!(markets[0].1.contains("United Kingdom"), "{markets:?}");
    let us = labels(
        &mut s,
        "k.partner.yaml",
        &format!("{head}registration:\n  region: US\n  target_markets:\n    - "),
    );
    assert!(names(&us).contains(&"US"));
    let contacts = labels(
        &mut s,
        "k.partner.yaml",
        &format!("{head}compliance:\n  contact: "),
    );
    assert!(
        names(&contacts).contains(&"partner.uk@tiktokshop.com"),
        "{contacts:?}"
    );
    let review = labels(
        &mut s,
        "k.partner.yaml",
        &format!("{head}compliance:\n  review: "),
    );
    assert!(names(&review).contains(&"in_progress"));
    let status = labels(
        &mut s,
        "k.partner.yaml",
        &format!("{head}certification:\n  status: "),
    );
    assert!(names(&status).contains(&"under_review"));
    let category = labels(
        &mut s,
        "k.partner.yaml",
        "developer_type: seller_developer\nseller:\n  category: ",
    );
    assert_eq!(
        names(&category),
        ["Seller inhouse developer / TikTok Shop Seller"]
    );
    let regions = labels(
        &mut s,
        "k.partner.yaml",
        &format!("{head}registration:\n  region: "),
    );
    assert!(names(&regions).contains(&"HK"));
}
