//! The YAML loader alone, on any text.
#![no_main]
#![forbid(unsafe_code)]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::yaml_load(data));
