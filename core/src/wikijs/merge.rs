//! Building the full list `updateStrategies` needs, and checking what came back.
//!
//! Wiki.js deletes every strategy missing from the posted list, and does so after writing
//! the others, outside a transaction (contract 32b/33b). So the list is the backend's own,
//! each other strategy re-sent unchanged, and a guard refuses to post any list that lacks
//! one of them.

use serde_json::Value;

use crate::diagnostics::{Code, Diagnostic};

use super::strategy::{is_sensitive, prop_label, ActiveStrategy, StrategyInput};

/// The list to post: the backend's strategies in their order, each unchanged, with
/// `keycloak` in place of the one with the same key (or appended when new), moved to the
/// top when `move_to_top` (what "Bypass Login Screen" needs). `order` is re-sent as the list
/// index, as Wiki.js's page does; `keycloak.order` is not used for placement.
pub fn merge(
    backend: &[ActiveStrategy],
    keycloak: StrategyInput,
    move_to_top: bool,
) -> Vec<StrategyInput> {
    let mut sorted: Vec<&ActiveStrategy> = backend.iter().collect();
    crate::sort_small_by_key(&mut sorted, |s| s.order);
    let mut list: Vec<StrategyInput> = Vec::with_capacity(sorted.len() + 1);
    let mut edited = Some(keycloak);
    let mut position = None;
    for strategy in sorted {
        match edited.take_if(|k| k.key == strategy.key) {
            Some(k) => {
                position = Some(list.len());
                list.push(k);
            }
            None => list.push(strategy.to_input(0)),
        }
    }
    if let Some(k) = edited {
        position = Some(list.len());
        list.push(k);
    }
    if let (true, Some(p)) = (move_to_top, position) {
        let k = list.remove(p);
        list.insert(0, k);
    }
    for (index, strategy) in list.iter_mut().enumerate() {
        strategy.order = u32::try_from(index).unwrap_or(u32::MAX);
    }
    list
}

/// Refuse to post a list that lacks one of the backend's strategies, or puts another
/// module under its key (Wiki.js patches a strategy by key, module included: a Keycloak
/// form saved under `local`'s key would take the wiki's password login away).
// The UI shows the refusal like any other finding; one call per save, so size is moot.
#[allow(clippy::result_large_err)]
pub fn check_not_dropping(
    posted: &[StrategyInput],
    backend: &[ActiveStrategy],
) -> Result<(), Diagnostic> {
    let missing: Vec<String> = backend
        .iter()
        .filter(|b| {
            !posted
                .iter()
                .any(|p| p.key == b.key && p.strategy_key == b.strategy.key)
        })
        .map(describe)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Diagnostic::new(Code::StrategyWouldBeDropped, &[])
            .detail(format!("Missing: {}.", missing.join(", "))))
    }
}

/// What Wiki.js stored differently from what was sent, one line per value, credentials
/// never printed. Empty when the save took effect as intended.
pub fn diff_config(sent: &StrategyInput, read_back: &ActiveStrategy) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = |name: &str, sent: String, stored: String| {
        if sent != stored {
            out.push(format!("{name}: sent {sent}, Wiki.js stored {stored}."));
        }
    };
    field(
        "Module",
        quote(&sent.strategy_key),
        quote(&read_back.strategy.key),
    );
    field(
        "Display Name",
        quote(&sent.display_name),
        quote(&read_back.display_name),
    );
    field(
        "Position",
        sent.order.to_string(),
        read_back.order.to_string(),
    );
    field(
        "Active",
        sent.is_enabled.to_string(),
        read_back.is_enabled.to_string(),
    );
    field(
        "Allow self-registration",
        sent.self_registration.to_string(),
        read_back.self_registration.to_string(),
    );
    field(
        "Limit to specific email domains",
        format!("{:?}", sent.domain_whitelist),
        format!("{:?}", read_back.domain_whitelist),
    );
    field(
        "Assign to group",
        format!("{:?}", sent.auto_enroll_groups),
        format!("{:?}", read_back.auto_enroll_groups),
    );
    for pair in &sent.config {
        let label = prop_label(&pair.key);
        // What `updateStrategies` stores: `JSON.parse(value).v`, or null without a `v`.
        let Ok(parsed) = serde_json::from_str::<Value>(&pair.value) else {
            out.push(format!(
                "{label}: the value sent was not JSON, so Wiki.js refuses the whole save."
            ));
            continue;
        };
        let expected = parsed.get("v").cloned().unwrap_or(Value::Null);
        match read_back.config_value(&pair.key) {
            None => out.push(format!(
                "{label}: Wiki.js did not keep it (this Wiki.js release has no such setting)."
            )),
            Some(stored) if *stored == expected => {}
            Some(_) if is_sensitive(&pair.key) => out.push(format!(
                "{label}: Wiki.js stored a different value from the one sent."
            )),
            Some(stored) => out.push(format!(
                "{label}: sent {}, Wiki.js stored {}.",
                show(&expected),
                show(stored)
            )),
        }
    }
    out
}

