//! What a save changes in the wiki, named for the admin twice: before it is sent ("What will
//! be sent") and in its result (whether each change took effect). A save changes the
//! strategy's values, its place in the login list, and the site-wide "Bypass Login Screen",
//! which a second request sets after the strategies are stored.

use serde_json::Value;

use super::plan::{bypass_change, bypass_refusal, current_list, planned_list};
use super::response::Loaded;
use super::strategy::{is_sensitive, prop_label, StrategyInput};
use crate::derive::Derived;
use crate::settings::{Endpoint, Field, Settings};

/// Everything one save changes, against what the page loaded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// The strategy's display name as the admin sees it, quoted: `“Keycloak SSO”`.
    pub strategy: String,
    /// Its place in the list sent, counted from 1.
    pub position: usize,
    /// The wiki holds no strategy under this key yet: the save adds it.
    pub added: bool,
    /// Each setting of the strategy that changes (none listed when it is added: all are new).
    pub values: Vec<ValueChange>,
    /// "Bypass Login Screen" is set to this, when the form differs from the wiki.
    pub bypass: Option<bool>,
    /// Why "Bypass Login Screen" will not be turned on even so (this strategy is not active).
    pub bypass_refusal: Option<&'static str>,
    /// How many other strategies the list re-sends as Wiki.js holds them.
    pub others: usize,
}

/// One setting of the strategy that changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueChange {
    /// The setting's Wiki.js title.
    pub label: String,
    /// The value held now and the one sent, in words; `None` for a credential, never printed.
    pub from_to: Option<(String, String)>,
}

impl ValueChange {
    /// `Realm: “wiki” → “staff”`, or `Client Secret: changed (not shown)`.
    pub fn line(&self) -> String {
        match &self.from_to {
            Some((from, to)) => format!("{}: {from} → {to}", self.label),
            None => format!("{}: changed (not shown)", self.label),
        }
    }
}

/// What the save of `settings` will change in the wiki `loaded` describes.
pub fn planned_changes(loaded: &Loaded, settings: &Settings, derived: &Derived) -> Changes {
    let planned = planned_list(loaded, settings, derived);
    let held = current_list(loaded);
    let bypass = bypass_change(loaded, settings);
    let Some((index, sent)) = planned
        .iter()
        .enumerate()
        .find(|(_, s)| s.key == settings.strategy_key)
    else {
        return Changes::default();
    };
    let stored = held.iter().find(|s| s.key == sent.key);
    let group_name = |id: &u32| {
        loaded
            .groups
            .iter()
            .find(|g| g.id == *id)
            .map_or_else(|| format!("group {id}"), |g| g.name.clone())
    };
    Changes {
        strategy: quote(&sent.display_name),
        position: index + 1,
        added: stored.is_none(),
        values: stored.map_or_else(Vec::new, |stored| value_changes(stored, sent, group_name)),
        bypass,
        bypass_refusal: bypass
            .filter(|on| *on)
            .and_then(|_| bypass_refusal(sent.is_enabled, true)),
        others: planned.len() - 1,
    }
}

/// Each setting `sent` holds otherwise than `stored`, in the form's order.
fn value_changes(
    stored: &StrategyInput,
    sent: &StrategyInput,
    group_name: impl Fn(&u32) -> String,
) -> Vec<ValueChange> {
    let shown = |field: Field, from: String, to: String| {
        (from != to).then(|| ValueChange {
            label: field.title().to_owned(),
            from_to: Some((from, to)),
        })
    };
    let domains = |s: &StrategyInput| listed(s.domain_whitelist.iter().map(|d| quote(d)));
    let groups = |s: &StrategyInput| listed(s.auto_enroll_groups.iter().map(&group_name));
    let head = [
        shown(
            Field::DisplayName,
            quote(&stored.display_name),
            quote(&sent.display_name),
        ),
        shown(
            Field::IsEnabled,
            on_off(stored.is_enabled),
            on_off(sent.is_enabled),
        ),
        shown(
            Field::Order,
            (stored.order + 1).to_string(),
            (sent.order + 1).to_string(),
        ),
    ];
    let props = sent.config.iter().filter_map(|pair| {
        let from = stored
            .config
            .iter()
            .find(|p| p.key == pair.key)
            .map(|p| sent_value(&p.value));
        let to = sent_value(&pair.value);
        (from.as_ref() != Some(&to)).then(|| ValueChange {
            label: prop_label(&pair.key),
            from_to: (!is_sensitive(&pair.key)).then(|| {
                (
                    from.as_ref().map_or_else(|| "nothing".to_owned(), show),
                    show(&to),
                )
            }),
        })
    });
    let tail = [
        shown(
            Field::SelfRegistration,
            on_off(stored.self_registration),
            on_off(sent.self_registration),
        ),
        shown(Field::DomainWhitelist, domains(stored), domains(sent)),
        shown(Field::AutoEnrollGroups, groups(stored), groups(sent)),
    ];
    head.into_iter()
        .flatten()
        .chain(props)
        .chain(tail.into_iter().flatten())
        .collect()
}

