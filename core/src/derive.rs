//! Settings → every URL Wiki.js and Keycloak need, for both Keycloak path layouts.
//!
//! Keycloak serves each realm under `{base}/realms/{realm}`; the base carries `/auth` on the
//! legacy (WildFly) layout and nothing on Keycloak 17+ (Quarkus). The authorization and
//! logout URLs are opened by users' browsers, so they use the public base; the token and
//! userinfo URLs are called by the Wiki.js server, so they use the internal base when set.
//!
//! The internal base takes Host's layout (the same server, the same path), except that an
//! `/auth` typed on it is kept: behind a proxy, Keycloak can serve `/auth` inside
//! (`http-relative-path`) while Host, what it advertises, has none.

use serde::Serialize;

use super::host::{lower_scheme_and_host, parse_base, parse_typed_url, BaseUrl};
use super::paste::keycloak_base_path;
use super::settings::{Endpoint, Layout, LayoutChoice, PerEndpoint, Settings};

/// One endpoint URL as Wiki.js will store it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointUrl {
    /// What will be saved: the override if there is one, else the derived URL, else empty.
    pub value: String,
    /// What host, realm and layout give, when they are usable.
    pub derived: Option<String>,
    pub overridden: bool,
}

/// Everything derived from [`Settings`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Derived {
    /// The layout in force once "automatic" is resolved; `None` while the host is unusable.
    pub layout: Option<Layout>,
    /// Public base URL with the layout applied (`https://kc.example.com/auth` on legacy).
    pub public_base: Option<String>,
    /// Base URL for the server-side calls, when an internal one is set and usable.
    pub internal_base: Option<String>,
    /// `{public base}/realms/{realm}`: what Keycloak puts in `iss` when its hostname is pinned.
    pub issuer: Option<String>,
    pub discovery_url: Option<String>,
    pub endpoints: PerEndpoint<EndpointUrl>,
    /// `{site}/login/{key}/callback`: Valid redirect URI in Keycloak.
    pub callback_url: Option<String>,
    /// Where Keycloak sends users after logout: the bare Site URL.
    pub post_logout_redirect: Option<String>,
    /// Host read as a base URL, before the layout is applied: the checks read it here
    /// rather than parse Host again (`None` when Host is not usable; the checks say why).
    #[serde(skip)]
    pub host_base: Option<BaseUrl>,
    /// The internal base URL read as a base URL, likewise (`None` when empty or unusable).
    #[serde(skip)]
    pub internal_host_base: Option<BaseUrl>,
}

impl Derived {
    /// The public base and the other base the Wiki.js server calls, when the two differ
    /// (`split-host-issuer`: Keycloak names the issuer after the one the sign-in used).
    pub fn split_host(&self) -> Option<(&str, &str)> {
        match (&self.public_base, &self.internal_base) {
            (Some(public), Some(internal)) if public != internal => Some((public, internal)),
            _ => None,
        }
    }
}

/// Keycloak stores a realm name in 255 characters; a longer one cannot exist, and is not
/// worth deriving (it would be encoded into every URL on every keystroke).
pub const MAX_REALM_LEN: usize = 255;

/// Derive every URL. Never fails: what cannot be derived is `None` and the diagnostics say why.
pub fn derive(settings: &Settings) -> Derived {
    let public = parse_base(&settings.host).ok();
    let layout = public
        .as_ref()
        .map(|base| resolve_layout(settings.layout, base));
    let public_base = public.as_ref().zip(layout).map(|(b, l)| with_layout(b, l));
    let internal = parse_base(&settings.internal_base_url).ok();
    let internal_base = internal.as_ref().zip(layout).map(|(b, l)| {
        let typed_auth = has_auth_suffix(&b.path);
        with_layout(b, if typed_auth { Layout::Legacy } else { l })
    });
    let realm = (!settings.realm.is_empty() && settings.realm.chars().count() <= MAX_REALM_LEN)
        .then(|| encode_realm(&settings.realm));
    let realm_url = |base: &Option<String>| {
        base.as_ref()
            .zip(realm.as_ref())
            .map(|(b, r)| format!("{b}/realms/{r}"))
    };
    let public_realm = realm_url(&public_base);
    let backchannel_realm = realm_url(&internal_base).or_else(|| public_realm.clone());

    let endpoints = PerEndpoint::from_fn(|endpoint| {
        let realm_url = if endpoint.is_backchannel() {
            &backchannel_realm
        } else {
            &public_realm
        };
        let derived = realm_url.as_ref().map(|r| endpoint_url(r, endpoint));
        let overridden = settings.overrides.get(endpoint).clone();
        EndpointUrl {
            value: overridden
                .clone()
                .or_else(|| derived.clone())
                .unwrap_or_default(),
            derived,
            overridden: overridden.is_some(),
        }
    });

    let site = site_url(&settings.site_url);
    Derived {
        layout,
        public_base,
        internal_base,
        discovery_url: public_realm
            .as_ref()
            .map(|r| format!("{r}/.well-known/openid-configuration")),
        issuer: public_realm,
        endpoints,
        callback_url: site
            .as_ref()
            .filter(|_| !settings.strategy_key.is_empty())
            .map(|s| format!("{s}/login/{}/callback", settings.strategy_key)),
        post_logout_redirect: site,
        host_base: public,
        internal_host_base: internal,
    }
}

