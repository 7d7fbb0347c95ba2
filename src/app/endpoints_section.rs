//! The four endpoint URLs Wiki.js stores: derived live, each copyable, each can be
//! unlocked for a manual override and reset to the derived value.

use leptos::prelude::*;

use super::copy_button::CopyButton;
use super::field_messages::FieldMessages;
use super::inputs::{Refusal, RefusalNote};
use super::model::Model;
use super::section::FoldingSection;
use wkc_core::{Endpoint, Field, LayoutChoice};

#[component]
pub fn EndpointsSection(model: Model) -> impl IntoView {
    view! {
        <FoldingSection model id="endpoints" title="Endpoints" note="The four URLs Wiki.js stores, derived from Host and Realm."
            open=Signal::derive(move || needs_a_look(model))>
            <LayoutSelect model/>
            {Endpoint::ALL.into_iter().map(|endpoint| view! { <EndpointRow model endpoint/> }).collect_view()}
        </FoldingSection>
    }
}

/// Open the endpoints once one is overridden or a finding is said under one of them or the
/// layout (one derived from Host is said under Host: `note_field`).
fn needs_a_look(model: Model) -> bool {
    let overridden = model.settings.with(|s| {
        Endpoint::ALL
            .into_iter()
            .any(|e| s.overrides.get(e).is_some())
    });
    let here = || std::iter::once(Field::Layout).chain(Endpoint::ALL.map(Endpoint::field));
    overridden
        || model
            .findings
            .with(|a| here().any(|f| a.for_field(f).any(|d| d.code.shows_under_field())))
}

#[component]
fn LayoutSelect(model: Model) -> impl IntoView {
    let field = Field::Layout;
    let id = model.field_id(field);
    let current = Memo::new(move |_| model.settings.with(|s| s.layout));
    let resolved = move || {
        model.with_derived(|d| {
            d.layout
                .map(|l| format!("In use: {}.", l.label()))
                .unwrap_or_default()
        })
    };
    let options = [
        (
            LayoutChoice::Automatic,
            "automatic",
            "Automatic (from Host)",
        ),
        (
            LayoutChoice::Quarkus,
            "quarkus",
            "Keycloak 17 and newer (/realms/…)",
        ),
        (
            LayoutChoice::Legacy,
            "legacy",
            "/auth/realms/… (Keycloak 16 and older, or http-relative-path=/auth)",
        ),
    ];
    // Read with the select, not announced: typing in Host flips it at each keystroke.
    let in_use_id = model.ids.id("layout-in-use");
    view! {
        <div class="wkc-field" data-field=field.id()>
            <label class="wkc-label" for=id.clone()>{field.title()}</label>
            <select class="wkc-select" id=id name=field.id()
                aria-describedby=format!("{in_use_id} {}", model.messages_id(field))
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    let choice = options.iter().find(|(_, v, _)| *v == value).map(|(c, _, _)| *c);
                    if let Some(choice) = choice {
                        model.settings.update(|s| s.layout = choice);
                    }
                }>
                {options
                    .into_iter()
                    .map(|(choice, value, label)| {
                        view! { <option value=value selected=move || current.get() == choice>{label}</option> }
                    })
                    .collect_view()}
            </select>
            <p class="wkc-hint" id=in_use_id.clone()>{resolved}</p>
            <FieldMessages model field/>
        </div>
    }
}

#[component]
fn EndpointRow(model: Model, endpoint: Endpoint) -> impl IntoView {
    let field = endpoint.field();
    let id = model.field_id(field);
    let url = Memo::new(move |_| model.with_derived(|d| d.endpoints.get(endpoint).clone()));
    let value = Signal::derive(move || url.with(|u| u.value.clone()));
    let overridden = move || url.with(|u| u.overridden);
    let refusal = Refusal::new();
    let hint = if endpoint.is_backchannel() {
        "Called by the Wiki.js server."
    } else {
        "Opened by users' browsers."
    };
    view! {
        <div class="wkc-field" data-field=field.id() class:wkc-overridden=overridden>
            <label class="wkc-label" for=id.clone()>{field.title()}</label>
            <p class="wkc-hint">
                {hint}
                {move || if overridden() { " Overridden by hand." } else { " Derived from Host and Realm." }}
            </p>
            <div class="wkc-input-row">
                <input
                    class="wkc-input"
                    class:wkc-input-derived=move || !overridden()
                    class:wkc-show-end=move || !overridden() && value.with(|v| v.is_ascii())
                    id=id
                    name=field.id()
                    type="text"
                    inputmode="url"
                    autocomplete="off"
                    spellcheck="false"
                    readonly=move || !overridden()
                    placeholder="Needs a valid Host and a Realm"
                    aria-describedby=model.messages_id(field)
                    prop:value=value
                    on:beforeinput=move |ev| value.with_untracked(|v| refusal.check(&ev, field, v))
                    on:input=move |ev| {
                        refusal.clear();
                        model.settings.update(|s| *s.overrides.get_mut(endpoint) = Some(event_target_value(&ev)))
                    }
                />
                <CopyButton value what=field.title()/>
                <button
                    type="button"
                    class="wkc-button wkc-button-small"
                    data-action=move || if overridden() { "reset-override" } else { "override" }
                    on:click=move |_| {
                        model.settings.update(|s| {
                            let slot = s.overrides.get_mut(endpoint);
                            *slot = match slot {
                                Some(_) => None,
                                None => Some(url.with_untracked(|u| u.value.clone())),
                            };
                        });
                        model.focus(field);
                    }
                >
                    {move || if overridden() { "Reset" } else { "Override" }}
                    <span class="wkc-visually-hidden">{format!(" {}", field.title())}</span>
                </button>
            </div>
            <RefusalNote refusal/>
            <FieldMessages model field/>
        </div>
    }
}
