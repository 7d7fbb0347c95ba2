//! The `kc-*` findings: the client whose `clientId` is the form's Client ID, checked against
//! what Wiki.js 2.5 sends, in the order Keycloak checks a sign-in (realm, client, redirect
//! URI, flow, scopes, PKCE, then the token call and logout); and, where the realm's Frontend
//! URL is Host, `split-host-issuer` as a note (the form's own gives way to it).
//!
//! These findings never block Save ([`crate::diagnostics::Code::blocks_save`]): they are
//! fixed in Keycloak, and the wiki's side may be saved first.

use crate::derive::{derive, Derived};
use crate::diagnostics::checks::{split_host_issuer, stood_down};
use crate::diagnostics::{Code, Diagnostic, FixAction};
use crate::host::{host_of, parse_base, BaseUrl};
use crate::keycloak_client::{logout_return, LogoutReturn};
use crate::secret::Secret;
use crate::settings::{Context, Endpoint, Field, Settings};

use super::redirect::{match_redirect, post_logout_uris, RedirectMatch, Resolution};
use super::{
    ExportShape, ExportedClient, ExportedRealm, ExportedSecret, KeycloakExport, PastedExport,
    ATTR_PKCE, ATTR_POST_LOGOUT, ATTR_SECRET_METHOD,
};

/// Where the findings about the export point: its own box in the page.
const EXPORT: Field = Field::KeycloakExport;

/// Every `kc-*` finding for the pasted export (nothing when none is pasted), and
/// `split-host-issuer` as a note when the realm's Frontend URL pins the issuer.
pub fn check_export(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    out: &mut Vec<Diagnostic>,
) {
    let Some(pasted) = context.keycloak_export.as_deref() else {
        return;
    };
    let mut found = Vec::new();
    match pasted {
        PastedExport::Unreadable(reason) => found.push(
            Diagnostic::new(Code::KcExportUnreadable, &[EXPORT])
                .detail(format!("The pasted text is {reason}.")),
        ),
        PastedExport::Readable(export) => {
            check_readable(settings, context, derived, export, &mut found)
        }
    }
    redact(&mut found, settings, pasted);
    out.extend(found);
}

fn check_readable(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    export: &KeycloakExport,
    out: &mut Vec<Diagnostic>,
) {
    let realm = check_realm_name(settings, export, out);
    // Another realm's settings would mislead; an export that does not name its realm is
    // taken as Realm's.
    let realms_own = |r: &&ExportedRealm| r.name.as_deref().is_none_or(|n| n == settings.realm);
    if let Some(realm) = realm.filter(realms_own) {
        check_realm(settings, context, derived, realm, out);
    }
    match export.client_for(&settings.realm, &settings.client_id) {
        Some(found) => check_client(settings, context, derived, found, out),
        None => out.push(client_not_found(settings, export)),
    }
}

/// `kc-realm-mismatch`, and the realm the realm checks read (when the export names one).
fn check_realm_name<'a>(
    settings: &Settings,
    export: &'a KeycloakExport,
    out: &mut Vec<Diagnostic>,
) -> Option<&'a ExportedRealm> {
    if !export.names_realms() {
        return None;
    }
    if let Some(realm) = export.realm_for(&settings.realm) {
        // An export that does not say its realm's name is not of another realm.
        let other = realm.name.as_deref().filter(|name| *name != settings.realm);
        if let Some(name) = other {
            let mut d =
                Diagnostic::new(Code::KcRealmMismatch, &[Field::Realm, EXPORT]).detail(format!(
                    "The export is of realm `{}`, and Realm is `{}`.",
                    elide(name),
                    elide(&settings.realm)
                ));
            if !name.is_empty() {
                d = d.value(elide(name)).action(FixAction::SetText {
                    field: Field::Realm,
                    value: name.to_owned(),
                });
            }
            out.push(d);
        }
        return Some(realm);
    }
    let names: Vec<String> = export
        .realms
        .iter()
        .filter_map(|r| r.name.as_deref())
        .take(8)
        .map(|n| format!("`{}`", elide(n)))
        .collect();
    out.push(
        Diagnostic::new(Code::KcRealmMismatch, &[Field::Realm, EXPORT]).detail(format!(
            "The export holds the realms {}, and none is `{}`.",
            names.join(", "),
            elide(&settings.realm)
        )),
    );
    None
}

