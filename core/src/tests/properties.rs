//! Properties over arbitrary input: nothing in the core panics, and derived URLs split back
//! into the host, realm and layout they came from.

use proptest::prelude::*;

use crate::derive::{decode_segment, encode_realm};
use crate::host::{cleaned_url, host_of, parse_base};
use crate::paste::split_keycloak_url;
use crate::secret::Secret;
use crate::settings::{Context, Endpoint, LayoutChoice, Settings};
use crate::{derive, diagnose};

fn layout_choice() -> impl Strategy<Value = LayoutChoice> {
    prop_oneof![
        Just(LayoutChoice::Automatic),
        Just(LayoutChoice::Quarkus),
        Just(LayoutChoice::Legacy)
    ]
}

/// Strings that stress URL parsing: any text, plus fragments of URLs glued together.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(https?://)?[a-zA-Z0-9.:\\[\\]@%/?#_ -]{0,40}(/auth)?(/realms/[^/]{0,10})?/?",
        "[\\x00-\\x7f]{0,30}",
    ]
}

/// Mostly usable base URLs (names, IPv4, IPv6, ports, prefixes, odd case), some not.
fn base_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "(https?|HTTP|Https)://([a-zA-Z][a-zA-Z0-9-]{0,12}(\\.[a-zA-Z0-9-]{1,8}){0,3}|[0-9]{1,3}(\\.[0-9]{1,3}){3}|\\[(::1|fe80::1|::ffff:10\\.0\\.0\\.1)\\])(:[0-9]{1,5})?(/auth|/sso|/sso/auth)?/{0,2}",
        Just(String::new()),
        nasty(),
    ]
}

proptest! {
    // No regression files: the top level stays as designed; failures print their input.
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn nothing_panics_on_arbitrary_settings(
        host in nasty(), realm in nasty(), internal in nasty(), site in nasty(),
        client in nasty(), secret in nasty(), key in nasty(), over in nasty(),
        layout in layout_choice(), flags in any::<(bool, bool, bool, bool, bool)>(),
        whitelist in proptest::collection::vec(nasty(), 0..3), order in 0usize..4,
    ) {
        let settings = Settings {
            site_url: site, strategy_key: key, host, internal_base_url: internal, realm,
            client_id: client, client_secret: Secret::new(secret), layout,
            logout_upstream: flags.0, logout_legacy_redirect: flags.1, self_registration: flags.2,
            bypass_login_screen: flags.3, is_enabled: flags.4, order, domain_whitelist: whitelist,
            ..Settings::default()
        };
        let mut with_override = settings.clone();
        with_override.overrides.token = Some(over);
        for s in [&settings, &with_override] {
            let _ = derive(s);
            let context = Context { page_origin: Some("https://wiki.example.com".into()), ..Context::default() };
            let _ = diagnose(s, &context);
        }
    }

    #[test]
    fn nothing_panics_on_arbitrary_urls(input in nasty()) {
        let _ = parse_base(&input);
        let _ = cleaned_url(&input);
        let _ = split_keycloak_url(&input);
        let _ = decode_segment(&input);
    }

    #[test]
    fn realm_encoding_round_trips(realm in any::<String>()) {
        prop_assert_eq!(decode_segment(&encode_realm(&realm)), Some(realm));
    }

    #[test]
    fn derived_urls_split_back_into_host_realm_and_layout(
        scheme in prop_oneof![Just("http"), Just("https")],
        host in "[a-z][a-z0-9-]{0,10}(\\.[a-z][a-z0-9-]{0,10}){0,3}",
        port in proptest::option::of(1u16..),
        prefix in prop_oneof![Just(""), Just("/auth"), Just("/sso"), Just("/sso/auth")],
        realm in "[^:/?#@!$&()*+,;=\\[\\]\\\\\\s]{1,20}".prop_filter("not a dot segment", |r| r != "." && r != ".."),
        layout in layout_choice(),
    ) {
        let port = port.map(|p| format!(":{p}")).unwrap_or_default();
        let settings = Settings { host: format!("{scheme}://{host}{port}{prefix}"), realm: realm.clone(), layout, ..Settings::default() };
        let derived = derive(&settings);
        // The generator can spell invalid punycode (`xn--`), which is refused, rightly.
        prop_assume!(derived.layout.is_some());
        for endpoint in Endpoint::ALL {
            let url = &derived.endpoints.get(endpoint).value;
            let split = split_keycloak_url(url).expect("a derived URL splits");
            prop_assert_eq!(&split.realm, &realm);
            prop_assert_eq!(Some(split.layout), derived.layout);
            prop_assert_eq!(Some(&split.base), derived.public_base.as_ref());
            let again = Settings { host: split.base.clone(), realm: split.realm.clone(), layout: LayoutChoice::Automatic, ..Settings::default() };
            let rederived = derive(&again);
            prop_assert_eq!(&rederived.endpoints.get(endpoint).value, url);
        }
    }

    /// The checks take a derived endpoint's host from the base it was built from instead of
    /// parsing the URL again: what a parse would say of it is exactly that base's.
    #[test]
    fn a_derived_endpoint_is_on_the_base_it_was_built_from(
        host in base_like(), internal in base_like(), realm in nasty(), layout in layout_choice(),
    ) {
        let settings = Settings { host, internal_base_url: internal, realm, layout, ..Settings::default() };
        let derived = derive(&settings);
        for endpoint in Endpoint::ALL {
            let url = &derived.endpoints.get(endpoint).value;
            if url.is_empty() {
                continue;
            }
            let built_on = if endpoint.is_backchannel() {
                derived.internal_host_base.as_ref().or(derived.host_base.as_ref())
            } else {
                derived.host_base.as_ref()
            };
            let read = host_of(url);
            prop_assert_eq!(
                read.as_ref().map(|b| (&b.origin, b.https, &b.host)),
                built_on.map(|b| (&b.origin, b.https, &b.host)),
                "{}", url
            );
        }
    }
}
