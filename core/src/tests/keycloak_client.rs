//! The Keycloak-side exports: the import JSON, the kcadm script (quoting included) and the
//! console steps.

use serde_json::{json, Value};

use crate::derive;
use crate::derive::encode_realm;
use crate::keycloak_client::{client_json, kcadm_commands, setup_steps, sh_quote};
use crate::secret::Secret;
use crate::settings::{Context, Settings};

const SECRET: &str = "x7Kp2mQ9vR4tL8wZ3nB6cF1hJ5dG0sYa";

fn settings() -> Settings {
    Settings {
        site_url: "https://wiki.example.com".into(),
        strategy_key: "5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77".into(),
        display_name: "Company SSO".into(),
        host: "https://kc.example.com".into(),
        realm: "wiki".into(),
        client_id: "wikijs".into(),
        client_secret: Secret::new(SECRET),
        ..Settings::default()
    }
}

fn json_of(settings: &Settings, include_secret: bool) -> Value {
    serde_json::from_str(&client_json(
        settings,
        &derive(settings),
        include_secret,
        &Context::default(),
    ))
    .expect("client_json is JSON")
}

#[test]
fn client_json_has_every_field_keycloak_needs() {
    let v = json_of(&settings(), false);
    let cases: &[(&str, Value)] = &[
        ("/clientId", json!("wikijs")),
        ("/name", json!("Wiki.js")),
        ("/protocol", json!("openid-connect")),
        ("/enabled", json!(true)),
        ("/rootUrl", json!("https://wiki.example.com")),
        ("/baseUrl", json!("/")),
        (
            "/redirectUris",
            json!(["https://wiki.example.com/login/5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77/callback"]),
        ),
        ("/webOrigins", json!(["+"])),
        ("/publicClient", json!(false)),
        ("/clientAuthenticatorType", json!("client-secret")),
        ("/standardFlowEnabled", json!(true)),
        ("/implicitFlowEnabled", json!(false)),
        ("/directAccessGrantsEnabled", json!(false)),
        ("/serviceAccountsEnabled", json!(false)),
        ("/frontchannelLogout", json!(true)),
        (
            "/attributes/post.logout.redirect.uris",
            json!("https://wiki.example.com"),
        ),
    ];
    for (pointer, expected) in cases {
        assert_eq!(v.pointer(pointer), Some(expected), "{pointer}");
    }
}

#[test]
#[rustfmt::skip]
fn the_legacy_logout_adds_the_site_url_to_valid_redirect_uris() {
    let callback = "https://wiki.example.com/login/5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77/callback";
    // (upstream logout, legacy redirect) → Valid redirect URIs
    let cases = [
        ((true, true), json!([callback, "https://wiki.example.com"])),
        ((true, false), json!([callback])),
        ((false, true), json!([callback])),
        ((false, false), json!([callback])),
    ];
    for ((upstream, legacy), expected) in cases {
        let s = Settings { logout_upstream: upstream, logout_legacy_redirect: legacy, ..settings() };
        assert_eq!(json_of(&s, false)["redirectUris"], expected, "upstream={upstream} legacy={legacy}");
    }
    // A wiki before 2.5.300 always sends the legacy parameter, whatever the form says.
    let s = Settings { logout_upstream: true, logout_legacy_redirect: false, ..settings() };
    let old_wiki: serde_json::Value = serde_json::from_str(&client_json(&s, &derive(&s), false, &Context { legacy_logout_only: true, ..Context::default() })).expect("JSON");
    assert_eq!(old_wiki["redirectUris"], json!([callback, "https://wiki.example.com"]));
}

#[test]
fn client_json_never_sets_default_client_scopes() {
    let v = json_of(&settings(), true);
    assert!(v.get("defaultClientScopes").is_none());
    assert!(v.get("optionalClientScopes").is_none());
}

#[test]
fn client_json_carries_the_secret_only_when_asked() {
    let cases = [
        (settings(), false, None),
        (settings(), true, Some(SECRET)),
        (
            Settings {
                client_secret: Secret::default(),
                ..settings()
            },
            true,
            None,
        ),
    ];
    for (s, include, expected) in cases {
        let text = client_json(&s, &derive(&s), include, &Context::default());
        assert_eq!(
            json_of(&s, include).get("secret").and_then(Value::as_str),
            expected,
            "include={include}"
        );
        assert_eq!(
            text.contains(SECRET),
            expected.is_some(),
            "include={include}"
        );
    }
}

