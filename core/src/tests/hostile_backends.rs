//! Hostile or broken servers: a body too large, JSON nested too deep, fields of the wrong
//! type, markup in messages, a `new-jwt` that is no token. Each ends in an error naming
//! what was wrong (never a panic), and a token only replaces the one in use when it can be
//! one Wiki.js issued.

use serde_json::json;

use crate::diagnostics::live::{why_not_discovery, MAX_DISCOVERY_BYTES};
use crate::secret::Secret;
use crate::wikijs::*;

const MB: u64 = 1024 * 1024;

#[rustfmt::skip]
#[test]
fn only_a_token_shaped_like_a_jwt_replaces_the_one_in_use() {
    let long = format!("eyJhbGciOiJIUzI1NiJ9.eyJ{}.sig", "A".repeat(4096));
    let cases: &[(&str, &str, bool)] = &[
        ("a token Wiki.js issued", "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6MSwiZW1haWwiOiJhQGIuYyJ9.c2lnbmF0dXJl-_", true),
        ("one character", "x", false),
        ("two segments", "a.b", false),
        ("three segments, not JSON", "a.b.c", false),
        ("a scheme in front", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.sig", false),
        ("an empty signature", "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.", false),
        ("four segments", "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.sig.more", false),
        ("standard base64 padding", "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0=.sig", false),
        ("longer than a cookie can be", &long, false),
        ("markup", "eyJ<b>.eyJ<i>.x", false),
        ("empty", "", false),
    ];
    for (what, token, plausible) in cases {
        assert_eq!(is_plausible_jwt(token), *plausible, "{what}");
    }
}

#[rustfmt::skip]
#[test]
fn a_body_over_two_megabytes_is_refused_with_its_size() {
    let cases: &[(u64, Option<&str>)] = &[
        (0, None),
        (40_000, None),
        (MAX_ANSWER_BYTES, None),
        (MAX_ANSWER_BYTES + 1, Some("Wiki.js answered with 2.0 MB")),
        (10 * MB, Some("Wiki.js answered with 10.0 MB; a strategy list is never that large: is a proxy in the way?")),
        (10 * MB + MB / 2, Some("10.5 MB")),
        (u64::MAX, Some("MB")),
    ];
    for (bytes, says) in cases {
        let message = too_large(*bytes).map(|e| e.message());
        match (says, &message) {
            (None, None) => {}
            (Some(says), Some(message)) => assert!(message.contains(says), "{bytes}: {message}"),
            _ => panic!("{bytes}: {message:?}"),
        }
    }
}

fn strategies(list: serde_json::Value) -> String {
    json!({ "data": { "authentication": { "activeStrategies": list } } }).to_string()
}

fn local() -> serde_json::Value {
    json!({
        "key": "local", "strategy": { "key": "local", "title": "Local", "useForm": true },
        "config": [{ "key": "x", "value": "{\"value\":1,\"order\":1}" }],
        "order": 0, "isEnabled": true, "displayName": "Local", "selfRegistration": false,
        "domainWhitelist": [], "autoEnrollGroups": [],
    })
}

fn with(field: &str, value: serde_json::Value) -> String {
    let mut entry = local();
    entry[field] = value;
    strategies(json!([entry]))
}

const DEEP: usize = 100_000;

#[rustfmt::skip]
#[test]
fn hostile_answers_end_in_a_message_naming_what_was_wrong() {
    let deep = format!(r#"{{"data":{{"authentication":{{"activeStrategies":{}{}}}}}}}"#, "[".repeat(DEEP), "]".repeat(DEEP));
    let huge = format!(r#"{{"data":{{}},"padding":"{}"}}"#, "x".repeat(3 * MB as usize));
    let cases: Vec<(&str, String, &str)> = vec![
        ("10 MB of padding", huge, "Wiki.js answered with 3.0 MB"),
        ("100,000 nested lists", deep, "nested more than 128 levels deep"),
        ("activeStrategies a string", strategies(json!("yes")), "data.authentication.activeStrategies is a string, not a list"),
        ("activeStrategies a number", strategies(json!(42)), "activeStrategies is a number, not a list"),
        ("an entry a string", strategies(json!(["local"])), "activeStrategies.0 is a string, not an object"),
        ("config a map", with("config", json!({ "host": "x" })), "activeStrategies.0.config is an object, not a list"),
        ("isEnabled \"yes\"", with("isEnabled", json!("yes")), "activeStrategies.0.isEnabled is a string, not a boolean"),
        ("order a string", with("order", json!("1")), "activeStrategies.0.order is a string, not a number"),
        ("strategy null", with("strategy", json!(null)), "activeStrategies.0.strategy is null, not an object"),
        ("a config value a number", with("config", json!([{ "key": "host", "value": 5 }])), "activeStrategies.0.config.0.value is a number, not a string"),
        ("a config value a list", with("config", json!([{ "key": "host", "value": [] }])), "config.0.value is a list, not a string"),
        ("data null", r#"{"data":null}"#.into(), "data is null"),
        ("no data", r#"{"meta":1}"#.into(), "data is missing"),
        ("the answer a list", "[1]".into(), "the answer is a list"),
        ("markup in errors[]", r#"{"errors":[{"message":"<img src=x onerror=\"window.__pwned=1\">"}]}"#.into(), "<img src=x onerror=\"window.__pwned=1\">"),
    ];
    for (what, body, says) in cases {
        let error = decode_active(200, &body).expect_err(what);
        let message = error.message();
        assert!(message.contains(says), "{what}: {message}");
        assert!(message.chars().count() < 600, "{what}: a message, not a dump ({} chars)", message.chars().count());
    }
}

#[test]
fn unknown_fields_at_every_level_are_ignored() {
    let mut entry = local();
    entry["unknown"] = json!({ "nested": [1, { "deeper": null }] });
    entry["strategy"]["extra"] = json!(true);
    entry["config"] = json!([{ "key": "x", "value": "{\"value\":1,\"order\":1,\"unknownMeta\":[1]}", "more": 1 }]);
    let body = json!({ "data": { "authentication": { "activeStrategies": [entry], "other": 1 }, "x": 2 }, "extensions": {} });
    let plain = decode_active(200, &strategies(json!([local()]))).expect("plain");
    let tolerated = decode_active(200, &body.to_string()).expect("tolerated");
    assert_eq!(
        tolerated, plain,
        "nothing unknown is kept, so nothing unknown is sent back"
    );
    let sent = serde_json::to_string(&tolerated[0].to_input(0)).expect("serializes");
    assert!(
        !sent.contains("unknown") && !sent.contains("extra") && !sent.contains("more"),
        "{sent}"
    );
}

#[test]
fn a_message_that_echoes_the_secret_is_masked() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "s3cr3t-value",
            "got {\"v\":\"s3cr3t-value\"} twice: s3cr3t-value",
            "got {\"v\":\"•••\"} twice: •••",
        ),
        ("s3cr3t-value", "nothing to hide", "nothing to hide"),
        ("", "empty secret", "empty secret"),
        (
            "abc",
            "abc is too short to be worth masking",
            "abc is too short to be worth masking",
        ),
        // an excerpt cut in the middle of the secret, before it was masked
        (
            "x7Kp2mQ9vR4tL8wZ",
            "… clientSecret x7Kp2mQ9vR4t…”.",
            "… clientSecret •••…”.",
        ),
        ("x7Kp2mQ9vR4tL8wZ", "ends x7Kp2m…", "ends •••…"),
        (
            "x7Kp2mQ9vR4tL8wZ",
            "https://wiki/?s=x7Kp2mQ9…R4tL8wZ/x",
            "https://wiki/?s=•••…•••/x",
        ),
        // near misses: fewer than 6 characters of it at the cut, or a short secret's start
        ("x7Kp2mQ9vR4tL8wZ", "ends x7Kp2…", "ends x7Kp2…"),
        ("pass-123", "Invalid pass-1…", "Invalid •••…"),
        ("pass-12", "Invalid pass-1…", "Invalid pass-1…"),
        // JSON-escaped, with SQL's doubled quotes, MySQL's backslashes, and both at once
        (
            r#"ab"c\d-0123"#,
            r#"{"echo":"ab\"c\\d-0123"}"#,
            r#"{"echo":"•••"}"#,
        ),
        (
            "it's-0123",
            "set config = '{\"v\":\"it''s-0123\"}'",
            "set config = '{\"v\":\"•••\"}'",
        ),
        (
            "it's-0123",
            r#"set config = '{\"v\":\"it\'s-0123\"}'"#,
            r#"set config = '{\"v\":\"•••\"}'"#,
        ),
        (
            r#"ab"c'd-0123"#,
            r#"'{"v":"ab\"c''d-0123"}'"#,
            r#"'{"v":"•••"}'"#,
        ),
    ];
    for (secret, text, expected) in cases {
        assert_eq!(Secret::new(*secret).redact(text), *expected, "{secret}");
    }
}

#[rustfmt::skip]
#[test]
fn a_discovery_answer_that_is_not_one_says_why() {
    let cut = format!(r#"{{"issuer":"{}"#, "a".repeat(MAX_DISCOVERY_BYTES));
    let deep = format!("{}{}", "[".repeat(DEEP), "]".repeat(DEEP));
    let cases: &[(&str, &str, &str)] = &[
        ("cut off at the cap", &cut, "over 256 KB"),
        ("deeply nested", &deep, "nested too deeply"),
        ("an HTML page", "<html><script>x</script></html>", "not JSON"),
        ("wrong types", r#"{"issuer":42,"authorization_endpoint":["x"]}"#, "without an issuer"),
        ("a list", "[1,2]", "without an issuer"),
    ];
    for (what, body, says) in cases {
        assert!(why_not_discovery(body).contains(says), "{what}: {}", why_not_discovery(body));
    }
}

#[test]
fn a_realm_answering_garbage_is_named_not_blamed_on_the_realm_name() {
    use crate::derive::derive;
    use crate::diagnostics::live::{interpret_live, live_plan, ProbeOutcome};
    use crate::{Code, Settings};
    let settings = Settings {
        host: "https://kc.example.com".into(),
        realm: "wiki".into(),
        ..Settings::default()
    };
    let derived = derive(&settings);
    let plan = live_plan(&settings, &derived, None).expect("plan");
    let master = ProbeOutcome::Json {
        status: 200,
        body: r#"{"issuer":"https://kc.example.com/realms/master"}"#.into(),
    };
    let failed = ProbeOutcome::NetworkError("TypeError: Failed to fetch".into());
    let garbage = |body: &str| ProbeOutcome::Json {
        status: 200,
        body: body.into(),
    };
    let cases: &[(&str, ProbeOutcome, &str)] = &[
        (
            "deep",
            garbage(&"[".repeat(DEEP)),
            "answered HTTP 200, but JSON nested too deeply",
        ),
        (
            "wrong types",
            garbage(r#"{"issuer":42}"#),
            "but JSON without an issuer",
        ),
        (
            "cut off",
            garbage(&"x".repeat(MAX_DISCOVERY_BYTES)),
            "but over 256 KB",
        ),
    ];
    for (what, realm, says) in cases {
        let outcomes = [
            realm.clone(),
            failed.clone(),
            master.clone(),
            ProbeOutcome::NotAttempted,
        ];
        let report = interpret_live(&plan, &outcomes, &derived);
        let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::LiveUnreachable], "{what}");
        assert!(
            report.diagnostics[0].message.contains(says),
            "{what}: {}",
            report.diagnostics[0].message
        );
    }
}
