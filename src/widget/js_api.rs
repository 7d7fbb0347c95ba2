//! The wasm exports the loader (`loader.js`) calls. Hosts do not call these directly: they
//! use the loader's `mount`, `derive`, `diagnose` and the custom element.
//!
//! `deriveJson` and `diagnoseJson` never throw: any input (a JSON string, a plain object,
//! or anything else) gives either the result or `{"error": {"code", "message"}}`.

use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::WithUntracked;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::app::options::{attribute_name, AppOptions, Observer, OPTION_NAMES};
use crate::app::{mount_app, Model};
use wkc_core::keycloak_export::parse_export;
use wkc_core::{derive, diagnose, Context, Settings};

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
    to_json(&diagnose(&settings, &context))
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

#[wasm_bindgen(js_name = liveInstances)]
pub fn live_instances() -> usize {
    super::live_instances()
}

/// The element's observed attributes (the loader asks once, at definition).
#[wasm_bindgen(js_name = optionAttributes)]
pub fn option_attributes() -> Vec<String> {
    OPTION_NAMES
        .iter()
        .map(|(attribute, _)| (*attribute).to_owned())
        .collect()
}

/// `AppOptions` from a plain object of strings (`{ mode: "demo", siteUrl: "…" }`).
fn options_from(value: &JsValue) -> AppOptions {
    let mut options = AppOptions::default();
    if !value.is_object() {
        return options;
    }
    let pairs: Vec<(String, String)> = js_sys::Object::entries(value.unchecked_ref())
        .iter()
        .filter_map(|entry| {
            let entry: js_sys::Array = entry.dyn_into().ok()?;
            let key = entry.get(0).as_string()?;
            let value = entry.get(1);
            let value = value
                .as_string()
                .or_else(|| value.as_bool().map(|b| b.to_string()))
                .or_else(|| value.as_f64().map(|n| n.to_string()))?;
            Some((attribute_name(&key)?.to_owned(), value))
        })
        .collect();
    options.apply(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    options
}

/// One mounted widget. Dropping it (the loader's `unmount`, or `free`) unmounts the app and
/// disposes its reactive state.
#[wasm_bindgen]
pub struct WidgetHandle {
    mounted: Option<Mounted>,
}

struct Mounted {
    /// The app's `UnmountHandle`: dropping it unmounts.
    app: Box<dyn Any>,
    model: Rc<Cell<Option<Model>>>,
    container: HtmlElement,
}

/// Mount the configurator into `container` (an element in the widget's shadow root) with
/// `options`; `emit(eventName, detailJson)` is called for every widget event.
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(
    container: HtmlElement,
    options: JsValue,
    emit: js_sys::Function,
) -> WidgetHandle {
    let mut options = options_from(&options);
    let model = Rc::new(Cell::new(None));
    let seen = model.clone();
    options.observer = Some(Observer(Rc::new(move |m: Model| {
        seen.set(Some(m));
        let emit = emit.clone();
        super::events::watch(m, move |name, detail| {
            let _ = emit.call2(
                &JsValue::NULL,
                &JsValue::from_str(name),
                &JsValue::from_str(&detail),
            );
        });
    })));
    let app = mount_app(container.clone(), options);
    super::LIVE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    WidgetHandle {
        mounted: Some(Mounted {
            app: Box::new(app),
            model,
            container,
        }),
    }
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Unmount and free the app's state. Idempotent.
    pub fn unmount(&mut self) {
        if let Some(mounted) = self.mounted.take() {
            super::LIVE.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
            mounted.model.set(None);
            drop(mounted.app);
        }
    }

    /// The form's settings as JSON, without the client secret; `null` once unmounted.
    pub fn settings(&self) -> String {
        self.mounted
            .as_ref()
            .and_then(|m| m.model.get())
            .and_then(|model| model.settings.try_with_untracked(to_json))
            .unwrap_or_else(|| "null".to_owned())
    }

    /// Switch the colour scheme in place (`light`, `dark`, anything else follows the
    /// system), keeping every typed value.
    #[wasm_bindgen(js_name = setTheme)]
    pub fn set_theme(&self, theme: &str) {
        let Some(mounted) = &self.mounted else {
            return;
        };
        let Ok(Some(app)) = mounted.container.query_selector(".wkc-app") else {
            return;
        };
        let mut options = AppOptions::default();
        options.apply([("theme", theme)]);
        let _ = match options.theme.attribute() {
            Some(value) => app.set_attribute("data-theme", value),
            None => app.remove_attribute("data-theme"),
        };
    }
}

impl Drop for WidgetHandle {
    fn drop(&mut self) {
        self.unmount();
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde_json::Value;

    use super::{derive_text, diagnose_text};

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).expect("always JSON")
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
        let settings = r#"{"siteUrl":"https://wiki.example.com","host":"https://kc.example.com","realm":"wiki",
            "clientId":"wikijs","clientSecret":"s3cr3t-xyz","unknown":1}"#;
        let derived = parse(&derive_text(settings));
        assert_eq!(
            derived["endpoints"]["token"]["value"],
            "https://kc.example.com/realms/wiki/protocol/openid-connect/token"
        );
        let findings = diagnose_text(
            settings,
            Some(r#"{"pageOrigin":"https://wiki.example.com"}"#),
        );
        assert!(!findings.contains("s3cr3t"), "{findings}");
        let codes: Vec<String> = parse(&findings)
            .as_array()
            .expect("a list")
            .iter()
            .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
            .collect();
        assert!(codes.contains(&"secret-suspicious".to_owned()), "{codes:?}");
        let first = &parse(&findings)[0];
        for key in ["code", "severity", "fields", "message", "fix"] {
            assert!(first.get(key).is_some(), "{key} in {first}");
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
            let codes: Vec<String> = parse(&findings)
                .as_array()
                .expect("a list")
                .iter()
                .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
                .collect();
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
