//! The list a save will post, computed one way for both the "what will be sent" view and
//! the save itself, plus the masked form of any list for showing it.

use serde_json::Value;

use super::merge::merge;
use super::response::Loaded;
use super::strategy::{
    endpoint_prop, is_sensitive, keycloak_input, keycloak_strategies, settings_from_strategy,
    ActiveStrategy, KeyValue, StrategyInput, KEYCLOAK,
};
use crate::derive::Derived;
use crate::settings::{Endpoint, Settings};

/// What stands in for a secret wherever a list is shown.
pub const MASK: &str = "••••••••";

/// The form's settings for strategy `key` (or the first Keycloak one), or for a new strategy
/// (under `key`, or a fresh `new_key()`). A key that names another module's strategy is not
/// this form's to edit: it counts as none, so no save can turn that strategy into Keycloak.
pub fn settings_for(
    loaded: &Loaded,
    key: Option<&str>,
    site: &str,
    new_key: impl FnOnce() -> String,
) -> Settings {
    let key = key.filter(|k| {
        loaded
            .active
            .iter()
            .all(|a| a.key != *k || a.strategy.key == KEYCLOAK)
    });
    let candidates = keycloak_strategies(&loaded.active);
    let chosen = match key {
        Some(key) => candidates.into_iter().find(|s| s.key == key),
        None => candidates.into_iter().next(),
    };
    match chosen {
        Some(active) => {
            let mut settings = settings_from_strategy(active, site);
            settings.order = loaded
                .active
                .iter()
                .position(|a| a.key == active.key)
                .unwrap_or(0);
            settings
        }
        None => Settings {
            site_url: site.to_owned(),
            strategy_key: key.map_or_else(new_key, str::to_owned),
            order: loaded.active.len(),
            display_name: unused_display_name(&loaded.active),
            ..Settings::default()
        },
    }
}

/// A new strategy's Display Name: "Keycloak", or "Keycloak 2", "Keycloak 3", … when the wiki
/// already shows that name. It is the login button's label: two strategies of one name are
/// two buttons users cannot tell apart.
fn unused_display_name(active: &[ActiveStrategy]) -> String {
    let base = Settings::default().display_name;
    let mut name = base.clone();
    // One more name than strategies: one of them is free.
    for n in 2..active.len() + 3 {
        if !active
            .iter()
            .any(|a| a.display_name.trim().eq_ignore_ascii_case(&name))
        {
            break;
        }
        name = format!("{base} {n}");
    }
    name
}

/// Why "Bypass Login Screen" must not be turned on after a save, if it must not. It sends
/// everyone to the first strategy, so only when this one is active and was stored as sent:
/// Wiki.js does not skip a disabled first strategy, and /login would answer "Invalid
/// authentication provider." to all.
pub fn bypass_refusal(strategy_active: bool, stored_as_sent: bool) -> Option<&'static str> {
    if !strategy_active {
        Some("this strategy is not active, and Wiki.js would send everyone to \"Invalid authentication provider.\"")
    } else if !stored_as_sent {
        Some("the save could not be checked as stored; save again once it is")
    } else {
        None
    }
}

/// What a save sets "Bypass Login Screen" to: the form's value when it differs from the
/// wiki's, else nothing (the site setting is left alone).
pub fn bypass_change(loaded: &Loaded, settings: &Settings) -> Option<bool> {
    (settings.bypass_login_screen != loaded.site.auth_auto_login)
        .then_some(settings.bypass_login_screen)
}

/// Whether this save moves the strategy to the top: the admin set it first, and it is not
/// first in what the backend holds.
pub fn moves_to_top(loaded: &Loaded, settings: &Settings) -> bool {
    settings.order == 0
        && loaded
            .active
            .iter()
            .position(|a| a.key == settings.strategy_key)
            != Some(0)
}

/// The full list `updateStrategies` will receive: every strategy the backend holds, with
/// this one merged in (or appended), in order.
pub fn planned_list(loaded: &Loaded, settings: &Settings, derived: &Derived) -> Vec<StrategyInput> {
    let props = loaded.keycloak_props();
    let strategy = keycloak_input(settings, derived, props.as_deref());
    merge(&loaded.active, strategy, moves_to_top(loaded, settings))
}

/// Whether the wiki holds this strategy without an endpoint URL the form shows derived
/// (`settings_from_strategy` fills them in): the form reads as the wiki holds it, yet a save
/// has them to send. Only those Wiki.js needs (the logout URL while it logs out of
/// Keycloak): without one the strategy does not load ("Invalid authentication provider").
pub fn lacks_urls(loaded: &Loaded, settings: &Settings, derived: &Derived) -> bool {
    let Some(held) = loaded
        .active
        .iter()
        .find(|a| a.key == settings.strategy_key)
    else {
        return false;
    };
    Endpoint::ALL.into_iter().any(|e| {
        (e != Endpoint::Logout || settings.logout_upstream)
            && !derived.endpoints.get(e).value.is_empty()
            && !matches!(held.config_value(endpoint_prop(e)), Some(Value::String(url)) if !url.is_empty())
    })
}

/// The list as the backend holds it, in the input shape, for the side-by-side view.
pub fn current_list(loaded: &Loaded) -> Vec<StrategyInput> {
    let mut active: Vec<_> = loaded.active.iter().collect();
    crate::sort_small_by_key(&mut active, |a| a.order);
    active
        .iter()
        .enumerate()
        .map(|(i, a)| a.to_input(u32::try_from(i).unwrap_or(u32::MAX)))
        .collect()
}

/// A copy with every non-empty credential value replaced by [`MASK`].
pub fn masked(list: &[StrategyInput]) -> Vec<StrategyInput> {
    let mut list = list.to_vec();
    for strategy in &mut list {
        for pair in strategy.config.iter_mut().filter(|p| is_sensitive(&p.key)) {
            let empty = serde_json::from_str::<Value>(&pair.value)
                .ok()
                .and_then(|v| v.get("v").cloned())
                .is_none_or(|v| v.is_null() || v.as_str() == Some(""));
            if !empty {
                *pair = KeyValue::encoded(&pair.key, &Value::String(MASK.to_owned()));
            }
        }
    }
    list
}

/// Pretty JSON of a masked list: the `strategies` variable as it will be posted.
pub fn masked_json(list: &[StrategyInput]) -> String {
    serde_json::to_string_pretty(&masked(list)).unwrap_or_default()
}
