//! One labelled text input bound to one string inside the settings signal.

use leptos::prelude::*;

use super::ids::Ids;
use crate::core::{Field, Settings};

/// What kind of value the input holds (decides type, keyboard and autofill).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// A URL: a text input with the URL keyboard (the core validates, not the browser).
    Url,
    Text,
    /// Masked, never autofilled or spell-checked.
    Secret,
}

/// `<label for>` + `<input>`; `get` reads the value from the settings, `set` writes it back.
/// The input's `name` is the field's stable kebab-case id.
#[component]
pub fn TextField(
    ids: Ids,
    settings: RwSignal<Settings>,
    field: Field,
    kind: InputKind,
    get: fn(&Settings) -> &str,
    set: fn(&mut Settings, String),
) -> impl IntoView {
    let id = ids.id(field.id());
    // A memo per field: typing in one input does not rewrite the others.
    let value = Memo::new(move |_| settings.with(|s| get(s).to_owned()));
    let (input_type, inputmode) = match kind {
        InputKind::Url => ("text", "url"),
        InputKind::Text => ("text", "text"),
        InputKind::Secret => ("password", "text"),
    };
    view! {
        <div class="wkc-field">
            <label class="wkc-label" for=id.clone()>{field.title()}</label>
            <input
                class="wkc-input"
                id=id
                name=field.id()
                type=input_type
                inputmode=inputmode
                autocomplete="off"
                autocapitalize="off"
                spellcheck="false"
                prop:value=value
                on:input=move |ev| settings.update(|s| set(s, event_target_value(&ev)))
            />
        </div>
    }
}
