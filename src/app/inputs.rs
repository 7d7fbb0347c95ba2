//! Labelled form controls bound to one value inside the settings signal. Each has the
//! Wiki.js title as its label, the field's stable id as its `name`, and its findings below it.

use leptos::prelude::*;

use super::field_messages::{field_findings, FieldMessages};
use super::model::Model;
use wkc_core::settings::too_long;
use wkc_core::{Field, Settings};

/// What kind of value a text input holds (decides type, keyboard and autofill).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// A URL: a text input with the URL keyboard (the core validates, not the browser).
    Url,
    Text,
    /// Masked (with a reveal toggle), never autofilled or spell-checked.
    Secret,
}

/// `<label for>` + `<input>` + findings; `get` reads the value, `set` writes it back.
#[component]
pub fn TextField(
    model: Model,
    field: Field,
    kind: InputKind,
    get: fn(&Settings) -> &str,
    set: fn(&mut Settings, String),
    /// One short sentence under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Said after the hint while the field is read-only (why, and where it is changed;
    /// `style/main.css` hides it otherwise).
    #[prop(optional)]
    readonly_hint: Option<&'static str>,
    /// Where the value is changed, linked after the read-only clause (opened in a new tab,
    /// so this page keeps what was typed): `None` where no such page can be named.
    #[prop(optional)]
    readonly_href: Option<fn(Model) -> Option<String>>,
    #[prop(optional)] placeholder: Option<&'static str>,
    /// Shown but not editable while this is true (values the backend owns).
    #[prop(optional, into)]
    readonly: Signal<bool>,
) -> impl IntoView {
    let settings = model.settings;
    let id = model.field_id(field);
    // A memo per field: typing in one input does not re-render the others.
    let value = Memo::new(move |_| settings.with(|s| get(s).to_owned()));
    let findings = field_findings(model, field);
    let refusal = Refusal::new();
    let revealed = RwSignal::new(false);
    let input_type = move || match kind {
        InputKind::Secret if !revealed.get() => "password",
        _ => "text",
    };
    let inputmode = if kind == InputKind::Url {
        "url"
    } else {
        "text"
    };
    let hint_id = model.ids.id(&format!("{}-hint", field.id()));
    let described_by = match hint {
        Some(_) => format!("{hint_id} {}", model.messages_id(field)),
        None => model.messages_id(field),
    };
    view! {
        <div class="wkc-field" data-field=field.id()>
            <label class="wkc-label" for=id.clone()>{field.title()}</label>
            {hint.map(|h| view! {
                <p class="wkc-hint" id=hint_id.clone()>
                    {h}
                    // Shown by the stylesheet only while the input is read-only: no code
                    // follows the state for it.
                    {readonly_hint.map(|r| view! {
                        <span class="wkc-when-readonly">
                            {format!(" {r}")}
                            {readonly_href.and_then(|href| href(model)).map(|href| view! {
                                " " <a href=href target="_blank" rel="noopener" data-readonly-link>"Open it in Wiki.js"</a>
                            })}
                        </span>
                    })}
                </p>
            })}
            <div class="wkc-input-row">
                <input
                    class="wkc-input"
                    id=id
                    name=field.id()
                    type=input_type
                    inputmode=inputmode
                    placeholder=placeholder.unwrap_or_default()
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    readonly=readonly
                    aria-describedby=described_by
                    aria-invalid=move || {
                        findings
                            .with(|shown| shown.iter().any(|d| d.severity == wkc_core::Severity::Error))
                            .to_string()
                    }
                    prop:value=value
                    on:beforeinput=move |ev| value.with_untracked(|v| refusal.check(&ev, field, v))
                    on:input=move |ev| {
                        model.touch(field);
                        refusal.clear();
                        settings.update(|s| set(s, event_target_value(&ev)))
                    }
                    on:blur=move |_| model.touch(field)
                />
                {(kind == InputKind::Secret)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="wkc-button wkc-button-small"
                                // The name says the state ("Show…"/"Hide…"), so no aria-pressed:
                                // a pressed "Hide" would be read as two states at once.
                                data-action="reveal-secret"
                                on:click=move |_| revealed.update(|r| *r = !*r)
                            >
                                {move || if revealed.get() { "Hide" } else { "Show" }}
                                <span class="wkc-visually-hidden">" the client secret"</span>
                            </button>
                        }
                    })}
            </div>
            <RefusalNote refusal/>
            <FieldMessages model field findings/>
        </div>
    }
}

