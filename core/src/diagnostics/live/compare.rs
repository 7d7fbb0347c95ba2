//! A found discovery document against this configuration: the issuer and each endpoint,
//! compared as URLs (scheme and host case, default port, trailing slash and percent-encoding
//! do not count).

use super::discovery::Discovery;
use super::plan::{LivePlan, LiveProbe};
use crate::derive::{endpoint_url, Derived};
use crate::diagnostics::checks::{pinned_hostname_setting, proxy_headers_option};
use crate::diagnostics::fix::EndpointOverride;
use crate::diagnostics::{Code, Diagnostic, FixAction};
use crate::host::{host_of, parse_http_url, same_url};
use crate::paste::split_keycloak_url;
use crate::settings::{Endpoint, Field, Layout};

/// Issuer and endpoints of a found discovery document against this configuration.
pub(super) fn compare(
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
            let mut detail = format!(
                "Keycloak's issuer is {issuer}; here it would be {}.",
                probe.expected_issuer
            );
            let adopt = issuer_base(issuer);
            let public = split_keycloak_url(&probe.expected_issuer)
                .map_or_else(|| probe.expected_issuer.clone(), |split| split.base);
            let unfit = adopt
                .as_ref()
                .and_then(|(base, _)| unfit_for_browsers(base, &public).map(|u| (base.clone(), u)));
            if let Some((_, unfit)) = &unfit {
                detail += &format!(
                    " Its address {}, where this browser just reached Keycloak: Keycloak does not know the address users open.",
                    unfit.why
                );
            }
            let mut d = Diagnostic::new(Code::LiveIssuerMismatch, &[Field::Host]).detail(detail);
            let pin = |public: &str| {
                format!(
                    "pin Keycloak's hostname to {public}: {}",
                    pinned_hostname_setting(None, public)
                )
            };
            match &unfit {
                // Host is where Keycloak answered: taking the issuer's base would break it.
                Some((_, unfit)) if !unfit.path_only => {
                    d.fix = format!(
                        "Keep Host, and {} Or have the proxy in front of Keycloak pass on the original host and scheme ({}).",
                        pin(&public),
                        proxy_headers_option(None)
                    );
                }
                // Forwarded headers carry no path: a pin names it, or Host takes the issuer's
                // (where the proxy serves that path too, as with a pin made for it).
                Some((base, _)) => {
                    d.fix = format!(
                        "Keep Host, and {} Or, if the proxy serves Keycloak at {base} too, take that as Host.",
                        pin(&public)
                    );
                }
                None => {}
            }
            if let (Some((base, layout)), None) = (adopt, &unfit) {
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
        if endpoint == Endpoint::Logout && !plan.compare_logout {
            continue;
        }
        let ours = derived.endpoints.get(endpoint);
        if ours.value.is_empty() || same_url(advertised, &ours.value) {
            continue;
        }
        // Keycloak advertises backchannel URLs for the host that asked (the browser's), so
        // with an internal base only what follows `/realms/` can be compared: the realm and
        // the path, which an override can get wrong.
        if endpoint.is_backchannel() && derived.internal_base.is_some() {
            if same_realm_path(advertised, &ours.value) {
                continue;
            }
            let field = endpoint.field();
            let mut d = Diagnostic::new(Code::LiveEndpointDiffers, &[field]).detail(format!(
                "Keycloak advertises {advertised} for the {} (at the address this browser used); this will save {}, which asks {} there.",
                field.title(),
                ours.value,
                realm_path(&ours.value).map_or("no realm".to_owned(), |p| format!("`{p}`"))
            ));
            let derived_agrees = ours
                .derived
                .as_deref()
                .is_some_and(|d| same_realm_path(advertised, d));
            if ours.overridden && derived_agrees {
                d = d.action(FixAction::ResetOverride { endpoint });
            }
            out.push(d);
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
        // Plain http where this is https on the same host: Keycloak does not know the
        // request came over https (a proxy that does not pass the scheme on), and taking it
        // would send the secret in clear to a redirect Wiki.js's server does not follow.
        if downgrade(advertised, &ours.value) || downgrade(advertised, &probe.expected_issuer) {
            let mut d = Diagnostic::new(Code::LiveEndpointDiffers, &[field]).detail(format!(
                "Keycloak advertises {advertised} for the {}, plain http on an https address; this will save {}.",
                field.title(),
                ours.value
            ));
            d.fix = format!(
                "Keep the https URL: Keycloak names http because the proxy in front of it does not pass the scheme on ({}).",
                proxy_headers_option(None)
            );
            out.push(d);
            continue;
        }
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

/// Why an issuer's base is no Host for users' browsers: `why` as said after "Its address".
struct Unfit {
    why: String,
    /// The same address with another path (a proxy adding or stripping a prefix), which a
    /// proxy's forwarded headers cannot say.
    path_only: bool,
}

/// Why an issuer's base is no Host for users' browsers where Host (`public`, where this
/// browser just read the discovery document) is: a Keycloak behind a proxy that does not pass
/// on the original host and scheme names its own (`http://keycloak:8080`,
/// `http://localhost:8080`), and one behind a proxy that adds or strips a path prefix names
/// its own path (taking it would ask the proxy for `/auth/auth/…` or lose the prefix it
/// needs). Taking it as Host would send every user there; `None` when it is an address like
/// Host's.
fn unfit_for_browsers(issuer_base: &str, public: &str) -> Option<Unfit> {
    let (theirs, ours) = (host_of(issuer_base)?, host_of(public)?);
    let why = if ours.https && !theirs.https {
        "is plain http where Host is https"
    } else if theirs.host.is_loopback() && !ours.host.is_loopback() {
        "is the Keycloak machine's own (loopback)"
    } else if theirs.host.is_internal_name() && !ours.host.is_internal_name() {
        "is an internal name users' browsers cannot resolve"
    } else if theirs.origin == ours.origin && theirs.path != ours.path {
        let shown = |path: &str| match path {
            "" => "no path".to_owned(),
            path => path.to_owned(),
        };
        return Some(Unfit {
            why: format!(
                "has {} where Host has {} (a proxy adds or strips it)",
                shown(&theirs.path),
                shown(&ours.path)
            ),
            path_only: true,
        });
    } else {
        return None;
    };
    Some(Unfit {
        why: why.to_owned(),
        path_only: false,
    })
}

/// Whether an advertised URL is `https_url`'s host in plain http, where that is https.
fn downgrade(advertised: &str, https_url: &str) -> bool {
    match (host_of(advertised), host_of(https_url)) {
        (Some(theirs), Some(ours)) => ours.https && !theirs.https && theirs.host == ours.host,
        _ => false,
    }
}

/// What follows `/realms/` in a URL (the realm and the endpoint's path), decoded.
fn realm_path(url: &str) -> Option<String> {
    let path = host_of(url)?.path;
    let at = path.find("/realms/")?;
    let tail = &path[at..];
    Some(crate::derive::decode_segment(tail).unwrap_or_else(|| tail.to_owned()))
}

/// Whether two URLs ask the same realm and path, whatever their hosts.
pub(super) fn same_realm_path(a: &str, b: &str) -> bool {
    match (realm_path(a), realm_path(b)) {
        (Some(x), Some(y)) => x.trim_end_matches('/') == y.trim_end_matches('/'),
        _ => false,
    }
}

/// `{base}/realms/{realm}` → the base and its layout, when the issuer has that shape.
fn issuer_base(issuer: &str) -> Option<(String, Layout)> {
    let split = split_keycloak_url(issuer)?;
    parse_http_url(&split.base).ok()?;
    Some((split.base, split.layout))
}
