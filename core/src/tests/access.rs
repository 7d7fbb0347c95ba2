//! Reading pages as Wiki.js's `checkAccess` decides it for a user in several groups.

use crate::access::{can_read_pages, Landing};
use crate::settings::{GroupInfo, PageRule};

/// A rule: (deny, match, path, roles, locales).
type Rule = (
    bool,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

fn group(permissions: &[&str], rules: &[Rule]) -> GroupInfo {
    GroupInfo {
        id: 9,
        name: "G".into(),
        permissions: permissions.iter().map(|p| p.to_string()).collect(),
        page_rules: rules
            .iter()
            .map(|(deny, kind, path, roles, locales)| PageRule {
                id: String::new(),
                deny: *deny,
                match_kind: (*kind).into(),
                roles: roles.iter().map(|r| r.to_string()).collect(),
                path: (*path).into(),
                locales: locales.iter().map(|l| l.to_string()).collect(),
            })
            .collect(),
        redirect_on_login: None,
    }
}

const R: &[&str] = &["read:pages"];
const NONE: &[&str] = &[];
const ALLOW_ROOT: Rule = (false, "START", "", R, NONE);
const DENY_ROOT: Rule = (true, "START", "", R, NONE);

#[test]
#[rustfmt::skip]
fn a_new_user_reads_pages_as_wiki_js_decides() {
    let read: &[&str] = &["read:pages"];
    const Y: Option<bool> = Some(true);
    const N: Option<bool> = Some(false);
    // Decided by a regular expression this page does not run.
    const U: Option<bool> = None;
    let cases: [(&str, Vec<GroupInfo>, Option<bool>); 25] = [
        ("permission and an allowing root rule", vec![group(read, &[ALLOW_ROOT])], Y),
        ("no permission", vec![group(&["write:pages"], &[ALLOW_ROOT])], N),
        ("no rule", vec![group(read, &[])], N),
        ("only a deny", vec![group(read, &[DENY_ROOT])], N),
        ("allow then deny at the root, one group", vec![group(read, &[ALLOW_ROOT, DENY_ROOT])], N),
        ("deny then allow at the root, one group", vec![group(read, &[DENY_ROOT, ALLOW_ROOT])], N),
        ("a deny in one group cancels another's allow", vec![group(read, &[ALLOW_ROOT]), group(NONE, &[DENY_ROOT])], N),
        ("either order of the groups", vec![group(NONE, &[DENY_ROOT]), group(read, &[ALLOW_ROOT])], N),
        ("a permission from one group, a rule from another", vec![group(read, &[]), group(NONE, &[ALLOW_ROOT])], Y),
        ("a longer allowing path beats a root deny", vec![group(read, &[DENY_ROOT, (false, "START", "ho", R, NONE)])], Y),
        ("an exact allow beats a start deny of the same length", vec![group(read, &[(true, "START", "home", R, NONE), (false, "EXACT", "home", R, NONE)])], Y),
        ("a rule for another role does not count", vec![group(read, &[(false, "START", "", &["write:pages"], NONE)])], N),
        ("a deny for another locale leaves the default one", vec![group(read, &[ALLOW_ROOT, (true, "START", "", R, &["de"])])], Y),
        ("an allow for one locale only still reads there", vec![group(read, &[(false, "START", "", R, &["de"])])], Y),
        ("manage:system reads everything", vec![group(&["manage:system"], &[DENY_ROOT])], Y),
        ("a match-all regex allows", vec![group(read, &[(false, "REGEX", ".*", R, NONE)])], Y),
        ("a match-all regex anchored at the start allows", vec![group(read, &[(false, "REGEX", "^.*", R, NONE)])], Y),
        ("a regex deny of the home page, anchored, beats a root allow", vec![group(read, &[ALLOW_ROOT, (true, "REGEX", "^home$", R, NONE)])], N),
        ("a regex deny of a literal inside the path", vec![group(read, &[ALLOW_ROOT, (true, "REGEX", "om", R, NONE)])], N),
        ("a regex deny of another page leaves the home page", vec![group(read, &[ALLOW_ROOT, (true, "REGEX", "^admin", R, NONE)])], Y),
        ("a regex allow of another page alone", vec![group(read, &[(false, "REGEX", "^docs/", R, NONE)])], N),
        ("a regex allow this page cannot run", vec![group(read, &[(false, "REGEX", "^(?!admin).*", R, NONE)])], U),
        ("a regex deny this page cannot run, over a root allow", vec![group(read, &[ALLOW_ROOT, (true, "REGEX", "^h[aeo]me", R, NONE)])], U),
        ("a regex this page cannot run, outweighed by a longer rule", vec![group(read, &[(true, "REGEX", "h.", R, NONE), (false, "EXACT", "home", R, NONE)])], Y),
        ("a regex allow this page cannot run, without read:pages", vec![group(NONE, &[(false, "REGEX", "^(?!admin).*", R, NONE)])], N),
    ];
    for (name, groups, expected) in cases {
        let refs: Vec<&GroupInfo> = groups.iter().collect();
        assert_eq!(can_read_pages(&refs), expected, "{name}");
    }
}

/// Where a new user lands: the first group's Redirect on Login that is not `/`, its locale
/// read from a first segment such as `de` or `pt-br`, as Wiki.js reads an address.
#[test]
#[rustfmt::skip]
fn new_users_land_where_their_first_group_sends_them() {
    // Each group's Redirect on Login, in order; the page and the locale landed on.
    type Case = (&'static [Option<&'static str>], &'static str, Option<&'static str>);
    let cases: &[Case] = &[
        (&[None], "home", None),
        (&[Some("/")], "home", None),
        (&[Some("/"), Some("/docs/start")], "docs/start", None),
        (&[Some("/handbook/"), Some("/docs")], "handbook", None),
        (&[Some("/de/handbuch")], "handbuch", Some("de")),
        (&[Some("/de")], "home", Some("de")),
        (&[Some("/pt-BR/x")], "x", Some("pt-br")),
        (&[Some("/abc/x")], "abc/x", None),
        (&[Some("  ")], "home", None),
    ];
    for (redirects, path, locale) in cases {
        let groups: Vec<GroupInfo> = redirects.iter().map(|r| GroupInfo { redirect_on_login: r.map(str::to_owned), ..group(R, &[]) }).collect();
        let refs: Vec<&GroupInfo> = groups.iter().collect();
        let landing = Landing::of(&refs);
        assert_eq!((landing.path.as_str(), landing.locale.as_deref()), (*path, *locale), "{redirects:?}");
    }
}