#[test]
fn client_json_leaves_out_what_cannot_be_derived() {
    let s = Settings {
        site_url: String::new(),
        ..settings()
    };
    let v = json_of(&s, false);
    assert!(v.get("rootUrl").is_none());
    assert_eq!(v["redirectUris"], json!([]));
    assert_eq!(v["attributes"], json!({}));
}

#[test]
fn kcadm_logs_in_to_the_public_base_and_creates_in_the_realm() {
    let cases = [
        (
            "https://kc.example.com",
            "--server 'https://kc.example.com' --realm master --user admin",
        ),
        (
            "https://kc.example.com/auth",
            "--server 'https://kc.example.com/auth' --realm master --user admin",
        ),
    ];
    for (host, expected) in cases {
        let s = Settings {
            host: host.into(),
            ..settings()
        };
        let script = kcadm_commands(&s, &derive(&s), false, &Context::default());
        assert!(script.contains(expected), "{host}: {script}");
        assert!(
            script.contains(
                "kcadm.sh create clients -r 'wiki' -i -f - <<'WIKIJS_KEYCLOAK_CLIENT_JSON'"
            ),
            "{script}"
        );
        assert!(
            script.contains("kcadm.sh get \"clients/$CID/client-secret\" -r 'wiki'"),
            "{script}"
        );
    }
}

#[test]
fn kcadm_carries_the_secret_only_when_asked() {
    let s = settings();
    assert!(!kcadm_commands(&s, &derive(&s), false, &Context::default()).contains(SECRET));
    assert!(kcadm_commands(&s, &derive(&s), true, &Context::default()).contains(SECRET));
}

#[test]
fn kcadm_uses_placeholders_while_host_or_realm_are_missing() {
    let s = Settings {
        host: String::new(),
        realm: String::new(),
        ..settings()
    };
    let script = kcadm_commands(&s, &derive(&s), false, &Context::default());
    assert!(
        script.contains("--server 'https://KEYCLOAK-HOST'"),
        "{script}"
    );
    assert!(script.contains("-r 'YOUR-REALM'"), "{script}");
}

/// Values a shell would otherwise expand, split or end a quote on.
const HOSTILE: &[&str] = &[
    "wiki",
    "it's",
    "'",
    "''",
    "a'b'c",
    "$HOME",
    "${PATH}",
    "$(touch pwned)",
    "`touch pwned`",
    "\\",
    "a\\'b",
    "line\nbreak; touch pwned",
    "\"double\"",
    "!!",
    "*",
    "a b\tc",
    "';touch pwned;'",
    "WIKIJS_KEYCLOAK_CLIENT_JSON",
    "\nWIKIJS_KEYCLOAK_CLIENT_JSON\ntouch pwned\n",
    ")",
    "Keycloak (SSO))",
    "ünï©ødé",
    "",
];

#[test]
fn sh_quote_round_trips_through_sh() {
    require_shell("sh");
    for value in HOSTILE {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("printf %s {}", sh_quote(value)))
            .output()
            .expect("sh runs");
        assert_eq!(String::from_utf8_lossy(&out.stdout), *value, "{value:?}");
    }
}

#[test]
fn sh_quote_wraps_in_single_quotes_and_escapes_each_quote() {
    let cases = [
        ("wiki", "'wiki'"),
        ("it's", "'it'\\''s'"),
        ("", "''"),
        ("$x", "'$x'"),
    ];
    for (value, expected) in cases {
        assert_eq!(sh_quote(value), expected);
    }
}

