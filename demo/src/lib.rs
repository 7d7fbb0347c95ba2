//! An in-memory Wiki.js 2.5: the backend of the static demo, and a server the save flow's
//! native tests run against.
//!
//! It answers only the adapter's own documents ([`wkc_core::wikijs::queries`]), matched by their text,
//! with bodies shaped like the recordings in `../shared/contracts/wikijs-2.5.314/`; anything
//! else gets the HTTP 400 Apollo gives a document it cannot validate. `updateStrategies`
//! behaves as the real resolver does: each item upserted by key in turn, each config value
//! read as `JSON.parse(value).v`; then every strategy missing from the list is deleted unless
//! users still sign in with it (`local` always has the admin and the guest), after the
//! upserts and without undoing them (contract 32b/33b). The caller is always the admin.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use wkc_core::settings::{GroupInfo, PageRule};

use wkc_core::wikijs::queries::{
    ACTIVE_STRATEGIES, DISABLE_AUTO_LOGIN, ENABLE_AUTO_LOGIN, GROUP, LOAD, PROBE, UPDATE_STRATEGIES,
};
use wkc_core::wikijs::strategy::{KeyValue, KEYCLOAK_PROPS as KEYCLOAK_PROP_KEYS};

/// The fuzz target's body: compiled for `cargo fuzz` and for the corpus replay only.
#[cfg(any(fuzzing, test))]
pub mod fuzzing;
#[cfg(test)]
mod tests;

/// One prop of a module's `definition.yml`.
struct Prop {
    key: &'static str,
    boolean: bool,
    title: &'static str,
    hint: &'static str,
    order: u32,
}

/// An authentication module on the demo wiki's "disk".
struct Module {
    key: &'static str,
    title: &'static str,
    use_form: bool,
    props: &'static [Prop],
}

/// A text prop of the Keycloak module; its key is the core's, at `order` (1-based).
const fn text(order: u32, title: &'static str, hint: &'static str) -> Prop {
    Prop {
        key: KEYCLOAK_PROP_KEYS[order as usize - 1],
        boolean: false,
        title,
        hint,
        order,
    }
}

/// A boolean prop of the Keycloak module; its key is the core's, at `order` (1-based).
const fn flag(order: u32, title: &'static str, hint: &'static str) -> Prop {
    Prop {
        key: KEYCLOAK_PROP_KEYS[order as usize - 1],
        boolean: true,
        title,
        hint,
        order,
    }
}

/// The Keycloak module of Wiki.js 2.5.314 (contract 03), in definition order: its titles,
/// hints and orders; the keys are the core's (`strategy::KEYCLOAK_PROPS`).
const KEYCLOAK_PROPS: [Prop; 10] = [
    text(1, "Host", "e.g. https://your.keycloak-host.com"),
    text(2, "Realm", "The realm this application belongs to."),
    text(3, "Client ID", "Application Client ID"),
    text(4, "Client Secret", "Application Client Secret"),
    text(5, "Authorization Endpoint URL", "e.g. https://KEYCLOAK-HOST/realms/YOUR-REALM/protocol/openid-connect/auth"),
    text(6, "Token Endpoint URL", "e.g. https://KEYCLOAK-HOST/realms/YOUR-REALM/protocol/openid-connect/token"),
    text(7, "User Info Endpoint URL", "e.g. https://KEYCLOAK-HOST/realms/YOUR-REALM/protocol/openid-connect/userinfo"),
    flag(8, "Logout from Keycloak on Logout", "Should the user be redirected to Keycloak logout mechanism upon logout"),
    text(9, "Logout Endpoint URL", "e.g. https://KEYCLOAK-HOST/realms/YOUR-REALM/protocol/openid-connect/logout"),
    flag(10, "Legacy Logout Redirect", "Pass the legacy 'redirect_uri' parameter to the logout endpoint. Leave disabled for Keycloak 18 and above."),
];

/// The modules this wiki has, sorted by key as Wiki.js lists them.
const MODULES: [Module; 2] = [
    Module {
        key: "keycloak",
        title: "Keycloak",
        use_form: false,
        props: &KEYCLOAK_PROPS,
    },
    Module {
        key: "local",
        title: "Local Database",
        use_form: true,
        props: &[],
    },
];

fn module(key: &str) -> Option<&'static Module> {
    MODULES.iter().find(|m| m.key == key)
}

