//! The admin page's address bar. A `token` it was opened with is taken out (`startPage`),
//! but once the first screen is up: replacing the history entry makes the browser update
//! the document's URL, which took 3 to 28 ms of the main thread in traced loads, on the way
//! to the first screen when done at once. Done in the task after that screen, the token
//! still never reaches history beyond the entry it was opened in. A page whose first screen
//! is late or never comes, or that is left before it, still has it taken out: a second
//! after the start at the latest, and as the page is left (`pagehide`).

/// Take the token out of the address when the first screen is up ([`tidy`]): `url` is the
/// address without it, `state` what the entry keeps of it (`crate::TOKEN_TAKEN`, or null).
#[cfg(target_arch = "wasm32")]
pub fn tidy_later(state: wasm_bindgen::JsValue, url: String) {
    web::PENDING.with(|p| *p.borrow_mut() = Some((state, url)));
    leptos::prelude::set_timeout(
        tidy,
        std::time::Duration::from_millis(web::AT_THE_LATEST_MS),
    );
    // The page's lifetime: nothing removes it (once tidied, it does nothing).
    let _ = leptos::prelude::window_event_listener(leptos::ev::pagehide, |_| tidy());
}

/// Replace the address now if a tidy is pending (once; nothing for a widget, or natively).
pub fn tidy() {
    #[cfg(target_arch = "wasm32")]
    web::tidy();
}

#[cfg(target_arch = "wasm32")]
mod web {
    use std::cell::RefCell;

    use wasm_bindgen::JsValue;

    /// The backstop, from the start: well after a first screen on a slow machine.
    pub const AT_THE_LATEST_MS: u64 = 1_000;

    thread_local! {
        pub static PENDING: RefCell<Option<(JsValue, String)>> = const { RefCell::new(None) };
    }

    pub fn tidy() {
        let Some((state, url)) = PENDING.with(|p| p.borrow_mut().take()) else {
            return;
        };
        if let Ok(history) = leptos::prelude::window().history() {
            let _ = history.replace_state_with_url(&state, "", Some(&url));
        }
    }
}
