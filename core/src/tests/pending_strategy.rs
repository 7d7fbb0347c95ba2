//! A new strategy keeps its key across reloads until it is saved.

use crate::pending_strategy::{changed_callback, reusable_key};

const KEY: &str = "2f1c1d0e-3b5a-4c7d-9e8f-0a1b2c3d4e5f";

#[test]
#[rustfmt::skip]
fn a_stored_key_is_reused_until_the_wiki_holds_it() {
    let cases: [(Option<&str>, &[&str], Option<&str>); 6] = [
        (Some(KEY), &[], Some(KEY)),
        (Some(KEY), &["local"], Some(KEY)),
        (Some(KEY), &["local", KEY], None),
        (Some("not-a-uuid"), &[], None),
        (Some(""), &[], None),
        (None, &[], None),
    ];
    for (stored, active, expected) in cases {
        assert_eq!(reusable_key(stored, active).as_deref(), expected, "{stored:?} {active:?}");
    }
}

#[test]
#[rustfmt::skip]
fn a_callback_that_differs_from_the_one_shown_before_is_named() {
    let a = "https://wiki.example.com/login/a/callback";
    let b = "https://wiki.example.com/login/b/callback";
    let cases: [(Option<&str>, &str, Option<&str>); 5] = [
        (Some(a), b, Some(a)),
        (Some(a), a, None),
        (None, b, None),
        (Some(""), b, None),
        (Some(a), "", None),
    ];
    for (before, now, expected) in cases {
        assert_eq!(changed_callback(before, now), expected, "{before:?} {now}");
    }
}