#[test]
fn kcadm_script_passes_hostile_values_through_exactly() {
    for shell in ["sh", "bash", "dash"] {
        require_shell(shell);
        for value in HOSTILE.iter().filter(|v| !v.is_empty()) {
            let s = Settings {
                realm: value.to_string(),
                client_id: value.to_string(),
                display_name: value.to_string(),
                ..settings()
            };
            let calls = run_with_fake_kcadm(
                shell,
                &kcadm_commands(&s, &derive(&s), false, &Context::default()),
                None,
            );
            // kcadm.sh pastes the realm into its URLs as it is: it is sent encoded.
            let realm = encode_realm(value);
            assert_eq!(calls.len(), 4, "{shell} {value:?}: {calls:?}");
            assert_eq!(
                calls[0].0,
                [
                    "config",
                    "credentials",
                    "--server",
                    "https://kc.example.com",
                    "--realm",
                    "master",
                    "--user",
                    "admin"
                ],
                "{shell} {value:?}"
            );
            let lookup = format!("clientId={value}");
            assert_eq!(
                calls[1].0,
                [
                    "get",
                    "clients",
                    "-r",
                    &realm,
                    "-q",
                    &lookup,
                    "--fields",
                    "id",
                    "--format",
                    "csv",
                    "--noquotes"
                ],
                "{shell} {value:?}"
            );
            assert_eq!(
                calls[2].0,
                ["create", "clients", "-r", &realm, "-i", "-f", "-"],
                "{shell} {value:?}"
            );
            let sent: Value = serde_json::from_str(&calls[2].1).unwrap_or_else(|e| {
                panic!("{shell} {value:?}: stdin is not JSON ({e}): {}", calls[2].1)
            });
            assert_eq!(sent["clientId"], json!(value), "{shell} {value:?}");
            assert_eq!(sent["name"], json!("Wiki.js"), "{shell} {value:?}");
            assert_eq!(
                calls[3].0,
                ["get", "clients/cid-42/client-secret", "-r", &realm],
                "{shell} {value:?}"
            );
        }
    }
}

/// Run a second time, the create script finds the client the first run made: nothing is
/// created again, and the secret read is that client's.
#[test]
fn kcadm_script_run_again_reads_the_client_it_made() {
    let s = settings();
    let script = kcadm_commands(&s, &derive(&s), false, &Context::default());
    for shell in ["sh", "bash", "dash"] {
        require_shell(shell);
        let calls = run_with_fake_kcadm(shell, &script, Some("cid-7"));
        let verbs: Vec<&str> = calls.iter().map(|(a, _)| a[0].as_str()).collect();
        assert_eq!(verbs, ["config", "get", "get"], "{shell}: {calls:?}");
        assert_eq!(calls[2].0[1], "clients/cid-7/client-secret", "{shell}");
    }
}

/// The create script against a fake `kcadm.sh` that keeps the JSON `create` reads and
/// prints a client id for it; `get clients` finds `existing`, if any.
fn run_with_fake_kcadm(
    shell: &str,
    script: &str,
    existing: Option<&str>,
) -> Vec<(Vec<String>, String)> {
    let found = existing.map_or(String::new(), |id| format!("printf '{id}\\n'"));
    super::fake_kcadm::run(
        shell,
        script,
        &format!(
            "'create clients') cat > \"$d/stdin\"; printf 'cid-42\\n' ;;\n\
             'get clients') {found} ;;\n"
        ),
    )
}

/// The scripts are run by each shell an admin's machine may use: one missing fails the
/// test rather than skipping it (Debian, this project's machines, has all three).
fn require_shell(program: &str) {
    let ok = std::process::Command::new(program)
        .arg("-c")
        .arg("true")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "{program} must be on PATH: this test runs the script with it"
    );
}

/// The steps' titles and values, each value on its own: what the console's rows take.
fn steps_of(s: &Settings) -> Vec<(String, Vec<String>)> {
    setup_steps(s, &derive(s), &Context::default())
        .into_iter()
        .inspect(|step| assert!(!step.hint.is_empty(), "{}", step.title))
        .map(|step| (step.title, step.values))
        .collect()
}

/// A Site URL Wiki.js holds with its trailing slash (the setup wizard's): the callback to
/// register is the one Wiki.js sends, with //login, and the step says why and what else to do.
#[test]
fn a_site_url_ending_in_a_slash_is_registered_as_wiki_js_sends_it() {
    #[rustfmt::skip]
    let cases = [
        ("https://wiki.example.com/", "https://wiki.example.com//login/5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77/callback", true),
        ("https://wiki.example.com", "https://wiki.example.com/login/5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77/callback", false),
    ];
    for (site, callback, said) in cases {
        let s = Settings {
            site_url: site.into(),
            ..settings()
        };
        let steps = setup_steps(&s, &derive(&s), &Context::default());
        let redirects = steps
            .iter()
            .find(|step| step.title == "Valid redirect URIs")
            .expect("the step");
        assert_eq!(redirects.values, vec![callback.to_owned()], "{site}");
        assert_eq!(
            redirects
                .hint
                .contains("ends in /, so the callback it sends has //login"),
            said,
            "{site}"
        );
    }
}

