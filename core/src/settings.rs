//! What the admin enters (or the backend holds) for one Keycloak strategy.
//!
//! Plain strings, exactly as typed: nothing here is validated or normalised, so the form
//! can hold any half-typed value without losing it. [`crate::derive`] and
//! [`crate::diagnose`] read these values; they never change them.

use serde::{Deserialize, Serialize};

use super::secret::Secret;

/// Which URL layout the Keycloak server uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LayoutChoice {
    /// Read it from the host: a path ending in `/auth` means legacy, anything else Quarkus.
    #[default]
    Automatic,
    /// Keycloak 17+ (Quarkus): `{host}/realms/{realm}/…`.
    Quarkus,
    /// Keycloak up to 16 (WildFly), `-legacy` images and RH-SSO: `{host}/auth/realms/{realm}/…`.
    Legacy,
}

/// A layout once decided (the automatic choice resolved).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    Quarkus,
    Legacy,
}

impl Layout {
    pub fn other(self) -> Layout {
        match self {
            Layout::Quarkus => Layout::Legacy,
            Layout::Legacy => Layout::Quarkus,
        }
    }

    pub fn as_choice(self) -> LayoutChoice {
        match self {
            Layout::Quarkus => LayoutChoice::Quarkus,
            Layout::Legacy => LayoutChoice::Legacy,
        }
    }

    /// How people name it in the UI and in messages.
    pub fn label(self) -> &'static str {
        match self {
            Layout::Quarkus => "Keycloak 17+ (no /auth)",
            Layout::Legacy => {
                "legacy /auth (Keycloak 16 and older, or started with http-relative-path=/auth)"
            }
        }
    }
}

/// The four endpoint URLs Wiki.js stores for a Keycloak strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Endpoint {
    Authorization,
    Token,
    UserInfo,
    Logout,
}

impl Endpoint {
    pub const ALL: [Endpoint; 4] = [
        Endpoint::Authorization,
        Endpoint::Token,
        Endpoint::UserInfo,
        Endpoint::Logout,
    ];

    /// The last path segment Keycloak serves under `protocol/openid-connect/`.
    pub fn path_suffix(self) -> &'static str {
        match self {
            Endpoint::Authorization => "auth",
            Endpoint::Token => "token",
            Endpoint::UserInfo => "userinfo",
            Endpoint::Logout => "logout",
        }
    }

    /// Whether the Wiki.js server (not the user's browser) calls this URL.
    pub fn is_backchannel(self) -> bool {
        matches!(self, Endpoint::Token | Endpoint::UserInfo)
    }

    pub fn field(self) -> Field {
        match self {
            Endpoint::Authorization => Field::AuthorizationUrl,
            Endpoint::Token => Field::TokenUrl,
            Endpoint::UserInfo => Field::UserInfoUrl,
            Endpoint::Logout => Field::LogoutUrl,
        }
    }
}

/// One value per endpoint, addressable by [`Endpoint`]. camelCase in JSON like every other
/// key the JS API and events carry (`userInfo`; drafts written as `user_info` still read).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PerEndpoint<T> {
    pub authorization: T,
    pub token: T,
    #[serde(alias = "user_info")]
    pub user_info: T,
    pub logout: T,
}

impl<T> PerEndpoint<T> {
    pub fn from_fn(mut f: impl FnMut(Endpoint) -> T) -> Self {
        PerEndpoint {
            authorization: f(Endpoint::Authorization),
            token: f(Endpoint::Token),
            user_info: f(Endpoint::UserInfo),
            logout: f(Endpoint::Logout),
        }
    }

    pub fn get(&self, endpoint: Endpoint) -> &T {
        match endpoint {
            Endpoint::Authorization => &self.authorization,
            Endpoint::Token => &self.token,
            Endpoint::UserInfo => &self.user_info,
            Endpoint::Logout => &self.logout,
        }
    }

    pub fn get_mut(&mut self, endpoint: Endpoint) -> &mut T {
        match endpoint {
            Endpoint::Authorization => &mut self.authorization,
            Endpoint::Token => &mut self.token,
            Endpoint::UserInfo => &mut self.user_info,
            Endpoint::Logout => &mut self.logout,
        }
    }
}

