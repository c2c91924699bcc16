//! Code actions: the suppression comment as a quick fix (applied, the finding goes and
//! the missing reason is reported), and `source.fixAll.partnerlint`.

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
    // No rule pack declares fixes yet (issue 15): the edit is empty, and applying it
    // changes nothing.
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
