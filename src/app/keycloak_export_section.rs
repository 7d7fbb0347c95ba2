//! "Keycloak client export (JSON)": the admin pastes or drops what Keycloak exports, and the
//! page shows the core's `kc-*` findings with their fixes, the `kcadm.sh` commands and the
//! corrected client JSON. The `tools` part parses the export once when it changes and
//! checks it (`crate::parts::keycloak_side`); the text is kept nowhere else: not in drafts,
//! the URL or events; it is gone when the page closes.

use leptos::prelude::*;

use super::copy_button::{download, CopyButton};
use super::diagnostics_panel::DiagnosticCard;
use super::fix_button::{change_and_report, FixNote};
use super::lazy_part::{LazyResult, LazyStatus};
use super::model::Model;
use super::section::{opens_once, Deferred, Section};
use crate::parts::keycloak_side::{corrected_client_json, fix_commands};
use crate::parts::Facts;
use wkc_core::keycloak_export::{MAX_EXPORT_BYTES, WHERE_TO_EXPORT};
use wkc_core::Field;

#[component]
pub fn KeycloakExportSection(model: Model) -> impl IntoView {
    let textarea_id = model.field_id(Field::KeycloakExport);
    let hint_id = model.ids.id("keycloak-export-hint");
    let file_id = model.ids.id("keycloak-export-file");
    let findings = Memo::new(move |_| model.findings.with(|f| f.cards.keycloak_side.clone()));
    let pasted = move || model.keycloak_paste.with(Option::is_some);
    // Opens once an export is there (pasted, dropped, restored by a scenario): the admin who
    // cleared it may paste the next one.
    let pasted_once = opens_once(pasted);
    // The button goes with the export: focus stays in the section, on the emptied box.
    let clear = move |_| {
        model.paste_keycloak_export(String::new());
        model.focus(Field::KeycloakExport);
    };
    view! {
        <Section model id="keycloak-export" title="Check the client in Keycloak">
            <details class="wkc-details" prop:open=pasted_once>
            <summary class="wkc-summary">"Paste the client's export to check it"</summary>
            <Deferred model open=pasted_once>
                <label class="wkc-label" for=textarea_id.clone()>"Keycloak client export (JSON)"</label>
                <p class="wkc-hint" id=hint_id.clone()>"Paste, drop or load what Keycloak exports; it is checked here and kept nowhere (not in drafts, the address or events)."</p>
                <textarea class="wkc-input wkc-textarea wkc-export-input" id=textarea_id.clone() name="keycloak-export"
                    rows="6" spellcheck="false" autocomplete="off" aria-describedby=hint_id.clone()
                    data-keycloak-export
                    prop:value=move || model.keycloak_export_text.get()
                    on:input=move |ev| model.paste_keycloak_export(event_target_value(&ev))
                    on:dragover=|ev: web_sys::DragEvent| ev.prevent_default()
                    on:drop=move |ev: web_sys::DragEvent| {
                        ev.prevent_default();
                        drop_file(model, ev);
                    }></textarea>
                <p class="wkc-file-row">
                    <label for=file_id.clone()>"Or load the exported file:"</label>
                    <input type="file" class="wkc-file" id=file_id.clone() accept=".json,application/json"
                        data-action="choose-export" on:change=move |ev| choose_file(model, ev)/>
                </p>
                // Where to find it, after the box: the box is on screen as "Check the client"
                // opens it, even on a phone; gone once an export is in.
                <Show when=pasted fallback=|| view! {
                    <div class="wkc-hint">
                        <p>"Where Keycloak exports it:"</p>
                        <ul class="wkc-export-sources">
                            {WHERE_TO_EXPORT.iter().map(|(what, new, old)| view! {
                                <li>{if old.is_empty() { format!("{what}: {new}.") } else { format!("{what}: {new} (old console: {old}).") }}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                }>
                    <div class="wkc-actions">
                        <button type="button" class="wkc-button wkc-button-small wkc-button-quiet"
                            data-action="clear-export" on:click=clear>"Clear the export"</button>
                    </div>
                </Show>
            </Deferred>
            </details>
            <LazyStatus result=model.keycloak_side/>
            <ClientPicker model/>
            <FixNote model place="keycloak-export"/>
            <Show when=move || findings.with(|f| !f.is_empty())>
                // Hidden over an export that could not be read (style/main.css), which is fixed
                // by pasting again.
                // Where "Go to the export check" beside a save's outcome leads: the findings,
                // not the paste box above them.
                <p class="wkc-hint" data-export-hint id=model.ids.id("keycloak-export-findings") tabindex="-1">"These are fixed in Keycloak and never block Save."</p>
                <ul class="wkc-diags" data-export-findings>
                    {move || findings.get().into_iter().map(|d| view! { <DiagnosticCard model diagnostic=d place="keycloak-export" go_to_field=true/> }).collect_view()}
                </ul>
            </Show>
            <ExportFixes model/>
        </Section>
    }
}

/// Read a dropped file into the box.
fn drop_file(model: Model, ev: web_sys::DragEvent) {
    if let Some(file) = ev
        .data_transfer()
        .and_then(|d| d.files())
        .and_then(|f| f.get(0))
    {
        read_file(model, file);
    }
}

/// Read the file chosen with "Choose file" into the box: Keycloak's Export downloads one,
/// and on a phone there is nothing to drop it on.
fn choose_file(model: Model, ev: leptos::ev::Event) {
    use wasm_bindgen::JsCast;
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    if let Some(file) = input.files().and_then(|f| f.get(0)) {
        read_file(model, file);
    }
    // Chosen again after an edit, the same file is read again.
    input.set_value("");
}

/// Read a file into the box, refused by its size first, without reading it.
fn read_file(model: Model, file: web_sys::File) {
    if file.size() > MAX_EXPORT_BYTES as f64 {
        model.refuse_keycloak_export(file.size() as u64);
        return;
    }
    leptos::task::spawn_local(async move {
        if let Ok(text) = file.text().await {
            model.paste_keycloak_export(text.as_string().unwrap_or_default());
        }
    });
}

/// With Client ID empty: one button per client of the export (Keycloak's own left out). A
/// client of a realm other than Realm's says so and sets Realm too: the checks look for the
/// client in the realm the form names.
#[component]
fn ClientPicker(model: Model) -> impl IntoView {
    let choices = Memo::new(move |_| {
        if model.settings.with(|s| !s.client_id.is_empty()) {
            return Vec::new();
        }
        model.with_keycloak_side(|k| k.map(|k| k.candidates.clone()).unwrap_or_default())
    });
    view! {
        <Show when=move || choices.with(|c| !c.is_empty())>
            <p class="wkc-label">"Client ID is empty. Use a client of the export:"</p>
            <div class="wkc-actions" data-client-picker>
                {move || {
                let form_realm = model.settings.with(|s| s.realm.clone());
                choices.get().into_iter().map(|c| {
                    let realm = c.realm.filter(|r| *r != form_realm);
                    let label = match &realm {
                        Some(r) => format!("Use {} (realm {r})", c.client_id),
                        None => format!("Use {}", c.client_id),
                    };
                    // As a finding's fix: said beside the export, the field flashed and focused
                    // (the picker goes once Client ID is set).
                    let pick = move |_| change_and_report(model, |s| {
                        s.client_id.clone_from(&c.client_id);
                        if let Some(r) = &realm {
                            s.realm.clone_from(r);
                        }
                    }, None, "keycloak-export");
                    view! {
                        <button type="button" class="wkc-button wkc-button-small" data-action="use-client"
                            on:click=pick>
                            {label}
                        </button>
                    }
                }).collect_view()
                }}
            </div>
        </Show>
    }
}

/// The kcadm.sh commands for the existing client and the corrected JSON for a new one,
/// computed only while open.
#[component]
fn ExportFixes(model: Model) -> impl IntoView {
    let include_secret = RwSignal::new(false);
    let open_kcadm = RwSignal::new(false);
    let open_json = RwSignal::new(false);
    // From the `tools` part, which holds the export: computed only while open.
    let asked = move |open: RwSignal<bool>| {
        let paste = model.keycloak_paste.get().filter(|_| open.get())?;
        Some((paste, model.settings.get(), model.context.with(Facts::of)))
    };
    let kcadm = LazyResult::new(
        move || asked(open_kcadm),
        |(paste, s, facts)| async move { fix_commands(&paste, &s, facts).await },
    );
    let json = LazyResult::new(
        move || asked(open_json).map(|a| (a, include_secret.get())),
        |((paste, s, facts), with_secret)| async move {
            corrected_client_json(&paste, &s, facts, with_secret).await
        },
    );
    let kcadm_text = Signal::derive(move || kcadm.value().unwrap_or_default());
    let json_text = Signal::derive(move || json.value().unwrap_or_default());
    let matched = move || {
        model.with_keycloak_side(|k| {
            k.is_some_and(|k| {
                !k.findings.iter().any(|d| {
                    matches!(
                        d.code,
                        wkc_core::Code::KcClientIdMismatch | wkc_core::Code::KcExportUnreadable
                    )
                })
            })
        })
    };
    let toggle = |signal: RwSignal<bool>| {
        move |ev: leptos::ev::Event| {
            use wasm_bindgen::JsCast;
            if let Some(d) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
            {
                signal.set(d.open());
            }
        }
    };
    view! {
        <Show when=matched>
            <details class="wkc-details" data-export="kcadm fix commands" on:toggle=toggle(open_kcadm)>
                <summary class="wkc-summary">"Fix the existing client with kcadm.sh"</summary>
                <LazyStatus result=kcadm/>
                <pre class="wkc-pre" tabindex="0" role="group" aria-label="kcadm.sh fix commands"><code>{kcadm_text}</code></pre>
                <CopyButton value=kcadm_text what="kcadm.sh fix commands"/>
            </details>
            <details class="wkc-details" data-export="corrected client JSON" on:toggle=toggle(open_json)>
                <summary class="wkc-summary">"Corrected client JSON, for a client that does not exist yet (Clients › Import client)"</summary>
                <div class="wkc-checkbox-row">
                    <input class="wkc-checkbox" type="checkbox" id=model.ids.id("export-include-secret") name="export-include-secret"
                        prop:checked=include_secret on:change=move |ev| include_secret.set(event_target_checked(&ev))/>
                    <label class="wkc-label" for=model.ids.id("export-include-secret")>"Include the client secret typed here"</label>
                </div>
                <LazyStatus result=json/>
                <pre class="wkc-pre" tabindex="0" role="group" aria-label="corrected client JSON"><code>{json_text}</code></pre>
                <div class="wkc-actions">
                    <CopyButton value=json_text what="corrected client JSON"/>
                    <button type="button" class="wkc-button wkc-button-small" data-action="download-corrected-json"
                        disabled=move || json_text.with(String::is_empty)
                        on:click=move |_| {
                            let name = model.settings.with_untracked(|s| s.client_id.trim().to_owned());
                            let name = if name.is_empty() { "wikijs".to_owned() } else { name };
                            download(&format!("{name}-client.json"), &json_text.get_untracked(), "application/json");
                        }>
                        "Download"
                    </button>
                </div>
            </details>
        </Show>
    }
}
