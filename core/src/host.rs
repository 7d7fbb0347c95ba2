//! Reading a Keycloak base URL as typed, and telling what kind of host it names.
//!
//! Parsing goes through the `url` crate (WHATWG rules, the same the browser applies), with
//! IDNA turned off: a non-ASCII host is refused with a reason that names the punycode form
//! instead of being silently converted (see ARCHITECTURE.md).

use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

/// A usable `http`/`https` base URL: origin plus a path without trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    /// `scheme://host[:port]`, lower-cased, default port dropped, IPv6 in brackets.
    pub origin: String,
    /// Percent-encoded path with no trailing slash: `""`, `/auth`, `/kc/auth`, …
    pub path: String,
    pub https: bool,
    pub host: HostName,
}

/// The host part of a URL, classified once so the checks can ask plain questions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostName {
    Domain(String),
    Ipv4(Ipv4Addr),
    Ipv6(Ipv6Addr),
}

/// Why a typed value cannot be a base URL. Each variant names what the admin should change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlProblem {
    Empty,
    SurroundingWhitespace,
    InnerWhitespace,
    MissingScheme,
    UnsupportedScheme(String),
    UserInfo,
    Query,
    Fragment,
    NonAsciiHost,
    /// Longer than [`MAX_URL_LEN`] (its length in bytes).
    TooLong(usize),
    /// A control, zero-width or text-direction character: invisible where it is typed.
    InvisibleCharacter(char),
    /// A DNS name over 253 characters, or with a label over 63.
    HostNameTooLong {
        total: usize,
        longest_label: usize,
    },
    /// `.`/`..` segments, or a percent-encoded `/`, `\` or NUL, in the path: what the
    /// browser, a proxy and Keycloak make of it differ from what it looks like.
    AmbiguousPath(&'static str),
    Unparseable(String),
}

impl UrlProblem {
    /// One sentence for the admin, naming the part of the value that is wrong.
    pub fn reason(&self) -> String {
        match self {
            UrlProblem::Empty => "it is empty".to_owned(),
            UrlProblem::SurroundingWhitespace => "it starts or ends with white space".to_owned(),
            UrlProblem::InnerWhitespace => "it contains white space".to_owned(),
            UrlProblem::MissingScheme => "it does not start with https:// or http://".to_owned(),
            UrlProblem::UnsupportedScheme(s) => {
                format!("it starts with {s}:, but only https:// or http:// can work")
            }
            UrlProblem::UserInfo => "it carries a user name or password (user:password@)".to_owned(),
            UrlProblem::Query => "it has a query string (?…)".to_owned(),
            UrlProblem::Fragment => "it has a fragment (#…)".to_owned(),
            UrlProblem::NonAsciiHost => {
                "the host name is not ASCII: type an international name in its punycode form (xn--…)".to_owned()
            }
            UrlProblem::TooLong(len) => format!(
                "it is {len} characters long; no Keycloak or wiki address needs more than {MAX_URL_LEN}"
            ),
            UrlProblem::InvisibleCharacter(c) => format!(
                "it contains an invisible character, U+{:04X}: retype it rather than pasting",
                u32::from(*c)
            ),
            UrlProblem::HostNameTooLong {
                total,
                longest_label,
            } if *longest_label > MAX_LABEL => format!(
                "a label of the host name is {longest_label} characters long; DNS allows {MAX_LABEL}"
            ),
            UrlProblem::HostNameTooLong { total, .. } => format!(
                "the host name is {total} characters long; DNS allows {MAX_NAME}"
            ),
            UrlProblem::AmbiguousPath(what) => format!(
                "its path has {what}, which the browser, proxies and Keycloak do not read alike"
            ),
            UrlProblem::Unparseable(why) => format!("it is not a URL ({why})"),
        }
    }
}

/// The longest URL the admin may type. Keycloak addresses are short; without a bound, a
/// megabyte pasted into a field would be parsed several times a keystroke.
pub const MAX_URL_LEN: usize = 2048;

