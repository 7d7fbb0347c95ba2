//! The page's conversations with the backend: load once, save on request, reload after a
//! conflict. Each turns a backend answer into model state; a failure keeps every value the
//! admin typed and says what happened.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

use super::model::{Connection, LoadState, Model, SaveState};
use super::options::AppOptions;
use super::pending_strategy::{forget_saved_key, key_for_new_strategy};
use crate::backend::{Backend, SaveRequest};
use wkc_core::rebase::rebase;
use wkc_core::secret::{redact_all, Secret};
use wkc_core::wikijs::changes::{planned_changes, BypassResult};
use wkc_core::wikijs::outcome::SaveOutcome;
use wkc_core::wikijs::plan::{bypass_change, lacks_urls, moves_to_top, planned_list, settings_for};
use wkc_core::wikijs::response::Loaded;
use wkc_core::wikijs::{stored_differently, ActiveStrategy};
use wkc_core::{derive, Derived, Settings};

/// Remember `backend` and `options` for `model`'s page.
pub fn attach(model: Model, backend: Backend, options: AppOptions) {
    model
        .connection
        .set_value(Some(Connection { backend, options }));
}

fn attached(model: Model) -> Option<(Backend, AppOptions)> {
    model
        .connection
        .try_with_value(|c| c.as_ref().map(|c| (c.backend.clone(), c.options.clone())))
        .flatten()
}

fn backend_of(model: Model) -> Option<Backend> {
    model
        .connection
        .try_with_value(|c| c.as_ref().map(|c| c.backend.clone()))
        .flatten()
}

/// Load the wiki's strategies, groups and site config, then fill the form (again, on retry).
pub fn load(model: Model) {
    let Some((backend, options)) = attached(model) else {
        return;
    };
    model.load.set(LoadState::Loading);
    // Sent before the task first runs, which is after the page has been built.
    let sent = backend.send_load();
    spawn_local(async move {
        match backend.loaded(sent).await {
            Ok(loaded) => {
                // For the bench's timeline: before it, the page's start and the answer's
                // reading and decoding; after it, the form's filling and the first screen.
                mark_once("wkc-answered");
                let ids: Vec<u32> = loaded.groups.iter().map(|g| g.id).collect();
                // Against a wiki, its own Site URL counts: Wiki.js builds the callback from
                // it, so another one (say, from a link) would show a callback it never uses.
                let site_url = options.site_url.as_deref().filter(|_| backend.is_demo());
                // No strategy asked for: the one a draft was kept for, so it is offered
                // (another strategy opened would find nothing to offer, and drop it).
                let key = options
                    .strategy_key
                    .clone()
                    .or_else(|| super::draft::newest_drafted_strategy(model));
                fill_from(model, loaded, key.as_deref(), site_url);
                // The form is filled: the page is built now. The group reads go out in the
                // next task, once it is built and marked interactive (made before, the
                // requests held the first screen up); their checks follow.
                model.show();
                // A timeout that frees itself once run: the load task has no owner to
                // clear a stored timer with.
                set_timeout(
                    move || spawn_local(read_groups(model, backend, ids)),
                    Duration::ZERO,
                );
            }
            // A retry after a load has a secret to keep out of the message.
            Err(error) => model.load.set(LoadState::Failed(redacted(
                model,
                error.load_message(options.token_taken),
            ))),
        }
        model.show();
    });
}

/// Read the groups the wiki named, for their checks: the load is then done. Nothing is
/// read for a page unmounted meanwhile. Their checks run from the rest of the page's code
/// (`rest`), which this waits for first.
async fn read_groups(model: Model, backend: Backend, ids: Vec<u32>) {
    crate::rest::rest_in().await;
    if model.load.is_disposed() {
        return;
    }
    let groups = backend.groups_info(&ids).await;
    model.context.update(|c| c.groups = Some(groups));
    model.load.set(LoadState::Ready);
}

