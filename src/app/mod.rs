//! The Leptos shell: one form, held in one `RwSignal<Settings>`, rendered from one
//! [`Analysis`] memo. All logic lives in [`crate::core`]; this module only wires inputs to
//! settings and the core's results to the DOM.
//!
//! It compiles natively too (so native clippy and tests cover it); only the page's entry
//! point in `lib.rs` is wasm-only.

mod analysis;
mod diagnostics_list;
mod ids;
mod text_field;
mod url_output;

use leptos::mount::{mount_to, UnmountHandle};
use leptos::prelude::*;
use leptos::tachys::view::Mountable;
use web_sys::HtmlElement;

use crate::core::secret::Secret;
use crate::core::{Endpoint, Field, Settings};

pub use analysis::Analysis;
use diagnostics_list::DiagnosticsList;
use ids::Ids;
use text_field::{InputKind, TextField};
use url_output::UrlOutput;

/// The element `index.html` provides for the page.
pub const PAGE_ROOT_ID: &str = "wikijs-keycloak-root";

/// Mount the configurator into `parent`. Dropping the handle unmounts it and disposes its
/// reactive state; call `.forget()` to keep it for the page's lifetime.
pub fn mount_app(parent: HtmlElement) -> UnmountHandle<impl Mountable> {
    mount_to(parent, || view! { <App/> })
}

/// What the form starts from.
fn initial_settings() -> Settings {
    Settings {
        // The key upgraded installs use. The full UI reads the real key from Wiki.js (new
        // strategies get a UUID); until then the callback URL shows this one.
        strategy_key: "keycloak".to_owned(),
        ..Settings::default()
    }
}

/// The whole page: connection fields, derived URLs, diagnostics.
#[component]
pub fn App() -> impl IntoView {
    let settings = RwSignal::new(initial_settings());
    let analysis = Memo::new(move |_| settings.with(Analysis::of));
    let ids = Ids::next();

    view! {
        <div class="wkc-app">
            <h1 class="wkc-title">"Wiki.js ↔ Keycloak"</h1>
            <p class="wkc-lead">
                "Type what Keycloak and Wiki.js show; every URL Wiki.js needs is derived below, "
                "with what would break for your users."
            </p>
            <form class="wkc-form wkc-section" on:submit=|ev| ev.prevent_default()>
                <h2 class="wkc-section-title">"Connection"</h2>
                <TextField ids settings field=Field::Host kind=InputKind::Url
                    get=|s| s.host.as_str() set=|s, v| s.host = v/>
                <TextField ids settings field=Field::Realm kind=InputKind::Text
                    get=|s| s.realm.as_str() set=|s, v| s.realm = v/>
                <TextField ids settings field=Field::ClientId kind=InputKind::Text
                    get=|s| s.client_id.as_str() set=|s, v| s.client_id = v/>
                <TextField ids settings field=Field::ClientSecret kind=InputKind::Secret
                    get=|s| s.client_secret.expose() set=|s, v| s.client_secret = Secret::new(v)/>
                <TextField ids settings field=Field::SiteUrl kind=InputKind::Url
                    get=|s| s.site_url.as_str() set=|s, v| s.site_url = v/>
            </form>
            <section class="wkc-section" aria-labelledby=ids.id("urls-title")>
                <h2 class="wkc-section-title" id=ids.id("urls-title")>"URLs for Wiki.js and Keycloak"</h2>
                {Endpoint::ALL
                    .into_iter()
                    .map(|endpoint| {
                        let field = endpoint.field();
                        view! {
                            <UrlOutput ids name=field.id() label=field.title()
                                placeholder="Needs a valid Host and a Realm"
                                value=Signal::derive(move || {
                                    analysis.with(|a| a.derived.endpoints.get(endpoint).value.clone())
                                })/>
                        }
                    })
                    .collect_view()}
                <UrlOutput ids name="callback-url" label="Callback URL (Valid Redirect URI in Keycloak)"
                    placeholder="Needs the Site URL"
                    value=Signal::derive(move || {
                        analysis.with(|a| a.derived.callback_url.clone().unwrap_or_default())
                    })/>
            </section>
            <section class="wkc-section" aria-labelledby=ids.id("diags-title")>
                <h2 class="wkc-section-title" id=ids.id("diags-title")>"Findings"</h2>
                <DiagnosticsList analysis/>
            </section>
        </div>
    }
}
