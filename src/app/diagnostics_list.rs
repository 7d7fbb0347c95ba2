//! The core's findings, most severe first, each tagged with its stable code.

use leptos::prelude::*;

use super::analysis::Analysis;
use crate::core::Diagnostic;

#[component]
pub fn DiagnosticsList(analysis: Memo<Analysis>) -> impl IntoView {
    view! {
        <ul class="wkc-diags" aria-live="polite">
            {move || analysis.with(|a| a.diagnostics.iter().map(item).collect_view())}
        </ul>
        <Show when=move || analysis.with(|a| a.diagnostics.is_empty())>
            <p class="wkc-diags-empty">"No findings: this configuration looks right."</p>
        </Show>
    }
}

/// `<li data-code="…" class="wkc-diag wkc-diag-<severity>">`.
fn item(diagnostic: &Diagnostic) -> impl IntoView {
    let code = diagnostic.code.as_str();
    let severity = diagnostic.severity.as_str();
    view! {
        <li class=format!("wkc-diag wkc-diag-{severity}") data-code=code>
            <span class="wkc-diag-code">{format!("{severity} · {code}")}</span>
            <p class="wkc-diag-message">{diagnostic.message.clone()}</p>
            <p class="wkc-diag-fix">{diagnostic.fix.clone()}</p>
        </li>
    }
}
