//! Sessions: everything needed to rebuild what the user sees, for share links and autosave.
//!
//! Every change to the cluster goes through a command line (ARCHITECTURE.md, invariant 5) and
//! the simulation is deterministic (invariant 2), so a session is small: the seed, the command
//! log with the simulated time of each line (plus the editor text for lines that read it), and
//! the UI's own settings. Replaying the log on a fresh simulation with the same seed rebuilds the
//! same cluster, pod names included. A share link is that session as JSON, deflate-compressed
//! and base64url-encoded into the URL fragment; links are untrusted input, so decoding is
//! size-limited and every field is validated before anything is replayed.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use dsp_core::{SimTime, Simulation};
use dsp_kubectl::scenario::Scenario;
use dsp_kubectl::{Input, Output};

/// The current session format. Older formats are migrated in [`from_json`]; newer or unknown
/// ones are reported, never silently dropped.
pub const FORMAT_VERSION: u32 = 1;
/// A share link's fragment may hold at most this many characters.
pub const MAX_LINK_CHARS: usize = 256 * 1024;
/// Decompressed, a session may be at most this large.
pub const MAX_JSON_BYTES: usize = 4 * 1024 * 1024;
/// At most this many logged command lines.
pub const MAX_LOG_ENTRIES: usize = 20_000;
/// Replaying one session fires at most this many timers, over all its entries and the time
/// between them. Each limit above holds alone (sleep ≤ 24 h, ≤ 10,000 nodes, ≤ 20,000
/// entries); this bounds their product: a 378-character link of 30 × 24 h over a crash-looping
/// 10,000-node DaemonSet replayed for about 24 minutes.
pub const MAX_REPLAY_TIMERS: u64 = 200_000;
/// Replaying one session prints at most this much (20,000 `get nodes -o wide` on 1,000 nodes
/// passed 120 s and 1.3 GB).
pub const MAX_REPLAY_OUTPUT_BYTES: usize = 16 * 1024 * 1024;
/// The fragment key of a share link: `#s=<data>`.
pub const LINK_KEY: &str = "s=";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Simulated time (ms) at which the line ran.
    pub t: i64,
    /// The line as typed (one line; for a heredoc it ends with `<<WORD`).
    pub line: String,
    /// The line's standard input (a scenario's heredoc body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stdin: Option<String>,
    /// The editor text, for lines that read the editor file (`kubectl apply -f manifest.yaml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// For a command that waited through simulated time until the page's wall-clock budget
    /// stopped it (`host::WAIT_WALL_MS`): the instants it waited through, so a replay stops it
    /// at the same simulated instant on any machine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waits: Option<u64>,
}

impl LogEntry {
    /// The line to run again.
    pub fn input(&self) -> Input {
        Input {
            line: self.line.clone(),
            stdin: self.stdin.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct TutorialProgress {
    #[serde(default)]
    pub open: bool,
    #[serde(default)]
    pub current: usize,
    #[serde(default)]
    pub done: Vec<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub v: u32,
    pub seed: u64,
    /// Start from an empty cluster instead of the article's two nodes.
    #[serde(default)]
    pub empty: bool,
    pub now_ms: i64,
    pub speed: f64,
    #[serde(default)]
    pub playing: bool,
    #[serde(default)]
    pub lane_key: Option<String>,
    #[serde(default)]
    pub node_order: Vec<String>,
    #[serde(default)]
    pub editor: String,
    #[serde(default)]
    pub log: Vec<LogEntry>,
    /// The terminal's command history (↑/↓).
    #[serde(default)]
    pub history: Vec<String>,
    #[serde(default)]
    pub tutorial: TutorialProgress,
    /// The scenario the session began as, whose card the page shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// Where the cluster came from when it is not the tutorial's own (`UiState::origin`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

/// Why a link or a saved session could not be used. Shown to the user as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionError {
    TooLarge(String),
    Garbled(String),
    Unsupported(u32),
    Invalid(String),
    /// Replaying it would take more simulated work than opening a link may ([`replay`]).
    TooMuchWork(String),
}

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SessionError::TooLarge(what) => write!(f, "it is too large ({what})"),
            SessionError::Garbled(why) => write!(f, "it is damaged or incomplete ({why})"),
            SessionError::Unsupported(v) => write!(
                f,
                "it was made by a different version of the playground (session format {v}; this page reads format {FORMAT_VERSION})"
            ),
            SessionError::Invalid(why) => write!(f, "it holds something the playground cannot use ({why})"),
            SessionError::TooMuchWork(why) => write!(
                f,
                "replaying it would take more work than the playground does to open a link ({why})"
            ),
        }
    }
}

