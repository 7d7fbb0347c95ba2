//! The Wiki.js adapter against the recorded Wiki.js 2.5.314 answers (read at run time from
//! `../shared/contracts/wikijs-2.5.314/`, never copied), plus table cases for merging,
//! guarding, verifying and the settings round trip.

use std::collections::BTreeSet;
use std::fs;

use proptest::prelude::*;
use serde_json::{json, Value};

use crate::derive::derive;
use crate::secret::Secret;
use crate::settings::{Endpoint, LayoutChoice, PerEndpoint, Settings};
use crate::wikijs::queries::{
    ACTIVE_STRATEGIES, AUTO_LOGIN_PATH, DISABLE_AUTO_LOGIN, ENABLE_AUTO_LOGIN, GROUP, LOAD, PROBE,
    UPDATE_STRATEGIES, UPDATE_STRATEGIES_PATH,
};
use crate::wikijs::strategy::KEYCLOAK_PROPS;
use crate::wikijs::*;
use crate::Code;

const CONTRACTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/contracts/wikijs-2.5.314"
);
const KC_KEY: &str = "46fc0781-a5b8-4621-9bff-a21210e4e25b";

// ---------------------------------------------------------------------------------------
// Reading the contract files

fn file(name: &str, part: &str) -> String {
    let path = format!("{CONTRACTS}/{name}.{part}.json");
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `NAME.meta.json`'s HTTP status.
fn status(name: &str) -> u16 {
    let meta: Value = serde_json::from_str(&file(name, "meta")).expect("meta is JSON");
    meta["status"]
        .as_u64()
        .and_then(|s| u16::try_from(s).ok())
        .expect("meta has a status")
}

/// The recorded answer: (status from the meta file, body).
fn answer(name: &str) -> (u16, String) {
    (status(name), file(name, "response"))
}

fn request(name: &str) -> Value {
    serde_json::from_str(&file(name, "request")).expect("request is JSON")
}

fn active(name: &str) -> Vec<ActiveStrategy> {
    let (status, body) = answer(name);
    decode_active(status, &body).unwrap_or_else(|e| panic!("{name}: {}", e.message()))
}

fn posted(name: &str) -> Vec<StrategyInput> {
    serde_json::from_value(request(name)["variables"]["strategies"].clone())
        .expect("posted strategies decode")
}

fn keys<T>(list: &[T], key: impl Fn(&T) -> &str) -> Vec<String> {
    list.iter().map(|s| key(s).to_owned()).collect()
}

/// JSON text without the white space between tokens (the request files are pretty-printed).
fn minify(text: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            (in_string, escaped) = (escaped || c != '"', !escaped && c == '\\');
        } else if c == '"' {
            out.push(c);
            in_string = true;
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// The settings behind contract 20's Keycloak entry.
fn contract_settings() -> Settings {
    Settings {
        site_url: "http://127.0.0.1:3000".into(),
        strategy_key: KC_KEY.into(),
        display_name: "Keycloak SSO".into(),
        order: 1,
        host: "https://keycloak.example.test".into(),
        realm: "wiki".into(),
        client_id: "wikijs".into(),
        client_secret: Secret::new("s3cr3t-client-secret"),
        logout_upstream: true,
        logout_legacy_redirect: false,
        self_registration: true,
        domain_whitelist: vec!["example.com".into()],
        auto_enroll_groups: vec![2],
        ..Settings::default()
    }
}

fn kc_input(settings: &Settings) -> StrategyInput {
    keycloak_input(settings, &derive(settings), None)
}

// ---------------------------------------------------------------------------------------
// Decoding every recorded answer

/// A short, stable tag for a decode outcome.
fn tag<T>(result: Result<T, BackendError>) -> String {
    match result {
        Ok(_) => "ok".into(),
        Err(BackendError::Status { status, .. }) => format!("status:{status}"),
        Err(BackendError::NotJson { .. }) => "not-json".into(),
        Err(BackendError::Forbidden { .. }) => "forbidden".into(),
        Err(BackendError::Unauthorized { .. }) => "unauthorized".into(),
        Err(BackendError::Invalid { status, code, .. }) => format!("invalid:{status}:{code}"),
        Err(BackendError::GraphQl { path, .. }) => format!("graphql:{path}"),
        Err(BackendError::Failed {
            slug, error_code, ..
        }) => format!("failed:{slug}:{error_code}"),
        Err(BackendError::UnexpectedShape { path, .. }) => format!("shape:{path}"),
        Err(BackendError::Timeout { seconds }) => format!("timeout:{seconds}"),
        Err(BackendError::Network { .. }) => "network".into(),
        Err(BackendError::DemoNotLoaded { .. }) => "demo-not-loaded".into(),
        Err(BackendError::TooLarge { bytes }) => format!("too-large:{bytes}"),
        Err(BackendError::TooDeep { status }) => format!("too-deep:{status}"),
    }
}

fn as_active(name: &str) -> String {
    let (s, b) = answer(name);
    tag(decode_active(s, &b))
}
fn as_update(name: &str) -> String {
    let (s, b) = answer(name);
    tag(decode_result(s, &b, UPDATE_STRATEGIES_PATH))
}
fn as_login(name: &str) -> String {
    let (s, b) = answer(name);
    tag(decode_result(s, &b, &["authentication", "login"]))
}
fn as_group(name: &str) -> String {
    let (s, b) = answer(name);
    tag(decode_group(s, &b))
}
fn as_groups(name: &str) -> String {
    let (s, b) = answer(name);
    tag(decode::<Vec<GroupSummary>>(s, &b, &["groups", "list"]))
}
fn as_site(name: &str) -> String {
    let (s, b) = answer(name);
    tag(decode::<SiteConfig>(s, &b, &["site", "config"]))
}
fn as_definitions(name: &str) -> String {
    let (s, b) = answer(name);
    tag(decode::<Vec<StrategyDefinition>>(
        s,
        &b,
        &["authentication", "strategies"],
    ))
}
fn as_anything(name: &str) -> String {
    let (s, b) = answer(name);
    tag(decode::<Value>(s, &b, &[]))
}

/// (recording, how to decode it, expected tag).
type DecodeCase = (&'static str, fn(&str) -> String, &'static str);

#[rustfmt::skip]
#[test]
fn every_recorded_answer_decodes_to_what_it_means() {
    let cases: &[DecodeCase] = &[
        ("01-login", as_login, "ok"),
        ("02-auth-brief", as_definitions, "ok"),
        ("03-auth-strategies-full", as_definitions, "ok"),
        ("04-active-strategies-full", as_active, "ok"),
        ("05-groups-list", as_groups, "ok"),
        ("06-group-single-2", as_group, "ok"),
        ("07-site-config-host", as_site, "ok"),
        ("08-site-config-full", as_site, "ok"),
        ("09-groups-list-full", as_groups, "ok"),
        ("10-group-single-1-full", as_group, "ok"),
        ("11-group-single-2-full", as_group, "ok"),
        ("20-update-strategies-add-keycloak", as_update, "ok"),
        ("22-auth-readback", as_active, "ok"),
        // The login page's query lacks config: re-sending that would wipe it, so it is refused.
        ("24-active-strategies-enabled-only-noauth", as_active, "shape:data.authentication.activeStrategies"),
        ("26-strategies-noauth-forbidden", as_anything, "forbidden"),
        ("30-update-strategies-invalid-json-config", as_update, "failed:SyntaxError:1"),
        ("31-readback-after-invalid-json", as_active, "ok"),
        ("32-update-strategies-missing-local", as_update, "failed:Error:1"),
        ("32b-update-strategies-missing-local-with-change", as_update, "failed:Error:1"),
        ("33-readback-after-missing-local", as_active, "ok"),
        ("33b-readback-after-missing-local-with-change", as_active, "ok"),
        ("34-update-strategies-json-without-v", as_update, "ok"),
        ("35-readback-after-json-without-v", as_active, "ok"),
        ("36-update-strategies-unknown-strategykey", as_update, "ok"),
        ("37-readback-after-unknown-strategykey", as_active, "graphql:authentication.activeStrategies.2.strategy.key"),
        ("38-update-strategies-missing-required-field", as_update, "invalid:400:BAD_USER_INPUT"),
        ("40-update-strategies-empty-list", as_update, "failed:Error:1"),
        ("41-readback-after-empty-list", as_active, "graphql:authentication.activeStrategies.2.strategy.key"),
        ("42-update-strategies-restore-local-keycloak", as_update, "ok"),
        ("43-readback-after-restore", as_active, "ok"),
        ("44-update-strategies-noauth", as_update, "forbidden"),
        ("46-group-single-nonexistent", as_group, "ok"),
        ("47-groups-list-garbage-bearer", as_groups, "forbidden"),
        ("48-login-wrong-password", as_login, "failed:AuthLoginFailed:1002"),
        ("50-malformed-json-body", as_anything, "invalid:400:"),
        ("52-unknown-field", as_site, "invalid:400:GRAPHQL_VALIDATION_FAILED"),
        ("54-active-strategies-jwt-issued-before-restart", as_active, "shape:data.authentication.activeStrategies"),
        ("56-login-rate-limited", as_login, "graphql:authentication.login"),
        ("60-group-update-2-same-values", |n| { let (s, b) = answer(n); tag(decode_result(s, &b, &["groups", "update"])) }, "ok"),
        ("61-group-single-2-after-update", as_group, "ok"),
        ("62-group-update-unsafe-regex", as_anything, "graphql:groups.update"),
        ("64-group-update-invalid-match-enum", as_anything, "invalid:400:BAD_USER_INPUT"),
    ];
    for (name, decode_it, expected) in cases {
        assert_eq!(decode_it(name), *expected, "{name}");
    }
}

#[test]
fn every_recorded_answer_is_classified_by_its_status_and_errors() {
    let mut seen = 0;
    for entry in fs::read_dir(CONTRACTS).expect("the contract directory exists") {
        let path = entry.expect("entry").path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".meta.json"))
        else {
            continue;
        };
        let (status, body) = answer(name);
        let json: Option<Value> = serde_json::from_str(&body).ok();
        let has_errors = json
            .as_ref()
            .and_then(|j| j["errors"].as_array())
            .is_some_and(|e| !e.is_empty());
        let result = decode_data(status, &body);
        assert_eq!(
            result.is_ok(),
            (200..300).contains(&status) && !has_errors,
            "{name}"
        );
        if let Err(e) = result {
            let message = e.message();
            assert!(
                !message.is_empty() && message.chars().count() < 700,
                "{name}: {message}"
            );
        }
        seen += 1;
    }
    assert!(seen >= 40, "all recorded pairs were read ({seen})");
}

