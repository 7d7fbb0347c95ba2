//! Findings as flat strings, for what crosses between the page and its lazily loaded parts
//! (wasm modules of their own that hand strings across): the page's module then carries no
//! JSON decoder for [`Diagnostic`], only this.
//!
//! Each finding is [`WIDTH`] strings: code, severity, field ids (space-separated), message,
//! fix, and the one-click fix as a field id and a value when it is
//! [`FixAction::SetText`]. Other fixes do not cross: the Keycloak side (the one user) offers
//! none (tested).

use super::{Code, Diagnostic, FixAction, Severity};
use crate::settings::Field;

/// Strings per finding.
pub const WIDTH: usize = 7;

/// The findings, [`WIDTH`] strings each.
pub fn flatten(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .flat_map(|d| {
            let fields: Vec<&str> = d.fields.iter().map(|f| f.id()).collect();
            let (field, value) = match &d.action {
                Some(FixAction::SetText { field, value }) => (field.id(), value.as_str()),
                _ => ("", ""),
            };
            [
                d.code.as_str().to_owned(),
                d.severity.as_str().to_owned(),
                fields.join(" "),
                d.message.clone(),
                d.fix.clone(),
                field.to_owned(),
                value.to_owned(),
            ]
        })
        .collect()
}

/// The findings [`flatten`] wrote; a group that does not read (an unknown code) is left out.
pub fn unflatten(flat: &[String]) -> Vec<Diagnostic> {
    flat.chunks_exact(WIDTH).filter_map(finding).collect()
}

fn finding(strings: &[String]) -> Option<Diagnostic> {
    let [code, severity, fields, message, fix, field, value] = strings else {
        return None;
    };
    let code = Code::parse(code)?;
    Some(Diagnostic {
        code,
        severity: [Severity::Error, Severity::Warning, Severity::Info]
            .into_iter()
            .find(|s| s.as_str() == severity)
            .unwrap_or(code.severity()),
        fields: fields.split(' ').filter_map(Field::parse).collect(),
        message: message.clone(),
        fix: fix.clone(),
        action: Field::parse(field).map(|field| FixAction::SetText {
            field,
            value: value.clone(),
        }),
    })
}
