//! Every finding about the form, grouped by severity: what will break for users, and the
//! fix. The pasted export's `kc-*` findings are listed in its own section, with the Keycloak
//! fixes (they never block Save, so they do not belong under "saving is blocked"); the
//! Keycloak reminders are the setup checklist's steps, not repeated here.

pub mod card;

use leptos::prelude::*;

use super::fix_button::FixNote;
use super::model::{Model, LIVE_CHECK};
use super::section::Section;
pub use card::{DiagnosticCard, GoTo};
use wkc_core::Severity;

#[component]
pub fn DiagnosticsPanel(model: Model) -> impl IntoView {
    view! {
        <Section model id="findings" title="Findings">
            <FixNote model place="findings"/>
            <SeverityGroup model severity=Severity::Error title="Errors: saving is blocked"/>
            <SeverityGroup model severity=Severity::Warning title="Warnings: likely to fail for users"/>
            <SeverityGroup model severity=Severity::Info title="Notes"/>
            <LivePointer model/>
        </Section>
    }
}

/// The live check lists its findings in its own section, further down the form: counted in
/// the summary, they are pointed to from here.
#[component]
fn LivePointer(model: Model) -> impl IntoView {
    move || {
        (model.live_to_fix.get() != 0).then(|| {
            view! {
                <p class="wkc-hint" data-live-pointer>
                    "The live check found something to fix. "
                    <button type="button" class="wkc-button wkc-button-small wkc-button-quiet" data-action="go-to-live-check"
                        on:click=move |_| model.focus_id(&model.ids.id(LIVE_CHECK))>
                        "Go to the live check"
                    </button>
                </p>
            }
        })
    }
}

/// The counts at a glance: the form's errors and warnings, and apart from them what the
/// pasted export says must change in Keycloak and what the last live check found (neither
/// blocks Save; each is listed in its own section). Cards, as the lists show them.
pub fn counts(model: Model) -> String {
    model.analysis.with(|a| {
        let cards = &a.cards;
        let keycloak = cards
            .keycloak_side
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .count();
        let form = match (cards.errors.len(), cards.warnings.len()) {
            (0, 0) => "No errors or warnings".to_owned(),
            (e, w) => format!("{e} error{} · {w} warning{}", plural(e), plural(w)),
        };
        let mut line = form;
        for (others, name) in [
            (keycloak, "Keycloak side"),
            (model.live_to_fix.get(), "Live check"),
        ] {
            if others > 0 {
                line += &format!(" · {name}: {others} to fix");
            }
        }
        line
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[component]
fn SeverityGroup(model: Model, severity: Severity, title: &'static str) -> impl IntoView {
    let items = Memo::new(move |_| {
        model
            .analysis
            .with(|a| a.cards.by_severity(severity).to_vec())
    });
    view! {
        <Show when=move || items.with(|i| !i.is_empty())>
            <h3 class="wkc-group-title">{title}</h3>
            <ul class=format!("wkc-diags wkc-diags-{}", severity.as_str())>
                {move || items.get().into_iter().map(|d| view! { <DiagnosticCard model diagnostic=d place="findings" go_to_field=true/> }).collect_view()}
            </ul>
        </Show>
    }
}