/// A prop's metadata as `parseModuleProps` normalises it, plus the stored value when read
/// out of an active strategy. Field order is JavaScript's, so the JSON text is Wiki.js's.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PropMeta<'a> {
    default: Value,
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'static str,
    hint: &'static str,
    #[serde(rename = "enum")]
    is_enum: bool,
    multiline: bool,
    sensitive: bool,
    max_width: u32,
    order: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a Value>,
}

impl Prop {
    fn json(&self, value: Option<&Value>) -> String {
        let meta = PropMeta {
            default: if self.boolean {
                Value::Bool(false)
            } else {
                Value::String(String::new())
            },
            kind: if self.boolean { "boolean" } else { "string" },
            title: self.title,
            hint: self.hint,
            is_enum: false,
            multiline: false,
            sensitive: false,
            max_width: 0,
            order: self.order,
            value,
        };
        serde_json::to_string(&meta).unwrap_or_default()
    }
}

/// One row of the `authentication` table.
#[derive(Clone)]
struct Row {
    key: String,
    strategy_key: String,
    display_name: String,
    order: i64,
    is_enabled: bool,
    /// In the order the keys were posted; read out sorted by key.
    config: Vec<(String, Value)>,
    self_registration: bool,
    domain_whitelist: Vec<Value>,
    auto_enroll_groups: Vec<Value>,
}

#[derive(Clone)]
struct Group {
    info: GroupInfo,
    is_system: bool,
}

/// A freshly set-up Wiki.js 2.5 holding the demo's state. The client secret it stores stays
/// in memory: it has no `Debug` and writes nowhere.
#[derive(Clone)]
pub struct DemoWiki {
    rows: Vec<Row>,
    groups: Vec<Group>,
    host: String,
    auth_auto_login: bool,
}

impl Default for DemoWiki {
    fn default() -> Self {
        Self::new()
    }
}

const READ_ROLES: [&str; 3] = ["read:pages", "read:assets", "read:comments"];
/// `defaultPermissions` of a new group (`server/app/data.yml`).
const NEW_GROUP_ROLES: [&str; 4] = [
    "read:pages",
    "read:assets",
    "read:comments",
    "write:comments",
];

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn allow_all(id: &str, roles: &[&str]) -> PageRule {
    PageRule {
        id: id.to_owned(),
        deny: false,
        match_kind: "START".to_owned(),
        roles: strings(roles),
        path: String::new(),
        locales: Vec::new(),
    }
}

impl DemoWiki {
    /// The state right after Wiki.js's setup wizard, plus a "Readers" group made with the
    /// default permissions, so the auto-enroll picker has a group that can read, and an
    /// "Editors" group that was given write access but no read, the mistake
    /// `group-without-read` catches.
    pub fn new() -> Self {
        let group = |id: u32, name: &str, permissions: Vec<String>, page_rules, is_system| Group {
            info: GroupInfo {
                id,
                name: name.to_owned(),
                permissions,
                page_rules,
                redirect_on_login: Some("/".to_owned()),
            },
            is_system,
        };
        DemoWiki {
            rows: vec![Row {
                key: "local".to_owned(),
                strategy_key: "local".to_owned(),
                display_name: "Local".to_owned(),
                order: 0,
                is_enabled: true,
                config: Vec::new(),
                self_registration: false,
                domain_whitelist: Vec::new(),
                auto_enroll_groups: Vec::new(),
            }],
            groups: vec![
                group(
                    1,
                    "Administrators",
                    strings(&["manage:system"]),
                    Vec::new(),
                    true,
                ),
                group(
                    2,
                    "Guests",
                    strings(&READ_ROLES),
                    vec![allow_all("guest", &READ_ROLES)],
                    true,
                ),
                group(
                    3,
                    "Readers",
                    strings(&NEW_GROUP_ROLES),
                    vec![allow_all("default", &NEW_GROUP_ROLES)],
                    false,
                ),
                group(
                    4,
                    "Editors",
                    strings(&["write:pages", "write:assets"]),
                    vec![allow_all("default", &["write:pages", "write:assets"])],
                    false,
                ),
            ],
            host: "https://wiki.example.com".to_owned(),
            auth_auto_login: false,
        }
    }

