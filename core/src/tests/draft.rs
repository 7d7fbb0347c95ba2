//! Drafts: what is stored, what is offered back, and that the secret is never in either.

use crate::draft::{
    action, as_edits_of, changed_fields, decode, encode, is_key_of, newest_strategy, restore,
    storage_key, to_offer, with_typed, worth_offering, Draft, DraftAction,
};
use crate::secret::Secret;
use crate::settings::{Field, Settings};

use super::{edited_from, Edit};

fn loaded() -> Settings {
    Settings {
        host: "https://sso.example.com".into(),
        realm: "wiki".into(),
        client_id: "wiki".into(),
        client_secret: Secret::new("loaded-secret"),
        strategy_key: "kc-1".into(),
        ..Settings::default()
    }
}

/// `loaded()` with `edit` applied.
fn edited(edit: Edit) -> Settings {
    edited_from(loaded(), edit)
}

/// A user name and password typed into a URL (`host-invalid` refuses them) are kept neither
/// in a draft nor in any JSON of the settings (events, the JS API): (typed, kept).
#[test]
fn a_url_s_user_name_and_password_are_never_kept() {
    let cases: &[(&str, &str)] = &[
        (
            "https://admin:pw-0123@sso.example.com/auth",
            "https://sso.example.com/auth",
        ),
        ("https://admin@sso.example.com", "https://sso.example.com"),
        ("http://a:b@c@keycloak:8080?x=@", "http://keycloak:8080?x=@"),
        // near misses: an @ after the host, no scheme
        (
            "https://sso.example.com/realms/a@b",
            "https://sso.example.com/realms/a@b",
        ),
        ("admin:pw@sso.example.com", "admin:pw@sso.example.com"),
    ];
    for (typed, kept) in cases {
        let settings = Settings {
            host: typed.to_string(),
            internal_base_url: typed.to_string(),
            site_url: typed.to_string(),
            ..loaded()
        };
        let json = serde_json::to_string(&settings).expect("settings serialize");
        let draft = decode(&encode(&settings, 1, false, None).expect("encoded")).expect("decoded");
        for restored in [
            &draft.settings.host,
            &draft.settings.internal_base_url,
            &draft.settings.site_url,
        ] {
            assert_eq!(restored, kept, "{typed}");
        }
        assert!(!json.contains("pw-0123"), "{json}");
    }
}

#[test]
fn a_draft_round_trips_without_the_secret() {
    #[rustfmt::skip]
    let cases: [(&str, Edit); 5] = [
        ("host and realm", |s| { s.host = "https://login.example.org".into(); s.realm = "staff".into(); }),
        ("hostile text", |s| s.display_name = "<script>alert(1)</script>\u{0}\u{202e}😀".into()),
        ("a long value", |s| s.client_id = "x".repeat(60_000)),
        ("groups and domains", |s| { s.auto_enroll_groups = vec![1, 7]; s.domain_whitelist = vec!["example.com".into()]; }),
        ("a typed secret", |s| s.client_secret = Secret::new("typed-secret")),
    ];
    for (what, edit) in cases {
        let settings = edited(edit);
        let text = encode(&settings, 1_700_000_000_000, false, Some(&loaded()))
            .unwrap_or_else(|| panic!("{what}: kept"));
        assert!(
            !text.contains("secret\""),
            "{what}: no secret key in {text:.80}"
        );
        assert!(
            !text.contains("typed-secret") && !text.contains("loaded-secret"),
            "{what}"
        );
        let draft = decode(&text).unwrap_or_else(|| panic!("{what}: decodes"));
        assert_eq!(draft.saved_at_ms, 1_700_000_000_000, "{what}");
        let expected = Settings {
            client_secret: Secret::default(),
            ..settings
        };
        assert_eq!(draft.settings, expected, "{what}");
    }
}

