//! The ticker: a requestAnimationFrame loop that reports `performance.now()`. It is the only
//! code in the project that reads wall time (ARCHITECTURE.md, invariant 1).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

type FrameCallback = Closure<dyn FnMut(f64)>;

pub struct Ticker {
    alive: Rc<Cell<bool>>,
}

impl Ticker {
    /// Calls `on_frame(now_ms)` once per animation frame until stopped. Returns `None` where
    /// there is no window (native tests).
    pub fn start(on_frame: impl Fn(f64) + 'static) -> Option<Ticker> {
        let window = web_sys::window()?;
        let alive = Rc::new(Cell::new(true));
        let slot: Rc<RefCell<Option<FrameCallback>>> = Rc::new(RefCell::new(None));
        let (slot2, alive2) = (slot.clone(), alive.clone());
        let win = window.clone();
        *slot.borrow_mut() = Some(Closure::new(move |now: f64| {
            if !alive2.get() {
                // Dropping the closure from inside itself is not allowed; let it be collected later.
                return;
            }
            on_frame(now);
            if let Some(cb) = slot2.borrow().as_ref() {
                let _ = win.request_animation_frame(cb.as_ref().unchecked_ref());
            }
        }));
        if let Some(cb) = slot.borrow().as_ref() {
            window
                .request_animation_frame(cb.as_ref().unchecked_ref())
                .ok()?;
        }
        Some(Ticker { alive })
    }

    pub fn stop(self) {
        self.alive.set(false);
    }
}