/// The session as the fragment of a share link (without the leading `#s=`).
pub fn encode_link(session: &Session) -> String {
    let json = serde_json::to_vec(session).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    URL_SAFE_NO_PAD.encode(packed)
}

/// Reads a share link's fragment (with or without `#` and `s=`). Untrusted: bounded and checked.
pub fn decode_link(fragment: &str) -> Result<Session, SessionError> {
    let data = fragment.trim_start_matches('#');
    let data = data.strip_prefix(LINK_KEY).unwrap_or(data);
    if data.len() > MAX_LINK_CHARS {
        return Err(SessionError::TooLarge(format!(
            "{} characters, the limit is {MAX_LINK_CHARS}",
            data.len()
        )));
    }
    let packed = URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('='))
        .map_err(|e| SessionError::Garbled(format!("not base64url: {e}")))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_BYTES)
        .map_err(|e| {
            if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) {
                SessionError::TooLarge(format!("more than {MAX_JSON_BYTES} bytes unpacked"))
            } else {
                SessionError::Garbled("the compressed data does not unpack".to_string())
            }
        })?;
    let text =
        String::from_utf8(json).map_err(|_| SessionError::Garbled("not UTF-8 text".to_string()))?;
    from_json(&text)
}

/// The session as stored in localStorage.
pub fn to_json(session: &Session) -> String {
    serde_json::to_string(session).unwrap_or_default()
}

/// Reads a stored or unpacked session, migrating older formats and validating every field.
pub fn from_json(text: &str) -> Result<Session, SessionError> {
    if text.len() > MAX_JSON_BYTES {
        return Err(SessionError::TooLarge(format!("{} bytes", text.len())));
    }
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| SessionError::Garbled(format!("not JSON: {e}")))?;
    let version = value
        .get("v")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0) as u32;
    if version != FORMAT_VERSION {
        return Err(SessionError::Unsupported(version));
    }
    let mut session: Session =
        serde_json::from_value(value).map_err(|e| SessionError::Invalid(e.to_string()))?;
    validate(&session)?;
    migrate(&mut session)?;
    Ok(session)
}

/// Sessions saved before standard input had its own field kept a heredoc in the line
/// (`cmd <<EOF`, its body and `EOF`): split such a line into the line and its standard input.
/// A line break in any other line is refused (a line holds one command).
fn migrate(s: &mut Session) -> Result<(), SessionError> {
    for e in &mut s.log {
        if e.line.contains('\n') && e.stdin.is_none() {
            let input = Input::from_script(&e.line).map_err(|why| {
                SessionError::Invalid(format!("a logged command is not one line: {why}"))
            })?;
            e.line = input.line;
            e.stdin = input.stdin;
        }
        if e.line.contains(['\n', '\r']) {
            return Err(SessionError::Invalid(
                "a logged command is not one line".to_string(),
            ));
        }
    }
    Ok(())
}

/// The share link in an address-bar fragment (`#s=…`), if the fragment holds one, decoded.
pub fn link_in(hash: &str) -> Option<Result<Session, SessionError>> {
    hash.strip_prefix('#')
        .filter(|h| h.starts_with(LINK_KEY))
        .map(decode_link)
}

/// What one replay may still do (see [`MAX_REPLAY_TIMERS`], [`MAX_REPLAY_OUTPUT_BYTES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplayBudget {
    pub timers: u64,
    pub output_bytes: usize,
}

impl Default for ReplayBudget {
    fn default() -> Self {
        ReplayBudget {
            timers: MAX_REPLAY_TIMERS,
            output_bytes: MAX_REPLAY_OUTPUT_BYTES,
        }
    }
}