/// (recording, path decoded, phrases the message must hold, phrases it must not).
type MessageCase = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

#[rustfmt::skip]
#[test]
fn error_messages_name_the_cause() {
    let message = |name: &str, path: &[&str]| {
        let (s, b) = answer(name);
        decode::<Value>(s, &b, path).expect_err(name).message()
    };
    let cases: &[MessageCase] = &[
        ("26-strategies-noauth-forbidden", &[], &["manage:system", "authentication.strategies"], &[]),
        ("44-update-strategies-noauth", UPDATE_STRATEGIES_PATH, &["manage:system", "Sign in"], &[]),
        ("47-groups-list-garbage-bearer", &["groups", "list"], &["manage:system"], &[]),
        ("30-update-strategies-invalid-json-config", UPDATE_STRATEGIES_PATH, &["SyntaxError", "not-json{"], &[]),
        ("32-update-strategies-missing-local", UPDATE_STRATEGIES_PATH, &["Cannot delete Local as 1 or more users are still using it."], &[]),
        ("48-login-wrong-password", &["authentication", "login"], &["Invalid email / username or password."], &[]),
        // The echoed input value (which can carry the secret) is dropped; where and why stay.
        ("38-update-strategies-missing-required-field", UPDATE_STRATEGIES_PATH, &["HTTP 400", "BAD_USER_INPUT", "strategies[1]", "\"displayName\"",], &[KC_KEY, "[Object]"]),
        ("50-malformed-json-body", &[], &["HTTP 400", "Unterminated string in JSON at position 38"], &[]),
        ("52-unknown-field", &["site", "config"], &["GRAPHQL_VALIDATION_FAILED", "nonexistentField"], &[]),
        ("64-group-update-invalid-match-enum", &["groups", "update"], &["BAD_USER_INPUT", "CONTAINS", "PageRuleMatch"], &[]),
        ("56-login-rate-limited", &["authentication", "login"], &["Too many requests"], &[]),
        ("37-readback-after-unknown-strategykey", &["authentication", "activeStrategies"], &["AuthenticationStrategy.key", "activeStrategies.2"], &[]),
    ];
    for (name, path, present, absent) in cases {
        let text = message(name, path);
        for p in *present {
            assert!(text.contains(p), "{name}: {text:?} should mention {p:?}");
        }
        for a in *absent {
            assert!(!text.contains(a), "{name}: {text:?} must not quote {a:?}");
        }
    }
}

/// The demo's own wiki that did not load is said as what it is (a file of the page, named),
/// not as a wiki out of reach.
#[test]
fn a_demo_wiki_that_did_not_load_names_its_file_not_the_network() {
    let detail = "Could not load the demo wiki: https://x.example/demo_bg.wasm: HTTP 404";
    let text = BackendError::DemoNotLoaded {
        detail: detail.into(),
    }
    .message();
    assert!(text.starts_with(&format!("{detail}. ")), "{text}");
    assert!(text.ends_with("then try loading again."), "{text}");
    assert!(!text.contains("Wiki.js"), "{text}");
}

/// A refusal after the page took its API token out of the address (a reload has none) says
/// why; nothing else changes.
#[test]
fn a_refused_load_after_the_token_was_taken_says_why() {
    let recorded = |name: &str| {
        let (s, b) = answer(name);
        decode::<Value>(s, &b, &[]).expect_err(name)
    };
    let unauthorized = BackendError::Unauthorized {
        path: "authentication.strategies".into(),
    };
    let cases = [
        (recorded("26-strategies-noauth-forbidden"), true, true),
        (unauthorized.clone(), true, true),
        (recorded("26-strategies-noauth-forbidden"), false, false),
        (unauthorized, false, false),
        (recorded("50-malformed-json-body"), true, false),
    ];
    for (error, token_taken, explained) in cases {
        let text = error.load_message(token_taken);
        assert_eq!(
            text == error.message(),
            !explained,
            "{error:?}, taken {token_taken}: {text}"
        );
        assert_eq!(
            text.starts_with("Wiki.js refused at authentication.strategies: this page took its API token out of the address"),
            explained,
            "{error:?}, taken {token_taken}: {text}"
        );
    }
}

#[test]
fn failed_results_carry_slug_and_message() {
    let (s, b) = answer("32b-update-strategies-missing-local-with-change");
    assert_eq!(
        decode_result(s, &b, UPDATE_STRATEGIES_PATH),
        Err(BackendError::Failed {
            slug: "Error".into(),
            error_code: 1,
            message: "Cannot delete Local as 1 or more users are still using it.".into()
        })
    );
    let (s, b) = answer("20-update-strategies-add-keycloak");
    let ok = decode_result(s, &b, UPDATE_STRATEGIES_PATH).expect("20 succeeded");
    assert_eq!(
        (ok.succeeded, ok.slug.as_str(), ok.message.as_deref()),
        (true, "ok", Some("Strategies updated successfully"))
    );
}

/// Each strategy's credentials as read (a save re-sends them; a wiki's error may quote them)
/// are what `redact_all` masks beside the form's secret.
#[test]
fn credentials_as_read_are_masked_in_a_quoting_error() {
    let list = active("22-auth-readback");
    let credentials: Vec<&str> = list.iter().flat_map(|s| s.credentials()).collect();
    let kc_secret = list[1].config_value("clientSecret").and_then(Value::as_str);
    assert!(kc_secret.is_some_and(|s| s.len() > 8), "{kc_secret:?}");
    assert_eq!(credentials, kc_secret.into_iter().collect::<Vec<_>>());
    for credential in &credentials {
        let text = format!("update \"authentication\" set \"config\" = '{{\"clientSecret\":\"{credential}\"}}' - SQLITE_BUSY");
        let masked = crate::secret::redact_all(&text, credentials.iter().copied());
        assert!(
            !masked.contains(credential) && masked.contains(crate::secret::MASK),
            "{masked}"
        );
    }
}

#[test]
fn readbacks_decode_with_raw_values_and_metadata_order() {
    let list = active("22-auth-readback");
    assert_eq!(keys(&list, |s| &s.key), ["local", KC_KEY]);
    let kc = &list[1];
    assert_eq!(
        (kc.strategy.key.as_str(), kc.display_name.as_str(), kc.order),
        ("keycloak", "Keycloak SSO", 1)
    );
    assert_eq!(kc.config_value("logoutUpstream"), Some(&json!(true)));
    assert_eq!(kc.config_value("realm"), Some(&json!("wiki")));
    assert_eq!(
        kc.config
            .iter()
            .find(|c| c.key == "host")
            .and_then(|c| c.order),
        Some(1)
    );
    assert_eq!(keycloak_strategies(&list).len(), 1);
    // 34 posted a value without `v`: Wiki.js stored null, and it reads back as null.
    assert_eq!(
        active("35-readback-after-json-without-v")[1].config_value("host"),
        Some(&Value::Null)
    );
    assert_eq!(
        active("33b-readback-after-missing-local-with-change")[1].display_name,
        "Keycloak SSO (changed while local missing)"
    );
    assert_eq!(
        active("04-active-strategies-full")[0].strategy.use_form,
        Some(true)
    );
}