#[test]
#[rustfmt::skip]
fn setup_steps_name_the_values_to_set() {
    let callback = "https://wiki.example.com/login/5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77/callback";
    let site = "https://wiki.example.com";
    let steps = |redirects: &[&str], post_logout: Option<&[&str]>| {
        let mut out: Vec<(&str, &[&str])> = vec![
            ("Create an OpenID Connect client", &["wikijs"]),
            ("Client authentication ON", &[]),
            ("Standard flow ON", &[]),
            ("Valid redirect URIs", redirects),
            ("Web origins", &["+"]),
        ];
        out.extend(post_logout.map(|v| ("Valid post logout redirect URIs", v)));
        out.extend([("Client scopes: profile and email", &["profile, email"][..]), ("No PKCE required", &[][..]), ("Copy the client secret", &[][..])]);
        out.into_iter().map(|(t, v)| (t.to_owned(), v.iter().map(|v| (*v).to_owned()).collect())).collect::<Vec<_>>()
    };
    // (upstream logout, legacy redirect) → the steps
    let cases = [
        ((true, false), steps(&[callback], Some(&[site]))),
        // Keycloak before 18 checks the logout's redirect_uri against the redirect URIs: two
        // rows there, and no post-logout list (older consoles have none).
        ((true, true), steps(&[callback, site], None)),
        ((false, false), steps(&[callback], None)),
        ((false, true), steps(&[callback], None)),
    ];
    for ((upstream, legacy), expected) in cases {
        let s = Settings { logout_upstream: upstream, logout_legacy_redirect: legacy, ..settings() };
        assert_eq!(steps_of(&s), expected, "upstream={upstream} legacy={legacy}");
    }
    // A wiki before 2.5.300 always sends the legacy parameter, whatever the form says.
    let s = Settings { logout_upstream: true, logout_legacy_redirect: false, ..settings() };
    let old_wiki: Vec<_> = setup_steps(&s, &derive(&s), &Context { legacy_logout_only: true, ..Context::default() }).into_iter().map(|step| (step.title, step.values)).collect();
    assert_eq!(old_wiki, steps(&[callback, site], None));
}

#[test]
fn setup_steps_leave_unknown_values_empty() {
    let s = Settings {
        site_url: String::new(),
        client_id: String::new(),
        ..settings()
    };
    for (title, values) in steps_of(&s) {
        let known = ["Web origins", "Client scopes: profile and email"];
        assert_eq!(
            values.is_empty(),
            !known.contains(&title.as_str()),
            "{title}"
        );
    }
}

#[test]
fn setup_steps_never_carry_the_secret() {
    let s = settings();
    let text = serde_json::to_string(&setup_steps(&s, &derive(&s), &Context::default()))
        .expect("serializes");
    assert!(!text.contains(SECRET));
}

/// The steps name the admin console the chosen version opens: the old one up to 18 (Access
/// Type, Settings), the new one from 19 and while the version is not known.
#[test]
#[rustfmt::skip]
fn setup_steps_speak_the_consoles_language() {
    // (step, how its hint starts on the old console, on the new one)
    let wording: &[(&str, &str, &str)] = &[
        ("Client authentication ON", "Settings: Access Type confidential", "Capability config"),
        ("Standard flow ON", "Settings: Standard Flow Enabled", "Capability config"),
        ("Valid redirect URIs", "Settings › Valid Redirect URIs:", "Settings › Access settings"),
        ("Copy the client secret", "Credentials tab: copy Secret ", "Credentials tab: copy Client secret"),
        ("No PKCE required", "Settings › Advanced Settings", "Advanced › Advanced settings"),
    ];
    let s = crate::samples::clean_settings();
    for (version, old) in [(None, false), (Some(16), true), (Some(18), true), (Some(19), false), (Some(26), false)] {
        let context = Context { keycloak_version: version, ..Context::default() };
        let steps = setup_steps(&s, &derive(&s), &context);
        for (title, old_start, new_start) in wording {
            let hint = steps.iter().find(|step| step.title == *title).map(|step| step.hint.as_str()).unwrap_or_default();
            assert!(hint.starts_with(if old { old_start } else { new_start }), "{version:?} {title}: {hint}");
        }
    }
}

