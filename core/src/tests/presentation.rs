//! How findings are shown: headline and "why?", the note under a field, where "Go to" leads.

use crate::diagnose;

/// A change to the clean settings.
type Edit = fn(&mut Settings);
use crate::diagnostics::presentation::note_field;
use crate::diagnostics::{Code, Diagnostic, Target};
use crate::keycloak_client::ConsoleStep;
use crate::samples::{clean_context, clean_settings};
use crate::secret::Secret;
use crate::settings::{Context, Endpoint, Field, Settings};

fn split(d: &Diagnostic) -> (&str, Option<&str>) {
    (d.headline(), d.explanation())
}

#[test]
fn the_headline_is_the_specifics_and_the_catalogue_message_is_the_why() {
    let bare = Diagnostic::new(Code::MasterRealm, &[Field::Realm]);
    let detailed = Diagnostic::new(Code::MasterRealm, &[Field::Realm]).detail("Realm is master.");
    let cases: &[(&Diagnostic, (&str, Option<&str>))] = &[
        (&bare, (Code::MasterRealm.message(), None)),
        (
            &detailed,
            ("Realm is master.", Some(Code::MasterRealm.message())),
        ),
    ];
    for (d, expected) in cases {
        assert_eq!(split(d), *expected);
    }
}

#[test]
fn every_finding_of_a_broken_configuration_reads_back_whole() {
    // Headline and why together are the message: nothing is lost by folding.
    let mut settings = clean_settings();
    settings.host = "http://localhost:8080/auth".into();
    settings.realm = "master".into();
    for d in diagnose(&settings, &clean_context()) {
        let whole = match d.explanation() {
            Some(why) => format!("{} {why}", d.headline()),
            None => d.headline().to_owned(),
        };
        assert_eq!(whole, d.message, "{}", d.code.as_str());
        assert!(!d.headline().is_empty(), "{}", d.code.as_str());
    }
}

/// The form's findings shown under a field, and the live check's to fix (said under their
/// field too, far above the live check on a phone; not its refusal of an http Keycloak from
/// an https page, which the form's `mixed-content` says there).
#[test]
fn every_code_shown_under_a_field_has_a_short_note() {
    let live_to_fix = |c: &&Code| {
        c.is_live() && c.severity() != crate::Severity::Info && **c != Code::LiveMixedContent
    };
    for &code in Code::ALL
        .iter()
        .filter(|c| c.shows_under_field() || live_to_fix(c))
    {
        let note = code
            .field_note()
            .unwrap_or_else(|| panic!("{} has no note", code.as_str()));
        assert!(note.len() <= 48, "{}: {note:?} is not short", code.as_str());
        assert_ne!(note, code.message());
    }
}

#[test]
#[rustfmt::skip]
fn a_realm_that_only_looks_right_says_so_under_its_field() {
    let cases: [(&str, &str); 5] = [
        ("wiki ", "White space around the realm name."),
        (" wiki", "White space around the realm name."),
        ("wi/ki", "Not a possible realm name."),
        ("..", "Not a possible realm name."),
        ("wiki", ""),
    ];
    for (realm, note) in cases {
        let mut settings = clean_settings();
        settings.realm = realm.into();
        let said: Vec<String> = diagnose(&settings, &clean_context()).iter()
            .filter(|d| d.code == Code::RealmInvalid).map(|d| d.field_note().into_owned()).collect();
        assert_eq!(said.first().map_or("", String::as_str), note, "{realm:?}");
    }
}

