//! How a save ended, in the words the page shows: worded here once, so the page, the
//! widget's events and the tests say the same thing. The shell only picks the variant.

/// The end of a save, or of a later check of one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveOutcome<'a> {
    /// Posted and read back; `mismatches` names every value Wiki.js stored otherwise.
    ReadBack { mismatches: &'a [String] },
    /// Posted, but the read-back failed (`error`, already redacted).
    Unread {
        error: &'a str,
        mismatches: &'a [String],
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
    /// Whether Wiki.js is known to hold exactly what was sent.
    pub fn verified(&self) -> bool {
        match self {
            SaveOutcome::ReadBack { mismatches } => mismatches.is_empty(),
            SaveOutcome::Checked { differences } => differences.is_empty(),
            _ => false,
        }
    }

    /// One or two sentences for the admin.
    pub fn message(&self) -> String {
        match self {
            SaveOutcome::ReadBack { mismatches: [] } => {
                "Saved. Wiki.js stored exactly what was sent.".to_owned()
            }
            SaveOutcome::ReadBack { mismatches } => format!(
                "Saved, but Wiki.js stored something else for: {}.",
                mismatches.join("; ")
            ),
            SaveOutcome::Unread { error, mismatches } => format!(
                "Saved: Wiki.js accepted it, but reading it back failed, so this page could not check what it stored: {error} {}",
                mismatches.join(" ")
            )
            .trim_end()
            .to_owned(),
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
