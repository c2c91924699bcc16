//! `check --redact`: for every fixture and every report format the CLI offers (as clap
//! lists them, so a new format is covered the day it is added), no personal value of the
//! fixture appears in the output.

use partnerlint::pack_testing::fixture_files;
use regex::Regex;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut cmd = Command::new(crate::support::binary());
    cmd.current_dir(repo())
        .env("PARTNERLINT_TODAY", "2026-11-22")
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS");
    cmd
}

/// The values `--format` accepts, as clap lists them when given one it does not know.
fn formats() -> Vec<String> {
    let out = bin()
        .args(["check", "--format", "no-such-format"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stderr)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let re = Regex::new(r"possible values: ([^\]]+)\]").unwrap();
    let list = re
        .captures(&text)
        .unwrap_or_else(|| panic!("clap lists the possible values: {text}"))
        .get(1)
        .unwrap()
        .as_str();
    list.split(',').map(|v| v.trim().to_string()).collect()
}

/// The scalars of `text` under the mapping keys `path` (and anything below them), read
/// with the parser the loader is built on, `saphyr-parser`: independently of both
/// `src/redact.rs` and the loader.
fn scalars_at(text: &str, path: &[&str], out: &mut Vec<String>) {
    use saphyr_parser::{Event, Parser};
    // Per open collection: for a mapping, whether the next scalar is a key, and the key
    // of the value being read.
    enum Frame {
        Map { key_next: bool, key: String },
        Seq,
    }
    let mut stack: Vec<Frame> = Vec::new();
    let under = |stack: &[Frame]| {
        let keys: Vec<&str> = stack
            .iter()
            .filter_map(|f| match f {
                Frame::Map { key, .. } => Some(key.as_str()),
                Frame::Seq => None,
            })
            .collect();
        keys.len() >= path.len() && keys[..path.len()] == *path
    };
    // A value ends: its mapping now waits for a key.
    let done = |stack: &mut Vec<Frame>| {
        if let Some(Frame::Map { key_next, .. }) = stack.last_mut() {
            *key_next = true;
        }
    };
    for event in Parser::new_from_str(text) {
        let Ok((event, _)) = event else { return };
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                // The open mapping's key names what follows: it stays on the stack.
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Map {
                        key_next: true,
                        key: String::new(),
                    }
                } else {
                    Frame::Seq
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                done(&mut stack);
            }
            Event::Scalar(value, ..) => match stack.last_mut() {
                Some(Frame::Map { key_next, key }) if *key_next => {
                    *key = value.to_string();
                    *key_next = false;
                }
                _ => {
                    if under(&stack) {
                        out.push(value.trim().to_string());
                    }
                    done(&mut stack);
                }
            },
            Event::Alias(_) => done(&mut stack),
            _ => {}
        }
    }
}

/// The personal values in a fixture, found independently of `src/redact.rs`.
fn personal_values(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for path in [
        &["account", "email"][..],
        &["account", "phone"],
        &["company", "contact"],
        &["seller", "shop_email"],
        &["certification", "registration_number"],
    ] {
        scalars_at(text, path, &mut out);
    }
    let email = Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+").unwrap();
    out.extend(
        email
            .find_iter(text)
            .map(|m| m.as_str().to_string())
            .filter(|e| !e.ends_with("@tiktokshop.com")),
    );
    let phone = Regex::new(r"\+\d[\d \-().]{5,}\d").unwrap();
    out.extend(phone.find_iter(text).map(|m| m.as_str().to_string()));
    out.retain(|v| v.chars().count() >= 3);
    out.sort();
    out.dedup();
    out
}

/// The text of the shipped rule documentation: the pack files and the engine's rules.
fn documentation() -> String {
    fn read_all(dir: &Path, out: &mut String) {
        for e in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                read_all(&p, out);
            } else if let Ok(t) = std::fs::read_to_string(&p) {
                out.push_str(&t);
            }
        }
    }
    let mut out = String::new();
    read_all(&repo().join("rules"), &mut out);
    out.push_str(&std::fs::read_to_string(repo().join("src/diagnostic/code.rs")).unwrap());
    out
}

#[test]
fn no_personal_value_survives_redaction_in_any_format() {
    let formats = formats();
    // Some reports (SARIF, JUnit) describe every rule, and the rules' documentation has
    // examples that the fixtures reuse (`Li Wei`, `+86 21 5555 0100`). Those formats may
    // print such a value as documentation; `human` and `json`, which describe no rule,
    // may not print any, so what comes from the file is checked without exception.
    let docs = documentation();
    assert!(formats.len() >= 2, "{formats:?}");
    let mut files = fixture_files(&repo().join("fixtures"));
    files.extend(fixture_files(&repo().join("rules")));
    assert!(files.len() > 50, "{} fixtures", files.len());
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let values = personal_values(&text);
        if values.is_empty() {
            continue;
        }
        let rel = file.strip_prefix(repo()).unwrap();
        for format in &formats {
            let out = bin()
                .args(["check", "--redact", "--format", format])
                .arg(rel)
                .output()
                .expect("runs");
            let code = out.status.code();
            assert!(matches!(code, Some(0 | 1)), "{rel:?} {format}: {code:?}");
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            let strict = format == "human" || format == "json";
            for v in &values {
                if !strict && docs.contains(v.as_str()) {
                    continue;
                }
                assert!(
                    !all.contains(v.as_str()),
                    "{} --format {format}: `{v}` is in the redacted output:\n{all}",
                    rel.display()
                );
            }
            checked += values.len();
        }
    }
    assert!(checked > 200, "only {checked} values checked");
}

