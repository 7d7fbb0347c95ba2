//! Undo a common paste: a full Keycloak URL (an endpoint, the realm URL, the discovery URL)
//! typed into Host. Splits it into the base URL, the layout and the realm.

use serde::{Deserialize, Serialize};

use super::derive::{decode_segment, has_auth_suffix};
use super::host::{parse_http_url, path_is_ambiguous, MAX_URL_LEN};
use super::settings::Layout;

/// A Keycloak URL taken apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SplitUrl {
    /// Origin plus any path before `/realms/` (including `/auth`).
    pub base: String,
    pub layout: Layout,
    /// The realm name, percent-decoded.
    pub realm: String,
    /// What followed the realm (`/protocol/openid-connect/token`, `/.well-known/…`, or empty).
    pub rest: String,
}

/// Split any URL of the form `{base}/realms/{realm}[/…]`; `None` when it is not one.
pub fn split_keycloak_url(value: &str) -> Option<SplitUrl> {
    // Room for a typed base plus an encoded realm, and no more: see `host::MAX_URL_LEN`.
    if value.len() > 4 * MAX_URL_LEN {
        return None;
    }
    let url = parse_http_url(value.trim()).ok()?;
    let path = url.path();
    let at = find_realms_segment(path)?;
    let base_path = &path[..at];
    let after = &path[at + "/realms/".len()..];
    let (segment, rest) = after.split_once('/').map_or((after, ""), |(s, r)| (s, r));
    if segment.is_empty() {
        return None;
    }
    let realm = decode_segment(segment)?;
    let base_path = base_path.trim_end_matches('/');
    let base = format!("{}{}", url.origin().ascii_serialization(), base_path);
    // Only a base that Host would take: no offer to split into a value then refused.
    if base.len() > MAX_URL_LEN || path_is_ambiguous(base_path) {
        return None;
    }
    Some(SplitUrl {
        base,
        layout: if has_auth_suffix(base_path) {
            Layout::Legacy
        } else {
            Layout::Quarkus
        },
        realm,
        rest: if rest.is_empty() {
            String::new()
        } else {
            format!("/{rest}")
        },
    })
}

/// Byte index of the first `/realms/` path segment (matched case-insensitively).
fn find_realms_segment(path: &str) -> Option<usize> {
    let lower = path.to_ascii_lowercase();
    lower.find("/realms/")
}
