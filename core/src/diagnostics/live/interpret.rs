//! The live check's verdict in words: the findings the admin reads, each with its fix.

use serde::Serialize;

use super::classify::{classify, ProbeOutcome, Seen};
use super::compare::compare;
use super::discovery::Discovery;
use super::plan::{LivePlan, LiveProbe, ProbeTarget};
use super::verdict::{MasterSaid, Verdict};
use crate::derive::resolve_layout;
use crate::derive::Derived;
use crate::diagnostics::{Code, Diagnostic, FixAction};
use crate::host::{host_of, parse_base, same_url, BaseUrl};
use crate::settings::{Field, Layout, LayoutChoice};

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

/// Why a request can fail without an answer, as far as a page can tell: the one wording of
/// what a browser cannot know, in the finding and in the live check's hint.
pub const FAILED_FETCH_CAUSES: &str = "the host name does not resolve (DNS), this browser does not trust Keycloak's certificate (open the URL in a tab to see), the network or a firewall blocks it, or a proxy strips Keycloak's CORS headers";

/// Why a realm that does not exist looks like a failed request to a page.
pub const UNKNOWN_REALM_HAS_NO_CORS: &str =
    "Keycloak's 404 for an unknown realm carries no CORS header";

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
    match Verdict::of(&seen) {
        Verdict::Found {
            probe: asked,
            discovery,
        } => {
            // The browser follows redirects: where it landed is what answered (a hop to the
            // same URL, a slash added, is none). Landing on another probe's URL (a proxy
            // sending `/auth/realms/…` to `/realms/…`) is the realm found there.
            let landed = plan
                .probes
                .iter()
                .position(|p| std::ptr::eq(p, asked))
                .and_then(|i| outcomes.get(i))
                .and_then(ProbeOutcome::landed_at)
                .filter(|to| !same_url(&asked.url, to));
            let at_probe = landed.and_then(|to| {
                plan.probes
                    .iter()
                    .find(|p| p.target.is_realm() && same_url(&p.url, to))
            });
            let probe = at_probe.unwrap_or(asked);
            // Anywhere else: Keycloak answers at another base, in the layout it gives.
            let elsewhere = landed
                .filter(|_| at_probe.is_none())
                .map(|to| (to, landed_base(to)));
            report.found_layout = Some(match &elsewhere {
                Some((_, Some(base))) => resolve_layout(LayoutChoice::Automatic, base),
                _ => probe.layout,
            });
            let via = match at_probe {
                Some(_) => format!(" ({} redirects there.)", asked.url),
                None => String::new(),
            };
            if let Some((to, base)) = &elsewhere {
                report.diagnostics.push(
                    Diagnostic::new(Code::LiveOk, &[Field::Host, Field::Realm]).detail(format!(
                        "Found realm {realm_name} at {to}, through a redirect."
                    )),
                );
                // Said where the Wiki.js server's calls go to Host's address; the browser's
                // sign-in and logout follow the redirect.
                let server_calls_host = derived.internal_base.is_none()
                    && !(derived.endpoints.token.overridden
                        && derived.endpoints.user_info.overridden);
                if server_calls_host {
                    report
                        .diagnostics
                        .push(redirected(plan, asked, to, base.as_ref()));
                }
            } else if probe.target == ProbeTarget::Realm {
                report.diagnostics.push(
                    Diagnostic::new(Code::LiveOk, &[Field::Host, Field::Realm])
                        .detail(format!("Found realm {realm_name} at {}.{via}", probe.url)),
                );
            } else {
                report.diagnostics.push(layout_mismatch(
                    plan,
                    probe,
                    &format!("Realm {realm_name} answers at {}.{via}", probe.url),
                ));
            }
            let before = report.diagnostics.len();
            compare(plan, probe, discovery, derived, &mut report.diagnostics);
            // Found as configured and nothing differs: say so rather than ask to compare.
            if report.diagnostics.len() == before {
                if let [ok] = report.diagnostics.as_mut_slice() {
                    if ok.code == Code::LiveOk {
                        ok.fix = NOTHING_DIFFERS.to_owned();
                    }
                }
            }
            report.discovered = Some(discovery.clone());
        }
        Verdict::HttpsRequired { probe } => {
            report.found_layout = Some(probe.layout);
            report.diagnostics.push(https_required(probe));
            if probe.target == ProbeTarget::RealmOtherLayout {
                report.diagnostics.push(layout_mismatch(
                    plan,
                    probe,
                    &format!("Keycloak answers at {}.", probe.url),
                ));
            }
        }
        Verdict::NotDiscovery {
            probe,
            status,
            what,
        } => {
            report.diagnostics.push(answered_unlike_keycloak(format!(
                "{} answered HTTP {status}, but {what}, not a discovery document: a proxy or another server may be in the way.",
                probe.url
            )));
        }
        Verdict::RealmNotFound { probe } => {
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
            if probe.layout != plan.layout {
                report.diagnostics.push(layout_mismatch(
                    plan,
                    probe,
                    &format!("Keycloak answers at {}.", probe.url),
                ));
            }
        }
        Verdict::Unreachable {
            first,
            unlike_keycloak,
            all_timed_out,
            master,
        } => {
            report.diagnostics.push(unreachable(
                plan,
                first,
                &unlike_keycloak,
                all_timed_out,
                master,
            ));
        }
    }
    report
}

