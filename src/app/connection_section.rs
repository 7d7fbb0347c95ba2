//! Where Keycloak is and which client Wiki.js uses.

use leptos::prelude::*;

use super::inputs::{InputKind, TextField};
use super::keycloak_facts::{KeycloakFactsFields, PrivateCaField};
use super::model::Model;
use super::section::{opens_once, Section};
use wkc_core::secret::Secret;
use wkc_core::Field;

#[component]
pub fn ConnectionSection(model: Model) -> impl IntoView {
    // Opens once an internal base URL is there (loaded, a scenario, a restored draft), or the
    // admin said before that the certificate is their own CA's.
    let advanced_open = opens_once(move || {
        model.settings.with(|s| !s.internal_base_url.is_empty())
            || model.context.with(|c| c.private_ca)
    });
    view! {
        <Section model id="connection" title="Keycloak connection">
            <TextField model field=Field::Host kind=InputKind::Url
                hint="Where users' browsers open Keycloak, e.g. https://keycloak.example.com (with /auth for Keycloak 16 and older). A pasted Keycloak URL can be split in one click."
                placeholder="https://keycloak.example.com"
                get=|s| s.host.as_str() set=|s, v| s.host = v/>
            // Side by side where there is room: what the admin copies from the client's page.
            <div class="wkc-field-pair">
                <TextField model field=Field::Realm kind=InputKind::Text
                    hint="Exactly as Keycloak shows it."
                    placeholder="wiki"
                    get=|s| s.realm.as_str() set=|s, v| s.realm = v/>
                <TextField model field=Field::ClientId kind=InputKind::Text
                    hint="Clients › Client ID."
                    placeholder="wikijs"
                    get=|s| s.client_id.as_str() set=|s, v| s.client_id = v/>
            </div>
            <TextField model field=Field::ClientSecret kind=InputKind::Secret
                hint="Clients › your client › Credentials. Sent only to Wiki.js, when you save."
                get=|s| s.client_secret.expose() set=|s, v| s.client_secret = Secret::new(v)/>
            <KeycloakFactsFields model/>
            <details class="wkc-details" prop:open=advanced_open>
                <summary class="wkc-summary">"Advanced: how the Wiki.js server reaches Keycloak"</summary>
                <p class="wkc-hint">
                    "Wiki.js calls the token and userinfo endpoints from its own server, not from users' browsers. "
                    "When Keycloak and Wiki.js run in Docker, the server may need another address than browsers, "
                    "such as the service name http://keycloak:8080. Leave empty when one address works for both. "
                    "The /auth of Host carries over; an /auth typed here stays even when Host has none."
                </p>
                <TextField model field=Field::InternalBaseUrl kind=InputKind::Url
                    placeholder="http://keycloak:8080"
                    get=|s| s.internal_base_url.as_str() set=|s, v| s.internal_base_url = v/>
                <PrivateCaField model/>
            </details>
        </Section>
    }
}
