//! The live check: ask the running Keycloak, from this browser, whether Host, Realm, the path
//! layout, the issuer and the endpoints are right. The `tools` part plans the probes and reads
//! the answers (`core::diagnostics::live`, through `parts::live`); `backend::live` fetches
//! each one; this component decides only when to run ([`run`]) and shows the result
//! ([`view`]).
//!
//! It runs on "Check Keycloak", and by itself once Host, Realm or anything else the check
//! compares has stopped changing for a moment (unless the admin turned that off). It does
//! so only once the admin has typed into Host or Realm themselves, or asked for a check:
//! values loaded from the wiki or set by a demo scenario are not sent anywhere until then, nor
//! are documentation placeholders (`example.com`). Any edit aborts a check in flight; a result
//! is only shown by the check that is still the newest.
//! The layout Keycloak answered under feeds `Context::live_layout`; it is cleared when Host or
//! Realm change.

mod run;
mod view;

use leptos::prelude::*;

use super::fix_button::FixNote;
use super::lazy_part::{part_failed, part_loading};
use super::model::{Model, LIVE_CHECK};
use super::section::Section;
use run::{Checker, Inputs, Status};
use view::{status_line, Comparison, Findings};
use wkc_core::diagnostics::live::{FAILED_FETCH_CAUSES, UNKNOWN_REALM_HAS_NO_CORS};
use wkc_core::diagnostics::Target;

#[component]
pub fn LiveCheck(model: Model) -> impl IntoView {
    let checker = Checker::new(model);
    let inputs = Memo::new(move |_| model.settings.with(Inputs::of));
    Effect::new(move |before: Option<Inputs>| {
        let now = inputs.get();
        if let Some(before) = &before {
            if *before == now {
                return now;
            }
            checker.inputs_changed(before, &now);
        }
        if checker.auto.get_untracked() && checker.armed() {
            checker.schedule();
        }
        now
    });
    on_cleanup(move || checker.abort());
    // Another export pasted (or it cleared): the check's view of its issuer follows it.
    Effect::new(move |seen: Option<()>| {
        model.keycloak_paste.track();
        if seen.is_some() {
            checker.export_changed();
        }
    });

    let stale = Memo::new(move |_| {
        checker
            .outcome
            .with(|o| o.as_ref().is_some_and(|o| inputs.with(|i| *i != o.inputs)))
    });
    // The state's counts name what a check still matching the form found to fix, and the
    // fields say it under themselves.
    Effect::new(move |_| {
        let to_fix = checker.outcome.with(|o| match o {
            Some(o) if !stale.get() => o.to_fix().cloned().collect(),
            _ => Vec::new(),
        });
        if model.live_found.with_untracked(|found| *found != to_fix) {
            model.live_found.set(to_fix);
        }
        // A check refused before it fetched anything (no URL) checked nothing.
        let fetched = checker
            .outcome
            .with(|o| o.as_ref().is_some_and(|o| o.url.is_some()));
        model.live_checked.set(fetched && !stale.get());
    });
    let auto_id = model.ids.id("live-auto");
    let limits = format!(
        "What a browser cannot know: a request that fails without an answer does not tell the page why. \
         Perhaps {FAILED_FETCH_CAUSES}; or the realm does not exist ({UNKNOWN_REALM_HAS_NO_CORS}). \
         When the discovery document does not answer, the other path layout and the master realm are \
         probed to narrow it down, and the finding says what remains possible."
    );

    view! {
        <Section model id="live-check" title="Live check">
            <div
                class="wkc-live"
                data-live-state=move || checker.status.with(Status::as_str)
                data-live-run=move || checker.runs.get().to_string()
                data-live-stale=move || stale.get().to_string()
            >
                <p class="wkc-hint">
                    "Asks Keycloak for the realm's discovery document from this browser, without cookies; "
                    "the client secret never leaves this page."
                </p>
                <div class="wkc-actions">
                    <button
                        type="button"
                        class="wkc-button wkc-button-primary"
                        data-action="live-check"
                        id=model.ids.id(LIVE_CHECK)
                        on:click=move |_| checker.start(true)
                    >
                        "Check Keycloak"
                    </button>
                </div>
                <div class="wkc-checkbox-row">
                    <input
                        class="wkc-checkbox"
                        type="checkbox"
                        id=auto_id.clone()
                        name="live-auto"
                        prop:checked=move || checker.auto.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            checker.auto.set(on);
                            if on {
                                checker.armed.set(true);
                                checker.schedule();
                            } else {
                                checker.clear_timer();
                            }
                        }
                    />
                    <label class="wkc-label" for=auto_id>
                        "Check by itself when Host or Realm stop changing"
                    </label>
                </div>
                <p class="wkc-summary-line" role="status" aria-live="polite" data-live-status>
                    {move || status_line(checker, stale.get())}
                </p>
                {move || match checker.status.get() {
                    Status::Loading => part_loading(),
                    Status::Failed(message) => part_failed(message, move || checker.start(true)),
                    _ => ().into_any(),
                }}
                <FixNote model place="live"/>
                {move || checker.outcome.get().map(|outcome| view! { <Findings model outcome/> })}
                <Comparison model checker/>
                <details class="wkc-why" data-live-limits-details>
                    <summary class="wkc-why-summary">"What a browser cannot test"</summary>
                    <p class="wkc-why-text" data-live-limits>{limits}</p>
                    <p class="wkc-why-text" data-live-backchannel>
                        "Wiki.js calls the token and userinfo endpoints from its own server, which no browser can test "
                        "(that is also why a localhost token URL is flagged: backchannel-loopback). To test them, run "
                        "the backchannel-probe command where Wiki.js runs. "
                        <button type="button" class="wkc-button wkc-button-small wkc-button-quiet" data-action="show-probe"
                            on:click=move |_| model.go_to(Target::ProbeCommand)>
                            "Show the test command"
                        </button>
                    </p>
                </details>
            </div>
        </Section>
    }
}
