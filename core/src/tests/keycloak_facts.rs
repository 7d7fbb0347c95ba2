//! The Keycloak facts the admin gives: choices, and their round trip through storage.

use crate::keycloak_facts::{choice_of, KeycloakFacts, VERSION_CHOICES};

#[test]
fn every_version_falls_under_the_choice_that_stands_for_it() {
    for (i, (_, version)) in VERSION_CHOICES.iter().enumerate() {
        assert_eq!(choice_of(*version), i, "{version:?}");
    }
    let cases = [
        (Some(30), 1),
        (Some(20), 3),
        (Some(19), 3),
        (Some(18), 4),
        (Some(12), 6),
        (Some(0), 6),
    ];
    for (version, choice) in cases {
        assert_eq!(choice_of(version), choice, "{version:?}");
    }
}

#[test]
fn facts_round_trip_and_anything_else_reads_as_unknown() {
    let facts = KeycloakFacts {
        version: Some(24),
        issuer_pinned: true,
        private_ca: true,
    };
    assert_eq!(KeycloakFacts::decode(&facts.encode()), facts);
    // What a browser stored before the own-CA box still reads, the box unticked.
    assert_eq!(
        KeycloakFacts::decode(r#"{"version":24,"issuerPinned":true}"#),
        KeycloakFacts {
            version: Some(24),
            issuer_pinned: true,
            private_ca: false,
        }
    );
    for junk in ["", "{", "[]", r#"{"version":-1}"#, r#"{"version":"x"}"#] {
        assert_eq!(
            KeycloakFacts::decode(junk),
            KeycloakFacts::default(),
            "{junk}"
        );
    }
}
