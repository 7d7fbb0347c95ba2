//! A picker whose choice replaces the form acts on a choice made, not on each option the
//! keyboard passes: on Windows and Linux, arrow keys and typed letters change a closed
//! `<select>`'s value and fire `change` at every key, so a keyboard user reading the list
//! would open each strategy or story in turn (or answer "Discard your changes?" at each).
//! Those keys open its list instead (as macOS does), where Enter or a click chooses.
//! The key is kept from the select only once the list opened.

use js_sys::{Function, Reflect};
use leptos::ev::KeyboardEvent;
use wasm_bindgen::JsCast;

/// `on:keydown` of such a picker: a key that would pass an option opens the list instead.
pub fn open_list_instead(ev: KeyboardEvent) {
    let key = ev.key();
    let passes = matches!(
        key.as_str(),
        "ArrowUp"
            | "ArrowDown"
            | "ArrowLeft"
            | "ArrowRight"
            | "Home"
            | "End"
            | "PageUp"
            | "PageDown"
    ) || (key.chars().count() == 1 && key != " ");
    if !passes || ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
        return;
    }
    // Where the list cannot be opened so (Safari has no `showPicker`; it throws in a
    // cross-origin frame), the key keeps its own way: Safari opens the list itself.
    let opened = ev.target().is_some_and(|select| {
        Reflect::get(&select, &"showPicker".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .is_some_and(|show| show.call0(&select).is_ok())
    });
    if opened {
        ev.prevent_default();
    }
}
