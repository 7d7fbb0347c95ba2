//! What the page keeps in the browser (drafts, the Keycloak facts, a new strategy's key, the
//! callback last shown) is kept per wiki, each thing per strategy within it: a link with or
//! without the page's `strategy` option opens the same. Earlier versions kept it per option
//! too; [`moved_key`] says where such a key now belongs.

use super::draft;

/// The scope of a wiki reached at `endpoint`. `*` is what a page opened without the
/// `strategy` option has always used, so what it kept is found as it was.
pub fn scope(endpoint: &str) -> String {
    format!("wiki|{endpoint}|*")
}

/// The kinds of key kept per scope, each with what follows the scope (`None`: nothing).
const FAMILIES: [(&str, Option<char>); 4] = [
    ("wikijs-keycloak:draft:", None),
    ("wikijs-keycloak:new-strategy-key:", None),
    ("wikijs-keycloak:keycloak-facts:", Some(':')),
    ("wikijs-keycloak:callback:", Some(':')),
];

/// Where `key`, kept by an earlier version for the page's `strategy` option on the wiki at
/// `endpoint`, belongs now; `None` for every other key. A draft of that option's one slot
/// becomes the draft of the option's strategy (the page offers a draft on whichever
/// strategy it edits, whatever its key says).
pub fn moved_key(key: &str, endpoint: &str) -> Option<String> {
    let old_scope_start = format!("wiki|{endpoint}|");
    let new_scope = scope(endpoint);
    FAMILIES.iter().find_map(|(family, then)| {
        let rest = key
            .strip_prefix(family)?
            .strip_prefix(old_scope_start.as_str())?;
        let (option, tail) = match then {
            None => (rest, ""),
            Some(separator) => rest.split_at(rest.find(*separator)?),
        };
        if option.is_empty() || option == "*" || option.contains(['#', '|', ':']) {
            return None;
        }
        Some(match (*family, tail) {
            ("wikijs-keycloak:draft:", _) => draft::storage_key(&new_scope, option),
            (_, tail) => format!("{family}{new_scope}{tail}"),
        })
    })
}
