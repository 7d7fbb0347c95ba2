//! Reading a Wiki.js GraphQL answer: every way it can fail becomes one [`BackendError`]
//! with one sentence for the admin.
//!
//! An HTTP 200 means little here (contract README, point 3): Wiki.js reports a missing
//! permission in `errors[]`, a refused change in `responseResult.succeeded`, and a broken
//! strategy row as an error next to partial data. So a success is only: a 2xx status, a
//! JSON body, no `errors`, the expected field present with the expected type and, for
//! mutations, `succeeded: true`. Nothing here panics on any body (huge, deeply nested,
//! wrongly typed): serde_json's recursion limit and typed decoding turn all of it into errors.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::settings::GroupInfo;

use super::strategy::{keycloak_prop_keys, ActiveStrategy, StrategyDefinition, LEGACY_LOGOUT_PROP};

/// The longest piece of server text an error message quotes.
const EXCERPT_CHARS: usize = 200;
/// How much of an HTML body is scanned for its title or text.
const HTML_SCAN_BYTES: usize = 64 * 1024;

/// What a non-GraphQL body looked like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    Html,
    Json,
    Text,
    Empty,
}

/// Why a Wiki.js call did not give what was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackendError {
    /// A non-2xx status without a GraphQL error worth naming (proxy page, 404, 502, …).
    Status {
        status: u16,
        kind: BodyKind,
        excerpt: String,
    },
    /// A 2xx status whose body is not JSON (a login proxy, an HTML fallback page, …).
    NotJson {
        status: u16,
        kind: BodyKind,
        excerpt: String,
    },
    /// `errors[].message == "Forbidden"`: the caller lacks `manage:system` (or its session
    /// expired and Wiki.js treated it as the guest).
    Forbidden { path: String },
    /// `errors[].message == "Unauthorized"`: no user at all behind the request.
    Unauthorized { path: String },
    /// The request itself was refused before running (HTTP 400 `BAD_USER_INPUT`,
    /// `GRAPHQL_VALIDATION_FAILED`, malformed JSON): a bug in this tool, or a Wiki.js
    /// other than 2.5.
    Invalid {
        status: u16,
        code: String,
        message: String,
    },
    /// Any other entry of `errors[]`.
    GraphQl {
        message: String,
        path: String,
        more: usize,
    },
    /// `responseResult.succeeded == false`: Wiki.js ran the mutation and refused it.
    Failed {
        slug: String,
        error_code: i64,
        message: String,
    },
    /// The answer lacks the expected field, or it has the wrong type.
    UnexpectedShape { path: String, detail: String },
    /// A body larger than [`super::limits::MAX_ANSWER_BYTES`]: not read, or not decoded.
    TooLarge { bytes: u64 },
    /// JSON nested deeper than serde_json's limit (128): no Wiki.js answer is.
    TooDeep { status: u16 },
    /// No answer within the time limit; the request was aborted.
    Timeout { seconds: u32 },
    /// No HTTP answer at all: network down, server not running, connection cut.
    Network { detail: String },
    /// The static demo's in-page wiki, one of the page's own files, did not load: what
    /// failed, as the page's part loader says it (the file, or the wait).
    DemoNotLoaded { detail: String },
}

