//! The live check, interpreted: which discovery URLs the browser shell fetches, and what the
//! answers (or failures) mean.
//!
//! The shell fetches `{public base}/realms/{realm}/.well-known/openid-configuration` with a
//! plain `GET` (no custom headers, default credentials mode: Keycloak answers discovery with
//! CORS headers, and no preflight is needed). Keycloak's 404 for an unknown realm carries no
//! CORS header, so to the page it looks like any network failure; that is why the plan goes on
//! to the other path layout and to the `master` realm, which exists on every server: when
//! `master` answers and the realm does not, the realm does not exist.
//!
//! Protocol for the shell: build the plan with [`live_plan`]; while [`next_probe`] returns an
//! index, fetch that probe's URL (timeout [`LivePlan::timeout_ms`]) and store the outcome at
//! that index; then call [`interpret_live`]. Outcomes not run are [`ProbeOutcome::NotAttempted`]
//! (or simply missing from the slice).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::derive::{
    decode_segment, encode_realm, endpoint_url, resolve_layout, with_layout, Derived,
};
use crate::diagnostics::fix::EndpointOverride;
use crate::diagnostics::{Code, Diagnostic, FixAction};
use crate::host::{host_of, parse_base, parse_http_url, HostName};
use crate::paste::split_keycloak_url;
use crate::settings::{Endpoint, Field, Layout, Settings};

/// What one fetch gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum ProbeOutcome {
    /// A readable answer with a JSON content type.
    Json {
        status: u16,
        body: String,
    },
    /// A readable answer of another content type (an HTML error page, a proxy's page).
    Http {
        status: u16,
        body: String,
    },
    /// `fetch` rejected: DNS, TLS trust, network, or the browser blocked a response without
    /// CORS headers. The browser does not say which; the text is shown as is.
    NetworkError(String),
    Timeout,
    NotAttempted,
}

/// Which of the four probes this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProbeTarget {
    /// The configured realm in the layout the configuration uses.
    Realm,
    /// The configured realm in the other layout.
    RealmOtherLayout,
    /// `master` in the layout the configuration uses.
    Master,
    /// `master` in the other layout.
    MasterOtherLayout,
}

impl ProbeTarget {
    fn is_realm(self) -> bool {
        matches!(self, ProbeTarget::Realm | ProbeTarget::RealmOtherLayout)
    }
}

/// One URL to fetch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LiveProbe {
    pub target: ProbeTarget,
    pub layout: Layout,
    /// The discovery URL to `GET`.
    pub url: String,
    /// The issuer Keycloak reports there when its hostname is the public base.
    pub expected_issuer: String,
}

/// What the shell fetches, in order (see the module docs for the protocol).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LivePlan {
    /// Realm in the current layout, realm in the other layout, `master` in the current
    /// layout, `master` in the other layout. When the realm is `master`, only the first two.
    pub probes: Vec<LiveProbe>,
    /// The realm as typed, for messages.
    pub realm: String,
    /// The layout the configuration uses.
    pub layout: Layout,
    /// Whether the logout URL is used (upstream logout on), so worth comparing.
    pub compare_logout: bool,
    /// How long the shell should wait for each fetch.
    pub timeout_ms: u32,
}

/// The most of a discovery answer the browser reads (a real one is a few KB); a body this
/// long was cut off, so it cannot parse.
pub const MAX_DISCOVERY_BYTES: usize = 256 * 1024;

/// Why a 2xx body is not a discovery document, in a few words for the finding.
pub fn why_not_discovery(body: &str) -> &'static str {
    if body.len() >= MAX_DISCOVERY_BYTES {
        return "over 256 KB, where a discovery document is a few KB";
    }
    match serde_json::from_str::<Value>(body) {
        Err(e) if e.to_string().starts_with("recursion limit") => "JSON nested too deeply",
        Err(_) => "not JSON",
        Ok(_) => "JSON without an issuer or authorization endpoint",
    }
}

/// How long each probe may take. Failures are usually fast; a silent firewall is not.
pub const LIVE_TIMEOUT_MS: u32 = 8_000;