#[test]
fn debug_output_never_shows_the_client_secret() {
    let list = active("22-auth-readback");
    let printed = format!("{list:?} {:?}", list[1].to_input(1));
    assert!(!printed.contains("s3cr3t"), "{printed}");
    assert!(
        printed.contains("keycloak.example.test"),
        "other values stay readable"
    );
}

// ---------------------------------------------------------------------------------------
// Encoding: what was read goes back unchanged, and the form's settings encode as recorded

#[test]
fn a_load_then_save_round_trip_changes_nothing() {
    let inputs: Vec<StrategyInput> = active("22-auth-readback")
        .iter()
        .enumerate()
        .map(|(i, s)| s.to_input(i as u32))
        .collect();
    // Byte for byte the body that was posted in 20 (keys, key order, values).
    assert_eq!(
        update_strategies_body(&inputs),
        minify(&file("20-update-strategies-add-keycloak", "request"))
    );
    assert_eq!(
        inputs,
        posted("42-update-strategies-restore-local-keycloak")
    );
}

#[test]
fn keycloak_input_for_the_recorded_settings_is_the_recorded_entry() {
    let input = kc_input(&contract_settings());
    assert_eq!(
        serde_json::to_value(&input).expect("serializes"),
        request("20-update-strategies-add-keycloak")["variables"]["strategies"][1]
    );
    let text = serde_json::to_string(&input).expect("serializes");
    assert!(
        minify(&file("20-update-strategies-add-keycloak", "request")).contains(&text),
        "{text}"
    );
}

/// Every module definition Wiki.js 2.5.314 answered (recording 03).
fn recorded_definitions() -> Vec<StrategyDefinition> {
    let (s, b) = answer("03-auth-strategies-full");
    decode(s, &b, &["authentication", "strategies"]).expect("03 decodes")
}

