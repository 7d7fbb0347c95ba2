//! Host + realm (+ layout, internal base) → the URLs Wiki.js stores.

use crate::derive::{derive, encode_realm};
use crate::settings::{Endpoint, LayoutChoice, Settings};

fn settings(host: &str, realm: &str, layout: LayoutChoice) -> Settings {
    Settings {
        host: host.into(),
        realm: realm.into(),
        layout,
        ..Settings::default()
    }
}

/// The authorization URL derived from host, realm and layout.
fn auth(host: &str, realm: &str, layout: LayoutChoice) -> String {
    derive(&settings(host, realm, layout))
        .endpoints
        .authorization
        .value
}

const A: LayoutChoice = LayoutChoice::Automatic;
const Q: LayoutChoice = LayoutChoice::Quarkus;
const L: LayoutChoice = LayoutChoice::Legacy;

#[test]
fn authorization_url_for_each_host_form_and_layout() {
    #[rustfmt::skip]
    let cases = [
        ("https://kc.example.com", "wiki", A, "https://kc.example.com/realms/wiki/protocol/openid-connect/auth"),
        ("https://kc.example.com/", "wiki", A, "https://kc.example.com/realms/wiki/protocol/openid-connect/auth"),
        ("https://kc.example.com///", "wiki", A, "https://kc.example.com/realms/wiki/protocol/openid-connect/auth"),
        ("https://kc.example.com/auth", "wiki", A, "https://kc.example.com/auth/realms/wiki/protocol/openid-connect/auth"),
        ("https://kc.example.com/auth/", "wiki", A, "https://kc.example.com/auth/realms/wiki/protocol/openid-connect/auth"),
        ("https://kc.example.com/AUTH", "wiki", A, "https://kc.example.com/auth/realms/wiki/protocol/openid-connect/auth"),
        ("https://kc.example.com", "wiki", L, "https://kc.example.com/auth/realms/wiki/protocol/openid-connect/auth"),
        ("https://kc.example.com/auth", "wiki", Q, "https://kc.example.com/realms/wiki/protocol/openid-connect/auth"),
        ("https://kc.example.com/auth", "wiki", L, "https://kc.example.com/auth/realms/wiki/protocol/openid-connect/auth"),
        ("https://example.com/sso", "wiki", A, "https://example.com/sso/realms/wiki/protocol/openid-connect/auth"),
        ("https://example.com/sso/auth", "wiki", A, "https://example.com/sso/auth/realms/wiki/protocol/openid-connect/auth"),
        ("https://example.com/sso", "wiki", L, "https://example.com/sso/auth/realms/wiki/protocol/openid-connect/auth"),
        // Found by fuzzing: slashes before `/auth` stayed, giving `…//realms/…`.
        ("https://kc.example.com//auth", "wiki", Q, "https://kc.example.com/realms/wiki/protocol/openid-connect/auth"),
        ("https://kc.example.com//auth", "wiki", L, "https://kc.example.com/auth/realms/wiki/protocol/openid-connect/auth"),
        ("https://example.com/sso///auth/", "wiki", Q, "https://example.com/sso/realms/wiki/protocol/openid-connect/auth"),
        ("https://kc.example.com:8443", "wiki", A, "https://kc.example.com:8443/realms/wiki/protocol/openid-connect/auth"),
        ("https://kc.example.com:443", "wiki", A, "https://kc.example.com/realms/wiki/protocol/openid-connect/auth"),
        ("http://kc.example.com:80/auth", "wiki", A, "http://kc.example.com/auth/realms/wiki/protocol/openid-connect/auth"),
        ("HTTPS://KC.Example.COM", "wiki", A, "https://kc.example.com/realms/wiki/protocol/openid-connect/auth"),
        ("http://[::1]:8080", "wiki", A, "http://[::1]:8080/realms/wiki/protocol/openid-connect/auth"),
        ("http://[2001:DB8::1]", "wiki", L, "http://[2001:db8::1]/auth/realms/wiki/protocol/openid-connect/auth"),
        ("http://10.0.0.5:8080", "wiki", A, "http://10.0.0.5:8080/realms/wiki/protocol/openid-connect/auth"),
        ("https://xn--bcher-kva.example", "wiki", A, "https://xn--bcher-kva.example/realms/wiki/protocol/openid-connect/auth"),
        ("https://kc.example.com", "Wiki", A, "https://kc.example.com/realms/Wiki/protocol/openid-connect/auth"),
        ("https://kc.example.com", "my realm", A, "https://kc.example.com/realms/my%20realm/protocol/openid-connect/auth"),
        ("https://kc.example.com", "équipe", A, "https://kc.example.com/realms/%C3%A9quipe/protocol/openid-connect/auth"),
        ("https://kc.example.com", "100%", A, "https://kc.example.com/realms/100%25/protocol/openid-connect/auth"),
        ("https://kc.example.com", "a/b", A, "https://kc.example.com/realms/a%2Fb/protocol/openid-connect/auth"),
        ("kc.example.com", "wiki", A, ""),
        ("", "wiki", A, ""),
        ("https://kc.example.com", "", A, ""),
    ];
    for (host, realm, layout, expected) in cases {
        assert_eq!(
            auth(host, realm, layout),
            expected,
            "host {host:?} realm {realm:?} layout {layout:?}"
        );
    }
}

