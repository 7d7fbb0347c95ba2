//! The `demo_respond` corpus, replayed on every native test run (the long run is `make fuzz`).

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use crate::fuzzing::demo_respond;

#[test]
fn every_corpus_file_runs_clean() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fuzz/corpus/demo_respond");
    let mut failures = Vec::new();
    let mut count = 0;
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        let data = fs::read(&path).expect("corpus file is readable");
        count += 1;
        if catch_unwind(AssertUnwindSafe(|| demo_respond(&data))).is_err() {
            failures.push(path.display().to_string());
        }
    }
    assert!(count > 0, "the corpus of demo_respond is empty");
    assert!(failures.is_empty(), "panicked on:\n{}", failures.join("\n"));
}
