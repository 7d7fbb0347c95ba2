//! A request that gives up: an `AbortController` that a [`Timer`] aborts, and whether the
//! timer fired first. Both the Wiki.js transport and the live check need exactly this.

use std::cell::Cell;
use std::rc::Rc;

use web_sys::{AbortController, AbortSignal, Window};

use super::timer::Timer;

pub struct Deadline {
    controller: AbortController,
    timed_out: Rc<Cell<bool>>,
    /// Cleared when the deadline is dropped (the request finished first).
    timer: Timer,
}

impl Deadline {
    /// Start the clock. `Err` says why requests cannot be bounded in this browser.
    pub fn start(timeout_ms: u32) -> Result<Deadline, String> {
        let controller =
            AbortController::new().map_err(|_| "this browser cannot abort requests".to_owned())?;
        Deadline::start_with(controller, timeout_ms)
    }

    /// The same for a request already made with `controller`'s signal (the loader's early
    /// load).
    pub fn start_with(controller: AbortController, timeout_ms: u32) -> Result<Deadline, String> {
        let timed_out = Rc::new(Cell::new(false));
        let timer = Timer::new({
            let timed_out = Rc::clone(&timed_out);
            let controller = controller.clone();
            move || {
                timed_out.set(true);
                controller.abort();
            }
        })?;
        timer.arm(timeout_ms);
        Ok(Deadline {
            controller,
            timed_out,
            timer,
        })
    }

    pub fn window(&self) -> &Window {
        self.timer.window()
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
