//! Secret-shaped values in a pasted text, masked before any rule reads it: a log line, a
//! config file or a request the admin pastes often carries a client secret, a password or a
//! token, and the explanations quote the text back (an address, a URL, a client ID). The
//! troubleshooter never holds the form's secret itself, so values are recognised by their
//! shape: what follows a key or a command-line flag that names a secret, an `Authorization`
//! or `Bearer` credential, the password in a URL, a JWT.

use crate::secret::MASK;

/// Keys (lower case) whose value is a credential, by how they end: `client_secret`,
/// `KC_DB_PASSWORD`, `access_token`, `"clientSecret"`, `client_assertion`, `DB_PASS`; and
/// `pass` itself (Wiki.js's config.yml).
const SECRET_KEY_ENDINGS: &[&str] = &[
    "secret",
    "password",
    "passwd",
    "token",
    "assertion",
    "_pass",
    "-pass",
];

/// Endings that mark a credential even as a plain word before `:` (`password: …` in a
/// compose file, `pass:` in Wiki.js's config.yml). Other keys need a key's shape there, so
/// prose such as "Invalid token: jwt expired" keeps its words.
const PLAIN_SECRET_KEYS: &[&str] = &["secret", "password", "passwd", "pass"];

/// The login code of a callback URL (`?code=…`): only after `=`, only as long as Keycloak's
/// codes are, and not an error code (`code=CERT_HAS_EXPIRED` in a logfmt line).
const LOGIN_CODE_KEY: &str = "code";
const LOGIN_CODE_MIN_LEN: usize = 16;

