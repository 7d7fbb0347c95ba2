//! The stories admins hit, as data: each demo scenario is the values an admin typed, the
//! findings they must produce, and the one-click fix that clears them.
//!
//! The static demo opens the configurator in a scenario's state (`?scenario=<id>` or the
//! picker); the native tests (`core::tests::scenarios`) prove each one shows its codes
//! and that its fix clears them, against the demo wiki's own groups. Nothing here knows the
//! UI: a scenario is applied over whatever settings the demo backend loaded (which keeps
//! the strategy key and position), and its fix is a list of plain changes to [`Settings`].

use serde::Serialize;

use super::diagnostics::{apply_fix, Code, FixAction};
use super::keycloak_export::parse_export;
use super::secret::Secret;
use super::settings::{Context, Field, LayoutChoice, Settings};

/// The demo wiki's "Readers" group (default permissions: can read pages).
pub const READERS_GROUP: u32 = 3;

/// A secret that passes every check (32 characters, as Keycloak generates).
const DEMO_SECRET: &str = "demo0secret0not0real0kc0XYZ01234";

/// One story: the state it opens in and the fix one click away.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scenario {
    /// Stable id for `?scenario=<id>`.
    pub id: &'static str,
    pub title: &'static str,
    /// What the admin did and what users saw, in two or three sentences.
    pub story: &'static str,
    /// The values the admin typed.
    pub preset: Preset,
    /// Codes the configurator must show when the scenario opens.
    pub shows: &'static [Code],
    /// The fix, one click away.
    pub fix: ScenarioFix,
    /// The codes the fix makes go away (a subset of `shows`); what stays is explained in
    /// the story (a step outside the form, or a correct reminder).
    pub clears: &'static [Code],
    /// A Keycloak export the admin pasted (JSON text), when the story is about Keycloak's side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keycloak_export: Option<&'static str>,
}

/// The values a scenario opens with. Everything else (strategy key, position, display
/// name) stays as the backend loaded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preset {
    pub site_url: &'static str,
    pub host: &'static str,
    pub internal_base_url: &'static str,
    pub realm: &'static str,
    pub client_id: &'static str,
    pub layout: LayoutChoice,
    pub logout_upstream: bool,
    pub logout_legacy_redirect: bool,
    pub self_registration: bool,
    pub auto_enroll_groups: &'static [u32],
}

/// A well-configured strategy: each scenario changes only what its story is about.
const GOOD: Preset = Preset {
    site_url: "https://wiki.example.com",
    host: "https://keycloak.example.com",
    internal_base_url: "",
    realm: "wiki",
    client_id: "wikijs",
    layout: LayoutChoice::Automatic,
    logout_upstream: true,
    logout_legacy_redirect: false,
    self_registration: true,
    auto_enroll_groups: &[READERS_GROUP],
};

/// The fix: a label for the button and the one-click fixes it applies, in order (the same
/// fixes findings offer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioFix {
    pub label: String,
    pub steps: Vec<FixAction>,
}

impl ScenarioFix {
    fn one(action: FixAction) -> Self {
        ScenarioFix {
            label: action.label(),
            steps: vec![action],
        }
    }

    /// Apply every step. Fields the fix does not name are left as they are.
    pub fn apply(&self, settings: &mut Settings) {
        for action in &self.steps {
            apply_fix(settings, action);
        }
    }
}

fn set_text(field: Field, value: &str) -> FixAction {
    FixAction::SetText {
        field,
        value: value.to_owned(),
    }
}

impl Preset {
    /// `base` with this preset's values typed in (and a plausible secret).
    pub fn over(&self, base: &Settings) -> Settings {
        Settings {
            site_url: self.site_url.to_owned(),
            host: self.host.to_owned(),
            internal_base_url: self.internal_base_url.to_owned(),
            realm: self.realm.to_owned(),
            client_id: self.client_id.to_owned(),
            client_secret: Secret::new(DEMO_SECRET),
            layout: self.layout,
            overrides: Default::default(),
            logout_upstream: self.logout_upstream,
            logout_legacy_redirect: self.logout_legacy_redirect,
            self_registration: self.self_registration,
            domain_whitelist: Vec::new(),
            auto_enroll_groups: self.auto_enroll_groups.to_vec(),
            ..base.clone()
        }
    }
}

impl Scenario {
    /// The settings the scenario opens with, over what the backend loaded.
    pub fn open(&self, loaded: &Settings) -> Settings {
        self.preset.over(loaded)
    }