    /// Answer one POSTed body as Wiki.js would: (HTTP status, response body).
    pub fn respond(&mut self, request_body: &str) -> (u16, String) {
        let request: Request = match serde_json::from_str(request_body) {
            Ok(request) => request,
            Err(e) => return malformed(&e.to_string()),
        };
        let variables = request.variables.unwrap_or(Value::Null);
        match request.query.as_str() {
            LOAD => self.load(),
            ACTIVE_STRATEGIES => answer(ActiveData {
                authentication: ActiveAuth {
                    active_strategies: self.active(false),
                },
            }),
            GROUP => self.group(&variables),
            UPDATE_STRATEGIES => self.update_strategies(&variables),
            query @ (ENABLE_AUTO_LOGIN | DISABLE_AUTO_LOGIN) => {
                self.auth_auto_login = query == ENABLE_AUTO_LOGIN;
                answer(SiteMutationData {
                    site: UpdateConfig {
                        update_config: Outcome {
                            response_result: Status::ok("Site configuration updated successfully"),
                        },
                    },
                })
            }
            PROBE => answer(ActiveData {
                authentication: ActiveAuth {
                    active_strategies: self.active(true),
                },
            }),
            _ => invalid(
                "GRAPHQL_VALIDATION_FAILED",
                "This demo Wiki.js answers only the configurator's own queries.",
            ),
        }
    }

    /// `activeStrategies` as the resolver builds it: rows sorted by `order` (stable),
    /// config limited to the module's props, sorted by key, each value the prop's metadata
    /// plus `"value"`.
    fn active(&self, enabled_only: bool) -> Vec<ActiveOut<'_>> {
        let mut rows: Vec<&Row> = self
            .rows
            .iter()
            .filter(|r| !enabled_only || r.is_enabled)
            .collect();
        wkc_core::sort_small_by_key(&mut rows, |r| r.order);
        rows.into_iter()
            .filter_map(|row| {
                // Rows of other modules cannot be stored: the adapter only re-sends what it read.
                let module = module(&row.strategy_key)?;
                let mut config: Vec<KeyValue> = row
                    .config
                    .iter()
                    .filter_map(|(key, value)| {
                        let prop = module.props.iter().find(|p| p.key == key)?;
                        Some(KeyValue {
                            key: key.clone(),
                            value: prop.json(Some(value)),
                        })
                    })
                    .collect();
                wkc_core::sort_small_by(&mut config, |a, b| a.key.cmp(&b.key));
                Some(ActiveOut {
                    key: &row.key,
                    strategy: ModuleRef {
                        key: module.key,
                        title: module.title,
                        use_form: module.use_form,
                    },
                    config,
                    order: row.order,
                    is_enabled: row.is_enabled,
                    display_name: &row.display_name,
                    self_registration: row.self_registration,
                    domain_whitelist: &row.domain_whitelist,
                    auto_enroll_groups: &row.auto_enroll_groups,
                })
            })
            .collect()
    }

    fn load(&self) -> (u16, String) {
        let strategies = MODULES
            .iter()
            .map(|m| {
                let mut props: Vec<KeyValue> = m
                    .props
                    .iter()
                    .map(|p| KeyValue {
                        key: p.key.to_owned(),
                        value: p.json(None),
                    })
                    .collect();
                wkc_core::sort_small_by(&mut props, |a, b| a.key.cmp(&b.key));
                DefinitionOut { key: m.key, props }
            })
            .collect();
        answer(LoadData {
            authentication: LoadAuth {
                active_strategies: self.active(false),
                strategies,
            },
            site: LoadSite {
                config: SiteOut {
                    host: &self.host,
                    auth_auto_login: self.auth_auto_login,
                },
            },
            groups: LoadGroups {
                list: self
                    .groups
                    .iter()
                    .map(|g| GroupMinimal {
                        id: g.info.id,
                        name: &g.info.name,
                        is_system: g.is_system,
                    })
                    .collect(),
            },
        })
    }

    fn group(&self, variables: &Value) -> (u16, String) {
        let Some(id) = variables.get("id").and_then(Value::as_i64) else {
            return invalid(
                "BAD_USER_INPUT",
                "Variable \"$id\" of required type \"Int!\" was not provided.",
            );
        };
        answer(GroupData {
            groups: SingleGroup {
                single: self
                    .groups
                    .iter()
                    .find(|g| i64::from(g.info.id) == id)
                    .map(|g| &g.info),
            },
        })
    }

    fn update_strategies(&mut self, variables: &Value) -> (u16, String) {
        let inputs: Vec<InputWire> = match variables
            .get("strategies")
            .map(Vec::<InputWire>::deserialize)
        {
            Some(Ok(inputs)) => inputs,
            Some(Err(e)) => {
                return invalid(
                    "BAD_USER_INPUT",
                    &format!("Variable \"$strategies\" got an invalid value: {e}"),
                )
            }
            None => {
                return invalid(
                    "BAD_USER_INPUT",
                    "Variable \"$strategies\" of required type \"[AuthenticationStrategyInput]!\" was not provided.",
                )
            }
        };
        if let Some(refusal) = inputs
            .iter()
            .enumerate()
            .find_map(|(i, input)| input.refusal(i))
        {
            return invalid("BAD_USER_INPUT", &refusal);
        }
        let status = match self.apply(inputs) {
            Ok(()) => Status::ok("Strategies updated successfully"),
            Err((slug, message)) => Status::error(slug, message),
        };
        answer(StrategiesMutationData {
            authentication: UpdateStrategies {
                update_strategies: Outcome {
                    response_result: status,
                },
            },
        })
    }

    /// The resolver's steps in its order, stopping at the first error like its `try`.
    fn apply(&mut self, inputs: Vec<InputWire>) -> Result<(), (&'static str, String)> {
        let mut previous: Vec<Row> = self.rows.clone();
        wkc_core::sort_small_by_key(&mut previous, |r| r.order);
        for input in &inputs {
            let mut config: Vec<(String, Value)> = Vec::new();
            for pair in input.config.iter().flatten().flatten() {
                let parsed: Value = serde_json::from_str(&pair.value).map_err(|_| {
                    (
                        "SyntaxError",
                        format!("\"{}\" is not valid JSON", excerpt(&pair.value)),
                    )
                })?;
                let value = match parsed {
                    Value::Object(mut map) => map.remove("v").unwrap_or(Value::Null),
                    _ => Value::Null,
                };
                match config.iter_mut().find(|(k, _)| *k == pair.key) {
                    Some(slot) => slot.1 = value,
                    None => config.push((pair.key.clone(), value)),
                }
            }
            let row = Row {
                key: input.key.clone(),
                strategy_key: input.strategy_key.clone(),
                display_name: input.display_name.clone(),
                order: input.order,
                is_enabled: input.is_enabled,
                config,
                self_registration: input.self_registration,
                domain_whitelist: input.domain_whitelist.clone(),
                auto_enroll_groups: input.auto_enroll_groups.clone(),
            };
            match self.rows.iter_mut().find(|r| r.key == row.key) {
                Some(existing) => *existing = row,
                None => self.rows.push(row),
            }
        }
        for gone in previous
            .iter()
            .filter(|p| !inputs.iter().any(|i| i.key == p.key))
        {
            if users_signing_in_with(&gone.key) > 0 {
                return Err((
                    "Error",
                    format!(
                        "Cannot delete {} as 1 or more users are still using it.",
                        gone.display_name
                    ),
                ));
            }
            self.rows.retain(|r| r.key != gone.key);
        }
        Ok(())
    }
}

