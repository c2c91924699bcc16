//! The rule-pack compiler: arbitrary text as one rule file inside the otherwise valid
//! built-in pack 2026.11, compiled from memory; when it compiles, its rules are run on
//! an application.
#![no_main]
#![forbid(unsafe_code)]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::rule_pack(data));
