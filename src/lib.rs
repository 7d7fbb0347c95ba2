//! wikijs-keycloak: connect Wiki.js 2.5 to Keycloak without guesswork.
//!
//! [`core`] is plain Rust (derive, validate, diagnose, map to Wiki.js); [`app`] is the thin
//! Leptos shell that renders it. See ARCHITECTURE.md for the codemap and invariants.

pub mod core;

#[cfg(target_arch = "wasm32")]
mod app;
