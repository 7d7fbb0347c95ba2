//! The catalogue and the specification (`../shared/spec/diagnostics.md`) list the same codes
//! with the same severities; codes are kebab-case and every entry says what to do.

use std::collections::BTreeMap;

use crate::diagnostics::{Code, Severity};

const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/spec/diagnostics.md"
);

/// Code → severity, read from the spec's tables (the section says the severity, except the
/// live-check table, which has its own severity column).
fn spec_codes() -> BTreeMap<String, Severity> {
    let text = std::fs::read_to_string(SPEC).expect("../shared/spec/diagnostics.md is readable");
    let mut section = None;
    let mut codes = BTreeMap::new();
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            section = match heading {
                h if h.starts_with("Errors") => Some(Severity::Error),
                h if h.starts_with("Warnings") => Some(Severity::Warning),
                h if h.starts_with("Info") => Some(Severity::Info),
                h if h.starts_with("Live check") => None,
                _ => None,
            };
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Some(code) = cells
            .get(1)
            .and_then(|c| c.strip_prefix('`'))
            .and_then(|c| c.strip_suffix('`'))
        else {
            continue;
        };
        let severity = match (section, cells.get(2).copied()) {
            (Some(s), _) => s,
            (None, Some("error")) => Severity::Error,
            (None, Some("warning")) => Severity::Warning,
            (None, Some("info")) => Severity::Info,
            _ => continue,
        };
        codes.insert(code.to_owned(), severity);
    }
    codes
}

#[test]
fn the_catalogue_implements_exactly_the_specified_codes() {
    let spec = spec_codes();
    assert!(
        spec.len() >= 40,
        "the spec was parsed ({} codes)",
        spec.len()
    );
    let ours: BTreeMap<String, Severity> = Code::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.severity()))
        .collect();
    assert_eq!(ours, spec);
}

#[test]
fn codes_are_stable_kebab_case_and_round_trip() {
    for code in Code::ALL {
        let s = code.as_str();
        assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{s}");
        assert_eq!(Code::parse(s), Some(*code));
        assert_eq!(serde_json::to_string(code).unwrap(), format!("\"{s}\""));
    }
    assert_eq!(Code::parse("no-such-code"), None);
}

#[test]
fn every_entry_has_a_message_and_a_fix() {
    for code in Code::ALL {
        assert!(
            code.message().len() > 20 && code.message().ends_with(['.', '"', ')']),
            "{}: {}",
            code.as_str(),
            code.message()
        );
        assert!(code.fix().len() > 10, "{}: {}", code.as_str(), code.fix());
    }
}
