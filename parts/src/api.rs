//! The widget's JavaScript API that computes (`derive`, `diagnose`): the loader calls these
//! exports of the `api` part, so a host page that never calls them never loads them.
//!
//! `deriveJson` and `diagnoseJson` never throw: any input (a JSON string, a plain object,
//! or anything else) gives either the result or `{"error": {"code", "message"}}`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use wkc_core::diagnostics::FixAction;
use wkc_core::keycloak_export::parse_export;
use wkc_core::{derive, diagnose, Context, Field, Settings};

/// What went wrong with an input, as `{"error": {...}}`.
#[derive(Serialize)]
struct ApiError<'a> {
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    /// `invalid-input` (not JSON text or a plain object) or `invalid-settings` /
    /// `invalid-context` (JSON of the wrong shape).
    code: &'static str,
    message: &'a str,
}

fn error_json(code: &'static str, message: &str) -> String {
    serde_json::to_string(&ApiError {
        error: ErrorBody { code, message },
    })
    .unwrap_or_else(|_| r#"{"error":{"code":"invalid-input","message":""}}"#.to_owned())
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|e| error_json("invalid-input", &format!("cannot serialize: {e}")))
}

/// A JSON object of type `T` (serde would also take an array for a struct: refused).
fn object_from<T: serde::de::DeserializeOwned>(
    text: &str,
    code: &'static str,
    what: &str,
) -> Result<T, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| error_json(code, &format!("{what} JSON: {e}")))?;
    if !value.is_object() {
        return Err(error_json(
            code,
            &format!("{what} JSON: expected an object"),
        ));
    }
    serde_json::from_value(value).map_err(|e| error_json(code, &format!("{what} JSON: {e}")))
}

fn settings_from(text: &str) -> Result<Settings, String> {
    object_from(text, "invalid-settings", "settings")
}

/// The derived URLs (`core::Derived` as JSON) for settings given as JSON text.
pub fn derive_text(settings: &str) -> String {
    match settings_from(settings) {
        Ok(settings) => to_json(&derive(&settings)),
        Err(error) => error,
    }
}

/// Every finding (`core::Diagnostic` as JSON: code, severity, fields, message, fix and the
/// one-click `action` when there is one) for settings and an optional context (page
/// origin, groups, live layout, `keycloakExport`), both JSON text.
pub fn diagnose_text(settings: &str, context: Option<&str>) -> String {
    let settings = match settings_from(settings) {
        Ok(settings) => settings,
        Err(error) => return error,
    };
    let context: Context = match context {
        None => Context::default(),
        Some(text) => match context_from(text) {
            Ok(context) => context,
            Err(error) => return error,
        },
    };
    let mut findings = diagnose(&settings, &context);
    for finding in &mut findings {
        if sets_the_secret(finding.action.as_ref()) {
            finding.action = None;
        }
    }
    to_json(&findings)
}

/// A fix whose value is the client secret (`secret-suspicious`'s, trimmed): left out, since
/// what the API answers is for the embedder to show or log and never carries the secret.
fn sets_the_secret(action: Option<&FixAction>) -> bool {
    matches!(
        action,
        Some(FixAction::SetText {
            field: Field::ClientSecret,
            ..
        })
    )
}

/// The context, with `keycloakExport` (the export as JSON text, or as the object or array
/// Keycloak wrote) parsed by the core: its `kc-*` findings come with the rest.
fn context_from(text: &str) -> Result<Context, String> {
    let mut value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| error_json("invalid-context", &format!("context JSON: {e}")))?;
    let export = value
        .as_object_mut()
        .and_then(|o| o.remove("keycloakExport"))
        .and_then(|export| match export {
            serde_json::Value::Null => None,
            serde_json::Value::String(text) => parse_export(&text),
            other => parse_export(&other.to_string()),
        });
    let mut context: Context = object_from(&value.to_string(), "invalid-context", "context")?;
    context.keycloak_export = export.map(std::sync::Arc::new);
    Ok(context)
}

/// JSON text from a JS value: a string is taken as it is, anything else goes through
/// `JSON.stringify` (which throws on cycles and BigInts: that is an error, not a throw).
fn json_text(value: &JsValue, what: &str) -> Result<String, String> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if value.is_undefined() || value.is_null() {
        return Err(error_json(
            "invalid-input",
            &format!("{what}: expected JSON text or a plain object, got nothing"),
        ));
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| JsValue::from(text).as_string())
        .ok_or_else(|| {
            error_json(
                "invalid-input",
                &format!("{what}: expected JSON text or a plain object"),
            )
        })
}

#[wasm_bindgen(js_name = deriveJson)]
pub fn derive_json(settings: JsValue) -> String {
    match json_text(&settings, "settings") {
        Ok(text) => derive_text(&text),
        Err(error) => error,
    }
}

