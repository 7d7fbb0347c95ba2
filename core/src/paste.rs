//! Undo a common paste: a full Keycloak URL (an endpoint, the realm URL, the discovery URL,
//! or the admin console's address) typed into Host. Splits it into the base URL, the layout
//! and the realm.

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
    /// The value was the admin console's address, not a realm URL.
    pub from_console: bool,
    /// The console's address named no realm it shows, only the one the admin signed in to
    /// (most often `master`): not necessarily the wiki's, so not one to put in Realm.
    #[serde(default)]
    pub realm_is_sign_in: bool,
    /// The `client_id` of a login URL copied from the address bar (`…/auth?client_id=wiki&…`):
    /// the client the wiki signs in with, most often.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
}

/// Longest client ID taken from a pasted URL: Keycloak's own limit for a client's id.
const MAX_CLIENT_ID_LEN: usize = 255;

/// The clients every Keycloak realm has for itself: a login URL copied from its consoles
/// names one of these, never the wiki's.
const KEYCLOAK_OWN_CLIENTS: [&str; 6] = [
    "security-admin-console",
    "account-console",
    "account",
    "admin-cli",
    "broker",
    "realm-management",
];

/// The `client_id` parameter of `query`, where it is one a Client ID field would take and not
/// one of Keycloak's own clients (`{realm}-realm` being the master realm's for each realm).
fn client_id_in(query: &str) -> Option<String> {
    let (_, value) =
        url::form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "client_id")?;
    let value = value.trim();
    let usable = !value.is_empty()
        && value.len() <= MAX_CLIENT_ID_LEN
        && !value.chars().any(char::is_control)
        && !KEYCLOAK_OWN_CLIENTS.contains(&value)
        && !value.ends_with("-realm");
    usable.then(|| value.to_owned())
}

/// Split any URL of the form `{base}/realms/{realm}[/…]`, or an admin console URL
/// `{base}/admin/{admin realm}/console/#/…` (the realm it shows is in the fragment: the new
/// console's `#/{realm}/…`, the old one's `#/realms/{realm}/…`; without one, the realm the
/// admin signed in to, marked as such); `None` when it is neither.
pub fn split_keycloak_url(value: &str) -> Option<SplitUrl> {
    // Room for a typed base plus an encoded realm, and no more: see `host::MAX_URL_LEN`.
    if value.len() > 4 * MAX_URL_LEN {
        return None;
    }
    // The fragment is the console's own routing: read apart, never parsed as part of the URL.
    let (address, fragment) = match value.trim().split_once('#') {
        Some((address, fragment)) => (address, Some(fragment)),
        None => (value.trim(), None),
    };
    // A query is the request's own (a login URL copied from the address bar): not the base's.
    let (address, query) = address.split_once('?').unwrap_or((address, ""));
    let url = parse_http_url(address).ok()?;
    let path = url.path();
    let (base_path, segment, rest, from_console, realm_is_sign_in) = match find_realms_segment(path)
    {
        Some(at) => {
            let after = &path[at + "/realms/".len()..];
            let (segment, rest) = after.split_once('/').map_or((after, ""), |(s, r)| (s, r));
            (&path[..at], segment, rest, false, false)
        }
        None => {
            let (at, admin_realm) = find_admin_console(path)?;
            match fragment.and_then(realm_in_console_fragment) {
                Some(shown) => (&path[..at], shown, "", true, false),
                None => (&path[..at], admin_realm, "", true, true),
            }
        }
    };
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
        client_id: (!from_console).then(|| client_id_in(query)).flatten(),
        from_console,
        realm_is_sign_in,
    })
}

/// The part of `path` that names Keycloak's base when a full URL was pasted into Host: what
/// precedes its `/realms/…` or `/admin/{realm}/console`; the whole path otherwise. The layout
/// is read from it: a pasted authorization endpoint ends in `…/openid-connect/auth`, which is
/// not the legacy `/auth` prefix.
pub fn keycloak_base_path(path: &str) -> &str {
    match find_realms_segment(path).or_else(|| find_admin_console(path).map(|(at, _)| at)) {
        Some(at) => &path[..at],
        None => path,
    }
}

/// `/admin/{realm}/console` in a path: the byte index of `/admin/` and the admin realm.
fn find_admin_console(path: &str) -> Option<(usize, &str)> {
    let at = path.to_ascii_lowercase().find("/admin/")?;
    let after = &path[at + "/admin/".len()..];
    let (realm, rest) = after.split_once('/')?;
    let console = rest.split('/').next()?;
    console
        .eq_ignore_ascii_case("console")
        .then_some((at, realm))
}

/// The realm an admin console fragment shows: `/realms/{realm}/…` (the old console) or
/// `/{realm}/…` (the new one).
fn realm_in_console_fragment(fragment: &str) -> Option<&str> {
    let path = fragment.strip_prefix('/')?;
    let path = path.strip_prefix("realms/").unwrap_or(path);
    let realm = path.split(['/', '?']).next()?;
    (!realm.is_empty()).then_some(realm)
}

/// Byte index of the first `/realms/` path segment (matched case-insensitively).
fn find_realms_segment(path: &str) -> Option<usize> {
    let lower = path.to_ascii_lowercase();
    lower.find("/realms/")
}
