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