/// DNS limits (RFC 1035): a name of at most 253 characters, labels of at most 63.
const MAX_NAME: usize = 253;
const MAX_LABEL: usize = 63;

/// Characters nobody can see in a text field: controls, zero-width and bidi marks.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Whether a typed URL with this (raw) path would be refused for it ([`UrlProblem::AmbiguousPath`]).
pub fn path_is_ambiguous(raw_path: &str) -> bool {
    path_ambiguity(raw_path).is_some()
}

/// What makes a raw path ambiguous, if anything (see [`UrlProblem::AmbiguousPath`]).
/// Allocation-free: it runs for every typed URL on every keystroke.
fn path_ambiguity(raw_path: &str) -> Option<&'static str> {
    let bytes = raw_path.as_bytes();
    let encoded = |i: usize, hex: &[u8; 2]| {
        bytes
            .get(i + 1..i + 3)
            .is_some_and(|h| h.eq_ignore_ascii_case(hex))
    };
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\\'
            || (b == b'%' && (encoded(i, b"2f") || encoded(i, b"5c") || encoded(i, b"00")))
        {
            return Some(
                "a percent-encoded slash, backslash or NUL (%2F, %5C, %00), or a backslash",
            );
        }
    }
    // A segment of one or two dots, each written `.` or `%2e`.
    let is_dot_segment = |segment: &str| {
        let mut rest = segment.as_bytes();
        let mut dots = 0;
        while !rest.is_empty() {
            match rest {
                [b'.', tail @ ..] => rest = tail,
                [b'%', b'2', b'e' | b'E', tail @ ..] => rest = tail,
                _ => return false,
            }
            dots += 1;
        }
        (1..=2).contains(&dots)
    };
    raw_path
        .split('/')
        .any(is_dot_segment)
        .then_some("`.` or `..` segments")
}

/// The only door to `Url::parse` in the core.
///
/// With IDNA off, the `url` crate must only ever see plain ASCII host names: its stub back
/// end rejects anything else, and asserts (in debug builds) that ASCII arrives lower-cased.
/// So the authority is lower-cased here, and one holding non-ASCII or percent escapes
/// (which would decode to non-ASCII) is refused before parsing.
pub fn parse_url(input: &str) -> Result<Url, String> {
    // One evaluation parses the same few values several times (Host for the derivation, its
    // checks and the pasted-URL check; each endpoint URL for several checks), and the next
    // keystroke changes one of them: the last few answers are kept.
    // Least recently used goes first: a value read every evaluation (the Site URL) stays
    // while the URLs of each keystroke come and go.
    let cached = RECENT.try_with(|recent| {
        let mut recent = recent.borrow_mut();
        let at = recent.iter().position(|(key, _)| key == input)?;
        let entry = recent.remove(at);
        let answer = entry.1.clone();
        recent.push(entry);
        Some(answer)
    });
    if let Ok(Some(answer)) = cached {
        return answer;
    }
    let answer = parse_url_uncached(input);
    let _ = RECENT.try_with(|recent| {
        let mut recent = recent.borrow_mut();
        if recent.len() == RECENT_PARSES {
            drop(recent.remove(0));
        }
        recent.push((input.to_owned(), answer.clone()));
    });
    answer
}

/// How many recent [`parse_url`] answers are kept (per thread).
const RECENT_PARSES: usize = 8;

