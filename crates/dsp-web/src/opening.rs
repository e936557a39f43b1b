//! Opening a session (a share link, the autosaved session) by replaying its log in slices, so
//! the page stays responsive, shows how far it got and can be cancelled.
//!
//! A session is a seed and a command log (`session.rs`); the page rebuilds it by running the
//! log again. An ordinary session replays in milliseconds, but a link may hold hours of
//! crash-loop back-offs on many nodes, which the replay budget stops only after a fair amount
//! of work. [`SessionReplay`] is that replay as a value: the root component runs it a slice per
//! animation frame (a few milliseconds of work) behind a progress dialog with Cancel, and
//! [`Job`] says what happens when it ends. Everything here is pure and tested natively; the
//! component only decides how many slices fit in a frame.

use std::rc::Rc;

use crate::host::{self, TermLine};
use crate::session::{ReplayBudget, ReplayStep, Replayer, Session, SessionError};
use crate::state::{AppState, Banner};

/// The timer events one slice may fire (a whole instant at a time: a crash loop on 1,000
/// nodes fires a few hundred per instant).
pub const SLICE_TIMERS: u64 = 2_000;
/// The logged commands one slice may run.
pub const SLICE_ENTRIES: usize = 25;

/// A session's log being replayed on a fresh page.
pub struct SessionReplay {
    session: Session,
    state: AppState,
    replayer: Replayer,
    lines: Vec<TermLine>,
}

impl SessionReplay {
    pub fn new(session: Session) -> SessionReplay {
        SessionReplay::with_budget(session, ReplayBudget::default())
    }

    pub fn with_budget(session: Session, budget: ReplayBudget) -> SessionReplay {
        SessionReplay {
            state: AppState::starting(session.seed, session.empty),
            session,
            replayer: Replayer::new(budget),
            lines: Vec::new(),
        }
    }

    /// `(commands replayed, commands in the log)`.
    pub fn progress(&self) -> (usize, usize) {
        (self.replayer.entries_done(), self.session.log.len())
    }

    /// The simulated time the replay has reached.
    pub fn sim_now(&self) -> dsp_core::SimTime {
        self.state.sim.now()
    }

    /// One slice of at most about `timers` timer events and `entries` commands: `None` while
    /// there is more to do, then the outcome.
    pub fn step(&mut self, timers: u64, entries: usize) -> Option<Result<(), SessionError>> {
        let lines = &mut self.lines;
        let step = self.replayer.step(
            &self.session,
            &mut self.state.sim,
            timers,
            entries,
            |sim, entry| {
                let input = entry.input();
                let out = host::run_logged(sim, entry);
                if out.effects.contains(&dsp_kubectl::Effect::ClearScreen) {
                    lines.clear();
                } else {
                    lines.extend(host::lines(&input, &out));
                    // Only the terminal's last lines are ever shown.
                    if lines.len() > 2 * crate::state::TERMINAL_CAP {
                        lines.drain(..lines.len() - crate::state::TERMINAL_CAP);
                    }
                }
                out
            },
        );
        match step {
            ReplayStep::Running { .. } => None,
            ReplayStep::Done => Some(Ok(())),
            ReplayStep::Failed(e) => Some(Err(e)),
        }
    }

    /// The page the finished replay rebuilt, with the session's settings.
    pub fn finish(self) -> AppState {
        let SessionReplay {
            session,
            mut state,
            mut lines,
            ..
        } = self;
        let lines = lines.split_off(lines.len().saturating_sub(crate::state::TERMINAL_CAP));
        state.ui.speed = session.speed;
        state.ui.playing = session.playing;
        state.ui.lane_key = session.lane_key;
        state.ui.node_order = session.node_order;
        state.ui.editor_text = session.editor;
        state.ui.log = session.log;
        state.ui.history = session.history;
        state.ui.tutorial = session.tutorial;
        state.ui.scenario = session.scenario;
        state.ui.origin = session.origin;
        state.ui.terminal = Rc::new(lines);
        state.settle_after_open();
        state
    }
}

/// Where the session being opened came from, which decides what a failure says and does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A share link (at load, or pasted into the address bar).
    Link,
    /// The session this browser saved.
    Saved,
    /// The saved session a link or a scenario replaced, brought back ("Back to my own session").
    KeptAside,
    /// This page's own log, changed by Undo, Redo or the timeline.
    Rebuild,
}

/// What a page rebuilt from its own log keeps of its history controls, and what it says.
pub struct History {
    pub redo: Vec<crate::state::RedoStep>,
    pub rewound: Option<crate::state::Rewound>,
    pub note: String,
}

