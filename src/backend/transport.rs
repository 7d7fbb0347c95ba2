//! Moving one request body to Wiki.js and its answer back, and nothing else: what the body
//! says and what the answer means is `core::wikijs`'s business.
//!
//! Over HTTP the request goes same-origin with the admin's `jwt` cookie, plus a Bearer token
//! when the host page gave one, with `Content-Type: application/json` exactly (Wiki.js only
//! returns a renewed token in the `new-jwt` header then, and it replaces the token for every
//! later request). Each request is aborted after [`TIMEOUT_SECONDS`]. Neither the body (it
//! may carry the client secret) nor the token is ever logged.

use std::cell::RefCell;

use crate::parts::Demo;
use wkc_core::wikijs::{is_plausible_jwt, BackendError};

/// How long one request may take before it is aborted.
pub const TIMEOUT_SECONDS: u32 = 15;

/// What came back: the HTTP status and the body as text.
#[derive(Clone, PartialEq, Eq)]
pub struct RawResponse {
    pub status: u16,
    pub body: String,
}

/// No HTTP answer at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// Nothing within [`TIMEOUT_SECONDS`]; the request was aborted.
    Timeout,
    /// The browser could not complete the request (offline, refused, connection cut).
    Network(String),
    /// `Content-Length` announced more than a Wiki.js answer can be; the body was not read.
    TooLarge(u64),
    /// The demo wiki's part did not load (its words: the file, or the wait).
    DemoNotLoaded(String),
}

impl TransportError {
    /// One sentence for the admin (worded once, in `core::wikijs::response`).
    pub fn message(&self) -> String {
        BackendError::from(self.clone()).message()
    }
}

impl From<TransportError> for BackendError {
    fn from(error: TransportError) -> Self {
        match error {
            TransportError::Timeout => BackendError::Timeout {
                seconds: TIMEOUT_SECONDS,
            },
            TransportError::Network(detail) => BackendError::Network { detail },
            TransportError::TooLarge(bytes) => BackendError::TooLarge { bytes },
            TransportError::DemoNotLoaded(detail) => BackendError::DemoNotLoaded { detail },
        }
    }
}

/// Where requests go: a Wiki.js `/graphql` endpoint, or the in-memory demo wiki (in the
/// browser, the lazily loaded `demo` part: a part that fails to load is a network error).
pub enum Transport {
    Http {
        endpoint: String,
        /// The Bearer token; replaced by each `new-jwt` the server sends.
        token: RefCell<Option<String>>,
    },
    Demo(Demo),
}

/// A request already on its way (see [`Transport::send`]); [`Transport::answer`] awaits it.
pub struct Sent(SentTo);

enum SentTo {
    Http(Result<http::InFlight, TransportError>),
    /// The demo wiki answers when asked for the answer.
    Demo(String),
}

impl Transport {
    /// POST `body` and return the answer, whatever its status.
    pub async fn post(&self, body: String) -> Result<RawResponse, TransportError> {
        self.answer(self.send(body)).await
    }

    /// Start `body`'s request now, before anything is awaited: the page's first load goes
    /// out before the page is built, and several group reads go out together.
    pub fn send(&self, body: String) -> Sent {
        Sent(match self {
            Transport::Demo(_) => SentTo::Demo(body),
            Transport::Http { endpoint, token } => {
                SentTo::Http(http::send(endpoint, token.borrow().as_deref(), body))
            }
        })
    }

    /// The answer to a request [`Transport::send`] started, whatever its status.
    pub async fn answer(&self, sent: Sent) -> Result<RawResponse, TransportError> {
        match (self, sent.0) {
            (Transport::Demo(wiki), SentTo::Demo(body)) => {
                let (status, body) = wiki.respond(&body).await.map_err(|e| {
                    if crate::parts::loaded(e.part) {
                        TransportError::Network(e.message())
                    } else {
                        TransportError::DemoNotLoaded(e.message())
                    }
                })?;
                Ok(RawResponse { status, body })
            }
            (Transport::Http { token, .. }, SentTo::Http(in_flight)) => {
                let answer = http::answer(in_flight?).await?;
                renew(token, answer.new_jwt);
                Ok(answer.response)
            }
            _ => Err(TransportError::Network(
                "a request was sent through another transport".to_owned(),
            )),
        }
    }
}

