//! The whole per-file check, on any bytes, with the built-in packs; then both report
//! formats, which read every span.
#![no_main]
#![forbid(unsafe_code)]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::check_source_all(data));
