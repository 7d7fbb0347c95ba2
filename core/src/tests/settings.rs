//! What the form holds, as the page reads it.

use super::{edited_from, Edit};
use crate::secret::Secret;
use crate::settings::Settings;

#[test]
#[rustfmt::skip]
fn a_form_is_blank_until_a_value_a_load_fills_or_an_admin_types_first_is_there() {
    let cases: [(&str, Edit, bool); 9] = [
        ("as the page starts", |_| {}, true),
        ("a preset's choice alone", |s| { s.logout_legacy_redirect = true; s.strategy_key = "3b241101".into() }, true),
        ("groups and domains alone", |s| { s.auto_enroll_groups = vec![1]; s.domain_whitelist = vec!["example.com".into()] }, true),
        ("Host", |s| s.host = "https://kc.example.com".into(), false),
        ("Realm", |s| s.realm = "wiki".into(), false),
        ("Client ID", |s| s.client_id = "wikijs".into(), false),
        ("Client Secret", |s| s.client_secret = Secret::new("s3cret"), false),
        ("Site URL", |s| s.site_url = "https://wiki.example.com".into(), false),
        ("Internal base URL alone", |s| s.internal_base_url = "http://keycloak:8080".into(), true),
    ];
    for (what, edit, blank) in cases {
        assert_eq!(edited_from(Settings::default(), edit).is_blank(), blank, "{what}");
    }
}
