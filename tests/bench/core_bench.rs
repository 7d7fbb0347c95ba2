//! The core natively: full derive + diagnose evaluations per second (`make bench`, item 5).
//!
//! `cargo run -p wkc-core --features samples --release --example core_bench -- [--json] [--only realistic|worst]`. One
//! evaluation is what the page does per keystroke: `Analysis::of` = `derive` once, then
//! `diagnose_derived` on it. Two configurations:
//!
//! - **realistic**: what an admin types (Keycloak 17+ on a public name, a confidential
//!   client, one readable group, the page on the wiki's origin);
//! - **worst case**: long values everywhere and as many warnings at once as the checks
//!   allow, found greedily from one edit per warning (some exclude each other, e.g. a
//!   loopback host cannot also be an internal name); the run prints which fire.
//!
//! `make bench` runs it twice: with the release profile (`opt-level = "z"`, what the wasm is
//! built with) and with `native-speed` (`opt-level = 3`, as a native program would be).
//! Each evaluation is one keystroke on from the one before (see `typing`), so nothing is
//! answered twice in a row, as on the page.

use std::hint::black_box;
use std::time::{Duration, Instant};

use wkc_core::diagnostics::checks::diagnose_derived;
use wkc_core::samples::{clean_context, clean_settings, group, readers};
use wkc_core::secret::Secret;
use wkc_core::{derive, Code, Context, Diagnostic, LayoutChoice, Settings, Severity};

/// One evaluation, exactly as `app::Analysis::of` does it.
fn evaluate(settings: &Settings, context: &Context) -> Vec<Diagnostic> {
    let derived = derive(settings);
    diagnose_derived(settings, context, &derived)
}

fn realistic() -> (Settings, Context) {
    let settings = Settings {
        host: "https://keycloak.example.com".into(),
        ..clean_settings()
    };
    let mut context = clean_context();
    context.groups = Some(vec![
        group(1, "Administrators", &["manage:system"], &[], false),
        group(2, "Guests", &["read:pages"], &["read:pages"], false),
        readers(),
    ]);
    (settings, context)
}

type Edit = fn(&mut Settings, &mut Context);

/// One edit per warning the settings can raise (the live-* ones need a live check).
#[rustfmt::skip]
const EDITS: &[Edit] = &[
    |s, _| s.host = format!("http://keycloak{}.local/auth", "-x".repeat(60)),
    |s, _| s.host = format!("http://localhost:8080/{}", "sso/".repeat(40)),
    |s, _| s.internal_base_url = format!("http://keycloak{}:8080", "-y".repeat(60)),
    |s, _| s.internal_base_url = "https://keycloak.internal".into(),
    |s, _| s.realm = format!("my wiki {}", "équipe ".repeat(30)),
    |s, _| s.realm = "master".into(),
    |s, _| s.logout_legacy_redirect = true,
    |s, _| s.layout = LayoutChoice::Legacy,
    |s, _| s.auto_enroll_groups = (1..=40).collect(),
    |s, _| s.auto_enroll_groups.clear(),
    |s, _| s.self_registration = false,
    |s, _| s.domain_whitelist = (0..40).map(|i| if i % 2 == 0 { format!("@team{i}.example.com") } else { format!("sub{i}.example.org") }).collect(),
    |s, _| s.overrides.authorization = Some(format!("https://old.example.com/{}/realms/wiki/protocol/openid-connect/auth", "p".repeat(200))),
    |s, _| s.overrides.user_info = Some("https://kc.example.com/realms/wiki/protocol/openid-connect/user".into()),
    |s, _| s.overrides.token = Some(format!("https://kc.example.com/oauth/{}/token", "t".repeat(200))),
    |s, _| { s.bypass_login_screen = true; s.order = 3 },
    |s, _| { s.bypass_login_screen = true; s.is_enabled = false },
    |s, _| s.client_id = format!("wiki js {}\t", "client".repeat(30)),
    |s, _| s.client_secret = Secret::new("********"),
    |s, _| s.site_url = format!("https://old-wiki.example.com/{}", "docs/".repeat(40)),
    |s, _| s.host = format!("https://kc.example.com/auth/realms/{}/protocol/openid-connect/auth", "wiki".repeat(20)),
    |s, _| s.host = format!("http://keycloak{}.example.com", "-z".repeat(60)),
    |s, _| s.host = "https://10.0.0.5:8443/auth".into(),
];

fn warnings(diagnostics: &[Diagnostic]) -> Vec<Code> {
    let mut codes: Vec<Code> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.code)
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Long values and the largest set of warnings at once: apply each edit that adds a
/// warning and loses none, in a few rounds.
fn worst_case() -> (Settings, Context) {
    let (mut settings, mut context) = realistic();
    let mut groups = context.groups.take().unwrap_or_default();
    for id in 4..=40 {
        let name = format!("Group {id} {}", "name ".repeat(10));
        groups.push(match id % 3 {
            0 => group(id, &name, &["write:pages"], &["write:pages"], false),
            1 => group(id, &name, &["read:pages"], &["read:pages"], true),
            _ => group(id, &name, &["manage:system"], &[], false),
        });
    }
    context.groups = Some(groups);
    for _round in 0..3 {
        for edit in EDITS {
            let before = warnings(&evaluate(&settings, &context));
            let (mut s, mut c) = (settings.clone(), context.clone());
            edit(&mut s, &mut c);
            let after = warnings(&evaluate(&s, &c));
            if after.len() > before.len() && before.iter().all(|code| after.contains(code)) {
                (settings, context) = (s, c);
            }
        }
    }
    (settings, context)
}