#[test]
fn every_endpoint_has_its_keycloak_path() {
    let d = derive(&settings("https://kc.example.com", "wiki", A));
    let base = "https://kc.example.com/realms/wiki";
    assert_eq!(
        d.endpoints.get(Endpoint::Authorization).value,
        format!("{base}/protocol/openid-connect/auth")
    );
    assert_eq!(
        d.endpoints.get(Endpoint::Token).value,
        format!("{base}/protocol/openid-connect/token")
    );
    assert_eq!(
        d.endpoints.get(Endpoint::UserInfo).value,
        format!("{base}/protocol/openid-connect/userinfo")
    );
    assert_eq!(
        d.endpoints.get(Endpoint::Logout).value,
        format!("{base}/protocol/openid-connect/logout")
    );
    assert_eq!(d.issuer.as_deref(), Some(base));
    assert_eq!(
        d.discovery_url.as_deref(),
        Some(format!("{base}/.well-known/openid-configuration").as_str())
    );
}

#[test]
fn the_internal_base_serves_only_the_server_side_calls() {
    #[rustfmt::skip]
    let cases = [
        // (host, internal, layout, endpoint, expected)
        ("http://localhost:8080", "http://keycloak:8080", A, Endpoint::Token, "http://keycloak:8080/realms/wiki/protocol/openid-connect/token"),
        ("http://localhost:8080", "http://keycloak:8080", A, Endpoint::UserInfo, "http://keycloak:8080/realms/wiki/protocol/openid-connect/userinfo"),
        ("http://localhost:8080", "http://keycloak:8080", A, Endpoint::Authorization, "http://localhost:8080/realms/wiki/protocol/openid-connect/auth"),
        ("http://localhost:8080", "http://keycloak:8080", A, Endpoint::Logout, "http://localhost:8080/realms/wiki/protocol/openid-connect/logout"),
        ("https://kc.example.com/auth", "http://keycloak:8080", A, Endpoint::Token, "http://keycloak:8080/auth/realms/wiki/protocol/openid-connect/token"),
        ("https://kc.example.com/auth", "http://keycloak:8080/auth/", A, Endpoint::Token, "http://keycloak:8080/auth/realms/wiki/protocol/openid-connect/token"),
        // Served under /auth inside, advertised without it: the /auth typed is kept.
        ("https://kc.example.com", "http://keycloak:8080/auth", A, Endpoint::Token, "http://keycloak:8080/auth/realms/wiki/protocol/openid-connect/token"),
        ("https://kc.example.com", "http://keycloak:8080/auth", A, Endpoint::Authorization, "https://kc.example.com/realms/wiki/protocol/openid-connect/auth"),
        ("https://kc.example.com", "http://keycloak:8080/AUTH/", Q, Endpoint::UserInfo, "http://keycloak:8080/auth/realms/wiki/protocol/openid-connect/userinfo"),
        ("https://kc.example.com", "not a url", A, Endpoint::Token, "https://kc.example.com/realms/wiki/protocol/openid-connect/token"),
    ];
    for (host, internal, layout, endpoint, expected) in cases {
        let s = Settings {
            internal_base_url: internal.into(),
            ..settings(host, "wiki", layout)
        };
        assert_eq!(
            derive(&s).endpoints.get(endpoint).value,
            expected,
            "{host} + {internal} → {endpoint:?}"
        );
    }
}

