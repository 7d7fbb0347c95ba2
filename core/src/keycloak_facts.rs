//! What the admin tells about their Keycloak that Wiki.js has no field for: its major
//! version (asked, never guessed), whether its hostname is pinned and whether its
//! certificate comes from the organisation's own CA. The page keeps them per
//! strategy in the browser; this encodes, decodes and offers the choices.

use serde::{Deserialize, Serialize};

/// The version choices the page offers, with the major number each stands for (the checks
/// only care on which side of 16/17, 18/19 and 25/26 a version is: 18 has the new logout but
/// no post logout list yet, and opens the old admin console).
pub const VERSION_CHOICES: [(&str, Option<u32>); 7] = [
    ("Not known", None),
    ("26 or newer", Some(26)),
    ("25", Some(25)),
    ("19 to 24", Some(24)),
    ("18 (RH-SSO 7.6)", Some(18)),
    ("17", Some(17)),
    ("16 or older (WildFly, RH-SSO before 7.6)", Some(16)),
];

/// The choice a version falls under (its label's index in [`VERSION_CHOICES`]).
pub fn choice_of(version: Option<u32>) -> usize {
    match version {
        None => 0,
        Some(v) if v >= 26 => 1,
        Some(25) => 2,
        Some(v) if v >= 19 => 3,
        Some(18) => 4,
        Some(17) => 5,
        Some(_) => 6,
    }
}

/// Where the facts of one strategy are kept.
pub fn storage_key(scope: &str, strategy_key: &str) -> String {
    format!("wikijs-keycloak:keycloak-facts:{scope}:{strategy_key}")
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct KeycloakFacts {
    pub version: Option<u32>,
    pub issuer_pinned: bool,
    pub private_ca: bool,
}

impl KeycloakFacts {
    pub fn encode(self) -> String {
        serde_json::to_string(&self).unwrap_or_default()
    }

    /// What was stored, or nothing known for anything unreadable.
    pub fn decode(text: &str) -> KeycloakFacts {
        serde_json::from_str(text).unwrap_or_default()
    }
}
