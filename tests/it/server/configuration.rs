//! Configuration: the `.partnerlint.yaml` that applies to each document, reloaded when
//! it changes; several workspace folders; a broken configuration shown in its file.

use super::*;

const US: &str = "    - MY\n";

#[test]
fn the_nearest_configuration_applies_and_is_reloaded_when_it_changes() {
    let mut s = Session::start();
    let text = CLEAN.replace(US, "    - US\n");
    std::fs::create_dir(s.path("team")).unwrap();
    std::fs::create_dir_all(s.path("team/certs")).unwrap();
    std::fs::write(s.path("team/certs/acme-business-licence.pdf"), "%PDF").unwrap();
    write(
        &s.path("team"),
        ".partnerlint.yaml",
        "severity:\n  market-cross-border: off\n",
    );
    let published = s.open("team/a.partner.yaml", &text);
    assert!(
        !codes(&published).contains(&"market-cross-border".to_string()),
        "{published}"
    );
    // Outside that folder the rule still applies.
    assert!(codes(&s.open("b.partner.yaml", &text)).contains(&"market-cross-border".to_string()));

    write(
        &s.path("team"),
        ".partnerlint.yaml",
        "severity:\n  market-cross-border: warning\n",
    );
    let uri = url::Url::from_file_path(s.path("team/.partnerlint.yaml"))
        .unwrap()
        .to_string();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 2}]}),
    );
    let published = s.diagnostics("team/a.partner.yaml");
    let d = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "market-cross-border")
        .unwrap_or_else(|| panic!("{published}"));
    assert_eq!(d["severity"], 2, "a warning now: {d}");
}

#[test]
fn a_broken_configuration_is_a_diagnostic_in_its_file() {
    let mut s = Session::start();
    write(
        s.dir.path(),
        ".partnerlint.yaml",
        "severity:\n  no-such-rule: error\nfail_on: loud\n",
    );
    let published = s.open("a.partner.yaml", CLEAN);
    assert_eq!(codes(&published), ["config"], "{published}");
    let in_config = s.diagnostics(".partnerlint.yaml");
    assert!(
        !in_config["diagnostics"].as_array().unwrap().is_empty(),
        "{in_config}"
    );
    // Fixed on disk: the document is checked again and the file's problems cleared.
    write(s.dir.path(), ".partnerlint.yaml", "fail_on: warning\n");
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": s.uri(".partnerlint.yaml"), "type": 2}]}),
    );
    assert_eq!(s.diagnostics(".partnerlint.yaml")["diagnostics"], json!([]));
    assert_eq!(
        codes(&s.diagnostics("a.partner.yaml")),
        Vec::<String>::new()
    );
}

#[test]
fn several_workspace_folders_each_bound_what_its_documents_read() {
    let s = Session::start();
    let other = tempfile::tempdir().unwrap();
    let other_path = other.path().canonicalize().unwrap();
    let other_uri = url::Url::from_file_path(&other_path).unwrap().to_string();
    s.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [{"uri": other_uri, "name": "o"}], "removed": []}}),
    );
    // A certificate path that climbs out of the folder is not read.
    let climbing = CLEAN.replace(
        "certs/acme-business-licence.pdf",
        &format!(
            "../{}/certs/acme-business-licence.pdf",
            s.dir.path().file_name().unwrap().to_str().unwrap()
        ),
    );
    let uri = url::Url::from_file_path(other_path.join("o.partner.yaml"))
        .unwrap()
        .to_string();
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": climbing}}),
    );
    let published = loop {
        let n = match s.recv() {
            Message::Notification(n) if n.params["uri"] == uri => n,
            _ => continue,
        };
        break n.params;
    };
    assert!(
        !published["diagnostics"].as_array().unwrap().is_empty(),
        "{published}"
    );
}
