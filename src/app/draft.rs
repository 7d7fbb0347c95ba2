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
/// was the largest single cost of one (docs/performance.md, "The keystroke path"); a write
/// still waiting is done at once when the page is hidden or left, the widget unmounted or
/// the wiki loaded again, so no edit is lost.
const WRITE_AFTER_MS: u32 = 300;

/// What the form's edits are measured against: what the wiki holds, or the form before any
/// load when the wiki could not be read. Read fallibly: it also runs as the page goes.
fn reference(model: Model) -> Option<Settings> {
    with_reference(model, Settings::clone)
}

/// `f` of [`reference`], read in place.
fn with_reference<R>(model: Model, f: impl FnOnce(&Settings) -> R) -> Option<R> {
    model
        .baseline
        .try_with_untracked(|baseline| match baseline {
            Some(baseline) => Some(f(baseline)),
            None => model.empty_form.try_with_value(|empty| f(empty)),
        })
        .flatten()
}

/// The draft on offer with what was typed since the load on top ([`draft::with_typed`]):
/// what is stored while the offer waits, and what Restore puts in the form.
fn offer_with_typed(model: Model, offer: &Settings) -> Option<Settings> {
    let reference = reference(model)?;
    model
        .settings
        .try_with_untracked(|current| draft::with_typed(offer, current, &reference))
}

/// Keep the stored draft in step with the form, and put the stored one on offer each time
/// a load settles. A draft to write waits for a pause in typing ([`WRITE_AFTER_MS`]); one to
/// remove goes at once (a save leaves none behind).
pub fn keep_drafts(model: Model) {
    // The strategy (draft scope) whose write is waiting, if one is.
    let waiting = StoredValue::new_local(None::<String>);
    let timer = StoredValue::new_local(None::<Timer>);
    let write_waiting = move || {
        if let Some(scope) = waiting.try_update_value(Option::take).flatten() {
            timer.with_value(|t| t.iter().for_each(Timer::clear));
            write_draft(model, &scope);
        }
    };
    timer.set_value(Timer::new(write_waiting).ok());
    // Read once: whether the browser gives this page storage does not change while it is open.
    let store = StoredValue::new_local(storage());
    for event in ["pagehide", "visibilitychange"] {
        let listener = window_event_listener_untyped(event, move |_| {
            // Left, or hidden (a phone may end a hidden tab without another event).
            if event == "pagehide"
                || document().visibility_state() == web_sys::VisibilityState::Hidden
            {
                write_waiting();
            }
        });
        on_cleanup(move || listener.remove());
    }
    on_cleanup(write_waiting);
    follow_other_tabs(model);
    // Returns the strategy the offer was decided for (what the wiki holds, "" when nothing
    // loaded): decided again once a load settles or the picker opens another strategy, so a
    // draft of the one opened is offered there. Not the form's key: Restore may set that.
    Effect::new(move |decided: Option<Option<String>>| {
        let settled = model.load.with(|l| *l != LoadState::Loading);
        let (Some(scope), true) = (model.draft_scope.get(), settled) else {
            // Loading again: the form still holds the edits the new load will replace. The
            // offer goes with them (stored, with what was typed): decided again once the load
            // settles, against what it loaded.
            write_waiting();
            if model.draft.with_untracked(Option::is_some) {
                model.draft.set(None);
            }
            return None;
        };
        let opened = model.baseline.with(|b| {
            b.as_ref()
                .map(|b| b.strategy_key.clone())
                .unwrap_or_default()
        });
        let Some(storage) = store.with_value(Clone::clone) else {
            return Some(opened);
        };
        if decided.flatten().as_ref() != Some(&opened) {
            // Tracked through `opened`, which reads the baseline.
            let reference = reference(model).unwrap_or_default();
            let kept = kept_drafts(&storage, &scope);
            let own = draft::storage_key(&scope, &opened);
            let empty = model.empty_form.get_value();
            let offer = model.loaded.with_untracked(|l| {
                let keys: Vec<&str> = l
                    .iter()
                    .flat_map(|l| &l.active)
                    .map(|a| a.key.as_str())
                    .collect();
                draft::to_offer(&kept, &own, &reference, &keys, &empty)
            });
            model
                .draft_read_from
                .set_value(offer.as_ref().map(|(key, _)| key.clone()));
            model.draft.set(offer.map(|(_, draft)| draft));
        }
        let pending = model.draft.with_untracked(Option::is_some);
        // On every keystroke: the reference is read in place, not copied. (It is there
        // while the page is: the effect goes with it.)
        let Some(action) = model.settings.with(|current| {
            with_reference(model, |reference| {
                draft::action(current, reference, pending)
            })
        }) else {
            return Some(opened);
        };
        // Another strategy's write still waiting is dropped: the form holds this one's now.
        let armed = timer.with_value(|t| {
            t.as_ref().map(|t| match action {
                DraftAction::Write => t.arm(WRITE_AFTER_MS),
                _ => t.clear(),
            })
        });
        let write = action == DraftAction::Write;
        waiting.set_value((write && armed.is_some()).then(|| scope.clone()));
        match action {
            // Without a timer (no browser clock), at once.
            DraftAction::Write if armed.is_none() => {
                write_draft(model, &scope);
            }
            DraftAction::Remove => forget(model, &storage, &scope),
            _ => {}
        }
        Some(opened)
    });
}