thread_local! {
    static RECENT: std::cell::RefCell<Vec<(String, Result<Url, String>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn parse_url_uncached(input: &str) -> Result<Url, String> {
    // WHATWG drops tabs and newlines anywhere; drop them first so our authority is url's.
    // (Copies only when there is one: this runs several times per keystroke.)
    let stripped: String;
    let input = if input.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
        stripped = input
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        stripped.as_str()
    } else {
        input
    };
    // It also drops C0 controls and spaces at both ends (`https://xn--3ug\u{16}`).
    let input = input.trim_matches(|c: char| c <= ' ');
    let (start, end) = authority_span(input).ok_or_else(|| "no scheme".to_owned())?;
    let authority = &input[start..end];
    if !authority.is_ascii() || authority.contains('%') {
        return Err("the host must be plain ASCII".to_owned());
    }
    if spells_direction_mark(authority) {
        return Err("the host's punycode (xn--…) spells an invisible direction mark".to_owned());
    }
    #[allow(clippy::disallowed_methods)] // the one door (core/clippy.toml)
    let parsed = if input[..end].bytes().any(|b| b.is_ascii_uppercase()) {
        let normalised = format!(
            "{}{}{}",
            input[..start].to_ascii_lowercase(),
            authority.to_ascii_lowercase(),
            &input[end..]
        );
        Url::parse(&normalised)
    } else {
        Url::parse(input)
    };
    parsed.map_err(|e| e.to_string())
}

/// Where the authority of an http(s) URL is, as WHATWG URL parsing (browsers, Node's `URL`)
/// reads it: after the scheme's `:` and every `/` or `\\` that follows, up to the first `/`,
/// `\\`, `?` or `#`. The one scan every parser here uses, so they agree on what the host is:
/// `https://a\\b@c` is host `a` with the path `/b@c`, not user info. `None` without a `:`.
fn authority_span(input: &str) -> Option<(usize, usize)> {
    let colon = input.find(':')?;
    // Byte scans (every byte sought is ASCII): `str`'s char-set patterns cost several times
    // more at `opt-level = "z"`, and this runs several times an evaluation.
    let bytes = input.as_bytes();
    let slashes = bytes[colon + 1..]
        .iter()
        .take_while(|b| matches!(b, b'/' | b'\\'))
        .count();
    let start = colon + 1 + slashes;
    let end = bytes[start..]
        .iter()
        .position(|b| matches!(b, b'/' | b'?' | b'#' | b'\\'))
        .map_or(input.len(), |i| start + i);
    Some((start, end))
}

/// Whether a punycode label (`xn--…`) of the authority's host decodes to a direction mark
/// (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069). No host name may hold one, and
/// with the IDNA stub the `url` crate would pass U+200F to a `debug_assert!` (found by
/// fuzzing: `https://xn--3ug`).
fn spells_direction_mark(authority: &str) -> bool {
    let host = authority.rsplit('@').next().unwrap_or(authority);
    host.split(['.', ':'])
        .filter(|label| label.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("xn--")))
        .filter_map(|label| punycode_decode(&label[4..]))
        .flatten()
        .any(|c| {
            matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
}

/// RFC 3492 Punycode decoding of a label's part after `xn--`; `None` when it is not valid
/// Punycode, or longer than the `idna` crate decodes (2000 bytes).
/// (Written out rather than `idna::punycode::decode`, though `idna` is in the tree under
/// `url`: its decoder, instantiated for outside callers, made the page's wasm 627 bytes
/// larger gzipped.)
fn punycode_decode(input: &str) -> Option<Vec<char>> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    if input.len() > 2000 {
        return None;
    }
    let (basic, digits) = input.rsplit_once('-').unwrap_or(("", input));
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (128u32, 0u32, 72u32);
    let mut digits = digits.bytes();
    while digits.len() > 0 {
        let old_i = i;
        let mut w = 1u32;
        let mut k = BASE;
        loop {
            let digit = match digits.next()? {
                b @ b'a'..=b'z' => b - b'a',
                b @ b'A'..=b'Z' => b - b'A',
                b @ b'0'..=b'9' => b - b'0' + 26,
                _ => return None,
            };
            let digit = u32::from(digit);
            i = i.checked_add(digit.checked_mul(w)?)?;
            let t = k.saturating_sub(bias).clamp(T_MIN, T_MAX);
            if digit < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k = k.saturating_add(BASE);
        }
        let len = u32::try_from(output.len() + 1).ok()?;
        // Bias adaptation (RFC 3492, section 6.1).
        let mut delta = (i - old_i) / if old_i == 0 { 700 } else { 2 };
        delta += delta / len;
        let mut k = 0;
        while delta > ((BASE - T_MIN) * T_MAX) / 2 {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        bias = k + (BASE - T_MIN + 1) * delta / (delta + 38);
        n = n.checked_add(i / len)?;
        i %= len;
        output.insert(i as usize, char::from_u32(n)?);
        i += 1;
    }
    Some(output)
}

/// Parse an absolute `http`/`https` URL strictly: the admin's value must be usable as is.
pub fn parse_http_url(input: &str) -> Result<Url, UrlProblem> {
    if input.is_empty() {
        return Err(UrlProblem::Empty);
    }
    if input.trim() != input {
        return Err(UrlProblem::SurroundingWhitespace);
    }
    // One pass for both (this runs several times a keystroke): the first offender decides.
    // Printable ASCII, by far the common case, has neither.
    if !input.bytes().all(|b| b.is_ascii_graphic()) {
        for c in input.chars() {
            if c.is_whitespace() {
                return Err(UrlProblem::InnerWhitespace);
            }
            if is_invisible(c) {
                return Err(UrlProblem::InvisibleCharacter(c));
            }
        }
    }
    let scheme_end = input.find(':');
    let scheme = scheme_end.map(|i| &input[..i]);
    match scheme {
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {}
        Some(s)
            if !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && starts_with_port(&input[s.len() + 1..]) =>
        {
            // `host:8080/path` — a port, not a scheme.
            return Err(UrlProblem::MissingScheme);
        }
        Some(s)
            if !s.is_empty()
                && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            return Err(UrlProblem::UnsupportedScheme(s.to_ascii_lowercase()));
        }
        _ => return Err(UrlProblem::MissingScheme),
    }
    // `scheme://` exactly: `http:/x` would be read as host `x` by browsers, not typed as one.
    if !scheme_end.is_some_and(|i| input.as_bytes()[i..].starts_with(b"://")) {
        return Err(UrlProblem::MissingScheme);
    }
    let Some((start, end)) = authority_span(input) else {
        return Err(UrlProblem::MissingScheme);
    };
    let authority = &input[start..end];
    if authority.contains('@') {
        return Err(UrlProblem::UserInfo);
    }
    if !authority.is_ascii() {
        return Err(UrlProblem::NonAsciiHost);
    }

    let url = parse_url(input).map_err(UrlProblem::Unparseable)?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlProblem::UserInfo);
    }
    if url.query().is_some() {
        return Err(UrlProblem::Query);
    }
    if url.fragment().is_some() {
        return Err(UrlProblem::Fragment);
    }
    match url.host() {
        None => return Err(UrlProblem::Unparseable("no host".to_owned())),
        Some(Host::Domain(name)) => {
            let name = name.strip_suffix('.').unwrap_or(name);
            let longest_label = name.split('.').map(str::len).max().unwrap_or(0);
            if name.len() > MAX_NAME || longest_label > MAX_LABEL {
                return Err(UrlProblem::HostNameTooLong {
                    total: name.len(),
                    longest_label,
                });
            }
        }
        Some(_) => {}
    }
    Ok(url)
}

