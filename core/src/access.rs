//! Whether a new user can read pages, decided the way Wiki.js 2.5's `checkAccess`
//! (`server/core/auth.js`) decides it for that user: the permissions of all their groups
//! together, then every page rule of every group, the most specific winning.
//!
//! Specificity, as Wiki.js applies it rule by rule: a longer `path` wins; at equal length a
//! rule of a higher match type (EXACT > TAG > REGEX > END > START) is not overridden, and
//! a deny is not overridden by an allow of the same type. So a deny can cancel another
//! group's allow, and a permission from one group combines with a rule from another.

use crate::settings::GroupInfo;

const READ: &str = "read:pages";

/// The page a new user opens first: the home page in the default locale, untagged.
const HOME: &str = "home";
const DEFAULT_LOCALE: &str = "en";

/// Match types in Wiki.js's order of priority, lowest first.
const PRIORITY: [&str; 5] = ["START", "END", "REGEX", "TAG", "EXACT"];

fn priority(match_kind: &str) -> usize {
    PRIORITY.iter().position(|m| *m == match_kind).unwrap_or(0)
}

/// The winning rule so far (`checkState` in Wiki.js).
struct Winner<'a> {
    deny: bool,
    match_kind: &'a str,
    path_len: usize,
}

/// Whether a user in exactly these groups can read the home page in some locale the rules
/// name (or the default one). Regular expressions are not run: a `REGEX` rule counts as
/// matching only for the match-everything patterns (`.*`, `^.*$`, `.+`, `^`), so an unknown
/// pattern neither grants nor takes away reading.
pub fn can_read_pages(groups: &[&GroupInfo]) -> bool {
    let permissions = || groups.iter().flat_map(|g| g.permissions.iter());
    if permissions().any(|p| p == "manage:system") {
        return true;
    }
    if !permissions().any(|p| p == READ) {
        return false;
    }
    let mut locales: Vec<&str> = vec![DEFAULT_LOCALE];
    for rule in groups.iter().flat_map(|g| g.page_rules.iter()) {
        for locale in &rule.locales {
            if !locales.contains(&locale.as_str()) {
                locales.push(locale);
            }
        }
    }
    locales.iter().any(|locale| reads_home_in(groups, locale))
}

fn reads_home_in(groups: &[&GroupInfo], locale: &str) -> bool {
    let mut winner: Option<Winner> = None;
    for rule in groups.iter().flat_map(|g| g.page_rules.iter()) {
        let in_locale = rule.locales.is_empty() || rule.locales.iter().any(|l| l == locale);
        if !in_locale || !rule.roles.iter().any(|r| r == READ) || !matches_home(rule) {
            continue;
        }
        let path_len = rule.path.chars().count();
        let keeps_previous = winner.as_ref().is_some_and(|w| {
            path_len < w.path_len
                || (path_len == w.path_len
                    && (priority(w.match_kind) > priority(&rule.match_kind)
                        || (w.match_kind == rule.match_kind && w.deny && !rule.deny)))
        });
        if !keeps_previous {
            winner = Some(Winner {
                deny: rule.deny,
                match_kind: &rule.match_kind,
                path_len,
            });
        }
    }
    winner.is_some_and(|w| !w.deny)
}

fn matches_home(rule: &crate::settings::PageRule) -> bool {
    let path = rule.path.as_str();
    match rule.match_kind.as_str() {
        "START" => format!("/{HOME}").starts_with(&format!("/{path}")),
        "END" => HOME.ends_with(path),
        "EXACT" => path == HOME,
        "REGEX" => matches!(path, "" | ".*" | "^.*$" | ".+" | "^.+$" | "^"),
        _ => false, // TAG: the home page has no tags
    }
}
