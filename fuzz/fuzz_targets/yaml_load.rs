//! The YAML loader alone, on any text.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use partnerlint::yaml::{load, Limits};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let loaded = load(text, &Limits::default());
        // Every span must lie in the text, on character boundaries.
        for d in &loaded.diagnostics {
            for l in d.primary.iter().chain(&d.secondary) {
                assert!(text.get(l.span.clone()).is_some(), "{:?} in {} bytes", l.span, text.len());
            }
        }
        if let Some(root) = loaded.root {
            assert!(text.get(root.span.clone()).is_some());
            let _ = root.to_json();
        }
    }
});
