//! The Keycloak side: every `kc-*` code with a trigger and a near miss, Keycloak's redirect
//! and post-logout rules, exports shaped as Keycloak writes them, and the fixes (the kcadm
//! script run under sh, bash and dash with hostile values; the corrected JSON read back).

use std::sync::Arc;

use serde_json::{json, Value};

use crate::derive::encode_realm;
use crate::diagnostics::checks::{diagnose_form, with_keycloak_side};
use crate::diagnostics::presentation::Target;
use crate::diagnostics::wire::{flatten, unflatten};
use crate::diagnostics::{has_errors, Code, Diagnostic, FixAction, Severity};
use crate::keycloak_client::setup_steps;
use crate::keycloak_export::checks::check_export;
use crate::keycloak_export::fixes::{corrected_client_json, kcadm_fix_commands};
use crate::keycloak_export::redirect::{
    match_redirect, post_logout_uris, RedirectMatch, Resolution,
};
use crate::keycloak_export::silent_steps;
use crate::keycloak_export::{
    checklist, parse_export, ExportShape, ExportedSecret, ItemState, PastedExport,
};
use crate::samples::{clean_context, clean_settings};
use crate::secret::Secret;
use crate::settings::{Context, Settings};
use crate::{derive, diagnose};

const SECRET: &str = "x7Kp2mQ9vR4tL8wZ3nB6cF1hJ5dG0sYa";
const CALLBACK: &str =
    "https://wiki.example.com/login/5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77/callback";

/// The clean settings' client as the console exports it: everything Wiki.js needs.
fn good_client() -> Value {
    json!({
        "clientId": "wikijs",
        "name": "Wiki",
        "rootUrl": "https://wiki.example.com",
        "adminUrl": "",
        "baseUrl": "/",
        "surrogateAuthRequired": false,
        "enabled": true,
        "alwaysDisplayInConsole": false,
        "clientAuthenticatorType": "client-secret",
        "secret": SECRET,
        "redirectUris": [CALLBACK],
        "webOrigins": ["+"],
        "notBefore": 0,
        "bearerOnly": false,
        "consentRequired": false,
        "standardFlowEnabled": true,
        "implicitFlowEnabled": false,
        "directAccessGrantsEnabled": false,
        "serviceAccountsEnabled": false,
        "publicClient": false,
        "frontchannelLogout": true,
        "protocol": "openid-connect",
        "attributes": {
            "oidc.ciba.grant.enabled": "false",
            "post.logout.redirect.uris": "https://wiki.example.com",
            "backchannel.logout.session.required": "true",
            "pkce.code.challenge.method": ""
        },
        "authenticationFlowBindingOverrides": {},
        "fullScopeAllowed": true,
        "nodeReRegistrationTimeout": -1,
        "protocolMappers": [{"id": "5b0c", "name": "audience", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper", "config": {}}],
        "defaultClientScopes": ["web-origins", "acr", "profile", "roles", "email"],
        "optionalClientScopes": ["address", "phone", "offline_access", "microprofile-jwt"]
    })
}

/// A realm export holding the good client and two of Keycloak's own.
fn good_realm() -> Value {
    json!({
        "id": "0d6e",
        "realm": "wiki",
        "enabled": true,
        "sslRequired": "external",
        "attributes": {"frontendUrl": ""},
        "clients": [
            {"clientId": "account", "secret": "**********", "publicClient": true, "redirectUris": ["/realms/wiki/account/*"]},
            good_client(),
            {"clientId": "admin-cli", "publicClient": true}
        ],
        "users": [{"username": "alice", "credentials": [{"value": "hunter2"}]}]
    })
}

type Edit = fn(&mut Value, &mut Settings);

fn client(realm: &mut Value) -> &mut Value {
    &mut realm["clients"][1]
}

fn attrs(realm: &mut Value) -> &mut Value {
    &mut client(realm)["attributes"]
}

/// The findings for `export` (as text) over the clean settings.
fn diagnose_export(text: &str, settings: &Settings) -> Vec<Diagnostic> {
    diagnose(settings, &context_with(text))
}

fn context_with(text: &str) -> Context {
    Context {
        keycloak_export: parse_export(text).map(Arc::new),
        ..clean_context()
    }
}

fn kc_codes(found: &[Diagnostic]) -> Vec<&'static str> {
    found
        .iter()
        .map(|d| d.code.as_str())
        .filter(|c| c.starts_with("kc-"))
        .collect()
}

fn codes_after(edit: Edit) -> Vec<&'static str> {
    let mut realm = good_realm();
    let mut settings = clean_settings();
    edit(&mut realm, &mut settings);
    kc_codes(&diagnose_export(&realm.to_string(), &settings))
}

#[test]
fn the_good_client_shows_no_keycloak_finding() {
    assert_eq!(codes_after(|_, _| {}), Vec::<&str>::new());
    let single = good_client().to_string();
    assert_eq!(
        kc_codes(&diagnose_export(&single, &clean_settings())),
        Vec::<&str>::new()
    );
}

