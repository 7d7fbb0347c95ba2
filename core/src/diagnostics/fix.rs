//! One-click fixes: each is a plain change to [`Settings`], applied by the core so the UI
//! cannot get one subtly wrong.

use serde::{Deserialize, Serialize};

use crate::settings::{Context, Endpoint, Field, Layout, LayoutChoice, Settings};

/// A change the admin can apply with one click.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FixAction {
    /// Replace a text field's value (trimmed, cleaned).
    SetText {
        field: Field,
        value: String,
    },
    /// Host held a full Keycloak URL: put its parts where they belong (the client a login
    /// URL names too, while Client ID is empty).
    SplitPastedUrl {
        host: String,
        realm: String,
        layout: LayoutChoice,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        client_id: Option<String>,
    },
    SetLayout {
        layout: LayoutChoice,
    },
    SetLegacyLogout {
        on: bool,
    },
    /// "Logout from Keycloak on Logout": the one logout fix a wiki without the legacy
    /// toggle (before 2.5.300) can take.
    SetLogoutUpstream {
        on: bool,
    },
    MoveToTop,
    Enable,
    /// Drop the override and use the derived URL again.
    ResetOverride {
        endpoint: Endpoint,
    },
    /// Replace the domain whitelist with cleaned entries.
    SetDomainWhitelist {
        domains: Vec<String>,
    },
    /// Put self-registered users in one more group (the "Assign to group" picker's box).
    AddAutoEnrollGroup {
        id: u32,
        name: String,
    },
    /// Stop putting self-registered users in this group.
    RemoveAutoEnrollGroup {
        id: u32,
        name: String,
    },
    /// Take what the live check discovered: Host and layout from Keycloak's issuer, and any
    /// endpoint the new Host still does not give as an override. `None` leaves a field alone.
    AdoptEndpoints {
        host: Option<String>,
        layout: Option<LayoutChoice>,
        overrides: Vec<EndpointOverride>,
    },
}

/// One endpoint URL to store as an override.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointOverride {
    pub endpoint: Endpoint,
    pub url: String,
}

impl FixAction {
    /// The button's label.
    pub fn label(&self) -> String {
        match self {
            FixAction::SetText { field, value } if value.is_empty() => {
                format!("Clear {}", field.title())
            }
            FixAction::SetText { field, value } => format!("Set {} to {value}", field.title()),
            // Realm left empty (a console's address naming no realm of the wiki's): Host alone.
            FixAction::SplitPastedUrl {
                host,
                realm,
                client_id,
                ..
            } => match (realm.is_empty(), client_id) {
                (true, None) => format!("Set Host to {host}"),
                (true, Some(client_id)) => {
                    format!("Set Host to {host} and Client ID to {client_id}")
                }
                (false, None) => format!("Split into Host {host} and Realm {realm}"),
                (false, Some(client_id)) => {
                    format!("Split into Host {host}, Realm {realm} and Client ID {client_id}")
                }
            },
            FixAction::SetLayout { layout } => match layout {
                LayoutChoice::Automatic => "Choose the layout automatically".to_owned(),
                LayoutChoice::Quarkus => "Switch to the Keycloak 17+ layout".to_owned(),
                LayoutChoice::Legacy => "Switch to the legacy /auth layout".to_owned(),
            },
            FixAction::SetLegacyLogout { on: true } => "Turn Legacy Logout Redirect on".to_owned(),
            FixAction::SetLegacyLogout { on: false } => {
                "Turn Legacy Logout Redirect off".to_owned()
            }
            FixAction::SetLogoutUpstream { on: true } => {
                "Turn Logout from Keycloak on Logout on".to_owned()
            }
            FixAction::SetLogoutUpstream { on: false } => {
                "Turn Logout from Keycloak on Logout off".to_owned()
            }
            FixAction::MoveToTop => "Move Keycloak to the top".to_owned(),
            FixAction::Enable => "Enable this strategy".to_owned(),
            FixAction::ResetOverride { endpoint } => {
                format!("Re-derive {}", endpoint.field().title())
            }
            FixAction::SetDomainWhitelist { domains } => {
                format!("Keep just the domains: {}", domains.join(", "))
            }
            FixAction::AddAutoEnrollGroup { name, .. } => format!("Assign new users to {name}"),
            FixAction::RemoveAutoEnrollGroup { name, .. } => {
                format!("Stop assigning new users to {name}")
            }
            FixAction::AdoptEndpoints {
                host,
                layout,
                overrides,
            } => {
                let mut parts = Vec::new();
                if let Some(host) = host {
                    parts.push(format!("set Host to {host}"));
                }
                match layout {
                    Some(LayoutChoice::Quarkus) => {
                        parts.push("use the Keycloak 17+ layout".to_owned())
                    }
                    Some(LayoutChoice::Legacy) => {
                        parts.push("use the legacy /auth layout".to_owned())
                    }
                    Some(LayoutChoice::Automatic) => {
                        parts.push("choose the layout automatically".to_owned())
                    }
                    None => {}
                }
                for o in overrides {
                    parts.push(format!("set {} to {}", o.endpoint.field().title(), o.url));
                }
                if parts.is_empty() {
                    "Use what Keycloak advertises".to_owned()
                } else {
                    format!("Use what Keycloak advertises: {}", parts.join(", "))
                }
            }
        }
    }
}

