//! The save outcomes' wording and whether each counts as verified: what was saved, whether
//! Wiki.js stored it as sent, and what became of "Bypass Login Screen".

use crate::wikijs::changes::{BypassResult, Changes, ValueChange};
use crate::wikijs::outcome::{with_still_to_fix, SaveOutcome, StillListed, StillToFix};

fn said(outcome: SaveOutcome) -> (String, bool) {
    (outcome.message(), outcome.verified())
}

/// A save of strategy “SSO” changing its Realm (and "Bypass Login Screen" when `bypass`).
fn realm_changed(bypass: Option<bool>) -> Changes {
    Changes {
        strategy: "“SSO”".into(),
        position: 1,
        values: vec![ValueChange {
            label: "Realm".into(),
            from_to: Some(("“a”".into(), "“b”".into())),
        }],
        bypass,
        ..Changes::default()
    }
}

#[test]
#[rustfmt::skip]
fn every_outcome_says_what_happened_and_only_an_exact_read_back_is_verified() {
    let none: &[String] = &[];
    let two = ["Host".to_owned(), "Realm".to_owned()];
    let realm = realm_changed(None);
    let with_bypass = realm_changed(Some(true));
    let new = Changes { strategy: "“SSO”".into(), added: true, ..Changes::default() };
    let on = BypassResult::Set(true);
    let off = BypassResult::Set(false);
    let refused = BypassResult::Refused("this strategy is not active");
    let failed = BypassResult::Failed { on: true, error: "Forbidden.".into() };
    let cases: [(SaveOutcome, &str, bool); 15] = [
        (SaveOutcome::ReadBack { changes: &realm, mismatches: none, bypass: None }, "Saved “SSO” (Realm): Wiki.js stored exactly what was sent.", true),
        (SaveOutcome::ReadBack { changes: &new, mismatches: none, bypass: None }, "Saved the new strategy “SSO”: Wiki.js stored exactly what was sent.", true),
        (SaveOutcome::ReadBack { changes: &realm, mismatches: &two, bypass: None }, "Saved “SSO” (Realm), but Wiki.js stored something else for: Host; Realm.", false),
        (SaveOutcome::ReadBack { changes: &with_bypass, mismatches: none, bypass: Some(&on) }, "Saved “SSO” (Realm): Wiki.js stored exactly what was sent. Bypass Login Screen turned on.", true),
        (SaveOutcome::ReadBack { changes: &with_bypass, mismatches: none, bypass: Some(&off) }, "Saved “SSO” (Realm): Wiki.js stored exactly what was sent. Bypass Login Screen turned off.", true),
        (SaveOutcome::ReadBack { changes: &with_bypass, mismatches: none, bypass: Some(&refused) }, "Saved “SSO” (Realm): Wiki.js stored exactly what was sent. Bypass Login Screen was not turned on: this strategy is not active.", false),
        (SaveOutcome::ReadBack { changes: &with_bypass, mismatches: none, bypass: Some(&failed) }, "Saved “SSO” (Realm): Wiki.js stored exactly what was sent. Bypass Login Screen was not turned on: Forbidden.", false),
        (SaveOutcome::Unread { changes: &realm, error: "timeout.", bypass: None }, "Saved “SSO” (Realm): Wiki.js accepted it, but reading it back failed, so this page could not check what it stored: timeout.", false),
        (SaveOutcome::Unread { changes: &with_bypass, error: "timeout.", bypass: Some(&refused) }, "Saved “SSO” (Realm): Wiki.js accepted it, but reading it back failed, so this page could not check what it stored: timeout. Bypass Login Screen was not turned on: this strategy is not active.", false),
        (SaveOutcome::Checked { differences: none }, "Saved, and checked: Wiki.js stored exactly what was sent.", true),
        (SaveOutcome::Checked { differences: &two }, "Saved, but Wiki.js holds something else than was sent: Host Realm", false),
        (SaveOutcome::StillUnread { error: "500." }, "Saved: Wiki.js accepted it, but reading it back failed again, so this page still could not check what it stored: 500.", false),
        (SaveOutcome::NotSaved { error: "Forbidden." }, "Not saved: Forbidden. Your values are kept; try again.", false),
        (SaveOutcome::Unconfirmed { error: "The answer was lost." }, "The answer was lost.", false),
        (SaveOutcome::ReloadFailed { error: "offline." }, "Could not reload: offline.", false),
    ];
    for (outcome, message, verified) in cases {
        assert_eq!(said(outcome.clone()), (message.to_owned(), verified), "{outcome:?}");
    }
}

/// What a save leaves standing, said after its outcome, and the list the way beside it
/// leads to (the first that has them; Findings only where the form's warnings are).
#[test]
#[rustfmt::skip]
fn a_save_says_what_still_stands() {
    use StillListed::*;
    let saved = || "Saved “SSO”: Wiki.js stored exactly what was sent.".to_owned();
    let still = |form_warnings, keycloak_side, live_check| StillToFix { form_warnings, keycloak_side, live_check };
    let cases = [
        (still(0, 0, 0), "", None),
        (still(1, 0, 0), " Still to fix: 1 warning in Findings.", Some(Findings)),
        (still(3, 0, 0), " Still to fix: 3 warnings in Findings.", Some(Findings)),
        (still(0, 2, 0), " Still to fix: 2 on the Keycloak side.", Some(ExportCheck)),
        (still(0, 2, 1), " Still to fix: 2 on the Keycloak side, 1 from the live check.", Some(ExportCheck)),
        (still(0, 0, 1), " Still to fix: 1 from the live check.", Some(LiveCheck)),
        (still(1, 2, 1), " Still to fix: 1 warning in Findings, 2 on the Keycloak side, 1 from the live check.", Some(Findings)),
    ];
    for (still, said, listed) in cases {
        assert_eq!(with_still_to_fix(saved(), still), format!("{}{said}", saved()), "{still:?}");
        assert_eq!(still.listed(), listed, "{still:?}");
    }
}
