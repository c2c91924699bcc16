//! Ranges in the negotiated position encoding: UTF-16 by default, UTF-8 or UTF-32 when
//! the client offers them; right after Chinese text, a byte-order mark and CRLF.

use super::*;

/// A finding on a value after Chinese text, in a file with a byte-order mark and CRLF
/// line ends: `business_category` empty after a Chinese company name on its line.
fn text() -> String {
    let body = "format: 1\npolicy: \"2026.11\"\ndeveloper_type: app_developer\nregistration: {name: 上海艾克梅𝄞, region: XX}\n";
    format!("\u{feff}{}", body.replace('\n', "\r\n"))
}

fn region_start(encoding: Option<&str>) -> (Value, (u64, u64)) {
    let caps = match encoding {
        Some(e) => json!({"general": {"positionEncodings": [e]}}),
        None => json!({}),
    };
    let mut s = Session::start_with(|_| {}, caps, Value::Null);
    let published = s.open("p.partner.yaml", &text());
    let d = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["range"]["start"]["line"] == 3
                && d["range"]["start"]["character"].as_u64().unwrap() > 20
        })
        .unwrap_or_else(|| panic!("no finding after the Chinese text: {published}"))
        .clone();
    let at = start(&d);
    (d, at)
}

#[test]
fn utf16_by_default_utf8_and_utf32_when_offered() {
    // `registration: {name: ` is 21 characters; 上海艾克梅 5 (15 bytes), 𝄞 2 UTF-16
    // units (4 bytes), then `, ` and `region: ` precede the value or key found.
    let (d16, at16) = region_start(None);
    let (_, at8) = region_start(Some("utf-8"));
    let (_, at32) = region_start(Some("utf-32"));
    assert_eq!(at16.0, 3);
    assert_eq!(
        at16.1 - at32.1,
        1,
        "𝄞 is two UTF-16 units, one UTF-32: {d16}"
    );
    assert_eq!(
        at8.1 - at32.1,
        5 * 2 + 3,
        "each Chinese character is 3 bytes, 𝄞 4: {d16}"
    );
    // The line is the fourth: the byte-order mark and CRLF do not move it.
    let line = text().split("\r\n").nth(3).unwrap().to_string();
    let prefix_chars = at32.1 as usize;
    let rest: String = line.chars().skip(prefix_chars).collect();
    assert!(
        rest.starts_with("region") || rest.starts_with("XX"),
        "{rest}"
    );
}

#[test]
fn the_encoding_chosen_is_announced() {
    let s = Session::start_with(
        |_| {},
        json!({"general": {"positionEncodings": ["utf-32", "utf-16"]}}),
        Value::Null,
    );
    assert_eq!(s.initialized["capabilities"]["positionEncoding"], "utf-32");
    // A client that offers none gets UTF-16, and is told so.
    let s = Session::start();
    assert_eq!(s.initialized["capabilities"]["positionEncoding"], "utf-16");
}

#[test]
fn incremental_changes_count_in_the_encoding() {
    let mut s = Session::start();
    let text = "format: 1\r\npolicy: \"2026.11\"\r\ndeveloper_type: app_developer # 中文\r\n";
    s.open("i.partner.yaml", text);
    // Replace `app_developer` (line 2, UTF-16 characters 16..29) by `seller_developer`.
    s.notify("textDocument/didChange", json!({"textDocument": {"uri": s.uri("i.partner.yaml"), "version": 2},
        "contentChanges": [{"range": {"start": {"line": 2, "character": 16}, "end": {"line": 2, "character": 29}}, "text": "seller_developer"}]}));
    let published = s.diagnostics("i.partner.yaml");
    // A seller developer needs `seller:`: the schema says so about the document.
    assert!(published.to_string().contains("seller"), "{published}");
    let hover = s.request("textDocument/hover", json!({"textDocument": {"uri": s.uri("i.partner.yaml")}, "position": {"line": 2, "character": 20}}));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("seller"),
        "{hover}"
    );
}
