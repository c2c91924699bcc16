//! The rule-pack compiler: arbitrary text as one rule file inside the otherwise valid
//! built-in pack 2026.11, compiled from memory; when it compiles, its rules are run on
//! an application.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use partnerlint::pack::{FileAccess, PackFile};
use partnerlint::PackSet;

const PACK: &str = include_str!("../../rules/2026.11/pack.yaml");
const DATA: &str = include_str!("../../rules/2026.11/data.yaml");
const ACCOUNT: &str = include_str!("../../rules/2026.11/rules/account.yaml");
const APP: &str = include_str!("../../fixtures/2026.11/market-cross-border/pass.partner.yaml");

fn file(relative: &str, text: &str) -> PackFile {
    PackFile {
        name: format!("fuzz/{relative}"),
        relative: relative.to_string(),
        text: text.to_string(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let files = vec![
        file("pack.yaml", PACK),
        file("data.yaml", DATA),
        file("rules/account.yaml", ACCOUNT),
        file("rules/fuzz.yaml", text),
    ];
    if let Ok(pack) = PackSet::pack_from_files(files, "fuzz") {
        let loaded = partnerlint::yaml::load(APP, &Default::default());
        if let Some(root) = loaded.root {
            let _ = pack.evaluate(&root, APP, jiff::civil::date(2026, 11, 22), &FileAccess::default());
        }
    }
});
