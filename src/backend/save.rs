//! The save: never overwrite someone else's change, never drop a strategy, and check that
//! Wiki.js stored what was sent.
//!
//! 1. Re-read the active strategies. If anything changed since the page loaded them, stop
//!    and say what, without posting (unless the change is exactly this save, landed by an
//!    earlier attempt whose answer was lost: then there is nothing left to post; or exactly
//!    what an earlier save of this page posted and could not read back: its own change).
//! 2. Merge this strategy into that list and refuse a list that would drop one.
//! 3. Post `updateStrategies`; a non-200 status, `errors[]` or `succeeded: false` fails.
//! 4. Read back and compare every strategy sent with what Wiki.js stored.
//! 5. Only when asked, set "Bypass Login Screen" (on only for an active strategy stored as
//!    sent), and report what became of it.

use wkc_core::diagnostics::Diagnostic;
use wkc_core::wikijs::changes::BypassResult;
use wkc_core::wikijs::plan::bypass_refusal;
use wkc_core::wikijs::queries::{AUTO_LOGIN_PATH, UPDATE_STRATEGIES_PATH};
use wkc_core::wikijs::{
    already_applied, auto_login_body, changed_since, check_not_dropping, decode_result, merge,
    stored_differently, update_strategies_body, ActiveStrategy, BackendError, StrategyInput,
};

use super::Backend;

/// What to save, and against what the page loaded.
#[derive(Clone, Debug)]
pub struct SaveRequest {
    /// The active strategies as the page loaded them (or last read them back).
    pub loaded: Vec<ActiveStrategy>,
    /// The list an earlier save of this page posted and Wiki.js accepted, but which could
    /// not be read back: when the wiki holds exactly that, it is this page's own change.
    pub unconfirmed: Option<Vec<StrategyInput>>,
    /// The Keycloak strategy to store (new or edited).
    pub strategy: StrategyInput,
    /// Put it first, where "Bypass Login Screen" looks.
    pub move_to_top: bool,
    /// Turn "Bypass Login Screen" on (`Some(true)`) or off (`Some(false)`) after a
    /// successful save; `None` leaves it as the wiki has it.
    pub bypass: Option<bool>,
}

/// A save that went through.
#[derive(Clone, Debug)]
pub struct SaveReport {
    /// The active strategies as read back after the save, or why reading them back failed.
    pub stored: Result<Vec<ActiveStrategy>, BackendError>,
    /// The whole list Wiki.js accepted (what the next save compares with when `stored`
    /// failed).
    pub sent: Vec<StrategyInput>,
    /// Every difference between what was sent and what Wiki.js stored, one line each.
    pub mismatches: Vec<String>,
    /// What became of "Bypass Login Screen", when the request asked to change it.
    pub bypass: Option<BypassResult>,
}

/// Why nothing was saved.
#[derive(Clone, Debug)]
// One per save; boxing the diagnostic would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum SaveError {
    /// The strategies changed since the page loaded them: one line per change.
    Conflict(Vec<String>),
    /// The list would have dropped a strategy; nothing was posted.
    Guard(Diagnostic),
    Backend(BackendError),
    /// The post went out, but its answer cannot be read (too large, not JSON, wrong shape,
    /// no answer): it may have been stored. With the list posted, so the retry's re-read
    /// tells that save's own change from anyone else's.
    Unconfirmed(BackendError, Vec<StrategyInput>),
}

impl SaveError {
    /// One paragraph for the admin, naming what happened. A failed request may still have
    /// reached Wiki.js (a timeout), so only a conflict or the guard says nothing was sent.
    pub fn message(&self) -> String {
        match self {
            SaveError::Conflict(changes) => format!(
                "The wiki's authentication strategies changed after this page loaded them, and saving now would overwrite that change, so nothing was sent. Load the wiki's current list to go on from it: your edits stay, everything else takes what Wiki.js holds now. What changed: {}",
                changes.join(" ")
            ),
            SaveError::Guard(diagnostic) => {
                format!("{} {} Nothing was sent.", diagnostic.message, diagnostic.fix)
            }
            SaveError::Backend(error) => error.message(),
            SaveError::Unconfirmed(error, _) => format!(
                "Sent, but this page cannot confirm that Wiki.js stored it: {} Save again: the retry reads what Wiki.js holds first, so nothing is saved twice.",
                error.message()
            ),
        }
    }
}

