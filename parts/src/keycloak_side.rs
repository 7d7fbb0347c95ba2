//! The Keycloak side, in the `tools` part: the pasted export is parsed and held here, and
//! checked against the form's settings on every change, so the page's first load carries no
//! export parser and no `kc-*` check.
//!
//! The page pastes each export under an id of its own ([`paste_export`]), asks with that id,
//! and forgets it when the box is cleared, replaced or the page goes away
//! ([`forget_export`]); several widgets on one page share this module, each with its ids.
//! The client secret crosses as an argument (the checks compare and mask it) and stays in
//! memory: nothing here writes it anywhere.

use std::cell::RefCell;
use std::sync::Arc;

use wasm_bindgen::prelude::*;
use wkc_core::diagnostics::wire::flatten;
use wkc_core::keycloak_export::{fixes, live, parse_export, too_large, PastedExport};
use wkc_core::{derive, Context, Settings};

use crate::{context_of, settings_from};

thread_local! {
    /// The exports pasted, by the page's id.
    static PASTED: RefCell<Vec<(u32, Arc<PastedExport>)>> = const { RefCell::new(Vec::new()) };
}

fn hold(id: u32, pasted: Option<PastedExport>) {
    PASTED.with(|p| {
        let mut p = p.borrow_mut();
        p.retain(|(held, _)| *held != id);
        if let Some(pasted) = pasted {
            p.push((id, Arc::new(pasted)));
        }
    });
}

fn held(id: u32) -> Option<Arc<PastedExport>> {
    PASTED.with(|p| {
        p.borrow()
            .iter()
            .find(|(held, _)| *held == id)
            .map(|(_, e)| e.clone())
    })
}

/// Parse `text` and hold it as `id`. What the page shows before any check: `["readable",
/// then for each client to offer for an empty Client ID (at most 20) its ID and its realm
/// ("" in a client export)…]`, `["unreadable"]`, or `[]` when the text is blank (nothing is
/// held then).
#[wasm_bindgen(js_name = pasteExport)]
pub fn paste_export(id: u32, text: &str) -> Vec<String> {
    let pasted = parse_export(text);
    let summary = match &pasted {
        None => Vec::new(),
        Some(PastedExport::Unreadable(_)) => vec!["unreadable".to_owned()],
        Some(PastedExport::Readable(export)) => std::iter::once("readable")
            .chain(
                export
                    .candidate_clients()
                    .into_iter()
                    .take(20)
                    .flat_map(|c| [c.client_id, c.realm.unwrap_or_default()]),
            )
            .map(str::to_owned)
            .collect(),
    };
    hold(id, pasted);
    summary
}

/// Hold, as `id`, a dropped file refused by its size without reading it.
#[wasm_bindgen(js_name = refuseExport)]
pub fn refuse_export(id: u32, bytes: f64) {
    hold(id, Some(too_large(bytes as u64)));
}

#[wasm_bindgen(js_name = forgetExport)]
pub fn forget_export(id: u32) {
    hold(id, None);
}

/// The settings as the page sends them, and the context the Keycloak side reads: export `id`,
/// and the two facts of [`crate::context_of`] (where Keycloak checks the Site URL after
/// logout depends on both).
fn inputs(id: u32, settings: &str, secret: &str, facts: (bool, u32)) -> (Settings, Context) {
    let context = Context {
        keycloak_export: held(id),
        ..context_of(facts.0, facts.1)
    };
    (settings_from(settings, secret), context)
}

/// What export `id` says for these settings: first the ids of the console steps the form's
/// client says nothing about (`core::keycloak_export::silent_steps`, space-separated), which
/// the checklist does not tick; then the `kc-*` findings, flat (`core::diagnostics::wire`).
/// Empty when nothing is held as `id`.
#[wasm_bindgen(js_name = checkExport)]
pub fn check_export(
    id: u32,
    settings: &str,
    secret: &str,
    legacy_logout_only: bool,
    keycloak_version: u32,
) -> Vec<String> {
    let (settings, context) = inputs(id, settings, secret, (legacy_logout_only, keycloak_version));
    if context.keycloak_export.is_none() {
        return Vec::new();
    }
    let mut found = Vec::new();
    wkc_core::keycloak_export::checks::check_export(
        &settings,
        &context,
        &derive(&settings),
        &mut found,
    );
    let silent: Vec<&str> = wkc_core::keycloak_export::silent_steps(&settings, &context)
        .into_iter()
        .map(|step| step.id())
        .collect();
    std::iter::once(silent.join(" "))
        .chain(flatten(&found))
        .collect()
}

/// The `kcadm.sh` script that fixes the exported client (`core::keycloak_export::fixes`);
/// "" when the export does not hold the form's client.
#[wasm_bindgen(js_name = exportFixCommands)]
pub fn export_fix_commands(
    id: u32,
    settings: &str,
    secret: &str,
    legacy_logout_only: bool,
    keycloak_version: u32,
) -> String {
    let (settings, context) = inputs(id, settings, secret, (legacy_logout_only, keycloak_version));
    fixes::kcadm_fix_commands(&settings, &context, &derive(&settings)).unwrap_or_default()
}