/// Another tab or window of this browser wrote or removed one of this page's drafts, or
/// cleared the storage: the browser says so with a `storage` event, which the document that
/// wrote never gets (nor another widget in it, which reads the drafts as it opens them).
fn follow_other_tabs(model: Model) {
    let handle = window_event_listener(leptos::ev::storage, move |event| {
        let Some(Some(scope)) = model.draft_scope.try_get_untracked() else {
            return;
        };
        if event.key().is_none_or(|key| draft::is_key_of(&scope, &key)) {
            model.drafts_elsewhere.notify();
        }
    });
    on_cleanup(move || handle.remove());
}

/// Every key in `storage`.
fn keys(storage: &web_sys::Storage) -> Vec<String> {
    (0..storage.length().unwrap_or(0))
        .filter_map(|index| storage.key(index).ok().flatten())
        .collect()
}

/// What an earlier version kept per `strategy` option on the wiki at `endpoint`, moved to
/// the wiki's scope ([`wkc_core::storage_scope`]) unless something newer is kept there.
pub(super) fn move_kept_per_option(endpoint: &str) {
    let Some(storage) = storage() else {
        return;
    };
    for key in keys(&storage) {
        let Some(moved) = wkc_core::storage_scope::moved_key(&key, endpoint) else {
            continue;
        };
        if let (Ok(Some(value)), Ok(None)) = (storage.get_item(&key), storage.get_item(&moved)) {
            let _ = storage.set_item(&moved, &value);
        }
        let _ = storage.remove_item(&key);
    }
}

/// The draft stored under `key`, if one is there and readable.
fn stored(storage: &web_sys::Storage, key: &str) -> Option<draft::Draft> {
    draft::decode(&storage.get_item(key).ok()??)
}

/// Every draft kept for `scope` in `storage`, with its key: one per strategy.
fn kept_drafts(storage: &web_sys::Storage, scope: &str) -> Vec<(String, draft::Draft)> {
    keys(storage)
        .into_iter()
        .filter(|key| draft::is_key_of(scope, key))
        .filter_map(|key| {
            let draft = stored(storage, &key)?;
            Some((key, draft))
        })
        .collect()
}

/// Every draft this page keeps (its backend's), read untracked; none before the backend is
/// chosen or where storage is refused.
fn kept_by_page(model: Model) -> Vec<(String, draft::Draft)> {
    model
        .draft_scope
        .try_get_untracked()
        .flatten()
        .zip(storage())
        .map(|(scope, storage)| kept_drafts(&storage, &scope))
        .unwrap_or_default()
}

/// The strategy this page's newest draft edits, for a load that asks for none.
pub(super) fn newest_drafted_strategy(model: Model) -> Option<String> {
    draft::newest_strategy(&kept_by_page(model)).map(str::to_owned)
}

