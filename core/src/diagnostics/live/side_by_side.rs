//! The side-by-side view: each URL Keycloak advertises next to the one this configuration
//! uses, compared as the live findings compare them.

use serde::Serialize;

use super::compare::same_realm_path;
use super::discovery::Discovery;
use crate::derive::Derived;
use crate::diagnostics::{Code, Diagnostic};
use crate::host::same_url;
use crate::settings::{Endpoint, Field};

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
    /// The endpoint field this row shows (`None`: the issuer).
    #[serde(skip)]
    pub field: Option<Field>,
}

impl LiveRow {
    /// The live finding whose one-click fix settles this row (the issuer's mismatch, or the
    /// differing endpoint's), while the row differs.
    pub fn settled_by<'a>(&self, findings: &'a [Diagnostic]) -> Option<&'a Diagnostic> {
        if !self.differs {
            return None;
        }
        findings.iter().find(|d| match self.field {
            None => d.code == Code::LiveIssuerMismatch,
            Some(field) => d.code == Code::LiveEndpointDiffers && d.fields.first() == Some(&field),
        })
    }
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
        field: None,
    }];
    for endpoint in Endpoint::ALL {
        let field = endpoint.field();
        let ours = derived.endpoints.get(endpoint);
        let discovered = discovery.endpoint(endpoint).map(str::to_owned);
        let configured = (!ours.value.is_empty()).then(|| ours.value.clone());
        let internal = endpoint.is_backchannel() && derived.internal_base.is_some();
        let note = if internal {
            Some("Wiki.js calls this through the internal base URL; Keycloak advertised it for this browser's address.")
        } else if endpoint == Endpoint::Logout && !compare_logout {
            Some("Not used while \"Logout from Keycloak on Logout\" is off.")
        } else {
            None
        };
        rows.push(LiveRow {
            id: field.id(),
            label: field.title(),
            // Through the internal base only the realm and path compare (as the findings do).
            differs: match (&discovered, &configured) {
                (Some(d), Some(c)) if internal => !same_realm_path(d, c),
                _ => note.is_none() && differs(&discovered, &configured),
            },
            discovered,
            configured,
            overridden: ours.overridden,
            note,
            field: Some(field),
        });
    }
    rows
}
