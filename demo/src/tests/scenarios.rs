//! The demo scenarios: each opens with its codes, its fix clears them, and nothing else
//! about the scenario is wrong (no errors, so the demo can save). The context is the demo
//! wiki's own, read through the same GraphQL documents the page sends.

use std::collections::BTreeSet;

use wkc_core::diagnostics::Severity;
use wkc_core::scenarios::{all, find, READERS_GROUP};
use wkc_core::settings::GroupInfo;
use wkc_core::wikijs::{decode_group, decode_load, group_body, load_body};

use crate::DemoWiki;
use wkc_core::{diagnose, Code, Context, Settings};

/// What the demo page holds after loading: a new strategy over the fresh demo wiki, and
/// the wiki's groups as context.
fn demo_state() -> (Settings, Context) {
    let mut wiki = DemoWiki::new();
    let (status, body) = wiki.respond(&load_body());
    let loaded = decode_load(status, &body).expect("the demo loads");
    let groups: Vec<GroupInfo> = loaded
        .groups
        .iter()
        .filter_map(|g| {
            let (status, body) = wiki.respond(&group_body(g.id));
            decode_group(status, &body).ok().flatten()
        })
        .collect();
    let settings = Settings {
        site_url: loaded.site.host.clone(),
        strategy_key: "00000000-0000-4000-8000-000000000000".to_owned(),
        order: loaded.active.len(),
        ..Settings::default()
    };
    let context = Context {
        groups: Some(groups),
        ..Context::default()
    };
    (settings, context)
}

fn codes(settings: &Settings, context: &Context) -> BTreeSet<&'static str> {
    diagnose(settings, context)
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

/// The errors that block Save (the Keycloak side's never do: the demo can still save).
fn errors(settings: &Settings, context: &Context) -> Vec<&'static str> {
    diagnose(settings, context)
        .iter()
        .filter(|d| d.code.blocks_save())
        .map(|d| d.code.as_str())
        .collect()
}

fn names(list: &[Code]) -> Vec<&'static str> {
    list.iter().map(|c| c.as_str()).collect()
}

#[test]
fn the_six_stories_are_there_with_unique_ids() {
    let ids: Vec<&str> = all().iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        [
            "docker-localhost",
            "keycloak-16-auth",
            "legacy-logout-kc18",
            "no-group",
            "self-signed-internal",
            "keycloak-export-classic"
        ]
    );
    for scenario in all() {
        assert_eq!(find(scenario.id).as_ref(), Some(&scenario));
        assert_eq!(
            find(&format!(" {} ", scenario.id)).map(|s| s.id),
            Some(scenario.id)
        );
        assert!(
            !scenario.story.is_empty()
                && !scenario.title.is_empty()
                && !scenario.fix.label.is_empty()
        );
    }
    assert_eq!(find("nope"), None);
    assert_eq!(find(""), None);
}

#[test]
fn the_demo_wiki_has_the_readers_group_the_fixes_use() {
    let (_, context) = demo_state();
    let readers = context
        .groups
        .iter()
        .flatten()
        .find(|g| g.id == READERS_GROUP)
        .expect("group 3");
    assert_eq!(readers.name, "Readers");
    assert!(readers.grants_read() && !readers.is_admin());
}

#[test]
fn each_scenario_opens_with_its_codes_and_no_error() {
    let (loaded, demo_context) = demo_state();
    for scenario in all() {
        let context = scenario.context(&demo_context);
        let settings = scenario.open(&loaded);
        let shown = codes(&settings, &context);
        for code in names(scenario.shows) {
            assert!(
                shown.contains(code),
                "{}: {code} missing from {shown:?}",
                scenario.id
            );
        }
        assert_eq!(
            errors(&settings, &context),
            Vec::<&str>::new(),
            "{}",
            scenario.id
        );
        // Its warnings are exactly its story's: nothing else distracts from the fix.
        let warned: BTreeSet<&str> = diagnose(&settings, &context)
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(|d| d.code.as_str())
            .collect();
        let story: BTreeSet<&str> = scenario
            .shows
            .iter()
            .filter(|c| c.severity() == Severity::Warning)
            .map(|c| c.as_str())
            .collect();
        assert_eq!(warned, story, "{}", scenario.id);
        assert_eq!(
            settings.strategy_key, loaded.strategy_key,
            "{}: keeps the key",
            scenario.id
        );
        assert_eq!(
            settings.order, loaded.order,
            "{}: keeps the position",
            scenario.id
        );
    }
}

#[test]
fn each_fix_clears_its_codes_and_adds_no_error() {
    let (loaded, demo_context) = demo_state();
    for scenario in all() {
        let context = scenario.context(&demo_context);
        assert!(!scenario.clears.is_empty(), "{}", scenario.id);
        for code in scenario.clears {
            assert!(
                scenario.shows.contains(code),
                "{}: clears {} it does not show",
                scenario.id,
                code.as_str()
            );
        }
        let mut settings = scenario.open(&loaded);
        scenario.fix.apply(&mut settings);
        let after = codes(&settings, &context);
        for code in names(scenario.clears) {
            assert!(
                !after.contains(code),
                "{}: {code} still shown after the fix: {after:?}",
                scenario.id
            );
        }
        assert_eq!(
            errors(&settings, &context),
            Vec::<&str>::new(),
            "{}",
            scenario.id
        );
        // Applying twice changes nothing more (the button may be clicked again).
        let once = settings.clone();
        scenario.fix.apply(&mut settings);
        assert_eq!(settings, once, "{}: the fix is idempotent", scenario.id);
    }
}

#[test]
fn without_its_story_a_scenario_is_a_clean_configuration() {
    // The shared good preset: no warning at all, so each scenario's warnings are its story.
    let (loaded, context) = demo_state();
    let scenario = find("legacy-logout-kc18").expect("exists");
    let mut settings = scenario.open(&loaded);
    settings.logout_legacy_redirect = false;
    let warnings: Vec<_> = diagnose(&settings, &context)
        .into_iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(warnings, Vec::<&str>::new());
}