#[test]
fn a_draft_over_64_kb_is_not_kept() {
    #[rustfmt::skip]
    let cases: [(&str, Edit, bool); 3] = [
        ("as loaded", |_| {}, true),
        ("60 KB in a field", |s| s.display_name = "x".repeat(60_000), true),
        ("a megabyte pasted", |s| s.client_id = "x".repeat(1 << 20), false),
    ];
    for (what, edit, kept) in cases {
        assert_eq!(
            encode(&edited(edit), 0, false, Some(&loaded())).is_some(),
            kept,
            "{what}"
        );
    }
}

#[test]
fn unreadable_or_foreign_drafts_are_ignored() {
    #[rustfmt::skip]
    let cases = [
        ("", false),
        ("null", false),
        ("not json", false),
        ("v1 1", false),
        ("v2 1\n{}", false),
        ("v1 yesterday\n{}", false),
        ("v1 1.5\n{}", false),
        ("v1 -1\n{}", false),
        ("v1 1\n[]", false),
        ("v1 1\nnull", false),
        ("v1 1\n{\"host\":7}", false),
        ("v1 1\n{}", true),
        ("v1 1\n{\"host\":\"h\",\"unknown\":[1]}", true),
        ("v1 1 unloaded\n{}", true),
        ("v1 1 elsewhere\n{}", false),
        ("v1 unloaded\n{}", false),
    ];
    for (text, readable) in cases {
        assert_eq!(decode(text).is_some(), readable, "{text}");
    }
}

#[test]
fn a_secret_written_into_storage_by_hand_is_dropped() {
    let text = "v1 1\n{\"clientSecret\":\"planted\"}";
    assert_eq!(
        decode(text).map(|d| d.settings.client_secret),
        Some(Secret::default())
    );
}

#[test]
fn the_draft_follows_the_form() {
    #[rustfmt::skip]
    let cases: [(&str, Edit, bool, DraftAction); 6] = [
        ("as loaded", |_| {}, false, DraftAction::Remove),
        ("as loaded, a draft on offer: it stays stored as offered", |_| {}, true, DraftAction::Write),
        ("an edit", |s| s.realm = "staff".into(), false, DraftAction::Write),
        ("an edit while a draft is on offer: stored with it (with_typed)", |s| s.realm = "staff".into(), true, DraftAction::Write),
        ("only the secret typed: nothing a draft could keep", |s| s.client_secret = Secret::new("x"), false, DraftAction::Remove),
        ("a box unticked", |s| s.self_registration = false, false, DraftAction::Write),
    ];
    for (what, edit, offer_pending, expected) in cases {
        assert_eq!(
            action(&edited(edit), &loaded(), offer_pending),
            expected,
            "{what}"
        );
    }
}

#[test]
fn a_draft_is_offered_when_it_changes_something() {
    #[rustfmt::skip]
    let cases: [(&str, Edit, bool); 4] = [
        ("same values", |_| {}, false),
        ("same values but no secret", |s| s.client_secret = Secret::default(), false),
        ("another strategy key only (a new strategy gets a fresh one per load)", |s| s.strategy_key = "kc-2".into(), false),
        ("another realm", |s| s.realm = "staff".into(), true),
    ];
    for (what, edit, offered) in cases {
        let draft = Draft {
            settings: edited(edit),
            saved_at_ms: 0,
            over_empty_form: false,
            base: None,
        };
        assert_eq!(worth_offering(&draft, &loaded(), &[]), offered, "{what}");
    }
}

/// One page can edit several strategies (the picker): a draft goes back to its own only.
#[test]
fn a_draft_is_offered_to_its_own_strategy_only() {
    #[rustfmt::skip]
    let cases: [(&str, &str, &str, &[&str], bool); 7] = [
        // (case, the draft's key, the form's key, the wiki's keys, offered)
        ("typed while nothing was loaded: the strategy that opens", "", "kc-1", &["kc-1"], true),
        ("the same strategy", "kc-1", "kc-1", &["kc-1", "kc-2"], true),
        ("another strategy the wiki holds", "kc-2", "kc-1", &["kc-1", "kc-2"], false),
        ("the form's strategy is new, the draft's is not", "kc-2", "fresh", &["kc-2"], false),
        ("the draft's strategy is new, the form's is not", "old-new", "kc-1", &["kc-1"], false),
        ("both new (a fresh key per load)", "old-new", "fresh", &["local"], true),
        ("the wiki could not be loaded", "kc-2", "", &[], true),
    ];
    for (what, drafted, shown, existing, offered) in cases {
        let draft = Draft {
            settings: Settings {
                strategy_key: drafted.into(),
                realm: "staff".into(),
                ..loaded()
            },
            saved_at_ms: 0,
            over_empty_form: false,
            base: None,
        };
        let reference = Settings {
            strategy_key: shown.into(),
            ..loaded()
        };
        assert_eq!(
            worth_offering(&draft, &reference, existing),
            offered,
            "{what}"
        );
    }
}