/// The discovery fields the configurator shows side by side with its own URLs. Each is `None`
/// when missing or not a string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Discovery {
    pub issuer: Option<String>,
    pub authorization_endpoint: Option<String>,
    pub token_endpoint: Option<String>,
    pub userinfo_endpoint: Option<String>,
    pub end_session_endpoint: Option<String>,
}

impl Discovery {
    /// Read a discovery document; `None` unless it is a JSON object naming at least an issuer
    /// or an authorization endpoint.
    pub fn parse(body: &str) -> Option<Discovery> {
        let value: Value = serde_json::from_str(body).ok()?;
        let object = value.as_object()?;
        let field = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_owned);
        let discovery = Discovery {
            issuer: field("issuer"),
            authorization_endpoint: field("authorization_endpoint"),
            token_endpoint: field("token_endpoint"),
            userinfo_endpoint: field("userinfo_endpoint"),
            end_session_endpoint: field("end_session_endpoint"),
        };
        (discovery.issuer.is_some() || discovery.authorization_endpoint.is_some())
            .then_some(discovery)
    }

    /// The advertised URL for one of the four endpoints Wiki.js stores.
    pub fn endpoint(&self, endpoint: Endpoint) -> Option<&str> {
        match endpoint {
            Endpoint::Authorization => self.authorization_endpoint.as_deref(),
            Endpoint::Token => self.token_endpoint.as_deref(),
            Endpoint::UserInfo => self.userinfo_endpoint.as_deref(),
            Endpoint::Logout => self.end_session_endpoint.as_deref(),
        }
    }
}

/// What the live check found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LiveReport {
    pub diagnostics: Vec<Diagnostic>,
    /// The realm's discovery document, when it was read (in either layout).
    pub discovered: Option<Discovery>,
    /// The layout Keycloak answered under (realm or `master`); feed it to
    /// `Context::live_layout`.
    pub found_layout: Option<Layout>,
}

/// The URLs to probe, or why the check cannot run: `live-mixed-content` when this page is
/// `https` and Keycloak `http` (browsers block that fetch; loopback hosts are exempt, since
/// browsers treat `http://localhost` as secure), `required` / `host-invalid` when Host or
/// Realm is not usable yet.
// The spec'd signature: the shell shows the refusal as any other finding, once per check.
#[allow(clippy::result_large_err)]
pub fn live_plan(
    settings: &Settings,
    derived: &Derived,
    page_origin: Option<&str>,
) -> Result<LivePlan, Diagnostic> {
    let base = match parse_base(&settings.host) {
        Ok(base) => base,
        Err(_) if settings.host.trim().is_empty() => {
            return Err(Diagnostic::new(Code::Required, &[Field::Host])
                .detail("The live check needs Host."));
        }
        Err(problem) => {
            return Err(Diagnostic::new(Code::HostInvalid, &[Field::Host])
                .detail(format!("Host is not usable: {}.", problem.reason())));
        }
    };
    if settings.realm.is_empty() {
        return Err(
            Diagnostic::new(Code::Required, &[Field::Realm]).detail("The live check needs Realm.")
        );
    }
    let page_is_https = page_origin.is_some_and(|o| {
        o.trim_start()
            .get(..6)
            .is_some_and(|s| s.eq_ignore_ascii_case("https:"))
    });
    if page_is_https && !base.https && !base.host.is_loopback() {
        return Err(Diagnostic::new(Code::LiveMixedContent, &[Field::Host])
            .detail(format!("Keycloak is at {}.", base.origin)));
    }
    let layout = derived
        .layout
        .unwrap_or_else(|| resolve_layout(settings.layout, &base));
    let realm = encode_realm(&settings.realm);
    let probe = |target: ProbeTarget, layout: Layout, realm: &str| {
        let issuer = format!("{}/realms/{realm}", with_layout(&base, layout));
        LiveProbe {
            target,
            layout,
            url: format!("{issuer}/.well-known/openid-configuration"),
            expected_issuer: issuer,
        }
    };
    let mut probes = vec![
        probe(ProbeTarget::Realm, layout, &realm),
        probe(ProbeTarget::RealmOtherLayout, layout.other(), &realm),
    ];
    if settings.realm != "master" {
        probes.push(probe(ProbeTarget::Master, layout, "master"));
        probes.push(probe(
            ProbeTarget::MasterOtherLayout,
            layout.other(),
            "master",
        ));
    }
    Ok(LivePlan {
        probes,
        realm: settings.realm.clone(),
        layout,
        compare_logout: settings.logout_upstream,
        timeout_ms: LIVE_TIMEOUT_MS,
    })
}

