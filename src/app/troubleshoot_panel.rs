//! "I have an error message": the first way in, at the top of the page. Paste what users saw;
//! the cause and the fix appear right under it, pointing at this configuration's values.

use leptos::prelude::*;

use super::model::Model;
use wkc_core::troubleshoot::troubleshoot;

#[component]
pub fn TroubleshootPanel(model: Model) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let id = model.ids.id("troubleshoot-text");
    let results = Memo::new(move |_| {
        text.with(|t| {
            if t.trim().is_empty() {
                None
            } else {
                Some(model.settings.with(|s| {
                    model
                        .context
                        .with(|c| model.analysis.with(|a| troubleshoot(t, s, c, &a.derived)))
                }))
            }
        })
    });
    view! {
        <div class="wkc-troubleshoot" data-section="troubleshoot">
            <label class="wkc-label" for=id.clone()>"Seeing an error? Paste it here"</label>
            <textarea class="wkc-input wkc-textarea" id=id name="troubleshoot-text" rows="1"
                spellcheck="false"
                placeholder="Failed to obtain access token"
                prop:value=text
                on:focus=super::inputs::reveal
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <div aria-live="polite">
                {move || match results.get() {
                    None => ().into_any(),
                    Some(list) if list.is_empty() => view! {
                        <p class="wkc-hint" data-troubleshoot="unknown">
                            "Not recognised. Wiki.js hides most server-side errors behind \"Failed to obtain access token\": "
                            "run the command under \"Test from the Wiki.js server\" to see the real one."
                        </p>
                    }.into_any(),
                    Some(list) => view! {
                        <ul class="wkc-diags">
                            {list.into_iter().map(|e| view! {
                                <li class="wkc-diag wkc-diag-info" data-pattern=e.pattern
                                    data-code=e.related.map(|c| c.as_str()).unwrap_or_default()>
                                    <p class="wkc-diag-message"><strong>{e.pattern}</strong>" · "{e.cause}</p>
                                    <p class="wkc-diag-fix">{e.fix}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </div>
        </div>
    }
}
