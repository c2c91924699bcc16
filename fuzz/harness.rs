//! What each fuzz target does with one input, shared by the targets in `fuzz_targets/`
//! and by the regression test `tests/fuzz_regressions.rs`, which replays every input the
//! fuzzers ever crashed on through exactly the same code.
// Each target uses one of these functions.
#![allow(dead_code)]

use partnerlint::pack::{FileAccess, PackFile};
use partnerlint::report::{human, json::JsonEmitter, Emitter, Summary};
use partnerlint::yaml::{load, Limits};
use partnerlint::{check_source, CheckOptions, PackSet};
use std::path::Path;
use std::sync::OnceLock;

/// The YAML loader alone: every span it reports lies in the text, on char boundaries.
pub fn yaml_load(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let loaded = load(text, &Limits::default());
    for d in &loaded.diagnostics {
        for l in d.primary.iter().chain(&d.secondary) {
            assert!(
                text.get(l.span.clone()).is_some(),
                "{:?} in {} bytes",
                l.span,
                text.len()
            );
        }
    }
    if let Some(root) = loaded.root {
        assert!(text.get(root.span.clone()).is_some());
        let _ = root.to_json();
    }
}

fn builtin() -> &'static PackSet {
    static PACKS: OnceLock<PackSet> = OnceLock::new();
    PACKS.get_or_init(|| PackSet::builtin().expect("the built-in packs compile"))
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 22)
}

/// The whole per-file check with the built-in packs, then both report formats (which
/// read every span) and redaction.
pub fn check_source_all(data: &[u8]) {
    let options = CheckOptions::new(today());
    let mut report = check_source(
        Path::new("fuzz.partner.yaml"),
        data,
        &FileAccess::default(),
        builtin(),
        &options,
    );
    let mut summary = Summary::default();
    summary.add(&report);
    let mut out = Vec::new();
    let mut json = JsonEmitter::new(&mut out);
    json.file(&report).expect("writes to memory");
    json.finish(&summary).expect("writes to memory");
    let style = human::Style {
        color: false,
        width: 80,
        summary: true,
    };
    human::render_file(&mut Vec::new(), &report, style).expect("writes to memory");
    partnerlint::redact::redact(&mut report);
    human::render_file(&mut Vec::new(), &report, style).expect("writes to memory");
}

/// Every fix the check of `data` offers, safe and unsafe, applied one at a time and then
/// all together (as many as do not overlap, as `check --fix` takes them): a file that
/// loaded still loads, with no more duplicate keys than it had. Every edit lies in the
/// text, on character boundaries. Returns how many fixes there were.
pub fn apply_fixes(data: &[u8]) -> usize {
    use partnerlint::diagnostic::fix::apply;
    use partnerlint::diagnostic::{Edit, Fix};
    let check = |bytes: &[u8]| {
        check_source(
            Path::new("fuzz.partner.yaml"),
            bytes,
            &FileAccess::default(),
            builtin(),
            &CheckOptions::new(today()),
        )
    };
    let before = check(data);
    let Some(before_keys) = loaded(&before) else {
        return 0;
    };
    let text = before.source.text();
    let fixes: Vec<&Fix> = before
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .collect();
    for fix in &fixes {
        assert!(
            !fix.edits.is_empty(),
            "a fix without edits: {}",
            fix.message
        );
        for edit in &fix.edits {
            assert!(
                text.get(edit.span.clone()).is_some(),
                "{:?} in {} bytes: {}",
                edit.span,
                text.len(),
                fix.message
            );
        }
    }
    let still_loads = |fixed: &str, what: &str| {
        let after = check(fixed.as_bytes());
        match loaded(&after) {
            Some(keys) => assert!(
                keys <= before_keys,
                "{what} repeats a key:\n{text}\n---\n{fixed}"
            ),
            None => panic!("{what} breaks the file:\n{text}\n---\n{fixed}"),
        }
    };
    // One at a time: each is a whole check, so only the first few of a file of many.
    for fix in fixes.iter().take(32) {
        still_loads(&apply(text, &fix.edits), &fix.message);
    }
    let mut taken: Vec<&Edit> = Vec::new();
    for fix in &fixes {
        let overlaps = fix.edits.iter().any(|e| {
            taken.iter().any(|t| {
                e.span.start < t.span.end.max(t.span.start + 1)
                    && t.span.start < e.span.end.max(e.span.start + 1)
            })
        });
        if !overlaps {
            taken.extend(&fix.edits);
        }
    }
    still_loads(&apply(text, taken), "all the fixes together");
    fixes.len()
}

