//! The in-memory Wiki.js against the recordings: fed the recorded requests, it gives the
//! recorded answers (read at run time from `../shared/contracts/wikijs-2.5.314/`), and the
//! adapter's own load → save → read-back round trip decodes cleanly against it.

use std::fs;

use serde_json::{json, Value};

use wkc_core::derive::derive;
use wkc_core::wikijs::queries::{AUTO_LOGIN_PATH, UPDATE_STRATEGIES_PATH};
use wkc_core::wikijs::*;

use crate::DemoWiki;

const CONTRACTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/contracts/wikijs-2.5.314"
);

fn file(name: &str, part: &str) -> String {
    let path = format!("{CONTRACTS}/{name}.{part}.json");
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON")
}

/// The recorded answer, with `useForm` added to each `strategy` the way our documents
/// select it (the recorded read-backs did not ask for it).
fn recorded_readback(name: &str) -> Value {
    let mut body = json_of(&file(name, "response"));
    if let Some(list) = body
        .pointer_mut("/data/authentication/activeStrategies")
        .and_then(Value::as_array_mut)
    {
        for entry in list {
            let use_form = entry["strategy"]["key"] == "local";
            entry["strategy"]["useForm"] = json!(use_form);
        }
    }
    body
}

fn send(wiki: &mut DemoWiki, body: &str) -> (u16, Value) {
    let (status, text) = wiki.respond(body);
    (status, json_of(&text))
}

/// The recorded request sent as-is: (status, parsed answer).
fn replay(wiki: &mut DemoWiki, name: &str) -> (u16, Value) {
    send(wiki, &json_of(&file(name, "request")).to_string())
}

#[test]
fn a_fresh_demo_loads_like_a_fresh_wiki() {
    let (status, body) = DemoWiki::new().respond(&load_body());
    let loaded = decode_load(status, &body).expect("decodes");
    let keys: Vec<&str> = loaded.active.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["local"]);
    assert_eq!(
        loaded.site,
        SiteConfig {
            host: "https://wiki.example.com".into(),
            auth_auto_login: false
        }
    );
    let groups: Vec<(u32, &str, bool)> = loaded
        .groups
        .iter()
        .map(|g| (g.id, g.name.as_str(), g.is_system))
        .collect();
    assert_eq!(
        groups,
        [
            (1, "Administrators", true),
            (2, "Guests", true),
            (3, "Readers", false),
            (4, "Editors", false)
        ]
    );
    assert_eq!(
        loaded.keycloak_props(),
        Some(strategy::KEYCLOAK_PROPS.map(String::from).to_vec())
    );
}

#[test]
fn the_keycloak_definition_is_the_recorded_one() {
    let recorded: Vec<StrategyDefinition> = decode(
        200,
        &file("03-auth-strategies-full", "response"),
        &["authentication", "strategies"],
    )
    .expect("03 decodes");
    let (status, body) = DemoWiki::new().respond(&load_body());
    let ours: Vec<StrategyDefinition> =
        decode(status, &body, &["authentication", "strategies"]).expect("decodes");
    for key in ["keycloak", "local"] {
        let find = |list: &[StrategyDefinition]| list.iter().find(|d| d.key == key).cloned();
        assert_eq!(
            find(&ours).map(|d| d.props),
            find(&recorded).map(|d| d.props),
            "{key}"
        );
    }
}