/// Apply a fix. Fields the fix does not name are left exactly as they were.
pub fn apply_fix(settings: &mut Settings, action: &FixAction) {
    match action {
        FixAction::SetText { field, value } => set_text(settings, *field, value.clone()),
        FixAction::SplitPastedUrl {
            host,
            realm,
            layout,
            client_id,
        } => {
            settings.host = host.clone();
            settings.realm = realm.clone();
            settings.layout = *layout;
            // Never over one the admin typed (a live check's offer may be older than it).
            if let Some(client_id) = client_id
                .as_ref()
                .filter(|_| settings.client_id.trim().is_empty())
            {
                settings.client_id = client_id.clone();
            }
        }
        FixAction::SetLayout { layout } => settings.layout = *layout,
        FixAction::SetLegacyLogout { on } => settings.logout_legacy_redirect = *on,
        FixAction::SetLogoutUpstream { on } => settings.logout_upstream = *on,
        FixAction::MoveToTop => settings.order = 0,
        FixAction::Enable => settings.is_enabled = true,
        FixAction::ResetOverride { endpoint } => *settings.overrides.get_mut(*endpoint) = None,
        FixAction::SetDomainWhitelist { domains } => settings.domain_whitelist = domains.clone(),
        FixAction::AddAutoEnrollGroup { id, .. } => {
            if !settings.auto_enroll_groups.contains(id) {
                settings.auto_enroll_groups.push(*id);
            }
        }
        FixAction::RemoveAutoEnrollGroup { id, .. } => {
            settings.auto_enroll_groups.retain(|g| g != id)
        }
        FixAction::AdoptEndpoints {
            host,
            layout,
            overrides,
        } => {
            if let Some(host) = host {
                settings.host = host.clone();
            }
            if let Some(layout) = layout {
                settings.layout = *layout;
            }
            for o in overrides {
                *settings.overrides.get_mut(o.endpoint) = Some(o.url.clone());
            }
        }
    }
}

