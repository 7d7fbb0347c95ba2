//! Every code the checks can raise: a case that triggers it and a near miss that does not.
//!
//! Each case starts from a clean configuration (only the always-on Keycloak reminders) and
//! changes one thing.

use crate::diagnostics::{apply_fix, Code, FixAction, Severity, Target};
use crate::samples::{clean_context, clean_settings, group, readers};
use crate::secret::Secret;
use crate::settings::{Context, Endpoint, Field, Layout, LayoutChoice, Settings};
use crate::{derive, diagnose};

type Edit = fn(&mut Settings, &mut Context);

/// The shared clean configuration (`core::samples`): only the Keycloak reminders fire.
fn clean() -> (Settings, Context) {
    (clean_settings(), clean_context())
}

fn codes_after(edit: Edit) -> Vec<&'static str> {
    let (mut settings, mut context) = clean();
    edit(&mut settings, &mut context);
    diagnose(&settings, &context)
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

const ALWAYS: &[&str] = &[
    "register-redirect-uri",
    "register-post-logout-uri",
    "confidential-client",
    "client-scopes",
    "backchannel-probe",
];

#[test]
fn a_clean_configuration_shows_only_the_keycloak_reminders() {
    assert_eq!(codes_after(|_, _| {}), ALWAYS);
}

