//! What a save changes, as "What will be sent" lists it and as its result names it: one
//! edit of the form as the wiki holds it per line.

use serde_json::{json, Value};

use super::Edit;
use crate::derive;
use crate::secret::Secret;
use crate::settings::Settings;
use crate::wikijs::changes::{planned_changes, Changes};
use crate::wikijs::plan::settings_for;
use crate::wikijs::response::{decode_load, Loaded};
use crate::wikijs::strategy::{keycloak_input, StrategyInput};

const KC: &str = "kc1";

/// The Keycloak strategy the wiki holds: saved before by this page, second in the list.
fn stored_keycloak() -> Settings {
    Settings {
        strategy_key: KC.into(),
        display_name: "Keycloak".into(),
        order: 1,
        host: "https://kc.example.com".into(),
        realm: "wiki".into(),
        client_id: "wikijs".into(),
        client_secret: Secret::new("the-stored-secret-value-123"),
        self_registration: true,
        auto_enroll_groups: vec![3],
        ..Settings::default()
    }
}

/// An `activeStrategies` entry as Wiki.js answers it for `input`.
fn answered(input: &StrategyInput) -> Value {
    let config: Vec<Value> = input
        .config
        .iter()
        .map(|pair| {
            let sent: Value = serde_json::from_str(&pair.value).expect("sent as JSON");
            json!({"key": pair.key, "value": json!({"value": sent["v"]}).to_string()})
        })
        .collect();
    json!({"key": input.key, "strategy": {"key": input.strategy_key, "title": "T", "useForm": false},
        "config": config, "order": input.order, "isEnabled": input.is_enabled, "displayName": input.display_name,
        "selfRegistration": input.self_registration, "domainWhitelist": input.domain_whitelist,
        "autoEnrollGroups": input.auto_enroll_groups})
}

/// A wiki holding `local` and [`stored_keycloak`], with "Bypass Login Screen" as `bypass`.
fn wiki(bypass: bool) -> Loaded {
    let kc = stored_keycloak();
    let local = json!({"key": "local", "strategy": {"key": "local", "title": "Local", "useForm": true}, "config": [], "order": 0,
        "isEnabled": true, "displayName": "Local", "selfRegistration": false, "domainWhitelist": [], "autoEnrollGroups": []});
    let body = json!({"data": {
        "authentication": {"activeStrategies": [local, answered(&keycloak_input(&kc, &derive(&kc), None))], "strategies": []},
        "site": {"config": {"host": "https://wiki.example.com", "authAutoLogin": bypass}},
        "groups": {"list": [{"id": 3, "name": "Readers", "isSystem": false}]}
    }});
    decode_load(200, &body.to_string()).expect("the test body decodes")
}

/// What a save of the form (strategy `kc1` as loaded, then `edit`) changes.
fn changes(wiki_bypass: bool, edit: Edit) -> Changes {
    let loaded = wiki(wiki_bypass);
    let mut form = settings_for(&loaded, Some(KC), "https://wiki.example.com", String::new);
    form.client_secret = Secret::new("the-stored-secret-value-123");
    form.bypass_login_screen = loaded.site.auth_auto_login;
    edit(&mut form);
    planned_changes(&loaded, &form, &derive(&form))
}

const NOT_ACTIVE: &str = "Active: on → off | Bypass Login Screen: stays off: this strategy is not active, and Wiki.js would send everyone to \"Invalid authentication provider.\"";

