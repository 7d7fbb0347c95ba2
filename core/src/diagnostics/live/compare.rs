//! A found discovery document against this configuration: the issuer and each endpoint,
//! compared as URLs (scheme and host case, default port, trailing slash and percent-encoding
//! do not count).

use super::discovery::Discovery;
use super::plan::{LivePlan, LiveProbe};
use crate::derive::{decode_segment, endpoint_url, Derived};
use crate::diagnostics::fix::EndpointOverride;
use crate::diagnostics::{Code, Diagnostic, FixAction};
use crate::host::{host_of, parse_http_url};
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
pub(super) fn same_url(a: &str, b: &str) -> bool {
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
