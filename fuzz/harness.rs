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