/// Use the token of a `new-jwt` header from now on. A header that cannot be a token
/// Wiki.js issued (empty, garbage, huge) changes nothing: adopting it would sign every
/// later request out.
fn renew(token: &RefCell<Option<String>>, new_jwt: Option<String>) {
    if let Some(new_jwt) = new_jwt.filter(|t| is_plausible_jwt(t.trim())) {
        *token.borrow_mut() = Some(new_jwt.trim().to_owned());
    }
}

/// An HTTP answer and the renewed token it carried, if any.
struct Answer {
    response: RawResponse,
    new_jwt: Option<String>,
}

#[cfg(target_arch = "wasm32")]
mod http {
    use std::cell::RefCell;

    use gloo_net::http::{Request, Response};
    use js_sys::{Promise, Reflect};
    use wasm_bindgen::prelude::wasm_bindgen;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{AbortController, RequestCredentials};

    use super::{Answer, RawResponse, TransportError, TIMEOUT_SECONDS};
    use crate::backend::deadline::Deadline;
    use wkc_core::wikijs::too_large;

    /// A fetch the browser is running, and the [`Deadline`] that aborts it.
    pub(in crate::backend) struct InFlight {
        deadline: Deadline,
        fetch: JsFuture,
    }

    thread_local! {
        /// The load the loader asked while the wasm downloaded (`setEarlyLoad`), until the
        /// first request takes or drops it.
        static EARLY: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    }

    /// Called by the loader before `startPage()`: `{endpoint, token, body, response}`, the
    /// admin page's load it already sent (src/widget/loader.js, `askWikiEarly`).
    #[wasm_bindgen(js_name = setEarlyLoad)]
    pub fn set_early_load(early: JsValue) {
        EARLY.with(|e| *e.borrow_mut() = Some(early));
    }

    /// The early request's answer and the controller that aborts it, when it is exactly the
    /// request about to go out.
    fn take_early(
        endpoint: &str,
        bearer: Option<&str>,
        body: &str,
    ) -> Option<(Promise, AbortController)> {
        let early = EARLY.with(|e| e.borrow_mut().take())?;
        let field = |key: &str| Reflect::get(&early, &key.into()).ok();
        let text = |key: &str| field(key)?.as_string();
        let same = text("endpoint").as_deref() == Some(endpoint)
            && text("token").as_deref() == bearer
            && text("body").as_deref() == Some(body);
        if !same {
            return None;
        }
        Some((
            field("response")?.dyn_into().ok()?,
            field("abort")?.dyn_into().ok()?,
        ))
    }

