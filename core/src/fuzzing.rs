//! Entry points for fuzzing and corpus replay.
//!
//! Each function takes arbitrary bytes, turns them into the inputs of one part of the core and
//! runs it. The cargo-fuzz targets in `tests/fuzz/fuzz_targets/` are one-line wrappers around
//! these, and `core::tests::fuzz_corpus` replays the committed corpus
//! (`tests/fuzz/corpus/<target>/`) through them on every native test run, so a crash the
//! fuzzer once found stays fixed.
//!
//! The core never panics on any input; these functions add cheap invariants on top
//! (`assert!`), so a violated invariant is reported by the fuzzer exactly like a crash.
//!
//! Inputs are text where possible, so corpus files can be read and written by hand. Bytes
//! that are not UTF-8 are replaced (lossily), and lines are split on `\n`:
//!
//! - [`derive_and_diagnose`]: line 0 holds flag bytes (see [`Flags`]), then one line per
//!   field: host, realm, internal base URL, site URL, client ID, client secret, strategy key,
//!   the four endpoint overrides (authorization, token, userinfo, logout; used when their flag
//!   bit is set), the page origin (none when empty), the email domains and the auto-enroll
//!   group ids (both comma-separated).
//! - [`parse_urls`], [`troubleshoot`]: the whole input is one text.
//! - [`wikijs_decode`]: line 0 is the HTTP status (decimal; other text is folded into a
//!   number), the rest is the body.
//! - [`keycloak_export`]: the whole input is the pasted export.
//! - [`live_interpret`]: line 0 holds flag bytes, then host, realm, internal base URL and
//!   page origin; every further line is one probe outcome: `json <status> <body>`,
//!   `http <status> <body>`, `net <message>`, `timeout`, or anything else for "not attempted".

use crate::derive::{decode_segment, derive, encode_realm, Derived};
use crate::diagnostics::checks::diagnose;
use crate::diagnostics::fix::apply_fix;
use crate::diagnostics::live::{interpret_live, live_plan, next_probe, Discovery, ProbeOutcome};
use crate::diagnostics::Diagnostic;
use crate::host::{cleaned_url, host_of, parse_base, parse_http_url, parse_url, HostName};
use crate::paste::split_keycloak_url;
use crate::secret::Secret;
use crate::settings::{Context, Endpoint, GroupInfo, Layout, LayoutChoice, PageRule, Settings};
use crate::troubleshoot::troubleshoot as explain;
use crate::wikijs::plan::{current_list, masked_json, planned_list};
use crate::wikijs::queries::{AUTO_LOGIN_PATH, UPDATE_STRATEGIES_PATH};
use crate::wikijs::strategy::KEYCLOAK;
use crate::wikijs::{
    already_applied, changed_since, check_not_dropping, decode_active, decode_data, decode_group,
    decode_load, decode_probe, decode_result, diff_config, keycloak_input, keycloak_prop_keys,
    merge, settings_from_strategy, ActiveStrategy, BackendError, Loaded,
};

/// A fuzz target: the name of its corpus directory and fuzz target, and its entry point.
pub type Target = (&'static str, fn(&[u8]));

/// The six targets.
pub const TARGETS: [Target; 6] = [
    ("derive_and_diagnose", derive_and_diagnose),
    ("parse_urls", parse_urls),
    ("wikijs_decode", wikijs_decode),
    ("live_interpret", live_interpret),
    ("troubleshoot", troubleshoot),
    ("keycloak_export", keycloak_export),
];

/// The flag bytes of line 0; a missing byte reads as 0.
///
/// - byte 0: layout choice (value mod 3: automatic, Keycloak 17+, legacy);
/// - byte 1, bit 0: logout upstream; 1: legacy logout redirect; 2: self-registration;
///   3: bypass login screen; 4: enabled; 5: the page is served over https (live target);
///   6: the context knows the groups;
/// - byte 2: position in the login list (mod 8);
/// - byte 3, bits 0–3: the authorization, token, userinfo, logout overrides are set;
///   bits 4–5: the layout the live check found (0 none, 1 Keycloak 17+, 2 or 3 legacy).
struct Flags<'a>(&'a [u8]);

