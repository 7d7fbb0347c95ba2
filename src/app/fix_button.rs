//! The one-click fix of a finding: the core applies it, the button only asks.

use leptos::prelude::*;

use super::model::Model;
use crate::core::diagnostics::{apply_fix, FixAction};

#[component]
pub fn FixButton(model: Model, action: FixAction) -> impl IntoView {
    let label = action.label();
    view! {
        <button
            type="button"
            class="wkc-button wkc-button-small wkc-button-fix"
            data-action="fix"
            on:click=move |_| model.settings.update(|s| apply_fix(s, &action))
        >
            {label}
        </button>
    }
}
