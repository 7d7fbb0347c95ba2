//! Strategy keys for new strategies: a UUID v4, as Wiki.js's own admin page makes them.
//!
//! The core has no randomness (it does no I/O), so the shell passes 16 random bytes from
//! `crypto.getRandomValues`; this file only stamps the version and variant bits and formats.

/// Format 16 random bytes as a lower-case RFC 4122 version 4 UUID
/// (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`).
pub fn uuid_v4_from_bytes(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(HEX[(byte >> 4) as usize] as char);
        out.push(HEX[(byte & 0x0f) as usize] as char);
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Whether `s` has the 8-4-4-4-12 hex shape of a UUID (any version, either letter case).
///
/// Keys of strategies migrated from before 2.5 are not UUIDs (`keycloak`), so this is a
/// hint for the UI, never a reason to refuse a key.
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}