    /// The context the scenario opens with: `base` with its export pasted (parsed once).
    pub fn context(&self, base: &Context) -> Context {
        Context {
            keycloak_export: self
                .keycloak_export
                .and_then(parse_export)
                .map(std::sync::Arc::new),
            ..base.clone()
        }
    }
}

/// A realm's Partial export (secrets masked, as the console writes them) whose `wikijs`
/// client has the mistakes admins make by hand: the Site URL registered in place of the
/// callback, no post-logout URI, a scope list without `profile` and `email`, PKCE enforced,
/// Client authentication off; and a realm Frontend URL that differs from Host.
pub const CLASSIC_MISTAKES_EXPORT: &str = r#"{
  "id" : "6c1f0c2e-2b1d-4c55-9d0e-3f7f5a0b8a11",
  "realm" : "wiki",
  "enabled" : true,
  "sslRequired" : "external",
  "attributes" : {
    "frontendUrl" : "https://sso.example.com"
  },
  "clients" : [ {
    "id" : "0f4b7a52-7d0a-4f3e-9a57-1b2c3d4e5f60",
    "clientId" : "account",
    "enabled" : true,
    "publicClient" : true,
    "secret" : "**********",
    "redirectUris" : [ "/realms/wiki/account/*" ],
    "attributes" : { "post.logout.redirect.uris" : "+", "pkce.code.challenge.method" : "S256" },
    "protocol" : "openid-connect"
  }, {
    "id" : "3a9d8c7b-6e5f-4a3b-8c2d-1e0f9a8b7c6d",
    "clientId" : "wikijs",
    "name" : "Wiki",
    "rootUrl" : "",
    "baseUrl" : "",
    "surrogateAuthRequired" : false,
    "enabled" : true,
    "clientAuthenticatorType" : "client-secret",
    "secret" : "**********",
    "redirectUris" : [ "https://wiki.example.com" ],
    "webOrigins" : [ "+" ],
    "bearerOnly" : false,
    "consentRequired" : false,
    "standardFlowEnabled" : true,
    "implicitFlowEnabled" : false,
    "directAccessGrantsEnabled" : true,
    "serviceAccountsEnabled" : false,
    "publicClient" : true,
    "frontchannelLogout" : true,
    "protocol" : "openid-connect",
    "attributes" : {
      "oidc.ciba.grant.enabled" : "false",
      "backchannel.logout.session.required" : "true",
      "post.logout.redirect.uris" : "-",
      "pkce.code.challenge.method" : "S256"
    },
    "fullScopeAllowed" : true,
    "defaultClientScopes" : [ "web-origins", "acr", "roles" ],
    "optionalClientScopes" : [ "address", "phone", "offline_access", "microprofile-jwt" ]
  } ]
}"#;

