//! Properties over arbitrary input: nothing in the core panics, and derived URLs split back
//! into the host, realm and layout they came from.

use proptest::prelude::*;

use crate::derive::{decode_segment, encode_realm};
use crate::host::{cleaned_url, host_of, parse_base};
use crate::paste::split_keycloak_url;
use crate::secret::Secret;
use crate::settings::{Context, Endpoint, LayoutChoice, Settings};
use crate::{derive, diagnose};

/// Any JSON, with the keys and values Keycloak's exports have, and both secrets in places a
/// finding may quote.
fn export_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let text = prop_oneof![
        nasty(),
        Just("wikijs".to_owned()),
        Just("wiki".to_owned()),
        Just("**********".to_owned()),
        Just(FORM_SECRET.to_owned()),
        Just(EXPORT_SECRET.to_owned()),
        Just(format!("https://wiki.example.com/{EXPORT_SECRET}")),
        Just(format!("-##+##{FORM_SECRET}")),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        text.prop_map(Value::String),
    ];
    let key = prop_oneof![
        proptest::sample::select(
            &[
                "clientId",
                "realm",
                "clients",
                "secret",
                "redirectUris",
                "attributes",
                "rootUrl",
                "post.logout.redirect.uris",
                "pkce.code.challenge.method",
                "enabled",
                "sslRequired",
                "frontendUrl",
                "protocol",
                "publicClient",
                "bearerOnly",
                "defaultClientScopes",
                "optionalClientScopes",
                "clientAuthenticatorType",
                "standardFlowEnabled",
                "users",
                "client.secret.authentication.allowed.method",
                "consentRequired",
            ][..]
        )
        .prop_map(str::to_owned),
        any::<String>(),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..10)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

const FORM_SECRET: &str = "x7Kp2mQ9vR4tL8wZ3nB6cF1hJ5dG0sYa";
const EXPORT_SECRET: &str = "EXPORTsecretEXPORTEXPORTEXPORT34";

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
        // What an admin copies from the address bar: the admin console, a realm's account page.
        "https?://[a-z]{1,8}\\.example\\.com(/auth)?/admin/[a-z]{1,6}/console/?(#/[a-z]{0,8}(/realms/[a-z]{1,6})?)?",
        "https?://[a-z]{1,8}\\.example\\.com(/auth)?/realms/[a-z]{1,6}(/account/?)?(#/)?",
    ]
}

/// A wiki holding `local` and one Keycloak strategy (key `kc`), for what a save would change.
fn small_wiki() -> crate::wikijs::response::Loaded {
    let body = r#"{"data": {"authentication": {"activeStrategies": [
        {"key": "local", "strategy": {"key": "local", "title": "Local", "useForm": true}, "config": [], "order": 0, "isEnabled": true, "displayName": "Local", "selfRegistration": false, "domainWhitelist": [], "autoEnrollGroups": []},
        {"key": "kc", "strategy": {"key": "keycloak", "title": "Keycloak", "useForm": false}, "config": [{"key": "host", "value": "{\"value\":\"https://kc.example.com\"}"}], "order": 1, "isEnabled": true, "displayName": "SSO", "selfRegistration": true, "domainWhitelist": ["example.com"], "autoEnrollGroups": [3]}
    ], "strategies": []}, "site": {"config": {"host": "https://wiki.example.com", "authAutoLogin": true}}, "groups": {"list": []}}}"#;
    crate::wikijs::response::decode_load(200, body).expect("the test body decodes")
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
        let wiki = small_wiki();
        for s in [&settings, &with_override] {
            let derived = derive(s);
            let context = Context { page_origin: Some("https://wiki.example.com".into()), ..Context::default() };
            let _ = diagnose(s, &context);
            let changes = crate::wikijs::changes::planned_changes(&wiki, s, &derived);
            let _ = (changes.lines(), changes.sent_as(), changes.saved());
        }
    }

    /// No JSON makes the export's checks or fixes panic, and nothing they write quotes
    /// either secret (the form's, or one in the export), however the export places them.
    #[test]
    fn no_export_panics_or_gets_a_secret_quoted(
        export in export_json(), logout in any::<(bool, bool)>(), include_secret in any::<bool>(),
    ) {
        use crate::keycloak_export::fixes::{corrected_client_json, kcadm_fix_commands};
        let settings = Settings {
            logout_upstream: logout.0, logout_legacy_redirect: logout.1,
            ..crate::samples::clean_settings()
        };
        for text in [export.to_string(), format!("[{export}]"), format!("{{\"realm\":\"wiki\",\"clients\":[{export}]}}")] {
            let context = Context {
                keycloak_export: crate::keycloak_export::parse_export(&text).map(std::sync::Arc::new),
                ..crate::samples::clean_context()
            };
            let derived = derive(&settings);
            let mut texts: Vec<String> = diagnose(&settings, &context)
                .into_iter()
                .flat_map(|d| [d.message, d.fix, format!("{:?}", d.action)])
                .collect();
            texts.extend(kcadm_fix_commands(&settings, &context, &derived));
            texts.push(corrected_client_json(&settings, &context, &derived, false));
            // The secrets: the form's, and every clear one the export holds (a string equal
            // to one elsewhere, as a realm name, is that realm's name, not a secret).
            let mut secrets = vec![FORM_SECRET.to_owned()];
            if let Some(crate::keycloak_export::PastedExport::Readable(e)) = context.keycloak_export.as_deref() {
                for c in e.realms.iter().flat_map(|r| &r.clients) {
                    if let crate::keycloak_export::ExportedSecret::Clear(s) = &c.secret {
                        if s.expose().chars().count() >= 8 {
                            secrets.push(s.expose().to_owned());
                        }
                    }
                }
            }
            let asked = corrected_client_json(&settings, &context, &derived, include_secret);
            for s in secrets.iter().skip(1).filter(|s| s.as_str() != FORM_SECRET) {
                prop_assert!(!asked.contains(s.as_str()), "{}", asked);
            }
            for t in &texts {
                for s in &secrets {
                    prop_assert!(!t.contains(s.as_str()), "{} in {}", s, t);
                }
            }
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

    /// Save is blocked whenever Wiki.js would store a strategy it cannot load: an endpoint
    /// URL it needs that is empty (derived from nothing, or overridden to nothing) always
    /// comes with an error, whichever check says why.
    #[test]
    fn an_empty_needed_endpoint_always_comes_with_an_error(
        host in base_like(), internal in base_like(), realm in nasty(), layout in layout_choice(),
        logout in any::<bool>(), emptied in proptest::option::of(0usize..4),
    ) {
        let mut settings = Settings {
            host, internal_base_url: internal, realm, layout, logout_upstream: logout,
            client_id: "wiki".into(), client_secret: Secret::new(FORM_SECRET.to_owned()),
            site_url: "https://wiki.example.com".into(), ..Settings::default()
        };
        if let Some(i) = emptied {
            *settings.overrides.get_mut(Endpoint::ALL[i]) = Some(String::new());
        }
        let derived = derive(&settings);
        let empty: Vec<_> = Endpoint::ALL
            .into_iter()
            .filter(|&e| (e != Endpoint::Logout || logout) && derived.endpoints.get(e).value.is_empty())
            .collect();
        let findings = diagnose(&settings, &Context::default());
        prop_assert!(
            empty.is_empty() || findings.iter().any(|d| d.severity == crate::Severity::Error),
            "{:?} empty for Host {:?}, Realm {:?}, and no error among {:?}",
            empty, settings.host, settings.realm, findings.iter().map(|d| d.code).collect::<Vec<_>>()
        );
    }
}