/// Said with a client not found, which stops the client's checks (a realm export's own are
/// made all the same).
const WAITING: &str =
    " The client's checks wait until Client ID names one of the export's clients.";

fn client_not_found(settings: &Settings, export: &KeycloakExport) -> Diagnostic {
    let candidates = export.candidate_client_ids_for(&settings.realm);
    // An empty Client ID is said so, not quoted as an empty name.
    let (wanted, no_client) = match elide(&settings.client_id) {
        empty if empty.is_empty() => (
            "empty".to_owned(),
            "no client for an empty Client ID".to_owned(),
        ),
        id => (format!("`{id}`"), format!("no client `{id}`")),
    };
    let detail = match (export.shape, candidates.as_slice()) {
        (ExportShape::Client, [only]) => format!(
            "The export is of client `{}`, and Client ID is {wanted}.",
            elide(only)
        ),
        // Realm's part of a several-realm export holds none, other realms do.
        (_, []) if export.realms.len() > 1 && !export.candidate_client_ids().is_empty() => {
            let elsewhere: Vec<String> = export.candidate_client_ids().iter().take(8).map(|c| format!("`{}`", elide(c))).collect();
            format!(
                "Realm `{}` of the export holds {no_client}; its other realms hold {}.",
                elide(&settings.realm),
                elsewhere.join(", ")
            )
        }
        (_, []) if export.realms_for(&settings.realm).iter().all(|r| r.clients.is_empty()) => format!(
            "The export holds no clients (in Partial export, turn Include clients on), so {no_client}."
        ),
        (_, listed) => {
            let shown: Vec<String> = listed.iter().take(8).map(|c| format!("`{}`", elide(c))).collect();
            let more = if listed.len() > 8 { ", …" } else { "" };
            format!(
                "The export holds {no_client}; its clients are {}{more}.",
                if shown.is_empty() { "only Keycloak's own".to_owned() } else { shown.join(", ") }
            )
        }
    };
    let mut d =
        Diagnostic::new(Code::KcClientIdMismatch, &[Field::ClientId, EXPORT]).detail(detail);
    // Alone in the list, it would read as the export's only problem.
    d.fix.push_str(WAITING);
    match candidates.as_slice() {
        [only] => d.action(FixAction::SetText {
            field: Field::ClientId,
            value: (*only).to_owned(),
        }),
        _ => d,
    }
}

/// The realm's own settings: enabled, Require SSL, Frontend URL.
fn check_realm(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    realm: &ExportedRealm,
    out: &mut Vec<Diagnostic>,
) {
    if realm.enabled == Some(false) {
        out.push(Diagnostic::new(Code::KcRealmDisabled, &[EXPORT]));
    }
    // Keycloak skips the check when its own base URI is https, and a realm's https Frontend
    // URL makes it so for every request (facts: keycloak-client.md §7).
    let https_frontend = realm.frontend_url.as_deref().is_some_and(|url| {
        url.trim()
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
    });
    if let Some(level) = realm.ssl_required.as_deref().filter(|_| !https_frontend) {
        check_ssl_required(settings, derived, level, out);
    }
    if let Some(frontend) = realm.frontend_url.as_deref() {
        check_frontend_url(settings, context, derived, frontend, out);
    }
}