/// Another strategy's number goes back as the same double Wiki.js stored, so a save of the
/// Keycloak strategy never changes another module's setting (SAML's `acceptedClockSkewMs`):
/// integers and decimals as people type them. Not a 17-digit computed double such as
/// `0.10200000000000001`, which serde_json may read one unit off without `float_roundtrip`
/// (4.3 KB of first load; docs/reliability.md).
#[rustfmt::skip]
#[test]
fn other_strategies_numbers_go_back_exactly() {
    let stored = |raw: &str| {
        let meta = format!(r#"{{"default":0,"type":"number","title":"T","order":1,"value":{raw}}}"#);
        let pair = json!({"key": "acceptedClockSkewMs", "value": meta});
        format!(r#"{{"data":{{"authentication":{{"activeStrategies":[{{"key":"saml-1","strategy":{{"key":"saml"}},"displayName":"SAML","order":0,"isEnabled":false,"config":[{pair}],"selfRegistration":false,"domainWhitelist":[],"autoEnrollGroups":[]}}]}}}}}}"#)
    };
    for raw in ["389", "-1", "0", "9007199254740993", "-9223372036854775808", "18446744073709551615", "0.1", "1.5", "0.102", "2.5e-7", "1e300", "123.456"] {
        let read = decode_active(200, &stored(raw)).expect("decodes");
        let sent = read[0].to_input(0);
        let v = serde_json::from_str::<Value>(&sent.config[0].value).expect("json")["v"].clone();
        // What JSON.parse on the Wiki.js side stores: the double the text sent names.
        let resent: f64 = serde_json::to_string(&v).expect("text").parse().expect("number");
        assert_eq!(resent.to_bits(), raw.parse::<f64>().expect("number").to_bits(), "{raw} sent as {}", sent.config[0].value);
    }
}

/// Every credential of every module Wiki.js 2.5.314 has is masked wherever another strategy
/// is shown (what will be sent, a save's differences, debug output), and nothing else is.
#[test]
fn every_modules_credentials_are_masked() {
    const CREDENTIALS: [&str; 5] = [
        "bindCredentials",
        "clientSecret",
        "cookieEncryptionKeyString",
        "decryptionPvk",
        "privateKey",
    ];
    let keys: BTreeSet<String> = recorded_definitions()
        .iter()
        .flat_map(|d| d.props.iter().map(|p| p.key.clone()))
        .collect();
    assert!(
        keys.len() > 50,
        "03 lists every module's props: {}",
        keys.len()
    );
    for key in &keys {
        assert_eq!(
            strategy::is_sensitive(key),
            CREDENTIALS.contains(&key.as_str()),
            "{key}"
        );
    }
}

#[rustfmt::skip]
#[test]
fn keycloak_input_sends_only_the_props_the_server_knows() {
    let known = keycloak_prop_keys(&recorded_definitions()).expect("03 has keycloak");
    assert_eq!(known, KEYCLOAK_PROPS);
    let settings = contract_settings();
    let cases: &[(&str, Option<&[&str]>, usize)] = &[
        ("no definition: all ten", None, 10),
        ("2.5.314: all ten", Some(&KEYCLOAK_PROPS), 10),
        ("before 2.5.300: no legacy redirect", Some(&KEYCLOAK_PROPS[..9]), 9),
        ("a definition with one prop", Some(&["host"]), 1),
    ];
    for (name, known, count) in cases {
        let known: Option<Vec<String>> = known.map(|k| k.iter().map(|s| s.to_string()).collect());
        let input = keycloak_input(&settings, &derive(&settings), known.as_deref());
        assert_eq!(input.config.len(), *count, "{name}");
    }
}

#[test]
fn the_host_is_saved_trimmed_and_the_secret_in_clear() {
    let settings = Settings {
        host: "  https://keycloak.example.test  ".into(),
        ..contract_settings()
    };
    let input = kc_input(&settings);
    assert_eq!(
        input.config[0],
        KeyValue {
            key: "host".into(),
            value: r#"{"v":"https://keycloak.example.test"}"#.into()
        }
    );
    assert_eq!(input.config[3].value, r#"{"v":"s3cr3t-client-secret"}"#);
}

#[rustfmt::skip]
#[test]
fn config_values_encode_as_javascript_would() {
    let cases = [
        (json!("plain"), r#"{"v":"plain"}"#),
        (json!(true), r#"{"v":true}"#),
        (json!(false), r#"{"v":false}"#),
        (Value::Null, r#"{"v":null}"#),
        (json!(42), r#"{"v":42}"#),
        (json!("quote \" backslash \\ tab \t newline \n ctrl \u{1f}"), r#"{"v":"quote \" backslash \\ tab \t newline \n ctrl \u001f"}"#),
        (json!("ünïcødé ✓"), r#"{"v":"ünïcødé ✓"}"#),
        (json!(["a", 1]), r#"{"v":["a",1]}"#),
    ];
    for (value, expected) in cases {
        assert_eq!(KeyValue::encoded("k", &value).value, expected, "{value}");
    }
}

// ---------------------------------------------------------------------------------------
// Merge and the guard

#[test]
fn merge_preserves_local_byte_for_byte() {
    let backend = active("22-auth-readback");
    let merged = merge(&backend, kc_input(&contract_settings()), false);
    assert_eq!(
        update_strategies_body(&merged),
        minify(&file("20-update-strategies-add-keycloak", "request"))
    );
    let on_top = merge(&backend, kc_input(&contract_settings()), true);
    assert_eq!(keys(&on_top, |s| &s.key), [KC_KEY, "local"]);
    let recorded_local = &posted("20-update-strategies-add-keycloak")[0];
    assert_eq!(
        on_top[1],
        StrategyInput {
            order: 1,
            ..recorded_local.clone()
        }
    );
}

#[test]
fn merge_against_the_fresh_install_appends_keycloak() {
    let merged = merge(
        &active("04-active-strategies-full"),
        kc_input(&contract_settings()),
        false,
    );
    assert_eq!(merged, posted("20-update-strategies-add-keycloak"));
}

#[rustfmt::skip]
#[test]
fn the_guard_fires_for_lists_missing_a_strategy() {
    let backend = active("22-auth-readback");
    let cases = [
        ("32-update-strategies-missing-local", true),
        ("32b-update-strategies-missing-local-with-change", true),
        ("40-update-strategies-empty-list", true),
        ("20-update-strategies-add-keycloak", false),
        ("36-update-strategies-unknown-strategykey", false),
    ];
    for (name, fires) in cases {
        let result = check_not_dropping(&posted(name), &backend);
        assert_eq!(result.is_err(), fires, "{name}");
        if let Err(d) = result {
            assert_eq!(d.code, Code::StrategyWouldBeDropped, "{name}");
            assert!(
                d.message.starts_with("Missing: “Local” (local)"),
                "{name}: {}",
                d.message
            );
        }
    }
    let err = check_not_dropping(&[], &backend).expect_err("empty list");
    assert!(
        err.message.contains("“Keycloak SSO” (keycloak)"),
        "{}",
        err.message
    );
}

/// A stored strategy with config values in the given order (metadata `order` = position).
fn stored(
    key: &str,
    module: &str,
    name: &str,
    order: i64,
    config: &[(&str, Value)],
) -> ActiveStrategy {
    ActiveStrategy {
        key: key.into(),
        strategy: StrategyRef {
            key: module.into(),
            title: module.into(),
            use_form: None,
        },
        display_name: name.into(),
        order,
        is_enabled: true,
        config: config
            .iter()
            .enumerate()
            .map(|(i, (k, v))| ConfigValue {
                key: (*k).into(),
                value: v.clone(),
                order: Some(i as i64 + 1),
            })
            .collect(),
        self_registration: false,
        domain_whitelist: vec!["example.org".into()],
        auto_enroll_groups: vec![3],
    }
}

fn local(order: i64) -> ActiveStrategy {
    stored("local", "local", "Local", order, &[])
}
fn ldap(order: i64) -> ActiveStrategy {
    let config = [
        ("url", json!("ldap://dc:389")),
        ("bindCredentials", json!("pw")),
        ("tlsEnabled", json!(false)),
        ("searchAttributes", Value::Null),
        ("port", json!(389)),
        ("mapping", json!({"b": 1, "a": [1, "x"]})),
    ];
    stored("ldap-1", "ldap", "Corporate LDAP", order, &config)
}
fn kc(key: &str, name: &str, order: i64) -> ActiveStrategy {
    stored(
        key,
        "keycloak",
        name,
        order,
        &[
            ("host", json!("https://old.example")),
            ("realm", json!("old")),
        ],
    )
}
fn edit(key: &str) -> StrategyInput {
    kc_input(&Settings {
        strategy_key: key.into(),
        display_name: format!("edited {key}"),
        ..contract_settings()
    })
}

/// (behaviour, backend list, key edited, move to top, resulting keys).
type MergeCase = (
    &'static str,
    Vec<ActiveStrategy>,
    &'static str,
    bool,
    &'static [&'static str],
);

#[rustfmt::skip]
#[test]
fn merge_table() {
    let cases: &[MergeCase] = &[
        ("replaced in place", vec![local(0), kc("kc-a", "A", 1), ldap(2)], "kc-a", false, &["local", "kc-a", "ldap-1"]),
        ("new one appended", vec![local(0), ldap(1)], "kc-new", false, &["local", "ldap-1", "kc-new"]),
        ("existing moved to top", vec![local(0), kc("kc-a", "A", 1)], "kc-a", true, &["kc-a", "local"]),
        ("new one moved to top", vec![local(0), ldap(1)], "kc-new", true, &["kc-new", "local", "ldap-1"]),
        ("only the edited of several keycloaks", vec![local(0), kc("kc-a", "A", 1), kc("kc-b", "B", 2)], "kc-b", false, &["local", "kc-a", "kc-b"]),
        ("second keycloak to top", vec![local(0), kc("kc-a", "A", 1), kc("kc-b", "B", 2)], "kc-b", true, &["kc-b", "local", "kc-a"]),
        ("backend order, not list order", vec![ldap(2), local(0), kc("kc-a", "A", 1)], "kc-a", false, &["local", "kc-a", "ldap-1"]),
        ("gaps in order are closed", vec![local(3), ldap(10)], "kc-new", false, &["local", "ldap-1", "kc-new"]),
        ("empty backend", vec![], "kc-new", true, &["kc-new"]),
    ];
    for (name, backend, key, top, expected) in cases {
        let merged = merge(backend, edit(key), *top);
        assert_eq!(keys(&merged, |s| &s.key), *expected, "{name}");
        for (index, input) in merged.iter().enumerate() {
            assert_eq!(input.order as usize, index, "{name}: order is the index");
            match backend.iter().find(|b| b.key == input.key) {
                Some(b) if input.key != *key => assert_eq!(
                    *input,
                    b.to_input(index as u32),
                    "{name}: {} unchanged",
                    input.key
                ),
                _ => assert_eq!(input.display_name, format!("edited {key}"), "{name}"),
            }
        }
        assert!(
            check_not_dropping(&merged, backend).is_ok(),
            "{name}: merge never drops"
        );
    }
}

#[test]
fn other_strategy_kinds_go_back_value_for_value() {
    let input = ldap(0).to_input(0);
    let sent: Vec<(String, Value)> = input
        .config
        .iter()
        .map(|kv| {
            (
                kv.key.clone(),
                serde_json::from_str::<Value>(&kv.value).expect("JSON")["v"].clone(),
            )
        })
        .collect();
    let original: Vec<(String, Value)> = ldap(0)
        .config
        .iter()
        .map(|c| (c.key.clone(), c.value.clone()))
        .collect();
    assert_eq!(sent, original);
    assert_eq!(
        (input.strategy_key.as_str(), input.display_name.as_str()),
        ("ldap", "Corporate LDAP")
    );
    assert_eq!(
        (input.domain_whitelist, input.auto_enroll_groups),
        (vec!["example.org".to_owned()], vec![3])
    );
    assert!(diff_config(&ldap(0).to_input(0), &ldap(0)).is_empty());
}

#[test]
fn config_is_sent_in_definition_order_whatever_the_read_order() {
    let mut strategy = ldap(0);
    strategy.config.reverse();
    let order: Vec<String> = strategy
        .to_input(0)
        .config
        .into_iter()
        .map(|kv| kv.key)
        .collect();
    assert_eq!(
        order,
        [
            "url",
            "bindCredentials",
            "tlsEnabled",
            "searchAttributes",
            "port",
            "mapping"
        ]
    );
}

// ---------------------------------------------------------------------------------------
// After-save verification and concurrent changes

#[rustfmt::skip]
#[test]
fn diff_config_table() {
    let sent20 = posted("20-update-strategies-add-keycloak")[1].clone();
    let read = |name: &str| active(name)[1].clone();
    let with_secret = |secret: &str| {
        let mut s = read("22-auth-readback");
        s.config
            .iter_mut()
            .filter(|c| c.key == "clientSecret")
            .for_each(|c| c.value = json!(secret));
        s
    };
    let without = |key: &str| {
        let mut s = read("22-auth-readback");
        s.config.retain(|c| c.key != key);
        s
    };
    let cases: Vec<(&str, StrategyInput, ActiveStrategy, Vec<&str>)> = vec![
        ("stored as sent", sent20.clone(), read("22-auth-readback"), vec![]),
        ("value without v stored as null", sent20.clone(), read("35-readback-after-json-without-v"), vec!["Host: sent “https://keycloak.example.test”, Wiki.js stored nothing."]),
        ("34's own post is what 35 holds", posted("34-update-strategies-json-without-v")[1].clone(), read("35-readback-after-json-without-v"), vec![]),
        ("refused save left the old name", posted("32b-update-strategies-missing-local-with-change")[0].clone(), read("22-auth-readback"), vec!["Display Name: sent “Keycloak SSO (changed while local missing)”, Wiki.js stored “Keycloak SSO”."]),
        ("secret never printed", sent20.clone(), with_secret("other"), vec!["Client Secret: Wiki.js stored a different value from the one sent."]),
        ("prop unknown to the server", sent20.clone(), without("logoutUpstreamRedirectLegacy"), vec!["Legacy Logout Redirect: Wiki.js did not keep it (this Wiki.js release has no such setting)."]),
        ("invalid JSON sent", posted("30-update-strategies-invalid-json-config")[1].clone(), read("31-readback-after-invalid-json"), vec!["Host: the value sent was not JSON, so Wiki.js refuses the whole save."]),
        ("position moved", StrategyInput { order: 0, ..sent20.clone() }, read("22-auth-readback"), vec!["Position: sent 0, Wiki.js stored 1."]),
    ];
    for (name, sent, back, expected) in cases {
        assert_eq!(diff_config(&sent, &back), expected, "{name}");
    }
}

fn with_value(mut strategy: ActiveStrategy, key: &str, value: Value) -> ActiveStrategy {
    strategy
        .config
        .iter_mut()
        .filter(|c| c.key == key)
        .for_each(|c| c.value = value.clone());
    strategy
}
fn without_key(mut strategy: ActiveStrategy, key: &str) -> ActiveStrategy {
    strategy.config.retain(|c| c.key != key);
    strategy
}

/// (behaviour, first read, second read, expected lines).
type ChangeCase = (
    &'static str,
    Vec<ActiveStrategy>,
    Vec<ActiveStrategy>,
    Vec<&'static str>,
);

#[rustfmt::skip]
#[test]
fn changed_since_table() {
    let cases: Vec<ChangeCase> = vec![
        ("nothing changed", active("22-auth-readback"), active("43-readback-after-restore"), vec![]),
        ("renamed", active("22-auth-readback"), active("33b-readback-after-missing-local-with-change"), vec!["“Keycloak SSO” (keycloak) was modified (display name now “Keycloak SSO (changed while local missing)”)."]),
        ("added", active("04-active-strategies-full"), active("22-auth-readback"), vec!["“Keycloak SSO” (keycloak) was added."]),
        ("removed", active("22-auth-readback"), active("04-active-strategies-full"), vec!["“Keycloak SSO” (keycloak) was removed."]),
        ("config value changed", active("22-auth-readback"), active("35-readback-after-json-without-v"), vec!["“Keycloak SSO” (keycloak) was modified (Host)."]),
        ("disabled and moved", vec![local(0), ldap(1)], vec![local(1), ActiveStrategy { is_enabled: false, ..ldap(0) }], vec!["“Local” (local) was modified (position).", "“Corporate LDAP” (ldap) was modified (position, disabled)."]),
        ("secret changed: named, not shown", vec![ldap(0)], vec![with_value(ldap(0), "bindCredentials", json!("new-pw"))], vec!["“Corporate LDAP” (ldap) was modified (bindCredentials)."]),
        ("value removed", vec![ldap(0)], vec![without_key(ldap(0), "port")], vec!["“Corporate LDAP” (ldap) was modified (port)."]),
    ];
    for (name, before, after, expected) in cases {
        assert_eq!(changed_since(&before, &after), expected, "{name}");
    }
}

// ---------------------------------------------------------------------------------------
// Settings ⇄ stored strategy

/// What Wiki.js stores for a posted strategy: `JSON.parse(value).v`, config sorted by key.
fn as_stored(input: &StrategyInput) -> ActiveStrategy {
    let mut config: Vec<ConfigValue> = input
        .config
        .iter()
        .enumerate()
        .map(|(i, kv)| ConfigValue {
            key: kv.key.clone(),
            value: serde_json::from_str::<Value>(&kv.value)
                .ok()
                .and_then(|v| v.get("v").cloned())
                .unwrap_or(Value::Null),
            order: Some(i as i64 + 1),
        })
        .collect();
    config.sort_by(|a, b| a.key.cmp(&b.key));
    ActiveStrategy {
        key: input.key.clone(),
        strategy: StrategyRef {
            key: input.strategy_key.clone(),
            title: "Keycloak".into(),
            use_form: Some(false),
        },
        display_name: input.display_name.clone(),
        order: i64::from(input.order),
        is_enabled: input.is_enabled,
        config,
        self_registration: input.self_registration,
        domain_whitelist: input.domain_whitelist.clone(),
        auto_enroll_groups: input.auto_enroll_groups.clone(),
    }
}

#[test]
fn the_recorded_strategy_loads_as_the_recorded_settings() {
    let settings = settings_from_strategy(&active("22-auth-readback")[1], "http://127.0.0.1:3000");
    assert_eq!(settings, contract_settings());
    assert_eq!(
        kc_input(&settings),
        posted("20-update-strategies-add-keycloak")[1]
    );
}

fn with(f: impl FnOnce(&mut Settings)) -> Settings {
    let mut s = contract_settings();
    f(&mut s);
    s
}

#[rustfmt::skip]
#[test]
fn settings_round_trip_table() {
    use crate::settings::LayoutChoice::{Automatic as A, Legacy as L, Quarkus as Q};
    let cases: Vec<(&str, Settings, LayoutChoice)> = vec![
        ("recorded settings", contract_settings(), A),
        ("legacy host with /auth", with(|s| s.host = "https://kc.example.com/auth".into()), A),
        ("explicit legacy on a bare host", with(|s| s.layout = L), L),
        ("explicit keycloak 17+ on an /auth host", with(|s| { s.host = "https://kc.example.com/auth".into(); s.layout = Q }), Q),
        ("explicit keycloak 17+ on a bare host reads as automatic", with(|s| s.layout = Q), A),
        ("internal base recognised", with(|s| s.internal_base_url = "http://keycloak:8080".into()), A),
        ("internal base on legacy", with(|s| { s.host = "https://kc.example.com/auth".into(); s.internal_base_url = "http://keycloak:8080/auth".into() }), A),
        ("internal base under /auth behind a proxy that serves none", with(|s| s.internal_base_url = "http://keycloak:8080/auth".into()), A),
        ("one override kept", with(|s| s.overrides.logout = Some("https://sso.example.com/logout".into())), A),
        ("all overrides kept", with(|s| { s.overrides = PerEndpoint::from_fn(|e| Some(format!("https://x.example/{}", e.path_suffix()))) }), A),
        ("realm needing escapes", with(|s| s.realm = "my realm/ü".into()), A),
        ("host with port and path", with(|s| s.host = "https://example.com:8443/sso".into()), A),
        ("flags and lists", with(|s| { s.logout_upstream = false; s.logout_legacy_redirect = true; s.is_enabled = false; s.self_registration = false; s.domain_whitelist = vec![]; s.auto_enroll_groups = vec![1, 5] }), A),
        ("upgraded install key", with(|s| s.strategy_key = "keycloak".into()), A),
        ("empty host: stored URLs become overrides", with(|s| { s.host = String::new(); s.overrides.token = Some("https://t.example/token".into()) }), A),
    ];
    for (name, settings, layout) in cases {
        let input = kc_input(&settings);
        let back = settings_from_strategy(&as_stored(&input), &settings.site_url);
        assert_eq!(kc_input(&back), input, "{name}: re-saving changes nothing");
        assert_eq!(back.layout, layout, "{name}: layout");
        assert_eq!(back.overrides, settings.overrides, "{name}: overrides");
        assert_eq!(
            back.internal_base_url, settings.internal_base_url,
            "{name}: internal base"
        );
    }
}

#[test]
fn empty_or_null_stored_urls_are_not_overrides() {
    let mut strategy = active("35-readback-after-json-without-v")[1].clone();
    for c in strategy
        .config
        .iter_mut()
        .filter(|c| c.key == "tokenURL" || c.key == "logoutURL")
    {
        c.value = if c.key == "tokenURL" {
            Value::Null
        } else {
            json!("")
        };
    }
    let settings = settings_from_strategy(&strategy, "http://127.0.0.1:3000");
    assert_eq!(settings.host, "", "null host reads as empty");
    assert_eq!(settings.overrides.token, None);
    assert_eq!(settings.overrides.logout, None);
    assert!(
        settings.overrides.authorization.is_some(),
        "with no host, a stored URL is all there is"
    );
}

#[test]
fn derived_endpoint_values_are_what_is_sent() {
    let settings = with(|s| s.overrides.token = Some("https://override.example/token".into()));
    let input = kc_input(&settings);
    let derived = derive(&settings);
    for endpoint in Endpoint::ALL {
        let key = strategy::endpoint_prop(endpoint);
        let sent = input.config.iter().find(|kv| kv.key == key).expect("sent");
        assert_eq!(
            sent.value,
            KeyValue::encoded(key, &json!(derived.endpoints.get(endpoint).value)).value,
            "{key}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The documents sent match what the real server accepted

/// Every field path a GraphQL document selects (`authentication.activeStrategies.key`, …),
/// arguments and the operation header skipped.
fn field_paths(document: &str) -> BTreeSet<String> {
    let chars: Vec<char> = document.chars().collect();
    let (mut paths, mut stack, mut last) = (BTreeSet::new(), Vec::<String>::new(), None::<String>);
    let mut i = 0;
    let mut started = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '(' {
            let mut depth = 0;
            while i < chars.len() {
                match chars[i] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    '"' => {
                        i += 1;
                        while i < chars.len() && chars[i] != '"' {
                            i += if chars[i] == '\\' { 2 } else { 1 };
                        }
                    }
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                i += 1;
            }
        } else if c == '{' {
            if started {
                stack.push(last.take().expect("a selection set follows a field"));
            }
            started = true;
        } else if c == '}' {
            stack.pop();
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i + 1 < chars.len() && (chars[i + 1].is_alphanumeric() || chars[i + 1] == '_') {
                i += 1;
            }
            let name: String = chars[start..=i].iter().collect();
            if started {
                let mut path = stack.clone();
                path.push(name.clone());
                paths.insert(path.join("."));
                last = Some(name);
            }
        }
        i += 1;
    }
    paths
}

fn accepted(names: &[&str]) -> BTreeSet<String> {
    names
        .iter()
        .flat_map(|n| field_paths(request(n)["query"].as_str().expect("query")))
        .collect()
}

#[rustfmt::skip]
#[test]
fn the_field_path_reader_reads_graphql() {
    let cases: &[(&str, &[&str])] = &[
        ("{ a { b c } }", &["a", "a.b", "a.c"]),
        ("query ($id: Int!) { g { s(id: $id) { x } } }", &["g", "g.s", "g.s.x"]),
        ("mutation { m(x: \"{ y }\", z: true) { r { ok } } }", &["m", "m.r", "m.r.ok"]),
    ];
    for (doc, expected) in cases {
        let expected: BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
        assert_eq!(field_paths(doc), expected, "{doc}");
    }
}

#[rustfmt::skip]
#[test]
fn every_document_selects_only_fields_the_server_accepted() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("LOAD", LOAD, &["04-active-strategies-full", "02-auth-brief", "03-auth-strategies-full", "08-site-config-full", "05-groups-list",]),
        ("ACTIVE_STRATEGIES", ACTIVE_STRATEGIES, &["04-active-strategies-full"]),
        ("GROUP", GROUP, &["10-group-single-1-full", "11-group-single-2-full"]),
        ("UPDATE_STRATEGIES", UPDATE_STRATEGIES, &["20-update-strategies-add-keycloak"]),
        ("PROBE", PROBE, &["24-active-strategies-enabled-only-noauth"]),
    ];
    for (name, document, contracts) in cases {
        let ours = field_paths(document);
        let theirs = accepted(contracts);
        let unknown: Vec<&String> = ours.difference(&theirs).collect();
        assert!(
            unknown.is_empty(),
            "{name} selects fields no recorded request did: {unknown:?}"
        );
        assert!(!ours.is_empty(), "{name}");
    }
    // The update is exactly the mutation Wiki.js's own page sends (recorded as 20).
    assert_eq!(
        UPDATE_STRATEGIES,
        request("20-update-strategies-add-keycloak")["query"]
    );
    // No recording has site.updateConfig: the site root is 07's, the responseResult
    // selection is the one 20 had accepted.
    assert_eq!(field_paths(DISABLE_AUTO_LOGIN), field_paths(ENABLE_AUTO_LOGIN));
    assert_eq!(DISABLE_AUTO_LOGIN.replace("false", "true"), ENABLE_AUTO_LOGIN);
    let ours = field_paths(ENABLE_AUTO_LOGIN);
    let renamed: BTreeSet<String> = ours
        .iter()
        .map(|p| p.replace("site.updateConfig", "authentication.updateStrategies"))
        .filter(|p| p != "site")
        .collect();
    assert!(
        renamed.is_subset(&accepted(&["20-update-strategies-add-keycloak"])),
        "{renamed:?}"
    );
    assert!(accepted(&["07-site-config-host"]).contains("site"));
    assert!(field_paths(LOAD).contains("site.config.authAutoLogin"));
}

#[rustfmt::skip]
#[test]
fn request_bodies_carry_the_documents() {
    let parse = |body: String| serde_json::from_str::<Value>(&body).expect("body is JSON");
    let cases = [
        (parse(load_body()), json!({"query": LOAD})),
        (parse(active_strategies_body()), json!({"query": ACTIVE_STRATEGIES})),
        (parse(group_body(2)), json!({"query": GROUP, "variables": {"id": 2}})),
        (parse(auto_login_body(true)), json!({"query": ENABLE_AUTO_LOGIN})),
        (parse(auto_login_body(false)), json!({"query": DISABLE_AUTO_LOGIN})),
        (parse(probe_body()), json!({"query": PROBE})),
        (parse(update_strategies_body(&[])), request("40-update-strategies-empty-list")),
    ];
    for (i, (body, expected)) in cases.into_iter().enumerate() {
        assert_eq!(body, expected, "case {i}");
    }
    assert_eq!(AUTO_LOGIN_PATH, ["site", "updateConfig"]);
}

#[test]
fn the_load_answer_decodes_into_its_parts() {
    // A load answer assembled from the recorded parts (no single recording has them all).
    let part = |name: &str| {
        serde_json::from_str::<Value>(&file(name, "response")).expect("JSON")["data"].clone()
    };
    let body = json!({"data": {
        "authentication": {
            "activeStrategies": part("22-auth-readback")["authentication"]["activeStrategies"],
            "strategies": part("03-auth-strategies-full")["authentication"]["strategies"],
        },
        "site": part("08-site-config-full")["site"],
        "groups": part("05-groups-list")["groups"],
    }});
    let loaded = decode_load(200, &body.to_string()).expect("decodes");
    assert_eq!(keys(&loaded.active, |s| &s.key), ["local", KC_KEY]);
    assert_eq!(loaded.definitions.len(), 21);
    assert_eq!(
        loaded.keycloak_props().as_deref(),
        Some(&KEYCLOAK_PROPS.map(String::from)[..])
    );
    assert_eq!(
        loaded.site,
        SiteConfig {
            host: "http://127.0.0.1:3000".into(),
            auth_auto_login: false
        }
    );
    assert_eq!(
        keys(&loaded.groups, |g| &g.name),
        ["Administrators", "Guests"]
    );
    let guests = {
        let (s, b) = answer("11-group-single-2-full");
        decode_group(s, &b).expect("decodes").expect("exists")
    };
    assert!(guests.grants_read() && !guests.is_admin());
}

// ---------------------------------------------------------------------------------------
// Bodies no Wiki.js recorded: never a panic, always a short clear message

/// An `activeStrategies` answer with one strategy and the given config and group ids.
fn one_strategy(config: &str, groups: &str) -> String {
    format!(
        r#"{{"data":{{"authentication":{{"activeStrategies":[{{"key":"k","strategy":{{"key":"keycloak"}},"displayName":"K","order":0,"isEnabled":true,"config":{config},"selfRegistration":false,"domainWhitelist":[],"autoEnrollGroups":{groups}}}]}}}}}}"#
    )
}

#[rustfmt::skip]
#[test]
fn hostile_bodies_are_errors_not_panics() {
    let ten_mb = 10 * 1024 * 1024;
    let deep = format!("{}{}", "{\"data\":".repeat(100_000), "}".repeat(100_000));
    let cases: Vec<(&str, u16, String, &str)> = vec![
        ("10 MB of brackets", 200, "[".repeat(ten_mb), "too-large:10485760"),
        ("10 MB of text on 500", 500, "é".repeat(ten_mb / 2), "too-large:10485760"),
        ("10 MB JSON string", 200, format!("\"{}\"", "a".repeat(ten_mb)), "too-large:10485762"),
        ("deep nesting", 200, deep, "too-deep:200"),
        ("deep nesting on 500", 500, "[".repeat(200), "too-deep:500"),
        ("proxy 502 page", 502, "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>".into(), "status:502"),
        ("HTML with 200", 200, "<!DOCTYPE html><html><head><title>Wiki.js</title><script>var x = '<b>'</script></head><body>…</body></html>".into(), "not-json"),
        ("empty 200", 200, String::new(), "not-json"),
        ("empty 204", 204, "   ".into(), "not-json"),
        ("JSON 401 from a proxy", 401, "{\"error\":\"unauthorized\"}".into(), "status:401"),
        ("data null", 200, "{\"data\":null}".into(), "shape:data"),
        ("no data", 200, "{}".into(), "shape:data"),
        ("errors not a list", 200, "{\"errors\":\"boom\",\"data\":{}}".into(), "graphql:"),
        ("errors with odd entries", 200, "{\"errors\":[1,null,{}],\"data\":{}}".into(), "graphql:"),
        ("Unauthorized", 200, "{\"errors\":[{\"message\":\"Unauthorized\",\"path\":[\"authentication\",\"strategies\"]}],\"data\":null}".into(), "unauthorized"),
        ("wrong type", 200, "{\"data\":{\"authentication\":{\"activeStrategies\":\"x\"}}}".into(), "shape:data.authentication.activeStrategies"),
        ("parent not an object", 200, "{\"data\":{\"authentication\":[1]}}".into(), "shape:data.authentication.activeStrategies"),
        ("null entry", 200, "{\"data\":{\"authentication\":{\"activeStrategies\":[null]}}}".into(), "shape:data.authentication.activeStrategies.0"),
        ("config value not JSON", 200, one_strategy(r#"[{"key":"clientSecret","value":"hunter2{"}]"#, "[]"), "shape:data.authentication.activeStrategies"),
        ("negative group id", 200, one_strategy("[]", "[-1]"), "shape:data.authentication.activeStrategies"),
    ];
    for (name, status, body, expected) in cases {
        let result = decode_active(status, &body);
        let message = result
            .as_ref()
            .err()
            .map(BackendError::message)
            .unwrap_or_default();
        assert_eq!(tag(result), expected, "{name}");
        assert!(
            message.chars().count() <= 600,
            "{name}: {} chars",
            message.chars().count()
        );
        assert!(!message.contains("hunter2"), "{name}: {message}");
    }
}

#[rustfmt::skip]
#[test]
fn html_answers_are_named_by_their_title() {
    let cases = [
        (502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "“502 Bad Gateway”"),
        (200, "<!doctype html><HTML><TITLE> Sign in  to  Authelia </TITLE>", "“Sign in to Authelia”"),
        (403, "<html><body><script>alert('<x>')</script><h1>Access   denied</h1></body></html>", "“Access denied”"),
        (404, "<p>unclosed", "“unclosed”"),
    ];
    for (status, body, expected) in cases {
        let message = decode_data(status, body).expect_err(body).message();
        assert!(
            message.contains(expected) && message.contains("HTML"),
            "{body}: {message}"
        );
    }
}

#[test]
fn long_excerpts_are_cut_at_a_character_boundary() {
    let body = format!("<html><title>{}</title>", "ü".repeat(1000));
    let Err(BackendError::Status { excerpt, .. }) = decode_data(500, &body) else {
        panic!("a status error");
    };
    assert_eq!(excerpt.chars().count(), 200);
    assert!(excerpt.ends_with('…'));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn decoding_never_panics(status in any::<u16>(), body in prop_oneof![
        any::<String>(),
        "[\\[\\]{}\":,a-z0-9 ]{0,60}",
        "\\{\"(data|errors)\":[\\[\\]{}\":,a-zA-Z0-9 ]{0,60}",
    ]) {
        let errors = [
            decode_active(status, &body).err(),
            decode_load(status, &body).err(),
            decode_result(status, &body, UPDATE_STRATEGIES_PATH).err(),
        ];
        for e in errors.into_iter().flatten() {
            prop_assert!(!e.message().is_empty());
        }
    }

    #[test]
    fn any_stored_keycloak_strategy_loads(values in proptest::collection::vec(prop_oneof![
        any::<String>().prop_map(Value::String),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        any::<i64>().prop_map(Value::from),
        "(https?://)?[a-z.:/]{0,20}(/auth)?(/realms/[a-z ]{0,5})?/protocol/openid-connect/(token|auth)".prop_map(Value::String),
    ], 10), order in any::<i64>(), site in any::<String>()) {
        let config: Vec<(&str, Value)> = KEYCLOAK_PROPS.iter().copied().zip(values).collect();
        let strategy = stored("k", "keycloak", "K", order, &config);
        let settings = settings_from_strategy(&strategy, &site);
        let input = kc_input(&settings);
        prop_assert_eq!(input.config.len(), 10);
        prop_assert!(check_not_dropping(&merge(std::slice::from_ref(&strategy), input, true), &[strategy]).is_ok());
    }
}

// ---------------------------------------------------------------------------------------
// Strategy keys

#[rustfmt::skip]
#[test]
fn uuid_v4_from_bytes_sets_version_and_variant() {
    let cases = [
        ([0u8; 16], "00000000-0000-4000-8000-000000000000"),
        ([0xff; 16], "ffffffff-ffff-4fff-bfff-ffffffffffff"),
        ([0x46, 0xfc, 0x07, 0x81, 0xa5, 0xb8, 0x46, 0x21, 0x9b, 0xff, 0xa2, 0x12, 0x10, 0xe4, 0xe2, 0x5b,], KC_KEY),
        ([1, 2, 3, 4, 5, 6, 0x17, 8, 0x49, 10, 11, 12, 13, 14, 15, 16], "01020304-0506-4708-890a-0b0c0d0e0f10"),
    ];
    for (bytes, expected) in cases {
        let uuid = uuid_v4_from_bytes(bytes);
        assert_eq!(uuid, expected);
        assert!(is_uuid(&uuid));
    }
}

#[rustfmt::skip]
#[test]
fn is_uuid_table() {
    let cases = [
        (KC_KEY, true),
        ("46FC0781-A5B8-4621-9BFF-A21210E4E25B", true),
        ("00000000-0000-4000-8000-000000000000", true),
        ("keycloak", false),
        ("local", false),
        ("", false),
        ("46fc0781a5b84621-9bff-a21210e4e25b-", false),
        ("46fc0781-a5b8-4621-9bff-a21210e4e25", false),
        ("46fc0781-a5b8-4621-9bff-a21210e4e25bb", false),
        ("46fc0781-a5b8-4621-9bff-a21210e4e25g", false),
        ("46fc0781-a5b8-4621-9bff-a21210e4e2ü", false),
    ];
    for (s, expected) in cases {
        assert_eq!(is_uuid(s), expected, "{s}");
    }
}

/// Wiki.js before 2.5.300 has no "Legacy Logout Redirect": its definition tells (the
/// recorded 2.5.314 one, with that prop taken out or the whole module gone).
#[rustfmt::skip]
#[test]
fn a_wiki_without_the_legacy_logout_prop_always_sends_redirect_uri() {
    let recorded = recorded_definitions();
    type Edit = fn(&mut Vec<StrategyDefinition>);
    let edited = |edit: Edit| {
        let mut definitions = recorded.clone();
        edit(&mut definitions);
        Loaded { active: Vec::new(), definitions, site: SiteConfig::default(), groups: Vec::new() }
    };
    let cases: &[(&str, Edit, bool)] = &[
        ("2.5.314 as recorded", |_| {}, false),
        ("before 2.5.300: no legacy prop", |d| d.iter_mut().for_each(|d| d.props.retain(|p| p.key != "logoutUpstreamRedirectLegacy")), true),
        ("no Keycloak module: nothing known", |d| d.retain(|d| d.key != "keycloak"), false),
    ];
    for (name, edit, expected) in cases {
        assert_eq!(edited(*edit).legacy_logout_only(), *expected, "{name}");
    }
}

/// Wiki.js patches a strategy by key, module included: a Keycloak strategy posted under
/// `local`'s key would take the wiki's password login away.
#[test]
fn the_guard_fires_for_keycloak_under_another_modules_key() {
    let backend = active("22-auth-readback");
    let mut list = posted("20-update-strategies-add-keycloak");
    let local = list
        .iter_mut()
        .find(|s| s.key == "local")
        .expect("20 posts local");
    local.strategy_key = "keycloak".into();
    let err = check_not_dropping(&list, &backend).expect_err("local replaced");
    assert_eq!(err.code, Code::StrategyWouldBeDropped);
    assert!(
        err.message.starts_with("Missing: “Local” (local)"),
        "{}",
        err.message
    );
}

/// Which strategy the form opens for a `strategy` option: another module's key is never
/// taken over (it counts as no key at all).
#[rustfmt::skip]
#[test]
fn the_form_opens_keycloak_strategies_only() {
    let with = |active: Vec<ActiveStrategy>| Loaded {
        active, definitions: recorded_definitions(), site: SiteConfig::default(), groups: Vec::new(),
    };
    let both = with(active("22-auth-readback"));
    let local_only = with(active("04-active-strategies-full"));
    let cases: &[(&str, &Loaded, Option<&str>, &str, usize)] = &[
        // (case, loaded, key option, key the form edits, its position)
        ("no key: the first Keycloak strategy", &both, None, KC_KEY, 1),
        ("a Keycloak strategy's key", &both, Some(KC_KEY), KC_KEY, 1),
        ("an unknown key: a new strategy under it", &both, Some("my-key"), "my-key", 2),
        ("local's key: the first Keycloak strategy instead", &both, Some("local"), KC_KEY, 1),
        ("local's key, no Keycloak yet: a new strategy, fresh key", &local_only, Some("local"), "fresh", 1),
        ("no key, no Keycloak yet: a new strategy, fresh key", &local_only, None, "fresh", 1),
    ];
    for (name, loaded, key, expected, order) in cases {
        let settings = plan::settings_for(loaded, *key, "https://wiki.example.com", || "fresh".to_owned());
        assert_eq!((settings.strategy_key.as_str(), settings.order), (*expected, *order), "{name}");
    }
}

/// A new strategy's Display Name (its login button's label) is one the wiki does not show yet.
#[rustfmt::skip]
#[test]
fn a_new_strategy_gets_a_display_name_of_its_own() {
    let named = |names: &[&str]| Loaded {
        active: names.iter().enumerate().map(|(i, n)| kc(&format!("k{i}"), n, i as i64)).collect(),
        definitions: recorded_definitions(), site: SiteConfig::default(), groups: Vec::new(),
    };
    let cases: &[(&[&str], &str)] = &[
        (&[], "Keycloak"),
        (&["Local", "GitHub"], "Keycloak"),
        (&["Keycloak"], "Keycloak 2"),
        (&["keycloak ", "Keycloak 2"], "Keycloak 3"),
        (&["Keycloak 2"], "Keycloak"),
    ];
    for (names, expected) in cases {
        let settings = plan::settings_for(&named(names), Some("new-key"), "https://wiki.example.com", || "fresh".to_owned());
        assert_eq!(settings.display_name, *expected, "{names:?}");
    }
    // The strategy the form opens keeps its own name, whatever the others are called.
    let opened = plan::settings_for(&named(&["Keycloak", "Keycloak"]), Some("k1"), "https://wiki.example.com", || "fresh".to_owned());
    assert_eq!(opened.display_name, "Keycloak");
}

#[test]
fn each_keycloak_prop_names_one_field_and_back() {
    use crate::settings::Field;
    use crate::wikijs::strategy::{endpoint_prop, keycloak_prop, prop_label, KEYCLOAK_PROP_FIELDS};
    let cases: [(Field, &str, &str); 4] = [
        (Field::Host, "host", "Host"),
        (Field::ClientSecret, "clientSecret", "Client Secret"),
        (
            Field::LogoutLegacyRedirect,
            "logoutUpstreamRedirectLegacy",
            "Legacy Logout Redirect",
        ),
        (Field::SiteUrl, "", "Site URL"),
    ];
    for (field, prop, title) in cases {
        assert_eq!(keycloak_prop(field), prop, "{field:?}");
        if !prop.is_empty() {
            assert_eq!(prop_label(prop), title, "{prop}");
        }
    }
    for (i, (key, field)) in KEYCLOAK_PROP_FIELDS.iter().enumerate() {
        assert_eq!(KEYCLOAK_PROPS[i], *key);
        assert_eq!(keycloak_prop(*field), *key);
    }
    for endpoint in Endpoint::ALL {
        assert_eq!(endpoint_prop(endpoint), keycloak_prop(endpoint.field()));
    }
    assert_eq!(endpoint_prop(Endpoint::UserInfo), "userInfoURL");
    assert_eq!(prop_label("someOtherKey"), "someOtherKey");
}

#[test]
fn the_picker_cuts_a_uuid_key_to_eight_digits_and_no_other_key() {
    let cases = [
        (
            "Keycloak",
            "5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77",
            "Keycloak (5d3f8a30…)",
        ),
        (
            "Staff",
            "5D3F8A30-9A0E-4B7C-8F51-2F5B8E3C1A77",
            "Staff (5D3F8A30…)",
        ),
        ("Keycloak", "keycloak", "Keycloak (keycloak)"),
        (
            "Staff",
            "keycloak-staff-realm-with-a-long-key",
            "Staff (keycloak-staff-realm-with-a-long-key)",
        ),
        (
            "Odd",
            "5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a7",
            "Odd (5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a7)",
        ),
        (
            "Odd",
            "5d3f8a30_9a0e_4b7c_8f51_2f5b8e3c1a77",
            "Odd (5d3f8a30_9a0e_4b7c_8f51_2f5b8e3c1a77)",
        ),
        (
            "Wide",
            "éd3f8a3-9a0e-4b7c-8f51-2f5b8e3c1a77",
            "Wide (éd3f8a3-9a0e-4b7c-8f51-2f5b8e3c1a77)",
        ),
    ];
    for (name, key, label) in cases {
        assert_eq!(strategy_label(name, key), label, "{key}");
    }
}

#[test]
fn the_picker_says_which_strategies_are_not_active() {
    let key = "5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77";
    for (enabled, label) in [
        (true, "Keycloak (5d3f8a30…)"),
        (false, "Keycloak (5d3f8a30…), not active"),
    ] {
        assert_eq!(picker_label("Keycloak", key, enabled), label);
    }
}

/// The login list's sentence: the wiki's list, and the login page where inactive strategies
/// leave it (`kc-1` is the form's strategy; its place is the form's `order`).
#[test]
fn the_login_list_position_counts_what_the_login_page_shows() {
    let off = |s: ActiveStrategy| ActiveStrategy {
        is_enabled: false,
        ..s
    };
    let cases: Vec<(&str, Vec<ActiveStrategy>, usize, bool, &str)> = vec![
        ("first of one", vec![kc("kc-1", "SSO", 0)], 0, true, "This strategy is first in the login list."),
        ("second of two", vec![local(0), kc("kc-1", "SSO", 1)], 1, true, "This strategy is number 2 of 2 in the login list."),
        ("new, appended", vec![local(0), ldap(1)], 2, true, "This strategy is number 3 of 3 in the login list."),
        ("moved to the top, not saved", vec![local(0), kc("kc-1", "SSO", 1)], 0, true, "This strategy is first in the login list."),
        ("an inactive one above", vec![off(local(0)), kc("kc-1", "SSO", 1)], 1, true, "This strategy is number 2 of 2 in the wiki's list, and first on the login page, which leaves out the inactive strategy. Bypass Login Screen takes the first of the wiki's list, inactive or not."),
        ("inactive ones around", vec![off(local(0)), ldap(1), kc("kc-1", "SSO", 2), off(kc("kc-2", "Old", 3))], 2, true, "This strategy is number 3 of 4 in the wiki's list, and number 2 of 2 on the login page, which leaves out 2 inactive strategies."),
        ("an inactive one below", vec![kc("kc-1", "SSO", 0), off(local(1))], 0, true, "This strategy is first in the login list."),
        ("itself inactive", vec![local(0), kc("kc-1", "SSO", 1)], 1, false, "This strategy is number 2 of 2 in the wiki's list; the login page leaves it out while it is inactive."),
        ("an order past the end", vec![local(0)], 7, true, "This strategy is number 2 of 2 in the login list."),
        ("nothing loaded", vec![], 2, true, "This strategy is number 3 in the login list."),
        ("nothing loaded, first", vec![], 0, true, "This strategy is first in the login list."),
        ("nothing loaded, inactive", vec![], 2, false, "This strategy is number 3 in the wiki's list; the login page leaves it out while it is inactive."),
        ("all others inactive", vec![off(local(0)), off(ldap(1))], 2, true, "This strategy is number 3 of 3 in the wiki's list, and first on the login page, which leaves out 2 inactive strategies. Bypass Login Screen takes the first of the wiki's list, inactive or not."),
    ];
    for (name, active, order, enabled, expected) in cases {
        assert_eq!(
            login_list_position(&active, "kc-1", order, enabled),
            expected,
            "{name}"
        );
    }
}

/// A read-only Site URL links the wiki's Administration › General: on the wiki the page
/// reads, as `fetch` resolves its endpoint, and only on the web.
#[test]
fn the_wikis_admin_page_is_where_its_endpoint_resolves() {
    #[rustfmt::skip]
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("/graphql", "https://wiki.example.com", Some("https://wiki.example.com/a/general")),
        ("graphql", "http://127.0.0.1:3000", Some("http://127.0.0.1:3000/a/general")),
        ("https://other.example.com/graphql", "https://wiki.example.com", Some("https://other.example.com/a/general")),
        ("HTTPS://Other.Example.com:443/graphql", "https://wiki.example.com", Some("https://other.example.com/a/general")),
        ("http://[::1]:3000/graphql", "https://wiki.example.com", Some("http://[::1]:3000/a/general")),
        ("//other.example.com/graphql", "https://wiki.example.com", Some("https://other.example.com/a/general")),
        ("ws://wiki.example.com/graphql", "https://wiki.example.com", None),
        ("javascript:alert(1)", "https://wiki.example.com", None),
        ("/graphql", "not an origin", None),
    ];
    for (endpoint, page, expected) in cases {
        assert_eq!(
            admin_page_url(endpoint, page, ADMIN_GENERAL).as_deref(),
            *expected,
            "{endpoint} on {page}"
        );
    }
}
