//! The findings about one field, shown right under it and tied to it by `aria-describedby`:
//! a few words each (`Code::field_note`), the full finding being in the list beside the form.

use leptos::prelude::*;

use super::fix_button::{FixButton, FixNote};
use super::model::Model;
use super::quoted_text::quoted_text;
use wkc_core::diagnostics::presentation::note_field;
use wkc_core::{Diagnostic, Field};

/// The findings shown under `field`, each code once (the token and userinfo URLs both on
/// `localhost` are one note under Host). A memo per field: what reads it (the list, the
/// input's `aria-invalid`) runs again only when this field's findings change, not on every
/// keystroke elsewhere. Keeping a code's first finding loses no severity: a code's findings
/// under a field share one (`Code::severity`; what the admin marked done is a note, and
/// notes are not said here).
pub fn field_findings(model: Model, field: Field) -> Memo<Vec<Diagnostic>> {
    Memo::new(move |_| {
        model.findings.with(|a| {
            let mut shown: Vec<Diagnostic> = Vec::new();
            for d in a
                .for_field(field)
                .filter(|d| model.shows_under_field(d, field))
            {
                if !shown.iter().any(|s| s.code == d.code) {
                    shown.push(d.clone());
                }
            }
            // The live check's findings to fix, while it matches the form: under their field
            // too, where the admin types (its section is far below on a phone). Placed as the
            // form's are; read only while there are some, so a keystroke pays nothing here.
            model.live_found.with(|live| {
                if live.is_empty() {
                    return;
                }
                model.settings.with_untracked(|s| {
                    // Those with words for a field (`Code::field_note`).
                    let here = live.iter().filter(|d| {
                        d.code.field_note().is_some() && note_field(d, s) == Some(field)
                    });
                    for d in here {
                        if !shown.iter().any(|s| s.code == d.code) {
                            shown.push(d.clone());
                        }
                    }
                });
            });
            shown
        })
    })
}

/// `<ul id="…-messages">`: always present (possibly empty) so `aria-describedby` resolves.
/// `findings`: the field's [`field_findings`] when its control reads them too.
#[component]
pub fn FieldMessages(
    model: Model,
    field: Field,
    #[prop(optional)] findings: Option<Memo<Vec<Diagnostic>>>,
) -> impl IntoView {
    let items = findings.unwrap_or_else(|| field_findings(model, field));
    view! {
        <ul class="wkc-field-messages" id=model.messages_id(field)>
            {move || items.get().into_iter().map(|d| message(model, field, d)).collect_view()}
        </ul>
        <FixNote model place=field.id()/>
    }
}

fn message(model: Model, field: Field, d: Diagnostic) -> impl IntoView {
    let severity = d.severity.as_str();
    view! {
        <li class=format!("wkc-field-message wkc-diag-{severity}") data-code=d.code.as_str()>
            <span class="wkc-visually-hidden">{format!("{severity}: ")}</span>
            {quoted_text(d.field_note().into_owned())}
            {d.action.map(|action| view! { <FixButton model action field=Some(field) place=field.id() under_field=true/> })}
        </li>
    }
}