#[test]
#[rustfmt::skip]
fn what_will_be_sent_names_every_change_the_bypass_included() {
    let cases: [(&str, bool, Edit, &str); 15] = [
        ("nothing edited", false, |_| {}, "Nothing changes: the wiki holds these values."),
        ("client ID", false, |s| s.client_id = "wiki-app".into(), "Client ID: “wikijs” → “wiki-app”"),
        ("secret", false, |s| s.client_secret = Secret::new("another-secret-value-4567"), "Client Secret: changed (not shown)"),
        ("secret emptied", false, |s| s.client_secret = Secret::default(), "Client Secret: changed (not shown)"),
        ("display name", false, |s| s.display_name = "Staff SSO".into(), "Display Name: “Keycloak” → “Staff SSO”"),
        ("disabled", false, |s| s.is_enabled = false, "Active: on → off"),
        ("moved to the top", false, |s| s.order = 0, "Position in the login list: 2 → 1"),
        ("upstream logout", false, |s| s.logout_upstream = false, "Logout from Keycloak on Logout: on → off"),
        ("self-registration", false, |s| s.self_registration = false, "Allow self-registration: on → off"),
        ("a domain", false, |s| s.domain_whitelist = vec!["example.com".into()], "Limit to specific email domains: none → “example.com”"),
        ("a group the wiki does not list", false, |s| s.auto_enroll_groups = vec![3, 7], "Assign to group: Readers → Readers, group 7"),
        ("bypass on", false, |s| s.bypass_login_screen = true, "Bypass Login Screen: off → on, for the whole site; set by a second request once Wiki.js has stored this strategy as sent."),
        ("bypass on, strategy disabled", false, |s| { s.bypass_login_screen = true; s.is_enabled = false }, NOT_ACTIVE),
        ("bypass off", true, |s| s.bypass_login_screen = false, "Bypass Login Screen: on → off, for the whole site; set by a second request after the strategies."),
        ("a new strategy", false, |s| { s.strategy_key = "new".into(); s.order = 2 }, "Adds the strategy “Keycloak”, number 3 in the login list, with the values below."),
    ];
    for (name, wiki_bypass, edit, expected) in cases {
        assert_eq!(changes(wiki_bypass, edit).lines().join(" | "), expected, "{name}");
    }
}

#[test]
#[rustfmt::skip]
fn the_result_names_what_was_saved() {
    let cases: [(&str, Edit, &str); 6] = [
        ("nothing of the strategy (the bypass alone)", |s| s.bypass_login_screen = true, "Saved “Keycloak” (no value of it changed)"),
        ("a realm, which every endpoint URL follows, counted", |s| s.realm = "staff".into(),
            "Saved “Keycloak” (Realm, 4 endpoint URLs)"),
        ("a realm and what follows it", |s| { s.realm = "staff".into(); s.display_name = "SSO".into(); s.self_registration = false },
            "Saved “SSO” (Display Name, Realm, 4 endpoint URLs, Allow self-registration)"),
        ("one endpoint URL, named", |s| s.overrides.logout = Some("https://kc.example.com/logout".into()),
            "Saved “Keycloak” (Logout Endpoint URL)"),
        ("the secret and the position", |s| { s.client_secret = Secret::new("another-secret-value-4567"); s.order = 0 },
            "Saved “Keycloak” (Position in the login list, Client Secret)"),
        ("a new strategy", |s| s.strategy_key = "new".into(), "Saved the new strategy “Keycloak”"),
    ];
    for (name, edit, expected) in cases {
        assert_eq!(changes(false, edit).saved(), expected, "{name}");
    }
}

#[test]
fn secrets_never_appear_in_what_is_listed() {
    let listed = changes(false, |s| {
        s.client_secret = Secret::new("another-secret-value-4567")
    })
    .lines()
    .join(" ");
    assert!(
        !listed.contains("another-secret") && !listed.contains("the-stored-secret"),
        "{listed}"
    );
}

#[test]
fn how_the_list_is_sent_counts_the_other_strategies() {
    let cases: [(Edit, &str); 2] = [
        (|_| {}, "the other strategy is re-sent as Wiki.js holds it."),
        (
            |s| s.strategy_key = "new".into(),
            "the other 2 strategies are re-sent as Wiki.js holds them.",
        ),
    ];
    for (edit, ending) in cases {
        let said = changes(false, edit).sent_as();
        assert!(said.ends_with(ending), "{said}");
    }
}