/// What typing does: each evaluation sees Host or Realm one keystroke on (a word growing by
/// one letter, the field switching every 8 keystrokes), so no evaluation repeats the one
/// before, as on the page. Host changes in its first label, so it stays the same kind of host.
fn typing(base: &Settings, n: usize) -> Vec<Settings> {
    let mut settings = base.clone();
    (0..n)
        .map(|i| {
            let word: String = (0..i % 12 + 1)
                .map(|j| char::from(b'a' + ((i + j) % 26) as u8))
                .collect();
            if (i / 8) % 2 == 0 {
                settings.host = match base.host.split_once("://") {
                    Some((scheme, rest)) if rest.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                        format!("{scheme}://{word}-{rest}")
                    }
                    _ => base.host.clone(),
                };
            } else {
                settings.realm = format!("{}{word}", base.realm);
            }
            settings.clone()
        })
        .collect()
}

struct Run {
    name: &'static str,
    evals_per_sec: f64,
    ns_per_eval: f64,
    findings: usize,
    warnings: Vec<&'static str>,
    bytes_in: usize,
}

/// Evaluations per second over a typing sequence: batches until `budget` has passed, best
/// of 5 slices of it.
fn measure(name: &'static str, base: &Settings, context: &Context, budget: Duration) -> Run {
    let sequence = typing(base, 256);
    let mut next = sequence.iter().cycle();
    let mut one = || {
        let settings = next.next().unwrap_or(base);
        black_box(evaluate(black_box(settings), black_box(context)));
    };
    // Warm up and size a batch to ~10 ms.
    let mut batch = 1u64;
    loop {
        let start = Instant::now();
        for _ in 0..batch {
            one();
        }
        if start.elapsed() >= Duration::from_millis(10) {
            break;
        }
        batch *= 2;
    }
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed() < budget / 5 {
            for _ in 0..batch {
                one();
            }
            n += batch;
        }
        best = best.min(start.elapsed().as_nanos() as f64 / n as f64);
    }
    let settings = base;
    let diagnostics = evaluate(settings, context);
    let bytes_in = settings.host.len()
        + settings.realm.len()
        + settings.client_id.len()
        + settings.site_url.len()
        + settings.internal_base_url.len()
        + settings
            .domain_whitelist
            .iter()
            .map(String::len)
            .sum::<usize>();
    Run {
        name,
        evals_per_sec: 1e9 / best,
        ns_per_eval: best,
        findings: diagnostics.len(),
        warnings: warnings(&diagnostics).iter().map(|c| c.as_str()).collect(),
        bytes_in,
    }
}

fn main() {
    let json = std::env::args().any(|a| a == "--json");
    let millis = std::env::var("CORE_BENCH_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let budget = Duration::from_millis(millis);
    // `--only realistic|worst` (for profiling one of them).
    let only = std::env::args().skip_while(|a| a != "--only").nth(1);
    let wanted = |name: &str| only.as_deref().is_none_or(|o| name.starts_with(o));
    let (rs, rc) = realistic();
    let (ws, wc) = if wanted("worst case") {
        worst_case()
    } else {
        realistic()
    };
    let mut runs = Vec::new();
    if wanted("realistic") {
        runs.push(measure("realistic", &rs, &rc, budget));
    }
    if wanted("worst case") {
        runs.push(measure("worst case", &ws, &wc, budget));
    }
    let settings_warnings = Code::ALL
        .iter()
        .filter(|c| c.severity() == Severity::Warning && !c.as_str().starts_with("live-"))
        .count();
    if json {
        let items: Vec<String> = runs
            .iter()
            .map(|r| {
                format!(
                    "{{\"name\":\"{}\",\"evalsPerSec\":{:.0},\"nsPerEval\":{:.0},\"findings\":{},\"warnings\":[{}],\"inputBytes\":{}}}",
                    r.name,
                    r.evals_per_sec,
                    r.ns_per_eval,
                    r.findings,
                    r.warnings.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(","),
                    r.bytes_in
                )
            })
            .collect();
        println!(
            "{{\"runs\":[{}],\"settingsWarnings\":{settings_warnings}}}",
            items.join(",")
        );
    } else {
        for r in &runs {
            println!(
                "{:<11} {:>12.0} eval/s  {:>8.0} ns/eval  {} findings, {} of {settings_warnings} warnings, {} input bytes",
                r.name,
                r.evals_per_sec,
                r.ns_per_eval,
                r.findings,
                r.warnings.len(),
                r.bytes_in
            );
            println!("            warnings: {}", r.warnings.join(", "));
        }
    }
}
