//! What a Wiki.js answer may look like before anything reads it: how large a body can be,
//! and what a `new-jwt` header must look like to replace the token. A hostile or broken
//! server (or a proxy in front of it) must end in a clear message, never in a page that
//! hangs on 10 MB or a token that signs every later request out.

use super::response::BackendError;

/// The largest answer read. Wiki.js's biggest answer here (the load: strategies, module
/// definitions, groups) is tens of KB even on a large wiki.
pub const MAX_ANSWER_BYTES: u64 = 2 * 1024 * 1024;

/// The longest token kept: the same token is Wiki.js's `jwt` cookie, which browsers cap at
/// 4 KB, so a longer one was never issued by Wiki.js.
pub const MAX_TOKEN_BYTES: usize = 4096;

/// `Some` error when a body of `bytes` is too large to be a Wiki.js answer (from the
/// `Content-Length` before reading, or the text's length after).
pub fn too_large(bytes: u64) -> Option<BackendError> {
    (bytes > MAX_ANSWER_BYTES).then_some(BackendError::TooLarge { bytes })
}

/// Whether a `new-jwt` header can be a token Wiki.js issued: three base64url segments, the
/// first two JSON objects (`eyJ…`, which is `{"` encoded), at most [`MAX_TOKEN_BYTES`].
/// Anything else is ignored and the token in use is kept, so later requests still sign in.
pub fn is_plausible_jwt(token: &str) -> bool {
    let base64url = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let parts: Vec<&str> = token.split('.').collect();
    token.len() <= MAX_TOKEN_BYTES
        && parts.len() == 3
        && parts.iter().all(|p| base64url(p))
        && parts[..2].iter().all(|p| p.starts_with("eyJ"))
}
