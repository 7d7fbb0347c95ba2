//! Which Keycloak strategy the form edits: one of the wiki's, or a new one.

use leptos::prelude::*;

use super::controller;
use super::draft::{drafted_strategies, keep_now};
use super::model::Model;
use super::picker_keys::open_list_instead;
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
    // Where the edits of the strategy left behind went, until the picker is used again.
    let left_behind = RwSignal::new(None::<String>);
    view! {
        <Show when=move || model.loaded.with(Option::is_some)>
            <div class="wkc-field wkc-strategy-picker">
                <label class="wkc-label" for=id.clone()>"Strategy to configure"</label>
                <select class="wkc-select" id=id.clone() name="strategy"
                    on:keydown=open_list_instead
                    on:change=move |ev| {
                        let key = event_target_value(&ev);
                        let kept = model.is_dirty().then(|| leave_edits(model));
                        if kept == Some(None) {
                            // Kept: the picker goes back to the strategy the form still edits.
                            let current = current.get_untracked();
                            let shown = if choices.with_untracked(|l| holds(l, &current)) { current } else { NEW.to_owned() };
                            if let Some(select) = ev.target() {
                                let _ = js_sys::Reflect::set(&select, &"value".into(), &shown.into());
                            }
                            return;
                        }
                        let left = current.get_untracked();
                        left_behind.set(kept.flatten().filter(|kept| *kept).map(|_| {
                            let name = choices.with_untracked(|l| l.iter().find(|(k, _)| *k == left).map(|(_, label)| label.clone()));
                            let name = name.map_or_else(|| "the new strategy".to_owned(), |name| format!("“{name}”"));
                            format!("Your edits to {name} are kept in this browser: open it again here to restore them.")
                        }));
                        controller::choose_strategy(model, (key != NEW).then_some(key));
                    }>
                    {move || {
                        let current = current.get();
                        let list = choices.get();
                        let is_new = !holds(&list, &current);
                        // Read as the form opens another strategy, once the one left is
                        // kept, and when another tab keeps or drops one.
                        model.drafts_elsewhere.track();
                        let drafted = drafted_strategies(model);
                        let left_with_edits = |key: &str| key != current && drafted.iter().any(|d| d == key);
                        let marked = |label: String, with_edits: bool| if with_edits { format!("{label}, unsaved edits kept") } else { label };
                        let new_with_edits = !is_new && drafted.iter().any(|d| !holds(&list, d));
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
                                let label = marked(label, left_with_edits(&key));
                                view! { <option value=key selected=selected>{label}</option> }
                            }).collect_view()}
                            <option value=NEW selected=is_new>{marked(new_label, new_with_edits)}</option>
                        }
                    }}
                </select>
                <p class="wkc-hint" role="status" data-picker-note>{move || left_behind.get()}</p>
            </div>
        </Show>
    }
}

/// Whether the picker's `list` has the strategy `key`.
fn holds(list: &[(String, String)], key: &str) -> bool {
    list.iter().any(|(k, _)| k == key)
}

/// Whether the form may open another strategy over unsaved edits (`None`: it stays), and
/// whether they are kept in this browser as a draft, offered when this strategy is opened
/// again. At once where they are; after a question where something would be lost (storage
/// refused, or the typed secret, which a draft never holds).
fn leave_edits(model: Model) -> Option<bool> {
    let secret_typed = model.baseline.with_untracked(|b| {
        b.as_ref().is_some_and(|b| {
            model
                .settings
                .with_untracked(|s| s.client_secret != b.client_secret)
        })
    });
    let kept = keep_now(model);
    let question = match (kept, secret_typed) {
        (true, false) => return Some(true),
        (true, true) => "Open another strategy? Your edits to this one stay in this browser as a draft, but not the client secret you typed.",
        (false, _) => "Discard the unsaved changes to this strategy?",
    };
    window()
        .confirm_with_message(question)
        .unwrap_or(false)
        .then_some(kept)
}
