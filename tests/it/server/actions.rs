//! Code actions: the fix a finding carries as a quick fix (preferred when safe), the
//! suppression comment as a quick fix (applied, the finding goes and the missing reason
//! is reported), and `source.fixAll.partnerlint` (the safe fixes, as `check --fix`).

use super::*;

/// Applies a workspace edit's changes for `uri` to `text` (UTF-16 positions).
pub fn apply(text: &str, edit: &Value, uri: &str) -> String {
    let mut edits: Vec<&Value> = edit["changes"][uri].as_array().unwrap().iter().collect();
    let offset = |p: &Value| {
        let (line, ch) = (
            p["line"].as_u64().unwrap() as usize,
            p["character"].as_u64().unwrap() as usize,
        );
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let line_text = &text[start..];
        let mut units = 0;
        for (i, c) in line_text.char_indices() {
            if units >= ch {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    edits.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    let mut out = text.to_string();
    for e in edits {
        let (a, b) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
        out.replace_range(a..b, e["newText"].as_str().unwrap());
    }
    out
}

#[test]
fn suppression_comment_as_a_quick_fix() {
    let mut s = Session::start();
    let text = CLEAN.replace("    - MY\n", "    - US\n");
    let published = s.open("q.partner.yaml", &text);
    let d = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "market-cross-border")
        .unwrap()
        .clone();
    let actions = s.request("textDocument/codeAction", json!({"textDocument": {"uri": s.uri("q.partner.yaml")}, "range": d["range"], "context": {"diagnostics": [d]}}));
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .contains("Suppress `market-cross-border`")
        })
        .unwrap_or_else(|| panic!("{actions}"))
        .clone();
    assert_eq!(action["kind"], "quickfix");
    let fixed = apply(&text, &action["edit"], &s.uri("q.partner.yaml"));
    assert!(
        fixed.contains("    # partnerlint: ignore[market-cross-border] -- \n    - US\n"),
        "{fixed}"
    );
    let after = s.change("q.partner.yaml", 2, &fixed);
    let codes = codes(&after);
    assert!(
        !codes.contains(&"market-cross-border".to_string()),
        "{after}"
    );
    // The reason is the partner's to write: until then the check asks for it.
    assert!(codes.contains(&"suppression-reason".to_string()), "{after}");
    // A finding that comments cannot silence (the missing reason itself) gets none.
    let d = after["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "suppression-reason")
        .unwrap()
        .clone();
    let actions = s.request("textDocument/codeAction", json!({"textDocument": {"uri": s.uri("q.partner.yaml")}, "range": d["range"], "context": {"diagnostics": [d]}}));
    assert!(
        actions.as_array().unwrap().iter().all(|a| !a["title"]
            .as_str()
            .unwrap()
            .contains("Suppress `suppression-reason`")),
        "{actions}"
    );
}

#[test]
fn fix_all_is_offered_when_asked_for() {
    let mut s = Session::start();
    let text = CLEAN.replace("    - MY\n", "    - US\n");
    s.open("f.partner.yaml", &text);
    let everything =
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 999, "character": 0}});
    let actions = s.request("textDocument/codeAction", json!({"textDocument": {"uri": s.uri("f.partner.yaml")}, "range": everything, "context": {"diagnostics": [], "only": ["source.fixAll"]}}));
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.partnerlint");
    // A finding with no fix (the market): the edit is empty, and applying it changes
    // nothing.
    assert_eq!(
        apply(&text, &actions[0]["edit"], &s.uri("f.partner.yaml")),
        text
    );
    let quick = s.request("textDocument/codeAction", json!({"textDocument": {"uri": s.uri("f.partner.yaml")}, "range": everything, "context": {"diagnostics": [], "only": ["quickfix"]}}));
    assert!(quick
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["kind"] == "quickfix"));
}

/// `CLEAN` with a byte-order mark, CRLF line ends, and `from` written as `to`.
fn crlf_with(replacements: &[(&str, &str)]) -> String {
    let mut text = CLEAN.to_string();
    for (from, to) in replacements {
        assert_eq!(text.matches(from).count(), 1, "{from}");
        text = text.replacen(from, to, 1);
    }
    format!("\u{feff}{}", text.replace('\n', "\r\n"))
}

/// The contact on one line, Chinese text (and a character outside the BMP) before an
/// unquoted phone number: YAML reads `+8613800138000` as an integer, and the rule pack
/// declares quoting it as written as the fix.
const CONTACT: &str = "  contact:\n    name: 李伟 (Li Wei)\n    email: li.wei@acme-trading.example\n    phone: \"+86 21 5555 0101\"\n";
const CONTACT_FLOW: &str =
    "  contact: {name: 李伟𝄞, email: li.wei@acme-trading.example, phone: +8613800138000}\n";