/// (what the case shows, the change, the code, whether it must fire)
#[rustfmt::skip]
const CASES: &[(&str, Edit, &str, bool)] = &[
    // required
    ("empty host is required", |s, _| s.host.clear(), "required", true),
    ("empty realm is required", |s, _| s.realm.clear(), "required", true),
    ("empty client id is required", |s, _| s.client_id.clear(), "required", true),
    ("empty secret is required", |s, _| s.client_secret = Secret::default(), "required", true),
    ("a cleared token override is required", |s, _| s.overrides.token = Some(String::new()), "required", true),
    ("a cleared logout override is required while upstream logout is on", |s, _| s.overrides.logout = Some(String::new()), "required", true),
    ("a cleared logout override is fine with upstream logout off", |s, _| { s.overrides.logout = Some(String::new()); s.logout_upstream = false }, "required", false),
    // host-invalid
    ("a host without scheme is invalid", |s, _| s.host = "kc.example.com".into(), "host-invalid", true),
    ("a javascript: host is invalid", |s, _| s.host = "javascript:alert(1)".into(), "host-invalid", true),
    ("a host with credentials is invalid", |s, _| s.host = "https://a:b@kc.example.com".into(), "host-invalid", true),
    ("a host with a query is invalid", |s, _| s.host = "https://kc.example.com?x".into(), "host-invalid", true),
    ("a host with a fragment is invalid", |s, _| s.host = "https://kc.example.com#x".into(), "host-invalid", true),
    ("a host with a space is invalid", |s, _| s.host = "https://kc .example.com".into(), "host-invalid", true),
    ("a non-ASCII host is invalid", |s, _| s.host = "https://bücher.example".into(), "host-invalid", true),
    ("a punycode host is valid", |s, _| s.host = "https://xn--bcher-kva.example".into(), "host-invalid", false),
    ("a host with a port and path is valid", |s, _| s.host = "https://kc.example.com:8443/sso".into(), "host-invalid", false),
    // realm-invalid
    ("a realm with a slash is invalid", |s, _| s.realm = "wiki/x".into(), "realm-invalid", true),
    ("a realm with a backslash is invalid", |s, _| s.realm = "wiki\\x".into(), "realm-invalid", true),
    ("a realm with trailing space is invalid", |s, _| s.realm = "wiki ".into(), "realm-invalid", true),
    ("a realm named .. is invalid", |s, _| s.realm = "..".into(), "realm-invalid", true),
    ("a realm with dots and dashes is valid", |s, _| s.realm = "my-wiki.v2_x".into(), "realm-invalid", false),
    // url-invalid
    ("an overridden URL without scheme is invalid", |s, _| s.overrides.authorization = Some("kc.example.com/realms/wiki/protocol/openid-connect/auth".into()), "url-invalid", true),
    ("a javascript: override is invalid", |s, _| s.overrides.token = Some("javascript:alert(1)".into()), "url-invalid", true),
    ("an unusable internal base URL is invalid", |s, _| s.internal_base_url = "keycloak:8080".into(), "url-invalid", true),
    ("a valid override is not invalid", |s, _| s.overrides.authorization = Some("https://kc.example.com/realms/wiki/protocol/openid-connect/auth".into()), "url-invalid", false),
    // passport-oauth2 keeps a query: kc_idp_hint sends users straight to an identity provider.
    ("an authorization URL with a query is valid", |s, _| s.overrides.authorization = Some("https://kc.example.com/realms/wiki/protocol/openid-connect/auth?kc_idp_hint=github".into()), "url-invalid", false),
    ("an authorization URL with a query has the usual path", |s, _| s.overrides.authorization = Some("https://kc.example.com/realms/wiki/protocol/openid-connect/auth?prompt=login".into()), "endpoint-path-unusual", false),
    // Wiki.js appends its own `?` to the logout URL.
    ("a logout URL with a query is invalid", |s, _| s.overrides.logout = Some("https://kc.example.com/realms/wiki/protocol/openid-connect/logout?x=1".into()), "url-invalid", true),
    // site-url-missing
    ("an empty site URL is missing", |s, _| s.site_url.clear(), "site-url-missing", true),
    ("a 7-character site URL is missing", |s, _| s.site_url = "http://".into(), "site-url-missing", true),
    ("an 8-character site URL is present", |s, c| { s.site_url = "http://w".into(); c.page_origin = None }, "site-url-missing", false),
    // backchannel-loopback
    ("localhost host", |s, _| s.host = "http://localhost:8080".into(), "backchannel-loopback", true),
    ("LOCALHOST. host", |s, _| s.host = "http://LOCALHOST.:8080".into(), "backchannel-loopback", true),
    ("sub.localhost host", |s, _| s.host = "http://kc.localhost".into(), "backchannel-loopback", true),
    ("127.0.0.2 host", |s, _| s.host = "http://127.0.0.2:8080".into(), "backchannel-loopback", true),
    ("::1 host", |s, _| s.host = "http://[::1]:8080".into(), "backchannel-loopback", true),
    ("0.0.0.0 host", |s, _| s.host = "http://0.0.0.0:8080".into(), "backchannel-loopback", true),
    (":: host", |s, _| s.host = "http://[::]:8080".into(), "backchannel-loopback", true),
    ("a loopback token override", |s, _| s.overrides.token = Some("http://127.0.0.1/realms/wiki/protocol/openid-connect/token".into()), "backchannel-loopback", true),
    ("localhost host with an internal base", |s, _| { s.host = "http://localhost:8080".into(); s.internal_base_url = "http://keycloak:8080".into() }, "backchannel-loopback", false),
    ("a host merely containing localhost", |s, _| s.host = "https://localhost.example.com".into(), "backchannel-loopback", false),
    // frontchannel-internal
    ("a single-label host", |s, _| s.host = "http://keycloak:8080".into(), "frontchannel-internal", true),
    ("host.docker.internal", |s, _| s.host = "http://host.docker.internal:8080".into(), "frontchannel-internal", true),
    ("a .svc host", |s, _| s.host = "https://keycloak.auth.svc".into(), "frontchannel-internal", true),
    ("a .cluster.local host", |s, _| s.host = "https://kc.ns.svc.cluster.local".into(), "frontchannel-internal", true),
    ("a .local host", |s, _| s.host = "https://kc.local".into(), "frontchannel-internal", true),
    ("an internal name only in the internal base", |s, _| s.internal_base_url = "http://keycloak:8080".into(), "frontchannel-internal", false),
    ("an internal logout URL with upstream logout off", |s, _| { s.overrides.logout = Some("http://keycloak:8080/realms/wiki/protocol/openid-connect/logout".into()); s.logout_upstream = false }, "frontchannel-internal", false),
    ("localhost in Host, the wiki elsewhere: each user's own machine", |s, _| s.host = "http://localhost:8080".into(), "frontchannel-internal", true),
    ("127.0.0.1 in Host, the wiki elsewhere", |s, _| s.host = "http://127.0.0.1:8080".into(), "frontchannel-internal", true),
    ("[::1] in Host, the wiki elsewhere", |s, _| s.host = "http://[::1]:8080".into(), "frontchannel-internal", true),
    ("localhost in Host and in the Site URL: a trial on one machine", |s, _| { s.host = "http://localhost:8080".into(); s.site_url = "http://localhost:3000".into() }, "frontchannel-internal", false),
    ("localhost in Host, no Site URL to tell", |s, _| { s.host = "http://localhost:8080".into(); s.site_url = String::new() }, "frontchannel-internal", false),
    // split-host-issuer
    ("an internal base that differs", |s, _| s.internal_base_url = "http://keycloak:8080".into(), "split-host-issuer", true),
    ("an internal base equal to the host", |s, _| s.internal_base_url = "https://kc.example.com/".into(), "split-host-issuer", false),
    // insecure-http
    ("http on a public name", |s, _| s.host = "http://kc.example.com".into(), "insecure-http", true),
    ("http on a public IP", |s, _| s.host = "http://8.8.8.8".into(), "insecure-http", true),
    ("http on a private IP", |s, c| { s.host = "http://192.168.1.10:8080".into(); c.page_origin = None }, "insecure-http", false),
    ("http on loopback", |s, c| { s.host = "http://localhost:8080".into(); c.page_origin = None }, "insecure-http", false),
    ("http on a name used only inside networks", |s, c| { s.host = "http://keycloak.lan:8080".into(); c.page_origin = None }, "insecure-http", false),
    ("http on a home.arpa name", |s, c| { s.host = "http://sso.home.arpa".into(); c.page_origin = None }, "insecure-http", false),
    ("http on a public IP beyond public CAs is still public", |s, _| s.host = "http://203.0.113.7".into(), "insecure-http", true),
    // mixed-content
    ("an http host from an https page", |s, _| s.host = "http://kc.example.com".into(), "mixed-content", true),
    ("an http host from an http page", |s, c| { s.host = "http://kc.example.com".into(); c.page_origin = Some("http://wiki.example.com".into()) }, "mixed-content", false),
    // pasted-full-url
    ("an endpoint URL in Host", |s, _| s.host = "https://kc.example.com/realms/wiki/protocol/openid-connect/auth".into(), "pasted-full-url", true),
    ("a realm URL in Host", |s, _| s.host = "https://kc.example.com/auth/realms/wiki".into(), "pasted-full-url", true),
    ("a base with /auth in Host", |s, _| s.host = "https://kc.example.com/auth".into(), "pasted-full-url", false),
    ("a realm list URL in Host", |s, _| s.host = "https://kc.example.com/realms".into(), "pasted-full-url", true),
    ("a legacy realm list URL in Host", |s, _| s.host = "https://kc.example.com/auth/Realms/".into(), "pasted-full-url", true),
    ("a path merely ending in realms", |s, _| s.host = "https://kc.example.com/myrealms".into(), "pasted-full-url", false),
    ("the old admin console's address in Host", |s, _| s.host = "https://sso.example.com/auth/admin/master/console/#/realms/wiki".into(), "host-invalid", true),
    ("the new admin console's address derives nothing until split", |s, _| s.host = "https://sso.example.com/admin/master/console/#/wiki".into(), "host-invalid", true),
    ("the admin console's address is said once, as the error", |s, _| s.host = "https://sso.example.com/admin/master/console/#/wiki".into(), "pasted-full-url", false),
    ("a realm URL with a fragment is said once, as the error", |s, _| s.host = "https://kc.example.com/realms/wiki#top".into(), "pasted-full-url", false),
    ("a pasted endpoint URL still derives", |s, _| s.host = "https://sso.example.com/realms/wiki/protocol/openid-connect/auth".into(), "host-invalid", false),
    // legacy-path
    ("a host ending in /auth", |s, _| s.host = "https://kc.example.com/auth".into(), "legacy-path", true),
    ("the legacy layout chosen", |s, _| s.layout = LayoutChoice::Legacy, "legacy-path", true),
    ("the live check found /auth", |_, c| c.live_layout = Some(Layout::Legacy), "legacy-path", true),
    ("a host ending in /authx", |s, _| s.host = "https://kc.example.com/authx".into(), "legacy-path", false),
    ("a pasted authorization endpoint URL", |s, _| s.host = "https://kc.example.com/realms/wiki/protocol/openid-connect/auth".into(), "legacy-path", false),
    ("a pasted legacy authorization endpoint URL", |s, _| s.host = "https://kc.example.com/auth/realms/wiki/protocol/openid-connect/auth".into(), "legacy-path", false),
    ("/auth on a Keycloak the admin says is 16", |s, c| { s.host = "https://kc.example.com/auth".into(); c.keycloak_version = Some(16) }, "legacy-path", false),
    ("/auth on a Keycloak the admin says is 24", |s, c| { s.host = "https://kc.example.com/auth".into(); c.keycloak_version = Some(24) }, "legacy-path", true),
    // realm-needs-encoding
    ("a realm with a space", |s, _| s.realm = "my wiki".into(), "realm-needs-encoding", true),
    ("a realm with %", |s, _| s.realm = "wiki%20".into(), "realm-needs-encoding", true),
    ("a non-ASCII realm", |s, _| s.realm = "équipe".into(), "realm-needs-encoding", true),
    ("a plain realm", |s, _| s.realm = "Wiki_2".into(), "realm-needs-encoding", false),
    // master-realm
    ("the master realm", |s, _| s.realm = "master".into(), "master-realm", true),
    ("a realm named Master", |s, _| s.realm = "Master".into(), "master-realm", false),
    // logout-legacy-on-new-keycloak
    ("legacy logout on Keycloak 17+", |s, _| s.logout_legacy_redirect = true, "logout-legacy-on-new-keycloak", true),
    ("legacy logout with upstream logout off", |s, _| { s.logout_legacy_redirect = true; s.logout_upstream = false }, "logout-legacy-on-new-keycloak", false),
    ("legacy logout on a legacy host", |s, _| { s.logout_legacy_redirect = true; s.host = "https://kc.example.com/auth".into() }, "logout-legacy-on-new-keycloak", false),
    ("legacy logout on /auth, Keycloak 24 by the admin's word", |s, c| { s.logout_legacy_redirect = true; s.host = "https://kc.example.com/auth".into(); c.keycloak_version = Some(24) }, "logout-legacy-on-new-keycloak", true),
    ("legacy logout at the root, Keycloak 17 by the admin's word", |s, c| { s.logout_legacy_redirect = true; c.keycloak_version = Some(17) }, "logout-legacy-on-new-keycloak", false),
    ("the modern logout on Keycloak 16 at the root", |_, c| c.keycloak_version = Some(16), "logout-modern-on-legacy-keycloak", true),
    ("the modern logout on Keycloak 18 under /auth", |s, c| { s.host = "https://kc.example.com/auth".into(); c.keycloak_version = Some(18) }, "logout-modern-on-legacy-keycloak", false),
    ("legacy logout when the live check says 17+", |s, c| { s.logout_legacy_redirect = true; s.host = "https://kc.example.com/auth".into(); c.live_layout = Some(Layout::Quarkus) }, "logout-legacy-on-new-keycloak", true),
    ("a wiki before 2.5.300 on Keycloak 17+, the toggle off", |_, c| c.legacy_logout_only = true, "logout-legacy-on-new-keycloak", true),
    ("a wiki before 2.5.300 with upstream logout off", |s, c| { c.legacy_logout_only = true; s.logout_upstream = false }, "logout-legacy-on-new-keycloak", false),
    ("a wiki before 2.5.300 on a legacy host", |s, c| { c.legacy_logout_only = true; s.host = "https://kc.example.com/auth".into() }, "logout-legacy-on-new-keycloak", false),
    // logout-modern-on-legacy-keycloak
    ("modern logout on a legacy host", |s, _| s.host = "https://kc.example.com/auth".into(), "logout-modern-on-legacy-keycloak", true),
    ("modern logout on a legacy host with upstream logout off", |s, _| { s.host = "https://kc.example.com/auth".into(); s.logout_upstream = false }, "logout-modern-on-legacy-keycloak", false),
    ("a wiki before 2.5.300 always sends the legacy redirect", |s, c| { c.legacy_logout_only = true; s.host = "https://kc.example.com/auth".into() }, "logout-modern-on-legacy-keycloak", false),
    // no-auto-enroll-group
    ("self-registration without a group", |s, _| s.auto_enroll_groups.clear(), "no-auto-enroll-group", true),
    ("no group with self-registration off", |s, _| { s.auto_enroll_groups.clear(); s.self_registration = false }, "no-auto-enroll-group", false),
    // group-without-read
    ("a group without read:pages", |s, c| { c.groups = Some(vec![group(4, "Editors", &["write:pages"], &["write:pages"], false)]); s.auto_enroll_groups = vec![4] }, "group-without-read", true),
    ("a group with read:pages but no allowing rule", |s, c| { c.groups = Some(vec![group(4, "Denied", &["read:pages"], &["read:pages"], true)]); s.auto_enroll_groups = vec![4] }, "group-without-read", true),
    ("a group with a rule but no permission", |s, c| { c.groups = Some(vec![group(4, "Ruled", &["write:pages"], &["read:pages"], false)]); s.auto_enroll_groups = vec![4] }, "group-without-read", true),
    ("one readable group among two", |s, c| { c.groups = Some(vec![group(4, "Editors", &["write:pages"], &[], false), readers()]); s.auto_enroll_groups = vec![4, 3] }, "group-without-read", false),
    ("groups not loaded", |s, c| { c.groups = None; s.auto_enroll_groups = vec![4] }, "group-without-read", false),
    ("only a group deleted since it was chosen", |s, c| { c.groups = Some(vec![readers()]); s.auto_enroll_groups = vec![99] }, "group-without-read", true),
    ("a deleted group beside a readable one", |s, c| { c.groups = Some(vec![readers()]); s.auto_enroll_groups = vec![3, 99] }, "group-without-read", false),
    ("an allow and a deny at the root in one group", |s, c| { let mut g = readers(); g.page_rules.push(group(3, "", &[], &["read:pages"], true).page_rules.remove(0)); c.groups = Some(vec![g]); s.auto_enroll_groups = vec![3] }, "group-without-read", true),
    ("a deny in a second group cancels the first's allow", |s, c| { c.groups = Some(vec![readers(), group(4, "Blocked", &[], &["read:pages"], true)]); s.auto_enroll_groups = vec![3, 4] }, "group-without-read", true),
    ("a permission from one group, the rule from another", |s, c| { c.groups = Some(vec![group(4, "Perm", &["read:pages"], &[], false), group(5, "Rule", &[], &["read:pages"], false)]); s.auto_enroll_groups = vec![4, 5] }, "group-without-read", false),
    ("a group landing new users on /docs, which it reads", |s, c| { let mut g = group(4, "Docs", &["read:pages"], &["read:pages"], false); g.page_rules[0].path = "docs".into(); g.redirect_on_login = Some("/docs/".into()); c.groups = Some(vec![g]); s.auto_enroll_groups = vec![4] }, "group-without-read", false),
    ("a readable group landing new users on a page a deny covers", |s, c| { let mut g = readers(); g.redirect_on_login = Some("/de/intern".into()); let mut deny = group(3, "", &[], &["read:pages"], true).page_rules.remove(0); deny.path = "intern".into(); g.page_rules.push(deny); c.groups = Some(vec![g]); s.auto_enroll_groups = vec![3] }, "group-without-read", true),
    ("reading decided by a regular expression this page cannot run", |s, c| { let mut g = group(4, "Rx", &["read:pages"], &["read:pages"], false); g.page_rules[0].match_kind = "REGEX".into(); g.page_rules[0].path = "^(?!admin).*".into(); c.groups = Some(vec![g]); s.auto_enroll_groups = vec![4] }, "group-without-read", false),
    // group-grants-admin
    ("the Administrators group", |s, c| { c.groups = Some(vec![group(1, "Administrators", &["manage:system"], &[], false)]); s.auto_enroll_groups = vec![1] }, "group-grants-admin", true),
    ("an admin group that is not selected", |_, c| c.groups = Some(vec![readers(), group(1, "Administrators", &["manage:system"], &[], false)]), "group-grants-admin", false),
    // self-registration-off
    ("self-registration off", |s, _| s.self_registration = false, "self-registration-off", true),
    // domain-whitelist-invalid
    ("a whitelist entry with @", |s, _| s.domain_whitelist = vec!["@example.com".into()], "domain-whitelist-invalid", true),
    ("a whitelist entry with a scheme", |s, _| s.domain_whitelist = vec!["https://example.com".into()], "domain-whitelist-invalid", true),
    ("a whitelist entry with a path", |s, _| s.domain_whitelist = vec!["example.com/x".into()], "domain-whitelist-invalid", true),
    ("a whitelist entry with a space", |s, _| s.domain_whitelist = vec!["example .com".into()], "domain-whitelist-invalid", true),
    ("plain whitelist domains", |s, _| s.domain_whitelist = vec!["example.com".into(), "mail.example.org".into()], "domain-whitelist-invalid", false),
    ("two domains on one line, by a comma", |s, _| s.domain_whitelist = vec!["example.com,example.org".into()], "domain-whitelist-invalid", true),
    // Wiki.js lower-cases the email before comparing its domain.
    ("a whitelist entry with a capital", |s, _| s.domain_whitelist = vec!["Example.com".into()], "domain-whitelist-invalid", true),
    // endpoint-overridden-mismatch
    ("an override on another host", |s, _| s.overrides.authorization = Some("https://old.example.com/realms/wiki/protocol/openid-connect/auth".into()), "endpoint-overridden-mismatch", true),
    ("an override in another realm", |s, _| s.overrides.token = Some("https://kc.example.com/realms/other/protocol/openid-connect/token".into()), "endpoint-overridden-mismatch", true),
    ("an override in the other layout", |s, _| s.overrides.user_info = Some("https://kc.example.com/auth/realms/wiki/protocol/openid-connect/userinfo".into()), "endpoint-overridden-mismatch", true),
    ("an override equal to the derived URL", |s, _| s.overrides.user_info = Some("https://kc.example.com/realms/wiki/protocol/openid-connect/userinfo".into()), "endpoint-overridden-mismatch", false),
    ("an override without /realms/ on another host", |s, _| s.overrides.token = Some("https://other.example.com/oidc/protocol/openid-connect/token".into()), "endpoint-overridden-mismatch", true),
    ("an override without /realms/ on Host's host", |s, _| s.overrides.token = Some("https://kc.example.com/oidc/protocol/openid-connect/token".into()), "endpoint-overridden-mismatch", false),
    // endpoint-path-unusual
    ("an override ending in /user", |s, _| s.overrides.user_info = Some("https://kc.example.com/realms/wiki/protocol/openid-connect/user".into()), "endpoint-path-unusual", true),
    ("a token URL on another path", |s, _| s.overrides.token = Some("https://kc.example.com/oauth/token".into()), "endpoint-path-unusual", true),
    ("an override with the right path", |s, _| s.overrides.logout = Some("https://kc.example.com/realms/wiki/protocol/openid-connect/logout".into()), "endpoint-path-unusual", false),
    // bypass-not-first
    ("bypass on, strategy second", |s, _| { s.bypass_login_screen = true; s.order = 1 }, "bypass-not-first", true),
    ("bypass off, strategy second", |s, _| s.order = 1, "bypass-not-first", false),
    // strategy-disabled-but-first
    ("bypass on, disabled first", |s, _| { s.bypass_login_screen = true; s.is_enabled = false }, "strategy-disabled-but-first", true),
    ("bypass on, disabled second", |s, _| { s.bypass_login_screen = true; s.is_enabled = false; s.order = 2 }, "strategy-disabled-but-first", false),
    // client-id-whitespace
    ("a client id with a trailing space", |s, _| s.client_id = "wikijs ".into(), "client-id-whitespace", true),
    ("a client id with a tab inside", |s, _| s.client_id = "wiki\tjs".into(), "client-id-whitespace", true),
    ("a client id with dashes", |s, _| s.client_id = "wiki-js_2".into(), "client-id-whitespace", false),
    // secret-suspicious
    ("a short secret", |s, _| s.client_secret = Secret::new("abc123"), "secret-suspicious", true),
    ("a masked secret", |s, _| s.client_secret = Secret::new("********************************"), "secret-suspicious", true),
    ("a secret with a newline", |s, _| s.client_secret = Secret::new("x7Kp2mQ9vR4tL8wZ3nB6cF1hJ5dG0sYa\n"), "secret-suspicious", true),
    ("a 16-character secret", |s, _| s.client_secret = Secret::new("abcdefgh12345678"), "secret-suspicious", false),
    // site-url-origin-mismatch
    ("a site URL on another origin", |s, _| s.site_url = "https://old-wiki.example.com".into(), "site-url-origin-mismatch", true),
    ("a site URL on the page's origin with a path", |s, c| { s.site_url = "https://wiki.example.com/docs".into(); c.page_origin = Some("https://wiki.example.com".into()) }, "site-url-origin-mismatch", false),
    ("no page origin known", |s, c| { s.site_url = "https://old-wiki.example.com".into(); c.page_origin = None }, "site-url-origin-mismatch", false),
    // register-post-logout-uri
    ("upstream logout off", |s, _| s.logout_upstream = false, "register-post-logout-uri", false),
    // private-ca
    ("https on an IP literal", |s, _| s.host = "https://10.0.0.5:8443".into(), "private-ca", true),
    ("https on an internal name", |s, _| s.internal_base_url = "https://keycloak.internal".into(), "private-ca", true),
    ("https under home.arpa, which no public CA issues for", |s, _| s.host = "https://sso.home.arpa".into(), "private-ca", true),
    ("https under .lan", |s, _| s.internal_base_url = "https://sso.intranet.lan".into(), "private-ca", true),
    ("https on a public name", |_, _| {}, "private-ca", false),
    ("https on a public name holding a private suffix's word", |s, _| s.host = "https://sso.corp.example.com".into(), "private-ca", false),
    ("https on a public name with a private label", |s, _| s.host = "https://kc.lan.example.com".into(), "private-ca", false),
    ("https on a public name, the admin says it is their own CA's", |_, c| c.private_ca = true, "private-ca", true),
    ("the same on the internal base URL Wiki.js calls", |s, c| { s.internal_base_url = "https://sso-internal.example.com".into(); c.private_ca = true; }, "private-ca", true),
    ("their own CA, but Keycloak on http", |s, c| { s.host = "http://sso.example.com".into(); c.private_ca = true; }, "private-ca", false),
    ("their own CA, Wiki.js calling an http internal base", |s, c| { s.internal_base_url = "http://keycloak:8080".into(); c.private_ca = true; }, "private-ca", false),
    ("their own CA, an unusable internal base: Wiki.js calls Host", |s, c| { s.internal_base_url = "keycloak 8080".into(); c.private_ca = true; }, "private-ca", true),
];

