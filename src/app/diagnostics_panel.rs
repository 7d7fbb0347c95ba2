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
use wkc_core::wikijs::outcome::StillToFix;
use wkc_core::{Field, Severity};

#[component]
pub fn DiagnosticsPanel(model: Model) -> impl IntoView {
    view! {
        <Section model id="findings" title="Findings">
            <FixNote model place="findings"/>
            <Show when=move || model.nothing_to_check()>
                <p class="wkc-hint" data-nothing-to-check>
                    "Nothing to check yet: the wiki's settings did not load (above). \
                     The checks start as you fill in the form."
                </p>
            </Show>
            <SeverityGroup model severity=Severity::Error title="Errors: saving is blocked"/>
            <SeverityGroup model severity=Severity::Warning title="Warnings: likely to fail for users, or unsafe"/>
            <SeverityGroup model severity=Severity::Info title="Notes"/>
            <Pointers model/>
        </Section>
    }
}

/// The pasted export and the live check list their findings in their own sections, further
/// down: counted in the summary, they are pointed to from here, each with a button that
/// focuses its section's control.
#[component]
fn Pointers(model: Model) -> impl IntoView {
    let export_box = model.field_id(Field::KeycloakExport);
    let live_button = model.ids.id(LIVE_CHECK);
    // Which pointers stand, each a memo: a keystroke that changes none of them redraws nothing.
    let export = Memo::new(move |_| model.findings.with(|f| keycloak_to_fix(&f.cards)) > 0);
    let live = Memo::new(move |_| model.live_found.with(|l| !l.is_empty()));
    // The strongest check there is, not yet made for these values: said until it is.
    // Not in the demo: its Keycloak is a placeholder the check never reaches.
    let unchecked = Memo::new(move |_| {
        !live.get()
            && !model.demo.get()
            && !model.live_checked.get()
            && model
                .settings
                .with(|s| !s.host.is_empty() && !s.realm.is_empty())
    });
    move || {
        [
            ("export", &export_box, "The pasted export shows what to fix in Keycloak. ", "Go to the export check"),
            ("live", &live_button, "The live check found something to fix. ", "Go to the live check"),
            ("live-unchecked", &live_button, "Not yet checked against the running Keycloak. ", "Go to the live check"),
        ]
        .into_iter()
        .zip([export.get(), live.get(), unchecked.get()])
        .filter(|(_, shown)| *shown)
        .map(|((kind, target, says, label), _)| {
            let target = target.clone();
            view! {
                <p class="wkc-hint" data-pointer=kind>
                    {says}
                    <button type="button" class="wkc-button wkc-button-small wkc-button-quiet" data-action=format!("go-to-{kind}")
                        on:click=move |_| model.focus_id(&target)>
                        {label}
                    </button>
                </p>
            }
        })
        .collect_view()
    }
}

/// What the pasted export says must change in Keycloak: its cards, notes left out.
fn keycloak_to_fix(cards: &super::analysis::Cards) -> usize {
    cards
        .keycloak_side
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .count()
}

/// What a save leaves standing, as [`counts`] counts it: said with a save's outcome.
pub fn still_to_fix(model: Model) -> StillToFix {
    model.findings.with(|a| StillToFix {
        form_warnings: a.cards.warnings.len(),
        keycloak_side: keycloak_to_fix(&a.cards),
        live_check: model.live_found.with(Vec::len),
    })
}

/// The counts at a glance: the form's errors and warnings, and apart from them what the
/// pasted export says must change in Keycloak and what the last live check found (neither
/// blocks Save; each is listed in its own section). Cards, as the lists show them.
pub fn counts(model: Model) -> String {
    let still = still_to_fix(model);
    let others = [
        (still.keycloak_side, "Keycloak side"),
        (still.live_check, "Live check"),
    ];
    let elsewhere = others.iter().any(|(n, _)| *n > 0);
    model.findings.with(|a| {
        // "No errors or warnings" beside "Keycloak side: 5 to fix" would read as all clear.
        let mut line = match (a.cards.errors.len(), still.form_warnings) {
            _ if model.nothing_to_check() => "Not loaded: nothing to check yet".to_owned(),
            (0, 0) if elsewhere => "No errors or warnings in the form".to_owned(),
            (0, 0) => "No errors or warnings".to_owned(),
            (e, w) => format!("{e} error{} · {w} warning{}", plural(e), plural(w)),
        };
        for (n, name) in others {
            if n > 0 {
                line += &format!(" · {name}: {n} to fix");
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
            .findings
            .with(|a| a.cards.by_severity(severity).to_vec())
    });
    view! {
        <Show when=move || !model.nothing_to_check() && items.with(|i| !i.is_empty())>
            <h3 class="wkc-group-title">{title}</h3>
            <ul class=format!("wkc-diags wkc-diags-{}", severity.as_str())>
                {move || items.get().into_iter().map(|d| view! { <DiagnosticCard model diagnostic=d place="findings" go_to_field=true/> }).collect_view()}
            </ul>
        </Show>
    }
}