impl BackendError {
    /// One clear sentence (or two) for the admin.
    pub fn message(&self) -> String {
        match self {
            BackendError::Status { status, kind, excerpt } => {
                let hint = status_hint(*status);
                match kind {
                    BodyKind::Html => format!("Wiki.js answered HTTP {status} with an HTML page (“{excerpt}”) instead of a GraphQL answer.{hint}"),
                    BodyKind::Json => format!("Wiki.js answered HTTP {status} with a JSON error: “{excerpt}”.{hint}"),
                    BodyKind::Text => format!("Wiki.js answered HTTP {status}: “{excerpt}”.{hint}"),
                    BodyKind::Empty => format!("Wiki.js answered HTTP {status} with an empty body.{hint}"),
                }
            }
            BackendError::NotJson { status, kind, excerpt } => match kind {
                BodyKind::Html => format!(
                    "The answer (HTTP {status}) was an HTML page (“{excerpt}”), not Wiki.js's GraphQL JSON: check that this page talks to the wiki's own /graphql and that no login proxy sits in front of it."
                ),
                BodyKind::Empty => format!("The answer (HTTP {status}) was empty, not Wiki.js's GraphQL JSON."),
                _ => format!("The answer (HTTP {status}) was not valid JSON: “{excerpt}”."),
            },
            BackendError::Forbidden { path } => format!(
                "Wiki.js refused{}: the account you are signed in with lacks the manage:system permission (Administrators group), or its session has expired. Sign in to Wiki.js as an administrator and reload this page.",
                at(path)
            ),
            BackendError::Unauthorized { path } => format!(
                "Wiki.js saw no signed-in user{}: sign in to Wiki.js as an administrator and reload this page.",
                at(path)
            ),
            BackendError::Invalid { status, code, message } => {
                let code = if code.is_empty() { String::new() } else { format!(", {code}") };
                format!("Wiki.js rejected the request as invalid (HTTP {status}{code}): {message} This tool sent something this Wiki.js does not accept; nothing was changed.")
            }
            BackendError::GraphQl { message, path, more } => {
                let more = match more {
                    0 => String::new(),
                    1 => " (and 1 more error)".to_owned(),
                    n => format!(" (and {n} more errors)"),
                };
                // Contract 37: a row whose module is missing breaks the whole list.
                let hint = if message.contains("AuthenticationStrategy.key") {
                    " A stored strategy uses a module this Wiki.js does not have; restarting Wiki.js deletes such entries."
                } else {
                    ""
                };
                format!("Wiki.js reported an error{}: {message}{more}{hint}", at(path))
            }
            BackendError::Failed { slug, message, .. } => {
                format!("Wiki.js did not accept the change ({slug}): {message}")
            }
            BackendError::UnexpectedShape { path, detail } => format!(
                "Wiki.js answered, but not in the shape Wiki.js 2.5 uses: {path} {detail}. Is this wiki a Wiki.js 2.5 release?"
            ),
            BackendError::TooLarge { bytes } => {
                // Tenths of a MB in integers: float formatting would cost the wasm kilobytes.
                let tenths = bytes.saturating_mul(10) / (1024 * 1024);
                format!(
                    "Wiki.js answered with {}.{} MB; a strategy list is never that large: is a proxy in the way?",
                    tenths / 10,
                    tenths % 10
                )
            }
            BackendError::TooDeep { status } => format!(
                "Wiki.js's answer (HTTP {status}) is JSON nested more than 128 levels deep: is a proxy or another server in the way?"
            ),
            BackendError::Timeout { seconds } => format!(
                "Wiki.js did not answer within {seconds} s, so the request was cancelled: check that the wiki is running and reachable, then try again."
            ),
            BackendError::Network { detail } => {
                let detail = truncate(detail, EXCERPT_CHARS);
                let detail = if detail.is_empty() { String::new() } else { format!(" ({detail})") };
                format!("Could not reach Wiki.js{detail}: the network is down, the wiki is not running, or the connection was cut.")
            }
            // The page's own words (the file, or the wait), never a server's: said whole, as
            // its end ("HTTP 404") is what matters.
            BackendError::DemoNotLoaded { detail } => format!(
                "{detail}. The demo wiki is one of this page's own files: check that every file of the page is served, then try loading again."
            ),
        }
    }

