//! Whether a new user can read pages, decided the way Wiki.js 2.5's `checkAccess`
//! (`server/core/auth.js`) decides it for that user: the permissions of all their groups
//! together, then every page rule of every group, the most specific winning.
//!
//! Specificity, as Wiki.js applies it rule by rule: a longer `path` wins; at equal length a
//! rule of a higher match type (EXACT > TAG > REGEX > END > START) is not overridden, and
//! a deny is not overridden by an allow of the same type. So a deny can cancel another
//! group's allow, and a permission from one group combines with a rule from another.

use crate::settings::GroupInfo;

/// The permission, and the page rules' role, that reading pages takes.
pub(crate) const READ: &str = "read:pages";

/// The page a new user opens first unless a group sends them elsewhere: the home page, in
/// the default locale, untagged.
const HOME: &str = "home";
const DEFAULT_LOCALE: &str = "en";

/// A page a new user may land on after signing in: where a group's Redirect on Login sends
/// them (Wiki.js's login callback takes the first of the user's groups with one that is not
/// `/`, in an order the database decides), else the home page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Landing {
    /// The page's path without its leading `/` (`home` for `/`).
    pub path: String,
    /// A locale the address names (`/de/docs`), else any the rules name.
    pub locale: Option<String>,
    /// As the admin set it (`/docs/start`), for messages; `None` for the home page.
    pub redirect: Option<String>,
}

impl Landing {
    /// Every page these groups may land new users on: each distinct Redirect on Login (the
    /// database orders them), else the home page. `None` where one is not a wiki page this
    /// page can judge: a tag list (`/t/…`), an admin page, another site.
    pub fn all(groups: &[&GroupInfo]) -> Option<Vec<Landing>> {
        let mut landings: Vec<Landing> = Vec::new();
        for redirect in groups
            .iter()
            .filter_map(|g| g.redirect_on_login.as_deref())
            .filter(|r| !r.trim().is_empty() && r.trim() != "/")
        {
            let landing = Landing::page(redirect)?;
            if !landings.contains(&landing) {
                landings.push(landing);
            }
        }
        if landings.is_empty() {
            landings.push(Landing {
                path: HOME.to_owned(),
                locale: None,
                redirect: None,
            });
        }
        Some(landings)
    }

    /// A Redirect on Login read as Wiki.js reads a page's address (`parsePath`): a first
    /// segment such as `de` or `pt-BR` is the locale, empty and dot segments are dropped.
    fn page(redirect: &str) -> Option<Landing> {
        let trimmed = redirect.trim();
        let path = trimmed.split(['?', '#']).next().unwrap_or_default();
        if !path.starts_with('/') || path.starts_with("//") {
            return None; // another site (the field takes a URL too)
        }
        let mut segments: Vec<&str> = path
            .split('/')
            .filter(|s| !s.is_empty() && *s != "." && *s != "..")
            .collect();
        // `/t/…`, `/a/…`, `/p/…`, …: Wiki.js's own pages, not wiki pages.
        if segments.first().is_some_and(|s| s.len() == 1) {
            return None;
        }
        let locale = match segments.first() {
            Some(first) if is_locale(first) => Some(segments.remove(0).to_owned()),
            _ => None,
        };
        let path = segments.join("/");
        // A file's address (`/files/a.pdf`) is an asset, not a page.
        let extension = path
            .rsplit_once('/')
            .map_or(path.as_str(), |(_, last)| last);
        if extension
            .rsplit_once('.')
            .is_some_and(|(_, ext)| ext != "md" && ext != "html")
        {
            return None;
        }
        Some(Landing {
            path: if path.is_empty() {
                HOME.to_owned()
            } else {
                path
            },
            locale,
            redirect: Some(trimmed.to_owned()),
        })
    }
}

fn is_locale(segment: &str) -> bool {
    let b = segment.as_bytes();
    let letters = |s: &[u8]| s.iter().all(u8::is_ascii_alphabetic);
    match b.len() {
        2 => letters(b),
        5 => letters(&b[..2]) && b[2] == b'-' && letters(&b[3..]),
        _ => false,
    }
}

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

/// Whether a user in exactly these groups can read the pages they may land on ([`Landing`]);
/// `None` where a `REGEX` rule this page cannot run decides it, where those pages disagree,
/// or where a group's Redirect on Login is not a wiki page.
/// Regular expressions are not run: the match-everything patterns (`.*`, `^.*$`, `.+`, `^`)
/// and literal ones (`home`, `^home$`, `^docs`) are read; any other is taken once as
/// matching and once as not, and only an answer both agree on is given.
pub fn can_read_pages(groups: &[&GroupInfo]) -> Option<bool> {
    let permissions = || groups.iter().flat_map(|g| g.permissions.iter());
    if permissions().any(|p| p == "manage:system") {
        return Some(true);
    }
    if !permissions().any(|p| p == READ) {
        return Some(false);
    }
    // Every page they may land on agreeing, or unknown.
    let answers: Vec<Option<bool>> = Landing::all(groups)?
        .iter()
        .map(|landing| reads_landing(groups, landing))
        .collect();
    let first = *answers.first()?;
    answers
        .iter()
        .all(|a| *a == first)
        .then_some(first)
        .flatten()
}

