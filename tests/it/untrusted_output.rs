//! Input that tries to act on whoever reads the report: a CI runner reading workflow
//! commands from the log, or a terminal reading escape sequences. Each attack is planted
//! in a file (its name, a value echoed in a message, a key, a comment shown in a snippet)
//! and every format's bytes are searched with rules written here, not the
//! implementation's: no control character but LF and tab, no bidirectional override, no
//! `##[`, and no line that GitHub Actions would read as a command, but the `github`
//! format's own one per finding.

use crate::support::*;
use std::path::Path;

const FORMATS: [&str; 7] = [
    "human", "concise", "json", "sarif", "junit", "github", "gitlab",
];

/// An application of a seller developer whose sign-up email is `email` (a YAML scalar,
/// as written in the file): the `account-email-valid` message echoes it.
fn application(email: &str, comment: &str) -> String {
    format!(
        "format: 1\npolicy: \"2026.11\"\naccount:\n  # {comment}\n  email: {email}\n  existing_account: none\n  portal: us\ndeveloper_type: seller_developer\nseller:\n  shop_name: Bloom\n  shop_market: US\n  shop_status: activated\n  shop_email: owner@bloom.example\n  category: Seller inhouse developer / TikTok Shop Seller\napps:\n  - name: Sync\n    type: custom\ncompliance:\n  review: planned\n  contact: partner.us@tiktokshop.com\n"
    )
}

/// What in `out` could act on a runner or a terminal, if anything.
fn hazard(format: &str, out: &str) -> Option<String> {
    for c in out.chars() {
        let code = c as u32;
        let control = (code < 0x20 && c != '\n' && c != '\t') || (0x7f..=0x9f).contains(&code);
        let reordering = (0x202a..=0x202e).contains(&code)
            || (0x2066..=0x2069).contains(&code)
            || code == 0x2028
            || code == 0x2029;
        if control || reordering {
            return Some(format!("the character U+{code:04X}"));
        }
    }
    if out.contains("##[") || out.contains("##vso[") {
        return Some("`##[`".into());
    }
    for line in out.lines() {
        if !line.trim_start().starts_with("::") {
            continue;
        }
        let ours = ["::error file=", "::warning file=", "::notice file="];
        if format != "github" || !ours.iter().any(|p| line.starts_with(p)) {
            return Some(format!("the command line {line:?}"));
        }
    }
    None
}

/// Runs `check ARGS --format F` for every format and fails on any hazard; in the
/// `github` format, only one command per finding.
fn assert_inert(dir: &Path, args: &[&str]) {
    let findings = {
        let mut a = vec!["check", "--format", "json"];
        a.extend(args);
        let out = run(dir, &a);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("JSON ({e}): {}{}", stdout(&out), stderr(&out)));
        v["diagnostics"].as_array().unwrap().len()
    };
    assert!(findings > 0, "the attack must reach a report");
    for format in FORMATS {
        let mut a = vec!["check", "--color", "never", "--format", format];
        a.extend(args);
        let out = run(dir, &a);
        assert_eq!(code(&out), 1, "{format}: {}", stderr(&out));
        let all = format!("{}{}", stdout(&out), stderr(&out));
        if let Some(h) = hazard(format, &all) {
            panic!("--format {format} lets {h} through:\n{all}");
        }
        if format == "github" {
            let commands = all.lines().filter(|l| l.starts_with("::")).count();
            assert_eq!(commands, findings, "{all}");
        }
        if format == "junit" {
            assert_valid_xml(&out.stdout);
        }
    }
}

/// XML 1.0 well-formedness, by Python's parser where there is one.
fn assert_valid_xml(bytes: &[u8]) {
    if !have_program("assert_valid_xml", "python3", "apt-get install python3") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.xml");
    std::fs::write(&file, bytes).unwrap();
    let parsed = tool(
        "python3",
        &[
            "-c",
            "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])",
            "r.xml",
        ],
        dir.path(),
    );
    assert!(
        parsed.status.success(),
        "not XML 1.0: {}\n{}",
        String::from_utf8_lossy(&parsed.stderr),
        String::from_utf8_lossy(bytes)
    );
}