    /// What a failed load says: [`BackendError::message`], or for a refusal after the page
    /// took its API token out of the address (`token_taken`: a reload has none) why.
    pub fn load_message(&self, token_taken: bool) -> String {
        match self {
            BackendError::Forbidden { path } | BackendError::Unauthorized { path } if token_taken => format!(
                "Wiki.js refused{}: this page took its API token out of the address, to keep it out of the browser's history, so a reload has none. Open the link with ?token= again (an API key: Administration › API Access), or sign in to Wiki.js as an administrator.",
                at(path)
            ),
            _ => self.message(),
        }
    }

    /// Whether signing in again (as an administrator) is the fix.
    pub fn is_permission(&self) -> bool {
        matches!(
            self,
            BackendError::Forbidden { .. } | BackendError::Unauthorized { .. }
        )
    }
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for BackendError {}

fn at(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" at {path}")
    }
}

fn status_hint(status: u16) -> &'static str {
    match status {
        401 | 403 => " A proxy in front of Wiki.js refused the request; open the wiki in this browser and sign in first.",
        404 => " There is no GraphQL endpoint at this address: is this page served by the wiki itself?",
        413 => " The request was too large for Wiki.js or its proxy.",
        502..=504 => " Wiki.js itself did not answer its proxy: is it running?",
        _ => "",
    }
}

/// `responseResult` of a mutation (`ResponseStatus` in the schema).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseResult {
    pub succeeded: bool,
    #[serde(default)]
    pub error_code: i64,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub message: Option<String>,
}

/// Decode the value at `path` under `data` as `T`, after every failure check.
pub fn decode<T: DeserializeOwned>(
    status: u16,
    body: &str,
    path: &[&str],
) -> Result<T, BackendError> {
    let data = decode_data(status, body)?;
    extract(&data, path)
}

/// Decode a mutation's answer at `path` (the field holding `responseResult`): `Ok` only
/// when Wiki.js says it succeeded.
pub fn decode_result(
    status: u16,
    body: &str,
    path: &[&str],
) -> Result<ResponseResult, BackendError> {
    let mut full: Vec<&str> = path.to_vec();
    full.push("responseResult");
    decode(status, body, &full)
}

/// The `data` object of a successful answer: status, JSON and `errors[]` checked.
pub fn decode_data(status: u16, body: &str) -> Result<Value, BackendError> {
    if let Some(error) = super::limits::too_large(body.len() as u64) {
        return Err(error);
    }
    let parsed = serde_json::from_str::<Value>(body);
    if let Err(e) = &parsed {
        if e.to_string().starts_with("recursion limit") {
            return Err(BackendError::TooDeep { status });
        }
    }
    if !(200..300).contains(&status) {
        if let Ok(json) = &parsed {
            if let Some(error) = errors_error(json, status) {
                return Err(error);
            }
        }
        let kind = body_kind(body, parsed.is_ok());
        return Err(BackendError::Status {
            status,
            kind,
            excerpt: body_excerpt(body, kind),
        });
    }
    let json = match parsed {
        Ok(json) => json,
        Err(_) => {
            let kind = body_kind(body, false);
            return Err(BackendError::NotJson {
                status,
                kind,
                excerpt: body_excerpt(body, kind),
            });
        }
    };
    if let Some(error) = errors_error(&json, status) {
        return Err(error);
    }
    match json {
        Value::Object(mut root) => match root.remove("data") {
            Some(data @ Value::Object(_)) => Ok(data),
            Some(other) => Err(shape("data", &format!("is {}", type_name(&other)))),
            None => Err(shape("data", "is missing")),
        },
        other => Err(shape("the answer", &format!("is {}", type_name(&other)))),
    }
}

/// The value at `path` under `data`, typed, with a refused mutation turned into `Failed`.
pub fn extract<T: DeserializeOwned>(data: &Value, path: &[&str]) -> Result<T, BackendError> {
    let mut here = data;
    let mut walked = String::from("data");
    for segment in path {
        walked.push('.');
        walked.push_str(segment);
        here = match here {
            Value::Object(map) => map
                .get(*segment)
                .ok_or_else(|| shape(&walked, "is missing"))?,
            other => {
                return Err(shape(
                    &walked,
                    &format!("cannot be read: its parent is {}", type_name(other)),
                ))
            }
        };
    }
    if let Some(failed) = refused(here) {
        return Err(failed);
    }
    T::deserialize(here).map_err(|e| {
        shape(
            &walked,
            &format!(
                "has an unexpected value ({})",
                truncate(&e.to_string(), EXCERPT_CHARS)
            ),
        )
    })
}

