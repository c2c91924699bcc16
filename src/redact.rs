//! `check --redact`: personal data masked out of a [`FileReport`] before any format
//! renders it, so every format (snippets, messages, help, labels) is covered at once.
//!
//! What is personal: the values of `account.email`, `account.phone`, everything under
//! `company.contact`, `seller.shop_email` and `certification.registration_number`, and
//! any text that looks like an email address or a phone number. TikTok Shop's own team
//! addresses (`…@tiktokshop.com`, the policy's compliance contacts) are public and stay.
//!
//! In the source text each masked character becomes a character of the same UTF-8 length
//! (`*` for ASCII), so every span keeps pointing at the same bytes, and every line and
//! column stays the same.

use crate::check::FileReport;
use crate::node::{Node, NodeKind};
use crate::source::SourceText;
use crate::yaml::{self, Limits};
use regex::Regex;
use std::sync::LazyLock;

/// The fields whose values are personal data, as paths of keys.
const SENSITIVE_FIELDS: &[&[&str]] = &[
    &["account", "email"],
    &["account", "phone"],
    &["company", "contact"],
    &["seller", "shop_email"],
    &["certification", "registration_number"],
];

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+").expect("valid pattern")
});

/// `+86 21 5555 0100`, `+1 (415) 555-0100`, or a bare run of 10 to 15 digits (a phone
/// number YAML read as an integer).
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\+\d[\d \-().]{5,}\d|\b\d{10,15}\b").expect("valid pattern"));

/// Values shorter than this are masked where they stand in the source, but not searched
/// for in free text: two Latin letters would mask parts of ordinary words. Two CJK
/// characters are a whole name, so non-ASCII values are searched from two characters.
const MIN_SEARCHED: usize = 3;

fn searched(value: &str) -> bool {
    let v = value.trim();
    let n = v.chars().count();
    n >= MIN_SEARCHED || (n == 2 && !v.is_ascii())
}

/// Masks the personal data in `report`: its source text and every diagnostic's strings.
pub fn redact(report: &mut FileReport) {
    let text = report.source.text();
    let mut marked = vec![false; text.len()];
    let mut values: Vec<String> = Vec::new();

    let loaded = yaml::load(text, &Limits::default());
    if let Some(root) = &loaded.root {
        for path in SENSITIVE_FIELDS {
            let mut node = Some(root);
            for key in *path {
                node = node.and_then(|n| n.get(key));
            }
            if let Some(node) = node {
                collect(node, text, &mut marked, &mut values);
            }
        }
    }
    for m in patterns(text) {
        mark(&mut marked, m.clone());
        values.push(text[m].to_string());
    }
    values.retain(|v| searched(v));
    values.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    values.dedup();
    for value in &values {
        for (at, _) in text.match_indices(value.as_str()) {
            mark(&mut marked, at..at + value.len());
        }
    }

    let masked = mask_source(text, &marked);
    report.source = SourceText::new(masked);
    for s in &mut report.suppressed {
        if let Some(reason) = &mut s.reason {
            *reason = mask_text(reason, &values);
        }
    }
    let suppressed = report.suppressed.iter_mut().map(|s| &mut s.diagnostic);
    for d in report.diagnostics.iter_mut().chain(suppressed) {
        d.message = mask_text(&d.message, &values);
        if let Some(help) = &mut d.help {
            *help = mask_text(help, &values);
        }
        for label in d.primary.iter_mut().chain(d.secondary.iter_mut()) {
            if let Some(t) = &mut label.text {
                *t = mask_text(t, &values);
            }
        }
    }
}

/// `text` with every email-looking and phone-looking part masked: for the texts that do
/// not come from a file, such as the rules' documentation in SARIF and JUnit reports.
pub fn mask_patterns(text: &str) -> String {
    mask_text(text, &[])
}

