//! What the live check shows: the status line, the findings, and the discovered URLs next to
//! this configuration's.

use leptos::prelude::*;

use super::super::diagnostics_panel::card::DiagnosticCard;
use super::super::fix_button::FixButton;
use super::super::model::Model;
use super::run::{Checker, Outcome, Status};
use wkc_core::diagnostics::live::{side_by_side, LiveRow};

pub(super) fn status_line(checker: Checker, stale: bool) -> String {
    // The last result, while there is one (Host and Realm unchanged since).
    let last = move || {
        checker.outcome.with(|o| {
            let checked = match o.as_ref()? {
                // Said with what it found: "Checked" alone read as a pass.
                o @ Outcome { url: Some(url), .. } => match o.to_fix().count() {
                    0 => format!("Checked {url}: nothing to fix."),
                    1 => format!("Checked {url}: 1 finding to fix (below)."),
                    n => format!("Checked {url}: {n} findings to fix (below)."),
                },
                o => format!("Did not check {}: see below.", o.inputs.host.trim()),
            };
            Some(match stale {
                true => format!("{checked} The form has changed since: check again to confirm."),
                false => checked,
            })
        })
    };
    match checker.status.get() {
        // Said where the part's result will be (`part_loading`, `part_failed`).
        Status::Loading | Status::Failed(_) => String::new(),
        Status::Checking(url) => format!("Checking {url} …"),
        Status::Done => last().unwrap_or_default(),
        // Idle with no result after a check: an edit to Host or Realm took it away.
        Status::Idle => checker.skipped.get().or_else(last).unwrap_or_else(|| {
            let before = checker.runs.get() > 0;
            match (before, checker.auto.get()) {
                (true, true) if checker.armed.get() => {
                    "Host or Realm changed since the last check: it runs again once you stop typing."
                }
                (true, _) => {
                    "Host or Realm changed since the last check: press Check Keycloak to check again."
                }
                (false, true) => "Not checked yet: it runs by itself once you edit Host or Realm.",
                (false, false) => "Not checked yet.",
            }
            .to_owned()
        }),
    }
}

/// The check's findings, each with its one-click fix.
#[component]
pub(super) fn Findings(model: Model, outcome: Outcome) -> impl IntoView {
    view! {
        <ul class="wkc-diags" data-live-findings>
            {outcome
                .diagnostics
                .into_iter()
                .map(|diagnostic| view! { <DiagnosticCard model diagnostic place="live"/> })
                .collect_view()}
        </ul>
    }
}

/// Discovered issuer and endpoints next to this configuration's, against the form as it is
/// now: a one-click adoption turns its row equal at once.
#[component]
pub(super) fn Comparison(model: Model, checker: Checker) -> impl IntoView {
    let rows = Memo::new(move |_| {
        checker.outcome.with(|o| {
            o.as_ref().and_then(|o| o.discovered.as_ref()).map(|found| {
                let compare_logout = model.settings.with(|s| s.logout_upstream);
                model.with_derived(|d| side_by_side(found, d, compare_logout))
            })
        })
    });
    move || {
        rows.get().map(|rows| {
            view! {
                <div class="wkc-live-compare" data-live-compare>
                    <h3 class="wkc-group-title">"Keycloak's discovery document next to this configuration"</h3>
                    {rows.into_iter().map(|row| view! { <Row model checker row/> }).collect_view()}
                </div>
            }
        })
    }
}

#[component]
fn Row(model: Model, checker: Checker, row: LiveRow) -> impl IntoView {
    let differs = row.differs;
    // The finding whose one click settles this row, while it differs.
    let fix = checker.outcome.with_untracked(|o| {
        o.as_ref()
            .and_then(|o| row.settled_by(&o.diagnostics))
            .and_then(|d| Some((d.action.clone()?, d.fields.first().copied())))
    });
    let ours = if row.overridden {
        "This configuration (overridden)"
    } else {
        "This configuration (derived)"
    };
    let dash = || "—".to_owned();
    view! {
        <div
            class=if differs { "wkc-field wkc-diag wkc-diag-warning" } else { "wkc-field" }
            data-row=row.id
            data-differs=differs.to_string()
        >
            <p class="wkc-label">
                {row.label}
                {if differs {
                    view! { <span class="wkc-badge wkc-badge-warning">"differs"</span> }.into_any()
                } else if row.note.is_some() {
                    view! { <span class="wkc-badge">"not compared"</span> }.into_any()
                } else {
                    view! { <span class="wkc-badge wkc-badge-ok">"same"</span> }.into_any()
                }}
            </p>
            <div class="wkc-compare">
                <div>
                    <p class="wkc-hint">"Keycloak advertises"</p>
                    <code class="wkc-code" data-side="discovered">{row.discovered.unwrap_or_else(dash)}</code>
                </div>
                <div>
                    <p class="wkc-hint">{ours}</p>
                    <code class="wkc-code" data-side="configured">{row.configured.unwrap_or_else(dash)}</code>
                </div>
            </div>
            {row.note.map(|note| view! { <p class="wkc-hint">{note}</p> })}
            {fix.map(|(action, field)| view! { <div class="wkc-actions"><FixButton model action field place="live"/></div> })}
        </div>
    }
}
