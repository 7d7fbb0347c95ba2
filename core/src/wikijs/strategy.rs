//! One authentication strategy as Wiki.js 2.5 reads it out (`activeStrategies`) and as it
//! takes it back (`AuthenticationStrategyInput`), and the mapping to and from [`Settings`].
//!
//! The two shapes differ on purpose in Wiki.js: a read config value is the prop's metadata
//! plus `"value"`, a written one is `{"v": value}`. Getting this wrong silently stores
//! `null` (contract 34/35), so the encoding lives here and nowhere else.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::derive::{derive, encode_realm, Derived};
use crate::secret::Secret;
use crate::settings::{Endpoint, Field, LayoutChoice, Settings};

/// The `strategyKey` (module name) of the Keycloak strategy.
pub const KEYCLOAK: &str = "keycloak";

/// "Legacy Logout Redirect": the one Keycloak prop that only exists from v2.5.300 on.
pub const LEGACY_LOGOUT_PROP: &str = "logoutUpstreamRedirectLegacy";

/// The Keycloak module's props in definition order (the order Wiki.js's page sends them),
/// each with the form field that edits it: the one place their names are written (the demo
/// wiki's module definition takes them from here too).
pub const KEYCLOAK_PROP_FIELDS: [(&str, Field); 10] = [
    ("host", Field::Host),
    ("realm", Field::Realm),
    ("clientId", Field::ClientId),
    ("clientSecret", Field::ClientSecret),
    ("authorizationURL", Field::AuthorizationUrl),
    ("tokenURL", Field::TokenUrl),
    ("userInfoURL", Field::UserInfoUrl),
    ("logoutUpstream", Field::LogoutUpstream),
    ("logoutURL", Field::LogoutUrl),
    (LEGACY_LOGOUT_PROP, Field::LogoutLegacyRedirect),
];

/// The Keycloak module's prop keys in definition order.
pub const KEYCLOAK_PROPS: [&str; 10] = {
    let mut keys = [""; 10];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = KEYCLOAK_PROP_FIELDS[i].0;
        i += 1;
    }
    keys
};

/// The Keycloak prop a form field is stored in (`""` for a field stored elsewhere).
pub fn keycloak_prop(field: Field) -> &'static str {
    KEYCLOAK_PROP_FIELDS
        .iter()
        .find(|(_, f)| *f == field)
        .map_or("", |(key, _)| key)
}

/// The Keycloak prop that stores an endpoint URL.
pub fn endpoint_prop(endpoint: Endpoint) -> &'static str {
    keycloak_prop(endpoint.field())
}

/// How a config key is named to the admin: the form's title for Keycloak props, else the key.
pub fn prop_label(key: &str) -> String {
    KEYCLOAK_PROP_FIELDS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| key.to_owned(), |(_, field)| field.title().to_owned())
}

/// Whether a config key (of any strategy kind) holds a credential that must not be printed:
/// by the words such keys are named with (2.5.314's: `clientSecret`, `bindCredentials`,
/// SAML's `privateKey` and `decryptionPvk`, Azure's `cookieEncryptionKeyString`).
pub fn is_sensitive(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "secret",
        "password",
        "passphrase",
        "credential",
        "privatekey",
        "apikey",
        "pvk",
        "encryptionkey",
    ]
    .iter()
    .any(|word| key.contains(word))
}

/// One `{key, value}` pair (`KeyValuePair` / `KeyValuePairInput`). `Debug` masks credentials.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

impl fmt::Debug for KeyValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value: &dyn fmt::Debug = if is_sensitive(&self.key) {
            &"<redacted>"
        } else {
            &self.value
        };
        f.debug_struct("KeyValue")
            .field("key", &self.key)
            .field("value", value)
            .finish()
    }
}

impl KeyValue {
    /// A config pair the way `updateStrategies` reads it: the JSON text `{"v": value}`,
    /// byte for byte what Wiki.js's page sends (`JSON.stringify({v: value})`).
    pub fn encoded(key: &str, value: &Value) -> KeyValue {
        #[derive(Serialize)]
        struct Wrapped<'a> {
            v: &'a Value,
        }
        KeyValue {
            key: key.to_owned(),
            // Serializing a `Value` cannot fail (its map keys are strings).
            value: serde_json::to_string(&Wrapped { v: value }).unwrap_or_default(),
        }
    }
}

