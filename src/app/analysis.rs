//! Everything the page shows that is computed from the settings, computed once per change.

use std::sync::Arc;

use wkc_core::diagnostics::checks::{diagnose_form, with_keycloak_side};
use wkc_core::diagnostics::presentation::{merge_repeats, note_field, offer_each_fix_once};
use wkc_core::{derive, Context, Derived, Diagnostic, Field, Settings, Severity};

/// The core's view of one version of the settings: what it derives, and what it finds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    pub derived: Derived,
    /// Shared, so the page's slice of it (`Model::findings`) is a pointer's copy per change.
    pub findings: Arc<Findings>,
}

/// The findings about one version of the settings. Most keystrokes change what is derived
/// (every URL follows Host and Realm) but not the findings, so the page keeps them in a
/// memo of their own (`Model::findings`): what reads only them does not run again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Findings {
    pub diagnostics: Vec<Diagnostic>,
    /// The findings as the page's lists show them, each list merged once here.
    pub cards: Cards,
    /// The field each finding's few words go under ([`note_field`]), by index.
    note_fields: Vec<Option<Field>>,
}

/// The cards of the findings list (by severity; the Keycloak reminders are checklist steps)
/// and of the export check (the Keycloak side).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cards {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    pub notes: Vec<Diagnostic>,
    pub keycloak_side: Vec<Diagnostic>,
}

impl Cards {
    fn of(diagnostics: &[Diagnostic]) -> Cards {
        let listed = |severity: Severity| {
            merge_repeats(diagnostics.iter().filter(|d| {
                d.severity == severity && !d.code.is_keycloak_side() && !d.code.is_checklist_step()
            }))
        };
        Cards {
            errors: listed(Severity::Error),
            warnings: listed(Severity::Warning),
            notes: listed(Severity::Info),
            keycloak_side: merge_repeats(diagnostics.iter().filter(|d| d.code.is_keycloak_side())),
        }
    }

    pub fn by_severity(&self, severity: Severity) -> &[Diagnostic] {
        match severity {
            Severity::Error => &self.errors,
            Severity::Warning => &self.warnings,
            Severity::Info => &self.notes,
        }
    }
}

impl Analysis {
    /// Derive once, then diagnose from that derivation; `keycloak_side` are the pasted
    /// export's findings, which the `tools` part gives (`crate::parts::keycloak_side`), for
    /// these values when `current` (else only its `kc-*` findings count: what it said of
    /// a form finding may no longer hold).
    pub fn of(
        settings: &Settings,
        context: &Context,
        keycloak_side: &[Diagnostic],
        current: bool,
    ) -> Analysis {
        let derived = derive(settings);
        let stale: Vec<Diagnostic>;
        let keycloak_side = if current {
            keycloak_side
        } else {
            stale = keycloak_side
                .iter()
                .filter(|d| d.code.is_keycloak_side())
                .cloned()
                .collect();
            &stale
        };
        let mut diagnostics =
            with_keycloak_side(diagnose_form(settings, context, &derived), keycloak_side);
        offer_each_fix_once(&mut diagnostics);
        let findings = Findings {
            cards: Cards::of(&diagnostics),
            note_fields: diagnostics
                .iter()
                .map(|d| note_field(d, settings))
                .collect(),
            diagnostics,
        };
        Analysis {
            derived,
            findings: Arc::new(findings),
        }
    }

    /// With `earlier`'s findings when they are the same: compared once here, they are then
    /// one pointer to the memos that compare them again (the analysis, `Model::findings`).
    pub fn sharing_findings_with(mut self, earlier: &Analysis) -> Analysis {
        if self.findings == earlier.findings {
            self.findings = Arc::clone(&earlier.findings);
        }
        self
    }
}

impl Findings {
    /// The findings said under `field` ([`note_field`]).
    pub fn for_field(&self, field: Field) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .zip(&self.note_fields)
            .filter(move |(_, at)| **at == Some(field))
            .map(|(d, _)| d)
    }

    pub fn has_errors(&self) -> bool {
        wkc_core::diagnostics::has_errors(&self.diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Analysis;
    use wkc_core::samples::{clean_context, clean_settings};
    use wkc_core::Settings;

    /// Whether the analysis of `edit` applied to the clean form shares the clean form's
    /// findings (the same `Arc`), as the page's memo makes it.
    fn shares(edit: fn(&mut Settings)) -> bool {
        let (mut settings, context) = (clean_settings(), clean_context());
        let earlier = Analysis::of(&settings, &context, &[], true);
        edit(&mut settings);
        let now = Analysis::of(&settings, &context, &[], true).sharing_findings_with(&earlier);
        Arc::ptr_eq(&now.findings, &earlier.findings)
    }

    #[test]
    fn findings_are_shared_only_while_they_are_the_same() {
        assert!(
            shares(|s| s.realm = "staff".into()),
            "another realm: the same findings"
        );
        assert!(
            shares(|s| s.host = "https://sso.example.com".into()),
            "another host"
        );
        assert!(!shares(|s| s.realm.clear()), "no realm: a finding more");
        assert!(
            !shares(|s| s.host = "http://localhost:8080".into()),
            "a localhost host"
        );
    }
}
