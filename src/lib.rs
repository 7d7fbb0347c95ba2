//! wikijs-keycloak: connect Wiki.js 2.5 to Keycloak without guesswork.
//!
//! [`core`] is plain Rust (derive, validate, diagnose, map to Wiki.js); [`app`] is the thin
//! Leptos shell that renders it. See ARCHITECTURE.md for the codemap and invariants.

pub mod app;
pub mod core;

pub use app::mount_app;

/// The page's entry point: mount the app into `#wikijs-keycloak-root` for good. Does nothing
/// where that element is missing (test binaries, host pages that call [`mount_app`] themselves).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    use wasm_bindgen::JsCast;

    let root = leptos::prelude::document()
        .get_element_by_id(app::PAGE_ROOT_ID)
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(root) = root {
        mount_app(root).forget();
    }
}
