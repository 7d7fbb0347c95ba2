//! The live check, interpreted: which discovery URLs the browser shell fetches, and what the
//! answers (or failures) mean.
//!
//! The shell fetches `{public base}/realms/{realm}/.well-known/openid-configuration` with a
//! plain `GET` (no custom headers, default credentials mode: Keycloak answers discovery with
//! CORS headers, and no preflight is needed). Keycloak's 404 for an unknown realm carries no
//! CORS header, so to the page it looks like any network failure; that is why the plan goes on
//! to the other path layout and to the `master` realm, which exists on every server: when
//! `master` answers and the realm does not, the realm does not exist.
//!
//! Protocol for the shell: build the plan with [`live_plan`]; while [`next_probe`] returns an
//! index, fetch that probe's URL (timeout [`LivePlan::timeout_ms`]) and store the outcome at
//! that index; then call [`interpret_live`]. Outcomes not run are [`ProbeOutcome::NotAttempted`]
//! (or simply missing from the slice).
//!
//! One file per step: [`plan`] (what to fetch, and when to stop), [`discovery`] (reading a
//! discovery document), [`classify`] (what one outcome says), [`verdict`] (what all of them
//! settle), [`interpret`] (the verdict in words), [`compare`] (a found document against this
//! configuration), [`side_by_side`] (the same, row by row for the view), [`placeholder`]
//! (hosts never checked by themselves).

mod classify;
mod compare;
mod discovery;
mod interpret;
mod placeholder;
mod plan;
mod side_by_side;
mod verdict;

pub use classify::ProbeOutcome;
pub use discovery::{why_not_discovery, Discovery, MAX_DISCOVERY_BYTES};
pub use interpret::{interpret_live, LiveReport, FAILED_FETCH_CAUSES, UNKNOWN_REALM_HAS_NO_CORS};
pub(crate) use interpret::{ANSWERED_UNLIKE_KEYCLOAK, MASTER_ANSWERED, REDIRECT_NOT_FOLLOWED};
pub use placeholder::is_placeholder_host;
pub use plan::{live_plan, next_probe, LivePlan, LiveProbe, ProbeTarget, LIVE_TIMEOUT_MS};
pub use side_by_side::{side_by_side, LiveRow};
