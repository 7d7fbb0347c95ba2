//! In the browser: the loader's import function, and calls into a loaded part's exports.

use std::cell::RefCell;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{Part, PartError};

thread_local! {
    /// `loadPart(name) -> Promise<module>` from the loader: the code this wasm instance can
    /// load, not page state (every page and widget of the instance shares the same parts).
    static LOADER: RefCell<Option<Function>> = const { RefCell::new(None) };
    /// The parts loaded so far.
    static LOADED: RefCell<Vec<Part>> = const { RefCell::new(Vec::new()) };
    /// Notified as a part loads, so what waits for it (a place whose load failed) asks again.
    static LOADED_NOW: leptos::prelude::ArcTrigger = leptos::prelude::ArcTrigger::new();
}

/// Whether `part` has loaded.
pub(super) fn loaded(part: Part) -> bool {
    LOADED.with(|l| l.borrow().contains(&part))
}

/// Make the running effect run again when a part loads.
pub(super) fn track_loading() {
    use leptos::prelude::Track;
    LOADED_NOW.with(Track::track);
}

/// Called by the loader before `start()`: how to load a part (it imports the part's module
/// once, initialises its wasm, and forgets a failed attempt so the next call retries).
#[wasm_bindgen(js_name = setPartLoader)]
pub fn set_part_loader(loader: Function) {
    LOADER.with(|l| *l.borrow_mut() = Some(loader));
}

/// The browser's words for a thrown value.
pub(super) fn reason(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

/// The part's module (its wasm-bindgen exports), loaded on first use.
pub(super) async fn load(part: Part) -> Result<JsValue, PartError> {
    let fail = |reason: String| PartError { part, reason };
    let loader = LOADER
        .with(|l| l.borrow().clone())
        .ok_or_else(|| fail("the page was not started by its loader".to_owned()))?;
    let promise = loader
        .call1(&JsValue::NULL, &part.name().into())
        .map_err(|e| fail(reason(&e)))?;
    let promise: Promise = promise
        .dyn_into()
        .map_err(|_| fail("the loader gave no promise".to_owned()))?;
    let module = JsFuture::from(promise)
        .await
        .map_err(|e| fail(reason(&e)))?;
    let first = LOADED.with(|l| {
        let mut l = l.borrow_mut();
        let first = !l.contains(&part);
        if first {
            l.push(part);
        }
        first
    });
    if first {
        use leptos::prelude::Notify;
        LOADED_NOW.with(Notify::notify);
    }
    Ok(module)
}

/// The export `name` of `module`.
fn export(part: Part, module: &JsValue, name: &str) -> Result<Function, PartError> {
    Reflect::get(module, &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| PartError {
            part,
            reason: format!("it has no {name}"),
        })
}

/// Call the part's function `name` (a plain export, or a method of `this`).
pub(super) fn call(
    part: Part,
    this: &JsValue,
    name: &str,
    args: &[JsValue],
) -> Result<JsValue, PartError> {
    let f = export(part, this, name)?;
    f.apply(this, &args.iter().collect::<Array>())
        .map_err(|e| PartError {
            part,
            reason: reason(&e),
        })
}

/// `new module[name]()`.
pub(super) fn construct(part: Part, module: &JsValue, name: &str) -> Result<JsValue, PartError> {
    let class = export(part, module, name)?;
    Reflect::construct(&class, &Array::new()).map_err(|e| PartError {
        part,
        reason: reason(&e),
    })
}

/// A JS array of strings (anything else: empty).
pub(super) fn strings(value: &JsValue) -> Vec<String> {
    value
        .dyn_ref::<Array>()
        .map(|a| a.iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default()
}