impl Changes {
    /// Whether the save changes nothing in the wiki.
    pub fn is_empty(&self) -> bool {
        !self.added && self.values.is_empty() && self.bypass.is_none()
    }

    /// One line per change, for "What will be sent".
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.added {
            out.push(format!(
                "Adds the strategy {}, number {} in the login list, with the values below.",
                self.strategy, self.position
            ));
        }
        out.extend(self.values.iter().map(ValueChange::line));
        if let Some(on) = self.bypass {
            out.push(match self.bypass_refusal {
                Some(reason) => format!("{BYPASS}: stays off: {}", ended(reason)),
                None if on => format!(
                    "{BYPASS}: off → on, for the whole site; set by a second request once Wiki.js has stored this strategy as sent."
                ),
                None => format!("{BYPASS}: on → off, for the whole site; set by a second request after the strategies."),
            });
        }
        if out.is_empty() {
            out.push("Nothing changes: the wiki holds these values.".to_owned());
        }
        out
    }

    /// How the list goes out: `updateStrategies` replaces the whole list, so the others are
    /// re-sent as they are (nothing else about them changes).
    pub fn sent_as(&self) -> String {
        match self.others {
            0 => "Sent with updateStrategies, which replaces the whole list: this strategy is the only one.".to_owned(),
            1 => "Sent with updateStrategies, which replaces the whole list: the other strategy is re-sent as Wiki.js holds it.".to_owned(),
            n => format!("Sent with updateStrategies, which replaces the whole list: the other {n} strategies are re-sent as Wiki.js holds them."),
        }
    }

    /// The strategy and what of it was saved, for the save's result:
    /// `Saved “Keycloak SSO” (Realm, Client Secret)`.
    pub fn saved(&self) -> String {
        if self.added {
            return format!("Saved the new strategy {}", self.strategy);
        }
        if self.values.is_empty() {
            return format!("Saved {} (no value of it changed)", self.strategy);
        }
        // Host or Realm moves every endpoint URL with it: named one by one, they took most
        // of a phone's save bar ("What will be sent" lists each).
        let is_endpoint = |label: &str| Endpoint::ALL.iter().any(|e| e.field().title() == label);
        let endpoints = self.values.iter().filter(|v| is_endpoint(&v.label)).count();
        let mut labels = Vec::new();
        for value in &self.values {
            match value.label.as_str() {
                label if endpoints < 2 || !is_endpoint(label) => labels.push(label.to_owned()),
                _ if labels.iter().any(|l| l.ends_with(" endpoint URLs")) => {}
                _ => labels.push(format!("{endpoints} endpoint URLs")),
            }
        }
        format!("Saved {} ({})", self.strategy, labels.join(", "))
    }
}

/// How Wiki.js titles the site-wide setting.
const BYPASS: &str = "Bypass Login Screen";

/// What became of the form's "Bypass Login Screen" change after the strategies were saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BypassResult {
    /// Wiki.js now has it on (`true`) or off.
    Set(bool),
    /// Not turned on, on purpose: [`bypass_refusal`]'s reason.
    Refused(&'static str),
    /// The request to set it failed (`error`, already redacted).
    Failed { on: bool, error: String },
}

impl BypassResult {
    /// Whether the wiki now has what the form asked for.
    pub fn applied(&self) -> bool {
        matches!(self, BypassResult::Set(_))
    }

    /// One sentence for the save's result.
    pub fn sentence(&self) -> String {
        match self {
            BypassResult::Set(on) => format!("{BYPASS} turned {}.", on_off(*on)),
            BypassResult::Refused(reason) => {
                format!("{BYPASS} was not turned on: {}", ended(reason))
            }
            BypassResult::Failed { on, error } => {
                format!("{BYPASS} was not turned {}: {}", on_off(*on), ended(error))
            }
        }
    }
}

/// The value a `{"v": value}` text carries (`null` when it has none or is not JSON).
fn sent_value(text: &str) -> Value {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get("v").cloned())
        .unwrap_or(Value::Null)
}

fn show(value: &Value) -> String {
    match value {
        Value::String(s) if s.is_empty() => "empty".to_owned(),
        Value::String(s) => quote(s),
        Value::Bool(b) => on_off(*b),
        Value::Null => "nothing".to_owned(),
        other => other.to_string(),
    }
}

/// `text` as a sentence: a full stop added unless it ends in one (or in a quoted one).
fn ended(text: &str) -> String {
    if text.ends_with('.') || text.ends_with(".\"") {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

fn listed(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}

fn on_off(on: bool) -> String {
    if on { "on" } else { "off" }.to_owned()
}

fn quote(text: &str) -> String {
    format!("“{text}”")
}