/// Every scalar at or below `node`: its span is marked, its texts remembered.
fn collect(node: &Node, text: &str, marked: &mut [bool], values: &mut Vec<String>) {
    match &node.kind {
        NodeKind::Seq(items) => items.iter().for_each(|n| collect(n, text, marked, values)),
        NodeKind::Map(entries) => entries
            .iter()
            .for_each(|e| collect(&e.value, text, marked, values)),
        kind => {
            mark(marked, node.span.clone());
            if let NodeKind::Str(s) = kind {
                values.push(s.clone());
            } else {
                values.push(node.key_text());
            }
            if let Some(raw) = text.get(node.span.clone()) {
                values.push(raw.trim().to_string());
            }
        }
    }
}

fn mark(marked: &mut [bool], span: std::ops::Range<usize>) {
    let end = span.end.min(marked.len());
    for m in &mut marked[span.start.min(end)..end] {
        *m = true;
    }
}

/// The byte ranges of email-looking and phone-looking text, but for TikTok Shop's own
/// addresses.
fn patterns(text: &str) -> Vec<std::ops::Range<usize>> {
    let emails = EMAIL
        .find_iter(text)
        .filter(|m| !m.as_str().to_ascii_lowercase().ends_with("@tiktokshop.com"));
    emails
        .map(|m| m.range())
        .chain(PHONE.find_iter(text).map(|m| m.range()))
        .collect()
}

/// A character of the same UTF-8 length, so byte spans and columns are kept.
fn mask_char(c: char) -> char {
    match c.len_utf8() {
        1 => '*',
        2 => '·',
        3 => '＊',
        _ => '🞱',
    }
}

fn mask_source(text: &str, marked: &[bool]) -> String {
    text.char_indices()
        .map(|(i, c)| {
            let hit = marked[i..i + c.len_utf8()].iter().any(|m| *m);
            if hit && !matches!(c, '\n' | '\r') {
                mask_char(c)
            } else {
                c
            }
        })
        .collect()
}

/// `s` with every known value and every email-looking or phone-looking text masked.
fn mask_text(s: &str, values: &[String]) -> String {
    let mut out = s.to_string();
    for value in values {
        if out.contains(value.as_str()) {
            out = out.replace(value.as_str(), &stars(value));
        }
    }
    let ranges = patterns(&out);
    if ranges.is_empty() {
        return out;
    }
    let mut marked = vec![false; out.len()];
    for r in ranges {
        mark(&mut marked, r);
    }
    mask_source(&out, &marked)
}

fn stars(value: &str) -> String {
    value.chars().map(mask_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Severity};
    use std::path::PathBuf;

    #[test]
    fn masks_values_in_place_and_in_messages() {
        let text = "account:\n  email: li.wei@acme.example\n  phone: \"+86 21 5555 0100\"\ncompany:\n  contact:\n    name: 李伟\nnote: call 13800138000\n";
        let email_at = text.find("li.wei").unwrap();
        let mut report = FileReport {
            path: PathBuf::from("a.partner.yaml"),
            source: SourceText::new(text.to_string()),
            diagnostics: vec![Diagnostic::new(
                "x",
                Severity::Error,
                "`li.wei@acme.example` and 李伟 and 13800138000",
            )
            .at(email_at..email_at + 19, Some("li.wei@acme.example".into()))],
            policy: None,
            suppressed: Vec::new(),
            off: Vec::new(),
        };
        redact(&mut report);
        let out = report.source.text();
        assert_eq!(out.len(), text.len());
        for secret in ["li.wei", "5555", "李伟", "13800138000"] {
            assert!(!out.contains(secret), "{out}");
            assert!(!report.diagnostics[0].message.contains(secret));
        }
        assert!(out.contains("name: ＊＊\n"), "{out}");
        assert_eq!(report.source.position(out.find("note").unwrap()).line, 7);
        let label = report.diagnostics[0].primary.as_ref().unwrap();
        assert_eq!(&out[label.span.clone()], "*******************");
    }

    #[test]
    fn keeps_dates_and_tiktok_shop_addresses() {
        let masked = mask_text(
            "requested on 2026-11-02 from partner.uk@tiktokshop.com",
            &[],
        );
        assert_eq!(
            masked,
            "requested on 2026-11-02 from partner.uk@tiktokshop.com"
        );
    }
}
