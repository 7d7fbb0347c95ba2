//! The Leptos shell: the admin page. One `Model` holds the form's `RwSignal<Settings>` and
//! the core's analysis of it, computed once per change (its findings also in a memo of their
//! own); every component renders part of it and edits only through the settings signal. All
//! meaning lives in [`wkc_core`].
//!
//! It compiles natively too (so native clippy and tests cover it); only the page's entry
//! point in `lib.rs` is wasm-only.

mod adopted_sheet;
mod analysis;
mod connection_section;
mod controller;
mod copy_button;
mod diagnostics_panel;
mod draft;
mod endpoints_section;
mod field_messages;
mod fix_button;
mod ids;
mod inputs;
mod keycloak_export_section;
mod keycloak_facts;
mod keycloak_setup;
mod lazy_part;
mod live_check;
mod logout_section;
mod model;
pub mod options;
mod pending_strategy;
mod picker_keys;
mod quoted_text;
mod registration_section;
mod save_bar;
mod scenario_panel;
mod seamless_login;
mod section;
mod state_panel;
mod strategy_picker;
mod troubleshoot_panel;
mod wiki_section;

use leptos::mount::{mount_to, UnmountHandle};
use leptos::prelude::*;
use leptos::tachys::view::Mountable;
use web_sys::HtmlElement;

use crate::backend::timer::Timer;
use crate::backend::Backend;
use wkc_core::preset::legacy_logout_redirect;
use wkc_core::{Context, Settings};

pub use analysis::Analysis;
use connection_section::ConnectionSection;
pub use diagnostics_panel::still_to_fix;
use endpoints_section::EndpointsSection;
use live_check::LiveCheck;
use logout_section::LogoutSection;
pub use model::Model;
// Public for the widget (src/widget), which turns them into DOM events.
pub use model::{LoadState, SaveState};
use options::{AppOptions, Mode};
use registration_section::RegistrationSection;
use save_bar::SaveBar;
use seamless_login::SeamlessLogin;
use section::Deferred;
use state_panel::{SkipToForm, StateLinks, StatePanel};
use strategy_picker::StrategyPicker;
use troubleshoot_panel::TroubleshootPanel;
use wiki_section::WikiSection;

/// The element `index.html` provides for the page.
pub const PAGE_ROOT_ID: &str = "wikijs-keycloak-root";

/// Mount the configurator into `parent`. Dropping the handle unmounts it and disposes its
/// reactive state; call `.forget()` to keep it for the page's lifetime.
pub fn mount_app(parent: HtmlElement, options: AppOptions) -> UnmountHandle<impl Mountable> {
    mount_to(parent, move || view! { <App options/> })
}

/// The whole admin page.
#[component]
pub fn App(options: AppOptions) -> impl IntoView {
    // The strategy asked for from the start: edits typed before the wiki answers (or while
    // it is down) are that strategy's draft.
    let initial = Settings {
        site_url: options.site_url.clone().unwrap_or_default(),
        strategy_key: options.strategy_key.clone().unwrap_or_default(),
        ..Settings::default()
    };
    let model = Model::new(initial, Context::default());
    if let Some(docs) = options.docs_url.clone() {
        model.docs_url.set(docs);
    }
    if let Some(observer) = &options.observer {
        observer.notify(model);
    }
    connect(model, options.clone());
    guard_unsaved_changes(model);
    draft::keep_drafts(model);
    keycloak_facts::keep_keycloak_facts(model);
    preset_legacy_logout(model);

    show_when_answered(model);
    let scenario = options.scenario;
    view! {
        <div class="wkc-app" node_ref=model.root data-theme=options.theme.attribute() data-load-state=move || match model.load.get() {
            LoadState::Loading => "loading",
            LoadState::Ready => "ready",
            LoadState::Failed(_) => "failed",
        }>
            {move || model.shown.get().then(|| page(model, scenario.clone()))}
        </div>
    }
}

/// How long the page waits for the wiki's first answer before it shows while loading.
const FIRST_VIEW_WAIT_MS: u32 = 250;