/// Every form field a diagnostic can point at. The kebab-case name is the stable id the UI
/// uses for `id`/`aria-describedby` and the widget reports in its events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    SiteUrl,
    DisplayName,
    IsEnabled,
    Order,
    BypassLoginScreen,
    Host,
    InternalBaseUrl,
    Realm,
    ClientId,
    ClientSecret,
    Layout,
    AuthorizationUrl,
    TokenUrl,
    UserInfoUrl,
    LogoutUpstream,
    LogoutUrl,
    LogoutLegacyRedirect,
    SelfRegistration,
    DomainWhitelist,
    AutoEnrollGroups,
    /// The pasted Keycloak export (not a Wiki.js setting; never stored).
    KeycloakExport,
}

impl Field {
    /// The title Wiki.js (or, for fields Wiki.js lacks, this tool) shows for the field.
    pub fn title(self) -> &'static str {
        match self {
            Field::SiteUrl => "Site URL",
            Field::DisplayName => "Display Name",
            Field::IsEnabled => "Active",
            Field::Order => "Position in the login list",
            Field::BypassLoginScreen => "Bypass Login Screen",
            Field::Host => "Host",
            Field::InternalBaseUrl => "Internal base URL (server-side calls)",
            Field::Realm => "Realm",
            Field::ClientId => "Client ID",
            Field::ClientSecret => "Client Secret",
            Field::Layout => "Keycloak path layout",
            Field::AuthorizationUrl => "Authorization Endpoint URL",
            Field::TokenUrl => "Token Endpoint URL",
            Field::UserInfoUrl => "User Info Endpoint URL",
            Field::LogoutUpstream => "Logout from Keycloak on Logout",
            Field::LogoutUrl => "Logout Endpoint URL",
            Field::LogoutLegacyRedirect => "Legacy Logout Redirect",
            Field::SelfRegistration => "Allow self-registration",
            Field::DomainWhitelist => "Limit to specific email domains",
            Field::AutoEnrollGroups => "Assign to group",
            Field::KeycloakExport => "Keycloak client export (JSON)",
        }
    }

    /// The most characters (UTF-16 units, as the browser counts) the field takes: any usable
    /// URL, or what Keycloak and Wiki.js store (realm, client ID, secret and name columns are
    /// 255 wide). The page refuses a longer insertion with [`too_long`] rather than hand the
    /// browser a pasted megabyte to lay out; `None` for fields that are not text.
    pub fn max_len(self) -> Option<usize> {
        match self {
            Field::SiteUrl
            | Field::Host
            | Field::InternalBaseUrl
            | Field::AuthorizationUrl
            | Field::TokenUrl
            | Field::UserInfoUrl
            | Field::LogoutUrl => Some(super::host::MAX_URL_LEN),
            Field::DisplayName | Field::Realm | Field::ClientId | Field::ClientSecret => Some(255),
            // One domain per line: room for hundreds.
            Field::DomainWhitelist => Some(16 * 1024),
            _ => None,
        }
    }

    /// Every field, in the order the form shows them.
    pub const ALL: [Field; 21] = [
        Field::SiteUrl,
        Field::DisplayName,
        Field::IsEnabled,
        Field::Order,
        Field::BypassLoginScreen,
        Field::Host,
        Field::InternalBaseUrl,
        Field::Realm,
        Field::ClientId,
        Field::ClientSecret,
        Field::Layout,
        Field::AuthorizationUrl,
        Field::TokenUrl,
        Field::UserInfoUrl,
        Field::LogoutUpstream,
        Field::LogoutUrl,
        Field::LogoutLegacyRedirect,
        Field::SelfRegistration,
        Field::DomainWhitelist,
        Field::AutoEnrollGroups,
        Field::KeycloakExport,
    ];

    /// The field whose [`Field::id`] is `id`.
    pub fn parse(id: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.id() == id)
    }

    /// The kebab-case id (same as the serde name).
    pub fn id(self) -> &'static str {
        match self {
            Field::SiteUrl => "site-url",
            Field::DisplayName => "display-name",
            Field::IsEnabled => "is-enabled",
            Field::Order => "order",
            Field::BypassLoginScreen => "bypass-login-screen",
            Field::Host => "host",
            Field::InternalBaseUrl => "internal-base-url",
            Field::Realm => "realm",
            Field::ClientId => "client-id",
            Field::ClientSecret => "client-secret",
            Field::Layout => "layout",
            Field::AuthorizationUrl => "authorization-url",
            Field::TokenUrl => "token-url",
            Field::UserInfoUrl => "user-info-url",
            Field::LogoutUpstream => "logout-upstream",
            Field::LogoutUrl => "logout-url",
            Field::LogoutLegacyRedirect => "logout-legacy-redirect",
            Field::SelfRegistration => "self-registration",
            Field::DomainWhitelist => "domain-whitelist",
            Field::AutoEnrollGroups => "auto-enroll-groups",
            Field::KeycloakExport => "keycloak-export",
        }
    }
}

