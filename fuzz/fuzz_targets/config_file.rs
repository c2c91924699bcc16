//! The configuration loader: arbitrary text as a `.partnerlint.yaml`, checked against the
//! built-in packs, its problems rendered. The loader is private to the library, so the
//! code is there (`src/config/fuzz.rs`), public only in fuzzing builds.
#![no_main]
#![forbid(unsafe_code)]

libfuzzer_sys::fuzz_target!(|data: &[u8]| partnerlint::fuzz_config_file(data));