#[test]
fn each_check_fires_on_its_trigger_and_not_on_its_near_miss() {
    let failures = super::misfires(CASES, codes_after);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_settings_code_has_a_trigger_and_a_near_miss() {
    // Codes raised elsewhere: the live check, the merge guard, the always-on reminders, and
    // the pasted export's (their table: `core::tests::keycloak_export`).
    let elsewhere = |c: &str| {
        c.starts_with("live-")
            || c.starts_with("kc-")
            || c == "strategy-would-be-dropped"
            || ALWAYS.contains(&c)
    };
    for code in Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !elsewhere(c))
    {
        assert!(
            CASES.iter().any(|(_, _, c, fires)| *c == code && *fires),
            "no case triggers {code}"
        );
        let near_miss = CASES.iter().any(|(_, _, c, fires)| *c == code && !*fires);
        assert!(
            near_miss || code == "self-registration-off",
            "no near miss for {code}"
        );
    }
}

#[test]
fn findings_come_most_severe_first() {
    let (mut s, c) = clean();
    s.host = "http://localhost:8080".into();
    s.client_id.clear();
    let severities: Vec<Severity> = diagnose(&s, &c).iter().map(|d| d.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
    assert_eq!(severities.first(), Some(&Severity::Error));
}

#[test]
fn messages_name_the_offending_value() {
    #[rustfmt::skip]
    let cases: &[(Edit, &str, &str)] = &[
        (|s, _| s.host = "http://localhost:8080".into(), "backchannel-loopback", "localhost: the token call fails"),
        (|s, _| { s.host = "http://127.0.0.1:8080".into(); s.site_url = "http://127.0.0.1:3000".into() }, "backchannel-loopback", "127.0.0.1: if Wiki.js runs in a container, the token call fails"),
        (|s, _| s.host = "https://kc.example.com/admin/master/console/#/wiki".into(), "host-invalid", "Host is the admin console's address, showing realm wiki: no endpoint URL can be built"),
        (|s, _| s.host = "https://kc.example.com/admin/master/console/".into(), "pasted-full-url", "Host is the admin console's address, signed in to realm master."),
        (|s, _| s.host = "https://kc.example.com/admin/master/console/".into(), "pasted-full-url", "names only the one you signed in with"),
        (|s, _| s.host = "https://kc.example.com/realms/wiki#top".into(), "host-invalid", "Host is a URL of realm wiki, and it has a fragment"),
        (|s, _| s.host = "https://kc.example.com/realms/wiki/protocol/openid-connect/auth?client_id=wikijs".into(), "host-invalid", "Split it: the base URL into Host"),
        (|s, _| s.realm = "wiki/x".into(), "realm-invalid", "`/`"),
        // The derivation skips an unusable internal base: no broken URL is called, Host is.
        (|s, _| s.internal_base_url = "keycloak:8080".into(), "url-invalid", "are built from Host instead"),
        (|s, _| s.internal_base_url = "keycloak:8080".into(), "url-invalid", "or empty it to call Host. Suggested: http://keycloak:8080"),
        (|s, _| s.host = "ftp://kc.example.com".into(), "host-invalid", "ftp"),
        (|s, _| s.domain_whitelist = vec!["@example.com".into()], "domain-whitelist-invalid", "@example.com"),
        (|_, _| {}, "register-redirect-uri", "https://wiki.example.com/login/5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77/callback"),
        (|_, _| {}, "register-post-logout-uri", "https://wiki.example.com"),
        (|_, c| c.legacy_logout_only = true, "logout-legacy-on-new-keycloak", "Upgrade Wiki.js to 2.5.300"),
        (|s, _| { s.host = "https://kc.example.com/auth".into(); s.logout_legacy_redirect = true }, "legacy-path", "also turn Legacy Logout Redirect off"),
        (|s, c| { c.groups = Some(vec![group(4, "Editors", &["write:pages"], &["write:pages"], false)]); s.auto_enroll_groups = vec![4] }, "group-without-read", "Editors cannot read pages."),
        // A group deleted since it was chosen grants nothing (it was silent).
        (|s, c| { c.groups = Some(vec![readers()]); s.auto_enroll_groups = vec![99] }, "group-without-read", "The group #99 is no longer in the wiki"),
        // Rules that allow /docs only: readable pages, but not the home page users land on.
        (|s, c| { let mut g = group(4, "Docs", &["read:pages"], &["read:pages"], false); g.page_rules[0].path = "docs".into(); c.groups = Some(vec![g]); s.auto_enroll_groups = vec![4] }, "group-without-read", "Docs may read some pages, but not the home page"),
    ];
    for (edit, code, needle) in cases {
        let (mut s, mut c) = clean();
        edit(&mut s, &mut c);
        let d = diagnose(&s, &c)
            .into_iter()
            .find(|d| d.code.as_str() == *code)
            .unwrap_or_else(|| panic!("{code} fires"));
        assert!(
            d.message.contains(needle) || d.fix.contains(needle),
            "{code}: {needle:?} in {:?} / {:?}",
            d.message,
            d.fix
        );
    }
}

/// `endpoint-path-unusual` says what is unusual: the path's end, or that it is not under the
/// realm (never "should end in" a path the URL ends in).
#[test]
#[rustfmt::skip]
fn an_unusual_endpoint_path_says_what_is_unusual() {
    let cases: &[(&str, &str)] = &[
        ("https://kc.example.com/oidc/protocol/openid-connect/token", "ends in /protocol/openid-connect/token, but not after /realms/<realm>, where Keycloak serves it."),
        ("https://kc.example.com/oidc/protocol/openid-connect/token?x=1", "ends in /protocol/openid-connect/token, but not after /realms/<realm>"),
        ("https://kc.example.com/oauth/token", "should end in /protocol/openid-connect/token."),
        ("https://kc.example.com/realms/wiki/protocol/openid-connect/tokens", "should end in /protocol/openid-connect/token."),
    ];
    for (url, says) in cases {
        let (mut s, c) = clean();
        s.overrides.token = Some((*url).into());
        let d = diagnose(&s, &c).into_iter().find(|d| d.code == Code::EndpointPathUnusual).unwrap_or_else(|| panic!("{url}: fires"));
        assert!(d.message.contains(says), "{url}: {says:?} in {:?}", d.message);
    }
}

/// `group-without-read` says what the groups miss: pages at all, or the home page where new
/// users land (then never "for every page"); "some pages" only where one is readable.
#[test]
#[rustfmt::skip]
fn group_without_read_says_what_the_groups_miss() {
    fn docs() -> crate::settings::GroupInfo { let mut g = group(4, "Docs", &["read:pages"], &["read:pages"], false); g.page_rules[0].path = "docs".into(); g }
    let cases: &[(&str, Edit, &str, &str)] = &[
        ("no read:pages", |s, c| { c.groups = Some(vec![group(4, "Editors", &["write:pages"], &["write:pages"], false)]); s.auto_enroll_groups = vec![4] }, "Editors cannot read pages.", "home page"),
        ("an allow of /docs only", |s, c| { c.groups = Some(vec![docs()]); s.auto_enroll_groups = vec![4] }, "Docs may read some pages, but not the home page new users open first. Wiki.js shows", "every page"),
        ("a group landing users where they cannot read", |s, c| { let mut g = docs(); g.redirect_on_login = Some("/handbook".into()); c.groups = Some(vec![g]); s.auto_enroll_groups = vec![4] }, "Docs may read some pages, but not /handbook, where new users land (Redirect on Login).", "home page"),
        ("an allow of /docs another group's deny of /docs cancels", |s, c| { let mut blocked = group(5, "Blocked", &[], &["read:pages"], true); blocked.page_rules[0].path = "docs".into(); c.groups = Some(vec![docs(), blocked]); s.auto_enroll_groups = vec![4, 5] }, "Docs, Blocked cannot read the home page new users open first.", "some pages"),
        ("an allow at the root a deny at the root cancels", |s, c| { c.groups = Some(vec![readers(), group(5, "Blocked", &[], &["read:pages"], true)]); s.auto_enroll_groups = vec![3, 5] }, "cannot read the home page new users open first.", "some pages"),
    ];
    for (case, edit, says, never) in cases {
        let (mut s, mut c) = clean();
        edit(&mut s, &mut c);
        let d = diagnose(&s, &c).into_iter().find(|d| d.code == Code::GroupWithoutRead).unwrap_or_else(|| panic!("{case}: fires"));
        assert!(d.message.contains(says), "{case}: {says:?} in {:?}", d.message);
        assert!(!d.message.contains(never), "{case}: no {never:?} in {:?}", d.message);
        assert!(d.explanation().is_some(), "{case}: a why? in {:?}", d.message);
    }
}

/// The group `group-without-read` offers makes the page new users land on readable, read
/// together with the groups chosen (their Redirect on Login stays theirs).
#[test]
#[rustfmt::skip]
fn the_group_offered_reads_where_new_users_land() {
    let docs = |id: u32, name: &str, redirect: &str| { let mut g = group(id, name, &["read:pages"], &["read:pages"], false); g.page_rules[0].path = "docs".into(); g.redirect_on_login = Some(redirect.into()); g };
    let (mut s, mut c) = clean();
    // Handbook sends new users to /handbook, which no rule of its allows; Docs reads its own
    // landing page alone, but added, users may land on either.
    c.groups = Some(vec![readers(), docs(4, "Handbook", "/handbook"), docs(5, "Docs", "/docs")]);
    s.auto_enroll_groups = vec![4];
    let d = diagnose(&s, &c).into_iter().find(|d| d.code == Code::GroupWithoutRead).expect("fires");
    assert_eq!(d.action, Some(FixAction::AddAutoEnrollGroup { id: 3, name: "Readers".into() }));
    apply_fix(&mut s, &d.action.expect("a fix"));
    assert!(diagnose(&s, &c).iter().all(|d| d.code != Code::GroupWithoutRead), "the fix clears it");
}

/// Applying the one-click fix makes the finding go away.
#[test]
fn one_click_fixes_clear_their_finding() {
    #[rustfmt::skip]
    let cases: &[(Edit, &str)] = &[
        (|s, _| s.host = "https://kc.example.com/realms/wiki/protocol/openid-connect/auth".into(), "pasted-full-url"),
        (|s, _| s.host = "https://kc.example.com/auth/realms/".into(), "pasted-full-url"),
        (|s, _| s.host = " https://kc.example.com ".into(), "host-invalid"),
        (|s, _| s.host = "kc.example.com".into(), "host-invalid"),
        (|s, _| s.host = "https://kc.example.com/admin/master/console/#/wiki".into(), "host-invalid"),
        (|s, _| s.host = "https://kc.example.com/admin/master/console/".into(), "pasted-full-url"),
        (|s, _| s.host = "https://kc.example.com/realms/wiki/protocol/openid-connect/auth?client_id=wikijs".into(), "host-invalid"),
        (|s, _| s.realm = " wiki".into(), "realm-invalid"),
        (|s, _| s.realm = "wiki#".into(), "realm-invalid"),
        (|s, c| { s.logout_legacy_redirect = true; c.keycloak_version = Some(24) }, "logout-legacy-on-new-keycloak"),
        (|s, c| { s.layout = LayoutChoice::Legacy; c.keycloak_version = Some(16) }, "logout-modern-on-legacy-keycloak"),
        (|_, c| c.legacy_logout_only = true, "logout-legacy-on-new-keycloak"),
        (|s, _| { s.bypass_login_screen = true; s.order = 3 }, "bypass-not-first"),
        (|s, _| { s.bypass_login_screen = true; s.is_enabled = false }, "strategy-disabled-but-first"),
        (|s, _| s.client_id = " wikijs".into(), "client-id-whitespace"),
        (|s, _| s.client_secret = Secret::new(" x7Kp2mQ9vR4tL8wZ3nB6cF1hJ5dG0sYa "), "secret-suspicious"),
        (|s, _| s.overrides.user_info = Some("https://kc.example.com/realms/wiki/protocol/openid-connect/user".into()), "endpoint-path-unusual"),
        (|s, _| s.overrides.token = Some("https://old.example.com/realms/wiki/protocol/openid-connect/token".into()), "endpoint-overridden-mismatch"),
        (|s, _| s.overrides.token = Some("javascript:alert(1)".into()), "url-invalid"),
        (|s, _| s.overrides.token = Some(String::new()), "required"),
        (|s, _| s.domain_whitelist = vec!["@Example.com".into(), "https://mail.example.org/".into()], "domain-whitelist-invalid"),
        (|s, _| s.auto_enroll_groups.clear(), "no-auto-enroll-group"),
        (|s, c| { c.groups = Some(vec![group(4, "Editors", &["write:pages"], &["write:pages"], false), readers()]); s.auto_enroll_groups = vec![4] }, "group-without-read"),
        (|s, c| { c.groups = Some(vec![group(1, "Administrators", &["manage:system"], &[], false), readers()]); s.auto_enroll_groups = vec![1, 3] }, "group-grants-admin"),
    ];
    for (edit, code) in cases {
        let (mut s, mut c) = clean();
        edit(&mut s, &mut c);
        let before = diagnose(&s, &c);
        let action: FixAction = before
            .iter()
            .find(|d| d.code.as_str() == *code)
            .and_then(|d| d.action.clone())
            .unwrap_or_else(|| panic!("{code} offers a fix"));
        apply_fix(&mut s, &action);
        let after: Vec<&str> = diagnose(&s, &c).iter().map(|d| d.code.as_str()).collect();
        assert!(
            !after.contains(code),
            "{code} still fires after {action:?}: {after:?}"
        );
    }
}

/// A one-click fix keeps what the value meant, not only clears its finding: each domain of a
/// line that lists several stays a domain of its own; a client ID is trimmed, and a space
/// inside it gets no one-click (it may be the client's own).
#[test]
#[rustfmt::skip]
fn one_click_fixes_keep_what_the_value_meant() {
    let whitelist: &[(&[&str], &[&str])] = &[
        (&["example.com, example.org"], &["example.com", "example.org"]),
        (&["example.com example.org"], &["example.com", "example.org"]),
        (&["example.com;example.com"], &["example.com"]),
        (&["example .com"], &["example.com"]),
        (&["Example.COM"], &["example.com"]),
        (&["@Example.com", "https://mail.example.org/"], &["example.com", "mail.example.org"]),
    ];
    for (entries, expected) in whitelist {
        let (mut s, c) = clean();
        s.domain_whitelist = entries.iter().map(|e| (*e).to_owned()).collect();
        let action = diagnose(&s, &c).into_iter().find(|d| d.code == Code::DomainWhitelistInvalid).and_then(|d| d.action);
        let expected = FixAction::SetDomainWhitelist { domains: expected.iter().map(|d| (*d).to_owned()).collect() };
        assert_eq!(action, Some(expected), "{entries:?}");
    }
    let client_ids: &[(&str, Option<&str>)] = &[(" wikijs ", Some("wikijs")), ("wiki js ", Some("wiki js")), ("wiki js", None)];
    for (client_id, expected) in client_ids {
        let (mut s, c) = clean();
        s.client_id = (*client_id).into();
        let found = diagnose(&s, &c).into_iter().find(|d| d.code == Code::ClientIdWhitespace).expect("found");
        let expected = expected.map(|v| FixAction::SetText { field: Field::ClientId, value: v.into() });
        assert_eq!(found.action, expected, "{client_id:?}");
    }
}

/// The derivation keeps an `/auth` typed on the internal base URL: once Keycloak is known to
/// be 17+ (the version, or the live check finding no `/auth` at Host), `legacy-path` says so
/// under that field, and its fix takes `/auth` off the server's calls too.
#[test]
#[rustfmt::skip]
fn legacy_path_on_the_internal_base_waits_for_a_new_keycloak() {
    /// The internal base URL, the version chosen, the live check's layout, `/auth` taken off.
    type Case<'a> = (&'a str, Option<u32>, Option<Layout>, Option<&'a str>);
    let cases: &[Case] = &[
        ("http://keycloak:8080/auth", Some(24), None, Some("http://keycloak:8080")),
        ("http://keycloak:8080/sso/AUTH/", Some(17), None, Some("http://keycloak:8080/sso")),
        ("http://keycloak:8080/auth", None, Some(Layout::Quarkus), Some("http://keycloak:8080")),
        ("http://keycloak:8080/auth", Some(16), None, None),
        ("http://keycloak:8080/auth", None, None, None),
        ("http://keycloak:8080/auth", Some(24), Some(Layout::Legacy), None),
        ("http://keycloak:8080", Some(24), None, None),
        ("not a url/auth", Some(24), None, None),
        ("http://auth", Some(24), None, None),
        ("https://AUTH/", Some(24), None, None),
        ("http://keycloak:8080/é1234", Some(24), None, None),
    ];
    for (internal, version, live, expected) in cases {
        let (mut s, mut c) = clean();
        (s.internal_base_url, c.keycloak_version, c.live_layout) = ((*internal).into(), *version, *live);
        let found = diagnose(&s, &c).into_iter().find(|d| d.code == Code::LegacyPath && d.fields == [Field::InternalBaseUrl]);
        let action = found.as_ref().and_then(|d| d.action.clone());
        let expected = expected.map(|v| FixAction::SetText { field: Field::InternalBaseUrl, value: v.into() });
        assert_eq!(action, expected, "{internal} {version:?} {live:?}");
        if let Some(action) = action {
            apply_fix(&mut s, &action);
            let token = derive(&s).endpoints.token.value;
            assert!(!token.to_ascii_lowercase().contains("/auth/"), "{internal}: {token}");
            assert!(!diagnose(&s, &c).iter().any(|d| d.code == Code::LegacyPath), "{internal}: fixed");
        }
    }
    // Under Host's legacy layout the derivation adds /auth anyway: Host's finding comes first.
    let (mut s, mut c) = clean();
    (s.host, s.internal_base_url, c.keycloak_version) = ("https://kc.example.com/auth".into(), "http://keycloak:8080/auth".into(), Some(24));
    assert!(!diagnose(&s, &c).iter().any(|d| d.fields == [Field::InternalBaseUrl]), "no second /auth card");
}

/// A path ending in a character of several bytes, where `/auth` would be: no panic.
#[test]
fn a_multibyte_path_end_is_no_auth_suffix() {
    for (host, internal) in [
        ("https://kc.example.com/é1234", ""),
        ("https://kc.example.com/auth", "http://kc/é1234"),
    ] {
        let (mut s, mut c) = clean();
        (s.host, s.internal_base_url, s.layout, c.keycloak_version) =
            (host.into(), internal.into(), LayoutChoice::Legacy, Some(24));
        let _ = diagnose(&s, &c);
    }
}

/// `/auth` is right for a Keycloak 16 and for a 17+ started with http-relative-path=/auth,
/// where taking it off breaks every URL: `legacy-path` never does it in one click. The version
/// settles it (not said: "Go to" asks for it), then on 17+ the live check (its
/// `live-layout-mismatch` switches); a 17+ found answering under /auth is a note.
#[test]
#[rustfmt::skip]
fn legacy_path_never_takes_auth_off_a_server_in_use() {
    type Case = (&'static str, Option<u32>, Option<Layout>, Option<(Severity, Option<Target>)>);
    let cases: &[Case] = &[
        ("https://kc.example.com/auth", None, None, Some((Severity::Warning, Some(Target::KeycloakVersion)))),
        ("https://kc.example.com/auth", Some(16), None, None),
        ("https://kc.example.com/auth", Some(17), None, Some((Severity::Warning, Some(Target::LiveCheck)))),
        ("https://kc.example.com/auth", Some(26), None, Some((Severity::Warning, Some(Target::LiveCheck)))),
        ("https://kc.example.com/auth", None, Some(Layout::Legacy), Some((Severity::Warning, Some(Target::KeycloakVersion)))),
        ("https://kc.example.com/auth", Some(26), Some(Layout::Legacy), Some((Severity::Info, None))),
        // Host without /auth, Keycloak found under it: the live finding switches, this agrees.
        ("https://kc.example.com", Some(24), Some(Layout::Legacy), Some((Severity::Info, None))),
        ("https://kc.example.com/auth", Some(26), Some(Layout::Quarkus), None),
    ];
    for (host, version, live, expected) in cases {
        let (mut s, mut c) = clean();
        (s.host, c.keycloak_version, c.live_layout) = ((*host).into(), *version, *live);
        let found = diagnose(&s, &c).into_iter().find(|d| d.code == Code::LegacyPath);
        let got = found.as_ref().map(|d| (d.severity, d.go_to(&s, &c)));
        assert_eq!(got, *expected, "{host}, {version:?}, {live:?}");
        assert_eq!(found.and_then(|d| d.action), None, "{host}, {version:?}, {live:?}: no one-click");
    }
}

/// On 17+ the check that tells whether /auth is wrong may not reach Keycloak from the
/// browser: `legacy-path` also names the address that tells, opened by hand.
#[test]
#[rustfmt::skip]
fn legacy_path_names_the_address_that_tells_without_the_live_check() {
    let without_auth = |url: &str| format!(" To tell without it, open {url}: the realm's JSON there (starting {{\"issuer\":) means /auth is wrong, a page not found that /auth is right.");
    const PLAIN: &str = "https://kc.example.com/realms/wiki/.well-known/openid-configuration";
    /// Host, realm, layout, Keycloak version, the address said (none: not said).
    type Case = (&'static str, &'static str, LayoutChoice, Option<u32>, Option<&'static str>);
    let cases: &[Case] = &[
        ("https://kc.example.com/auth", "wiki", LayoutChoice::Automatic, Some(17), Some(PLAIN)),
        ("https://kc.example.com/auth/", "wiki", LayoutChoice::Automatic, Some(26), Some(PLAIN)),
        ("https://kc.example.com", "wiki", LayoutChoice::Legacy, Some(24), Some(PLAIN)),
        ("https://example.com/sso/auth", "wiki", LayoutChoice::Automatic, Some(26), Some("https://example.com/sso/realms/wiki/.well-known/openid-configuration")),
        ("https://kc.example.com/auth", "auth", LayoutChoice::Automatic, Some(26), Some("https://kc.example.com/realms/auth/.well-known/openid-configuration")),
        // No realm, no address; not said where the version is not known ("Go to" asks for
        // it) or settles it.
        ("https://kc.example.com/auth", "", LayoutChoice::Automatic, Some(26), None),
        ("https://kc.example.com/auth", "wiki", LayoutChoice::Automatic, None, None),
        ("https://kc.example.com/auth", "wiki", LayoutChoice::Automatic, Some(16), None),
    ];
    for (host, realm, layout, version, url) in cases {
        let (mut s, mut c) = clean();
        (s.host, s.realm, s.layout, c.keycloak_version) = ((*host).into(), (*realm).into(), *layout, *version);
        let fix = diagnose(&s, &c).into_iter().find(|d| d.code == Code::LegacyPath).map(|d| d.fix);
        let said = fix.as_deref().unwrap_or("");
        match url {
            Some(url) => assert!(said.ends_with(&without_auth(url)), "{host} {realm} {version:?}: {said}"),
            None => assert!(!said.contains("To tell without it"), "{host} {realm} {version:?}: {said}"),
        }
    }
}

#[test]
fn diagnose_uses_the_same_derivation_the_ui_shows() {
    let (s, c) = clean();
    let derived = derive(&s);
    assert_eq!(
        crate::diagnostics::checks::diagnose_derived(&s, &c, &derived),
        diagnose(&s, &c)
    );
}

/// The group a one-click fix assigns new users to: readable, not an administrators' group,
/// Guests only when nothing else reads, then the fewest permissions, then the lowest id.
#[test]
fn the_group_fix_picks_the_least_powerful_readable_group() {
    let admins = || group(1, "Administrators", &["manage:system"], &[], false);
    let guests = || {
        group(
            2,
            "Guests",
            &["read:pages", "read:assets", "read:comments"],
            &["read:pages"],
            false,
        )
    };
    let editors = || {
        group(
            4,
            "Editors",
            &["read:pages", "write:pages"],
            &["read:pages", "write:pages"],
            false,
        )
    };
    let writers = || group(5, "Writers", &["write:pages"], &["write:pages"], false);
    let twin = || {
        group(
            6,
            "Also readers",
            &["read:pages", "read:assets"],
            &["read:pages"],
            false,
        )
    };
    #[rustfmt::skip]
    let cases: Vec<(&str, Vec<crate::settings::GroupInfo>, Option<&str>)> = vec![
        ("a readers group over Guests", vec![admins(), guests(), readers()], Some("Readers")),
        ("Guests when nothing else reads", vec![admins(), guests(), writers()], Some("Guests")),
        ("fewer permissions first", vec![editors(), readers()], Some("Readers")),
        ("the lower id on a tie", vec![twin(), readers()], Some("Readers")),
        ("never the administrators", vec![admins()], None),
        ("no readable group: no button", vec![writers()], None),
    ];
    for (name, groups, expected) in cases {
        let (mut s, mut c) = clean();
        s.auto_enroll_groups.clear();
        c.groups = Some(groups);
        let action = diagnose(&s, &c)
            .into_iter()
            .find(|d| d.code == Code::NoAutoEnrollGroup)
            .unwrap_or_else(|| panic!("{name}: no-auto-enroll-group fires"))
            .action;
        let picked = match &action {
            Some(FixAction::AddAutoEnrollGroup { name, .. }) => Some(name.as_str()),
            None => None,
            Some(other) => panic!("{name}: unexpected fix {other:?}"),
        };
        assert_eq!(picked, expected, "{name}");
    }
}

#[test]
fn group_fixes_name_the_group() {
    let add = FixAction::AddAutoEnrollGroup {
        id: 3,
        name: "Readers".into(),
    };
    let remove = FixAction::RemoveAutoEnrollGroup {
        id: 1,
        name: "Administrators".into(),
    };
    assert_eq!(add.label(), "Assign new users to Readers");
    assert_eq!(remove.label(), "Stop assigning new users to Administrators");
    let mut s = clean_settings();
    s.auto_enroll_groups = vec![1, 3];
    apply_fix(&mut s, &add);
    assert_eq!(
        s.auto_enroll_groups,
        [1, 3],
        "adding a group already there keeps one"
    );
    apply_fix(&mut s, &remove);
    assert_eq!(s.auto_enroll_groups, [3]);
}

/// `/auth` presets "Legacy Logout Redirect", but Keycloak 17+ can keep `/auth` too: while the
/// toggle is on (and exists), `legacy-path` says to turn it off on such a server.
#[test]
fn legacy_path_mentions_the_legacy_logout_only_while_it_is_on() {
    #[rustfmt::skip]
    let cases: &[(&str, Edit, bool)] = &[
        ("toggle on", |s, _| s.logout_legacy_redirect = true, true),
        ("toggle off", |s, _| s.logout_legacy_redirect = false, false),
        ("toggle on, upstream logout off", |s, _| { s.logout_legacy_redirect = true; s.logout_upstream = false }, false),
        ("a wiki without the toggle", |s, c| { s.logout_legacy_redirect = true; c.legacy_logout_only = true }, false),
    ];
    for (name, edit, mentioned) in cases {
        let (mut s, mut c) = clean();
        s.host = "https://kc.example.com/auth".into();
        edit(&mut s, &mut c);
        let d = diagnose(&s, &c)
            .into_iter()
            .find(|d| d.code == Code::LegacyPath)
            .unwrap_or_else(|| panic!("{name}: legacy-path fires"));
        assert_eq!(
            d.fix.contains("Legacy Logout Redirect off"),
            *mentioned,
            "{name}: {}",
            d.fix
        );
    }
}

/// `split-host-issuer`: the setting in the form the version takes, and a note once pinned.
#[test]
#[rustfmt::skip]
fn split_host_issuer_names_the_versions_setting_and_stands_down_once_pinned() {
    let cases: [(Option<u32>, bool, &[&str], Severity); 5] = [
        (Some(26), false, &["KC_HOSTNAME=https://kc.example.com", "BACKCHANNEL_DYNAMIC"], Severity::Warning),
        (Some(21), false, &["KC_HOSTNAME=kc.example.com ", "KC_HOSTNAME_STRICT_BACKCHANNEL=false"], Severity::Warning),
        (Some(16), false, &["Frontend URL to https://kc.example.com"], Severity::Warning),
        (None, false, &["Keycloak 25+", "Keycloak 17–24", "Keycloak 16 and older"], Severity::Warning),
        (Some(26), true, &["KC_HOSTNAME=https://kc.example.com"], Severity::Info),
    ];
    for (version, pinned, says, severity) in cases {
        let settings = Settings { internal_base_url: "http://keycloak:8080".into(), ..clean_settings() };
        let context = Context { keycloak_version: version, issuer_pinned: pinned, ..clean_context() };
        let found = diagnose(&settings, &context);
        let d = found.iter().find(|d| d.code == Code::SplitHostIssuer).expect("fires");
        for text in says {
            assert!(d.fix.contains(text), "{version:?}: {text} in {}", d.fix);
        }
        assert_eq!(d.severity, severity, "{version:?} pinned={pinned}");
        // Once said, the note asks nothing more of the admin.
        assert_eq!(d.fix.contains("then say so here"), !pinned, "{version:?}: {}", d.fix);
    }
}

/// `insecure-http` on URLs built from Host offers Host with https, where Host names no
/// port; an overridden URL is the admin's own, and gets no such fix.
#[test]
#[rustfmt::skip]
fn insecure_http_offers_https_for_host_where_it_names_no_port() {
    let cases: [(&str, bool, Option<&str>); 5] = [
        ("http://kc.example.com", false, Some("https://kc.example.com")),
        ("http://kc.example.com/auth", false, Some("https://kc.example.com/auth")),
        ("HTTP://kc.example.com", false, Some("https://kc.example.com")),
        ("http://kc.example.com:8080", false, None),
        ("http://kc.example.com", true, None),
    ];
    for (host, overridden, offered) in cases {
        let mut settings = Settings { host: host.into(), ..clean_settings() };
        if overridden {
            *settings.overrides.get_mut(Endpoint::Authorization) =
                Some("http://kc.example.com/realms/wiki/protocol/openid-connect/auth".into());
        }
        let found = diagnose(&settings, &clean_context());
        let d = found.iter()
            .find(|d| d.code == Code::InsecureHttp && d.fields.first() == Some(&Field::AuthorizationUrl))
            .unwrap_or_else(|| panic!("{host}: fires"));
        let set = match &d.action {
            Some(FixAction::SetText { field: Field::Host, value }) => Some(value.as_str()),
            _ => None,
        };
        assert_eq!(set, offered, "{host} overridden={overridden}");
    }
}

/// `register-post-logout-uri` fires as the spec says (upstream logout on), and says where the
/// Site URL goes: Valid post logout redirect URIs, or with the legacy logout (the toggle, or a
/// wiki before 2.5.300) Valid redirect URIs.
#[test]
#[rustfmt::skip]
fn register_post_logout_uri_says_where_the_site_url_goes() {
    // (upstream, Legacy Logout Redirect, a wiki before 2.5.300, the list it names)
    let cases: &[(bool, bool, bool, Option<&str>)] = &[
        (true, false, false, Some("Valid post logout redirect URIs")),
        (true, true, false, Some("Valid redirect URIs")),
        (true, false, true, Some("Valid redirect URIs")),
        (false, false, false, None),
    ];
    for &(upstream, legacy, old_wiki, names) in cases {
        let (mut s, mut c) = clean();
        (s.logout_upstream, s.logout_legacy_redirect, c.legacy_logout_only) = (upstream, legacy, old_wiki);
        let d = diagnose(&s, &c).into_iter().find(|d| d.code == Code::RegisterPostLogoutUri);
        let list = d.as_ref().map(|d| if d.fix.contains("Valid post logout redirect URIs") { "Valid post logout redirect URIs" } else if d.fix.contains("Valid redirect URIs") { "Valid redirect URIs" } else { "neither" });
        assert_eq!(list, names, "upstream {upstream}, legacy {legacy}, old wiki {old_wiki}: {d:?}");
        if let Some(d) = d {
            assert!(d.fix.ends_with("https://wiki.example.com"), "{}", d.fix);
        }
    }
}

/// A finding about an override says what it breaks: a broken sign-in URL fails at login, a
/// broken logout URL at logout; an empty sign-in URL stops the strategy loading, an empty
/// logout URL only keeps the Keycloak session (facts: the logout URL is optional).
#[test]
#[rustfmt::skip]
fn an_overrides_finding_says_what_it_breaks() {
    use crate::settings::Endpoint;
    let cases: &[(Endpoint, &str, Code, &str)] = &[
        (Endpoint::Token, "ftp://kc.example.com/x", Code::UrlInvalid, "at login and fail."),
        (Endpoint::Logout, "ftp://kc.example.com/x", Code::UrlInvalid, "at logout."),
        (Endpoint::Token, "", Code::Required, "Invalid authentication provider."),
        (Endpoint::Logout, "", Code::Required, "Keycloak logout URL is not configured!"),
    ];
    for (endpoint, value, code, says) in cases {
        let (mut s, c) = clean();
        *s.overrides.get_mut(*endpoint) = Some((*value).into());
        let d = diagnose(&s, &c).into_iter().find(|d| d.code == *code).unwrap_or_else(|| panic!("{endpoint:?}: {code:?}"));
        assert!(d.message.contains(says), "{endpoint:?}: {}", d.message);
    }
}

/// The logout findings by the version chosen: the outcome users meet on that version, and
/// the legacy logout turned on in one click only once the version says Keycloak before 18
/// (on 18+ kept under /auth it breaks logout), off only once it says 18+ (17, which the
/// layout does not tell from 18+, takes only the legacy logout).
#[test]
#[rustfmt::skip]
fn logout_findings_follow_the_version() {
    /// Legacy Logout Redirect, Host, the version; the code, a one-click fix, a word of its text, Go to.
    type Case = (bool, &'static str, Option<u32>, &'static str, bool, &'static str, Option<Target>);
    let cases: &[Case] = &[
        (true, "https://kc.example.com", None, "logout-legacy-on-new-keycloak", false, "on Keycloak 17, leave it on. Set the Keycloak version", Some(Target::KeycloakVersion)),
        (true, "https://kc.example.com", None, "logout-legacy-on-new-keycloak", false, "26+ ignores it", Some(Target::KeycloakVersion)),
        (true, "https://kc.example.com", Some(24), "logout-legacy-on-new-keycloak", true, "Keycloak 18 to 25 answer", Some(Target::Field(Field::LogoutLegacyRedirect))),
        (true, "https://kc.example.com", Some(26), "logout-legacy-on-new-keycloak", true, "Do you want to log out?", Some(Target::Field(Field::LogoutLegacyRedirect))),
        (false, "https://kc.example.com/auth", None, "logout-modern-on-legacy-keycloak", false, "Set the Keycloak version", Some(Target::KeycloakVersion)),
        (false, "https://kc.example.com/auth", Some(16), "logout-modern-on-legacy-keycloak", true, "Turn Legacy Logout Redirect on.", Some(Target::Field(Field::LogoutLegacyRedirect))),
    ];
    for (legacy, host, version, code, one_click, words, go_to) in cases {
        let (mut s, mut c) = clean();
        (s.logout_legacy_redirect, s.host, c.keycloak_version) = (*legacy, (*host).into(), *version);
        let d = diagnose(&s, &c).into_iter().find(|d| d.code.as_str() == *code).unwrap_or_else(|| panic!("{code} {version:?} fires"));
        assert_eq!(d.action.is_some(), *one_click, "{code} {version:?}");
        assert!(format!("{} {}", d.message, d.fix).contains(words), "{code} {version:?}: {} {}", d.message, d.fix);
        assert_eq!(d.go_to(&s, &c), *go_to, "{code} {version:?}");
    }
    let (mut s, mut c) = clean();
    (s.logout_legacy_redirect, c.keycloak_version) = (true, Some(26));
    let d = diagnose(&s, &c).into_iter().find(|d| d.code == Code::LogoutLegacyOnNewKeycloak).expect("fires");
    assert!(!d.message.contains("Invalid parameter"), "26 only: {}", d.message);
}

/// Host under /auth, an internal base URL beside it, and the Keycloak version chosen.
fn split_auth_form(version: u32) -> (Settings, Context) {
    let (mut s, mut c) = clean();
    (s.host, s.internal_base_url, c.keycloak_version) = (
        "https://kc.example.com/auth".into(),
        "http://keycloak:8080".into(),
        Some(version),
    );
    (s, c)
}

/// `split-host-issuer` names the base the Wiki.js server really calls, `/auth` included.
#[test]
fn split_host_issuer_names_the_internal_base_as_called() {
    let (s, c) = split_auth_form(16);
    let d = diagnose(&s, &c)
        .into_iter()
        .find(|d| d.code == Code::SplitHostIssuer)
        .expect("fires");
    assert!(
        d.message
            .starts_with("Wiki.js will call http://keycloak:8080/auth while"),
        "{}",
        d.message
    );
}

/// `legacy-path`'s fix names where the /auth is (Host, or the layout chosen) and, once the
/// live check has found Keycloak under /auth on a 17+, says to keep it or take it up.
#[test]
#[rustfmt::skip]
fn legacy_path_says_where_the_auth_is() {
    type Case = (&'static str, LayoutChoice, Option<Layout>, &'static str);
    let cases: &[Case] = &[
        ("https://kc.example.com/auth", LayoutChoice::Automatic, None, "Take /auth off Host, unless"),
        ("https://kc.example.com", LayoutChoice::Legacy, None, "Set the layout to Automatic, unless"),
        ("https://kc.example.com/auth", LayoutChoice::Automatic, Some(Layout::Legacy), "keep /auth in Host"),
        ("https://kc.example.com", LayoutChoice::Legacy, Some(Layout::Legacy), "keep the legacy /auth layout"),
        ("https://kc.example.com", LayoutChoice::Automatic, Some(Layout::Legacy), "Use the /auth layout"),
    ];
    for (host, layout, live, says) in cases {
        let (mut s, mut c) = clean();
        (s.host, s.layout, c.live_layout, c.keycloak_version) = ((*host).into(), *layout, *live, Some(24));
        let d = diagnose(&s, &c).into_iter().find(|d| d.code == Code::LegacyPath).unwrap_or_else(|| panic!("{host} {layout:?} {live:?}"));
        assert!(d.fix.contains(says), "{host} {layout:?} {live:?}: {}", d.fix);
    }
}

/// RH-SSO 7.6 is Keycloak 18 on WildFly: where /auth and the hostname are concerned, the
/// advice for 17 to 24 names the WildFly builds beside the Quarkus options.
#[test]
fn wildfly_builds_of_17_to_19_are_named() {
    let (s, mut c) = split_auth_form(18);
    let found = diagnose(&s, &c);
    let fix_of = |code: Code| {
        found
            .iter()
            .find(|d| d.code == code)
            .map(|d| d.fix.clone())
            .unwrap_or_default()
    };
    assert!(
        fix_of(Code::SplitHostIssuer)
            .contains("RH-SSO 7.x, the -legacy images of 17 to 19): the realm's Frontend URL"),
        "{}",
        fix_of(Code::SplitHostIssuer)
    );
    assert!(
        fix_of(Code::LegacyPath).contains("is a WildFly build (RH-SSO 7.x"),
        "{}",
        fix_of(Code::LegacyPath)
    );
    c.keycloak_version = Some(26);
    let later = diagnose(&s, &c)
        .into_iter()
        .find(|d| d.code == Code::LegacyPath)
        .expect("legacy-path");
    assert!(!later.fix.contains("WildFly"), "{}", later.fix);
}

/// The console's address names the realm it shows in its fragment; without one, only the
/// realm the admin signed in to, which the split must not put in Realm.
#[test]
fn a_console_address_sets_realm_only_from_the_realm_it_shows() {
    #[rustfmt::skip]
    let cases: &[(&str, &str, &str)] = &[
        // (Host pasted over Realm "wiki", Host after the fix, Realm after the fix)
        ("https://kc.example.com/admin/master/console/#/staff", "https://kc.example.com", "staff"),
        ("https://kc.example.com/auth/admin/master/console/#/realms/staff", "https://kc.example.com/auth", "staff"),
        ("https://kc.example.com/admin/master/console/", "https://kc.example.com", "wiki"),
        ("https://kc.example.com/auth/admin/master/console/", "https://kc.example.com/auth", "wiki"),
        // A fragment naming no realm: nothing derives (the error), and still only Host.
        ("https://kc.example.com/admin/master/console/#/", "https://kc.example.com", "wiki"),
    ];
    for (pasted, host, realm) in cases {
        let (mut s, c) = clean();
        s.host = (*pasted).into();
        // A layout chosen by hand does not keep a pasted /auth from counting.
        s.layout = LayoutChoice::Quarkus;
        let action = diagnose(&s, &c)
            .into_iter()
            .find_map(|d| d.action.filter(|_| d.fields.first() == Some(&Field::Host)))
            .unwrap_or_else(|| panic!("{pasted}: a fix on Host"));
        apply_fix(&mut s, &action);
        assert_eq!(
            (s.host.as_str(), s.realm.as_str()),
            (*host, *realm),
            "{pasted}"
        );
        assert_eq!(s.layout, LayoutChoice::Automatic, "{pasted}");
    }
    // With Realm empty, the button says it sets Host alone; the card names Host only.
    let (mut s, c) = clean();
    s.host = "https://kc.example.com/admin/master/console/".into();
    s.realm.clear();
    let card = diagnose(&s, &c)
        .into_iter()
        .find(|d| d.code == Code::PastedFullUrl)
        .expect("pasted-full-url");
    assert_eq!(card.fields, [Field::Host]);
    assert_eq!(
        card.action.map(|a| a.label()).as_deref(),
        Some("Set Host to https://kc.example.com")
    );
}

/// `private-ca` once for each address that is its own: Host, the internal base URL, an
/// override on another server; not again for each URL built from them.
#[test]
#[rustfmt::skip]
fn private_ca_is_said_once_per_address() {
    let cases: &[(&str, Edit, usize)] = &[
        ("Host on an internal name", |s, _| s.host = "https://sso.home.arpa".into(), 1),
        ("the internal base on an internal name", |s, _| s.internal_base_url = "https://keycloak.internal".into(), 1),
        ("both", |s, _| { s.host = "https://sso.home.arpa".into(); s.internal_base_url = "https://keycloak.internal".into() }, 2),
        ("the admin's own CA, with an internal base", |s, c| { s.internal_base_url = "https://keycloak.internal".into(); c.private_ca = true }, 1),
        ("a token override on an internal server", |s, _| s.overrides.token = Some("https://10.0.0.5/realms/wiki/protocol/openid-connect/token".into()), 1),
        ("a token override on the internal base's own address", |s, _| { s.internal_base_url = "https://keycloak.internal".into(); s.overrides.token = Some("https://keycloak.internal/realms/other/protocol/openid-connect/token".into()) }, 1),
        ("a token override on another internal server than the internal base", |s, _| { s.internal_base_url = "https://keycloak.internal".into(); s.overrides.token = Some("https://10.0.0.5/realms/wiki/protocol/openid-connect/token".into()) }, 2),
    ];
    for (case, edit, times) in cases {
        let said = codes_after(*edit).iter().filter(|c| **c == "private-ca").count();
        assert_eq!(said, *times, "{case}");
    }
}