/// [`parse_http_url`] for a URL the admin typed, whose path must also mean what it shows.
/// (Derived URLs need not pass: a realm is percent-encoded into them, `%00` and all, and
/// the realm's own check reports it.)
pub fn parse_typed_url(input: &str) -> Result<Url, UrlProblem> {
    if input.len() > MAX_URL_LEN {
        return Err(UrlProblem::TooLong(input.len()));
    }
    let url = parse_http_url(input)?;
    // Percent-encoding can make the URL much longer than what was typed (9 characters for
    // one U+FFFD): the bound holds for the URL as it will be used.
    if url.as_str().len() > MAX_URL_LEN {
        return Err(UrlProblem::TooLong(url.as_str().len()));
    }
    // Nothing to look at without a `%`, a backslash or a `/.` (the common case, cheaply).
    let bytes = input.as_bytes();
    let suspect =
        bytes.iter().any(|&b| b == b'%' || b == b'\\') || bytes.windows(2).any(|w| w == b"/.");
    if !suspect {
        return Ok(url);
    }
    // The path as typed: from the authority's end up to a query or fragment.
    let path = authority_span(input).map_or("", |(_, end)| &input[end..]);
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    match path_ambiguity(path) {
        Some(what) => Err(UrlProblem::AmbiguousPath(what)),
        None => Ok(url),
    }
}