fn check_ssl_required(
    settings: &Settings,
    derived: &Derived,
    level: &str,
    out: &mut Vec<Diagnostic>,
) {
    let all = level.eq_ignore_ascii_case("all");
    if !all && !level.eq_ignore_ascii_case("external") {
        return;
    }
    let refused: Vec<Endpoint> = Endpoint::ALL
        .into_iter()
        .filter(|&e| e != Endpoint::Logout || settings.logout_upstream)
        .filter(|&e| {
            endpoint_base(derived, e)
                .is_some_and(|b| !b.https && (all || !b.host.is_on_private_network()))
        })
        .collect();
    if refused.is_empty() {
        return;
    }
    let mut fields = vec![EXPORT];
    fields.extend(refused.iter().map(|e| e.field()));
    let names: Vec<&str> = refused.iter().map(|e| e.field().title()).collect();
    out.push(
        Diagnostic::new(Code::KcRealmSslRequired, &fields).detail(format!(
            "The realm's Require SSL is `{}`, and the {} {} http{}.",
            elide(level),
            names.join(", "),
            if refused.len() == 1 { "uses" } else { "use" },
            if all { "" } else { " on a public address" },
        )),
    );
}

/// The base an endpoint URL is on (the override's host, or the base it was derived from).
fn endpoint_base(derived: &Derived, endpoint: Endpoint) -> Option<BaseUrl> {
    let url = derived.endpoints.get(endpoint);
    if url.value.is_empty() {
        return None;
    }
    if url.overridden {
        return host_of(&url.value);
    }
    if endpoint.is_backchannel() {
        derived
            .internal_host_base
            .clone()
            .or_else(|| derived.host_base.clone())
    } else {
        derived.host_base.clone()
    }
}

/// `kc-realm-frontend-url` when the realm's Frontend URL is not Host's base. When it is, the
/// realm pins the issuer to it whatever address Wiki.js calls, so `split-host-issuer` is
/// said as a note (the page's form check gives way to it: `with_keycloak_side`).
fn check_frontend_url(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    frontend: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(public) = derived.public_base.as_deref() else {
        return; // Host is not usable yet: its own finding says why
    };
    let base = parse_base(frontend).ok();
    let normalised = base.as_ref().map(|b| format!("{}{}", b.origin, b.path));
    if normalised.as_deref() == Some(public) {
        if let Some((public, internal)) = derived.split_host() {
            let mut note = stood_down(
                split_host_issuer(context, public, internal),
                format!("The pasted export's realm has its Frontend URL at {public}, which pins the issuer."),
            );
            note.fix = format!("Nothing to pin while the realm's Frontend URL stays {public}.");
            // The export says it: its box is where it came from (and nothing to go to).
            note.fields.push(EXPORT);
            out.push(note);
        }
        return;
    }
    let mut d = Diagnostic::new(Code::KcRealmFrontendUrl, &[Field::Host, EXPORT]).detail(format!(
        "The realm's Frontend URL is {}, and Host gives {public}.",
        elide(frontend)
    ));
    if let Some(value) = normalised {
        // Offer Host = Frontend URL only when the derived base then equals it (the layout
        // chosen could add or drop /auth).
        let mut fixed = settings.clone();
        fixed.host = value.clone();
        if derive(&fixed).public_base.as_deref() == Some(value.as_str()) {
            d = d.value(elide(&value)).action(FixAction::SetText {
                field: Field::Host,
                value,
            });
        }
    }
    out.push(d);
}