/// (recording replayed in order, answer expected: the recording's own, or a tag).
#[rustfmt::skip]
#[test]
fn replaying_the_recorded_strategy_traffic_gives_the_recorded_answers() {
    let mut wiki = DemoWiki::new();
    let steps: &[(&str, &str)] = &[
        ("20-update-strategies-add-keycloak", "20-update-strategies-add-keycloak"),
        ("22-auth-readback", "22-auth-readback"),
        ("32-update-strategies-missing-local", "32-update-strategies-missing-local"),
        ("33-readback-after-missing-local", "33-readback-after-missing-local"),
        ("32b-update-strategies-missing-local-with-change", "32b-update-strategies-missing-local-with-change"),
        ("33b-readback-after-missing-local-with-change", "33b-readback-after-missing-local-with-change"),
        ("42-update-strategies-restore-local-keycloak", "42-update-strategies-restore-local-keycloak"),
        ("34-update-strategies-json-without-v", "34-update-strategies-json-without-v"),
        ("35-readback-after-json-without-v", "35-readback-after-json-without-v"),
        ("42-update-strategies-restore-local-keycloak", "42-update-strategies-restore-local-keycloak"),
        ("40-update-strategies-empty-list", "40-update-strategies-empty-list"),
        ("43-readback-after-restore", "43-readback-after-restore"),
    ];
    for (request, expected) in steps {
        let sent = json_of(&file(request, "request"));
        // The recorded read-backs selected fewer fields; ask with our own document instead.
        let (status, body) = if sent["query"].as_str().is_some_and(|q| q.starts_with("{ authentication { activeStrategies")) {
            send(&mut wiki, &active_strategies_body())
        } else {
            replay(&mut wiki, request)
        };
        assert_eq!(status, 200, "{request}");
        assert_eq!(body, recorded_readback(expected), "{request}");
    }
}

#[rustfmt::skip]
#[test]
fn refusals_are_the_recorded_ones() {
    let result = |wiki: &mut DemoWiki, name: &str| {
        let (status, body) = wiki.respond(&json_of(&file(name, "request")).to_string());
        match decode_result(status, &body, UPDATE_STRATEGIES_PATH) {
            Ok(r) => format!("ok:{}", r.message.unwrap_or_default()),
            Err(BackendError::Failed { slug, error_code, .. }) => format!("failed:{slug}:{error_code}"),
            Err(e) => format!("other:{}", e.message()),
        }
    };
    let cases = [
        ("30-update-strategies-invalid-json-config", "failed:SyntaxError:1"),
        ("32-update-strategies-missing-local", "failed:Error:1"),
        ("40-update-strategies-empty-list", "failed:Error:1"),
        ("20-update-strategies-add-keycloak", "ok:Strategies updated successfully"),
    ];
    for (name, expected) in cases {
        assert_eq!(result(&mut DemoWiki::new(), name), expected, "{name}");
    }
}

#[rustfmt::skip]
#[test]
fn groups_answer_like_the_recorded_ones() {
    let recorded = |name: &str| {
        let single = json_of(&file(name, "response"))["data"]["groups"]["single"].clone();
        json!({"id": single["id"], "name": single["name"], "redirectOnLogin": single["redirectOnLogin"], "permissions": single["permissions"], "pageRules": single["pageRules"]})
    };
    let ours = |id: u32| send(&mut DemoWiki::new(), &group_body(id)).1["data"]["groups"]["single"].clone();
    assert_eq!(ours(1), recorded("10-group-single-1-full"));
    assert_eq!(ours(2), recorded("11-group-single-2-full"));
    assert_eq!(ours(999), Value::Null);
    let readers = decode_group(200, &DemoWiki::new().respond(&group_body(3)).1).expect("decodes").expect("exists");
    assert!(readers.grants_read() && !readers.is_admin());
}

