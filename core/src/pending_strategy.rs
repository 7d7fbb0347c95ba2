//! A new strategy's key, kept in the browser until it is saved. Its callback URL
//! (`{site}/login/{key}/callback`) is what the admin registers in Keycloak, often before the
//! secret exists: a key that changed on reload would leave a stale redirect URI there, and
//! users would meet "Invalid parameter: redirect_uri". The shell stores; this decides.

use crate::wikijs::is_uuid;

/// Where a backend's pending new-strategy key is kept (`scope` names the backend).
pub fn key_storage_key(scope: &str) -> String {
    format!("wikijs-keycloak:new-strategy-key:{scope}")
}

/// Where the callback URL last shown for a strategy is kept.
pub fn callback_storage_key(scope: &str, strategy_key: &str) -> String {
    format!("wikijs-keycloak:callback:{scope}:{strategy_key}")
}

/// The stored key to give a new strategy again: a UUID the wiki does not hold yet (once
/// saved, the strategy is the wiki's and a further new one needs a key of its own).
pub fn reusable_key(stored: Option<&str>, active_keys: &[&str]) -> Option<String> {
    let stored = stored?.trim();
    (is_uuid(stored) && !active_keys.contains(&stored)).then(|| stored.to_owned())
}

/// The callback URL shown before, when it differs from the one shown now.
pub fn changed_callback<'a>(before: Option<&'a str>, now: &str) -> Option<&'a str> {
    before.filter(|b| !b.is_empty() && !now.is_empty() && *b != now)
}
