//! The whole per-file check, on any bytes, with the built-in packs; then both report
//! formats, which read every span.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use partnerlint::pack::FileAccess;
use partnerlint::report::{human, json::JsonEmitter, Emitter, Summary};
use partnerlint::{check_source, CheckOptions, PackSet};
use std::path::Path;
use std::sync::OnceLock;

fn packs() -> &'static PackSet {
    static PACKS: OnceLock<PackSet> = OnceLock::new();
    PACKS.get_or_init(|| PackSet::builtin().expect("the built-in packs compile"))
}

fuzz_target!(|data: &[u8]| {
    let options = CheckOptions::new(jiff::civil::date(2026, 11, 22));
    let report = check_source(
        Path::new("fuzz.partner.yaml"),
        data,
        &FileAccess::default(),
        packs(),
        &options,
    );
    let mut summary = Summary::default();
    summary.add(&report);
    let mut out = Vec::new();
    let mut json = JsonEmitter::new(&mut out);
    json.file(&report).expect("writes to memory");
    json.finish(&summary).expect("writes to memory");
    let mut text = Vec::new();
    human::render_file(&mut text, &report, human::Style { color: false, width: 80 })
        .expect("writes to memory");
});
