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
    let mut s = Session::start();
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

#[test]
fn a_configuration_above_the_workspace_folder_is_not_used() {
    let s = Session::start();
    // Above the workspace folder: a repository (`.git`) whose configuration switches
    // off a rule; `check` run there would take it, a document of the folder must not.
    std::fs::create_dir(s.path(".git")).unwrap();
    write(
        s.dir.path(),
        ".partnerlint.yaml",
        "severity:\n  market-cross-border: off\n",
    );
    std::fs::create_dir_all(s.path("inner/certs")).unwrap();
    std::fs::write(s.path("inner/certs/acme-business-licence.pdf"), "%PDF").unwrap();
    s.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [{"uri": s.uri("inner"), "name": "inner"}],
                         "removed": [{"uri": s.uri(""), "name": "w"}]}}),
    );
    let mut s = s;
    let text = CLEAN.replace(US, "    - US\n");
    let published = s.open("inner/a.partner.yaml", &text);
    assert!(
        codes(&published).contains(&"market-cross-border".to_string()),
        "{published}"
    );
    // The workspace folder's own configuration applies.
    write(
        &s.path("inner"),
        ".partnerlint.yaml",
        "severity:\n  market-cross-border: off\n",
    );
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": s.uri("inner/.partnerlint.yaml"), "type": 1}]}),
    );
    let published = s.diagnostics("inner/a.partner.yaml");
    assert!(
        !codes(&published).contains(&"market-cross-border".to_string()),
        "{published}"
    );
}

/// The synthetic base pack of the pack tests, copied to `to`.
fn copy_pack(to: &Path) {
    for file in [
        "pack.yaml",
        "data.yaml",
        "rules/account.yaml",
        "rules/markets.yaml",
        "tests/fail.partner.yaml",
    ] {
        let target = to.join(file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(Path::new("fixtures/packs/base").join(file), target).unwrap();
    }
}

/// A document of the base pack's policy with a market it does not list.
const OF_THE_PACK: &str = "format: 1\npolicy: \"2026.12\"\naccount: {email: a@b.example}\ndeveloper_type: app_developer\nregistration: {region: MY, target_markets: [ID], business_category: X}\n";

fn messages(published: &Value) -> Vec<String> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_file_of_a_rules_pack_is_watched_and_a_change_reloads_it() {
    let packs = tempfile::tempdir().unwrap();
    let pack = packs.path().canonicalize().unwrap().join("org");
    copy_pack(&pack);
    let capabilities = json!({"workspace": {"didChangeWatchedFiles":
        {"dynamicRegistration": true, "relativePatternSupport": true}}});
    let mut s = Session::start_with(
        |server| {
            server.arg("--rules").arg(&pack);
        },
        capabilities,
        Value::Null,
    );
    let published = s.open("a.partner.yaml", OF_THE_PACK);
    assert_the_pack_applies(&published);
    let watchers = s.watchers();
    // Configurations anywhere, under the one name partnerlint reads (`.yml` is not one:
    // watching it would re-check on a file that changes nothing).
    assert!(
        watchers.contains(&json!("**/.partnerlint.yaml")),
        "{watchers:?}"
    );
    assert!(
        !watchers.contains(&json!("**/.partnerlint.yml")),
        "{watchers:?}"
    );
    // Every file of the pack, its tests and plan included, relative to its folder.
    let folder = url::Url::from_file_path(&pack).unwrap().to_string();
    assert!(
        watchers.contains(&json!({"baseUri": folder, "pattern": "**/*"})),
        "{watchers:?}"
    );

    let rules = pack.join("rules/markets.yaml");
    let changed = std::fs::read_to_string(&rules)
        .unwrap()
        .replace("is not a market", "is no market of ours");
    std::fs::write(&rules, changed).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": url::Url::from_file_path(&rules).unwrap().to_string(), "type": 2}]}),
    );
    let published = s.diagnostics("a.partner.yaml");
    assert!(
        messages(&published)
            .iter()
            .any(|m| m.starts_with("`ID` is no market of ours")),
        "{published}"
    );
}

#[test]
fn the_packs_a_configuration_names_are_watched_as_absolute_globs_without_relative_patterns() {
    let capabilities =
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let mut s = Session::start_with(|_| {}, capabilities, Value::Null);
    copy_pack(&s.path("org"));
    write(s.dir.path(), ".partnerlint.yaml", "rules: [org]\n");
    let published = s.open("a.partner.yaml", OF_THE_PACK);
    assert_the_pack_applies(&published);
    let watchers = s.watchers();
    let glob = format!("{}/**/*", s.path("org").display());
    assert!(watchers.contains(&json!(glob)), "{watchers:?}");
}

/// The organisation pack's own finding is among those `published`: the pack is in use.
fn assert_the_pack_applies(published: &Value) {
    assert!(
        messages(published)
            .iter()
            .any(|m| m.starts_with("`ID` is not a market")),
        "{published}"
    );
}
