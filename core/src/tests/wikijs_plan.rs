//! The planned list and its masked view.

use serde_json::json;

use crate::derive;
use crate::secret::Secret;
use crate::settings::Settings;
use crate::wikijs::plan::{
    current_list, lacks_urls, masked, masked_json, moves_to_top, planned_list, MASK,
};
use crate::wikijs::response::Loaded;
use crate::wikijs::ConfigValue;

/// A backend holding `local` (order 0) and one Keycloak strategy `kc1` (order 1).
fn loaded() -> Loaded {
    let body = json!({"data": {
        "authentication": {
            "activeStrategies": [
                {"key": "local", "strategy": {"key": "local", "title": "Local", "useForm": true}, "config": [], "order": 0, "isEnabled": true, "displayName": "Local", "selfRegistration": false, "domainWhitelist": [], "autoEnrollGroups": []},
                {"key": "kc1", "strategy": {"key": "keycloak", "title": "Keycloak", "useForm": false}, "config": [
                    {"key": "clientSecret", "value": "{\"type\":\"string\",\"order\":4,\"value\":\"s3cr3t-s3cr3t-s3cr3t\"}"},
                    {"key": "host", "value": "{\"type\":\"string\",\"order\":1,\"value\":\"https://kc.example.com\"}"}
                ], "order": 1, "isEnabled": true, "displayName": "Keycloak", "selfRegistration": true, "domainWhitelist": [], "autoEnrollGroups": [3]}
            ],
            "strategies": []
        },
        "site": {"config": {"host": "https://wiki.example.com", "authAutoLogin": false}},
        "groups": {"list": []}
    }});
    crate::wikijs::response::decode_load(200, &body.to_string()).expect("the test body decodes")
}

fn settings(key: &str, order: usize) -> Settings {
    Settings {
        strategy_key: key.into(),
        order,
        host: "https://kc.example.com".into(),
        realm: "wiki".into(),
        client_id: "wikijs".into(),
        client_secret: Secret::new("the-new-secret-value-123"),
        ..Settings::default()
    }
}

#[test]
#[rustfmt::skip]
fn the_planned_list_keeps_every_strategy_and_places_this_one() {
    let cases = [
        // (key, order, expected keys in order, moves to top)
        ("kc1", 1, vec!["local", "kc1"], false),
        ("kc1", 0, vec!["kc1", "local"], true),
        ("new", 2, vec!["local", "kc1", "new"], false),
        ("new", 0, vec!["new", "local", "kc1"], true),
    ];
    for (key, order, expected, to_top) in cases {
        let s = settings(key, order);
        let list = planned_list(&loaded(), &s, &derive(&s));
        let keys: Vec<&str> = list.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, expected, "{key} at {order}");
        assert_eq!(moves_to_top(&loaded(), &s), to_top, "{key} at {order}");
    }
}

#[test]
fn secrets_are_masked_in_every_shown_list() {
    let s = settings("kc1", 1);
    let planned = masked_json(&planned_list(&loaded(), &s, &derive(&s)));
    let current = masked_json(&current_list(&loaded()));
    for shown in [&planned, &current] {
        assert!(
            !shown.contains("the-new-secret-value-123") && !shown.contains("s3cr3t"),
            "{shown}"
        );
        assert!(shown.contains(MASK), "{shown}");
    }
}

#[test]
fn an_empty_secret_stays_visibly_empty() {
    let mut s = settings("kc1", 1);
    s.client_secret = Secret::default();
    let list = masked(&planned_list(&loaded(), &s, &derive(&s)));
    let secret = list[1]
        .config
        .iter()
        .find(|p| p.key == "clientSecret")
        .expect("clientSecret is sent");
    assert_eq!(secret.value, r#"{"v":""}"#);
}

/// "Bypass Login Screen" sends everyone to the first strategy: turned on only for an active
/// strategy stored as sent.
#[test]
fn the_bypass_is_turned_on_only_for_an_active_strategy_stored_as_sent() {
    let cases = [
        ((true, true), None),
        ((false, true), Some("this strategy is not active")),
        ((true, false), Some("the save could not be checked")),
        ((false, false), Some("this strategy is not active")),
    ];
    for ((active, stored), expected) in cases {
        let reason = crate::wikijs::plan::bypass_refusal(active, stored);
        assert_eq!(
            reason.is_some(),
            expected.is_some(),
            "active {active}, stored as sent {stored}: {reason:?}"
        );
        assert!(
            reason.zip(expected).is_none_or(|(r, e)| r.starts_with(e)),
            "active {active}, stored as sent {stored}"
        );
    }
}

/// `kc1` holds no endpoint URL: the form fills them in, and a save has them to send though
/// the form reads as loaded (it said "Nothing to save" while Wiki.js could not load it).
#[test]
#[rustfmt::skip]
fn lacks_urls_says_when_the_wiki_holds_a_needed_endpoint_url_empty() {
    let cases: [(&str, Change, bool); 6] = [
        ("none held", |_, _| {}, true),
        ("nothing derived while Host is empty", |s, _| s.host.clear(), false),
        ("a strategy the wiki does not hold", |s, _| s.strategy_key = "new".into(), false),
        ("all four held", |_, l| hold(l, &["authorizationURL", "tokenURL", "userInfoURL", "logoutURL"]), false),
        ("the logout URL empty, logging out of Keycloak", |_, l| hold(l, &["authorizationURL", "tokenURL", "userInfoURL"]), true),
        ("the logout URL empty, logging out of the wiki only", |s, l| { s.logout_upstream = false; hold(l, &["authorizationURL", "tokenURL", "userInfoURL"]) }, false),
    ];
    for (case, edit, lacks) in cases {
        let (mut s, mut l) = (settings("kc1", 1), loaded());
        edit(&mut s, &mut l);
        assert_eq!(lacks_urls(&l, &s, &derive(&s)), lacks, "{case}");
    }
}

/// A change to the form and to what the wiki holds.
type Change = fn(&mut Settings, &mut Loaded);

/// `kc1` holding a URL under each of `props`.
fn hold(loaded: &mut Loaded, props: &[&str]) {
    let kc1 = loaded
        .active
        .iter_mut()
        .find(|a| a.key == "kc1")
        .expect("kc1");
    for prop in props {
        kc1.config.push(ConfigValue {
            key: (*prop).into(),
            value: json!("https://kc.example.com/x"),
            order: None,
        });
    }
}
