//! The live check: ask the running Keycloak, from this browser, whether Host, Realm, the path
//! layout, the issuer and the endpoints are right. The core plans the probes and reads the
//! answers (`core::diagnostics::live`); `backend::live` fetches; this component decides only
//! when to run and shows the result.
//!
//! It runs on "Check Keycloak", and by itself once Host, Realm or anything else the check
//! compares has stopped changing for [`DEBOUNCE`] (unless the admin turned that off). It does
//! so only once the admin has typed into Host or Realm themselves, or asked for a check:
//! values loaded from the wiki or set by a demo scenario are not sent anywhere until then, nor
//! are documentation placeholders (`example.com`). Any edit aborts a check in flight; a result
//! is only shown by the check that is still the newest.
//! The layout Keycloak answered under feeds `Context::live_layout`; it is cleared when Host or
//! Realm change.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::fix_button::FixButton;
use super::model::Model;
use super::section::Section;
use crate::backend::live::{run, Cancel};
use wkc_core::diagnostics::live::{
    interpret_live, is_placeholder_host, live_plan, side_by_side, Discovery, LiveRow,
};
use wkc_core::settings::PerEndpoint;
use wkc_core::{Code, Diagnostic, Field, LayoutChoice, Settings};

/// How long Host and Realm must stay unchanged before the automatic check runs.
const DEBOUNCE: Duration = Duration::from_millis(800);

/// What the check depends on. When Host or Realm change the last result is about another
/// server or realm and goes; when the rest changes it is kept, marked as older than the form.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Inputs {
    host: String,
    realm: String,
    layout: LayoutChoice,
    internal_base_url: String,
    overrides: PerEndpoint<Option<String>>,
    logout_upstream: bool,
}

impl Inputs {
    fn of(s: &Settings) -> Inputs {
        Inputs {
            host: s.host.clone(),
            realm: s.realm.clone(),
            layout: s.layout,
            internal_base_url: s.internal_base_url.clone(),
            overrides: s.overrides.clone(),
            logout_upstream: s.logout_upstream,
        }
    }

    fn same_target(&self, other: &Inputs) -> bool {
        self.host == other.host && self.realm == other.realm
    }
}

/// Where the check stands (`data-live-state`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Status {
    Idle,
    /// Fetching; the first URL of the plan.
    Checking(String),
    Done,
}

impl Status {
    fn as_str(&self) -> &'static str {
        match self {
            Status::Idle => "idle",
            Status::Checking(_) => "checking",
            Status::Done => "done",
        }
    }
}

/// The last completed check.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Outcome {
    diagnostics: Vec<Diagnostic>,
    discovered: Option<Discovery>,
    /// The values it checked.
    inputs: Inputs,
    /// The first URL it fetched (none when it could not start).
    url: Option<String>,
}

/// The check's state: signals for what is shown, stored values for the running machinery.
#[derive(Clone, Copy)]
struct Checker {
    model: Model,
    status: RwSignal<Status>,
    outcome: RwSignal<Option<Outcome>>,
    auto: RwSignal<bool>,
    /// Completed checks so far (`data-live-run`): lets tests and screen readers see a new one.
    runs: RwSignal<u32>,
    /// Why the automatic check left the current values alone.
    skipped: RwSignal<Option<String>>,
    /// The admin typed into Host or Realm, asked for a check or turned the automatic one on:
    /// from now on changes are checked by themselves, typed or not (a one-click fix, say).
    armed: RwSignal<bool>,
    /// Bumped by every start and abort: only the newest check may show its result.
    generation: StoredValue<u64>,
    running: StoredValue<Option<Cancel>, LocalStorage>,
    /// The pending automatic check's timeout id.
    timer: StoredValue<Option<i32>>,
    /// The one JS function every debounce timeout calls, made on first use and freed with
    /// the component. (A new closure per keystroke stayed in wasm memory until the JS GC
    /// ran: `make bench` saw the wasm heap grow with typing.)
    on_timeout: StoredValue<Option<wasm_bindgen::closure::Closure<dyn FnMut()>>, LocalStorage>,
}

impl Checker {
    fn new(model: Model) -> Checker {
        Checker {
            model,
            status: RwSignal::new(Status::Idle),
            outcome: RwSignal::new(None),
            auto: RwSignal::new(true),
            runs: RwSignal::new(0),
            skipped: RwSignal::new(None),
            armed: RwSignal::new(false),
            generation: StoredValue::new(0),
            running: StoredValue::new_local(None),
            timer: StoredValue::new(None),
            on_timeout: StoredValue::new_local(None),
        }
    }

    fn clear_timer(self) {
        if let Some(Some(id)) = self.timer.try_update_value(Option::take) {
            window().clear_timeout_with_handle(id);
        }
    }

