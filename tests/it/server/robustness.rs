//! Malformed messages, unknown methods, huge documents, a flood of changes, a client
//! that vanishes: the server keeps serving or ends per the protocol, and never panics.

use super::*;

#[test]
fn unknown_methods_and_bad_params_are_errors_and_the_session_goes_on() {
    let mut s = Session::start();
    let r = s.call("textDocument/semanticTokens/full", json!({}));
    assert_eq!(
        r.response_result.unwrap_err().code,
        lsp_server::ErrorCode::MethodNotFound as i32
    );
    let r = s.call("textDocument/hover", json!({"textDocument": 42}));
    assert_eq!(
        r.response_result.unwrap_err().code,
        lsp_server::ErrorCode::InvalidParams as i32
    );
    s.notify("custom/unknown", json!({"x": 1}));
    s.notify("textDocument/didChange", json!("not params"));
    // A hover on a document never opened: nothing, not an error.
    assert_eq!(s.request("textDocument/hover", json!({"textDocument": {"uri": s.uri("none.partner.yaml")}, "position": {"line": 0, "character": 0}})), Value::Null);
    assert_eq!(
        codes(&s.open("a.partner.yaml", CLEAN)),
        Vec::<String>::new()
    );
    assert_eq!(s.finish(), Ended::Clean);
}

#[test]
fn a_flood_of_changes_ends_in_the_findings_of_the_last() {
    let mut s = Session::start();
    s.open("f.partner.yaml", CLEAN);
    let uri = s.uri("f.partner.yaml");
    for version in 2..=500 {
        let text = if version == 500 {
            CLEAN.replace("    - MY\n", "    - US\n")
        } else {
            format!("{CLEAN}# edit {version}\n")
        };
        s.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}));
    }
    let last = loop {
        let p = s.diagnostics("f.partner.yaml");
        if p["version"] == 500 {
            break p;
        }
    };
    assert!(
        codes(&last).contains(&"market-cross-border".to_string()),
        "{last}"
    );
}

#[test]
fn a_huge_document_is_refused_with_a_finding() {
    let mut s = Session::start();
    let huge = format!(
        "{CLEAN}# {}\n",
        "x".repeat(
            partnerlint::CheckOptions::new(jiff::civil::date(2026, 1, 1)).max_file_size as usize
        )
    );
    assert_eq!(codes(&s.open("h.partner.yaml", &huge)), ["file-unreadable"]);
    // Edits in huge positions are clamped, not a panic.
    s.notify("textDocument/didChange", json!({"textDocument": {"uri": s.uri("h.partner.yaml"), "version": 2},
        "contentChanges": [{"range": {"start": {"line": 99999, "character": 5}, "end": {"line": 3, "character": 99999}}, "text": "x"}]}));
    s.diagnostics("h.partner.yaml");
    assert_eq!(s.finish(), Ended::Clean);
    // `--max-file-size` lowers the limit: the example is refused under its size.
    let mut s = Session::start_with(
        |server| {
            server.args(["--max-file-size", &(CLEAN.len() - 1).to_string()]);
        },
        json!({}),
        Value::Null,
    );
    assert_eq!(codes(&s.open("h.partner.yaml", CLEAN)), ["file-unreadable"]);
}

#[test]
fn exit_without_shutdown_and_a_vanished_client_end_the_session() {
    let mut s = Session::start();
    s.notify("exit", Value::Null);
    assert_eq!(s.wait(), Ended::WithoutShutdown);
    // Before `initialize` too.
    let mut s = Session::spawn(|_| {});
    s.notify("exit", Value::Null);
    assert_eq!(s.wait(), Ended::WithoutShutdown);
    // A client that closes the pipe without a word, with a document open.
    let mut s = Session::start();
    s.open("a.partner.yaml", CLEAN);
    assert_eq!(s.hang_up(), Ended::WithoutShutdown);
    assert_eq!(s.stderr, "");
}

/// `body` framed as the protocol frames a message (`Content-Length`).
fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// The `window/logMessage` texts received so far.
fn log_messages(s: &Session) -> Vec<String> {
    s.pending
        .iter()
        .filter(|n| n.method == "window/logMessage")
        .map(|n| n.params["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_message_that_is_not_json_rpc_is_passed_over_and_the_session_goes_on() {
    let mut s = Session::spawn(|_| {});
    // Before `initialize`: a body that is not JSON, and a request, refused.
    s.send_bytes(&frame("{not json"));
    let r = s.call("textDocument/hover", json!({}));
    assert_eq!(
        r.response_result.unwrap_err().code,
        lsp_server::ErrorCode::ServerNotInitialized as i32
    );
    s.initialize(json!({}), Value::Null);
    // After it: JSON that is not JSON-RPC, and a body that is not UTF-8.
    s.send_bytes(&frame(r#"{"jsonrpc":"2.0","params":[1]}"#));
    s.send_bytes(b"Content-Length: 4\r\n\r\n\xff\xfe{}");
    assert_eq!(
        codes(&s.open("a.partner.yaml", CLEAN)),
        Vec::<String>::new()
    );
    let notes = log_messages(&s);
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(
        notes
            .iter()
            .all(|n| n.starts_with("partnerlint: passed over a message that is not JSON-RPC")),
        "{notes:?}"
    );
    assert_eq!(s.finish(), Ended::Clean);
}

#[test]
fn broken_framing_ends_the_session_with_a_reason_on_standard_error() {
    for (bytes, why) in [
        (
            &b"Content-Length: lots\r\n\r\n{}"[..],
            "Content-Length is not a number",
        ),
        (
            b"Content-Type: application/json\r\n\r\n{}",
            "a message without Content-Length",
        ),
        // A header line without a colon, with a terminal escape: shown escaped.
        (b"Content-Length 2\x1b[2J\r\n\r\n{}", "not a header"),
    ] {
        let mut s = Session::start();
        s.open("a.partner.yaml", CLEAN);
        // The standard input stays open: the server ends on the broken frame itself.
        s.send_bytes(bytes);
        assert_eq!(s.wait(), Ended::WithoutShutdown);
        assert!(
            s.stderr
                .starts_with("partnerlint server: cannot read the client's messages: ")
                && s.stderr.contains(why),
            "{}",
            s.stderr
        );
        assert!(!s.stderr.contains('\x1b'), "{:?}", s.stderr);
    }
    // A body cut short by the client going away.
    let mut s = Session::start();
    s.send_bytes(b"Content-Length: 100\r\n\r\n{\"jsonrpc\": \"2.0\", \"met");
    assert_eq!(s.hang_up(), Ended::WithoutShutdown);
    assert!(
        s.stderr.contains("cannot read the client's messages"),
        "{}",
        s.stderr
    );
}
