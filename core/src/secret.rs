//! The client secret, kept out of every serialization and debug print by its type.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// What a masked secret reads as, wherever one is masked in text the page shows.
pub const MASK: &str = "•••";

/// A value that must not leak: `Debug` prints a mask and there is no `Serialize`, so
/// putting it into any JSON, log line or event is a compile error rather than a review item.
/// [`Secret::expose`] is the one door out, used only where the admin asked for the value
/// (the save itself, "include secret" exports).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `text` with every occurrence of the secret masked: for messages that quote a server,
    /// which may echo what was posted. Secrets under 4 characters are left alone (masking
    /// them would garble the message, and they protect nothing).
    pub fn redact(&self, text: &str) -> String {
        if self.0.chars().count() < 4 {
            return text.to_owned();
        }
        text.replace(&self.0, MASK)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("Secret(<empty>)")
        } else {
            f.write_str("Secret(<redacted>)")
        }
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}