/// `text` with every secret-shaped value replaced by [`MASK`]; keys stay, so a rule still
/// reads `client_secret=•••`. Linear in the text. The troubleshooter runs it on the text as
/// pasted (where a Basic credential's `+` is still itself) and again once it is decoded
/// (where an escaped or URL-encoded key reads as one).
pub fn masked(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    // The end of the last word read for a JWT and found not to be one: no part of it is.
    let mut not_jwt_until = 0;
    let mut i = 0;
    while i < bytes.len() {
        let value = match bytes[i] {
            b':' if text[i..].starts_with("://") => url_password(text, i),
            b'=' | b':' => value_after_key(text, i),
            b'-' if starts_word(text, i) => value_after_flag(text, i),
            b'B' | b'b' if starts_word(text, i) => bearer_token(text, i),
            b'e' if i >= not_jwt_until && starts_word(text, i) && text[i..].starts_with("eyJ") => {
                let end = word_end(text, i);
                match is_jwt(&text[i..end]) {
                    true => Some((i, end)),
                    false => {
                        not_jwt_until = end;
                        None
                    }
                }
            }
            _ => None,
        };
        match value {
            Some((start, end)) if end > start => {
                out.push_str(&text[copied..start]);
                out.push_str(MASK);
                copied = end;
                i = end;
            }
            _ => i += 1,
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// The value after the separator at `at` when the key before it names a secret:
/// `key=value`, `"key": "value"`, `KEY: value`, `Authorization: Basic …` (the scheme stays,
/// the credential goes). A quoted value ends at its closing quote, so a secret with spaces
/// goes whole; an empty one masks nothing after it.
fn value_after_key(text: &str, at: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let colon = bytes[at] == b':';
    let mut key_end = at;
    while key_end > 0 && bytes[key_end - 1] == b' ' {
        key_end -= 1;
    }
    let quoted_key = key_end > 0 && matches!(bytes[key_end - 1], b'"' | b'\'');
    key_end -= usize::from(quoted_key);
    let key_start = text[..key_end]
        .bytes()
        .rposition(|b| !is_key_byte(b))
        .map_or(0, |p| p + 1);
    let key = &text[key_start..key_end];
    let lower = key.to_ascii_lowercase();
    let authorization = lower.ends_with("authorization");
    let login_code = lower == LOGIN_CODE_KEY && !colon;
    let secret_key = lower == "pass" || SECRET_KEY_ENDINGS.iter().any(|e| lower.ends_with(e));
    if !(authorization || login_code || secret_key) {
        return None;
    }
    let mut start = at + 1;
    if colon {
        while bytes.get(start) == Some(&b' ') {
            start += 1;
        }
    }
    let quote = bytes
        .get(start)
        .copied()
        .filter(|b| matches!(b, b'"' | b'\''));
    let (start, end) = match quote {
        Some(q) => {
            let from = start + 1;
            let end = text[from..].bytes().position(|b| b == q);
            (from, end.map_or_else(|| word_end(text, from), |p| from + p))
        }
        None => (start, word_end(text, start)),
    };
    let plain_word = !quoted_key && quote.is_none() && !looks_like_a_key(key);
    if colon && plain_word && !authorization && !PLAIN_SECRET_KEYS.contains(&lower.as_str()) {
        return None;
    }
    if authorization {
        return Some(authorization_credential(text, start, end, quote.is_some()));
    }
    let value = &text[start..end];
    let error_code = value
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    if login_code && (value.len() < LOGIN_CODE_MIN_LEN || error_code) {
        return None;
    }
    Some((start, end))
}

/// Of an `Authorization` value between `start` and `end`, the credential after a `Basic` or
/// `Bearer` scheme (to the closing quote, or to the end of its base64), else all of it.
fn authorization_credential(text: &str, start: usize, end: usize, quoted: bool) -> (usize, usize) {
    let scheme = text[start..end].to_ascii_lowercase();
    if !matches!(scheme.as_str(), "basic" | "bearer") && !quoted {
        return (start, end);
    }
    let Some(space) = text[start..end]
        .find(' ')
        .map(|p| start + p)
        .or_else(|| (!quoted).then_some(end))
    else {
        return (start, end);
    };
    let credential = space + 1;
    if credential >= text.len() {
        return (start, end);
    }
    match quoted {
        true => (credential, end),
        false => (credential, token_end(text, credential)),
    }
}

/// The value after a command-line flag that names a secret, given as the next word:
/// `--db-password hunter2`, `--client-secret s3cr3t`, and the password of `-u`/`--user
/// wiki:s3cr3t` (curl's user and password). `--password=…` is a key's value.
fn value_after_flag(text: &str, at: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let flag_end = text[at..]
        .bytes()
        .position(|b| !is_key_byte(b))
        .map_or(text.len(), |p| at + p);
    if bytes.get(flag_end) != Some(&b' ') {
        return None;
    }
    let flag = text[at..flag_end].to_ascii_lowercase();
    let next = flag_end + 1;
    let end = word_end(text, next);
    if flag == "-u" || flag == "--user" {
        let colon = text[next..end].find(':')?;
        return Some((next + colon + 1, end));
    }
    let names_secret =
        flag.starts_with("--") && SECRET_KEY_ENDINGS.iter().any(|e| flag.ends_with(e));
    names_secret.then_some((next, end))
}

/// The password of a URL's user information (`https://user:password@host`), the `:` of
/// `://` at `at`.
fn url_password(text: &str, at: usize) -> Option<(usize, usize)> {
    let from = at + "://".len();
    let authority_end = text[from..]
        .bytes()
        .position(|b| {
            matches!(b, b'/' | b'?' | b'#') || b.is_ascii_whitespace() || b == b'"' || b == b'\''
        })
        .map_or(text.len(), |p| from + p);
    let authority = &text[from..authority_end];
    let at_sign = from + authority.rfind('@')?;
    let colon = from + text[from..at_sign].find(':')?;
    Some((colon + 1, at_sign))
}

/// The token after a `Bearer ` anywhere (a header pasted without its name). A token is
/// long and has no `=` but its padding, so prose ("a bearer token") and a
/// `WWW-Authenticate: Bearer error=…` challenge keep their words.
fn bearer_token(text: &str, at: usize) -> Option<(usize, usize)> {
    let word = text.get(at..at + "bearer ".len())?;
    if !word.eq_ignore_ascii_case("bearer ") {
        return None;
    }
    let start = at + word.len();
    let end = token_end(text, start);
    let token = &text[start..end];
    let unpadded = token.trim_end_matches('=');
    let long = token.len() >= 16;
    let letters_only = token.bytes().all(|b| b.is_ascii_lowercase());
    (long && !letters_only && !unpadded.contains('=')).then_some((start, end))
}

/// A word starting `eyJ…` is a JWT when it has its three parts.
fn is_jwt(word: &str) -> bool {
    word.len() >= 20 && word.bytes().filter(|&b| b == b'.').count() >= 2
}

/// Whether `key` has the shape of a key rather than a word of prose: `client_secret`,
/// `db-password`, `clientSecret`, `KC_DB_PASSWORD`, `TOKEN`.
fn looks_like_a_key(key: &str) -> bool {
    let camel = key
        .as_bytes()
        .windows(2)
        .any(|pair| pair[0].is_ascii_lowercase() && pair[1].is_ascii_uppercase());
    let upper = key.len() > 1 && !key.bytes().any(|b| b.is_ascii_lowercase());
    camel || upper || key.contains(['_', '-'])
}

fn starts_word(text: &str, at: usize) -> bool {
    at == 0 || !is_key_byte(text.as_bytes()[at - 1])
}

/// Where the value starting at `from` ends: at white space or a delimiter of the usual
/// wrappings (query strings, JSON, event lines, markup).
fn word_end(text: &str, from: usize) -> usize {
    text[from..]
        .bytes()
        .position(|b| {
            // A backslash too: in the text as pasted, `\"` opens a quoted value, which the
            // pass over the decoded text then reads whole.
            b.is_ascii_whitespace()
                || matches!(
                    b,
                    b'&' | b'"' | b'\'' | b',' | b';' | b'}' | b')' | b'<' | b'>' | b'\\'
                )
        })
        .map_or(text.len(), |p| from + p)
}

/// Where a base64 or base64url credential starting at `from` ends.
fn token_end(text: &str, from: usize) -> usize {
    text[from..]
        .bytes()
        .position(|b| {
            !(b.is_ascii_alphanumeric()
                || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_' | b'.' | b'~'))
        })
        .map_or(text.len(), |p| from + p)
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')
}
