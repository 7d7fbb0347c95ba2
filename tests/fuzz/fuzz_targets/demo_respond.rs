#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| wkc_demo::fuzzing::demo_respond(data));
