//! What one fetch gave, and what that says on its own: a discovery document, "HTTPS
//! required", "Realm does not exist", something else readable, or no answer.

use serde::{Deserialize, Serialize};

use super::discovery::{why_not_discovery, Discovery};

/// What one fetch gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum ProbeOutcome {
    /// A readable answer with a JSON content type.
    Json {
        status: u16,
        body: String,
    },
    /// A readable answer of another content type (an HTML error page, a proxy's page).
    Http {
        status: u16,
        body: String,
    },
    /// `fetch` rejected: DNS, TLS trust, network, or the browser blocked a response without
    /// CORS headers. The browser does not say which; the text is shown as is.
    NetworkError(String),
    Timeout,
    NotAttempted,
    /// An answer the browser reached through redirects (it follows them by itself): the URL
    /// it landed on, and what came back there. Wiki.js's server follows none.
    Redirected {
        to: String,
        answer: Box<ProbeOutcome>,
    },
}

impl ProbeOutcome {
    /// Where the browser was redirected to for this answer, if it was.
    pub(super) fn landed_at(&self) -> Option<&str> {
        match self {
            ProbeOutcome::Redirected { to, .. } => Some(to),
            _ => None,
        }
    }
}

/// What one outcome says.
pub(super) enum Seen {
    Discovery(Discovery),
    HttpsRequired,
    /// A readable 404 saying the realm does not exist: the server and layout answer.
    RealmMissing,
    /// Readable, but not a discovery document: status and a short description.
    Other(u16, &'static str),
    Failed(String),
    TimedOut,
    NotRun,
}

impl Seen {
    /// This answer alone settles the check: no further probe is needed.
    pub(super) fn is_conclusive(&self) -> bool {
        matches!(
            self,
            Seen::Discovery(_) | Seen::HttpsRequired | Seen::RealmMissing
        )
    }

    /// The server answered under this probe's layout.
    pub(super) fn answered(&self) -> bool {
        self.is_conclusive()
    }
}

pub(super) fn classify(outcome: &ProbeOutcome) -> Seen {
    match outcome {
        ProbeOutcome::Json { status, body } | ProbeOutcome::Http { status, body } => {
            let lower = body.to_ascii_lowercase();
            if *status == 403 && lower.contains("https required") {
                return Seen::HttpsRequired;
            }
            if *status == 404 && lower.contains("realm does not exist") {
                return Seen::RealmMissing;
            }
            if (200..300).contains(status) {
                if let Some(discovery) = Discovery::parse(body) {
                    return Seen::Discovery(discovery);
                }
                return Seen::Other(*status, why_not_discovery(body));
            }
            let what = match status {
                404 => "not found",
                300..=399 => "a redirect",
                500..=599 => "a server error",
                _ => "an unexpected answer",
            };
            Seen::Other(*status, what)
        }
        ProbeOutcome::NetworkError(message) => Seen::Failed(message.clone()),
        ProbeOutcome::Timeout => Seen::TimedOut,
        ProbeOutcome::NotAttempted => Seen::NotRun,
        ProbeOutcome::Redirected { answer, .. } => classify(answer),
    }
}
