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
//! instance anyway (`app::ids`). [`element_by_id`] finds a control inside those roots for
//! the app's "go to field".

pub mod events;
pub mod js_api;

use std::cell::RefCell;

use web_sys::{Element, HtmlElement};

thread_local! {
    /// The container of every mounted widget, by mount number.
    static CONTAINERS: RefCell<Vec<(u32, HtmlElement)>> = const { RefCell::new(Vec::new()) };
    static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
}

/// Remember a mounted widget's container; returns its key for [`forget`].
fn remember(container: HtmlElement) -> u32 {
    let key = NEXT.with(|n| {
        let key = n.get();
        n.set(key.wrapping_add(1));
        key
    });
    CONTAINERS.with(|c| c.borrow_mut().push((key, container)));
    key
}

fn forget(key: u32) {
    CONTAINERS.with(|c| c.borrow_mut().retain(|(k, _)| *k != key));
}

/// How many widgets are mounted now (the loader's `liveInstances()`, for tests and hosts
/// that want to check that removing an element freed it).
pub fn live_instances() -> usize {
    CONTAINERS.with(|c| c.borrow().len())
}

/// The element with this id inside a mounted widget (the page's own elements are found
/// with `document.getElementById`; a shadow root's are not).
pub fn element_by_id(id: &str) -> Option<Element> {
    // Ids are the app's own (`wkc-<n>-<name>`): refuse anything a selector would misread.
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        || id.starts_with(|c: char| c.is_ascii_digit() || c == '-')
    {
        return None;
    }
    let selector = format!("#{id}");
    CONTAINERS.with(|c| {
        c.borrow()
            .iter()
            .find_map(|(_, container)| container.query_selector(&selector).ok().flatten())
    })
}