/// `succeeded: false` in a `responseResult` (or in the value itself, when it is one).
fn refused(value: &Value) -> Option<BackendError> {
    let result = value.get("responseResult").unwrap_or(value);
    if result.get("succeeded") != Some(&Value::Bool(false)) {
        return None;
    }
    Some(BackendError::Failed {
        slug: truncate(
            result.get("slug").and_then(Value::as_str).unwrap_or(""),
            EXCERPT_CHARS,
        ),
        error_code: result.get("errorCode").and_then(Value::as_i64).unwrap_or(0),
        message: truncate(
            result
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("An unexpected error occurred."),
            EXCERPT_CHARS * 2,
        ),
    })
}

/// The error `errors[]` reports, if any: Forbidden and Unauthorized win over the rest,
/// because they name the fix.
fn errors_error(json: &Value, status: u16) -> Option<BackendError> {
    let errors = match json.get("errors")? {
        Value::Null => return None,
        Value::Array(list) if list.is_empty() => return None,
        Value::Array(list) => list.as_slice(),
        other => {
            return Some(BackendError::GraphQl {
                message: truncate(&other.to_string(), EXCERPT_CHARS),
                path: String::new(),
                more: 0,
            })
        }
    };
    let message = |e: &Value| {
        e.get("message")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| e.to_string())
    };
    let path = |e: &Value| error_path(e.get("path"));
    if let Some(e) = errors.iter().find(|e| message(e) == "Forbidden") {
        return Some(BackendError::Forbidden { path: path(e) });
    }
    if let Some(e) = errors.iter().find(|e| message(e) == "Unauthorized") {
        return Some(BackendError::Unauthorized { path: path(e) });
    }
    let first = &errors[0];
    let code = first
        .pointer("/extensions/code")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let request_level = matches!(
        code.as_str(),
        "BAD_USER_INPUT" | "GRAPHQL_VALIDATION_FAILED" | "GRAPHQL_PARSE_FAILED"
    );
    if request_level || status == 400 {
        return Some(BackendError::Invalid {
            status,
            code,
            message: truncate(&without_echoed_value(&message(first)), EXCERPT_CHARS + 100),
        });
    }
    if !(200..300).contains(&status) {
        return Some(BackendError::Status {
            status,
            kind: BodyKind::Json,
            excerpt: truncate(&message(first), EXCERPT_CHARS),
        });
    }
    Some(BackendError::GraphQl {
        message: truncate(&message(first), EXCERPT_CHARS * 2),
        path: path(first),
        more: errors.len() - 1,
    })
}

/// `["authentication", "activeStrategies", 2]` → `authentication.activeStrategies.2`.
fn error_path(path: Option<&Value>) -> String {
    let Some(Value::Array(parts)) = path else {
        return String::new();
    };
    let parts: Vec<String> = parts
        .iter()
        .take(32)
        .map(|p| match p {
            Value::String(s) => truncate(s, 64),
            other => truncate(&other.to_string(), 64),
        })
        .collect();
    parts.join(".")
}

/// GraphQL input errors quote the whole rejected value (`got invalid value { … } at "x"`),
/// which can be long and carry a client secret: keep only where and why.
fn without_echoed_value(message: &str) -> String {
    const MARK: &str = " got invalid value ";
    let Some(start) = message.find(MARK) else {
        return message.to_owned();
    };
    match message.rfind(" at \"") {
        Some(at) if at > start => format!(
            "{} got an invalid value{}",
            &message[..start],
            &message[at..]
        ),
        _ => format!("{} got an invalid value.", &message[..start]),
    }
}

