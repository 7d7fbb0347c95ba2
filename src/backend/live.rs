//! The live check's network side: fetches each probe the `tools` part asks for
//! (`parts::live`) from the admin's browser and hands the answer back as a [`ProbeOutcome`].
//! Which URLs and what the answers mean is `core::diagnostics::live`'s business, run in the
//! part; this file only fetches.
//!
//! Every probe is a plain cross-origin `GET` of a discovery URL: no custom headers, no
//! cookies or other credentials (`credentials: omit`), no referrer, not cached. Redirects are
//! followed, as the browser does, and where the answer came from is kept. Nothing of
//! the form (the client secret least of all) is ever sent. Each fetch is aborted after the
//! plan's `timeout_ms` (8 s), and a body is read up to [`MAX_BODY_BYTES`].
//!
//! A [`Cancel`] held by the caller stops a check: it aborts the fetch in flight, and the page
//! answers the part's next request with "cancelled", so no further probe starts. The page
//! cancels the older check whenever a newer edit or check comes.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wkc_core::diagnostics::live::ProbeOutcome;

/// The most of a response body that is read (the core's limit: it names a body cut there).
pub use wkc_core::diagnostics::live::MAX_DISCOVERY_BYTES as MAX_BODY_BYTES;

/// Stops one running check. Clones share the state; cancelling is final.
#[derive(Clone, Default)]
pub struct Cancel(Rc<CancelState>);

#[derive(Default)]
struct CancelState {
    cancelled: Cell<bool>,
    /// Aborts the request in flight, if any.
    abort: RefCell<Option<Box<dyn Fn()>>>,
}

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }

    /// Abort the request in flight and start no other.
    pub fn cancel(&self) {
        self.0.cancelled.set(true);
        let abort = self.0.abort.borrow_mut().take();
        if let Some(abort) = abort {
            abort();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.get()
    }

    /// While a request runs: how to abort it.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn while_running(&self, abort: Option<Box<dyn Fn()>>) {
        *self.0.abort.borrow_mut() = abort;
    }
}

/// Fetch one probe in this browser: a credential-less `GET`, aborted when `timeout_ms` passes
/// or `cancel` fires.
pub async fn probe(url: &str, timeout_ms: u32, cancel: &Cancel) -> ProbeOutcome {
    http::probe(url, timeout_ms, cancel).await
}

/// Whether a `Content-Type` is JSON (`application/json`, `…+json`, with parameters).
pub fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// A body as text: at most [`MAX_BODY_BYTES`] of it, invalid UTF-8 replaced.
pub fn body_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_BODY_BYTES)]).into_owned()
}

/// What an answer was, from its status, content type and body.
pub fn outcome_of(status: u16, content_type: Option<&str>, body: &[u8]) -> ProbeOutcome {
    let body = body_text(body);
    if content_type.is_some_and(is_json) {
        ProbeOutcome::Json { status, body }
    } else {
        ProbeOutcome::Http { status, body }
    }
}

#[cfg(target_arch = "wasm32")]
mod http {
    use js_sys::{Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{
        AbortSignal, ReadableStreamDefaultReader, ReferrerPolicy, RequestCache, RequestCredentials,
        RequestInit, RequestMode, Response,
    };

    use super::{outcome_of, Cancel, ProbeOutcome, MAX_BODY_BYTES};
    use crate::backend::deadline::Deadline;

    /// One probe: a credential-less `GET`, aborted when `timeout_ms` passes or `cancel` fires.
    pub(super) async fn probe(url: &str, timeout_ms: u32, cancel: &Cancel) -> ProbeOutcome {
        let deadline = match Deadline::start(timeout_ms) {
            Ok(deadline) => deadline,
            Err(reason) => return ProbeOutcome::NetworkError(reason),
        };
        cancel.while_running(Some(Box::new({
            let controller = deadline.controller().clone();
            move || controller.abort()
        })));
        let outcome = exchange(deadline.window(), url, &deadline.signal()).await;
        let timed_out = deadline.finish();
        cancel.while_running(None);
        if timed_out {
            ProbeOutcome::Timeout
        } else {
            outcome
        }
    }

    async fn exchange(window: &web_sys::Window, url: &str, signal: &AbortSignal) -> ProbeOutcome {
        let init = RequestInit::new();
        init.set_method("GET");
        init.set_mode(RequestMode::Cors);
        init.set_credentials(RequestCredentials::Omit);
        init.set_cache(RequestCache::NoStore);
        init.set_referrer_policy(ReferrerPolicy::NoReferrer);
        init.set_signal(Some(signal));
        let response: Response = match window.fetch_with_str_and_init(url, &init).await {
            Ok(response) => response.unchecked_into(),
            Err(error) => return ProbeOutcome::NetworkError(describe(&error)),
        };
        let status = response.status();
        let content_type = response.headers().get("content-type").ok().flatten();
        let answer = match read_capped(&response).await {
            Ok(body) => outcome_of(status, content_type.as_deref(), &body),
            Err(error) => return ProbeOutcome::NetworkError(describe(&error)),
        };
        // The browser followed redirects to get here: where it landed matters (Wiki.js's
        // server follows none).
        if response.redirected() {
            ProbeOutcome::Redirected {
                to: response.url(),
                answer: Box::new(answer),
            }
        } else {
            answer
        }
    }

    /// The body's first [`MAX_BODY_BYTES`], read chunk by chunk; the rest is never downloaded.
    async fn read_capped(response: &Response) -> Result<Vec<u8>, JsValue> {
        let Some(stream) = response.body() else {
            return Ok(Vec::new());
        };
        let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
        let mut body = Vec::new();
        loop {
            let chunk = reader.read().await?;
            if Reflect::get(&chunk, &JsValue::from_str("done"))?.is_truthy() {
                break;
            }
            let value = Reflect::get(&chunk, &JsValue::from_str("value"))?;
            if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
                let room = MAX_BODY_BYTES - body.len();
                let take = (bytes.length() as usize).min(room);
                body.extend_from_slice(&bytes.subarray(0, take as u32).to_vec());
            }
            if body.len() >= MAX_BODY_BYTES {
                let _ = reader.cancel();
                break;
            }
        }
        Ok(body)
    }

