//! What the shell fetches, in which order, and when it may stop.

use serde::{Deserialize, Serialize};

use super::classify::{classify, ProbeOutcome};
use crate::derive::{encode_realm, resolve_layout, with_layout, without_auth, Derived};
use crate::diagnostics::checks::{pasted_url_finding, NOT_USABLE};
use crate::diagnostics::{Code, Diagnostic};
use crate::host::parse_base;
use crate::paste::split_keycloak_url;
use crate::settings::{Field, Layout, LayoutChoice, Settings};

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
    pub(super) fn is_realm(self) -> bool {
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
    /// Host without its `/auth`, where the Automatic layout reads /auth from it: the switch
    /// to the 17+ layout takes it off there, so Host and the URLs say the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_without_auth: Option<String>,
    /// The origin of the page that fetches, to name what its browser may block (a public
    /// page asking the local network).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_origin: Option<String>,
}

/// How long each probe may take. Failures are usually fast; a silent firewall is not.
pub const LIVE_TIMEOUT_MS: u32 = 8_000;

/// The URLs to probe, or why the check cannot run: `live-mixed-content` when this page is
/// `https` and Keycloak `http` (browsers block that fetch; loopback hosts are exempt, since
/// browsers treat `http://localhost` as secure), `required` / `host-invalid` when Host or
/// Realm is not usable yet, and for a Keycloak page's URL in Host the form's own finding with
/// its split (`pasted-full-url`, or `host-invalid` where no URL derives from it).
// The spec'd signature: the shell shows the refusal as any other finding, once per check.
#[allow(clippy::result_large_err)]
pub fn live_plan(
    settings: &Settings,
    derived: &Derived,
    page_origin: Option<&str>,
) -> Result<LivePlan, Diagnostic> {
    // A Keycloak page's URL in Host: the form's own finding and its split, whether URLs derive
    // from it (nested, so each probe would fail as if the network had) or not (a console's
    // fragment, a login URL's query).
    if let Some(split) = split_keycloak_url(&settings.host) {
        return Err(pasted_url_finding(&split, settings, derived));
    }
    let base = match parse_base(&settings.host) {
        Ok(base) => base,
        Err(_) if settings.host.trim().is_empty() => {
            return Err(Diagnostic::new(Code::Required, &[Field::Host])
                .detail("The live check needs Host."));
        }
        Err(problem) => {
            return Err(Diagnostic::new(Code::HostInvalid, &[Field::Host])
                .detail(format!("Host{NOT_USABLE}{}.", problem.reason())));
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
    if page_is_https && !base.https && !base.host.is_trusted_loopback() {
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
        host_without_auth: (settings.layout == LayoutChoice::Automatic)
            .then(|| without_auth(&settings.host))
            .flatten(),
        page_origin: page_origin.map(str::to_owned),
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
