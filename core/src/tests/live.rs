//! The live (discovery) check: the plan, when to stop probing, and every live-* code with a
//! near miss.

use serde_json::json;

use crate::derive;
use crate::diagnostics::fix::EndpointOverride;
use crate::diagnostics::live::{
    interpret_live, is_placeholder_host, live_plan, next_probe, side_by_side, Discovery, LivePlan,
    LiveReport, ProbeOutcome, ProbeTarget,
};
use crate::diagnostics::{apply_fix, Code, FixAction};
use crate::secret::Secret;
use crate::settings::{Endpoint, Layout, LayoutChoice, Settings};

const KC: &str = "https://kc.example.com";

fn settings() -> Settings {
    Settings {
        site_url: "https://wiki.example.com".into(),
        strategy_key: "5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77".into(),
        host: KC.into(),
        realm: "wiki".into(),
        client_id: "wikijs".into(),
        client_secret: Secret::new("x7Kp2mQ9vR4tL8wZ3nB6cF1hJ5dG0sYa"),
        ..Settings::default()
    }
}

fn plan(s: &Settings) -> LivePlan {
    live_plan(s, &derive(s), Some("https://wiki.example.com")).expect("plan")
}

/// Keycloak's discovery document for `realm_url` (`{base}/realms/{realm}`).
fn discovery(realm_url: &str) -> String {
    json!({
        "issuer": realm_url,
        "authorization_endpoint": format!("{realm_url}/protocol/openid-connect/auth"),
        "token_endpoint": format!("{realm_url}/protocol/openid-connect/token"),
        "userinfo_endpoint": format!("{realm_url}/protocol/openid-connect/userinfo"),
        "end_session_endpoint": format!("{realm_url}/protocol/openid-connect/logout"),
        "jwks_uri": format!("{realm_url}/protocol/openid-connect/certs"),
    })
    .to_string()
}

fn ok(realm_url: &str) -> ProbeOutcome {
    ProbeOutcome::Json {
        status: 200,
        body: discovery(realm_url),
    }
}

fn net() -> ProbeOutcome {
    ProbeOutcome::NetworkError("TypeError: Failed to fetch".into())
}

fn https_required() -> ProbeOutcome {
    ProbeOutcome::Json {
        status: 403,
        body: r#"{"error":"invalid_request","error_description":"HTTPS required"}"#.into(),
    }
}

fn report(s: &Settings, outcomes: &[ProbeOutcome]) -> LiveReport {
    interpret_live(&plan(s), outcomes, &derive(s))
}

