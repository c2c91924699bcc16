//! Malformed messages, unknown methods, huge documents, a flood of changes, a client
//! that vanishes: the server keeps serving or ends per the protocol, and never panics.

use super::*;
use crate::support;
use std::io::{Read, Write};
use std::process::Stdio;

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
    assert!(matches!(s.finish(), Ended::Clean));
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
    assert!(matches!(s.finish(), Ended::Clean));
}

#[test]
fn exit_without_shutdown_and_a_vanished_client_end_the_session() {
    let mut s = Session::start();
    s.notify("exit", Value::Null);
    assert!(matches!(s.thread().join().unwrap(), Ended::WithoutShutdown));
    let mut s = Session::start();
    let thread = s.thread();
    drop(s);
    assert!(matches!(thread.join().unwrap(), Ended::WithoutShutdown));
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

#[test]
fn the_binary_passes_over_malformed_messages_and_exits_per_the_protocol() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = support::partnerlint(dir.path())
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(&frame("{not json")).unwrap();
    input
        .write_all(&frame(
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
        ))
        .unwrap();
    input
        .write_all(&frame(
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        ))
        .unwrap();
    input
        .write_all(&frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#))
        .unwrap();
    input
        .write_all(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#))
        .unwrap();
    let status = child.wait().unwrap();
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert!(status.success(), "{out}");
    assert!(
        out.contains("passed over a message that is not JSON-RPC"),
        "{out}"
    );
    assert!(
        out.contains(r#""id":1"#) && out.contains(r#""id":2"#),
        "{out}"
    );

    // A client that closes the pipe without a word: the server ends (exit code 1).
    let mut child = support::partnerlint(dir.path())
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    drop(child.stdin.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
}