/// Set the text field `field` (non-text fields are left alone).
pub fn set_text(settings: &mut Settings, field: Field, value: String) {
    match field {
        Field::SiteUrl => settings.site_url = value,
        Field::DisplayName => settings.display_name = value,
        Field::Host => settings.host = value,
        Field::InternalBaseUrl => settings.internal_base_url = value,
        Field::Realm => settings.realm = value,
        Field::ClientId => settings.client_id = value,
        Field::ClientSecret => settings.client_secret = crate::secret::Secret::new(value),
        Field::AuthorizationUrl => settings.overrides.authorization = Some(value),
        Field::TokenUrl => settings.overrides.token = Some(value),
        Field::UserInfoUrl => settings.overrides.user_info = Some(value),
        Field::LogoutUrl => settings.overrides.logout = Some(value),
        Field::IsEnabled
        | Field::Order
        | Field::BypassLoginScreen
        | Field::Layout
        | Field::LogoutUpstream
        | Field::LogoutLegacyRedirect
        | Field::SelfRegistration
        | Field::DomainWhitelist
        | Field::AutoEnrollGroups
        | Field::KeycloakExport => {}
    }
}

/// What a one-click fix changed, said where it was clicked: "Internal base URL (server-side
/// calls) set to http://keycloak:8080." Read from the settings before and after, so it says
/// what happened, not what was meant.
pub fn fix_report(before: &Settings, after: &Settings, context: &Context) -> String {
    let changes: Vec<String> = changed_by_fix(before, after)
        .into_iter()
        .map(|field| format!("{} {}", field.title(), now(after, field, context)))
        .collect();
    if changes.is_empty() {
        "Nothing needed changing.".to_owned()
    } else {
        format!("{}.", changes.join("; "))
    }
}

/// The fields a fix changed, in form order: what a draft compares, and the secret (a fix may
/// trim it; the report never shows its value).
pub fn changed_by_fix(before: &Settings, after: &Settings) -> Vec<Field> {
    let mut fields = crate::draft::changed_fields(before, after);
    if before.client_secret != after.client_secret {
        fields.push(Field::ClientSecret);
    }
    fields
}

/// A field's new value, as the report words it.
fn now(s: &Settings, field: Field, context: &Context) -> String {
    let text = |value: &str| match value {
        "" => "cleared".to_owned(),
        value => format!("set to {value}"),
    };
    let toggle = |on: bool| if on { "turned on" } else { "turned off" }.to_owned();
    let endpoint = |url: &Option<String>| match url {
        Some(url) => format!("set to {url}"),
        None => "derived again".to_owned(),
    };
    match field {
        Field::SiteUrl => text(&s.site_url),
        Field::DisplayName => text(&s.display_name),
        Field::Host => text(&s.host),
        Field::InternalBaseUrl => text(&s.internal_base_url),
        Field::Realm => text(&s.realm),
        Field::ClientId => text(&s.client_id),
        Field::IsEnabled => toggle(s.is_enabled),
        Field::BypassLoginScreen => toggle(s.bypass_login_screen),
        Field::LogoutUpstream => toggle(s.logout_upstream),
        Field::LogoutLegacyRedirect => toggle(s.logout_legacy_redirect),
        Field::SelfRegistration => toggle(s.self_registration),
        Field::Order if s.order == 0 => "moved to the top".to_owned(),
        Field::Order => format!("set to {}", s.order + 1),
        Field::Layout => match s.layout {
            LayoutChoice::Automatic => "chosen automatically".to_owned(),
            LayoutChoice::Quarkus => format!("set to {}", Layout::Quarkus.label()),
            LayoutChoice::Legacy => format!("set to {}", Layout::Legacy.label()),
        },
        Field::AuthorizationUrl => endpoint(&s.overrides.authorization),
        Field::TokenUrl => endpoint(&s.overrides.token),
        Field::UserInfoUrl => endpoint(&s.overrides.user_info),
        Field::LogoutUrl => endpoint(&s.overrides.logout),
        Field::DomainWhitelist => text(&s.domain_whitelist.join(", ")),
        Field::AutoEnrollGroups => {
            let name = |id: &u32| {
                let known = context.groups.iter().flatten().find(|g| g.id == *id);
                known.map_or_else(|| format!("group {id}"), |g| g.name.clone())
            };
            let names: Vec<String> = s.auto_enroll_groups.iter().map(name).collect();
            text(&names.join(", "))
        }
        Field::ClientSecret | Field::KeycloakExport => "changed".to_owned(),
    }
}
