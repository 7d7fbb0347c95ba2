//! The live check's reading side, in the `tools` part: the plan (which discovery URLs, in
//! which order), the loop that asks the page to fetch each one, and the verdict in words
//! (`core::diagnostics::live`). The page keeps the fetch itself (its abort and its timeout)
//! and the view; it gets the verdict back as flat strings ([`live_check_with`]).

use std::future::Future;

use wkc_core::diagnostics::live::{
    interpret_live, is_placeholder_host, live_plan, next_probe, LivePlan, ProbeOutcome,
};
use wkc_core::diagnostics::wire::flatten;
use wkc_core::settings::Layout;
use wkc_core::{derive, Code};

use crate::settings_from;

/// The live check of these settings (JSON, as the page serializes them) from a page at
/// `origin`. `manual`: the admin asked, so a value that cannot be checked is reported and a
/// documentation placeholder is checked anyway. `fetch(url, timeout_ms)` fetches one probe;
/// `None` means the check was cancelled (a newer edit came).
///
/// The answer, flat: `["quiet"]` (not checkable yet, say nothing), `["placeholder"]` (not
/// checked by itself), `["cancelled"]`, `["refused", finding…]`, or `["checked", first URL,
/// found layout ("quarkus", "legacy" or ""), realm, "1" when a discovery document was read
/// (else ""), then "+"-prefixed or empty: its issuer and four endpoints, finding…]`
/// with each finding as `core::diagnostics::wire` writes it.
pub async fn live_check_with<F, Fut>(
    settings: &str,
    origin: Option<&str>,
    manual: bool,
    fetch: F,
) -> Vec<String>
where
    F: FnMut(String, u32) -> Fut,
    Fut: Future<Output = Option<ProbeOutcome>>,
{
    let settings = settings_from(settings, "");
    let derived = derive(&settings);
    let plan = match live_plan(&settings, &derived, origin) {
        Ok(plan) => plan,
        Err(refusal) => {
            // The form says these already; only a press of the button repeats them here.
            let quiet = matches!(
                refusal.code,
                Code::Required | Code::HostInvalid | Code::PastedFullUrl
            );
            return if quiet && !manual {
                vec!["quiet".to_owned()]
            } else {
                answer("refused", flatten(&[refusal]))
            };
        }
    };
    if !manual && is_placeholder_host(&settings.host) {
        return vec!["placeholder".to_owned()];
    }
    let Some(outcomes) = run_plan(&plan, fetch).await else {
        return vec!["cancelled".to_owned()];
    };
    let report = interpret_live(&plan, &outcomes, &derived);
    let found = |url: Option<&String>| url.map(|u| format!("+{u}")).unwrap_or_default();
    let d = report.discovered.as_ref();
    let mut head = vec![
        plan.probes
            .first()
            .map(|p| p.url.clone())
            .unwrap_or_default(),
        match report.found_layout {
            Some(Layout::Quarkus) => "quarkus",
            Some(Layout::Legacy) => "legacy",
            None => "",
        }
        .to_owned(),
        plan.realm.clone(),
        if d.is_some() { "1" } else { "" }.to_owned(),
    ];
    head.extend([
        found(d.and_then(|d| d.issuer.as_ref())),
        found(d.and_then(|d| d.authorization_endpoint.as_ref())),
        found(d.and_then(|d| d.token_endpoint.as_ref())),
        found(d.and_then(|d| d.userinfo_endpoint.as_ref())),
        found(d.and_then(|d| d.end_session_endpoint.as_ref())),
    ]);
    head.extend(flatten(&report.diagnostics));
    answer("checked", head)
}

fn answer(kind: &str, rest: Vec<String>) -> Vec<String> {
    std::iter::once(kind.to_owned()).chain(rest).collect()
}

/// Fetch `plan`'s probes in its order until it is settled: one outcome per probe (probes
/// not needed stay [`ProbeOutcome::NotAttempted`]); `None` once `fetch` says cancelled.
pub async fn run_plan<F, Fut>(plan: &LivePlan, mut fetch: F) -> Option<Vec<ProbeOutcome>>
where
    F: FnMut(String, u32) -> Fut,
    Fut: Future<Output = Option<ProbeOutcome>>,
{
    let mut outcomes = vec![ProbeOutcome::NotAttempted; plan.probes.len()];
    // Each round fills one probe, so this bound is never reached by a well-behaved fetcher.
    for _ in 0..plan.probes.len() {
        let Some(index) = next_probe(plan, &outcomes) else {
            break;
        };
        outcomes[index] = match fetch(plan.probes[index].url.clone(), plan.timeout_ms).await? {
            // A fetcher that did not fetch: count it as a failure, so the loop moves on.
            ProbeOutcome::NotAttempted => ProbeOutcome::NetworkError(String::new()),
            outcome => outcome,
        };
    }
    Some(outcomes)
}

