//! What happens when a user signs out of the wiki.

use leptos::prelude::*;

use super::inputs::CheckboxField;
use super::model::Model;
use super::section::Section;
use crate::core::Field;

#[component]
pub fn LogoutSection(model: Model) -> impl IntoView {
    view! {
        <Section model id="logout" title="Logout">
            <CheckboxField model field=Field::LogoutUpstream
                hint="Also end the Keycloak session, so the next login asks for a password again."
                get=|s| s.logout_upstream set=|s, v| s.logout_upstream = v/>
            <CheckboxField model field=Field::LogoutLegacyRedirect
                hint="Pass the legacy redirect_uri parameter. Leave off for Keycloak 18 and newer."
                get=|s| s.logout_legacy_redirect set=|s, v| s.logout_legacy_redirect = v/>
        </Section>
    }
}
