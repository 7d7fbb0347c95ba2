//! Secret-shaped values in a pasted text, masked before any rule reads it: a log line or a
//! request the admin pastes often carries a client secret, a password or a token, and the
//! explanations quote the text back (an address, a URL, a client ID). The troubleshooter
//! never holds the form's secret itself, so values are recognised by their shape: what
//! follows a key that names a secret, an `Authorization` or `Bearer` credential, a JWT.

/// What a masked value becomes, as `Secret::redact` writes it.
pub const MASK: &str = "•••";

/// Keys (lower case) whose value is a credential, by how they end: `client_secret`,
/// `KC_DB_PASSWORD`, `access_token`, `"clientSecret"`, `client_assertion`.
const SECRET_KEY_ENDINGS: &[&str] = &["secret", "password", "passwd", "token", "assertion"];

/// The login code of a callback URL (`?code=…`): only after `=`, and only as long as
/// Keycloak's codes are, so `"code":"ECONNREFUSED"` in a Node error stays readable.
const LOGIN_CODE_KEY: &str = "code";
const LOGIN_CODE_MIN_LEN: usize = 16;

/// `text` with every secret-shaped value replaced by [`MASK`]; keys stay, so a rule still
/// reads `client_secret=•••`. Linear in the text.
pub fn masked(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    // The end of the last word read for a JWT and found not to be one: no part of it is.
    let mut not_jwt_until = 0;
    let mut i = 0;
    while i < bytes.len() {
        let value = match bytes[i] {
            b'=' | b':' => value_after_key(text, i),
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
            b'B' | b'b' => bearer_token(text, i),
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

/// The value after the separator at `at` when the key before it names a secret: `key=value`,
/// `"key": "value"` (a key before `:` must be quoted, so prose such as "Invalid token: …"
/// keeps its words), `Authorization: Basic …` (the scheme stays, the credential goes).
fn value_after_key(text: &str, at: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut key_end = at;
    while key_end > 0 && bytes[key_end - 1] == b' ' {
        key_end -= 1;
    }
    let quoted = key_end > 0 && matches!(bytes[key_end - 1], b'"' | b'\'');
    if quoted {
        key_end -= 1;
    }
    let key_start = text[..key_end]
        .bytes()
        .rposition(|b| !is_key_byte(b))
        .map_or(0, |p| p + 1);
    let key = text[key_start..key_end].to_ascii_lowercase();
    let authorization = key == "authorization";
    let login_code = key == LOGIN_CODE_KEY && bytes[at] == b'=';
    let names_secret = SECRET_KEY_ENDINGS.iter().any(|e| key.ends_with(e));
    if !(names_secret || authorization || login_code)
        || (bytes[at] == b':' && !quoted && !authorization)
    {
        return None;
    }
    let mut start = at + 1;
    while start < bytes.len() && matches!(bytes[start], b' ' | b'"' | b'\'') {
        start += 1;
    }
    let end = word_end(text, start);
    let scheme = text[start..end].to_ascii_lowercase();
    if authorization && matches!(scheme.as_str(), "basic" | "bearer") {
        let credential = end + 1;
        return (credential < bytes.len()).then(|| (credential, word_end(text, credential)));
    }
    (!login_code || end - start >= LOGIN_CODE_MIN_LEN).then_some((start, end))
}

/// The token after a `Bearer ` anywhere (a header pasted without its name).
fn bearer_token(text: &str, at: usize) -> Option<(usize, usize)> {
    let word = text.get(at..at + "bearer ".len())?;
    if !starts_word(text, at) || !word.eq_ignore_ascii_case("bearer ") {
        return None;
    }
    let start = at + word.len();
    let end = word_end(text, start);
    (end - start >= 8).then_some((start, end))
}

/// A word starting `eyJ…` is a JWT when it has its three parts.
fn is_jwt(word: &str) -> bool {
    word.len() >= 20 && word.bytes().filter(|&b| b == b'.').count() >= 2
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
            b.is_ascii_whitespace()
                || matches!(
                    b,
                    b'&' | b'"' | b'\'' | b',' | b';' | b'}' | b')' | b'<' | b'>'
                )
        })
        .map_or(text.len(), |p| from + p)
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')
}
