//! The wasm exports the loader (`loader.js`) calls. Hosts do not call these directly: they
//! use the loader's `mount` and the custom element. The loader's `derive` and `diagnose`
//! are the `tools` part's (`parts/src/api.rs`), loaded when first called.

use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::WithUntracked;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::app::options::{attribute_name, AppOptions, Observer, OPTION_NAMES};
use crate::app::{mount_app, Model};

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

/// `AppOptions` from a plain object of strings (`{ mode: "demo", siteUrl: "…" }`; the loader
/// turns other values into strings first).
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
            let value = entry.get(1).as_string()?;
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
            .and_then(|model| {
                model
                    .settings
                    .try_with_untracked(|s| serde_json::to_string(s).ok())
            })
            .flatten()
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
