//! One finding as a card: what is wrong, the fix beside it, its buttons, and on demand why it
//! fails. The code stays in `data-code` and as small text at the end, for people who search
//! for it (a link to its entry where the page knows the published diagnostics). The findings
//! panel and the live check show findings alike, so the markup is written here once.

use leptos::prelude::*;

use super::super::fix_button::FixButton;
use super::super::model::Model;
use super::super::quoted_text::quoted_text;
use wkc_core::diagnostics::Target;
use wkc_core::Diagnostic;

/// A finding with its one-click fix. `go_to_field`: also a button that takes the admin to
/// the control that fixes it (the panel has it; the live check's findings are about Host and
/// Realm, right above them). `place` names where its fix reports what changed.
#[component]
pub fn DiagnosticCard(
    model: Model,
    diagnostic: Diagnostic,
    place: &'static str,
    #[prop(optional)] go_to_field: bool,
) -> impl IntoView {
    let severity = diagnostic.severity.as_str();
    let code = diagnostic.code.as_str();
    // Where focus goes when a fix changed nothing visible: the control Go to leads to.
    let field = match model
        .settings
        .with_untracked(|s| model.context.with_untracked(|c| diagnostic.go_to(s, c)))
    {
        Some(Target::Field(field)) => Some(field),
        _ => None,
    };
    let targets = if go_to_field {
        model
            .settings
            .with_untracked(|s| model.context.with_untracked(|c| diagnostic.go_to_all(s, c)))
    } else {
        Vec::new()
    };
    let has_actions = !targets.is_empty() || diagnostic.action.is_some();
    let headline = diagnostic.headline().to_owned();
    let why = diagnostic.explanation().map(str::to_owned);
    // Its name in a list of controls: which finding it explains, in words, not by code
    // (the headline as read: its `quoted` parts' backticks are marks, not words).
    let why_of = format!(" ({})", headline.replace('`', ""));
    let docs = model
        .docs_url
        .with_untracked(|docs| (!docs.is_empty()).then(|| format!("{docs}#{code}")));
    view! {
        <li class=format!("wkc-diag wkc-diag-{severity}") data-code=code>
            <p class="wkc-diag-message">{quoted_text(headline)}</p>
            <p class="wkc-diag-fix">{quoted_text(diagnostic.fix)}</p>
            {has_actions.then(|| view! {
                <div class="wkc-actions">
                    {diagnostic.action.map(|action| view! { <FixButton model action field place/> })}
                    {targets.into_iter().map(|target| view! { <GoTo model target/> }).collect_view()}
                </div>
            })}
            <div class="wkc-diag-foot">
                {why.map(|why| view! {
                    <details class="wkc-why">
                        <summary class="wkc-why-summary">"why?"<span class="wkc-visually-hidden">{why_of}</span></summary>
                        <p class="wkc-why-text">{quoted_text(why)}</p>
                    </details>
                })}
                // Without a docs URL an `<a>` without `href`: text, not a link.
                <a class="wkc-diag-code" target="_blank" rel="noopener noreferrer"
                    title=if docs.is_some() { "This finding in the diagnostics reference" } else { "This finding's code, to search for" }
                    href=docs>{code}</a>
            </div>
        </li>
    }
}

/// "Go to …": opens what hides the control (a collapsed section) and focuses it.
#[component]
pub fn GoTo(model: Model, target: Target) -> impl IntoView {
    let label = match target {
        // Quoted: Wiki.js's labels are often phrases ("Go to Allow self-registration").
        Target::Field(field) => format!("Go to \u{201c}{}\u{201d}", field.title()),
        Target::ProbeCommand => "Show the test command".to_owned(),
        Target::KeycloakVersion => "Set the Keycloak version".to_owned(),
        Target::IssuerPinned => "Go to the pinned-hostname box".to_owned(),
        Target::LiveCheck => "Go to the live check".to_owned(),
        Target::ConsoleStep(step) => {
            format!("Go to the Keycloak step \u{201c}{}\u{201d}", step.title())
        }
    };
    view! {
        <button type="button" class="wkc-button wkc-button-small wkc-button-quiet"
            data-action="focus-field"
            on:click=move |_| model.go_to(target)>
            {label}
        </button>
    }
}
