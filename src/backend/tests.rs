//! The save flow against the in-memory wiki: what reaches the wiki, and what does not.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use super::*;
use wkc_core::derive::derive;
use wkc_core::secret::Secret;
use wkc_core::wikijs::changes::BypassResult;
use wkc_core::wikijs::{keycloak_input, update_strategies_body, KeyValue, StrategyInput};
use wkc_core::Settings;

/// Run a future that never waits: the demo transport (and the live check's fake fetcher)
/// answers synchronously.
pub(super) fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    for _ in 0..1000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
    panic!("a future that was to answer at once waits");
}

fn keycloak(key: &str, name: &str) -> StrategyInput {
    let settings = Settings {
        site_url: "https://wiki.example.com".into(),
        strategy_key: key.into(),
        display_name: name.into(),
        host: "https://sso.example.com".into(),
        realm: "staff".into(),
        client_id: "wiki".into(),
        client_secret: Secret::new("very-secret"),
        ..Settings::default()
    };
    keycloak_input(&settings, &derive(&settings), None)
}

fn request(backend: &Backend, strategy: StrategyInput) -> SaveRequest {
    SaveRequest {
        loaded: run(backend.load()).expect("loads").active,
        unconfirmed: None,
        strategy,
        move_to_top: false,
        bypass: None,
    }
}

fn keys(list: &[wkc_core::wikijs::ActiveStrategy]) -> Vec<&str> {
    list.iter().map(|s| s.key.as_str()).collect()
}

/// What a save read back (the demo never fails to).
fn stored(report: &SaveReport) -> &[wkc_core::wikijs::ActiveStrategy] {
    report.stored.as_deref().expect("read back")
}

/// Post a body to the demo wiki directly, as another admin would.
fn behind_the_back(backend: &Backend, body: &str) {
    let Transport::Demo(wiki) = backend.transport() else {
        panic!("a demo backend");
    };
    let (status, _) = run(wiki.respond(body)).expect("the demo answers");
    assert_eq!(status, 200);
}

#[test]
fn the_demo_answers_every_read() {
    let backend = Backend::demo();
    assert!(backend.is_demo());
    assert_eq!(run(backend.probe()), Ok(()));
    let loaded = run(backend.load()).expect("loads");
    assert_eq!(keys(&loaded.active), ["local"]);
    let names: Vec<String> = run(backend.groups_info(&[1, 2, 3, 99]))
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(names, ["Administrators", "Guests", "Readers"]);
    assert_eq!(run(backend.group(99)), Ok(None));
}

#[test]
fn a_save_stores_the_strategy_and_checks_it() {
    let backend = Backend::demo();
    let report = run(backend.save(request(&backend, keycloak("kc-1", "SSO")))).expect("saves");
    assert_eq!(keys(stored(&report)), ["local", "kc-1"]);
    assert!(report.mismatches.is_empty(), "{:?}", report.mismatches);
    assert_eq!(report.bypass, None);
    let loaded = run(backend.load()).expect("loads");
    assert_eq!(loaded.active, stored(&report));
    assert!(!loaded.site.auth_auto_login);
}

#[test]
fn bypass_on_and_off_and_top_only_when_asked() {
    let backend = Backend::demo();
    let mut asked = request(&backend, keycloak("kc-1", "SSO"));
    asked.move_to_top = true;
    asked.bypass = Some(true);
    let report = run(backend.save(asked)).expect("saves");
    assert_eq!(report.bypass, Some(BypassResult::Set(true)));
    assert_eq!(keys(stored(&report)), ["kc-1", "local"]);
    assert!(run(backend.load()).expect("loads").site.auth_auto_login);

    // And off again: unticking the box is a change to save too.
    let mut asked = request(&backend, keycloak("kc-1", "SSO"));
    asked.bypass = Some(false);
    let report = run(backend.save(asked)).expect("saves");
    assert_eq!(report.bypass, Some(BypassResult::Set(false)));
    assert!(!run(backend.load()).expect("loads").site.auth_auto_login);
}

/// A disabled first strategy behind the bypass sends everyone to "Invalid authentication
/// provider.": the save goes through, the bypass is not turned on, and the report says why.
#[test]
fn bypass_is_not_turned_on_for_a_strategy_that_is_not_active() {
    let backend = Backend::demo();
    let mut strategy = keycloak("kc-1", "SSO");
    strategy.is_enabled = false;
    let mut asked = request(&backend, strategy);
    asked.move_to_top = true;
    asked.bypass = Some(true);
    let report = run(backend.save(asked)).expect("saves");
    assert!(
        matches!(report.bypass, Some(BypassResult::Refused(reason)) if reason.starts_with("this strategy is not active")),
        "{:?}",
        report.bypass
    );
    assert!(report.mismatches.is_empty(), "{:?}", report.mismatches);
    assert!(!run(backend.load()).expect("loads").site.auth_auto_login);
}

#[test]
fn a_second_keycloak_leaves_the_first_as_it_was() {
    let backend = Backend::demo();
    run(backend.save(request(&backend, keycloak("kc-1", "First")))).expect("saves");
    let first = run(backend.active()).expect("reads")[1].clone();
    let report = run(backend.save(request(&backend, keycloak("kc-2", "Second")))).expect("saves");
    assert_eq!(keys(stored(&report)), ["local", "kc-1", "kc-2"]);
    assert_eq!(stored(&report)[1], first);
}

