//! The ticker: a requestAnimationFrame loop that reports `performance.now()`, and [`now_ms`]
//! for the page's wall-clock budgets (a replay slice, a watch). It is the only code in the
//! project that reads wall time (ARCHITECTURE.md, invariant 1).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_render::{request_animation_frame, AnimationFrame};

/// Wall time in milliseconds, for budgets only (how long a slice of work may run); `None`
/// natively, where the page's budgets do not apply. Simulated time never reads it.
pub(crate) fn now_ms() -> Option<f64> {
    if cfg!(target_arch = "wasm32") {
        Some(js_sys::Date::now())
    } else {
        None
    }
}

/// The running loop; dropping it cancels the next frame and frees the callback.
pub(crate) struct Ticker {
    /// The frame requested next. Each frame's callback holds only a weak reference to it, so
    /// dropping the ticker leaves nothing alive: no frame, no callback.
    _next: Rc<RefCell<Option<AnimationFrame>>>,
}

impl Ticker {
    /// Calls `on_frame(now_ms)` once per animation frame until dropped. Returns `None` where
    /// there is no window (native tests).
    pub(crate) fn start(on_frame: impl Fn(f64) + 'static) -> Option<Ticker> {
        web_sys::window()?;
        let next = Rc::new(RefCell::new(None));
        arm(Rc::downgrade(&next), Rc::new(on_frame));
        Some(Ticker { _next: next })
    }
}

/// Requests the next frame into `next`, unless the ticker is gone.
fn arm(next: Weak<RefCell<Option<AnimationFrame>>>, on_frame: Rc<dyn Fn(f64)>) {
    let Some(slot) = next.upgrade() else {
        return;
    };
    let frame = request_animation_frame({
        let next = next.clone();
        move |now| {
            on_frame(now);
            arm(next, on_frame);
        }
    });
    // Replacing the frame that is running now is safe: it has already been taken to be called.
    *slot.borrow_mut() = Some(frame);
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use std::cell::Cell;
    use std::rc::Rc;

    use wasm_bindgen_test::*;

    use super::Ticker;

    wasm_bindgen_test_configure!(run_in_browser);

    /// Resolves at the next animation frame.
    async fn next_frame() {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .request_animation_frame(&resolve)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }

    #[wasm_bindgen_test]
    async fn the_ticker_reports_each_frame_until_it_is_dropped() {
        let frames = Rc::new(Cell::new(0u32));
        let times = Rc::new(Cell::new(f64::NEG_INFINITY));
        let ticker = {
            let (frames, times) = (frames.clone(), times.clone());
            Ticker::start(move |now| {
                assert!(now >= times.get(), "time went back");
                times.set(now);
                frames.set(frames.get() + 1);
            })
        };
        assert!(ticker.is_some());
        for _ in 0..3 {
            next_frame().await;
        }
        assert!(frames.get() >= 2, "{} frames", frames.get());
        drop(ticker);
        let stopped_at = frames.get();
        for _ in 0..3 {
            next_frame().await;
        }
        assert_eq!(frames.get(), stopped_at, "a dropped ticker still ran");
    }
}