const NOTHING_DIFFERS: &str =
    "Nothing to change: what Keycloak announces agrees with this configuration (side by side below).";

fn https_required(probe: &LiveProbe) -> Diagnostic {
    Diagnostic::new(Code::LiveHttpsRequired, &[Field::Host]).detail(format!(
        "Keycloak refused plain http with 403 \"HTTPS required\" at {}.",
        probe.url
    ))
}

/// Why a redirected discovery URL matters: the explanation of that `live-endpoint-differs`.
pub(crate) const REDIRECT_NOT_FOLLOWED: &str = "Browsers follow it; Wiki.js's server does not, so a token or userinfo URL on this address fails at sign-in with \"Failed to obtain access token\".";

/// The realm answered only through a redirect the browser followed, to `base`. Wiki.js's
/// server does not follow one on its token call, and the issuer is read where it landed:
/// Host should be where Keycloak answers itself (in the layout that address gives).
// `live-endpoint-differs` read widely: the discovery URL itself is where it differs.
fn redirected(plan: &LivePlan, asked: &LiveProbe, to: &str, base: Option<&BaseUrl>) -> Diagnostic {
    let mut finding = Diagnostic::new(Code::LiveEndpointDiffers, &[Field::Host]);
    let landed = base.map(|b| format!("{}{}", b.origin, b.path));
    finding.message = match (base_before_realms(&asked.url), &landed) {
        (Some(from), Some(landed)) => {
            format!("{from} only redirects to {landed}, where Keycloak answered. {REDIRECT_NOT_FOLLOWED}")
        }
        _ => format!(
            "{} answers only through a redirect, to {to}. {REDIRECT_NOT_FOLLOWED}",
            asked.url
        ),
    };
    finding.fix = "Make Host the address Keycloak answers at itself.".to_owned();
    let (Some(base), Some(landed)) = (base, landed) else {
        return finding;
    };
    let layout = resolve_layout(LayoutChoice::Automatic, base);
    let action = if layout == plan.layout {
        FixAction::SetText {
            field: Field::Host,
            value: landed.clone(),
        }
    } else {
        FixAction::AdoptEndpoints {
            host: Some(landed.clone()),
            layout: Some(layout.as_choice()),
            overrides: Vec::new(),
        }
    };
    finding
        .value(format!("Use {landed} as Host."))
        .action(action)
}

/// What comes before `/realms/` in a discovery URL (the last one: the realm is encoded).
fn base_before_realms(url: &str) -> Option<&str> {
    url.rfind("/realms/").map(|at| &url[..at])
}

/// The base URL Keycloak answered under, read from where a redirect landed.
fn landed_base(to: &str) -> Option<BaseUrl> {
    base_before_realms(to).and_then(|b| parse_base(b).ok())
}

fn layout_mismatch(plan: &LivePlan, probe: &LiveProbe, detail: &str) -> Diagnostic {
    Diagnostic::new(Code::LiveLayoutMismatch, &[Field::Layout, Field::Host])
        .detail(format!(
            "{detail} This configuration uses the {} layout.",
            plan.layout.label()
        ))
        .value(format!("Use the {} layout.", probe.layout.label()))
        .action(match &plan.host_without_auth {
            // The 17+ layout found where Host ends in /auth: Host loses it.
            Some(host) if probe.layout == Layout::Quarkus => FixAction::SetText {
                field: Field::Host,
                value: host.clone(),
            },
            _ => FixAction::SetLayout {
                layout: probe.layout.as_choice(),
            },
        })
}

