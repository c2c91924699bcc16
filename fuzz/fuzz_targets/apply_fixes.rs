//! Every fix the check offers, on any bytes, applied alone and all together: a file that
//! loaded still loads.
#![no_main]
#![forbid(unsafe_code)]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    harness::apply_fixes(data);
});