/// An insertion refused for its length (see [`Field::max_len`]): why, until the next edit.
#[derive(Clone, Copy)]
pub struct Refusal(RwSignal<Option<String>>);

impl Refusal {
    pub fn new() -> Self {
        Refusal(RwSignal::new(None))
    }

    /// `beforeinput`: refuse an insertion that would take the field past its limit, before
    /// the browser has to lay out (say) a pasted megabyte, and say why. `current` is the
    /// field's value; the selection, which the insertion replaces, is read from the control.
    pub fn check(self, ev: &web_sys::InputEvent, field: Field, current: &str) {
        use wasm_bindgen::JsCast;
        // Lengths in UTF-16 units, read on the JS side: a pasted megabyte is never copied
        // into the wasm just to be measured.
        let js_length = |value: wasm_bindgen::JsValue| {
            value
                .dyn_ref::<js_sys::JsString>()
                .map_or(0, |text| text.length() as usize)
        };
        let data = js_sys::Reflect::get(ev, &"data".into()).unwrap_or_default();
        let inserted = if data.is_string() {
            js_length(data)
        } else {
            ev.data_transfer()
                .and_then(|d| d.get_data("text/plain").ok())
                .map_or(0, |text| text.encode_utf16().count())
        };
        if inserted == 0 {
            return;
        }
        let length = current.encode_utf16().count();
        let target = ev.target();
        let selection = if let Some(input) = target
            .as_ref()
            .and_then(|t| t.dyn_ref::<web_sys::HtmlInputElement>())
        {
            (
                input.selection_start().ok().flatten(),
                input.selection_end().ok().flatten(),
            )
        } else if let Some(area) = target
            .as_ref()
            .and_then(|t| t.dyn_ref::<web_sys::HtmlTextAreaElement>())
        {
            (
                area.selection_start().ok().flatten(),
                area.selection_end().ok().flatten(),
            )
        } else {
            (None, None)
        };
        let selected = match selection {
            (Some(start), Some(end)) => end.saturating_sub(start) as usize,
            _ => 0,
        };
        match too_long(field, length.saturating_sub(selected) + inserted) {
            Some(why) => {
                ev.prevent_default();
                self.0.set(Some(why));
            }
            None => self.clear(),
        }
    }

    pub fn clear(self) {
        if self.0.with_untracked(Option::is_some) {
            self.0.set(None);
        }
    }
}

/// Where a [`Refusal`] is said, as an alert so screen readers hear it at once.
#[component]
pub fn RefusalNote(refusal: Refusal) -> impl IntoView {
    view! {
        <Show when=move || refusal.0.with(Option::is_some)>
            <p class="wkc-field-refused" role="alert" data-refused>{move || refusal.0.get()}</p>
        </Show>
    }
}

/// A labelled checkbox bound to one flag.
#[component]
pub fn CheckboxField(
    model: Model,
    field: Field,
    get: fn(&Settings) -> bool,
    set: fn(&mut Settings, bool),
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let settings = model.settings;
    let id = model.field_id(field);
    let checked = Memo::new(move |_| settings.with(get));
    let hint_id = model.ids.id(&format!("{}-hint", field.id()));
    let described_by = match hint {
        Some(_) => format!("{hint_id} {}", model.messages_id(field)),
        None => model.messages_id(field),
    };
    view! {
        <div class="wkc-field wkc-field-checkbox" data-field=field.id()>
            <div class="wkc-checkbox-row">
                <input
                    class="wkc-checkbox"
                    type="checkbox"
                    id=id.clone()
                    name=field.id()
                    aria-describedby=described_by
                    prop:checked=checked
                    on:change=move |ev| {
                        model.touch(field);
                        settings.update(|s| set(s, event_target_checked(&ev)))
                    }
                />
                <label class="wkc-label" for=id>{field.title()}</label>
            </div>
            {hint.map(|h| view! { <p class="wkc-hint" id=hint_id.clone()>{h}</p> })}
            <FieldMessages model field/>
        </div>
    }
}

/// Focus handler for a `<textarea>`: Chromium scrolls a focused textarea only until its caret
/// shows, which can leave the box under the sticky save bar (WCAG 2.4.11). Scroll the whole
/// box into view, with the room below it that `style/main.css` gives (`scroll-margin-bottom`).
pub fn reveal(ev: leptos::ev::FocusEvent) {
    use wasm_bindgen::JsCast;
    if let Some(element) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}