impl From<BackendError> for SaveError {
    fn from(error: BackendError) -> Self {
        SaveError::Backend(error)
    }
}

pub(super) async fn save(backend: &Backend, request: SaveRequest) -> Result<SaveReport, SaveError> {
    let SaveRequest {
        loaded,
        unconfirmed: own_earlier_post,
        strategy,
        move_to_top,
        bypass,
    } = request;

    let active = strategy.is_enabled;
    let now = backend.active().await?;
    let own_post = own_earlier_post.is_some_and(|posted| already_applied(&now, &posted));
    let changes = if own_post {
        Vec::new()
    } else {
        changed_since(&loaded, &now)
    };
    let (list, stored) = if changes.is_empty() {
        let list = merge(&now, strategy, move_to_top);
        check_not_dropping(&list, &now).map_err(SaveError::Guard)?;
        backend
            .ask(update_strategies_body(&list))
            .await
            .and_then(|answer| decode_result(answer.status, &answer.body, UPDATE_STRATEGIES_PATH))
            .map_err(|error| unconfirmed(error, &list))?;
        (list, backend.active().await)
    } else {
        let planned = merge(&loaded, strategy, move_to_top);
        if !already_applied(&now, &planned) {
            return Err(SaveError::Conflict(changes));
        }
        (planned, Ok(now))
    };

    let mismatches = match &stored {
        Ok(stored) => stored_differently(&list, stored),
        Err(_) => Vec::new(),
    };

    let stored_as_sent = stored.is_ok() && mismatches.is_empty();
    let bypass = match bypass {
        Some(on) => Some(set_bypass(backend, on, active, stored_as_sent).await),
        None => None,
    };

    Ok(SaveReport {
        stored,
        sent: list,
        mismatches,
        bypass,
    })
}

/// Set "Bypass Login Screen" after the strategies were saved, unless turning it on would
/// lock everyone out ([`bypass_refusal`]), and say what became of it.
async fn set_bypass(
    backend: &Backend,
    on: bool,
    strategy_active: bool,
    stored_as_sent: bool,
) -> BypassResult {
    if let Some(reason) = on
        .then(|| bypass_refusal(strategy_active, stored_as_sent))
        .flatten()
    {
        return BypassResult::Refused(reason);
    }
    let answer = match backend.ask(auto_login_body(on)).await {
        Ok(answer) => decode_result(answer.status, &answer.body, AUTO_LOGIN_PATH),
        Err(error) => Err(error),
    };
    match answer {
        Ok(_) => BypassResult::Set(on),
        Err(error) => BypassResult::Failed {
            on,
            error: error.message(),
        },
    }
}

/// A failed post: Wiki.js's own refusals mean nothing was stored; anything else (a proxy's
/// page, garbage, no answer) leaves it open. So does "Cannot delete …": Wiki.js refuses a
/// deletion after writing the other strategies (contracts 32b and 33b), which a strategy
/// added by someone between this save's re-read and its post leads to.
pub(super) fn unconfirmed(error: BackendError, posted: &[StrategyInput]) -> SaveError {
    match error {
        BackendError::Failed { ref message, .. } if message.starts_with("Cannot delete ") => {
            SaveError::Unconfirmed(error, posted.to_vec())
        }
        BackendError::Forbidden { .. }
        | BackendError::Unauthorized { .. }
        | BackendError::Invalid { .. }
        | BackendError::GraphQl { .. }
        | BackendError::Failed { .. } => SaveError::Backend(error),
        other => SaveError::Unconfirmed(other, posted.to_vec()),
    }
}
