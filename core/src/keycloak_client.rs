//! What the admin sets on the Keycloak side: the client as JSON for "Import client", the same
//! as a `kcadm.sh` script, and the console steps one by one with the values filled in.
//!
//! Everything here is built from [`Settings`] and [`Derived`]; the client secret appears only
//! where the caller passes `include_secret`, so a copy button that did not ask for it cannot
//! leak it.

use serde::Serialize;

use crate::derive::Derived;
use crate::settings::{Context, Settings};

mod console_step;
pub use console_step::ConsoleStep;

/// What Keycloak's "Import client" (and `kcadm.sh create clients -f`) accepts, in the order
/// people read it.
///
/// `defaultClientScopes` is deliberately absent: when a client representation carries it,
/// Keycloak *replaces* the realm's default client scopes with that list, so a list that misses
/// `profile` or `email` breaks Wiki.js's fixed `scope=openid profile email` with "Invalid
/// scopes". Without it, the new client gets the realm defaults, which include both.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClientRepresentation<'a> {
    client_id: &'a str,
    name: &'a str,
    protocol: &'static str,
    enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    root_url: Option<&'a str>,
    base_url: &'static str,
    redirect_uris: Vec<&'a str>,
    web_origins: [&'static str; 1],
    public_client: bool,
    client_authenticator_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<&'a str>,
    standard_flow_enabled: bool,
    implicit_flow_enabled: bool,
    direct_access_grants_enabled: bool,
    service_accounts_enabled: bool,
    frontchannel_logout: bool,
    attributes: ClientAttributes<'a>,
}

#[derive(Serialize)]
struct ClientAttributes<'a> {
    #[serde(
        rename = "post.logout.redirect.uris",
        skip_serializing_if = "Option::is_none"
    )]
    post_logout_redirect_uris: Option<&'a str>,
}

/// The client as pretty JSON for Keycloak › Clients › Import client.
///
/// `secret` is present only when `include_secret` is set and a secret was entered; without it
/// Keycloak generates one (read it from the Credentials tab). Values that cannot be derived
/// yet (no Site URL, no strategy key) are left out rather than guessed. The context tells
/// which list Keycloak checks the Site URL against after logout ([`logout_return`]).
pub fn client_json(
    settings: &Settings,
    derived: &Derived,
    include_secret: bool,
    context: &Context,
) -> String {
    let secret = settings.client_secret.expose();
    let client = ClientRepresentation {
        client_id: &settings.client_id,
        // Keycloak shows it in its account console and consent screen: the application,
        // not the login button's label (Display Name, "Keycloak" by default).
        name: "Wiki.js",
        protocol: "openid-connect",
        enabled: true,
        root_url: derived.post_logout_redirect.as_deref(),
        base_url: "/",
        redirect_uris: valid_redirect_uris(settings, derived, context),
        web_origins: ["+"],
        public_client: false,
        client_authenticator_type: "client-secret",
        secret: (include_secret && !secret.is_empty()).then_some(secret),
        standard_flow_enabled: true,
        implicit_flow_enabled: false,
        direct_access_grants_enabled: false,
        service_accounts_enabled: false,
        frontchannel_logout: true,
        attributes: ClientAttributes {
            post_logout_redirect_uris: derived.post_logout_redirect.as_deref(),
        },
    };
    serde_json::to_string_pretty(&client).unwrap_or_default()
}

/// The client's Valid redirect URIs: the callback, and the Site URL too while Keycloak checks
/// it there after logout ([`LogoutReturn::RedirectUris`]).
fn valid_redirect_uris<'a>(
    settings: &Settings,
    derived: &'a Derived,
    context: &Context,
) -> Vec<&'a str> {
    let site = derived
        .post_logout_redirect
        .as_deref()
        .filter(|_| logout_return(settings, context) == Some(LogoutReturn::RedirectUris));
    derived
        .callback_url
        .as_deref()
        .into_iter()
        .chain(site)
        .collect()
}

/// Where the new console keeps the client's URLs: "Access settings" of its Settings tab (the
/// Create client wizard calls the page "Login settings").
const ACCESS_SETTINGS: &str = "Settings › Access settings (Login settings when creating):";

