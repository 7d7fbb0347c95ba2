//! Drafts in the browser: the form's unsaved edits (never the secret) go to `localStorage`
//! once typing pauses (or the page is left) and are offered back after the next load,
//! whether it succeeds or the wiki is down. Every decision is the core's
//! ([`wkc_core::draft`]); this file stores, reads and shows.

use leptos::prelude::*;

use super::model::{LoadState, Model};
use crate::backend::timer::Timer;
use wkc_core::draft::{self, DraftAction};
use wkc_core::Settings;

/// The page's `localStorage`, when the browser allows it (not in every sandbox).
pub(super) fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// How long typing may pause before the draft is written. Written on every keystroke, it
/// was the largest single cost of one (docs/performance.md, "The keystroke path"); the page
/// writes it at once when it is hidden or left, so a reload or a closed tab loses nothing.
const WRITE_AFTER_MS: u32 = 300;

/// Keep the stored draft in step with the form, and put the stored one on offer each time
/// a load settles. `empty` is the form before any load: the reference when the load failed.
/// A draft to write waits for a pause in typing ([`WRITE_AFTER_MS`]); one to remove goes
/// at once (a save leaves none behind).
pub fn keep_drafts(model: Model, empty: Settings) {
    let store = {
        let empty = empty.clone();
        move || store_draft(model, &empty)
    };
    let timer = match Timer::new(store.clone()) {
        Ok(timer) => StoredValue::new_local(Some(timer)),
        Err(_) => StoredValue::new_local(None),
    };
    for event in ["pagehide", "visibilitychange"] {
        let store = store.clone();
        let listener = window_event_listener_untyped(event, move |_| {
            timer.with_value(|t| t.iter().for_each(Timer::clear));
            store();
        });
        on_cleanup(move || listener.remove());
    }
    Effect::new(move |was_settled: Option<bool>| {
        let settled = model.load.with(|l| *l != LoadState::Loading);
        let (Some(scope), true) = (model.draft_scope.get(), settled) else {
            return false;
        };
        let Some(storage) = storage() else {
            return true;
        };
        let key = draft::storage_key(&scope);
        let reference = model.baseline.get().unwrap_or_else(|| empty.clone());
        if was_settled != Some(true) {
            let stored = storage.get_item(&key).ok().flatten();
            let offer = stored.and_then(|text| draft::decode(&text)).filter(|d| {
                model.loaded.with_untracked(|l| {
                    let keys: Vec<&str> = l
                        .iter()
                        .flat_map(|l| &l.active)
                        .map(|a| a.key.as_str())
                        .collect();
                    draft::worth_offering(d, &reference, &keys)
                })
            });
            model.draft.set(offer);
        }
        let pending = model.draft.with_untracked(Option::is_some);
        let write = model
            .settings
            .with(|current| draft::action(current, &reference, pending) == DraftAction::Write);
        let timed = timer.with_value(|t| {
            t.as_ref().map(|t| match write {
                true => t.arm(WRITE_AFTER_MS),
                false => t.clear(),
            })
        });
        // A removal at once (a save leaves no draft behind); a write too without a clock.
        if !write || timed.is_none() {
            store_draft(model, &empty);
        }
        true
    });
}

/// Write (or remove) the draft as the form stands now: from the effect, the timer, or as
/// the page is hidden (the listeners and the timer go with the page, so never after it).
fn store_draft(model: Model, empty: &Settings) {
    let (Some(scope), false) = (
        model.draft_scope.get_untracked(),
        model.load.with_untracked(|l| *l == LoadState::Loading),
    ) else {
        return;
    };
    let Some(storage) = storage() else {
        return;
    };
    let key = draft::storage_key(&scope);
    let reference = model
        .baseline
        .get_untracked()
        .unwrap_or_else(|| empty.clone());
    let pending = model.draft.with_untracked(Option::is_some);
    model.settings.with_untracked(|current| {
        // Storage may be full or refused: the draft is a convenience, the form still works.
        let _ = match draft::action(current, &reference, pending) {
            DraftAction::Write => match draft::encode(current, now_ms()) {
                Some(text) => storage.set_item(&key, &text),
                None => storage.remove_item(&key), // too large to keep: no stale draft either
            },
            DraftAction::Remove => storage.remove_item(&key),
            DraftAction::Keep => Ok(()),
        };
    });
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// "14:03" today, "2026-11-27 14:03" another day: when the draft was typed.
fn when(saved_at_ms: u64) -> String {
    let then = js_sys::Date::new(&(saved_at_ms as f64).into());
    let today = js_sys::Date::new_0();
    let time = format!("{:02}:{:02}", then.get_hours(), then.get_minutes());
    if then.to_date_string() == today.to_date_string() {
        time
    } else {
        format!(
            "{}-{:02}-{:02} {time}",
            then.get_full_year(),
            then.get_month() + 1,
            then.get_date()
        )
    }
}

/// The offer: what the draft would change, with Restore and Discard.
#[component]
pub fn DraftBanner(model: Model) -> impl IntoView {
    // Both buttons go with the banner: focus moves to the first restored field, or to Host.
    let restore = move |_| {
        if let Some(offer) = model.draft.get_untracked() {
            let (restored, first) = model.settings.with_untracked(|s| {
                let first = draft::changed_fields(&offer.settings, s).first().copied();
                (draft::restore(&offer, s), first)
            });
            model.draft.set(None);
            model.settings.set(restored);
            model.focus(first.unwrap_or(wkc_core::Field::Host));
        }
    };
    let discard = move |_| {
        model.draft.set(None);
        model.focus(wkc_core::Field::Host);
        if let (Some(storage), Some(scope)) = (storage(), model.draft_scope.get_untracked()) {
            let _ = storage.remove_item(&draft::storage_key(scope.as_str()));
        }
    };
    let text = move || {
        model.draft.with(|offer| {
            offer.as_ref().map(|offer| {
                let fields = model
                    .settings
                    .with(|s| draft::changed_fields(&offer.settings, s));
                let titles: Vec<&str> = fields.iter().map(|f| f.title()).collect();
                format!(
                    "Unsaved edits from {} are kept in this browser ({}). The client secret is never kept.",
                    when(offer.saved_at_ms),
                    titles.join(", ")
                )
            })
        })
    };
    view! {
        <Show when=move || model.draft.with(Option::is_some)>
            <div class="wkc-draft" data-draft>
                <p role="status">{text}</p>
                <div class="wkc-actions">
                    <button type="button" class="wkc-button wkc-button-primary" data-action="restore-draft" on:click=restore>
                        "Restore these edits"
                    </button>
                    <button type="button" class="wkc-button" data-action="discard-draft" on:click=discard>
                        "Discard them"
                    </button>
                </div>
            </div>
        </Show>
    }
}