/// The client's settings, in the order Keycloak checks a sign-in.
fn check_client(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    (realm, client): (&ExportedRealm, &ExportedClient),
    out: &mut Vec<Diagnostic>,
) {
    let on = |flag: Option<bool>| flag == Some(true);
    if !client.is_enabled() {
        out.push(Diagnostic::new(Code::KcClientDisabled, &[EXPORT]));
    }
    if on(client.bearer_only) {
        out.push(Diagnostic::new(Code::KcBearerOnly, &[EXPORT]));
    }
    if let Some(protocol) = client
        .protocol
        .as_deref()
        .filter(|p| *p != "openid-connect")
    {
        out.push(
            Diagnostic::new(Code::KcWrongProtocol, &[EXPORT])
                .detail(format!("The client's protocol is `{}`.", elide(protocol))),
        );
    }
    check_redirect(settings, context, derived, client, out);
    if !client.is_standard_flow_enabled() {
        out.push(Diagnostic::new(Code::KcStandardFlowOff, &[EXPORT]));
    }
    let missing = missing_scopes(client);
    if !missing.is_empty() {
        out.push(
            Diagnostic::new(Code::KcScopeMissing, &[EXPORT]).detail(format!(
                "The client's scopes lack {}.",
                missing.join(" and ")
            )),
        );
    }
    if let Some(method) = client.attribute(ATTR_PKCE).filter(|m| !m.is_empty()) {
        out.push(
            Diagnostic::new(Code::KcPkceRequired, &[EXPORT]).detail(format!(
                "The client requires the PKCE method `{}`.",
                elide(method)
            )),
        );
    }
    let authenticator = authenticator_problem(client);
    let public = on(client.public_client);
    if public {
        // Keycloak ignores a public client's authenticator: it fails the sign-in only once
        // Client authentication is turned on, as this finding's fix says to.
        let mut d = Diagnostic::new(Code::KcPublicClient, &[EXPORT]);
        if authenticator.is_some() {
            d = d.detail("Once it is on, also set Credentials › Client Authenticator to Client Id and Secret, with the secret allowed in the request body.");
        }
        out.push(d);
    } else if let Some(detail) = authenticator {
        out.push(Diagnostic::new(Code::KcClientAuthenticator, &[EXPORT]).detail(detail));
    }
    if secret_mismatch(settings, client) {
        let d = Diagnostic::new(Code::KcSecretMismatch, &[Field::ClientSecret, EXPORT]);
        out.push(if public {
            d.detail("Keycloak checks it once Client authentication is on (a public client's is ignored).")
        } else {
            d
        });
    }
    check_secret_readable(client, out);
    check_post_logout(settings, context, derived, (realm, client), out);
    if on(client.consent_required) {
        out.push(Diagnostic::new(Code::KcConsentRequired, &[EXPORT]));
    }
}

/// Where the client's relative entries resolve for a URI Keycloak receives at `endpoint`.
pub(super) fn resolution<'a>(
    derived: &'a Derived,
    client: &'a ExportedClient,
    origin: Option<&'a str>,
) -> Resolution<'a> {
    Resolution {
        root_url: client.root_url.as_deref(),
        keycloak_origin: origin,
        keycloak_base: derived.public_base.as_deref(),
    }
}

/// Keycloak's origin as the browser reaches it at `endpoint`.
pub(super) fn keycloak_origin(derived: &Derived, endpoint: Endpoint) -> Option<String> {
    endpoint_base(derived, endpoint).map(|b| b.origin)
}

fn check_redirect(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    client: &ExportedClient,
    out: &mut Vec<Diagnostic>,
) {
    let Some(callback) = derived.callback_url.as_deref() else {
        return; // no callback yet: `site-url-missing` or the strategy key says why
    };
    let origin = keycloak_origin(derived, Endpoint::Authorization);
    let resolution = resolution(derived, client, origin.as_deref());
    match match_redirect(callback, &client.redirect_uris, &resolution) {
        RedirectMatch::Exact => {}
        RedirectMatch::Wildcard(entry) => {
            // Where Keycloak checks the Site URL after logout among the redirect URIs, the
            // wildcard may be what lets it through: the exact list keeps it.
            let site = derived
                .post_logout_redirect
                .as_deref()
                .filter(|_| logout_return(settings, context) == Some(LogoutReturn::RedirectUris));
            out.push(
                Diagnostic::new(Code::KcRedirectUriBroad, &[EXPORT])
                    .detail(format!("Valid redirect URIs holds `{}`.", elide(&entry)))
                    .value(match site {
                        Some(site) => format!("{callback}, and add the Site URL {site}: this Keycloak checks it there after logout."),
                        None => callback.to_owned(),
                    }),
            )
        }
        RedirectMatch::NoMatch => {
            let fields: &[Field] = match site_url_suspect(client, &resolution, callback) {
                true => &[EXPORT, Field::SiteUrl],
                false => &[EXPORT],
            };
            out.push(
                Diagnostic::new(Code::KcRedirectUriMissing, fields)
                    .detail(redirect_detail(&client.redirect_uris, callback))
                    .value(callback),
            )
        }
    }
}