/// Which of the client's lists Keycloak checks the Site URL against when Wiki.js logs out
/// (facts/keycloak-client.md, logout).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogoutReturn {
    /// The legacy `redirect_uri` (before 18, or 18 to 25 with their legacy logout option:
    /// every client's of the realm), or `post_logout_redirect_uri` before 19 (the list of its
    /// own came with 19; before 18 it is read as the legacy parameter's alias, ARCHITECTURE.md).
    RedirectUris,
    /// "Valid post logout redirect URIs" (19 and newer; unset, the redirect URIs).
    PostLogoutUris,
}

/// Where the Site URL is checked after logout; `None` when Keycloak never sends users back
/// (no upstream logout, 26 ignoring the legacy parameter). An unknown version is read as a
/// Keycloak that takes what Wiki.js sends.
pub fn logout_return(settings: &Settings, context: &Context) -> Option<LogoutReturn> {
    if !settings.logout_upstream {
        return None;
    }
    let version = context.keycloak_version;
    if legacy_logout(settings, context.legacy_logout_only) {
        return version
            .is_none_or(|v| v <= 25)
            .then_some(LogoutReturn::RedirectUris);
    }
    match version {
        Some(v) if v <= 18 => Some(LogoutReturn::RedirectUris),
        _ => Some(LogoutReturn::PostLogoutUris),
    }
}

/// Where kcadm's login goes when Host cannot be used yet.
pub(crate) const SERVER_PLACEHOLDER: &str = "https://KEYCLOAK-HOST";
/// The realm named when Realm is empty.
const REALM_PLACEHOLDER: &str = "YOUR-REALM";
/// The heredoc delimiter; pretty JSON never has a line that is exactly this.
const HEREDOC: &str = "WIKIJS_KEYCLOAK_CLIENT_JSON";

/// A copyable POSIX shell script that creates the client with `kcadm.sh` and prints its secret.
///
/// Every interpolated value is single-quoted by [`sh_quote`], and comments never carry one (a
/// newline in a value would otherwise start a new command). The JSON travels on stdin through a
/// quoted heredoc, so nothing in it is expanded. The secret is in the script only when
/// `include_secret` is set; `context` as for [`client_json`].
pub fn kcadm_commands(
    settings: &Settings,
    derived: &Derived,
    include_secret: bool,
    context: &Context,
) -> String {
    let server = derived.public_base.as_deref().unwrap_or(SERVER_PLACEHOLDER);
    let realm = sh_quote(&kcadm_realm(&settings.realm));
    let json = client_json(settings, derived, include_secret, context);
    let mut script = String::new();
    script.push_str(&where_kcadm_is(context));
    script.push_str("# 1. Log in to the admin API; kcadm.sh asks for the admin password.\n");
    script.push_str(&format!(
        "kcadm.sh config credentials --server {} --realm master --user admin\n",
        sh_quote(server)
    ));
    // Run twice, it finds the client the first run made instead of failing on "already
    // exists" and reading the secret of no client.
    script.push_str(
        "# 2. Create the Wiki.js client from the JSON below, unless one with its Client ID exists; CID is its internal id.\n",
    );
    script.push_str(&format!(
        "CID=$(kcadm.sh get clients -r {realm} -q {} --fields id --format csv --noquotes)\n",
        sh_quote(&format!("clientId={}", settings.client_id))
    ));
    script.push_str("if [ -z \"$CID\" ]; then\n");
    script.push_str(&format!(
        "CID=$(kcadm.sh create clients -r {realm} -i -f - <<'{HEREDOC}'\n"
    ));
    script.push_str(&json);
    script.push_str(&format!("\n{HEREDOC}\n)\n"));
    script.push_str("else echo 'That client exists already and is left as it is: paste its export under \"Check the client\" to correct it.' >&2; fi\n");
    script.push_str(
        "# 3. Print the client secret: paste its \"value\" into Client Secret in Wiki.js.\n",
    );
    script.push_str(&format!(
        "kcadm.sh get \"clients/$CID/client-secret\" -r {realm}\n"
    ));
    script
}

/// The realm as `kcadm.sh -r` and its `realms/…` paths take it: percent-encoded, since kcadm
/// pastes it into the admin URL as it is (a space or `#` there made every command fail); the
/// placeholder while Realm is empty.
pub(crate) fn kcadm_realm(realm: &str) -> String {
    if realm.is_empty() {
        REALM_PLACEHOLDER.to_owned()
    } else {
        crate::derive::encode_realm(realm)
    }
}

