//! The widget's DOM events, from the app's signals. Rust builds each event's detail as
//! JSON; the loader dispatches it as a `CustomEvent` (bubbling, composed) on the element:
//!
//! | event                     | when                                   | detail |
//! |---------------------------|----------------------------------------|--------|
//! | `wikijs-keycloak-change`  | the form or its findings changed (from the first values loaded on) | `{ settings, codes }` |
//! | `wikijs-keycloak-saved`   | a save succeeded (or was checked again) | `{ settings, message, verified }` |
//! | `wikijs-keycloak-error`   | loading or saving failed, or conflicted | `{ stage: "load" \| "save", message, conflict }` |
//!
//! `settings` is [`Settings`] as it serializes: never the client secret. `codes` include the
//! Keycloak side's (`kc-*`) once an export is pasted: they come from the `tools` part, and
//! the event waits for its answer for these settings (`Model::keycloak_side_pending`), so
//! one change makes one event (without `kc-*` codes when the part did not load). The export
//! itself is never in an event.

use leptos::prelude::*;
use serde::Serialize;

use crate::app::{still_to_fix, LoadState, Model, SaveState};
use wkc_core::wikijs::outcome::with_still_to_fix;
use wkc_core::Settings;

pub const CHANGE: &str = "wikijs-keycloak-change";
pub const SAVED: &str = "wikijs-keycloak-saved";
pub const ERROR: &str = "wikijs-keycloak-error";

#[derive(Serialize)]
pub struct ChangeDetail<'a> {
    pub settings: &'a Settings,
    /// Every finding's code, most severe first, the pasted export's `kc-*` codes included.
    pub codes: Vec<&'static str>,
}

#[derive(Serialize)]
pub struct SavedDetail<'a> {
    pub settings: &'a Settings,
    pub message: &'a str,
    /// Read back, and Wiki.js holds exactly what was sent ("Bypass Login Screen" included,
    /// when the save was to change it).
    pub verified: bool,
}

#[derive(Serialize)]
pub struct ErrorDetail<'a> {
    pub stage: &'static str,
    pub message: &'a str,
    pub conflict: bool,
}

/// Serialize a detail; these types cannot fail to serialize, but never panic on it.
pub fn json(detail: &impl Serialize) -> String {
    serde_json::to_string(detail).unwrap_or_else(|_| "null".to_owned())
}

/// Watch `model` and call `emit(event name, detail JSON)` on every event. Runs inside the
/// app's owner, so the effects stop when the widget unmounts.
pub fn watch(model: Model, emit: impl Fn(&'static str, String) + Clone + 'static) {
    let on_change = emit.clone();
    Effect::new(move |_| {
        if model.load.with(|l| *l == LoadState::Loading) || model.keycloak_side_pending() {
            return;
        }
        let detail = model.settings.with(|settings| {
            model.findings.with(|a| {
                json(&ChangeDetail {
                    settings,
                    codes: a.diagnostics.iter().map(|d| d.code.as_str()).collect(),
                })
            })
        });
        on_change(CHANGE, detail);
    });

    let on_save = emit.clone();
    Effect::new(move |_| {
        let detail = match model.save.get() {
            SaveState::Saved { message, verified } => model.settings.with_untracked(|settings| {
                // As the save bar says it: with what still stands then.
                let still = untrack(|| still_to_fix(model));
                (
                    SAVED,
                    json(&SavedDetail {
                        settings,
                        message: &with_still_to_fix(message, still),
                        verified,
                    }),
                )
            }),
            SaveState::Failed(message) => (
                ERROR,
                json(&ErrorDetail {
                    stage: "save",
                    message: &message,
                    conflict: false,
                }),
            ),
            SaveState::Conflict(changes) => (
                ERROR,
                json(&ErrorDetail {
                    stage: "save",
                    message: &format!(
                        "The wiki's strategies changed since they were loaded: {}.",
                        changes.join("; ")
                    ),
                    conflict: true,
                }),
            ),
            SaveState::Idle | SaveState::Saving => return,
        };
        on_save(detail.0, detail.1);
    });

    Effect::new(move |_| {
        if let LoadState::Failed(message) = model.load.get() {
            emit(
                ERROR,
                json(&ErrorDetail {
                    stage: "load",
                    message: &message,
                    conflict: false,
                }),
            );
        }
    });
}
