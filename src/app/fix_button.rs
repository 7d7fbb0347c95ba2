//! The one-click fix of a finding: the core applies it, the button only asks.

use leptos::prelude::*;

use super::model::Model;
use wkc_core::diagnostics::{apply_fix, FixAction};
use wkc_core::Field;

#[component]
pub fn FixButton(
    model: Model,
    action: FixAction,
    /// The field the finding is about. A fix usually clears its finding, and the button goes
    /// with it: keyboard focus then moves to this field instead of falling back to `<body>`.
    field: Option<Field>,
) -> impl IntoView {
    let label = action.label();
    view! {
        <button
            type="button"
            class="wkc-button wkc-button-small wkc-button-fix"
            data-action="fix"
            on:click=move |ev| {
                model.settings.update(|s| apply_fix(s, &action));
                let button = ev.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok());
                if let (Some(field), Some(button)) = (field, button) {
                    // After the re-render: effects run before a timeout does.
                    set_timeout(
                        move || {
                            if !button.is_connected() {
                                model.focus(field);
                            }
                        },
                        std::time::Duration::ZERO,
                    );
                }
            }
        >
            {label}
        </button>
    }
}