/// Whether `now` already holds exactly `intended`: the same strategies in the same order,
/// each with the values sent. That is the case when an earlier attempt of this very save
/// reached Wiki.js but its answer never came back (a timeout, a cut connection), so a retry
/// must not call the server's list a concurrent change.
pub fn already_applied(now: &[ActiveStrategy], intended: &[StrategyInput]) -> bool {
    let mut stored: Vec<&ActiveStrategy> = now.iter().collect();
    crate::sort_small_by_key(&mut stored, |s| s.order);
    stored.len() == intended.len()
        && stored
            .iter()
            .zip(intended)
            .all(|(stored, sent)| stored.key == sent.key && diff_config(sent, stored).is_empty())
}

/// Each strategy sent against what Wiki.js stored, one line per difference, each naming
/// its strategy: the edited one may differ (an older Wiki.js lacking a prop), the others
/// never should; and any stored strategy that was not sent (the list replaces them all).
/// Empty when the whole list took effect as sent.
pub fn stored_differently(sent: &[StrategyInput], stored: &[ActiveStrategy]) -> Vec<String> {
    let mut out = Vec::new();
    for input in sent {
        match stored.iter().find(|s| s.key == input.key) {
            None => out.push(format!(
                "“{}” ({}): Wiki.js did not keep it.",
                input.display_name, input.strategy_key
            )),
            Some(back) => out.extend(
                diff_config(input, back)
                    .into_iter()
                    .map(|line| format!("“{}”: {line}", input.display_name)),
            ),
        }
    }
    out.extend(
        stored
            .iter()
            .filter(|s| !sent.iter().any(|input| input.key == s.key))
            .map(|s| format!("{}: Wiki.js holds it, though it was not sent.", describe(s))),
    );
    out
}

/// What changed on the server between two reads (someone else saved meanwhile), one line
/// per strategy added, removed or modified, named by display name.
pub fn changed_since(loaded: &[ActiveStrategy], now: &[ActiveStrategy]) -> Vec<String> {
    let mut out = Vec::new();
    for before in loaded {
        match now.iter().find(|n| n.key == before.key) {
            None => out.push(format!("{} was removed.", describe(before))),
            Some(after) => {
                let changes = differences(before, after);
                if !changes.is_empty() {
                    out.push(format!(
                        "{} was modified ({}).",
                        describe(before),
                        changes.join(", ")
                    ));
                }
            }
        }
    }
    for after in now
        .iter()
        .filter(|n| !loaded.iter().any(|l| l.key == n.key))
    {
        out.push(format!("{} was added.", describe(after)));
    }
    out
}

/// The names of the fields that differ between two reads of one strategy.
fn differences(before: &ActiveStrategy, after: &ActiveStrategy) -> Vec<String> {
    let mut out = Vec::new();
    if before.display_name != after.display_name {
        out.push(format!("display name now {}", quote(&after.display_name)));
    }
    if before.strategy.key != after.strategy.key {
        out.push("module".to_owned());
    }
    if before.order != after.order {
        out.push("position".to_owned());
    }
    if before.is_enabled != after.is_enabled {
        out.push(
            if after.is_enabled {
                "enabled"
            } else {
                "disabled"
            }
            .to_owned(),
        );
    }
    if before.self_registration != after.self_registration {
        out.push("self-registration".to_owned());
    }
    if before.domain_whitelist != after.domain_whitelist {
        out.push("email domains".to_owned());
    }
    if before.auto_enroll_groups != after.auto_enroll_groups {
        out.push("groups".to_owned());
    }
    let mut keys: Vec<&str> = before
        .config
        .iter()
        .chain(&after.config)
        .map(|c| c.key.as_str())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        if before.config_value(key) != after.config_value(key) {
            out.push(prop_label(key));
        }
    }
    out
}

/// `“Keycloak SSO” (keycloak)`: the display name people see, and the module.
fn describe(strategy: &ActiveStrategy) -> String {
    format!(
        "{} ({})",
        quote(&strategy.display_name),
        strategy.strategy.key
    )
}

fn quote(text: &str) -> String {
    format!("“{text}”")
}

fn show(value: &Value) -> String {
    match value {
        Value::String(s) => quote(s),
        Value::Null => "nothing".to_owned(),
        other => other.to_string(),
    }
}
