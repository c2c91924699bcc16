//! The configuration loader: arbitrary text as a `.partnerlint.yaml`, checked against the
//! built-in packs, its problems rendered.
#![no_main]
#![forbid(unsafe_code)]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::config_file(data));
