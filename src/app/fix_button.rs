//! The one-click fix of a finding: the core applies it, the button only asks, and the page
//! says what changed where the admin clicked.

use leptos::prelude::*;

use super::model::Model;
use wkc_core::diagnostics::fix::{changed_by_fix, fix_report};
use wkc_core::diagnostics::{apply_fix, FixAction};
use wkc_core::{Field, Settings};

/// How long "Internal base URL set to …" stays after a fix.
const NOTE_FOR: std::time::Duration = std::time::Duration::from_secs(8);

/// What the last one-click fix changed, and where it was clicked (a [`FixNote`] place).
/// Not `Debug`: it holds the form, secret and all.
#[derive(Clone, PartialEq, Eq)]
pub struct FixReport {
    pub place: &'static str,
    pub text: String,
    serial: u64,
    /// The form as the fix left it, and the fields it changed: once the admin edits one of
    /// those, "Host set to …" is no longer what the form says, and the note goes.
    after: Settings,
    changed: Vec<Field>,
}

impl FixReport {
    /// Whether every field the fix changed still holds what it set. Reads the form, so a
    /// note only tracks it while it is shown.
    fn still_holds(&self, model: Model) -> bool {
        model.settings.with(|now| {
            changed_by_fix(&self.after, now)
                .iter()
                .all(|field| !self.changed.contains(field))
        })
    }
}

#[component]
pub fn FixButton(
    model: Model,
    action: FixAction,
    /// The field the finding is about: where focus goes when the fix changed nothing else
    /// the admin can see.
    field: Option<Field>,
    /// The [`FixNote`] that reports what changed (beside the button, which usually goes
    /// away with its finding).
    place: &'static str,
    /// Under its field: where the finding's card is beside it (two columns), the button
    /// reads "Fix it" and leaves the fix's words (a URL, often) to the card, so the screen
    /// says them once; its name says them whole, in either layout.
    #[prop(optional)]
    under_field: bool,
) -> impl IntoView {
    let label = action.label();
    let name = under_field.then(|| format!("Fix it: {label}"));
    let text = match under_field {
        false => label.into_any(),
        true => view! {
            <span class="wkc-fix-long">{label}</span>
            <span class="wkc-fix-short">"Fix it"</span>
        }
        .into_any(),
    };
    view! {
        <button
            type="button"
            class="wkc-button wkc-button-small wkc-button-fix"
            data-action="fix"
            aria-label=name
            on:click=move |_| apply(model, &action, field, place)
        >
            {text}
        </button>
    }
}

/// Apply a fix, report it at `place`, flash what changed and move focus to it.
pub fn apply(model: Model, action: &FixAction, field: Option<Field>, place: &'static str) {
    change_and_report(model, |s| apply_fix(s, action), field, place);
}

/// Make a one-click change (a finding's fix, a demo story's), say at `place` what it
/// changed, flash the changed fields and move focus to the first (else to `field`).
pub fn change_and_report(
    model: Model,
    change: impl FnOnce(&mut wkc_core::Settings),
    field: Option<Field>,
    place: &'static str,
) {
    let before = model.settings.get_untracked();
    model.settings.update(change);
    let changed = model
        .settings
        .with_untracked(|after| changed_by_fix(&before, after));
    let text = model.settings.with_untracked(|after| {
        model
            .context
            .with_untracked(|c| fix_report(&before, after, c))
    });
    let serial = js_sys::Date::now() as u64;
    model.fix_report.set(Some(FixReport {
        place,
        text,
        serial,
        after: model.settings.get_untracked(),
        changed: changed.clone(),
    }));
    set_timeout(
        move || {
            if model
                .fix_report
                .try_with_untracked(|r| r.as_ref().map(|r| r.serial))
                == Some(Some(serial))
            {
                model.fix_report.set(None);
            }
        },
        NOTE_FOR,
    );
    // After the re-render: effects run before a timeout does.
    set_timeout(
        move || {
            for &f in &changed {
                model.flash(f);
            }
            if let Some(target) = changed.first().copied().or(field) {
                model.focus(target);
            }
        },
        std::time::Duration::ZERO,
    );
}

/// Where a fix clicked at `place` says what it changed.
#[component]
pub fn FixNote(model: Model, place: &'static str) -> impl IntoView {
    let text = move || {
        model.fix_report.with(|r| {
            r.as_ref()
                .filter(|r| r.place == place && r.still_holds(model))
                .map(|r| r.text.clone())
        })
    };
    view! {
        <p class="wkc-fix-note" role="status" data-fix-note=place>{text}</p>
    }
}
