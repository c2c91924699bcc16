//! The fixes the engine's own findings carry (issue 15): the schema's did-you-mean key
//! and enum value, a number-like scalar where text is wanted, a YAML 1.1 boolean. Each
//! is applied with `diagnostic::fix::apply` to what `check_source` reports, and the
//! result must load, have lost that finding and gained none, and differ from the file
//! only where the edit was.

use partnerlint::diagnostic::fix::apply;
use partnerlint::diagnostic::{Applicability, Diagnostic, Fix};
use partnerlint::{check_source, CheckOptions, FileAccess, FileReport, PackSet};
use std::sync::OnceLock;

fn packs() -> &'static PackSet {
    static PACKS: OnceLock<PackSet> = OnceLock::new();
    PACKS.get_or_init(|| PackSet::builtin().expect("the built-in packs load"))
}

fn check(text: &str) -> FileReport {
    let path = crate::support::manifest_dir().join("fixtures/engine/schema/fix.partner.yaml");
    check_source(
        &path,
        text.as_bytes(),
        &FileAccess::for_file(&path, None),
        packs(),
        &CheckOptions::new(jiff::civil::date(2026, 11, 22)),
    )
}

/// The clean application every case breaks one way.
fn clean() -> String {
    let path = crate::support::manifest_dir().join("fixtures/engine/schema/pass.partner.yaml");
    std::fs::read_to_string(path).unwrap()
}

/// `clean()` with `from` written as `to` (which must occur once).
fn broken(from: &str, to: &str) -> String {
    let text = clean();
    assert_eq!(text.matches(from).count(), 1, "{from}");
    text.replacen(from, to, 1)
}

fn findings(report: &FileReport) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| format!("{} {} {}", d.rule, d.pointer, d.message))
        .collect()
}

/// The one finding of `text`, which must be the schema's at `pointer` with a fix; the
/// fix applied; and the fixed text, which must check clean.
fn fix_of(text: &str, pointer: &str) -> (Fix, String) {
    let report = check(text);
    let [d]: [&Diagnostic; 1] = report
        .diagnostics
        .iter()
        .collect::<Vec<_>>()
        .try_into()
        .unwrap_or_else(|_| panic!("one finding: {:#?}", findings(&report)));
    assert_eq!((d.rule.as_str(), d.pointer.as_str()), ("schema", pointer));
    let fix = d.fix.clone().unwrap_or_else(|| panic!("no fix: {d:#?}"));
    let fixed = apply(text, &fix.edits);
    let after = check(&fixed);
    assert!(
        after.diagnostics.is_empty(),
        "{}:\n{fixed}\n{:#?}",
        fix.message,
        findings(&after)
    );
    (fix, fixed)
}

fn case(from: &str, to: &str, pointer: &str, applicability: Applicability, message: &str) {
    let text = broken(from, to);
    let (fix, fixed) = fix_of(&text, pointer);
    assert_eq!(fix.applicability, applicability, "{to}");
    assert_eq!(fix.message, message);
    // Only the value (or key) changed: the fixed text is the clean one.
    assert_eq!(fixed, broken(from, from), "{to}");
}

#[test]
fn a_misspelt_key_is_renamed_as_a_guess() {
    case(
        "  target_markets:",
        "  target_market:",
        "/registration/target_market",
        Applicability::Unsafe,
        "Rename `target_market` to `target_markets`",
    );
    case(
        "\naccount:",
        "\nacount:",
        "/acount",
        Applicability::Unsafe,
        "Rename `acount` to `account`",
    );
    // A case difference is no guess, and a quoted key stays quoted.
    let text = broken("  business_category:", "  \"Business_Category\":");
    let (fix, fixed) = fix_of(&text, "/registration/Business_Category");
    assert_eq!(fix.applicability, Applicability::Safe);
    assert!(fixed.contains("  \"business_category\": Order"), "{fixed}");
}

#[test]
fn a_misspelt_enum_value_is_replaced_as_a_guess() {
    case(
        "developer_type: app_developer",
        "developer_type: app_developper",
        "/developer_type",
        Applicability::Unsafe,
        "Replace `app_developper` with `app_developer`",
    );
    case(
        "    type: public",
        "    type: Public",
        "/apps/0/type",
        Applicability::Safe,
        "Replace `Public` with `public`",
    );
}