/// The index of the next probe to fetch, or `None` when the check is complete: as soon as one
/// answer settles it (a discovery document, "HTTPS required", or a readable "Realm does not
/// exist"), or when every probe has run.
pub fn next_probe(plan: &LivePlan, outcomes: &[ProbeOutcome]) -> Option<usize> {
    let outcome = |i: usize| outcomes.get(i).unwrap_or(&ProbeOutcome::NotAttempted);
    let settled = (0..plan.probes.len()).any(|i| classify(outcome(i)).is_conclusive());
    if settled {
        return None;
    }
    (0..plan.probes.len()).find(|&i| matches!(outcome(i), ProbeOutcome::NotAttempted))
}

/// What one outcome says.
enum Seen {
    Discovery(Discovery),
    HttpsRequired,
    /// A readable 404 saying the realm does not exist: the server and layout answer.
    RealmMissing,
    /// Readable, but not a discovery document: status and a short description.
    Other(u16, &'static str),
    Failed(String),
    TimedOut,
    NotRun,
}

impl Seen {
    fn is_conclusive(&self) -> bool {
        matches!(
            self,
            Seen::Discovery(_) | Seen::HttpsRequired | Seen::RealmMissing
        )
    }

    /// The server answered under this probe's layout.
    fn answered(&self) -> bool {
        self.is_conclusive()
    }
}

fn classify(outcome: &ProbeOutcome) -> Seen {
    match outcome {
        ProbeOutcome::Json { status, body } | ProbeOutcome::Http { status, body } => {
            let lower = body.to_ascii_lowercase();
            if *status == 403 && lower.contains("https required") {
                return Seen::HttpsRequired;
            }
            if *status == 404 && lower.contains("realm does not exist") {
                return Seen::RealmMissing;
            }
            if (200..300).contains(status) {
                if let Some(discovery) = Discovery::parse(body) {
                    return Seen::Discovery(discovery);
                }
                return Seen::Other(*status, why_not_discovery(body));
            }
            let what = match status {
                404 => "not found",
                300..=399 => "a redirect",
                500..=599 => "a server error",
                _ => "an unexpected answer",
            };
            Seen::Other(*status, what)
        }
        ProbeOutcome::NetworkError(message) => Seen::Failed(message.clone()),
        ProbeOutcome::Timeout => Seen::TimedOut,
        ProbeOutcome::NotAttempted => Seen::NotRun,
    }
}

/// Turn the outcomes (one per probe, same order as `plan.probes`) into findings.
pub fn interpret_live(plan: &LivePlan, outcomes: &[ProbeOutcome], derived: &Derived) -> LiveReport {
    let seen: Vec<(&LiveProbe, Seen)> = plan
        .probes
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                p,
                classify(outcomes.get(i).unwrap_or(&ProbeOutcome::NotAttempted)),
            )
        })
        .collect();
    let mut report = LiveReport::default();
    let realm_name = format!("`{}`", plan.realm);

    // The realm answered with its discovery document.
    if let Some((probe, Seen::Discovery(discovery))) = seen
        .iter()
        .find(|(p, s)| p.target.is_realm() && matches!(s, Seen::Discovery(_)))
    {
        report.found_layout = Some(probe.layout);
        if probe.target == ProbeTarget::Realm {
            report.diagnostics.push(
                Diagnostic::new(Code::LiveOk, &[Field::Host, Field::Realm])
                    .detail(format!("Found realm {realm_name} at {}.", probe.url)),
            );
        } else {
            report.diagnostics.push(layout_mismatch(
                plan,
                probe,
                &format!("Realm {realm_name} answers at {}.", probe.url),
            ));
        }
        compare(plan, probe, discovery, derived, &mut report.diagnostics);
        report.discovered = Some(discovery.clone());
        return report;
    }

    // "HTTPS required" on the realm: Keycloak and the realm exist, plain http is refused.
    if let Some((probe, _)) = seen
        .iter()
        .find(|(p, s)| p.target.is_realm() && matches!(s, Seen::HttpsRequired))
    {
        report.found_layout = Some(probe.layout);
        report.diagnostics.push(
            Diagnostic::new(Code::LiveHttpsRequired, &[Field::Host])
                .detail(format!("At {}.", probe.url)),
        );
        if probe.target == ProbeTarget::RealmOtherLayout {
            report.diagnostics.push(layout_mismatch(
                plan,
                probe,
                &format!("Keycloak answers at {}.", probe.url),
            ));
        }
        return report;
    }

    // The realm's URL answered 2xx with something else (cut off, not JSON, nested too deep):
    // say what came back rather than blame the realm name because master answered.
    if let Some((probe, Seen::Other(status, what))) = seen.iter().find(|(p, s)| {
        p.target.is_realm() && matches!(s, Seen::Other(status, _) if (200..300).contains(status))
    }) {
        report.diagnostics.push(
            Diagnostic::new(Code::LiveUnreachable, &[Field::Host]).detail(format!(
                "{} answered HTTP {status}, but {what}, not a discovery document: a proxy or another server may be in the way.",
                probe.url
            )),
        );
        return report;
    }

    // The server answers (master, or a readable "Realm does not exist"), the realm does not.
    let missing = seen
        .iter()
        .find(|(p, s)| p.target.is_realm() && matches!(s, Seen::RealmMissing));
    let master = seen
        .iter()
        .find(|(p, s)| !p.target.is_realm() && s.answered());
    if let Some((probe, seen_there)) = missing.or(master) {
        report.found_layout = Some(probe.layout);
        let detail = if probe.target.is_realm() {
            format!(
                "Keycloak says realm {realm_name} does not exist ({}).",
                probe.url
            )
        } else {
            format!("Keycloak answers for master at {}, but not for realm {realm_name} in either layout.", probe.url)
        };
        report
            .diagnostics
            .push(Diagnostic::new(Code::LiveRealmNotFound, &[Field::Realm]).detail(detail));
        if matches!(seen_there, Seen::HttpsRequired) {
            report.diagnostics.push(
                Diagnostic::new(Code::LiveHttpsRequired, &[Field::Host])
                    .detail(format!("At {}.", probe.url)),
            );
        }
        if probe.layout != plan.layout {
            report.diagnostics.push(layout_mismatch(
                plan,
                probe,
                &format!("Keycloak answers at {}.", probe.url),
            ));
        }
        return report;
    }

    report.diagnostics.push(unreachable(plan, &seen));
    report
}

