//! What the outcomes of all probes settle, before any wording: the realm was found, refuses
//! plain http, answers with something else, does not exist, or nothing useful answered.

use super::classify::Seen;
use super::discovery::Discovery;
use super::plan::{LiveProbe, ProbeTarget};

/// What the live check concluded, with the probe each conclusion rests on.
pub(super) enum Verdict<'a> {
    /// The realm answered with its discovery document (in either layout).
    Found {
        probe: &'a LiveProbe,
        discovery: &'a Discovery,
    },
    /// "HTTPS required" on the realm: Keycloak and the realm exist, plain http is refused.
    HttpsRequired { probe: &'a LiveProbe },
    /// The realm's URL answered 2xx with something else (cut off, not JSON, nested too deep):
    /// what came back is worth saying rather than blaming the realm name because master
    /// answered.
    NotDiscovery {
        probe: &'a LiveProbe,
        status: u16,
        what: &'static str,
    },
    /// The server answers (master, or a readable "Realm does not exist"), the realm does not.
    /// (Master's "HTTPS required" says nothing of the realm's own Require SSL.)
    RealmNotFound { probe: &'a LiveProbe },
    /// Nothing settled it.
    Unreachable {
        /// The first probe (the realm in the configured layout) and what it gave.
        first: Option<(&'a LiveProbe, &'a Seen)>,
        /// Probes that answered, but not as Keycloak does: URL, status, a short description.
        unlike_keycloak: Vec<(&'a LiveProbe, u16, &'static str)>,
        /// Every probe that ran timed out (and at least one ran).
        all_timed_out: bool,
        /// What the `master` realm's probes said.
        master: MasterSaid,
    },
}

/// What the `master` realm, which every Keycloak has, said where the realm's probes settled
/// nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MasterSaid {
    /// Not probed: the realm is `master` itself.
    NotAsked,
    /// It answered while the realm's probe timed out: Keycloak is up there and the realm was
    /// slow (an unknown realm fails at once).
    Answered,
    /// It did not answer either, so the realm name is not the only suspect.
    FailedToo,
}

impl<'a> Verdict<'a> {
    /// Decide from each probe and what it gave (same order as `plan.probes`). The first
    /// matching conclusion in the order of the variants wins.
    pub(super) fn of(seen: &'a [(&'a LiveProbe, Seen)]) -> Verdict<'a> {
        let on_realm = |wanted: fn(&Seen) -> bool| {
            seen.iter()
                .find(|(p, s)| p.target.is_realm() && wanted(s))
                .map(|(p, s)| (*p, s))
        };
        if let Some((probe, Seen::Discovery(discovery))) =
            on_realm(|s| matches!(s, Seen::Discovery(_)))
        {
            return Verdict::Found { probe, discovery };
        }
        if let Some((probe, _)) = on_realm(|s| matches!(s, Seen::HttpsRequired)) {
            return Verdict::HttpsRequired { probe };
        }
        if let Some((probe, &Seen::Other(status, what))) =
            on_realm(|s| matches!(s, Seen::Other(status, _) if (200..300).contains(status)))
        {
            return Verdict::NotDiscovery {
                probe,
                status,
                what,
            };
        }
        let missing = on_realm(|s| matches!(s, Seen::RealmMissing));
        let master = seen
            .iter()
            .find(|(p, s)| !p.target.is_realm() && s.answered())
            .map(|(p, s)| (*p, s));
        // An unknown realm fails at once (its 404 has no CORS header); the realm's probe in
        // the configured layout timing out says nothing about the name, so master's answer
        // then proves no missing realm.
        let realm_timed_out = seen
            .iter()
            .any(|(p, s)| p.target == ProbeTarget::Realm && matches!(s, Seen::TimedOut));
        if let Some((probe, _)) = missing.or(master.filter(|_| !realm_timed_out)) {
            return Verdict::RealmNotFound { probe };
        }
        let ran: Vec<&Seen> = seen
            .iter()
            .map(|(_, s)| s)
            .filter(|s| !matches!(s, Seen::NotRun))
            .collect();
        let master_ran = seen
            .iter()
            .any(|(p, s)| !p.target.is_realm() && !matches!(s, Seen::NotRun));
        Verdict::Unreachable {
            first: seen.first().map(|(p, s)| (*p, s)),
            unlike_keycloak: seen
                .iter()
                .filter_map(|(p, s)| match s {
                    Seen::Other(status, what) => Some((*p, *status, *what)),
                    _ => None,
                })
                .collect(),
            all_timed_out: !ran.is_empty() && ran.iter().all(|s| matches!(s, Seen::TimedOut)),
            master: match (master, master_ran) {
                (Some(_), _) => MasterSaid::Answered,
                (None, true) => MasterSaid::FailedToo,
                (None, false) => MasterSaid::NotAsked,
            },
        }
    }
}
