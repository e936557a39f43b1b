//! When the page saves its session to localStorage: never in the handler of a message (not on
//! each pointer move, key press or frame), but from a timer once the changes pause, and at once
//! when the page is hidden or left. Which timer to arm is decided by [`Plan`], a pure state
//! machine tested natively; [`Autosave`] holds the gloo timer that carries it out.

use std::rc::Rc;

use gloo_timers::callback::Timeout;

/// After a user's change, save once this long (wall ms) has passed without another.
pub(crate) const QUIET_MS: u32 = 1_000;
/// While only the running clock changes the session, save at most this often (wall ms).
pub(crate) const CLOCK_MS: u32 = 2_000;

/// What a message did to the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    /// Nothing (a tick of the paused clock).
    None,
    /// The running clock moved simulated time.
    Clock,
    /// Anything else: a user's message, which may have changed the session.
    User,
}

/// The timer decision, without the timer.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    /// The session changed since it was last saved.
    dirty: bool,
    /// A save timer is pending.
    armed: bool,
}

impl Plan {
    /// Notes a message's change. Returns the delay of a timer to start in place of any
    /// pending one, or `None` to leave the timer as it is.
    pub(crate) fn note(&mut self, change: Change) -> Option<u32> {
        let delay = match change {
            Change::None => return None,
            // Debounced: each change postpones the save.
            Change::User => QUIET_MS,
            // A running clock changes the session every frame: postponing would never save.
            Change::Clock if self.armed => {
                self.dirty = true;
                return None;
            }
            Change::Clock => CLOCK_MS,
        };
        self.dirty = true;
        self.armed = true;
        Some(delay)
    }

    /// The timer fired or the page is going away: whether there is an unsaved change to save
    /// now. Afterwards nothing is pending.
    pub(crate) fn take_due(&mut self) -> bool {
        self.armed = false;
        std::mem::take(&mut self.dirty)
    }
}

/// A [`Plan`] with its timer. The timer calls `on_due`, which should come back through
/// [`Autosave::take_due`] (a message to the component, which owns the state to save).
pub(crate) struct Autosave {
    plan: Plan,
    timer: Option<Timeout>,
    on_due: Rc<dyn Fn()>,
}

impl Autosave {
    pub(crate) fn new(on_due: impl Fn() + 'static) -> Autosave {
        Autosave {
            plan: Plan::default(),
            timer: None,
            on_due: Rc::new(on_due),
        }
    }

    pub(crate) fn note(&mut self, change: Change) {
        if let Some(ms) = self.plan.note(change) {
            let on_due = self.on_due.clone();
            // Replacing a pending timeout clears it.
            self.timer = Some(Timeout::new(ms, move || on_due()));
        }
    }

    /// Whether to save now (see [`Plan::take_due`]); cancels a pending timer.
    pub(crate) fn take_due(&mut self) -> bool {
        self.timer = None;
        self.plan.take_due()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_user_change_restarts_the_quiet_delay_and_one_save_follows() {
        let mut plan = Plan::default();
        for _ in 0..50 {
            assert_eq!(plan.note(Change::User), Some(QUIET_MS));
        }
        assert!(plan.take_due());
        assert!(!plan.take_due(), "saved twice for one burst");
    }

    #[test]
    fn the_running_clock_arms_the_timer_once_and_never_postpones_it() {
        let mut plan = Plan::default();
        assert_eq!(plan.note(Change::Clock), Some(CLOCK_MS));
        for _ in 0..120 {
            assert_eq!(plan.note(Change::Clock), None);
        }
        assert!(plan.take_due());
        // The next frame of the running clock arms it again.
        assert_eq!(plan.note(Change::Clock), Some(CLOCK_MS));
    }

    #[test]
    fn a_user_change_while_the_clock_runs_waits_for_quiet() {
        let mut plan = Plan::default();
        assert_eq!(plan.note(Change::Clock), Some(CLOCK_MS));
        assert_eq!(plan.note(Change::User), Some(QUIET_MS));
        assert_eq!(plan.note(Change::Clock), None);
        assert!(plan.take_due());
    }

    #[test]
    fn a_paused_clock_neither_arms_nor_postpones_and_leaves_nothing_to_flush() {
        let mut plan = Plan::default();
        assert_eq!(plan.note(Change::None), None);
        assert!(!plan.take_due(), "nothing changed, nothing to save");
        assert_eq!(plan.note(Change::User), Some(QUIET_MS));
        assert_eq!(plan.note(Change::None), None);
        assert!(plan.take_due(), "a paused tick dropped the pending change");
    }

    #[test]
    fn a_flush_saves_a_pending_change_once_and_disarms() {
        let mut plan = Plan::default();
        plan.note(Change::User);
        // pagehide: save now; the timer that fires later (or was cancelled) finds nothing.
        assert!(plan.take_due());
        assert!(!plan.take_due());
        // Disarmed: the clock arms a new timer instead of waiting for the old one.
        assert_eq!(plan.note(Change::Clock), Some(CLOCK_MS));
    }
}