/// Whether what follows a `name:` reads as a port: digits, then the end or a path
/// (`8080`, `8080/auth`), as in `localhost:8080/auth` typed without its scheme.
fn starts_with_port(rest: &str) -> bool {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(rest.as_bytes().get(digits), None | Some(b'/'))
}

/// `url` without the user name and password before its host (`https://admin:pw@kc…`, which
/// `host-invalid` refuses): what a draft or an event may keep of a URL as typed.
pub fn without_userinfo(url: &str) -> Cow<'_, str> {
    let Some(scheme_end) = url.find("://") else {
        return url.into();
    };
    let start = scheme_end + 3;
    let end = url[start..]
        .find(['/', '?', '#', '\\'])
        .map_or(url.len(), |i| start + i);
    match url[start..end].rfind('@') {
        Some(at) => format!("{}{}", &url[..start], &url[start + at + 1..]).into(),
        None => url.into(),
    }
}

/// Serde's `serialize_with` for a URL field of [`crate::Settings`]: [`without_userinfo`].
// Serde hands the field itself over, a `&String`.
#[allow(clippy::ptr_arg)]
pub(crate) fn serialize_without_userinfo<S: serde::Serializer>(
    url: &String,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&without_userinfo(url))
}

/// Parse a Keycloak base URL ("Host" or the internal base URL).
pub fn parse_base(input: &str) -> Result<BaseUrl, UrlProblem> {
    parse_typed_url(input).map(|url| base_of(&url, url.path()))
}

/// The base made of `url`'s origin and the given path (trailing slashes dropped).
pub fn base_of(url: &Url, path: &str) -> BaseUrl {
    let host = match url.host() {
        Some(Host::Domain(d)) => HostName::Domain(d.to_owned()),
        Some(Host::Ipv4(a)) => HostName::Ipv4(a),
        Some(Host::Ipv6(a)) => HostName::Ipv6(a),
        None => HostName::Domain(String::new()),
    };
    BaseUrl {
        origin: origin_of(url),
        path: path.trim_end_matches('/').to_owned(),
        https: url.scheme() == "https",
        host,
    }
}

/// `scheme://host[:port]` exactly as `Origin::ascii_serialization` writes it (default port
/// left out), without building an `Origin` for http(s): this runs several times a keystroke.
fn origin_of(url: &Url) -> String {
    match (url.scheme(), url.host_str()) {
        (scheme @ ("http" | "https"), Some(host)) => {
            let mut origin = String::with_capacity(scheme.len() + 3 + host.len() + 6);
            origin.push_str(scheme);
            origin.push_str("://");
            origin.push_str(host);
            if let Some(port) = url.port() {
                use std::fmt::Write;
                let _ = write!(origin, ":{port}");
            }
            origin
        }
        _ => url.origin().ascii_serialization(),
    }
}

/// The value with the fixable problems removed, when that yields a usable base URL:
/// trimmed, a scheme added, user info, query and fragment dropped. The scheme added is
/// `http://` for port 80 or 8080 (Keycloak's own plain-HTTP port), else `https://`.
pub fn cleaned_url(input: &str) -> Option<String> {
    if input.len() > MAX_URL_LEN {
        return None;
    }
    let mut value: String = input.trim().chars().filter(|c| !is_invisible(*c)).collect();
    if value.is_empty() || value.chars().any(char::is_whitespace) {
        return None;
    }
    if !value.contains("://") {
        let authority = value.split(['/', '?', '#']).next().unwrap_or_default();
        let plain = authority.ends_with(":8080") || authority.ends_with(":80");
        value = format!("{}://{value}", if plain { "http" } else { "https" });
    }
    let mut url = parse_url(&value).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_query(None);
    url.set_fragment(None);
    let mut cleaned = url.to_string();
    while cleaned.ends_with('/') {
        cleaned.pop();
    }
    (parse_typed_url(&cleaned).is_ok() && cleaned != input).then_some(cleaned)
}

