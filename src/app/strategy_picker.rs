//! Which Keycloak strategy the form edits: one of the wiki's, or a new one.

use leptos::prelude::*;

use super::controller;
use super::draft::keep_now;
use super::model::Model;
use wkc_core::wikijs::{keycloak_strategies, picker_label, strategy_label};

/// The `<select>` value that stands for "a new strategy".
const NEW: &str = "";

#[component]
pub fn StrategyPicker(model: Model) -> impl IntoView {
    let choices = Memo::new(move |_| {
        model.loaded.with(|l| {
            l.as_ref()
                .map(|l| {
                    keycloak_strategies(&l.active)
                        .into_iter()
                        .map(|s| {
                            (
                                s.key.clone(),
                                picker_label(&s.display_name, &s.key, s.is_enabled),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let current = Memo::new(move |_| model.settings.with(|s| s.strategy_key.clone()));
    let id = model.ids.id("strategy");
    view! {
        <Show when=move || model.loaded.with(Option::is_some)>
            <div class="wkc-field wkc-strategy-picker">
                <label class="wkc-label" for=id.clone()>"Strategy to configure"</label>
                <select class="wkc-select" id=id.clone() name="strategy"
                    on:change=move |ev| {
                        let key = event_target_value(&ev);
                        if model.is_dirty() && !leave_edits(model) {
                            // Kept: the picker goes back to the strategy the form still edits.
                            let current = current.get_untracked();
                            let shown = if choices.with_untracked(|l| l.iter().any(|(k, _)| *k == current)) { current } else { NEW.to_owned() };
                            if let Some(select) = ev.target() {
                                let _ = js_sys::Reflect::set(&select, &"value".into(), &shown.into());
                            }
                            return;
                        }
                        controller::choose_strategy(model, (key != NEW).then_some(key));
                    }>
                    {move || {
                        let current = current.get();
                        let list = choices.get();
                        let is_new = !list.iter().any(|(k, _)| *k == current);
                        // A new strategy saved but not read back yet is not in the loaded
                        // list: say what it is.
                        let new_label = model.unconfirmed_post.with(|posted| {
                            posted.iter().flatten().find(|s| is_new && s.key == current).map_or_else(
                                || "A new Keycloak strategy".to_owned(),
                                |s| format!("{}, saved: not read back yet", strategy_label(&s.display_name, &current)),
                            )
                        });
                        view! {
                            {list.into_iter().map(|(key, label)| {
                                let selected = key == current;
                                view! { <option value=key selected=selected>{label}</option> }
                            }).collect_view()}
                            <option value=NEW selected=is_new>{new_label}</option>
                        }
                    }}
                </select>
            </div>
        </Show>
    }
}

/// Whether the form may open another strategy over unsaved edits: at once where they are
/// kept in this browser as a draft (offered when this strategy is opened again), after a
/// question where something would be lost (storage refused, or the typed secret, which a
/// draft never holds).
fn leave_edits(model: Model) -> bool {
    let secret_typed = model.baseline.with_untracked(|b| {
        b.as_ref().is_some_and(|b| {
            model
                .settings
                .with_untracked(|s| s.client_secret != b.client_secret)
        })
    });
    let question = match (keep_now(model), secret_typed) {
        (true, false) => return true,
        (true, true) => "Open another strategy? Your edits to this one stay in this browser as a draft, but not the client secret you typed.",
        (false, _) => "Discard the unsaved changes to this strategy?",
    };
    window().confirm_with_message(question).unwrap_or(false)
}
