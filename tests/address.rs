//! The admin page's address in headless Chromium: a token to take out of it (`address::
//! tidy_later`) stays until the first screen is up (`address::tidy`), the page is left
//! (`pagehide`) or a second has passed, whichever comes first; then the address is the one
//! without it and the entry's state says it was taken. Only lower bounds on time are held
//! (a browser never runs a timeout early). docs/testing.md.
//!
//!   CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test address
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use wikijs_keycloak::address;

wasm_bindgen_test_configure!(run_in_browser);

/// What takes the token out.
#[derive(Clone, Copy, Debug)]
enum Then {
    /// Waiting: at half a second it is still there, at a second and a bit it is gone.
    Waited,
    FirstScreen,
    PageLeft,
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn search() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

/// Open the test page's address with a token, have it taken out `then`: the search before,
/// after, and the entry's state after. The test page's own address is put back.
async fn taken_out(then: Then) -> (String, String, JsValue) {
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    let own = window.location().href().unwrap();
    let path = window.location().pathname().unwrap();
    history
        .replace_state_with_url(
            &JsValue::NULL,
            "",
            Some(&format!("{path}?mode=wiki&token=t0k3n")),
        )
        .unwrap();
    address::tidy_later(JsValue::from_str("taken"), format!("{path}?mode=wiki"));
    let before = search();
    match then {
        Then::Waited => {
            sleep(500).await;
            assert_eq!(search(), before, "{then:?}: taken out before the second");
            sleep(700).await;
        }
        Then::FirstScreen => address::tidy(),
        Then::PageLeft => {
            window
                .dispatch_event(&web_sys::Event::new("pagehide").unwrap())
                .unwrap();
        }
    }
    let after = (search(), history.state().unwrap());
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&own))
        .unwrap();
    (before, after.0, after.1)
}

#[wasm_bindgen_test]
async fn the_token_leaves_the_address_at_the_first_screen_when_left_or_after_a_second() {
    // Waited first: the others' timers, due later, would take its token out sooner.
    for then in [Then::Waited, Then::FirstScreen, Then::PageLeft] {
        let (before, after, state) = taken_out(then).await;
        assert_eq!(
            before, "?mode=wiki&token=t0k3n",
            "{then:?}: there until then"
        );
        assert_eq!(after, "?mode=wiki", "{then:?}");
        assert_eq!(state.as_string().as_deref(), Some("taken"), "{then:?}");
    }
    // Once taken out, a later tidy changes nothing.
    let own = search();
    address::tidy();
    assert_eq!(search(), own, "a second tidy");
}