impl Flags<'_> {
    fn byte(&self, i: usize) -> u8 {
        self.0.get(i).copied().unwrap_or(0)
    }

    fn bit(&self, byte: usize, bit: u8) -> bool {
        self.byte(byte) & (1 << bit) != 0
    }

    fn layout(&self) -> LayoutChoice {
        match self.byte(0) % 3 {
            0 => LayoutChoice::Automatic,
            1 => LayoutChoice::Quarkus,
            _ => LayoutChoice::Legacy,
        }
    }

    fn live_layout(&self) -> Option<Layout> {
        match (self.byte(3) >> 4) & 3 {
            0 => None,
            1 => Some(Layout::Quarkus),
            _ => Some(Layout::Legacy),
        }
    }
}

/// `data` split on `\n`: the raw first line (flags) and the rest as lossy text fields.
fn lines(data: &[u8]) -> (&[u8], Vec<String>) {
    let mut parts = data.split(|&b| b == b'\n');
    let first = parts.next().unwrap_or_default();
    let rest = parts
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    (first, rest)
}

fn field(fields: &[String], i: usize) -> String {
    fields.get(i).cloned().unwrap_or_default()
}

fn comma_list(text: &str) -> Vec<String> {
    if text.is_empty() {
        Vec::new()
    } else {
        text.split(',').map(str::to_owned).collect()
    }
}

/// Groups the diagnostics can look at: one per id, granting (by id mod 4) nothing, read
/// access, `manage:system`, or `read:pages` without a page rule.
fn groups_for(ids: &[u32]) -> Vec<GroupInfo> {
    ids.iter()
        .map(|&id| {
            let (permissions, rules): (&[&str], bool) = match id % 4 {
                0 => (&[], false),
                1 => (&["read:pages"], true),
                2 => (&["manage:system"], false),
                _ => (&["read:pages"], false),
            };
            GroupInfo {
                id,
                name: format!("Group {id}"),
                permissions: permissions.iter().map(|p| (*p).to_owned()).collect(),
                page_rules: if rules {
                    vec![PageRule {
                        id: "r".to_owned(),
                        match_kind: "START".to_owned(),
                        roles: vec!["read:pages".to_owned()],
                        ..PageRule::default()
                    }]
                } else {
                    Vec::new()
                },
                redirect_on_login: None,
            }
        })
        .collect()
}

/// Arbitrary bytes → settings and context → derive, diagnose, and every offered fix applied
/// (each followed by another derive and diagnose).
pub fn derive_and_diagnose(data: &[u8]) {
    let (flags, fields) = lines(data);
    let flags = Flags(flags);
    let f = |i| field(&fields, i);
    let ids: Vec<u32> = f(13)
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let mut settings = Settings {
        host: f(0),
        realm: f(1),
        internal_base_url: f(2),
        site_url: f(3),
        client_id: f(4),
        client_secret: Secret::new(f(5)),
        strategy_key: f(6),
        layout: flags.layout(),
        logout_upstream: flags.bit(1, 0),
        logout_legacy_redirect: flags.bit(1, 1),
        self_registration: flags.bit(1, 2),
        bypass_login_screen: flags.bit(1, 3),
        is_enabled: flags.bit(1, 4),
        order: usize::from(flags.byte(2) % 8),
        domain_whitelist: comma_list(&f(12)),
        auto_enroll_groups: ids.clone(),
        ..Settings::default()
    };
    for (i, endpoint) in Endpoint::ALL.into_iter().enumerate() {
        if flags.bit(3, i as u8) {
            *settings.overrides.get_mut(endpoint) = Some(f(7 + i));
        }
    }
    let page_origin = f(11);
    let context = Context {
        page_origin: (!page_origin.is_empty()).then_some(page_origin),
        groups: flags.bit(1, 6).then(|| groups_for(&ids)),
        live_layout: flags.live_layout(),
        legacy_logout_only: flags.bit(1, 7),
        // Byte 4 picks the version around its thresholds (16/17/18/25), or none.
        keycloak_version: [
            None,
            Some(16),
            Some(17),
            Some(18),
            Some(24),
            Some(25),
            Some(26),
        ][usize::from(flags.byte(4)) % 7],
        issuer_pinned: flags.bit(2, 7),
        private_ca: flags.bit(3, 6),
        wiki_holds_form: flags.bit(3, 5),
        keycloak_export: None,
    };

    let found = check_settings(&settings, &context);
    for action in found.iter().filter_map(|d| d.action.as_ref()) {
        let mut fixed = settings.clone();
        apply_fix(&mut fixed, action);
        let mut twice = fixed.clone();
        apply_fix(&mut twice, action);
        assert_eq!(twice, fixed, "a fix applied twice changes more: {action:?}");
        let after = check_settings(&fixed, &context);
        assert!(
            !after.iter().any(|d| d.action.as_ref() == Some(action)),
            "applying {action:?} offers the same fix again"
        );
    }
}