/// Whether the Site URL may be what is wrong for a callback the client lacks: the client
/// allows addresses for the wiki (absolute, or relative to its root URL) and none is on the
/// callback's origin, as for a wiki that moved. Else the client lacks this strategy's
/// callback (none at all, another key's), which is set in Keycloak alone.
fn site_url_suspect(client: &ExportedClient, resolution: &Resolution, callback: &str) -> bool {
    let has_root = client.root_url.as_deref().is_some_and(|r| !r.is_empty());
    let addresses: Vec<String> = client
        .redirect_uris
        .iter()
        .filter(|e| e.contains("://") || has_root && e.starts_with('/'))
        .filter_map(|e| resolution.resolve(e))
        // Keycloak reads `*` in a host literally: such an entry names no origin.
        .filter(|e| {
            !e.split("://")
                .nth(1)
                .unwrap_or("")
                .split('/')
                .next()
                .unwrap_or("")
                .contains('*')
        })
        .collect();
    let loopback = |url: &str| host_of(url).is_some_and(|b| b.host.is_loopback());
    // On loopback Keycloak takes any port, so any loopback address is the callback's.
    let callback_loopback = loopback(callback);
    !addresses.is_empty()
        && !addresses
            .iter()
            .any(|e| crate::host::on_origin_of(e, callback) || callback_loopback && loopback(e))
}

fn redirect_detail(entries: &[String], callback: &str) -> String {
    if entries.is_empty() {
        return "The client has no Valid redirect URIs.".to_owned();
    }
    let shown: Vec<String> = entries
        .iter()
        .take(5)
        .map(|e| format!("`{}`", elide(e)))
        .collect();
    let more = if entries.len() > 5 { ", …" } else { "" };
    format!(
        "Wiki.js sends {}, and the client allows {}{more}.",
        elide(callback),
        shown.join(", ")
    )
}

/// `profile` and `email` when the client's lists replace the realm's defaults and lack them.
/// Either list present replaces both kinds of the realm's defaults (Keycloak's import: a
/// client with only `optionalClientScopes` gets no default scope), so the two are read
/// together; with neither, the realm's defaults (where `profile` and `email` live) apply.
pub(super) fn missing_scopes(client: &ExportedClient) -> Vec<&'static str> {
    let (defaults, optional) = (
        &client.default_client_scopes,
        &client.optional_client_scopes,
    );
    if defaults.is_none() && optional.is_none() {
        return Vec::new();
    }
    let assigned = || defaults.iter().chain(optional).flatten();
    ["profile", "email"]
        .into_iter()
        .filter(|s| !assigned().any(|c| c == s))
        .collect()
}

/// Why Keycloak would refuse the secret Wiki.js posts, if it would.
fn authenticator_problem(client: &ExportedClient) -> Option<String> {
    let authenticator = client
        .client_authenticator_type
        .as_deref()
        .filter(|t| *t != "client-secret");
    let basic_only = client.attribute(ATTR_SECRET_METHOD) == Some("client_secret_basic");
    match (authenticator, basic_only) {
        (Some(t), _) => Some(format!(
            "The client's Client Authenticator is `{}`.",
            elide(t)
        )),
        (None, true) => Some(
            "The client accepts the secret only as client_secret_basic (an Authorization header)."
                .to_owned(),
        ),
        (None, false) => None,
    }
}

/// The export's secret is in clear and differs from the form's (an empty form's is
/// `required`'s to say).
fn secret_mismatch(settings: &Settings, client: &ExportedClient) -> bool {
    let typed = settings.client_secret.expose();
    matches!(&client.secret, ExportedSecret::Clear(secret) if !typed.is_empty() && typed != secret.expose())
}

/// A secret the export does not show cannot be compared.
fn check_secret_readable(client: &ExportedClient, out: &mut Vec<Diagnostic>) {
    let detail = match &client.secret {
        ExportedSecret::Clear(_) => return,
        ExportedSecret::Masked => "The export's secret is masked (**********).",
        ExportedSecret::Absent => "The export carries no secret.",
    };
    out.push(Diagnostic::new(Code::KcSecretMasked, &[EXPORT]).detail(detail));
}