/// Where Keycloak checks the Site URL after logout, by what Wiki.js sends and the version
/// (facts/keycloak-client.md); the console steps, the client JSON and kcadm follow it.
#[test]
#[rustfmt::skip]
fn the_site_url_goes_where_keycloak_checks_it_after_logout() {
    use crate::keycloak_client::{logout_return, LogoutReturn, LogoutReturn::*};
    /// Upstream logout, Legacy Logout Redirect, a wiki before 2.5.300, the version, the list.
    type Case = (bool, bool, bool, Option<u32>, Option<LogoutReturn>);
    let cases: &[Case] = &[
        (false, false, false, None, None),
        (true, false, false, None, Some(PostLogoutUris)),
        (true, false, false, Some(26), Some(PostLogoutUris)),
        (true, false, false, Some(19), Some(PostLogoutUris)),
        (true, false, false, Some(18), Some(RedirectUris)),
        (true, false, false, Some(17), Some(RedirectUris)),
        (true, true, false, None, Some(RedirectUris)),
        (true, true, false, Some(16), Some(RedirectUris)),
        (true, true, false, Some(25), Some(RedirectUris)),
        (true, true, false, Some(26), None),
        (true, false, true, Some(24), Some(RedirectUris)),
    ];
    for &(upstream, legacy, old_wiki, version, expected) in cases {
        let s = Settings { logout_upstream: upstream, logout_legacy_redirect: legacy, ..crate::samples::clean_settings() };
        let context = Context { legacy_logout_only: old_wiki, keycloak_version: version, ..Context::default() };
        let case = format!("upstream {upstream}, legacy {legacy}, old wiki {old_wiki}, {version:?}");
        assert_eq!(logout_return(&s, &context), expected, "{case}");
        let derived = derive(&s);
        let steps = setup_steps(&s, &derived, &context);
        let step = steps.iter().find(|step| step.title == "Valid redirect URIs").expect("the redirect URIs' step");
        let redirects = &step.values;
        assert_eq!(redirects.iter().any(|v| v == "https://wiki.example.com"), expected == Some(RedirectUris), "{case}: {redirects:?}");
        // Two rows say what each is for, where they are said: one left out breaks logout.
        assert_eq!(step.note.contains("the Site URL for logout"), expected == Some(RedirectUris), "{case}: {:?}", step.note);
        assert_eq!(steps.iter().any(|step| step.title == "Valid post logout redirect URIs"), expected == Some(PostLogoutUris), "{case}");
        let json: Value = serde_json::from_str(&client_json(&s, &derived, false, &context)).expect("JSON");
        assert_eq!(json["redirectUris"].as_array().is_some_and(|a| a.iter().any(|v| v == "https://wiki.example.com")), expected == Some(RedirectUris), "{case}: {json}");
    }
}

#[test]
fn the_script_says_where_kcadm_is_for_the_version_chosen() {
    let first_line = |version: Option<u32>| {
        let context = Context {
            keycloak_version: version,
            ..Context::default()
        };
        let script = kcadm_commands(&settings(), &derive(&settings()), false, &context);
        script.lines().next().unwrap_or_default().to_owned()
    };
    let cases: &[(Option<u32>, &[&str], &[&str])] = &[
        // (version, named, not named)
        (
            None,
            &[
                "/opt/keycloak/bin",
                "/opt/jboss/keycloak/bin",
                "/opt/eap/bin",
            ],
            &[],
        ),
        (
            Some(16),
            &["/opt/jboss/keycloak/bin", "RH-SSO: /opt/eap/bin"],
            &["/opt/keycloak/bin"],
        ),
        (
            Some(17),
            &["/opt/keycloak/bin", "-legacy image: /opt/jboss"],
            &["/opt/eap"],
        ),
        (
            Some(18),
            &[
                "/opt/keycloak/bin",
                "RH-SSO 7.6: /opt/eap/bin",
                "/opt/jboss",
            ],
            &[],
        ),
        (
            Some(24),
            &["/opt/keycloak/bin", "-legacy image: /opt/jboss"],
            &["/opt/eap"],
        ),
        (
            Some(26),
            &["/opt/keycloak/bin/kcadm.sh)"],
            &["/opt/jboss", "/opt/eap"],
        ),
    ];
    for (version, named, not_named) in cases {
        let line = first_line(*version);
        assert!(line.starts_with("# Run where kcadm.sh is"), "{line}");
        for text in *named {
            assert!(line.contains(text), "{version:?}: {text} in {line}");
        }
        for text in *not_named {
            assert!(!line.contains(text), "{version:?}: not {text} in {line}");
        }
    }
}
