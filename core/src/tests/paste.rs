//! Full Keycloak URLs pasted into Host come apart into base, layout and realm.

use crate::paste::split_keycloak_url;
use crate::settings::Layout;

fn split(url: &str) -> Option<(String, Layout, String, String)> {
    split_keycloak_url(url).map(|s| (s.base, s.layout, s.realm, s.rest))
}

#[test]
fn pasted_urls_split_into_base_layout_and_realm() {
    let q = Layout::Quarkus;
    let l = Layout::Legacy;
    #[rustfmt::skip]
    let cases = [
        ("https://kc.example.com/realms/wiki/protocol/openid-connect/auth", Some(("https://kc.example.com", q, "wiki", "/protocol/openid-connect/auth"))),
        ("https://kc.example.com/auth/realms/wiki/protocol/openid-connect/token", Some(("https://kc.example.com/auth", l, "wiki", "/protocol/openid-connect/token"))),
        ("https://kc.example.com/realms/wiki", Some(("https://kc.example.com", q, "wiki", ""))),
        ("https://kc.example.com/realms/wiki/protocol/openid-connect/auth?client_id=wiki&redirect_uri=https%3A%2F%2Fw%2F", Some(("https://kc.example.com", q, "wiki", "/protocol/openid-connect/auth"))),
        ("https://kc.example.com/realms/wiki/account/?referrer=x#/", Some(("https://kc.example.com", q, "wiki", "/account/"))),
        ("https://kc.example.com/realms/wiki/", Some(("https://kc.example.com", q, "wiki", ""))),
        ("https://kc.example.com/realms/wiki/.well-known/openid-configuration", Some(("https://kc.example.com", q, "wiki", "/.well-known/openid-configuration"))),
        ("https://kc.example.com:8443/sso/realms/my%20realm/account", Some(("https://kc.example.com:8443/sso", q, "my realm", "/account"))),
        ("HTTPS://KC.EXAMPLE.COM/Realms/Wiki", Some(("https://kc.example.com", q, "Wiki", ""))),
        ("http://[::1]:8080/auth/realms/master", Some(("http://[::1]:8080/auth", l, "master", ""))),
        ("https://sso.example.com/auth/admin/master/console/#/realms/wiki", Some(("https://sso.example.com/auth", l, "wiki", ""))),
        ("https://sso.example.com/auth/admin/master/console/#/realms/wiki/clients/3f2a", Some(("https://sso.example.com/auth", l, "wiki", ""))),
        ("https://sso.example.com/admin/master/console/#/wiki", Some(("https://sso.example.com", q, "wiki", ""))),
        ("https://sso.example.com/admin/master/console/#/wiki/clients", Some(("https://sso.example.com", q, "wiki", ""))),
        ("https://sso.example.com/admin/master/console/", Some(("https://sso.example.com", q, "master", ""))),
        ("https://sso.example.com/admin/master/console/#/my%20realm", Some(("https://sso.example.com", q, "my realm", ""))),
        ("https://sso.example.com/admin/master/other/#/wiki", None),
        ("https://sso.example.com/admin/", None),
        ("https://kc.example.com", None),
        ("https://kc.example.com/realms/", None),
        ("https://kc.example.com/realmsx/wiki", None),
        ("not a url /realms/wiki", None),
        ("https://kc.example.com/realms/%ZZ", None),
    ];
    for (url, expected) in cases {
        let expected =
            expected.map(|(b, lay, r, rest)| (b.to_owned(), lay, r.to_owned(), rest.to_owned()));
        assert_eq!(split(url), expected, "{url}");
    }
}

/// A login URL copied from the address bar names its client: the split offers it for Client
/// ID while that is empty, and never over one typed.
#[test]
#[rustfmt::skip]
fn a_login_url_gives_its_client_id_to_an_empty_client_id() {
    use crate::diagnostics::{Code, FixAction};
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("https://kc.example.com/realms/wiki/protocol/openid-connect/auth?client_id=wiki-js&response_type=code", "", Some("wiki-js")),
        ("https://kc.example.com/realms/wiki/protocol/openid-connect/auth?response_type=code&client_id=my%20wiki", "", Some("my wiki")),
        ("https://kc.example.com/realms/wiki/protocol/openid-connect/auth?client_id=wiki-js", "typed", None),
        ("https://kc.example.com/realms/wiki/protocol/openid-connect/auth?client_id=", "", None),
        ("https://kc.example.com/realms/wiki/protocol/openid-connect/auth?client_id=a%0Ab", "", None),
        ("https://kc.example.com/realms/master/protocol/openid-connect/auth?client_id=security-admin-console&redirect_uri=x", "", None),
        ("https://kc.example.com/realms/wiki/protocol/openid-connect/auth?client_id=account-console", "", None),
        ("https://kc.example.com/realms/master/protocol/openid-connect/auth?client_id=wiki-realm", "", None),
        ("https://kc.example.com/realms/wiki/account/", "", None),
        ("https://sso.example.com/admin/master/console/?client_id=x#/wiki", "", None),
    ];
    for (host, typed, offered) in cases {
        let settings = crate::settings::Settings { host: (*host).into(), client_id: (*typed).into(), ..crate::samples::clean_settings() };
        let found = crate::diagnose(&settings, &crate::samples::clean_context());
        let split = found.iter()
            .filter(|d| matches!(d.code, Code::PastedFullUrl | Code::HostInvalid))
            .find_map(|d| match &d.action { Some(FixAction::SplitPastedUrl { client_id, .. }) => Some(client_id.clone()), _ => None })
            .unwrap_or_else(|| panic!("{host}: a split"));
        assert_eq!(split.as_deref(), *offered, "{host} with {typed:?} typed");
    }
    let login = crate::settings::Settings { host: cases[0].0.into(), client_id: String::new(), ..crate::samples::clean_settings() };
    let found = crate::diagnose(&login, &crate::samples::clean_context());
    let action = found.iter().find_map(|d| d.action.clone().filter(|a| matches!(a, FixAction::SplitPastedUrl { .. }))).expect("split");
    assert_eq!(action.label(), "Split into Host https://kc.example.com, Realm wiki and Client ID wiki-js");
    assert!(found.iter().any(|d| d.fix.ends_with("and the client into Client ID.")), "the card's fix says it too");
    let mut fixed = login.clone();
    crate::diagnostics::apply_fix(&mut fixed, &action);
    assert_eq!((fixed.host.as_str(), fixed.realm.as_str(), fixed.client_id.as_str()), ("https://kc.example.com", "wiki", "wiki-js"));
    // An offer older than a Client ID typed since (the live check's) leaves that one be.
    let mut typed = crate::settings::Settings { client_id: "typed".into(), ..login };
    crate::diagnostics::apply_fix(&mut typed, &action);
    assert_eq!((typed.realm.as_str(), typed.client_id.as_str()), ("wiki", "typed"));
}