fn plant(email: &str, comment: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("app.partner.yaml"),
        application(email, comment),
    )
    .unwrap();
    dir
}

#[test]
fn a_file_name_with_a_newline_and_a_workflow_command() {
    let dir = tempfile::tempdir().unwrap();
    let name = "x\n::error file=README.md,line=1::pwned\n##[group]g.partner.yaml";
    std::fs::write(dir.path().join(name), application("not-an-email", "")).unwrap();
    assert_inert(dir.path(), &[name]);
    // Found by the walk, too.
    assert_inert(dir.path(), &[]);
}

#[test]
fn a_value_with_a_bare_cr_then_an_error_command() {
    let dir = plant(r#""x\r::error file=README.md,line=1::pwned""#, "");
    assert_inert(dir.path(), &[]);
}

#[test]
fn a_value_with_add_mask_and_stop_commands() {
    let dir = plant(
        r#""x\n::add-mask::hunter2\n::stop-commands::token\n  ::error::indented""#,
        "",
    );
    assert_inert(dir.path(), &[]);
}

#[test]
fn a_value_with_group_and_azure_commands() {
    let dir = plant(
        r###""##[group]pwned ##vso[task.setvariable variable=x]y ###[z""###,
        "",
    );
    assert_inert(dir.path(), &[]);
}

#[test]
fn a_value_with_osc_52_hyperlinks_screen_clears_and_backspaces() {
    let dir = plant(
        r#""\e]52;c;ZWNobyBwd25lZA==\a\e]8;;https://evil.example/\e\\link\e]8;;\e\\\e[2J\b\b\bok\rover""#,
        "",
    );
    assert_inert(dir.path(), &[]);
}

#[test]
fn terminal_escapes_raw_in_a_comment_beside_the_finding() {
    // Raw bytes in the file: the snippet of the human report shows this line.
    let dir = plant(
        "not-an-email",
        "\u{1b}]52;c;cHduZWQ=\u{7} \u{1b}[2J \u{8}\u{8} bare\rCR \u{9b}31m",
    );
    assert_inert(dir.path(), &[]);
}

#[test]
fn bidirectional_overrides_in_a_value_and_a_comment() {
    let dir = plant(
        "\"admin\u{202e}moc.elpmaxe@\u{2066}x\u{2069}\"",
        "\u{202e} reversed \u{2067}isolate\u{2069}",
    );
    assert_inert(dir.path(), &[]);
}

#[test]
fn a_key_with_a_line_break_and_a_command() {
    let dir = tempfile::tempdir().unwrap();
    let text = application("owner@bloom.example", "")
        + "\"k\\n::error file=README.md::pwned\\r##[endgroup]\": 1\n";
    std::fs::write(dir.path().join("app.partner.yaml"), text).unwrap();
    assert_inert(dir.path(), &[]);
}

#[test]
fn github_file_property_carries_the_real_path() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a,b:c%d.partner.yaml";
    std::fs::write(dir.path().join(name), application("not-an-email", "")).unwrap();
    let out = run(dir.path(), &["check", "--format", "github", name]);
    assert!(
        stdout(&out).contains("file=a%2Cb%3Ac%25d.partner.yaml,"),
        "{}",
        stdout(&out)
    );
    let name = "line\nbreak.partner.yaml";
    std::fs::write(dir.path().join(name), application("not-an-email", "")).unwrap();
    let out = run(dir.path(), &["check", "--format", "github", name]);
    assert!(
        stdout(&out).contains("file=line%0Abreak.partner.yaml,"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn escapes_are_shown_where_the_input_had_control_characters() {
    let dir = plant(r#""x\r::error y\u001b[2J""#, "");
    let out = run(dir.path(), &["check", "--format", "concise"]);
    assert!(
        stdout(&out).contains(r"`x\r\u{3a}:error y\u{1b}[2J`"),
        "{}",
        stdout(&out)
    );
}
