//! `check --redact`: personal data masked out of a [`FileReport`] before any format
//! renders it, so every format (snippets, messages, help, labels, related locations,
//! suppression reasons, JSON Pointers and the file's name) is covered at once.
//!
//! What is personal: the values of `account.email`, `account.phone`, everything under
//! `company.contact`, `company.name`, `seller.shop_name`, `seller.shop_email`,
//! `apps[].authorized_shops` and `certification.registration_number` (keys written under
//! them included), and any text that looks like an email address or a phone number.
//! TikTok Shop's own team addresses (`…@tiktokshop.com`, the policy's compliance
//! contacts) are public and stay.
//!
//! A file that does not load as an application (a YAML error, a duplicate key, a key the
//! schema does not know, which may be a misspelt `company`) has no fields to go by: its
//! whole text is masked, so no snippet of it is shown.
//!
//! In the source text each masked character becomes a character of the same UTF-8 length
//! (`*` for ASCII), so every span keeps pointing at the same bytes, and every line and
//! column stays the same.
//!
//! Every step is linear in the size of the file: the values found are searched for all at
//! once (Aho-Corasick), never one after another.

use crate::diagnostic::Code;
use crate::file_check::FileReport;
use crate::node::{Node, NodeKind};
use crate::source::SourceText;
use crate::yaml::{self, Limits};
use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use std::path::PathBuf;
use std::sync::LazyLock;

/// The fields whose values are personal data, as paths of keys; `*` is each item of a
/// list.
const SENSITIVE_FIELDS: &[&[&str]] = &[
    &["account", "email"],
    &["account", "phone"],
    &["company", "name"],
    &["company", "contact"],
    &["seller", "shop_name"],
    &["seller", "shop_email"],
    &["apps", "*", "authorized_shops"],
    &["certification", "registration_number"],
];

/// The keys of the sensitive fields' own maps (`company.contact`): every other key
/// there is taken for personal data, as a name may be written as a key.
const FIELD_NAMES: &[&str] = &["name", "email", "phone"];

/// The engine's rules that say a file did not load as an application: its fields cannot
/// be found, so none of its text is shown.
const NOT_LOADED: &[Code] = &[
    Code::YamlSyntax,
    Code::YamlDuplicateKey,
    Code::YamlSingleDocument,
    Code::Schema,
    Code::FileUnreadable,
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

/// Masks the personal data in `report`: its source text, its path and every
/// diagnostic's strings.
pub fn redact(report: &mut FileReport) {
    let text = report.source.text();
    let mut marked = vec![false; text.len()];
    let mut values: Vec<String> = Vec::new();

    let loaded = yaml::load(text, &Limits::default());
    let not_loaded = loaded.root.is_none()
        || report
            .diagnostics
            .iter()
            .chain(report.suppressed.iter().map(|s| &s.diagnostic))
            .any(|d| NOT_LOADED.iter().any(|c| d.rule == *c));
    if let Some(root) = &loaded.root {
        for path in SENSITIVE_FIELDS {
            for node in nodes_at(root, path) {
                collect(node, text, &mut marked, &mut values);
            }
        }
    }
    for m in patterns(text) {
        mark(&mut marked, m.clone());
        values.push(text[m].to_string());
    }
    values.retain(|v| searched(v));
    values.iter_mut().for_each(|v| *v = v.trim().to_string());
    values.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    values.dedup();
    let known = Known::new(&values);
    known.mark(text, &mut marked);
    if not_loaded {
        marked.iter_mut().for_each(|m| *m = true);
    }

    let masked = mask_source(text, &marked);
    report.source = SourceText::new(masked);
    let path = report.path.to_string_lossy().into_owned();
    let masked_path = known.mask(&path);
    if masked_path != path {
        report.path = PathBuf::from(masked_path);
    }
    for s in &mut report.suppressed {
        if let Some(reason) = &mut s.reason {
            *reason = known.mask(reason);
        }
    }
    let suppressed = report.suppressed.iter_mut().map(|s| &mut s.diagnostic);
    for d in report.diagnostics.iter_mut().chain(suppressed) {
        d.message = known.mask(&d.message);
        d.pointer = known.mask(&d.pointer);
        if let Some(help) = &mut d.help {
            *help = known.mask(help);
        }
        for label in d.primary.iter_mut().chain(d.secondary.iter_mut()) {
            if let Some(t) = &mut label.text {
                *t = known.mask(t);
            }
        }
        // A fix may write the value it fixes (a phone number quoted as written).
        if let Some(fix) = &mut d.fix {
            fix.message = known.mask(&fix.message);
            fix.edits
                .iter_mut()
                .for_each(|e| e.content = known.mask(&e.content));
        }
    }
}

/// `text` with every email-looking and phone-looking part masked: for the texts that do
/// not come from a file, such as the rules' documentation in SARIF and JUnit reports.
pub fn mask_patterns(text: &str) -> String {
    Known::new(&[]).mask(text)
}

/// The nodes a path of keys leads to (`*`: every item of a list).
fn nodes_at<'a>(root: &'a Node, path: &[&str]) -> Vec<&'a Node> {
    let mut nodes = vec![root];
    for key in path {
        nodes = match *key {
            "*" => nodes
                .into_iter()
                .flat_map(|n| match &n.kind {
                    NodeKind::Seq(items) => items.iter().collect(),
                    _ => Vec::new(),
                })
                .collect(),
            key => nodes.into_iter().filter_map(|n| n.get(key)).collect(),
        };
    }
    nodes
}

/// Every scalar at or below `node`, keys included (a name may be written as a key): its
/// span is marked, its texts remembered.
fn collect(node: &Node, text: &str, marked: &mut [bool], values: &mut Vec<String>) {
    match &node.kind {
        NodeKind::Seq(items) => items.iter().for_each(|n| collect(n, text, marked, values)),
        NodeKind::Map(entries) => entries.iter().for_each(|e| {
            if !FIELD_NAMES.contains(&e.key.key_name().as_ref()) {
                collect(&e.key, text, marked, values);
            }
            collect(&e.value, text, marked, values)
        }),
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

/// The personal values of a file, searched for all at once.
struct Known {
    /// `None` when there is no value to search for.
    values: Option<AhoCorasick>,
}

impl Known {
    fn new(values: &[String]) -> Known {
        let values = (!values.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(values)
                .expect("an automaton of the file's values fits its size")
        });
        Known { values }
    }

    /// Marks every occurrence of a known value in `text`.
    fn mark(&self, text: &str, marked: &mut [bool]) {
        if let Some(values) = &self.values {
            for m in values.find_iter(text) {
                mark(marked, m.range());
            }
        }
    }

    /// `s` with every known value and every email-looking or phone-looking text masked.
    fn mask(&self, s: &str) -> String {
        let mut marked = vec![false; s.len()];
        self.mark(s, &mut marked);
        for r in patterns(s) {
            mark(&mut marked, r);
        }
        if !marked.contains(&true) {
            return s.to_string();
        }
        mask_source(s, &marked)
    }
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

/// `s` with every known value in `values` and every email-looking or phone-looking text
/// masked (for the unit tests, which mask without a file).
#[cfg(test)]
fn mask_text(s: &str, values: &[String]) -> String {
    Known::new(values).mask(s)
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