/// The script's first line: where `kcadm.sh` is in the Keycloak container. The Quarkus
/// images keep it under `/opt/keycloak`, the WildFly ones (16 and older, and the -legacy
/// images of 17 to 19) under `/opt/jboss/keycloak`, RH-SSO's (7.x) under `/opt/eap`.
pub(crate) fn where_kcadm_is(context: &Context) -> String {
    const QUARKUS: &str = "/opt/keycloak/bin/kcadm.sh";
    const WILDFLY: &str = "/opt/jboss/keycloak/bin/kcadm.sh";
    const RH_SSO: &str = "/opt/eap/bin/kcadm.sh";
    let places = match context.keycloak_version {
        None => format!("{QUARKUS}; WildFly images: {WILDFLY}; RH-SSO: {RH_SSO}"),
        Some(v) if v <= 16 => format!("{WILDFLY}; RH-SSO: {RH_SSO}"),
        Some(18) => format!("{QUARKUS}; RH-SSO 7.6: {RH_SSO}; a -legacy image: {WILDFLY}"),
        // The page's "19 to 24" is stored as 24, and 19 still had a -legacy image.
        Some(17..=24) => format!("{QUARKUS}; a -legacy image: {WILDFLY}"),
        Some(_) => QUARKUS.to_owned(),
    };
    // Inside the container the public name may not resolve, and a proxy may not pass /admin
    // on; Keycloak itself listens on 8080 there.
    let local = match context.keycloak_version {
        None => "http://localhost:8080 (http://localhost:8080/auth before Keycloak 17)",
        Some(v) if v <= 16 => "http://localhost:8080/auth",
        Some(_) => "http://localhost:8080",
    };
    format!(
        "# Run where kcadm.sh is (in the Keycloak container: {places}).\n\
         # In the container, if the public address does not answer there, log in with --server {local}.\n"
    )
}

/// Quote `value` as one POSIX shell word: single quotes, with each embedded `'` written as
/// `'\''`. Nothing inside single quotes is special to the shell (not `$`, backticks, `\`,
/// `!` or newlines), so the word always reaches the command exactly as given.
pub fn sh_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// One step in the Keycloak admin console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetupStep {
    /// Which step: what the checklist marks and a "Go to" leads to.
    #[serde(skip)]
    pub step: ConsoleStep,
    pub title: String,
    /// The exact values to type or copy, each on its own: Keycloak's URI lists take one
    /// entry per row, so two URLs copied as one would make one entry that matches nothing.
    pub values: Vec<String>,
    /// What the values are, where there are several and a row left out breaks something
    /// (the Site URL among the redirect URIs, for logout); said with the values, not in the
    /// "where?" fold. Empty otherwise.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub hint: String,
}

fn step(step: ConsoleStep, values: impl IntoIterator<Item = String>, hint: &str) -> SetupStep {
    SetupStep {
        step,
        title: step.title().to_owned(),
        values: values.into_iter().collect(),
        note: String::new(),
        hint: hint.to_owned(),
    }
}

/// Whether Wiki.js logs out with the legacy `redirect_uri`: upstream logout on, and the toggle
/// on or a wiki that has no other way (`Context::legacy_logout_only`).
fn legacy_logout(settings: &Settings, legacy_logout_only: bool) -> bool {
    settings.logout_upstream && (settings.logout_legacy_redirect || legacy_logout_only)
}

/// The console steps for a Wiki.js client, with the values from this configuration.
///
/// A step has no value when it is a switch (nothing to copy) or its value cannot be derived
/// yet (no Site URL or strategy key); the diagnostics say what is missing. The post-logout
/// URIs are a step only while Keycloak reads them ([`logout_return`]); the Site URL is among
/// the redirect URIs while Keycloak checks it there. Worded for the admin console the chosen
/// Keycloak version opens.
/// Said where the callback is registered while the Site URL Wiki.js holds ends in `/` (the
/// setup wizard stores it as typed): the callback then has `//login`.
const SLASHED_SITE_URL: &str = " The Site URL Wiki.js holds ends in /, so the callback it sends has //login: register it as shown, or first save the Site URL again under Administration › General (Wiki.js then drops the slash) and register it without.";

