//! The pure core of wikijs-keycloak: settings in, derived URLs, diagnostics and Wiki.js
//! payloads out.
//!
//! **Architecture invariant:** this crate depends on `serde`, `serde_json` and `url` only
//! (its Cargo.toml is the proof: no web crate can be imported), does no I/O and touches no
//! network, so it compiles and is tested natively in seconds, and every surface (page,
//! widget, JS API) shows the same results.
//!
//! **Architecture invariant:** no function here panics on any input. The property tests
//! feed arbitrary strings to every entry point.

pub mod access;
pub mod backchannel_probe;
pub mod derive;
pub mod diagnostics;
pub mod draft;
/// The fuzz targets' bodies: compiled for `cargo fuzz` (`--cfg fuzzing`) and for the tests
/// that replay the committed corpus, never into the page.
#[cfg(any(fuzzing, test))]
pub mod fuzzing;
pub mod host;
pub mod keycloak_client;
pub mod keycloak_export;
pub mod keycloak_facts;
pub mod node_errors;
pub mod paste;
pub mod pending_strategy;
pub mod preset;
pub mod rebase;
/// A known-good configuration: for tests and the benchmark (`features = ["samples"]`).
#[cfg(any(feature = "samples", test))]
pub mod samples;
pub mod scenarios;
pub mod secret;
pub mod settings;
pub mod storage_scope;
pub mod troubleshoot;
pub mod wikijs;

pub use derive::{derive, Derived};
pub use diagnostics::checks::diagnose;
pub use diagnostics::{Code, Diagnostic, Severity};
pub use settings::{Context, Endpoint, Field, Layout, LayoutChoice, Settings};

// Native only: proptest and the contract files are not available to wasm32 tests.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

/// Stable sort for the core's short lists (strategies, config entries, findings): an
/// insertion sort costs a few dozen bytes of wasm per element type, where `slice::sort_by`
/// instantiates a few kilobytes for each.
pub fn sort_small_by<T>(v: &mut [T], mut order: impl FnMut(&T, &T) -> std::cmp::Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && order(&v[j - 1], &v[j]) == std::cmp::Ordering::Greater {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// [`sort_small_by`] on a key.
pub fn sort_small_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_small_by(v, |a, b| key(a).cmp(&key(b)));
}
