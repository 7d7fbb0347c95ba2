//! The steps of the Keycloak admin console a Wiki.js client needs, by name: what the
//! checklist marks from a pasted export and where a "Go to" leads when the fix is in Keycloak
//! (a pasted `Invalid scopes` is fixed in the client's scopes, not in this form).

use crate::diagnostics::Code;

/// One step of [`super::setup_steps`], in the order the console takes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsoleStep {
    CreateClient,
    ClientAuthentication,
    StandardFlow,
    RedirectUris,
    WebOrigins,
    PostLogoutUris,
    ClientScopes,
    NoPkce,
    CopySecret,
}

impl ConsoleStep {
    pub const ALL: [ConsoleStep; 9] = [
        ConsoleStep::CreateClient,
        ConsoleStep::ClientAuthentication,
        ConsoleStep::StandardFlow,
        ConsoleStep::RedirectUris,
        ConsoleStep::WebOrigins,
        ConsoleStep::PostLogoutUris,
        ConsoleStep::ClientScopes,
        ConsoleStep::NoPkce,
        ConsoleStep::CopySecret,
    ];

    /// Its title in the checklist: the same in both admin consoles (the hint says where).
    pub fn title(self) -> &'static str {
        match self {
            ConsoleStep::CreateClient => "Create an OpenID Connect client",
            ConsoleStep::ClientAuthentication => "Client authentication ON",
            ConsoleStep::StandardFlow => "Standard flow ON",
            ConsoleStep::RedirectUris => "Valid redirect URIs",
            ConsoleStep::WebOrigins => "Web origins",
            ConsoleStep::PostLogoutUris => "Valid post logout redirect URIs",
            ConsoleStep::ClientScopes => "Client scopes: profile and email",
            ConsoleStep::NoPkce => "No PKCE required",
            ConsoleStep::CopySecret => "Copy the client secret",
        }
    }

    /// A name for it in element ids and where it crosses as text (as a [`Target`](crate::diagnostics::Target)'s,
    /// so no field's id).
    pub fn id(self) -> &'static str {
        match self {
            ConsoleStep::CreateClient => "step-create-client",
            ConsoleStep::ClientAuthentication => "step-client-authentication",
            ConsoleStep::StandardFlow => "step-standard-flow",
            ConsoleStep::RedirectUris => "step-redirect-uris",
            ConsoleStep::WebOrigins => "step-web-origins",
            ConsoleStep::PostLogoutUris => "step-post-logout-uris",
            ConsoleStep::ClientScopes => "step-client-scopes",
            ConsoleStep::NoPkce => "step-no-pkce",
            ConsoleStep::CopySecret => "step-copy-secret",
        }
    }

    /// The step whose [`ConsoleStep::id`] is `id`.
    pub fn parse(id: &str) -> Option<ConsoleStep> {
        ConsoleStep::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The findings that fail this step in a pasted export; a step with none (Web origins:
    /// CORS, which Wiki.js does not use) is not checked.
    pub fn failed_by(self) -> &'static [Code] {
        match self {
            ConsoleStep::CreateClient => &[
                Code::KcWrongProtocol,
                Code::KcClientDisabled,
                Code::KcBearerOnly,
            ],
            ConsoleStep::ClientAuthentication => &[
                Code::KcPublicClient,
                Code::KcBearerOnly,
                Code::KcClientAuthenticator,
            ],
            ConsoleStep::StandardFlow => &[Code::KcStandardFlowOff],
            ConsoleStep::RedirectUris => &[Code::KcRedirectUriMissing, Code::KcRedirectUriBroad],
            ConsoleStep::WebOrigins => &[],
            ConsoleStep::PostLogoutUris => &[Code::KcPostLogoutUriMissing],
            ConsoleStep::ClientScopes => &[Code::KcScopeMissing],
            ConsoleStep::NoPkce => &[Code::KcPkceRequired],
            ConsoleStep::CopySecret => &[Code::KcSecretMismatch],
        }
    }

    /// The step whose "where?" says where a client setting Keycloak refused is fixed (a
    /// pasted error's explanation). None for a disabled client (its Enabled switch) or its
    /// client authenticator (Credentials tab): no step says where those are.
    pub fn fixing(code: Code) -> Option<ConsoleStep> {
        Some(match code {
            Code::ClientScopes | Code::KcScopeMissing => ConsoleStep::ClientScopes,
            Code::KcStandardFlowOff => ConsoleStep::StandardFlow,
            Code::KcPkceRequired => ConsoleStep::NoPkce,
            Code::KcWrongProtocol => ConsoleStep::CreateClient,
            // The old console's Access Type: confidential is this step's setting.
            Code::KcPublicClient | Code::KcBearerOnly => ConsoleStep::ClientAuthentication,
            _ => return None,
        })
    }
}