/// Build the page once the wiki has answered, so it is built once, already filled in,
/// instead of built empty and then changed field by field; a slow wiki gets the page after
/// [`FIRST_VIEW_WAIT_MS`], saying it is loading.
fn show_when_answered(model: Model) {
    after(FIRST_VIEW_WAIT_MS, move || model.show());
}

/// Run `then` once, `ms` from now (at once where there is no browser clock). The timer is
/// owned by the page: unmounted first, it is cleared with it.
fn after(ms: u32, then: impl Fn() + Clone + 'static) {
    match Timer::new(then.clone()) {
        Ok(timer) => {
            timer.arm(ms);
            StoredValue::new_local(timer);
        }
        Err(_) => then(),
    }
}

/// The page itself: header, the state and the form side by side, the save bar.
fn page(model: Model, scenario: Option<String>) -> AnyView {
    view! {
        <header class="wkc-header">
            <SkipToForm model/>
            <div class="wkc-header-line">
                <h1 class="wkc-title">"Wiki.js ↔ Keycloak"</h1>
                <TroubleshootPanel model/>
            </div>
            <LoadBanner model/>
            <draft::DraftBanner model/>
            <div class="wkc-picker-row">
                <StrategyPicker model/>
                <StateLinks model/>
            </div>
            <scenario_panel::ScenarioPanel model initial=scenario/>
        </header>
        // Two columns where there is room (style/main.css): the state (counts, findings,
        // what to set in Keycloak, the export check) and the form in the order the admin
        // types, Keycloak first. In one column the state comes first, collapsed.
        <div class="wkc-columns">
            <StatePanel model/>
            <form class="wkc-form" on:submit=|ev| ev.prevent_default()>
                <ConnectionSection model/>
                <WikiSection model/>
                // Below the first screen: built in the task after the page (`Deferred`).
                <Deferred model>
                    <EndpointsSection model/>
                    <LiveCheck model/>
                    <LogoutSection model/>
                    <RegistrationSection model/>
                    <SeamlessLogin model/>
                </Deferred>
            </form>
        </div>
        <SaveBar model/>
        <MarkInteractive model/>
    }
    // Type-erased: the closure that builds it once would otherwise carry code to rebuild
    // the whole page's view type.
    .into_any()
}

/// Marks the first screen shown (`wkc-shown`, whatever the load's state) and the page
/// interactive once it is built with the wiki's values (an effect's first run comes after
/// the view it belongs to is in the document). Then, in the next task, it takes a token out
/// of the page's address (`address`) and has the rest of the page's code loaded (`rest`);
/// once that is in (or could not be loaded), it sets what was left out of the first build
/// building (`Deferred`) and marks the page settled (`wkc-settled`): the loader prefetches
/// the `tools` part when the browser is next idle, after that build.
#[component]
fn MarkInteractive(model: Model) -> impl IntoView {
    Effect::new(move |_| {
        controller::mark_once("wkc-shown");
        if model.baseline.with_untracked(Option::is_some) {
            controller::mark_interactive();
        }
        after(0, move || {
            crate::address::tidy();
            leptos::task::spawn_local(async move {
                crate::rest::rest_in().await;
                let _ = model.settled.try_set(true);
                controller::mark_once("wkc-settled");
            });
        });
    });
}

