//! Findings as flat strings, for what crosses between the page and its lazily loaded parts
//! (wasm modules of their own that hand strings across): the page's module then carries no
//! JSON decoder for [`Diagnostic`], only this.
//!
//! Each finding is [`WIDTH`] strings: code, severity, field ids (space-separated), message,
//! fix, and the one-click fix as two strings (see [`action`]). The fixes that cross are the
//! ones the parts' findings offer: a text to set (the Keycloak side), and a layout, an
//! override to drop, the endpoints to adopt or a pasted URL's split (the live check). Others
//! do not cross (tested).

use super::fix::EndpointOverride;
use super::{Code, Diagnostic, FixAction, Severity};
use crate::settings::{Endpoint, Field, LayoutChoice};

/// Strings per finding.
pub const WIDTH: usize = 7;

/// The findings, [`WIDTH`] strings each.
pub fn flatten(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .flat_map(|d| {
            let fields: Vec<&str> = d.fields.iter().map(|f| f.id()).collect();
            let [kind, value] = d.action.as_ref().map(action).unwrap_or_default();
            [
                d.code.as_str().to_owned(),
                d.severity.as_str().to_owned(),
                fields.join(" "),
                d.message.clone(),
                d.fix.clone(),
                kind,
                value,
            ]
        })
        .collect()
}

/// The findings [`flatten`] wrote; a group that does not read (an unknown code) is left out.
pub fn unflatten(flat: &[String]) -> Vec<Diagnostic> {
    flat.chunks_exact(WIDTH).filter_map(finding).collect()
}

fn finding(strings: &[String]) -> Option<Diagnostic> {
    let [code, severity, fields, message, fix, kind, value] = strings else {
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
        action: fix_action(kind, value),
    })
}

/// Separates the parts of one action's value. A URL Keycloak advertised could hold it: such
/// a fix does not cross (see [`action`]).
const UNIT: char = '\u{1f}';

/// A one-click fix as two strings: a field id and its new text for [`FixAction::SetText`],
/// else a tag (`=layout`, `=reset`, `=adopt`, `=split`: no field id starts with `=`) and its
/// value; empty for a fix that does not cross.
fn action(action: &FixAction) -> [String; 2] {
    let (kind, value) = match action {
        FixAction::SetText { field, value } => (field.id(), value.clone()),
        FixAction::SetLayout { layout } => ("=layout", layout_id(*layout).to_owned()),
        FixAction::ResetOverride { endpoint } => ("=reset", endpoint.field().id().to_owned()),
        // The live check's refusal of a pasted Keycloak URL offers the form's own split.
        FixAction::SplitPastedUrl {
            host,
            realm,
            layout,
            client_id,
        } => {
            let client_id = client_id
                .as_deref()
                .map(|c| format!("+{c}"))
                .unwrap_or_default();
            let parts = [host, realm, &client_id, layout_id(*layout)];
            if parts.iter().any(|p| p.contains(UNIT)) {
                return Default::default();
            }
            ("=split", parts.join(&UNIT.to_string()))
        }
        FixAction::AdoptEndpoints {
            host,
            layout,
            overrides,
        } => {
            let mut parts = vec![
                host.as_deref().map(|h| format!("+{h}")).unwrap_or_default(),
                layout.map(layout_id).unwrap_or_default().to_owned(),
            ];
            for o in overrides {
                parts.extend([o.endpoint.field().id().to_owned(), o.url.clone()]);
            }
            // A separator inside a value would split it into other fields: no fix then.
            if parts.iter().any(|p| p.contains(UNIT)) {
                return Default::default();
            }
            ("=adopt", parts.join(&UNIT.to_string()))
        }
        _ => return Default::default(),
    };
    [kind.to_owned(), value]
}

/// The fix [`action`] wrote.
fn fix_action(kind: &str, value: &str) -> Option<FixAction> {
    match kind {
        "=layout" => Some(FixAction::SetLayout {
            layout: parse_layout(value)?,
        }),
        "=reset" => Some(FixAction::ResetOverride {
            endpoint: endpoint(value)?,
        }),
        "=split" => {
            let [host, realm, client_id, layout] = value.split(UNIT).collect::<Vec<_>>()[..] else {
                return None;
            };
            Some(FixAction::SplitPastedUrl {
                host: host.to_owned(),
                realm: realm.to_owned(),
                layout: parse_layout(layout)?,
                // "+" and the client, or nothing: anything else does not read.
                client_id: match client_id {
                    "" => None,
                    c => Some(c.strip_prefix('+')?.to_owned()),
                },
            })
        }
        "=adopt" => {
            let mut parts = value.split(UNIT);
            let host = parts.next()?.strip_prefix('+').map(str::to_owned);
            let layout = parse_layout(parts.next()?);
            let rest: Vec<&str> = parts.collect();
            if !rest.len().is_multiple_of(2) {
                return None;
            }
            let overrides = rest
                .chunks_exact(2)
                .map(|pair| {
                    Some(EndpointOverride {
                        endpoint: endpoint(pair[0])?,
                        url: pair[1].to_owned(),
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            Some(FixAction::AdoptEndpoints {
                host,
                layout,
                overrides,
            })
        }
        field => Field::parse(field).map(|field| FixAction::SetText {
            field,
            value: value.to_owned(),
        }),
    }
}

fn layout_id(layout: LayoutChoice) -> &'static str {
    match layout {
        LayoutChoice::Automatic => "automatic",
        LayoutChoice::Quarkus => "quarkus",
        LayoutChoice::Legacy => "legacy",
    }
}

fn parse_layout(id: &str) -> Option<LayoutChoice> {
    [
        LayoutChoice::Automatic,
        LayoutChoice::Quarkus,
        LayoutChoice::Legacy,
    ]
    .into_iter()
    .find(|l| layout_id(*l) == id)
}

fn endpoint(field_id: &str) -> Option<Endpoint> {
    Endpoint::ALL
        .into_iter()
        .find(|e| e.field().id() == field_id)
}