pub fn setup_steps(settings: &Settings, derived: &Derived, context: &Context) -> Vec<SetupStep> {
    let client_id = (!settings.client_id.is_empty()).then(|| settings.client_id.clone());
    let legacy = legacy_logout(settings, context.legacy_logout_only);
    let site_among_redirects = logout_return(settings, context) == Some(LogoutReturn::RedirectUris);
    let post_logout = logout_return(settings, context) == Some(LogoutReturn::PostLogoutUris);
    // Keycloak 18 and older open the old admin console (the new one is the default from 19):
    // where a setting is, in the new console's words or the old one's.
    let old_console = context.keycloak_version.is_some_and(|v| v <= 18);
    let at = |new: &'static str, old: &'static str| if old_console { old } else { new };
    let mut steps = vec![
        step(
            ConsoleStep::CreateClient,
            client_id,
            &format!(
                "Keycloak › (your realm) › Clients › {}, and this Client ID.",
                at("Create client: Client type OpenID Connect", "Create: Client Protocol openid-connect"),
            ),
        ),
        step(
            ConsoleStep::ClientAuthentication,
            None,
            &format!(
                "{}. Wiki.js sends the client secret with the token request.",
                at(
                    "Capability config: Client authentication ON (the old \"Access Type: confidential\")",
                    "Settings: Access Type confidential (the new console's Client authentication ON)",
                ),
            ),
        ),
        step(
            ConsoleStep::StandardFlow,
            None,
            &format!(
                "{} ON; Direct access grants, Implicit flow and Service accounts can stay off.",
                at("Capability config: Standard flow", "Settings: Standard Flow Enabled"),
            ),
        ),
        step(
            ConsoleStep::RedirectUris,
            valid_redirect_uris(settings, derived, context)
                .into_iter()
                .map(str::to_owned),
            &format!(
                "{} exactly the Wiki.js callback URL (exact match, case-sensitive; no wildcard needed){}{}",
                at(ACCESS_SETTINGS, "Settings › Valid Redirect URIs:"),
                match (site_among_redirects, legacy) {
                    (false, _) => ".",
                    (true, true) => ", and the Site URL: with the legacy logout, Keycloak before 18 (or 18 to 25 with its legacy logout option) checks the logout's redirect_uri against this list.",
                    (true, false) => ", and the Site URL: Keycloak before 19 checks the logout's post_logout_redirect_uri against this list (a list of its own came with 19).",
                },
                if settings.site_url.trim().ends_with('/') { SLASHED_SITE_URL } else { "" },
            ),
        ),
        step(
            ConsoleStep::WebOrigins,
            Some("+".to_owned()),
            &format!(
                "{} + allows the origins of the Valid redirect URIs.",
                at(ACCESS_SETTINGS, "Settings › Web Origins:"),
            ),
        ),
    ];
    let redirects = steps
        .iter_mut()
        .find(|s| s.step == ConsoleStep::RedirectUris);
    if let Some(redirects) = redirects.filter(|r| site_among_redirects && r.values.len() == 2) {
        redirects.note =
            "Add both, one per row: the callback URL for signing in, the Site URL for logout."
                .to_owned();
    }
    if post_logout {
        steps.push(step(
            ConsoleStep::PostLogoutUris,
            derived.post_logout_redirect.clone(),
            &format!("{ACCESS_SETTINGS} exactly the Site URL, which Wiki.js sends after logout."),
        ));
    }
    steps.extend([
        step(
            ConsoleStep::ClientScopes,
            Some("profile, email".to_owned()),
            &format!(
                "{}, because Wiki.js always asks for \"openid profile email\".",
                at(
                    "Client scopes tab: profile and email must be assigned (Default)",
                    "Client Scopes tab: profile and email among the Assigned Default Client Scopes",
                ),
            ),
        ),
        step(
            ConsoleStep::NoPkce,
            None,
            &format!(
                "{}: Proof Key for Code Exchange Code Challenge Method empty. Wiki.js 2.5 sends no PKCE, so a required method ends every sign-in on \"Missing parameter: code_challenge_method\".",
                at("Advanced › Advanced settings", "Settings › Advanced Settings"),
            ),
        ),
        step(
            ConsoleStep::CopySecret,
            None,
            &format!(
                "Credentials tab: copy {} and paste it into Client Secret here.",
                at("Client secret", "Secret"),
            ),
        ),
    ]);
    steps
}