/// Derive and diagnose once, checking what must hold of any result.
fn check_settings(settings: &Settings, context: &Context) -> Vec<Diagnostic> {
    let derived = derive(settings);
    assert_eq!(derived, derive(settings), "derive is deterministic");
    check_derived(settings, &derived);
    let found = diagnose(settings, context);
    assert!(
        found.windows(2).all(|w| w[0].severity <= w[1].severity),
        "diagnostics are sorted by severity"
    );
    found
}

/// Every derived URL parses strictly, and each derived endpoint splits back into the base and
/// realm it was made of (when the realm is a usable path segment).
fn check_derived(settings: &Settings, derived: &Derived) {
    let urls = [
        &derived.public_base,
        &derived.internal_base,
        &derived.issuer,
    ]
    .into_iter()
    .chain([&derived.discovery_url])
    .flatten()
    .chain(
        Endpoint::ALL
            .iter()
            .filter_map(|&e| derived.endpoints.get(e).derived.as_ref()),
    );
    for url in urls {
        assert!(
            parse_http_url(url).is_ok(),
            "derived URL does not parse: {url}"
        );
    }
    // Not checked: a Host whose path already has a `realms` segment (`…/realms`, `…/realms/x`):
    // `pasted-full-url` reports it and offers the base; until fixed the URLs nest `/realms/`.
    let plain_host = !settings.host.to_ascii_lowercase().contains("/realms");
    let plain_realm = settings.realm != "." && settings.realm != "..";
    // Nor a base the layout's `/auth` took past the bound Host is held to: a split offers
    // only a base Host would take.
    let bounded = derived
        .public_base
        .as_ref()
        .is_none_or(|b| b.len() <= crate::host::MAX_URL_LEN);
    if !(plain_host && plain_realm && bounded) {
        return;
    }
    for endpoint in [Endpoint::Authorization, Endpoint::Logout] {
        let Some(url) = &derived.endpoints.get(endpoint).derived else {
            continue;
        };
        // A Host typed with `/auth` twice keeps one on the Keycloak 17+ layout, and that base
        // reads back as legacy; base and realm still come back exactly.
        let doubled_auth = settings.host.to_ascii_lowercase().matches("/auth").count() > 1;
        let split = split_keycloak_url(url);
        assert!(
            split.as_ref().is_some_and(|s| s.realm == settings.realm
                && Some(&s.base) == derived.public_base.as_ref()
                && (doubled_auth || Some(s.layout) == derived.layout)),
            "{url} does not split back into {:?} and realm {:?}: {split:?}",
            derived.public_base,
            settings.realm
        );
    }
}

