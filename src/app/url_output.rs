//! One derived URL, shown in a labelled read-only input (selectable, copyable).

use leptos::prelude::*;

use super::ids::Ids;

#[component]
pub fn UrlOutput(
    ids: Ids,
    /// Stable name (`token-url`, `callback-url`, …), also the end of the element id.
    name: &'static str,
    label: &'static str,
    /// Shown while the URL cannot be derived.
    placeholder: &'static str,
    #[prop(into)] value: Signal<String>,
) -> impl IntoView {
    let id = ids.id(name);
    view! {
        <div class="wkc-field">
            <label class="wkc-label" for=id.clone()>{label}</label>
            <input
                class="wkc-input"
                id=id
                name=name
                type="text"
                readonly
                placeholder=placeholder
                prop:value=value
            />
        </div>
    }
}