#[test]
fn restoring_keeps_the_secret_and_key_the_form_holds() {
    let draft = Draft {
        settings: Settings {
            realm: "staff".into(),
            strategy_key: "old-new-key".into(),
            ..loaded()
        },
        saved_at_ms: 0,
        over_empty_form: false,
        base: None,
    };
    let restored = restore(&draft, &loaded());
    assert_eq!(restored.realm, "staff");
    assert_eq!(restored.client_secret.expose(), "loaded-secret");
    assert_eq!(restored.strategy_key, "kc-1");
    // While the wiki is down the form has no key: the draft's stays with its values.
    let unloaded = Settings::default();
    assert_eq!(restore(&draft, &unloaded).strategy_key, "old-new-key");
}

#[test]
fn changed_fields_name_each_edit_in_form_order() {
    #[rustfmt::skip]
    let cases: [(Edit, &[Field]); 4] = [
        (|_| {}, &[]),
        (|s| s.client_secret = Secret::new("other"), &[]),
        (|s| { s.client_id = "c".into(); s.host = "h".into(); }, &[Field::Host, Field::ClientId]),
        (|s| { s.overrides.token = Some("t".into()); s.auto_enroll_groups = vec![2]; }, &[Field::TokenUrl, Field::AutoEnrollGroups]),
    ];
    for (edit, fields) in cases {
        assert_eq!(changed_fields(&edited(edit), &loaded()), fields);
    }
}

/// Typed while a draft is on offer: the draft keeps its edits, the new typing wins where it
/// touched a field, and nothing the wiki holds is taken for an edit.
#[test]
fn typing_before_answering_the_offer_keeps_both() {
    let draft = edited(|s| s.client_id = "from-yesterday".into());
    #[rustfmt::skip]
    let cases: [(Edit, &[(Field, &str)]); 3] = [
        (|_| {}, &[(Field::ClientId, "from-yesterday"), (Field::Realm, "wiki")]),
        (|s| s.realm = "wiki-new".into(), &[(Field::ClientId, "from-yesterday"), (Field::Realm, "wiki-new")]),
        (|s| s.client_id = "typed-now".into(), &[(Field::ClientId, "typed-now")]),
    ];
    for (typed, expected) in cases {
        let merged = with_typed(&draft, &edited(typed), &loaded());
        assert_eq!(merged.strategy_key, "kc-1");
        for (field, value) in expected {
            let got = match field {
                Field::ClientId => &merged.client_id,
                _ => &merged.realm,
            };
            assert_eq!(got, value, "{field:?}");
        }
    }
}

/// Every field a draft compares is one it can take from the form.
#[test]
fn every_compared_field_can_be_taken_over() {
    let a = loaded();
    let b = Settings {
        site_url: "https://w".into(),
        display_name: "D".into(),
        is_enabled: !a.is_enabled,
        order: a.order + 1,
        bypass_login_screen: !a.bypass_login_screen,
        host: "h".into(),
        internal_base_url: "i".into(),
        realm: "r".into(),
        client_id: "c".into(),
        layout: crate::settings::LayoutChoice::Legacy,
        overrides: crate::settings::PerEndpoint {
            authorization: Some("a".into()),
            token: Some("t".into()),
            user_info: Some("u".into()),
            logout: Some("l".into()),
        },
        logout_upstream: !a.logout_upstream,
        logout_legacy_redirect: !a.logout_legacy_redirect,
        self_registration: !a.self_registration,
        domain_whitelist: vec!["example.com".into()],
        auto_enroll_groups: vec![2],
        ..a.clone()
    };
    let all = changed_fields(&a, &b);
    assert_eq!(all.len(), 19, "{all:?}");
    assert_eq!(with_typed(&a, &b, &a), b);
}