fn body_kind(body: &str, is_json: bool) -> BodyKind {
    let start = body.trim_start();
    if start.is_empty() {
        BodyKind::Empty
    } else if start.starts_with('<') {
        BodyKind::Html
    } else if is_json {
        BodyKind::Json
    } else {
        BodyKind::Text
    }
}

/// At most [`EXCERPT_CHARS`] characters of readable text from a body.
fn body_excerpt(body: &str, kind: BodyKind) -> String {
    let head = prefix(body, HTML_SCAN_BYTES);
    match kind {
        BodyKind::Empty => String::new(),
        BodyKind::Html => {
            let text = html_title(head)
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| strip_tags(head));
            truncate(&text, EXCERPT_CHARS)
        }
        BodyKind::Json | BodyKind::Text => truncate(head, EXCERPT_CHARS),
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn html_title(html: &str) -> Option<String> {
    // ASCII lower-casing keeps byte offsets, so indices found here are valid in `html`.
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    Some(collapse(&html[start..end]))
}

/// The visible text of an HTML fragment, without `<script>`/`<style>` contents.
fn strip_tags(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::new();
    let mut i = 0;
    while i < html.len() {
        let rest = &lower[i..];
        if rest.starts_with('<') {
            let skip_to = ["script", "style"]
                .iter()
                .find(|tag| rest[1..].starts_with(*tag))
                .and_then(|tag| rest.find(&format!("</{tag}")));
            let from = skip_to.unwrap_or(0);
            match rest[from..].find('>') {
                Some(close) => i += from + close + 1,
                None => break,
            }
            out.push(' ');
        } else {
            let next = rest.find('<').unwrap_or(rest.len());
            out.push_str(&html[i..i + next]);
            i += next;
        }
    }
    collapse(&out)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// White space collapsed, cut to `max` characters with an ellipsis.
fn truncate(text: &str, max: usize) -> String {
    let text = collapse(prefix(text, max.saturating_mul(8).max(1024)));
    if text.chars().count() <= max {
        return text;
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn shape(path: &str, detail: &str) -> BackendError {
    BackendError::UnexpectedShape {
        path: path.to_owned(),
        detail: detail.to_owned(),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `site.config` as far as this tool needs it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteConfig {
    /// The Site URL the callback URL is built from.
    pub host: String,
    /// "Bypass Login Screen"; `null` on a fresh install, read as off.
    #[serde(default, deserialize_with = "null_as_false")]
    pub auth_auto_login: bool,
}

fn null_as_false<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(deserializer)?.unwrap_or(false))
}

/// One entry of `groups.list`, for the auto-enroll picker.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupSummary {
    pub id: u32,
    pub name: String,
    #[serde(default)]
    pub is_system: bool,
}

/// Everything the load query ([`super::queries::LOAD`]) returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    /// Ordered as Wiki.js lists them (by `order`).
    pub active: Vec<ActiveStrategy>,
    pub definitions: Vec<StrategyDefinition>,
    pub site: SiteConfig,
    pub groups: Vec<GroupSummary>,
}

impl Loaded {
    /// The prop keys of this server's Keycloak module, for [`super::keycloak_input`].
    pub fn keycloak_props(&self) -> Option<Vec<String>> {
        keycloak_prop_keys(&self.definitions)
    }

    /// Whether this server's Keycloak module lacks "Legacy Logout Redirect" (Wiki.js before
    /// 2.5.300), so it always sends the legacy `redirect_uri` at logout. `false` when the
    /// server describes no Keycloak module at all: nothing is known then.
    pub fn legacy_logout_only(&self) -> bool {
        self.keycloak_props()
            .is_some_and(|props| !props.iter().any(|p| p == LEGACY_LOGOUT_PROP))
    }
}

/// A field, a test of its type, and that type in words.
type FieldType = (&'static str, fn(&Value) -> bool, &'static str);

/// Each field of an `activeStrategies` entry, and the type it must have.
const ACTIVE_FIELDS: [FieldType; 9] = [
    ("key", Value::is_string, "a string"),
    ("strategy", Value::is_object, "an object"),
    ("displayName", Value::is_string, "a string"),
    ("order", Value::is_number, "a number"),
    ("isEnabled", Value::is_boolean, "a boolean"),
    ("config", Value::is_array, "a list"),
    ("selfRegistration", Value::is_boolean, "a boolean"),
    ("domainWhitelist", Value::is_array, "a list"),
    ("autoEnrollGroups", Value::is_array, "a list"),
];

/// `activeStrategies` typed, naming the first field of the wrong type by its full path
/// (serde alone says "expected a boolean" without saying where).
fn extract_active(data: &Value) -> Result<Vec<ActiveStrategy>, BackendError> {
    let path = "data.authentication.activeStrategies";
    let wrong = |at: String, value: &Value, expected: &str| {
        Err(shape(
            &at,
            &format!("is {}, not {expected}", type_name(value)),
        ))
    };
    if let Some(list) = data.pointer("/authentication/activeStrategies") {
        let Value::Array(list) = list else {
            return wrong(path.to_owned(), list, "a list");
        };
        for (i, entry) in list.iter().enumerate() {
            let Value::Object(entry) = entry else {
                return wrong(format!("{path}.{i}"), entry, "an object");
            };
            for (field, is, expected) in ACTIVE_FIELDS {
                match entry.get(field) {
                    Some(value) if !is(value) => {
                        return wrong(format!("{path}.{i}.{field}"), value, expected)
                    }
                    _ => {}
                }
            }
            let config = entry.get("config").and_then(Value::as_array);
            for (j, pair) in config.into_iter().flatten().enumerate() {
                for field in ["key", "value"] {
                    match pair.get(field) {
                        Some(value) if !value.is_string() => {
                            return wrong(
                                format!("{path}.{i}.config.{j}.{field}"),
                                value,
                                "a string",
                            )
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    extract(data, &["authentication", "activeStrategies"])
}

/// Decode the answer to [`super::queries::LOAD`].
pub fn decode_load(status: u16, body: &str) -> Result<Loaded, BackendError> {
    let data = decode_data(status, body)?;
    Ok(Loaded {
        active: extract_active(&data)?,
        definitions: extract(&data, &["authentication", "strategies"])?,
        site: extract(&data, &["site", "config"])?,
        groups: extract(&data, &["groups", "list"])?,
    })
}

/// Decode the answer to [`super::queries::ACTIVE_STRATEGIES`] (the read-back after a save,
/// and the re-read before one).
pub fn decode_active(status: u16, body: &str) -> Result<Vec<ActiveStrategy>, BackendError> {
    extract_active(&decode_data(status, body)?)
}

/// Whether a Wiki.js GraphQL endpoint answered [`super::queries::PROBE`]: any JSON object
/// with `data` or `errors` counts, even "Forbidden" or an HTTP 400 from Apollo, because only a
/// GraphQL server answers that way. A network error, a 404 or an HTML page is not one.
pub fn decode_probe(status: u16, body: &str) -> Result<(), BackendError> {
    if let Some(error) = super::limits::too_large(body.len() as u64) {
        return Err(error);
    }
    if let Ok(Value::Object(root)) = serde_json::from_str::<Value>(body) {
        if root.contains_key("data") || root.contains_key("errors") {
            return Ok(());
        }
    }
    decode_data(status, body).map(|_| ())
}

/// Decode the answer to [`super::queries::GROUP`]; `None` when no group has that id.
pub fn decode_group(status: u16, body: &str) -> Result<Option<GroupInfo>, BackendError> {
    decode(status, body, &["groups", "single"])
}
