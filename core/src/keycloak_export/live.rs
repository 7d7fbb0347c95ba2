//! The live check meets the export: once the discovery document is read, the issuer Keycloak
//! reports is compared with the one the realm export's Frontend URL implies. When they differ,
//! the export is not what this server runs (another server, or stale), or something pins the
//! hostname over the realm's setting; either way the export's Frontend URL cannot be trusted.

use crate::derive::encode_realm;
use crate::diagnostics::{Code, Diagnostic};
use crate::host::{parse_base, same_url};
use crate::settings::Field;

use super::checks::elide;
use super::PastedExport;

/// `live-issuer-mismatch` naming the export's Frontend URL, when the discovered `issuer` is
/// not `{frontendUrl}/realms/{realm}`; `None` when the export does not tell or they agree.
pub fn issuer_against_export(
    issuer: &str,
    pasted: &PastedExport,
    realm: &str,
) -> Option<Diagnostic> {
    let PastedExport::Readable(export) = pasted else {
        return None;
    };
    let exported = export
        .realm_for(realm)
        .filter(|r| r.name.as_deref() == Some(realm))?;
    let frontend = exported.frontend_url.as_deref()?;
    let base = parse_base(frontend).ok()?;
    let expected = format!(
        "{}{}/realms/{}",
        base.origin,
        base.path,
        encode_realm(realm)
    );
    if same_url(issuer, &expected) {
        return None;
    }
    Some(
        Diagnostic::new(Code::LiveIssuerMismatch, &[Field::Host, Field::KeycloakExport]).detail(format!(
            "Keycloak reports the issuer {}, but the pasted realm export's Frontend URL gives {}: the export is not what this server runs, or the hostname is pinned over it.",
            elide(issuer),
            elide(&expected)
        )),
    )
}
