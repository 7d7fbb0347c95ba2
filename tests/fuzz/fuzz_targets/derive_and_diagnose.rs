#![no_main]

libfuzzer_sys::fuzz_target!(
    |data: &[u8]| wkc_core::fuzzing::derive_and_diagnose(data)
);