/// Exactly the fields of `AuthenticationStrategyInput`, in the order Wiki.js's page builds
/// them, so a posted list reads like the page's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StrategyInput {
    /// The instance key (a UUID, `local`, or `keycloak` on upgraded installs).
    pub key: String,
    /// The module (`keycloak`, `local`, `ldap`, …).
    pub strategy_key: String,
    pub display_name: String,
    /// Position in the list; Wiki.js's page re-sends the list index.
    pub order: u32,
    pub is_enabled: bool,
    /// Each value is the JSON text `{"v": value}`.
    pub config: Vec<KeyValue>,
    pub self_registration: bool,
    pub domain_whitelist: Vec<String>,
    pub auto_enroll_groups: Vec<u32>,
}

/// The module an active strategy runs (`strategy { key title useForm }`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StrategyRef {
    pub key: String,
    #[serde(default)]
    pub title: String,
    /// `false` for redirect strategies such as Keycloak; unknown when not queried.
    #[serde(default)]
    pub use_form: Option<bool>,
}

/// One stored config value, read out of the metadata object Wiki.js returns.
#[derive(Clone, PartialEq, Eq)]
pub struct ConfigValue {
    pub key: String,
    /// The stored value exactly as read (string, bool, `null`, …), so it is re-sent unchanged.
    pub value: Value,
    /// The prop's `order` in its definition: the order Wiki.js's page sends config in.
    pub order: Option<i64>,
}

impl fmt::Debug for ConfigValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value: &dyn fmt::Debug = if is_sensitive(&self.key) {
            &"<redacted>"
        } else {
            &self.value
        };
        f.debug_struct("ConfigValue")
            .field("key", &self.key)
            .field("value", value)
            .field("order", &self.order)
            .finish()
    }
}

/// One entry of `activeStrategies`, with every field `updateStrategies` needs to re-send it.
///
/// Every field is required: a strategy decoded with a missing config would be re-sent
/// empty and wipe its settings, so a partial answer is an error, never a default.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "ActiveStrategyWire")]
pub struct ActiveStrategy {
    pub key: String,
    pub strategy: StrategyRef,
    pub display_name: String,
    pub order: i64,
    pub is_enabled: bool,
    /// As Wiki.js lists it: sorted by key.
    pub config: Vec<ConfigValue>,
    pub self_registration: bool,
    pub domain_whitelist: Vec<String>,
    pub auto_enroll_groups: Vec<u32>,
}

