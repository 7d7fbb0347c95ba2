//! "I have an error message": the first way in, at the top of the page. Paste what users saw;
//! the cause and the fix appear right under it, pointing at this configuration's values, with
//! the "Go to" a finding about it has (the field to look at first, or the test command).

use leptos::prelude::*;

use super::diagnostics_panel::GoTo;
use super::lazy_part::{LazyResult, LazyStatus};
use super::model::{Model, SaveState};
use super::quoted_text::quoted_text;
use super::save_bar::nothing_to_send;
use crate::parts::tools::{troubleshoot, Explanation};
use crate::parts::Facts;
use wkc_core::diagnostics::Target;

#[component]
pub fn TroubleshootPanel(model: Model) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let id = model.ids.id("troubleshoot-text");
    // From the `tools` part, loaded when the box is first typed into.
    let explained = LazyResult::new(
        move || {
            let t = text.get();
            if t.trim().is_empty() {
                // Nothing pasted: nothing else read, so a keystroke in the form costs nothing here.
                return None;
            }
            // Loaded and not edited: Wiki.js holds this form, so no "save this form". Not the
            // demo's wiki (a pasted error is from a real one), nor a save Wiki.js stored
            // otherwise than sent.
            let stored_otherwise = |s: &SaveState| {
                matches!(
                    s,
                    SaveState::Saved {
                        verified: false,
                        ..
                    }
                )
            };
            let held = !model.demo.get()
                && model.baseline.with(Option::is_some)
                && nothing_to_send(model)
                && !model.save.with(stored_otherwise);
            Some((t, model.settings.get(), model.context.with(Facts::of), held))
        },
        |(t, s, facts, held)| async move { troubleshoot(&t, &s, facts, held).await },
    );
    let results = move || {
        (!text.with(|t| t.trim().is_empty()))
            .then(|| explained.value())
            .flatten()
    };
    view! {
        <div class="wkc-troubleshoot" data-section="troubleshoot">
            <label class="wkc-label" for=id.clone()>"Seeing an error? Paste it here"</label>
            <textarea class="wkc-input wkc-textarea" id=id name="troubleshoot-text" rows="1"
                spellcheck="false"
                placeholder="e.g. Failed to obtain access token"
                prop:value=text
                on:focus=super::inputs::reveal
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <LazyStatus result=explained/>
            // Said in a line as it changes: the cards below are read where they are, not
            // announced whole on each keystroke.
            <p class="wkc-visually-hidden" role="status">{move || announced(results())}</p>
            <div>
                {move || match results() {
                    None => ().into_any(),
                    Some(list) if list.is_empty() => view! {
                        <div data-troubleshoot="unknown">
                            <p class="wkc-hint">
                                "Not recognised. Look next at what each side says, and paste a line of it here. "
                                "Wiki.js hides the real error behind \"Failed to obtain access token\", even from its log: "
                                "the test command shows it. Keycloak's log (docker logs keycloak) has each refusal as a line "
                                "with type=…_ERROR and error=…, which names the cause."
                            </p>
                            <div class="wkc-actions"><GoTo model target=Target::ProbeCommand/></div>
                        </div>
                    }.into_any(),
                    Some(list) => view! {
                        <ul class="wkc-diags">
                            {list.into_iter().map(|e| view! {
                                <li class="wkc-diag wkc-diag-info" data-pattern=e.pattern.clone()
                                    data-code=e.code>
                                    <p class="wkc-diag-message"><strong>{e.pattern.clone()}</strong>" · "{quoted_text(e.cause)}</p>
                                    <p class="wkc-diag-fix">{quoted_text(e.fix)}</p>
                                    {e.go_to.map(|target| view! {
                                        <div class="wkc-actions"><GoTo model target/></div>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </div>
        </div>
    }
}

/// What the status line says of the pasted text: which known errors it names, or none.
fn announced(results: Option<Vec<Explanation>>) -> String {
    match results {
        None => String::new(),
        Some(list) if list.is_empty() => {
            "Not recognised: what to look at next is below.".to_owned()
        }
        Some(list) => {
            // Once each (one text can have two causes), without a second full stop.
            let mut names: Vec<&str> = list
                .iter()
                .map(|e| e.pattern.trim_end_matches('.'))
                .collect();
            names.dedup();
            format!(
                "Recognised: {}. The cause and fix are below.",
                names.join("; ")
            )
        }
    }
}