#[test]
#[rustfmt::skip]
fn an_address_that_cannot_be_used_says_why_under_its_field() {
    let cases: [(Edit, Field, &str); 7] = [
        (|s| s.host = "https://sso.example.com ".into(), Field::Host, "Not usable: it starts or ends with white space."),
        (|s| s.host = "sso.example.com".into(), Field::Host, "Not usable: it does not start with https:// or http://."),
        (|s| s.host = "https://sso.example.com/?client_id=x".into(), Field::Host, "Not usable: it has a query string (?…)."),
        (|s| s.host = "ftp://sso.example.com".into(), Field::Host, "Not usable: it starts with ftp:, but only https:// or http:// can work."),
        (|s| s.host = "https://sso.example.com/auth/realms/acme#/x".into(), Field::Host, "A full URL: split it."),
        (|s| s.internal_base_url = "keycloak:8080".into(), Field::InternalBaseUrl, "Not usable: it does not start with https:// or http://."),
        (|s| s.host = "https://sso.example.com".into(), Field::Host, ""),
    ];
    for (edit, field, note) in cases {
        let mut settings = clean_settings();
        edit(&mut settings);
        let said: Vec<String> = diagnose(&settings, &clean_context()).iter()
            .filter(|d| matches!(d.code, Code::HostInvalid | Code::UrlInvalid) && d.fields.first() == Some(&field))
            .map(|d| d.field_note().into_owned()).collect();
        assert_eq!(said.first().map_or("", String::as_str), note, "{:?}", (&settings.host, &settings.internal_base_url));
    }
}

fn note_at(fields: &[Field], edit: Edit) -> Option<Field> {
    let mut settings = clean_settings();
    edit(&mut settings);
    note_field(
        &Diagnostic::new(Code::BackchannelLoopback, fields),
        &settings,
    )
}

#[test]
fn a_derived_value_s_note_goes_under_what_it_was_derived_from() {
    use crate::settings::LayoutChoice;
    let (token, auth) = (Field::TokenUrl, Field::AuthorizationUrl);
    let loopback = [token, Field::InternalBaseUrl, Field::Host];
    #[rustfmt::skip]
    let cases: &[(&[Field], Edit, Option<Field>)] = &[
        // Derived from Host: said under Host.
        (&loopback, |_| {}, Some(Field::Host)),
        (&[auth, Field::Host], |_| {}, Some(Field::Host)),
        // A server-side URL derived from the internal base URL: said there.
        (&loopback, |s| s.internal_base_url = "http://localhost:8080".into(), Some(Field::InternalBaseUrl)),
        // One that does not parse is not used: the URL still comes from Host.
        (&loopback, |s| s.internal_base_url = "  ".into(), Some(Field::Host)),
        (&loopback, |s| s.internal_base_url = "not a url".into(), Some(Field::Host)),
        // The browser's URL comes from Host whatever the internal base URL.
        (&[auth, Field::Host], |s| s.internal_base_url = "http://kc:8080".into(), Some(Field::Host)),
        // Overridden, the URL is what the admin typed.
        (&loopback, |s| *s.overrides.get_mut(Endpoint::Token) = Some("http://localhost/t".into()), Some(token)),
        // The layout left automatic is read from Host; chosen, it is the admin's.
        (&[Field::Layout, Field::Host], |_| {}, Some(Field::Host)),
        (&[Field::Layout, Field::Host], |s| s.layout = LayoutChoice::Legacy, Some(Field::Layout)),
        // Only where the finding points: not under Host when it does not name it.
        (&[token], |_| {}, Some(token)),
        (&[Field::Realm], |_| {}, Some(Field::Realm)),
        (&[], |_| {}, None),
    ];
    for (fields, edit, expected) in cases {
        assert_eq!(note_at(fields, *edit), *expected, "{fields:?}");
    }
}

fn go_to(code: Code, fields: &[Field], edit: Edit) -> Option<Target> {
    let mut settings = clean_settings();
    edit(&mut settings);
    Diagnostic::new(code, fields).go_to(&settings, &Context::default())
}

#[test]
fn targets_cross_as_text_and_back() {
    // A new target fails to compile here until it is listed below.
    let _every = |t: Target| match t {
        Target::Field(_)
        | Target::ProbeCommand
        | Target::KeycloakVersion
        | Target::IssuerPinned
        | Target::LiveCheck
        | Target::ConsoleStep(_) => (),
    };
    let targets = Field::ALL
        .into_iter()
        .map(Target::Field)
        .chain([
            Target::ProbeCommand,
            Target::KeycloakVersion,
            Target::IssuerPinned,
            Target::LiveCheck,
        ])
        .chain(ConsoleStep::ALL.map(Target::ConsoleStep));
    for target in targets {
        assert_eq!(Target::parse(target.id()), Some(target), "{}", target.id());
    }
    assert_eq!(Target::parse(""), None);
}

