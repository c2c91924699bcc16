//! Hover: on a finding what `explain` says; on a key its schema description; on a value
//! what it means.

use super::*;

fn hover(s: &mut Session, name: &str, line: u32, character: u32) -> String {
    let h = s.request("textDocument/hover", json!({"textDocument": {"uri": s.uri(name)}, "position": {"line": line, "character": character}}));
    h["contents"]["value"].as_str().unwrap_or("").to_string()
}

#[test]
fn explains_a_finding_describes_a_key_and_a_value() {
    let mut s = Session::start();
    // A cross-border partner targeting the US: `market-cross-border`.
    let text = CLEAN.replace("    - MY\n", "    - US\n");
    let published = s.open("h.partner.yaml", &text);
    let d = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "market-cross-border")
        .unwrap_or_else(|| panic!("{published}"))
        .clone();
    let (line, character) = start(&d);
    let on_finding = hover(&mut s, "h.partner.yaml", line as u32, character as u32);
    assert!(
        on_finding.contains("**market-cross-border**"),
        "{on_finding}"
    );
    assert!(on_finding.contains("**Why:"), "{on_finding}");
    assert!(
        on_finding.contains("> "),
        "the policy's words are quoted: {on_finding}"
    );
    assert!(on_finding.contains("How to fix"), "{on_finding}");

    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u32;
    let on_key = hover(&mut s, "h.partner.yaml", line_of("target_markets:"), 4);
    assert!(
        on_key.contains("registration.target_markets")
            && on_key.contains("markets the partner will serve"),
        "{on_key}"
    );
    let on_value = hover(&mut s, "h.partner.yaml", line_of("- UK"), 7);
    assert!(
        on_value.contains("United Kingdom") && on_value.contains("TikTok Shop market"),
        "{on_value}"
    );
    let on_type = hover(&mut s, "h.partner.yaml", line_of("developer_type:"), 18);
    assert!(
        on_type.contains("app developer or system integrator"),
        "{on_type}"
    );
    // Nothing under the cursor: a null result.
    let blank = text.lines().position(str::is_empty).unwrap() as u32;
    assert_eq!(hover(&mut s, "h.partner.yaml", blank, 0), "");
}
