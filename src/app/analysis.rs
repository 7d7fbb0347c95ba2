//! Everything the page shows that is computed from the settings, computed once per change.

use crate::core::diagnostics::checks::diagnose_derived;
use crate::core::{derive, Context, Derived, Diagnostic, Settings};

/// The core's view of one version of the settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    pub derived: Derived,
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// Derive once, then diagnose from that derivation.
    pub fn of(settings: &Settings) -> Analysis {
        let derived = derive(settings);
        let diagnostics = diagnose_derived(settings, &Context::default(), &derived);
        Analysis {
            derived,
            diagnostics,
        }
    }
}