/// Stored under the form's strategy, the draft edits it: a new strategy offered a draft of
/// an older key stores it as its own; with nothing loaded (no key), the draft keeps its own.
#[test]
fn the_draft_stored_while_on_offer_edits_the_forms_strategy() {
    let draft = Settings {
        strategy_key: "old-new".into(),
        ..edited(|s| s.realm = "staff".into())
    };
    // (the form's key, the key stored)
    for (form, stored) in [("fresh", "fresh"), ("", "old-new")] {
        let current = Settings {
            strategy_key: form.into(),
            ..loaded()
        };
        let reference = current.clone();
        assert_eq!(
            with_typed(&draft, &current, &reference).strategy_key,
            stored,
            "{form:?}"
        );
    }
}

#[test]
fn each_backend_and_strategy_has_its_own_draft() {
    let scope = "wiki|/graphql|*";
    assert_ne!(storage_key(scope, "kc-1"), storage_key(scope, "kc-2"));
    assert_ne!(
        storage_key("wiki|/graphql|kc-1", "kc-1"),
        storage_key("wiki|/graphql|kc-2", "kc-1")
    );
    assert!(storage_key("demo", "kc-1").starts_with("wikijs-keycloak:draft:"));
    // (key, whether it is one of `scope`'s)
    #[rustfmt::skip]
    let cases = [
        (storage_key(scope, "kc-1"), true),
        (storage_key(scope, ""), true),
        ("wikijs-keycloak:draft:wiki|/graphql|*#".to_owned(), true),
        (storage_key("wiki|/graphql|*x", "kc-1"), false),
        (storage_key("wiki|/graphql|", "kc-1"), false),
        ("wikijs-keycloak:callback:wiki|/graphql|*".to_owned(), false),
    ];
    for (key, ours) in cases {
        assert_eq!(is_key_of(scope, &key), ours, "{key}");
    }
}

fn kept(key: &str, strategy: &str, saved_at_ms: u64, realm: &str) -> (String, Draft) {
    let settings = Settings {
        strategy_key: strategy.into(),
        realm: realm.into(),
        ..loaded()
    };
    (
        key.into(),
        Draft {
            settings,
            saved_at_ms,
            over_empty_form: false,
            base: None,
        },
    )
}

/// Typing in one strategy leaves another's draft alone; each is offered on its own strategy,
/// a new strategy's under an older key and the old single slot's included.
#[test]
fn the_draft_offered_is_the_forms_own_strategys() {
    let drafts = [
        kept("k#kc-1", "kc-1", 10, "one"),
        kept("k#kc-2", "kc-2", 30, "two"),
        kept("k", "kc-1", 20, "from-the-slot"),
        kept("k#old-new", "old-new", 5, "new"),
    ];
    let form = |strategy: &str| Settings {
        strategy_key: strategy.into(),
        ..loaded()
    };
    let existing = ["kc-1", "kc-2"];
    // (what, the form's strategy, its key, the realm of the draft offered)
    #[rustfmt::skip]
    let cases = [
        ("its own key first, though the slot's is newer", "kc-1", "k#kc-1", Some("one")),
        ("another strategy's draft is not offered", "kc-2", "k#kc-2", Some("two")),
        ("a new strategy's draft under an older key", "fresh", "k#fresh", Some("new")),
        ("nothing kept for it", "kc-3", "k#kc-3", None),
    ];
    for (what, strategy, own, realm) in cases {
        let existing: Vec<&str> = existing
            .iter()
            .copied()
            .chain((strategy == "kc-3").then_some("kc-3"))
            .collect();
        let offered = to_offer(
            &drafts,
            own,
            &form(strategy),
            &existing,
            &Settings::default(),
        );
        assert_eq!(
            offered.as_ref().map(|(_, d)| d.settings.realm.as_str()),
            realm,
            "{what}"
        );
    }
    let slot_only = [kept("k", "kc-1", 20, "from-the-slot")];
    let offered = to_offer(
        &slot_only,
        "k#kc-1",
        &form("kc-1"),
        &existing,
        &Settings::default(),
    );
    assert_eq!(
        offered.as_ref().map(|(key, _)| key.as_str()),
        Some("k"),
        "a draft from the old slot"
    );
    assert_eq!(newest_strategy(&drafts), Some("kc-2"));
    assert_eq!(
        newest_strategy(&[kept("k", "", 40, "x")]),
        None,
        "a draft of no strategy opens none"
    );
}

