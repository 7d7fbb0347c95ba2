//! Everything the admin must set on the Keycloak side, with this configuration's values
//! filled in: the console steps, the client JSON to import, `kcadm.sh` commands, and the
//! command that tests the Wiki.js server's own connection.

use leptos::prelude::*;

use super::copy_button::{download, CopyButton};
use super::lazy_part::{LazyResult, LazyStatus};
use super::model::{Model, PROBE_COMMAND};
use super::quoted_text::quoted_text;
use super::section::{Deferred, Section};
use crate::parts::tools::{client_export, probe_commands, ClientExport};
use crate::parts::Facts;
use wkc_core::keycloak_client::{setup_steps, ConsoleStep};
use wkc_core::keycloak_export::{checklist, ItemState};
use wkc_core::Code;

#[component]
pub fn KeycloakSetup(model: Model) -> impl IntoView {
    let steps = Memo::new(move |_| {
        model.context.with(|c| {
            model
                .settings
                .with(|s| model.with_derived(|d| setup_steps(s, d, c)))
        })
    });
    // Once a readable export holds the client, each step is checked or failed by it; a
    // failed step says why beside its mark (the findings' headlines), not only further down.
    let states = Memo::new(move |_| {
        let (readable, silent) = model.with_keycloak_side(|k| {
            k.map_or((false, Vec::new()), |k| (k.readable, k.silent.clone()))
        });
        model.findings.with(|a| {
            let list = checklist(readable, &silent, &a.diagnostics);
            let why = |codes: Vec<Code>| -> Vec<String> {
                a.diagnostics
                    .iter()
                    .filter(|d| codes.contains(&d.code))
                    .map(|d| d.headline().to_owned())
                    .collect()
            };
            steps.with(|steps| {
                steps
                    .iter()
                    .map(|s| {
                        let list = list.as_ref()?;
                        Some(match list.state_of(s) {
                            Some(state) => Mark::Checked(state, why(list.failed_by(s))),
                            None => Mark::Unchecked(list.unchecked_because(s).unwrap_or_default()),
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let include_secret = RwSignal::new(false);
    let include_id = model.ids.id("include-secret");
    view! {
        <Section model id="keycloak-setup" title="In Keycloak: the client">
            <ol class="wkc-steps">
                {move || steps.get().into_iter().enumerate().map(|(i, step)| {
                    let several = step.values.len() > 1;
                    let title = step.title.clone();
                    let mark = move || states.with(|s| s.get(i).cloned().flatten());
                    let checked = move || match mark() {
                        Some(Mark::Checked(state, why)) => Some((state, why)),
                        _ => None,
                    };
                    view! {
                        <li class="wkc-step" data-step=i data-check=move || mark().map(|m| m.as_str())>
                            <span class="wkc-step-title">{step.title.clone()}</span>
                            {move || mark().map(|m| view! {
                                <span class=format!("wkc-check wkc-check-{}", m.as_str())>
                                    {match m {
                                        Mark::Checked(ItemState::Checked, _) => "✓ checked in the export".to_owned(),
                                        Mark::Checked(ItemState::Warned, _) => "⚠ works in the export, with a warning".to_owned(),
                                        Mark::Checked(ItemState::Failed, _) => "✗ failed in the export".to_owned(),
                                        Mark::Unchecked(because) => format!("– {because}"),
                                    }}
                                </span>
                            })}
                            <details class="wkc-why">
                                <summary class="wkc-why-summary">"where?"<span class="wkc-visually-hidden">{format!(" ({})", step.title)}</span></summary>
                                // Where a pasted error's "Go to" leads when the fix is this step:
                                // focusing it opens the "where?" around it.
                                <p class="wkc-why-text" id=model.ids.id(step.step.id()) tabindex="-1">{step.hint.clone()}</p>
                            </details>
                            {move || checked().filter(|(_, why)| !why.is_empty()).map(|(_, why)| view! {
                                <ul class="wkc-step-why">
                                    {why.into_iter().map(|line| view! { <li>{quoted_text(line)}</li> }).collect_view()}
                                </ul>
                            })}
                            {(!step.note.is_empty()).then(|| view! { <p class="wkc-step-note" data-step-note>{step.note.clone()}</p> })}
                            // One row each: Keycloak's URI lists take one entry per row.
                            {step.values.into_iter().map(|value| {
                                // Named by what is copied: the first step's value is the Client ID.
                                let what = match step.step {
                                    ConsoleStep::CreateClient => "Client ID".to_owned(),
                                    _ if several => format!("{title}: {value}"),
                                    _ => title.clone(),
                                };
                                view! {
                                    <span class="wkc-step-value"><code class="wkc-code">{value.clone()}</code>
                                    <CopyButton value=Signal::derive(move || value.clone()) what/></span>
                                }
                            }).collect_view()}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <details class="wkc-details" data-setup-exports>
            <summary class="wkc-summary">"Import, kcadm.sh and a test from the Wiki.js server"</summary>
            <Deferred model>
                <div class="wkc-checkbox-row">
                    <input class="wkc-checkbox" type="checkbox" id=include_id.clone() name="include-secret"
                        prop:checked=include_secret on:change=move |ev| include_secret.set(event_target_checked(&ev))/>
                    <label class="wkc-label" for=include_id.clone()>"Include the client secret in the export and commands"</label>
                </div>
                <Export model include_secret kind=ClientExport::Json/>
                <Export model include_secret kind=ClientExport::Kcadm/>
                <ProbeCommand model/>
            </Deferred>
            </details>
        </Section>
    }
}

/// A console step's mark once a readable export holds the client: its state with the
/// findings' headlines that failed or warned it, or why the export does not tell.
#[derive(Clone, PartialEq)]
enum Mark {
    Checked(ItemState, Vec<String>),
    Unchecked(&'static str),
}

impl Mark {
    /// `data-check` and the mark's class.
    fn as_str(&self) -> &'static str {
        match self {
            Mark::Checked(state, _) => state.as_str(),
            Mark::Unchecked(_) => "unchecked",
        }
    }
}

/// A collapsible export, computed only while open (it is not needed on every keystroke).
#[component]
fn Export(model: Model, include_secret: RwSignal<bool>, kind: ClientExport) -> impl IntoView {
    let open = RwSignal::new(false);
    // From the `tools` part, loaded when the export is first opened.
    let export = LazyResult::new(
        move || {
            open.get().then(|| {
                let facts = model.context.with(Facts::of);
                (model.settings.get(), include_secret.get(), facts)
            })
        },
        move |(s, with_secret, facts)| async move { client_export(kind, &s, with_secret, facts).await },
    );
    let text = Signal::derive(move || export.value().unwrap_or_default());
    let (summary, what) = match kind {
        ClientExport::Json => ("Client JSON for Clients › Import client", "client JSON"),
        ClientExport::Kcadm => ("The same with kcadm.sh", "kcadm.sh commands"),
    };
    view! {
        <details class="wkc-details" data-export=what on:toggle=move |ev| {
            use wasm_bindgen::JsCast;
            if let Some(d) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                open.set(d.open());
            }
        }>
            <summary class="wkc-summary">{summary}</summary>
            <LazyStatus result=export/>
            <pre class="wkc-pre" tabindex="0" role="group" aria-label=what><code>{text}</code></pre>
            <div class="wkc-actions">
                <CopyButton value=text what=what/>
                {(kind == ClientExport::Json).then(|| view! {
                    <button type="button" class="wkc-button wkc-button-small" data-action="download-client-json"
                        disabled=move || text.with(String::is_empty)
                        on:click=move |_| {
                            let name = model.settings.with_untracked(|s| {
                                if s.client_id.trim().is_empty() { "wikijs".to_owned() } else { s.client_id.trim().to_owned() }
                            });
                            download(&format!("{name}-client.json"), &text.get_untracked(), "application/json");
                        }>
                        "Download"
                    </button>
                })}
            </div>
        </details>
    }
}

/// `backchannel-probe`: the command to run where Wiki.js runs.
#[component]
fn ProbeCommand(model: Model) -> impl IntoView {
    let open = RwSignal::new(false);
    // From the `tools` part, loaded when the probe is first opened.
    let commands = LazyResult::new(
        move || open.get().then(|| model.settings.get()),
        |s| async move { probe_commands(&s).await },
    );
    let plain = Signal::derive(move || commands.value().map(|c| c.0).unwrap_or_default());
    let docker = Signal::derive(move || commands.value().map(|c| c.1).unwrap_or_default());
    view! {
        <details class="wkc-details" data-export="backchannel-probe" on:toggle=move |ev| {
            use wasm_bindgen::JsCast;
            if let Some(d) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                open.set(d.open());
            }
        }>
            <summary class="wkc-summary">"Test from the Wiki.js server"</summary>
            <p class="wkc-hint">
                "The browser cannot see what the Wiki.js server reaches. Run one of these where Wiki.js runs: "
                "it requests the discovery document and the token URL with the server's own Node and prints the real error."
            </p>
            <LazyStatus result=commands/>
            // Copy above each command: a command runs to a screen's height, and "Go to"
            // shows the start of it.
            <div class="wkc-command-head">
                <p class="wkc-label">"Wiki.js in Docker (container name wikijs):"</p>
                <CopyButton value=docker what="docker command"/>
            </div>
            <pre class="wkc-pre" tabindex="0" role="group" aria-label="docker command" id=model.ids.id(PROBE_COMMAND)><code>{docker}</code></pre>
            <p class="wkc-hint">
                "Compose: docker compose exec <service> in place of docker exec wikijs. Kubernetes: kubectl exec deploy/<name> --."
            </p>
            <div class="wkc-command-head">
                <p class="wkc-label">"Wiki.js installed directly:"</p>
                <CopyButton value=plain what="command"/>
            </div>
            <pre class="wkc-pre" tabindex="0" role="group" aria-label="command"><code>{plain}</code></pre>
        </details>
    }
}
