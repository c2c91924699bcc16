//! `partnerlint init`: every combination it writes loads and reports only its
//! placeholders; filled in, it checks clean; what the policy forbids is refused unwritten.
//! The file it writes, its refusal to overwrite one, and its errors without a terminal are
//! cases in tests/cmd/ (`init*.toml`).

use crate::support::*;
use serde_json::Value;
use std::path::Path;

const TYPES: [&str; 3] = ["seller_developer", "app_developer", "system_integrator"];
const MARKETS: [&str; 7] = ["US", "UK", "MY", "VN", "TH", "PH", "SG"];
const REGIONS: [&str; 9] = ["US", "UK", "MY", "VN", "TH", "PH", "SG", "CN", "HK"];

/// A value for each placeholder, chosen from what it asks for (not from partnerlint's
/// own tables): the same email and shop name wherever they are asked.
fn filled(text: &str, dir: &Path) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let Some(start) = line.find("\"<fill in: ") else {
            out.push_str(line);
            continue;
        };
        let end = line[start..].find(">\"").unwrap() + start + 2;
        let what = &line[start..end];
        let value = if what.contains("email") {
            "\"owner@example-partner.test\""
        } else if what.contains("phone") {
            "\"+44 20 5555 0100\""
        } else if what.contains("certificate's file") {
            std::fs::create_dir_all(dir.join("certs")).unwrap();
            std::fs::write(dir.join("certs/licence.pdf"), "%PDF-1.4\n").unwrap();
            "certs/licence.pdf"
        } else if what.contains("shop") {
            "Example Shop"
        } else if what.contains("registration number") {
            "\"REG-0001\""
        } else {
            "Example value"
        };
        out.push_str(&line[..start]);
        out.push_str(value);
        out.push_str(&line[end..]);
    }
    out
}

fn findings(dir: &Path, file: &str) -> (i32, Vec<String>) {
    let out = run(dir, &["check", "--format", "json", file]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {}", d["rule"].as_str().unwrap(), d["message"]))
        .collect();
    (code(&out), rules)
}

/// Runs init for one combination; `Some(file)` when it wrote one.
fn init(dir: &Path, args: &[&str]) -> Option<String> {
    let mut all = vec!["init", "new.partner.yaml"];
    all.extend_from_slice(args);
    let out = run(dir, &all);
    match code(&out) {
        0 => Some(std::fs::read_to_string(dir.join("new.partner.yaml")).unwrap()),
        2 => {
            assert!(
                stderr(&out).contains("the policy does not allow this application"),
                "{args:?}: {}",
                stderr(&out)
            );
            assert!(
                !dir.join("new.partner.yaml").exists(),
                "{args:?}: refused but written"
            );
            None
        }
        other => panic!("{args:?}: exit {other}: {}", stderr(&out)),
    }
}

fn check_combination(args: &[&str]) -> bool {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let Some(text) = init(dir.path(), args) else {
        return false;
    };
    let (status, found) = findings(dir.path(), "new.partner.yaml");
    assert_eq!(status, 1, "{args:?}");
    assert!(
        found.iter().all(|f| f.starts_with("placeholder ")),
        "{args:?}: only placeholders are findings: {found:?}"
    );
    assert!(
        text.starts_with("# yaml-language-server: $schema="),
        "{args:?}"
    );
    std::fs::write(
        dir.path().join("filled.partner.yaml"),
        filled(&text, dir.path()),
    )
    .unwrap();
    let (status, found) = findings(dir.path(), "filled.partner.yaml");
    assert_eq!(
        (status, &found),
        (0, &Vec::new()),
        "{args:?}: filled in, it is clean"
    );
    true
}

#[test]
fn every_combination_loads_and_filled_in_checks_clean() {
    let mut written = Vec::new();
    for market in MARKETS {
        if check_combination(&["--type", "seller_developer", "--market", market]) {
            written.push(format!("seller {market}"));
        }
    }
    for developer_type in &TYPES[1..] {
        for region in REGIONS {
            for market in MARKETS {
                let args = [
                    "--type",
                    developer_type,
                    "--region",
                    region,
                    "--market",
                    market,
                ];
                if check_combination(&args) {
                    written.push(format!("{developer_type} {region} {market}"));
                }
            }
        }
        // Two markets at once, as cross-border partners often have.
        let two = [
            "--type",
            developer_type,
            "--region",
            "CN",
            "--market",
            "UK",
            "--market",
            "MY",
        ];
        assert!(check_combination(&two), "{two:?}");
    }
    // What the policy allows is written: every seller market, local partners in their
    // own market, cross-border partners in the markets open to them.
    for expected in [
        "seller US",
        "app_developer CN UK",
        "app_developer UK UK",
        "system_integrator MY MY",
        "app_developer US US",
    ] {
        assert!(
            written.iter().any(|w| w == expected),
            "{expected} not written: {written:?}"
        );
    }
    // ... and what it forbids is not.
    for refused in ["app_developer CN US", "app_developer UK MY"] {
        assert!(!written.iter().any(|w| w == refused), "{refused} written");
    }
}

#[test]
fn the_modeline_points_at_a_schema_file_relative_to_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("apps")).unwrap();
    let out = run(dir.path(), &["schema", "--output", "partner.schema.json"]);
    assert_eq!(code(&out), 0);
    let out = run(
        dir.path(),
        &[
            "init",
            "apps",
            "--type",
            "seller_developer",
            "--market",
            "US",
            "--schema",
            "partner.schema.json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("apps/application.partner.yaml")).unwrap();
    assert!(
        text.starts_with("# yaml-language-server: $schema=../partner.schema.json\n"),
        "{text}"
    );
}

#[test]
fn in_a_terminal_init_asks_for_what_is_missing() {
    let test = "init::in_a_terminal_init_asks_for_what_is_missing";
    // `script` (util-linux) runs init on a pseudo-terminal and types the answers.
    if !have_program(
        test,
        "script",
        "apt install bsdutils; brew has it as script(1)",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let command = format!("{} init", crate::support::binary().display());
    let out = output_with_input(
        std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(dir.path())
            .env("PARTNERLINT_TODAY", TODAY),
        b"app_developer\nCN\nUK, MY\nAcme Trading\n",
    );
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(out.status.success(), "{said}");
    for question in [
        "Developer type",
        "Registration region",
        "Target markets",
        "Company or shop name",
    ] {
        assert!(said.contains(question), "{question} not asked: {said}");
    }
    let text = std::fs::read_to_string(dir.path().join("acme-trading.partner.yaml")).unwrap();
    assert!(text.contains("target_markets: [UK, MY]"), "{text}");
    assert!(text.contains("region: CN"), "{text}");
}
