//! Findings about a configuration: what will break for users, and how to fix it.
//!
//! [`catalogue`] words every code; [`checks`] decides which codes apply to a configuration;
//! [`fix`] applies the one-click fixes; [`live`] interprets the live discovery check.

pub mod catalogue;
pub mod checks;
pub mod fix;
pub mod live;
pub mod presentation;
pub mod wire;

use serde::Serialize;

pub use catalogue::{
    Code, Severity, OLD_WIKI_LOGOUT, OLD_WIKI_LOGOUT_FIX, SITE_AMONG_REDIRECTS,
    SITE_AMONG_REDIRECTS_FIX,
};
pub use fix::{apply_fix, FixAction};
pub use presentation::Target;

use super::settings::Field;

/// One finding, rendered for people and machines alike.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// The fields it points at; the first is the one to focus.
    pub fields: Vec<Field>,
    /// The specifics (which value, which URL) followed by the catalogue's message.
    pub message: String,
    /// The catalogue's fix, followed by the exact value to use when there is one.
    pub fix: String,
    /// A change the UI can apply in one click.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<FixAction>,
}

impl Diagnostic {
    /// The catalogue's wording for `code`, pointed at `fields`.
    pub fn new(code: Code, fields: &[Field]) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            fields: fields.to_vec(),
            message: code.message().to_owned(),
            fix: code.fix().to_owned(),
            action: None,
        }
    }

    /// Put the specifics ("The Token Endpoint URL points at localhost.") before the message.
    pub fn detail(mut self, detail: impl AsRef<str>) -> Self {
        self.message = format!("{} {}", detail.as_ref(), self.message);
        self
    }

    /// Name the exact value to use after the fix text.
    pub fn value(mut self, value: impl AsRef<str>) -> Self {
        self.fix = format!("{} {}", self.fix, value.as_ref());
        self
    }

    pub fn action(mut self, action: impl Into<Option<FixAction>>) -> Self {
        self.action = action.into();
        self
    }
}

/// Whether any finding blocks saving (the Keycloak side's errors do not: see
/// [`Code::blocks_save`]).
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.code.blocks_save())
}
