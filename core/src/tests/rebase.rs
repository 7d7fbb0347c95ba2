//! After a conflict, the form on the wiki's newer read: the admin's edits stay, the rest
//! takes what the wiki holds now.

use crate::rebase::rebase;
use crate::samples::clean_settings;
use crate::secret::Secret;
use crate::settings::Settings;

use super::{edited_from, Edit};

fn edited(edit: Edit) -> Settings {
    edited_from(clean_settings(), edit)
}

#[test]
fn edits_stay_and_the_rest_follows_the_wiki() {
    #[rustfmt::skip]
    let cases: &[(&str, Edit, Edit, Edit)] = &[
        // (case, the admin's edit, the other change in the wiki, what the form then holds)
        ("a rotated secret is taken", |_| {}, |s| s.client_secret = Secret::new("rotated"), |s| s.client_secret = Secret::new("rotated")),
        ("a new position is taken", |_| {}, |s| s.order = 3, |s| s.order = 3),
        ("another display name is taken", |_| {}, |s| s.display_name = "SSO".into(), |s| s.display_name = "SSO".into()),
        ("a changed override is taken", |_| {}, |s| s.overrides.token = Some("https://t.example/token".into()), |s| s.overrides.token = Some("https://t.example/token".into())),
        ("the admin's realm stays", |s| s.realm = "staff".into(), |_| {}, |s| s.realm = "staff".into()),
        ("the admin's realm wins over the wiki's", |s| s.realm = "staff".into(), |s| s.realm = "other".into(), |s| s.realm = "staff".into()),
        ("both, on different fields", |s| s.realm = "staff".into(), |s| s.client_secret = Secret::new("rotated"), |s| { s.realm = "staff".into(); s.client_secret = Secret::new("rotated") }),
        ("the admin's secret stays", |s| s.client_secret = Secret::new("typed"), |s| s.client_secret = Secret::new("rotated"), |s| s.client_secret = Secret::new("typed")),
        ("the admin's groups stay", |s| s.auto_enroll_groups = vec![3, 4], |s| s.auto_enroll_groups = vec![5], |s| s.auto_enroll_groups = vec![3, 4]),
    ];
    for (name, mine, theirs, expected) in cases {
        let old = clean_settings();
        let form = edited(*mine);
        let now = edited(*theirs);
        let rebased = rebase(&form, &old, &now);
        let expected = edited(*expected);
        assert_eq!(rebased, expected, "{name}");
        assert_eq!(
            rebased.client_secret.expose(),
            expected.client_secret.expose(),
            "{name}: secret"
        );
    }
}

#[test]
fn the_strategy_key_is_the_forms() {
    let form = clean_settings();
    let now = Settings {
        strategy_key: "other".into(),
        ..clean_settings()
    };
    assert_eq!(rebase(&form, &form, &now).strategy_key, form.strategy_key);
}
