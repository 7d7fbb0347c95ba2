//! Reading pages as Wiki.js's `checkAccess` decides it for a user in several groups.

use crate::access::can_read_pages;
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
    let cases: [(&str, Vec<GroupInfo>, bool); 16] = [
        ("permission and an allowing root rule", vec![group(read, &[ALLOW_ROOT])], true),
        ("no permission", vec![group(&["write:pages"], &[ALLOW_ROOT])], false),
        ("no rule", vec![group(read, &[])], false),
        ("only a deny", vec![group(read, &[DENY_ROOT])], false),
        ("allow then deny at the root, one group", vec![group(read, &[ALLOW_ROOT, DENY_ROOT])], false),
        ("deny then allow at the root, one group", vec![group(read, &[DENY_ROOT, ALLOW_ROOT])], false),
        ("a deny in one group cancels another's allow", vec![group(read, &[ALLOW_ROOT]), group(NONE, &[DENY_ROOT])], false),
        ("either order of the groups", vec![group(NONE, &[DENY_ROOT]), group(read, &[ALLOW_ROOT])], false),
        ("a permission from one group, a rule from another", vec![group(read, &[]), group(NONE, &[ALLOW_ROOT])], true),
        ("a longer allowing path beats a root deny", vec![group(read, &[DENY_ROOT, (false, "START", "ho", R, NONE)])], true),
        ("an exact allow beats a start deny of the same length", vec![group(read, &[(true, "START", "home", R, NONE), (false, "EXACT", "home", R, NONE)])], true),
        ("a rule for another role does not count", vec![group(read, &[(false, "START", "", &["write:pages"], NONE)])], false),
        ("a deny for another locale leaves the default one", vec![group(read, &[ALLOW_ROOT, (true, "START", "", R, &["de"])])], true),
        ("an allow for one locale only still reads there", vec![group(read, &[(false, "START", "", R, &["de"])])], true),
        ("manage:system reads everything", vec![group(&["manage:system"], &[DENY_ROOT])], true),
        ("a match-all regex allows", vec![group(read, &[(false, "REGEX", ".*", R, NONE)])], true),
    ];
    for (name, groups, expected) in cases {
        let refs: Vec<&GroupInfo> = groups.iter().collect();
        assert_eq!(can_read_pages(&refs), expected, "{name}");
    }
}
