//! The Keycloak checklist, turned from reminders into checks once an export is pasted: each
//! console step is checked or failed by the `kc-*` findings that concern it.

use crate::diagnostics::{Code, Diagnostic};
use crate::keycloak_client::SetupStep;

/// What the pasted export says about one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemState {
    Checked,
    /// Done in a way sign-in works with, but with a warning (a wildcard redirect URI): a
    /// "failed" mark would contradict a sign-in that works.
    Warned,
    Failed,
}

impl ItemState {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Checked => "checked",
            ItemState::Warned => "warned",
            ItemState::Failed => "failed",
        }
    }
}

/// Findings that leave their step working: it is marked [`ItemState::Warned`], not failed.
const WORKS_WITH_WARNING: &[Code] = &[Code::KcRedirectUriBroad];

/// The step titles of [`crate::keycloak_client::setup_steps`] and the codes that fail each;
/// a step not listed (Web origins: CORS, which Wiki.js does not use) is not checked.
const STEPS: &[(&str, &[Code])] = &[
    (
        "Create an OpenID Connect client",
        &[
            Code::KcWrongProtocol,
            Code::KcClientDisabled,
            Code::KcBearerOnly,
        ],
    ),
    (
        "Client authentication ON",
        &[
            Code::KcPublicClient,
            Code::KcBearerOnly,
            Code::KcClientAuthenticator,
        ],
    ),
    ("Standard flow ON", &[Code::KcStandardFlowOff]),
    (
        "Valid redirect URIs",
        &[Code::KcRedirectUriMissing, Code::KcRedirectUriBroad],
    ),
    (
        "Valid post logout redirect URIs",
        &[Code::KcPostLogoutUriMissing],
    ),
    ("Client scopes: profile and email", &[Code::KcScopeMissing]),
    ("No PKCE required", &[Code::KcPkceRequired]),
    ("Copy the client secret", &[Code::KcSecretMismatch]),
];

/// The checklist's states, when a readable export holds the form's client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checklist {
    failed: Vec<Code>,
    secret_known: bool,
}

/// `None` unless a readable export is pasted (`readable`, [`super::PastedExport::is_readable`])
/// and it holds the form's client.
pub fn checklist(readable: bool, diagnostics: &[Diagnostic]) -> Option<Checklist> {
    if !readable {
        return None;
    }
    if diagnostics
        .iter()
        .any(|d| d.code == Code::KcClientIdMismatch)
    {
        return None;
    }
    Some(Checklist {
        failed: diagnostics
            .iter()
            .map(|d| d.code)
            .filter(|c| c.is_keycloak_side())
            .collect(),
        secret_known: !diagnostics.iter().any(|d| d.code == Code::KcSecretMasked),
    })
}

impl Checklist {
    /// The state of one console step; `None` when the export does not tell.
    pub fn state_of(&self, step: &SetupStep) -> Option<ItemState> {
        let (title, _) = STEPS.iter().find(|(title, _)| *title == step.title)?;
        if *title == "Copy the client secret" && !self.secret_known {
            return None;
        }
        let found = self.failed_by(step);
        Some(if found.is_empty() {
            ItemState::Checked
        } else if found.iter().all(|c| WORKS_WITH_WARNING.contains(c)) {
            ItemState::Warned
        } else {
            ItemState::Failed
        })
    }

    /// The findings that fail one console step or warn about it, so the step can say why
    /// beside its mark.
    pub fn failed_by(&self, step: &SetupStep) -> Vec<Code> {
        // With the legacy logout the redirect URIs step lists the Site URL too
        // (`valid_redirect_uris`), and the post-logout finding is about it.
        let legacy_site = (step.title == "Valid redirect URIs" && step.values.len() > 1)
            .then_some(&Code::KcPostLogoutUriMissing);
        STEPS
            .iter()
            .find(|(title, _)| *title == step.title)
            .map(|(_, codes)| {
                codes
                    .iter()
                    .chain(legacy_site)
                    .copied()
                    .filter(|c| self.failed.contains(c))
                    .collect()
            })
            .unwrap_or_default()
    }
}