#[test]
fn a_number_where_text_is_wanted_is_quoted_as_written() {
    for (from, to, pointer) in [
        (
            "registration_number: \"91310000MA1FL0XX0X\"",
            "registration_number: 913100001234",
            "/certification/registration_number",
        ),
        ("policy: \"2026.11\"", "policy: 2026.11", "/policy"),
        ("  - name: Acme OMS\n", "  - name: 2026\n", "/apps/0/name"),
        ("  - name: Acme OMS\n", "  - name: true\n", "/apps/0/name"),
    ] {
        let text = broken(from, to);
        let (fix, fixed) = fix_of(&text, pointer);
        assert_eq!(fix.applicability, Applicability::Safe);
        let raw = to.rsplit(": ").next().unwrap().trim();
        assert_eq!(fix.message, format!("Quote `{raw}` as written"));
        assert_eq!(fixed, broken(from, &to.replace(raw, &format!("\"{raw}\""))));
    }
}

/// The schema's finding at `pointer` in `text`.
fn schema_finding(text: &str, pointer: &str) -> Diagnostic {
    check(text)
        .diagnostics
        .into_iter()
        .find(|d| d.rule == "schema" && d.pointer == pointer)
        .expect("the schema finding")
}

#[test]
fn a_quoted_number_is_the_text_as_written() {
    // `2026.10` is the float 2026.1: quoting what YAML made of it would pin another version.
    let text = broken("policy: \"2026.11\"", "policy: 2026.10");
    let d = schema_finding(&text, "/policy");
    let fixed = apply(&text, &d.fix.as_ref().expect("a fix").edits);
    assert!(fixed.contains("policy: \"2026.10\"\n"), "{fixed}");
    // A number whose text the schema would refuse anyway gets no fix: it would trade
    // this finding for another.
    let text = broken("policy: \"2026.11\"", "policy: 2026.1");
    let d = schema_finding(&text, "/policy");
    assert_eq!(d.fix, None);
}

#[test]
fn a_yaml_1_1_boolean_becomes_true_or_false() {
    for (written, meant) in [
        ("yes", "true"),
        ("Yes", "true"),
        ("ON", "true"),
        ("y", "true"),
        ("no", "false"),
        ("Off", "false"),
        ("N", "false"),
        ("\"yes\"", "true"),
        ("'false'", "false"),
    ] {
        let from = "    type: public\n";
        let text = broken(from, &format!("{from}    publish: {written} # asked\n"));
        let report = check(&text);
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.pointer == "/apps/0/publish")
            .unwrap_or_else(|| panic!("{written}: {:#?}", findings(&report)));
        let help = d.help.as_deref().unwrap_or_default();
        if !written.to_lowercase().contains("false") {
            assert!(help.contains("YAML 1.2"), "{written}: {help}");
        }
        let fix = d.fix.as_ref().expect("a fix");
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(fix.message, format!("Write `{meant}`"));
        let fixed = apply(&text, &fix.edits);
        assert_eq!(
            fixed,
            broken(from, &format!("{from}    publish: {meant} # asked\n"))
        );
        assert!(
            !check(&fixed)
                .diagnostics
                .iter()
                .any(|d| d.pointer == "/apps/0/publish" && d.rule == "schema"),
            "{written}"
        );
    }
}

#[test]
fn a_quoted_integer_loses_its_quotes() {
    case(
        "format: 1",
        "format: \"1\"",
        "/format",
        Applicability::Safe,
        "Write `1` without quotes",
    );
}

#[test]
fn a_fix_keeps_crlf_a_byte_order_mark_and_flow_style() {
    let section = "certification:\n  status: submitted\n  business_certificate:\n    file: ../certs/acme-business-licence.pdf\n    issuing_region: CN\n  registration_number: \"91310000MA1FL0XX0X\"\n";
    let flow = "certification: {status: submitted, # flow\n  business_certificate: {file: ../certs/acme-business-licence.pdf, issuing_region: CN},\n  registration_number: 913100001234}\n";
    let text = format!("\u{feff}{}", broken(section, flow));
    let text = text.replace('\n', "\r\n");
    let report = check(&text);
    let fixes: Vec<&Fix> = report
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .collect();
    assert_eq!(fixes.len(), 1, "{:#?}", findings(&report));
    let fixed = apply(&text, &fixes[0].edits);
    assert_eq!(fixed, text.replace("913100001234", "\"913100001234\""));
}

#[test]
fn two_keys_meaning_one_field_get_no_rename() {
    // Renaming both would repeat the key; renaming either is a guess the other denies.
    let text = broken("  region: CN\n", "  regoin: CN\n  Region: CN\n");
    let report = check(&text);
    let renames: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.fix.is_some())
        .collect();
    assert!(renames.is_empty(), "{renames:#?}");
}

#[test]
fn an_alias_is_not_edited() {
    let text = broken("  - name: Acme OMS\n", "  - name: *n\n").replacen(
        "format: 1\n",
        "format: 1\nx-anchor: &n 2026\n",
        1,
    );
    let report = check(&text);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.pointer == "/apps/0/name")
        .unwrap_or_else(|| panic!("{:#?}", findings(&report)));
    assert_eq!(d.fix, None);
}

