//! Fuzz target: a `.jobmark.toml` and a rule pack parsed from the same
//! bytes (see `jobmark::fuzzing::config_and_pack`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    jobmark::fuzzing::config_and_pack(data);
});
