//! wikijs-keycloak: connect Wiki.js 2.5 to Keycloak without guesswork.
//!
//! This crate is the web shell. [`wkc_core`] (its own crate) is plain Rust: derive,
//! validate, diagnose, map to Wiki.js; [`app`] is the thin Leptos shell that renders it;
//! [`backend`] moves its requests over the network (or to the in-memory [`wkc_demo`] wiki);
//! [`widget`] is the JavaScript API. See ARCHITECTURE.md for the codemap and invariants.

pub mod address;
pub mod app;
pub mod backend;
pub mod parts;
pub mod rest;
pub mod widget;

pub use app::mount_app;

/// The page's entry point, which the loader calls once it has initialised the wasm and told
/// it how to load the lazy parts (`parts::set_part_loader`): mount the app into
/// `#wikijs-keycloak-root` for good, with the options its `data-*` attributes and the page's
/// URL give. Does nothing where that element is missing (host pages that mount widgets).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = startPage)]
pub fn start() {
    use wasm_bindgen::JsCast;

    let root = leptos::prelude::document()
        .get_element_by_id(app::PAGE_ROOT_ID)
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(root) = root {
        let options = page_options(&root);
        mount_app(root, options).forget();
    }
}

/// Options from the root element's `data-*` attributes, then the URL query (which wins).
/// A `token` in the URL is taken out of the address bar once the first screen is up
/// ([`address`]), so it stays out of history (the entry's state says it was, for a reload's
/// refused load to explain).
/// An `endpoint` in it counts only on this page's origin: anyone can send an admin a link,
/// and one with `?endpoint=https://elsewhere/graphql` would show that server's answers and
/// post the client secret typed here to it on save. So does a `docs-url`: a link's code
/// would lead the admin to a page of the sender's. The page's own markup (`data-endpoint`)
/// and a host page's `mount` options are trusted.
#[cfg(target_arch = "wasm32")]
fn page_options(root: &web_sys::HtmlElement) -> app::options::AppOptions {
    let mut options = app::options::AppOptions::default();
    let names = app::options::OPTION_NAMES.map(|(attribute, _)| attribute);
    let attributes: Vec<(&str, String)> = names
        .iter()
        .filter_map(|n| root.get_attribute(&format!("data-{n}")).map(|v| (*n, v)))
        .collect();
    options.apply(attributes.iter().map(|(n, v)| (*n, v.as_str())));
    let window = leptos::prelude::window();
    let search = window.location().search().unwrap_or_default();
    if let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) {
        let origin = window.location().origin().unwrap_or_default();
        let query: Vec<(&str, String)> = names
            .iter()
            .filter_map(|n| params.get(n).map(|v| (*n, v)))
            .filter(|(n, v)| {
                let allowed = !matches!(*n, "endpoint" | "docs-url")
                    || wkc_core::host::on_origin_of(v, &origin);
                if !allowed {
                    leptos::logging::warn!(
                        "{n} {v:?} ignored: from the address bar, only this page's origin"
                    );
                }
                allowed
            })
            .collect();
        options.apply(query.iter().map(|(n, v)| (*n, v.as_str())));
        if params.has("token") {
            params.delete("token");
            let rest = params.to_string().as_string().unwrap_or_default();
            let path = window.location().pathname().unwrap_or_default();
            let url = if rest.is_empty() {
                path
            } else {
                format!("{path}?{rest}")
            };
            // The entry remembers that it had one (a reload keeps its state, not the token).
            let had_one = query
                .iter()
                .any(|(n, v)| *n == "token" && !v.trim().is_empty());
            let state = if had_one {
                wasm_bindgen::JsValue::from_str(TOKEN_TAKEN)
            } else {
                wasm_bindgen::JsValue::NULL
            };
            address::tidy_later(state, url);
        } else if options.token.is_none() {
            options.token_taken = window
                .history()
                .and_then(|h| h.state())
                .is_ok_and(|state| state.as_string().as_deref() == Some(TOKEN_TAKEN));
        }
    }
    options
}

/// The history state of an entry whose `token` the page took out of the address.
#[cfg(target_arch = "wasm32")]
const TOKEN_TAKEN: &str = "wikijs-keycloak: token taken out";