/// Whether Keycloak checks the Site URL against the post logout list after logout.
pub(super) fn sends_post_logout(settings: &Settings, context: &Context) -> bool {
    logout_return(settings, context) == Some(LogoutReturn::PostLogoutUris)
}

/// Whether Keycloak checks the Site URL against the redirect URIs after logout: the legacy
/// `redirect_uri` (those of every client of the realm), or Keycloak 18's
/// `post_logout_redirect_uri` (the client's own).
pub(crate) fn site_among_redirects(settings: &Settings, context: &Context) -> bool {
    logout_return(settings, context) == Some(LogoutReturn::RedirectUris)
}

/// Whether Keycloak lets a logout return to `site`: the post-logout list, or (unset, `+`)
/// the redirect URIs given, matched as Keycloak matches them.
pub(super) fn allows_after_logout(
    site: &str,
    (derived, context): (&Derived, &Context),
    client: &ExportedClient,
    redirect_uris: &[String],
) -> bool {
    let attribute = client.attribute(ATTR_POST_LOGOUT);
    if attribute.is_none_or(str::is_empty) && unset_allows_nothing(context) {
        return false;
    }
    let allowed = post_logout_uris(attribute, redirect_uris);
    let origin = keycloak_origin(derived, Endpoint::Logout);
    match_redirect(
        site,
        &allowed,
        &resolution(derived, client, origin.as_deref()),
    )
    .matches()
}

/// Keycloak 19.0 to 20.0.1 read a client without post logout redirect URIs as allowing
/// none; 20.0.2 added the fall-back to its redirect URIs (facts: keycloak-client.md, issue
/// #14884). The version is known only to its major: 20 is taken as the affected one.
fn unset_allows_nothing(context: &Context) -> bool {
    matches!(context.keycloak_version, Some(19 | 20))
}

/// Whether Keycloak checks the Site URL against every client of the realm: the legacy
/// parameter names no client (and before 18 the new one is read as its alias).
fn realm_wide_logout(settings: &Settings, context: &Context) -> bool {
    settings.logout_legacy_redirect
        || context.legacy_logout_only
        || context.keycloak_version.is_some_and(|v| v <= 17)
}

/// Whether the export is of a single client (its realm holds nothing else).
fn export_holds_one_client(realm: &ExportedRealm) -> bool {
    realm.name.is_none() && realm.clients.len() == 1
}

/// Whether a logout may return to `site` through the redirect URIs ([`site_among_redirects`]):
/// `client`'s given as `redirect_uris` (perhaps corrected), and for the legacy parameter,
/// which names no client, those of every other client of the realm that Keycloak reads then.
pub(super) fn allows_among_redirects(
    site: &str,
    (settings, context, derived): (&Settings, &Context, &Derived),
    realm: &ExportedRealm,
    client: &ExportedClient,
    redirect_uris: &[String],
) -> bool {
    let origin = keycloak_origin(derived, Endpoint::Logout);
    let allows = |c: &ExportedClient, uris: &[String]| {
        match_redirect(site, uris, &resolution(derived, c, origin.as_deref())).matches()
    };
    allows(client, redirect_uris)
        || realm_wide_logout(settings, context)
            && realm
                .clients
                .iter()
                .filter(|c| c.client_id != client.client_id && c.takes_unnamed_logout())
                .any(|c| allows(c, &c.redirect_uris))
}