/// How many duplicate keys a checked file has, when it loaded (a file that did not has a
/// `yaml-syntax` or `yaml-single-document` finding, reported or suppressed).
fn loaded(report: &partnerlint::FileReport) -> Option<usize> {
    let rules = report
        .diagnostics
        .iter()
        .chain(report.suppressed.iter().map(|s| &s.diagnostic))
        .map(|d| d.rule.as_str());
    let mut duplicates = 0;
    for rule in rules {
        match rule {
            "yaml-syntax" | "yaml-single-document" => return None,
            "yaml-duplicate-key" => duplicates += 1,
            _ => {}
        }
    }
    Some(duplicates)
}

const PACK: &str = include_str!("../rules/2026.11/pack.yaml");
const DATA: &str = include_str!("../rules/2026.11/data.yaml");
const ACCOUNT: &str = include_str!("../rules/2026.11/rules/account.yaml");
const APP: &str = include_str!("../examples/acme-cn-isv.partner.yaml");

fn pack_file(relative: &str, text: &str) -> PackFile {
    PackFile {
        name: format!("fuzz/{relative}"),
        relative: relative.to_string(),
        text: text.to_string().into(),
    }
}

/// Arbitrary text as one rule file inside the otherwise valid pack 2026.11, compiled
/// from memory; when it compiles, its rules run on an application.
pub fn rule_pack(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let files = vec![
        pack_file("pack.yaml", PACK),
        pack_file("data.yaml", DATA),
        pack_file("rules/account.yaml", ACCOUNT),
        pack_file("rules/fuzz.yaml", text),
    ];
    if let Ok(packs) = PackSet::from_files(files, "fuzz") {
        if let Some(root) = load(APP, &Limits::default()).root {
            for pack in packs.packs() {
                let _ = pack.evaluate(&root, APP, today(), &FileAccess::default());
            }
        }
    }
}

/// Arbitrary text as a `.partnerlint.yaml`: parsed and checked against the built-in
/// packs; its problems are rendered (which reads every span), and a valid configuration
/// is asked about a few paths.
pub fn config_file(data: &[u8]) {
    use partnerlint::config::{Config, ConfigError};
    use partnerlint::source::SourceText;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A folder that does not exist: `rules:` folders are looked up, never created.
    let path = Path::new("/nonexistent-partnerlint-fuzz/.partnerlint.yaml");
    let diagnostics = match Config::parse(path, text.to_string()) {
        Ok(config) => {
            for file in [
                "a.partner.yaml",
                "legacy/b.partner.yaml",
                "x/y/z.partner.yaml",
            ] {
                let file = path.with_file_name(file);
                let _ = config.excludes(&file);
                let _ = config.overrides_for(&file).count();
            }
            match config.check_against(builtin()) {
                Err(ConfigError::File(_, _, d)) => d,
                _ => return,
            }
        }
        Err(ConfigError::File(_, _, d)) => d,
        Err(_) => return,
    };
    let report = partnerlint::FileReport {
        path: path.to_path_buf(),
        source: SourceText::new(text.to_string()),
        diagnostics,
        policy: None,
        suppressed: Vec::new(),
        off: Vec::new(),
    };
    let style = human::Style {
        color: false,
        width: 80,
        summary: true,
    };
    human::render_file(&mut Vec::new(), &report, style).expect("writes to memory");
}