/// The code actions for the whole of `name`, restricted to `only` when given.
fn actions_for(s: &mut Session, name: &str, only: Option<&str>) -> Vec<Value> {
    let everything =
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 999, "character": 0}});
    let mut context = json!({"diagnostics": []});
    if let Some(only) = only {
        context["only"] = json!([only]);
    }
    let answer = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": s.uri(name)}, "range": everything, "context": context}),
    );
    answer.as_array().unwrap().clone()
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action `{title}`: {actions:#?}"))
}

#[test]
fn a_safe_fix_is_a_preferred_quick_fix_in_utf16_after_chinese_text_and_crlf() {
    let mut s = Session::start();
    let text = crlf_with(&[(CONTACT, CONTACT_FLOW)]);
    s.open("s.partner.yaml", &text);
    let actions = actions_for(&mut s, "s.partner.yaml", Some("quickfix"));
    let action = titled(&actions, "Quote `+8613800138000` as written");
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["isPreferred"], true, "{action}");
    // Declared by the rule pack (`fix:` of `account-phone-valid`).
    assert_eq!(
        action["diagnostics"][0]["code"], "account-phone-valid",
        "{action}"
    );
    // UTF-16: 李伟 two units, 𝄞 two; the edit lands on the number, nothing else moves.
    let fixed = apply(&text, &action["edit"], &s.uri("s.partner.yaml"));
    assert_eq!(
        fixed,
        text.replace("phone: +8613800138000}", "phone: \"+8613800138000\"}")
    );
    let after = s.change("s.partner.yaml", 2, &fixed);
    assert_eq!(codes(&after), Vec::<String>::new(), "{after}");
}

#[test]
fn an_unsafe_fix_is_offered_but_not_preferred_nor_applied_by_fix_all() {
    let mut s = Session::start();
    let text = crlf_with(&[("  target_markets:", "  target_market:")]);
    s.open("u.partner.yaml", &text);
    let actions = actions_for(&mut s, "u.partner.yaml", None);
    let action = titled(&actions, "Rename `target_market` to `target_markets`");
    assert_eq!(action["kind"], "quickfix");
    assert_ne!(action.get("isPreferred"), Some(&json!(true)), "{action}");
    let fixed = apply(&text, &action["edit"], &s.uri("u.partner.yaml"));
    assert_eq!(fixed, text.replace("target_market:", "target_markets:"));
    // Nothing safe to fix: fixAll is not offered unasked, and asked, it changes nothing.
    assert!(
        actions
            .iter()
            .all(|a| a["kind"] != "source.fixAll.partnerlint"),
        "{actions:#?}"
    );
    let all = actions_for(&mut s, "u.partner.yaml", Some("source.fixAll"));
    assert_eq!(
        apply(&text, &all[0]["edit"], &s.uri("u.partner.yaml")),
        text
    );
}

#[test]
fn fix_all_applies_every_safe_fix_a_rule_pack_or_the_schema_declares() {
    let mut s = Session::start();
    let text = crlf_with(&[
        (CONTACT, CONTACT_FLOW),
        ("    type: public ", "    type: Public "),
        ("  target_markets:", "  target_market:"),
    ]);
    s.open("a.partner.yaml", &text);
    let actions = actions_for(&mut s, "a.partner.yaml", Some("source.fixAll"));
    assert_eq!(actions.len(), 1, "{actions:#?}");
    let fixed = apply(&text, &actions[0]["edit"], &s.uri("a.partner.yaml"));
    // The two safe fixes, and not the guess.
    let expected = text
        .replace("phone: +8613800138000}", "phone: \"+8613800138000\"}")
        .replace("    type: Public ", "    type: public ");
    assert_eq!(fixed, expected);
    // The same text as `check --fix` writes for the same file.
    let cli = crate::support::output_with_input(
        crate::support::partnerlint(s.dir.path()).args([
            "check",
            "-",
            "--fix",
            "--stdin-filename",
            "a.partner.yaml",
        ]),
        text.as_bytes(),
    );
    assert_eq!(String::from_utf8_lossy(&cli.stdout), fixed);
    // The document is clean but for the guess's finding.
    let after = s.change("a.partner.yaml", 2, &fixed);
    assert!(codes(&after).iter().all(|c| c == "schema"), "{after}");
}
