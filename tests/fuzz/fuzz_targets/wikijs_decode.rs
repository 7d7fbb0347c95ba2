#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| wkc_core::fuzzing::wikijs_decode(data));