impl HostName {
    /// The host as it appears in a URL (`[::1]` for IPv6): written by `url`, as the URL
    /// itself is, which also keeps the standard library's IPv6 formatter out of the wasm.
    pub fn display(&self) -> String {
        match self {
            HostName::Domain(d) => d.clone(),
            HostName::Ipv4(a) => Host::<&str>::Ipv4(*a).to_string(),
            HostName::Ipv6(a) => Host::<&str>::Ipv6(*a).to_string(),
        }
    }

    pub fn is_ip_literal(&self) -> bool {
        !matches!(self, HostName::Domain(_))
    }

    /// Loopback or unspecified: on the Wiki.js server this is the server (or container) itself.
    pub fn is_loopback(&self) -> bool {
        match self {
            HostName::Domain(d) => {
                let d = d.trim_end_matches('.').to_ascii_lowercase();
                d == "localhost" || d.ends_with(".localhost")
            }
            HostName::Ipv4(a) => a.is_loopback() || a.is_unspecified(),
            HostName::Ipv6(a) => {
                a.is_loopback()
                    || a.is_unspecified()
                    || a.to_ipv4_mapped()
                        .is_some_and(|v4| v4.is_loopback() || v4.is_unspecified())
            }
        }
    }

    /// Loopback as browsers trust it over plain `http` from an `https` page (`localhost`,
    /// `127.0.0.0/8`, `::1`): not the unspecified address (`0.0.0.0`, `::`), which is no
    /// secure context and whose fetch is blocked.
    pub fn is_trusted_loopback(&self) -> bool {
        let unspecified = match self {
            HostName::Domain(_) => false,
            HostName::Ipv4(a) => a.is_unspecified(),
            HostName::Ipv6(a) => {
                a.is_unspecified() || a.to_ipv4_mapped().is_some_and(|v4| v4.is_unspecified())
            }
        };
        self.is_loopback() && !unspecified
    }

    /// A name a user's browser usually cannot resolve: it lives in Docker, Kubernetes or mDNS.
    pub fn is_internal_name(&self) -> bool {
        let HostName::Domain(d) = self else {
            return false;
        };
        let d = d.trim_end_matches('.').to_ascii_lowercase();
        if d == "localhost" || d.ends_with(".localhost") {
            return false;
        }
        !d.contains('.')
            || d == "host.docker.internal"
            || [".internal", ".local", ".svc", ".cluster.local"]
                .iter()
                .any(|suffix| d.ends_with(suffix))
    }

    /// A host no public certificate authority issues for, so https to it uses a private CA:
    /// an IP literal, an internal name, or a name under a suffix reserved or used only
    /// inside networks (`home.arpa`, RFC 8375; `.lan`, `.corp`, …), which browsers on that
    /// network may resolve (so these are not [`HostName::is_internal_name`]).
    pub fn is_beyond_public_ca(&self) -> bool {
        const PRIVATE_SUFFIXES: &[&str] = &[
            ".home.arpa",
            ".lan",
            ".intranet",
            ".corp",
            ".private",
            ".localdomain",
        ];
        let private_suffix = match self {
            HostName::Domain(d) => {
                let d = d.trim_end_matches('.').to_ascii_lowercase();
                PRIVATE_SUFFIXES.iter().any(|suffix| d.ends_with(suffix))
            }
            _ => false,
        };
        self.is_ip_literal() || self.is_internal_name() || private_suffix
    }