/// Why an insertion that would make `field` `length` characters long was refused, or `None`
/// when the field takes it.
pub fn too_long(field: Field, length: usize) -> Option<String> {
    let max = field.max_len()?;
    (length > max).then(|| {
        format!(
            "Not inserted: {} takes at most {} characters, and this would make it {}. Check what was copied.",
            field.title(),
            group_digits(max),
            group_digits(length)
        )
    })
}

/// 1048576 → "1,048,576".
fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Everything the admin sets for one Keycloak strategy, plus the Wiki.js facts it depends on.
///
/// The secret is a [`Secret`]: it never serializes, so no JSON made from `Settings`
/// (exports, widget events, drafts) can carry it; nor a user name and password typed into
/// one of its URLs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// Wiki.js Site URL (`site.config.host`), from which the callback URL is built.
    #[serde(serialize_with = "crate::host::serialize_without_userinfo")]
    pub site_url: String,
    /// The strategy instance key: a UUID v4 for a new one, `keycloak` for upgraded installs.
    pub strategy_key: String,
    pub display_name: String,
    pub is_enabled: bool,
    /// Position in the strategy list (0 = first, which "Bypass Login Screen" picks).
    pub order: usize,
    /// "Bypass Login Screen" is on, or the admin asked to turn it on.
    pub bypass_login_screen: bool,

    /// Keycloak public base URL as typed ("Host"); may carry a path such as `/auth`.
    #[serde(serialize_with = "crate::host::serialize_without_userinfo")]
    pub host: String,
    /// Optional base URL the Wiki.js server uses for the token and userinfo calls.
    #[serde(serialize_with = "crate::host::serialize_without_userinfo")]
    pub internal_base_url: String,
    pub realm: String,
    pub client_id: String,
    #[serde(skip_serializing)]
    pub client_secret: Secret,
    pub layout: LayoutChoice,
    /// `Some(url)` where the admin overrode the derived endpoint URL.
    pub overrides: PerEndpoint<Option<String>>,

    pub logout_upstream: bool,
    pub logout_legacy_redirect: bool,

    pub self_registration: bool,
    pub domain_whitelist: Vec<String>,
    /// Wiki.js group ids new users are put in.
    pub auto_enroll_groups: Vec<u32>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            site_url: String::new(),
            strategy_key: String::new(),
            display_name: "Keycloak".to_owned(),
            is_enabled: true,
            order: 0,
            bypass_login_screen: false,
            host: String::new(),
            internal_base_url: String::new(),
            realm: String::new(),
            client_id: String::new(),
            client_secret: Secret::default(),
            layout: LayoutChoice::Automatic,
            overrides: PerEndpoint::default(),
            logout_upstream: true,
            logout_legacy_redirect: false,
            self_registration: true,
            domain_whitelist: Vec::new(),
            auto_enroll_groups: Vec::new(),
        }
    }
}