/// The exported client corrected, for Import client; the secret only with `include_secret`.
#[wasm_bindgen(js_name = correctedClientJson)]
pub fn corrected_client_json(
    id: u32,
    settings: &str,
    secret: &str,
    legacy_logout_only: bool,
    keycloak_version: u32,
    include_secret: bool,
) -> String {
    let (settings, context) = inputs(id, settings, secret, (legacy_logout_only, keycloak_version));
    fixes::corrected_client_json(&settings, &context, &derive(&settings), include_secret)
}

/// `live-issuer-mismatch` when the issuer the live check found is not the one export `id`'s
/// Frontend URL gives (flat, as [`check_export`]); empty otherwise.
#[wasm_bindgen(js_name = issuerAgainstExport)]
pub fn issuer_against_export(id: u32, issuer: &str, realm: &str) -> Vec<String> {
    let found = held(id).and_then(|pasted| live::issuer_against_export(issuer, &pasted, realm));
    flatten(found.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wkc_core::diagnostics::wire::unflatten;
    use wkc_core::samples;

    const CLIENT: &str = r#"{"clientId":"wikijs","protocol":"openid-connect","publicClient":true,
        "redirectUris":["https://elsewhere.example.com/*"],"secret":"**********"}"#;

    fn json(settings: &Settings) -> String {
        serde_json::to_string(settings).unwrap()
    }

    /// What the core says for the same settings with the export in the context.
    fn core_findings(settings: &Settings, text: &str) -> Vec<wkc_core::Diagnostic> {
        let context = Context {
            keycloak_export: parse_export(text).map(Arc::new),
            ..Context::default()
        };
        let mut found = Vec::new();
        wkc_core::keycloak_export::checks::check_export(
            settings,
            &context,
            &derive(settings),
            &mut found,
        );
        found
    }

    /// The findings of what `checkExport` said, after the silent steps.
    fn findings(said: Vec<String>) -> Vec<wkc_core::Diagnostic> {
        said.split_first()
            .map(|(_, flat)| unflatten(flat))
            .unwrap_or_default()
    }

    #[test]
    fn a_held_export_is_checked_as_the_core_checks_it() {
        let settings = samples::clean_settings();
        let secret = settings.client_secret.expose().to_owned();
        assert_eq!(paste_export(1, CLIENT), vec!["readable", "wikijs", ""]);
        let said = check_export(1, &json(&settings), &secret, false, 0);
        // It lists no client scopes: the checklist's scopes step is not ticked.
        assert_eq!(said[0], "step-client-scopes");
        let found = unflatten(&said[1..]);
        assert!(!found.is_empty());
        assert_eq!(found, core_findings(&settings, CLIENT));
        assert!(!export_fix_commands(1, &json(&settings), &secret, false, 0).is_empty());
        forget_export(1);
        assert!(check_export(1, &json(&settings), &secret, false, 0).is_empty());
    }

    /// The version the page passes reaches the checks: with the legacy logout, Keycloak 26
    /// ignores the Site URL, so the export is not asked to list it.
    #[test]
    fn the_keycloak_version_reaches_the_checks() {
        let settings = Settings {
            logout_legacy_redirect: true,
            ..samples::clean_settings()
        };
        let good = r#"{"clientId":"wikijs","redirectUris":["https://wiki.example.com/login/5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77/callback"]}"#;
        paste_export(5, good);
        let codes = |version: u32| -> Vec<wkc_core::Code> {
            findings(check_export(5, &json(&settings), "", false, version))
                .iter()
                .map(|d| d.code)
                .collect()
        };
        let missing = wkc_core::Code::KcPostLogoutUriMissing;
        assert!(codes(0).contains(&missing), "{:?}", codes(0));
        assert!(codes(16).contains(&missing), "{:?}", codes(16));
        assert!(!codes(26).contains(&missing), "{:?}", codes(26));
        forget_export(5);
    }

    #[test]
    fn what_is_pasted_is_summed_up_and_held_by_id() {
        let settings = json(&samples::clean_settings());
        assert_eq!(paste_export(2, "not json"), vec!["unreadable"]);
        assert_eq!(paste_export(3, "  "), Vec::<String>::new());
        assert!(check_export(3, &settings, "", false, 0).is_empty());
        refuse_export(4, 6.0 * 1024.0 * 1024.0);
        let refused = findings(check_export(4, &settings, "", false, 0));
        assert_eq!(refused[0].code, wkc_core::Code::KcExportUnreadable);
        assert!(
            refused[0].message.contains("6 MB"),
            "{}",
            refused[0].message
        );
        let unreadable = findings(check_export(2, &settings, "", false, 0));
        assert_eq!(unreadable[0].code, wkc_core::Code::KcExportUnreadable);
    }

    #[test]
    fn the_live_issuer_is_compared_with_the_held_realm() {
        let realm = r#"{"realm":"wiki","attributes":{"frontendUrl":"https://sso.example.com"},
            "clients":[{"clientId":"wikijs"}]}"#;
        paste_export(5, realm);
        let mismatch = unflatten(&issuer_against_export(
            5,
            "https://kc.example.com/realms/wiki",
            "wiki",
        ));
        assert_eq!(mismatch[0].code, wkc_core::Code::LiveIssuerMismatch);
        assert!(issuer_against_export(5, "https://sso.example.com/realms/wiki", "wiki").is_empty());
        assert!(issuer_against_export(6, "https://kc.example.com/realms/wiki", "wiki").is_empty());
    }
}
