//! Findings as flat strings: every fix a part's finding offers crosses unchanged.

use crate::diagnostics::fix::EndpointOverride;
use crate::diagnostics::wire::{flatten, unflatten, WIDTH};
use crate::diagnostics::{Code, Diagnostic, FixAction};
use crate::settings::{Endpoint, Field, LayoutChoice};

fn finding(action: FixAction) -> Diagnostic {
    Diagnostic::new(Code::LiveEndpointDiffers, &[Field::TokenUrl, Field::Host])
        .detail("Keycloak advertises one URL; this will save another.")
        .action(action)
}

/// What comes back of one finding with `action`.
fn crossed(action: FixAction) -> Option<FixAction> {
    let flat = flatten(&[finding(action)]);
    assert_eq!(flat.len(), WIDTH);
    let back = unflatten(&flat);
    assert_eq!(back.len(), 1);
    back[0].action.clone()
}

fn adopt(
    host: Option<&str>,
    layout: Option<LayoutChoice>,
    overrides: &[(Endpoint, &str)],
) -> FixAction {
    FixAction::AdoptEndpoints {
        host: host.map(str::to_owned),
        layout,
        overrides: overrides
            .iter()
            .map(|(endpoint, url)| EndpointOverride {
                endpoint: *endpoint,
                url: (*url).to_owned(),
            })
            .collect(),
    }
}

#[rustfmt::skip]
#[test]
fn the_fixes_of_the_parts_findings_cross_unchanged() {
    let cases = [
        FixAction::SetText { field: Field::Host, value: "https://kc.example.com".into() },
        FixAction::SetText { field: Field::ClientSecret, value: String::new() },
        FixAction::SetLayout { layout: LayoutChoice::Legacy },
        FixAction::SetLayout { layout: LayoutChoice::Quarkus },
        FixAction::SetLayout { layout: LayoutChoice::Automatic },
        FixAction::ResetOverride { endpoint: Endpoint::UserInfo },
        adopt(Some("https://sso.example.com/auth"), Some(LayoutChoice::Legacy), &[]),
        adopt(None, None, &[(Endpoint::Token, "http://keycloak:8080/realms/wiki/protocol/openid-connect/token")]),
        adopt(Some("https://kc.example.com"), None, &[(Endpoint::Authorization, "https://a.example.com/x"), (Endpoint::Logout, "https://l.example.com/y?z=1")]),
        adopt(Some(""), Some(LayoutChoice::Quarkus), &[]),
        FixAction::SetText { field: Field::Layout, value: "legacy".into() },
        FixAction::SplitPastedUrl { host: "https://kc.example.com/auth".into(), realm: "wiki".into(), layout: LayoutChoice::Automatic, client_id: None },
        FixAction::SplitPastedUrl { host: "https://kc.example.com".into(), realm: String::new(), layout: LayoutChoice::Legacy, client_id: Some("wiki-js".into()) },
        FixAction::SplitPastedUrl { host: "https://kc.example.com".into(), realm: "wiki".into(), layout: LayoutChoice::Quarkus, client_id: Some(String::new()) },
    ];
    for action in cases {
        assert_eq!(crossed(action.clone()), Some(action));
    }
}

#[rustfmt::skip]
#[test]
fn a_separator_in_an_advertised_url_adds_or_cuts_no_override() {
    let injected = "https://kc.example.com/t\u{1f}authorization-url\u{1f}https://evil.example.com/a";
    assert_eq!(crossed(adopt(None, None, &[(Endpoint::Token, injected)])), None);
    assert_eq!(crossed(adopt(Some("https://kc\u{1f}legacy"), None, &[])), None);
    let split = |host: &str, realm: &str| FixAction::SplitPastedUrl { host: host.into(), realm: realm.into(), layout: LayoutChoice::Automatic, client_id: None };
    assert_eq!(crossed(split("https://kc\u{1f}legacy", "wiki")), None);
    assert_eq!(crossed(split("https://kc", "wiki\u{1f}x")), None);
    let with_client = FixAction::SplitPastedUrl { host: "https://kc".into(), realm: "wiki".into(), layout: LayoutChoice::Automatic, client_id: Some("a\u{1f}b".into()) };
    assert_eq!(crossed(with_client), None);
    let mut flat = flatten(&[finding(adopt(None, None, &[(Endpoint::Token, "https://kc.example.com/t")]))]);
    flat[6].push_str("\u{1f}authorization-url");
    assert_eq!(unflatten(&flat)[0].action, None, "an odd tail is refused, not dropped");
}

#[rustfmt::skip]
#[test]
fn other_fixes_do_not_cross_and_the_finding_still_does() {
    for action in [FixAction::MoveToTop, FixAction::Enable, FixAction::SetLegacyLogout { on: true }] {
        assert_eq!(crossed(action), None);
    }
    let plain = Diagnostic::new(Code::LiveOk, &[]);
    assert_eq!(unflatten(&flatten(std::slice::from_ref(&plain))), [plain]);
}