/// How far a [`Replayer`] got with one [`Replayer::step`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayStep {
    /// More to do: `done` of `total` logged commands have run.
    Running { done: usize, total: usize },
    /// The log has run and time has reached the session's `now_ms`.
    Done,
    /// A budget ran out: the replay stopped where it was (see [`ReplayBudget`]).
    Failed(SessionError),
}

/// Replays a session's log on a simulation in slices, so the page can draw its progress and
/// offer Cancel between them: time runs to each entry's instant, the entry runs, and at the end
/// time runs to the session's `now_ms`. The whole replay stays within one [`ReplayBudget`];
/// when it runs out the replay stops and says how far it got, so the caller shows a refusal
/// instead of a page that froze. Deterministic however it is sliced: time advances a whole
/// instant at a time, so the same session reaches the same cluster (or stops at the same entry)
/// in one step or in a thousand.
#[derive(Clone, Debug)]
pub struct Replayer {
    budget: ReplayBudget,
    /// `Simulation::timers_fired` when the replay began.
    start_timers: Option<u64>,
    printed: usize,
    /// The next entry to run; `log.len()` for the final advance to `now_ms`.
    next: usize,
    finished: Option<ReplayStep>,
}

impl Replayer {
    pub fn new(budget: ReplayBudget) -> Replayer {
        Replayer {
            budget,
            start_timers: None,
            printed: 0,
            next: 0,
            finished: None,
        }
    }

    /// How many of the log's entries have run.
    pub fn entries_done(&self) -> usize {
        self.next
    }

    /// Replays on for at most about `timers` timer events (a whole instant at a time, and
    /// each entry whole: one command's own work is bounded by the shell's caps) and at most
    /// `entries` logged commands. `run` runs an entry (the page passes `host::run` with the
    /// entry's editor text and keeps the terminal lines).
    pub fn step(
        &mut self,
        session: &Session,
        sim: &mut Simulation,
        timers: u64,
        entries: usize,
        mut run: impl FnMut(&mut Simulation, &LogEntry) -> Output,
    ) -> ReplayStep {
        if let Some(end) = &self.finished {
            return end.clone();
        }
        let start = *self.start_timers.get_or_insert(sim.timers_fired());
        let total = session.log.len();
        let slice_start = sim.timers_fired();
        let mut ran = 0usize;
        loop {
            let used = sim.timers_fired() - start;
            let in_slice = sim.timers_fired() - slice_start;
            if in_slice >= timers || ran >= entries.max(1) {
                return ReplayStep::Running {
                    done: self.next,
                    total,
                };
            }
            let target = session.log.get(self.next).map_or(session.now_ms, |e| e.t);
            let left = self.budget.timers.saturating_sub(used);
            if SimTime(target) > sim.now()
                && !sim.advance_to_within(SimTime(target), left.min(timers - in_slice))
            {
                if sim.timers_fired() - start >= self.budget.timers {
                    return self.fail(format!(
                        "more than {} timer events before logged command {} of {total}",
                        self.budget.timers,
                        self.next + 1,
                    ));
                }
                continue;
            }
            let Some(entry) = session.log.get(self.next) else {
                self.finished = Some(ReplayStep::Done);
                return ReplayStep::Done;
            };
            let out = run(sim, entry);
            self.next += 1;
            ran += 1;
            self.printed = self
                .printed
                .saturating_add(out.chunks.iter().map(|c| c.text.len()).sum());
            if self.printed > self.budget.output_bytes {
                return self.fail(format!(
                    "more than {} MiB of output by logged command {} of {total}",
                    self.budget.output_bytes / (1024 * 1024),
                    self.next,
                ));
            }
            if sim.timers_fired() - start > self.budget.timers {
                return self.fail(format!(
                    "more than {} timer events by logged command {} of {total}",
                    self.budget.timers, self.next,
                ));
            }
        }
    }

    fn fail(&mut self, why: String) -> ReplayStep {
        let end = ReplayStep::Failed(SessionError::TooMuchWork(why));
        self.finished = Some(end.clone());
        end
    }
}

