//! Error text → cause → fix: every text the spec lists, the wrappings it arrives in, and the
//! concrete values named back.

use crate::derive;
use crate::diagnostics::{Code, Target};
use crate::keycloak_client::{setup_steps, ConsoleStep};
use crate::secret::Secret;
use crate::settings::{Context, Field, Settings};
use crate::troubleshoot::{recognised_patterns, troubleshoot, Explanation, MAX_INPUT_BYTES};

fn settings() -> Settings {
    crate::samples::clean_settings()
}

fn explain_with(s: &Settings, text: &str) -> Vec<Explanation> {
    troubleshoot(text, s, &Context::default(), &derive(s))
}

fn explain(text: &str) -> Vec<Explanation> {
    explain_with(&settings(), text)
}

/// The first explanation's pattern and related code.
fn first(text: &str) -> Option<(&'static str, Option<Code>)> {
    explain(text).first().map(|e| (e.pattern, e.related))
}

/// Each text is read first as `(pattern, related code)`.
fn assert_read_first(cases: &[(&str, &str, Option<Code>)]) {
    for (text, pattern, related) in cases {
        assert_eq!(first(text), Some((*pattern, *related)), "{text}");
    }
}

#[test]
fn every_spec_text_is_recognised() {
    let cases: &[(&str, &str, Option<Code>)] = &[
        ("Failed to obtain access token", "Failed to obtain access token", Some(Code::BackchannelProbe)),
        ("connect ECONNREFUSED 10.0.0.5:8080", "ECONNREFUSED", Some(Code::BackchannelProbe)),
        ("getaddrinfo ENOTFOUND keycloak", "ENOTFOUND", Some(Code::BackchannelProbe)),
        ("self signed certificate", "self signed certificate", Some(Code::PrivateCa)),
        ("DEPTH_ZERO_SELF_SIGNED_CERT", "DEPTH_ZERO_SELF_SIGNED_CERT", Some(Code::PrivateCa)),
        ("SELF_SIGNED_CERT_IN_CHAIN", "SELF_SIGNED_CERT_IN_CHAIN", Some(Code::PrivateCa)),
        ("UNABLE_TO_VERIFY_LEAF_SIGNATURE", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", Some(Code::PrivateCa)),
        ("Invalid parameter: redirect_uri", "Invalid parameter: redirect_uri", Some(Code::RegisterRedirectUri)),
        ("Invalid redirect uri", "Invalid redirect uri", Some(Code::RegisterPostLogoutUri)),
        ("Invalid scopes: openid profile email", "Invalid scopes: openid profile email", Some(Code::ClientScopes)),
        ("Invalid token issuer. Expected 'http://keycloak:8080/realms/wiki'", "Invalid token issuer", Some(Code::SplitHostIssuer)),
        ("Invalid authentication provider.", "Invalid authentication provider.", None),
        ("You are not authorized to login.", "You are not authorized to login.", Some(Code::SelfRegistrationOff)),
        ("You are not authorized to register. Your domain is not whitelisted.", "You are not authorized to register. Your domain is not whitelisted.", None),
        ("Missing or invalid email address from profile.", "Missing or invalid email address from profile.", Some(Code::ClientScopes)),
        ("HTTPS required", "HTTPS required", Some(Code::LiveHttpsRequired)),
        ("Invalid client or Invalid client credentials", "Invalid client or Invalid client credentials", Some(Code::SecretSuspicious)),
        ("invalid_client", "invalid_client", Some(Code::SecretSuspicious)),
        ("unauthorized_client", "unauthorized_client", Some(Code::SecretSuspicious)),
        ("Code not valid", "Code not valid", None),
        ("RESTEASY003210: Could not find resource for full path: https://kc.example.com/auth/realms/wiki/protocol/openid-connect/auth", "RESTEASY003210", Some(Code::LegacyPath)),
        ("Cannot delete Keycloak as 1 or more users are still using it.", "Cannot delete … as 1 or more users are still using it.", Some(Code::StrategyWouldBeDropped)),
        ("{\"errors\":[{\"message\":\"Forbidden\",\"path\":[\"authentication\"]}]}", "Forbidden", None),
        ("We are sorry... Client disabled.", "Client disabled.", Some(Code::KcClientDisabled)),
        ("Wrong client protocol.", "Wrong client protocol.", Some(Code::KcWrongProtocol)),
        ("Bearer-only applications are not allowed to initiate browser login", "Bearer-only applications are not allowed to initiate browser login", Some(Code::KcBearerOnly)),
        ("Standard flow is disabled for the client", "Standard flow is disabled for the client.", Some(Code::KcStandardFlowOff)),
        ("error=invalid_request&error_description=Missing parameter: code_challenge_method", "Missing parameter: code_challenge_method", Some(Code::KcPkceRequired)),
        ("Invalid parameter: id_token_hint", "Invalid parameter: id_token_hint", None),
        ("Missing parameters: id_token_hint", "Missing parameters: id_token_hint", None),
        ("Realm not enabled", "Realm not enabled", Some(Code::KcRealmDisabled)),
        ("Incorrect redirect_uri", "Incorrect redirect_uri", Some(Code::SiteUrlOriginMismatch)),
        ("Realm does not exist", "Realm does not exist", Some(Code::LiveRealmNotFound)),
        ("Client not found.", "Client not found.", None),
        ("Your account has been disabled.", "Your account has been disabled.", None),
        ("Access to fetch at 'https://kc.example.com/realms/Wiki/.well-known/openid-configuration' from origin 'https://wiki.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present", "blocked by CORS policy", None),
        ("Mixed Content: The page at 'https://wiki.example.com/' was loaded over HTTPS, but requested an insecure resource 'http://kc.example.com/'", "Mixed Content", Some(Code::MixedContent)),
        ("This site can't be reached. keycloak's server IP address could not be found. DNS_PROBE_FINISHED_NXDOMAIN", "DNS_PROBE_FINISHED_NXDOMAIN (browser)", Some(Code::FrontchannelInternal)),
        ("Your connection is not private NET::ERR_CERT_AUTHORITY_INVALID", "ERR_CERT_AUTHORITY_INVALID (browser)", None),
        ("Error: unable to get local issuer certificate", "unable to get local issuer certificate", Some(Code::PrivateCa)),
        ("KC-SERVICES0093: Invalid parameter value for: scope", "Invalid parameter value for: scope", Some(Code::ClientScopes)),
        ("You are logged out", "You are logged out", None),
        ("Grant Access to wikijs. Do you grant these access privileges?", "Do you grant these access privileges?", Some(Code::KcConsentRequired)),
        ("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>", "502 Bad Gateway", None),
        ("We are sorry... Page not found", "Page not found", Some(Code::LegacyPath)),
        // Traefik's (Go's) plain 404: the proxy, not Keycloak.
        ("404 page not found", "Page not found", None),
    ];
    assert_read_first(cases);
}

#[test]
#[rustfmt::skip]
fn keycloak_17s_page_not_found_names_the_auth_layout_not_dns() {
    let auth = Settings { host: "https://kc.example.com/auth".into(), ..settings() };
    let cases: [(&Settings, &str, Option<Code>); 4] = [
        (&auth, "We are sorry... Page not found", Some(Code::LegacyPath)),
        (&auth, "Page not found", Some(Code::LegacyPath)),
        // The form has no /auth: Wiki.js still holds one (the spec: the legacy layout).
        (&settings(), "We are sorry...\nPage not found", Some(Code::LegacyPath)),
        (&auth, "getaddrinfo ENOTFOUND kc.example.com", Some(Code::BackchannelProbe)),
    ];
    for (s, text, related) in cases {
        let first = explain_with(s, text).first().map(|e| (e.pattern, e.related));
        let pattern = if text.contains("ENOTFOUND") { "ENOTFOUND" } else { "Page not found" };
        assert_eq!(first, Some((pattern, related)), "{text} with host {}", s.host);
    }
    // On a Keycloak the admin says is 16, /auth is right: never "take it off"; on 17+ not
    // without the live check's word, since http-relative-path=/auth keeps it.
    for (version, related, says) in [(Some(16), None, "another part of the path"), (Some(26), Some(Code::LegacyPath), "unless Keycloak runs with http-relative-path=/auth")] {
        let context = Context { keycloak_version: version, ..Context::default() };
        let first = troubleshoot("We are sorry... Page not found", &auth, &context, &derive(&auth)).remove(0);
        assert_eq!(first.related, related, "{version:?}");
        assert!(format!("{} {}", first.cause, first.fix).contains(says), "{version:?}: {first:?}");
    }
}

#[test]
#[rustfmt::skip]
fn failed_to_obtain_access_token_over_https_to_an_address_names_the_certificate_first() {
    let with_host = |host: &str| Settings { host: host.into(), ..settings() };
    let cases: [(&str, Option<Code>); 4] = [
        ("https://10.0.0.5:8443", Some(Code::PrivateCa)),
        ("https://keycloak.internal", Some(Code::PrivateCa)),
        ("http://10.0.0.5:8080", Some(Code::BackchannelProbe)),
        ("https://kc.example.com", Some(Code::BackchannelProbe)),
    ];
    for (host, related) in cases {
        let first = explain_with(&with_host(host), "Failed to obtain access token").first().map(|e| e.related);
        assert_eq!(first, Some(related), "{host}");
    }
}

#[test]
#[rustfmt::skip]
fn an_address_in_the_text_explains_itself_even_on_an_empty_form() {
    let empty = Settings::default();
    let cases: &[(&str, Option<Code>, &str)] = &[
        ("connect ECONNREFUSED 127.0.0.1:8080", Some(Code::BackchannelLoopback), "loopback address"),
        ("connect ECONNREFUSED ::1:8443", Some(Code::BackchannelLoopback), "loopback address"),
        ("connect ECONNREFUSED 10.0.0.5:8080", Some(Code::BackchannelProbe), "nothing accepted"),
        ("Realm does not exist", Some(Code::LiveRealmNotFound), "no realm of the name in the URL"),
        // The test command's own output: the address is on the line above the code's meaning.
        ("[token] POST http://localhost:8080/realms/wiki/protocol/openid-connect/token\n  ECONNREFUSED: nothing accepts connections at this host and port as seen from this machine.", Some(Code::BackchannelLoopback), "at localhost:8080"),
        ("[token] POST http://10.0.0.5:8080/realms/wiki/protocol/openid-connect/token\n  ECONNREFUSED: nothing accepts connections at this host and port", Some(Code::BackchannelProbe), "at 10.0.0.5:8080:"),
        ("[discovery] GET https://kc.example.com/realms/wiki/.well-known/openid-configuration\n  ENOTFOUND: this machine cannot resolve the host name (DNS).", Some(Code::BackchannelProbe), "host name `kc.example.com`"),
        ("[token] POST http://10.0.0.5:8080/realms/wiki/protocol/openid-connect/token\n  EHOSTUNREACH: there is no route to that host from this machine (network or firewall).", Some(Code::BackchannelProbe), "Keycloak (10.0.0.5:8080)"),
        // Node 20's dump: the code first in brackets, the address on a later line.
        ("AggregateError [ECONNREFUSED]: \n    at internalConnectMultiple (node:net:1118:18) {\n  code: 'ECONNREFUSED',\n  [errors]: [\n    Error: connect ECONNREFUSED 127.0.0.1:8080", Some(Code::BackchannelLoopback), "at 127.0.0.1:8080"),
        ("FetchError: request to http://keycloak:8080/realms/wiki/protocol/openid-connect/token failed, reason: getaddrinfo ENOTFOUND keycloak", Some(Code::BackchannelProbe), "host name `keycloak`"),
        // A code with an underscore names its address too.
        ("getaddrinfo EAI_AGAIN keycloak", Some(Code::BackchannelProbe), "host name `keycloak`"),
    ];
    for (text, related, says) in cases {
        let found = explain_with(&empty, text);
        let first = found.first().expect("explained");
        assert_eq!(first.related, *related, "{text}");
        assert!(first.cause.contains(says), "{text}: {}", first.cause);
    }
}

#[test]
fn related_texts_beyond_the_spec_are_recognised() {
    let cases: &[(&str, &str)] = &[
        (
            "self-signed certificate in certificate chain",
            "self-signed certificate",
        ),
        (
            "Error: unable to verify the first certificate",
            "unable to verify the first certificate",
        ),
        (
            "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
            "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
        ),
        ("CERT_HAS_EXPIRED", "CERT_HAS_EXPIRED"),
        (
            "Hostname/IP does not match certificate's altnames",
            "does not match certificate's altnames",
        ),
        ("connect ETIMEDOUT 10.0.0.5:443", "ETIMEDOUT"),
        ("getaddrinfo EAI_AGAIN keycloak", "EAI_AGAIN"),
        ("error=invalid_scope", "invalid_scope"),
        (
            "{\"error\":\"invalid_grant\",\"error_description\":\"Incorrect redirect_uri\"}",
            "Incorrect redirect_uri",
        ),
        ("Client not found.", "Client not found."),
        ("Realm does not exist", "Realm does not exist"),
        ("Invalid client secret", "Invalid client secret"),
        (
            "You are not authorized to register.",
            "You are not authorized to register.",
        ),
        (
            "We are sorry... Cookie not found. Please make sure cookies are enabled in your browser.",
            "Cookie not found. Please make sure cookies are enabled in your browser.",
        ),
        (
            "Restart login cookie not found. It may have expired; it may have been deleted or cookies are disabled in your browser.",
            "Restart login cookie not found",
        ),
        ("We are sorry... Page has expired.", "Page has expired"),
        ("Your login attempt timed out. Login will start from the beginning.", "Your login attempt timed out"),
    ];
    for (text, pattern) in cases {
        assert_eq!(first(text).map(|f| f.0), Some(*pattern), "{text}");
    }
}

/// Keycloak's lost login cookies: over plain http at an address other than localhost the
/// browser drops them (Secure), which https fixes; otherwise cookies or a proxy.
#[test]
#[rustfmt::skip]
fn a_lost_login_cookie_names_plain_http_when_keycloak_is_used_over_it() {
    let cases: [(&str, Option<u32>, &str); 4] = [
        ("http://sso.example.com", None, "Keycloak 24 and newer mark their login cookies Secure"),
        ("http://sso.example.com", Some(22), "a proxy in front of Keycloak"),
        ("http://localhost:8080", None, "a proxy in front of Keycloak"),
        ("https://sso.example.com", None, "a proxy in front of Keycloak"),
    ];
    for (host, version, says) in cases {
        let s = Settings { host: host.into(), ..settings() };
        let context = Context { keycloak_version: version, ..Context::default() };
        let e = &troubleshoot("Cookie not found. Please make sure cookies are enabled in your browser.", &s, &context, &derive(&s))[0];
        assert!(e.cause.contains(says), "{host} {version:?}: {}", e.cause);
    }
}

#[test]
fn texts_are_recognised_inside_their_usual_wrappings() {
    let cases: &[(&str, &str)] = &[
        ("2024-01-02T10:00:00Z error: [auth] InternalOAuthError: Failed to obtain access token\n    at Strategy.OAuth2Strategy._createOAuthError", "Failed to obtain access token"),
        ("FAILED TO OBTAIN ACCESS TOKEN", "Failed to obtain access token"),
        ("Failed to obtain\naccess\r\n token", "Failed to obtain access token"),
        ("Failed&nbsp;to obtain access token", "Failed to obtain access token"),
        ("<p>Invalid parameter: redirect_uri</p>", "Invalid parameter: redirect_uri"),
        ("Invalid parameter:\nredirect_uri", "Invalid parameter: redirect_uri"),
        ("Invalid parameter:redirect_uri", "Invalid parameter: redirect_uri"),
        ("https://wiki.example.com/login/x/callback?error=invalid_scope&error_description=Invalid+scopes%3A+openid+profile+email", "Invalid scopes: openid profile email"),
        ("error_description=Invalid%20scopes%3A%20openid%20profile%20email", "Invalid scopes: openid profile email"),
        ("&quot;error_description&quot;:&quot;HTTPS required&quot;", "HTTPS required"),
        ("{\\\"error\\\":\\\"invalid_client\\\"}", "invalid_client"),
        ("Hostname/IP does not match certificate&#39;s altnames", "does not match certificate's altnames"),
        ("Hostname/IP does not match certificate&#x27;s altnames", "does not match certificate's altnames"),
        // Typographic quotes, as a page, a chat program or a ticket copies them.
        ("Hostname/IP does not match certificate\u{2019}s altnames", "does not match certificate's altnames"),
        ("Hostname/IP does not match certificate&rsquo;s altnames", "does not match certificate's altnames"),
        ("Parameter \u{2018}redirect_uri\u{2019} no longer supported. Please use \u{2018}post_logout_redirect_uri\u{2019}", "Parameter 'redirect_uri' no longer supported"),
        ("Either the parameter &#8216;client_id&#8217; or the parameter &#8216;id_token_hint&#8217; is required", "Either the parameter 'client_id' or the parameter 'id_token_hint' is required"),
        ("Failed to obtain\u{200B} access token", "Failed to obtain access token"),
        ("Oops, something went wrong...\nYou are not authorized to login.", "You are not authorized to login."),
        ("Cannot delete My\nKeycloak as 1 or more\nusers are still using it.", "Cannot delete … as 1 or more users are still using it."),
    ];
    for (text, pattern) in cases {
        assert_eq!(first(text).map(|f| f.0), Some(*pattern), "{text}");
    }
}

#[test]
fn unknown_text_gives_nothing() {
    for text in [
        "",
        "   ",
        "Everything works fine.",
        "Cannot delete this file",
        "forbiddenness",
        "unforbidden",
        "403",
        // A 403 however a proxy or web server words it is not the Wiki.js API's.
        "403 Forbidden",
        "Error 403 - Forbidden",
        "403 - Forbidden: Access is denied.",
        "Forbidden: You don't have permission to access / on this server.",
        "The homepage not found in cache",
        "HTTP required",
        "token obtained",
        "Oops, something went wrong... Cannot read properties of undefined",
    ] {
        assert_eq!(explain(text), vec![], "{text:?}");
    }
}

#[test]
fn econnrefused_names_a_localhost_token_url() {
    let s = Settings {
        host: "http://localhost:8080".into(),
        ..settings()
    };
    let found = explain_with(&s, "Error: connect ECONNREFUSED 127.0.0.1:8080");
    assert_eq!(found.len(), 1);
    let e = &found[0];
    assert_eq!(e.related, Some(Code::BackchannelLoopback));
    assert_eq!(e.fields[0], Field::TokenUrl);
    assert!(e.cause.contains("at 127.0.0.1:8080"), "{}", e.cause);
    assert!(e.cause.contains("The Token Endpoint URL is http://localhost:8080/realms/wiki/protocol/openid-connect/token"), "{}", e.cause);
    assert_eq!(e.fix, Code::BackchannelLoopback.fix());
}

#[test]
fn failed_token_names_the_token_url_and_a_localhost_one() {
    let e = &explain("Failed to obtain access token")[0];
    assert!(
        e.cause
            .contains("https://kc.example.com/realms/wiki/protocol/openid-connect/token"),
        "{}",
        e.cause
    );
    let s = Settings {
        internal_base_url: "http://127.0.0.1:8080".into(),
        ..settings()
    };
    let e = &explain_with(&s, "Failed to obtain access token")[0];
    assert_eq!(e.related, Some(Code::BackchannelLoopback));
    assert!(e.cause.contains("localhost is the server"), "{}", e.cause);
}

/// Texts that name a cause only in part of what is pasted: a line about another strategy, a
/// web server's log, markup words, an event another rule reads. (text, the version chosen,
/// the patterns read, a phrase the first explanation's cause has or "" for none.)
#[test]
#[rustfmt::skip]
fn what_is_pasted_around_a_cause_does_not_decide_it() {
    let page = "<html class=\"login-pf\"><head><title>Sign in to Keycloak</title></head><body><p class=\"instruction\">Invalid parameter: redirect_uri</p></body></html>";
    type Case = (&'static str, Option<u32>, &'static [&'static str], &'static str);
    let cases: &[Case] = &[
        ("Authentication Strategy Local (local): [ OK ]\nAuthentication Strategy Keycloak (5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77): [ OK ]\nAuthentication Strategy GitHub (abc123): [ FAILED ]", None, &["Authentication Strategy … [ FAILED ]"], "key abc123, which is not the one this form configures"),
        ("Authentication Strategy Keycloak (5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77): [ FAILED ]", None, &["Authentication Strategy … [ FAILED ]"], "Wiki.js has no working strategy"),
        ("Authentication Strategy GitHub: [ OK ]\nsomething [ FAILED ]", None, &["Authentication Strategy … [ FAILED ]"], "Wiki.js has no working strategy"),
        ("Authentication Strategy GitHub (abc123): [ FAILED ]\nAuthentication Strategy Keycloak (5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77): [ FAILED ]", None, &["Authentication Strategy … [ FAILED ]"], "Wiki.js has no working strategy"),
        ("Authentication Strategy Keycloak [SSO] (5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77): [FAILED]", None, &["Authentication Strategy … [ FAILED ]"], "Wiki.js has no working strategy"),
        ("2026/12/07 10:00:00 [error] 29#29: *1 directory index of \"/usr/share/nginx/html/\" is forbidden, client: 10.0.0.1", None, &[], ""),
        ("Forbidden", None, &["Forbidden"], "manage:system"),
        // the page does not say where: both readings (before, its markup's "login" hid the logout's)
        (page, Some(22), &["Invalid parameter: redirect_uri", "Invalid parameter: redirect_uri"], "legacy redirect_uri"),
        ("type=\"LOGOUT_ERROR\", error=\"invalid_request\", reason=\"Either the parameter 'client_id' or the parameter 'id_token_hint' is required when 'post_logout_redirect_uri' is used.\"", Some(26), &["Either the parameter 'client_id' or the parameter 'id_token_hint' is required"], "id_token_hint"),
        ("type=LOGOUT_ERROR, realmId=5f2e, clientId=null, error=invalid_request", Some(26), &[], ""),
        // the admin's own words: "sign in to" and a "<" that opens no tag are read
        ("Invalid parameter: redirect_uri when I sign in to the wiki", Some(22), &["Invalid parameter: redirect_uri"], "At login"),
        ("Invalid parameter: redirect_uri (version < 25) after clicking logout", Some(22), &["Invalid parameter: redirect_uri"], "legacy redirect_uri"),
    ];
    for (text, version, patterns, cause) in cases {
        let context = Context { keycloak_version: *version, ..Context::default() };
        let found = troubleshoot(text, &settings(), &context, &derive(&settings()));
        let read: Vec<&str> = found.iter().map(|e| e.pattern).collect();
        assert_eq!(read, *patterns, "{text}");
        if !cause.is_empty() {
            assert!(found.iter().any(|e| e.cause.contains(cause)), "{text}: {cause:?} in {found:?}");
        }
    }
}

/// "Realm does not exist" names the realm of the URL called when the text has one, and says
/// when it is the form's in another letter case.
#[test]
#[rustfmt::skip]
fn a_missing_realm_is_the_one_called() {
    let cases: &[(&str, &str)] = &[
        ("GET https://kc.example.com/realms/Wiki/.well-known/openid-configuration 404 {\"error\":\"Realm does not exist\"}", "no realm `Wiki`, the one in the URL that was called, and this form says `wiki`: realm names are case-sensitive."),
        ("GET https://kc.example.com/realms/corp/protocol/openid-connect/auth 404 Realm does not exist", "no realm `corp`, the one in the URL that was called, not the realm `wiki` of this form."),
        ("{\"error\":\"Realm does not exist\"}", "no realm `wiki` (realm names are case-sensitive)."),
    ];
    for (text, says) in cases {
        let found = explain(text);
        assert!(found.first().is_some_and(|e| e.cause.contains(says)), "{text}: {says:?} in {found:?}");
    }
}

/// An event without a client (`clientId=null`, as a logout without id_token_hint logs it)
/// names none.
#[test]
fn an_event_without_a_client_names_none() {
    let found = explain("type=LOGOUT_ERROR, realmId=5f2e, clientId=null, userId=null, error=invalid_redirect_uri, redirect_uri=https://other.example.com");
    assert!(
        !found.is_empty() && found.iter().all(|e| !e.cause.contains("`null`")),
        "{found:?}"
    );
}

/// A Node error serialised as JSON (no message line): the address or host name its keys
/// give is the one named, not the form's.
#[test]
#[rustfmt::skip]
fn a_node_error_as_json_names_its_own_address() {
    let cases: &[(&str, &str)] = &[
        (r#"{"name":"InternalOAuthError","message":"Failed to obtain access token","oauthError":{"errno":-111,"code":"ECONNREFUSED","syscall":"connect","address":"127.0.0.1","port":8080}}"#, "127.0.0.1"),
        (r#"{"errno":-3008,"code":"ENOTFOUND","syscall":"getaddrinfo","hostname":"keycloak"}"#, "`keycloak`"),
    ];
    for (text, names) in cases {
        let found = explain(text);
        assert!(found.first().is_some_and(|e| e.cause.contains(names)), "{text}: {names:?} in {found:?}");
    }
}

/// Current Keycloak logs only the issuer it expected: its address is the one the Wiki.js
/// server called, named back (not the generic guess), unless it is Host's own.
#[test]
fn an_expected_issuer_alone_names_the_address_the_server_called() {
    let event = |url: &str| {
        format!("type=\"USER_INFO_REQUEST_ERROR\", realmId=\"5f2e\", clientId=\"wikijs\", error=\"invalid_token\", reason=\"Invalid token issuer. Expected '{url}'\"")
    };
    let found = explain(&event("http://keycloak:8080/realms/wiki"));
    assert!(
        found.iter().any(|e| e
            .cause
            .contains("the Wiki.js server called http://keycloak:8080")
            && e.cause.contains("This form does not call it")),
        "{found:?}"
    );
    let found = explain(&event("https://kc.example.com/realms/wiki"));
    assert!(
        !found
            .iter()
            .any(|e| e.cause.contains("the Wiki.js server called")),
        "{found:?}"
    );
    // The form calls it, through its overridden userinfo URL.
    let mut s = settings();
    s.overrides.user_info =
        Some("http://keycloak:8080/realms/wiki/protocol/openid-connect/userinfo".into());
    let found = troubleshoot(
        &event("http://keycloak:8080/realms/wiki"),
        &s,
        &Context::default(),
        &derive(&s),
    );
    assert!(
        found.iter().any(|e| e
            .cause
            .contains("the Wiki.js server called http://keycloak:8080")
            && !e.cause.contains("does not call it")),
        "{found:?}"
    );
}

/// "Logging out" is Keycloak 26's confirmation page only as its heading: in another message
/// ("… while logging out") it is that message's word, read by the message's own rule.
#[test]
#[rustfmt::skip]
fn logging_out_is_the_confirmation_page_only_alone() {
    let cases: &[(&str, &[&str])] = &[
        ("Logging out", &["Logging out"]),
        ("  Logging out.\n\n  Logout ", &["Logging out"]),
        ("Invalid parameter: redirect_uri while logging out", &["Invalid parameter: redirect_uri"]),
        ("Logging out user admin@example.com", &[]),
    ];
    for (text, expected) in cases {
        let patterns: Vec<&str> = explain(text).iter().map(|e| e.pattern).collect();
        assert_eq!(patterns, *expected, "{text}");
    }
}

/// The real error behind "Failed to obtain access token", pasted with it, explains it alone:
/// the generic text's "run the test command to see the real error" would contradict it.
#[test]
fn a_network_code_explains_the_generic_token_message_alone() {
    for text in [
        "InternalOAuthError: Failed to obtain access token (connect ECONNREFUSED 10.0.0.5:8080)",
        "InternalOAuthError: Failed to obtain access token\n  code: 'DEPTH_ZERO_SELF_SIGNED_CERT'",
    ] {
        let patterns: Vec<&str> = explain(text).iter().map(|e| e.pattern).collect();
        assert_eq!(patterns.len(), 1, "{text}: {patterns:?}");
        assert_ne!(patterns[0], "Failed to obtain access token", "{text}");
    }
}

#[test]
fn a_tls_code_and_its_message_are_explained_once() {
    let found = explain(
        "Error: self signed certificate in certificate chain { code: 'SELF_SIGNED_CERT_IN_CHAIN' }",
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].pattern, "SELF_SIGNED_CERT_IN_CHAIN");
    assert!(found[0].fix.contains("NODE_EXTRA_CA_CERTS"));
    assert!(found[0]
        .fix
        .contains("never use NODE_TLS_REJECT_UNAUTHORIZED=0"));
}

#[test]
fn redirect_uri_picks_its_meaning_from_context() {
    let meanings = |text: &str| explain(text).iter().map(|e| e.related).collect::<Vec<_>>();
    let cases: &[(&str, &[Option<Code>])] = &[
        ("Invalid parameter: redirect_uri", &[Some(Code::RegisterRedirectUri), Some(Code::LogoutLegacyOnNewKeycloak)]),
        ("GET /realms/wiki/protocol/openid-connect/auth?redirect_uri=x Invalid parameter: redirect_uri", &[Some(Code::RegisterRedirectUri)]),
        ("After login: Invalid parameter: redirect_uri", &[Some(Code::RegisterRedirectUri)]),
        ("When I log out: Invalid parameter: redirect_uri", &[Some(Code::LogoutLegacyOnNewKeycloak)]),
        ("/protocol/openid-connect/logout?redirect_uri=https%3A%2F%2Fwiki Invalid parameter: redirect_uri", &[Some(Code::LogoutLegacyOnNewKeycloak)]),
    ];
    for (text, expected) in cases {
        assert_eq!(meanings(text), *expected, "{text}");
    }
}

/// Only Keycloak 18 to 25 refuse the legacy `redirect_uri` at logout: 17 and older take it,
/// 26 ignores it. A text met at logout is still read as that refusal, saying the version chosen
/// looks wrong; a text that does not say where it was met is the login's on those versions.
#[test]
#[rustfmt::skip]
fn redirect_uri_at_logout_depends_on_the_keycloak_version() {
    let s = Settings { logout_legacy_redirect: true, ..settings() };
    let (logout, anywhere) = (Some(Code::LogoutLegacyOnNewKeycloak), Some(Code::RegisterRedirectUri));
    /// The text, the version, the related codes, whether the version is questioned.
    type Case<'a> = (&'a str, Option<u32>, &'a [Option<Code>], bool);
    let cases: &[Case] = &[
        ("logout: Invalid parameter: redirect_uri", None, &[logout], false),
        ("logout: Invalid parameter: redirect_uri", Some(18), &[logout], false),
        ("logout: Invalid parameter: redirect_uri", Some(25), &[logout], false),
        ("logout: Invalid parameter: redirect_uri", Some(16), &[logout], true),
        ("logout: Invalid parameter: redirect_uri", Some(26), &[logout], true),
        ("Invalid parameter: redirect_uri", Some(24), &[anywhere, logout], false),
        ("Invalid parameter: redirect_uri", Some(17), &[anywhere], false),
        ("Invalid parameter: redirect_uri", Some(26), &[anywhere], false),
    ];
    for (text, version, expected, questioned) in cases {
        let context = Context { keycloak_version: *version, ..Context::default() };
        let found = troubleshoot(text, &s, &context, &derive(&s));
        let related: Vec<Option<Code>> = found.iter().map(|e| e.related).collect();
        assert_eq!(related, *expected, "{text} {version:?}");
        let asks = found.iter().any(|e| e.cause.contains("check the Keycloak version"));
        assert_eq!(asks, *questioned, "{text} {version:?}: {found:?}");
    }
}

#[test]
#[rustfmt::skip]
fn logout_texts_read_by_the_version_chosen() {
    let legacy = Settings { logout_legacy_redirect: true, ..settings() };
    // (text, version, the related code of the first explanation, a phrase of its cause)
    let cases: &[(&str, Option<u32>, Option<Code>, &str)] = &[
        ("Parameter 'redirect_uri' no longer supported", Some(26), Some(Code::LogoutLegacyOnNewKeycloak), "check the Keycloak version"),
        ("Parameter 'redirect_uri' no longer supported", Some(24), Some(Code::LogoutLegacyOnNewKeycloak), "refuses."),
        ("type=LOGOUT_ERROR, error=invalid_request", Some(16), Some(Code::LogoutLegacyOnNewKeycloak), "check the Keycloak version"),
        ("Do you want to log out?", Some(26), Some(Code::LogoutLegacyOnNewKeycloak), "Keycloak 26 ignores"),
        ("Do you want to log out?", Some(16), None, "the server is 18 or newer"),
        ("Do you want to log out?", None, Some(Code::LogoutLegacyOnNewKeycloak), "Keycloak 26 ignores"),
        ("Logging out", Some(26), Some(Code::LogoutLegacyOnNewKeycloak), "Keycloak 26 ignores"),
        ("Logging out", None, Some(Code::LogoutLegacyOnNewKeycloak), "Keycloak 26 ignores"),
    ];
    for (text, version, related, says) in cases {
        let context = Context { keycloak_version: *version, ..Context::default() };
        let found = troubleshoot(text, &legacy, &context, &derive(&legacy));
        let e = found.first().unwrap_or_else(|| panic!("{text} {version:?}: nothing"));
        assert_eq!(e.related, *related, "{text} {version:?}");
        assert!(e.cause.contains(says), "{text} {version:?}: {}", e.cause);
    }
}

/// One cause said once, though two texts of the paste name it.
#[test]
fn one_cause_is_explained_once() {
    let found = explain("401 Token verification failed\nWARN Invalid token issuer. Expected 'https://kc.example.com/realms/wiki'");
    assert_eq!(found.len(), 1, "{found:?}");
}

/// With the legacy logout, "Invalid redirect uri" is the Site URL missing from the redirect
/// URIs, not from the post logout list.
#[test]
fn invalid_redirect_uri_under_the_legacy_logout_names_the_redirect_uris() {
    for (legacy, old_wiki, list) in [
        (false, false, "Valid post logout redirect URIs"),
        (true, false, "Valid redirect URIs"),
        (false, true, "Valid redirect URIs"),
    ] {
        let s = Settings {
            logout_legacy_redirect: legacy,
            ..settings()
        };
        let context = Context {
            legacy_logout_only: old_wiki,
            ..Context::default()
        };
        let e = &troubleshoot("Invalid redirect uri", &s, &context, &derive(&s))[0];
        assert!(
            e.fix.contains(list) && e.fix.ends_with("https://wiki.example.com"),
            "{legacy} {old_wiki}: {}",
            e.fix
        );
    }
}

/// With the modern parameter, a Keycloak before 19 checks the Site URL against the redirect
/// URIs: the cause names the version that does, as chosen.
#[test]
fn invalid_redirect_uri_names_the_keycloak_version_that_checks_the_redirect_uris() {
    for (version, says) in [
        (
            16,
            "a Keycloak before 18, which checks it as the legacy redirect_uri",
        ),
        (
            17,
            "a Keycloak before 18, which checks it as the legacy redirect_uri",
        ),
        (18, "Keycloak 18, which has no post logout list yet"),
    ] {
        let context = Context {
            keycloak_version: Some(version),
            ..Context::default()
        };
        let e = &troubleshoot(
            "Invalid redirect uri",
            &settings(),
            &context,
            &derive(&settings()),
        )[0];
        assert!(e.cause.contains(says), "{version}: {}", e.cause);
        assert!(
            e.fix.contains("Valid redirect URIs"),
            "{version}: {}",
            e.fix
        );
    }
}

#[test]
fn redirect_uri_at_login_names_the_callback_url() {
    let e = &explain("login: Invalid parameter: redirect_uri")[0];
    let callback = "https://wiki.example.com/login/5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77/callback";
    assert!(e.cause.contains(callback), "{}", e.cause);
    assert!(e.fix.ends_with(callback), "{}", e.fix);
}

#[test]
fn redirect_uri_at_logout_says_when_the_form_has_the_toggle_off() {
    let e = &explain("logout: Invalid parameter: redirect_uri")[0];
    assert!(
        e.cause.contains("This form has Legacy Logout Redirect off"),
        "{}",
        e.cause
    );
    assert!(
        !e.cause.contains("(Legacy Logout Redirect is on)"),
        "{}",
        e.cause
    );
    let s = Settings {
        logout_legacy_redirect: true,
        ..settings()
    };
    let e = &explain_with(&s, "logout: Invalid parameter: redirect_uri")[0];
    assert!(
        !e.cause.contains("This form has Legacy Logout Redirect off"),
        "{}",
        e.cause
    );
}

/// Wiki.js before 2.5.300 has no toggle to blame: the fix is upgrading, or no upstream logout.
#[test]
fn redirect_uri_at_logout_on_a_wiki_without_the_toggle_says_upgrade() {
    let old_wiki = Context {
        legacy_logout_only: true,
        ..Context::default()
    };
    let s = settings();
    let found = troubleshoot(
        "logout: Invalid parameter: redirect_uri",
        &s,
        &old_wiki,
        &derive(&s),
    );
    let e = &found[0];
    assert_eq!(e.related, Some(Code::LogoutLegacyOnNewKeycloak));
    assert_eq!(e.fields, [Field::LogoutUpstream]);
    assert!(e.cause.contains("older than 2.5.300"), "{}", e.cause);
    assert!(
        !e.cause.contains("This form has Legacy Logout Redirect off"),
        "{}",
        e.cause
    );
    assert!(e.fix.starts_with("Upgrade Wiki.js to 2.5.300"), "{}", e.fix);
}

/// The fix follows the form: on, turn it off; off already, saving is what turns it off.
#[test]
fn redirect_uri_at_logout_is_fixed_by_what_the_form_lacks() {
    for (legacy_on, fix_starts) in [
        (true, "Turn Legacy Logout Redirect off"),
        (false, "Save this form"),
    ] {
        let s = Settings {
            logout_legacy_redirect: legacy_on,
            ..settings()
        };
        let found = troubleshoot(
            "logout: Invalid parameter: redirect_uri",
            &s,
            &Context::default(),
            &derive(&s),
        );
        let e = found
            .iter()
            .find(|e| e.related == Some(Code::LogoutLegacyOnNewKeycloak))
            .expect("explained");
        assert!(
            e.fix.starts_with(fix_starts),
            "legacy {legacy_on}: {}",
            e.fix
        );
    }
}

#[test]
fn post_logout_uri_names_the_site_url() {
    let e = &explain("Invalid redirect uri")[0];
    assert!(e.fix.ends_with("https://wiki.example.com"), "{}", e.fix);
}

/// Wiki.js's error page with no message under it is a failed userinfo call (facts: "Where
/// errors surface"); with a message, the message is read instead.
#[test]
#[rustfmt::skip]
fn the_error_page_without_a_message_is_the_userinfo_call() {
    let split = Settings { internal_base_url: "http://keycloak:8080".into(), ..settings() };
    // (settings, the wiki before 2.5.300, pasted, a phrase the cause has)
    let cases: &[(&Settings, bool, &str, &str)] = &[
        (&settings(), false, "Oops, something went wrong...", "keycloak-passport passes"),
        (&settings(), false, "<h1>Oops, something went wrong...</h1>\n<h2></h2>\n500", "the token's issuer"),
        (&split, false, "Oops, something went wrong...", "users sign in at https://kc.example.com but Wiki.js calls http://keycloak:8080"),
        (&settings(), true, "Oops, something went wrong...", "before 2.5.291 with Keycloak 19.0.2"),
    ];
    for (s, legacy_logout_only, text, says) in cases {
        let context = Context { legacy_logout_only: *legacy_logout_only, ..Context::default() };
        let found = troubleshoot(text, s, &context, &derive(s));
        let e = found.first().unwrap_or_else(|| panic!("{text}: nothing"));
        assert_eq!(e.pattern, "Oops, something went wrong...", "{text}");
        assert!(e.cause.contains(says), "{text}: {}", e.cause);
        assert!(e.fix.contains("USER_INFO_REQUEST_ERROR"), "{text}: {}", e.fix);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
    }
    assert_eq!(first("Oops, something went wrong... Failed to fetch user profile").map(|f| f.0), Some("Failed to fetch user profile"));
}

#[test]
fn invalid_issuer_names_both_addresses_and_the_pin() {
    let s = Settings {
        internal_base_url: "http://keycloak:8080".into(),
        ..settings()
    };
    let e = &explain_with(&s, "Invalid token issuer")[0];
    assert!(
        e.cause.contains("https://kc.example.com") && e.cause.contains("http://keycloak:8080"),
        "{}",
        e.cause
    );
    assert!(
        e.fix.contains("KC_HOSTNAME=https://kc.example.com"),
        "{}",
        e.fix
    );
}

#[test]
fn invalid_provider_names_empty_fields_or_a_disabled_strategy() {
    let s = Settings {
        client_secret: Secret::default(),
        realm: String::new(),
        ..settings()
    };
    let e = &explain_with(&s, "Invalid authentication provider.")[0];
    assert_eq!(e.related, Some(Code::Required));
    assert!(
        e.fields.contains(&Field::ClientSecret) && e.fields.contains(&Field::Realm),
        "{:?}",
        e.fields
    );
    let s = Settings {
        is_enabled: false,
        bypass_login_screen: true,
        ..settings()
    };
    let e = &explain_with(&s, "Invalid authentication provider.")[0];
    assert_eq!(e.related, Some(Code::StrategyDisabledButFirst));
    assert!(e.cause.contains("disabled"), "{}", e.cause);
}

#[test]
fn whitelist_names_the_listed_domains() {
    let s = Settings {
        domain_whitelist: vec!["example.com".into(), "@corp.example".into()],
        ..settings()
    };
    let e = &explain_with(
        &s,
        "You are not authorized to register. Your domain is not whitelisted.",
    )[0];
    assert!(
        e.cause.contains("example.com, @corp.example"),
        "{}",
        e.cause
    );
    assert_eq!(e.related, Some(Code::DomainWhitelistInvalid));
}

#[test]
fn https_required_on_an_http_host_points_at_http() {
    let s = Settings {
        host: "http://kc.example.com".into(),
        ..settings()
    };
    let e = &explain_with(&s, "HTTPS required")[0];
    assert_eq!(e.related, Some(Code::InsecureHttp));
    assert!(e.cause.contains("http://kc.example.com"), "{}", e.cause);
}

#[test]
fn standard_flow_off_is_told_apart_from_a_wrong_secret() {
    let e = &explain("unauthorized_client: Client is not allowed to initiate browser login with given response_type. Standard flow is disabled for the client.")[0];
    assert_eq!(e.related, Some(Code::KcStandardFlowOff));
    let e = &explain(
        "{\"error\":\"unauthorized_client\",\"error_description\":\"Invalid client secret\"}",
    )[0];
    assert_eq!(e.related, Some(Code::SecretSuspicious));
    assert!(
        e.cause.contains("client `wikijs`") && e.cause.contains("realm `wiki`"),
        "{}",
        e.cause
    );
}

#[test]
fn code_not_valid_names_a_realm_mismatch() {
    let mut s = settings();
    s.overrides.token =
        Some("https://kc.example.com/realms/other/protocol/openid-connect/token".into());
    let e = &explain_with(
        &s,
        "{\"error\":\"invalid_grant\",\"error_description\":\"Code not valid\"}",
    )[0];
    assert_eq!(e.related, Some(Code::EndpointOverriddenMismatch));
    assert!(
        e.cause.contains("realm `wiki`") && e.cause.contains("realm `other`"),
        "{}",
        e.cause
    );
}

/// RESTEasy's 404: a path under /auth on Keycloak 17+, or (RESTEasy runs only under /auth on
/// a WildFly Keycloak) a mistyped path on 17+; Keycloak 16, as chosen, needs the /auth.
#[test]
#[rustfmt::skip]
fn resteasy_tells_which_layout_is_wrong() {
    const UNDER_AUTH: &str = "RESTEASY003210: Could not find resource for full path: https://kc.example.com/auth/realms/wiki/.well-known/openid-configuration";
    const OUTSIDE: &str = "RESTEASY003210: Could not find resource for full path: https://kc.example.com/realms/wiki/x";
    // (Host, the version chosen, the text, the related code, said in the cause or fix)
    type Case = (&'static str, Option<u32>, &'static str, Option<Code>, &'static str);
    let cases: &[Case] = &[
        ("https://kc.example.com", None, UNDER_AUTH, Some(Code::LegacyPath), "(https://kc.example.com/auth/realms/wiki/.well-known/openid-configuration)"),
        ("https://kc.example.com", None, OUTSIDE, None, "mistyped"),
        ("https://kc.example.com/auth", None, OUTSIDE, Some(Code::LegacyPath), "Take /auth off"),
        ("https://kc.example.com/auth", None, "RESTEASY003210", Some(Code::LegacyPath), "Take /auth off"),
        ("https://kc.example.com", None, "RESTEASY003210", Some(Code::LegacyPath), "under the legacy /auth"),
        ("https://kc.example.com", Some(16), "RESTEASY003210", Some(Code::LiveLayoutMismatch), "Switch to the legacy /auth layout"),
    ];
    for (host, version, text, related, says) in cases {
        let s = Settings { host: (*host).into(), ..settings() };
        let context = Context { keycloak_version: *version, ..Context::default() };
        let e = &troubleshoot(text, &s, &context, &derive(&s))[0];
        assert_eq!(e.related, *related, "{host} {version:?} {text}");
        assert!(e.cause.contains(says) || e.fix.contains(says), "{host} {version:?} {text}: {} / {}", e.cause, e.fix);
    }
}

#[test]
fn cannot_delete_names_the_strategy() {
    let e = &explain("Error: Cannot delete Company SSO as 1 or more users are still using it.")[0];
    assert!(
        e.cause.contains("the strategy \"Company SSO\""),
        "{}",
        e.cause
    );
    let e = &explain("Cannot delete My&#39;s\nKeycloak as 1 or more users are still using it.")[0];
    assert!(e.cause.contains("\"My's Keycloak\""), "{}", e.cause);
}

#[test]
fn forbidden_is_matched_as_a_word() {
    let cases = [
        ("Forbidden", true),
        ("GraphQL error: Forbidden.", true),
        // Any other 403: a proxy's page, Keycloak's userinfo refusal.
        ("403 FORBIDDEN", false),
        ("<title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center>", false),
        ("HTTP/1.1 403 Forbidden WWW-Authenticate: Bearer realm=\"wiki\", error=\"insufficient_scope\"", false),
        ("{\"errors\":[{\"message\":\"Forbidden\"}]}", true),
        ("\"message\":\"Forbidden\"", true),
        ("Forbiddenx", false),
        ("xforbidden", false),
    ];
    for (text, expected) in cases {
        assert_eq!(
            explain(text).iter().any(|e| e.pattern == "Forbidden"),
            expected,
            "{text}"
        );
    }
}

#[test]
fn explanations_name_fields_and_serialize() {
    for pattern in recognised_patterns() {
        // A blank in a pattern stands for a name: a strategy's, or its option's.
        let text = pattern.replace('…', "clientID");
        let found = explain(&text);
        assert!(!found.is_empty(), "{pattern}");
        for e in &found {
            assert!(!e.cause.is_empty() && !e.fix.is_empty(), "{pattern}");
            let json = serde_json::to_value(e).expect("serializes");
            assert!(
                json.get("pattern").is_some()
                    && json.get("cause").is_some()
                    && json.get("fields").is_some(),
                "{json}"
            );
        }
    }
}

/// No explanation quotes the form's client secret: the `tools` part is given a stand-in for
/// it, which must not be shown either.
#[test]
fn no_explanation_quotes_the_secret() {
    const SENTINEL: &str = "sentinel-secret-4f1c9e";
    let mut s = settings();
    s.client_secret = crate::secret::Secret::new(SENTINEL);
    for pattern in recognised_patterns() {
        let text = pattern.replace('…', "clientSecret");
        for e in troubleshoot(&text, &s, &Context::default(), &derive(&s)) {
            assert!(
                !format!("{} {}", e.cause, e.fix).contains(SENTINEL),
                "{pattern}"
            );
        }
    }
}

/// With the form as Wiki.js holds it (loaded, not edited), a pasted error came from these
/// values or from before they were saved: no explanation tells the admin to save this form
/// or blames another configuration in Wiki.js. Every recognised text, against forms with and
/// without /auth, for each Keycloak version the texts differ by; the same with the form
/// edited does say so (each phrase somewhere).
#[test]
fn the_form_wiki_js_holds_is_never_another_configuration() {
    const BLAME: [&str; 6] = [
        "Save this",
        "save this",
        "older configuration",
        "another configuration",
        "may differ",
        "differs from this form",
    ];
    let mut texts: Vec<String> = recognised_patterns()
        .iter()
        .map(|p| p.replace('…', "tokenURL"))
        .collect();
    texts.extend([
        "RESTEASY003210: Could not find resource for full path: https://sso.example.com/auth/realms/wiki/protocol/openid-connect/auth",
        "LOGOUT_ERROR error=invalid_request, redirect_uri=https://wiki.example.com",
        "type=LOGIN_ERROR, error=invalid_redirect_uri, redirect_uri=https://other.example.com/login/x/callback",
        "Keycloak logout URL is not configured!",
        "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    ].map(str::to_owned));
    let forms: [Edit; 3] = [
        |s| s.logout_legacy_redirect = false,
        |s| {
            s.host = "https://sso.example.com/auth".into();
            s.logout_legacy_redirect = true;
            s.self_registration = true;
        },
        |s| {
            s.host = "http://sso.example.com".into();
            s.overrides.logout = Some(String::new());
        },
    ];
    let said = |wiki_holds_form: bool| -> String {
        let mut out = String::new();
        for edit in forms {
            let mut s = settings();
            edit(&mut s);
            for version in [None, Some(16), Some(18), Some(22), Some(26)] {
                let context = Context {
                    wiki_holds_form,
                    keycloak_version: version,
                    ..Context::default()
                };
                for t in &texts {
                    for e in troubleshoot(t, &s, &context, &derive(&s)) {
                        out += &format!(
                            "[{} / Keycloak {version:?}] {} {}\n",
                            e.pattern, e.cause, e.fix
                        );
                    }
                }
            }
        }
        out
    };
    let held = said(true);
    for line in held.lines() {
        for blame in BLAME {
            assert!(!line.contains(blame), "{blame:?} in {line}");
        }
    }
    let edited = said(false);
    for blame in BLAME {
        assert!(edited.contains(blame), "edited: no {blame:?}");
    }
}

/// A "Go to" a checklist step finds the step: every recognised text whose fix is a client
/// setting leads to a step the checklist shows for these settings, in each console.
#[test]
fn every_console_step_led_to_is_in_the_checklist() {
    let s = settings();
    let mut led = 0;
    for version in [None, Some(16), Some(18), Some(26)] {
        let context = Context {
            keycloak_version: version,
            ..Context::default()
        };
        let steps = setup_steps(&s, &derive(&s), &context);
        for pattern in recognised_patterns() {
            let text = pattern.replace('…', "clientID");
            for e in troubleshoot(&text, &s, &context, &derive(&s)) {
                if let Some(Target::ConsoleStep(step)) = e.go_to(&s, &context) {
                    led += 1;
                    assert!(
                        steps.iter().any(|shown| shown.step == step),
                        "{pattern}: {step:?}, Keycloak {version:?}"
                    );
                }
            }
        }
    }
    assert!(led >= 4 * 5, "only {led} texts lead to a step");
}

#[test]
fn a_megabyte_of_log_is_read_to_its_end() {
    let mut text = "2024-01-02 info: request served in 12 ms, nothing to see here\n".repeat(20_000);
    text.push_str("error: connect ECONNREFUSED 127.0.0.1:8080");
    assert!(text.len() > 1_000_000);
    let started = std::time::Instant::now();
    let found = explain(&text);
    assert_eq!(found.first().map(|e| e.pattern), Some("ECONNREFUSED"));
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn beyond_the_cap_only_the_end_is_read() {
    let mut text = String::from("HTTPS required ");
    text.push_str(&"é".repeat(MAX_INPUT_BYTES / 2 + 10));
    text.push_str(" Code not valid");
    let patterns: Vec<&str> = explain(&text).iter().map(|e| e.pattern).collect();
    assert_eq!(patterns, ["Code not valid"]);
}

#[test]
fn many_near_misses_stay_linear() {
    let text = "forbiddenx ".repeat(100_000);
    let started = std::time::Instant::now();
    assert!(explain(&text).is_empty());
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}

/// Masking reads each byte a bounded number of times, whatever the text repeats.
#[test]
fn masking_stays_linear() {
    for unit in [
        "eyJ/",
        "a=",
        "\"secret\": ",
        "Bearer ",
        "code=x&",
        "authorization: basic ",
        "-u a:",
        "://a:",
        "--db-password ",
        "x:",
    ] {
        let text = unit.repeat(MAX_INPUT_BYTES / unit.len() / 4);
        let started = std::time::Instant::now();
        let _ = crate::troubleshoot::masked::masked(&text);
        assert!(
            started.elapsed().as_secs() < 5,
            "{unit}: took {:?}",
            started.elapsed()
        );
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn troubleshoot_never_panics(text in any::<String>(), glued in "[%&#;\\\\a-zA-Z0-9 \n:_.'\"+-]{0,60}") {
            let _ = explain(&text);
            let _ = explain(&glued);
            let _ = explain(&format!("{glued}Cannot delete{text}as 1 or more users are still using it{glued}"));
        }
    }
}

/// An explanation's "Go to" leads where its fix is: the server test command when that is the
/// fix, else the first field to look at that can be edited (a derived URL cannot).
type Edit = fn(&mut Settings);

#[test]
fn go_to_leads_where_the_fix_is() {
    let loopback: Edit = |s| s.host = "http://localhost:8080".into();
    let cases: &[(&str, Edit, Option<Target>)] = &[
        (
            "Failed to obtain access token",
            |_| {},
            Some(Target::ProbeCommand),
        ),
        (
            "Failed to obtain access token",
            loopback,
            Some(Target::Field(Field::InternalBaseUrl)),
        ),
        // A setting of the client in Keycloak: its checklist step, not Client ID.
        (
            "Invalid scopes: openid profile email",
            |_| {},
            Some(Target::ConsoleStep(ConsoleStep::ClientScopes)),
        ),
        (
            "Missing or invalid email address from profile.",
            |_| {},
            Some(Target::ConsoleStep(ConsoleStep::ClientScopes)),
        ),
        (
            "Standard flow is disabled for the client.",
            |_| {},
            Some(Target::ConsoleStep(ConsoleStep::StandardFlow)),
        ),
        (
            "Missing parameter: code_challenge_method",
            |_| {},
            Some(Target::ConsoleStep(ConsoleStep::NoPkce)),
        ),
        (
            "Wrong client protocol.",
            |_| {},
            Some(Target::ConsoleStep(ConsoleStep::CreateClient)),
        ),
        (
            "bearer-only",
            |_| {},
            Some(Target::ConsoleStep(ConsoleStep::ClientAuthentication)),
        ),
        // No step says where these are set (the Enabled switch, the Credentials tab's
        // authenticator, consent): the client, by its Client ID.
        (
            "Client disabled.",
            |_| {},
            Some(Target::Field(Field::ClientId)),
        ),
        (
            "Invalid method used to get client secret",
            |_| {},
            Some(Target::Field(Field::ClientId)),
        ),
        (
            "Do you grant these access privileges?",
            |_| {},
            Some(Target::Field(Field::ClientId)),
        ),
        (
            "Invalid authentication provider.",
            |_| {},
            Some(Target::Field(Field::IsEnabled)),
        ),
        // Fixed on the Wiki.js server: the command that shows whether it took.
        (
            "Error: unable to verify the first certificate",
            |_| {},
            Some(Target::ProbeCommand),
        ),
        // Fixed in Keycloak by listing the callback URL: its checklist step, with Copy.
        (
            "Invalid parameter: redirect_uri",
            |_| {},
            Some(Target::ConsoleStep(ConsoleStep::RedirectUris)),
        ),
        // Without a Site URL there is no callback URL yet: the Site URL it needs.
        (
            "Invalid parameter: redirect_uri",
            |s| s.site_url.clear(),
            Some(Target::Field(Field::SiteUrl)),
        ),
        // Whether /auth is wrong: the version settles it (not said here), as for the finding.
        (
            "We are sorry... Page not found",
            |s| s.host = "https://kc.example.com/auth".into(),
            Some(Target::KeycloakVersion),
        ),
    ];
    for (text, edit, expected) in cases {
        let mut s = settings();
        edit(&mut s);
        let first = explain_with(&s, text)
            .into_iter()
            .next()
            .expect("recognised");
        assert_eq!(first.go_to(&s, &Context::default()), *expected, "{text}");
    }
}

/// What admins paste from their logs (spec: "Beyond these exact texts"): Keycloak's events
/// and messages, the token endpoint's JSON, Node and passport on the Wiki.js server.
#[test]
#[rustfmt::skip]
fn log_lines_are_read_for_their_cause() {
    let cases: &[(&str, &str, Option<Code>)] = &[
        // Keycloak events, unquoted (up to 25) and quoted (26's key="value").
        ("WARN [org.keycloak.events] (executor-thread-1) type=LOGIN_ERROR, realmId=5f2e, clientId=wikijs, userId=null, ipAddress=10.0.0.9, error=invalid_redirect_uri, redirect_uri=https://wiki.example.com/login/x/callback", "error=invalid_redirect_uri (Keycloak event)", Some(Code::RegisterRedirectUri)),
        ("type=\"LOGIN_ERROR\", realmId=\"5f2e\", clientId=\"wikijs\", error=\"invalid_redirect_uri\", redirect_uri=\"https://wiki.example.com/login/x/callback\"", "error=invalid_redirect_uri (Keycloak event)", Some(Code::RegisterRedirectUri)),
        ("type=LOGOUT_ERROR, realmId=5f2e, clientId=wikijs, error=invalid_redirect_uri, redirect_uri=https://wiki.example.com", "error=invalid_redirect_uri (Keycloak event)", Some(Code::RegisterPostLogoutUri)),
        ("type=CODE_TO_TOKEN_ERROR, realmId=5f2e, clientId=wikijs, error=invalid_client_credentials, grant_type=authorization_code", "invalid_client", Some(Code::SecretSuspicious)),
        ("type=CODE_TO_TOKEN_ERROR, realmId=5f2e, clientId=wikijs, error=invalid_code", "error=invalid_code (Keycloak event)", None),
        ("type=LOGIN_ERROR, realmId=5f2e, clientId=wiki, error=client_not_found", "error=client_not_found (Keycloak event)", None),
        ("type=LOGIN_ERROR, clientId=wikijs, error=client_disabled", "error=client_disabled (Keycloak event)", Some(Code::KcClientDisabled)),
        ("type=USER_INFO_REQUEST_ERROR, realmId=5f2e, clientId=null, error=invalid_token, reason='Token verification failed'", "USER_INFO_REQUEST_ERROR (Keycloak event)", Some(Code::BackchannelProbe)),
        // Keycloak's own log lines, whole (facts/keycloak.md).
        ("WARN [org.keycloak.protocol.oidc.endpoints.LogoutEndpoint] Parameter 'redirect_uri' no longer supported. Please use 'post_logout_redirect_uri' with 'id_token_hint' for this endpoint. Alternatively you can enable backwards compatibility option 'legacy-logout-redirect-uri' of oidc login protocol in the server configuration.", "Parameter 'redirect_uri' no longer supported", Some(Code::LogoutLegacyOnNewKeycloak)),
        ("Either the parameter 'client_id' or the parameter 'id_token_hint' is required when 'post_logout_redirect_uri' is used.", "Either the parameter 'client_id' or the parameter 'id_token_hint' is required", None),
        ("type=LOGIN_ERROR, realmId=5f2e, clientId=wikijs, error=expired_code", "error=expired_code (Keycloak event)", None),
        // Keycloak 17+ on an old path.
        ("Unable to find matching target resource method", "Unable to find matching target resource method", Some(Code::LegacyPath)),
        // The token endpoint's JSON.
        ("{\"error\":\"invalid_client\",\"error_description\":\"Parameter client_assertion_type is missing\"}", "Parameter client_assertion_type is missing", Some(Code::KcClientAuthenticator)),
        ("{\"error\":\"invalid_grant\",\"error_description\":\"Client not allowed to exchange code\"}", "Client not allowed to exchange code", Some(Code::KcStandardFlowOff)),
        ("{\"error\":\"access_denied\",\"error_description\":\"Realm not enabled\"}", "Realm not enabled", Some(Code::KcRealmDisabled)),
        // Node and passport on the Wiki.js server.
        ("InternalOAuthError: Failed to fetch user profile", "Failed to fetch user profile", Some(Code::BackchannelProbe)),
        ("Error: clientSecret is required", "… is required", Some(Code::Required)),
        ("Authentication Strategy Keycloak (3b28): [ FAILED ]", "Authentication Strategy … [ FAILED ]", None),
        ("connect EHOSTUNREACH 10.0.0.5:8443", "EHOSTUNREACH", Some(Code::BackchannelProbe)),
        ("connect ENETUNREACH 10.9.0.5:8443", "ENETUNREACH", Some(Code::BackchannelProbe)),
        ("read ECONNRESET", "ECONNRESET", Some(Code::BackchannelProbe)),
        // Node's words without the code, as often pasted alone.
        ("Error: socket hang up", "socket hang up", Some(Code::BackchannelProbe)),
        ("Error: Parse Error: Expected HTTP/", "Parse Error: Expected HTTP/", Some(Code::BackchannelProbe)),
        ("code: 'HPE_INVALID_CONSTANT'", "HPE_INVALID_CONSTANT", Some(Code::BackchannelProbe)),
        ("Error: certificate is not yet valid", "certificate is not yet valid", Some(Code::BackchannelProbe)),
        ("code: 'CERT_NOT_YET_VALID'", "CERT_NOT_YET_VALID", Some(Code::BackchannelProbe)),
        ("Error: unable to get issuer certificate", "unable to get issuer certificate", Some(Code::PrivateCa)),
        ("write EPROTO 140:error:1408F10B:SSL routines:ssl3_get_record:wrong version number", "EPROTO", Some(Code::BackchannelProbe)),
        ("{\"error\":\"invalid_client\",\"error_description\":\"Bearer-only not allowed\"}", "invalid_client", Some(Code::KcBearerOnly)),
        ("{\"error\":\"unauthorized_client\",\"error_description\":\"Invalid method used to get client secret. Client requires method 'client_secret_basic' to obtain client secret from the request\"}", "Invalid method used to get client secret", Some(Code::KcClientAuthenticator)),
        // Userinfo: current Keycloak's issuer mismatch; a token without openid (a wiki before 2.5.291).
        ("401 {\"error\":\"invalid_token\",\"error_description\":\"Token verification failed\"}", "Token verification failed", Some(Code::SplitHostIssuer)),
        ("WWW-Authenticate: Bearer realm=\"wiki\", error=\"insufficient_scope\", error_description=\"Missing openid scope\"", "Missing openid scope", Some(Code::ClientScopes)),
        ("error=insufficient_scope", "insufficient_scope", Some(Code::ClientScopes)),
        // Logout: the event of 18 to 25 refusing the legacy parameter; the wiki's own warning;
        // Keycloak's confirmation page; passport's access_denied.
        ("type=LOGOUT_ERROR, realmId=5f2e, clientId=null, userId=null, ipAddress=10.0.0.9, error=invalid_request", "LOGOUT_ERROR (Keycloak event)", Some(Code::LogoutLegacyOnNewKeycloak)),
        ("warn: [ auth ] Keycloak logout URL is not configured!", "Keycloak logout URL is not configured!", Some(Code::Required)),
        ("Logging out. Do you want to log out?", "Do you want to log out?", None),
        ("Logging out", "Logging out", None),
        // numeric entities, decimal and hex, as a page's source has them
        ("Page&#32;not&#32;found", "Page not found", Some(Code::LegacyPath)),
        ("Invalid&#x20;scopes&#x3A;&#x20;openid profile email", "Invalid scopes: openid profile email", Some(Code::ClientScopes)),
        ("Invalid&#8203; parameter:&#x20;redirect&#95;uri", "Invalid parameter: redirect_uri", Some(Code::RegisterRedirectUri)),
        ("Logging out\nLogout", "Logging out", None),
        ("Oops, something went wrong... Invalid email / username or password.", "Invalid email / username or password.", None),
    ];
    assert_read_first(cases);
}

/// The userinfo event beside its cause (a token without the openid scope) is that cause
/// alone, not also a guess at the issuer.
#[test]
fn a_userinfo_event_with_its_cause_is_explained_once() {
    let found = explain("type=USER_INFO_REQUEST_ERROR, realmId=5f2e, clientId=wikijs, error=invalid_request, reason=\"Missing openid scope\"");
    let related: Vec<Option<Code>> = found.iter().map(|e| e.related).collect();
    assert_eq!(related, [Some(Code::ClientScopes)], "{found:?}");
}

/// An event names the redirect URI and client it refused: both are quoted back, and whether
/// the URI is this configuration's.
#[test]
#[rustfmt::skip]
fn an_event_quotes_its_redirect_uri_and_client() {
    let s = settings();
    let callback = derive(&s).callback_url.expect("a callback");
    let http = callback.replacen("https://", "http://", 1);
    let cases: [(String, &str); 8] = [
        (format!("type=LOGIN_ERROR, clientId=wikijs, error=invalid_redirect_uri, redirect_uri={callback}"), "exactly this configuration's URL"),
        // One thing apart: said, with this configuration's URL to compare.
        (format!("type=LOGIN_ERROR, clientId=wikijs, error=invalid_redirect_uri, redirect_uri={http}"), "only in its scheme"),
        (format!("type=LOGIN_ERROR, clientId=wikijs, error=invalid_redirect_uri, redirect_uri={callback}/"), "only in a trailing slash"),
        (format!("type=LOGIN_ERROR, clientId=wikijs, error=invalid_redirect_uri, redirect_uri={}", callback.replace("/login/", "//login/")), "only in the slash before /login"),
        (format!("type=LOGIN_ERROR, clientId=wikijs, error=invalid_redirect_uri, redirect_uri={}", callback.replace("/callback", "/Callback")), "only in letter case"),
        ("type=LOGIN_ERROR, clientId=wikijs, error=invalid_redirect_uri, redirect_uri=https://wiki.example.com/login/keycloak/callback".to_owned(), "migrated from before Wiki.js 2.5"),
        (format!("type=\"LOGIN_ERROR\", clientId=\"wikijs\", error=\"invalid_redirect_uri\", redirect_uri=\"{callback}\""), "exactly this configuration's URL"),
        ("type=LOGIN_ERROR, clientId=wikijs, error=invalid_redirect_uri, redirect_uri=http://10.0.0.4:3000/login/x/callback".to_owned(), "not this configuration's URL"),
    ];
    for (text, says) in cases {
        let cause = &explain(&text)[0].cause;
        assert!(cause.contains("for client `wikijs`") && cause.contains(says), "{text}: {cause}");
        assert!(cause.contains("redirect_uri http"), "{text}: {cause}");
    }
}

/// Where the fix is a Keycloak setting that differs by version, the chosen version's is given.
#[test]
#[rustfmt::skip]
fn the_issuer_fix_takes_the_keycloak_version() {
    let s = Settings { host: "https://sso.example.com".into(), ..settings() };
    let cases: [(Option<u32>, &str, &str); 3] = [
        (Some(26), "KC_HOSTNAME=https://sso.example.com", "Keycloak 17–24"),
        (Some(20), "KC_HOSTNAME=sso.example.com", "Keycloak 25+"),
        (Some(16), "Frontend URL", "KC_HOSTNAME"),
    ];
    for (version, says, not) in cases {
        let context = Context { keycloak_version: version, ..Context::default() };
        let fix = &troubleshoot("Invalid token issuer", &s, &context, &derive(&s))[0].fix;
        assert!(fix.contains(says) && !fix.contains(not), "{version:?}: {fix}");
        assert!(!fix.contains("say so here"), "no pinned box without an internal base URL: {fix}");
    }
}

/// The more specific reading wins within a meaning, and a needle is not read inside a longer
/// word or a sentence about something else.
#[test]
#[rustfmt::skip]
fn specific_readings_win_and_near_misses_stay_silent() {
    let cases: &[(&str, Option<&str>)] = &[
        // An event beside the page's text: the event, which quotes its values.
        ("We are sorry... Invalid parameter: redirect_uri\ntype=LOGIN_ERROR, clientId=wikijs, error=invalid_redirect_uri, redirect_uri=https://a.example/x", Some("error=invalid_redirect_uri (Keycloak event)")),
        ("Client not found.\ntype=LOGIN_ERROR, clientId=Wikijs, error=client_not_found", Some("error=client_not_found (Keycloak event)")),
        ("Invalid authentication provider.\nError: clientSecret is required", Some("… is required")),
        // Near misses.
        ("Password is required", None),
        ("{\"code_challenge_methods_supported\":[\"plain\",\"S256\"]}", None),
        ("error=invalid_code_verifier", None),
        ("my_client_disabled_flag", None),
    ];
    for (text, pattern) in cases {
        assert_eq!(explain(text).first().map(|e| e.pattern), *pattern, "{text}");
    }
    // The event's client is quoted back, and so is an address a network error names.
    assert!(explain("type=LOGIN_ERROR, clientId=Wikijs, error=client_not_found")[0].cause.contains("`Wikijs`"));
    assert!(explain("connect EHOSTUNREACH 10.0.0.5:8443")[0].cause.contains("10.0.0.5:8443"));
    // The legacy logout's log line says nothing of the login's callback.
    let line = "Parameter 'redirect_uri' no longer supported. Please use 'post_logout_redirect_uri' with 'id_token_hint' for this endpoint. Alternatively you can enable backwards compatibility option 'legacy-logout-redirect-uri' of oidc login protocol in the server configuration.";
    assert!(explain(line).iter().all(|e| e.related != Some(Code::RegisterRedirectUri)));
}

/// A userinfo failure is the issuer's when users and the server reach Keycloak by different
/// names; otherwise the server test tells.
#[test]
fn a_userinfo_failure_is_the_issuers_when_the_names_differ() {
    let split = Settings {
        internal_base_url: "http://keycloak:8080".into(),
        ..settings()
    };
    for text in [
        "Failed to fetch user profile",
        "type=USER_INFO_REQUEST_ERROR, error=invalid_token",
    ] {
        assert_eq!(
            explain_with(&split, text)[0].related,
            Some(Code::SplitHostIssuer),
            "{text}"
        );
        assert_eq!(
            explain(text)[0].related,
            Some(Code::BackchannelProbe),
            "{text}"
        );
    }
}

/// An issuer refused at userinfo: with an internal base URL the two addresses are named; with
/// one address for all four URLs the difference is on the way (a proxy, another route).
#[test]
fn the_issuer_cause_follows_the_addresses_in_the_form() {
    let split = Settings {
        internal_base_url: "http://keycloak:8080".into(),
        ..settings()
    };
    for (s, says) in [
        (&split, "Wiki.js calls http://keycloak:8080"),
        (&settings(), "X-Forwarded-Proto"),
    ] {
        let e = explain_with(s, "Token verification failed").remove(0);
        assert!(
            e.cause.contains(says),
            "{}: {}",
            s.internal_base_url,
            e.cause
        );
    }
}

/// A text naming a host is explained with that host: a certificate error with the https URL
/// it names (not an http internal base), a name not resolved as the public name it is.
#[test]
#[rustfmt::skip]
fn errors_name_the_host_the_text_names() {
    let s = Settings {
        host: "https://sso.corp.example/auth".into(),
        internal_base_url: "http://keycloak.sso.svc.cluster.local:8080/auth".into(),
        ..settings()
    };
    let cases: &[(&str, &str, &str)] = &[
        ("SELF_SIGNED_CERT_IN_CHAIN at https://sso.corp.example/auth/realms/wiki/protocol/openid-connect/token", "certificate at sso.corp.example", "cluster.local"),
        ("InternalOAuthError: Failed to obtain access token code: 'SELF_SIGNED_CERT_IN_CHAIN'", "uses http, where no certificate", "at keycloak.sso"),
        ("getaddrinfo ENOTFOUND sso.corp.example", "the public name users open", "It is an internal name"),
        ("getaddrinfo ENOTFOUND keycloak.sso.svc.cluster.local", "It is an internal name", "public name"),
    ];
    for (text, says, not) in cases {
        let cause = explain_with(&s, text).into_iter().map(|e| e.cause).collect::<Vec<_>>().join(" | ");
        assert!(cause.contains(says) && !cause.contains(not), "{text}: {cause}");
    }
}

/// A paste of several events: the login's refused callback is the login's, whatever other
/// event is beside it; "Invalid redirect uri" where this form's legacy logout cannot meet it
/// (Keycloak 26 ignores the parameter) says the saved strategy or the version differ.
#[test]
fn events_and_logout_pages_are_read_as_what_they_are() {
    let callback = derive(&settings()).callback_url.expect("a callback");
    let both = format!("type=LOGIN_ERROR, clientId=wikijs, error=invalid_redirect_uri, redirect_uri={callback}\ntype=LOGOUT_ERROR, clientId=null, error=invalid_request");
    let e = &explain(&both)[0];
    assert_eq!(e.related, Some(Code::RegisterRedirectUri), "{e:?}");
    let s = Settings {
        logout_legacy_redirect: true,
        ..settings()
    };
    let context = Context {
        keycloak_version: Some(26),
        ..Context::default()
    };
    let e = &troubleshoot("Invalid redirect uri", &s, &context, &derive(&s))[0];
    assert!(e.cause.contains("Keycloak 26 ignores"), "{}", e.cause);
}

/// Node's altname error names the host called and the names the certificate lists: both are
/// quoted back, not the form's own host.
#[test]
fn the_altname_error_names_the_host_called_and_the_certificate_s_names() {
    let e = &explain("Hostname/IP does not match certificate's altnames: Host: keycloak. is not in the cert's altnames: DNS:kc.example.com")[0];
    assert!(
        e.cause.contains("does not list keycloak, the name")
            && e.cause.contains("(it lists kc.example.com)"),
        "{}",
        e.cause
    );
}

/// Keycloak's log names the issuer it expected and the one the token carries: both quoted,
/// and an address this form does not call is named as the saved strategy's.
#[test]
fn the_issuer_log_line_quotes_both_addresses() {
    let e = &explain("Invalid token issuer. Expected 'http://keycloak:8080/realms/wiki', but was 'https://kc.example.com/realms/wiki'")[0];
    assert!(
        e.cause
            .contains("expected the issuer http://keycloak:8080/realms/wiki")
            && e.cause
                .contains("carries https://kc.example.com/realms/wiki"),
        "{}",
        e.cause
    );
    assert!(e.cause.contains("This form calls neither"), "{}", e.cause);
    let s = Settings {
        internal_base_url: "http://keycloak:8080".into(),
        ..settings()
    };
    let e = &explain_with(&s, "Invalid token issuer. Expected 'http://keycloak:8080/realms/wiki', but was 'https://kc.example.com/realms/wiki'")[0];
    assert!(!e.cause.contains("This form calls neither"), "{}", e.cause);
}

/// Keycloak 20 and 21 answered an unknown client with "Invalid parameter: redirect_uri" too.
#[test]
fn an_unknown_client_is_named_on_keycloak_20_and_21() {
    for (version, names) in [
        (Some(21), true),
        (Some(24), true),
        (Some(25), false),
        (Some(18), false),
        // Not chosen: it may be one of them.
        (None, true),
    ] {
        let context = Context {
            keycloak_version: version,
            ..Context::default()
        };
        let s = settings();
        let e = &troubleshoot(
            "login: Invalid parameter: redirect_uri",
            &s,
            &context,
            &derive(&s),
        )[0];
        assert_eq!(
            e.cause.contains("do not know client `wikijs`"),
            names,
            "{version:?}: {}",
            e.cause
        );
    }
}

/// From Keycloak 20 the token endpoint's error code tells a refused secret
/// (`unauthorized_client`) from an unknown or disabled client (`invalid_client`).
#[test]
#[rustfmt::skip]
fn the_token_endpoint_s_codes_are_told_apart_from_keycloak_20() {
    let secret_first = Code::SecretSuspicious.fix();
    let cases: &[(&str, Option<u32>, &str, Field, &str)] = &[
        ("{\"error\":\"unauthorized_client\",\"error_description\":\"Invalid client or Invalid client credentials\"}", Some(24), "refused its secret", Field::ClientSecret, secret_first),
        // An unknown or disabled client: the fix does not start with its secret.
        ("{\"error\":\"invalid_client\",\"error_description\":\"Invalid client or Invalid client credentials\"}", Some(24), "is unknown in", Field::ClientId, "Check that Client ID is the client's"),
        ("{\"error\":\"unauthorized_client\",\"error_description\":\"Invalid client credentials\"}", Some(16), "the Client ID is unknown there, or the client is disabled", Field::ClientSecret, secret_first),
        ("{\"error\":\"unauthorized_client\",\"error_description\":\"Invalid client or Invalid client credentials\"}", None, "also meant a disabled client", Field::ClientSecret, secret_first),
        // Keycloak's event log names the refused secret in any version: not an unknown client.
        ("type=\"CODE_TO_TOKEN_ERROR\", realmId=\"wiki\", clientId=\"wikijs\", error=\"invalid_client_credentials\"", None, "refused its secret at the token endpoint (invalid_client_credentials)", Field::ClientSecret, secret_first),
        ("type=\"CODE_TO_TOKEN_ERROR\", clientId=\"wikijs\", error=\"invalid_client_credentials\"", Some(16), "refused its secret", Field::ClientSecret, secret_first),
    ];
    for (text, version, says, first, fix) in cases {
        let context = Context { keycloak_version: *version, ..Context::default() };
        let s = settings();
        let e = &troubleshoot(text, &s, &context, &derive(&s))[0];
        assert!(e.cause.contains(says), "{text} {version:?}: {}", e.cause);
        assert_eq!(e.fields[0], *first, "{text} {version:?}");
        assert!(e.fix.starts_with(fix), "{text} {version:?}: {}", e.fix);
    }
}

/// Secret-shaped values are masked before any rule reads the text; what surrounds them stays.
#[test]
#[rustfmt::skip]
fn secret_shaped_values_are_masked() {
    let cases: &[(&str, &str)] = &[
        ("client_id=wiki&client_secret=s3cr3t-value&grant_type=authorization_code", "client_id=wiki&client_secret=•••&grant_type=authorization_code"),
        (r#"{"clientId":"wiki","secret": "s3cr3t-value"}"#, r#"{"clientId":"wiki","secret": "•••"}"#),
        (r#"{"password":"correct horse battery"}"#, r#"{"password":"•••"}"#),
        ("{ clientSecret: 's3cr3t-value' }", "{ clientSecret: '•••' }"),
        ("KC_DB_PASSWORD=hunter2 KEYCLOAK_ADMIN=admin", "KC_DB_PASSWORD=••• KEYCLOAK_ADMIN=admin"),
        ("KC_DB_PASSWORD: hunter2", "KC_DB_PASSWORD: •••"),
        ("client_secret: s3cr3t", "client_secret: •••"),
        ("DB_PASS=hunter2 and pass: hunter2", "DB_PASS=••• and pass: •••"),
        ("access_token=abc.def.ghi; refresh_token=xyz", "access_token=•••; refresh_token=•••"),
        ("Authorization: Basic d2lr+aTpzM2Ny=", "Authorization: Basic •••"),
        ("Proxy-Authorization: Basic d2lraTpz", "Proxy-Authorization: Basic •••"),
        (r#""authorization":"Bearer abc def""#, r#""authorization":"Bearer •••""#),
        ("authorization=Bearer abcdefgh12345678", "authorization=Bearer •••"),
        ("sent Bearer abcdefgh12345678 to userinfo", "sent Bearer ••• to userinfo"),
        ("id_token_hint=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "id_token_hint=•••"),
        ("callback?state=s1&code=0b1c2d3e-4f5a-6b7c.8d9e", "callback?state=s1&code=•••"),
        ("curl -u wiki:s3cr3t https://kc.example.com", "curl -u wiki:••• https://kc.example.com"),
        ("--db-password hunter2 --client-secret=s3cr3t", "--db-password ••• --client-secret=•••"),
        ("https://wiki:s3cr3t@kc.example.com/realms/x", "https://wiki:•••@kc.example.com/realms/x"),
        // What is not a secret stays readable.
        (r#"{"code":"ECONNREFUSED","port":8080}"#, r#"{"code":"ECONNREFUSED","port":8080}"#),
        ("level=error code=CERT_HAS_EXPIRED code=UNABLE_TO_VERIFY_LEAF_SIGNATURE", "level=error code=CERT_HAS_EXPIRED code=UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
        ("status code=401", "status code=401"),
        ("Invalid token: jwt expired. Invalid Token: jwt expired", "Invalid token: jwt expired. Invalid Token: jwt expired"),
        ("Invalid client secret", "Invalid client secret"),
        ("client_auth_method=client-secret, code_id=abc", "client_auth_method=client-secret, code_id=abc"),
        ("Basic authentication failed; a bearer application", "Basic authentication failed; a bearer application"),
        ("WWW-Authenticate: Bearer error=insufficient_scope", "WWW-Authenticate: Bearer error=insufficient_scope"),
        ("token_type=Bearer", "token_type=Bearer"),
        (r#""token_endpoint":"https://kc.example.com/token""#, r#""token_endpoint":"https://kc.example.com/token""#),
        ("https://kc.example.com:8443/realms/x", "https://kc.example.com:8443/realms/x"),
        ("secret=", "secret="),
        (r#"token="" x=1"#, r#"token="" x=1"#),
        ("password= error=invalid_grant", "password= error=invalid_grant"),
        ("-legacy images, kc-secret-mismatch", "-legacy images, kc-secret-mismatch"),
        ("héllo secret=wörld ü", "héllo secret=••• ü"),
    ];
    for (text, expected) in cases {
        assert_eq!(crate::troubleshoot::masked::masked(text), *expected, "{text}");
    }
}

/// A secret pasted along with an error is not quoted back by the explanation, which still
/// reads the error: as pasted, escaped in JSON, or URL-encoded.
#[test]
#[rustfmt::skip]
fn pasted_secrets_are_not_quoted_back() {
    let cases: &[(&str, &str, &str)] = &[
        ("connect ECONNREFUSED client_secret=s3cr3t-value", "ECONNREFUSED", "s3cr3t-value"),
        ("getaddrinfo ENOTFOUND password=hunter2hunter2", "ENOTFOUND", "hunter2hunter2"),
        ("getaddrinfo ENOTFOUND https://wiki:s3cr3t-value@kc.example.com", "ENOTFOUND", "s3cr3t-value"),
        (r#"type=CODE_TO_TOKEN_ERROR, clientId="client_secret=s3cr3t-value", error=client_not_found"#, "client_not_found", "s3cr3t-value"),
        (r#"type=CODE_TO_TOKEN_ERROR, clientId=\"client_secret%3Ds3cr3t-value\", error=client_not_found"#, "client_not_found", "s3cr3t-value"),
        ("type=LOGIN_ERROR, error=invalid_redirect_uri, redirect_uri=https://wiki.example.com/cb?access_token=abcdefgh", "invalid_redirect_uri", "abcdefgh"),
        ("FetchError: request to https://kc.example.com/realms/wiki/protocol/openid-connect/token?client_secret=s3cr3t-value failed, reason: connect ECONNREFUSED 10.0.0.5:8443", "ECONNREFUSED", "s3cr3t-value"),
    ];
    for (text, pattern, secret) in cases {
        let explained = explain(text);
        assert!(!explained.iter().any(|e| e.cause.contains("at client_secret")), "{text}: a masked value is no address: {explained:?}");
        assert!(explained.iter().any(|e| e.pattern.contains(pattern) || e.cause.contains(pattern)), "{text}: {explained:?}");
        for e in &explained {
            assert!(!format!("{} {}", e.cause, e.fix).contains(secret), "{text}: {e:?}");
        }
    }
}

/// Masking leaves what the rules read: an error code after `code=`, an `error=` after an
/// empty password, what follows a Basic credential.
#[test]
fn masking_keeps_what_the_rules_read() {
    assert_read_first(&[
        (
            "level=error code=CERT_HAS_EXPIRED msg=\"request failed\"",
            "CERT_HAS_EXPIRED",
            None,
        ),
        (
            "password= error=unauthorized_client",
            "unauthorized_client",
            Some(Code::SecretSuspicious),
        ),
        (
            "Authorization: Basic d2lraTpz, answer: invalid_client",
            "invalid_client",
            Some(Code::SecretSuspicious),
        ),
    ]);
}

/// A stack trace's frames (`at …(file:line:col)`, Java's `at org.…(X.java:12)`) name no cause:
/// words in them ("Forbidden" in a function's name) are not read as one (spec: the first
/// line that names a cause wins, the rest is ignored).
#[test]
#[rustfmt::skip]
fn stack_frames_are_not_read_as_causes() {
    let cases: &[(&str, &[&str])] = &[
        ("Error: certificate has expired\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1539:34)\n    at Forbidden.handler (/app/forbidden.js:1:1)", &["certificate has expired"]),
        ("InternalOAuthError: Failed to obtain access token\n    at Strategy.OAuth2Strategy._createOAuthError (/wiki/node_modules/passport-oauth2/lib/strategy.js:408:17)\n    at /wiki/node_modules/ECONNREFUSED/index.js:1:2", &["Failed to obtain access token"]),
        ("org.keycloak.services.ErrorPageException\n\tat org.keycloak.protocol.oidc.endpoints.Forbidden.check(Forbidden.java:12)\nInvalid parameter: redirect_uri", &["Invalid parameter: redirect_uri"]),
        // Not frames: lines that start with "at".
        ("at login: Forbidden", &["Forbidden"]),
        ("at 10:32 connect ECONNREFUSED 127.0.0.1:8080", &["ECONNREFUSED"]),
        ("Error: self signed certificate\n    at TLSSocket.emit (native)\n    at Forbidden (Unknown Source)", &["self signed certificate"]),
    ];
    for (text, patterns) in cases {
        let mut found: Vec<&str> = explain(text).iter().map(|e| e.pattern).collect();
        found.dedup(); // one text may have two causes (redirect_uri: at login, at logout)
        assert_eq!(&found, patterns, "{text}");
    }
}
