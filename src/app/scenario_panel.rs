//! The demo's scenario picker: opens the configurator in the state of a story admins hit
//! (`core::scenarios`), with its fix one click away and the story (and the findings it must
//! show) behind "Why?". Shown only against the in-browser demo backend, which saves nowhere
//! (the save bar says so). Short on purpose: two lines, above the form the admin came for.

use leptos::prelude::*;

use super::fix_button::{change_and_report, FixNote};
use super::model::{LoadState, Model};
use super::picker_keys::open_list_instead;
use wkc_core::scenarios::{self, Scenario};
use wkc_core::Field;

/// Fields a scenario's preset fills in: they count as typed, so the page treats them as the
/// admin's own values (no automatic presets overwrite them).
const PRESET_FIELDS: [Field; 9] = [
    Field::SiteUrl,
    Field::Host,
    Field::InternalBaseUrl,
    Field::Realm,
    Field::ClientId,
    Field::ClientSecret,
    Field::Layout,
    Field::LogoutLegacyRedirect,
    Field::AutoEnrollGroups,
];

/// Put the scenario's values into the form (over what the demo loaded).
fn open(model: Model, scenario: &Scenario) {
    // What the last story's fix changed is not about this one.
    model.fix_report.set(None);
    for field in PRESET_FIELDS {
        model.touch(field);
    }
    model.settings.update(|s| *s = scenario.open(s));
    model.paste_keycloak_export(scenario.keycloak_export.unwrap_or_default().to_owned());
}

#[component]
pub fn ScenarioPanel(model: Model, initial: Option<String>) -> impl IntoView {
    let current = RwSignal::new(initial.as_deref().and_then(scenarios::find));
    // The form as the story (or its fix) left it: what another story would discard.
    let opened_as = StoredValue::new(model.settings.get_untracked());
    // Open the scenario asked for (`?scenario=` or the element's attribute) once the demo
    // backend has filled the form, so the loaded values do not overwrite it.
    let opened = StoredValue::new(false);
    Effect::new(move |_| {
        if opened.get_value() || model.load.get() != LoadState::Ready || !model.demo.get() {
            return;
        }
        opened.set_value(true);
        if let Some(scenario) = current.get_untracked() {
            open(model, &scenario);
        }
        opened_as.set_value(model.settings.get_untracked());
    });
    let picker_id = model.ids.id("scenario");
    let pick = move |id: String| {
        match scenarios::find(&id) {
            Some(scenario) => {
                open(model, &scenario);
                current.set(Some(scenario));
            }
            None => {
                if let Some(baseline) = model.baseline.get_untracked() {
                    model.settings.set(baseline);
                }
                model.paste_keycloak_export(String::new());
                current.set(None);
            }
        }
        opened_as.set_value(model.settings.get_untracked());
    };
    // Typed over the story (its own fix aside): another story would replace it, so ask first,
    // as the strategy picker does.
    let typed_over = move || {
        model
            .settings
            .with_untracked(|s| opened_as.with_value(|o| s != o))
    };
    view! {
        <Show when=move || model.demo.get()>
            <section class="wkc-section wkc-scenarios" data-scenarios>
                <div class="wkc-scenario-pick">
                    // The heading names the picker: one line instead of a title, a hint and a label.
                    <h2 class="wkc-section-title">
                        <label for=picker_id.clone()>"Demo: try a story admins hit"</label>
                    </h2>
                    <select class="wkc-select" id=picker_id.clone() name="scenario" data-scenario-picker
                        on:keydown=open_list_instead
                        on:change=move |ev| {
                            if typed_over() && !window().confirm_with_message("Discard your changes to this story?").unwrap_or(false) {
                                // Kept: the picker goes back to the story the form still shows.
                                let shown = current.with_untracked(|c| c.as_ref().map_or("", |c| c.id));
                                if let Some(select) = ev.target() {
                                    let _ = js_sys::Reflect::set(&select, &"value".into(), &shown.into());
                                }
                                return;
                            }
                            pick(event_target_value(&ev))
                        }>
                        <option value="" selected=move || current.with(Option::is_none)>"A fresh start (no scenario)"</option>
                        {scenarios::all().into_iter().map(|s| {
                            let id = s.id;
                            view! {
                                <option value=id selected=move || current.with(|c| c.as_ref().is_some_and(|c| c.id == id))>
                                    {s.title}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                {move || current.get().map(|scenario| view! { <ScenarioStory model scenario opened_as/> })}
            </section>
        </Show>
    }
}

#[component]
fn ScenarioStory(
    model: Model,
    scenario: Scenario,
    opened_as: StoredValue<wkc_core::Settings>,
) -> impl IntoView {
    let expected = scenario
        .shows
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let fix = scenario.fix.clone();
    view! {
        <div class="wkc-scenario" data-scenario=scenario.id>
            // The fix's own words are in the story: the findings beside the form name the same
            // values, and a screen says a thing once. What it changed shows under it.
            <button type="button" class="wkc-button wkc-button-primary" data-action="scenario-fix"
                on:click=move |_| {
                    change_and_report(model, |s| fix.apply(s), None, "scenario");
                    opened_as.set_value(model.settings.get_untracked());
                }>
                "Apply the story's fix"
            </button>
            <details class="wkc-details" data-scenario-story>
                <summary class="wkc-summary">"Why?"</summary>
                <p class="wkc-hint">{scenario.story}</p>
                <p class="wkc-hint">{format!("The fix: {}.", scenario.fix.label)}</p>
                <p class="wkc-hint">"Findings this shows: " <span class="wkc-code">{expected}</span></p>
            </details>
            <FixNote model place="scenario"/>
        </div>
    }
}