/// In the browser: `liveCheck(settings, origin, manual, fetch)`, where the page's
/// `fetch(url, timeoutMs)` resolves to `[kind, status, body, landed]` (kind `json`, `http`,
/// `network` or `timeout`; `landed`: the URL a followed redirect ended at, else empty) or to
/// `null` once the check is cancelled.
#[cfg(target_arch = "wasm32")]
mod web {
    use js_sys::{Array, Function, Promise};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    use super::{live_check_with, ProbeOutcome};

    #[wasm_bindgen(js_name = liveCheck)]
    pub async fn live_check(
        settings: String,
        origin: Option<String>,
        manual: bool,
        fetch: Function,
    ) -> Array {
        let fetch_one = |url: String, timeout_ms: u32| {
            let promise = fetch
                .call2(&JsValue::NULL, &url.into(), &timeout_ms.into())
                .ok()
                .and_then(|p| p.dyn_into::<Promise>().ok());
            async move { outcome(JsFuture::from(promise?).await.ok()?) }
        };
        live_check_with(&settings, origin.as_deref(), manual, fetch_one)
            .await
            .into_iter()
            .map(JsValue::from)
            .collect()
    }

    /// The page's `[kind, status, body, landed]` (`landed`: where a followed redirect ended).
    fn outcome(answer: JsValue) -> Option<ProbeOutcome> {
        let answer: Array = answer.dyn_into().ok()?;
        let text = |i: u32| answer.get(i).as_string().unwrap_or_default();
        let status = answer.get(1).as_f64().unwrap_or_default() as u16;
        let outcome = match text(0).as_str() {
            "json" => Some(ProbeOutcome::Json {
                status,
                body: text(2),
            }),
            "http" => Some(ProbeOutcome::Http {
                status,
                body: text(2),
            }),
            "network" => Some(ProbeOutcome::NetworkError(text(2))),
            "timeout" => Some(ProbeOutcome::Timeout),
            _ => None,
        }?;
        let landed = text(3);
        Some(if landed.is_empty() {
            outcome
        } else {
            ProbeOutcome::Redirected {
                to: landed,
                answer: Box::new(outcome),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};
    use std::future::{ready, Ready};

    use super::*;
    use wkc_core::diagnostics::wire::unflatten;
    use wkc_core::Settings;

    /// Runs a future whose every await is ready at once (the fakes below).
    fn now<T>(future: impl Future<Output = T>) -> T {
        let mut future = std::pin::pin!(future);
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(value) => value,
            std::task::Poll::Pending => panic!("a fake fetch never waits"),
        }
    }

    fn settings(host: &str, realm: &str) -> String {
        serde_json::to_string(&Settings {
            host: host.into(),
            realm: realm.into(),
            ..Settings::default()
        })
        .unwrap()
    }

    fn plan(realm: &str) -> LivePlan {
        let settings = settings_from(&settings("https://kc.example.com", realm), "");
        live_plan(&settings, &derive(&settings), None).expect("plan")
    }

    fn discovery(status: u16) -> ProbeOutcome {
        ProbeOutcome::Json {
            status,
            body: r#"{"issuer":"https://kc.example.com/realms/master"}"#.into(),
        }
    }

    fn failed() -> ProbeOutcome {
        ProbeOutcome::NetworkError("TypeError: Failed to fetch".into())
    }

    /// Fetch with canned answers by URL part; record what was fetched.
    fn fake<'a>(
        answers: &'a [(&'a str, ProbeOutcome)],
        seen: &'a RefCell<Vec<(String, u32)>>,
    ) -> impl FnMut(String, u32) -> Ready<Option<ProbeOutcome>> + 'a {
        move |url, timeout| {
            seen.borrow_mut().push((url.clone(), timeout));
            let answer = answers
                .iter()
                .find(|(part, _)| url.contains(part))
                .map(|(_, o)| o.clone())
                .unwrap_or_else(failed);
            ready(Some(answer))
        }
    }

    #[test]
    fn probes_run_in_order_until_one_settles_it() {
        let seen = RefCell::new(Vec::new());
        let answers = [("/realms/master/", discovery(200))];
        let outcomes = now(run_plan(&plan("wiki"), fake(&answers, &seen))).expect("not cancelled");
        let urls: Vec<String> = seen.borrow().iter().map(|(u, _)| u.clone()).collect();
        assert_eq!(
            urls,
            [
                "https://kc.example.com/realms/wiki/.well-known/openid-configuration",
                "https://kc.example.com/auth/realms/wiki/.well-known/openid-configuration",
                "https://kc.example.com/realms/master/.well-known/openid-configuration",
            ],
            "master in the other layout is not needed once master answered"
        );
        assert!(seen.borrow().iter().all(|(_, t)| *t == 8_000), "8 s each");
        assert_eq!(outcomes.len(), 4);
        assert_eq!(outcomes[3], ProbeOutcome::NotAttempted);
        assert_eq!(outcomes[2], discovery(200));
    }

    #[test]
    fn a_found_realm_stops_at_the_first_probe_and_nothing_found_runs_all() {
        let seen = RefCell::new(Vec::new());
        let answers = [("/realms/wiki/", discovery(200))];
        now(run_plan(&plan("wiki"), fake(&answers, &seen))).unwrap();
        assert_eq!(seen.borrow().len(), 1);

        let seen = RefCell::new(Vec::new());
        let outcomes = now(run_plan(&plan("wiki"), fake(&[], &seen))).unwrap();
        assert_eq!(seen.borrow().len(), 4);
        assert!(outcomes.iter().all(|o| *o == failed()));
    }

    #[test]
    fn a_cancelled_check_starts_no_further_probe_and_reports_nothing() {
        let fetched = Cell::new(0);
        let result = now(run_plan(&plan("wiki"), |_, _| {
            fetched.set(fetched.get() + 1);
            ready(None) // a newer edit arrived while this request ran
        }));
        assert_eq!(result, None);
        assert_eq!(fetched.get(), 1);
        let answer = now(live_check_with(
            &settings("https://kc.example.com", "wiki"),
            None,
            true,
            |_, _| ready(None),
        ));
        assert_eq!(answer, ["cancelled"]);
    }

    #[test]
    fn a_fetcher_that_does_not_fetch_cannot_loop_forever() {
        let seen = Cell::new(0);
        let outcomes = now(run_plan(&plan("wiki"), |_, _| {
            seen.set(seen.get() + 1);
            ready(Some(ProbeOutcome::NotAttempted))
        }))
        .unwrap();
        assert_eq!(seen.get(), 4);
        assert!(outcomes
            .iter()
            .all(|o| matches!(o, ProbeOutcome::NetworkError(_))));
    }

    /// The answer's kind (and, when refused, its codes), fetching nothing.
    fn unchecked(host: &str, realm: &str, manual: bool) -> Vec<String> {
        let answer = now(live_check_with(
            &settings(host, realm),
            Some("https://wiki.example.org"),
            manual,
            |_, _| -> Ready<Option<ProbeOutcome>> { unreachable!("nothing is fetched") },
        ));
        let mut said = vec![answer[0].clone()];
        said.extend(
            unflatten(&answer[1..])
                .iter()
                .map(|d| d.code.as_str().to_owned()),
        );
        said
    }

    #[rustfmt::skip]
    #[test]
    fn what_cannot_be_checked_is_said_only_when_the_admin_asked() {
        let cases: &[(&str, &str, bool, &[&str])] = &[
            ("", "wiki", false, &["quiet"]),
            ("", "wiki", true, &["refused", "required"]),
            ("kc.example.com/x y", "wiki", false, &["quiet"]),
            ("http://kc.corp.internal", "wiki", false, &["refused", "live-mixed-content"]),
            ("https://keycloak.example.com", "wiki", false, &["placeholder"]),
        ];
        for (host, realm, manual, expected) in cases {
            assert_eq!(unchecked(host, realm, *manual), *expected, "{host:?} {realm:?} manual {manual}");
        }
    }

    #[test]
    fn a_checked_answer_carries_what_the_core_found() {
        let json = settings("https://kc.example.com", "wiki");
        let body = r#"{"issuer":"https://kc.example.com/realms/wiki",
            "authorization_endpoint":"https://kc.example.com/realms/wiki/protocol/openid-connect/auth",
            "token_endpoint":"https://kc.example.com/realms/wiki/protocol/openid-connect/token"}"#;
        let answer = now(live_check_with(&json, None, true, |_, _| {
            ready(Some(ProbeOutcome::Json {
                status: 200,
                body: body.into(),
            }))
        }));
        let plan = plan("wiki");
        let settings = settings_from(&json, "");
        let report = interpret_live(
            &plan,
            &[
                discovery_at(body),
                ProbeOutcome::NotAttempted,
                ProbeOutcome::NotAttempted,
                ProbeOutcome::NotAttempted,
            ],
            &derive(&settings),
        );
        assert_eq!(
            answer[..5],
            ["checked", &plan.probes[0].url, "quarkus", "wiki", "1"]
        );
        assert_eq!(
            answer[5..10],
            [
                "+https://kc.example.com/realms/wiki",
                "+https://kc.example.com/realms/wiki/protocol/openid-connect/auth",
                "+https://kc.example.com/realms/wiki/protocol/openid-connect/token",
                "",
                ""
            ]
        );
        assert_eq!(unflatten(&answer[10..]), report.diagnostics);
    }

    fn discovery_at(body: &str) -> ProbeOutcome {
        ProbeOutcome::Json {
            status: 200,
            body: body.into(),
        }
    }
}