/// A replay the page is running, and what follows it.
pub struct Job {
    pub replay: SessionReplay,
    pub source: Source,
    /// The banner to show once it opened.
    pub banner: Option<Banner>,
    /// Opened instead when this one fails or is cancelled (a link's fallback is the saved
    /// session); `None` keeps the page as it is.
    pub fallback: Option<Session>,
    /// Once opened, offer "Back to my own session" (a link opened over a saved session).
    pub offer_own_session: bool,
    /// For [`Source::Rebuild`]: the history controls the rebuilt page keeps.
    pub history: Option<History>,
}

/// What the page does when a job ends.
pub enum Ended {
    /// Show this page (the replayed session, with the job's banner).
    Opened(Box<AppState>),
    /// Keep the page as it is and show this banner; `keep_unreadable` is true when the saved
    /// session must be kept aside before autosave writes over it.
    Kept {
        banner: Banner,
        keep_unreadable: bool,
    },
    /// Show this banner and open the next job (the fallback).
    Next { banner: Banner, job: Box<Job> },
}

impl Job {
    pub fn new(session: Session, source: Source) -> Job {
        Job {
            replay: SessionReplay::new(session),
            source,
            banner: None,
            fallback: None,
            offer_own_session: false,
            history: None,
        }
    }

    /// What a finished replay (`Ok`), a refused one (`Err`) or a cancelled one (`None`) leads to;
    /// `aside_key` is where a saved session that cannot be replayed is kept.
    pub fn end(self, outcome: Option<Result<(), SessionError>>, aside_key: &str) -> Ended {
        let why = match outcome {
            Some(Ok(())) => {
                let mut state = self.replay.finish();
                state.ui.banner = self.banner;
                state.ui.offer_own_session = self.offer_own_session;
                if self.source == Source::Link && state.ui.origin.is_none() {
                    state.ui.origin = Some("a shared link".to_string());
                }
                if let Some(history) = self.history {
                    state.ui.redo = history.redo;
                    state.ui.rewound = history.rewound;
                    std::rc::Rc::make_mut(&mut state.ui.terminal)
                        .push(TermLine::note(&history.note));
                }
                return Ended::Opened(Box::new(state));
            }
            Some(Err(e)) => e.to_string(),
            None => "you cancelled it".to_string(),
        };
        let text = match (self.source, &self.fallback) {
            (Source::Link, Some(_)) => format!(
                "This share link could not be opened: {why}. Your own session is shown instead, unchanged."
            ),
            (Source::Link, None) => {
                format!("This share link could not be opened: {why}. Your session is unchanged.")
            }
            (Source::Rebuild, _) => {
                format!("The cluster could not be rebuilt: {why}. The page is as it was.")
            }
            (Source::KeptAside, _) => {
                format!("Your own session could not be brought back: {why}. The page is as it was.")
            }
            (Source::Saved, _) => format!(
                "Your saved session could not be restored: {why}. It is kept in this browser's storage under \"{aside_key}\"; a fresh playground starts here."
            ),
        };
        let banner = Banner { error: true, text };
        match self.fallback {
            Some(saved) => Ended::Next {
                banner,
                job: Box::new(Job::new(saved, Source::Saved)),
            },
            None => Ended::Kept {
                banner,
                keep_unreadable: self.source == Source::Saved,
            },
        }
    }
}

