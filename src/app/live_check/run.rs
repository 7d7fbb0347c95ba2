//! When the live check runs and what it keeps: the debounced automatic run, the manual one,
//! aborting on every edit, and the last result (shown only by the newest check).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::model::Model;
use crate::backend::live::{probe, Cancel};
use crate::backend::timer::Timer;
use crate::parts::keycloak_side::issuer_against_export;
use crate::parts::live::{live_check, LiveAnswer, LiveChecked};
use crate::parts::{loaded, Part};
use wkc_core::diagnostics::live::Discovery;
use wkc_core::settings::PerEndpoint;
use wkc_core::{Diagnostic, Field, LayoutChoice, Settings};

/// How long (ms) Host and Realm must stay unchanged before the automatic check runs.
const DEBOUNCE_MS: u32 = 800;

/// What the check depends on. When Host or Realm change the last result is about another
/// server or realm and goes; when the rest changes it is kept, marked as older than the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Inputs {
    pub(super) host: String,
    realm: String,
    layout: LayoutChoice,
    internal_base_url: String,
    overrides: PerEndpoint<Option<String>>,
    logout_upstream: bool,
}

impl Inputs {
    pub(super) fn of(s: &Settings) -> Inputs {
        Inputs {
            host: s.host.clone(),
            realm: s.realm.clone(),
            layout: s.layout,
            internal_base_url: s.internal_base_url.clone(),
            overrides: s.overrides.clone(),
            logout_upstream: s.logout_upstream,
        }
    }

    fn same_target(&self, other: &Inputs) -> bool {
        self.host == other.host && self.realm == other.realm
    }
}

/// Where the check stands (`data-live-state`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Status {
    Idle,
    /// The admin asked, and the part that plans and reads the check is loading.
    Loading,
    /// Fetching; the first URL of the plan.
    Checking(String),
    Done,
    /// The part did not load: the sentence to show (Check Keycloak tries again).
    Failed(String),
}

impl Status {
    pub(super) fn as_str(&self) -> &'static str {
        match self {
            Status::Idle => "idle",
            Status::Loading => "loading",
            Status::Checking(_) => "checking",
            Status::Done => "done",
            Status::Failed(_) => "failed",
        }
    }

    /// What a newer edit or check replaces: a check on its way, or a part that failed.
    fn goes_with_an_abort(&self) -> bool {
        matches!(
            self,
            Status::Loading | Status::Checking(_) | Status::Failed(_)
        )
    }
}

/// The last completed check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Outcome {
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) discovered: Option<Discovery>,
    /// The values it checked.
    pub(super) inputs: Inputs,
    /// The first URL it fetched (none when it could not start).
    pub(super) url: Option<String>,
}

impl Outcome {
    /// Its own findings that need fixing (its notes apart).
    pub(super) fn to_fix(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.code.is_live() && d.severity != wkc_core::Severity::Info)
    }
}

/// The check's state: signals for what is shown, stored values for the running machinery.
#[derive(Clone, Copy)]
pub(super) struct Checker {
    model: Model,
    pub(super) status: RwSignal<Status>,
    pub(super) outcome: RwSignal<Option<Outcome>>,
    pub(super) auto: RwSignal<bool>,
    /// Completed checks so far (`data-live-run`): lets tests and screen readers see a new one.
    pub(super) runs: RwSignal<u32>,
    /// Why the automatic check left the current values alone.
    pub(super) skipped: RwSignal<Option<String>>,
    /// The admin typed into Host or Realm, asked for a check or turned the automatic one on:
    /// from now on changes are checked by themselves, typed or not (a one-click fix, say).
    pub(super) armed: RwSignal<bool>,
    /// Bumped by every start and abort: only the newest check may show its result.
    generation: StoredValue<u64>,
    running: StoredValue<Option<Cancel>, LocalStorage>,
    /// The automatic check's debounce, made on first use and freed with the component.
    debounce: StoredValue<Option<Timer>, LocalStorage>,
}