fn layout_mismatch(plan: &LivePlan, probe: &LiveProbe, detail: &str) -> Diagnostic {
    Diagnostic::new(Code::LiveLayoutMismatch, &[Field::Layout, Field::Host])
        .detail(format!(
            "{detail} This configuration uses the {} layout.",
            plan.layout.label()
        ))
        .value(format!("Use the {} layout.", probe.layout.label()))
        .action(FixAction::SetLayout {
            layout: probe.layout.as_choice(),
        })
}

/// Nothing settled it: say what was seen and what remains possible.
fn unreachable(plan: &LivePlan, seen: &[(&LiveProbe, Seen)]) -> Diagnostic {
    let first = seen.first();
    let mut parts = Vec::new();
    if let Some((probe, s)) = first {
        parts.push(match s {
            Seen::Failed(message) if message.trim().is_empty() => {
                format!("Fetching {} failed.", probe.url)
            }
            Seen::Failed(message) => {
                format!("Fetching {} failed ({}).", probe.url, shorten(message))
            }
            Seen::TimedOut => format!(
                "{} did not answer within {} s.",
                probe.url,
                plan.timeout_ms / 1000
            ),
            Seen::Other(status, what) => format!("{} answered HTTP {status}: {what}.", probe.url),
            Seen::NotRun => format!("{} was not fetched.", probe.url),
            _ => String::new(),
        });
    }
    let answered_other: Vec<String> = seen
        .iter()
        .filter_map(|(p, s)| match s {
            Seen::Other(status, what) => Some(format!("{} (HTTP {status}: {what})", p.url)),
            _ => None,
        })
        .collect();
    let ran: Vec<&Seen> = seen
        .iter()
        .map(|(_, s)| s)
        .filter(|s| !matches!(s, Seen::NotRun))
        .collect();
    let master_ran = seen
        .iter()
        .any(|(p, s)| !p.target.is_realm() && !matches!(s, Seen::NotRun));
    let all_timeouts = !ran.is_empty() && ran.iter().all(|s| matches!(s, Seen::TimedOut));
    if !answered_other.is_empty() {
        parts.push(format!(
            "Something answered, but not as Keycloak does: {}. Host may point at another server, or lack a path prefix Keycloak is served under.",
            answered_other.join(", ")
        ));
    } else if all_timeouts {
        parts.push("Every request timed out: a firewall may drop the traffic, or the host or port is wrong.".to_owned());
    } else {
        parts.push("The browser does not tell a page why a request failed; what remains possible: the host name does not resolve (DNS), this browser does not trust Keycloak's certificate (open the URL in a tab to see), the network or a firewall blocks it, or a proxy strips Keycloak's CORS headers.".to_owned());
    }
    if plan.realm == "master" || !master_ran {
        parts.push("A realm that does not exist also looks like this, because Keycloak's 404 for it carries no CORS header.".to_owned());
    } else {
        parts.push(
            "The master realm did not answer either, so this is not only a wrong realm name."
                .to_owned(),
        );
    }
    Diagnostic::new(Code::LiveUnreachable, &[Field::Host]).detail(parts.join(" "))
}