/// The admin and the guest sign in with `local`; nobody else has an account yet.
fn users_signing_in_with(key: &str) -> usize {
    if key == "local" {
        2
    } else {
        0
    }
}

fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

#[derive(Deserialize)]
struct Request {
    query: String,
    #[serde(default)]
    variables: Option<Value>,
}

/// `AuthenticationStrategyInput`, as leniently as GraphQL coerces it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InputWire {
    key: String,
    strategy_key: String,
    #[serde(default)]
    config: Option<Vec<Option<KeyValue>>>,
    display_name: String,
    order: i64,
    is_enabled: bool,
    self_registration: bool,
    domain_whitelist: Vec<Value>,
    auto_enroll_groups: Vec<Value>,
}

impl InputWire {
    /// What GraphQL's input coercion refuses in list items (`domainWhitelist: [String]!`,
    /// `autoEnrollGroups: [Int]!`), worded as graphql-js words it; `None` when it coerces.
    /// Null items pass, as the schema allows them; Wiki.js stores what passes as posted.
    fn refusal(&self, index: usize) -> Option<String> {
        let at = |field: &str, item: usize, value: &Value, why: &str| {
            format!(
                "Variable \"$strategies\" got invalid value {value} at \"strategies[{index}].{field}[{item}]\"; {why}"
            )
        };
        let whitelist = self.domain_whitelist.iter().enumerate().find_map(|(i, v)| {
            (!v.is_null() && !v.is_string()).then(|| {
                at(
                    "domainWhitelist",
                    i,
                    v,
                    &format!("String cannot represent a non string value: {v}"),
                )
            })
        });
        whitelist.or_else(|| {
            self.auto_enroll_groups
                .iter()
                .enumerate()
                .find_map(|(i, v)| {
                    let why = match v {
                        Value::Null => return None,
                        Value::Number(n) => match n.as_f64() {
                            Some(f) if f.fract() != 0.0 => "Int cannot represent non-integer value",
                            Some(f) if f < f64::from(i32::MIN) || f > f64::from(i32::MAX) => {
                                "Int cannot represent non 32-bit signed integer value"
                            }
                            _ => return None,
                        },
                        _ => "Int cannot represent non-integer value",
                    };
                    Some(at("autoEnrollGroups", i, v, &format!("{why}: {v}")))
                })
        })
    }
}