#[wasm_bindgen(js_name = diagnoseJson)]
pub fn diagnose_json(settings: JsValue, context: JsValue) -> String {
    let settings = match json_text(&settings, "settings") {
        Ok(text) => text,
        Err(error) => return error,
    };
    if context.is_undefined() || context.is_null() {
        return diagnose_text(&settings, None);
    }
    match json_text(&context, "context") {
        Ok(context) => diagnose_text(&settings, Some(&context)),
        Err(error) => error,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::{derive_text, diagnose_text};

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).expect("always JSON")
    }

    /// The codes of a `diagnose` answer, in its order.
    fn codes(findings: &str) -> Vec<String> {
        parse(findings)
            .as_array()
            .expect("a list")
            .iter()
            .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    #[test]
    #[rustfmt::skip]
    fn bad_input_gives_an_error_object_never_a_panic() {
        let cases: [(&str, Option<&str>, &str); 9] = [
            ("", None, "invalid-settings"),
            ("{", None, "invalid-settings"),
            ("5", None, "invalid-settings"),
            ("[]", None, "invalid-settings"),
            (r#"{"host": 5}"#, None, "invalid-settings"),
            (r#"{"order": -1}"#, None, "invalid-settings"),
            ("{}", Some("{"), "invalid-context"),
            ("{}", Some("[]"), "invalid-context"),
            ("{}", Some(r#"{"groups": "x"}"#), "invalid-context"),
        ];
        for (settings, context, code) in cases {
            assert_eq!(parse(&diagnose_text(settings, context))["error"]["code"], code, "{settings} {context:?}");
            if context.is_none() {
                assert_eq!(parse(&derive_text(settings))["error"]["code"], code, "{settings}");
            }
        }
        let deep = "[".repeat(10_000);
        assert_eq!(parse(&derive_text(&deep))["error"]["code"], "invalid-settings");
    }

    #[test]
    fn good_input_gives_the_cores_results_and_never_the_secret() {
        // Too short, and (as often pasted) with a newline at its end, whose fix is the
        // trimmed secret: suspicious either way.
        for secret in ["s3cr3t-xyz", "s3cr3t-0123456789abcdefghijklmnop\\n"] {
            let settings = format!(
                r#"{{"siteUrl":"https://wiki.example.com","host":"https://kc.example.com","realm":"wiki",
                "clientId":"wikijs","clientSecret":"{secret}","unknown":1}}"#
            );
            let derived = parse(&derive_text(&settings));
            assert_eq!(
                derived["endpoints"]["token"]["value"],
                "https://kc.example.com/realms/wiki/protocol/openid-connect/token"
            );
            let findings = diagnose_text(
                &settings,
                Some(r#"{"pageOrigin":"https://wiki.example.com"}"#),
            );
            assert!(!findings.contains("s3cr3t"), "{findings}");
            let codes = codes(&findings);
            assert!(codes.contains(&"secret-suspicious".to_owned()), "{codes:?}");
            let first = &parse(&findings)[0];
            for key in ["code", "severity", "fields", "message", "fix"] {
                assert!(first.get(key).is_some(), "{key} in {first}");
            }
        }
    }

    /// `keycloakExport` as the object Keycloak wrote or as its text: the same kc-* findings,
    /// and neither secret in the answer.
    #[test]
    fn a_keycloak_export_adds_its_findings_as_object_or_text() {
        let settings = r#"{"siteUrl":"https://wiki.example.com","strategyKey":"k1","host":"https://kc.example.com",
            "realm":"wiki","clientId":"wikijs","clientSecret":"form-secret-0123456789abcdef"}"#;
        let export = r#"{"clientId":"wikijs","publicClient":true,"secret":"export-secret-0123456789abcdef",
            "redirectUris":["https://wiki.example.com/*"],"attributes":{"pkce.code.challenge.method":"S256"}}"#;
        let as_text = serde_json::json!({ "keycloakExport": export }).to_string();
        let as_object = format!(r#"{{"keycloakExport":{export}}}"#);
        for context in [as_text, as_object] {
            let findings = diagnose_text(settings, Some(&context));
            assert!(
                !findings.contains("form-secret") && !findings.contains("export-secret"),
                "{findings}"
            );
            let codes = codes(&findings);
            for code in [
                "kc-public-client",
                "kc-redirect-uri-broad",
                "kc-pkce-required",
                "kc-secret-mismatch",
            ] {
                assert!(codes.contains(&code.to_owned()), "{code}: {codes:?}");
            }
        }
        let unreadable = diagnose_text(settings, Some(r#"{"keycloakExport":"not json"}"#));
        assert!(unreadable.contains("kc-export-unreadable"), "{unreadable}");
    }
}
