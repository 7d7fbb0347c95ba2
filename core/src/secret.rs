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

    /// `text` with the secret masked (see [`redact_all`]): for messages that quote a server,
    /// which may echo what was posted.
    pub fn redact(&self, text: &str) -> String {
        redact_all(text, [self.0.as_str()])
    }
}

/// `text` with each of `secrets` masked: every copy as posted, JSON-escaped, or quoted as SQL
/// quotes it (doubled or backslashed quotes), and for one of 8 characters or more what an
/// excerpt's cut ("…") left of it, since server text is cut to length before the page masks
/// it. Secrets under 4 characters are left alone (masking them would garble the message, and
/// they protect nothing).
pub fn redact_all<'a>(text: &str, secrets: impl IntoIterator<Item = &'a str>) -> String {
    let mut text = text.to_owned();
    for secret in secrets {
        if secret.chars().count() < 4 {
            continue;
        }
        let json = serde_json::to_string(secret).unwrap_or_default();
        let escaped = json.get(1..json.len().saturating_sub(1)).unwrap_or(secret);
        // SQL's quoting: standard (`''`) or MySQL's backslashes, of the value or its JSON.
        let doubled = |s: &str| s.replace('\'', "''");
        let backslashed = |s: &str| {
            s.replace('\\', "\\\\")
                .replace('\'', "\\'")
                .replace('"', "\\\"")
        };
        let copies = [
            secret.to_owned(),
            escaped.to_owned(),
            doubled(secret),
            doubled(escaped),
            backslashed(secret),
            backslashed(escaped),
        ];
        for copy in &copies {
            text = text.replace(copy.as_str(), MASK);
        }
        // A cut piece of a short secret would be too common a word to mask.
        if secret.chars().count() >= 8 {
            text = mask_cut(&text, secret);
        }
    }
    text
}

/// `text` with what an ellipsis cut of `secret` left masked: the longest start of it (6
/// characters or more) right before a "…", and the longest end right after one.
fn mask_cut(text: &str, secret: &str) -> String {
    let cuts: Vec<usize> = secret.char_indices().map(|(at, _)| at).skip(6).collect();
    let start = |piece: &str| {
        cuts.iter()
            .rev()
            .map(|&at| &secret[..at])
            .find(|s| piece.ends_with(s))
            .map_or(0, str::len)
    };
    let end = |piece: &str| {
        let ends = secret.char_indices().map(|(at, _)| &secret[at..]).skip(1);
        ends.filter(|e| e.chars().count() >= 6)
            .find(|e| piece.starts_with(e))
            .map_or(0, str::len)
    };
    let pieces: Vec<&str> = text.split('…').collect();
    let last = pieces.len() - 1;
    let mut out = String::with_capacity(text.len());
    for (i, piece) in pieces.iter().enumerate() {
        let head = if i > 0 { end(piece) } else { 0 };
        let tail = if i < last { start(&piece[head..]) } else { 0 };
        if head > 0 {
            out.push_str(MASK);
        }
        out.push_str(&piece[head..piece.len() - tail]);
        if tail > 0 {
            out.push_str(MASK);
        }
        if i < last {
            out.push('…');
        }
    }
    out
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