// ---------------------------------------------------------------------------------------
// Answers, field for field in the order each document selects them

#[derive(Serialize)]
struct Answer<D: Serialize> {
    data: D,
}

fn answer<D: Serialize>(data: D) -> (u16, String) {
    (
        200,
        serde_json::to_string(&Answer { data }).unwrap_or_default(),
    )
}

/// HTTP 400 with one error, as Apollo answers a document or variables it refuses.
fn invalid(code: &str, message: &str) -> (u16, String) {
    let mut extensions = Map::new();
    extensions.insert("code".to_owned(), Value::String(code.to_owned()));
    extensions.insert("exception".to_owned(), Value::Object(Map::new()));
    let body = serde_json::json!({"errors": [{"message": message, "extensions": extensions}]});
    (400, body.to_string())
}

/// HTTP 400 for a body that is not JSON, shaped like contract 50.
fn malformed(message: &str) -> (u16, String) {
    let body = serde_json::json!({"data": {}, "errors": [{"message": message, "path": []}]});
    (400, body.to_string())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ModuleRef {
    key: &'static str,
    title: &'static str,
    use_form: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ActiveOut<'a> {
    key: &'a str,
    strategy: ModuleRef,
    config: Vec<KeyValue>,
    order: i64,
    is_enabled: bool,
    display_name: &'a str,
    self_registration: bool,
    domain_whitelist: &'a [Value],
    auto_enroll_groups: &'a [Value],
}

#[derive(Serialize)]
struct ActiveData<'a> {
    authentication: ActiveAuth<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ActiveAuth<'a> {
    active_strategies: Vec<ActiveOut<'a>>,
}

#[derive(Serialize)]
struct DefinitionOut {
    key: &'static str,
    props: Vec<KeyValue>,
}

#[derive(Serialize)]
struct LoadData<'a> {
    authentication: LoadAuth<'a>,
    site: LoadSite<'a>,
    groups: LoadGroups<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoadAuth<'a> {
    active_strategies: Vec<ActiveOut<'a>>,
    strategies: Vec<DefinitionOut>,
}

#[derive(Serialize)]
struct LoadSite<'a> {
    config: SiteOut<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SiteOut<'a> {
    host: &'a str,
    auth_auto_login: bool,
}

#[derive(Serialize)]
struct LoadGroups<'a> {
    list: Vec<GroupMinimal<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GroupMinimal<'a> {
    id: u32,
    name: &'a str,
    is_system: bool,
}

#[derive(Serialize)]
struct GroupData<'a> {
    groups: SingleGroup<'a>,
}

#[derive(Serialize)]
struct SingleGroup<'a> {
    single: Option<&'a GroupInfo>,
}

/// `ResponseStatus`, built like `server/helpers/graph.js`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Status {
    succeeded: bool,
    error_code: i64,
    slug: &'static str,
    message: String,
}

impl Status {
    fn ok(message: &str) -> Status {
        Status {
            succeeded: true,
            error_code: 0,
            slug: "ok",
            message: message.to_owned(),
        }
    }

    fn error(slug: &'static str, message: String) -> Status {
        Status {
            succeeded: false,
            error_code: 1,
            slug,
            message,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Outcome {
    response_result: Status,
}

#[derive(Serialize)]
struct StrategiesMutationData {
    authentication: UpdateStrategies,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UpdateStrategies {
    update_strategies: Outcome,
}

#[derive(Serialize)]
struct SiteMutationData {
    site: UpdateConfig,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UpdateConfig {
    update_config: Outcome,
}