/// Says the wiki is loading, or why it could not be loaded (with a retry); empty once loaded
/// (the demo says it saves nowhere once, in the save bar).
#[component]
fn LoadBanner(model: Model) -> impl IntoView {
    let failed = move || matches!(model.load.get(), LoadState::Failed(_));
    // tabindex -1: "Try loading again" hides itself while loading; focus waits here, where
    // the outcome is said.
    let banner_id = model.ids.id("load-banner");
    // After a retry the banner keeps saying the outcome: emptied, it would be hidden and take
    // the focus waiting on it along.
    let retried = RwSignal::new(false);
    let retry = move |_| {
        retried.set(true);
        model.focus_id(&model.ids.id("load-banner"));
        controller::load(model)
    };
    view! {
        <p class="wkc-banner" role="status" data-load-banner id=banner_id tabindex="-1">
            {move || match model.load.get() {
                // Filled in, the form only waits for the group reads: nothing to say (after
                // a retry the banner keeps its text: emptied, it would drop the focus).
                LoadState::Loading if model.baseline.with(Option::is_some) && !retried.get() => String::new(),
                LoadState::Loading => "Loading the wiki's authentication settings…".to_owned(),
                LoadState::Ready if retried.get() && model.demo.get() => "Loaded the demo wiki.".to_owned(),
                LoadState::Ready if retried.get() => "Loaded the wiki's authentication settings.".to_owned(),
                LoadState::Ready => String::new(),
                LoadState::Failed(message) => format!(
                    "Could not load the wiki's settings: {message} You can still fill in the form; saving needs the wiki."
                ),
            }}
        </p>
        <Show when=failed>
            <button type="button" class="wkc-button" data-action="retry-load" on:click=retry>
                "Try loading again"
            </button>
        </Show>
    }
}

/// Pick the backend the options ask for (probing the wiki in automatic mode), then load.
fn connect(model: Model, options: AppOptions) {
    let wiki = || Backend::wiki(options.endpoint.clone(), options.token.clone());
    match options.mode {
        Mode::Demo => start(model, options.demo_backend(), options),
        Mode::Wiki => start(model, wiki(), options),
        Mode::Auto => {
            let backend = wiki();
            leptos::task::spawn_local(async move {
                let chosen = if backend.probe().await.is_ok() {
                    backend
                } else {
                    options.demo_backend()
                };
                // Unmounted while the probe ran: nothing to start (and nothing would clean
                // up the backend registered for it).
                if model.settings.try_get_untracked().is_none() {
                    return;
                }
                start(model, chosen, options);
            });
        }
    }
}

fn start(model: Model, backend: Backend, options: AppOptions) {
    let demo = backend.is_demo();
    model.demo.set(demo);
    if !demo {
        let origin = window().location().origin().ok();
        model.context.update(|c| c.page_origin = origin);
    }
    // What this browser keeps per backend (drafts, the Keycloak facts, a new strategy's key,
    // the callback last shown), each per strategy within it; never keyed by the token, which
    // is not stored, nor by the page's `strategy` option (`wkc_core::storage_scope`).
    let scope = if demo {
        "demo".to_owned()
    } else {
        draft::move_kept_per_option(&options.endpoint);
        wkc_core::storage_scope::scope(&options.endpoint)
    };
    model.draft_scope.set(Some(scope));
    controller::attach(model, backend, options);
    controller::load(model);
}

/// "Legacy Logout Redirect" follows the layout for a new strategy until the admin sets it
/// (`core::preset::legacy_logout_redirect` decides).
fn preset_legacy_logout(model: Model) {
    // Only once the form holds the wiki's values (or the load failed): read before, the
    // analysis of the empty form would be computed for nothing while the load is answered.
    let layout = Memo::new(move |_| {
        let loaded = model.baseline.with(Option::is_some)
            || model.load.with(|l| matches!(l, LoadState::Failed(_)));
        loaded.then(|| model.with_derived(|d| d.layout)).flatten()
    });
    Effect::new(move |_| {
        let Some(layout) = layout.get() else { return };
        let set_by_admin = model
            .touched
            .with_untracked(|t| t.contains(&wkc_core::Field::LogoutLegacyRedirect));
        let current = model.settings.with_untracked(|s| s.logout_legacy_redirect);
        let version = model.context.with(|c| c.keycloak_version);
        let new_strategy = controller::is_new_strategy(model);
        if let Some(legacy) =
            legacy_logout_redirect(layout, version, new_strategy, set_by_admin, current)
        {
            model.settings.update(|s| s.logout_legacy_redirect = legacy);
        }
    });
}

/// Ask before leaving the page with unsaved edits.
fn guard_unsaved_changes(model: Model) {
    let handle = window_event_listener(leptos::ev::beforeunload, move |event| {
        if model.is_dirty() {
            event.prevent_default();
            event.set_return_value("unsaved");
        }
    });
    on_cleanup(move || handle.remove());
}