/// Endpoint keys are camelCase in JSON (`userInfo`), as every other key; a draft written
/// before, as `user_info`, still reads.
#[test]
fn endpoint_keys_are_camel_case_and_old_drafts_still_read() {
    let settings = Settings {
        overrides: crate::settings::PerEndpoint {
            user_info: Some("https://u.example/userinfo".into()),
            ..Default::default()
        },
        ..loaded()
    };
    let json = serde_json::to_value(&settings).expect("serializes");
    assert_eq!(json["overrides"]["userInfo"], "https://u.example/userinfo");
    assert!(json["overrides"].get("user_info").is_none());
    let derived = serde_json::to_value(crate::derive(&settings)).expect("serializes");
    assert!(derived["endpoints"]["userInfo"]["value"].is_string());

    let old = encode(&settings, 1, false, None)
        .expect("encodes")
        .replace("userInfo", "user_info");
    let draft = decode(&old).expect("an old draft decodes");
    assert_eq!(
        draft.settings.overrides.user_info.as_deref(),
        Some("https://u.example/userinfo")
    );
}

/// Typed while nothing was loaded, a draft holds the empty form wherever nothing was typed:
/// against what a wiki holds, only the fields typed are edits, so Restore blanks nothing.
#[test]
fn a_draft_typed_while_nothing_loaded_offers_only_what_was_typed() {
    // As the page's options make it: the Site URL given, the strategy asked for.
    let empty = Settings {
        strategy_key: "kc-1".into(),
        site_url: "https://from-the-options".into(),
        ..Settings::default()
    };
    let typed_over = |edit: Edit, over_empty_form: bool| Draft {
        settings: edited_from(empty.clone(), edit),
        saved_at_ms: 7,
        over_empty_form,
        base: None,
    };
    // (what, the draft, its key, what the form shows, the fields it would change there)
    #[rustfmt::skip]
    let cases: [(&str, Draft, &str, Settings, &[Field]); 5] = [
        ("the realm typed, the wiki loaded", typed_over(|s| s.realm = "staff".into(), true), "k#kc-1", loaded(), &[Field::Realm]),
        ("a value the wiki already holds: nothing to offer", typed_over(|s| s.realm = "wiki".into(), true), "k#kc-1", loaded(), &[]),
        ("nothing loaded yet: the form as it was left", typed_over(|s| s.realm = "staff".into(), true), "k#kc-1", empty.clone(), &[Field::Realm]),
        ("a draft of a loaded form is the form as it was left", typed_over(|s| s.realm = "staff".into(), false), "k#kc-1", loaded(), &[Field::SiteUrl, Field::Host, Field::Realm, Field::ClientId]),
        ("typed with no strategy asked for: offered to the one that opens", typed_over(|s| { s.strategy_key = String::new(); s.host = "https://typed".into(); }, true), "k", loaded(), &[Field::Host]),
    ];
    for (what, draft, key, reference, fields) in cases {
        let offered = as_edits_of(&draft, &empty, &reference);
        assert_eq!(
            changed_fields(&offered.settings, &reference),
            fields,
            "{what}"
        );
        assert_eq!(
            offered.settings.strategy_key, draft.settings.strategy_key,
            "{what}: its own key"
        );
        assert_eq!(
            offered.settings.client_secret,
            Secret::default(),
            "{what}: no secret"
        );
        assert_eq!(offered.saved_at_ms, 7, "{what}");
        // Marked still only while nothing is loaded: stored again, it is read the same.
        assert_eq!(
            offered.over_empty_form,
            draft.over_empty_form && reference == empty,
            "{what}: the mark"
        );
        let kept = [(key.to_owned(), draft.clone())];
        let to = to_offer(&kept, "k#kc-1", &reference, &["kc-1"], &empty);
        assert_eq!(
            to.map(|(_, d)| d),
            (!fields.is_empty()).then_some(offered),
            "{what}: offered as edits"
        );
    }
}