/// Put what the backend returned into the model: the chosen (or a new) Keycloak strategy.
/// The load is done once the groups it names are read too.
fn fill_from(model: Model, loaded: Loaded, key: Option<&str>, site_url: Option<&str>) {
    let site = site_url
        .map(str::to_owned)
        .unwrap_or_else(|| loaded.site.host.clone());
    let settings = stored_settings(model, &loaded, key, &site);
    let form = typed_before_load(model, &settings).unwrap_or_else(|| settings.clone());
    let legacy_logout_only = loaded.legacy_logout_only();
    model
        .context
        .update(|c| c.legacy_logout_only = legacy_logout_only);
    model.settings.set(form);
    model.baseline.set(Some(settings));
    model.loaded.set(Some(loaded));
    model.unconfirmed_post.set(None);
    model.lost_post.set_value(None);
    // A page built before the wiki answered is filled in now; otherwise it is built next.
    if model.shown.try_get_untracked() == Some(true) {
        mark_interactive();
    }
}

/// Edits typed before the form was first filled (a slow wiki: the page shows, editable,
/// while it loads; or one that was down): kept as the draft of the strategy just opened
/// (`draft::keep_typed_before_load`), so the load fills the form as the wiki holds it and
/// offers them back, as it offers edits kept from before. Where the browser keeps no
/// drafts, the form to show instead: the wiki's values with the typed fields on top. Read
/// fallibly: the answer may come after the page or widget is gone.
fn typed_before_load(model: Model, loaded: &Settings) -> Option<Settings> {
    if model.baseline.try_with_untracked(Option::is_none) != Some(true) {
        return None;
    }
    let before = model.settings.try_get_untracked()?;
    let typed = model.empty_form.try_with_value(|empty| before != *empty)?;
    if !typed || super::draft::keep_typed_before_load(model, &before, loaded) {
        return None;
    }
    let form = model
        .empty_form
        .try_with_value(|empty| rebase(&before, empty, loaded))?;
    Some(Settings {
        strategy_key: loaded.strategy_key.clone(),
        ..form
    })
}

/// What the benchmark measures time to interactive to: the form built, filled with the
/// wiki's values and taking input. Marked where the page is built filled in (`App`) or,
/// when it was built before the wiki answered, where the values are filled in.
pub fn mark_interactive() {
    mark_once("wkc-interactive");
}

/// A performance mark made once per document, by whichever page or widget gets there first.
pub fn mark_once(name: &str) {
    if let Some(performance) = window().performance() {
        if performance.get_entries_by_name(name).length() == 0 {
            let _ = performance.mark(name);
        }
    }
}

/// The form for strategy `key` as the wiki holds it, "Bypass Login Screen" included; a new
/// strategy gets the key it was given before (see `pending_strategy`).
fn stored_settings(model: Model, loaded: &Loaded, key: Option<&str>, site: &str) -> Settings {
    let new_key = || {
        let active: Vec<&str> = loaded.active.iter().map(|a| a.key.as_str()).collect();
        key_for_new_strategy(model, &active)
    };
    let mut settings = settings_for(loaded, key, site, new_key);
    settings.bypass_login_screen = loaded.site.auth_auto_login;
    note_lacking_urls(model, loaded, &settings);
    settings
}

/// Whether the wiki, as `loaded` holds it, lacks endpoint URLs the form `settings` shows
/// (`lacks_urls`): kept in the model, what Save and its bar read while the form is clean.
fn note_lacking_urls(model: Model, loaded: &Loaded, settings: &Settings) {
    model
        .lacks_urls
        .set(lacks_urls(loaded, settings, &derive(settings)));
}

/// Whether the form edits a strategy the wiki does not hold yet.
pub fn is_new_strategy(model: Model) -> bool {
    let key = model.settings.with_untracked(|s| s.strategy_key.clone());
    model.loaded.with_untracked(|l| {
        l.as_ref()
            .is_some_and(|l| !l.active.iter().any(|a| a.key == key))
    })
}

/// Switch the form to another strategy (`None`: a new one), from what was loaded.
pub fn choose_strategy(model: Model, key: Option<String>) {
    let Some(loaded) = model.loaded.get_untracked() else {
        return;
    };
    let site = model.settings.with_untracked(|s| s.site_url.clone());
    // A new one by its own key: no key means the first Keycloak strategy to `settings_for`
    // (what a load opens), and a save would have overwritten it.
    let key = key.unwrap_or_else(|| {
        let active: Vec<&str> = loaded.active.iter().map(|a| a.key.as_str()).collect();
        key_for_new_strategy(model, &active)
    });
    let settings = stored_settings(model, &loaded, Some(&key), &site);
    model.settings.set(settings.clone());
    model.baseline.set(Some(settings));
    model.save.set(SaveState::Idle);
}

