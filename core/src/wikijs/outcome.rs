//! How a save ended, in the words the page shows: worded here once, so the page, the
//! widget's events and the tests say the same thing. The shell only picks the variant.

use super::changes::{BypassResult, Changes};

/// The end of a save, or of a later check of one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveOutcome<'a> {
    /// Posted and read back; `mismatches` names every value Wiki.js stored otherwise.
    /// `changes` is what the save was to change; `bypass`, what became of "Bypass Login
    /// Screen" when it was to change.
    ReadBack {
        changes: &'a Changes,
        mismatches: &'a [String],
        bypass: Option<&'a BypassResult>,
    },
    /// Posted, but the read-back failed (`error`, already redacted).
    Unread {
        changes: &'a Changes,
        error: &'a str,
        bypass: Option<&'a BypassResult>,
    },
    /// "Read the list again" after an unread save: `differences` from what was posted.
    Checked { differences: &'a [String] },
    /// That second read failed too.
    StillUnread { error: &'a str },
    /// Nothing was written (`error`, already redacted).
    NotSaved { error: &'a str },
    /// The post's answer was lost: whether it landed is settled by the retry's re-read.
    Unconfirmed { error: &'a str },
    /// Reloading after a conflict failed.
    ReloadFailed { error: &'a str },
}

impl SaveOutcome<'_> {
    /// Whether Wiki.js is known to hold exactly what was sent, "Bypass Login Screen"
    /// included.
    pub fn verified(&self) -> bool {
        match self {
            SaveOutcome::ReadBack {
                mismatches, bypass, ..
            } => mismatches.is_empty() && bypass.is_none_or(BypassResult::applied),
            SaveOutcome::Checked { differences } => differences.is_empty(),
            _ => false,
        }
    }

    /// One or two sentences for the admin (and one more on "Bypass Login Screen" when the
    /// save was to change it).
    pub fn message(&self) -> String {
        let with_bypass = |text: String, bypass: &Option<&BypassResult>| match bypass {
            Some(result) => format!("{text} {}", result.sentence()),
            None => text,
        };
        match self {
            SaveOutcome::ReadBack {
                changes,
                mismatches: [],
                bypass,
            } => with_bypass(
                format!("{}: Wiki.js stored exactly what was sent.", changes.saved()),
                bypass,
            ),
            SaveOutcome::ReadBack {
                changes,
                mismatches,
                bypass,
            } => with_bypass(
                format!(
                    "{}, but Wiki.js stored something else for: {}.",
                    changes.saved(),
                    mismatches.join("; ")
                ),
                bypass,
            ),
            SaveOutcome::Unread {
                changes,
                error,
                bypass,
            } => with_bypass(
                format!(
                    "{}: Wiki.js accepted it, but reading it back failed, so this page could not check what it stored: {error}",
                    changes.saved()
                ),
                bypass,
            ),
            SaveOutcome::Checked { differences: [] } => {
                "Saved, and checked: Wiki.js stored exactly what was sent.".to_owned()
            }
            SaveOutcome::Checked { differences } => format!(
                "Saved, but Wiki.js holds something else than was sent: {}",
                differences.join(" ")
            ),
            SaveOutcome::StillUnread { error } => format!(
                "Saved: Wiki.js accepted it, but reading it back failed again, so this page still could not check what it stored: {error}"
            ),
            SaveOutcome::NotSaved { error } => {
                format!("Not saved: {error} Your values are kept; try again.")
            }
            SaveOutcome::Unconfirmed { error } => (*error).to_owned(),
            SaveOutcome::ReloadFailed { error } => format!("Could not reload: {error}"),
        }
    }
}

/// What still stands after a save, counted as the page's summary counts it: stored is not
/// working, and "Saved" alone reads as done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StillToFix {
    pub form_warnings: usize,
    pub keycloak_side: usize,
    pub live_check: usize,
}

/// A saved outcome's message with what still stands said after it.
pub fn with_still_to_fix(message: String, still: StillToFix) -> String {
    match to_fix_list(still) {
        Some(list) => format!("{message} Still to fix: {list}."),
        None => message,
    }
}

/// What stands, each count named where it is listed ("1 warning in Findings, 2 on the
/// Keycloak side"): the save bar's words before a save and after one, so they add up to the
/// summary's counts. `None` when nothing stands.
pub fn to_fix_list(still: StillToFix) -> Option<String> {
    let mut parts = Vec::new();
    // Each where it is listed: the Keycloak side's and the live check's are not in Findings.
    match still.form_warnings {
        0 => {}
        1 => parts.push("1 warning in Findings".to_owned()),
        n => parts.push(format!("{n} warnings in Findings")),
    }
    if still.keycloak_side > 0 {
        parts.push(format!("{} on the Keycloak side", still.keycloak_side));
    }
    if still.live_check > 0 {
        parts.push(format!("{} from the live check", still.live_check));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Where what still stands after a save is listed first, for the way there beside the
/// outcome: the form's warnings in Findings; else the export check's own list, then the live
/// check's (Findings would only point on to them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StillListed {
    Findings,
    ExportCheck,
    LiveCheck,
}

impl StillToFix {
    pub fn listed(self) -> Option<StillListed> {
        match self {
            StillToFix {
                form_warnings: 1.., ..
            } => Some(StillListed::Findings),
            StillToFix {
                keycloak_side: 1.., ..
            } => Some(StillListed::ExportCheck),
            StillToFix {
                live_check: 1.., ..
            } => Some(StillListed::LiveCheck),
            _ => None,
        }
    }
}