/// Every scenario, in the order the picker lists them.
pub fn all() -> Vec<Scenario> {
    vec![
        Scenario {
            id: "docker-localhost",
            title: "Keycloak in Docker at localhost",
            story: "Wiki.js and Keycloak run in Docker Compose on one machine. The admin typed \
                http://localhost:8080 because that is where the browser opens Keycloak. Users \
                reach the Keycloak login page, then see \"Failed to obtain access token\": \
                inside the Wiki.js container, localhost is the container itself. The fix sends \
                the server's calls to the Compose service name; the warning that follows asks \
                to pin Keycloak's hostname so the tokens' issuer matches.",
            preset: Preset {
                site_url: "http://localhost:3000",
                host: "http://localhost:8080",
                ..GOOD
            },
            shows: &[Code::BackchannelLoopback],
            fix: ScenarioFix::one(set_text(Field::InternalBaseUrl, "http://keycloak:8080")),
            clears: &[Code::BackchannelLoopback],
            keycloak_export: None,
        },
        Scenario {
            id: "keycloak-16-auth",
            title: "A Keycloak 16 server under /auth",
            story: "The company's Keycloak is still version 16, served under /auth. Sign-in \
                works, but signing out ends on a Keycloak error page: before version 18, \
                Keycloak's logout endpoint wants the legacy redirect_uri parameter. The /auth \
                warning stays until the Keycloak version is set: /auth is right for Keycloak 16 \
                (and for a newer one started with http-relative-path=/auth), wrong for one \
                upgraded without it.",
            preset: Preset {
                host: "https://sso.example.com/auth",
                ..GOOD
            },
            shows: &[Code::LegacyPath, Code::LogoutModernOnLegacyKeycloak],
            fix: ScenarioFix::one(FixAction::SetLegacyLogout { on: true }),
            clears: &[Code::LogoutModernOnLegacyKeycloak],
            keycloak_export: None,
        },
        Scenario {
            id: "legacy-logout-kc18",
            title: "Legacy logout on Keycloak 18+",
            story: "The wiki was set up years ago with \"Legacy Logout Redirect\" on, then \
                Keycloak was upgraded to 24. Since then every sign-out stops at Keycloak's \
                \"Invalid parameter: redirect_uri\" page: Keycloak 18 and newer only accept \
                post_logout_redirect_uri. Until the Keycloak version is set, the warning says \
                what to do on each side of 18 (17 takes only the legacy logout).",
            preset: Preset {
                logout_legacy_redirect: true,
                ..GOOD
            },
            shows: &[Code::LogoutLegacyOnNewKeycloak],
            fix: ScenarioFix::one(FixAction::SetLegacyLogout { on: false }),
            clears: &[Code::LogoutLegacyOnNewKeycloak],
            keycloak_export: None,
        },
        Scenario {
            id: "no-group",
            title: "No group assigned",
            story: "Sign-in with Keycloak works and new accounts are created, but every new \
                user lands on \"You are not authorized to view this page\": self-registration \
                puts them in no group, and in Wiki.js a user without a group can read nothing.",
            preset: Preset {
                auto_enroll_groups: &[],
                ..GOOD
            },
            shows: &[Code::NoAutoEnrollGroup],
            fix: ScenarioFix::one(FixAction::AddAutoEnrollGroup {
                id: READERS_GROUP,
                name: "Readers".to_owned(),
            }),
            clears: &[Code::NoAutoEnrollGroup],
            keycloak_export: None,
        },
        Scenario {
            id: "self-signed-internal",
            title: "Self-signed certificate on an internal name",
            story: "Keycloak runs at https://keycloak.internal:8443 with a certificate from \
                the company's own CA, and that name went into Host. Users outside the server \
                network cannot resolve it, and the Wiki.js server (Node) does not trust the \
                certificate. The fix puts the public name in Host and keeps the internal one \
                for the server's calls; the certificate itself is then a step on the Wiki.js \
                server (NODE_EXTRA_CA_CERTS), which the remaining finding spells out.",
            preset: Preset {
                host: "https://keycloak.internal:8443",
                ..GOOD
            },
            shows: &[Code::FrontchannelInternal, Code::PrivateCa],
            fix: ScenarioFix {
                label:
                    "Use https://sso.example.com in Host, keep keycloak.internal for server calls"
                        .to_owned(),
                steps: vec![
                    set_text(Field::Host, "https://sso.example.com"),
                    set_text(Field::InternalBaseUrl, "https://keycloak.internal:8443"),
                ],
            },
            clears: &[Code::FrontchannelInternal],
            keycloak_export: None,
        },
        Scenario {
            id: "keycloak-export-classic",
            title: "A pasted Keycloak export with the classic mistakes",
            story: "The admin created the Keycloak client by hand and pasted the realm's \
                Partial export here. It shows what users would meet: the Site URL was \
                registered instead of the callback (\"Invalid parameter: redirect_uri\"), \
                Client authentication is off, PKCE is enforced, the client lacks the profile \
                and email scopes, sign-out has no allowed URI, and the realm's Frontend URL is \
                not Host. The fix here takes Host from the Frontend URL; the rest is fixed in \
                Keycloak, with the kcadm.sh commands or the corrected JSON the section offers \
                (these findings never block Save).",
            preset: Preset {
                host: "https://keycloak.example.com",
                ..GOOD
            },
            shows: &[
                Code::KcRedirectUriMissing,
                Code::KcScopeMissing,
                Code::KcPkceRequired,
                Code::KcPublicClient,
                Code::KcPostLogoutUriMissing,
                Code::KcRealmFrontendUrl,
                Code::KcSecretMasked,
            ],
            fix: ScenarioFix::one(set_text(Field::Host, "https://sso.example.com")),
            clears: &[Code::KcRealmFrontendUrl],
            keycloak_export: Some(CLASSIC_MISTAKES_EXPORT),
        },
    ]
}

/// The scenario with this id (ids are compared exactly, after trimming).
pub fn find(id: &str) -> Option<Scenario> {
    let id = id.trim();
    all().into_iter().find(|s| s.id == id)
}
