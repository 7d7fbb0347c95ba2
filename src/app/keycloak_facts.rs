//! The Keycloak version, the pinned hostname and the organisation's own CA: asked of the
//! admin (never guessed), kept per strategy in the browser, and handed to the checks through
//! the context (`wkc_core::keycloak_facts` encodes; `Context::keycloak_version`,
//! `issuer_pinned`, `private_ca`).

use leptos::prelude::*;

use super::draft::storage;
use super::model::{Model, ISSUER_PINNED, KEYCLOAK_VERSION, PRIVATE_CA};
use wkc_core::keycloak_facts::{choice_of, storage_key, KeycloakFacts, VERSION_CHOICES};
use wkc_core::Context;

/// Read the facts stored for the strategy the form edits whenever it changes, and store what
/// the admin picks.
pub fn keep_keycloak_facts(model: Model) {
    let strategy = Memo::new(move |_| {
        // Once the form holds the wiki's values: read before the page is built with them.
        let ready = model.baseline.with(Option::is_some);
        let scope = model.draft_scope.get()?;
        ready.then(|| storage_key(&scope, &model.settings.with(|s| s.strategy_key.clone())))
    });
    // The key whose facts are in the context: nothing is written for a strategy before its
    // stored facts were read (the writer would otherwise erase them with the defaults).
    let read_for = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let Some(key) = strategy.get() else { return };
        let stored = storage()
            .and_then(|s| s.get_item(&key).ok().flatten())
            .map(|text| KeycloakFacts::decode(&text))
            .unwrap_or_default();
        model.context.update(|c| {
            c.keycloak_version = stored.version;
            c.issuer_pinned = stored.issuer_pinned;
            c.private_ca = stored.private_ca;
        });
        read_for.set_value(Some(key));
    });
    Effect::new(move |_| {
        let facts = model.context.with(|c| KeycloakFacts {
            version: c.keycloak_version,
            issuer_pinned: c.issuer_pinned,
            private_ca: c.private_ca,
        });
        let key = strategy.get_untracked();
        let (Some(key), Some(storage)) = (
            key.filter(|k| read_for.with_value(|r| r.as_ref() == Some(k))),
            storage(),
        ) else {
            return;
        };
        // Storage may be refused: the choice then lasts as long as the page.
        let _ = if facts == KeycloakFacts::default() {
            storage.remove_item(&key)
        } else {
            storage.set_item(&key, &facts.encode())
        };
    });
}

/// "Keycloak version", and, when Wiki.js calls Keycloak at another address, whether its
/// hostname is pinned (which stands `split-host-issuer` down to a note).
#[component]
pub fn KeycloakFactsFields(model: Model) -> impl IntoView {
    let id = model.ids.id(KEYCLOAK_VERSION);
    let current = Memo::new(move |_| model.context.with(|c| choice_of(c.keycloak_version)));
    let split = Memo::new(move |_| model.with_derived(|d| d.split_host().is_some()));
    view! {
        <div class="wkc-field" data-field="keycloak-version">
            <label class="wkc-label" for=id.clone()>"Keycloak version"</label>
            <p class="wkc-hint">
                "It decides the logout and /auth advice (/auth alone does not tell 16 from 17+). Kept in this browser: Wiki.js has no field for it."
            </p>
            <select class="wkc-select" id=id name="keycloak-version"
                on:change=move |ev| {
                    let index: usize = event_target_value(&ev).parse().unwrap_or(0);
                    let version = VERSION_CHOICES.get(index).and_then(|(_, v)| *v);
                    model.context.update(|c| c.keycloak_version = version);
                }>
                {VERSION_CHOICES
                    .iter()
                    .enumerate()
                    .map(|(i, (label, _))| {
                        view! { <option value=i.to_string() selected=move || current.get() == i>{*label}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
        <Show when=move || split.get()>
            {fact_box(model, ISSUER_PINNED, "Keycloak's hostname is pinned to the public URL",
                |c| c.issuer_pinned, |c, on| c.issuer_pinned = on)}
        </Show>
    }
}

/// Whether Keycloak's certificate comes from the organisation's own CA, which the Wiki.js
/// server's Node does not trust by itself (`private-ca` then names the fix up front). Only
/// the admin knows: a browser that trusts that CA shows nothing wrong.
#[component]
pub fn PrivateCaField(model: Model) -> impl IntoView {
    fact_box(
        model,
        PRIVATE_CA,
        "Keycloak's certificate comes from our own CA, not a public one",
        |c| c.private_ca,
        |c, on| c.private_ca = on,
    )
}

/// A box for one yes-or-no fact of the context; `name` is its name and (in the page's ids)
/// its id.
fn fact_box(
    model: Model,
    name: &'static str,
    label: &'static str,
    get: fn(&Context) -> bool,
    set: fn(&mut Context, bool),
) -> impl IntoView {
    let id = model.ids.id(name);
    view! {
        <div class="wkc-field wkc-field-checkbox" data-field=name>
            <div class="wkc-checkbox-row">
                <input class="wkc-checkbox" type="checkbox" id=id.clone() name=name
                    prop:checked=move || model.context.with(get)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        model.context.update(|c| set(c, on));
                    }/>
                <label class="wkc-label" for=id>{label}</label>
            </div>
        </div>
    }
}
