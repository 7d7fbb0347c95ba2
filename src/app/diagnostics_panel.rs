//! Every finding about the form, grouped by severity: what will break for users, and the
//! fix. The pasted export's `kc-*` findings are listed in its own section, with the Keycloak
//! fixes (they never block Save, so they do not belong under "saving is blocked").

pub mod card;

use leptos::prelude::*;

use super::model::Model;
use super::section::Section;
pub use card::DiagnosticCard;
use wkc_core::Severity;

#[component]
pub fn DiagnosticsPanel(model: Model) -> impl IntoView {
    let count = move |severity: Severity| {
        model.analysis.with(|a| {
            a.diagnostics
                .iter()
                .filter(|d| d.severity == severity && !d.code.is_keycloak_side())
                .count()
        })
    };
    let summary = move || match (count(Severity::Error), count(Severity::Warning)) {
        (0, 0) => "No errors or warnings: this configuration looks right.".to_owned(),
        (e, w) => format!("{e} error{} and {w} warning{}.", plural(e), plural(w)),
    };
    view! {
        <Section model id="findings" title="Findings">
            <p class="wkc-summary-line" aria-live="polite" data-findings-summary>{summary}</p>
            <SeverityGroup model severity=Severity::Error title="Errors: saving is blocked"/>
            <SeverityGroup model severity=Severity::Warning title="Warnings: likely to fail for users"/>
            <SeverityGroup model severity=Severity::Info title="Steps outside this form"/>
        </Section>
    }
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
        model.analysis.with(|a| {
            a.diagnostics
                .iter()
                .filter(|d| d.severity == severity && !d.code.is_keycloak_side())
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || items.with(|i| !i.is_empty())>
            <h3 class="wkc-group-title">{title}</h3>
            <ul class=format!("wkc-diags wkc-diags-{}", severity.as_str())>
                {move || items.get().into_iter().map(|d| view! { <DiagnosticCard model diagnostic=d go_to_field=true/> }).collect_view()}
            </ul>
        </Show>
    }
}
