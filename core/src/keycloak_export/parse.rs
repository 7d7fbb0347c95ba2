//! Reading an export as Keycloak writes it: top-level booleans (sometimes as strings, which
//! Jackson accepts), attributes as strings, lists joined with `##`, secrets in clear or
//! masked. The text is untrusted: bounded before it is read, and whatever is not needed
//! (a realm's users, groups, roles, keys) is skipped while reading, never kept.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{
    ExportShape, ExportedClient, ExportedRealm, ExportedSecret, KeycloakExport, PastedExport,
    ATTR_SECRET_METHOD,
};
use crate::secret::Secret;

/// The most an export may be: a realm's clients fit in far less, and its users are skipped.
pub const MAX_EXPORT_BYTES: usize = 5 * 1024 * 1024;

/// What a top-level object (or an element of a top-level array) says about its shape. Every
/// other key, `users` included, is skipped by serde as it reads.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Outline {
    realm: Option<Value>,
    client_id: Option<Value>,
    enabled: Option<Value>,
    ssl_required: Option<Value>,
    attributes: Option<Value>,
    clients: Option<Vec<Map<String, Value>>>,
    /// The adapter config's keys (Action › Download adapter config): not an export.
    resource: Option<Value>,
    #[serde(rename = "auth-server-url")]
    auth_server_url: Option<Value>,
}

impl Outline {
    /// Keycloak's adapter config ("Keycloak OIDC JSON": `realm`, `auth-server-url`,
    /// `resource`, `credentials`) names a realm but holds none of the client's settings.
    fn is_adapter_config(&self) -> bool {
        self.clients.is_none() && (self.resource.is_some() || self.auth_server_url.is_some())
    }

    fn is_realm(&self) -> bool {
        self.realm.is_some() || self.clients.is_some()
    }

    fn is_client(&self) -> bool {
        !self.is_realm() && matches!(self.client_id, Some(Value::String(_)))
    }
}

/// A file over [`MAX_EXPORT_BYTES`], refused by its size without being read.
pub fn too_large(bytes: u64) -> PastedExport {
    PastedExport::Unreadable(format!(
        "a file of {} MB, over the 5 MB an export may be",
        bytes / (1024 * 1024)
    ))
}

/// The pasted text read once: `None` for blank text (nothing pasted), else a readable
/// export or why it is not one.
pub fn parse_export(text: &str) -> Option<PastedExport> {
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return None;
    }
    Some(match read(text) {
        Ok(export) => PastedExport::Readable(export),
        Err(reason) => PastedExport::Unreadable(reason),
    })
}

fn read(text: &str) -> Result<KeycloakExport, String> {
    if text.len() > MAX_EXPORT_BYTES {
        return Err(format!(
            "{} MB long, over the 5 MB an export may be",
            text.len() / (1024 * 1024)
        ));
    }
    if text.starts_with('[') {
        let outlines: Vec<Outline> = serde_json::from_str(text).map_err(|e| why(&e))?;
        if outlines.is_empty() {
            return Err("an empty list".to_owned());
        }
        if outlines.iter().all(Outline::is_client) {
            let clients: Vec<Map<String, Value>> =
                serde_json::from_str(text).map_err(|e| why(&e))?;
            return Ok(KeycloakExport {
                shape: ExportShape::ClientList,
                realms: vec![ExportedRealm {
                    clients: clients.into_iter().filter_map(client_from).collect(),
                    ..ExportedRealm::default()
                }],
            });
        }
        if outlines.iter().all(Outline::is_realm) {
            return Ok(KeycloakExport {
                shape: ExportShape::RealmList,
                realms: outlines.into_iter().map(realm_from).collect(),
            });
        }
        return Err("a list that is neither clients nor realms".to_owned());
    }
    let outline: Outline = serde_json::from_str(text).map_err(|e| why(&e))?;
    if outline.is_adapter_config() {
        return Err("the client's adapter config (Action › Download adapter config), not an export: export the client with Action › Export instead".to_owned());
    }
    if outline.is_realm() {
        return Ok(KeycloakExport {
            shape: ExportShape::Realm,
            realms: vec![realm_from(outline)],
        });
    }
    if outline.is_client() {
        let map: Map<String, Value> = serde_json::from_str(text).map_err(|e| why(&e))?;
        let client = client_from(map).ok_or("a client without a clientId")?;
        return Ok(KeycloakExport {
            shape: ExportShape::Client,
            realms: vec![ExportedRealm {
                clients: vec![client],
                ..ExportedRealm::default()
            }],
        });
    }
    Err("JSON without clientId, realm or clients".to_owned())
}