impl Settings {
    /// Nothing yet that a load fills in or an admin types first: no Host, Realm, Client ID,
    /// Client Secret or Site URL. After a failed load such a form has nothing to check: its
    /// findings would only restate that the wiki's values are missing.
    pub fn is_blank(&self) -> bool {
        self.host.is_empty()
            && self.realm.is_empty()
            && self.client_id.is_empty()
            && self.client_secret.is_empty()
            && self.site_url.is_empty()
    }
}

/// Wiki.js's Guests group (`server/setup.js`): what visitors who are not signed in get.
pub const GUEST_GROUP: u32 = 2;

/// A Wiki.js group as far as the diagnostics care: what it grants.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GroupInfo {
    pub id: u32,
    pub name: String,
    pub permissions: Vec<String>,
    pub page_rules: Vec<PageRule>,
    /// Where its users land after signing in (`/`, the home page, unless set; the schema
    /// lets it be `null`).
    pub redirect_on_login: Option<String>,
}

/// One Wiki.js page rule (`PageRule` in the GraphQL schema).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PageRule {
    pub id: String,
    pub deny: bool,
    #[serde(rename = "match")]
    pub match_kind: String,
    pub roles: Vec<String>,
    pub path: String,
    pub locales: Vec<String>,
}

impl GroupInfo {
    pub fn is_admin(&self) -> bool {
        self.permissions.iter().any(|p| p == "manage:system")
    }

    /// Whether a user in this group alone can read pages ([`crate::access`]); `None` where
    /// a regular expression this page cannot run decides it.
    pub fn reads(&self) -> Option<bool> {
        crate::access::can_read_pages(&[self])
    }

    /// Whether a user in this group alone is known to read pages.
    pub fn grants_read(&self) -> bool {
        self.reads() == Some(true)
    }
}

/// Facts from outside the form that some checks need. Every one is optional: a check whose
/// fact is unknown stays silent rather than guessing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Context {
    /// Origin the admin page is served from (`https://wiki.example.com`), when it is the wiki's.
    pub page_origin: Option<String>,
    /// Groups as the backend reports them, for the auto-enroll checks.
    pub groups: Option<Vec<GroupInfo>>,
    /// The layout the live check found the server to use.
    pub live_layout: Option<Layout>,
    /// The wiki's Keycloak module has no "Legacy Logout Redirect" (Wiki.js before 2.5.300):
    /// it always sends the legacy `redirect_uri` at logout, whatever the form says.
    pub legacy_logout_only: bool,
    /// The Keycloak major version the admin picked; `None`: not known. Asked, never guessed:
    /// `/auth` is Keycloak 16 or older, or 17+ started with `http-relative-path=/auth`.
    pub keycloak_version: Option<u32>,
    /// The admin said Keycloak's hostname is pinned to the public URL, so tokens issued there
    /// are accepted at the internal address: `split-host-issuer` stands down to a note.
    pub issuer_pinned: bool,
    /// The admin said Keycloak's certificate comes from their own CA: `private-ca` is said
    /// for the https address the Wiki.js server calls, whatever its name.
    pub private_ca: bool,
    /// Wiki.js holds exactly this form (loaded from it and not edited since): a pasted error
    /// then came from these values, or from before they were saved, never from "an older
    /// configuration" that saving this form would replace. The page's own state: never
    /// read from or written to a JS API caller's context.
    #[serde(skip)]
    pub wiki_holds_form: bool,
    /// The pasted Keycloak export, parsed once when pasted (not on every keystroke). Never
    /// serialized: it may hold the client secret, and nothing of it is stored.
    #[serde(skip)]
    pub keycloak_export: Option<std::sync::Arc<crate::keycloak_export::PastedExport>>,
}

impl Context {
    /// Whether Keycloak is 18 or newer (the new logout), as far as is known: the version the
    /// admin picked, else the layout (17+ for the Quarkus one). `None`: nothing to go on.
    pub fn new_logout(&self, layout: Option<Layout>) -> Option<bool> {
        self.keycloak_version
            .map(|v| v >= 18)
            .or(layout.map(|l| l == Layout::Quarkus))
    }
}
