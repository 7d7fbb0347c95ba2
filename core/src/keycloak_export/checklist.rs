//! The Keycloak checklist, turned from reminders into checks once an export is pasted: each
//! console step is checked or failed by the `kc-*` findings that concern it.

use super::PastedExport;
use crate::diagnostics::{Code, Diagnostic};
use crate::keycloak_client::{ConsoleStep, SetupStep};
use crate::settings::{Context, Settings};

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

/// The checklist's states, when a readable export holds the form's client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checklist {
    failed: Vec<Code>,
    secret_known: bool,
    silent: Vec<ConsoleStep>,
}

/// `None` unless a readable export is pasted (`readable`, [`super::PastedExport::is_readable`])
/// and it holds the form's client. `silent`: the steps the client's export says nothing
/// about ([`silent_steps`]), which no finding can fail and so none may tick.
pub fn checklist(
    readable: bool,
    silent: &[ConsoleStep],
    diagnostics: &[Diagnostic],
) -> Option<Checklist> {
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
        silent: silent.to_vec(),
    })
}

/// The steps the form's client in the pasted export says nothing about: a client without
/// `defaultClientScopes` or `optionalClientScopes` (written by hand, say) takes the realm's
/// defaults when imported, which the export does not show.
pub fn silent_steps(settings: &Settings, context: &Context) -> Vec<ConsoleStep> {
    let Some(PastedExport::Readable(export)) = context.keycloak_export.as_deref() else {
        return Vec::new();
    };
    match export.client_for(&settings.realm, &settings.client_id) {
        Some((_, client))
            if client.default_client_scopes.is_none()
                && client.optional_client_scopes.is_none() =>
        {
            vec![ConsoleStep::ClientScopes]
        }
        _ => Vec::new(),
    }
}

impl Checklist {
    /// The state of one console step; `None` when the export does not tell.
    pub fn state_of(&self, step: &SetupStep) -> Option<ItemState> {
        if step.step.failed_by().is_empty()
            || step.step == ConsoleStep::CopySecret && !self.secret_known
            || self.silent.contains(&step.step)
        {
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

    /// Why one step has no mark while the export is checked ([`Checklist::state_of`] is
    /// `None`), so an unmarked step does not read as forgotten. `None` for a marked step.
    pub fn unchecked_because(&self, step: &SetupStep) -> Option<&'static str> {
        if self.state_of(step).is_some() {
            return None;
        }
        Some(match step.step {
            ConsoleStep::CopySecret => "not checked: the export does not carry it",
            // Only browsers' CORS reads it; Wiki.js calls Keycloak from its server.
            ConsoleStep::WebOrigins => "not checked: sign-in does not use it",
            _ => "not checked: the export does not say",
        })
    }

    /// The findings that fail one console step or warn about it, so the step can say why
    /// beside its mark.
    pub fn failed_by(&self, step: &SetupStep) -> Vec<Code> {
        // With the legacy logout the redirect URIs step lists the Site URL too
        // (`valid_redirect_uris`), and the post-logout finding is about it.
        let legacy_site = (step.step == ConsoleStep::RedirectUris && step.values.len() > 1)
            .then_some(&Code::KcPostLogoutUriMissing);
        step.step
            .failed_by()
            .iter()
            .chain(legacy_site)
            .copied()
            .filter(|c| self.failed.contains(c))
            .collect()
    }
}
