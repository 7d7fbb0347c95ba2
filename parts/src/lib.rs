//! The configurator's lazily loaded parts: what the first screen does not need, built from
//! the same core into wasm modules of their own (`scripts/build-parts.mjs`, run by the Trunk
//! build), which the page fetches on first use (`src/parts/` in the shell).
//!
//! Every function takes and returns text (JSON where a structure crosses), so the main
//! module needs no decoder of its own for what comes back: it renders strings. The settings
//! cross as the JSON `Settings` serializes to (without the client secret, which crosses
//! apart, only to the exports that ask for it).
//!
//! Natively the shell calls these same functions directly (its native builds and tests);
//! in the browser it calls the wasm exports of the same names through the loader.
//!
//! Parts (cargo features, one wasm module per feature set):
//! - `demo`: [`DemoServer`], the static demo's in-memory Wiki.js;
//! - `tools`: [`troubleshoot`], the Keycloak exports ([`client_json`], [`kcadm_commands`],
//!   [`probe_commands`]) and the Keycloak side: the pasted export, held and checked here
//!   ([`paste_export`], [`check_export`], its fixes, [`issuer_against_export`]) and the live
//!   check's plan and verdict ([`live_check_with`]; the page fetches);
//! - `api`: the widget's JS API that computes, `derive` and `diagnose` (`api`).

#[cfg(feature = "api")]
pub mod api;
#[cfg(feature = "tools")]
mod keycloak_side;
#[cfg(feature = "tools")]
mod live;
#[cfg(feature = "tools")]
mod tools;
#[cfg(feature = "tools")]
pub use keycloak_side::*;
#[cfg(feature = "tools")]
pub use live::{live_check_with, run_plan};
#[cfg(feature = "tools")]
pub use tools::*;

#[cfg(feature = "demo")]
mod demo;
#[cfg(feature = "demo")]
pub use demo::DemoServer;

/// Settings from the shell's JSON (a field that does not decode leaves the defaults), with
/// The two facts of the context the tools read, as the page passes them: the wiki's Keycloak
/// module has no "Legacy Logout Redirect" (`Context::legacy_logout_only`), and the Keycloak
/// major version the admin chose (0: not known).
#[cfg(feature = "tools")]
fn context_of(legacy_logout_only: bool, keycloak_version: u32) -> wkc_core::Context {
    wkc_core::Context {
        legacy_logout_only,
        keycloak_version: (keycloak_version > 0).then_some(keycloak_version),
        ..wkc_core::Context::default()
    }
}

/// `secret` as the client secret.
#[cfg(feature = "tools")]
fn settings_from(json: &str, secret: &str) -> wkc_core::Settings {
    let mut settings: wkc_core::Settings = serde_json::from_str(json).unwrap_or_default();
    settings.client_secret = wkc_core::secret::Secret::new(secret);
    settings
}
