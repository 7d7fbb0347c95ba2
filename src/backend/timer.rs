//! The one way the shell waits: a browser timeout that calls a Rust closure. A request's
//! [`Deadline`](super::deadline), the draft's and the live check's debounces and the page's
//! one-off delays all run on it.
//!
//! The JS function is made once per timer and freed with it, however often the timer is
//! armed: a new closure per keystroke stayed in wasm memory until the JS GC ran (`make
//! bench` saw the wasm heap grow with typing). Armed again while it waits (a debounce, on
//! every keystroke), it only moves its due time: the browser's timeout, when it comes
//! early, waits the rest. Clearing and setting a browser timeout on each keystroke was about
//! 3% of one (docs/performance.md, "The keystroke path").

use std::cell::{Cell, OnceCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Performance, Window};

pub struct Timer {
    clock: Rc<Clock>,
    /// Kept alive while the timer is: the browser calls it when the time is up.
    _on_time: Closure<dyn FnMut()>,
}

/// What the timer and the function the browser calls share.
struct Clock {
    window: Window,
    /// `None` where the browser has no `performance` clock: each arm then sets a timeout anew.
    performance: Option<Performance>,
    /// The function the browser calls (the timer's own closure), to wait the rest with.
    function: OnceCell<js_sys::Function>,
    /// The pending timeout's id, if any.
    pending: Cell<Option<i32>>,
    /// When the pending timeout fires, and when the timer is due (never before it).
    fires_at: Cell<f64>,
    due: Cell<f64>,
}

impl Clock {
    fn now(&self) -> Option<f64> {
        self.performance.as_ref().map(Performance::now)
    }

    /// Set a browser timeout `ms` from `now`.
    fn wait(&self, now: f64, ms: f64) {
        let Some(function) = self.function.get() else {
            return;
        };
        self.fires_at.set(now + ms);
        // Whole milliseconds, rounded up: a timeout never comes before it is due.
        let whole = ms.max(0.0).ceil().min(f64::from(i32::MAX));
        let id = self
            .window
            .set_timeout_with_callback_and_timeout_and_arguments_0(function, whole as i32)
            .ok();
        self.pending.set(id);
    }

    fn clear(&self) {
        if let Some(id) = self.pending.take() {
            self.window.clear_timeout_with_handle(id);
        }
    }
}

impl Timer {
    /// A timer that calls `on_time` each time it runs out. `Err` when there is no browser
    /// window to keep time.
    pub fn new(on_time: impl FnMut() + 'static) -> Result<Timer, String> {
        Self::boxed(Box::new(on_time))
    }

    /// One body for every timer: the closure's own code is all a new timer adds.
    fn boxed(mut on_time: Box<dyn FnMut()>) -> Result<Timer, String> {
        let window = web_sys::window().ok_or_else(|| "no browser window".to_owned())?;
        let clock = Rc::new(Clock {
            performance: window.performance(),
            window,
            function: OnceCell::new(),
            pending: Cell::new(None),
            fires_at: Cell::new(0.0),
            due: Cell::new(0.0),
        });
        let fired = Rc::clone(&clock);
        let closure = Closure::<dyn FnMut()>::wrap(Box::new(move || {
            fired.pending.set(None);
            // Armed again since this timeout was set: wait the rest (rounded up to a whole
            // millisecond, so it never runs early).
            if let Some(now) = fired.now() {
                let left = fired.due.get() - now;
                if left > 0.0 {
                    fired.wait(now, left);
                    return;
                }
            }
            on_time();
        }));
        let _ = clock
            .function
            .set(closure.as_ref().unchecked_ref::<js_sys::Function>().clone());
        Ok(Timer {
            clock,
            _on_time: closure,
        })
    }

    /// Run out `ms` from now, and not before: a pending run is put off (so repeated calls
    /// debounce).
    pub fn arm(&self, ms: u32) {
        let clock = &*self.clock;
        let ms = f64::from(ms);
        let now = clock.now();
        let due = now.unwrap_or(0.0) + ms;
        clock.due.set(due);
        // A timeout already set to fire by then: it waits the rest when it comes.
        if now.is_some() && clock.pending.get().is_some() && clock.fires_at.get() <= due {
            return;
        }
        clock.clear();
        clock.wait(now.unwrap_or(0.0), ms);
    }

    /// Drop the pending run, if any.
    pub fn clear(&self) {
        self.clock.clear();
    }

    pub fn window(&self) -> &Window {
        &self.clock.window
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.clear();
    }
}
