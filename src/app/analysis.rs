//! Everything the page shows that is computed from the settings, computed once per change.

use wkc_core::diagnostics::checks::diagnose_derived;
use wkc_core::{derive, Context, Derived, Diagnostic, Field, Settings};

/// The core's view of one version of the settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    pub derived: Derived,
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// Derive once, then diagnose from that derivation.
    pub fn of(settings: &Settings, context: &Context) -> Analysis {
        let derived = derive(settings);
        let diagnostics = diagnose_derived(settings, context, &derived);
        Analysis {
            derived,
            diagnostics,
        }
    }

    /// The findings whose first field is `field`: they are shown under that field.
    pub fn for_field(&self, field: Field) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(move |d| d.fields.first() == Some(&field))
    }

    pub fn has_errors(&self) -> bool {
        wkc_core::diagnostics::has_errors(&self.diagnostics)
    }
}
