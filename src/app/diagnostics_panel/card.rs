//! One finding as a card: code, message, fix, and its buttons. The findings panel and the
//! live check show findings alike, so the markup is written here once.

use leptos::prelude::*;

use super::super::fix_button::FixButton;
use super::super::model::Model;
use wkc_core::Diagnostic;

/// A finding with its one-click fix. `go_to_field`: also a button that focuses the field
/// it points at (the panel has it; the live check's findings are about Host and Realm,
/// right above them).
#[component]
pub fn DiagnosticCard(
    model: Model,
    diagnostic: Diagnostic,
    #[prop(optional)] go_to_field: bool,
) -> impl IntoView {
    let severity = diagnostic.severity.as_str();
    let code = diagnostic.code.as_str();
    let field = diagnostic.fields.first().copied();
    let has_actions = go_to_field || diagnostic.action.is_some();
    let focus_field = field.filter(|_| go_to_field);
    view! {
        <li class=format!("wkc-diag wkc-diag-{severity}") data-code=code>
            <p class="wkc-diag-message">
                <span class="wkc-diag-code">{code}</span>
                " "
                {diagnostic.message}
            </p>
            <p class="wkc-diag-fix">{diagnostic.fix}</p>
            {has_actions.then(|| view! {
                <div class="wkc-actions">
                    {diagnostic.action.map(|action| view! { <FixButton model action field/> })}
                    {focus_field.map(|field| view! {
                        <button type="button" class="wkc-button wkc-button-small wkc-button-quiet"
                            data-action="focus-field"
                            on:click=move |_| model.focus(field)>
                            {format!("Go to {}", field.title())}
                        </button>
                    })}
                </div>
            })}
        </li>
    }
}