/// `{realm url}/protocol/openid-connect/{auth|token|userinfo|logout}`.
pub fn endpoint_url(realm_url: &str, endpoint: Endpoint) -> String {
    format!(
        "{realm_url}/protocol/openid-connect/{}",
        endpoint.path_suffix()
    )
}

/// The Site URL as Wiki.js builds URLs from it: the value it holds, as it is. Saved under
/// Administration › General it has no trailing `/` (`site.updateConfig` trims and drops one),
/// but the setup wizard stores it as typed, and Wiki.js then sends `…//login/…/callback`
/// and a post-logout address ending in `/` (facts: keycloak-client.md §2, wikijs-2.5.md).
pub fn site_url(value: &str) -> Option<String> {
    let site = value.trim();
    // Only a usable http(s) URL: a callback built from `javascript:…` or markup is worse than
    // none (`site-url-missing` says why there is none).
    // Scheme and host lower-cased: what Keycloak must register for it (its post-logout URI,
    // its callback) matches it on every version only so (`lower_scheme_and_host`).
    parse_typed_url(site)
        .is_ok()
        .then(|| lower_scheme_and_host(site).into_owned())
}

/// Whether the typed path already ends in the legacy `/auth` segment (any letter case).
pub fn has_auth_suffix(path: &str) -> bool {
    // Bytes, not `str`: a slice of raw input may fall inside a character.
    path.len() >= 5 && path.as_bytes()[path.len() - 5..].eq_ignore_ascii_case(b"/auth")
}

/// `value` without its trailing `/auth` (and slashes), when it ends in one.
pub fn without_auth(value: &str) -> Option<String> {
    let trimmed = value.trim().trim_end_matches('/');
    has_auth_suffix(trimmed).then(|| trimmed[..trimmed.len() - 5].to_owned())
}

/// Automatic means: trust the host's path (of a pasted full URL, the part before the
/// realm: `pasted-full-url` offers that split).
pub fn resolve_layout(choice: LayoutChoice, base: &BaseUrl) -> Layout {
    match choice {
        LayoutChoice::Quarkus => Layout::Quarkus,
        LayoutChoice::Legacy => Layout::Legacy,
        LayoutChoice::Automatic if has_auth_suffix(keycloak_base_path(&base.path)) => {
            Layout::Legacy
        }
        LayoutChoice::Automatic => Layout::Quarkus,
    }
}

/// The base URL with `/auth` present exactly when the layout is legacy. A pasted full URL
/// keeps its path (its `/auth` may be the endpoint's): `pasted-full-url` offers the split.
pub fn with_layout(base: &BaseUrl, layout: Layout) -> String {
    let pasted = keycloak_base_path(&base.path).len() != base.path.len();
    let stem = if has_auth_suffix(&base.path) && !(pasted && layout == Layout::Quarkus) {
        // `https://kc//auth` must not leave `https://kc/` (then `…//realms/…`).
        base.path[..base.path.len() - 5].trim_end_matches('/')
    } else {
        base.path.as_str()
    };
    match layout {
        Layout::Quarkus => format!("{}{stem}", base.origin),
        Layout::Legacy => format!("{}{stem}/auth", base.origin),
    }
}

/// Percent-encode a realm name as exactly one path segment (UTF-8, upper-case hex), the way
/// Keycloak's own `UriBuilder` does: only RFC 3986 unreserved characters stay as they are.
/// (Written out rather than `percent_encoding::utf8_percent_encode`, though that crate is in
/// the tree under `url`: with it the page's wasm was 262 bytes larger gzipped.)
pub fn encode_realm(realm: &str) -> String {
    let mut out = String::with_capacity(realm.len());
    for byte in realm.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[(byte >> 4) as usize] as char);
            out.push(HEX[(byte & 0xf) as usize] as char);
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Decode `%XX` escapes (the inverse of [`encode_realm`]); `None` for invalid UTF-8 or escapes.
pub fn decode_segment(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = segment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