fn shorten(message: &str) -> String {
    let mut s: String = message
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    if message.chars().count() > 200 {
        s.push('…');
    }
    s
}

/// Issuer and endpoints of a found discovery document against this configuration.
fn compare(
    plan: &LivePlan,
    probe: &LiveProbe,
    discovery: &Discovery,
    derived: &Derived,
    out: &mut Vec<Diagnostic>,
) {
    let mut issuer_differs = false;
    if let Some(issuer) = discovery.issuer.as_deref() {
        if !same_url(issuer, &probe.expected_issuer) {
            issuer_differs = true;
            let mut d = Diagnostic::new(Code::LiveIssuerMismatch, &[Field::Host]).detail(format!(
                "Keycloak's issuer is {issuer}; here it would be {}.",
                probe.expected_issuer
            ));
            if let Some((base, layout)) = issuer_base(issuer) {
                d = d
                    .value(format!("Host: {base}"))
                    .action(FixAction::AdoptEndpoints {
                        host: Some(base),
                        layout: Some(layout.as_choice()),
                        overrides: Vec::new(),
                    });
            }
            out.push(d);
        }
    }
    let layout_differs = probe.layout != plan.layout;
    for endpoint in Endpoint::ALL {
        let Some(advertised) = discovery.endpoint(endpoint) else {
            continue;
        };
        if endpoint.is_backchannel() && derived.internal_base.is_some() {
            continue; // Keycloak advertises backchannel URLs for the host that asked: the browser's.
        }
        if endpoint == Endpoint::Logout && !plan.compare_logout {
            continue;
        }
        let ours = derived.endpoints.get(endpoint);
        if ours.value.is_empty() || same_url(advertised, &ours.value) {
            continue;
        }
        // Explained by the issuer or layout finding: fixing that re-derives this URL.
        let explained = (issuer_differs || layout_differs)
            && !ours.overridden
            && discovery
                .issuer
                .as_deref()
                .is_some_and(|i| same_url(advertised, &endpoint_url(i, endpoint)));
        if explained {
            continue;
        }
        let field = endpoint.field();
        let action = if ours.overridden
            && ours
                .derived
                .as_deref()
                .is_some_and(|d| same_url(advertised, d))
        {
            FixAction::ResetOverride { endpoint }
        } else {
            FixAction::AdoptEndpoints {
                host: None,
                layout: None,
                overrides: vec![EndpointOverride {
                    endpoint,
                    url: advertised.to_owned(),
                }],
            }
        };
        out.push(
            Diagnostic::new(Code::LiveEndpointDiffers, &[field])
                .detail(format!(
                    "Keycloak advertises {advertised} for the {}; this will save {}.",
                    field.title(),
                    ours.value
                ))
                .value(advertised)
                .action(action),
        );
    }
}

