//! The save outcomes' wording and whether each counts as verified.

use crate::wikijs::outcome::SaveOutcome;

fn said(outcome: SaveOutcome) -> (String, bool) {
    (outcome.message(), outcome.verified())
}

#[test]
#[rustfmt::skip]
fn every_outcome_says_what_happened_and_only_an_exact_read_back_is_verified() {
    let none: &[String] = &[];
    let two = ["Host".to_owned(), "Realm".to_owned()];
    let cases: [(SaveOutcome, &str, bool); 10] = [
        (SaveOutcome::ReadBack { mismatches: none }, "Saved. Wiki.js stored exactly what was sent.", true),
        (SaveOutcome::ReadBack { mismatches: &two }, "Saved, but Wiki.js stored something else for: Host; Realm.", false),
        (SaveOutcome::Unread { error: "timeout.", mismatches: none }, "Saved: Wiki.js accepted it, but reading it back failed, so this page could not check what it stored: timeout.", false),
        (SaveOutcome::Unread { error: "timeout.", mismatches: &two }, "Saved: Wiki.js accepted it, but reading it back failed, so this page could not check what it stored: timeout. Host Realm", false),
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
