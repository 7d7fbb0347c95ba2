//! The rest of the page's own code. A release build splits the page's wasm in two
//! (scripts/split-page.mjs): the first module holds what the first screen calls, and the
//! loader fetches the rest when the page asks for it here, as its first screen is shown.
//! What the page builds or reads after that screen waits for the rest (the sections and
//! folds built after the first screen, the group reads and so the load's end), so the
//! first module does not have to hold it too.
//!
//! A function the first module does not hold still runs before the rest is in: the loader
//! then fetches the rest at once, synchronously (its placeholders), and says so above the
//! page if it cannot. Natively, and in a build that is not split, the rest is in from the
//! start.

/// Once the rest of the page's code is in, or could not be loaded (at once where it always
/// was in): asks the loader each time, which loads it once. Never fails: a rest that does not
/// load is reported by the first call that needs it.
pub async fn rest_in() {
    #[cfg(target_arch = "wasm32")]
    web::rest_in().await;
}

#[cfg(target_arch = "wasm32")]
mod web {
    use std::cell::RefCell;

    use js_sys::{Function, Promise};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    thread_local! {
        /// `restLoaded() -> Promise` from the loader (not set: nothing to wait for).
        static LOADER: RefCell<Option<Function>> = const { RefCell::new(None) };
    }

    /// Called by the loader before `startPage()`: how to have the rest of the page's code loaded.
    #[wasm_bindgen(js_name = setRestLoader)]
    pub fn set_rest_loader(loader: Function) {
        LOADER.with(|l| *l.borrow_mut() = Some(loader));
    }

    pub async fn rest_in() {
        let Some(loader) = LOADER.with(|l| l.borrow().clone()) else {
            return;
        };
        let promise = loader
            .call0(&JsValue::NULL)
            .ok()
            .and_then(|p| p.dyn_into::<Promise>().ok());
        if let Some(promise) = promise {
            let _ = JsFuture::from(promise).await;
        }
    }
}
