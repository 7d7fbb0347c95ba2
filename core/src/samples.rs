//! One known-good Keycloak strategy and the groups around it: where the tables of tests,
//! the benchmark and the fuzzers' seeds start, so they all mean the same "clean" config.

use super::secret::Secret;
use super::settings::{Context, GroupInfo, PageRule, Settings};

/// A complete configuration with nothing wrong: only the always-on Keycloak steps fire.
pub fn clean_settings() -> Settings {
    Settings {
        site_url: "https://wiki.example.com".into(),
        strategy_key: "5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77".into(),
        host: "https://kc.example.com".into(),
        realm: "wiki".into(),
        client_id: "wikijs".into(),
        client_secret: Secret::new("x7Kp2mQ9vR4tL8wZ3nB6cF1hJ5dG0sYa"),
        auto_enroll_groups: vec![3],
        ..Settings::default()
    }
}

/// The page on the wiki's origin, with the "Readers" group (id 3) that `clean_settings`
/// enrols new users in.
pub fn clean_context() -> Context {
    Context {
        page_origin: Some("https://wiki.example.com".into()),
        groups: Some(vec![readers()]),
        live_layout: None,
        legacy_logout_only: false,
        keycloak_version: None,
        issuer_pinned: false,
        private_ca: false,
        wiki_holds_form: false,
        keycloak_export: None,
    }
}

/// A group as Wiki.js reports it: permissions, and one `START` page rule for `rule_roles`.
pub fn group(
    id: u32,
    name: &str,
    permissions: &[&str],
    rule_roles: &[&str],
    deny: bool,
) -> GroupInfo {
    GroupInfo {
        id,
        name: name.into(),
        permissions: permissions.iter().map(|p| p.to_string()).collect(),
        page_rules: vec![PageRule {
            id: format!("rule-{id}"),
            deny,
            match_kind: "START".into(),
            roles: rule_roles.iter().map(|p| p.to_string()).collect(),
            path: String::new(),
            locales: vec![],
        }],
        redirect_on_login: Some("/".into()),
    }
}

/// Group 3: can read pages (a permission and an allowing rule).
pub fn readers() -> GroupInfo {
    group(
        3,
        "Readers",
        &["read:pages", "read:assets"],
        &["read:pages"],
        false,
    )
}