impl Checker {
    pub(super) fn new(model: Model) -> Checker {
        Checker {
            model,
            status: RwSignal::new(Status::Idle),
            outcome: RwSignal::new(None),
            auto: RwSignal::new(true),
            runs: RwSignal::new(0),
            skipped: RwSignal::new(None),
            armed: RwSignal::new(false),
            generation: StoredValue::new(0),
            running: StoredValue::new_local(None),
            debounce: StoredValue::new_local(None),
        }
    }

    /// Drop the pending automatic check.
    pub(super) fn clear_timer(self) {
        self.debounce.try_with_value(|timer| {
            if let Some(timer) = timer {
                timer.clear();
            }
        });
    }

    /// Stop the pending and the running check; nothing they find is shown.
    pub(super) fn abort(self) {
        self.clear_timer();
        self.generation.try_update_value(|g| *g += 1);
        if let Some(Some(cancel)) = self.running.try_update_value(Option::take) {
            cancel.cancel();
        }
        if self.status.with_untracked(Status::goes_with_an_abort) {
            self.status.set(Status::Idle);
        }
    }

    /// Run the automatic check once the values have been quiet for [`DEBOUNCE_MS`].
    pub(super) fn schedule(self) {
        if self.debounce.with_value(Option::is_none) {
            self.debounce
                .set_value(Timer::new(move || self.start(false)).ok());
        }
        self.debounce.with_value(|timer| {
            if let Some(timer) = timer {
                timer.arm(DEBOUNCE_MS);
            }
        });
    }

    /// Check now. `manual`: the admin asked, so a value that cannot be checked is reported
    /// (the automatic check stays quiet: the findings panel already says what is missing).
    /// The `tools` part plans the probes and reads the answers; this page fetches each one.
    pub(super) fn start(self, manual: bool) {
        self.abort();
        if manual {
            self.armed.set(true);
        }
        self.skipped.set(None);
        let generation = self.generation.get_value();
        let settings = self.model.settings.get_untracked();
        let inputs = Inputs::of(&settings);
        if manual && !loaded(Part::Tools) {
            self.status.set(Status::Loading);
        }
        // The page that fetches is this one, whatever backend the form talks to.
        let origin = window().location().origin().ok();
        let cancel = Cancel::new();
        self.running.set_value(Some(cancel.clone()));
        let newest = move || self.generation.try_get_value() == Some(generation);
        let fetch = {
            let cancel = cancel.clone();
            move |url: String, timeout_ms: u32| {
                let cancel = cancel.clone();
                let first = !cancel.is_cancelled()
                    && newest()
                    && !matches!(self.status.get_untracked(), Status::Checking(_));
                if first {
                    self.status.set(Status::Checking(url.clone()));
                }
                async move {
                    if cancel.is_cancelled() {
                        return None;
                    }
                    let outcome = probe(&url, timeout_ms, &cancel).await;
                    (!cancel.is_cancelled()).then_some(outcome)
                }
            }
        };
        spawn_local(async move {
            let answer = live_check(&settings, origin.as_deref(), manual, fetch).await;
            if !newest() {
                return; // a newer edit or check came; it was aborted
            }
            self.running.try_set_value(None);
            match answer {
                Err(error) if manual => self.status.set(Status::Failed(error.message())),
                // An automatic check says it in the status line, without an alert.
                Err(error) => {
                    let message = error.message();
                    let stop = if message.as_bytes().last() == Some(&b'.') {
                        ""
                    } else {
                        "."
                    };
                    self.skipped.set(Some(format!(
                        "Not checked: {message}{stop} Press Check Keycloak to try again."
                    )));
                    self.status.set(Status::Idle);
                }
                // Still the newest: an answer that did not read, or a fetch the part could
                // not make. Nothing to show.
                Ok(LiveAnswer::Cancelled) => self.status.set(Status::Idle),
                // Host or Realm not one to check yet (empty, unusable, a Keycloak page's
                // URL): the form says what; here, that nothing runs until it is fixed.
                Ok(LiveAnswer::Quiet) => {
                    self.skipped.set(Some(
                        "Not checked by itself: fix Host or Realm first (Findings says how), or press Check Keycloak to see why here."
                            .to_owned(),
                    ));
                    self.status.set(Status::Idle);
                }
                Ok(LiveAnswer::Placeholder) => {
                    self.skipped.set(Some(format!(
                        "Not checked by itself: {} is a documentation placeholder. Press Check Keycloak to try anyway.",
                        settings.host.trim()
                    )));
                    self.status.set(Status::Idle);
                }
                Ok(LiveAnswer::Refused(diagnostics)) => self.finish(Outcome {
                    diagnostics,
                    discovered: None,
                    inputs,
                    url: None,
                }),
                Ok(LiveAnswer::Checked(checked)) => self.checked(checked, inputs, generation).await,
            }
        });
    }