/// The mark survives storage; a draft of no strategy was typed over the empty form, marked
/// or not (one written before the mark was).
#[test]
fn a_draft_says_whether_it_was_typed_while_nothing_loaded() {
    #[rustfmt::skip]
    let cases = [
        ("v1 1 unloaded\n{\"strategyKey\":\"kc-1\"}", true),
        ("v1 1\n{\"strategyKey\":\"kc-1\"}", false),
        ("v1 1\n{\"strategyKey\":\"\"}", true),
        ("v1 1\n{}", true),
    ];
    for (text, over_empty_form) in cases {
        assert_eq!(
            decode(text).map(|d| d.over_empty_form),
            Some(over_empty_form),
            "{text}"
        );
    }
    for over_empty_form in [true, false] {
        let text = encode(&loaded(), 7, over_empty_form, Some(&loaded())).expect("kept");
        assert_eq!(
            decode(&text).map(|d| d.over_empty_form),
            Some(over_empty_form),
            "{text:.20}"
        );
    }
}

/// A draft edits what the wiki held when it was typed: restored after the wiki changed
/// (another admin's realm, the Site URL fixed, the bypass, the order), only the admin's own
/// fields come back, on the wiki's values now. It came back whole, reverting them.
#[test]
#[rustfmt::skip]
fn a_draft_restored_after_the_wiki_changed_brings_back_only_its_edits() {
    let then = Settings { site_url: "http://10.0.0.5:3000".into(), ..loaded() };
    let typed = Settings { display_name: "Company SSO".into(), ..then.clone() };
    let now = Settings { site_url: "https://wiki.example.com".into(), realm: "staff".into(), order: 3, bypass_login_screen: true, ..loaded() };
    let text = encode(&typed, 5, false, Some(&then)).expect("kept");
    let draft = decode(&text).expect("read back");
    assert_eq!(draft.base.as_ref().map(|b| b.site_url.as_str()), Some("http://10.0.0.5:3000"));
    let offered = as_edits_of(&draft, &Settings::default(), &now);
    assert_eq!(changed_fields(&offered.settings, &now), [Field::DisplayName]);
    let restored = restore(&offered, &now);
    assert_eq!((restored.display_name.as_str(), restored.realm.as_str(), restored.site_url.as_str(), restored.order, restored.bypass_login_screen), ("Company SSO", "staff", "https://wiki.example.com", 3, true));
    // A field both changed keeps the admin's value: theirs is the edit on offer.
    let both = Settings { realm: "staff".into(), ..now.clone() };
    let typed_realm = Settings { realm: "mine".into(), ..then.clone() };
    let draft = decode(&encode(&typed_realm, 5, false, Some(&then)).expect("kept")).expect("read");
    assert_eq!(as_edits_of(&draft, &Settings::default(), &both).settings.realm, "mine");
}

/// A draft too large to keep with its base is kept without it (a snapshot), not dropped.
#[test]
fn a_large_draft_is_kept_without_its_base() {
    let big = Settings {
        client_id: "x".repeat(40_000),
        ..loaded()
    };
    let text = encode(&big, 1, false, Some(&big)).expect("kept");
    let draft = decode(&text).expect("read back");
    assert_eq!((draft.settings.client_id.len(), draft.base), (40_000, None));
}