    /// Start one fetch, bounded by [`TIMEOUT_SECONDS`] (or take the loader's, when it is
    /// this one).
    pub(super) fn send(
        endpoint: &str,
        bearer: Option<&str>,
        body: String,
    ) -> Result<InFlight, TransportError> {
        let limit = TIMEOUT_SECONDS * 1000;
        if let Some((answer, controller)) = take_early(endpoint, bearer, &body) {
            let deadline =
                Deadline::start_with(controller, limit).map_err(TransportError::Network)?;
            return Ok(InFlight {
                deadline,
                fetch: JsFuture::from(answer),
            });
        }
        let deadline = Deadline::start(limit).map_err(TransportError::Network)?;
        let mut request = Request::post(endpoint)
            .credentials(RequestCredentials::SameOrigin)
            .header("Content-Type", "application/json")
            .abort_signal(Some(&deadline.signal()));
        if let Some(token) = bearer {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        let request: web_sys::Request = request.body(body).map_err(network)?.into();
        let fetch = JsFuture::from(deadline.window().fetch_with_request(&request));
        Ok(InFlight { deadline, fetch })
    }

    /// Its answer, or why there is none (the time ran out first, or the browser's reason).
    pub(super) async fn answer(in_flight: InFlight) -> Result<Answer, TransportError> {
        let InFlight { deadline, fetch } = in_flight;
        let result = read(fetch).await;
        if let Err(TransportError::TooLarge(_)) = result {
            // Stop the download the answer was refused for.
            deadline.controller().abort();
        }
        if deadline.finish() {
            return Err(TransportError::Timeout);
        }
        result
    }

    async fn read(fetch: JsFuture) -> Result<Answer, TransportError> {
        let response: Response = fetch
            .await
            .map_err(rejected)?
            .dyn_into::<web_sys::Response>()
            .map_err(rejected)?
            .into();
        let status = response.status();
        let headers = response.headers();
        // The announced size first: a 10 MB answer is refused before it is downloaded (the
        // decoder checks the text's length too, for answers that announce none).
        let announced = headers
            .get("content-length")
            .and_then(|n| n.trim().parse().ok());
        if let Some(bytes) = announced.filter(|&n| too_large(n).is_some()) {
            return Err(TransportError::TooLarge(bytes));
        }
        let new_jwt = headers.get("new-jwt");
        let body = response.text().await.map_err(network)?;
        Ok(Answer {
            response: RawResponse { status, body },
            new_jwt,
        })
    }

    /// The browser's reason (`TypeError: Failed to fetch`, …): it names neither body nor token.
    fn network(error: gloo_net::Error) -> TransportError {
        TransportError::Network(error.to_string())
    }

    /// The same for a fetch that was refused: the error's own `toString()`.
    fn rejected(error: JsValue) -> TransportError {
        TransportError::Network(match error.dyn_ref::<js_sys::Error>() {
            Some(error) => String::from(error.to_string()),
            None => "the browser gave no reason".to_owned(),
        })
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod http {
    use super::{Answer, TransportError};

    /// Outside a browser there is no fetch: native builds use the demo transport only.
    pub(in crate::backend) enum InFlight {}

    pub(super) fn send(
        _endpoint: &str,
        _bearer: Option<&str>,
        _body: String,
    ) -> Result<InFlight, TransportError> {
        Err(TransportError::Network(
            "talking to Wiki.js over HTTP needs a browser".to_owned(),
        ))
    }

    pub(super) async fn answer(in_flight: InFlight) -> Result<Answer, TransportError> {
        match in_flight {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    #[test]
    fn a_new_jwt_header_replaces_the_token_only_when_it_can_be_one() {
        const OLD: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpZCI6MX0.old";
        const NEW: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpZCI6MX0.new";
        let padded = format!(" {NEW} \r\n");
        let cases: &[(Option<&str>, Option<&str>, Option<&str>)] = &[
            (None, None, None),
            (Some(OLD), None, Some(OLD)),
            (Some(OLD), Some(NEW), Some(NEW)),
            (None, Some(NEW), Some(NEW)),
            (Some(OLD), Some(""), Some(OLD)),
            (Some(OLD), Some(&padded), Some(NEW)),
            (Some(OLD), Some("x"), Some(OLD)),
            (Some(OLD), Some("a.b"), Some(OLD)),
            (Some(OLD), Some("Bearer x"), Some(OLD)),
            (None, Some("a.b.c"), None),
        ];
        for (before, header, after) in cases {
            let token = RefCell::new(before.map(str::to_owned));
            renew(&token, header.map(str::to_owned));
            assert_eq!(token.into_inner().as_deref(), *after, "{before:?} + {header:?}");
        }
    }

    #[test]
    fn transport_errors_read_as_backend_errors() {
        assert_eq!(
            BackendError::from(TransportError::Timeout),
            BackendError::Timeout { seconds: 15 }
        );
        assert!(TransportError::Timeout.message().contains("15 s"));
        let huge = TransportError::TooLarge(10 * 1024 * 1024).message();
        assert!(huge.contains("10.0 MB"), "{huge}");
        let cut = TransportError::Network("TypeError: Failed to fetch".into()).message();
        assert!(
            cut.contains("Failed to fetch") && cut.contains("Could not reach Wiki.js"),
            "{cut}"
        );
    }
}
