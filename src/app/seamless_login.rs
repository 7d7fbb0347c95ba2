//! Sending users straight to Keycloak: this strategy first in the list, and Wiki.js's
//! "Bypass Login Screen". Each changes only when the admin asks.

use leptos::prelude::*;

use super::field_messages::FieldMessages;
use super::inputs::CheckboxField;
use super::model::Model;
use super::section::Section;
use wkc_core::wikijs::login_list_position;
use wkc_core::Field;

#[component]
pub fn SeamlessLogin(model: Model) -> impl IntoView {
    let order = Memo::new(move |_| model.settings.with(|s| s.order));
    let position = move || {
        let (key, enabled) = model
            .settings
            .with(|s| (s.strategy_key.clone(), s.is_enabled));
        model.loaded.with(|l| {
            let active = l.as_ref().map_or(&[][..], |l| &l.active[..]);
            login_list_position(active, &key, order.get(), enabled)
        })
    };
    let move_id = model.field_id(Field::Order);
    view! {
        <Section model id="seamless-login" title="Seamless login">
            <CheckboxField model field=Field::IsEnabled
                hint="Users can sign in with this strategy, and it shows on the login page."
                get=|s| s.is_enabled set=|s, v| s.is_enabled = v/>
            <div class="wkc-field" data-field="order">
                <p class="wkc-hint" aria-live="polite">{position}</p>
                <button type="button" id=move_id class="wkc-button" data-action="move-to-top"
                    aria-describedby=model.messages_id(Field::Order)
                    // aria-disabled, not disabled, once first: pressing it (or its one-click
                    // fix) must not drop keyboard focus to <body>.
                    aria-disabled=move || (order.get() == 0).to_string()
                    on:click=move |_| {
                        if order.get_untracked() != 0 {
                            model.settings.update(|s| s.order = 0)
                        }
                    }>
                    "Move Keycloak to the top"
                </button>
                <FieldMessages model field=Field::Order/>
            </div>
            <CheckboxField model field=Field::BypassLoginScreen
                hint="Administration › Security: send everyone straight to the first strategy in the list. Saved only when you save here."
                get=|s| s.bypass_login_screen set=|s, v| s.bypass_login_screen = v/>
        </Section>
    }
}
