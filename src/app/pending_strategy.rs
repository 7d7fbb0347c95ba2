//! A new strategy's key and its callback URL, kept in the browser across reloads
//! (`wkc_core::pending_strategy` decides what to reuse; this file stores and shows).

use leptos::prelude::*;

use super::draft::storage;
use super::model::{LoadState, Model};
use wkc_core::pending_strategy::{
    callback_storage_key, changed_callback, key_storage_key, reusable_key,
};
use wkc_core::wikijs::uuid_v4_from_bytes;

/// The key for a new strategy on this page's backend: the one given before and not saved
/// yet, or a fresh UUID v4 (from the browser's CSPRNG, as Wiki.js's own page makes), stored
/// at once so the callback URL shown from now on survives a reload.
pub fn key_for_new_strategy(model: Model, active_keys: &[&str]) -> String {
    // An answer may arrive after the page is gone: try_, never a panic.
    let store = storage().zip(model.draft_scope.try_get_untracked().flatten());
    let stored = store
        .as_ref()
        .and_then(|(storage, scope)| storage.get_item(&key_storage_key(scope)).ok().flatten());
    if let Some(key) = reusable_key(stored.as_deref(), active_keys) {
        return key;
    }
    let mut bytes = [0u8; 16];
    if let Ok(crypto) = window().crypto() {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    let key = uuid_v4_from_bytes(bytes);
    if let Some((storage, scope)) = store {
        // Storage may be refused: the key then lasts as long as the page, as before.
        let _ = storage.set_item(&key_storage_key(&scope), &key);
    }
    key
}

/// A note under the callback URL when it differs from the one this browser showed before
/// for the same strategy: Keycloak may hold the old one as its Valid redirect URI.
#[component]
pub fn CallbackChangedNote(model: Model, callback: Signal<String>) -> impl IntoView {
    let before = RwSignal::new(None::<String>);
    // A memo: the effect below (a storage write) runs when the strategy changes, not on
    // every keystroke.
    let strategy = Memo::new(move |_| model.settings.with(|s| s.strategy_key.clone()));
    Effect::new(move |read_for: Option<Option<(String, String)>>| {
        let read_for = read_for.flatten();
        let ready = model.load.with(|l| *l == LoadState::Ready);
        let (Some(scope), true) = (model.draft_scope.get(), ready) else {
            return read_for;
        };
        let now = callback.get();
        let Some(storage) = storage().filter(|_| !now.is_empty()) else {
            return read_for;
        };
        let strategy = strategy.get();
        let key = callback_storage_key(&scope, &strategy);
        let id = Some((scope, strategy));
        if read_for != id {
            before.set(storage.get_item(&key).ok().flatten());
        }
        let _ = storage.set_item(&key, &now);
        id
    });
    move || {
        before.with(|before| {
            changed_callback(before.as_deref(), &callback.get()).map(|old| {
                view! {
                    <p class="wkc-callout-warning" role="status" data-callback-changed>
                        "This callback URL differs from the one this page showed before ("
                        <code>{old.to_owned()}</code>
                        "). If you registered that one in Keycloak, add this one to the client's Valid redirect URIs."
                    </p>
                }
            })
        })
    }
}

/// After a save the strategy is the wiki's: its key is no longer pending.
pub fn forget_saved_key(model: Model, saved_key: &str) {
    let Some((storage, scope)) = storage().zip(model.draft_scope.try_get_untracked().flatten())
    else {
        return;
    };
    let key = key_storage_key(&scope);
    if storage.get_item(&key).ok().flatten().as_deref() == Some(saved_key) {
        let _ = storage.remove_item(&key);
    }
}