fn codes(r: &LiveReport) -> Vec<Code> {
    r.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn plan_probes_realm_then_other_layout_then_master() {
    let cases: &[(&str, &str, Layout, &[&str])] = &[
        (
            KC,
            "wiki",
            Layout::Quarkus,
            &[
                "https://kc.example.com/realms/wiki",
                "https://kc.example.com/auth/realms/wiki",
                "https://kc.example.com/realms/master",
                "https://kc.example.com/auth/realms/master",
            ],
        ),
        (
            "https://kc.example.com/auth",
            "wiki",
            Layout::Legacy,
            &[
                "https://kc.example.com/auth/realms/wiki",
                "https://kc.example.com/realms/wiki",
                "https://kc.example.com/auth/realms/master",
                "https://kc.example.com/realms/master",
            ],
        ),
        (
            "https://kc.example.com/sso",
            "my realm",
            Layout::Quarkus,
            &[
                "https://kc.example.com/sso/realms/my%20realm",
                "https://kc.example.com/sso/auth/realms/my%20realm",
                "https://kc.example.com/sso/realms/master",
                "https://kc.example.com/sso/auth/realms/master",
            ],
        ),
        (
            KC,
            "master",
            Layout::Quarkus,
            &[
                "https://kc.example.com/realms/master",
                "https://kc.example.com/auth/realms/master",
            ],
        ),
    ];
    for (host, realm, layout, expected) in cases {
        let s = Settings {
            host: host.to_string(),
            realm: realm.to_string(),
            ..settings()
        };
        let p = plan(&s);
        assert_eq!(p.layout, *layout, "{host}");
        let urls: Vec<String> = p.probes.iter().map(|x| x.url.clone()).collect();
        let expected: Vec<String> = expected
            .iter()
            .map(|u| format!("{u}/.well-known/openid-configuration"))
            .collect();
        assert_eq!(urls, expected, "{host} {realm}");
        assert!(p
            .probes
            .iter()
            .all(|x| x.url == format!("{}/.well-known/openid-configuration", x.expected_issuer)));
    }
    let targets: Vec<ProbeTarget> = plan(&settings()).probes.iter().map(|p| p.target).collect();
    assert_eq!(
        targets,
        [
            ProbeTarget::Realm,
            ProbeTarget::RealmOtherLayout,
            ProbeTarget::Master,
            ProbeTarget::MasterOtherLayout
        ]
    );
}

#[test]
fn plan_is_refused_for_mixed_content_and_allowed_otherwise() {
    let cases: &[(&str, Option<&str>, Option<Code>)] = &[
        (
            "http://kc.example.com",
            Some("https://wiki.example.com"),
            Some(Code::LiveMixedContent),
        ),
        (
            "http://kc.example.com",
            Some("HTTPS://wiki.example.com"),
            Some(Code::LiveMixedContent),
        ),
        (
            "http://kc.example.com",
            Some("http://wiki.example.com"),
            None,
        ),
        ("http://kc.example.com", None, None),
        (
            "https://kc.example.com",
            Some("https://wiki.example.com"),
            None,
        ),
        (
            "http://localhost:8080",
            Some("https://wiki.example.com"),
            None,
        ),
        (
            "http://127.0.0.1:8080",
            Some("https://wiki.example.com"),
            None,
        ),
        ("http://[::1]:8080", Some("https://wiki.example.com"), None),
        // No secure context: browsers block it from an https page.
        (
            "http://0.0.0.0:8080",
            Some("https://wiki.example.com"),
            Some(Code::LiveMixedContent),
        ),
        ("", Some("https://wiki.example.com"), Some(Code::Required)),
        (
            "kc example",
            Some("https://wiki.example.com"),
            Some(Code::HostInvalid),
        ),
    ];
    for (host, page, expected) in cases {
        let s = Settings {
            host: host.to_string(),
            ..settings()
        };
        let got = live_plan(&s, &derive(&s), *page).err().map(|d| d.code);
        assert_eq!(got, *expected, "{host} from {page:?}");
    }
    let s = Settings {
        realm: String::new(),
        ..settings()
    };
    assert_eq!(
        live_plan(&s, &derive(&s), None).err().map(|d| d.code),
        Some(Code::Required)
    );
}

/// A Keycloak page's URL in Host is refused with the form's own finding and its split, whether
/// URLs derive from it (nested) or not (a login URL's query, a console's fragment).
#[rustfmt::skip]
#[test]
fn a_pasted_keycloak_url_is_refused_with_its_split() {
    use crate::diagnostics::FixAction;
    let cases: &[(&str, Code)] = &[
        ("https://kc.example.com/realms/wiki/account/", Code::PastedFullUrl),
        ("https://kc.example.com/realms/wiki/protocol/openid-connect/auth?client_id=wiki&response_type=code", Code::HostInvalid),
        ("https://kc.example.com/admin/master/console/#/wiki", Code::HostInvalid),
    ];
    for (host, code) in cases {
        let s = Settings { host: host.to_string(), ..settings() };
        let refused = live_plan(&s, &derive(&s), None).expect_err(host);
        assert_eq!(refused.code, *code, "{host}");
        assert!(matches!(&refused.action, Some(FixAction::SplitPastedUrl { host, .. }) if host == "https://kc.example.com"), "{host}: {:?}", refused.action);
    }
}

/// What the page counts as the live check's findings: a refusal repeats the form's own finding
/// (already counted with the form's), except mixed content, which only the check says.
#[rustfmt::skip]
#[test]
fn a_refused_check_is_live_only_for_mixed_content() {
    let cases: &[(&str, &str, bool)] = &[
        ("", "wiki", false),
        ("kc example", "wiki", false),
        ("https://kc.example.com/realms/wiki", "wiki", false),
        (KC, "", false),
        ("http://kc.example.com", "wiki", true),
    ];
    for (host, realm, live) in cases {
        let s = Settings { host: host.to_string(), realm: realm.to_string(), ..settings() };
        let refused = live_plan(&s, &derive(&s), Some("https://wiki.example.com")).err();
        assert_eq!(refused.map(|d| d.code.is_live()), Some(*live), "{host:?} {realm:?}");
    }
}

#[test]
fn next_probe_stops_once_an_answer_settles_it() {
    let p = plan(&settings());
    let realm = "https://kc.example.com/realms/wiki";
    let master = "https://kc.example.com/realms/master";
    let cases: &[(&[ProbeOutcome], Option<usize>)] = &[
        (&[], Some(0)),
        (&[ok(realm)], None),
        (&[https_required()], None),
        (&[net()], Some(1)),
        (&[net(), net()], Some(2)),
        (
            &[net(), ok("https://kc.example.com/auth/realms/wiki")],
            None,
        ),
        (&[net(), net(), ok(master)], None),
        (&[net(), net(), net()], Some(3)),
        (&[net(), net(), net(), net()], None),
        (
            &[ProbeOutcome::Timeout, ProbeOutcome::NotAttempted],
            Some(1),
        ),
        (
            &[ProbeOutcome::Json {
                status: 404,
                body: r#"{"error":"Realm does not exist"}"#.into(),
            }],
            None,
        ),
        (
            &[ProbeOutcome::Http {
                status: 404,
                body: "<html>Not Found</html>".into(),
            }],
            Some(1),
        ),
    ];
    for (outcomes, expected) in cases {
        assert_eq!(next_probe(&p, outcomes), *expected, "{outcomes:?}");
    }
}

#[test]
fn live_ok_when_the_realm_answers_as_derived() {
    let r = report(&settings(), &[ok("https://kc.example.com/realms/wiki")]);
    assert_eq!(codes(&r), [Code::LiveOk]);
    assert!(
        r.diagnostics[0].fix.starts_with("Nothing to change"),
        "{}",
        r.diagnostics[0].fix
    );
    assert_eq!(r.found_layout, Some(Layout::Quarkus));
    let d = r.discovered.expect("discovered");
    assert_eq!(
        d.issuer.as_deref(),
        Some("https://kc.example.com/realms/wiki")
    );
    assert_eq!(
        d.end_session_endpoint.as_deref(),
        Some("https://kc.example.com/realms/wiki/protocol/openid-connect/logout")
    );
}

#[test]
fn live_ok_tolerates_case_default_port_and_trailing_slash() {
    for issuer in [
        "https://KC.example.com/realms/wiki",
        "https://kc.example.com:443/realms/wiki",
        "https://kc.example.com/realms/wiki/",
    ] {
        let mut document: serde_json::Value =
            serde_json::from_str(&discovery("https://kc.example.com/realms/wiki")).expect("json");
        document["issuer"] = json!(issuer);
        let r = report(
            &settings(),
            &[ProbeOutcome::Json {
                status: 200,
                body: document.to_string(),
            }],
        );
        assert_eq!(codes(&r), [Code::LiveOk], "{issuer}");
    }
}

/// A discovery answer the browser reached only by following redirects is never "nothing to
/// change" where the Wiki.js server calls Host's address (it follows none). Landing on the
/// other layout's URL is the realm found there; landing elsewhere offers where it landed as
/// Host, in the layout that address gives.
#[test]
#[rustfmt::skip]
fn a_redirected_discovery_is_never_ok_where_the_server_calls_it() {
    const WELL_KNOWN: &str = "/.well-known/openid-configuration";
    let via = |to: &str, issuer: &str| ProbeOutcome::Redirected { to: format!("{to}{WELL_KNOWN}"), answer: Box::new(ok(issuer)) };
    // Host, internal base URL, outcome, codes, Host after the fix (none: nothing to change), layout found.
    type Case = (&'static str, &'static str, ProbeOutcome, &'static [Code], Option<&'static str>, Layout);
    let cases: &[Case] = &[
        // http → https by a proxy, Keycloak still announcing http (no proxy headers).
        ("http://kc.example.com", "", via("https://kc.example.com/realms/wiki", "http://kc.example.com/realms/wiki"), &[Code::LiveOk, Code::LiveEndpointDiffers], Some("https://kc.example.com"), Layout::Quarkus),
        // The same, announcing where it landed.
        ("http://kc.example.com", "", via("https://kc.example.com/realms/wiki", "https://kc.example.com/realms/wiki"), &[Code::LiveOk, Code::LiveEndpointDiffers, Code::LiveIssuerMismatch], Some("https://kc.example.com"), Layout::Quarkus),
        // The server calls the internal base: browsers follow the redirect, nothing fails.
        ("http://kc.example.com", "http://keycloak:8080", via("https://kc.example.com/realms/wiki", "http://kc.example.com/realms/wiki"), &[Code::LiveOk], None, Layout::Quarkus),
        // A hop to the same URL (a slash added) is no redirect.
        ("http://kc.example.com", "", ProbeOutcome::Redirected { to: format!("http://kc.example.com/realms/wiki{WELL_KNOWN}/"), answer: Box::new(ok("http://kc.example.com/realms/wiki")) }, &[Code::LiveOk], None, Layout::Quarkus),
        // A proxy sending the legacy /auth paths on to Keycloak 17+'s.
        ("https://kc.example.com/auth", "", via("https://kc.example.com/realms/wiki", "https://kc.example.com/realms/wiki"), &[Code::LiveLayoutMismatch], Some("https://kc.example.com"), Layout::Quarkus),
        ("https://kc.example.com/auth", "", via("https://kc.example.com/realms/wiki", "https://kc.example.com/auth/realms/wiki"), &[Code::LiveLayoutMismatch, Code::LiveIssuerMismatch], Some("https://kc.example.com"), Layout::Quarkus),
        // To https and off /auth at once: Host and layout in one click.
        ("http://kc.example.com/auth", "", via("https://kc.example.com/realms/wiki", "https://kc.example.com/realms/wiki"), &[Code::LiveOk, Code::LiveEndpointDiffers, Code::LiveIssuerMismatch], Some("https://kc.example.com"), Layout::Quarkus),
        // A host named `realms`.
        ("http://realms", "", via("https://realms/realms/wiki", "http://realms/realms/wiki"), &[Code::LiveOk, Code::LiveEndpointDiffers], Some("https://realms"), Layout::Quarkus),
        // Not redirected: as before.
        ("http://kc.example.com", "", ok("http://kc.example.com/realms/wiki"), &[Code::LiveOk], None, Layout::Quarkus),
    ];
    for (host, internal, outcome, want, host_after, layout) in cases {
        let s = Settings { host: (*host).into(), internal_base_url: (*internal).into(), ..settings() };
        let plan = live_plan(&s, &derive(&s), Some("http://wiki.example.com")).expect("plan");
        let r = interpret_live(&plan, std::slice::from_ref(outcome), &derive(&s));
        assert_eq!(codes(&r), *want, "{host} {outcome:?}");
        assert_eq!(r.found_layout, Some(*layout), "{host} {outcome:?}");
        let nothing_to_change = r.diagnostics.iter().any(|d| d.fix.starts_with("Nothing to change"));
        assert_eq!(nothing_to_change, host_after.is_none(), "{host} {outcome:?}");
        if let Some(host_after) = host_after {
            let action = r.diagnostics.iter().filter(|d| d.code != Code::LiveIssuerMismatch).find_map(|d| d.action.clone()).expect("a fix");
            let mut fixed = s.clone();
            apply_fix(&mut fixed, &action);
            assert_eq!(fixed.host, *host_after, "{host} {outcome:?}");
            assert_eq!(derive(&fixed).layout, Some(*layout), "{host} {outcome:?}: the layout it answered in");
        }
    }
    // The redirect's why is the card's "why?", its addresses the headline.
    let s = Settings { host: "http://kc.example.com".into(), ..settings() };
    let plan = live_plan(&s, &derive(&s), Some("http://wiki.example.com")).expect("plan");
    let r = interpret_live(&plan, &[via("https://kc.example.com/realms/wiki", "http://kc.example.com/realms/wiki")], &derive(&s));
    let redirect = &r.diagnostics[1];
    assert!(redirect.explanation().is_some_and(|why| why.contains("Failed to obtain access token")), "{}", redirect.message);
    assert_eq!(redirect.headline(), "http://kc.example.com only redirects to https://kc.example.com, where Keycloak answered.");
}

#[test]
fn live_layout_mismatch_offers_the_switch() {
    let r = report(
        &settings(),
        &[net(), ok("https://kc.example.com/auth/realms/wiki")],
    );
    assert_eq!(codes(&r), [Code::LiveLayoutMismatch]);
    assert_eq!(r.found_layout, Some(Layout::Legacy));
    let action = r.diagnostics[0].action.clone().expect("action");
    assert_eq!(
        action,
        FixAction::SetLayout {
            layout: LayoutChoice::Legacy
        }
    );
    let mut fixed = settings();
    apply_fix(&mut fixed, &action);
    assert_eq!(
        derive(&fixed).issuer.as_deref(),
        Some("https://kc.example.com/auth/realms/wiki")
    );
    assert_eq!(
        codes(&interpret_live(
            &plan(&fixed),
            &[ok("https://kc.example.com/auth/realms/wiki")],
            &derive(&fixed)
        )),
        [Code::LiveOk]
    );
}

#[test]
fn live_layout_mismatch_from_legacy_host_switches_to_quarkus() {
    let s = Settings {
        host: "https://kc.example.com/auth".into(),
        ..settings()
    };
    let r = report(&s, &[net(), ok("https://kc.example.com/realms/wiki")]);
    assert_eq!(codes(&r), [Code::LiveLayoutMismatch]);
    let mut fixed = s.clone();
    apply_fix(
        &mut fixed,
        r.diagnostics[0].action.as_ref().expect("action"),
    );
    assert_eq!(
        derive(&fixed).issuer.as_deref(),
        Some("https://kc.example.com/realms/wiki")
    );
    // Host loses its /auth, so Host and the URLs built on it say the same.
    assert_eq!(fixed.host, "https://kc.example.com");
}

#[test]
fn live_realm_not_found_when_only_master_answers() {
    let cases: &[(&[ProbeOutcome], &[Code])] = &[
        (
            &[net(), net(), ok("https://kc.example.com/realms/master")],
            &[Code::LiveRealmNotFound],
        ),
        (
            &[
                net(),
                net(),
                net(),
                ok("https://kc.example.com/auth/realms/master"),
            ],
            &[Code::LiveRealmNotFound, Code::LiveLayoutMismatch],
        ),
        // master's "HTTPS required" is master's Require SSL, not the realm's
        (
            &[net(), net(), https_required()],
            &[Code::LiveRealmNotFound],
        ),
        (
            &[ProbeOutcome::Json {
                status: 404,
                body: r#"{"error":"Realm does not exist"}"#.into(),
            }],
            &[Code::LiveRealmNotFound],
        ),
        // near miss: master does not answer either
        (&[net(), net(), net(), net()], &[Code::LiveUnreachable]),
        // near miss: the realm timed out (an unknown realm fails at once), master answered
        (
            &[
                ProbeOutcome::Timeout,
                net(),
                ok("https://kc.example.com/realms/master"),
            ],
            &[Code::LiveUnreachable],
        ),
    ];
    for (outcomes, expected) in cases {
        assert_eq!(
            codes(&report(&settings(), outcomes)),
            *expected,
            "{outcomes:?}"
        );
    }
}

/// The card's headline is what Keycloak answered and where, not the URL alone.
#[test]
fn https_required_says_what_keycloak_answered() {
    let found = report(&settings(), &[https_required()]);
    let card = found
        .diagnostics
        .iter()
        .find(|d| d.code == Code::LiveHttpsRequired)
        .expect("live-https-required");
    for said in [
        "403 \"HTTPS required\"",
        "/.well-known/openid-configuration",
    ] {
        assert!(card.headline().contains(said), "{}", card.headline());
    }
}

#[test]
fn live_https_required_on_the_realm() {
    let cases: &[(&[ProbeOutcome], &[Code])] = &[
        (&[https_required()], &[Code::LiveHttpsRequired]),
        (
            &[ProbeOutcome::Http {
                status: 403,
                body: "<h1>HTTPS required</h1>".into(),
            }],
            &[Code::LiveHttpsRequired],
        ),
        (
            &[net(), https_required()],
            &[Code::LiveHttpsRequired, Code::LiveLayoutMismatch],
        ),
        // near miss: a 403 for another reason is not "HTTPS required"
        (
            &[
                ProbeOutcome::Json {
                    status: 403,
                    body: r#"{"error":"access_denied"}"#.into(),
                },
                net(),
                net(),
                net(),
            ],
            &[Code::LiveUnreachable],
        ),
    ];
    for (outcomes, expected) in cases {
        assert_eq!(
            codes(&report(&settings(), outcomes)),
            *expected,
            "{outcomes:?}"
        );
    }
}

/// What an unreachable check says remains possible: (realm, outcomes, words it says, words
/// it must not say).
#[test]
#[rustfmt::skip]
fn live_unreachable_says_what_remains_possible() {
    let master_answers = || ok("https://kc.example.com/realms/master");
    let nginx = || ProbeOutcome::Http { status: 200, body: "<html>Welcome to nginx</html>".into() };
    type Case = (&'static str, Vec<ProbeOutcome>, &'static [&'static str], &'static [&'static str]);
    let cases: Vec<Case> = vec![
        ("wiki", vec![net(), net(), net(), net()], &["DNS", "certificate", "firewall", "CORS", "master realm did not answer either", "Failed to fetch"], &[]),
        ("wiki", vec![net(), net()], &["A realm that does not exist also looks like this"], &[]),
        ("wiki", vec![ProbeOutcome::Timeout, ProbeOutcome::Timeout, ProbeOutcome::Timeout, ProbeOutcome::Timeout], &["timed out"], &[]),
        // something answered, not as Keycloak does: never "neither … answered"
        ("wiki", vec![nginx(), net(), net(), net()], &["HTTP 200", "What answered is not Keycloak's discovery document"], &["Neither the realm"]),
        ("wiki", vec![net(), nginx(), net(), net()], &["/auth/realms/wiki/.well-known/openid-configuration answered HTTP 200", "What answered is not Keycloak's"], &["Neither the realm"]),
        ("wiki", vec![net(), ProbeOutcome::Http { status: 404, body: "<html>Not Found</html>".into() }, net(), net()], &["What answered is not Keycloak's"], &["Neither the realm"]),
        ("wiki", vec![net(), net(), net(), net()], &["Neither the realm nor the master realm answered"], &["What answered"]),
        // master exists on every Keycloak
        ("master", vec![net(), net()], &[], &["realm that does not exist"]),
        // the realm timed out, master answered: slow, not missing, and not a network's fault
        ("wiki", vec![ProbeOutcome::Timeout, net(), master_answers()], &["did not answer within 8 s", "master realm answered"], &["does not exist", "DNS", "firewall", "Neither the realm"]),
        // what answered unlike Keycloak is named once
        ("wiki", vec![ProbeOutcome::Http { status: 404, body: "<html>Not Found</html>".into() }, net(), net(), net()], &["Something answered, but not as Keycloak does: https://kc.example.com/realms/wiki/.well-known/openid-configuration (HTTP 404"], &["openid-configuration answered HTTP 404"]),
    ];
    for (realm, outcomes, says, never) in cases {
        let s = Settings { realm: realm.into(), ..settings() };
        let r = interpret_live(&plan(&s), &outcomes, &derive(&s));
        assert_eq!(codes(&r), [Code::LiveUnreachable], "{realm} {outcomes:?}");
        assert_eq!(r.found_layout, None);
        let message = &r.diagnostics[0].message;
        for words in says {
            assert!(message.contains(words), "{realm} {outcomes:?}: {words:?} in {message}");
        }
        for words in never {
            assert!(!message.contains(words), "{realm} {outcomes:?}: not {words:?} in {message}");
        }
    }
}

/// What `live-unreachable` says under Host, and its fix, follow what answered: (outcomes,
/// the note under Host, words of its fix).
#[test]
#[rustfmt::skip]
fn live_unreachable_says_under_host_what_answered() {
    let nginx = || ProbeOutcome::Http { status: 404, body: "<html>Not Found</html>".into() };
    let cases: Vec<(Vec<ProbeOutcome>, &str, &str)> = vec![
        (vec![net(), net(), net(), net()], "Live check: no answer from Keycloak.", "Check the host and port"),
        (vec![nginx(), net(), net(), net()], "Live check: what answered is not Keycloak.", "Check the host and port"),
        (vec![ProbeOutcome::Timeout, net(), ok("https://kc.example.com/realms/master")], "Live check: the realm did not answer in time.", "Check again"),
        // the other layout's 404 page beside master's answer is not "another server"
        (vec![ProbeOutcome::Timeout, nginx(), ok("https://kc.example.com/realms/master")], "Live check: the realm did not answer in time.", "Check again"),
    ];
    for (outcomes, note, fix) in cases {
        let r = report(&settings(), &outcomes);
        let d = &r.diagnostics[0];
        assert_eq!(d.code, Code::LiveUnreachable, "{outcomes:?}");
        assert_eq!(d.field_note(), note, "{outcomes:?}");
        assert!(d.fix.starts_with(fix), "{outcomes:?}: {}", d.fix);
        assert!(d.explanation().is_some(), "{outcomes:?}: its why is apart from what was seen");
        if note.contains("in time") {
            assert!(!d.message.contains("another server") && !d.message.contains("DNS"), "{}", d.message);
        }
    }
}

/// An issuer on an address users' browsers cannot open (a proxy that does not pass on the
/// original host and scheme, or adds or strips a path prefix) is no Host to take: the
/// finding's fix says to keep Host and pin it, never to take the issuer's base.
#[test]
#[rustfmt::skip]
fn live_issuer_mismatch_never_offers_an_address_browsers_cannot_open() {
    // (Host, issuer, whether its base is offered as Host, what the headline says)
    let cases: &[(&str, &str, bool, &str)] = &[
        (KC, "https://sso.example.com/realms/wiki", true, ""),
        (KC, "http://keycloak:8080/realms/wiki", false, "plain http where Host is https"),
        (KC, "http://kc.example.com/realms/wiki", false, "plain http"),
        (KC, "https://localhost:8443/realms/wiki", false, "loopback"),
        (KC, "https://keycloak.svc/realms/wiki", false, "internal name"),
        // a proxy adds /auth in front of a Keycloak at the root, or strips it
        ("https://kc.example.com/auth", "https://kc.example.com/realms/wiki", false, "has no path where Host has /auth"),
        (KC, "https://kc.example.com/auth/realms/wiki", false, "has /auth where Host has no path"),
        // near miss: another host with another path is another address, offered
        (KC, "https://sso.example.com/auth/realms/wiki", true, ""),
    ];
    for (host, issuer, offered, says) in cases {
        let s = Settings { host: (*host).into(), ..settings() };
        let r = report(&s, &[ok(issuer)]);
        let d = r.diagnostics.iter().find(|d| d.code == Code::LiveIssuerMismatch)
            .unwrap_or_else(|| panic!("{issuer}: {:?}", codes(&r)));
        assert_eq!(d.action.is_some(), *offered, "{issuer}");
        assert!(d.headline().contains(says), "{issuer}: {}", d.headline());
        // One fix: keep Host and pin it, or take the issuer's base; never both.
        assert_eq!(d.fix.starts_with("Keep Host, and pin"), !offered, "{issuer}: {}", d.fix);
        assert_eq!(d.fix.contains("Use the issuer's base"), *offered, "{issuer}: {}", d.fix);
        if !offered {
            let public = host.to_string();
            assert!(d.fix.contains(&format!("KC_HOSTNAME={public} ")), "{issuer}: {}", d.fix);
            assert!(d.fix.contains("Frontend URL"), "every version's setting: {}", d.fix);
            // forwarded headers carry no path: not offered for a path the proxy changes
            let path_only = says.contains("where Host has");
            assert_eq!(d.fix.contains("proxy-headers"), !path_only, "{issuer}: {}", d.fix);
            assert_eq!(d.fix.contains("if the proxy serves Keycloak at"), path_only, "{issuer}: {}", d.fix);
        }
    }
}

#[test]
fn live_issuer_mismatch_offers_the_issuer_base_as_host() {
    let r = report(&settings(), &[ok("https://sso.example.com/realms/wiki")]);
    assert_eq!(
        codes(&r),
        [Code::LiveOk, Code::LiveIssuerMismatch],
        "endpoints follow the issuer, so only the issuer is reported"
    );
    assert!(
        !r.diagnostics[0].fix.starts_with("Nothing to change"),
        "something differs"
    );
    let action = r.diagnostics[1].action.clone().expect("action");
    assert_eq!(
        action,
        FixAction::AdoptEndpoints {
            host: Some("https://sso.example.com".into()),
            layout: Some(LayoutChoice::Quarkus),
            overrides: vec![]
        }
    );
    let mut fixed = settings();
    apply_fix(&mut fixed, &action);
    assert_eq!(
        derive(&fixed).issuer.as_deref(),
        Some("https://sso.example.com/realms/wiki")
    );
    let legacy = report(
        &settings(),
        &[ok("https://sso.example.com/auth/realms/wiki")],
    );
    assert_eq!(
        legacy.diagnostics[1].action,
        Some(FixAction::AdoptEndpoints {
            host: Some("https://sso.example.com/auth".into()),
            layout: Some(LayoutChoice::Legacy),
            overrides: vec![]
        })
    );
}

#[test]
fn live_endpoint_differs_per_endpoint() {
    let realm_url = "https://kc.example.com/realms/wiki";
    let with_token = |token: &str| {
        ProbeOutcome::Json {
            status: 200,
            body: json!({"issuer": realm_url, "authorization_endpoint": format!("{realm_url}/protocol/openid-connect/auth"), "token_endpoint": token}).to_string(),
        }
    };
    let internal_token = "http://keycloak:8080/realms/wiki/protocol/openid-connect/token";
    let r = report(&settings(), &[with_token(internal_token)]);
    assert_eq!(codes(&r), [Code::LiveOk, Code::LiveEndpointDiffers]);
    assert_eq!(
        r.diagnostics[1].action,
        Some(FixAction::AdoptEndpoints {
            host: None,
            layout: None,
            overrides: vec![EndpointOverride {
                endpoint: Endpoint::Token,
                url: internal_token.into()
            }]
        })
    );
    // near miss: with an internal base, Keycloak advertises backchannel URLs for the browser's host
    let s = Settings {
        internal_base_url: "http://keycloak:8080".into(),
        ..settings()
    };
    assert_eq!(
        codes(&report(
            &s,
            &[with_token(
                "https://kc.example.com/realms/wiki/protocol/openid-connect/token"
            )]
        )),
        [Code::LiveOk]
    );
    // With an internal base, the realm and path still count: an override for another realm
    // says so, and offers the derived URL back.
    let mut other_realm = s.clone();
    other_realm.overrides.token =
        Some("http://keycloak:8080/realms/other/protocol/openid-connect/token".into());
    let r = report(
        &other_realm,
        &[with_token(
            "https://kc.example.com/realms/wiki/protocol/openid-connect/token",
        )],
    );
    assert_eq!(codes(&r), [Code::LiveOk, Code::LiveEndpointDiffers]);
    assert_eq!(
        r.diagnostics[1].action,
        Some(FixAction::ResetOverride {
            endpoint: Endpoint::Token
        })
    );
    assert!(
        r.diagnostics[1]
            .message
            .contains("`/realms/other/protocol/openid-connect/token`"),
        "{}",
        r.diagnostics[1].message
    );
    assert!(!r.diagnostics[0].fix.starts_with("Nothing to change"));
}

/// An endpoint advertised in plain http on Host's own https address is never adopted, its
/// override's or Host's: (token override, advertised token URL, whether Adopt is offered).
#[test]
#[rustfmt::skip]
fn live_endpoint_differs_never_adopts_plain_http_on_the_same_host() {
    let realm_url = "https://kc.example.com/realms/wiki";
    let other = "https://sso-internal.example.com/realms/wiki/protocol/openid-connect/token";
    let cases: &[(Option<&str>, &str, bool)] = &[
        (None, "http://kc.example.com/realms/wiki/protocol/openid-connect/token", false),
        (None, "http://kc.example.com:80/realms/wiki/protocol/openid-connect/token", false),
        // Host's host in plain http, where the token URL is overridden to another address
        (Some(other), "http://kc.example.com/realms/wiki/protocol/openid-connect/token", false),
        // near misses: another (internal) host the Wiki.js server may call, another https URL
        (None, "http://keycloak:8080/realms/wiki/protocol/openid-connect/token", true),
        (None, "https://kc.example.com/kc/realms/wiki/protocol/openid-connect/token", true),
    ];
    for (token_override, token, adopted) in cases {
        let mut s = settings();
        s.overrides.token = token_override.map(str::to_owned);
        let body = json!({"issuer": realm_url, "authorization_endpoint": format!("{realm_url}/protocol/openid-connect/auth"), "token_endpoint": token}).to_string();
        let r = report(&s, &[ProbeOutcome::Json { status: 200, body }]);
        assert_eq!(codes(&r), [Code::LiveOk, Code::LiveEndpointDiffers], "{token}");
        let d = &r.diagnostics[1];
        assert_eq!(d.action.is_some(), *adopted, "{token}");
        // One remedy: keep https, or adopt; never both.
        assert_eq!(d.fix.starts_with("Keep the https URL"), !adopted, "{token}: {}", d.fix);
        assert_eq!(d.fix.starts_with("Adopt"), *adopted, "{token}: {}", d.fix);
    }
}

#[test]
fn live_endpoint_differs_for_a_stale_override_offers_re_derive() {
    let mut s = settings();
    s.overrides.authorization =
        Some("https://old.example.com/realms/wiki/protocol/openid-connect/auth".into());
    let r = report(&s, &[ok("https://kc.example.com/realms/wiki")]);
    assert_eq!(codes(&r), [Code::LiveOk, Code::LiveEndpointDiffers]);
    assert_eq!(
        r.diagnostics[1].action,
        Some(FixAction::ResetOverride {
            endpoint: Endpoint::Authorization
        })
    );
}

#[test]
fn logout_is_compared_only_when_upstream_logout_is_on() {
    let mut s = settings();
    s.overrides.logout =
        Some("https://kc.example.com/realms/wiki/protocol/openid-connect/logoff".into());
    assert_eq!(
        codes(&report(&s, &[ok("https://kc.example.com/realms/wiki")])),
        [Code::LiveOk, Code::LiveEndpointDiffers]
    );
    s.logout_upstream = false;
    assert_eq!(
        codes(&report(&s, &[ok("https://kc.example.com/realms/wiki")])),
        [Code::LiveOk]
    );
}

#[test]
fn discovery_tolerates_missing_fields_and_wrong_types() {
    let cases: &[(&str, Option<Discovery>)] = &[
        ("", None),
        ("not json", None),
        ("[1,2]", None),
        ("null", None),
        ("{}", None),
        (r#"{"issuer":5,"authorization_endpoint":null}"#, None),
        (
            r#"{"issuer":"https://x/realms/a"}"#,
            Some(Discovery {
                issuer: Some("https://x/realms/a".into()),
                ..Discovery::default()
            }),
        ),
        (
            r#"{"issuer":"i","token_endpoint":["x"],"userinfo_endpoint":{}}"#,
            Some(Discovery {
                issuer: Some("i".into()),
                ..Discovery::default()
            }),
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(Discovery::parse(body), *expected, "{body}");
    }
}

#[test]
fn a_200_that_is_not_discovery_is_not_found() {
    for body in ["{}", "<html></html>", r#"{"issuer":7}"#] {
        let r = report(
            &settings(),
            &[
                ProbeOutcome::Json {
                    status: 200,
                    body: body.into(),
                },
                net(),
                net(),
                net(),
            ],
        );
        assert_eq!(codes(&r), [Code::LiveUnreachable], "{body}");
        assert_eq!(r.discovered, None);
        let d = &r.diagnostics[0];
        assert_eq!(
            d.explanation(),
            Some(crate::diagnostics::live::ANSWERED_UNLIKE_KEYCLOAK),
            "{body}: {}",
            d.message
        );
    }
}

#[test]
fn outcomes_of_any_length_are_read() {
    assert_eq!(codes(&report(&settings(), &[])), [Code::LiveUnreachable]);
    let mut many = vec![ok("https://kc.example.com/realms/wiki")];
    many.extend(std::iter::repeat_n(net(), 10));
    assert_eq!(codes(&report(&settings(), &many)), [Code::LiveOk]);
}

#[test]
fn probe_outcomes_and_plans_round_trip_as_json() {
    let outcomes = vec![
        ok("https://kc.example.com/realms/wiki"),
        ProbeOutcome::Http {
            status: 502,
            body: "bad gateway".into(),
        },
        net(),
        ProbeOutcome::Timeout,
        ProbeOutcome::NotAttempted,
    ];
    let text = serde_json::to_string(&outcomes).expect("serializes");
    let back: Vec<ProbeOutcome> = serde_json::from_str(&text).expect("deserializes");
    assert_eq!(back, outcomes);
    assert_eq!(
        serde_json::to_value(net()).expect("json"),
        json!({"kind": "network-error", "detail": "TypeError: Failed to fetch"})
    );
    assert_eq!(
        serde_json::to_value(ProbeOutcome::Timeout).expect("json"),
        json!({"kind": "timeout"})
    );
    let p = plan(&settings());
    let back: LivePlan = serde_json::from_str(&serde_json::to_string(&p).expect("serializes"))
        .expect("deserializes");
    assert_eq!(back, p);
}

#[test]
fn adopt_endpoints_applies_and_labels() {
    let action = FixAction::AdoptEndpoints {
        host: Some("https://sso.example.com".into()),
        layout: Some(LayoutChoice::Quarkus),
        overrides: vec![EndpointOverride {
            endpoint: Endpoint::Token,
            url: "http://keycloak:8080/realms/wiki/protocol/openid-connect/token".into(),
        }],
    };
    let mut s = settings();
    apply_fix(&mut s, &action);
    assert_eq!(s.host, "https://sso.example.com");
    assert_eq!(s.layout, LayoutChoice::Quarkus);
    assert_eq!(
        s.overrides.token.as_deref(),
        Some("http://keycloak:8080/realms/wiki/protocol/openid-connect/token")
    );
    assert_eq!(s.realm, "wiki", "other fields are left alone");
    assert_eq!(
        action.label(),
        "Use what Keycloak advertises: set Host to https://sso.example.com, use the Keycloak 17+ layout, set Token Endpoint URL to http://keycloak:8080/realms/wiki/protocol/openid-connect/token"
    );
    let json = serde_json::to_value(&action).expect("json");
    assert_eq!(json["kind"], "adopt-endpoints");
    assert_eq!(
        serde_json::from_value::<FixAction>(json).expect("back"),
        action
    );
}

#[test]
fn side_by_side_rows_follow_the_current_derivation() {
    let found = Discovery::parse(&discovery("https://sso.example.com/realms/wiki")).expect("doc");
    let mut s = Settings {
        logout_upstream: false,
        ..settings()
    };
    let rows = side_by_side(&found, &derive(&s), s.logout_upstream);
    let ids: Vec<&str> = rows.iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        [
            "issuer",
            "authorization-url",
            "token-url",
            "user-info-url",
            "logout-url"
        ]
    );
    assert_eq!(
        rows[0].discovered.as_deref(),
        Some("https://sso.example.com/realms/wiki")
    );
    assert_eq!(
        rows[0].configured.as_deref(),
        Some("https://kc.example.com/realms/wiki")
    );
    let differing: Vec<&str> = rows.iter().filter(|r| r.differs).map(|r| r.id).collect();
    assert_eq!(
        differing,
        ["issuer", "authorization-url", "token-url", "user-info-url"],
        "logout is not used: upstream logout is off"
    );
    assert!(rows[4]
        .note
        .is_some_and(|n| n.contains("Logout from Keycloak on Logout")));

    // the issuer finding's one click makes every row equal
    let r = report(&s, &[ok("https://sso.example.com/realms/wiki")]);
    let action = r
        .diagnostics
        .iter()
        .find(|d| d.code == Code::LiveIssuerMismatch)
        .and_then(|d| d.action.clone())
        .expect("fix");
    apply_fix(&mut s, &action);
    s.logout_upstream = true;
    let rows = side_by_side(&found, &derive(&s), s.logout_upstream);
    assert!(
        rows.iter().all(|r| !r.differs && r.note.is_none()),
        "{rows:?}"
    );

    // near misses: case, default port and a trailing slash do not count; an override does
    let loose = Discovery {
        issuer: Some("HTTPS://SSO.example.com:443/realms/wiki/".into()),
        ..found.clone()
    };
    assert!(!side_by_side(&loose, &derive(&s), true)[0].differs);
    s.overrides.user_info =
        Some("https://sso.example.com/realms/wiki/protocol/openid-connect/user".into());
    let rows = side_by_side(&found, &derive(&s), true);
    let info = rows.iter().find(|r| r.id == "user-info-url").expect("row");
    assert!(info.differs && info.overridden);

    // with an internal base, the backchannel rows are explained, not flagged for their host;
    // an override's other path still is
    let mut internal = Settings {
        internal_base_url: "http://keycloak:8080".into(),
        ..s.clone()
    };
    let rows = side_by_side(&found, &derive(&internal), true);
    let info = rows.iter().find(|r| r.id == "user-info-url").expect("row");
    assert!(info.differs, "{info:?}");
    internal.overrides.user_info = None;
    let rows = side_by_side(&found, &derive(&internal), true);
    for id in ["token-url", "user-info-url"] {
        let row = rows.iter().find(|r| r.id == id).expect("row");
        assert!(
            !row.differs && row.note.is_some_and(|n| n.contains("internal base URL")),
            "{row:?}"
        );
    }
    // nothing to compare: no difference claimed
    let empty = Discovery {
        issuer: Some("https://sso.example.com/realms/wiki".into()),
        ..Discovery::default()
    };
    let rows = side_by_side(&empty, &derive(&Settings::default()), true);
    assert!(
        rows.iter().all(|r| !r.differs)
            && rows[1].discovered.is_none()
            && rows[0].configured.is_none()
    );
}

#[rustfmt::skip]
#[test]
fn placeholder_hosts_are_not_checked_automatically() {
    let cases: &[(&str, bool)] = &[
        ("https://example.com", true),
        ("https://kc.example.com", true),
        ("https://sso.EXAMPLE.org/auth", true),
        ("http://partners.example.net:8080", true),
        ("https://keycloak.example.", true),
        ("https://keycloak.example", true),
        ("https://nowhere.invalid", true),
        // near misses: real names that merely contain the word, addresses, unusable hosts
        ("https://example.community", false),
        ("https://myexample.com", false),
        ("https://example.com.evil.net", false),
        ("https://keycloak.test", false),
        ("http://localhost:8080", false),
        ("http://127.0.0.1:8080", false),
        ("kc.example.com", false),
        ("", false),
    ];
    for (host, placeholder) in cases {
        assert_eq!(is_placeholder_host(host), *placeholder, "{host}");
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn outcome() -> impl Strategy<Value = ProbeOutcome> {
        let body = prop_oneof![
            any::<String>(),
            "\\{\"issuer\":\"[ -~]{0,30}\"(,\"token_endpoint\":\"[ -~]{0,30}\")?\\}",
            Just(discovery("https://kc.example.com/realms/wiki"))
        ];
        prop_oneof![
            (any::<u16>(), body.clone())
                .prop_map(|(status, body)| ProbeOutcome::Json { status, body }),
            (any::<u16>(), body).prop_map(|(status, body)| ProbeOutcome::Http { status, body }),
            any::<String>().prop_map(ProbeOutcome::NetworkError),
            Just(ProbeOutcome::Timeout),
            Just(ProbeOutcome::NotAttempted),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn interpreting_never_panics(outcomes in proptest::collection::vec(outcome(), 0..6), host in "(https?://)?[a-z.:0-9/]{0,20}", realm in any::<String>(), page in any::<Option<String>>()) {
            let s = Settings { host, realm, ..settings() };
            let d = derive(&s);
            if let Ok(p) = live_plan(&s, &d, page.as_deref()) {
                let _ = next_probe(&p, &outcomes);
                let _ = interpret_live(&p, &outcomes, &d);
            }
            let _ = is_placeholder_host(&s.host);
            for o in &outcomes {
                if let ProbeOutcome::Json { body, .. } | ProbeOutcome::Http { body, .. } = o {
                    if let Some(found) = Discovery::parse(body) {
                        let _ = side_by_side(&found, &d, true);
                    }
                }
            }
            let p = plan(&settings());
            let _ = next_probe(&p, &outcomes);
            let _ = interpret_live(&p, &outcomes, &derive(&settings()));
        }
    }
}

/// What a failed fetch leaves possible depends on the URL: a certificate only over https, and
/// for localhost the admin's own computer, which needs no DNS.
#[test]
#[rustfmt::skip]
fn a_failed_fetch_names_the_causes_its_url_allows() {
    // Pages on http, so that an http Keycloak is checked at all.
    const PUBLIC: &str = "http://wiki.example.com";
    let cases: &[(&str, &str, &[&str], &[&str])] = &[
        ("https://kc.example.com", PUBLIC, &["DNS", "certificate", "firewall", "CORS"], &["own computer", "Local Network Access", "redirects"]),
        ("http://kc.example.com:8080", PUBLIC, &["DNS", "firewall", "redirects plain http", "CORS"], &["certificate", "own computer"]),
        ("http://localhost:8080", PUBLIC, &["Local Network Access", "own computer", "CORS"], &["DNS", "certificate", "firewall", "redirects"]),
        ("https://127.0.0.1:8443", PUBLIC, &["Local Network Access", "own computer", "certificate"], &["DNS"]),
        ("http://10.0.0.5:8080", PUBLIC, &["Local Network Access", "DNS"], &["own computer"]),
        ("https://sso.corp", PUBLIC, &["Local Network Access", "open this page over https"], &[]),
        ("https://sso.corp", "https://wiki.example.com", &["Local Network Access", "allow it when Chrome asks"], &["open this page over https"]),
        // A page on the same side of the network as Keycloak: no block to name.
        ("http://localhost:8080", "http://localhost:3000", &["own computer"], &["Local Network Access"]),
        ("http://10.0.0.5:8080", "http://10.0.0.9", &["DNS"], &["Local Network Access"]),
        ("http://keycloak.lan:8080", "http://wiki.lan", &["DNS"], &["Local Network Access"]),
    ];
    for (host, page, says, never) in cases {
        let s = Settings { host: (*host).into(), ..settings() };
        let plan = live_plan(&s, &derive(&s), Some(page)).expect("plan");
        let message = &interpret_live(&plan, &[net(), net(), net(), net()], &derive(&s)).diagnostics[0].message;
        for words in *says {
            assert!(message.contains(words), "{host}: {words} in {message}");
        }
        for words in *never {
            assert!(!message.contains(words), "{host}: no {words} in {message}");
        }
    }
}