/// Save this strategy into the wiki's full list.
pub fn save(model: Model) {
    let (Some(backend), Some(loaded)) = (backend_of(model), model.loaded.get_untracked()) else {
        model.save.set(SaveState::Failed(
            "Nothing to save into: the wiki's strategies are not loaded.".to_owned(),
        ));
        return;
    };
    let settings = model.settings.get_untracked();
    let derived = untrack(|| model.with_derived(Derived::clone));
    let list = planned_list(&loaded, &settings, &derived);
    // Named before the save, so its result can say what of it took effect.
    let changes = planned_changes(&loaded, &settings, &derived);
    let Some(strategy) = list.into_iter().find(|s| s.key == settings.strategy_key) else {
        return;
    };
    let request = SaveRequest {
        loaded: loaded.active.clone(),
        unconfirmed: model
            .unconfirmed_post
            .get_untracked()
            .or_else(|| model.lost_post.get_value()),
        strategy,
        move_to_top: moves_to_top(&loaded, &settings),
        bypass: bypass_change(&loaded, &settings),
    };
    model.save.set(SaveState::Saving);
    // What an earlier fix changed is part of what is being saved: the save's outcome says
    // the rest, so the fix's note goes rather than stand beside it.
    model.fix_report.set(None);
    spawn_local(async move {
        match backend.save(request).await {
            Ok(report) => {
                forget_saved_key(model, &settings.strategy_key);
                model.lost_post.set_value(None);
                // Sent with every URL; the read-back below says what the wiki holds.
                model.lacks_urls.set(false);
                let secret = settings.client_secret.clone();
                let wiki_bypass = match &report.bypass {
                    Some(BypassResult::Set(on)) => *on,
                    _ => loaded.site.auth_auto_login,
                };
                // The form stays dirty about a bypass the wiki did not take, so the next
                // save (and "What will be sent") still has it.
                model.baseline.set(Some(Settings {
                    bypass_login_screen: wiki_bypass,
                    ..settings
                }));
                let read_back = match report.stored {
                    Ok(stored) => {
                        adopt_list(model, stored);
                        Ok(())
                    }
                    Err(error) => {
                        model.unconfirmed_post.set(Some(report.sent));
                        // A hostile server may echo the posted list (secret included).
                        Err(redacted_with(model, Some(&secret), error.message()))
                    }
                };
                model.loaded.update(|l| {
                    if let Some(l) = l {
                        l.site.auth_auto_login = wiki_bypass;
                    }
                });
                let bypass = report.bypass.map(|result| match result {
                    BypassResult::Failed { on, error } => BypassResult::Failed {
                        on,
                        error: redacted_with(model, Some(&secret), error),
                    },
                    other => other,
                });
                let outcome = match &read_back {
                    Ok(()) => SaveOutcome::ReadBack {
                        changes: &changes,
                        mismatches: &report.mismatches,
                        bypass: bypass.as_ref(),
                    },
                    Err(error) => SaveOutcome::Unread {
                        changes: &changes,
                        error,
                        bypass: bypass.as_ref(),
                    },
                };
                model.save.set(saved(outcome));
            }
            Err(crate::backend::SaveError::Conflict(changes)) => {
                model.save.set(SaveState::Conflict(changes))
            }
            Err(error) => {
                // A hostile server may echo the posted list (secret included) in its error.
                let error_text =
                    redacted_with(model, Some(&settings.client_secret), error.message());
                let outcome = match error {
                    crate::backend::SaveError::Unconfirmed(_, posted) => {
                        // It may have landed: the next save must know it for its own.
                        model.lost_post.set_value(Some(posted));
                        SaveOutcome::Unconfirmed { error: &error_text }
                    }
                    _ => SaveOutcome::NotSaved { error: &error_text },
                };
                model.save.set(SaveState::Failed(outcome.message()))
            }
        }
    });
}

/// After a save Wiki.js accepted but that could not be read back: read the list again and
/// check it against what that save posted.
pub fn check_saved(model: Model) {
    let (Some(backend), Some(posted)) = (backend_of(model), model.unconfirmed_post.get_untracked())
    else {
        return;
    };
    spawn_local(async move {
        let state = match backend.active().await {
            Ok(now) => {
                let differences = stored_differently(&posted, &now);
                adopt_list(model, now);
                saved(SaveOutcome::Checked {
                    differences: &differences,
                })
            }
            Err(error) => saved(SaveOutcome::StillUnread {
                error: &redacted(model, error.message()),
            }),
        };
        model.save.set(state);
    });
}