fn validate(s: &Session) -> Result<(), SessionError> {
    let invalid = |why: String| Err(SessionError::Invalid(why));
    if !(s.speed.is_finite() && (0.5..=60.0).contains(&s.speed)) {
        return invalid(format!("clock speed {}", s.speed));
    }
    if s.log.len() > MAX_LOG_ENTRIES {
        return invalid(format!(
            "{} logged commands, the limit is {MAX_LOG_ENTRIES}",
            s.log.len()
        ));
    }
    // Simulated time never runs backwards and stays within 30 days: a link cannot ask the page
    // to simulate years of crash-loop back-offs.
    const LIMIT_MS: i64 = 30 * 24 * 3600 * 1000;
    let mut last = 0i64;
    for e in &s.log {
        if e.t < last || e.t > LIMIT_MS {
            return invalid(format!("command times out of order at \"{}\"", e.line));
        }
        last = e.t;
        if e.line.len() > dsp_kubectl::shell::MAX_LINE_BYTES {
            return invalid("a logged command is too long".to_string());
        }
    }
    if s.now_ms < last || s.now_ms > LIMIT_MS {
        return invalid(format!("simulated time {} ms", s.now_ms));
    }
    if s.history.len() > MAX_LOG_ENTRIES || s.node_order.len() > 100_000 {
        return invalid("too many history or board entries".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replays the whole session on `sim` within `budget`, in one go ([`Replayer`]).
    fn replay(
        session: &Session,
        sim: &mut Simulation,
        budget: ReplayBudget,
        mut run: impl FnMut(&mut Simulation, &LogEntry) -> Output,
    ) -> Result<(), SessionError> {
        let mut replayer = Replayer::new(budget);
        loop {
            match replayer.step(session, sim, u64::MAX, usize::MAX, &mut run) {
                ReplayStep::Running { .. } => {}
                ReplayStep::Done => return Ok(()),
                ReplayStep::Failed(e) => return Err(e),
            }
        }
    }

    fn sample() -> Session {
        Session {
            v: FORMAT_VERSION,
            seed: 42,
            empty: false,
            now_ms: 60_000,
            speed: 2.0,
            playing: false,
            lane_key: Some("app".into()),
            node_order: vec!["10.0.10.7".into(), "10.0.10.5".into()],
            editor: dsp_kubectl::scenario::article_manifest().to_string(),
            log: vec![
                LogEntry {
                    t: 0,
                    line: "kubectl apply -f manifest.yaml".into(),
                    stdin: None,
                    file: Some(dsp_kubectl::scenario::article_manifest().to_string()),
                    waits: None,
                },
                LogEntry {
                    t: 1_500,
                    line: "kubectl label node 10.0.10.5 app=frontend-node".into(),
                    stdin: None,
                    file: None,
                    waits: None,
                },
                LogEntry {
                    t: 20_250,
                    line: "kubectl label node 10.0.10.7 app=frontend-node".into(),
                    stdin: None,
                    file: None,
                    waits: None,
                },
            ],
            history: vec!["kubectl get pods".into()],
            tutorial: TutorialProgress::default(),
            scenario: None,
            origin: None,
        }
    }

    fn entry(t: i64, line: &str) -> LogEntry {
        LogEntry {
            t,
            line: line.into(),
            stdin: None,
            file: None,
            waits: None,
        }
    }

    fn replay_with(
        session: &Session,
        budget: ReplayBudget,
    ) -> (Result<(), SessionError>, Simulation) {
        let mut sim = dsp_kubectl::scenario::starting_cluster(session.seed, session.empty);
        let result = replay(session, &mut sim, budget, |sim, e| {
            crate::host::run_logged(sim, e)
        });
        (result, sim)
    }

    /// The link: a crash-looping DaemonSet on 1,000 nodes, then 30 sleeps of 24 h.
    fn crash_loop_session(nodes: usize) -> Session {
        let mut s = sample();
        let manifest = dsp_kubectl::scenario::article_manifest().to_string();
        s.log = vec![
            entry(0, &format!("sim add-nodes {nodes}")),
            entry(0, "sim image nginx crash"),
            LogEntry {
                file: Some(manifest),
                ..entry(0, "kubectl apply -f manifest.yaml")
            },
            entry(0, "kubectl label nodes --all app=frontend-node"),
        ];
        let day = 24 * 3600 * 1000;
        for i in 1..=30 {
            s.log.push(entry(i * day, "sleep 24h"));
        }
        s.now_ms = 30 * day;
        s
    }

    #[test]
    fn a_crash_loop_link_is_refused_when_its_replay_runs_out_of_timers() {
        let session = crash_loop_session(1_000);
        let start = std::time::Instant::now();
        let budget = ReplayBudget {
            timers: 20_000,
            ..ReplayBudget::default()
        };
        let (result, sim) = replay_with(&session, budget);
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        let Err(err) = result else {
            panic!("replayed {:?}", sim.now())
        };
        assert!(matches!(err, SessionError::TooMuchWork(_)), "{err}");
        assert!(
            err.to_string().starts_with(
                "replaying it would take more work than the playground does to open a link (more than 20000 timer events"
            ),
            "{err}"
        );
        assert!(sim.now().0 < session.now_ms);
    }

    #[test]
    fn opening_a_crash_loop_link_is_a_refusal_not_a_frozen_page() {
        // Each limit holds alone (sleeps of 24 h, 1,000 nodes, 34 entries); the replay stops at
        // the default budget.
        let session = crash_loop_session(1_000);
        let start = std::time::Instant::now();
        let result = decode_link(&encode_link(&session))
            .and_then(|s| crate::state::AppState::from_session(&s).map(|_| ()));
        let took = start.elapsed();
        assert!(
            matches!(&result, Err(SessionError::TooMuchWork(why)) if why.contains("200000 timer events")),
            "{result:?}"
        );
        eprintln!("crash-loop link refused in {took:?}");
        assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    }

    #[test]
    fn many_wide_listings_are_refused_when_their_output_runs_out() {
        let mut session = sample();
        session.log = vec![entry(0, "sim add-nodes 300")];
        for _ in 0..20_000 {
            session.log.push(entry(0, "kubectl get nodes -o wide"));
        }
        session.now_ms = 0;
        let budget = ReplayBudget {
            output_bytes: 1024 * 1024,
            ..ReplayBudget::default()
        };
        let (result, _) = replay_with(&session, budget);
        assert!(
            matches!(&result, Err(SessionError::TooMuchWork(why)) if why.starts_with("more than 1 MiB of output by logged command")),
            "{result:?}"
        );
    }

    #[test]
    fn an_ordinary_session_replays_within_the_default_budget() {
        let (result, sim) = replay_with(&sample(), ReplayBudget::default());
        assert_eq!(result, Ok(()));
        assert_eq!(sim.now().0, 60_000);
        assert_eq!(sim.pods().count(), 2);
    }

    #[test]
    fn a_link_round_trips_the_session() {
        let s = sample();
        let link = encode_link(&s);
        assert!(
            link.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "{link}"
        );
        assert_eq!(decode_link(&format!("#s={link}")), Ok(s));
    }

    #[test]
    fn replaying_a_session_twice_gives_the_same_pod_names() {
        let a = crate::state::AppState::from_session(&sample()).expect("replays");
        let b = crate::state::AppState::from_session(&sample()).expect("replays");
        let names =
            |s: &crate::state::AppState| s.sim.pods().map(|p| p.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a).len(), 2);
        assert_eq!(names(&a), names(&b));
        assert_eq!(a.sim.now().0, 60_000);
    }

    #[test]
    fn a_heredoc_kept_in_the_line_by_older_sessions_is_split_into_its_standard_input() {
        let mut s = sample();
        s.log[0] = LogEntry {
            t: 0,
            line: "kubectl apply -f - <<EOF\napiVersion: v1\nEOF".into(),
            stdin: None,
            file: None,
            waits: None,
        };
        let read = from_json(&to_json(&s)).map(|s| s.log[0].clone());
        assert_eq!(
            read.map(|e| (e.line, e.stdin)),
            Ok((
                "kubectl apply -f - <<EOF".to_string(),
                Some("apiVersion: v1\n".to_string())
            ))
        );
        s.log[0].line = "kubectl get pods\nkubectl get ds".into();
        assert!(matches!(
            from_json(&to_json(&s)),
            Err(SessionError::Invalid(_))
        ));
    }

    #[test]
    fn only_a_share_fragment_is_read_as_a_link() {
        assert!(link_in("#x=1").is_none());
        assert!(link_in("s=abc").is_none());
        assert_eq!(
            link_in(&format!("#s={}", encode_link(&sample()))),
            Some(Ok(sample()))
        );
        assert!(link_in("#s=!!").is_some_and(|r| r.is_err()));
    }

    #[test]
    fn garbled_links_are_reported_not_panicked_on() {
        for bad in [
            "",
            "s=",
            "s=%%%",
            "s=AAAA",
            "s=!!notbase64!!",
            "#s=eJzLSM3JyVcozy_KSQEAGgQEXQ",
        ] {
            assert!(decode_link(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn oversized_links_are_refused_before_decoding() {
        let huge = "A".repeat(MAX_LINK_CHARS + 1);
        assert!(matches!(decode_link(&huge), Err(SessionError::TooLarge(_))));
    }

    #[test]
    fn a_compression_bomb_is_refused() {
        let bomb = vec![b' '; MAX_JSON_BYTES + 10];
        let link = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&bomb, 9));
        assert!(link.len() < MAX_LINK_CHARS);
        assert!(matches!(decode_link(&link), Err(SessionError::TooLarge(_))));
    }

    #[test]
    fn unknown_versions_and_bad_fields_are_reported() {
        let mut s = sample();
        s.v = 99;
        assert_eq!(from_json(&to_json(&s)), Err(SessionError::Unsupported(99)));
        let mut s = sample();
        s.speed = f64::INFINITY;
        assert!(matches!(
            from_json(&to_json(&s)),
            Err(SessionError::Invalid(_)) | Err(SessionError::Garbled(_))
        ));
        let mut s = sample();
        s.log[1].t = -5;
        assert!(matches!(
            from_json(&to_json(&s)),
            Err(SessionError::Invalid(_))
        ));
        assert!(matches!(
            from_json("{\"seed\": 1}"),
            Err(SessionError::Unsupported(0))
        ));
    }

    /// The share-link decoder's fuzz target (the other two are in `fuzz/`): mutated links and
    /// mutated session JSON, deflated and encoded, through `decode_link`, which validates them,
    /// and a replay of what it accepts (`AppState::from_session`). Runs `DSP_FUZZ_SECONDS` (default 1) of wall time; `scripts/dev fuzz`
    /// runs it long, built with the release-cli profile. Fails on a panic or an input over a
    /// second (in an optimized build; a debug build gets ten).
    #[test]
    fn fuzz_share_links() {
        use std::time::{Duration, Instant};
        let seconds: f64 = std::env::var("DSP_FUZZ_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1.0);
        let slow = if cfg!(debug_assertions) { 10.0 } else { 1.0 };
        let mut state = 0x5eed_u64;
        let mut next = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let mut seeds: Vec<Session> = vec![sample(), crash_loop_session(20)];
        for scenario in dsp_kubectl::scenario::all().iter().take(4) {
            if let Ok(state) = crate::state::AppState::from_scenario(scenario) {
                seeds.push(state.to_session());
            }
        }
        let jsons: Vec<String> = seeds.iter().map(to_json).collect();
        const EXTREMES: &[&str] = &[
            "0",
            "-1",
            "9223372036854775807",
            "-9223372036854775808",
            "18446744073709551615",
            "1e308",
            "NaN",
            "\"x\"",
            "null",
            "[]",
            "{}",
            "true",
            "4294967296",
        ];
        const LINES: &[&str] = &[
            "sleep 24h",
            "sim add-nodes 500",
            "sim image nginx crash",
            "kubectl get nodes -o wide",
            "kubectl rollout status ds/frontend --timeout=2562047h",
            "kubectl get pods -w --request-timeout=2562047h",
            "kubectl delete pods --all",
            "sim add-nodes 2 --from 18446744073709551615",
            "clear",
            "help",
        ];
        let start = Instant::now();
        let (mut executions, mut slowest, mut slowest_input) =
            (0u64, Duration::ZERO, String::new());
        while start.elapsed().as_secs_f64() < seconds {
            let pick = |n: usize, r: u64| (r % n.max(1) as u64) as usize;
            let mut json = jsons[pick(jsons.len(), next())].clone();
            let fragment = match next() % 4 {
                // Swap a number for an extreme.
                0 => {
                    let digits: Vec<usize> = json
                        .char_indices()
                        .filter(|(_, c)| c.is_ascii_digit())
                        .map(|(i, _)| i)
                        .collect();
                    if !digits.is_empty() {
                        let at = digits[pick(digits.len(), next())];
                        json.replace_range(at..at + 1, EXTREMES[pick(EXTREMES.len(), next())]);
                    }
                    encode_json(&json)
                }
                // Add log entries, at later and later times.
                1 => {
                    let mut session: Session =
                        serde_json::from_str(&json).unwrap_or_else(|_| sample());
                    let mut t = session.log.last().map_or(0, |e| e.t);
                    for _ in 0..1 + pick(40, next()) {
                        t += (next() % (48 * 3600 * 1000)) as i64;
                        session.log.push(LogEntry {
                            t,
                            line: LINES[pick(LINES.len(), next())].to_string(),
                            stdin: None,
                            file: None,
                            waits: None,
                        });
                    }
                    session.now_ms = t;
                    encode_link(&session)
                }
                // Damage the link's characters.
                2 => {
                    let mut link: Vec<u8> = encode_json(&json).into_bytes();
                    for _ in 0..1 + pick(4, next()) {
                        if link.is_empty() {
                            break;
                        }
                        let at = pick(link.len(), next());
                        match next() % 3 {
                            0 => link[at] = b"AZaz09-_=#!%"[pick(12, next())],
                            1 => link.truncate(at),
                            _ => link.insert(at, b"s=#"[pick(3, next())]),
                        }
                    }
                    String::from_utf8_lossy(&link).into_owned()
                }
                // Damage the JSON text.
                _ => {
                    let at = pick(json.len(), next());
                    let at = (0..=at)
                        .rev()
                        .find(|&i| json.is_char_boundary(i))
                        .unwrap_or(0);
                    json.insert_str(
                        at,
                        ["{", "}", "\"", ",", "[", "\\u0000", "-"][pick(7, next())],
                    );
                    encode_json(&json)
                }
            };
            let t0 = Instant::now();
            let outcome = std::panic::catch_unwind(|| {
                decode_link(&fragment)
                    .and_then(|s| crate::state::AppState::from_session(&s).map(|_| ()))
            });
            let took = t0.elapsed();
            executions += 1;
            assert!(outcome.is_ok(), "opening the link panicked on {fragment:?}");
            if took > slowest {
                slowest = took;
                slowest_input = fragment;
            }
        }
        eprintln!(
            "share-link: {executions} execs in {:.1} s, 0 panics, slowest {:.1} ms ({} characters)",
            start.elapsed().as_secs_f64(),
            slowest.as_secs_f64() * 1e3,
            slowest_input.len()
        );
        assert!(
            slowest.as_secs_f64() < slow,
            "slowest input took {slowest:?}: #s={slowest_input}"
        );
    }

    fn encode_json(json: &str) -> String {
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6))
    }
}

/// What the page opens on, besides a fresh playground.
#[derive(Debug, PartialEq)]
pub enum Opening {
    /// A shared link's session, replayed.
    Link(Session),
    /// The session this browser saved, replayed.
    Saved(Session),
    /// A scenario of the gallery, run.
    Scenario(Scenario),
}

/// How the page starts, decided from the URL and the saved session. Pure.
#[derive(Debug, PartialEq)]
pub struct Start {
    pub opening: Option<Opening>,
    pub banner: Option<crate::state::Banner>,
    /// A saved session that could not be read: keep it under another key instead of losing it.
    pub keep_unreadable: Option<String>,
    /// The saved session, opened instead when the shared link's replay fails or is cancelled.
    pub fallback: Option<Session>,
}

/// A shared link (`#s=…`) wins, then `?scenario=NAME`, then the autosaved session.
/// `aside_key` is where an unreadable saved session is kept (`platform::unreadable_key`).
pub fn choose_start(search: &str, hash: &str, saved: Option<&str>, aside_key: &str) -> Start {
    use crate::state::Banner;
    let mut banner = None;
    if let Some(link) = link_in(hash) {
        match link {
            Ok(session) => {
                let text =
                    "You opened a shared session. Changes you make are saved in this browser."
                        .to_string();
                let saved_session = saved.map(from_json);
                return Start {
                    opening: Some(Opening::Link(session)),
                    banner: Some(Banner { error: false, text }),
                    keep_unreadable: saved
                        .filter(|_| matches!(saved_session, Some(Err(_))))
                        .map(str::to_string),
                    fallback: saved_session.and_then(Result::ok),
                };
            }
            Err(e) => {
                banner = Some(Banner {
                    error: true,
                    text: format!("This share link could not be opened: {e}. Your own session is shown instead, unchanged."),
                });
            }
        }
    } else if let Some(name) =
        crate::platform::query_param(search, "scenario").filter(|n| !n.is_empty())
    {
        match dsp_kubectl::scenario::by_name(&name) {
            Some(scenario) => {
                return Start {
                    opening: Some(Opening::Scenario(scenario)),
                    banner: None,
                    keep_unreadable: None,
                    fallback: None,
                }
            }
            None => {
                let known: Vec<String> = dsp_kubectl::scenario::all()
                    .into_iter()
                    .map(|s| s.name.to_string())
                    .collect();
                banner = Some(Banner {
                    error: true,
                    text: format!(
                        "The scenario could not be opened: there is no scenario \"{name}\" (known: {}).",
                        known.join(", ")
                    ),
                })
            }
        }
    }
    match saved.map(from_json) {
        Some(Ok(session)) => Start {
            opening: Some(Opening::Saved(session)),
            banner,
            keep_unreadable: None,
            fallback: None,
        },
        Some(Err(e)) => {
            let text = format!(
                "Your saved session could not be restored: {e}. It is kept in this browser's storage under \"{aside_key}\"; a fresh playground starts here."
            );
            Start {
                opening: None,
                banner: Some(Banner { error: true, text }),
                keep_unreadable: saved.map(str::to_string),
                fallback: None,
            }
        }
        None => Start {
            opening: None,
            banner,
            keep_unreadable: None,
            fallback: None,
        },
    }
}

#[cfg(test)]
mod start_tests {
    use super::*;

    fn saved() -> String {
        to_json(&crate::state::AppState::new(3).to_session())
    }

    #[test]
    fn a_good_link_wins_over_the_saved_session() {
        let mut shared = crate::state::AppState::new(9).to_session();
        shared.now_ms = 5_000;
        let start = choose_start(
            "",
            &format!("#s={}", encode_link(&shared)),
            Some(&saved()),
            crate::platform::UNREADABLE_KEY,
        );
        assert!(matches!(start.opening, Some(Opening::Link(s)) if s.seed == 9));
        assert!(start.keep_unreadable.is_none());
    }

    #[test]
    fn a_broken_link_shows_an_error_and_falls_back_to_the_saved_session_untouched() {
        let saved = saved();
        let start = choose_start(
            "",
            "#s=garbage!!",
            Some(&saved),
            crate::platform::UNREADABLE_KEY,
        );
        assert!(start
            .banner
            .as_ref()
            .is_some_and(|b| b.error && b.text.contains("could not be opened")));
        assert_eq!(start.opening, from_json(&saved).ok().map(Opening::Saved));
        assert!(start.keep_unreadable.is_none());
    }

    #[test]
    fn an_unreadable_saved_session_is_reported_and_kept() {
        let start = choose_start("", "", Some("{\"v\": 7}"), crate::platform::UNREADABLE_KEY);
        assert!(start.opening.is_none());
        assert!(start.banner.is_some_and(|b| b.error));
        assert_eq!(start.keep_unreadable.as_deref(), Some("{\"v\": 7}"));
    }

    #[test]
    fn an_unknown_scenario_is_reported() {
        let start = choose_start("?scenario=nope", "", None, crate::platform::UNREADABLE_KEY);
        assert!(start.opening.is_none());
        assert!(start.banner.is_some_and(|b| b.text.contains("nope")));
    }
}
