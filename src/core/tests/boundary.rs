//! The core's purity is a test, not a convention: every `use`, `extern crate` and
//! `crate::` path under `src/core/` must name only the crates the core may depend on.

use std::fs;
use std::path::{Path, PathBuf};

/// First path segments a core file may import from.
const ALLOWED_ROOTS: &[&str] = &[
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "url",
    "super",
    "self",
    "crate",
];

/// Crates and modules that would make the core impure. A mention anywhere in code fails.
const FORBIDDEN: &[&str] = &[
    "leptos",
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "gloo",
    "reactive_graph",
    "crate::app",
    "crate::widget",
    "crate::backend",
];

fn core_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/core is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            core_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Lines of code without `//` comments (doc comments may name the forbidden crates).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.split("//").next().unwrap_or("")))
        .filter(|(_, l)| !l.trim().is_empty())
}

/// Modules the file itself declares (`mod x;`): `use x::…` stays inside the core.
fn declared_modules(text: &str) -> Vec<&str> {
    code_lines(text)
        .filter_map(|(_, l)| {
            l.trim_start()
                .strip_prefix("pub mod ")
                .or_else(|| l.trim_start().strip_prefix("mod "))
        })
        .map(|rest| rest.trim_end_matches([';', ' ', '{']))
        .collect()
}

/// Test-only crates the core's own tests may use.
const TEST_ONLY: &[&str] = &["proptest"];

fn violations(path: &Path, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let local = declared_modules(text);
    let in_tests = path.components().any(|c| c.as_os_str() == "tests");
    for (number, line) in code_lines(text) {
        let trimmed = line.trim_start();
        let import = trimmed
            .strip_prefix("pub use ")
            .or_else(|| trimmed.strip_prefix("use "))
            .or_else(|| trimmed.strip_prefix("extern crate "));
        if let Some(import) = import {
            let root = import
                .trim_start_matches("::")
                .split([':', ';', ' ', '{'])
                .next()
                .unwrap_or("");
            let allowed = ALLOWED_ROOTS.contains(&root)
                || local.contains(&root)
                || (in_tests && TEST_ONLY.contains(&root));
            if !allowed {
                found.push(format!("{}:{number}: imports `{root}`", path.display()));
            }
            if root == "crate" && !import.starts_with("crate::core") {
                found.push(format!(
                    "{}:{number}: imports outside the core: {}",
                    path.display(),
                    import.trim()
                ));
            }
        }
        for word in FORBIDDEN {
            if line.contains(word) && !path.ends_with("boundary.rs") {
                found.push(format!("{}:{number}: mentions `{word}`", path.display()));
            }
        }
    }
    found
}

#[test]
fn core_imports_only_std_serde_and_url() {
    let mut files = Vec::new();
    core_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core"),
        &mut files,
    );
    assert!(files.len() > 5, "the core's files were found");
    let all: Vec<String> = files
        .iter()
        .flat_map(|f| violations(f, &fs::read_to_string(f).expect("readable")))
        .collect();
    assert!(
        all.is_empty(),
        "the core must stay pure:\n{}",
        all.join("\n")
    );
}

#[test]
fn the_boundary_check_catches_an_impure_import() {
    let cases = [
        ("use leptos::prelude::*;", 2),
        ("use web_sys::Window;", 2),
        ("    use crate::app::Form;", 2),
        ("let x = gloo_net::http::Request::get(u);", 1),
        ("use serde::Serialize;", 0),
        ("use crate::core::host::BaseUrl;", 0),
        ("// use leptos in a comment", 0),
        ("use proptest::prelude::*;", 1),
        ("mod checks;\nuse checks::diagnose;", 0),
    ];
    for (line, expected) in cases {
        assert_eq!(
            violations(Path::new("x.rs"), line).len(),
            expected,
            "{line}"
        );
    }
}

/// `url::Url::parse` is only reached through `host::parse_url`, which keeps hosts ASCII and
/// lower-case (the IDNA stub's precondition; see ARCHITECTURE.md).
#[test]
fn urls_are_parsed_only_through_the_guarded_door() {
    let mut files = Vec::new();
    core_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core"),
        &mut files,
    );
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| !f.ends_with("host.rs") && !f.ends_with("boundary.rs"))
        .filter(|f| {
            fs::read_to_string(f)
                .expect("readable")
                .contains("Url::parse(")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "call host::parse_url instead in: {offenders:?}"
    );
}