/// Replays a session in one go.
#[cfg(test)]
pub fn replay_all(session: &Session) -> Result<AppState, SessionError> {
    let mut replay = SessionReplay::new(session.clone());
    loop {
        if let Some(outcome) = replay.step(u64::MAX, usize::MAX) {
            return outcome.map(|()| replay.finish());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::LogEntry;

    fn entry(t: i64, line: &str) -> LogEntry {
        LogEntry {
            t,
            line: line.to_string(),
            stdin: None,
            file: None,
            waits: None,
        }
    }

    /// A session with a rollout, a crash loop and a watch: many instants to slice.
    fn busy_session() -> Session {
        let mut s = AppState::new(11).to_session();
        let manifest = dsp_kubectl::scenario::article_manifest().to_string();
        s.log = vec![
            entry(0, "sim add-nodes 30 --label app=frontend-node"),
            LogEntry {
                file: Some(manifest),
                ..entry(0, "kubectl apply -f manifest.yaml")
            },
            entry(5_000, "kubectl get pods -w --request-timeout=40s"),
            entry(
                60_000,
                "kubectl set image ds/frontend webserver=nginx:crash",
            ),
            entry(60_000, "sim image nginx:crash crash"),
            entry(200_000, "kubectl get ds"),
        ];
        s.now_ms = 900_000;
        s
    }

    fn pod_names(state: &AppState) -> Vec<String> {
        state.sim.pods().map(|p| p.name.clone()).collect()
    }

    #[test]
    fn a_replay_in_slices_rebuilds_the_same_page_as_one_in_one_go() {
        let session = busy_session();
        let whole = replay_all(&session).expect("replays");
        for (timers, entries) in [(1, 1), (7, 2), (SLICE_TIMERS, SLICE_ENTRIES)] {
            let mut replay = SessionReplay::new(session.clone());
            let mut slices = 0;
            let outcome = loop {
                slices += 1;
                if let Some(outcome) = replay.step(timers, entries) {
                    break outcome;
                }
            };
            assert_eq!(outcome, Ok(()));
            assert_eq!(replay.progress(), (6, 6));
            let sliced = replay.finish();
            if timers < SLICE_TIMERS {
                assert!(slices > 3, "{timers} timers a slice took {slices} slices");
            }
            assert_eq!(sliced.sim.now(), whole.sim.now());
            assert_eq!(sliced.sim.timers_fired(), whole.sim.timers_fired());
            assert_eq!(pod_names(&sliced), pod_names(&whole));
            assert_eq!(sliced.to_session(), whole.to_session());
            assert_eq!(sliced.ui.terminal, whole.ui.terminal);
        }
    }

    #[test]
    fn progress_counts_the_commands_replayed() {
        let mut replay = SessionReplay::new(busy_session());
        assert_eq!(replay.progress(), (0, 6));
        assert_eq!(replay.step(u64::MAX, 2), None);
        assert_eq!(replay.progress(), (2, 6));
    }

    #[test]
    fn a_refused_replay_stops_at_the_same_command_however_it_is_sliced() {
        // Half the timers the whole replay fires.
        let all = replay_all(&busy_session())
            .expect("replays")
            .sim
            .timers_fired();
        let budget = ReplayBudget {
            timers: all / 2,
            ..ReplayBudget::default()
        };
        let run = |timers, entries| {
            let mut replay = SessionReplay::with_budget(busy_session(), budget);
            loop {
                if let Some(outcome) = replay.step(timers, entries) {
                    return (outcome, replay.progress());
                }
            }
        };
        let whole = run(u64::MAX, usize::MAX);
        assert!(
            matches!(&whole.0, Err(SessionError::TooMuchWork(why)) if why.contains(&format!("{} timer events", all / 2))),
            "{whole:?}"
        );
        assert_eq!(run(5, 1), whole);
    }

    fn link_job(fallback: Option<Session>) -> Job {
        Job {
            fallback,
            banner: Some(Banner {
                error: false,
                text: "You opened a shared session.".into(),
            }),
            ..Job::new(busy_session(), Source::Link)
        }
    }

    #[test]
    fn a_finished_job_opens_its_page_with_its_banner() {
        let mut job = link_job(None);
        let outcome = loop {
            if let Some(o) = job.replay.step(SLICE_TIMERS, SLICE_ENTRIES) {
                break o;
            }
        };
        let Ended::Opened(state) = job.end(Some(outcome), "aside") else {
            panic!("not opened")
        };
        assert_eq!(state.ui.log.len(), 6);
        assert_eq!(
            state.ui.banner.map(|b| b.text).as_deref(),
            Some("You opened a shared session.")
        );
    }

    #[test]
    fn a_cancelled_or_refused_link_falls_back_to_the_saved_session() {
        let saved = AppState::new(3).to_session();
        let Ended::Next { banner, job } = link_job(Some(saved.clone())).end(None, "aside") else {
            panic!("no fallback")
        };
        assert!(banner.error);
        assert_eq!(
            banner.text,
            "This share link could not be opened: you cancelled it. Your own session is shown instead, unchanged."
        );
        assert_eq!(job.source, Source::Saved);
        assert_eq!(job.replay.session, saved);

        let refused = Err(SessionError::TooMuchWork("more than 3 timer events".into()));
        let Ended::Kept {
            banner,
            keep_unreadable,
        } = link_job(None).end(Some(refused), "aside")
        else {
            panic!("not kept")
        };
        assert!(!keep_unreadable);
        assert!(banner.text.starts_with("This share link could not be opened: replaying it would take more work than the playground does to open a link (more than 3 timer events). Your session is unchanged."), "{}", banner.text);
    }

    #[test]
    fn a_saved_session_that_cannot_be_replayed_is_kept_aside() {
        let Ended::Kept {
            banner,
            keep_unreadable,
        } = Job::new(busy_session(), Source::Saved).end(None, "aside")
        else {
            panic!("not kept")
        };
        assert!(keep_unreadable);
        assert!(
            banner.text.starts_with(
                "Your saved session could not be restored: you cancelled it. It is kept in this browser's storage under \"aside\""
            ),
            "{}",
            banner.text
        );
    }
}