fn check_post_logout(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    (realm, client): (&ExportedRealm, &ExportedClient),
    out: &mut Vec<Diagnostic>,
) {
    let Some(site) = derived.post_logout_redirect.as_deref() else {
        return;
    };
    if site_among_redirects(settings, context) {
        let inputs = (settings, context, derived);
        if !allows_among_redirects(site, inputs, realm, client, &client.redirect_uris) {
            // The catalogue's message names the post logout list: not the one checked here.
            let mut d = Diagnostic::new(
                Code::KcPostLogoutUriMissing,
                &[EXPORT, Field::LogoutUpstream],
            );
            // A single client's export cannot show the realm's other clients, which the legacy
            // parameter's check counts too.
            let others = if export_holds_one_client(realm) && realm_wide_logout(settings, context) {
                " (this client's list: other clients of the realm count too)"
            } else {
                ""
            };
            // 18 to 25 check the legacy parameter only with their legacy logout option on;
            // without it they refuse it whatever the list (the form's own finding says so).
            let option_only = context
                .keycloak_version
                .is_some_and(|v| (18..=25).contains(&v));
            let unless = if option_only {
                " This holds only while Keycloak runs with its legacy logout option (spi-login-protocol-openid-connect-legacy-logout-redirect-uri=true): without it, Keycloak 18 to 25 refuse the legacy parameter whatever this list says, and turning Legacy Logout Redirect off is the fix."
            } else {
                ""
            };
            d.message = format!("After logout Wiki.js sends {site}, which this Keycloak checks against the Valid redirect URIs, and none matches{others}: every sign-out ends on \"Invalid redirect uri\".{unless}");
            d.fix = format!("Clients › your client › Valid redirect URIs (old console: Settings › Valid Redirect URIs): add exactly the Site URL. {site}");
            out.push(d);
        }
        return;
    }
    if !sends_post_logout(settings, context) {
        return;
    }
    if allows_after_logout(site, (derived, context), client, &client.redirect_uris) {
        return;
    }
    let how = match client.attribute(ATTR_POST_LOGOUT).filter(|a| !a.is_empty()) {
        None if unset_allows_nothing(context) => {
            "The client has no post logout redirect URIs, which Keycloak 19.0 to 20.0.1 read as none (20.0.2 and later use its redirect URIs)".to_owned()
        }
        None => {
            "The client has no post logout redirect URIs, so its redirect URIs apply".to_owned()
        }
        Some(a) if a.starts_with('-') => {
            "The client's post logout redirect URIs are `-` (none)".to_owned()
        }
        Some(a) => format!("The client's post logout redirect URIs are `{}`", elide(a)),
    };
    out.push(
        Diagnostic::new(
            Code::KcPostLogoutUriMissing,
            &[EXPORT, Field::LogoutUpstream],
        )
        .detail(format!("{how}, and none matches {site}."))
        .value(site),
    );
}

/// Secrets shorter than this are not masked: too short to be Keycloak's (it generates 32
/// characters; `secret-suspicious` says so), and masking them would garble the wording.
pub const MIN_REDACTED: usize = 8;

/// Mask both secrets (the form's and every clear one in the export) in every text, and drop
/// a one-click fix that would carry one: a value copied from a hostile export may hold them.
fn redact(found: &mut [Diagnostic], settings: &Settings, pasted: &PastedExport) {
    let mut secrets: Vec<&Secret> = vec![&settings.client_secret];
    if let PastedExport::Readable(export) = pasted {
        for client in export.realms.iter().flat_map(|r| &r.clients) {
            if let ExportedSecret::Clear(s) = &client.secret {
                secrets.push(s);
            }
        }
    }
    let secrets: Vec<&Secret> = secrets
        .into_iter()
        .filter(|s| s.expose().chars().count() >= MIN_REDACTED)
        .collect();
    if secrets.is_empty() {
        return;
    }
    for d in found {
        for s in &secrets {
            d.message = s.redact(&d.message);
            d.fix = s.redact(&d.fix);
        }
        let carries = |v: &str| secrets.iter().any(|s| v.contains(s.expose()));
        if let Some(FixAction::SetText { value, .. }) = &d.action {
            if carries(value) {
                d.action = None;
            }
        }
    }
}

/// A value as quoted in a finding: whole when short, else its start and end around `…`.
pub(super) fn elide(value: &str) -> String {
    const KEEP: usize = 60;
    let count = value.chars().count();
    if count <= KEEP + 10 {
        return value.to_owned();
    }
    let start: String = value.chars().take(KEEP).collect();
    let end: String = value.chars().skip(count - 10).collect();
    format!("{start}…{end}")
}
