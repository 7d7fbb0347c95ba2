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
mod preset;
mod properties;
mod rebase;
mod save_outcome;
mod troubleshoot;
mod wikijs;
mod wikijs_plan;

use crate::settings::Settings;

/// A change to the form, as a table cell.
pub(super) type Edit = fn(&mut Settings);

/// `base` with `edit` applied.
pub(super) fn edited_from(mut base: Settings, edit: Edit) -> Settings {
    edit(&mut base);
    base
}
