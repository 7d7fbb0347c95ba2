//! The page in headless Chromium (wasm-bindgen-test-runner + Debian's chromedriver):
//! type into the form, let Leptos's effects run, read the DOM back.
//!
//!   CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser
#![cfg(target_arch = "wasm32")]

use std::any::Any;

use leptos::prelude::document;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Event, EventInit, HtmlElement, HtmlInputElement};

use wikijs_keycloak::mount_app;

wasm_bindgen_test_configure!(run_in_browser);

/// The app mounted into a fresh `<section>` of its own; unmounted when dropped.
struct Page {
    section: HtmlElement,
    /// The `UnmountHandle`; dropping it unmounts the app.
    _handle: Box<dyn Any>,
}

impl Page {
    fn mount() -> Page {
        let section: HtmlElement = document()
            .create_element("section")
            .unwrap()
            .unchecked_into();
        document().body().unwrap().append_child(&section).unwrap();
        let handle = mount_app(section.clone());
        Page {
            section,
            _handle: Box::new(handle),
        }
    }

    /// The input named `name` (the field's stable id: `host`, `token-url`, …).
    fn input(&self, name: &str) -> HtmlInputElement {
        self.section
            .query_selector(&format!(r#"input[name="{name}"]"#))
            .unwrap()
            .unwrap_or_else(|| panic!("no input named {name}"))
            .unchecked_into()
    }

    /// Type `value` the way a user's browser reports it: set it, then fire `input`.
    fn type_into(&self, name: &str, value: &str) {
        let input = self.input(name);
        input.set_value(value);
        let init = EventInit::new();
        init.set_bubbles(true);
        let event = Event::new_with_event_init_dict("input", &init).unwrap();
        input.dispatch_event(&event).unwrap();
    }

    fn has(&self, selector: &str) -> bool {
        self.section.query_selector(selector).unwrap().is_some()
    }
}

#[wasm_bindgen_test]
async fn local_keycloak_derives_urls_and_warns_about_the_loopback_backchannel() {
    let page = Page::mount();
    page.type_into("host", "http://localhost:8080");
    page.type_into("realm", "wiki");
    leptos::task::tick().await;

    assert_eq!(
        page.input("token-url").value(),
        "http://localhost:8080/realms/wiki/protocol/openid-connect/token"
    );
    assert!(
        page.has(r#"[data-code="backchannel-loopback"]"#),
        "{}",
        page.section.inner_html()
    );
    assert!(page.has(r#"[data-code="backchannel-loopback"].wkc-diag.wkc-diag-warning"#));
}

#[wasm_bindgen_test]
async fn a_host_ending_in_auth_gives_legacy_urls() {
    let page = Page::mount();
    page.type_into("host", "https://kc.example.com/auth");
    page.type_into("realm", "wiki");
    leptos::task::tick().await;

    let authorization = page.input("authorization-url").value();
    assert!(authorization.contains("/auth/realms/"), "{authorization}");
    assert_eq!(
        authorization,
        "https://kc.example.com/auth/realms/wiki/protocol/openid-connect/auth"
    );
}

#[wasm_bindgen_test]
fn the_client_secret_is_masked_and_every_input_is_labelled() {
    let page = Page::mount();
    let secret = page.input("client-secret");
    assert_eq!(secret.type_(), "password");
    assert_eq!(secret.get_attribute("autocomplete").as_deref(), Some("off"));
    for name in [
        "authorization-url",
        "token-url",
        "user-info-url",
        "logout-url",
        "callback-url",
    ] {
        assert!(page.input(name).read_only(), "{name} is read-only");
    }

    let inputs = page.section.query_selector_all("input").unwrap();
    assert!(inputs.length() >= 10, "5 fields and 5 URLs");
    for i in 0..inputs.length() {
        let input: HtmlElement = inputs.item(i).unwrap().unchecked_into();
        let label = format!(r#"label[for="{}"]"#, input.id());
        assert!(page.has(&label), "input {} has no label", input.id());
    }
}