/// Arbitrary text → every URL reader of the core.
pub fn parse_urls(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for input in [&*text, text.trim()] {
        let _ = parse_url(input);
        if let Err(problem) = parse_http_url(input) {
            let _ = problem.reason();
        }
        if let Ok(base) = parse_base(input) {
            let host = &base.host;
            let _ = (host.display(), host.is_loopback(), host.is_non_public());
            if let HostName::Domain(name) = host {
                assert!(name.is_ascii(), "hosts are ASCII: {name}");
            }
            let again = parse_base(&format!("{}{}", base.origin, base.path));
            assert_eq!(again.as_ref(), Ok(&base), "a base re-reads as itself");
            assert!(host_of(input).is_some(), "a base has a host: {input}");
        }
        if let Some(clean) = cleaned_url(input) {
            assert!(
                parse_base(&clean).is_ok(),
                "cleaned {input:?} to unusable {clean}"
            );
            assert_eq!(
                cleaned_url(&clean),
                None,
                "cleaning {clean} again changes it"
            );
        }
        if let Some(split) = split_keycloak_url(input) {
            assert!(
                !split.realm.is_empty(),
                "split {input:?} into an empty realm"
            );
            assert!(
                parse_base(&split.base).is_ok(),
                "split {input:?} into base {}",
                split.base
            );
        }
        let _ = decode_segment(input);
        assert_eq!(decode_segment(&encode_realm(input)).as_deref(), Some(input));
    }
}

/// Line 0 → an HTTP status, the rest → a body, fed to every Wiki.js answer decoder; a decoded
/// strategy list is mapped to settings, merged and compared as the save does.
pub fn wikijs_decode(data: &[u8]) {
    let (first, fields) = lines(data);
    let status = std::str::from_utf8(first)
        .ok()
        .and_then(|s| s.trim().parse::<u16>().ok())
        .unwrap_or_else(|| {
            first
                .iter()
                .fold(0u16, |n, &b| n.wrapping_mul(31).wrapping_add(u16::from(b)))
        });
    let body = fields.join("\n");

    let error = |e: BackendError| {
        let _ = (e.message(), e.is_permission());
    };
    match decode_load(status, &body) {
        Ok(loaded) => check_loaded(&loaded),
        Err(e) => error(e),
    }
    match decode_active(status, &body) {
        Ok(active) => check_strategies(&active, "https://wiki.example.com", None),
        Err(e) => error(e),
    }
    if let Err(e) = decode_group(status, &body) {
        error(e);
    }
    for path in [
        UPDATE_STRATEGIES_PATH,
        AUTO_LOGIN_PATH,
        &["groups", "update"],
    ] {
        if let Err(e) = decode_result(status, &body, path) {
            error(e);
        }
    }
    if let Err(e) = decode_data(status, &body) {
        error(e);
    }
    if let Err(e) = decode_probe(status, &body) {
        error(e);
    }
}

/// A full load: the strategies as [`check_strategies`], and the list a save would post.
fn check_loaded(loaded: &Loaded) {
    let props = keycloak_prop_keys(&loaded.definitions);
    assert_eq!(props, loaded.keycloak_props());
    check_strategies(&loaded.active, &loaded.site.host, props.as_deref());
    let _ = already_applied(&loaded.active, &current_list(loaded));
    let distinct = distinct_keys(&loaded.active);
    for strategy in &loaded.active {
        let settings = settings_from_strategy(strategy, &loaded.site.host);
        let planned = planned_list(loaded, &settings, &derive(&settings));
        // The form only ever edits a Keycloak strategy: another module's, read as one and
        // posted under its key, must be refused.
        let kept = check_not_dropping(&planned, &loaded.active).is_ok();
        if distinct {
            let keycloak = strategy.strategy.key == KEYCLOAK;
            assert_eq!(kept, keycloak, "kept exactly when the form's own module");
        }
        let _ = masked_json(&planned);
    }
}

/// Whether no two strategies share a key (Wiki.js's primary key; a list repeating one is
/// hostile, and merging by key then replaces only the first).
fn distinct_keys(active: &[ActiveStrategy]) -> bool {
    active
        .iter()
        .enumerate()
        .all(|(i, a)| active[..i].iter().all(|b| b.key != a.key))
}