    /// A private-range address (RFC 1918, link-local, unique-local) or loopback.
    pub fn is_private_address(&self) -> bool {
        match self {
            HostName::Domain(_) => false,
            HostName::Ipv4(a) => {
                a.is_private() || a.is_link_local() || a.is_loopback() || a.is_unspecified()
            }
            HostName::Ipv6(a) => {
                let first = a.segments()[0];
                a.is_loopback()
                    || a.is_unspecified()
                    || (first & 0xfe00) == 0xfc00
                    || (first & 0xffc0) == 0xfe80
                    || a.to_ipv4_mapped()
                        .is_some_and(|v4| HostName::Ipv4(v4).is_private_address())
            }
        }
    }

    /// Where plain `http` is tolerable: the traffic stays on the machine or a private network.
    pub fn is_non_public(&self) -> bool {
        self.is_loopback() || self.is_private_address() || self.is_internal_name()
    }

    /// Reached only inside a network: [`HostName::is_non_public`], or a name under a suffix
    /// used only inside networks (`.lan`, `home.arpa`, …). Callers there reach Keycloak from
    /// private addresses, which Keycloak's default Require SSL (external) lets through.
    pub fn is_on_private_network(&self) -> bool {
        self.is_non_public() || self.is_beyond_public_ca() && !self.is_ip_literal()
    }
}

/// Two URLs name the same resource: same origin (scheme and host case, default port) and the
/// same decoded path, ignoring a trailing slash.
pub fn same_url(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match (host_of(a), host_of(b)) {
        (Some(x), Some(y)) => {
            let path = |p: &str| crate::derive::decode_segment(p).unwrap_or_else(|| p.to_owned());
            x.origin == y.origin && path(&x.path) == path(&y.path)
        }
        _ => false,
    }
}

/// The host of any absolute http(s) URL, for checks on endpoint URLs.
pub fn host_of(url: &str) -> Option<BaseUrl> {
    parse_url(url)
        .ok()
        .filter(|u| u.host().is_some())
        .map(|u| base_of(&u, u.path()))
}

/// Whether `target` (absolute, or relative as `fetch` resolves it) stays on `reference`'s
/// origin. An absolute URL must have the same scheme, host and port; a relative one always
/// does, unless it names another host (`//host`, `\\host`, `/\host`, also with tabs or
/// newlines between, which URL parsing drops).
pub fn on_origin_of(target: &str, reference: &str) -> bool {
    let Ok(page) = parse_url(reference) else {
        return false;
    };
    let target = as_url_parsing_reads(target);
    if has_scheme(&target) {
        return parse_url(&target).is_ok_and(|t| t.origin() == page.origin());
    }
    let b = target.as_bytes();
    !(b.len() >= 2 && matches!(b[0], b'/' | b'\\') && matches!(b[1], b'/' | b'\\'))
}

/// Whether a page may show `target` as a link: an http(s) URL, or one relative to the page.
/// Any other scheme (`javascript:`, `data:`) would run or show what the link does not say.
pub fn is_web_link(target: &str) -> bool {
    let target = as_url_parsing_reads(target);
    !has_scheme(&target) || parse_url(&target).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

/// `target` as URL parsing reads it: outer spaces and control characters trimmed, tabs and
/// newlines dropped.
fn as_url_parsing_reads(target: &str) -> String {
    target
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// Whether `target` starts with a scheme: a `:` before any `/`, `\\`, `?` or `#`.
fn has_scheme(target: &str) -> bool {
    let scheme_end = target.find(['/', '\\', '?', '#']).unwrap_or(target.len());
    target[..scheme_end].contains(':')
}

/// `https://Wiki.Example.com/Login` → `https://wiki.example.com/Login`. Keycloak lower-cases
/// the scheme and host of the URI it is sent before comparing it with a client's entries
/// (the path keeps its case), and before 22 compared those entries as written: so the URIs
/// it must hold are written this way (`derive::site_url`), and a URI checked against an
/// export's entries is read this way.
pub fn lower_scheme_and_host(uri: &str) -> Cow<'_, str> {
    let authority_end = authority_span(uri).map_or(0, |(_, end)| end);
    let (head, rest) = uri.split_at(authority_end);
    if head.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(head.to_ascii_lowercase() + rest)
    } else {
        Cow::Borrowed(uri)
    }
}