    /// Stop the pending and the running check; nothing they find is shown.
    fn abort(self) {
        self.clear_timer();
        self.generation.try_update_value(|g| *g += 1);
        if let Some(Some(cancel)) = self.running.try_update_value(Option::take) {
            cancel.cancel();
        }
        if matches!(self.status.get_untracked(), Status::Checking(_)) {
            self.status.set(Status::Idle);
        }
    }

    /// Run the automatic check once the values have been quiet for [`DEBOUNCE`].
    fn schedule(self) {
        self.clear_timer();
        if self.on_timeout.with_value(Option::is_none) {
            let run = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || self.start(false));
            self.on_timeout.set_value(Some(run));
        }
        let id = self.on_timeout.with_value(|run| {
            run.as_ref().and_then(|run| {
                use wasm_bindgen::JsCast;
                window()
                    .set_timeout_with_callback_and_timeout_and_arguments_0(
                        run.as_ref().unchecked_ref(),
                        DEBOUNCE.as_millis() as i32,
                    )
                    .ok()
            })
        });
        self.timer.set_value(id);
    }

    /// Check now. `manual`: the admin asked, so a value that cannot be checked is reported
    /// (the automatic check stays quiet: the findings panel already says what is missing).
    fn start(self, manual: bool) {
        self.abort();
        if manual {
            self.armed.set(true);
        }
        self.skipped.set(None);
        let generation = self.generation.get_value();
        let settings = self.model.settings.get_untracked();
        let derived = self.model.analysis.with_untracked(|a| a.derived.clone());
        let inputs = Inputs::of(&settings);
        // The page that fetches is this one, whatever backend the form talks to.
        let origin = window().location().origin().ok();
        let plan = match live_plan(&settings, &derived, origin.as_deref()) {
            Ok(plan) => plan,
            Err(refusal) => {
                let quiet = matches!(refusal.code, Code::Required | Code::HostInvalid);
                if quiet && !manual {
                    self.status.set(Status::Idle);
                } else {
                    self.finish(Outcome {
                        diagnostics: vec![refusal],
                        discovered: None,
                        inputs,
                        url: None,
                    });
                }
                return;
            }
        };
        if !manual && is_placeholder_host(&settings.host) {
            self.skipped.set(Some(format!(
                "Not checked by itself: {} is a documentation placeholder. Press Check Keycloak to try anyway.",
                settings.host.trim()
            )));
            self.status.set(Status::Idle);
            return;
        }
        let first = plan.probes.first().map(|p| p.url.clone());
        self.status
            .set(Status::Checking(first.clone().unwrap_or_default()));
        let cancel = Cancel::new();
        self.running.set_value(Some(cancel.clone()));
        spawn_local(async move {
            let outcomes = run(&plan, &cancel).await;
            if self.generation.try_get_value() != Some(generation) {
                return; // a newer edit or check came; it was aborted
            }
            let Ok(outcomes) = outcomes else {
                return;
            };
            self.running.try_set_value(None);
            let mut report = interpret_live(&plan, &outcomes, &derived);
            // The realm export pasted, if any: does its Frontend URL give this issuer?
            if let Some(discovered) = &report.discovered {
                let found = self.model.context.with_untracked(|c| {
                    wkc_core::keycloak_export::live::issuer_against_export(
                        discovered,
                        c,
                        &plan.realm,
                    )
                });
                report.diagnostics.extend(found);
            }
            if self.model.context.with_untracked(|c| c.live_layout) != report.found_layout {
                self.model
                    .context
                    .update(|c| c.live_layout = report.found_layout);
            }
            self.finish(Outcome {
                diagnostics: report.diagnostics,
                discovered: report.discovered,
                inputs,
                url: first,
            });
        });
    }

    fn finish(self, outcome: Outcome) {
        self.outcome.set(Some(outcome));
        self.status.set(Status::Done);
        self.runs.update(|n| *n += 1);
    }

    /// Whether a change is checked by itself. The admin's own typing is told from values set
    /// by other means (the load, a scenario, a fix button) by where the focus is: in this
    /// instance's Host or Realm input.
    fn armed(self) -> bool {
        if !self.armed.get_untracked() && self.typing_target() {
            self.armed.set(true);
        }
        self.armed.get_untracked()
    }

    fn typing_target(self) -> bool {
        let Some(mut focused) = document().active_element() else {
            return false;
        };
        // Into the widget's shadow root, if the page is one.
        while let Some(inner) = focused.shadow_root().and_then(|r| r.active_element()) {
            focused = inner;
        }
        let id = focused.id();
        id == self.model.field_id(Field::Host) || id == self.model.field_id(Field::Realm)
    }

    /// The form changed: abort what runs; forget a result about another server or realm.
    fn inputs_changed(self, before: &Inputs, now: &Inputs) {
        self.abort();
        self.skipped.set(None);
        if !before.same_target(now) {
            self.outcome.set(None);
            if matches!(self.status.get_untracked(), Status::Done) {
                self.status.set(Status::Idle);
            }
            if self
                .model
                .context
                .with_untracked(|c| c.live_layout.is_some())
            {
                self.model.context.update(|c| c.live_layout = None);
            }
        }
    }
}