#[test]
fn go_to_leads_to_a_control_that_fixes_it() {
    let token = Field::TokenUrl;
    let loopback = [token, Field::InternalBaseUrl, Field::Host];
    let cases: &[(Code, &[Field], Edit, Option<Target>)] = &[
        (
            Code::MasterRealm,
            &[Field::Realm],
            |_| {},
            Some(Target::Field(Field::Realm)),
        ),
        // A derived URL is read-only: the next field that fixes it.
        (
            Code::BackchannelLoopback,
            &loopback,
            |_| {},
            Some(Target::Field(Field::InternalBaseUrl)),
        ),
        // Overridden, the URL itself is the control.
        (
            Code::BackchannelLoopback,
            &loopback,
            |s| *s.overrides.get_mut(Endpoint::Token) = Some("http://localhost/t".into()),
            Some(Target::Field(token)),
        ),
        (Code::EndpointPathUnusual, &[token], |_| {}, None),
        (
            Code::BackchannelProbe,
            &[],
            |_| {},
            Some(Target::ProbeCommand),
        ),
        (Code::RegisterRedirectUri, &[], |_| {}, None),
        // Pinning is done in Keycloak; the page is told with its box.
        (
            Code::SplitHostIssuer,
            &[Field::InternalBaseUrl, Field::Host],
            |_| {},
            Some(Target::IssuerPinned),
        ),
        // `/auth` with no layout switch offered: only the version settles it.
        (
            Code::LegacyPath,
            &[Field::Layout, Field::Host],
            |_| {},
            Some(Target::KeycloakVersion),
        ),
        // Fixed in Keycloak: the export box is not where.
        (Code::KcScopeMissing, &[Field::KeycloakExport], |_| {}, None),
        (
            Code::KcClientIdMismatch,
            &[Field::ClientId, Field::KeycloakExport],
            |_| {},
            Some(Target::Field(Field::ClientId)),
        ),
    ];
    for (code, fields, edit, expected) in cases {
        assert_eq!(go_to(*code, fields, *edit), *expected, "{}", code.as_str());
    }
}

#[test]
fn the_checklist_steps_are_the_always_on_reminders_minus_what_has_no_step() {
    let steps: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| c.is_checklist_step())
        .map(|c| c.as_str())
        .collect();
    assert_eq!(
        steps,
        [
            "register-redirect-uri",
            "register-post-logout-uri",
            "confidential-client",
            "client-scopes"
        ]
    );
}

fn report(fix: Edit) -> String {
    let before = clean_settings();
    let mut after = before.clone();
    fix(&mut after);
    let context = clean_context();
    crate::diagnostics::fix::fix_report(&before, &after, &context)
}

#[test]
fn a_fix_reports_what_it_changed() {
    let cases: &[(Edit, &str)] = &[
        (
            |s| s.internal_base_url = "http://keycloak:8080".into(),
            "Internal base URL (server-side calls) set to http://keycloak:8080.",
        ),
        (
            |s| s.logout_legacy_redirect = !s.logout_legacy_redirect,
            "Legacy Logout Redirect turned on.",
        ),
        (|s| s.realm.clear(), "Realm cleared."),
        (
            |s| *s.overrides.get_mut(Endpoint::Token) = Some("https://k/t".into()),
            "Token Endpoint URL set to https://k/t.",
        ),
        (
            |s| {
                s.host = "https://k".into();
                s.realm = "wiki2".into()
            },
            "Host set to https://k; Realm set to wiki2.",
        ),
        (
            |s| s.auto_enroll_groups.push(9),
            "Assign to group set to Readers, group 9.",
        ),
        (|s| s.auto_enroll_groups.clear(), "Assign to group cleared."),
        (
            |s| s.client_secret = Secret::new("trimmed"),
            "Client Secret changed.",
        ),
        (|_| {}, "Nothing needed changing."),
    ];
    for (fix, expected) in cases {
        assert_eq!(report(*fix), *expected);
    }
}

