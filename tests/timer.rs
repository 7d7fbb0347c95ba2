//! The shell's timer in headless Chromium: armed once it runs out once; armed again while it
//! waits (a debounce) it runs once, never before the last arm's time; cleared or dropped it
//! does not run; armed or dropped from inside its own callback it does what it is told.
//! Time is the subject here, so the cases hold only what a slow machine cannot change: a
//! lower bound on when it ran, and how often it ran once a browser timeout due later has run
//! (the browser runs timeouts in the order they are due). docs/testing.md.
//!
//!   CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test timer
#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use wikijs_keycloak::backend::timer::Timer;

wasm_bindgen_test_configure!(run_in_browser);

/// What the test does to the timer, `at` ms after it starts.
#[derive(Clone, Copy)]
enum Step {
    Arm { at: u32, ms: u32 },
    Clear { at: u32 },
    Drop { at: u32 },
}

const fn arm(at: u32, ms: u32) -> Step {
    Step::Arm { at, ms }
}

const fn clear(at: u32) -> Step {
    Step::Clear { at }
}

const fn drop_at(at: u32) -> Step {
    Step::Drop { at }
}

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// What the page reports as uncaught while `body` runs: a timer that ran after it was
/// dropped would call a freed closure, which throws from the browser's timeout.
async fn uncaught_during<F: std::future::Future<Output = T>, T>(body: F) -> (T, Vec<String>) {
    let window = web_sys::window().unwrap();
    let errors = Rc::new(RefCell::new(Vec::new()));
    let handler = Closure::<dyn FnMut(JsValue)>::new({
        let errors = Rc::clone(&errors);
        move |message: JsValue| errors.borrow_mut().push(format!("{message:?}"))
    });
    window.set_onerror(Some(handler.as_ref().unchecked_ref()));
    let out = body.await;
    window.set_onerror(None);
    let errors = errors.borrow().clone();
    (out, errors)
}

/// Run `steps`, then wait until `until` ms: when the timer ran, in ms from the start, with
/// the time each step actually happened (a busy browser runs a step late).
async fn run(steps: &[Step], until: u32) -> (Vec<f64>, Vec<f64>) {
    let start = now();
    let fired = Rc::new(RefCell::new(Vec::new()));
    let mut timer = Some(
        Timer::new({
            let fired = Rc::clone(&fired);
            move || fired.borrow_mut().push(now() - start)
        })
        .unwrap(),
    );
    let mut done = Vec::new();
    for step in steps {
        let at = match *step {
            Step::Arm { at, .. } | Step::Clear { at } | Step::Drop { at } => at,
        };
        sleep(at.saturating_sub((now() - start) as u32)).await;
        done.push(now() - start);
        match (*step, timer.as_ref()) {
            (Step::Arm { ms, .. }, Some(t)) => t.arm(ms),
            (Step::Clear { .. }, Some(t)) => t.clear(),
            (Step::Drop { .. }, _) => timer = None,
            _ => {}
        }
    }
    sleep(until.saturating_sub((now() - start) as u32)).await;
    let fired = fired.borrow().clone();
    (fired, done)
}

/// The timer ran once per `(step, ms)` in `expect`, not before `ms` after that step (an index
/// into `steps`) happened, and nothing was thrown meanwhile.
async fn case(steps: &[Step], until: u32, expect: &[(usize, u32)]) {
    let ((fired, done), uncaught) = uncaught_during(run(steps, until)).await;
    assert!(uncaught.is_empty(), "thrown: {uncaught:?}");
    assert_eq!(
        fired.len(),
        expect.len(),
        "ran at {fired:?} (steps at {done:?})"
    );
    for (&at, &(step, ms)) in fired.iter().zip(expect) {
        let earliest = done[step] + f64::from(ms);
        assert!(
            at + 0.5 >= earliest,
            "ran at {at}, before {earliest} (steps at {done:?})"
        );
    }
}

/// A timer whose callback does `then` to the timer itself on its first run: how many times
/// it ran by `until` ms, and what was thrown meanwhile.
async fn from_its_own_callback(then: fn(&mut Option<Timer>), until: u32) -> (u32, Vec<String>) {
    let runs = Rc::new(Cell::new(0));
    let slot = Rc::new(RefCell::new(None::<Timer>));
    let timer = Timer::new({
        let (runs, slot) = (Rc::clone(&runs), Rc::clone(&slot));
        move || {
            runs.set(runs.get() + 1);
            if runs.get() == 1 {
                then(&mut slot.borrow_mut());
            }
        }
    })
    .unwrap();
    timer.arm(10);
    *slot.borrow_mut() = Some(timer);
    let ((), uncaught) = uncaught_during(sleep(until)).await;
    // The callback holds the slot, which holds the timer: taken out, the two are freed.
    slot.borrow_mut().take();
    (runs.get(), uncaught)
}

#[wasm_bindgen_test]
async fn armed_once_it_runs_out_once() {
    case(&[arm(0, 30)], 150, &[(0, 30)]).await;
}

#[wasm_bindgen_test]
async fn armed_again_while_waiting_it_runs_once_after_the_last_arm() {
    case(&[arm(0, 40), arm(20, 40), arm(45, 40)], 250, &[(2, 40)]).await;
}

#[wasm_bindgen_test]
async fn armed_sooner_than_it_waits_it_runs_at_the_sooner_time() {
    case(&[arm(0, 1_000), arm(0, 10)], 300, &[(1, 10)]).await;
    // Sooner than the rest it waits after a timeout that came early (due at 500).
    case(&[arm(0, 200), arm(100, 400), arm(250, 10)], 400, &[(2, 10)]).await;
}

#[wasm_bindgen_test]
async fn armed_after_it_ran_it_runs_again() {
    case(&[arm(0, 10), arm(80, 10)], 250, &[(0, 10), (1, 10)]).await;
}

#[wasm_bindgen_test]
async fn cleared_or_dropped_it_does_not_run() {
    case(&[arm(0, 30), clear(10)], 120, &[]).await;
    case(&[arm(0, 30), drop_at(10)], 120, &[]).await;
    // Cleared after being put off: the timeout still set then must not run it either.
    case(&[arm(0, 30), arm(20, 30), clear(35)], 150, &[]).await;
}

#[wasm_bindgen_test]
async fn from_its_own_callback_it_can_be_armed_cleared_or_dropped() {
    let arm_again: fn(&mut Option<Timer>) = |t| t.as_ref().unwrap().arm(10);
    let arm_then_clear: fn(&mut Option<Timer>) = |t| {
        t.as_ref().unwrap().arm(10);
        t.as_ref().unwrap().clear();
    };
    let drop_it: fn(&mut Option<Timer>) = |t| drop(t.take());
    assert_eq!(from_its_own_callback(arm_again, 150).await, (2, vec![]));
    assert_eq!(
        from_its_own_callback(arm_then_clear, 150).await,
        (1, vec![])
    );
    assert_eq!(from_its_own_callback(drop_it, 150).await, (1, vec![]));
}