#[component]
pub fn LiveCheck(model: Model) -> impl IntoView {
    let checker = Checker::new(model);
    let inputs = Memo::new(move |_| model.settings.with(Inputs::of));
    Effect::new(move |before: Option<Inputs>| {
        let now = inputs.get();
        if let Some(before) = &before {
            if *before == now {
                return now;
            }
            checker.inputs_changed(before, &now);
        }
        if checker.auto.get_untracked() && checker.armed() {
            checker.schedule();
        }
        now
    });
    on_cleanup(move || checker.abort());

    let stale = Memo::new(move |_| {
        checker
            .outcome
            .with(|o| o.as_ref().is_some_and(|o| inputs.with(|i| *i != o.inputs)))
    });
    let auto_id = model.ids.id("live-auto");
    let setup_link = format!("#{}", model.ids.id("keycloak-setup-title"));

    view! {
        <Section model id="live-check" title="Live check">
            <div
                class="wkc-live"
                data-live-state=move || checker.status.with(Status::as_str)
                data-live-run=move || checker.runs.get().to_string()
                data-live-stale=move || stale.get().to_string()
            >
                <p class="wkc-hint">
                    "Asks Keycloak itself, from this browser: plain GET requests for the realm's discovery "
                    "document (and, when that fails, the other path layout and the master realm), without "
                    "cookies or credentials. The client secret never leaves this page."
                </p>
                <div class="wkc-actions">
                    <button
                        type="button"
                        class="wkc-button wkc-button-primary"
                        data-action="live-check"
                        on:click=move |_| checker.start(true)
                    >
                        "Check Keycloak"
                    </button>
                </div>
                <div class="wkc-checkbox-row">
                    <input
                        class="wkc-checkbox"
                        type="checkbox"
                        id=auto_id.clone()
                        name="live-auto"
                        prop:checked=move || checker.auto.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            checker.auto.set(on);
                            if on {
                                checker.armed.set(true);
                                checker.schedule();
                            } else {
                                checker.clear_timer();
                            }
                        }
                    />
                    <label class="wkc-label" for=auto_id>
                        "Check by itself when Host or Realm stop changing"
                    </label>
                </div>
                <p class="wkc-summary-line" role="status" aria-live="polite" data-live-status>
                    {move || status_line(checker, stale.get())}
                </p>
                {move || checker.outcome.get().map(|outcome| view! { <Findings model outcome/> })}
                <Comparison model checker/>
                <p class="wkc-hint" data-live-limits>
                    "What a browser cannot know: a request that fails without an answer does not tell the page "
                    "why. The host name may not resolve (DNS), this browser may not trust Keycloak's certificate, "
                    "a firewall or proxy may block the request or strip Keycloak's CORS headers, or the realm may "
                    "not exist (Keycloak's 404 for an unknown realm carries no CORS header). The other layout and "
                    "the master realm are probed to narrow it down, and the finding says what remains possible."
                </p>
                <p class="wkc-hint" data-live-backchannel>
                    "Wiki.js calls the token and userinfo endpoints from its own server, which no browser can test "
                    "(that is also why a localhost token URL is flagged: backchannel-loopback). To test them, run "
                    "the backchannel-probe command where Wiki.js runs: "
                    <a href=setup_link on:click=follow_in_shadow_root>"Keycloak client setup › Test from the Wiki.js server"</a>
                    "."
                </p>
            </div>
        </Section>
    }
}

fn status_line(checker: Checker, stale: bool) -> String {
    match checker.status.get() {
        Status::Checking(url) => format!("Checking {url} …"),
        Status::Done => {
            let checked = checker.outcome.with(|o| match o {
                Some(Outcome { url: Some(url), .. }) => format!("Checked {url}."),
                Some(o) => format!("Did not check {}: see below.", o.inputs.host.trim()),
                None => String::new(),
            });
            if stale {
                format!("{checked} The form has changed since: check again to confirm.")
            } else {
                checked
            }
        }
        Status::Idle => checker.skipped.get().unwrap_or_else(|| {
            if checker.auto.get() {
                "Not checked yet: it runs by itself once you edit Host or Realm.".to_owned()
            } else {
                "Not checked yet.".to_owned()
            }
        }),
    }
}

