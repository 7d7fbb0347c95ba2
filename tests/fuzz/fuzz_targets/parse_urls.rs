#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| wikijs_keycloak::core::fuzzing::parse_urls(data));