    /// The browser's reason (`TypeError: Failed to fetch`): it never says DNS, TLS or CORS.
    fn describe(error: &JsValue) -> String {
        if let Some(error) = error.dyn_ref::<js_sys::Error>() {
            let name = error.name().as_string().unwrap_or_default();
            let message = error.message().as_string().unwrap_or_default();
            return match (name.is_empty(), message.is_empty()) {
                (false, false) => format!("{name}: {message}"),
                (false, true) => name,
                _ => message,
            };
        }
        error.as_string().unwrap_or_default()
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod http {
    use super::{Cancel, ProbeOutcome};

    /// Outside a browser there is no fetch.
    pub(super) async fn probe(_url: &str, _timeout_ms: u32, _cancel: &Cancel) -> ProbeOutcome {
        ProbeOutcome::NetworkError("the live check needs a browser".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_aborts_the_request_in_flight_once() {
        let cancel = Cancel::new();
        let aborted = Rc::new(Cell::new(0));
        cancel.while_running(Some(Box::new({
            let aborted = Rc::clone(&aborted);
            move || aborted.set(aborted.get() + 1)
        })));
        let clone = cancel.clone();
        clone.cancel();
        cancel.cancel();
        assert!(cancel.is_cancelled());
        assert_eq!(aborted.get(), 1);
    }

    #[rustfmt::skip]
    #[test]
    fn answers_are_json_by_content_type_and_bodies_are_capped() {
        let cases: &[(Option<&str>, bool)] = &[
            (Some("application/json"), true),
            (Some("application/json;charset=UTF-8"), true),
            (Some(" Application/JSON ; charset=utf-8"), true),
            (Some("application/jwk-set+json"), true),
            (Some("text/html;charset=UTF-8"), false),
            (Some("text/plain"), false),
            (Some("application/jsonp"), false),
            (None, false),
        ];
        for (content_type, json) in cases {
            let outcome = outcome_of(200, *content_type, b"{}");
            assert_eq!(matches!(outcome, ProbeOutcome::Json { .. }), *json, "{content_type:?}");
        }
        let big = vec![b'a'; MAX_BODY_BYTES + 10];
        assert_eq!(body_text(&big).len(), MAX_BODY_BYTES);
        assert_eq!(body_text(b"caf\xc3\xa9 \xff"), "café \u{fffd}");
        assert_eq!(outcome_of(404, Some("application/json"), br#"{"error":"Realm does not exist"}"#),
            ProbeOutcome::Json { status: 404, body: r#"{"error":"Realm does not exist"}"#.into() });
    }
}

/// The fetch itself, in headless Chromium (`cargo test --target wasm32-unknown-unknown`):
/// `blob:` URLs stand in for Keycloak's answers (the end-to-end suite fetches a stand-in).
#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
    use web_sys::{Blob, BlobPropertyBag, Url};

    use super::{http, Cancel, ProbeOutcome, MAX_BODY_BYTES};

    wasm_bindgen_test_configure!(run_in_browser);

    fn blob_url(body: &str, content_type: &str) -> String {
        let parts = js_sys::Array::of1(&JsValue::from_str(body));
        let options = BlobPropertyBag::new();
        options.set_type(content_type);
        let blob = Blob::new_with_str_sequence_and_options(&parts, &options).unwrap();
        Url::create_object_url_with_blob(&blob).unwrap()
    }

    #[wasm_bindgen_test]
    async fn a_json_answer_is_read_up_to_the_cap() {
        let big = format!("{{\"issuer\":\"{}\"}}", "a".repeat(MAX_BODY_BYTES + 4096));
        let outcome = http::probe(&blob_url(&big, "application/json"), 8_000, &Cancel::new()).await;
        let ProbeOutcome::Json { status, body } = outcome else {
            panic!("not read as JSON: {outcome:?}");
        };
        assert_eq!(status, 200);
        assert_eq!(body.len(), MAX_BODY_BYTES);
        assert!(big.starts_with(&body));
    }

    #[wasm_bindgen_test]
    async fn an_html_answer_is_http_and_a_bad_url_a_network_error() {
        let page = "<html><body>Not Found</body></html>";
        let outcome = http::probe(&blob_url(page, "text/html"), 8_000, &Cancel::new()).await;
        assert_eq!(
            outcome,
            ProbeOutcome::Http {
                status: 200,
                body: page.into()
            }
        );
        let outcome = http::probe("http://[::1", 8_000, &Cancel::new()).await;
        assert!(
            matches!(&outcome, ProbeOutcome::NetworkError(m) if m.starts_with("TypeError")),
            "{outcome:?}"
        );
    }
}