/// What the save does with a strategy list: each Keycloak strategy read into settings, posted
/// back merged into the list (which must keep every strategy), and compared with itself.
fn check_strategies(active: &[ActiveStrategy], site_url: &str, props: Option<&[String]>) {
    // `changed_since` pairs by key, so only a list of distinct keys must equal itself.
    let distinct = distinct_keys(active);
    if distinct {
        assert!(
            changed_since(active, active).is_empty(),
            "a list differs from itself"
        );
    }
    for (i, strategy) in active.iter().enumerate() {
        let input = strategy.to_input(u32::try_from(i).unwrap_or(u32::MAX));
        let _ = diff_config(&input, strategy);
        let settings = settings_from_strategy(strategy, site_url);
        let derived = derive(&settings);
        let _ = diagnose(&settings, &Context::default());
        let keycloak = keycloak_input(&settings, &derived, props);
        for move_to_top in [false, true] {
            let posted = merge(active, keycloak.clone(), move_to_top);
            let kept = check_not_dropping(&posted, active).is_ok();
            if distinct {
                let keycloak = strategy.strategy.key == KEYCLOAK;
                assert_eq!(kept, keycloak, "kept exactly when the form's own module");
            }
        }
    }
}

/// Settings, page origin and probe outcomes → the live plan, the shell's fetch loop, the
/// interpretation, and every fix the report offers applied.
pub fn live_interpret(data: &[u8]) {
    let (flags, fields) = lines(data);
    let flags = Flags(flags);
    let f = |i| field(&fields, i);
    let mut settings = Settings {
        host: f(0),
        realm: f(1),
        internal_base_url: f(2),
        layout: flags.layout(),
        logout_upstream: flags.bit(1, 0),
        logout_legacy_redirect: flags.bit(1, 1),
        ..Settings::default()
    };
    let origin = f(3);
    let page_origin = if origin.is_empty() {
        flags.bit(1, 5).then_some("https://wiki.example.com")
    } else {
        Some(origin.as_str())
    };
    let outcomes: Vec<ProbeOutcome> = fields.iter().skip(4).map(|l| outcome(l)).collect();
    for o in &outcomes {
        if let ProbeOutcome::Json { body, .. } | ProbeOutcome::Http { body, .. } = o {
            if let Some(d) = Discovery::parse(body) {
                let _ = Endpoint::ALL.map(|e| d.endpoint(e));
            }
        }
    }

    let derived = derive(&settings);
    let Ok(plan) = live_plan(&settings, &derived, page_origin) else {
        return;
    };
    // The shell's loop: fetch what `next_probe` names until it says the check is complete.
    let mut fetched = vec![ProbeOutcome::NotAttempted; plan.probes.len()];
    for _ in 0..=plan.probes.len() {
        let Some(i) = next_probe(&plan, &fetched) else {
            break;
        };
        assert!(
            i < plan.probes.len() && fetched[i] == ProbeOutcome::NotAttempted,
            "next_probe named probe {i} twice or out of range"
        );
        fetched[i] = match outcomes.get(i) {
            None | Some(ProbeOutcome::NotAttempted) => ProbeOutcome::Timeout,
            Some(o) => o.clone(),
        };
    }
    assert_eq!(next_probe(&plan, &fetched), None, "the check completes");

    for outcomes in [&outcomes, &fetched] {
        let report = interpret_live(&plan, outcomes, &derived);
        assert_eq!(report, interpret_live(&plan, outcomes, &derived));
        let context = Context {
            live_layout: report.found_layout,
            ..Context::default()
        };
        let actions = report.diagnostics.iter().filter_map(|d| d.action.as_ref());
        for action in actions {
            let mut fixed = settings.clone();
            apply_fix(&mut fixed, action);
            check_settings(&fixed, &context);
        }
    }
    settings.layout = LayoutChoice::Automatic;
    let _ = live_plan(&settings, &derive(&settings), page_origin);
}

/// One outcome line: `json 200 {…}`, `http 404 <html>…`, `net TypeError…`, `timeout`, or
/// `to <url> <line>`: that answer, reached through a redirect to the URL.
fn outcome(line: &str) -> ProbeOutcome {
    let (kind, rest) = line.split_once(' ').unwrap_or((line, ""));
    if kind == "to" {
        let (to, answer) = rest.split_once(' ').unwrap_or((rest, ""));
        return ProbeOutcome::Redirected {
            to: to.to_owned(),
            answer: Box::new(outcome(answer)),
        };
    }
    let status_and_body = || {
        let (status, body) = rest.split_once(' ').unwrap_or((rest, ""));
        (status.parse().unwrap_or(0), body.to_owned())
    };
    match kind {
        "json" => {
            let (status, body) = status_and_body();
            ProbeOutcome::Json { status, body }
        }
        "http" => {
            let (status, body) = status_and_body();
            ProbeOutcome::Http { status, body }
        }
        "net" => ProbeOutcome::NetworkError(rest.to_owned()),
        "timeout" => ProbeOutcome::Timeout,
        _ => ProbeOutcome::NotAttempted,
    }
}