/// (what the case shows, the change, the code, whether it must fire)
#[rustfmt::skip]
const CASES: &[(&str, Edit, &str, bool)] = &[
    ("text that is not JSON", |r, _| *r = json!("not an export"), "kc-export-unreadable", true),
    ("JSON without clientId, realm or clients", |r, _| *r = json!({"foo": 1}), "kc-export-unreadable", true),
    ("a realm export is readable", |_, _| {}, "kc-export-unreadable", false),
    ("another Client ID", |_, s| s.client_id = "wiki-js".into(), "kc-client-id-mismatch", true),
    ("Client ID differs in letter case", |_, s| s.client_id = "WikiJS".into(), "kc-client-id-mismatch", true),
    ("the same Client ID", |_, s| s.client_id = "wikijs".into(), "kc-client-id-mismatch", false),
    ("another realm", |r, _| r["realm"] = json!("Wiki"), "kc-realm-mismatch", true),
    ("the same realm", |r, _| r["realm"] = json!("wiki"), "kc-realm-mismatch", false),
    ("a realm export that does not name its realm", |r, _| { r.as_object_mut().unwrap().remove("realm"); }, "kc-realm-mismatch", false),
    ("a realm export that does not name its realm, disabled", |r, _| { r.as_object_mut().unwrap().remove("realm"); r["enabled"] = json!(false); }, "kc-realm-disabled", true),
    ("the realm disabled", |r, _| r["enabled"] = json!(false), "kc-realm-disabled", true),
    ("the realm enabled as a string", |r, _| r["enabled"] = json!("true"), "kc-realm-disabled", false),
    ("the client disabled", |r, _| client(r)["enabled"] = json!(false), "kc-client-disabled", true),
    ("the client disabled as a string", |r, _| client(r)["enabled"] = json!("false"), "kc-client-disabled", true),
    ("enabled absent means enabled", |r, _| { client(r).as_object_mut().unwrap().remove("enabled"); }, "kc-client-disabled", false),
    ("a SAML client", |r, _| client(r)["protocol"] = json!("saml"), "kc-wrong-protocol", true),
    ("protocol absent means OpenID Connect", |r, _| { client(r).as_object_mut().unwrap().remove("protocol"); }, "kc-wrong-protocol", false),
    ("bearer-only", |r, _| client(r)["bearerOnly"] = json!(true), "kc-bearer-only", true),
    ("not bearer-only", |r, _| client(r)["bearerOnly"] = json!(false), "kc-bearer-only", false),
    ("standard flow off", |r, _| client(r)["standardFlowEnabled"] = json!(false), "kc-standard-flow-off", true),
    ("standard flow absent means on", |r, _| { client(r).as_object_mut().unwrap().remove("standardFlowEnabled"); }, "kc-standard-flow-off", false),
    ("only another path registered", |r, _| client(r)["redirectUris"] = json!(["https://wiki.example.com/login/other/callback"]), "kc-redirect-uri-missing", true),
    ("no redirect URIs at all", |r, _| client(r)["redirectUris"] = json!([]), "kc-redirect-uri-missing", true),
    ("a trailing slash on the entry", |r, _| client(r)["redirectUris"] = json!([format!("{CALLBACK}/")]), "kc-redirect-uri-missing", true),
    ("http where the site is https", |r, _| client(r)["redirectUris"] = json!([CALLBACK.replace("https:", "http:")]), "kc-redirect-uri-missing", true),
    ("a relative /* without rootUrl is Keycloak's own host", |r, _| { client(r)["rootUrl"] = json!(""); client(r)["redirectUris"] = json!(["/*"]); }, "kc-redirect-uri-missing", true),
    ("the exact callback", |_, _| {}, "kc-redirect-uri-missing", false),
    ("a Site URL with capitals in its host", |_, s| s.site_url = "https://Wiki.Example.com".into(), "kc-redirect-uri-missing", false),
    ("a site wildcard", |r, _| client(r)["redirectUris"] = json!(["https://wiki.example.com/*"]), "kc-redirect-uri-broad", true),
    ("a bare *", |r, _| client(r)["redirectUris"] = json!(["*"]), "kc-redirect-uri-broad", true),
    ("a relative /* with rootUrl", |r, _| client(r)["redirectUris"] = json!(["/*"]), "kc-redirect-uri-broad", true),
    ("an exact entry beside a wildcard", |r, _| client(r)["redirectUris"] = json!(["https://wiki.example.com/*", CALLBACK]), "kc-redirect-uri-broad", false),
    ("profile missing from the scopes", |r, _| client(r)["defaultClientScopes"] = json!(["web-origins", "roles", "email"]), "kc-scope-missing", true),
    ("empty scope lists", |r, _| { client(r)["defaultClientScopes"] = json!([]); client(r)["optionalClientScopes"] = json!([]); }, "kc-scope-missing", true),
    ("profile and email as optional", |r, _| { client(r)["defaultClientScopes"] = json!(["roles"]); client(r)["optionalClientScopes"] = json!(["profile", "email"]); }, "kc-scope-missing", false),
    ("only optional scopes: no default scope left", |r, _| { client(r).as_object_mut().unwrap().remove("defaultClientScopes"); client(r)["optionalClientScopes"] = json!(["offline_access"]); }, "kc-scope-missing", true),
    ("only optional scopes, with profile and email", |r, _| { client(r).as_object_mut().unwrap().remove("defaultClientScopes"); client(r)["optionalClientScopes"] = json!(["profile", "email"]); }, "kc-scope-missing", false),
    ("null scope lists are absent", |r, _| { client(r)["defaultClientScopes"] = json!(null); client(r)["optionalClientScopes"] = json!(null); }, "kc-scope-missing", false),
    ("no scope keys: the realm's defaults", |r, _| { let c = client(r).as_object_mut().unwrap(); c.remove("defaultClientScopes"); c.remove("optionalClientScopes"); }, "kc-scope-missing", false),
    ("openid is not needed", |r, _| client(r)["defaultClientScopes"] = json!(["profile", "email"]), "kc-scope-missing", false),
    ("a signed-JWT authenticator", |r, _| client(r)["clientAuthenticatorType"] = json!("client-jwt"), "kc-client-authenticator", true),
    ("the secret only by Basic auth", |r, _| attrs(r)["client.secret.authentication.allowed.method"] = json!("client_secret_basic"), "kc-client-authenticator", true),
    ("the secret by POST allowed", |r, _| attrs(r)["client.secret.authentication.allowed.method"] = json!("client_secret_post"), "kc-client-authenticator", false),
    ("a public client's JWT authenticator (ignored; kc-public-client says it)", |r, _| { client(r)["publicClient"] = json!(true); client(r)["clientAuthenticatorType"] = json!("client-jwt"); }, "kc-client-authenticator", false),
    ("PKCE S256 enforced", |r, _| attrs(r)["pkce.code.challenge.method"] = json!("S256"), "kc-pkce-required", true),
    ("PKCE plain enforced", |r, _| attrs(r)["pkce.code.challenge.method"] = json!("plain"), "kc-pkce-required", true),
    ("PKCE empty", |r, _| attrs(r)["pkce.code.challenge.method"] = json!(""), "kc-pkce-required", false),
    ("another client's secret", |_, s| s.client_secret = Secret::new("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), "kc-secret-mismatch", true),
    ("a masked secret is not compared", |r, s| { client(r)["secret"] = json!("**********"); s.client_secret = Secret::new("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"); }, "kc-secret-mismatch", false),
    ("the same secret", |_, _| {}, "kc-secret-mismatch", false),
    ("a public client", |r, _| client(r)["publicClient"] = json!(true), "kc-public-client", true),
    ("a confidential client", |r, _| client(r)["publicClient"] = json!(false), "kc-public-client", false),
    ("post-logout unset, only the callback registered", |r, _| { attrs(r).as_object_mut().unwrap().remove("post.logout.redirect.uris"); }, "kc-post-logout-uri-missing", true),
    ("post-logout +, only the callback registered", |r, _| attrs(r)["post.logout.redirect.uris"] = json!("+"), "kc-post-logout-uri-missing", true),
    ("post-logout -", |r, _| attrs(r)["post.logout.redirect.uris"] = json!("-##https://wiki.example.com"), "kc-post-logout-uri-missing", true),
    ("post-logout, a Site URL with capitals in its host", |_, s| s.site_url = "https://WIKI.example.com".into(), "kc-post-logout-uri-missing", false),
    ("post-logout with a trailing slash", |r, _| attrs(r)["post.logout.redirect.uris"] = json!("https://wiki.example.com/"), "kc-post-logout-uri-missing", true),
    ("post-logout + with a site wildcard redirect", |r, _| { attrs(r)["post.logout.redirect.uris"] = json!("+"); client(r)["redirectUris"] = json!(["https://wiki.example.com/*"]); }, "kc-post-logout-uri-missing", false),
    ("post-logout missing but upstream logout off", |r, s| { attrs(r)["post.logout.redirect.uris"] = json!("-"); s.logout_upstream = false; }, "kc-post-logout-uri-missing", false),
    ("the legacy redirect on: the Site URL not among the redirect URIs", |_, s| s.logout_legacy_redirect = true, "kc-post-logout-uri-missing", true),
    ("the legacy redirect on: the Site URL a redirect URI, post-logout -", |r, s| { attrs(r)["post.logout.redirect.uris"] = json!("-"); client(r)["redirectUris"] = json!([CALLBACK, "https://wiki.example.com"]); s.logout_legacy_redirect = true; }, "kc-post-logout-uri-missing", false),
    ("the legacy redirect on: a site wildcard redirect URI", |r, s| { client(r)["redirectUris"] = json!(["https://wiki.example.com/*"]); s.logout_legacy_redirect = true; }, "kc-post-logout-uri-missing", false),
    ("the legacy redirect on: another client of the realm allows the Site URL", |r, s| { r["clients"].as_array_mut().unwrap().push(json!({"clientId": "portal", "redirectUris": ["https://wiki.example.com"]})); s.logout_legacy_redirect = true; }, "kc-post-logout-uri-missing", false),
    ("the legacy redirect on: only a disabled client allows the Site URL", |r, s| { r["clients"].as_array_mut().unwrap().push(json!({"clientId": "portal", "enabled": false, "redirectUris": ["https://wiki.example.com"]})); s.logout_legacy_redirect = true; }, "kc-post-logout-uri-missing", true),
    ("the legacy redirect on: only a bearer-only client allows the Site URL", |r, s| { r["clients"].as_array_mut().unwrap().push(json!({"clientId": "api", "bearerOnly": true, "redirectUris": ["https://wiki.example.com"]})); s.logout_legacy_redirect = true; }, "kc-post-logout-uri-missing", true),
    ("the legacy redirect on: only a SAML client allows the Site URL", |r, s| { r["clients"].as_array_mut().unwrap().push(json!({"clientId": "saml-app", "protocol": "saml", "redirectUris": ["https://wiki.example.com"]})); s.logout_legacy_redirect = true; }, "kc-post-logout-uri-missing", true),
    ("the legacy redirect on: only a client with no browser flow allows the Site URL", |r, s| { r["clients"].as_array_mut().unwrap().push(json!({"clientId": "svc", "standardFlowEnabled": false, "redirectUris": ["https://wiki.example.com"]})); s.logout_legacy_redirect = true; }, "kc-post-logout-uri-missing", true),
    ("the legacy redirect on: an implicit-flow client allows the Site URL", |r, s| { r["clients"].as_array_mut().unwrap().push(json!({"clientId": "spa", "standardFlowEnabled": false, "implicitFlowEnabled": true, "redirectUris": ["https://wiki.example.com"]})); s.logout_legacy_redirect = true; }, "kc-post-logout-uri-missing", false),
    ("Require SSL all, Keycloak on http in a private network", |r, s| { r["sslRequired"] = json!("all"); s.host = "http://10.0.0.5:8080".into(); }, "kc-realm-ssl-required", true),
    ("Require SSL external, Keycloak on public http", |r, s| { r["sslRequired"] = json!("EXTERNAL"); s.host = "http://kc.example.com".into(); }, "kc-realm-ssl-required", true),
    ("Require SSL external, Keycloak on private http", |r, s| { r["sslRequired"] = json!("external"); s.host = "http://10.0.0.5:8080".into(); }, "kc-realm-ssl-required", false),
    ("Require SSL external, Keycloak on a .lan name", |r, s| { r["sslRequired"] = json!("external"); s.host = "http://keycloak.lan:8080".into(); }, "kc-realm-ssl-required", false),
    ("Require SSL all, Keycloak on https", |r, _| r["sslRequired"] = json!("all"), "kc-realm-ssl-required", false),
    ("Require SSL all, http, the realm's Frontend URL https", |r, s| { r["sslRequired"] = json!("all"); r["attributes"]["frontendUrl"] = json!("https://kc.example.com"); s.internal_base_url = "http://kc-internal.example.com:8080".into(); }, "kc-realm-ssl-required", false),
    ("Require SSL all, http, the realm's Frontend URL http", |r, s| { r["sslRequired"] = json!("all"); r["attributes"]["frontendUrl"] = json!("http://kc.example.com"); s.internal_base_url = "http://kc-internal.example.com:8080".into(); }, "kc-realm-ssl-required", true),
    ("a Frontend URL elsewhere", |r, _| r["attributes"]["frontendUrl"] = json!("https://sso.example.org"), "kc-realm-frontend-url", true),
    ("a Frontend URL under /auth, Host without", |r, _| r["attributes"]["frontendUrl"] = json!("https://kc.example.com/auth"), "kc-realm-frontend-url", true),
    ("the Frontend URL is Host, with a slash", |r, _| r["attributes"]["frontendUrl"] = json!("https://kc.example.com/"), "kc-realm-frontend-url", false),
    ("consent required", |r, _| client(r)["consentRequired"] = json!(true), "kc-consent-required", true),
    ("consent as a string", |r, _| client(r)["consentRequired"] = json!("false"), "kc-consent-required", false),
    ("a masked secret", |r, _| client(r)["secret"] = json!("**********"), "kc-secret-masked", true),
    ("no secret", |r, _| { client(r).as_object_mut().unwrap().remove("secret"); }, "kc-secret-masked", true),
    ("a clear secret", |_, _| {}, "kc-secret-masked", false),
];

#[test]
fn each_keycloak_check_fires_on_its_trigger_and_not_on_its_near_miss() {
    let failures = super::misfires(CASES, codes_after);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_keycloak_code_has_a_trigger_and_a_near_miss() {
    for code in Code::ALL.iter().filter(|c| c.is_keycloak_side()) {
        let code = code.as_str();
        assert!(
            CASES.iter().any(|(_, _, c, f)| *c == code && *f),
            "no case triggers {code}"
        );
        assert!(
            CASES.iter().any(|(_, _, c, f)| *c == code && !*f),
            "no near miss for {code}"
        );
    }
}

/// What an internal base URL and the realm's Frontend URL make of `split-host-issuer`.
#[rustfmt::skip]
const SPLIT_HOST: &[(&str, Edit, Option<Severity>)] = &[
    ("one address for both", |r, _| r["attributes"]["frontendUrl"] = json!("https://kc.example.com"), None),
    ("Wiki.js calls another address, no Frontend URL", |_, s| s.internal_base_url = INTERNAL.into(), Some(Severity::Warning)),
    ("the Frontend URL is Host", |r, s| { r["attributes"]["frontendUrl"] = json!("https://kc.example.com/"); s.internal_base_url = INTERNAL.into(); }, Some(Severity::Info)),
    ("the Frontend URL is elsewhere", |r, s| { r["attributes"]["frontendUrl"] = json!("https://sso.example.org"); s.internal_base_url = INTERNAL.into(); }, Some(Severity::Warning)),
    ("the Frontend URL is Host, in another realm", |r, s| { r["attributes"]["frontendUrl"] = json!("https://kc.example.com"); r["realm"] = json!("staff"); s.internal_base_url = INTERNAL.into(); }, Some(Severity::Warning)),
];

const INTERNAL: &str = "http://keycloak:8080";

#[test]
fn a_frontend_url_at_host_stands_split_host_issuer_down_once() {
    for (what, edit, expected) in SPLIT_HOST {
        let mut realm = good_realm();
        let mut settings = clean_settings();
        edit(&mut realm, &mut settings);
        let context = context_with(&realm.to_string());
        let found = diagnose(&settings, &context);
        let said: Vec<(Severity, Option<Target>)> = found
            .iter()
            .filter(|d| d.code == Code::SplitHostIssuer)
            .map(|d| (d.severity, d.go_to(&settings, &context)))
            .collect();
        // A warning leads to the pinned-hostname box; the export's note, nowhere.
        let go_to = |s: &Severity| (*s == Severity::Warning).then_some(Target::IssuerPinned);
        let expected: Vec<_> = expected.iter().map(|s| (*s, go_to(s))).collect();
        assert_eq!(said, expected, "{what}");
    }
    // The admin's box ticked too: the export's note stands, and still goes nowhere.
    let (_, edit, _) = SPLIT_HOST[2];
    let mut realm = good_realm();
    let mut settings = clean_settings();
    edit(&mut realm, &mut settings);
    let context = Context {
        issuer_pinned: true,
        ..context_with(&realm.to_string())
    };
    let said: Vec<(Severity, Option<Target>, bool)> = diagnose(&settings, &context)
        .iter()
        .filter(|d| d.code == Code::SplitHostIssuer)
        .map(|d| {
            (
                d.severity,
                d.go_to(&settings, &context),
                d.message.starts_with("The pasted export's"),
            )
        })
        .collect();
    assert_eq!(said, [(Severity::Info, None, true)]);
}

/// The page diagnoses the form itself and gets the export's findings from its `tools` part,
/// as flat strings: together they must be exactly what `diagnose` gives.
#[test]
fn the_keycloak_side_crosses_to_the_page_unchanged() {
    let fix_cases: [Edit; 3] = [
        |_, s| s.client_id.clear(),
        |r, _| r["realm"] = json!("wiki-prod"),
        |r, s| {
            r["realm"] = json!("wiki-prod");
            s.client_id = "other".into();
        },
    ];
    let edits = CASES
        .iter()
        .map(|(_, edit, _, _)| *edit)
        .chain(SPLIT_HOST.iter().map(|(_, edit, _)| *edit))
        .chain(fix_cases);
    for edit in edits {
        let mut realm = good_realm();
        let mut settings = clean_settings();
        edit(&mut realm, &mut settings);
        let context = context_with(&realm.to_string());
        let derived = derive(&settings);
        let whole = diagnose(&settings, &context);
        let mut side = Vec::new();
        check_export(&settings, &context, &derived, &mut side);
        assert_eq!(unflatten(&flatten(&side)), side);
        let form = diagnose_form(&settings, &context, &derived);
        assert_eq!(with_keycloak_side(form, &unflatten(&flatten(&side))), whole);
    }
}

#[test]
fn keycloak_side_errors_never_block_save() {
    let mut realm = good_realm();
    client(&mut realm)["enabled"] = json!(false);
    client(&mut realm)["redirectUris"] = json!([]);
    let found = diagnose_export(&realm.to_string(), &clean_settings());
    assert!(found.iter().any(|d| d.code == Code::KcRedirectUriMissing));
    assert!(!has_errors(&found), "{:?}", kc_codes(&found));
    for code in Code::ALL {
        assert_eq!(
            code.blocks_save(),
            code.severity() == crate::Severity::Error && !code.is_keycloak_side()
        );
    }
}

/// (callback, entries, rootUrl, Keycloak's origin, expected)
type RedirectCase = (
    &'static str,
    &'static [&'static str],
    Option<&'static str>,
    Option<&'static str>,
    Expect,
);

#[rustfmt::skip]
const REDIRECTS: &[RedirectCase] = &[
    ("https://h/p/cb", &["https://h/p/cb"], None, None, Expect::Exact),
    ("https://h/p/cb", &["https://h/p/CB"], None, None, Expect::No),
    ("https://H/p/cb", &["https://h/p/cb"], None, None, Expect::Exact),
    ("HTTPS://Wiki.Example.com/p/cb", &["https://wiki.example.com/p/*"], None, None, Expect::Wildcard),
    ("https://H/P/cb", &["https://h/p/cb"], None, None, Expect::No),
    ("https://h/p/cb", &["https://H/p/cb"], None, None, Expect::No),
    ("http://LOCALHOST:3000/cb", &["http://localhost/cb"], None, None, Expect::Exact),
    ("https://h/p/cb", &["https://h/p/cb/"], None, None, Expect::No),
    ("https://h/p/cb/", &["https://h/p/cb"], None, None, Expect::No),
    ("https://h/p/cb", &["http://h/p/cb"], None, None, Expect::No),
    ("https://h/p/cb", &["https://h/p/*"], None, None, Expect::Wildcard),
    ("https://h/p", &["https://h/p/*"], None, None, Expect::Wildcard),
    ("https://h/pq", &["https://h/p/*"], None, None, Expect::No),
    ("https://h/p/cb", &["https://h/*/cb"], None, None, Expect::No),
    ("https://h/*/cb", &["https://h/*/cb"], None, None, Expect::Exact),
    ("https://h/p/cb", &["https://h/p/*?x=1"], None, None, Expect::No),
    ("https://h/p/cb", &["https://h/p/*#f"], None, None, Expect::No),
    ("https://h/p/cb", &["*"], None, None, Expect::Wildcard),
    ("https://h/p/cb", &["https://h*"], None, None, Expect::Wildcard),
    ("https://h/p/cb", &["/p/cb"], Some("https://h"), Some("https://kc"), Expect::Exact),
    ("https://h/p/cb", &["/p/cb"], Some("https://h/"), Some("https://kc"), Expect::No),
    ("https://h/p/cb", &["/*"], Some("https://h"), Some("https://kc"), Expect::Wildcard),
    ("https://h/p/cb", &["/*"], None, Some("https://kc"), Expect::No),
    ("https://h/p/cb", &["/*"], Some(""), Some("https://h"), Expect::Wildcard),
    ("https://h/p/cb", &["/p/cb"], Some(""), None, Expect::No),
    ("https://kc/auth/p", &["/p"], Some("${authBaseUrl}"), Some("https://kc"), Expect::Exact),
    ("https://h/p/cb", &["+"], None, None, Expect::No),
    ("http://localhost:3000/cb", &["http://localhost/cb"], None, None, Expect::Exact),
    ("http://localhost:3000/cb", &["http://localhost:4000/cb"], None, None, Expect::No),
    ("https://localhost:3000/cb", &["https://localhost/cb"], None, None, Expect::No),
    ("https://h/p/cb", &["https://other/*", "https://h/p/cb"], None, None, Expect::Exact),
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Exact,
    Wildcard,
    No,
}

#[test]
fn redirect_uris_match_as_keycloak_matches_them() {
    let mut failures = Vec::new();
    for (uri, entries, root, origin, expected) in REDIRECTS {
        let entries: Vec<String> = entries.iter().map(|e| (*e).to_owned()).collect();
        let resolution = Resolution {
            root_url: *root,
            keycloak_origin: *origin,
            keycloak_base: Some("https://kc/auth"),
        };
        let got = match match_redirect(uri, &entries, &resolution) {
            RedirectMatch::Exact => Expect::Exact,
            RedirectMatch::Wildcard(_) => Expect::Wildcard,
            RedirectMatch::NoMatch => Expect::No,
        };
        if got != *expected {
            failures.push(format!(
                "{uri} against {entries:?} (root {root:?}): {got:?}, expected {expected:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Where a missing callback's "Go to" leads: the Site URL only where the client allows
/// addresses on another origin (a wiki that moved), else the Keycloak step that adds it.
#[rustfmt::skip]
#[test]
fn a_missing_callback_leads_to_the_site_url_only_when_the_wiki_moved() {
    use crate::keycloak_client::ConsoleStep;
    let step = Some(Target::ConsoleStep(ConsoleStep::RedirectUris));
    let site = Some(Target::Field(crate::Field::SiteUrl));
    const OLD: &str = "https://old-wiki.example.com";
    /// Redirect URIs, the client's rootUrl, the Site URL when not the clean one, where it leads.
    type Case = (&'static [&'static str], &'static str, Option<&'static str>, Option<Target>);
    let cases: &[Case] = &[
        (&["https://old-wiki.example.com/login/5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77/callback"], "", None, site),
        (&["/*"], OLD, None, site),
        (&["https://wiki.example.com/login/keycloak/callback"], "", None, step),
        (&["https://wiki.example.com:8443/login/x/callback", "https://wiki.example.com/login/x/callback"], "", None, step),
        (&[], "", None, step),
        (&["/login/keycloak/callback"], "https://wiki.example.com", None, step),
        // Relative to Keycloak's own origin (no rootUrl), a `*` host, a loopback of another
        // port: none names another wiki.
        (&["/login/keycloak/callback"], "", None, step),
        (&["https://*.example.org/login/x/callback"], "", None, step),
        (&["http://localhost/login/keycloak/callback"], "", Some("http://localhost:3000"), step),
    ];
    for (entries, root, site_url, expected) in cases {
        let mut realm = good_realm();
        client(&mut realm)["redirectUris"] = json!(entries);
        client(&mut realm)["rootUrl"] = json!(root);
        let context = context_with(&realm.to_string());
        let mut settings = clean_settings();
        if let Some(site_url) = site_url {
            settings.site_url = (*site_url).to_owned();
        }
        let found = diagnose(&settings, &context);
        let d = found.iter().find(|d| d.code == Code::KcRedirectUriMissing).unwrap_or_else(|| panic!("{entries:?}: {:?}", kc_codes(&found)));
        assert_eq!(d.go_to(&settings, &context), *expected, "{entries:?} {root}");
    }
}

/// (attribute, redirect URIs, the resolved post-logout list)
#[rustfmt::skip]
const POST_LOGOUT: &[(Option<&str>, &[&str], &[&str])] = &[
    (None, &["https://a/cb"], &["https://a/cb"]),
    (Some(""), &["https://a/cb"], &["https://a/cb"]),
    (Some("-"), &["https://a/cb"], &[]),
    (Some("-##https://a"), &["https://a/cb"], &[]),
    (Some("+"), &["https://a/cb"], &["https://a/cb"]),
    (Some("https://a##+"), &["https://a/cb"], &["https://a", "https://a/cb"]),
    (Some("https://a##https://b"), &["https://a/cb"], &["https://a", "https://b"]),
    (Some("https://a"), &[], &["https://a"]),
];

#[test]
fn post_logout_uris_resolve_as_keycloak_resolves_them() {
    for (attribute, redirects, expected) in POST_LOGOUT {
        let redirects: Vec<String> = redirects.iter().map(|e| (*e).to_owned()).collect();
        assert_eq!(
            post_logout_uris(*attribute, &redirects),
            *expected,
            "{attribute:?} with {redirects:?}"
        );
    }
}

/// (what the export is, its text, shape, client ids, whether wikijs's secret is masked)
#[test]
fn exports_are_read_as_keycloak_writes_them() {
    let partial = {
        let mut r = good_realm();
        client(&mut r)["secret"] = json!("**********");
        r.as_object_mut().unwrap().remove("users");
        serde_json::to_string_pretty(&r)
            .unwrap()
            .replace("\": ", "\" : ")
    };
    let kcadm_list = json!([
        {"id": "1c2d", "clientId": "account", "publicClient": true},
        {"id": "9f8e", "clientId": "wikijs", "secret": SECRET, "redirectUris": [CALLBACK]}
    ])
    .to_string();
    let realm_list =
        json!([good_realm(), {"realm": "other", "clients": [{"clientId": "app"}]}]).to_string();
    let testrealm = r#"{"realm": "wiki", "clients": [{"clientId": "wikijs", "enabled": true, "fullScopeAllowed": "false", "secret": "password", "redirectUris": ["https://wiki.example.com/*"]}]}"#.to_owned();
    let cases: &[(&str, String, ExportShape, &[&str], bool)] = &[
        (
            "a console client export",
            good_client().to_string(),
            ExportShape::Client,
            &["wikijs"],
            false,
        ),
        (
            "a partial export with masked secrets",
            partial,
            ExportShape::Realm,
            &["wikijs"],
            true,
        ),
        (
            "a kc.sh export with users",
            good_realm().to_string(),
            ExportShape::Realm,
            &["wikijs"],
            false,
        ),
        (
            "kcadm.sh get clients",
            kcadm_list,
            ExportShape::ClientList,
            &["wikijs"],
            false,
        ),
        (
            "a kc.sh export of two realms",
            realm_list,
            ExportShape::RealmList,
            &["wikijs", "app"],
            false,
        ),
        (
            "a hand-written import with string booleans",
            testrealm,
            ExportShape::Realm,
            &["wikijs"],
            false,
        ),
        (
            "with a byte-order mark",
            format!("\u{feff}{}", good_client()),
            ExportShape::Client,
            &["wikijs"],
            false,
        ),
    ];
    for (name, text, shape, ids, masked) in cases {
        let Some(PastedExport::Readable(export)) = parse_export(text) else {
            panic!("{name}: not readable");
        };
        assert_eq!(export.shape, *shape, "{name}");
        assert_eq!(export.candidate_client_ids(), *ids, "{name}");
        let (_, wikijs) = export.client_for("wiki", "wikijs").expect(name);
        assert_eq!(
            matches!(wikijs.secret, ExportedSecret::Masked),
            *masked,
            "{name}"
        );
        assert!(
            wikijs.representation.get("id").is_none()
                && wikijs.representation.get("secret").is_none(),
            "{name}"
        );
    }
}

#[test]
fn unreadable_exports_say_why_without_quoting_them() {
    let oversized = format!("{{\"clientId\": \"{}\"}}", "a".repeat(5 * 1024 * 1024));
    let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
    let cases: &[(&str, &str)] = &[
        (
            "{\"clientId\": \"wikijs\", \"secret\": \"s3cr3t-s3cr3t\"",
            "cut off",
        ),
        ("{'clientId': 's3cr3t-s3cr3t'}", "not JSON"),
        ("[]", "an empty list"),
        (
            "[{\"clientId\": \"a\"}, {\"realm\": \"b\"}]",
            "neither clients nor realms",
        ),
        ("{\"clients\": [\"s3cr3t-s3cr3t\"]}", "another shape"),
        (&oversized, "over the 5 MB"),
        (&deep, "nested too deeply"),
        ("42", "another shape"),
        (
            r#"{"realm": "wiki", "auth-server-url": "https://kc.example.com/", "ssl-required": "external",
                "resource": "wikijs", "credentials": {"secret": "s3cr3t-s3cr3t"}, "confidential-port": 0}"#,
            "adapter config",
        ),
        (
            r#"{"realm": "wiki", "resource": "wikijs", "public-client": true}"#,
            "Action › Export instead",
        ),
    ];
    for (text, reason) in cases {
        let found = diagnose_export(text, &clean_settings());
        let d = found
            .iter()
            .find(|d| d.code == Code::KcExportUnreadable)
            .unwrap_or_else(|| panic!("{text:.40}: readable"));
        assert!(d.message.contains(reason), "{text:.40}: {}", d.message);
        assert!(!d.message.contains("s3cr3t"), "{}", d.message);
    }
    assert_eq!(parse_export("  \n"), None, "blank text is no export");
}

#[test]
fn one_click_fixes_fill_client_id_realm_and_host_from_the_export() {
    let cases: &[(&str, Edit, Code, FixAction)] = &[
        (
            "an empty Client ID, one client",
            |_, s| s.client_id.clear(),
            Code::KcClientIdMismatch,
            FixAction::SetText {
                field: crate::Field::ClientId,
                value: "wikijs".into(),
            },
        ),
        (
            "another realm",
            |r, _| r["realm"] = json!("wiki-prod"),
            Code::KcRealmMismatch,
            FixAction::SetText {
                field: crate::Field::Realm,
                value: "wiki-prod".into(),
            },
        ),
        (
            "a Frontend URL",
            |r, _| r["attributes"]["frontendUrl"] = json!("https://sso.example.org/"),
            Code::KcRealmFrontendUrl,
            FixAction::SetText {
                field: crate::Field::Host,
                value: "https://sso.example.org".into(),
            },
        ),
    ];
    for (name, edit, code, action) in cases {
        let mut realm = good_realm();
        let mut settings = clean_settings();
        edit(&mut realm, &mut settings);
        let context = context_with(&realm.to_string());
        let found = diagnose(&settings, &context);
        let d = found
            .iter()
            .find(|d| d.code == *code)
            .unwrap_or_else(|| panic!("{name}: no {code:?}"));
        assert_eq!(d.action.as_ref(), Some(action), "{name}");
        // A client not found stops the client's checks: alone in the list, it says so (a
        // realm export of another realm's name is still checked).
        let stops = *code == Code::KcClientIdMismatch;
        assert_eq!(
            d.fix.ends_with(
                "The client's checks wait until Client ID names one of the export's clients."
            ),
            stops,
            "{name}: {}",
            d.fix
        );
        crate::diagnostics::apply_fix(&mut settings, action);
        assert!(
            !diagnose(&settings, &context)
                .iter()
                .any(|d| d.code == *code),
            "{name}: the fix does not clear it"
        );
    }
    // Several clients of its own: a picker, not one click.
    let mut realm = good_realm();
    realm["clients"]
        .as_array_mut()
        .unwrap()
        .push(json!({"clientId": "grafana"}));
    let settings = Settings {
        client_id: String::new(),
        ..clean_settings()
    };
    let found = diagnose_export(&realm.to_string(), &settings);
    let d = found
        .iter()
        .find(|d| d.code == Code::KcClientIdMismatch)
        .expect("mismatch");
    assert_eq!(d.action, None);
    assert!(d.message.contains("`wikijs`, `grafana`"), "{}", d.message);
    // An empty Client ID is said so, never quoted as an empty name.
    assert!(
        d.message.contains("no client for an empty Client ID"),
        "{}",
        d.message
    );
    assert!(!d.message.contains("``"), "{}", d.message);
}

/// Every classic mistake at once: the commands fix exactly those fields, and the corrected
/// JSON, read back as an export, leaves nothing but the secret to copy.
fn broken_realm() -> Value {
    let mut r = good_realm();
    r["enabled"] = json!(false);
    let c = client(&mut r);
    c["publicClient"] = json!(true);
    c["standardFlowEnabled"] = json!(false);
    c["consentRequired"] = json!(true);
    c["clientAuthenticatorType"] = json!("client-jwt");
    c["redirectUris"] = json!(["https://wiki.example.com/*", "https://other.example.com/cb"]);
    // Optional scopes alone: Keycloak then assigns no default scope at all.
    c.as_object_mut().unwrap().remove("defaultClientScopes");
    c["optionalClientScopes"] = json!(["address"]);
    c["attributes"]["pkce.code.challenge.method"] = json!("S256");
    c["attributes"]["client.secret.authentication.allowed.method"] = json!("client_secret_basic");
    c["attributes"]["post.logout.redirect.uris"] = json!("+");
    c["attributes"]["client.secret.rotated"] = json!("old-rotated-secret-value");
    c["secret"] = json!("ZZZZotherZZZZsecretZZZZZZZZZZZZZ");
    r
}

#[test]
fn the_corrected_client_json_reads_back_clean() {
    let settings = clean_settings();
    let context = context_with(&broken_realm().to_string());
    let derived = derive(&settings);
    let before = kc_codes(&diagnose(&settings, &context));
    for code in [
        "kc-realm-disabled",
        "kc-public-client",
        "kc-standard-flow-off",
        "kc-consent-required",
        "kc-redirect-uri-broad",
        "kc-scope-missing",
        "kc-pkce-required",
        "kc-secret-mismatch",
    ] {
        assert!(before.contains(&code), "{code} in {before:?}");
    }
    // A public client's authenticator is said with Client authentication, which it follows.
    let found = diagnose(&settings, &context);
    let public = found
        .iter()
        .find(|d| d.code == Code::KcPublicClient)
        .expect("public");
    assert!(
        public.message.contains("Client Authenticator"),
        "{}",
        public.message
    );
    for include_secret in [false, true] {
        let text = corrected_client_json(&settings, &context, &derived, include_secret);
        assert!(
            !text.contains("ZZZZotherZZZZ") && !text.contains("old-rotated"),
            "{text}"
        );
        assert_eq!(text.contains(SECRET), include_secret, "{text}");
        let v: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(
            v["redirectUris"],
            json!(["https://other.example.com/cb", CALLBACK])
        );
        assert_eq!(
            v["attributes"]["post.logout.redirect.uris"],
            json!("+##https://wiki.example.com")
        );
        assert!(v.get("id").is_none());
        assert!(v["protocolMappers"][0].get("id").is_none());
        let after = kc_codes(&diagnose_export(&text, &settings));
        let expected: &[&str] = if include_secret {
            &[]
        } else {
            &["kc-secret-masked"]
        };
        assert_eq!(after, expected, "{text}");
    }
}

/// A Site URL typed with capitals: what the page has Keycloak register (the callback, the
/// Site URL after logout) is its lower-case form, which Keycloak matches on every version
/// (before 22 an entry with capitals never matched), so the corrected JSON reads back clean.
#[test]
fn a_site_url_with_capitals_is_registered_in_lower_case() {
    let settings = Settings {
        site_url: "HTTPS://Wiki.Example.com".into(),
        ..clean_settings()
    };
    let mut realm = good_realm();
    client(&mut realm)["redirectUris"] = json!([]);
    attrs(&mut realm)["post.logout.redirect.uris"] = json!("");
    let context = context_with(&realm.to_string());
    let derived = derive(&settings);
    assert_eq!(derived.callback_url.as_deref(), Some(CALLBACK));
    assert_eq!(
        derived.post_logout_redirect.as_deref(),
        Some("https://wiki.example.com")
    );
    let before = kc_codes(&diagnose(&settings, &context));
    assert!(before.contains(&"kc-redirect-uri-missing"), "{before:?}");
    let text = corrected_client_json(&settings, &context, &derived, true);
    let v: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(v["redirectUris"], json!([CALLBACK]), "{text}");
    assert_eq!(
        kc_codes(&diagnose_export(&text, &settings)),
        [] as [&str; 0],
        "{text}"
    );
}

#[test]
fn kcadm_changes_exactly_the_needed_fields_under_every_shell() {
    let settings = clean_settings();
    let context = context_with(&broken_realm().to_string());
    let script = kcadm_fix_commands(&settings, &context, &derive(&settings))
        .expect("the client is in the export");
    assert!(
        !script.contains("ZZZZotherZZZZ") && !script.contains(SECRET),
        "{script}"
    );
    for shell in ["sh", "bash", "dash"] {
        let calls = run_with_fake_kcadm(shell, &script);
        let args: Vec<Vec<&str>> = calls
            .iter()
            .map(|(a, _)| a.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            args[1],
            ["update", "realms/wiki", "-s", "enabled=true"],
            "{shell}"
        );
        assert_eq!(
            args[2],
            [
                "get",
                "clients",
                "-r",
                "wiki",
                "-q",
                "clientId=wikijs",
                "--fields",
                "id",
                "--format",
                "csv",
                "--noquotes"
            ],
            "{shell}"
        );
        assert_eq!(
            args[3],
            [
                "update",
                "clients/cid-42",
                "-r",
                "wiki",
                "--merge",
                "-f",
                "-"
            ],
            "{shell}"
        );
        let body: Value = serde_json::from_str(&calls[3].1).expect("update body is JSON");
        assert_eq!(
            body,
            json!({
                "publicClient": false,
                "standardFlowEnabled": true,
                "consentRequired": false,
                "clientAuthenticatorType": "client-secret",
                "redirectUris": ["https://other.example.com/cb", CALLBACK],
                "attributes": {
                    "pkce.code.challenge.method": "",
                    "client.secret.authentication.allowed.method": "client_secret_post",
                    "post.logout.redirect.uris": "+##https://wiki.example.com"
                }
            }),
            "{shell}"
        );
        let scopes: Vec<&Vec<&str>> = args
            .iter()
            .filter(|a| a.first() == Some(&"update") && a[1].contains("default-client-scopes"))
            .collect();
        assert_eq!(scopes.len(), 2, "{shell}: {args:?}");
        assert_eq!(
            scopes[0][1], "clients/cid-42/default-client-scopes/sid-profile",
            "{shell}"
        );
        assert_eq!(
            scopes[1][1], "clients/cid-42/default-client-scopes/sid-email",
            "{shell}"
        );
        assert_eq!(
            args.last().unwrap(),
            &["get", "clients/cid-42/client-secret", "-r", "wiki"],
            "{shell}"
        );
    }
}

const HOSTILE: &[&str] = &[
    "it's",
    "'",
    "$HOME",
    "${PATH}",
    "$(touch pwned)",
    "`touch pwned`",
    "\\",
    "a\\'b",
    "line\nbreak; touch pwned",
    "\"double\"",
    "!!",
    "WIKIJS_KEYCLOAK_CLIENT_FIX",
    "-q",
    "a b",
];

#[test]
fn kcadm_passes_hostile_export_values_through_exactly() {
    for shell in ["sh", "bash", "dash"] {
        for value in HOSTILE {
            let mut realm = broken_realm();
            realm["realm"] = json!(value);
            client(&mut realm)["clientId"] = json!(value);
            client(&mut realm)["redirectUris"] = json!([value]);
            let settings = Settings {
                realm: value.to_string(),
                client_id: value.to_string(),
                ..clean_settings()
            };
            let context = context_with(&realm.to_string());
            let script =
                kcadm_fix_commands(&settings, &context, &derive(&settings)).expect("found");
            let calls = run_with_fake_kcadm(shell, &script);
            let lookup = calls
                .iter()
                .find(|(a, _)| a.get(1).map(String::as_str) == Some("clients"))
                .expect("lookup");
            // kcadm.sh pastes the realm into its URLs as it is: it is sent encoded.
            assert_eq!(lookup.0[3], encode_realm(value), "{shell} {value:?}");
            assert_eq!(
                lookup.0[5],
                format!("clientId={value}"),
                "{shell} {value:?}"
            );
            let update = calls
                .iter()
                .find(|(a, _)| a.get(1).map(String::as_str) == Some("clients/cid-42"))
                .expect("update");
            let body: Value = serde_json::from_str(&update.1).expect("JSON");
            assert_eq!(
                body["redirectUris"],
                json!([value, CALLBACK]),
                "{shell} {value:?}"
            );
        }
    }
}

/// A realm whose `email` scope was deleted: the script assigns `profile` and sends no
/// `default-client-scopes/` without an id for the other (it says so instead).
#[test]
fn kcadm_skips_a_client_scope_the_realm_lacks() {
    let settings = clean_settings();
    let context = context_with(&broken_realm().to_string());
    let script = kcadm_fix_commands(&settings, &context, &derive(&settings)).expect("found");
    for shell in ["sh", "bash", "dash"] {
        let scopes: Vec<String> = fake_kcadm_with_scopes(shell, &script, "sid-profile,profile")
            .into_iter()
            .filter_map(|(args, _)| args.into_iter().nth(1))
            .filter(|path| path.contains("default-client-scopes"))
            .collect();
        assert_eq!(
            scopes,
            ["clients/cid-42/default-client-scopes/sid-profile"],
            "{shell}"
        );
    }
}

/// The fix script against a fake `kcadm.sh` that prints a client id for `get clients` and
/// two scopes for `get client-scopes`, and keeps the body of `update … -f -`.
fn run_with_fake_kcadm(shell: &str, script: &str) -> Vec<(Vec<String>, String)> {
    fake_kcadm_with_scopes(
        shell,
        script,
        "sid-profile,profile\\nsid-email,email\\nsid-roles,roles",
    )
}

/// The same, with the realm's client scopes as `get client-scopes` prints them (`id,name`
/// lines, `\\n` between them as `printf` reads it).
fn fake_kcadm_with_scopes(shell: &str, script: &str, scopes: &str) -> Vec<(Vec<String>, String)> {
    super::fake_kcadm::run(
        shell,
        script,
        &format!(
            "'update clients/'*) [ \"$6\" = -f ] && cat > \"$d/stdin\" ;;\n\
             'get clients') printf 'cid-42\\n' ;;\n\
             'get client-scopes') printf '{scopes}\\n' ;;\n"
        ),
    )
}

/// The legacy logout sends the Site URL as `redirect_uri`, which Keycloak checks against the
/// redirect URIs before 26 (which ignores it): the finding says so, the corrected client adds
/// it there, and the checklist fails the step that lists it.
/// Keycloak 19.0 to 20.0.1 allow no logout return for a client without post logout redirect
/// URIs, even where its redirect URIs would match: said there, and set by the fix.
#[test]
#[rustfmt::skip]
fn an_unset_post_logout_list_fails_on_19_and_20() {
    let cases: [(Option<u32>, bool); 5] = [(Some(19), true), (Some(20), true), (Some(21), false), (Some(26), false), (None, false)];
    for (version, fires) in cases {
        let settings = clean_settings();
        let mut realm = good_realm();
        attrs(&mut realm).as_object_mut().unwrap().remove("post.logout.redirect.uris");
        client(&mut realm)["redirectUris"] = json!([CALLBACK, "https://wiki.example.com"]);
        let context = Context { keycloak_version: version, ..context_with(&realm.to_string()) };
        let found = diagnose(&settings, &context);
        let d = found.iter().find(|d| d.code.as_str() == "kc-post-logout-uri-missing");
        assert_eq!(d.is_some(), fires, "{version:?}: {found:?}");
        let Some(d) = d else { continue };
        assert!(d.message.contains("19.0 to 20.0.1"), "{}", d.message);
        let step = Target::ConsoleStep(crate::keycloak_client::ConsoleStep::PostLogoutUris);
        assert_eq!(d.go_to(&settings, &context), Some(step), "Go to: the Keycloak step, not the form's logout toggle");
        let text = corrected_client_json(&settings, &context, &derive(&settings), true);
        let again = Context { keycloak_export: parse_export(&text).map(Arc::new), ..context.clone() };
        assert!(!diagnose(&settings, &again).iter().any(|d| d.code.as_str() == "kc-post-logout-uri-missing"), "{version:?}: fixed");
    }
}

#[test]
#[rustfmt::skip]
fn the_legacy_logout_checks_the_site_url_among_the_redirect_uris() {
    // (Legacy Logout Redirect, a wiki before 2.5.300, the Keycloak version, fires)
    let cases: &[(bool, bool, Option<u32>, bool)] = &[
        (true, false, None, true),
        (true, false, Some(16), true),
        (true, false, Some(25), true),
        (true, false, Some(26), false),
        (false, true, Some(17), true),
    ];
    for &(legacy, old_wiki, version, fires) in cases {
        let settings = Settings { logout_legacy_redirect: legacy, ..clean_settings() };
        let mut realm = good_realm();
        attrs(&mut realm)["post.logout.redirect.uris"] = json!("-");
        let context = Context { legacy_logout_only: old_wiki, keycloak_version: version, ..context_with(&realm.to_string()) };
        let found = diagnose(&settings, &context);
        let d = found.iter().find(|d| d.code.as_str() == "kc-post-logout-uri-missing");
        let case = format!("legacy {legacy}, old wiki {old_wiki}, Keycloak {version:?}");
        assert_eq!(d.is_some(), fires, "{case}: {found:?}");
        let Some(d) = d else { continue };
        assert!(d.fix.contains("Valid redirect URIs") && d.fix.contains("https://wiki.example.com"), "{case}: {}", d.fix);
        let step = Target::ConsoleStep(crate::keycloak_client::ConsoleStep::RedirectUris);
        assert_eq!(d.go_to(&settings, &context), Some(step), "{case}: Go to the step that lists it");
        // 18 to 25 check the list only with their legacy logout option: said so.
        assert_eq!(d.message.contains("only while Keycloak runs with its legacy logout option"), version == Some(25), "{case}: {}", d.message);
        let derived = derive(&settings);
        let text = corrected_client_json(&settings, &context, &derived, true);
        let v: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(v["redirectUris"], json!([CALLBACK, "https://wiki.example.com"]), "{case}");
        let again = Context { keycloak_export: parse_export(&text).map(Arc::new), ..context.clone() };
        assert!(!diagnose(&settings, &again).iter().any(|d| d.code.as_str() == "kc-post-logout-uri-missing"), "{case}: fixed");
        let steps = setup_steps(&settings, &derived, &context);
        let list = checklist(true, &[], &found).expect("checked");
        let redirects = steps.iter().find(|s| s.title == "Valid redirect URIs").expect("the step");
        assert_eq!(list.state_of(redirects), Some(ItemState::Failed), "{case}");
    }
}

#[test]
fn candidates_for_an_empty_client_id_name_their_realm() {
    type Offered<'a> = &'a [(&'a str, Option<&'a str>)];
    let cases: &[(&str, Value, Offered)] = &[
        ("a client export", good_client(), &[("wikijs", None)]),
        ("a realm export", good_realm(), &[("wikijs", Some("wiki"))]),
        (
            "two realms, one client ID in both",
            json!([
                {"realm": "wiki", "clients": [{"clientId": "wikijs"}, {"clientId": "account"}]},
                {"realm": "staff", "clients": [{"clientId": "wikijs"}, {"clientId": "portal"}, {"clientId": "wikijs"}]}
            ]),
            &[
                ("wikijs", Some("wiki")),
                ("wikijs", Some("staff")),
                ("portal", Some("staff")),
            ],
        ),
    ];
    for (name, export, expected) in cases {
        let Some(PastedExport::Readable(export)) = parse_export(&export.to_string()) else {
            panic!("{name}: not readable");
        };
        let found: Vec<(&str, Option<&str>)> = export
            .candidate_clients()
            .iter()
            .map(|c| (c.client_id, c.realm))
            .collect();
        assert_eq!(found, *expected, "{name}");
    }
}

#[test]
fn the_checklist_turns_into_checks() {
    let settings = clean_settings();
    let steps = setup_steps(&settings, &derive(&settings), &Context::default());
    let states = |text: &str| {
        let context = context_with(text);
        let found = diagnose(&settings, &context);
        checklist(
            context
                .keycloak_export
                .as_deref()
                .is_some_and(crate::keycloak_export::PastedExport::is_readable),
            &silent_steps(&settings, &context),
            &found,
        )
        .map(|c| {
            steps
                .iter()
                .map(|s| (s.title.clone(), c.state_of(s), c.failed_by(s)))
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(states("not json"), None);
    let good = states(&good_realm().to_string()).expect("checked");
    assert!(
        good.iter()
            .all(|(t, s, _)| *s == Some(ItemState::Checked) || t == "Web origins"),
        "{good:?}"
    );
    let broken = states(&broken_realm().to_string()).expect("checked");
    // A failed or warned step names why, for the step to say; a checked one does not.
    for (title, state, by) in &broken {
        assert_eq!(
            *state != Some(ItemState::Checked) && state.is_some(),
            !by.is_empty(),
            "{title}: {by:?}"
        );
    }
    let state_of = |title: &str| {
        broken
            .iter()
            .find(|(t, ..)| t == title)
            .and_then(|(_, s, _)| *s)
    };
    for title in [
        "Client authentication ON",
        "Standard flow ON",
        "No PKCE required",
        "Client scopes: profile and email",
        "Copy the client secret",
    ] {
        assert_eq!(
            state_of(title),
            Some(ItemState::Failed),
            "{title}: {broken:?}"
        );
    }
    // Its only redirect URI matching the callback is a wildcard: sign-in works, with a warning.
    assert_eq!(
        state_of("Valid redirect URIs"),
        Some(ItemState::Warned),
        "{broken:?}"
    );
    // A client whose export lists no scopes (written by hand) takes the realm's defaults
    // when imported: the export says nothing of its scopes, so the step is not ticked.
    let mut unlisted = good_realm();
    for key in ["defaultClientScopes", "optionalClientScopes"] {
        client(&mut unlisted).as_object_mut().unwrap().remove(key);
    }
    let unlisted = states(&unlisted.to_string()).expect("checked");
    for (title, state, _) in &unlisted {
        let expected = match title.as_str() {
            "Client scopes: profile and email" | "Web origins" => None,
            _ => Some(ItemState::Checked),
        };
        assert_eq!(*state, expected, "{title}: {unlisted:?}");
    }
}

/// A step the checked export leaves unmarked says why; a marked one says nothing more.
#[test]
fn an_unmarked_step_says_why() {
    let settings = clean_settings();
    let steps = setup_steps(&settings, &derive(&settings), &Context::default());
    let reasons = |export: serde_json::Value| {
        let context = context_with(&export.to_string());
        let found = diagnose(&settings, &context);
        let list = checklist(true, &silent_steps(&settings, &context), &found).expect("checked");
        steps
            .iter()
            .map(|s| (s.title.clone(), list.unchecked_because(s)))
            .collect::<Vec<_>>()
    };
    let mut masked = good_realm();
    client(&mut masked)["secret"] = "**********".into();
    let mut unlisted = good_realm();
    for key in ["defaultClientScopes", "optionalClientScopes"] {
        client(&mut unlisted).as_object_mut().unwrap().remove(key);
    }
    #[rustfmt::skip]
    let cases: [(&str, serde_json::Value, &str, Option<&str>); 5] = [
        ("good", good_realm(), "Web origins", Some("sign-in does not use it")),
        ("good", good_realm(), "Standard flow ON", None),
        ("good", good_realm(), "Copy the client secret", None),
        ("masked secret", masked, "Copy the client secret", Some("does not carry it")),
        ("no scope lists", unlisted, "Client scopes: profile and email", Some("does not say")),
    ];
    for (name, export, title, expected) in cases {
        let found = reasons(export);
        let (_, reason) = found.iter().find(|(t, _)| t == title).expect(title);
        match (reason, expected) {
            (Some(reason), Some(needle)) => {
                assert!(reason.contains(needle), "{name}, {title}: {reason}")
            }
            (None, None) => {}
            _ => panic!("{name}, {title}: {reason:?}, expected {expected:?}"),
        }
    }
}

#[test]
fn a_step_warned_only_by_a_wildcard_is_warned_else_failed() {
    let settings = clean_settings();
    let steps = setup_steps(&settings, &derive(&settings), &Context::default());
    let redirects = steps
        .iter()
        .find(|s| s.title == "Valid redirect URIs")
        .expect("the step");
    let state = |uris: Value| {
        let mut realm = good_realm();
        realm["clients"][1]["redirectUris"] = uris;
        let found = diagnose(&settings, &context_with(&realm.to_string()));
        checklist(true, &[], &found).and_then(|c| c.state_of(redirects))
    };
    let cases: &[(&str, Value, ItemState)] = &[
        ("the exact callback", json!([CALLBACK]), ItemState::Checked),
        (
            "only a wildcard under the site",
            json!(["https://wiki.example.com/*"]),
            ItemState::Warned,
        ),
        (
            "no entry matches",
            json!(["https://other.example.com/cb"]),
            ItemState::Failed,
        ),
    ];
    for (case, uris, expected) in cases {
        assert_eq!(state(uris.clone()), Some(*expected), "{case}");
    }
}

#[test]
fn no_finding_or_fix_quotes_either_secret() {
    // A hostile export puts the secrets into every value a finding may quote.
    let form = "FORMFORMsecretFORMFORMFORMFORM12";
    let export = "EXPORTsecretEXPORTEXPORTEXPORT34";
    let mut realm = broken_realm();
    realm["realm"] = json!(format!("r{export}"));
    realm["sslRequired"] = json!(format!("all{form}"));
    realm["attributes"]["frontendUrl"] = json!(format!("https://{export}.example"));
    let c = client(&mut realm);
    c["secret"] = json!(export);
    c["protocol"] = json!(form);
    c["clientAuthenticatorType"] = json!(export);
    c["redirectUris"] = json!([format!("https://x/{form}"), format!("https://x/{export}")]);
    c["attributes"]["pkce.code.challenge.method"] = json!(export);
    c["attributes"]["post.logout.redirect.uris"] = json!(form);
    let settings = Settings {
        client_secret: Secret::new(form),
        ..clean_settings()
    };
    let context = context_with(&realm.to_string());
    let derived = derive(&settings);
    let mut texts: Vec<String> = diagnose(&settings, &context)
        .into_iter()
        .flat_map(|d| [d.message, d.fix, format!("{:?}", d.action)])
        .collect();
    texts.extend(kcadm_fix_commands(&settings, &context, &derived));
    texts.push(corrected_client_json(&settings, &context, &derived, false));
    texts.push(format!("{context:?}"));
    for text in &texts {
        assert!(!text.contains(form) && !text.contains(export), "{text}");
    }
}

#[test]
fn the_live_issuer_is_compared_with_the_exports_frontend_url() {
    use crate::keycloak_export::live::issuer_against_export;
    // (Frontend URL in the export, issuer discovered, whether it is a finding)
    let cases: &[(&str, &str, bool)] = &[
        (
            "https://sso.example.com",
            "https://sso.example.com/realms/wiki",
            false,
        ),
        (
            "https://sso.example.com/",
            "https://sso.example.com/realms/wiki",
            false,
        ),
        (
            "https://sso.example.com/auth",
            "https://sso.example.com/auth/realms/wiki",
            false,
        ),
        (
            "https://sso.example.com",
            "https://kc.example.com/realms/wiki",
            true,
        ),
        (
            "https://sso.example.com/auth",
            "https://sso.example.com/realms/wiki",
            true,
        ),
        ("", "https://kc.example.com/realms/wiki", false),
        // Keycloak keeps the Frontend URL's spelling in its issuer.
        (
            "https://sso.example.com:443",
            "https://sso.example.com:443/realms/wiki",
            false,
        ),
        (
            "https://SSO.example.com",
            "https://SSO.example.com/realms/wiki",
            false,
        ),
    ];
    for (frontend, issuer, fires) in cases {
        let mut realm = good_realm();
        realm["attributes"]["frontendUrl"] = json!(frontend);
        let pasted = parse_export(&realm.to_string()).unwrap();
        let found = issuer_against_export(issuer, &pasted, "wiki");
        assert_eq!(
            found.as_ref().map(|d| d.code),
            fires.then_some(Code::LiveIssuerMismatch),
            "{frontend} {issuer}"
        );
    }
    let unreadable = parse_export("not an export").unwrap();
    assert_eq!(
        issuer_against_export("https://x/realms/wiki", &unreadable, "wiki"),
        None
    );
}

/// An export of several realms: the empty Client ID's one-click fill takes a client of the
/// realm in Realm, where the client checks look, and not one of another realm they would
/// never find (found by the `keycloak_export` fuzz target: the same fill offered again).
#[test]
fn the_client_fill_comes_from_the_realm_the_checks_read() {
    let mut other = good_realm();
    other["realm"] = json!("other");
    other["clients"] = json!([{ "clientId": "app" }]);
    let mut wiki = good_realm();
    wiki["clients"] = json!([]);
    let text = json!([wiki, other]).to_string();
    let settings = Settings {
        client_id: String::new(),
        ..clean_settings()
    };
    let found = diagnose_export(&text, &settings);
    let mismatch = found
        .iter()
        .find(|d| d.code == Code::KcClientIdMismatch)
        .expect("kc-client-id-mismatch");
    assert_eq!(mismatch.action, None, "{mismatch:?}");
    assert!(
        mismatch.message.contains("its other realms hold `app`"),
        "{}",
        mismatch.message
    );
}

/// A wildcard in Valid redirect URIs: where Keycloak checks the Site URL there after logout
/// (before 19), replacing it with the callback alone would break logout, so the fix keeps the
/// Site URL too.
#[test]
fn the_wildcard_fix_keeps_the_site_url_where_logout_needs_it() {
    let mut client = good_client();
    client["redirectUris"] = json!(["https://wiki.example.com/*"]);
    for (version, keeps) in [(Some(18), true), (Some(16), true), (Some(26), false)] {
        let context = Context {
            keycloak_version: version,
            ..context_with(&client.to_string())
        };
        let found = diagnose(&clean_settings(), &context);
        let broad = found
            .iter()
            .find(|d| d.code == Code::KcRedirectUriBroad)
            .expect("kc-redirect-uri-broad");
        assert_eq!(
            broad.fix.contains("add the Site URL"),
            keeps,
            "{version:?}: {}",
            broad.fix
        );
    }
}

/// A fix offered once applies to the page's own findings: the export check's, shown apart,
/// neither takes a one-click fix from a form finding nor loses its own.
#[test]
fn the_export_checks_fixes_are_offered_apart_from_the_forms() {
    let settings = Settings {
        client_id: "wikijs ".into(),
        ..clean_settings()
    };
    let mut found = diagnose(&settings, &context_with(&good_realm().to_string()));
    crate::diagnostics::presentation::offer_each_fix_once(&mut found);
    for code in [Code::ClientIdWhitespace, Code::KcClientIdMismatch] {
        let d = found.iter().find(|d| d.code == code);
        assert!(
            d.is_some_and(|d| d.action.is_some()),
            "{code:?} keeps its fix: {found:?}"
        );
    }
}
