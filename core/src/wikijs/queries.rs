//! The GraphQL documents the adapter sends, and the request bodies around them.
//!
//! Every selected field was accepted by a real Wiki.js 2.5.314 (the contract requests
//! 02–11 and 20); a test checks each document against them, because Apollo rejects a whole
//! query with HTTP 400 for one unknown field (contract 52).

use serde::Serialize;

use super::strategy::StrategyInput;

/// Everything the page needs to start: the active strategies with their config, the
/// Keycloak module's props (older 2.5 releases lack some), the Site URL and "Bypass Login
/// Screen", and the groups for the auto-enroll picker. Needs `manage:system`.
pub const LOAD: &str = "{ authentication { activeStrategies { key strategy { key title useForm } config { key value } order isEnabled displayName selfRegistration domainWhitelist autoEnrollGroups } strategies { key props { key value } } } site { config { host authAutoLogin } } groups { list { id name isSystem } } }";

/// The active strategies alone: the re-read before a save (to spot concurrent changes) and
/// the read-back after it (to verify what was stored).
pub const ACTIVE_STRATEGIES: &str = "{ authentication { activeStrategies { key strategy { key title useForm } config { key value } order isEnabled displayName selfRegistration domainWhitelist autoEnrollGroups } } }";

/// One group's permissions and page rules, for the "can new users read anything" checks.
pub const GROUP: &str = "query ($id: Int!) { groups { single(id: $id) { id name redirectOnLogin permissions pageRules { id deny match roles path locales } } } }";

/// Exactly the mutation Wiki.js's own admin page sends (facts §3, contract 20). It replaces
/// the whole list: a strategy left out is deleted.
pub const UPDATE_STRATEGIES: &str = "mutation ($strategies: [AuthenticationStrategyInput]!) { authentication { updateStrategies(strategies: $strategies) { responseResult { succeeded errorCode slug message } } } }";

/// The cheapest question only a Wiki.js answers: the login page's own public query (contract
/// 24), so even a guest gets data, and an expired session still gets a GraphQL answer.
pub const PROBE: &str = "{ authentication { activeStrategies(enabledOnly: true) { key } } }";

/// Turn on "Bypass Login Screen". `site.updateConfig` keeps every argument not given
/// (`_.get(args, …, current)`), so nothing else in the site config changes.
pub const ENABLE_AUTO_LOGIN: &str = "mutation { site { updateConfig(authAutoLogin: true) { responseResult { succeeded errorCode slug message } } } }";
pub const DISABLE_AUTO_LOGIN: &str = "mutation { site { updateConfig(authAutoLogin: false) { responseResult { succeeded errorCode slug message } } } }";

/// Where each mutation's `responseResult` sits, for [`super::decode_result`].
pub const UPDATE_STRATEGIES_PATH: &[&str] = &["authentication", "updateStrategies"];
pub const AUTO_LOGIN_PATH: &[&str] = &["site", "updateConfig"];

#[derive(Serialize)]
struct Body<'a, V: Serialize> {
    query: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    variables: Option<V>,
}

#[derive(Serialize)]
struct NoVariables {}

fn body<V: Serialize>(query: &str, variables: Option<V>) -> String {
    // Serializing plain structs of strings, numbers and lists cannot fail.
    serde_json::to_string(&Body { query, variables }).unwrap_or_default()
}

/// `{"query": LOAD}`.
pub fn load_body() -> String {
    body::<NoVariables>(LOAD, None)
}

/// `{"query": ACTIVE_STRATEGIES}`.
pub fn active_strategies_body() -> String {
    body::<NoVariables>(ACTIVE_STRATEGIES, None)
}

/// `{"query": GROUP, "variables": {"id": id}}`.
pub fn group_body(id: u32) -> String {
    #[derive(Serialize)]
    struct Vars {
        id: u32,
    }
    body(GROUP, Some(Vars { id }))
}

/// `{"query": UPDATE_STRATEGIES, "variables": {"strategies": […]}}`, field for field what
/// Wiki.js's page posts. It carries the client secret: send it, never log it.
pub fn update_strategies_body(strategies: &[StrategyInput]) -> String {
    #[derive(Serialize)]
    struct Vars<'a> {
        strategies: &'a [StrategyInput],
    }
    body(UPDATE_STRATEGIES, Some(Vars { strategies }))
}

/// `{"query": PROBE}`.
pub fn probe_body() -> String {
    body::<NoVariables>(PROBE, None)
}

/// `{"query": ENABLE_AUTO_LOGIN}` or `{"query": DISABLE_AUTO_LOGIN}`: "Bypass Login Screen".
pub fn auto_login_body(on: bool) -> String {
    let query = if on {
        ENABLE_AUTO_LOGIN
    } else {
        DISABLE_AUTO_LOGIN
    };
    body::<NoVariables>(query, None)
}
