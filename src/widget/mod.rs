//! The embeddable widget: the one module that knows the widget's JavaScript API.
//!
//! A host page includes one script, `wikijs-keycloak.js` (the loader, built from
//! `loader.js` here by `scripts/widget-loader.mjs`), which initialises the wasm, defines the
//! `<wikijs-keycloak>` custom element and exports `mount`, `derive` and `diagnose`. The
//! loader's JavaScript owns the DOM side (shadow root, stylesheet, custom element
//! callbacks, `CustomEvent`s); this Rust side owns everything with meaning:
//!
//! - [`js_api`]: the wasm exports the loader calls: `mountWidget` (the app in a container,
//!   with the options the element's attributes or the `mount` call give), `deriveJson` and
//!   `diagnoseJson` (the core's results as JSON, never throwing).
//! - [`events`]: the app's signals turned into the `wikijs-keycloak-change`, `-saved` and
//!   `-error` events' details.
//!
//! Each mounted widget lives in its own shadow root (see ARCHITECTURE.md, "The widget"):
//! host CSS cannot reach in, the widget's CSS cannot leak out, and element ids are per
//! instance anyway (`app::ids`); the app finds its controls through its own root element.

pub mod events;
pub mod js_api;

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many widgets are mounted now: a count, not a registry (each widget's state lives
/// with its mounted page).
static LIVE: AtomicUsize = AtomicUsize::new(0);

/// How many widgets are mounted now (the loader's `liveInstances()`, for tests and hosts
/// that want to check that removing an element freed it).
pub fn live_instances() -> usize {
    LIVE.load(Ordering::Relaxed)
}