#[test]
fn a_concurrent_change_stops_the_save() {
    let backend = Backend::demo();
    let asked = request(&backend, keycloak("kc-1", "SSO"));
    // Another admin renames Local meanwhile.
    let mut local = asked.loaded[0].to_input(0);
    local.display_name = "Local accounts".into();
    behind_the_back(&backend, &update_strategies_body(&[local]));

    let error = run(backend.save(asked)).expect_err("refused");
    let SaveError::Conflict(changes) = &error else {
        panic!("a conflict, not {}", error.message());
    };
    assert_eq!(
        changes,
        &["“Local” (local) was modified (display name now “Local accounts”)."]
    );
    assert!(
        error.message().contains("nothing was sent"),
        "{}",
        error.message()
    );
    assert_eq!(
        keys(&run(backend.active()).expect("reads")),
        ["local"],
        "nothing written"
    );
}

#[test]
fn a_retry_after_a_lost_answer_saves_nothing_twice() {
    let backend = Backend::demo();
    let asked = request(&backend, keycloak("kc-1", "SSO"));
    // The first attempt reached the wiki, but its answer never came back.
    let landed = wkc_core::wikijs::merge(&asked.loaded, asked.strategy.clone(), false);
    behind_the_back(&backend, &update_strategies_body(&landed));

    let report = run(backend.save(asked)).expect("the retry succeeds");
    assert_eq!(keys(stored(&report)), ["local", "kc-1"]);
    assert!(report.mismatches.is_empty(), "{:?}", report.mismatches);
}

/// A save Wiki.js accepted but that could not be read back: the page still holds the list
/// it loaded. The wiki holding exactly what that save posted is its own change, so the next
/// save (with more edits) goes through; anyone else's change on top is still a conflict.
#[test]
fn after_an_unread_save_the_next_one_knows_its_own_change() {
    #[rustfmt::skip]
    let cases: &[(&str, bool, bool)] = &[
        // (what, the page passes its unconfirmed post, another admin renames Local after it)
        ("its own post, edited further", true, false),
        ("someone else's change on top", true, true),
        ("without the post: a conflict", false, false),
    ];
    for (what, pass_post, other_change) in cases {
        let backend = Backend::demo();
        let first = request(&backend, keycloak("kc-1", "SSO"));
        let posted = wkc_core::wikijs::merge(&first.loaded, first.strategy.clone(), false);
        behind_the_back(&backend, &update_strategies_body(&posted));
        if *other_change {
            let mut changed = posted.clone();
            changed[0].display_name = "Local accounts".into();
            behind_the_back(&backend, &update_strategies_body(&changed));
        }
        let next = SaveRequest {
            loaded: first.loaded.clone(),
            unconfirmed: pass_post.then(|| posted.clone()),
            strategy: keycloak("kc-1", "SSO, renamed"),
            move_to_top: false,
            bypass: None,
        };
        let outcome = run(backend.save(next));
        let names: Vec<String> = run(backend.active())
            .expect("reads")
            .into_iter()
            .map(|s| s.display_name)
            .collect();
        match (pass_post, other_change) {
            (true, false) => {
                let report = outcome.unwrap_or_else(|e| panic!("{what}: {}", e.message()));
                assert_eq!(keys(stored(&report)), ["local", "kc-1"], "{what}");
                assert_eq!(names, ["Local", "SSO, renamed"], "{what}");
            }
            _ => {
                assert!(matches!(outcome, Err(SaveError::Conflict(_))), "{what}");
                assert_eq!(names[1], "SSO", "{what}: nothing written");
            }
        }
    }
}

#[test]
fn a_refused_save_is_an_error_with_the_reason() {
    let backend = Backend::demo();
    let mut strategy = keycloak("kc-1", "SSO");
    strategy.config[0] = KeyValue {
        key: "host".into(),
        value: "not-json{".into(),
    };
    let error = run(backend.save(request(&backend, strategy))).expect_err("refused");
    assert!(
        matches!(&error, SaveError::Backend(BackendError::Failed { slug, .. }) if slug == "SyntaxError"),
        "{}",
        error.message()
    );
}

/// Wiki.js's refusals mean nothing was stored, but "Cannot delete …" comes after the other
/// strategies were written (contracts 32b, 33b): that one may have landed.
#[test]
#[rustfmt::skip]
fn a_refusal_to_delete_leaves_the_save_open() {
    let refused = |slug: &str, message: &str| BackendError::Failed { slug: slug.into(), error_code: 1, message: message.into() };
    let cases = [
        (refused("Error", "Cannot delete Local as 1 or more users are still using it."), true),
        (refused("SyntaxError", "Unexpected token n in JSON at position 0"), false),
    ];
    for (error, open) in cases {
        let said = error.message();
        let outcome = super::save::unconfirmed(error, &[keycloak("kc-1", "SSO")]);
        assert_eq!(matches!(outcome, SaveError::Unconfirmed(..)), open, "{said}");
    }
}

#[test]
fn outside_a_browser_http_is_a_network_error() {
    let backend = Backend::wiki("/graphql".into(), Some("token".into()));
    assert!(!backend.is_demo());
    let error = run(backend.load()).expect_err("no fetch natively");
    assert!(matches!(error, BackendError::Network { .. }), "{error:?}");
    let error = run(backend.save(SaveRequest {
        loaded: Vec::new(),
        unconfirmed: None,
        strategy: keycloak("kc-1", "SSO"),
        move_to_top: false,
        bypass: None,
    }))
    .expect_err("nothing posted");
    assert!(
        error.message().starts_with("Could not reach Wiki.js"),
        "{}",
        error.message()
    );
}