/// Take `active` as the list the wiki holds (read back or read again): the form's position
/// follows its strategy there, and no save is left unchecked.
fn adopt_list(model: Model, active: Vec<ActiveStrategy>) {
    // Called when an answer arrives: the page may be gone by then.
    let Some(key) = model
        .settings
        .try_with_untracked(|s| s.strategy_key.clone())
    else {
        return;
    };
    if let Some(order) = active.iter().position(|s| s.key == key) {
        model.settings.update(|s| s.order = order);
        model.baseline.update(|b| {
            if let Some(b) = b {
                b.order = order;
            }
        });
    }
    model.loaded.update(|l| {
        if let Some(l) = l {
            l.active = active;
        }
    });
    model.unconfirmed_post.set(None);
    model.lost_post.set_value(None);
    // What the wiki holds now, read back: whether it still lacks a URL the form shows.
    if let Some(loaded) = model.loaded.get_untracked() {
        model
            .settings
            .with_untracked(|s| note_lacking_urls(model, &loaded, s));
    }
}

/// After a conflict: load the wiki's current list again, keeping what the admin changed and
/// taking the wiki's current value for the rest (see [`rebase`]).
pub fn reload_keeping_edits(model: Model) {
    let Some(backend) = backend_of(model) else {
        return;
    };
    spawn_local(async move {
        match backend.load().await {
            Ok(loaded) => {
                // Unmounted while the wiki answered: nothing left to update.
                let Some((key, site)) = model
                    .settings
                    .try_with_untracked(|s| (s.strategy_key.clone(), s.site_url.clone()))
                else {
                    return;
                };
                let now = stored_settings(model, &loaded, Some(&key), &site);
                // A strategy deleted meanwhile keeps the whole form: saving adds it again.
                if loaded.active.iter().any(|a| a.key == key) {
                    if let Some(old) = model.baseline.try_get_untracked().flatten() {
                        model
                            .settings
                            .update(|form| *form = rebase(form, &old, &now));
                    }
                }
                model.baseline.set(Some(now));
                model.loaded.set(Some(loaded));
                model.unconfirmed_post.set(None);
                model.lost_post.set_value(None);
                model.save.set(SaveState::Idle);
            }
            Err(error) => model.save.set(SaveState::Failed(
                SaveOutcome::ReloadFailed {
                    error: &redacted(model, error.message()),
                }
                .message(),
            )),
        }
    });
}

/// The saved state for an outcome, worded by the core.
fn saved(outcome: SaveOutcome) -> SaveState {
    SaveState::Saved {
        message: outcome.message(),
        verified: outcome.verified(),
    }
}

/// `message` with the form's client secret masked: a wiki's answer may quote what it holds,
/// this strategy's secret included. Safe after the page is gone (an answer arriving after
/// an unmount finds the form disposed). A first load that fails has nothing to mask (no
/// secret typed, no strategy listed): it returns early, so its code is not among what the
/// page's first module holds (scripts/split-page.mjs profiles a failed load).
fn redacted(model: Model, message: String) -> String {
    let typed = model
        .settings
        .try_with_untracked(|s| s.client_secret.clone())
        .filter(|s| !s.is_empty());
    let listed = model.loaded.try_with_untracked(Option::is_some) == Some(true);
    if typed.is_none() && !listed {
        return message;
    }
    redacted_with(model, typed.as_ref(), message)
}

/// `message` with `typed` (the secret a save sent) and every strategy's credentials as the
/// wiki listed them masked: a save re-sends them all, and a wiki's error may quote what it
/// was sent (a database error its SQL).
fn redacted_with(model: Model, typed: Option<&Secret>, message: String) -> String {
    model
        .loaded
        .try_with_untracked(|l| {
            let listed = l
                .iter()
                .flat_map(|l| &l.active)
                .flat_map(|s| s.credentials());
            redact_all(
                &message,
                typed.map(Secret::expose).into_iter().chain(listed),
            )
        })
        .unwrap_or_else(|| typed.map_or_else(|| message.clone(), |t| t.redact(&message)))
}