/// Why serde refused the text, without quoting any of it (it may hold a secret).
fn why(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let place = format!("line {}, column {}", e.line(), e.column());
    match e.classify() {
        Category::Eof => format!("cut off (it ends at {place})"),
        Category::Syntax if e.to_string().starts_with("recursion limit") => {
            format!("nested too deeply ({place})")
        }
        Category::Syntax | Category::Io => format!("not JSON (at {place})"),
        Category::Data => format!("JSON of another shape than an export (at {place})"),
    }
}

fn realm_from(outline: Outline) -> ExportedRealm {
    let attributes = outline.attributes.as_ref().and_then(Value::as_object);
    ExportedRealm {
        name: outline.realm.as_ref().and_then(string),
        enabled: outline.enabled.as_ref().and_then(boolean),
        ssl_required: outline.ssl_required.as_ref().and_then(string),
        frontend_url: attributes
            .and_then(|a| a.get("frontendUrl"))
            .and_then(string)
            .filter(|u| !u.trim().is_empty()),
        clients: outline
            .clients
            .unwrap_or_default()
            .into_iter()
            .filter_map(client_from)
            .collect(),
    }
}

/// One client; `None` when it has no string `clientId` (it cannot be looked up).
fn client_from(mut map: Map<String, Value>) -> Option<ExportedClient> {
    let client_id = map.get("clientId").and_then(string)?;
    let secret = match map.remove("secret") {
        Some(Value::String(s)) if s.is_empty() => ExportedSecret::Absent,
        Some(Value::String(s)) if s.chars().all(|c| c == '*') => ExportedSecret::Masked,
        Some(Value::String(s)) => ExportedSecret::Clear(Secret::new(s)),
        _ => ExportedSecret::Absent,
    };
    strip_for_import(&mut map);
    let text = |key: &str| map.get(key).and_then(string);
    let flag = |key: &str| map.get(key).and_then(boolean);
    // `null` is absent, as Jackson reads it: the realm's defaults, not an empty list.
    let list = |key: &str| map.get(key).filter(|v| !v.is_null()).map(strings);
    let attributes = map
        .get("attributes")
        .and_then(Value::as_object)
        .map(|a| {
            a.iter()
                .filter_map(|(k, v)| attribute_text(v).map(|v| (k.clone(), v)))
                .collect()
        })
        .unwrap_or_default();
    Some(ExportedClient {
        enabled: flag("enabled"),
        protocol: text("protocol"),
        public_client: flag("publicClient"),
        bearer_only: flag("bearerOnly"),
        standard_flow_enabled: flag("standardFlowEnabled"),
        implicit_flow_enabled: flag("implicitFlowEnabled"),
        consent_required: flag("consentRequired"),
        client_authenticator_type: text("clientAuthenticatorType"),
        root_url: text("rootUrl"),
        redirect_uris: list("redirectUris").unwrap_or_default(),
        default_client_scopes: list("defaultClientScopes"),
        optional_client_scopes: list("optionalClientScopes"),
        secret,
        attributes,
        client_id,
        representation: map,
    })
}

/// What Import client must not receive from an export: the database `id` (and the mappers'),
/// registration tokens, and any secret-bearing attribute (rotated secrets are kept in clear).
fn strip_for_import(map: &mut Map<String, Value>) {
    map.remove("id");
    map.remove("registrationAccessToken");
    if let Some(Value::Object(attributes)) = map.get_mut("attributes") {
        attributes.retain(|k, _| {
            let k = k.to_ascii_lowercase();
            k == ATTR_SECRET_METHOD || !(k.contains("secret") || k.contains("private.key"))
        });
    }
    if let Some(Value::Array(mappers)) = map.get_mut("protocolMappers") {
        for mapper in mappers.iter_mut().filter_map(Value::as_object_mut) {
            mapper.remove("id");
        }
    }
}

fn string(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

/// A JSON boolean, or the strings `"true"`/`"false"` Jackson also reads as one.
fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// The strings of a JSON array (anything else reads as no entry).
fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().filter_map(string).collect())
        .unwrap_or_default()
}

/// Attribute values are strings; a boolean or number is read as Jackson writes it.
fn attribute_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