#[test]
fn the_list_names_every_empty_field_in_one_finding() {
    let mut settings = clean_settings();
    settings.host.clear();
    settings.client_id.clear();
    let list =
        crate::diagnostics::presentation::merge_repeats(&diagnose(&settings, &clean_context()));
    let required: Vec<&Diagnostic> = list.iter().filter(|d| d.code == Code::Required).collect();
    assert_eq!(required.len(), 1);
    assert_eq!(required[0].headline(), "Host and Client ID are empty.");
    assert_eq!(required[0].fix, "Fill in each of them.");
    assert_eq!(required[0].fields, [Field::Host, Field::ClientId]);
    // One empty field keeps its own wording.
    settings.client_id = "wiki".into();
    let list =
        crate::diagnostics::presentation::merge_repeats(&diagnose(&settings, &clean_context()));
    assert_eq!(
        list.iter()
            .find(|d| d.code == Code::Required)
            .map(|d| d.headline()),
        Some("Host is empty.")
    );
}

/// Findings that say the same of several URLs are one sentence naming them: of Host where
/// http is on every URL built from it, and with the token call's consequence for the server
/// calls at loopback (it comes first; where it fails, sign-in stops there). A URL the admin
/// overrode is its own card.
#[test]
fn the_same_said_of_several_urls_is_one_sentence() {
    #[rustfmt::skip]
    let authorization = |url| Some((Endpoint::Authorization, url));
    /// Host, an overridden URL, the code, what its cards say.
    type Case<'a> = (&'a str, Option<(Endpoint, &'a str)>, &'a str, &'a str);
    let cases: &[Case] = &[
        ("http://localhost:8080", None, "frontchannel-internal",
            "The Authorization Endpoint URL and the Logout Endpoint URL point at localhost, which is each user's own machine, while the wiki is on https://wiki.example.com."),
        ("http://sso.example.com", None, "insecure-http",
            "Host uses http on sso.example.com, and so do the Authorization, Token, User Info and Logout Endpoint URLs built from it."),
        ("http://sso.example.com:8080", None, "insecure-http",
            "Host uses http on sso.example.com, and so do the Authorization, Token, User Info and Logout Endpoint URLs built from it."),
        ("http://sso.example.com", authorization("http://sso.example.com/realms/wiki/protocol/openid-connect/auth"), "insecure-http",
            "The Authorization Endpoint URL uses http on sso.example.com. | Host uses http on sso.example.com, and so do the Token, User Info and Logout Endpoint URLs built from it."),
        ("http://localhost:8080", None, "backchannel-loopback",
            "The Token Endpoint URL and the User Info Endpoint URL point at localhost: the token call fails, and users see \"Failed to obtain access token\"."),
        // At two places: each said where it points.
        ("http://localhost:8080", Some((Endpoint::UserInfo, "http://127.0.0.1:8080/realms/wiki/protocol/openid-connect/userinfo")), "backchannel-loopback",
            "The Token Endpoint URL points at localhost: the token call fails, and users see \"Failed to obtain access token\". The User Info Endpoint URL points at 127.0.0.1: the userinfo call fails, and users see Wiki.js's error page with no message."),
    ];
    for (host, overridden, code, expected) in cases {
        let mut settings = clean_settings();
        settings.site_url = "https://wiki.example.com".into();
        settings.host = (*host).into();
        if let Some((endpoint, url)) = overridden {
            *settings.overrides.get_mut(*endpoint) = Some((*url).into());
        }
        let mut found = diagnose(&settings, &clean_context());
        crate::diagnostics::presentation::offer_each_fix_once(&mut found);
        let cards = crate::diagnostics::presentation::merge_repeats(&found);
        let said: Vec<&str> = cards
            .iter()
            .filter(|d| d.code.as_str() == *code)
            .map(|d| d.headline())
            .collect();
        assert_eq!(said.join(" | "), *expected, "{host} {overridden:?}");
    }
}

#[test]
fn a_one_click_fix_is_offered_once_on_the_most_severe_finding() {
    use crate::diagnostics::FixAction;
    let set = |field: Field, value: &str| FixAction::SetText {
        field,
        value: value.into(),
    };
    let mut list = vec![
        Diagnostic::new(Code::HostInvalid, &[Field::Host]).action(set(Field::Host, "https://k")),
        Diagnostic::new(Code::PastedFullUrl, &[Field::Host]).action(set(Field::Host, "https://k")),
        Diagnostic::new(Code::MasterRealm, &[Field::Realm]).action(set(Field::Realm, "wiki")),
    ];
    crate::diagnostics::presentation::offer_each_fix_once(&mut list);
    let offered: Vec<&str> = list
        .iter()
        .filter(|d| d.action.is_some())
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(offered, ["host-invalid", "master-realm"]);
}

/// The same fix found on each URL built from Host is one card, with its one button: not a
/// card with the button and another, split off, without it.
#[test]
fn one_fix_found_on_several_urls_is_one_card_with_its_button() {
    let mut settings = clean_settings();
    settings.host = "http://sso.example.com".into();
    let mut found = diagnose(&settings, &clean_context());
    crate::diagnostics::presentation::offer_each_fix_once(&mut found);
    let cards = crate::diagnostics::presentation::merge_repeats(&found);
    let http: Vec<&Diagnostic> = cards
        .iter()
        .filter(|d| d.code == Code::InsecureHttp)
        .collect();
    assert_eq!(http.len(), 1, "{http:?}");
    assert!(http[0].action.is_some());
    assert!(
        http[0].headline().starts_with("Host uses http"),
        "{}",
        http[0].headline()
    );
}

/// A pasted Keycloak URL is one finding with the split: the error while nothing derives from
/// it (the admin console's address), else the warning.
#[test]
fn a_pasted_keycloak_url_is_one_finding_with_the_split() {
    let with_split = |host: &str| {
        let settings = Settings {
            host: host.into(),
            ..clean_settings()
        };
        diagnose(&settings, &clean_context())
            .iter()
            .filter(|d| d.action.is_some())
            .map(|d| d.code.as_str())
            .collect::<Vec<_>>()
    };
    #[rustfmt::skip]
    let cases: &[(&str, &str, &[&str])] = &[
        ("the admin console's address", "https://sso.example.com/admin/master/console/#/wiki", &["host-invalid"]),
        ("a realm URL", "https://sso.example.com/realms/wiki", &["pasted-full-url"]),
    ];
    for (case, host, expected) in cases {
        assert_eq!(with_split(host), *expected, "{case}");
    }
}

#[test]
fn findings_that_differ_only_in_their_specifics_are_one_card() {
    let mut settings = clean_settings();
    settings.host = "http://localhost:8080".into();
    let all = diagnose(&settings, &clean_context());
    let loopback = |list: &[Diagnostic]| {
        list.iter()
            .filter(|d| d.code == Code::BackchannelLoopback)
            .count()
    };
    assert_eq!(loopback(&all), 2, "token and userinfo");
    let list = crate::diagnostics::presentation::merge_repeats(&all);
    assert_eq!(loopback(&list), 1);
    let card = list
        .iter()
        .find(|d| d.code == Code::BackchannelLoopback)
        .expect("one card");
    assert_eq!(card.fields[..2], [Field::TokenUrl, Field::InternalBaseUrl]);
    assert_eq!(
        card.explanation(),
        Some(Code::BackchannelLoopback.message())
    );
}

/// A pasted realm URL says what breaks in its headline, not behind "why?"; the admin
/// console's address, whose headline is where it came from, keeps the why.
#[test]
#[rustfmt::skip]
fn a_pasted_keycloak_url_says_what_breaks_at_once() {
    let cases: &[(&str, &str, bool)] = &[
        ("https://sso.example.com/realms/wiki", "Host ends in /realms/wiki, so every URL built from it would nest /realms/ twice.", false),
        ("https://sso.example.com/realms/wiki/account/", "Host ends in /realms/wiki/account/, so every URL built from it would nest /realms/ twice.", false),
        ("https://sso.example.com/admin/master/console/", "Host is the admin console's address, signed in to realm master.", true),
    ];
    for (host, headline, why) in cases {
        let settings = Settings { host: (*host).into(), ..clean_settings() };
        let found = diagnose(&settings, &clean_context());
        let d = found.iter().find(|d| d.code == Code::PastedFullUrl).unwrap_or_else(|| panic!("{host}"));
        assert_eq!(d.headline(), *headline);
        assert_eq!(d.explanation().is_some(), *why, "{host}");
    }
}