#[test]
fn redaction_keeps_positions() {
    let rel = "rules/2026.11/tests/account-email-valid/fail.partner.yaml";
    let run = |redact: bool| {
        let mut cmd = bin();
        cmd.args(["check", "--format", "json"]);
        if redact {
            cmd.arg("--redact");
        }
        let out = cmd.arg(rel).output().expect("runs");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["rule"].clone(),
                    d["line"].clone(),
                    d["column"].clone(),
                    d["end_line"].clone(),
                    d["end_column"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let plain = run(false);
    assert!(!plain.is_empty());
    assert_eq!(plain, run(true));
}

/// Markers planted in every personal field, in a suppression reason and in the file
/// name; each is made of words no rule, fixture or documentation uses, so finding any
/// of them (or an email's local part) in a report is a leak. The detector is a plain
/// substring search over the report's bytes: it shares no pattern with src/redact.rs.
const MARKERS: &[&str] = &[
    "qzmailbox",
    "qzdomain",
    "Quorvex",
    "Tradelinks",
    "Zembla",
    "Quintaro",
    "zembla.quintaro",
    "qzcontact",
    "Yarvik",
    "Plombsen",
    "QZ91310000REGMARK",
    "Vantrel",
    "Oddshop",
    "Frobnitz",
    "Kettleshop",
    "qzshopowner",
    "yarrow.pelting",
    "qzfile.owner",
    "qzfiles",
    "7946 0958",
    "6666 0199",
    "83770146",
];

/// An app developer's application with a marker in every personal field (the sign-up
/// email has no `@`, so a rule's message echoes it), an authorised shop, and a
/// suppression whose reason names someone.
const ISV: &str = r#"format: 1
policy: "2026.11"
account:
  email: qzmailbox.alpha-at-qzdomain
  phone: "+44 20 7946 0958"
  existing_account: none
  portal: global
developer_type: app_developer
registration:
  region: CN
  target_markets: [UK, MY]
  business_category: Order management
company:
  name: Quorvex Tradelinks Ltd
  contact:
    name: Zembla Quintaro
    email: zembla.quintaro@qzcontact.example
    phone: "+86 21 6666 0199"
  description: Order sync, ask Zembla Quintaro
certification:
  status: submitted
  registration_number: "QZ91310000REGMARK"
apps:
  - name: Sync
    type: custom
    publish: true # partnerlint: ignore[publish-needs-public-app] -- yarrow.pelting@qzmail.example said so
    authorized_shops: [Vantrel Oddshop]
compliance:
  review: requested
  contact: partner.uk@tiktokshop.com
  requested_on: 2026-11-02
"#;

/// A seller developer's, whose shop email differs from the sign-up email.
const SELLER: &str = r#"format: 1
policy: "2026.11"
account:
  email: qzshopowner@qzdomain.example
  phone: 861083770146
  existing_account: none
  portal: us
developer_type: seller_developer
seller:
  shop_name: Frobnitz Kettleshop
  shop_market: US
  shop_status: pending
  shop_email: qzshopowner.second@qzdomain.example
  category: Seller inhouse developer / TikTok Shop Seller
apps:
  - name: Sync
    type: custom
    authorized_shops: [Vantrel Oddshop, Frobnitz Kettleshop]
compliance:
  review: planned
  contact: partner.us@tiktokshop.com
"#;

/// The planted files: loading ones, then files that do not load as applications (a
/// YAML error, a duplicate key, a misspelt section, a name written as a key).
fn planted(dir: &Path) -> Vec<String> {
    let files = [
        ("qzfile.owner@qzfiles.example.partner.yaml", ISV.to_string()),
        ("seller.partner.yaml", SELLER.to_string()),
        ("syntax.partner.yaml", format!("{ISV}broken: [unclosed\n")),
        (
            "duplicate.partner.yaml",
            format!("{ISV}company:\n  name: Quorvex Tradelinks Ltd\n"),
        ),
        ("misspelt.partner.yaml", ISV.replace("company:", "compnay:")),
        (
            "key.partner.yaml",
            ISV.replace(
                "    name: Zembla Quintaro\n",
                "    Yarvik Plombsen: contact\n",
            ),
        ),
    ];
    files
        .iter()
        .map(|(name, text)| {
            std::fs::write(dir.join(name), text).unwrap();
            name.to_string()
        })
        .collect()
}

#[test]
fn planted_markers_never_survive_redaction_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let names = planted(dir.path());
    // Without --redact the markers are there: the detector can see them.
    let plain = Command::new(crate::support::binary())
        .current_dir(dir.path())
        .env("PARTNERLINT_TODAY", "2026-11-22")
        .args(["check", "--format", "json"])
        .args(&names)
        .output()
        .unwrap();
    let plain = String::from_utf8_lossy(&plain.stdout);
    for marker in ["qzmailbox", "Frobnitz", "Vantrel", "qzfile.owner"] {
        assert!(plain.contains(marker), "{marker} not in the plain report");
    }
    for format in formats() {
        let report = dir.path().join("report.out");
        let out = Command::new(crate::support::binary())
            .current_dir(dir.path())
            .env("PARTNERLINT_TODAY", "2026-11-22")
            .env("NO_COLOR", "1")
            .args(["check", "--redact", "--format", &format])
            .args(&names)
            .args(["--format", "json", "-o"])
            .arg(&report)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let all = format!(
            "{}{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&report).unwrap()
        )
        .to_lowercase();
        for marker in MARKERS {
            assert!(
                !all.contains(&marker.to_lowercase()),
                "--format {format}: `{marker}` is in the redacted report:\n{all}"
            );
        }
    }
}
