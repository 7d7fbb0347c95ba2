//! The one way the shell waits: a browser timeout that calls a Rust closure. A request's
//! [`Deadline`](super::deadline) and the live check's debounce both run on it.
//!
//! The JS function is made once per timer and freed with it, however often the timer is
//! armed: a new closure per keystroke stayed in wasm memory until the JS GC ran (`make
//! bench` saw the wasm heap grow with typing).

use std::cell::Cell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::Window;

pub struct Timer {
    window: Window,
    /// Kept alive while the timer is: the browser calls it when the time is up.
    on_time: Closure<dyn FnMut()>,
    /// The pending timeout's id, if any.
    pending: Cell<Option<i32>>,
}

impl Timer {
    /// A timer that calls `on_time` each time it runs out. `Err` when there is no browser
    /// window to keep time.
    pub fn new(on_time: impl FnMut() + 'static) -> Result<Timer, String> {
        Self::boxed(Box::new(on_time))
    }

    /// One body for every timer: the closure's own code is all a new timer adds.
    fn boxed(on_time: Box<dyn FnMut()>) -> Result<Timer, String> {
        let window = web_sys::window().ok_or_else(|| "no browser window".to_owned())?;
        Ok(Timer {
            window,
            on_time: Closure::wrap(on_time),
            pending: Cell::new(None),
        })
    }

    /// Run out `ms` from now; a pending run is dropped first (so repeated calls debounce).
    pub fn arm(&self, ms: u32) {
        self.clear();
        let id = self
            .window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                self.on_time.as_ref().unchecked_ref(),
                i32::try_from(ms).unwrap_or(i32::MAX),
            )
            .ok();
        self.pending.set(id);
    }

    /// Drop the pending run, if any.
    pub fn clear(&self) {
        if let Some(id) = self.pending.take() {
            self.window.clear_timeout_with_handle(id);
        }
    }

    pub fn window(&self) -> &Window {
        &self.window
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.clear();
    }
}
