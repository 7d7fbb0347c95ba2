//! The admin page in headless Chromium (wasm-bindgen-test-runner + Debian's chromedriver):
//! mount it against a demo wiki answering in process (the page's own demo comes from the
//! lazily loaded `demo` part, which the test runner does not serve), type into the form, let Leptos's effects
//! run, read the DOM back.
//!
//!   CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser
#![cfg(target_arch = "wasm32")]

use std::any::Any;

use leptos::prelude::document;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Event, EventInit, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlSelectElement,
};

use wikijs_keycloak::app::options::{AppOptions, DemoSource, Mode};
use wikijs_keycloak::backend::Backend;
use wikijs_keycloak::mount_app;

wasm_bindgen_test_configure!(run_in_browser);

/// The app mounted into a fresh `<section>` of its own; unmounted when dropped.
struct Page {
    section: HtmlElement,
    /// The `UnmountHandle`; dropping it unmounts the app.
    _handle: Box<dyn Any>,
}

impl Page {
    /// Mount against the demo backend and wait until it has loaded.
    async fn demo() -> Page {
        let section: HtmlElement = document()
            .create_element("section")
            .unwrap()
            .unchecked_into();
        document().body().unwrap().append_child(&section).unwrap();
        let demo = || {
            let mut wiki = wkc_demo::DemoWiki::new();
            Backend::with_demo(Box::new(move |body: &str| wiki.respond(body)))
        };
        let options = AppOptions {
            mode: Mode::Demo,
            demo: Some(DemoSource(std::rc::Rc::new(demo))),
            ..AppOptions::default()
        };
        let handle = mount_app(section.clone(), options);
        let page = Page {
            section,
            _handle: Box::new(handle),
        };
        page.settle_until(r#"[data-load-state="ready"]"#).await;
        // What the page builds in the task after it is marked interactive (`Deferred`).
        next_task().await;
        page.settle().await;
        page
    }

    /// Let Leptos run its effects until `selector` matches (bounded), and the browser its
    /// tasks now and then: the group reads go out in the task after the first screen.
    async fn settle_until(&self, selector: &str) {
        for i in 0..200 {
            if self.has(selector) {
                return;
            }
            if i % 20 == 19 {
                next_task().await;
            } else {
                leptos::task::tick().await;
            }
        }
        panic!("{selector} never appeared:\n{}", self.section.inner_html());
    }

    /// Let effects (and effects they trigger) run.
    async fn settle(&self) {
        for _ in 0..5 {
            leptos::task::tick().await;
        }
    }

    fn element<T: JsCast>(&self, selector: &str) -> T {
        self.section
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
            .unchecked_into()
    }

    /// The input named `name` (the field's stable id: `host`, `token-url`, …).
    fn input(&self, name: &str) -> HtmlInputElement {
        self.element(&format!(r#"input[name="{name}"]"#))
    }

    fn fire(&self, target: &HtmlElement, kind: &str) {
        let init = EventInit::new();
        init.set_bubbles(true);
        target
            .dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap())
            .unwrap();
    }

    /// Type `value` the way a user's browser reports it: set it, then fire `input`.
    async fn type_into(&self, name: &str, value: &str) {
        let input = self.input(name);
        input.set_value(value);
        self.fire(&input, "input");
        self.settle().await;
    }

    /// Host and Realm: enough for every URL to be derived.
    async fn connect(&self, host: &str, realm: &str) {
        self.type_into("host", host).await;
        self.type_into("realm", realm).await;
    }

    /// A configuration with no error: Host, Realm, Client ID and a Keycloak-like secret.
    async fn complete(&self) {
        self.connect("https://kc.example.com", "wiki").await;
        self.type_into("client-id", "wikijs").await;
        self.type_into("client-secret", "x7Kp2mQ9vR4tL8wZ3nB6cF1hJ5dG0sYa")
            .await;
    }

    async fn click(&self, selector: &str) {
        self.element::<HtmlElement>(selector).click();
        self.settle().await;
    }

    fn has(&self, selector: &str) -> bool {
        self.section.query_selector(selector).unwrap().is_some()
    }

    fn save_button(&self) -> HtmlButtonElement {
        self.element(r#"[data-action="save"]"#)
    }
}

#[wasm_bindgen_test]
async fn typing_a_host_and_realm_shows_the_four_urls() {
    let page = Page::demo().await;
    page.connect("https://kc.example.com", "wiki").await;
    let base = "https://kc.example.com/realms/wiki/protocol/openid-connect";
    for (name, path) in [
        ("authorization-url", "auth"),
        ("token-url", "token"),
        ("user-info-url", "userinfo"),
        ("logout-url", "logout"),
    ] {
        assert_eq!(page.input(name).value(), format!("{base}/{path}"), "{name}");
    }
}

#[wasm_bindgen_test]
async fn a_localhost_host_warns_about_the_loopback_backchannel() {
    let page = Page::demo().await;
    page.connect("http://localhost:8080", "wiki").await;
    assert_eq!(
        page.input("token-url").value(),
        "http://localhost:8080/realms/wiki/protocol/openid-connect/token"
    );
    assert!(
        page.has(r#".wkc-diag-warning[data-code="backchannel-loopback"]"#),
        "{}",
        page.section.inner_html()
    );
}

#[wasm_bindgen_test]
async fn a_host_ending_in_auth_switches_to_the_legacy_layout() {
    let page = Page::demo().await;
    page.connect("https://kc.example.com/auth", "wiki").await;
    assert_eq!(
        page.input("authorization-url").value(),
        "https://kc.example.com/auth/realms/wiki/protocol/openid-connect/auth"
    );
    assert!(page.has(r#"[data-code="legacy-path"]"#));
    let hint = page
        .element::<HtmlElement>(r#"[data-field="layout"] .wkc-hint"#)
        .text_content()
        .unwrap_or_default();
    assert!(hint.contains("legacy"), "{hint}");
}

#[wasm_bindgen_test]
async fn a_group_without_read_access_warns_and_one_click_adds_a_readable_one() {
    let page = Page::demo().await;
    let editors: HtmlInputElement = page.element(r#"[data-group] input[data-grants="none"]"#);
    editors.click();
    page.settle().await;
    assert!(
        page.has(r#"[data-code="group-without-read"]"#),
        "{}",
        page.section.inner_html()
    );
    page.click(r#"[data-code="group-without-read"] [data-action="fix"]"#)
        .await;
    let readers: HtmlInputElement = page.element(r#"[data-group="3"] input"#);
    assert!(readers.checked(), "Readers is ticked");
    assert!(editors.checked(), "Editors stays ticked");
    assert!(!page.has(r#"[data-code="group-without-read"]"#));
}

#[wasm_bindgen_test]
async fn a_one_click_fix_splits_a_pasted_url() {
    let page = Page::demo().await;
    page.type_into(
        "host",
        "https://kc.example.com/realms/wiki/protocol/openid-connect/auth",
    )
    .await;
    assert!(page.has(r#"[data-code="pasted-full-url"]"#));
    page.click(r#"[data-field="host"] [data-code="pasted-full-url"] [data-action="fix"]"#)
        .await;
    assert_eq!(page.input("host").value(), "https://kc.example.com");
    assert_eq!(page.input("realm").value(), "wiki");
    assert!(!page.has(r#"[data-code="pasted-full-url"]"#));
}

#[wasm_bindgen_test]
async fn save_waits_while_an_error_stands_and_stays_a_tab_stop() {
    let page = Page::demo().await;
    page.complete().await;
    let waits = |page: &Page| page.save_button().get_attribute("aria-disabled");
    assert_eq!(
        waits(&page).as_deref(),
        Some("false"),
        "a complete configuration can be saved"
    );
    page.type_into("host", "ftp://kc.example.com").await;
    assert!(page.has(r#".wkc-diag-error[data-code="host-invalid"]"#));
    assert_eq!(
        waits(&page).as_deref(),
        Some("true"),
        "an error blocks saving"
    );
    assert!(
        !page.save_button().disabled(),
        "never disabled: it keeps its Tab stop and says why it waits"
    );
}

#[wasm_bindgen_test]
async fn saving_to_the_demo_backend_reports_success() {
    let page = Page::demo().await;
    page.complete().await;
    page.click(r#"[data-action="save"]"#).await;
    page.settle_until(r#"[data-save-status="saved"]"#).await;
    assert!(
        page.has("[data-demo-note]"),
        "the demo says it saves nowhere"
    );
}

#[wasm_bindgen_test]
async fn the_layout_selector_overrides_the_host() {
    let page = Page::demo().await;
    page.connect("https://kc.example.com", "wiki").await;
    let select: HtmlSelectElement = page.element(r#"select[name="layout"]"#);
    select.set_value("legacy");
    page.fire(&select, "change");
    page.settle().await;
    assert_eq!(
        page.input("token-url").value(),
        "https://kc.example.com/auth/realms/wiki/protocol/openid-connect/token"
    );
}

#[wasm_bindgen_test]
async fn the_client_secret_is_masked_and_every_control_is_labelled() {
    let page = Page::demo().await;
    let secret = page.input("client-secret");
    assert_eq!(secret.type_(), "password");
    assert_eq!(secret.get_attribute("autocomplete").as_deref(), Some("off"));
    page.click(r#"[data-field="client-secret"] [data-action="reveal-secret"]"#)
        .await;
    assert_eq!(
        page.input("client-secret").type_(),
        "text",
        "the reveal toggle shows it"
    );
    for name in [
        "authorization-url",
        "token-url",
        "user-info-url",
        "logout-url",
        "callback-url",
    ] {
        assert!(page.input(name).read_only(), "{name} is read-only");
    }
    let controls = page
        .section
        .query_selector_all("input, select, textarea")
        .unwrap();
    assert!(controls.length() >= 15, "every field is on the page");
    for i in 0..controls.length() {
        let control: HtmlElement = controls.item(i).unwrap().unchecked_into();
        let label = format!(r#"label[for="{}"]"#, control.id());
        assert!(page.has(&label), "{} has no label", control.outer_html());
    }
}

#[wasm_bindgen_test]
async fn go_to_focuses_the_control_that_fixes_the_finding() {
    let page = Page::demo().await;
    page.connect("http://localhost:8080", "wiki").await;
    page.click(r#"[data-section="findings"] [data-code="backchannel-loopback"] [data-action="focus-field"]"#).await;
    // Not the read-only Token Endpoint URL the finding is about: the Internal base URL,
    // inside the Advanced section, which "Go to" opened.
    let active = document().active_element().expect("something has focus");
    assert_eq!(
        active.get_attribute("name").as_deref(),
        Some("internal-base-url")
    );
    assert!(page.has("details[open] input[name=\"internal-base-url\"]"));
}

#[wasm_bindgen_test]
async fn legacy_logout_follows_the_layout_of_a_new_strategy() {
    let page = Page::demo().await;
    page.type_into("realm", "wiki").await;
    page.type_into("host", "https://kc.example.com/auth").await;
    page.settle_until(r#"input[name="logout-legacy-redirect"]:checked"#)
        .await;
    page.type_into("host", "https://kc.example.com").await;
    for _ in 0..20 {
        leptos::task::tick().await;
    }
    assert!(
        !page.input("logout-legacy-redirect").checked(),
        "Keycloak 17+ must not get the legacy redirect"
    );
    assert!(!page.has(r#"[data-code="logout-legacy-on-new-keycloak"]"#));
}

#[wasm_bindgen_test]
async fn the_preview_shows_the_full_list_with_the_secret_masked() {
    let page = Page::demo().await;
    page.connect("https://kc.example.com", "wiki").await;
    page.type_into("client-secret", "x7Kp2mQ9vR4tL8wZ3nB6cF1hJ5dG0sYa")
        .await;
    page.click(r#"[data-action="preview"]"#).await;
    page.settle_until(r#"pre[data-preview="planned"]"#).await;
    let planned = page
        .element::<HtmlElement>(r#"pre[data-preview="planned"]"#)
        .text_content()
        .unwrap_or_default();
    assert!(
        planned.contains("\"key\": \"local\""),
        "every strategy is in the list: {planned}"
    );
    assert!(planned.contains("kc.example.com"), "{planned}");
    assert!(
        !planned.contains("x7Kp2mQ9vR4tL8wZ3nB6cF1hJ5dG0sYa"),
        "the secret is masked"
    );
}

/// One browser task later (a zero timeout): effects run as microtasks, timers do not.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
