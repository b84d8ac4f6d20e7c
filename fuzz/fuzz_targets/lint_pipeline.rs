//! Fuzz target: bytes of one write-up through everything a repository's
//! text reaches (decode, parse, every rule, the fix loop, every renderer).
//! The body lives in `jobmark::fuzzing` so `cargo test` replays the saved
//! regression inputs through exactly the same code.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    jobmark::fuzzing::lint_pipeline(data);
});