/// Arbitrary text → the troubleshooter, against an empty and a filled-in configuration.
pub fn troubleshoot(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let filled = Settings {
        site_url: "https://wiki.example.com".to_owned(),
        strategy_key: "keycloak".to_owned(),
        host: "https://sso.example.com/auth".to_owned(),
        internal_base_url: "http://keycloak:8080".to_owned(),
        realm: "wiki".to_owned(),
        client_id: "wikijs".to_owned(),
        ..Settings::default()
    };
    let old_wiki = Context {
        legacy_logout_only: true,
        ..Context::default()
    };
    for (settings, context) in [
        (Settings::default(), Context::default()),
        (filled, old_wiki),
    ] {
        let derived = derive(&settings);
        for found in explain(&text, &settings, &context, &derived) {
            assert!(
                !found.cause.is_empty() && !found.fix.is_empty(),
                "explanation without cause or fix for {:?}",
                found.pattern
            );
        }
    }
}

/// Arbitrary text → the pasted-export parser, its checks against a filled-in configuration
/// (both logout ways), the fixes, and every one-click fix the findings offer.
pub fn keycloak_export(data: &[u8]) {
    use crate::keycloak_export::fixes::{corrected_client_json, kcadm_fix_commands};
    use crate::keycloak_export::{checklist, parse_export};
    use std::sync::Arc;

    let text = String::from_utf8_lossy(data);
    let secret = "x7Kp2mQ9vR4tL8wZ3nB6cF1hJ5dG0sYa";
    let filled = Settings {
        site_url: "https://wiki.example.com".to_owned(),
        strategy_key: "5d3f8a30-9a0e-4b7c-8f51-2f5b8e3c1a77".to_owned(),
        host: "https://kc.example.com".to_owned(),
        realm: "wiki".to_owned(),
        client_id: "wikijs".to_owned(),
        client_secret: Secret::new(secret),
        ..Settings::default()
    };
    let legacy = Settings {
        logout_legacy_redirect: true,
        client_id: String::new(),
        ..filled.clone()
    };
    let context = Context {
        keycloak_export: parse_export(&text).map(Arc::new),
        ..Context::default()
    };
    for settings in [filled, legacy] {
        let found = check_settings(&settings, &context);
        let keycloak_side: Vec<Diagnostic> = found
            .iter()
            .filter(|d| d.code.is_keycloak_side())
            .cloned()
            .collect();
        assert!(
            !crate::diagnostics::has_errors(&keycloak_side),
            "a kc-* finding blocks Save"
        );
        let derived = derive(&settings);
        let mut texts: Vec<String> = found
            .iter()
            .flat_map(|d| [d.message.clone(), d.fix.clone()])
            .collect();
        texts.extend(kcadm_fix_commands(&settings, &context, &derived));
        texts.push(corrected_client_json(&settings, &context, &derived, false));
        for t in &texts {
            assert!(!t.contains(secret), "the form's secret is quoted: {t}");
        }
        let _ = checklist(
            context
                .keycloak_export
                .as_deref()
                .is_some_and(crate::keycloak_export::PastedExport::is_readable),
            &crate::keycloak_export::silent_steps(&settings, &context),
            &found,
        );
        for action in found
            .iter()
            .filter(|d| d.code.is_keycloak_side())
            .filter_map(|d| d.action.as_ref())
        {
            let mut fixed = settings.clone();
            apply_fix(&mut fixed, action);
            let after = check_settings(&fixed, &context);
            assert!(
                !after.iter().any(|d| d.action.as_ref() == Some(action)),
                "applying {action:?} offers the same fix again"
            );
        }
    }
}