#[test]
fn an_override_wins_over_the_derived_url() {
    let mut s = settings("https://kc.example.com", "wiki", A);
    s.overrides.token = Some("https://other.example.com/t".into());
    let d = derive(&s);
    assert_eq!(d.endpoints.token.value, "https://other.example.com/t");
    assert!(d.endpoints.token.overridden);
    assert_eq!(
        d.endpoints.token.derived.as_deref(),
        Some("https://kc.example.com/realms/wiki/protocol/openid-connect/token")
    );
    assert!(!d.endpoints.authorization.overridden);
}

#[test]
fn callback_and_post_logout_redirect_follow_the_site_url() {
    #[rustfmt::skip]
    let cases = [
        ("https://wiki.example.com", "4a1b", Some("https://wiki.example.com/login/4a1b/callback"), Some("https://wiki.example.com")),
        // Stored with its slash (the setup wizard): Wiki.js sends //login, and Keycloak matches exactly.
        ("https://wiki.example.com/", "4a1b", Some("https://wiki.example.com//login/4a1b/callback"), Some("https://wiki.example.com/")),
        (" https://wiki.example.com/docs ", "keycloak", Some("https://wiki.example.com/docs/login/keycloak/callback"), Some("https://wiki.example.com/docs")),
        ("https://wiki.example.com", "", None, Some("https://wiki.example.com")),
        ("", "4a1b", None, None),
        ("javascript:alert(1)//", "4a1b", None, None),
        ("<script>alert(1)</script>", "4a1b", None, None),
        ("wiki.example.com", "4a1b", None, None),
    ];
    for (site, key, callback, post_logout) in cases {
        let s = Settings {
            site_url: site.into(),
            strategy_key: key.into(),
            ..Settings::default()
        };
        let d = derive(&s);
        assert_eq!(d.callback_url.as_deref(), callback, "{site:?} {key:?}");
        assert_eq!(d.post_logout_redirect.as_deref(), post_logout, "{site:?}");
    }
}

#[test]
fn realms_are_encoded_as_exactly_one_segment() {
    #[rustfmt::skip]
    let cases = [
        ("wiki", "wiki"),
        ("a-b_c.d~e", "a-b_c.d~e"),
        ("two words", "two%20words"),
        ("a/b", "a%2Fb"),
        ("a?b#c", "a%3Fb%23c"),
        ("ü", "%C3%BC"),
        ("%", "%25"),
        ("", ""),
    ];
    for (realm, expected) in cases {
        assert_eq!(encode_realm(realm), expected, "{realm:?}");
    }
}

#[test]
fn a_pasted_full_url_has_the_layout_of_its_base() {
    use crate::derive::resolve_layout;
    use crate::host::parse_base;
    use crate::settings::Layout::{Legacy, Quarkus};
    #[rustfmt::skip]
    let cases = [
        ("https://sso.example.com/realms/company/protocol/openid-connect/auth", Quarkus),
        ("https://sso.example.com/REALMS/company/protocol/openid-connect/auth", Quarkus),
        ("https://kc.example.com/auth/realms/company/protocol/openid-connect/auth", Legacy),
        ("https://kc.example.com/admin/master/console/", Quarkus),
        ("https://kc.example.com/auth/admin/master/console/", Legacy),
        ("https://kc.example.com/sso/auth", Legacy),
        ("https://kc.example.com/auth", Legacy),
        ("https://kc.example.com", Quarkus),
    ];
    for (host, expected) in cases {
        let base = parse_base(host).expect(host);
        assert_eq!(resolve_layout(A, &base), expected, "host {host:?}");
        // Pasted, the URLs keep Host as typed (`pasted-full-url` says they nest it).
        if host.contains("/realms/") || host.contains("/admin/") {
            assert!(auth(host, "wiki", A).starts_with(host), "host {host:?}");
        }
    }
}