/// Every failing engine fixture: its fixes (safe and unsafe, as many as do not overlap)
/// applied, the file still loads, each finding fixed is gone, no finding is added, and a
/// second check offers no engine fix.
#[test]
fn the_engine_fixtures_fixed_lose_their_fixed_findings() {
    let root = crate::support::manifest_dir().join("fixtures/engine");
    let files = partnerlint::pack_testing::fixture_files(&root);
    let mut fixed_files = Vec::new();
    for path in files.iter().filter(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("fail"))
    }) {
        let text = std::fs::read_to_string(path).unwrap();
        let run = |text: &str| {
            check_source(
                path,
                text.as_bytes(),
                &FileAccess::for_file(path, None),
                packs(),
                &CheckOptions::new(jiff::civil::date(2026, 11, 22)),
            )
        };
        let before = run(&text);
        let mut taken: Vec<&partnerlint::diagnostic::Edit> = Vec::new();
        let mut fixed = 0;
        for fix in before.diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
            let clash = fix.edits.iter().any(|e| {
                taken
                    .iter()
                    .any(|t| e.span.start < t.span.end && t.span.start < e.span.end)
            });
            if !clash {
                taken.extend(&fix.edits);
                fixed += 1;
            }
        }
        if fixed == 0 {
            continue;
        }
        let after_text = apply(&text, taken);
        let after = run(&after_text);
        let name = path.display();
        assert!(
            !after
                .diagnostics
                .iter()
                .any(|d| d.rule.starts_with("yaml-")),
            "{name} no longer loads:\n{after_text}"
        );
        assert_eq!(
            after.diagnostics.len() + fixed,
            before.diagnostics.len(),
            "{name}: {:#?}\n->\n{:#?}",
            findings(&before),
            findings(&after)
        );
        let engine = |d: &&Diagnostic| partnerlint::Code::ALL.iter().any(|c| c.id() == d.rule);
        assert!(
            !after
                .diagnostics
                .iter()
                .filter(engine)
                .any(|d| d.fix.is_some()),
            "{name}: {:#?}",
            findings(&after)
        );
        fixed_files.push(path.file_name().unwrap().to_string_lossy().into_owned());
    }
    fixed_files.sort();
    assert_eq!(
        fixed_files,
        [
            "fail-app-type.partner.yaml",
            "fail-enum.partner.yaml",
            "fail-number-not-string.partner.yaml",
            "fail-typo.partner.yaml"
        ]
    );
}

/// A schema fix hidden by a rule's finding at the same place moves onto that finding when
/// it makes it go away, and is dropped when it does not.
#[test]
fn a_rule_finding_carries_the_hidden_schema_fix_that_answers_it() {
    let text = broken("  review: requested", "  review: Requested");
    let report = check(&text);
    let [d]: [&Diagnostic; 1] = report
        .diagnostics
        .iter()
        .collect::<Vec<_>>()
        .try_into()
        .unwrap_or_else(|_| panic!("{:#?}", findings(&report)));
    assert_eq!(
        (d.rule.as_str(), d.pointer.as_str()),
        ("compliance-us-uk-required", "/compliance/review")
    );
    let fix = d.fix.as_ref().expect("the schema's fix");
    assert_eq!(fix.message, "Replace `Requested` with `requested`");
    assert!(check(&apply(&text, &fix.edits)).diagnostics.is_empty());
    // An unquoted phone: the rule explains it, and carries a fix (the schema's, unless
    // the rule pack gives its own) that leaves the file clean.
    let text = broken("  phone: \"+86 21 5555 0100\"", "  phone: +862155550100");
    let report = check(&text);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.pointer == "/account/phone")
        .unwrap_or_else(|| panic!("{:#?}", findings(&report)));
    assert_eq!(d.rule, "account-phone-valid");
    let fix = d.fix.as_ref().expect("a fix");
    assert_eq!(fix.applicability, Applicability::Safe);
    let fixed = apply(&text, &fix.edits);
    assert!(fixed.contains("  phone: \"+862155550100\"\n"), "{fixed}");
    assert!(check(&fixed).diagnostics.is_empty());
    // `86` quoted is still no region: the rule's finding stands, with no fix.
    let text = broken("  region: CN", "  region: 86");
    let report = check(&text);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.pointer == "/registration/region")
        .unwrap_or_else(|| panic!("{:#?}", findings(&report)));
    assert_eq!((d.rule.as_str(), &d.fix), ("market-known", &None));
}