/// Whether these groups read `landing` in some locale the rules name (or the default one, or
/// the one its address names); `None` where a regular expression decides it.
fn reads_landing(groups: &[&GroupInfo], landing: &Landing) -> Option<bool> {
    let mut locales: Vec<&str> = match &landing.locale {
        Some(locale) => vec![locale],
        None => vec![DEFAULT_LOCALE],
    };
    for rule in groups.iter().flat_map(|g| g.page_rules.iter()) {
        for locale in rule.locales.iter().filter(|_| landing.locale.is_none()) {
            if !locales.contains(&locale.as_str()) {
                locales.push(locale);
            }
        }
    }
    let mut undecided = false;
    for locale in locales {
        // An allow that matches more, or a deny that matches less, never takes reading
        // away: unknown patterns taken against reading, then for it, bound the answer.
        if reads_in(groups, &landing.path, locale, false) {
            return Some(true);
        }
        undecided |= reads_in(groups, &landing.path, locale, true);
    }
    (!undecided).then_some(false)
}

/// Whether these groups can read a page one of their allowing `START` or `EXACT` rules
/// names (in that rule's first locale), under all their rules: a deny at the root cancels
/// every allow shorter than its path, whichever group holds it.
pub fn reads_a_named_page(groups: &[&GroupInfo]) -> bool {
    groups.iter().flat_map(|g| &g.page_rules).any(|rule| {
        let locale = rule.locales.first().map_or(DEFAULT_LOCALE, String::as_str);
        !rule.deny
            && rule.roles.iter().any(|r| r == READ)
            && matches!(rule.match_kind.as_str(), "START" | "EXACT")
            && !rule.path.is_empty()
            && reads_in(groups, &rule.path, locale, false)
    })
}

/// Whether these groups' rules let a user read `page` (a path without its leading `/`) in
/// `locale`; a rule whose match is not known here (a `REGEX` this page cannot run, a `TAG`:
/// the page's tags are not read) counts as matching where it allows if `unknown_reads`,
/// where it denies if not.
fn reads_in(groups: &[&GroupInfo], page: &str, locale: &str, unknown_reads: bool) -> bool {
    let mut winner: Option<Winner> = None;
    for rule in groups.iter().flat_map(|g| g.page_rules.iter()) {
        let in_locale = rule.locales.is_empty() || rule.locales.iter().any(|l| l == locale);
        let matches = matches_page(rule, page).unwrap_or(rule.deny != unknown_reads);
        if !in_locale || !rule.roles.iter().any(|r| r == READ) || !matches {
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

/// Whether `rule` matches `page`; `None` for a regular expression this page cannot run.
fn matches_page(rule: &crate::settings::PageRule, page: &str) -> Option<bool> {
    let path = rule.path.as_str();
    Some(match rule.match_kind.as_str() {
        "START" => format!("/{page}").starts_with(&format!("/{path}")),
        "END" => page.ends_with(path),
        "EXACT" => path == page,
        "REGEX" => return regex_matches(path, page),
        // A page's tags are not read here: whether a tag rule matches is not known.
        "TAG" => return None,
        _ => false,
    })
}

/// `new RegExp(pattern).test(page)` for the patterns that need no regular-expression engine:
/// matching everything, or a literal, anchored or not. `None` for any other.
fn regex_matches(pattern: &str, page: &str) -> Option<bool> {
    if matches!(pattern, "" | "^" | "$" | ".*" | "^.*" | ".*$" | "^.*$") {
        return Some(true);
    }
    if matches!(pattern, ".+" | "^.+" | ".+$" | "^.+$") {
        return Some(!page.is_empty());
    }
    let from_start = pattern.strip_prefix('^');
    let body = from_start.unwrap_or(pattern);
    let to_end = body.strip_suffix('$');
    let literal = to_end.unwrap_or(body);
    if literal.chars().any(|c| "\\.^$|?*+()[]{}".contains(c)) {
        return None;
    }
    Some(match (from_start.is_some(), to_end.is_some()) {
        (true, true) => page == literal,
        (true, false) => page.starts_with(literal),
        (false, true) => page.ends_with(literal),
        (false, false) => page.contains(literal),
    })
}