/// `{base}/realms/{realm}` → the base and its layout, when the issuer has that shape.
fn issuer_base(issuer: &str) -> Option<(String, Layout)> {
    let split = split_keycloak_url(issuer)?;
    parse_http_url(&split.base).ok()?;
    Some((split.base, split.layout))
}

/// Two URLs name the same resource: same origin (scheme and host case, default port) and the
/// same decoded path, ignoring a trailing slash.
fn same_url(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match (host_of(a), host_of(b)) {
        (Some(x), Some(y)) => {
            let path = |p: &str| decode_segment(p).unwrap_or_else(|| p.to_owned());
            x.origin == y.origin && path(&x.path) == path(&y.path)
        }
        _ => false,
    }
}

/// One line of the side-by-side view: what Keycloak advertises next to what this
/// configuration uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LiveRow {
    /// `issuer`, or the endpoint field's id (`authorization-url`, `token-url`, …).
    pub id: &'static str,
    pub label: &'static str,
    /// What the discovery document says (`None` when it does not name it).
    pub discovered: Option<String>,
    /// What this configuration derives or overrides (`None` while it cannot).
    pub configured: Option<String>,
    pub overridden: bool,
    /// Both are known, they name different URLs, and the difference matters.
    pub differs: bool,
    /// Why a difference does not matter here, when it does not.
    pub note: Option<&'static str>,
}

/// The issuer and the four endpoints, discovered next to configured, compared the way the
/// live findings compare them (scheme and host case, default port, trailing slash and
/// percent-encoding do not count). Called with the current derivation, so the rows follow
/// the admin's edits (a one-click adoption turns its row equal at once).
pub fn side_by_side(
    discovery: &Discovery,
    derived: &Derived,
    compare_logout: bool,
) -> Vec<LiveRow> {
    let differs = |a: &Option<String>, b: &Option<String>| match (a, b) {
        (Some(a), Some(b)) => !same_url(a, b),
        _ => false,
    };
    let mut rows = vec![LiveRow {
        id: "issuer",
        label: "Issuer",
        discovered: discovery.issuer.clone(),
        configured: derived.issuer.clone(),
        overridden: false,
        differs: differs(&discovery.issuer, &derived.issuer),
        note: None,
    }];
    for endpoint in Endpoint::ALL {
        let field = endpoint.field();
        let ours = derived.endpoints.get(endpoint);
        let discovered = discovery.endpoint(endpoint).map(str::to_owned);
        let configured = (!ours.value.is_empty()).then(|| ours.value.clone());
        let note = if endpoint.is_backchannel() && derived.internal_base.is_some() {
            Some("Wiki.js calls this through the internal base URL; Keycloak advertised it for this browser's address.")
        } else if endpoint == Endpoint::Logout && !compare_logout {
            Some("Not used while \"Logout from Keycloak on Logout\" is off.")
        } else {
            None
        };
        rows.push(LiveRow {
            id: field.id(),
            label: field.title(),
            differs: note.is_none() && differs(&discovered, &configured),
            discovered,
            configured,
            overridden: ours.overridden,
            note,
        });
    }
    rows
}

/// A documentation placeholder no Keycloak answers for (RFC 2606 / RFC 6761: `example.com`,
/// `example.net`, `example.org` and their subdomains, `*.example`, `*.invalid`). The page
/// does not check it by itself; the admin can still ask.
pub fn is_placeholder_host(host: &str) -> bool {
    let Ok(base) = parse_base(host) else {
        return false;
    };
    let HostName::Domain(name) = base.host else {
        return false;
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    PLACEHOLDER_ZONES
        .iter()
        .any(|zone| name == *zone || name.ends_with(&format!(".{zone}")))
}

/// Names reserved for documentation and tests, which never reach a real Keycloak.
const PLACEHOLDER_ZONES: [&str; 5] = [
    "example.com",
    "example.net",
    "example.org",
    "example",
    "invalid",
];