/// The strategies with edits kept in this browser as drafts: the picker marks them, so
/// edits left behind on switching are seen to wait there.
pub(super) fn drafted_strategies(model: Model) -> Vec<String> {
    kept_by_page(model)
        .into_iter()
        .map(|(_, draft)| draft.settings.strategy_key)
        .filter(|key| !key.is_empty())
        .collect()
}

/// The form's own draft, under the strategy it edits (read untracked and fallibly).
fn own_key(model: Model, scope: &str) -> Option<String> {
    model
        .settings
        .try_with_untracked(|s| draft::storage_key(scope, &s.strategy_key))
}

/// Remove the form's own draft and the one its offer was read from. Storage may be refused:
/// the draft is a convenience, the form still works. Another strategy's draft stays.
fn forget(model: Model, storage: &web_sys::Storage, scope: &str) {
    let read_from = model
        .draft_read_from
        .try_update_value(Option::take)
        .flatten();
    for key in own_key(model, scope).into_iter().chain(read_from) {
        let _ = storage.remove_item(&key);
    }
}

/// Before the picker opens another strategy: the form's edits written now (a write waiting
/// for a pause in typing would go with the switch). Whether they are kept.
pub(super) fn keep_now(model: Model) -> bool {
    model
        .draft_scope
        .get_untracked()
        .is_some_and(|scope| write_draft(model, &scope))
}

/// Edits typed before the form was first filled (`before`, measured against the empty
/// form), kept as the draft of the strategy the load opened (`loaded`): on top of the draft
/// already kept for it (the one the page opened because of it, say), or else of what the
/// wiki holds, so only the fields typed change. Whether they are kept.
pub(super) fn keep_typed_before_load(model: Model, before: &Settings, loaded: &Settings) -> bool {
    let (Some(Some(scope)), Some(storage), Some(empty)) = (
        model.draft_scope.try_get_untracked(),
        storage(),
        model.empty_form.try_get_value(),
    ) else {
        return false;
    };
    let key = draft::storage_key(&scope, &loaded.strategy_key);
    // The draft kept for that strategy, as edits of what loaded (one typed while nothing was
    // loaded: only the fields typed; one of a loaded form restored meanwhile: all of it).
    let base = stored(&storage, &key).map_or_else(
        || loaded.clone(),
        |kept| draft::as_edits_of(&kept, &empty, loaded).settings,
    );
    // The form as a restored draft left it is not all typed: only what differs from what
    // the wiki held when that draft was.
    let restored = model.restored_base.try_get_value().flatten();
    let typed = Settings {
        strategy_key: loaded.strategy_key.clone(),
        ..draft::with_typed(&base, before, restored.as_ref().unwrap_or(&empty))
    };
    let written = draft::encode(&typed, now_ms(), false, Some(loaded))
        .is_some_and(|text| storage.set_item(&key, &text).is_ok());
    if written && before.strategy_key != loaded.strategy_key {
        forget_superseded(&storage, &scope, before);
    }
    written
}

/// The draft kept under `before`'s strategy (the form's before a load opened another: typed
/// while nothing was loaded) once the load's own draft holds the same edits: gone, or it
/// would be offered again, against what the wiki holds, once that one is saved or
/// discarded. Kept when it holds anything else (written by another page, say).
fn forget_superseded(storage: &web_sys::Storage, scope: &str, before: &Settings) {
    let key = draft::storage_key(scope, &before.strategy_key);
    if stored(storage, &key).is_some_and(|kept| !draft::differs(&kept.settings, before)) {
        let _ = storage.remove_item(&key);
    }
}