impl ActiveStrategy {
    /// Its credentials as the wiki listed them: a save re-sends them, so a wiki's error may
    /// quote them (`secret::redact_all`).
    pub fn credentials(&self) -> impl Iterator<Item = &str> {
        self.config
            .iter()
            .filter(|c| is_sensitive(&c.key))
            .filter_map(|c| c.value.as_str())
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ActiveStrategyWire {
    key: String,
    strategy: StrategyRef,
    display_name: String,
    order: i64,
    is_enabled: bool,
    config: Vec<KeyValue>,
    self_registration: bool,
    domain_whitelist: Vec<String>,
    auto_enroll_groups: Vec<u32>,
}

impl TryFrom<ActiveStrategyWire> for ActiveStrategy {
    type Error = String;

    fn try_from(wire: ActiveStrategyWire) -> Result<Self, String> {
        let config = wire
            .config
            .into_iter()
            .map(|pair| {
                // Never echo the text: it may be a credential.
                let Ok(Value::Object(meta)) = serde_json::from_str::<Value>(&pair.value) else {
                    return Err(format!(
                        "the stored value of `{}` in strategy `{}` is not the JSON object Wiki.js 2.5 returns",
                        pair.key, wire.key
                    ));
                };
                Ok(ConfigValue {
                    value: meta.get("value").cloned().unwrap_or(Value::Null),
                    order: meta.get("order").and_then(Value::as_i64),
                    key: pair.key,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ActiveStrategy {
            key: wire.key,
            strategy: wire.strategy,
            display_name: wire.display_name,
            order: wire.order,
            is_enabled: wire.is_enabled,
            config,
            self_registration: wire.self_registration,
            domain_whitelist: wire.domain_whitelist,
            auto_enroll_groups: wire.auto_enroll_groups,
        })
    }
}

impl ActiveStrategy {
    /// The stored value of one config key.
    pub fn config_value(&self, key: &str) -> Option<&Value> {
        self.config.iter().find(|c| c.key == key).map(|c| &c.value)
    }

    /// Re-send this strategy unchanged at position `order`, the way Wiki.js's page does:
    /// config sorted by the props' definition order, each value as `{"v": value}`.
    pub fn to_input(&self, order: u32) -> StrategyInput {
        let mut config: Vec<&ConfigValue> = self.config.iter().collect();
        // Stable, like lodash `sortBy`; values without an order go last.
        crate::sort_small_by_key(&mut config, |c| (c.order.is_none(), c.order));
        StrategyInput {
            key: self.key.clone(),
            strategy_key: self.strategy.key.clone(),
            display_name: self.display_name.clone(),
            order,
            is_enabled: self.is_enabled,
            config: config
                .into_iter()
                .map(|c| KeyValue::encoded(&c.key, &c.value))
                .collect(),
            self_registration: self.self_registration,
            domain_whitelist: self.domain_whitelist.clone(),
            auto_enroll_groups: self.auto_enroll_groups.clone(),
        }
    }

    pub fn is_keycloak(&self) -> bool {
        self.strategy.key == KEYCLOAK
    }
}

/// The Keycloak strategies among the active ones (a wiki may have several, e.g. two realms).
pub fn keycloak_strategies(list: &[ActiveStrategy]) -> Vec<&ActiveStrategy> {
    list.iter().filter(|s| s.is_keycloak()).collect()
}

/// How the strategy picker names a strategy: its display name and its key, a UUID key (what
/// Wiki.js gives each strategy added in its admin page) cut to its first 8 digits, which
/// tell one wiki's strategies apart and leave the name room in a phone's select.
pub fn strategy_label(display_name: &str, key: &str) -> String {
    match super::is_uuid(key) {
        true => format!("{display_name} ({}…)", &key[..8]),
        false => format!("{display_name} ({key})"),
    }
}

/// The picker's name for a strategy the wiki holds: [`strategy_label`], saying so when users
/// cannot sign in with it (its "Active" box off in Wiki.js), so a staging copy is told apart.
pub fn picker_label(display_name: &str, key: &str, enabled: bool) -> String {
    let label = strategy_label(display_name, key);
    match enabled {
        true => label,
        false => format!("{label}, not active"),
    }
}

/// A module definition from `strategies { key title props { key value } }`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct StrategyDefinition {
    pub key: String,
    #[serde(default)]
    pub title: String,
    /// Each value is the prop's metadata as JSON text.
    pub props: Vec<KeyValue>,
}

impl StrategyDefinition {
    /// The prop keys this server's module has, in definition order.
    pub fn prop_keys(&self) -> Vec<String> {
        let mut props: Vec<(Option<i64>, &str)> = self
            .props
            .iter()
            .map(|p| {
                let order = serde_json::from_str::<Value>(&p.value)
                    .ok()
                    .and_then(|meta| meta.get("order").and_then(Value::as_i64));
                (order, p.key.as_str())
            })
            .collect();
        crate::sort_small_by_key(&mut props, |(order, _)| (order.is_none(), *order));
        props.into_iter().map(|(_, key)| key.to_owned()).collect()
    }
}

/// The Keycloak module's prop keys on this server, when the definitions list has it.
pub fn keycloak_prop_keys(definitions: &[StrategyDefinition]) -> Option<Vec<String>> {
    definitions
        .iter()
        .find(|d| d.key == KEYCLOAK)
        .map(StrategyDefinition::prop_keys)
}

/// The Keycloak strategy to post for `settings`: all ten props as `{"v": value}`, or only
/// those in `known_props` (the server's definition) so an older 2.5 is sent nothing it
/// lacks. Endpoint URLs are the derived (or overridden) values the form shows.
pub fn keycloak_input(
    settings: &Settings,
    derived: &Derived,
    known_props: Option<&[String]>,
) -> StrategyInput {
    let text = |s: &str| Value::String(s.to_owned());
    let url = |e: Endpoint| text(&derived.endpoints.get(e).value);
    let value = |field: Field| match field {
        Field::Host => text(settings.host.trim()),
        Field::Realm => text(&settings.realm),
        Field::ClientId => text(&settings.client_id),
        Field::ClientSecret => text(settings.client_secret.expose()),
        Field::AuthorizationUrl => url(Endpoint::Authorization),
        Field::TokenUrl => url(Endpoint::Token),
        Field::UserInfoUrl => url(Endpoint::UserInfo),
        Field::LogoutUpstream => Value::Bool(settings.logout_upstream),
        Field::LogoutUrl => url(Endpoint::Logout),
        Field::LogoutLegacyRedirect => Value::Bool(settings.logout_legacy_redirect),
        _ => Value::Null, // no other field is a Keycloak prop
    };
    let values = KEYCLOAK_PROP_FIELDS.map(|(key, field)| (key, value(field)));
    let wanted = |key: &str| known_props.is_none_or(|known| known.iter().any(|k| k == key));
    StrategyInput {
        key: settings.strategy_key.clone(),
        strategy_key: KEYCLOAK.to_owned(),
        display_name: settings.display_name.clone(),
        order: u32::try_from(settings.order).unwrap_or(u32::MAX),
        is_enabled: settings.is_enabled,
        config: values
            .iter()
            .filter(|(key, _)| wanted(key))
            .map(|(key, value)| KeyValue::encoded(key, value))
            .collect(),
        self_registration: settings.self_registration,
        domain_whitelist: settings.domain_whitelist.clone(),
        auto_enroll_groups: settings.auto_enroll_groups.clone(),
    }
}

/// The form's settings for a stored Keycloak strategy: the inverse of [`keycloak_input`].
///
/// Endpoint URLs become overrides only where they differ from what derivation gives, so a
/// strategy saved by this tool loads back with none. The layout stays automatic unless only
/// an explicit one explains the stored URLs; an internal base URL is recognised when the
/// token and userinfo URLs share a base other than the host. Stored empty URLs are not
/// overrides: the form fills them in. "Bypass Login Screen" is a site setting, not part of
/// the strategy, so it stays `false` here.
pub fn settings_from_strategy(active: &ActiveStrategy, site_url: &str) -> Settings {
    let text = |key: &str| match active.config_value(key) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let flag = |key: &str| {
        active
            .config_value(key)
            .and_then(Value::as_bool)
            .unwrap_or(false)
    };

    let mut settings = Settings {
        site_url: site_url.to_owned(),
        strategy_key: active.key.clone(),
        display_name: active.display_name.clone(),
        is_enabled: active.is_enabled,
        order: usize::try_from(active.order).unwrap_or(0),
        bypass_login_screen: false,
        host: text(keycloak_prop(Field::Host)),
        internal_base_url: String::new(),
        realm: text(keycloak_prop(Field::Realm)),
        client_id: text(keycloak_prop(Field::ClientId)),
        client_secret: Secret::new(text(keycloak_prop(Field::ClientSecret))),
        layout: LayoutChoice::Automatic,
        overrides: Default::default(),
        logout_upstream: flag(keycloak_prop(Field::LogoutUpstream)),
        logout_legacy_redirect: flag(keycloak_prop(Field::LogoutLegacyRedirect)),
        self_registration: active.self_registration,
        domain_whitelist: active.domain_whitelist.clone(),
        auto_enroll_groups: active.auto_enroll_groups.clone(),
    };

    let stored = |e: Endpoint| text(endpoint_prop(e));
    let internal_candidate = internal_base_candidate(&stored(Endpoint::Token), &settings.realm);
    let mut best: Option<(usize, LayoutChoice, String)> = None;
    'search: for layout in [
        LayoutChoice::Automatic,
        LayoutChoice::Quarkus,
        LayoutChoice::Legacy,
    ] {
        for internal in std::iter::once(String::new()).chain(internal_candidate.clone()) {
            settings.layout = layout;
            settings.internal_base_url = internal.clone();
            let derived = derive(&settings);
            let matching = Endpoint::ALL
                .iter()
                .filter(|&&e| {
                    let s = stored(e);
                    s.is_empty() || derived.endpoints.get(e).value == s
                })
                .count();
            if best.as_ref().is_none_or(|(score, _, _)| matching > *score) {
                best = Some((matching, layout, internal));
            }
            if matching == Endpoint::ALL.len() {
                break 'search;
            }
        }
    }
    if let Some((_, layout, internal)) = best {
        settings.layout = layout;
        settings.internal_base_url = internal;
    }
    let derived = derive(&settings);
    for endpoint in Endpoint::ALL {
        let s = stored(endpoint);
        if !s.is_empty() && derived.endpoints.get(endpoint).value != s {
            *settings.overrides.get_mut(endpoint) = Some(s);
        }
    }
    settings
}

/// The base a stored token URL was built on, e.g. `http://keycloak:8080` from
/// `http://keycloak:8080/realms/wiki/protocol/openid-connect/token`.
fn internal_base_candidate(token_url: &str, realm: &str) -> Option<String> {
    if realm.is_empty() {
        return None;
    }
    let suffix = format!(
        "/realms/{}/protocol/openid-connect/token",
        encode_realm(realm)
    );
    token_url
        .strip_suffix(&suffix)
        .filter(|base| !base.is_empty())
        .map(str::to_owned)
}
