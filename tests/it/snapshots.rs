//! How representative failures look to a person: miette's rendering, snapshotted.

use partnerlint::report::human::{render_file, Style};
use partnerlint::{check_source, CheckOptions};
use partnerlint::{FileAccess, PackSet};
use std::path::{Path, PathBuf};

fn render(rel: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let path = Path::new(rel);
    let bytes = std::fs::read(root.join(path)).unwrap();
    let packs = PackSet::builtin().unwrap();
    let options = CheckOptions::new("2026-11-22".parse().unwrap());
    let access = FileAccess::within(root.join(path).parent().unwrap(), &root);
    let report = check_source(path, &bytes, &access, &packs, &options);
    let mut out = Vec::new();
    render_file(
        &mut out,
        &report,
        Style {
            color: false,
            width: 100,
            summary: true,
        },
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn cross_border_market() {
    insta::assert_snapshot!(render(
        "rules/2026.11/tests/market-cross-border/fail.partner.yaml"
    ));
}

#[test]
fn duplicate_key_labels_both_places() {
    insta::assert_snapshot!(render(
        "fixtures/engine/yaml-duplicate-key/fail-nested-after-chinese.partner.yaml"
    ));
}

#[test]
fn typo_in_a_field_name() {
    insta::assert_snapshot!(render("fixtures/engine/schema/fail-typo.partner.yaml"));
}

#[test]
fn email_mismatch_labels_both_emails() {
    insta::assert_snapshot!(render(
        "rules/2026.11/tests/seller-email-match/fail.partner.yaml"
    ));
}

#[test]
fn phone_read_as_a_number() {
    insta::assert_snapshot!(render(
        "rules/2026.11/tests/account-phone-valid/fail-unquoted.partner.yaml"
    ));
}
