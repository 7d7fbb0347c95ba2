//! The live check from the `tools` part: the part plans the probes, asks the page to fetch
//! each one (`backend::live`, which keeps the abort and the timeout) and reads the answers,
//! so the page's first load carries no plan, classification or verdict. What comes back is
//! decoded here into a [`LiveAnswer`].

use std::future::Future;

use super::PartError;
use wkc_core::diagnostics::live::{Discovery, ProbeOutcome};
use wkc_core::diagnostics::wire::unflatten;
use wkc_core::settings::Layout;
use wkc_core::{Diagnostic, Settings};

/// What one check came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveAnswer {
    /// Host or Realm cannot be checked yet, and the admin did not ask: say nothing.
    Quiet,
    /// A documentation placeholder, not checked by itself.
    Placeholder,
    /// A newer edit or check came first.
    Cancelled,
    /// The check could not run (the admin asked, or the page is `https` and Keycloak `http`).
    Refused(Vec<Diagnostic>),
    Checked(LiveChecked),
}

/// A check that ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveChecked {
    /// The first URL it fetched.
    pub url: String,
    /// The layout Keycloak answered under (`Context::live_layout`).
    pub found_layout: Option<Layout>,
    /// The realm as typed.
    pub realm: String,
    pub discovered: Option<Discovery>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Check `settings` from a page at `origin` (see `wkc_parts::live_check_with`); `fetch(url,
/// timeout_ms)` fetches one probe, `None` once the check is cancelled.
pub async fn live_check<F, Fut>(
    settings: &Settings,
    origin: Option<&str>,
    manual: bool,
    fetch: F,
) -> Result<LiveAnswer, PartError>
where
    F: FnMut(String, u32) -> Fut + 'static,
    Fut: Future<Output = Option<ProbeOutcome>> + 'static,
{
    let json = serde_json::to_string(settings).unwrap_or_default();
    let flat = imp::live_check(&json, origin, manual, fetch).await?;
    Ok(decode(&flat))
}

/// The part's flat answer (`wkc_parts::live_check_with`); one that does not read is taken
/// as cancelled, so nothing is shown for it.
pub fn decode(flat: &[String]) -> LiveAnswer {
    let Some((kind, rest)) = flat.split_first() else {
        return LiveAnswer::Cancelled;
    };
    match kind.as_str() {
        "quiet" => LiveAnswer::Quiet,
        "placeholder" => LiveAnswer::Placeholder,
        "refused" => LiveAnswer::Refused(unflatten(rest)),
        "checked" if rest.len() >= 9 => {
            let found = |s: &String| s.strip_prefix('+').map(str::to_owned);
            let discovered = (rest[3] == "1").then(|| Discovery {
                issuer: found(&rest[4]),
                authorization_endpoint: found(&rest[5]),
                token_endpoint: found(&rest[6]),
                userinfo_endpoint: found(&rest[7]),
                end_session_endpoint: found(&rest[8]),
            });
            LiveAnswer::Checked(LiveChecked {
                url: rest[0].clone(),
                found_layout: match rest[1].as_str() {
                    "quarkus" => Some(Layout::Quarkus),
                    "legacy" => Some(Layout::Legacy),
                    _ => None,
                },
                realm: rest[2].clone(),
                discovered,
                diagnostics: unflatten(&rest[9..]),
            })
        }
        _ => LiveAnswer::Cancelled,
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use std::future::Future;

    use super::PartError;
    use wkc_core::diagnostics::live::ProbeOutcome;

    pub async fn live_check<F, Fut>(
        settings: &str,
        origin: Option<&str>,
        manual: bool,
        fetch: F,
    ) -> Result<Vec<String>, PartError>
    where
        F: FnMut(String, u32) -> Fut,
        Fut: Future<Output = Option<ProbeOutcome>>,
    {
        Ok(wkc_parts::live_check_with(settings, origin, manual, fetch).await)
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::future::Future;

    use js_sys::{Array, Promise};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::{future_to_promise, JsFuture};

    use super::super::{web, Part, PartError};
    use wkc_core::diagnostics::live::{ProbeOutcome, LIVE_TIMEOUT_MS};

    /// How long the loaded part may take to answer: every probe to its timeout, and a margin.
    /// A part that broke mid-check (a trap in a microtask) never settles its promise: the
    /// check then fails instead of waiting for good, holding its fetch function.
    const ANSWER_WITHIN_MS: u32 = 4 * LIVE_TIMEOUT_MS + 5_000;

    /// `liveCheck(settings, origin, manual, fetch)` in the part, with `fetch` as the JS
    /// function it calls for each probe (alive until the part has answered).
    pub async fn live_check<F, Fut>(
        settings: &str,
        origin: Option<&str>,
        manual: bool,
        mut fetch: F,
    ) -> Result<Vec<String>, PartError>
    where
        F: FnMut(String, u32) -> Fut + 'static,
        Fut: Future<Output = Option<ProbeOutcome>> + 'static,
    {
        let module = web::load(Part::Tools).await?;
        let fetch_one =
            Closure::<dyn FnMut(String, u32) -> Promise>::new(move |url, timeout_ms| {
                let outcome = fetch(url, timeout_ms);
                future_to_promise(async move { Ok(outcome.await.map_or(JsValue::NULL, encode)) })
            });
        let origin = origin.map_or(JsValue::UNDEFINED, JsValue::from);
        let args = [
            settings.into(),
            origin,
            manual.into(),
            fetch_one.as_ref().clone(),
        ];
        let answer = web::call(Part::Tools, &module, "liveCheck", &args)?;
        let fail = |error: JsValue| PartError {
            part: Part::Tools,
            reason: web::reason(&error),
        };
        let promise: Promise = answer.dyn_into().map_err(fail)?;
        let deadline = Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    &resolve,
                    ANSWER_WITHIN_MS as i32,
                );
            }
        });
        let answer = JsFuture::from(Promise::race(&Array::of2(&promise, &deadline)))
            .await
            .map_err(fail)?;
        drop(fetch_one);
        if answer.is_undefined() {
            return Err(PartError {
                part: Part::Tools,
                reason: format!("it did not answer within {} s", ANSWER_WITHIN_MS / 1000),
            });
        }
        Ok(web::strings(&answer))
    }

    /// `[kind, status, body, landed]`, as the part reads it: `landed` is the URL a followed
    /// redirect ended at, else empty.
    fn encode(outcome: ProbeOutcome) -> JsValue {
        let (outcome, landed) = match outcome {
            ProbeOutcome::Redirected { to, answer } => (*answer, to),
            outcome => (outcome, String::new()),
        };
        let (kind, status, body) = match outcome {
            ProbeOutcome::Json { status, body } => ("json", status, body),
            ProbeOutcome::Http { status, body } => ("http", status, body),
            ProbeOutcome::NetworkError(reason) => ("network", 0, reason),
            ProbeOutcome::Timeout => ("timeout", 0, String::new()),
            // Not produced by the fetch (nor nested redirects): a failure.
            ProbeOutcome::NotAttempted | ProbeOutcome::Redirected { .. } => {
                ("network", 0, String::new())
            }
        };
        Array::of4(&kind.into(), &status.into(), &body.into(), &landed.into()).into()
    }
}