/// Nothing settled it: say what was seen and what remains possible.
fn unreachable(
    plan: &LivePlan,
    first: Option<(&LiveProbe, &Seen)>,
    unlike_keycloak: &[(&LiveProbe, u16, &'static str)],
    all_timed_out: bool,
    master: MasterSaid,
) -> Diagnostic {
    let mut parts = Vec::new();
    // Named once: among what answered unlike Keycloak, below, when it is that.
    let first =
        first.filter(|(probe, _)| !unlike_keycloak.iter().any(|(p, ..)| p.url == probe.url));
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
    // Keycloak answered for master: another answer's "not Keycloak" would deny it.
    if !unlike_keycloak.is_empty() && master != MasterSaid::Answered {
        let answered: Vec<String> = unlike_keycloak
            .iter()
            .map(|(p, status, what)| format!("{} (HTTP {status}: {what})", p.url))
            .collect();
        parts.push(format!(
            "Something answered, but not as Keycloak does: {}. Host may point at another server, or lack a path prefix Keycloak is served under.",
            answered.join(", ")
        ));
    } else if all_timed_out {
        parts.push("Every request timed out: a firewall may drop the traffic, or the host or port is wrong.".to_owned());
    } else if master != MasterSaid::Answered {
        let url = first.map_or("", |(probe, _)| probe.url.as_str());
        parts.push(format!(
            "The browser does not tell a page why a request failed; what remains possible: {}.",
            failed_fetch_causes(url, plan.page_origin.as_deref())
        ));
    }
    match master {
        // Keycloak answered: what the browser cannot tell of a failed request is not it.
        MasterSaid::Answered => {
            let mut d = Diagnostic::new(Code::LiveUnreachable, &[Field::Host]);
            d.message = format!("{} {MASTER_ANSWERED}", parts.join(" "));
            d.fix = "Check again; if only this realm stays slow while master answers, Keycloak's log says why.".to_owned();
            return d;
        }
        MasterSaid::FailedToo => parts.push(
            "The master realm did not answer either, so this is not only a wrong realm name."
                .to_owned(),
        ),
        // master itself: it exists on every Keycloak.
        MasterSaid::NotAsked if plan.realm == "master" => {}
        MasterSaid::NotAsked => parts.push(format!(
            "A realm that does not exist also looks like this, because {UNKNOWN_REALM_HAS_NO_CORS}."
        )),
    }
    let answered = !unlike_keycloak.is_empty() || matches!(first, Some((_, Seen::Other(..))));
    if answered {
        return answered_unlike_keycloak(parts.join(" "));
    }
    Diagnostic::new(Code::LiveUnreachable, &[Field::Host]).detail(parts.join(" "))
}

/// `live-unreachable`'s why where the master realm answered and the realm did not in time:
/// Keycloak runs there, so the catalogue's "neither … answered" would deny it.
pub(crate) const MASTER_ANSWERED: &str =
    "The master realm answered, so Keycloak runs at this address and the realm was only slow to answer.";

/// `live-unreachable`'s why where something did answer, though not as Keycloak does (a
/// proxy's page, another server): the catalogue's "neither … answered" would deny it.
pub(crate) const ANSWERED_UNLIKE_KEYCLOAK: &str =
    "What answered is not Keycloak's discovery document, so nothing more can be checked from here.";

fn answered_unlike_keycloak(detail: String) -> Diagnostic {
    let mut d = Diagnostic::new(Code::LiveUnreachable, &[Field::Host]);
    d.message = format!("{detail} {ANSWERED_UNLIKE_KEYCLOAK}");
    d
}

/// [`FAILED_FETCH_CAUSES`] for the URL that failed: a certificate only over `https`, for
/// a loopback host this computer instead of DNS (it needs none, and is not the server), and
/// first, where a page on a public address asks a local one, the browser's own block.
fn failed_fetch_causes(url: &str, page_origin: Option<&str>) -> String {
    let base = host_of(url);
    let https = base.as_ref().is_none_or(|b| b.https);
    let loopback = base.as_ref().is_some_and(|b| b.host.is_loopback());
    // By name only: a public name may still resolve to a private address.
    let public_page = page_origin
        .and_then(host_of)
        .filter(|page| !page.host.is_on_private_network());
    let local_keycloak = base
        .as_ref()
        .is_some_and(|b| b.host.is_on_private_network());
    let mut causes = Vec::new();
    match public_page {
        // Chrome asks only a secure page whether it may reach the local network.
        Some(page) if local_keycloak && page.https => causes.push("this page looks public and Keycloak local, which Chrome blocks unless this site may reach the local network (Local Network Access: allow it when Chrome asks, or in the site's settings)"),
        Some(_) if local_keycloak => causes.push("this page looks public and Keycloak local, which Chrome blocks from a plain http page (Local Network Access): open this page over https, where Chrome asks whether to allow it, or from an address on Keycloak's network"),
        _ => {}
    }
    causes.push(if loopback {
        "nothing answers at that port on the computer this browser runs on (localhost here is the admin's own computer, not a server)"
    } else {
        "the host name does not resolve (DNS)"
    });
    if https {
        causes.push(
            "this browser does not trust Keycloak's certificate (open the URL in a tab to see)",
        );
    }
    if !loopback {
        causes.push("the network or a firewall blocks it");
    }
    // A redirect without CORS headers fails the fetch as a whole; the browser follows it
    // only when the redirect carries them (then the check says where it landed).
    if !https && !loopback {
        causes.push("a proxy redirects plain http (to https, say) without CORS headers (open the URL in a tab: where it lands is the address to use)");
    }
    causes.push("a proxy strips Keycloak's CORS headers");
    let last = causes.pop().unwrap_or_default();
    format!("{}, or {last}", causes.join(", "))
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
