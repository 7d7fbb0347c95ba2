#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| wkc_core::fuzzing::keycloak_export(data));
