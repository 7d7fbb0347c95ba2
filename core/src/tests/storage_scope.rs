//! Kept per wiki: what earlier versions kept per `strategy` option moves to the wiki's scope.

use crate::storage_scope::{moved_key, scope};

#[test]
fn keys_kept_per_option_move_to_the_wikis_scope() {
    let e = "/graphql";
    #[rustfmt::skip]
    let cases: &[(&str, Option<&str>)] = &[
        ("wikijs-keycloak:draft:wiki|/graphql|kc-1", Some("wikijs-keycloak:draft:wiki|/graphql|*#kc-1")),
        ("wikijs-keycloak:new-strategy-key:wiki|/graphql|kc-1", Some("wikijs-keycloak:new-strategy-key:wiki|/graphql|*")),
        ("wikijs-keycloak:keycloak-facts:wiki|/graphql|kc-1:kc-2", Some("wikijs-keycloak:keycloak-facts:wiki|/graphql|*:kc-2")),
        ("wikijs-keycloak:callback:wiki|/graphql|kc-1:new-1", Some("wikijs-keycloak:callback:wiki|/graphql|*:new-1")),
        // Already the wiki's scope, another wiki, the demo, a draft of today's form, others.
        ("wikijs-keycloak:draft:wiki|/graphql|*", None),
        ("wikijs-keycloak:draft:wiki|/graphql|*#kc-1", None),
        ("wikijs-keycloak:keycloak-facts:wiki|/graphql|*:kc-1", None),
        ("wikijs-keycloak:draft:wiki|/other|kc-1", None),
        ("wikijs-keycloak:draft:wiki|/graphql/x|kc-1", None),
        ("wikijs-keycloak:draft:demo", None),
        ("wikijs-keycloak:keycloak-facts:wiki|/graphql|kc-1", None),
        ("something-else:draft:wiki|/graphql|kc-1", None),
    ];
    for (key, moved) in cases {
        assert_eq!(moved_key(key, e).as_deref(), *moved, "{key}");
    }
    assert_eq!(scope(e), "wiki|/graphql|*");
}