#[rustfmt::skip]
#[test]
fn anything_else_is_refused_like_apollo_refuses_it() {
    let cases: &[(&str, &str)] = &[
        (r#"{"query": "{ site { config { host nonexistentField } } }"}"#, "invalid:400:GRAPHQL_VALIDATION_FAILED"),
        (r#"{"query": "{ site { config { host } } "#, "invalid:400:"),
        ("", "invalid:400:"),
        (r#"[{"query": "{ a }"}]"#, "invalid:400:"),
        (r#"{"query": "query ($id: Int!) { groups { single(id: $id) { id name redirectOnLogin permissions pageRules { id deny match roles path locales } } } }"}"#, "invalid:400:BAD_USER_INPUT"),
        (r#"{"query": "mutation ($strategies: [AuthenticationStrategyInput]!) { authentication { updateStrategies(strategies: $strategies) { responseResult { succeeded errorCode slug message } } } }", "variables": {"strategies": [{"key": "x"}]}}"#, "invalid:400:BAD_USER_INPUT"),
    ];
    for (body, expected) in cases {
        let (status, text) = DemoWiki::new().respond(body);
        let tag = match decode_data(status, &text) {
            Err(BackendError::Invalid { status, code, .. }) => format!("invalid:{status}:{code}"),
            other => format!("{:?}", other.map(|_| ())),
        };
        assert_eq!(tag, *expected, "{body}");
    }
}

#[test]
fn the_adapter_round_trip_against_the_demo() {
    let mut wiki = DemoWiki::new();
    let (status, body) = wiki.respond(&probe_body());
    assert_eq!(decode_probe(status, &body), Ok(()));

    let (status, body) = wiki.respond(&load_body());
    let loaded = decode_load(status, &body).expect("loads");
    let mut settings = wkc_core::Settings {
        site_url: loaded.site.host.clone(),
        strategy_key: uuid_v4_from_bytes([7; 16]),
        display_name: "Company SSO".into(),
        host: "https://sso.example.com".into(),
        realm: "staff".into(),
        client_id: "wiki".into(),
        client_secret: wkc_core::secret::Secret::new("very-secret"),
        auto_enroll_groups: vec![3],
        ..wkc_core::Settings::default()
    };
    settings.order = loaded.active.len();
    let sent = keycloak_input(
        &settings,
        &derive(&settings),
        loaded.keycloak_props().as_deref(),
    );
    let list = merge(&loaded.active, sent.clone(), true);
    check_not_dropping(&list, &loaded.active).expect("keeps local");
    let (status, body) = wiki.respond(&update_strategies_body(&list));
    decode_result(status, &body, UPDATE_STRATEGIES_PATH).expect("saved");

    let (status, body) = wiki.respond(&active_strategies_body());
    let stored = decode_active(status, &body).expect("reads back");
    let keys: Vec<&str> = stored.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(
        keys,
        [settings.strategy_key.as_str(), "local"],
        "moved to the top"
    );
    assert!(
        diff_config(&list[0], &stored[0]).is_empty(),
        "{:?}",
        diff_config(&list[0], &stored[0])
    );
    assert!(already_applied(&stored, &list));
    assert_eq!(
        changed_since(&loaded.active, &stored).len(),
        2,
        "added, and local moved"
    );
    let back = settings_from_strategy(&stored[0], &loaded.site.host);
    assert_eq!(keycloak_input(&back, &derive(&back), None), list[0]);

    let (status, body) = wiki.respond(&auto_login_body(true));
    decode_result(status, &body, AUTO_LOGIN_PATH).expect("bypass on");
    let (status, body) = wiki.respond(&load_body());
    assert!(
        decode_load(status, &body)
            .expect("loads")
            .site
            .auth_auto_login
    );
}

/// Contract 20's posted list, and what the demo reads back after it.
fn posted_and_read_back() -> (Vec<StrategyInput>, Vec<ActiveStrategy>) {
    let mut wiki = DemoWiki::new();
    replay(&mut wiki, "20-update-strategies-add-keycloak");
    let (status, body) = wiki.respond(&active_strategies_body());
    let stored = decode_active(status, &body).expect("reads back");
    let posted = serde_json::from_value(
        json_of(&file("20-update-strategies-add-keycloak", "request"))["variables"]["strategies"]
            .clone(),
    )
    .expect("decodes");
    (posted, stored)
}

/// The list with its second strategy renamed "Other".
fn renamed_second(mut list: Vec<StrategyInput>) -> Vec<StrategyInput> {
    list[1].display_name = "Other".into();
    list
}

#[test]
fn already_applied_only_for_the_exact_list() {
    let (posted, stored) = posted_and_read_back();
    let cases: Vec<(&str, Vec<StrategyInput>, bool)> = vec![
        ("the list that was posted", posted.clone(), true),
        ("one value differs", renamed_second(posted.clone()), false),
        ("one strategy fewer", posted[..1].to_vec(), false),
        ("other order", posted.iter().rev().cloned().collect(), false),
    ];
    for (name, intended, expected) in cases {
        assert_eq!(already_applied(&stored, &intended), expected, "{name}");
    }
}

/// What a read-back says about a list that was sent: nothing when it took effect, else one
/// line per difference naming the strategy, and a strategy the wiki holds but was not sent.
#[test]
fn stored_differently_names_each_difference() {
    let (posted, stored) = posted_and_read_back();
    let name = posted[1].display_name.clone();
    #[rustfmt::skip]
    let cases: Vec<(&str, Vec<StrategyInput>, Vec<String>)> = vec![
        ("the list that was posted", posted.clone(), vec![]),
        ("one value differs", renamed_second(posted.clone()), vec![format!("“Other”: Display Name: sent “Other”, Wiki.js stored “{name}”.")]),
        ("one strategy not sent", posted[..1].to_vec(), vec![format!("“{name}” (keycloak): Wiki.js holds it, though it was not sent.")]),
    ];
    for (what, sent, expected) in cases {
        assert_eq!(stored_differently(&sent, &stored), expected, "{what}");
    }
}

/// List items GraphQL's coercion refuses get Apollo's HTTP 400 and change nothing; what it
/// coerces (null items, any 32-bit integer, an integral float) is stored as posted.
#[test]
fn group_ids_and_domains_are_coerced_like_graphql_coerces_them() {
    #[rustfmt::skip]
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("[3]", "[]", None),
        ("[3, null]", "[]", None),
        ("[-1]", "[]", None),
        ("[2147483647]", "[]", None),
        ("[3.0]", "[]", None),
        ("[6e37]", "[]", Some("Int cannot represent non 32-bit signed integer value")),
        ("[2147483648]", "[]", Some("non 32-bit signed integer value")),
        ("[1.5]", "[]", Some("Int cannot represent non-integer value: 1.5")),
        (r#"["3"]"#, "[]", Some(r#"Int cannot represent non-integer value: "3""#)),
        ("[true]", "[]", Some("Int cannot represent non-integer value: true")),
        ("[[3]]", "[]", Some("Int cannot represent non-integer value")),
        ("[]", r#"["example.com", null]"#, None),
        ("[]", "[5]", Some("String cannot represent a non string value: 5")),
        ("[]", r#"[{"v": "example.com"}]"#, Some("String cannot represent a non string value")),
    ];
    for (groups, domains, refused) in cases {
        let mut wiki = DemoWiki::new();
        let (_, before) = send(&mut wiki, &load_body());
        let body = format!(
            r#"{{"query": {query}, "variables": {{"strategies": [{{"key": "local", "strategyKey": "local", "config": [], "displayName": "Local", "order": 0, "isEnabled": true, "selfRegistration": false, "domainWhitelist": {domains}, "autoEnrollGroups": {groups}}}]}}}}"#,
            query = Value::String(wkc_core::wikijs::queries::UPDATE_STRATEGIES.to_owned()),
        );
        let (status, answer) = send(&mut wiki, &body);
        let (_, after) = send(&mut wiki, &load_body());
        let case = format!("groups {groups}, domains {domains}");
        match refused {
            None => {
                assert_eq!(status, 200, "{case}: {answer}");
                let stored = &after["data"]["authentication"]["activeStrategies"][0];
                assert_eq!(stored["autoEnrollGroups"], json_of(groups), "{case}");
            }
            Some(reason) => {
                assert_eq!(status, 400, "{case}");
                assert_eq!(
                    answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
                    "{case}"
                );
                let message = answer["errors"][0]["message"].as_str().unwrap_or_default();
                assert!(message.contains(reason), "{case}: {message}");
                assert_eq!(after, before, "{case}: nothing changed");
            }
        }
    }
}