/// The check's findings, each with its one-click fix.
#[component]
fn Findings(model: Model, outcome: Outcome) -> impl IntoView {
    view! {
        <ul class="wkc-diags" data-live-findings>
            {outcome
                .diagnostics
                .into_iter()
                .map(|d| {
                    let severity = d.severity.as_str();
                    let field = d.fields.first().copied();
                    view! {
                        <li class=format!("wkc-diag wkc-diag-{severity}") data-code=d.code.as_str()>
                            <p class="wkc-diag-message">
                                <span class="wkc-diag-code">{d.code.as_str()}</span>
                                " "
                                {d.message}
                            </p>
                            <p class="wkc-diag-fix">{d.fix}</p>
                            {d.action.map(|action| view! {
                                <div class="wkc-actions"><FixButton model action field/></div>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// Discovered issuer and endpoints next to this configuration's, against the form as it is
/// now: a one-click adoption turns its row equal at once.
#[component]
fn Comparison(model: Model, checker: Checker) -> impl IntoView {
    let rows = Memo::new(move |_| {
        checker.outcome.with(|o| {
            o.as_ref().and_then(|o| o.discovered.as_ref()).map(|found| {
                let compare_logout = model.settings.with(|s| s.logout_upstream);
                model
                    .analysis
                    .with(|a| side_by_side(found, &a.derived, compare_logout))
            })
        })
    });
    move || {
        rows.get().map(|rows| {
            view! {
                <div class="wkc-live-compare" data-live-compare>
                    <h3 class="wkc-group-title">"Keycloak's discovery document next to this configuration"</h3>
                    {rows.into_iter().map(|row| view! { <Row model checker row/> }).collect_view()}
                </div>
            }
        })
    }
}

#[component]
fn Row(model: Model, checker: Checker, row: LiveRow) -> impl IntoView {
    let differs = row.differs;
    // The finding whose one click settles this row, while it differs.
    let fix = differs
        .then(|| {
            checker.outcome.with_untracked(|o| {
                o.as_ref().and_then(|o| {
                    o.diagnostics
                        .iter()
                        .find(|d| match row.id {
                            "issuer" => d.code == Code::LiveIssuerMismatch,
                            id => {
                                d.code == Code::LiveEndpointDiffers
                                    && d.fields.first().is_some_and(|f| f.id() == id)
                            }
                        })
                        .and_then(|d| Some((d.action.clone()?, d.fields.first().copied())))
                })
            })
        })
        .flatten();
    let ours = if row.overridden {
        "This configuration (overridden)"
    } else {
        "This configuration (derived)"
    };
    let dash = || "—".to_owned();
    view! {
        <div
            class=if differs { "wkc-field wkc-diag wkc-diag-warning" } else { "wkc-field" }
            data-row=row.id
            data-differs=differs.to_string()
        >
            <p class="wkc-label">
                {row.label}
                {if differs {
                    view! { <span class="wkc-badge wkc-badge-warning">"differs"</span> }.into_any()
                } else if row.note.is_some() {
                    view! { <span class="wkc-badge">"not compared"</span> }.into_any()
                } else {
                    view! { <span class="wkc-badge wkc-badge-ok">"same"</span> }.into_any()
                }}
            </p>
            <div class="wkc-compare">
                <div>
                    <p class="wkc-hint">"Keycloak advertises"</p>
                    <code class="wkc-code" data-side="discovered">{row.discovered.unwrap_or_else(dash)}</code>
                </div>
                <div>
                    <p class="wkc-hint">{ours}</p>
                    <code class="wkc-code" data-side="configured">{row.configured.unwrap_or_else(dash)}</code>
                </div>
            </div>
            {row.note.map(|note| view! { <p class="wkc-hint">{note}</p> })}
            {fix.map(|(action, field)| view! { <div class="wkc-actions"><FixButton model action field/></div> })}
        </div>
    }
}

/// An in-page link inside the widget's shadow root: the browser would look for the id in
/// the host document (finding nothing) and rewrite the host page's URL hash. Go to the
/// target within the root instead and move focus there, as following the link would.
fn follow_in_shadow_root(ev: leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    let Some(link) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(root) = link.get_root_node().dyn_into::<web_sys::ShadowRoot>() else {
        return; // the admin page: the browser's own jump is right
    };
    ev.prevent_default();
    let id = link.get_attribute("href").unwrap_or_default();
    if let Some(target) = root.get_element_by_id(id.trim_start_matches('#')) {
        let _ = target.set_attribute("tabindex", "-1");
        target.scroll_into_view();
        if let Ok(target) = target.dyn_into::<web_sys::HtmlElement>() {
            let _ = target.focus();
        }
    }
}
