//! Redirect-URI matching as Keycloak's `RedirectUtils` does it, and the post-logout list as
//! `OIDCAdvancedConfigWrapper` resolves it (../shared/facts/keycloak-client.md §2, §6).
//!
//! Nothing is normalised but the scheme and host of the URI sent, which Keycloak lower-cases
//! (not the entries): no trailing slash or path case folding. A `*` is a wildcard
//! only as the last character of an entry without `?` or `#` (a prefix match on the URI with
//! its query and fragment cut; `https://h/p/*` also matches `https://h/p`); anywhere else it
//! is a literal star. An entry that is exactly `*` matches any URI. A relative entry
//! (`/…`) is resolved against the client's `rootUrl`, or against Keycloak's own origin when
//! `rootUrl` is empty. An `http` loopback URI that matches nothing is tried again without its
//! port, so an entry without a port matches any port there.

use crate::host::lower_scheme_and_host;

/// How a URI matched a client's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirectMatch {
    /// An entry equal to the URI.
    Exact,
    /// Only a wildcard entry matched (the entry as written in the client).
    Wildcard(String),
    NoMatch,
}

impl RedirectMatch {
    pub fn matches(&self) -> bool {
        !matches!(self, RedirectMatch::NoMatch)
    }
}

/// Where relative entries are resolved: the client's `rootUrl` and Keycloak's origin.
#[derive(Clone, Copy, Debug, Default)]
pub struct Resolution<'a> {
    /// `rootUrl` as exported (`${authBaseUrl}` is replaced by `keycloak_base`).
    pub root_url: Option<&'a str>,
    /// The origin the browser reaches Keycloak at (`https://sso.example.com`), when known.
    pub keycloak_origin: Option<&'a str>,
    /// Keycloak's public base URL, for `${authBaseUrl}` in `rootUrl`.
    pub keycloak_base: Option<&'a str>,
}

impl Resolution<'_> {
    /// The entry as Keycloak compares it: absolute as written, relative prefixed with the
    /// root URL or Keycloak's origin (plain concatenation, as Keycloak does); `None` when a
    /// relative entry cannot be resolved here (Keycloak's origin unknown).
    pub fn resolve(&self, entry: &str) -> Option<String> {
        if !entry.starts_with('/') {
            return Some(entry.to_owned());
        }
        let root = self
            .root_url
            .filter(|r| !r.is_empty())
            .map(|r| self.expand(r));
        match root {
            Some(root) => Some(format!("{root}{entry}")),
            None => self.keycloak_origin.map(|o| format!("{o}{entry}")),
        }
    }

    fn expand(&self, root: &str) -> String {
        let base = self.keycloak_base.unwrap_or("");
        root.replace("${authBaseUrl}", base)
            .replace("${authAdminUrl}", base)
    }
}

/// Whether `uri` is allowed by `entries` under Keycloak's rules, and how.
pub fn match_redirect(uri: &str, entries: &[String], resolution: &Resolution) -> RedirectMatch {
    let uri = &lower_scheme_and_host(uri);
    let found = match_once(uri, entries, resolution);
    if found.matches() {
        return found;
    }
    match without_loopback_port(uri) {
        Some(portless) => match_once(&portless, entries, resolution),
        None => found,
    }
}

fn match_once(uri: &str, entries: &[String], resolution: &Resolution) -> RedirectMatch {
    let mut wildcard = None;
    for entry in entries {
        let Some(resolved) = resolution.resolve(entry) else {
            continue;
        };
        if resolved == "*" {
            wildcard.get_or_insert_with(|| entry.clone());
        } else if is_wildcard(&resolved) {
            if wildcard_matches(&resolved, uri) {
                wildcard.get_or_insert_with(|| entry.clone());
            }
        } else if resolved == uri {
            return RedirectMatch::Exact;
        }
    }
    wildcard.map_or(RedirectMatch::NoMatch, RedirectMatch::Wildcard)
}

/// A trailing `*` is a wildcard unless the entry has a query or fragment.
fn is_wildcard(entry: &str) -> bool {
    entry.ends_with('*') && !entry.contains(['?', '#'])
}

fn wildcard_matches(entry: &str, uri: &str) -> bool {
    let cut = uri.find(['?', '#']).unwrap_or(uri.len());
    let uri = &uri[..cut];
    let prefix = &entry[..entry.len() - 1];
    if uri.starts_with(prefix) {
        return true;
    }
    // `https://h/p/*` also matches `https://h/p` (one trailing `/` before the `*`).
    prefix.len() > 1 && prefix.strip_suffix('/').is_some_and(|p| p == uri)
}

/// `http://localhost:3000/x` → `http://localhost/x`: Keycloak retries loopback URIs
/// without their port.
fn without_loopback_port(uri: &str) -> Option<String> {
    let rest = uri.strip_prefix("http://")?;
    for host in ["localhost:", "127.0.0.1:", "[::1]:"] {
        if let Some(after) = rest.strip_prefix(host) {
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            return Some(format!(
                "http://{}{}",
                &host[..host.len() - 1],
                &after[digits..]
            ));
        }
    }
    None
}

/// The post-logout list as Keycloak resolves it from the attribute
/// `post.logout.redirect.uris` (split on `##`): unset or empty → the redirect URIs; `-` first
/// → none; a `+` entry → the other entries plus the redirect URIs; otherwise the entries.
pub fn post_logout_uris(attribute: Option<&str>, redirect_uris: &[String]) -> Vec<String> {
    let Some(value) = attribute.filter(|v| !v.is_empty()) else {
        return redirect_uris.to_vec();
    };
    let entries: Vec<&str> = value.split("##").collect();
    if entries.first() == Some(&"-") {
        return Vec::new();
    }
    let mut out: Vec<String> = entries
        .iter()
        .filter(|e| **e != "+")
        .map(|e| (*e).to_owned())
        .collect();
    if entries.contains(&"+") {
        out.extend(redirect_uris.iter().cloned());
    }
    out
}
