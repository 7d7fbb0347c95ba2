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
    let cases: [(&str, Vec<GroupInfo>, Option<bool>); 28] = [
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
        ("a tag allow alone: whether the home page carries the tag is not read", vec![group(read, &[(false, "TAG", "public", R, NONE)])], U),
        ("a tag deny over a root allow", vec![group(read, &[ALLOW_ROOT, (true, "TAG", "internal", R, NONE)])], U),
        ("a tag deny outweighed by a longer allow", vec![group(read, &[(true, "TAG", "x", R, NONE), (false, "START", "home", R, NONE)])], Y),
        ("a regex allow this page cannot run, without read:pages", vec![group(NONE, &[(false, "REGEX", "^(?!admin).*", R, NONE)])], N),
    ];
    for (name, groups, expected) in cases {
        let refs: Vec<&GroupInfo> = groups.iter().collect();
        assert_eq!(can_read_pages(&refs), expected, "{name}");
    }
}

/// Where a new user may land: each distinct Redirect on Login that is not `/` (Wiki.js takes
/// the first of the user's groups in an order the database decides), its locale read from a
/// first segment such as `de` or `pt-BR`, as Wiki.js reads a page's address; none for what is
/// not a wiki page.
#[test]
#[rustfmt::skip]
fn new_users_land_where_their_groups_send_them() {
    // Each group's Redirect on Login, in order; each page and locale landed on, or none.
    type Case = (&'static [Option<&'static str>], Option<&'static [(&'static str, Option<&'static str>)]>);
    let cases: &[Case] = &[
        (&[None], Some(&[("home", None)])),
        (&[Some("/")], Some(&[("home", None)])),
        (&[Some("/"), Some("/docs/start")], Some(&[("docs/start", None)])),
        (&[Some("/handbook/"), Some("/docs")], Some(&[("handbook", None), ("docs", None)])),
        (&[Some("/docs"), Some("/docs")], Some(&[("docs", None)])),
        (&[Some("/de/handbuch")], Some(&[("handbuch", Some("de"))])),
        (&[Some("/de")], Some(&[("home", Some("de"))])),
        (&[Some("/pt-BR/x")], Some(&[("x", Some("pt-BR"))])),
        (&[Some("/abc/x")], Some(&[("abc/x", None)])),
        (&[Some("/docs//./x?tab=1#top")], Some(&[("docs/x", None)])),
        (&[Some("/guide.md")], Some(&[("guide.md", None)])),
        (&[Some("  ")], Some(&[("home", None)])),
        // Not a wiki page: a tag list, an admin page, another site, a file.
        (&[Some("/t/howto")], None),
        (&[Some("/a/users")], None),
        (&[Some("https://intranet.example.com/start")], None),
        (&[Some("//intranet.example.com/start")], None),
        (&[Some("/files/handbook.pdf")], None),
    ];
    for (redirects, expected) in cases {
        let groups: Vec<GroupInfo> = redirects.iter().map(|r| GroupInfo { redirect_on_login: r.map(str::to_owned), ..group(R, &[]) }).collect();
        let refs: Vec<&GroupInfo> = groups.iter().collect();
        let landed = Landing::all(&refs).map(|all| all.iter().map(|l| (l.path.clone(), l.locale.clone())).collect::<Vec<_>>());
        let expected = expected.map(|e| e.iter().map(|(p, l)| (p.to_string(), l.map(str::to_owned))).collect::<Vec<_>>());
        assert_eq!(landed, expected, "{redirects:?}");
    }
}

/// The pages new users may land on are read together: all readable, none, or unknown.
#[test]
#[rustfmt::skip]
fn every_page_new_users_may_land_on_is_read() {
    let docs_only: Rule = (false, "START", "docs", R, NONE);
    let with = |redirects: &[&str]| -> Vec<GroupInfo> {
        redirects.iter().map(|r| GroupInfo { redirect_on_login: Some((*r).to_owned()), ..group(R, &[docs_only]) }).collect()
    };
    let cases: &[(&str, Vec<GroupInfo>, Option<bool>)] = &[
        ("landing on a page it reads", with(&["/docs/start"]), Some(true)),
        ("landing on the home page it does not read", with(&["/"]), Some(false)),
        ("two landings, neither readable", with(&["/handbook", "/intro"]), Some(false)),
        ("two landings, both readable", with(&["/docs/a", "/docs/b"]), Some(true)),
        ("two landings that disagree: the database's order decides", with(&["/docs/a", "/handbook"]), None),
        ("a tag list", with(&["/t/howto"]), None),
    ];
    for (name, groups, expected) in cases {
        let refs: Vec<&GroupInfo> = groups.iter().collect();
        assert_eq!(can_read_pages(&refs), *expected, "{name}");
    }
}