/// Write the draft of the form's strategy on backend `scope` as the form stands now, if
/// the page still edits that backend and the form still differs from what the wiki holds;
/// whether it was. Read untracked and fallibly: it also runs as the page or widget goes.
fn write_draft(model: Model, scope: &str) -> bool {
    let (Some(Some(current_scope)), Some(storage), Some(reference)) = (
        model.draft_scope.try_get_untracked(),
        storage(),
        reference(model),
    ) else {
        return false;
    };
    let Some(key) = own_key(model, scope).filter(|_| current_scope == scope) else {
        return false;
    };
    // Typed while a draft is on offer: the offer's edits stay in storage with the new ones
    // (the offer read as edits of what the wiki holds, or as it was kept while nothing is).
    let (pending, text) = match model.draft.try_get_untracked().flatten() {
        Some(offer) => (
            true,
            offer_with_typed(model, &offer.settings).and_then(|merged| {
                // Nothing loaded: the offer's own base stays its base.
                let base = model
                    .baseline
                    .try_get_untracked()
                    .flatten()
                    .or_else(|| offer.base.clone());
                draft::encode(
                    &merged,
                    offer.saved_at_ms,
                    offer.over_empty_form,
                    base.as_ref(),
                )
            }),
        ),
        None => {
            let unloaded = model.baseline.try_with_untracked(Option::is_none) == Some(true)
                && model.form_over_empty.try_get_value() == Some(true);
            // Over what the wiki holds; with nothing loaded, the restored draft's base, or
            // none (a snapshot).
            let base = model
                .baseline
                .try_get_untracked()
                .flatten()
                .or_else(|| model.restored_base.try_get_value().flatten());
            let text = model.settings.try_with_untracked(|current| {
                draft::encode(current, now_ms(), unloaded, base.as_ref())
            });
            (false, text.flatten())
        }
    };
    let write = model
        .settings
        .try_with_untracked(|current| draft::action(current, &reference, pending))
        == Some(DraftAction::Write);
    if !write {
        return false;
    }
    // Storage may be full or refused: the draft is a convenience, the form still works.
    let kept = match text {
        Some(text) => storage.set_item(&key, &text).is_ok(),
        None => {
            // Too large to keep: no stale draft either.
            let _ = storage.remove_item(&key);
            false
        }
    };
    // Written under the form's own key with the offer's edits in it: the copy the offer was
    // read from (the old single slot, say) would be offered again.
    let read_from = model.draft_read_from.try_get_value().flatten();
    if let Some(from) = read_from.filter(|from| kept && *from != key) {
        model.draft_read_from.set_value(None);
        let _ = storage.remove_item(&from);
    }
    kept
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
        if let Some(mut offer) = model.draft.get_untracked() {
            // What was typed before answering stays: Restore adds the offer's edits to it.
            if let Some(merged) = offer_with_typed(model, &offer.settings) {
                offer.settings = merged;
            }
            let (restored, first) = model.settings.with_untracked(|s| {
                let first = draft::changed_fields(&offer.settings, s).first().copied();
                (draft::restore(&offer, s), first)
            });
            model.draft.set(None);
            model.form_over_empty.set_value(offer.over_empty_form);
            model.restored_base.set_value(offer.base.clone());
            model.settings.set(restored);
            model.focus(first.unwrap_or(wkc_core::Field::Host));
        }
    };
    let discard = move |_| {
        model.draft.set(None);
        model.focus(wkc_core::Field::Host);
        if let (Some(storage), Some(scope)) = (storage(), model.draft_scope.get_untracked()) {
            forget(model, &storage, &scope);
            // What was typed since the load was stored with the offer: kept on its own.
            write_draft(model, &scope);
        }
    };
    let text = move || {
        model.draft.with(|offer| {
            offer.as_ref().map(|offer| {
                // Nothing loaded: against the empty form every value would read as an edit.
                if model.baseline.with(Option::is_none) {
                    return format!(
                        "The form as you left it at {} is kept in this browser; the wiki's values could not be loaded to tell your edits from them. The client secret is never kept.",
                        when(offer.saved_at_ms)
                    );
                }
                // What Restore would change now: typing since takes fields off the list.
                model.settings.track();
                let merged = offer_with_typed(model, &offer.settings);
                let fields = model.settings.with(|s| {
                    draft::changed_fields(merged.as_ref().unwrap_or(&offer.settings), s)
                });
                let titles: Vec<&str> = fields.iter().map(|f| f.title()).collect();
                // Named: beside the picker's note on the strategy left, two kept drafts
                // would read as one.
                let name = match super::controller::is_new_strategy(model) {
                    true => "the new strategy".to_owned(),
                    false => model.baseline.with(|b| {
                        format!("“{}”", b.as_ref().map_or("", |b| b.display_name.as_str()))
                    }),
                };
                format!(
                    "Unsaved edits to {name} from {} are kept in this browser ({}). The client secret is never kept.",
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
