//! `docs/diagnostics.md` is generated from the catalogue: this test renders it and fails
//! when the file differs. `WKC_WRITE_DOCS=1 cargo test -p wkc-core diagnostics_doc` rewrites it.

use std::fmt::Write;

use crate::diagnostics::{Code, Severity};

const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/diagnostics.md");

fn render() -> String {
    let mut out = String::from(
        "# Diagnostics\n\n\
         Every finding the configurator can show, generated from the catalogue\n\
         (`core/src/diagnostics/catalogue.rs`; `cargo test -p wkc-core` keeps this file in step).\n\
         Codes are stable: search for one you saw in the page (`data-code`) or the JS API.\n\
         Errors block Save, except the Keycloak side's (`kc-*`: what a pasted export shows); warnings\n         and notes never do.\n",
    );
    for (severity, heading) in [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warnings"),
        (Severity::Info, "Notes"),
    ] {
        let _ = write!(out, "\n## {heading}\n");
        for code in Code::ALL.iter().filter(|c| c.severity() == severity) {
            let _ = write!(
                out,
                "\n### `{}`\n\n{}\n\n**Fix:** {}\n",
                code.as_str(),
                code.message(),
                code.fix()
            );
        }
    }
    out
}

#[test]
fn docs_diagnostics_md_is_the_catalogue() {
    let rendered = render();
    if std::env::var_os("WKC_WRITE_DOCS").is_some() {
        std::fs::write(DOC, &rendered).expect("docs/diagnostics.md is writable");
    }
    let on_disk = std::fs::read_to_string(DOC).unwrap_or_default();
    assert!(
        on_disk == rendered,
        "docs/diagnostics.md is not the catalogue: run `WKC_WRITE_DOCS=1 cargo test -p wkc-core diagnostics_doc`"
    );
}
