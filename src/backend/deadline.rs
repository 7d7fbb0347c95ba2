//! A request that gives up: an `AbortController` that a timer aborts, and whether the timer
//! fired first. Both the Wiki.js transport and the live check need exactly this.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal, Window};

pub struct Deadline {
    window: Window,
    controller: AbortController,
    timed_out: Rc<Cell<bool>>,
    timer: Option<i32>,
    // Kept alive until the timer is cleared: the browser calls it when the time is up.
    _on_timeout: Closure<dyn FnMut()>,
}

impl Deadline {
    /// Start the clock. `Err` says why requests cannot be bounded in this browser.
    pub fn start(timeout_ms: u32) -> Result<Deadline, String> {
        let window = web_sys::window().ok_or_else(|| "no browser window".to_owned())?;
        let controller =
            AbortController::new().map_err(|_| "this browser cannot abort requests".to_owned())?;
        let timed_out = Rc::new(Cell::new(false));
        let on_timeout = {
            let timed_out = Rc::clone(&timed_out);
            let controller = controller.clone();
            Closure::once(move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let timer = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                i32::try_from(timeout_ms).unwrap_or(i32::MAX),
            )
            .ok();
        Ok(Deadline {
            window,
            controller,
            timed_out,
            timer,
            _on_timeout: on_timeout,
        })
    }

    pub fn window(&self) -> &Window {
        &self.window
    }

    /// The controller, for callers that may also abort for their own reasons (a newer check).
    pub fn controller(&self) -> &AbortController {
        &self.controller
    }

    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// Stop the clock; `true` when the time ran out before the request finished.
    pub fn finish(self) -> bool {
        self.timed_out.get()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.take() {
            self.window.clear_timeout_with_handle(timer);
        }
    }
}