    /// Show a check that ran, with the pasted realm export's view of its issuer, if any.
    async fn checked(self, checked: LiveChecked, inputs: Inputs, generation: u64) {
        let LiveChecked {
            url,
            found_layout,
            realm,
            discovered,
            mut diagnostics,
        } = checked;
        // Does the pasted export's Frontend URL give this issuer? (The `tools` part holds it;
        // when the part did not load, the export's box says so.)
        let issuer = discovered.as_ref().and_then(|d| d.issuer.clone());
        let paste = self.model.keycloak_paste.try_get_untracked().flatten();
        if let (Some(issuer), Some(paste)) = (issuer, paste) {
            let found = issuer_against_export(&paste, &issuer, &realm).await;
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            diagnostics.extend(found.ok().flatten());
        }
        if self.model.context.with_untracked(|c| c.live_layout) != found_layout {
            self.model.context.update(|c| c.live_layout = found_layout);
        }
        self.finish(Outcome {
            diagnostics,
            discovered,
            inputs,
            url: Some(url),
        });
    }

    /// The pasted export changed since the check ran: its view of the issuer is redone with
    /// the new one (the old export's finding stood, counted to fix, until the next check).
    pub(super) fn export_changed(self) {
        let checked = self.outcome.with_untracked(|o| {
            let o = o.as_ref()?;
            Some((
                o.discovered.as_ref()?.issuer.clone()?,
                o.inputs.realm.clone(),
            ))
        });
        let Some((issuer, realm)) = checked else {
            return;
        };
        let from_export =
            |d: &Diagnostic| d.fields.contains(&Field::KeycloakExport) && d.code.is_live();
        self.outcome.update(|o| {
            if let Some(o) = o {
                o.diagnostics.retain(|d| !from_export(d));
            }
        });
        let Some(paste) = self.model.keycloak_paste.try_get_untracked().flatten() else {
            return;
        };
        let generation = self.generation.get_value();
        spawn_local(async move {
            let found = issuer_against_export(&paste, &issuer, &realm).await;
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            if let Ok(Some(d)) = found {
                self.outcome
                    .update(|o| o.iter_mut().for_each(|o| o.diagnostics.push(d.clone())));
            }
        });
    }

    fn finish(self, outcome: Outcome) {
        self.outcome.set(Some(outcome));
        self.status.set(Status::Done);
        self.runs.update(|n| *n += 1);
    }

    /// Whether a change is checked by itself. The admin's own typing is told from values set
    /// by other means (the load, a scenario, a fix button) by where the focus is: in this
    /// instance's Host or Realm input.
    pub(super) fn armed(self) -> bool {
        if !self.armed.get_untracked() && self.typing_target() {
            self.armed.set(true);
        }
        self.armed.get_untracked()
    }

    fn typing_target(self) -> bool {
        let Some(mut focused) = document().active_element() else {
            return false;
        };
        // Into the widget's shadow root, if the page is one.
        while let Some(inner) = focused.shadow_root().and_then(|r| r.active_element()) {
            focused = inner;
        }
        let id = focused.id();
        id == self.model.field_id(Field::Host) || id == self.model.field_id(Field::Realm)
    }

    /// The form changed: abort what runs; forget a result about another server or realm.
    pub(super) fn inputs_changed(self, before: &Inputs, now: &Inputs) {
        self.abort();
        self.skipped.set(None);
        if !before.same_target(now) {
            self.outcome.set(None);
            if matches!(self.status.get_untracked(), Status::Done) {
                self.status.set(Status::Idle);
            }
            if self
                .model
                .context
                .with_untracked(|c| c.live_layout.is_some())
            {
                self.model.context.update(|c| c.live_layout = None);
            }
        }
    }
}
