//! Native tests of the core, one file per concept, each a table of one-line cases.

mod access;
mod backchannel_probe;
mod catalogue;
mod checks;
mod derive;
mod diagnostics_doc;
mod draft;
mod fake_kcadm;
mod fuzz_corpus;
mod host;
mod hostile_backends;
mod hostile_input;
mod keycloak_client;
mod keycloak_export;
mod keycloak_facts;
mod live;
mod paste;
mod pending_strategy;
mod presentation;
mod preset;
mod properties;
mod rebase;
mod save_outcome;
mod settings;
mod storage_scope;
mod troubleshoot;
mod wikijs;
mod wikijs_changes;
mod wikijs_plan;
mod wire;

use crate::settings::Settings;

/// A change to the form, as a table cell.
pub(super) type Edit = fn(&mut Settings);

/// `base` with `edit` applied.
pub(super) fn edited_from(mut base: Settings, edit: Edit) -> Settings {
    edit(&mut base);
    base
}

/// A table of (name, edit, code, whether it fires), each row's edit applied to a clean
/// start by `codes_after`: the rows whose code fires when it should not, or not when it should.
pub(super) fn misfires<E: Copy>(
    cases: &[(&str, E, &str, bool)],
    codes_after: impl Fn(E) -> Vec<&'static str>,
) -> Vec<String> {
    cases
        .iter()
        .filter_map(|(name, edit, code, expected)| {
            let codes = codes_after(*edit);
            (codes.contains(code) != *expected).then(|| {
                let want = if *expected { "present" } else { "absent" };
                format!("{name}: expected {code} {want}, got {codes:?}")
            })
        })
        .collect()
}
