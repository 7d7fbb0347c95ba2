//! Hosts the automatic check leaves alone: documentation placeholders no Keycloak answers for.

use crate::host::{parse_base, HostName};

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
