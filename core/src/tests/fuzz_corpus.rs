//! The committed fuzz corpus, replayed: every file under `tests/fuzz/corpus/<target>/` goes
//! through the same `core::fuzzing` function its cargo-fuzz target calls, so what the fuzzer
//! once found (and every seed) is checked on each native test run. The long run is
//! `make fuzz`.

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use crate::fuzzing::TARGETS;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fuzz")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    out.sort();
    out
}

#[test]
fn every_corpus_file_runs_clean() {
    let mut failures = Vec::new();
    for (target, run) in TARGETS {
        let corpus = files(&fuzz_dir().join("corpus").join(target));
        assert!(!corpus.is_empty(), "the corpus of {target} is empty");
        for path in corpus {
            let data = fs::read(&path).expect("corpus file is readable");
            if catch_unwind(AssertUnwindSafe(|| run(&data))).is_err() {
                failures.push(path.display().to_string());
            }
        }
    }
    assert!(failures.is_empty(), "panicked on:\n{}", failures.join("\n"));
}

#[test]
fn every_fuzz_target_has_an_entry_point_and_a_corpus() {
    // Targets of other crates (the demo wiki's) call their own crate's `fuzzing`.
    let mut declared: Vec<String> = files(&fuzz_dir().join("fuzz_targets"))
        .iter()
        .filter(|p| fs::read_to_string(p).is_ok_and(|text| text.contains("wkc_core::fuzzing::")))
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .collect();
    declared.sort();
    let mut known: Vec<String> = TARGETS.iter().map(|(name, _)| (*name).to_owned()).collect();
    known.sort();
    assert_eq!(
        declared, known,
        "tests/fuzz/fuzz_targets/ and fuzzing::TARGETS differ"
    );
    for (target, _) in TARGETS {
        let source = fuzz_dir().join("fuzz_targets").join(format!("{target}.rs"));
        let text = fs::read_to_string(&source).expect("fuzz target is readable");
        assert!(
            text.contains(&format!("wkc_core::fuzzing::{target}(")),
            "{} must call wkc_core::fuzzing::{target}",
            source.display()
        );
    }
}
