//! What happens when a user signs out of the wiki.

use leptos::prelude::*;

use super::inputs::CheckboxField;
use super::model::Model;
use super::section::Section;
use wkc_core::Field;

#[component]
pub fn LogoutSection(model: Model) -> impl IntoView {
    let legacy_only = move || model.context.with(|c| c.legacy_logout_only);
    // What `preset_legacy_logout` (app/mod.rs) does to the box, said beside it while it does.
    let preset = move || {
        model.loaded.track();
        !model
            .touched
            .with(|t| t.contains(&Field::LogoutLegacyRedirect))
            && super::controller::is_new_strategy(model)
    };
    view! {
        <Section model id="logout" title="Logout">
            <CheckboxField model field=Field::LogoutUpstream
                hint="Also end the Keycloak session, so the next login asks for a password again."
                get=|s| s.logout_upstream set=|s, v| s.logout_upstream = v/>
            // Wiki.js before 2.5.300 has no such setting: a note in its place (`hidden`
            // keeps both out of the tab order and the accessibility tree when not shown).
            <div hidden=legacy_only>
                <CheckboxField model field=Field::LogoutLegacyRedirect
                    hint="Pass the legacy redirect_uri parameter. Leave off for Keycloak 18 and newer."
                    get=|s| s.logout_legacy_redirect set=|s, v| s.logout_legacy_redirect = v/>
                <p class="wkc-hint" data-preset-note hidden=move || !preset()>
                    "The page sets it for a new strategy from the Keycloak version (while that is not known, from /auth in Host) until you change it."
                </p>
            </div>
            <p class="wkc-hint" data-legacy-logout-only="" hidden=move || !legacy_only()>
                "Legacy Logout Redirect: this Wiki.js is older than 2.5.300 and has no such setting. It always passes the legacy redirect_uri parameter, which Keycloak 18 and newer refuse."
            </p>
        </Section>
    }
}
